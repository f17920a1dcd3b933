/**
 * The syntax check of documents archlens does not model (CRDs, ConfigMaps…) parses with the
 * failsafe schema when the text has no tags, merge keys or directives: its errors must be those of
 * a parse with the core schema, and a text whose errors depend on the schema keeps the core one.
 */
import * as assert from 'node:assert/strict';
import { parseYamlDocuments } from '../../../server/src/core/yaml/parse';
import { clearParseCache, syntaxErrors } from '../../../server/src/kubernetes/parse-cache';

/** The errors of a core-schema parse, as syntaxErrors words them. */
function coreErrors(text: string): Array<{ message: string; start: number }> {
  return parseYamlDocuments(text, { uniqueKeys: false, prettyErrors: false })
    .flatMap((d) => d.errors.map((e) => ({ message: e.message.split('\n')[0].trim(), start: e.pos[0] })));
}

const CASES: Array<[string, string]> = [
  ['valid, every scalar type', 'kind: ConfigMap\ndata:\n  a: 1\n  b: 0x1F\n  c: .inf\n  d: true\n  e: ~\n  f: 2024-01-01\n'],
  ['bad indentation', 'kind: ConfigMap\ndata:\n  a: 1\n b: 2\n'],
  ['unclosed flow sequence', 'kind: ConfigMap\ndata: [a, b\n'],
  ['nested map in a compact map', 'a: b: c\n'],
  ['tab indentation', 'a:\n\tb: 1\n'],
  ['unterminated quoted string', 'a: "abc\n'],
  ['alias to no anchor (not a syntax error in either schema)', 'a: *missing\n'],
  ['explicit tag the value does not match', 'kind: ConfigMap\ndata:\n  a: !!int not-a-number\n'],
  ['binary tag', 'a: !!binary "%%%"\n'],
  ['YAML 1.1 directive', '%YAML 1.1\n---\na: 1\n'],
  ['merge key', 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n'],
];

describe('syntaxErrors: the errors of a core-schema parse, cheaper where the schema cannot matter', () => {
  beforeEach(() => clearParseCache());
  for (const [name, text] of CASES) {
    it(name, () => {
      assert.deepEqual(syntaxErrors(text).map((e) => ({ message: e.message, start: e.start })), coreErrors(text));
    });
  }

  it('the broken texts of the table do report errors (the comparison is not between two empty lists)', () => {
    for (const [name, text] of CASES.slice(1, 6)) assert.ok(syntaxErrors(text).length > 0, name);
  });
});
