/** The built CLI over a folder of real files (kubernetes/ and dockerfiles/ inside): findings or not, never an error exit. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { filesUnder } from '../helpers/corpus';
import { archlens, assertNoStack, ensureBuilt, REPO } from './helpers';

/** Registers the checks (inside a describe) for the corpus at `all`. */
export function cliCorpusChecks(all: string): void {
  const kubernetes = path.join(all, 'kubernetes');
  before(() => ensureBuilt());

  it('exits 0 or 1 (never 2), checks every file, no stack trace', () => {
    const run = archlens(['check', '--offline', '--format', 'json', kubernetes], REPO, { timeoutMs: 240_000 });
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 2000)}`);
    assertNoStack(run.stderr);
    const out = JSON.parse(run.stdout) as { findings: Array<{ file: string; rule: string }>; problems: Array<{ file: string }> };
    const text = archlens(['check', '--offline', kubernetes], REPO, { timeoutMs: 240_000 });
    assert.match(text.stdout, new RegExp(`\\(${filesUnder(kubernetes).length} files checked`));
    // Offline, every registry rule but AL209 must stay silent: no look-up answered.
    const registryOnly = out.findings.filter((f) => /^AL2(0[1-8])$/.test(f.rule));
    assert.deepEqual(registryOnly, []);
  });

  it('all of it (Dockerfiles too): exit 0 or 1, registry rules silent offline except AL209', () => {
    const run = archlens(['check', '--offline', '--format', 'json', all], REPO, { timeoutMs: 240_000 });
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 2000)}`);
    assertNoStack(run.stderr);
    const out = JSON.parse(run.stdout) as { findings: Array<{ rule: string }>; problems: Array<{ file: string; message: string }> };
    const registryRules = out.findings.filter((f) => /^AL(20[1-8]|40[12]|504)$/.test(f.rule));
    assert.deepEqual(registryRules, []);
    assert.ok(out.findings.some((f) => f.rule === 'AL209'), 'offline, unknown images are said to be unknown (AL209)');
    // Every problem is a one-line message about one file (a Kustomize patch problem naming the
    // base it could not read runs to about 400 characters).
    for (const p of out.problems) assert.ok(!p.message.includes('\n') && p.message.length < 600, p.message);
  });
}
