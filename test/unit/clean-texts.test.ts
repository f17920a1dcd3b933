import * as assert from 'node:assert/strict';
import { clearCleanTexts, isKnownSyntaxClean, recordStrictCleanParse } from '../../server/src/core/yaml/clean-texts';
import { MAX_YAML_NESTING } from '../../server/src/core/yaml/parse';
import { readHead } from '../../server/src/helm/chart/manifests';
import { extractModel } from '../../server/src/kubernetes/extract';
import { clearParseCache, syntaxErrors } from '../../server/src/kubernetes/parse-cache';

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
  });

  it('records a plain text a strict parse found clean, and the syntax check then reports nothing for it', () => {
    const text = service();
    recordStrictCleanParse(text);
    assert.equal(isKnownSyntaxClean(text), true);
    assert.deepEqual(syntaxErrors(text), []);
  });

  it('refuses texts whose tags, directives or nesting could make the syntax check read them differently', () => {
    const deepFlow = `a: ${'['.repeat(MAX_YAML_NESTING / 2 + 1)}${']'.repeat(MAX_YAML_NESTING / 2 + 1)}\n`;
    const deepBlock = Array.from({ length: MAX_YAML_NESTING }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n';
    for (const text of [service('\n  x: !!int 1'), '%YAML 1.2\n---\n' + service(), deepFlow, deepBlock]) {
      recordStrictCleanParse(text);
      assert.equal(isKnownSyntaxClean(text), false, text.slice(0, 60));
    }
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
});
