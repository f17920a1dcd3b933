/**
 * Limits: runaway templates stop with a clear TemplateError (kind 'limit') and never hang or
 * overflow the JS stack.
 */
import * as assert from 'node:assert/strict';
import { FunctionMap, INCLUDE_FUNCTION, Limits, TemplateError, TemplateSet } from '../../../../server/src/helm/template';

const funcs: FunctionMap = { include: INCLUDE_FUNCTION };

function run(text: string, data: unknown = null, limits: Partial<Limits> = {}, signal?: AbortSignal): { output?: string; error?: TemplateError } {
  const set = new TemplateSet(funcs, { limits });
  set.add('t', text);
  try {
    return { output: set.execute('t', data, { signal }).output };
  } catch (e) {
    if (e instanceof TemplateError) return { error: e };
    throw e;
  }
}

describe('helm/template limits', () => {
  it('a range over more items than rangeItems stops before iterating', () => {
    const r = run('{{ range $i := 100000000000 }}x{{ end }}');
    assert.equal(r.error?.kind, 'limit');
    assert.equal(r.error?.message, 'template: t:1:15: executing "t" at <100000000000>: range over 100000000000 items exceeds the limit of 1000000');
  });

  it('too many steps stop execution', () => {
    const t0 = Date.now();
    const r = run('{{ range $i := 900000 }}{{ range $j := 900000 }}{{ end }}{{ end }}', null, { steps: 200_000 });
    assert.equal(r.error?.kind, 'limit');
    assert.match(r.error.message, /execution exceeds the limit of 200000 steps$/);
    assert.ok(Date.now() - t0 < 5000);
  });

  it('output over outputBytes stops with the location of the write', () => {
    const r = run('{{ range 1000 }}0123456789{{ end }}', null, { outputBytes: 5000 });
    assert.equal(r.error?.kind, 'limit');
    assert.match(r.error.message, /^template: t:1:\d+: .*output exceeds the limit of 5000 bytes$/);
  });

  it('a string doubling in a variable is stopped by the size limit on function results', () => {
    const r = run('{{ $x := "ab" }}{{ range 64 }}{{ $x = printf "%s%s" $x $x }}{{ end }}{{ len $x }}', null, { outputBytes: 1 << 20 });
    assert.equal(r.error?.kind, 'limit');
    assert.match(r.error.message, /result of printf exceeds the limit of 1048576 bytes$/);
  });

  it('includeDepth bounds template and include nesting', () => {
    const r = run('{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}', null, { includeDepth: 50 });
    assert.equal(r.error?.kind, 'limit');
    assert.match(r.error.message, /exceeded maximum template depth \(50\)$/);
    const r2 = run('{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}', null, { includeDepth: 50 });
    assert.equal(r2.error?.kind, 'limit');
    assert.match(r2.error.message, /exceeded maximum template depth \(50\)$/);
  });

  it('an aborted signal stops execution', () => {
    const ac = new AbortController();
    ac.abort();
    assert.equal(run('x', null, {}, ac.signal).error?.message, 'template: t: execution aborted');
    const ac2 = new AbortController();
    const set = new TemplateSet({ stop: () => (ac2.abort(), '') });
    set.add('t', '{{ stop }}{{ range 100000 }}{{ end }}');
    assert.throws(() => set.execute('t', null, { signal: ac2.signal }), /execution aborted$/);
  });

  it('printing deeply nested data is a limit error, not a crash', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const r = run('{{ . }}', deep);
    assert.equal(r.error?.kind, 'limit');
    assert.match(r.error.message, /nested too deeply/);
  });

  it('a deeply nested field chain over deep data works (no recursion per field)', () => {
    let data: Record<string, unknown> = { v: 'leaf' };
    for (let i = 0; i < 500; i++) data = { a: data };
    const chain = '.a'.repeat(500) + '.v';
    assert.equal(run(`{{ ${chain} }}`, data).output, 'leaf');
  });

  it('a thrown RangeError from a function (e.g. an allocation failure) is a limit error', () => {
    const set = new TemplateSet({ big: () => 'x'.repeat(2 ** 30) });
    set.add('t', '{{ big }}');
    assert.throws(() => set.execute('t', null), (e: unknown) => e instanceof TemplateError && e.kind === 'limit');
  });

  it('a bug in a template function is an internal error, not the template author\'s', () => {
    const set = new TemplateSet({
      buggy: () => {
        const o: { x?: { y: number } } = {};
        return o.x!.y;
      },
    });
    set.add('t', '{{ buggy }}');
    assert.throws(() => set.execute('t', null), (e: unknown) => e instanceof TemplateError && e.kind === 'internal' && /error calling buggy: internal error:/.test(e.message));
  });
});
