/**
 * core/yaml/plain-block-yaml.ts against `yaml` (through core/yaml/parse.ts, as syntaxErrors reads a
 * document), the oracle: "proven" must mean `yaml` reports no error, on hand-made texts, on every
 * YAML document of the corpus and on thousands of broken variants of them; and the plain texts
 * real files are made of must be proven, or the shortcut saves nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isPlainBlockYaml } from '../../server/src/core/yaml/plain-block-yaml';
import { parseYamlDocuments } from '../../server/src/core/yaml/parse';
import { splitDocuments } from '../../server/src/core/yaml/split';
import { syntaxErrors } from '../../server/src/kubernetes/parse-cache';
import { describeWithShared, yamlFilesUnder } from '../helpers/shared';

const yamlErrors = (text: string) => parseYamlDocuments(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false }).flatMap((d) => d.errors.map((e) => e.message));

const PROVEN: Array<[string, string]> = [
  ['a Service', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web # the app\nspec:\n  ports:\n    - port: 80\n      targetPort: http\n  selector: {}\n'],
  ['a compact sequence under a key, then the next key', 'rules:\n- apiGroups: [""]\n  resources: ["pods", \'secrets\']\n  verbs:\n  - get\n- apiGroups: [apps]\nkind: ClusterRole\n'],
  ['block scalars with chomping, an empty one, and comments between entries', 'data:\n  a.conf: |\n    [SERVICE]\n        Flush 1\n\n    # not a comment: content\n  b: >-\n    folded\n  empty: |\n# a comment\n  c: "quoted \\"escape\\" \\u00e9"\n'],
  ['a leading document marker, CRLF line ends, a null value', '---\r\nservice:\r\n  flush: 1\r\n  log_level: info\r\nnothing:\r\n'],
  ['a plain value with colons, quotes and a hash inside', 'url: http://example.com:8080/a#b\ncmd: echo "a:b"x\nnote: it\'s fine # a comment: here\n'],
  ['sequences of sequences and an item whose map opens on its line', '- - a\n  - b\n-   name: x\n    value: "1"\n-\n  k: v\n'],
  ['only comments', '# nothing here\n\n  # indented comment\n'],
];

const NOT_PROVEN: Array<[string, string]> = [
  ['an anchor and an alias', 'a: &x 1\nb: *x\n'],
  ['a tag', 'a: !!str 1\n'],
  ['a plain scalar continued on the next line (valid, but left to the parser)', 'description: a long\n  text\n'],
  ['a quoted scalar over two lines', 'a: "one\n  two"\n'],
  ['a flow map with entries', 'a: {b: 1}\n'],
  ['a tab', 'a:\tb\n'],
  ['a second document', 'a: 1\n---\nb: 2\n'],
  ['an indentation indicator', 'a: |2\n   x\n'],
  ['a document that starts indented', '  a: 1\n'],
  ['broken: a value that is a mapping', 'a: b: c\n'],
  ['broken: a sequence item on a key\'s line', 'a: - b\n'],
  ['broken: a key at a column no entry has', 'a:\n    b: 1\n  c: 2\n'],
  ['broken: a map entry among sequence items', 'items:\n  - a\n  b: 1\n'],
  ['broken: an unclosed flow sequence', 'a: [b, c\n'],
  ['broken: an unclosed quote', 'a: "b\n'],
  ['broken: a bad escape', 'a: "\\q"\n'],
  ['broken: a Jinja statement', 'a: {% raw %}\n'],
  ['broken: text after a closed quote', 'a: "b" c\n'],
  ['broken: a block scalar line shallower than the first', 'a: |\n    x\n  y\n'],
  ['broken: a more-indented empty line before block scalar content', 'a: |\n     \n  x\n'],
  ['broken: a directive character', 'a: %x\n'],
];

describe('plain block YAML: proven free of syntax errors without a parse', () => {
  for (const [name, text] of PROVEN) {
    it(`proves ${name}, which yaml reads without an error`, () => {
      assert.deepEqual(yamlErrors(text), [], 'the case itself must be valid YAML');
      assert.equal(isPlainBlockYaml(text), true);
    });
  }
  for (const [name, text] of NOT_PROVEN) {
    it(`leaves ${name} to the parser`, () => {
      assert.equal(isPlainBlockYaml(text), false);
      if (name.startsWith('broken')) assert.notDeepEqual(yamlErrors(text), [], 'a broken case must be broken for yaml too');
    });
  }

  it('reads a hostile line without a slice per node: 200,000 nested `- ` on one line, a 1 MB key (a quadratic reading outruns the timeout)', function () {
    this.timeout(10000);
    assert.equal(isPlainBlockYaml(`${'- '.repeat(200000)}a\n`), false);
    assert.equal(isPlainBlockYaml(`${'k'.repeat(1 << 20)}: v\n`), false);
  });

  it('the syntax check still reports an error in a document it cannot prove', () => {
    const broken = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a: b\n';
    assert.ok(syntaxErrors(broken).length > 0);
    assert.deepEqual(syntaxErrors('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n'), []);
  });
});

/** A small deterministic generator (tests must not differ from run to run). */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const PIECES = [':', '-', ' ', '"', "'", '#', '\n', '[', '{', '|', '>', 'a', '  ', '- ', ': ', ']', ',', '&', '*', '!'];

/** The text with one random edit: a character gone or added, a line indented, dedented, repeated, or joined to the next. */
function mutated(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const piece = PIECES[Math.floor(random() * PIECES.length)];
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 6)) {
    case 0: return text.slice(0, at) + text.slice(at + 1);
    case 1: return text.slice(0, at) + piece + text.slice(at);
    case 2: lines[line] = ` ${lines[line]}`; break;
    case 3: lines[line] = lines[line].replace(/^ {1,2}/, ''); break;
    case 4: lines.splice(line, 0, lines[line]); break;
    default: lines.splice(line, 2, `${lines[line]} ${lines[line + 1] ?? ''}`);
  }
  return lines.join('\n');
}

describeWithShared('plain block YAML on real files', ['corpus'], (root) => {
  it('every document of the corpus it proves, and every broken variant of them it proves, yaml reads without an error', function () {
    this.timeout(180000);
    const files = yamlFilesUnder(root);
    const random = generator(12);
    let documents = 0;
    let proven = 0;
    let variants = 0;
    const unsound: string[] = [];
    for (const file of files) {
      for (const { text } of splitDocuments(fs.readFileSync(file, 'utf8'))) {
        documents++;
        if (isPlainBlockYaml(text)) {
          proven++;
          if (yamlErrors(text).length > 0) unsound.push(`${file}: ${text.slice(0, 200)}`);
        }
        for (let i = 0; i < 3; i++) {
          const variant = i === 2 ? mutated(mutated(text, random), random) : mutated(text, random);
          if (!isPlainBlockYaml(variant)) continue;
          variants++;
          const errors = yamlErrors(variant);
          if (errors.length > 0) unsound.push(`${file} (a variant): ${errors[0]}\n${variant.slice(0, 300)}`);
        }
      }
    }
    assert.deepEqual(unsound.slice(0, 5), []);
    assert.ok(documents > 2000, `${documents} documents`);
    // The shortcut must pay: most real documents are plain block YAML.
    assert.ok(proven / documents > 0.6, `${proven} of ${documents} documents proven`);
    assert.ok(variants > 1000, `${variants} proven variants`);
  });
});
