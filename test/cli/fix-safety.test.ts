/**
 * `archlens check --fix` goes through the one fix safety check (engine/fix-check.ts): the block
 * scalar fixtures of issue 18.3 are fixed into valid YAML, and a fix that would break a file — even
 * one holding `{{…}}`, where the broken document used to be skipped as a template and the fix
 * reported done — is refused, said on stderr, and never written, while the good fixes still are.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { main } from '../../server/src/cli/main';
import type { CliIo } from '../../server/src/cli/io';
import { LineIndex } from '../../server/src/core/text';
import { AL101 } from '../../server/src/rules/kubernetes/AL101-unknown-arch-value';
import { workspace } from './helpers';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'fuzz', 'fix-block-scalar');
const RC = fs.readFileSync(path.join(FIXTURES, 'rc.yaml'), 'utf8');
const POD = fs.readFileSync(path.join(FIXTURES, 'pod.yaml'), 'utf8');
const FLOW_POD = 'kind: Pod\nmetadata: {name: f}\nspec:\n  nodeSelector: {kubernetes.io/arch: aarch64}\n  containers: [{name: a, image: nginx}]\n';

async function fix(cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, isTTY: false, cwd, env: { NO_COLOR: '1' }, stdin: () => Promise.reject(new Error('no standard input in this test')) };
  const code = await main(['check', '--offline', '--no-cache', '--fix'], io);
  return { code, stdout, stderr };
}

describe('archlens check --fix: the fix safety check', () => {
  let dir: string;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, called by the engine with the rule as `this`
  const original = AL101.check;
  afterEach(() => {
    AL101.check = original;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fixes folded block scalars into valid YAML, {{…}} or not', async () => {
    dir = workspace({ 'rc.yaml': RC, 'pod.yaml': POD });
    const run = await fix(dir);
    assert.match(run.stdout, /^fixed pod\.yaml:7 {2}AL101 {2}Replace "x86_64" with "amd64"$/m);
    assert.match(run.stdout, /^fixed rc\.yaml:8 {2}AL101 {2}Replace "x86_64" with "amd64"$/m);
    assert.equal(run.stderr, '');
    const rc = fs.readFileSync(path.join(dir, 'rc.yaml'), 'utf8');
    assert.equal(rc, RC.replace('>-\n          x86_64', 'amd64'));
    assert.deepEqual(parseAllDocuments(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).flatMap((d) => d.errors), []);
  });

  it('a fix that would break the file is refused and said, the file left as it was; the good fixes of other files are applied', async () => {
    dir = workspace({ 'rc.yaml': RC, 'flow.yaml': FLOW_POD });
    // The AL101 edit of before issue 18.3 on block scalars: the whole scalar, its line break included.
    AL101.check = (ctx) => original({
      ...ctx,
      report: (report) => {
        const start = ctx.text.indexOf('>-');
        if (start < 0) return ctx.report(report);
        const end = ctx.text.indexOf('\n', ctx.text.indexOf('\n', start) + 1) + 1;
        const lines = new LineIndex(ctx.text);
        ctx.report({ ...report, fixes: [{ title: 'Replace "x86_64" with "amd64"', preferred: true, edits: [{ range: lines.range(start, end), newText: 'amd64' }] }] });
      },
    });
    const run = await fix(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'rc.yaml'), 'utf8'), RC, 'a broken fix was written');
    assert.deepEqual(run.stderr.trim().split('\n'), [
      'archlens: rc.yaml:8: AL101 fix "Replace "x86_64" with "amd64"" not applied: the fixed file is not read as the same documents',
    ]);
    assert.doesNotMatch(run.stdout, /^fixed rc\.yaml/m);
    assert.match(run.stdout, /^fixed flow\.yaml:4 {2}AL101 {2}Replace "aarch64" with "arm64"$/m);
    assert.match(fs.readFileSync(path.join(dir, 'flow.yaml'), 'utf8'), /kubernetes\.io\/arch: arm64\}/);
    // The finding is still there and still fails the run.
    assert.match(run.stdout, /^rc\.yaml:8:\d+ +error +AL101 /m);
    assert.equal(run.code, 1);
  });
});
