/**
 * `npm run fuzz [-- --minutes N] [--seed S] [--out DIR] [--only engine,registry,lsp] [--workers N]`: the
 * long fuzzing run. The time is shared between the engine (mutated corpus files, in one child
 * process per core unless --workers says otherwise: engine-workers.ts), the registry client
 * (hostile answers from a loopback fault proxy) and the language server (random and malformed
 * protocol traffic to a spawned server). Prints inputs per property and per mutation kind, the
 * failures and the slowest inputs; writes a minimised reproducer of each kind of failure to DIR
 * (default fuzz-failures/). Exits 1 when anything failed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign, Stats } from './campaign';
import { runEngineInParallel } from './engine-workers';
import { registryCampaign } from './registry-campaign';
import { lspCampaign } from './lsp-campaign';
import { REPO } from './seeds';
import { prepareEngine } from '../../server/src/engine/prepare';

/** Shares of the time: the engine holds most of the inputs issue 18 counts. */
const SHARES = { engine: 0.7, registry: 0.15, lsp: 0.15 } as const;
type Campaign = keyof typeof SHARES;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '1' },
      seed: { type: 'string' },
      out: { type: 'string', default: path.join(REPO, 'fuzz-failures') },
      only: { type: 'string' },
      report: { type: 'string' },
      workers: { type: 'string' },
    },
  });
  const minutes = Number(values.minutes);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new Error(`--minutes must be a positive number (got ${values.minutes})`);
  const workers = values.workers !== undefined ? Number(values.workers) : undefined;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new Error(`--workers must be a positive integer (got ${values.workers})`);
  const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
  const only = (values.only?.split(',') ?? Object.keys(SHARES)) as Campaign[];
  const total = minutes * 60_000;
  const share = only.reduce((sum, c) => sum + SHARES[c], 0);
  await prepareEngine(); // the shell parser (WASM), as the CLI and the server load it
  const stats = new Stats();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`archlens fuzz: ${minutes} min, seed ${seed}, campaigns ${only.join(', ')}, reproducers in ${values.out}`);
  const started = Date.now();
  for (const name of only) {
    const timeLimitMs = (total * SHARES[name]) / share;
    const common = { timeLimitMs, seed, outDir: values.out, reduceMs: 60_000, log };
    const before = stats.inputs;
    if (name === 'engine') await runEngineInParallel({ ...common, limits: { hangMs: 2000, maxFindingsWithFixes: 20 }, workers }, stats);
    if (name === 'registry') {
      const campaign = await registryCampaign();
      try { await runCampaign({ ...campaign, ...common }, stats); } finally { await campaign.stop(); }
    }
    if (name === 'lsp') {
      const campaign = await lspCampaign();
      try { await runCampaign({ ...campaign, ...common }, stats); } finally { await campaign.stop(); }
    }
    log(`${name}: ${(stats.inputs - before).toLocaleString('en')} inputs`);
  }
  const report = `${stats.report()}\n\nseed ${seed}; ${((Date.now() - started) / 60_000).toFixed(1)} minutes; Node ${process.version}`;
  log(`\n${report}`);
  if (values.report) fs.writeFileSync(values.report, `${report}\n`);
  if (stats.failures.size > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
