import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { clearCleanTexts, isKnownSyntaxClean, recordStrictCleanParse } from '../../server/src/core/yaml/clean-texts';
import { MAX_YAML_NESTING } from '../../server/src/core/yaml/parse';
import { readHead } from '../../server/src/helm/chart/manifests';
import { extractModel } from '../../server/src/kubernetes/extract';
import { clearParseCache, syntaxErrors } from '../../server/src/kubernetes/parse-cache';
import { clearTemplateCache, parseTemplates } from '../../server/src/kustomize/pnode';
import { splitDocuments } from '../../server/src/core/yaml/split';

/** A rendered Service: no pod template, so the manifest analyser only checks its syntax. */
const service = (extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: web${extra}
spec:
  ports:
  - port: 80
`;

describe('texts known free of YAML syntax errors (core/yaml/clean-texts.ts)', () => {
  beforeEach(() => {
    clearParseCache();
    clearCleanTexts();
    clearTemplateCache();
  });

  /** What a caller does: a strict parse that found no error, recorded. */
  const record = (text: string) => {
    const doc = parseDocument(text, { strict: true, uniqueKeys: false, schema: 'failsafe' });
    assert.deepEqual(doc.errors, [], text.slice(0, 60));
    recordStrictCleanParse(text, doc);
  };

  it('records a plain text a strict parse found clean, and the syntax check then reports nothing for it', () => {
    const text = service();
    record(text);
    assert.equal(isKnownSyntaxClean(text), true);
    assert.deepEqual(syntaxErrors(text), []);
  });

  it('refuses texts whose tags, directives or nesting could make the syntax check read them differently', () => {
    const deepFlow = `a: ${'['.repeat(MAX_YAML_NESTING)}${']'.repeat(MAX_YAML_NESTING)}\n`;
    const deepBlock = Array.from({ length: MAX_YAML_NESTING + 1 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n';
    // One plain scalar over 600 ever more indented lines: depth 1, but past the bound the syntax check applies before parsing.
    const stairs = 'a: b\n' + Array.from({ length: 600 }, (_, i) => `${' '.repeat(i + 2)}w${i}`).join('\n') + '\n';
    for (const text of [service('\n  x: !!int 1'), '%YAML 1.2\n---\n' + service(), deepFlow, deepBlock, stairs]) {
      record(text);
      assert.equal(isKnownSyntaxClean(text), false, text.slice(0, 60));
      assert.equal(syntaxErrors(text).length > 0, text === deepFlow || text === deepBlock || text === stairs, text.slice(0, 60));
    }
  });

  it('a text with many brackets or a `!` in its scalars is judged on its parsed document (a CRD\'s descriptions and rules)', () => {
    for (const text of [service(`\n  description: "${'[x] '.repeat(MAX_YAML_NESTING)}"`), service('\n  rule: self != oldSelf')]) {
      record(text);
      assert.equal(isKnownSyntaxClean(text), true, text);
    }
    for (const text of [service('\n  rule: ! self != oldSelf'), service('\n  labels: !!map {a: "[x]"}'), service('\n  list: !!seq\n  - a')]) {
      record(text);
      assert.equal(isKnownSyntaxClean(text), false, text);
    }
  });

  it('keeps at most 16 MB of texts, dropping the oldest first', () => {
    const doc = parseDocument('a: b\n');
    const texts = Array.from({ length: 70 }, (_, i) => `n: ${i}\n` + 'a: b\n'.repeat(50_000));
    for (const text of texts) recordStrictCleanParse(text, doc);
    assert.equal(isKnownSyntaxClean(texts[0]), false);
    assert.equal(isKnownSyntaxClean(texts[69]), true);
    assert.ok(texts.filter(isKnownSyntaxClean).length * texts[0].length <= 16 * 1024 * 1024);
  });

  it('a rendered document Helm reads records its text, and the manifest check of it stays clean', () => {
    const text = service();
    assert.equal(readHead(text).kind, 'Service');
    assert.equal(isKnownSyntaxClean(text), true);
    assert.deepEqual(extractModel(text).problems, []);
  });

  it('a rendered document that only the strict reading rejects is not recorded: the manifest check still reports it', () => {
    // A comment glued to a quoted scalar: Helm's reading (not strict) accepts it, the syntax check does not.
    const text = service('\n  namespace: "x"#glued');
    assert.equal(readHead(text).name, 'web');
    assert.equal(isKnownSyntaxClean(text), false);
    const { problems } = extractModel(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /YAML syntax error: Comments must be separated from other tokens by white space characters/);
  });

  it('a tagged document Helm reads cleanly is checked by its own parse, whose verdict it keeps', () => {
    const text = service('\n  labels: !!map {a: b}');
    readHead(text);
    assert.equal(isKnownSyntaxClean(text), false);
    assert.deepEqual(extractModel(text).problems, []);
  });

  it('a resource file kustomize reads records each of its documents as the manifest check splits them', () => {
    const text = `# leading comment\n${service('-a')}---\n${service('-b')}--- # marker comment\n${service('-c')}`;
    parseTemplates(text);
    const chunks = splitDocuments(text);
    assert.equal(chunks.length, 3);
    for (const chunk of chunks) assert.equal(isKnownSyntaxClean(chunk.text), true, chunk.text);
    assert.deepEqual(extractModel(text).problems, []);
  });

  it('a resource file with an error anywhere records nothing, and the manifest check reports the error itself', () => {
    const text = `${service('-a')}---\n${service('-b')}  bad: [\n`;
    assert.ok(parseTemplates(text).some((doc) => doc.errors.length > 0));
    for (const chunk of splitDocuments(text)) assert.equal(isKnownSyntaxClean(chunk.text), false, chunk.text);
    assert.equal(extractModel(text).problems.length, 1);
  });

  it('a repeated key kustomize refuses records nothing; a chunk of two documents (`...`) or a tagged one is left to the check', () => {
    parseTemplates(service('\n  name: again'));
    assert.equal(isKnownSyntaxClean(service('\n  name: again')), false);
    const twoInOne = `${service('-a')}...\n${service('-b')}`;
    parseTemplates(twoInOne);
    assert.equal(isKnownSyntaxClean(twoInOne), false);
    const tagged = service('\n  labels: !!map {a: b}');
    parseTemplates(tagged);
    assert.equal(isKnownSyntaxClean(tagged), false);
    assert.deepEqual(extractModel(tagged).problems, []);
  });
});
