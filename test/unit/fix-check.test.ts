/**
 * Issue 18.3: the AL101 fix on a folded block scalar removed the line break after it, and the one
 * fix safety check (engine/fix-check.ts) that now guards `--fix`, the quick fix and "Fix all"
 * refuses such a fix — also in a file holding `{{…}}`, where the broken document used to be skipped
 * as a template and the fix reported done. Reproducers: test/fixtures/fuzz/fix-block-scalar/.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type DocumentAnalysis } from '../../server/src/engine/analyze';
import { checkFixes, type FixBase } from '../../server/src/engine/fix-check';
import { defaultConfig } from '../../server/src/core/config';
import { applyEdits, LineIndex } from '../../server/src/core/text';
import type { Finding, Fix } from '../../server/src/core/types';
import { codeActions } from '../../server/src/lsp/code-actions';
import type { DocumentState } from '../../server/src/lsp/analysis';
import { localSession } from '../../server/src/lsp/analysis-service';
import { AL101 } from '../../server/src/rules/kubernetes/AL101-unknown-arch-value';
import { applyFixAndRelint } from '../helpers/lint';
import { imageMapOf } from '../../server/src/imagemap';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'fuzz', 'fix-block-scalar');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

function analysed(text: string, file = 'rc.yaml'): DocumentAnalysis {
  const [document] = analyze({ documents: [{ file, text }], config: defaultConfig() }).complete(new Map()).documents;
  return document;
}

const baseOf = (d: DocumentAnalysis): FixBase => ({ file: d.file, kind: d.kind, text: d.text, problems: d.problems, outline: d.outline, findings: d.findings });
const al101 = (d: DocumentAnalysis) => d.findings.find((f) => f.rule === 'AL101')!;

/** The edit the AL101 fix used to make: the whole block scalar, its final line break included, replaced by the value. */
function oldBrokenFix(d: DocumentAnalysis, value: string): Fix {
  const start = d.text.indexOf('>-');
  const end = d.text.indexOf('\n', d.text.indexOf('\n', start) + 1) + 1;
  return { title: `Replace with "${value}"`, preferred: true, edits: [{ range: d.lines.range(start, end), newText: value }] };
}

describe('fixes on block scalars and the one fix safety check', () => {
  for (const name of ['pod.yaml', 'rc.yaml']) {
    it(`fixtures/fuzz/fix-block-scalar/${name}: the AL101 fix keeps the file parsing, the finding goes, nothing else changes`, () => {
      const text = fixture(name);
      const finding = al101(analysed(text, name));
      const fixed = applyFixAndRelint(text, finding, finding.fixes?.find((f) => f.preferred), { file: name });
      assert.match(fixed, /kubernetes\.io\/arch: amd64\n\s+(containers|tolerations):/);
      assert.equal(parseAllDocuments(fixed).flatMap((d) => d.errors).length, 0);
    });
  }

  it('fixtures/fuzz/fix-block-scalar/min.yaml: armhf becomes arm on its own line (AL104 stays: no target is arm)', () => {
    const before = analysed(fixture('min.yaml'));
    const fixed = applyEdits(before.text, al101(before).fixes![0].edits);
    assert.match(fixed, /kubernetes\.io\/arch: arm\n {6}containers:/);
    const after = analysed(fixed);
    assert.deepEqual([after.problems, after.findings.map((f) => f.rule)], [[], ['AL104']]);
  });

  it('the old broken edit on a file holding {{…}} is refused: the document would no longer be read (it was reported "fixed")', async () => {
    const before = analysed(fixture('rc.yaml'));
    const finding = al101(before);
    const verdict = await checkFixes(baseOf(before), [{ finding, fix: oldBrokenFix(before, 'amd64') }], { config: defaultConfig(), lookups: new Map() });
    assert.deepEqual(verdict.ok ? 'accepted' : verdict.reason, 'the fixed file is not read as the same documents');
    // What the broken text looks like to the engine: a template, skipped in silence.
    const broken = analysed(applyEdits(before.text, oldBrokenFix(before, 'amd64').edits));
    assert.deepEqual([broken.problems, broken.findings], [[], []]);
  });

  it('the old broken edit in a plain file is refused: the result does not parse', async () => {
    const before = analysed(fixture('pod.yaml'), 'pod.yaml');
    const verdict = await checkFixes(baseOf(before), [{ finding: al101(before), fix: oldBrokenFix(before, 'amd64') }], { config: defaultConfig(), lookups: new Map() });
    assert.ok(!verdict.ok);
    assert.match(verdict.reason, /^the fixed file does not parse as before \(YAML syntax error: /);
  });

  it('a fix that leaves its finding is refused', async () => {
    const before = analysed(fixture('pod.yaml'), 'pod.yaml');
    const finding = al101(before);
    const same: Fix = { title: 'no-op', preferred: true, edits: [{ range: finding.range, newText: 'x86_64' }] };
    const verdict = await checkFixes(baseOf(before), [{ finding, fix: same }], { config: defaultConfig(), lookups: new Map() });
    assert.deepEqual(verdict.ok ? 'accepted' : verdict.reason, 'AL101 is still reported after its fix');
  });

  it('the offered fix passes, and the verdict carries the re-analysed text', async () => {
    const before = analysed(fixture('rc.yaml'));
    const finding = al101(before);
    const verdict = await checkFixes(baseOf(before), [{ finding, fix: finding.fixes![0] }], { config: defaultConfig(), lookups: new Map() });
    assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
    assert.deepEqual(verdict.after.findings.filter((f: Finding) => f.rule === 'AL101'), []);
    assert.deepEqual(verdict.after.outline, before.outline);
  });

  describe('the editor: a fix that fails the check is not offered, and "Fix all" leaves it out', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, called by the engine with the rule as `this`
    const original = AL101.check;
    afterEach(() => { AL101.check = original; });

    async function actionsFor(text: string) {
      const unit = analyze({ documents: [{ file: '/w/rc.yaml', text }], config: defaultConfig() });
      const [analysis] = unit.documents;
      const state: DocumentState = {
        uri: 'file:///w/rc.yaml', version: 3, kind: 'kubernetes', config: defaultConfig(), analysis,
        unit: localSession({ file: '/w/rc.yaml', text, kind: 'kubernetes', config: defaultConfig(), lookupFailures: 'all' }, unit, imageMapOf([])),
        lookups: new Map(), complete: true, findings: analysis.findings, internalErrors: [], workspace: imageMapOf([]),
      };
      const doc = TextDocument.create(state.uri, 'yaml', 3, text);
      const finding = al101(analysis);
      const diagnostic = { range: finding.range, message: finding.message, source: 'archlens', code: 'AL101', data: { version: 3, rule: 'AL101', name: finding.name, fixes: finding.fixes } };
      const all = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
      const quick = await codeActions({ textDocument: { uri: state.uri }, range: finding.range, context: { diagnostics: [diagnostic] } }, doc, state, { documentChanges: false });
      const fixAll = await codeActions({ textDocument: { uri: state.uri }, range: all, context: { diagnostics: [], only: ['source.fixAll'] } }, doc, state, { documentChanges: false });
      return { quick: quick.filter((a) => a.kind === 'quickfix' && !a.title.startsWith('Ignore')).map((a) => a.title), fixAll: fixAll.map((a) => a.title) };
    }

    it('the real fix: offered as a quick fix and in "Fix all"', async () => {
      assert.deepEqual(await actionsFor(fixture('rc.yaml')), { quick: ['Replace "x86_64" with "amd64"'], fixAll: ['Fix all archlens problems in this file'] });
    });

    it('a rule offering the old broken edit: neither offered nor in "Fix all"', async () => {
      AL101.check = (ctx) => original({
        ...ctx,
        report: (report) => ctx.report({ ...report, fixes: report.fixes?.map(() => oldBrokenFix({ text: ctx.text, lines: new LineIndex(ctx.text) } as DocumentAnalysis, 'amd64')) }),
      });
      assert.deepEqual(await actionsFor(fixture('rc.yaml')), { quick: [], fixAll: [] });
    });
  });
});

describe('fixes the long fuzz run found refused by the safety check (issue 18)', () => {
  const checkAll = async (before: DocumentAnalysis, rule: string) => {
    const fixes = before.findings.filter((f) => f.rule === rule).flatMap((finding) => (finding.fixes ?? []).map((fix) => ({ finding, fix })));
    assert.ok(fixes.length > 0, `no ${rule} fix offered`);
    for (const chosen of fixes) {
      const verdict = await checkFixes(baseOf(before), [chosen], { config: defaultConfig(), lookups: new Map() });
      assert.ok(verdict.ok, verdict.ok ? '' : `${chosen.fix.title}: ${verdict.reason}`);
    }
    return fixes;
  };

  it('AL308 case mapping above an unterminated heredoc: the ARG line it adds moves the problem a line down, the same problem', async () => {
    const before = analysed('FROM \nRUN http://x86_64\\ <<EOF', 'Dockerfile');
    assert.deepEqual(before.problems.map((p) => p.message), ["unterminated heredoc <<EOF (line 2): no closing 'EOF' line, so the rest of the file is read as its content"]);
    const [{ fix }] = await checkAll(before, 'AL308');
    const after = analysed(applyEdits(before.text, fix.edits), 'Dockerfile');
    assert.deepEqual(after.problems.map((p) => p.message), ["unterminated heredoc <<EOF (line 3): no closing 'EOF' line, so the rest of the file is read as its content"]);
  });

  it('a fix that adds a second unterminated heredoc is still refused', async () => {
    const before = analysed('FROM \nRUN http://x86_64\\ <<EOF', 'Dockerfile');
    const finding = before.findings.find((f) => f.rule === 'AL308')!;
    // Before the RUN: after it, the open heredoc would swallow the new line as its content.
    const at = { line: 1, character: 0 };
    const fix: Fix = { title: 'breaks more', edits: [{ range: { start: at, end: at }, newText: 'RUN cat <<END\n' }] };
    const verdict = await checkFixes(baseOf(before), [{ finding, fix }], { config: defaultConfig(), lookups: new Map() });
    assert.match(verdict.ok ? 'accepted' : verdict.reason, /^the fixed file does not parse as before \(unterminated heredoc <<END/);
  });

  it('AL501 on `platforms: >` with no content: the header is replaced, the next line stays its own', async () => {
    const text = 'jobs: : steps:\n      - uses: docker/build-push-action@\n        with:\n          push: true\n          platforms: >\n       run: docker build';
    const file = '.github/workflows/release.yml';
    const before = analysed(text, file);
    const [{ fix }] = await checkAll(before, 'AL501');
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed, /\n {10}platforms: linux\/amd64,linux\/arm64\n {7}run: docker build$/);
    assert.deepEqual(analysed(fixed, file).outline, before.outline);
  });

  it('a broken Service is reported whatever the size of the pod documents ("Fix all" growing a 256 KB manifest past the bound hid it)', () => {
    const broken = 'kind: Service &\n<<: *missing *anc\n';
    const pod = (i: number) => `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  annotations:\n    note: "${'x'.repeat(900)}"\nspec:\n  containers:\n  - name: c\n    image: busybox\n`;
    const withPods = (n: number) => analysed(broken + Array.from({ length: n }, (_, i) => pod(i)).join(''));
    const small = withPods(2);
    const large = withPods(300);
    assert.ok(large.text.length > 256 * 1024);
    assert.match(small.outline[0], /\(syntax error\)$/);
    assert.deepEqual([large.outline[0], large.problems.map((p) => p.message)], [small.outline[0], small.problems.map((p) => p.message)]);
  });
});
