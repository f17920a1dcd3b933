/**
 * setScalarValue (core/yaml/scalar-edit.ts) for every way a scalar is written — plain, quoted,
 * literal and folded blocks (with each chomping, a header comment, CRLF), in flow collections —
 * with `yaml` as the oracle: the edited text parses, the value reads back as the new string, and
 * everything else reads as before.
 */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import { pairOf, toKNode, type KScalar } from '../../server/src/core/yaml/knode';
import { readsAsPlainString, setScalarValue } from '../../server/src/core/yaml/scalar-edit';

/** The scalar under `spec.v` (or `spec.list[0]`). */
function target(text: string): KScalar {
  const doc = parseDocument(text, { uniqueKeys: false });
  const root = toKNode(doc.contents, 0, text, doc);
  const spec = pairOf(root, 'spec')!.value;
  const v = pairOf(spec, 'v')?.value ?? (pairOf(spec, 'list')!.value as { items: KScalar[] }).items[0];
  assert.equal(v.type, 'scalar');
  return v;
}

function setTo(text: string, value: string): string {
  const edit = setScalarValue(text, target(text), value);
  assert.ok(edit, 'no edit');
  const lines = new LineIndex(text);
  return applyEdits(text, [{ range: lines.range(edit.start, edit.end), newText: edit.newText }]);
}

const STYLES: Array<[string, string]> = [
  ['plain', 'spec:\n  v: x86_64\n  after: 1\n'],
  ['plain, multi-line', 'spec:\n  v: x86\n    _64\n  after: 1\n'],
  ['plain on the next line', 'spec:\n  v:\n    x86_64\n  after: 1\n'],
  ['double-quoted', 'spec:\n  v: "x86_64"\n  after: 1\n'],
  ['single-quoted', "spec:\n  v: 'x86_64'\n  after: 1\n"],
  ['folded, strip (>-)', 'spec:\n  v: >-\n    x86_64\n  after: 1\n'],
  ['folded, clip (>)', 'spec:\n  v: >\n    x86_64\n  after: 1\n'],
  ['folded, keep (>+) then a blank line', 'spec:\n  v: >+\n    x86_64\n\n  after: 1\n'],
  ['literal (|)', 'spec:\n  v: |\n    x86_64\n  after: 1\n'],
  ['literal with an indentation indicator (|2-)', 'spec:\n  v: |2-\n    x86_64\n  after: 1\n'],
  ['folded with a comment on its header', 'spec:\n  v: >- # the arch\n    x86_64\n  after: 1\n'],
  ['folded, last in the file without a final line break', 'spec:\n  after: 1\n  v: >-\n    x86_64'],
  ['folded, CRLF line breaks', 'spec:\r\n  v: >-\r\n    x86_64\r\n  after: 1\r\n'],
  ['folded, tagged (!!str >-)', 'spec:\n  v: !!str >-\n    x86_64\n  after: 1\n'],
  ['plain in a flow map', 'spec: {v: x86_64, after: 1}\n'],
  ['double-quoted in a flow map', 'spec: {v: "x86_64", after: 1}\n'],
  ['plain in a flow sequence', 'spec:\n  list: [x86_64, b]\n  after: 1\n'],
  ['single-quoted in a flow sequence', "spec:\n  list: ['x86_64', b]\n  after: 1\n"],
];

const VALUES = ['amd64', '386', 'true', 'a, b', "it's", 'say "hi"', 'two\nlines', 'ünïcode'];

describe('setScalarValue: every scalar style', () => {
  for (const [style, text] of STYLES) {
    for (const value of VALUES) {
      it(`${style} ← ${JSON.stringify(value)}`, () => {
        const before = parseDocument(text).toJS();
        const edited = setTo(text, value);
        const doc = parseDocument(edited);
        assert.deepEqual(doc.errors, [], `does not parse:\n${edited}`);
        const expected = structuredClone(before);
        if ('v' in expected.spec) expected.spec.v = value;
        else expected.spec.list[0] = value;
        assert.deepEqual(doc.toJS(), expected, edited);
      });
    }
  }

  it('the block scalar of issue 18.3 keeps the line break that ends it (the next key stays on its own line)', () => {
    const edited = setTo('spec:\n  v: >-\n    armhf\n  containers: []\n', 'arm');
    assert.equal(edited, 'spec:\n  v: arm\n  containers: []\n');
  });

  it('a comment on the block header stays', () => {
    assert.equal(setTo('spec:\n  v: >- # the arch\n    x86_64\n  after: 1\n', 'amd64'), 'spec:\n  v: amd64 # the arch\n  after: 1\n');
  });

  it('a value shared through an alias is not edited', () => {
    const text = 'a: &x x86_64\nspec:\n  v: *x\n';
    assert.equal(setScalarValue(text, target(text), 'amd64'), undefined);
  });

  it('plain only when it reads back as the same string (YAML 1.1 booleans, numbers, indicators are quoted)', () => {
    for (const yes of ['amd64', 'arm64', 'linux/arm64', 'ppc64le', 'x_y.z-w']) assert.equal(readsAsPlainString(yes), true, yes);
    for (const no of ['386', 'on', 'Off', 'y', 'null', '~', '-x', '.inf', 'a b', 'a:b', 'a,b', '#x', '', '0x10']) assert.equal(readsAsPlainString(no), false, no);
  });
});
