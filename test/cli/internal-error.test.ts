/**
 * An internal error (a bug of archlens) is reported as such by `archlens check`, never as the
 * user's input problem: "archlens internal error while reading FILE (…): … (please report …)",
 * counted apart in every format, and exit 2 (the CLI contract: 2 = usage or internal error) while
 * the other files are still checked. The fault is injected into a real rule, in process.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { main } from '../../server/src/cli/main';
import type { CliIo } from '../../server/src/cli/io';
import { AL101 } from '../../server/src/rules/kubernetes/AL101-unknown-arch-value';
import { workspace } from './helpers';

const BROKEN = 'kind: Pod\nmetadata: {name: a}\nspec:\n  nodeSelector: {kubernetes.io/arch: x86_64}\n  containers: [{name: a, image: nginx}]\n';
const FINE = 'kind: Pod\nmetadata: {name: b}\nspec:\n  nodeSelector: {kubernetes.io/arch: armhf}\n  containers: [{name: a, image: nginx}]\n';

async function check(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, isTTY: false, cwd, env: { NO_COLOR: '1' }, stdin: () => Promise.reject(new Error('no standard input in this test')) };
  const code = await main(['check', '--offline', '--no-cache', ...args], io);
  return { code, stdout, stderr };
}

describe('archlens check: internal errors', () => {
  let dir: string;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was, called by the engine with the rule as `this`
  const original = AL101.check;
  before(() => {
    dir = workspace({ 'a.yaml': BROKEN, 'b.yaml': FINE });
    // A rule that fails on one file only, as a bug would.
    AL101.check = (ctx) => {
      if (ctx.file.endsWith('a.yaml')) throw new TypeError("Cannot read properties of null (reading 'anchor')");
      original(ctx);
    };
  });
  after(() => {
    AL101.check = original;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('text: one "internal error … please report" line on stderr, the other file still checked, exit 2', async () => {
    const run = await check(['--fail-on', 'none'], dir);
    assert.equal(run.code, 2, 'an internal error exits 2, whatever --fail-on says');
    assert.deepEqual(run.stderr.trim().split('\n'), [
      "archlens internal error while reading a.yaml (rule AL101): Cannot read properties of null (reading 'anchor') (please report: https://github.com/archlens/archlens/issues)",
    ]);
    assert.doesNotMatch(run.stderr, /input problem|YAML syntax/);
    assert.match(run.stdout, /^b\.yaml:4:38 +error +AL101 /m);
    assert.match(run.stdout, /\(2 files checked, 1 where archlens failed \(internal error\)/);
    assert.doesNotMatch(run.stdout, /with input problems/);
  });

  it('json: the failure is under internalErrors, not problems', async () => {
    const run = await check(['--format', 'json'], dir);
    assert.equal(run.code, 2);
    const out = JSON.parse(run.stdout) as { problems: unknown[]; internalErrors: unknown[]; findings: Array<{ file: string; rule: string }> };
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.internalErrors, [{ file: 'a.yaml', during: 'rule AL101', message: "Cannot read properties of null (reading 'anchor')" }]);
    assert.ok(out.findings.some((f) => f.file === 'b.yaml' && f.rule === 'AL101'));
  });

  it('sarif: a tool notification "internal-error" and an unsuccessful execution', async () => {
    const run = await check(['--format', 'sarif'], dir);
    assert.equal(run.code, 2);
    const invocation = JSON.parse(run.stdout).runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(invocation.toolExecutionNotifications.map((n: { descriptor?: { id: string } }) => n.descriptor?.id), ['internal-error']);
  });

  it('--fix leaves a file archlens failed on untouched', async () => {
    const run = await check(['--fix'], dir);
    assert.equal(run.code, 2);
    assert.equal(fs.readFileSync(`${dir}/a.yaml`, 'utf8'), BROKEN);
  });
});
