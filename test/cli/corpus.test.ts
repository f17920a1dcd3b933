/** The shared corpus of real manifests goes through the built CLI offline: findings or not, never an error exit. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archlens, assertNoStack, ensureBuilt, REPO } from './helpers';

const ALL = path.resolve(REPO, '..', 'shared', 'corpus');
const CORPUS = path.join(ALL, 'kubernetes');

describe('archlens check --offline over the Kubernetes corpus', function () {
  this.timeout(300_000);
  before(function () {
    if (!fs.existsSync(CORPUS)) {
      if (process.env.ARCHLENS_ALLOW_MISSING_CORPUS) this.skip();
      throw new Error(`corpus not found at ${CORPUS} (set ARCHLENS_ALLOW_MISSING_CORPUS=1 to skip on purpose)`);
    }
    ensureBuilt();
  });

  it('exits 0 or 1 (never 2), checks every file, no stack trace', () => {
    const run = archlens(['check', '--offline', '--format', 'json', CORPUS], REPO, { timeoutMs: 240_000 });
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 2000)}`);
    assertNoStack(run.stderr);
    const out = JSON.parse(run.stdout) as { findings: Array<{ file: string; rule: string }>; problems: Array<{ file: string }> };
    const text = archlens(['check', '--offline', CORPUS], REPO, { timeoutMs: 240_000 });
    const yamlFiles = countFiles(CORPUS, /\.ya?ml$/);
    assert.match(text.stdout, new RegExp(`\\(${yamlFiles} files checked`));
    // Offline, every registry rule but AL209 must stay silent: no look-up answered.
    const registryOnly = out.findings.filter((f) => /^AL2(0[1-8])$/.test(f.rule));
    assert.deepEqual(registryOnly, []);
  });

  it('the whole corpus (Dockerfiles too): exit 0 or 1, registry rules silent offline except AL209', () => {
    const run = archlens(['check', '--offline', '--format', 'json', ALL], REPO, { timeoutMs: 240_000 });
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(0, 2000)}`);
    assertNoStack(run.stderr);
    const out = JSON.parse(run.stdout) as { findings: Array<{ rule: string }>; problems: Array<{ file: string; message: string }> };
    const registryRules = out.findings.filter((f) => /^AL(20[1-8]|40[12]|504)$/.test(f.rule));
    assert.deepEqual(registryRules, []);
    assert.ok(out.findings.some((f) => f.rule === 'AL209'), 'offline, unknown images are said to be unknown (AL209)');
    // Every problem is a one-line message about one file.
    for (const p of out.problems) assert.ok(!p.message.includes('\n') && p.message.length < 300, p.message);
  });
});

function countFiles(dir: string, pattern: RegExp): number {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) n += countFiles(full, pattern);
    else if (pattern.test(entry.name)) n++;
  }
  return n;
}
