import * as assert from 'node:assert/strict';
import { coalesceValues, mergeValues } from '../../../../server/src/helm/chart/coalesce';
import type { ValuesChart } from '../../../../server/src/helm/chart/coalesce';
import { OriginTable, buildProvenance } from '../../../../server/src/helm/chart/provenance';
import { readValuesFile } from '../../../../server/src/helm/chart/values-file';
import type { Values } from '../../../../server/src/helm/chart/values-file';

const ctx = () => ({ origins: new OriginTable(), warn: () => undefined });

/** {{ .a.b }} as Go's text/template prints it from a values map (missing: "<no value>"). */
function at(v: Values, path: string): string {
  let cur: unknown = v;
  for (const k of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, k)) return '<no value>';
    cur = (cur as Values)[k];
  }
  return cur === null ? '<nil>' : String(cur);
}

describe('helm/chart values files', () => {
  it('reads YAML as sigs.k8s.io/yaml does: YAML 1.1 scalars, numbers as float64, string keys', () => {
    const v = readValuesFile([
      'on: yes', 'off: No', 'octal: 0755', 'hex: 0x1F', 'under: 1_000', 'float: 1.10', 'exp: 1e3',
      'big: 12345678901234567890', 'date: 2001-12-14', 'str: "0755"', 'nul: ~', 'empty:', '1: int key',
      'x: n', 'tagged: !!str 3', 'list: [1, two, true]',
    ].join('\n'), 'v.yaml');
    assert.deepEqual(v, {
      true: true, false: false, octal: 493, hex: 31, under: 1000, float: 1.1, exp: 1000,
      // big: the float64 nearest 12345678901234567890, written exactly
      big: 12345678901234567168, date: '2001-12-14', str: '0755', nul: null, empty: null, 1: 'int key',
      x: false, tagged: '3', list: [1, 'two', true],
    });
  });

  it('merges documents split at "---" lines, anchors and merge keys included', () => {
    const v = readValuesFile('a:\n  x: 1\n  z: 2\n---\na:\n  z: 3\nbase: &b {p: 1, q: 2}\nderived:\n  <<: *b\n  q: 9\n', 'v.yaml');
    assert.deepEqual(v, { a: { x: 1, z: 3 }, base: { p: 1, q: 2 }, derived: { p: 1, q: 9 } });
  });

  it('records where every entry was written', () => {
    const text = 'image:\n  repository: nginx\n  tag: "1.25"\nports: [80, 443]\n';
    const origins = new OriginTable();
    const v = readValuesFile(text, '/c/values.yaml', origins);
    const image = v.image as Values;
    const tag = origins.get(image, 'tag')!;
    assert.equal(tag.file, '/c/values.yaml');
    assert.equal(text.slice(tag.start, tag.end), '"1.25"');
    assert.equal(text.slice(tag.keyStart, tag.keyEnd), 'tag');
    const port = origins.get(v.ports as unknown[], 1)!;
    assert.equal(text.slice(port.start, port.end), '443');
    const prov = buildProvenance(v, origins);
    assert.deepEqual(prov.refOf(image, 'repository')?.path, ['image', 'repository']);
    assert.equal(prov.refOf({}, 'x'), undefined);
  });
});

// Helm's TestCoalesceValues (pkg/chart/common/util/coalesce_test.go), as a table.
const USER = `
top: yup
bottom: null
right: Null
left: NULL
front: ~
back: ""
nested:
  boat: null

global:
  name: Ishmael
  subject: Queequeg
  nested:
    boat: true

pequod:
  boat: null
  global:
    name: Stinky
    harpooner: Tashtego
    nested:
      boat: false
      sail: true
      foo2: null
  ahab:
    scope: whale
    boat: null
    nested:
      foo: true
      boat: null
    object: null
`;

function chart(name: string, values: Values, ...dependencies: ValuesChart[]): ValuesChart {
  return { name, values, dependencies };
}

const MOBY = chart('moby', {
  back: 'exists', bottom: 'exists', front: 'exists', left: 'exists', name: 'moby', nested: { boat: true },
  override: 'bad', right: 'exists', scope: 'moby', top: 'nope', global: { nested2: { l0: 'moby' } },
  pequod: { boat: 'maybe', ahab: { boat: 'maybe', nested: { boat: 'maybe' } } },
},
chart('pequod', {
  name: 'pequod', scope: 'pequod', global: { nested2: { l1: 'pequod' } }, boat: false,
  ahab: { boat: false, nested: { boat: false } },
},
chart('ahab', {
  global: { nested: { foo: 'bar', foo2: 'bar2' }, nested2: { l2: 'ahab' } }, scope: 'ahab', name: 'ahab',
  boat: true, nested: { foo: false, boat: true }, object: { foo: 'bar' },
})),
chart('spouter', { scope: 'spouter', global: { nested2: { l1: 'spouter' } } }));

const EXPECT: Array<[string, string]> = [
  ['.top', 'yup'], ['.back', ''], ['.name', 'moby'], ['.global.name', 'Ishmael'], ['.global.subject', 'Queequeg'],
  ['.global.harpooner', '<no value>'], ['.pequod.name', 'pequod'], ['.pequod.ahab.name', 'ahab'],
  ['.pequod.ahab.scope', 'whale'], ['.pequod.ahab.nested.foo', 'true'], ['.pequod.ahab.global.name', 'Ishmael'],
  ['.pequod.ahab.global.nested.foo', 'bar'], ['.pequod.ahab.global.nested.foo2', '<no value>'],
  ['.pequod.ahab.global.subject', 'Queequeg'], ['.pequod.ahab.global.harpooner', 'Tashtego'],
  ['.pequod.global.name', 'Ishmael'], ['.pequod.global.nested.foo', '<no value>'], ['.pequod.global.subject', 'Queequeg'],
  ['.spouter.global.name', 'Ishmael'], ['.spouter.global.harpooner', '<no value>'],
  ['.global.nested.boat', 'true'], ['.pequod.global.nested.boat', 'true'], ['.spouter.global.nested.boat', 'true'],
  ['.pequod.global.nested.sail', 'true'], ['.spouter.global.nested.sail', '<no value>'],
  ['.global.nested2.l0', 'moby'], ['.global.nested2.l1', '<no value>'], ['.global.nested2.l2', '<no value>'],
  ['.pequod.global.nested2.l0', 'moby'], ['.pequod.global.nested2.l1', 'pequod'], ['.pequod.global.nested2.l2', '<no value>'],
  ['.pequod.ahab.global.nested2.l0', 'moby'], ['.pequod.ahab.global.nested2.l1', 'pequod'],
  ['.pequod.ahab.global.nested2.l2', 'ahab'], ['.spouter.global.nested2.l0', 'moby'],
  ['.spouter.global.nested2.l1', 'spouter'], ['.spouter.global.nested2.l2', '<no value>'],
];

describe('helm/chart coalescing (Helm\'s TestCoalesceValues)', () => {
  const user = readValuesFile(USER, 'user.yaml');
  const before = JSON.stringify(user);
  const v = coalesceValues(ctx(), MOBY, user);
  for (const [path, want] of EXPECT) it(`${path} = ${want}`, () => assert.equal(at(v, path), want));

  it('a null removes the key, at every level, and the arguments are left alone', () => {
    for (const k of ['bottom', 'right', 'left', 'front']) assert.equal(Object.prototype.hasOwnProperty.call(v, k), false, k);
    assert.equal('boat' in (v.nested as Values), false);
    const pequod = v.pequod as Values;
    assert.equal('boat' in pequod, false);
    const ahab = pequod.ahab as Values;
    assert.equal('boat' in ahab, false);
    assert.equal('boat' in (ahab.nested as Values), false);
    assert.equal('object' in ahab, false);
    assert.equal(JSON.stringify(user), before);
  });

  it('merging keeps the nulls coalescing removes', () => {
    const m = mergeValues(ctx(), MOBY, readValuesFile(USER, 'user.yaml'));
    assert.equal(m.bottom, null);
    assert.equal((m.nested as Values).boat, null);
  });

  it('keeps origins through coalescing: defaults from the chart file, overrides from the user file', () => {
    const c = ctx();
    const defaultsText = 'image:\n  repository: nginx\n  tag: stable\n';
    const defaults = readValuesFile(defaultsText, '/c/values.yaml', c.origins);
    const userText = 'image:\n  tag: "1.25"\n';
    const userVals = readValuesFile(userText, '/u/prod.yaml', c.origins);
    const out = coalesceValues(c, chart('web', defaults), userVals);
    const prov = buildProvenance(out, c.origins);
    const image = out.image as Values;
    const tag = prov.refOf(image, 'tag')!;
    assert.equal(tag.origin?.file, '/u/prod.yaml');
    assert.equal(userText.slice(tag.origin.start, tag.origin.end), '"1.25"');
    const repo = prov.refOf(image, 'repository')!;
    assert.equal(repo.origin?.file, '/c/values.yaml');
    assert.equal(defaultsText.slice(repo.origin.start, repo.origin.end), 'nginx');
    assert.deepEqual(repo.path, ['image', 'repository']);
  });
  it('keepOwnNulls: the chart\'s own nulls stay (Helm 3, Helm 4 before 4.2); a subchart\'s and the user\'s deletions do not change', () => {
    const web = chart('web', { stores: { default: null, other: { x: 1 } }, gone: null, keep: 1 }, chart('db', { host: null, port: 5432 }));
    const dropped = coalesceValues(ctx(), web, { keep: null });
    assert.deepEqual(dropped, { stores: { other: { x: 1 } }, db: { global: {}, port: 5432 } });
    const kept = coalesceValues(ctx(), web, { keep: null }, true);
    assert.deepEqual(kept, { stores: { default: null, other: { x: 1 } }, gone: null, db: { global: {}, port: 5432 } });
  });
});
