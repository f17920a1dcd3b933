/**
 * The engine campaign of `npm run fuzz` over every core: one long-lived child process per core
 * (os.availableParallelism()), each running its own campaign from its own seed until the shared
 * deadline, then sending its figures back to be merged.
 *
 * Processes, not worker threads: the hang property is about the CPU time one analysis takes, and
 * Node 20 can only measure CPU time per process (process.cpuUsage counts every thread).
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import { runCampaign, Stats, type Recorded, type SlowInput, type Counts } from './campaign';
import { engineCampaign } from './engine-campaign';
import type { EngineLimits } from './engine-property';
import { loadSeeds } from './seeds';
import { prepareEngine } from '../../server/src/engine/prepare';

/** What a child is asked to do. */
interface Job { seed: number; deadline: number; outDir: string; reduceMs: number; limits: EngineLimits }

/** A child's figures, as plain data across the IPC channel. */
interface StatsData {
  inputs: number;
  properties: Array<[string, Counts]>;
  kinds: Array<[string, number]>;
  failures: Array<[string, Recorded]>;
  slowest: SlowInput[];
  /** CPU time the child spent (user + system), start-up included. */
  cpuMs: number;
}

function toData(stats: Stats): StatsData {
  const cpu = process.cpuUsage();
  return { inputs: stats.inputs, properties: [...stats.properties], kinds: [...stats.kinds], failures: [...stats.failures], slowest: stats.slowest, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Adds another campaign's figures to `stats` (a failure both found is one kind, its counts summed). */
export function mergeStats(stats: Stats, other: Stats): void {
  merge(stats, toData(other));
}

function merge(stats: Stats, data: StatsData): void {
  stats.inputs += data.inputs;
  for (const [p, c] of data.properties) {
    const known = stats.properties.get(p) ?? { checked: 0, failed: 0 };
    stats.properties.set(p, { checked: known.checked + c.checked, failed: known.failed + c.failed });
  }
  for (const [k, n] of data.kinds) stats.kinds.set(k, (stats.kinds.get(k) ?? 0) + n);
  for (const [key, r] of data.failures) {
    const known = stats.failures.get(key);
    if (known) known.times += r.times; else stats.failures.set(key, r);
  }
  for (const s of data.slowest) stats.timed(s);
}

export interface ParallelOptions { timeLimitMs: number; seed: number; outDir: string; reduceMs: number; limits: EngineLimits; log(line: string): void; workers?: number }

/** Runs the engine campaign in `workers` child processes (default: one per core) and merges their figures into `stats`. */
export async function runEngineInParallel(options: ParallelOptions, stats: Stats): Promise<void> {
  const workers = options.workers ?? os.availableParallelism();
  const deadline = Date.now() + options.timeLimitMs;
  options.log(`engine: ${workers} worker process${workers === 1 ? '' : 'es'}`);
  const results = await Promise.all(Array.from({ length: workers }, (_, i) => {
    // Seeds far apart: the workers' batches (seed + n × 7919) do not meet within a run.
    const job: Job = { seed: (options.seed + i * 1_000_003) | 0, deadline, outDir: options.outDir, reduceMs: options.reduceMs, limits: options.limits };
    return runChild(job);
  }));
  for (const data of results) merge(stats, data);
  // On a shared machine the inputs per minute depend on the load; per CPU-minute they do not.
  const inputs = results.reduce((n, d) => n + d.inputs, 0);
  const cpuMinutes = results.reduce((n, d) => n + d.cpuMs, 0) / 60_000;
  options.log(`engine: ${inputs.toLocaleString('en')} inputs in ${cpuMinutes.toFixed(1)} CPU-minutes of ${workers} process${workers === 1 ? '' : 'es'} (${Math.round(inputs / cpuMinutes).toLocaleString('en')} per CPU-minute); load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
}

function runChild(job: Job): Promise<StatsData> {
  return new Promise((resolve, reject) => {
    // The parent's execArgv (--import tsx) is the child's: it runs this module's TypeScript as is.
    const child = fork(__filename, ['--engine-worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: StatsData | undefined;
    child.on('message', (message) => { result = message as StatsData; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`fuzz engine worker ended without figures (exit ${code ?? signal})`));
    });
    child.send(job);
  });
}

/** In a child: run the campaign asked for, send the figures, exit. */
async function workerMain(): Promise<void> {
  const job = await new Promise<Job>((resolve) => process.once('message', (m) => resolve(m as Job)));
  await prepareEngine();
  loadSeeds();
  const stats = await runCampaign({
    ...engineCampaign(job.limits),
    timeLimitMs: Math.max(1, job.deadline - Date.now()),
    seed: job.seed,
    outDir: job.outDir,
    reduceMs: job.reduceMs,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.send!(toData(stats), () => process.exit(0));
}

if (process.argv.includes('--engine-worker') && process.send) {
  workerMain().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
