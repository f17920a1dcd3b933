/**
 * The one YAML reader (core/yaml/knode.ts) reads maps as the `yaml` package's own toJS does: merge
 * keys, duplicated keys and redefined anchors, checked against toJS as the oracle.
 */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { entriesOf, toKNode, valueOf, type KNode } from '../../server/src/core/yaml/knode';

/** The plain value a KNode view means, scalars as strings. */
function plain(node: KNode): unknown {
  if (node.type === 'map') return Object.fromEntries(entriesOf(node).map((p) => [p.keyText, plain(p.value)]));
  if (node.type === 'seq') return node.items.map(plain);
  if (node.type === 'scalar') return node.isNull ? null : node.text;
  return undefined;
}

/** yaml's toJS with YAML 1.1 merge keys, scalars as strings. */
function oracle(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(oracle);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, oracle(v)]));
  return value === null ? null : String(value);
}

const cases: Array<[string, string]> = [
  ['of several merge sources the earlier wins', 'a: &a {x: from-a, y: a}\nb: &b {x: from-b, z: b}\nc:\n  <<: [*a, *b]\n'],
  ['own keys win over merged ones, before or after the merge key', 'a: &a {x: from-a, y: a}\nc:\n  x: own\n  <<: *a\n  y: own-after\n'],
  ['of duplicated own keys the last wins', 'c:\n  x: first\n  x: last\n'],
  ['an inline map merges like an alias', 'c:\n  <<: {x: inline}\n  y: own\n'],
  ['merged maps bring their own merges', 'a: &a {x: a}\nb: &b\n  <<: *a\n  y: b\nc:\n  <<: *b\n'],
  ['an alias names the latest anchor of that name before it', 'a: &n {x: first}\nb: *n\nc: &n {x: second}\nd: *n\n'],
  ['a quoted "<<" is an ordinary key', 'a: &a {x: a}\nc:\n  "<<": *a\n'],
  ['a GitLab job merging two templates', '.multi: &multi\n  variables: {P: "linux/amd64,linux/arm64"}\n.single: &single\n  variables: {Q: "1"}\n  image: docker\nrelease:\n  <<: [*multi, *single]\n  script: [build]\n'],
];

describe('YAML reader (core/yaml/knode.ts)', () => {
  for (const [what, text] of cases) {
    it(what, () => {
      const doc = parseDocument(text, { uniqueKeys: false, merge: true });
      const expected = oracle(doc.toJS());
      assert.deepEqual(plain(toKNode(doc.contents, 0, text, doc)), expected);
      // A second read of the same document gives the same answer, and the document is left as it was.
      assert.deepEqual(plain(toKNode(doc.contents, 0, text, doc)), expected);
      assert.deepEqual(oracle(doc.toJS()), expected);
    });
  }

  it('the same view read twice gives the same node', () => {
    const text = 'a: &a {v: [1]}\nb: &b {v: [2]}\nc: {<<: [*a, *b]}\n';
    const doc = parseDocument(text);
    const root = toKNode(doc.contents, 0, text, doc);
    const c = valueOf(root, 'c');
    assert.equal(valueOf(c, 'v'), valueOf(c, 'v'));
    assert.equal(valueOf(c, 'v')?.start, text.indexOf('[1]'));
  });
});
