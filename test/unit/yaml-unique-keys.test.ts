/**
 * The duplicate-key check of core/yaml/unique-keys.ts against `yaml`'s own (`uniqueKeys: true`), the
 * oracle: the same errors — code, position, message, order among the other errors — on hand-made
 * texts and on every YAML file of the real-world corpus, and the same answer when the check is off.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseAllDocuments, parseDocument, type YAMLError } from 'yaml';
import { parseYamlDocument, parseYamlDocuments } from '../../server/src/core/yaml/parse';
import { describeWithShared, yamlFilesUnder } from '../helpers/shared';

const errors = (list: readonly YAMLError[]) => list.map((e) => `${e.code}@${e.pos[0]}-${e.pos[1]}: ${e.message}`);
const ours = (text: string) => parseYamlDocuments(text, { prettyErrors: false }).map((d) => errors(d.errors));
const yamls = (text: string) => parseAllDocuments(text, { prettyErrors: false }) as unknown as { errors: YAMLError[] }[];
const oracle = (text: string) => {
  const docs = yamls(text);
  return Array.isArray(docs) ? docs.map((d) => errors(d.errors)) : [];
};

const CASES: Array<[string, string, number]> = [
  ['a repeated key in a block map', 'a: 1\nb: 2\na: 3\n', 1],
  ['a repeated key in a flow map', '{a: 1, b: 2, a: 3}\n', 1],
  ['three times the same key', 'a: 1\na: 2\na: 3\n', 2],
  ['repeated keys in nested maps and in a sequence of maps', 'spec:\n  x: 1\n  x: 2\nitems:\n  - k: 1\n    k: 2\n  - k: 3\n', 2],
  ['a number and a string are two keys', '1: a\n"1": b\n', 0],
  ['null written two ways is one key', '~: a\nnull: b\n', 1],
  ['empty keys are null keys', ': a\n: b\n', 1],
  ['NaN is never equal to itself', '.nan: a\n.nan: b\n', 0],
  ['without the merge option `<<` is an ordinary key', 'base: &b {x: 1}\nother: &o {y: 2}\nm:\n  <<: *b\n  <<: *o\n', 1],
  ['alias keys are each their own key', 'a: &k key\n*k : 1\n*k : 2\n', 0],
  ['collection keys are each their own key', '? [a]\n: 1\n? [a]\n: 2\n', 0],
  ['an explicit key repeating an implicit one', '? a\n: 1\na: 2\n', 1],
  ['a key with an anchor and a tag', '&x a: 1\n!!str a: 2\n', 1],
  ['one key per document of a stream', 'a: 1\n---\na: 2\na: 3\n---\nb: 1\n', 1],
  ['a repeated key after another error, and before one', 'x: @a\nb: 2\nb: 3\nc: `q\n', 1],
  ['a single-pair flow sequence entry is a map of its own', '[a: 1, a: 2]\n', 0],
  ['JSON', '{"a": 1, "b": {"c": 1, "c": 2}, "a": 0}', 2],
];

describe('YAML duplicate keys in linear time (core/yaml/unique-keys.ts)', () => {
  for (const [title, text, duplicates] of CASES) {
    it(`${title}: the errors of yaml's own check`, () => {
      const found = ours(text);
      assert.deepEqual(found, oracle(text));
      assert.equal(found.flat().filter((e) => e.startsWith('DUPLICATE_KEY@')).length, duplicates);
    });
  }

  it('the first-document reader reports them too, and no check means none', () => {
    const text = 'a: 1\na: 2\n';
    assert.deepEqual(errors(parseYamlDocument(text).errors), errors(parseDocument(text, { prettyErrors: false }).errors));
    assert.equal(parseYamlDocument(text).errors.length, 1);
    assert.deepEqual(parseYamlDocuments(text, { uniqueKeys: false })[0].errors, []);
  });

  it('with the merge option each merge key is a key of its own', () => {
    const text = 'm:\n  <<: {a: 1}\n  <<: {b: 2}\n';
    assert.deepEqual(parseYamlDocuments(text, { merge: true })[0].errors, []);
    assert.deepEqual(errors((parseAllDocuments(text, { merge: true, prettyErrors: false }) as unknown as { errors: YAMLError[] }[])[0].errors), []);
  });

  it('a custom key equality is still yaml\'s to apply', () => {
    const text = 'A: 1\na: 2\n';
    const uniqueKeys = (a: unknown, b: unknown) => String((a as { value: unknown }).value).toLowerCase() === String((b as { value: unknown }).value).toLowerCase();
    assert.deepEqual(parseYamlDocuments(text, { uniqueKeys })[0].errors.map((e) => e.code), ['DUPLICATE_KEY']);
  });

  it('a map of 20,000 keys, one repeated, gets one error at the repeated key', () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `key${i}: ${i}`);
    lines.push('key7: again');
    const text = `${lines.join('\n')}\n`;
    const [doc] = parseYamlDocuments(text);
    assert.deepEqual(doc.errors.map((e) => [e.code, e.pos[0]]), [['DUPLICATE_KEY', text.lastIndexOf('key7:')]]);
  });
});

describeWithShared('YAML duplicate keys on real files', ['corpus'], (root) => {
  it('every YAML file of the corpus gets the errors of yaml\'s own check (where go-yaml\'s lexing changes nothing)', function () {
    this.timeout(120000);
    const files = yamlFilesUnder(root);
    let compared = 0;
    let withDuplicates = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const expected = oracle(text);
      const withoutCheck = parseYamlDocuments(text, { uniqueKeys: false }).map((d) => errors(d.errors));
      const yamlWithoutCheck = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false }) as unknown as { errors: YAMLError[] }[];
      // The go-yaml lexer reads some quoted scalars differently: those files say nothing about this check.
      if (JSON.stringify(withoutCheck) !== JSON.stringify(yamlWithoutCheck.map((d) => errors(d.errors)))) continue;
      assert.deepEqual(ours(text), expected, file);
      compared++;
      if (expected.flat().some((e) => e.startsWith('DUPLICATE_KEY@'))) withDuplicates++;
    }
    assert.ok(compared > 1000, `${compared} of ${files.length} files compared`);
    assert.ok(withDuplicates > 0, 'some real files repeat a key');
  });
});
