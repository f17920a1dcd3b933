/**
 * Provenance: segments cover the output and map text back exactly, actions carry the ValueRefs
 * that fed them, include/template/tpl and the tracking-aware string functions keep fine-grained
 * segments, and every if/with/range records a ControlEvent (taken or not).
 */
import * as assert from 'node:assert/strict';
import {
  concatTracked,
  FunctionMap,
  GoString,
  INCLUDE_FUNCTION,
  indentTracked,
  isTracked,
  OutputSegment,
  RenderResult,
  TemplateSet,
  textOf,
  TPL_FUNCTION,
  TrackedBuilder,
  TrackedString,
  replaceTracked,
  sliceTracked,
  ValueProvenance,
  ValueRef,
} from '../../../../server/src/helm/template';

/** A ValueProvenance over a values tree: every entry gets its path and a fake origin. */
function provenanceOf(root: Record<string, unknown>, valuesKey = 'Values'): ValueProvenance {
  const refs = new WeakMap<object, Map<string | number, ValueRef>>();
  let offset = 0;
  const walk = (container: object, path: (string | number)[]) => {
    const m = new Map<string | number, ValueRef>();
    refs.set(container, m);
    const entries: [string | number, unknown][] = Array.isArray(container) ? container.map((v, i) => [i, v]) : Object.entries(container);
    for (const [k, v] of entries) {
      const p = [...path, k];
      m.set(k, { path: p, origin: { file: 'values.yaml', start: offset, end: offset + 1 } });
      offset += 2;
      if (typeof v === 'object' && v !== null) walk(v, p);
    }
  };
  const values = root[valuesKey] as object;
  walk(values, []);
  refs.set(root, new Map([[valuesKey, { path: [] }]]));
  return { refOf: (c, k) => refs.get(c)?.get(k) };
}

const helmish: FunctionMap = {
  include: INCLUDE_FUNCTION,
  tpl: TPL_FUNCTION,
  indent: { fn: (_c, n, s) => indentTracked(s as GoString, ' '.repeat(Number(n))), tracking: true, params: ['int', 'string'] },
  nindent: { fn: (_c, n, s) => concatTracked(['\n', indentTracked(s as GoString, ' '.repeat(Number(n)))]), tracking: true, params: ['int', 'string'] },
  quote: {
    fn: (_c, ...args) => {
      const b = new TrackedBuilder();
      args.forEach((a, i) => {
        if (i > 0) b.append(' ');
        b.append('"').append(isTracked(a) || typeof a === 'string' ? a : String(a)).append('"');
      });
      return b.build();
    },
    tracking: true,
  },
  // A small toYaml stand-in: one segment per scalar, carrying that node's ref.
  toYaml: {
    fn: (ctx, v) => {
      const b = new TrackedBuilder();
      const refs = ctx.refsOfArg(0);
      const parent = refs.length === 1 ? refs[0] : undefined;
      const entries = Object.entries(v as Record<string, unknown>);
      entries.forEach(([k, val], i) => {
        b.append(`${k}: `);
        const ref = parent && ctx.provenance ? ctx.provenance.refOf(v as object, k) : undefined;
        b.appendAction(String(val), ctx.site, ref ? [ref] : undefined);
        if (i < entries.length - 1) b.append('\n');
      });
      return b.build();
    },
    tracking: true,
  },
};

function render(files: Record<string, string>, name: string, data: Record<string, unknown>, withProvenance = true): RenderResult {
  const set = new TemplateSet(helmish);
  for (const [file, text] of Object.entries(files)) set.add(file, text);
  return set.execute(name, data, { missingKey: 'zero', provenance: withProvenance ? provenanceOf(data) : undefined });
}

/** Checks the segment invariants and that text segments copy their template text exactly. */
function checkSegments(r: RenderResult, files: Record<string, string>): void {
  let pos = 0;
  for (const s of r.segments) {
    assert.equal(s.start, pos, `segments must be contiguous at ${pos}: ${JSON.stringify(s)}`);
    assert.ok(s.end > s.start, 'segments are not empty');
    if (s.kind === 'text') {
      const src = files[s.template];
      assert.ok(src !== undefined, `unknown template ${s.template}`);
      assert.equal(r.output.slice(s.start, s.end), src.slice(s.tplStart, s.tplEnd));
    } else {
      const src = files[s.template];
      if (src !== undefined) assert.ok(/^\{\{/.test(src.slice(s.tplStart, s.tplEnd)), `action segment points at an action: ${src.slice(s.tplStart, s.tplEnd)}`);
    }
    pos = s.end;
  }
  assert.equal(pos, r.output.length, 'segments cover the whole output');
}

function segmentAt(r: RenderResult, text: string): OutputSegment {
  const at = r.output.indexOf(text);
  assert.ok(at >= 0, `${text} not in output`);
  const seg = r.segments.find((s) => s.start <= at && at < s.end);
  assert.ok(seg);
  return seg;
}

const paths = (refs: ValueRef[] | undefined) => (refs ?? []).map((r) => r.path.join('.'));

describe('helm/template provenance', () => {
  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  labels:',
    '    {{- include "labels" . | nindent 4 }}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '          name: {{ printf "%s-%s" .Release.Name .Values.name }}',
    '      {{- with .Values.nodeSelector }}',
    '      nodeSelector:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '',
  ].join('\n');
  const helpers = '{{- define "labels" -}}\napp: {{ .Values.name }}\n{{- if .Values.extraLabels }}\n{{ toYaml .Values.extraLabels }}\n{{- end }}\n{{- end }}\n';
  const files = { 'chart/templates/deployment.yaml': deployment, 'chart/templates/_helpers.tpl': helpers };
  const data = (nodeSelector: unknown) => ({
    Release: { Name: 'rel' },
    Values: { name: 'web', image: { repository: 'nginx', tag: '1.25' }, nodeSelector, extraLabels: {} },
  });

  it('renders the chart-like template and covers the output with exact segments', () => {
    const r = render(files, 'chart/templates/deployment.yaml', data({ 'kubernetes.io/arch': 'arm64' }));
    assert.equal(
      r.output,
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  labels:',
        '    app: web',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - image: "nginx:1.25"',
        '          name: rel-web',
        '      nodeSelector:',
        '        kubernetes.io/arch: arm64',
        '',
      ].join('\n'),
    );
    checkSegments(r, files);
  });

  it('an action carries the ref of the value it printed', () => {
    const r = render(files, 'chart/templates/deployment.yaml', data({}));
    assert.deepEqual(paths(segmentAt(r, 'nginx').values), ['image.repository']);
    assert.deepEqual(paths(segmentAt(r, '1.25').values), ['image.tag']);
    assert.equal(segmentAt(r, 'nginx').values![0].origin?.file, 'values.yaml');
  });

  it('printf keeps a piece per tracked argument', () => {
    const r = render(files, 'chart/templates/deployment.yaml', data({}));
    const web = r.output.indexOf('rel-web');
    const seg = r.segments.find((s) => s.start === web + 4)!;
    assert.deepEqual(paths(seg.values), ['name']);
    assert.equal(r.output.slice(seg.start, seg.end), 'web');
  });

  it('include | nindent keeps the included template\'s segments, pointing into the helpers file', () => {
    const r = render(files, 'chart/templates/deployment.yaml', data({}));
    const text = segmentAt(r, 'app: ');
    assert.equal(text.kind, 'text');
    assert.equal(text.template, 'chart/templates/_helpers.tpl');
    const web = segmentAt(r, 'app: web');
    assert.equal(web.template, 'chart/templates/_helpers.tpl');
    const value = r.segments.find((s) => r.output.slice(s.start, s.end) === 'web' && s.template === 'chart/templates/_helpers.tpl')!;
    assert.deepEqual(paths(value.values), ['name']);
    checkSegments(r, files);
  });

  it('toYaml of a tracked map inside with: each scalar points at its values entry', () => {
    const r = render(files, 'chart/templates/deployment.yaml', data({ 'kubernetes.io/arch': 'arm64' }));
    assert.deepEqual(paths(segmentAt(r, 'arm64').values), ['nodeSelector.kubernetes.io/arch']);
  });

  it('records an untaken `with .Values.nodeSelector` with the ref of the empty or missing map', () => {
    for (const nodeSelector of [{}, undefined, null]) {
      const d = data(nodeSelector);
      if (nodeSelector === undefined) delete (d.Values as Record<string, unknown>).nodeSelector;
      const r = render(files, 'chart/templates/deployment.yaml', d);
      const ev = r.events.find((e) => e.kind === 'with')!;
      assert.equal(ev.taken, false);
      assert.deepEqual(paths(ev.values), ['nodeSelector']);
      assert.equal(deployment.slice(ev.tplStart, ev.tplEnd), '{{- with .Values.nodeSelector }}');
      assert.equal(ev.template, 'chart/templates/deployment.yaml');
      // The block would have started right after "name: rel-web" (its leading newline was trimmed).
      assert.equal(r.output.slice(0, ev.at), r.output.slice(0, r.output.indexOf('rel-web') + 'rel-web'.length));
    }
    const r = render(files, 'chart/templates/deployment.yaml', data({ a: 'b' }));
    const ev = r.events.find((e) => e.kind === 'with')!;
    assert.equal(ev.taken, true);
    assert.equal(r.output.slice(ev.at).startsWith('\n      nodeSelector:'), true);
  });

  it('events recorded inside an include are shifted into the output (through nindent)', () => {
    const r = render(files, 'chart/templates/deployment.yaml', data({}));
    const ev = r.events.find((e) => e.kind === 'if')!;
    assert.equal(ev.template, 'chart/templates/_helpers.tpl');
    assert.equal(ev.taken, false);
    assert.deepEqual(paths(ev.values), ['extraLabels']);
    assert.equal(r.output.slice(0, ev.at).endsWith('app: web'), true);
  });

  it('range records its event and gives elements their refs', () => {
    const f = { t: '{{ range $i, $c := .Values.list }}{{ $c.image }};{{ end }}{{ range .Values.none }}x{{ else }}empty{{ end }}' };
    const r = render(f, 't', { Values: { list: [{ image: 'a' }, { image: 'b' }], none: [] } });
    assert.equal(r.output, 'a;b;empty');
    assert.deepEqual(paths(segmentAt(r, 'b').values), ['list.1.image']);
    assert.deepEqual(r.events.map((e) => [e.kind, e.taken, paths(e.values).join()]), [
      ['range', true, 'list'],
      ['range', false, 'none'],
    ]);
    checkSegments(r, f);
  });

  it('function results carry the union of their arguments\' refs; index is precise', () => {
    const f = { t: '{{ quote .Values.a .Values.b }}|{{ index .Values.m "k" }}|{{ .Values.a | quote }}' };
    const r = render(f, 't', { Values: { a: 'x', b: 'y', m: { k: 'v' } } });
    assert.equal(r.output, '"x" "y"|v|"x"');
    assert.deepEqual(paths(segmentAt(r, 'v').values), ['m.k']);
    // quote is tracking-aware: its output is an action with both refs.
    assert.deepEqual(paths(r.segments[0].values).sort(), ['a', 'b']);
  });

  it('tpl output keeps its refs: text from the tpl string carries the ref of the string', () => {
    const f = { t: 'x: {{ tpl .Values.tmpl . }}' };
    const r = render(f, 't', { Values: { tmpl: 'hello {{ .Values.who }}', who: 'world' } });
    assert.equal(r.output, 'x: hello world');
    const hello = segmentAt(r, 'hello');
    assert.equal(hello.template, 'gotpl');
    assert.deepEqual(paths(hello.values), ['tmpl']);
    assert.deepEqual(paths(segmentAt(r, 'world').values).sort(), ['tmpl', 'who']);
  });

  it('{{template}} output is spliced with the segments of the called template', () => {
    const f = { a: '{{ define "inner" }}[{{ .x }}]{{ end }}', t: 'A{{ template "inner" .Values }}B' };
    const r = render(f, 't', { Values: { x: '1' } });
    assert.equal(r.output, 'A[1]B');
    checkSegments(r, f);
    assert.equal(segmentAt(r, '[').template, 'a');
    assert.deepEqual(paths(segmentAt(r, '1').values), ['x']);
  });

  it('without provenance there are segments and events but no refs', () => {
    const r = render(files, 'chart/templates/deployment.yaml', data({}), false);
    checkSegments(r, files);
    assert.ok(r.segments.every((s) => s.values === undefined));
    assert.ok(r.events.every((e) => e.values.length === 0));
  });

  it('trimming markers: text segments still map exactly', () => {
    const f = { t: 'a  \n  {{- .Values.x -}}  \n  b\n{{ if true -}}\n  c\n{{- end }}' };
    const r = render(f, 't', { Values: { x: 'X' } });
    assert.equal(r.output, 'aXb\nc');
    checkSegments(r, f);
  });
});

describe('helm/template TrackedString helpers', () => {
  const site = { template: 'f', tplStart: 10, tplEnd: 20 };
  const src = new TrackedBuilder()
    .append('') // no-op
    .appendAction('ab\ncd', site, [{ path: ['k'] }])
    .build();

  it('indentTracked splits segments around inserted padding', () => {
    const out = indentTracked(src, '  ');
    assert.equal(out.text, '  ab\n  cd');
    assert.deepEqual(out.segments.map((s) => [s.start, s.end]), [[2, 5], [7, 9]]);
    assert.ok(out.segments.every((s) => s.values?.[0].path[0] === 'k'));
  });

  it('text segments cut in the middle keep their template mapping', () => {
    const base: OutputSegment = { start: 0, end: 6, template: 't', tplStart: 100, tplEnd: 106, kind: 'text' };
    const s = sliceTracked(new TrackedString('abcdef', [base]), 2, 5);
    assert.equal(s.text, 'cde');
    assert.deepEqual(s.segments, [{ start: 0, end: 3, template: 't', tplStart: 102, tplEnd: 105, kind: 'text' }]);
  });

  it('replaceTracked keeps untouched text tracked and events in place', () => {
    const base: OutputSegment = { start: 0, end: 11, template: 't', tplStart: 0, tplEnd: 11, kind: 'text' };
    const ev = { at: 6, kind: 'if' as const, template: 't', tplStart: 0, tplEnd: 1, values: [], taken: true };
    const r = replaceTracked(new TrackedString('a <x> b <x>', [base], [ev]), '<x>', 'YY');
    assert.equal(r.text, 'a YY b YY');
    assert.deepEqual(r.segments.map((x) => [x.start, x.end, x.tplStart]), [[0, 2, 0], [4, 7, 5]]);
    assert.equal(r.events[0].at, 5);
  });

  it('textOf/concat handle plain strings', () => {
    assert.equal(textOf('x'), 'x');
    assert.equal(concatTracked(['a', src, 'b']).text, 'aab\ncdb');
    assert.deepEqual(concatTracked(['a', src, 'b']).segments.map((s) => [s.start, s.end]), [[1, 6]]);
  });
});
