/**
 * Issue 18's registry fault matrix end to end through the built CLI: `archlens check` on a file
 * naming the image, with a `.archlens.yaml` that lists the loopback hosts as insecure. Each case
 * gives a typed AL209 reason within the time limit, and the process exits by itself (an open
 * handle would keep it running until spawnSync's kill). Then (issue 18) the unique credentials
 * planted in a docker config and a credential helper appear nowhere in anything written.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CASE_LIMIT_MS, TIMEOUT_MS, assertNoSecret, deploymentOf, readTree, startFaultMatrix, type FaultMatrix } from '../registry/fault-matrix';
import { archlensAsync as archlens } from './async-run';
import { ensureBuilt, workspace } from './helpers';

interface JsonOut {
  findings: Array<{ rule: string; message: string; file: string }>;
  images: Record<string, { state?: string; error: string | null; platforms: string[] }>;
}

describe('registry fault matrix through the CLI', function () {
  this.timeout(300_000);
  let matrix: FaultMatrix;
  const rows: string[] = [];
  const written: string[] = [];

  before(async () => {
    ensureBuilt();
    matrix = await startFaultMatrix();
  });
  after(async () => {
    await matrix?.stop();
    if (rows.length) console.log(`\n      CLI fault matrix (case | state | AL209 reason | ms):\n${rows.map((r) => `      ${r}`).join('\n')}\n`);
  });

  const config = (m: FaultMatrix): string => `registries:\n  insecure: [${m.insecure.map((h) => `"${h}"`).join(', ')}]\n  timeoutMs: ${TIMEOUT_MS}\n`;
  const env = (m: FaultMatrix): NodeJS.ProcessEnv => ({ DOCKER_CONFIG: m.dockerConfigDir, PATH: `${m.helperDir}:${process.env.PATH}` });
  const record = (run: { stdout: string; stderr: string }, dir: string): void => {
    written.push(run.stdout, run.stderr, readTree(dir));
  };

  it('every case: a typed AL209 reason in time, and the process exits by itself', async () => {
    for (const c of matrix.cases) {
      const dir = workspace({ 'app.yaml': deploymentOf(c.image), '.archlens.yaml': config(matrix) });
      try {
        const started = Date.now();
        const run = await archlens(['check', '--format', 'json', '--cache-dir', path.join(dir, 'cache'), '--fail-on', 'none'], dir, { env: env(matrix), timeoutMs: 60_000 });
        const elapsed = Date.now() - started;
        record(run, dir);
        assert.equal(run.signal, null, `${c.name}: the process did not exit by itself`);
        assert.equal(run.code, 0, `${c.name}: ${run.stderr}`);
        assert.ok(elapsed < CASE_LIMIT_MS, `${c.name}: answered in ${elapsed} ms`);
        const out = JSON.parse(run.stdout) as JsonOut;
        const image = out.images[c.image];
        assert.ok(image, `${c.name}: ${Object.keys(out.images).join(', ')}`);
        assert.equal(image.state, c.state, `${c.name}: ${image.error}`);
        assert.match(image.error ?? '', c.reason, c.name);
        const al209 = out.findings.filter((f) => f.rule === 'AL209');
        assert.equal(al209.length, 1, c.name);
        assert.ok(al209[0].message.includes(image.error!), `${c.name}: ${al209[0].message}`);
        c.check?.();
        rows.push(`${c.name} | ${image.state} | ${image.error} | ${elapsed}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('the planted credentials are used where they belong, and appear in no output, log or cache (text, JSON, SARIF, platforms)', async () => {
    const images = [matrix.authenticatedImage, ...matrix.cases.map((c) => c.image)];
    const dir = workspace({
      ...Object.fromEntries(images.map((image, i) => [`app${i}.yaml`, deploymentOf(image)])),
      '.archlens.yaml': config(matrix),
    });
    try {
      const cache = path.join(dir, 'cache');
      const json = await archlens(['check', '--format', 'json', '--cache-dir', cache, '--fail-on', 'none'], dir, { env: { ...env(matrix), ARCHLENS_DEBUG: '1' } });
      record(json, dir);
      const out = JSON.parse(json.stdout) as JsonOut;
      assert.deepEqual(out.images[matrix.authenticatedImage].platforms.sort(), ['linux/amd64', 'linux/arm64'], 'the helper credentials worked');
      for (const format of ['text', 'sarif']) record(await archlens(['check', '--format', format, '--cache-dir', cache], dir, { env: env(matrix) }), dir);
      for (const format of ['text', 'json']) record(await archlens(['platforms', ...images, '--format', format, '--cache-dir', cache], dir, { env: env(matrix) }), dir);
      assert.ok(fs.existsSync(cache) && readTree(cache).length > 0, 'the cache was written');
      const everything = written.join('\n');
      assert.ok(everything.length > 10_000, `${everything.length} characters searched`);
      assertNoSecret(everything, matrix.secrets, 'CLI output or cache');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
