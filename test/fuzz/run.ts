/**
 * `npm run fuzz [-- --minutes N] [--seed S] [--out DIR] [--only engine,registry,lsp] [--workers N]`: the
 * long fuzzing run: the engine (mutated corpus files) for the whole time, in one child process per
 * core unless --workers says otherwise (engine-workers.ts), and meanwhile in this process the
 * registry client (hostile answers from a loopback fault proxy), then the language server (random
 * and malformed protocol traffic to a spawned server), half the time each. Prints inputs per property and per mutation kind, the
 * failures and the slowest inputs; writes a minimised reproducer of each kind of failure to DIR
 * (default fuzz-failures/). Exits 1 when anything failed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign, Stats } from './campaign';
import { mergeStats, runEngineInParallel } from './engine-workers';
import { registryCampaign } from './registry-campaign';
import { lspCampaign } from './lsp-campaign';
import { REPO } from './seeds';
import { prepareEngine } from '../../server/src/engine/prepare';

const CAMPAIGNS = ['engine', 'registry', 'lsp'] as const;
type Campaign = (typeof CAMPAIGNS)[number];

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
  const only = (values.only?.split(',') ?? CAMPAIGNS) as Campaign[];
  const unknown = only.filter((c) => !CAMPAIGNS.includes(c));
  if (unknown.length > 0) throw new Error(`--only: unknown campaign ${unknown.join(', ')} (campaigns: ${CAMPAIGNS.join(', ')})`);
  const total = minutes * 60_000;
  await prepareEngine(); // the shell parser (WASM), as the CLI and the server load it
  const stats = new Stats();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`archlens fuzz: ${minutes} min, seed ${seed}, campaigns ${only.join(', ')}, reproducers in ${values.out}`);
  const started = Date.now();
  const common = { seed, outDir: values.out, reduceMs: 60_000, log };
  // The engine's worker processes take the whole time; the registry and language-server campaigns
  // wait on sockets and timers more than they compute, so they run in this process meanwhile,
  // one after the other, each with its own figures (merged at the end).
  const engine = only.includes('engine')
    ? runEngineInParallel({ ...common, timeLimitMs: total, limits: { hangMs: 2000, maxFindingsWithFixes: 20 }, workers }, stats)
    : Promise.resolve();
  const others = only.filter((c) => c !== 'engine');
  const parts: Stats[] = [];
  for (const name of others) {
    const part = new Stats();
    parts.push(part);
    const options = { ...common, timeLimitMs: Math.max(1, started + (total * (others.indexOf(name) + 1)) / others.length - Date.now()) };
    if (name === 'registry') {
      const campaign = await registryCampaign();
      try { await runCampaign({ ...campaign, ...options }, part); } finally { await campaign.stop(); }
    } else {
      const campaign = await lspCampaign();
      try { await runCampaign({ ...campaign, ...options }, part); } finally { await campaign.stop(); }
    }
    log(`${name}: ${part.inputs.toLocaleString('en')} inputs`);
  }
  await engine;
  for (const part of parts) mergeStats(stats, part);
  const report = `${stats.report()}\n\nseed ${seed}; ${((Date.now() - started) / 60_000).toFixed(1)} minutes; Node ${process.version}`;
  log(`\n${report}`);
  if (values.report) fs.writeFileSync(values.report, `${report}\n`);
  if (stats.failures.size > 0) process.exitCode = 1;
}

// Exits when done: a campaign's sockets or child processes left behind must not keep the run alive.
main().then(() => process.exit(process.exitCode ?? 0), (error) => {
  console.error(error);
  process.exit(2);
});
