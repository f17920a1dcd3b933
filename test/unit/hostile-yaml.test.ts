/**
 * Issue 18.1 and 18.5: hostile YAML never becomes an internal error dressed as the user's syntax
 * error. Null anchors are read, nesting is bounded with a clear message at a fixed depth in every
 * YAML reader, and archlens's own failures (a throw, an impossible range) are internal errors —
 * kept apart from input problems. Reproducers: test/fixtures/fuzz/ (from ../shared/fuzz/).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { parseConfigText } from '../../server/src/engine/config-text';
import { invalidRangeIn } from '../../server/src/engine/valid-range';
import { defaultConfig } from '../../server/src/core/config';
import { LineIndex } from '../../server/src/core/text';
import type { FileKind, Finding } from '../../server/src/core/types';
import type { ImageLookup } from '../../server/src/images/lookup';
import { MAX_YAML_NESTING, parseYamlDocuments } from '../../server/src/core/yaml/parse';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'fuzz');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function analyseOne(file: string, text: string, kind?: FileKind) {
  const [document] = analyze({ documents: [{ file, text, kind }], config: defaultConfig() }).complete(new Map()).documents;
  assert.ok(document, `${file} was not read as any kind`);
  return document;
}

describe('hostile YAML: null anchors, nesting bound, internal errors', () => {
  describe('an alias to an empty or partial anchor (fixtures/fuzz/null-anchor, gitlab-null-anchor)', () => {
    const files = [
      'null-anchor/compose.yaml', 'null-anchor/.gitlab-ci.yml', 'null-anchor/.github/workflows/ci.yml',
      'gitlab-null-anchor/.gitlab-ci.yml', 'gitlab-null-anchor/tiny.gitlab-ci.yml', 'gitlab-null-anchor/b.gitlab-ci.yml',
      'gitlab-null-anchor/compose.yaml', 'gitlab-null-anchor/.github/workflows/w.yml', 'gitlab-null-anchor/gitlab-null-anchor.gitlab-ci.yml',
    ];
    for (const file of files) {
      it(`${file}: a YAML problem of the file, no internal error`, () => {
        const document = analyseOne(file, read(file));
        assert.deepEqual(document.internalErrors, []);
        assert.equal(document.problems.length, 1, JSON.stringify(document.problems));
        assert.match(document.problems[0].message, /^YAML: /);
        assert.doesNotMatch(document.problems[0].message, /Cannot read properties/);
      });
    }

    it('a merge key whose anchor is empty, in a valid file: read, no problem, no internal error', () => {
      const text = 'x: &empty\nbuild:\n  <<: *empty\n  script: [docker buildx build --push .]\n';
      const document = analyseOne('.gitlab-ci.yml', text);
      assert.deepEqual(document.internalErrors, []);
      assert.deepEqual(document.problems, []);
    });
  });

  describe(`nesting deeper than ${MAX_YAML_NESTING} levels`, () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const message = `nesting deeper than ${MAX_YAML_NESTING} levels`;

    it('fixtures/fuzz/deep-nesting/flow.yaml (kind: Pod, no apiVersion): one clear problem, not a stack overflow', () => {
      const document = analyseOne('flow.yaml', read('deep-nesting/flow.yaml'));
      assert.deepEqual(document.internalErrors, []);
      // Without apiVersion it is not recognisably a manifest: skipped, the bound still said.
      assert.deepEqual(document.problems.map((p) => p.message), [`skipped: not a Kubernetes manifest (no top-level apiVersion and kind), and it is not valid YAML (${message})`]);
      assert.equal(document.problems[0].range?.start.line, 3);
    });

    it('fixtures/fuzz/deep-nesting/docker-bake.json: one clear problem', () => {
      const document = analyseOne('docker-bake.json', read('deep-nesting/docker-bake.json'));
      assert.deepEqual(document.problems.map((p) => p.message), [message]);
      assert.deepEqual(document.internalErrors, []);
    });

    for (const [file, kind, prefix] of [
      ['.gitlab-ci.yml', 'gitlab-ci', 'build:\n  script: '],
      ['compose.yaml', 'compose', 'services:\n  web:\n    platform: '],
      ['.github/workflows/ci.yml', 'github-workflow', 'jobs:\n  b:\n    steps: '],
    ] as const) {
      it(`${kind}: ${message}, found at the collection that crosses the bound`, () => {
        const text = `${prefix}${nested(MAX_YAML_NESTING + 50)}\n`;
        const document = analyseOne(file, text, kind);
        assert.deepEqual(document.internalErrors, []);
        assert.deepEqual(document.problems.map((p) => p.message), [message]);
        // The maps around the first `[` are levels too: one per key of the prefix.
        const enclosing = prefix.split(':').length - 1;
        const at = new LineIndex(text).offsetAt(document.problems[0].range!.start);
        assert.equal(at, text.indexOf('[') + MAX_YAML_NESTING - enclosing);
      });
    }

    it(`exactly ${MAX_YAML_NESTING} levels are read; one more is not (the bound does not depend on the caller's stack)`, () => {
      const at = (depth: number) => parseYamlDocuments(nested(depth))[0].errors.map((e) => e.message);
      assert.deepEqual(at(MAX_YAML_NESTING), []);
      assert.deepEqual(at(MAX_YAML_NESTING + 1), [message]);
      const deepStack = (k: number): string[] => (k === 0 ? at(MAX_YAML_NESTING) : deepStack(k - 1));
      assert.deepEqual(deepStack(2000), []);
    });

    it('block sequences and block maps are bounded like flow collections', () => {
      const seq = `apiVersion: v1\nkind: Pod\nspec:\n  containers: [{image: a}]\nx:\n- ${'- '.repeat(400)}a\n`;
      assert.deepEqual(analyseOne('seq.yaml', seq).problems.map((p) => p.message), [`${message}: this document is not analysed`]);
      const lines = ['apiVersion: v1', 'kind: Pod', 'spec:', '  containers: [{image: a}]', 'x:'];
      for (let i = 1; i <= 400; i++) lines.push(`${' '.repeat(i)}k:`);
      const map = `${lines.join('\n')} v\n`;
      assert.deepEqual(analyseOne('map.yaml', map).problems.map((p) => p.message), [`${message}: this document is not analysed`]);
    });

    it('only the deep document of a stream is left out: the others are analysed', () => {
      const text = `kind: Pod\nspec:\n  containers: [{name: a, image: nginx}]\n  x: ${nested(400)}\n---\nkind: Pod\nspec:\n  nodeSelector: {kubernetes.io/arch: x86_64}\n  containers: [{name: a, image: nginx}]\n`;
      const document = analyseOne('two.yaml', text);
      assert.deepEqual(document.problems.map((p) => p.message), [`${message}: this document is not analysed`]);
      assert.deepEqual(document.findings.filter((f) => f.rule === 'AL101').map((f) => f.range.start.line), [7]);
    });

    it('a deep document holding {{…}} is skipped as a template, but the bound is still said (not silenced as "not YAML until rendered")', () => {
      const text = `apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: a, image: "{{ .Values.image }}"}]\n  x: ${nested(400)}\n`;
      const [problem, ...more] = analyseOne('t.yaml', text).problems;
      assert.deepEqual(more, []);
      assert.equal(problem?.message, `skipped: a template ({{ }}), not a Kubernetes manifest until rendered, and it is not valid YAML (${message})`);
      assert.equal(problem?.skipped, true);
      assert.equal(problem?.range?.start.line, 4);
    });

    it('fixtures/fuzz/config-deep/.archlens.yaml: one problem, said once, not hundreds of "invalid YAML" lines', () => {
      const loaded = parseConfigText(read('config-deep/.archlens.yaml'), '/w/.archlens.yaml');
      assert.deepEqual(loaded.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.message}`), [
        `1:1029 error ${message}: this configuration is not read`,
      ]);
    });

    it('a config with one unclosed bracket: its first YAML error only', () => {
      const loaded = parseConfigText('ignore: [a, [b, [c\ntargets: [linux/amd64]\n', '/w/.archlens.yaml');
      assert.equal(loaded.problems.length, 1, JSON.stringify(loaded.problems));
      assert.match(loaded.problems[0].message, /^invalid YAML: /);
    });
  });

  describe('internal errors are not input problems', () => {
    it('a failure while placing a finding (the placement hook of a rendering unit) is an internal error of that rule', () => {
      const text = 'kind: Pod\nspec:\n  nodeSelector: {kubernetes.io/arch: armhf}\n  containers: [{name: a, image: nginx}]\n';
      const [document] = analyze({
        documents: [{ file: 'pod.yaml', text }],
        config: defaultConfig(),
        place: (finding) => {
          if (finding.rule === 'AL101') throw new TypeError("Cannot read properties of null (reading 'anchor')");
          return finding;
        },
      }).documents;
      assert.deepEqual(document.problems, []);
      assert.deepEqual(document.internalErrors, [{ during: 'rule AL101', message: "Cannot read properties of null (reading 'anchor')" }]);
      // The other rules still ran.
      assert.ok(document.findings.some((f) => f.rule === 'AL104'));
    });

    it('registry-phase internal errors are added once per completion, never accumulated on the offline result', () => {
      const text = 'kind: Pod\nspec:\n  containers: [{name: a, image: nginx}]\n';
      const unit = analyze({
        documents: [{ file: 'pod.yaml', text }],
        config: defaultConfig(),
        place: (finding) => { if (finding.rule === 'AL209') throw new Error('boom'); return finding; },
      });
      assert.deepEqual(unit.documents[0].internalErrors, []);
      const answers = new Map<string, ImageLookup>([['docker.io/library/nginx:latest', { ok: false, error: { state: 'registry-error', message: 'unreachable' } }]]);
      for (let i = 0; i < 3; i++) assert.deepEqual(unit.complete(answers).documents[0].internalErrors, [{ during: 'rule AL209', message: 'boom' }]);
      assert.deepEqual(unit.documents[0].internalErrors, []);
    });
  });

  describe('range validity (engine/valid-range.ts)', () => {
    const lines = new LineIndex('kind: Pod\nspec:\n  x: 1\n');
    const finding = (start: [number, number], end: [number, number], extra: Partial<Finding> = {}): Finding => ({
      rule: 'AL000', name: 'test', severity: 'error', message: 'm',
      range: { start: { line: start[0], character: start[1] }, end: { line: end[0], character: end[1] } }, ...extra,
    });
    const cases: Array<[string, Finding, string | undefined]> = [
      ['a range inside the document', finding([0, 0], [0, 4]), undefined],
      ['an empty range at the end of a line', finding([1, 5], [1, 5]), undefined],
      ['the empty last line', finding([3, 0], [3, 0]), undefined],
      ['a range that ends before it starts', finding([2, 3], [1, 0]), 'a range 3:4-2:1 that ends before it starts'],
      ['on one line, ends before it starts', finding([0, 4], [0, 2]), 'a range 1:5-1:3 that ends before it starts'],
      ['a line after the last', finding([0, 0], [4, 0]), 'a range 1:1-5:1 that ends after the last line (the document has 4)'],
      ['a column past the end of its line', finding([1, 6], [1, 6]), 'a range 2:7-2:7 that starts after the end of line 2 (5 characters)'],
      ['a negative line', finding([-1, 0], [0, 0]), 'a range 0:1-1:1 that starts at an impossible position'],
      ['a fractional column', finding([0, 0.5], [0, 1]), 'a range 1:1.5-1:2 that starts at an impossible position'],
      ['a fix edit outside the document', finding([0, 0], [0, 4], { fixes: [{ title: 't', edits: [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 0 } }, newText: '' }] }] }),
        'a fix ("t") whose edit range 10:1-10:1 that starts after the last line (the document has 4)'],
      ['a related place of the same file that ends before it starts', finding([0, 0], [0, 4], { related: [{ message: 'r', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 1 } } }] }),
        'a related range 2:3-2:2 that ends before it starts'],
      ['a related place in another file is not checked here', finding([0, 0], [0, 4], { related: [{ file: '/other', message: 'r', range: { start: { line: 99, character: 0 }, end: { line: 99, character: 0 } } }] }), undefined],
    ];
    for (const [what, f, expected] of cases) {
      it(`${what}: ${expected ?? 'valid'}`, () => assert.equal(invalidRangeIn(f, lines), expected));
    }
  });
});
