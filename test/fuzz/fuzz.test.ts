/**
 * The short fuzzing run of `npm test` (under a minute in all): the campaigns of `npm run fuzz`
 * (engine, registry, language server) for a few seconds each, from a fixed seed so a run repeats
 * (FUZZ_SEED=n picks another). The hang bound is generous here (10 s of CPU time for a file under
 * 100 KB): the long run counts inputs over 2 s instead of failing on a loaded machine. Every kept
 * reproducer (test/fixtures/fuzz/found/) passes every engine property.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCampaign, Stats } from './campaign';
import { engineCampaign } from './engine-campaign';
import { checkEngine } from './engine-property';
import { lspCampaign } from './lsp-campaign';
import { registryCampaign } from './registry-campaign';
import { REPO } from './seeds';
import { buildOnce } from '../lsp/harness';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_204;
const LIMITS = { hangMs: 10_000, maxFindingsWithFixes: 8 };
const FOUND = path.join(REPO, 'test', 'fixtures', 'fuzz', 'found');

describe('fuzzing (short run; npm run fuzz for the long one)', function () {
  this.timeout(120_000);
  let outDir: string;
  before(() => { outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-fuzz-')); });
  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  const expectClean = (stats: Stats, least: number) => {
    assert.ok(stats.inputs >= least, `only ${stats.inputs} inputs ran`);
    assert.equal(stats.failures.size, 0, `failures (reproducers in ${outDir}):\n${stats.report()}`);
  };

  it('the engine: no internal error, no hang, valid ranges, every fix parses and removes its finding', async () => {
    const stats = await runCampaign({ ...engineCampaign(LIMITS), timeLimitMs: 25_000, seed: SEED, outDir, reduceMs: 5_000 });
    expectClean(stats, 50);
  });

  it('the registry client: hostile answers end in time in platforms or a typed error', async () => {
    const campaign = await registryCampaign();
    try {
      const stats = await runCampaign({ ...campaign, timeLimitMs: 8_000, seed: SEED, outDir, reduceMs: 0 });
      expectClean(stats, 20);
    } finally {
      await campaign.stop();
    }
  });

  it('the language server: random and malformed traffic is answered with protocol errors, never internal ones', async () => {
    buildOnce();
    const campaign = await lspCampaign();
    try {
      const stats = await runCampaign({ ...campaign, timeLimitMs: 15_000, seed: SEED, outDir, reduceMs: 0 });
      expectClean(stats, 5);
    } finally {
      await campaign.stop();
    }
  });

  describe('reproducers the fuzzer found (test/fixtures/fuzz/found)', () => {
    for (const folder of fs.existsSync(FOUND) ? fs.readdirSync(FOUND).sort() : []) {
      const failure = JSON.parse(fs.readFileSync(path.join(FOUND, folder, 'failure.json'), 'utf8')) as { property: string; detail: string; file: string; answers?: number };
      it(`${folder}: ${failure.property} (was: ${failure.detail})`, async () => {
        const text = fs.readFileSync(path.join(FOUND, folder, failure.file), 'utf8');
        const outcome = await checkEngine(failure.file, text, failure.answers ?? 0, { hangMs: 10_000, maxFindingsWithFixes: 1_000 });
        assert.deepEqual(outcome.failures, []);
      });
    }
  });
});
