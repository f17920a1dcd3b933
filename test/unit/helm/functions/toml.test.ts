/**
 * toToml's encoder, with the map cases of BurntSushi/toml v1.6 encode_test.go (TestEncode), and
 * fromToml's conversion to Go values.
 */
import * as assert from 'node:assert/strict';
import { decodeToml, encodeToml } from '../../../../server/src/helm/functions/encoding/toml';
import { render } from './helpers';

describe('helm functions: toToml (BurntSushi/toml encode_test.go)', () => {
  const cases: Array<[string, unknown, string]> = [
    ['simple map', { a: 1n, b: 2n }, 'a = 1\nb = 2\n'],
    ['map with any value type', { a: 1n, b: 'c' }, 'a = 1\nb = "c"\n'],
    ['map with tables', { a: { Int: 2n }, b: 1n }, 'b = 1\n\n[a]\n  Int = 2\n'],
    ['nested map', { a: { b: 1n }, c: { d: 2n } }, '[a]\n  b = 1\n\n[c]\n  d = 2\n'],
    ['array of tables order', { map: { zero: 5n, arr: [{ friend: 5n }] } }, '[map]\n  zero = 5\n\n  [[map.arr]]\n    friend = 5\n'],
    ['empty key name', { '': 1n }, '"" = 1\n'],
    ['key with \\n escape', { '\n': '\n' }, '"\\n" = "\\n"\n'],
    ['empty map name', { '': { v: 1n } }, '[""]\n  v = 1\n'],
    ['mixed arrays', { Mixed: [1n, 'a'] }, 'Mixed = [1, "a"]\n'],
    ['slices of slices', { Mixed: [1n, [2n]] }, 'Mixed = [1, [2]]\n'],
    ['empty array', { IntArray0: [], IntArray3: [1n, 2n, 3n] }, 'IntArray0 = []\nIntArray3 = [1, 2, 3]\n'],
    ['tables in arrays', {
      arr: [[{ a: ['hello', 'world'], b: [1.12, 4.1], c: 1n, d: { e: 'E' }, f: { A: 1n, B: 2n }, g: [{ A: 3n, B: 4n }, { A: 5n, B: 6n }] }]],
    }, 'arr = [[{a = ["hello", "world"], b = [1.12, 4.1], c = 1, d = {e = "E"}, f = {A = 1, B = 2}, g = [{A = 3, B = 4}, {A = 5, B = 6}]}]]\n'],
    ['floats as Helm values give them', { replicas: 3, ratio: 0.5, big: 1e21, nan: Number.NaN, inf: -Infinity }, 'big = 1e+21\ninf = -inf\nnan = nan\nratio = 0.5\nreplicas = 3.0\n'],
    ['nil values are left out', { a: null, b: 'x', t: { c: null } }, 'b = "x"\n\n[t]\n'],
  ];
  for (const [name, value, want] of cases) it(name, () => assert.equal(encodeToml(value), want));

  it('fails as BurntSushi does: nil in an array, a top-level array of tables', () => {
    assert.throws(() => encodeToml({ NilElement: [1n, null] }), { message: 'toml: cannot encode array with nil element' });
    assert.throws(() => encodeToml([{ Int: 1n }, { Int: 2n }]), { message: 'toml: top-level values must be Go maps or structs' });
    assert.equal(render('{{ toToml . }}', { a: [null] }), 'toml: cannot encode array with nil element');
    assert.match(render('{{ mustToToml . }}', { a: 1n }), /^a = 1\n$/);
  });
});

describe('helm functions: fromToml', () => {
  it('reads integers as int64, floats as float64, tables as maps', () => {
    const m = decodeToml('a = 1\nb = 1.5\nc = "x"\nd = [1, 2]\n[t]\nk = 9007199254740993\n');
    assert.deepEqual(m, { a: 1n, b: 1.5, c: 'x', d: [1n, 2n], t: { k: 9007199254740993n } });
    assert.equal(render('{{ (fromToml "a = 1979-05-27T07:32:00Z").a }}'), '1979-05-27 07:32:00 +0000 UTC');
    assert.equal(render('{{ (fromToml "a = 1979-05-27").a.Year }}'), '1979');
  });
});
