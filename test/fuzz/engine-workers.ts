/**
 * The engine campaign of `npm run fuzz` over every core: one long-lived child process per core
 * (os.availableParallelism()), each running its own campaign from its own seed until the shared
 * deadline, then sending its figures back to be merged.
 *
 * Processes, not worker threads: the hang property is about the CPU time one analysis takes, and
 * Node 20 can only measure CPU time per process (process.cpuUsage counts every thread).
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCampaign, Stats, type Recorded, type SlowInput, type Counts } from './campaign';
import { engineCampaign } from './engine-campaign';
import type { EngineLimits } from './engine-property';
import { render } from './mutations';
import { loadSeeds } from './seeds';
import { prepareEngine } from '../../server/src/engine/prepare';

/** What a child is asked to do. */
interface Job { seed: number; deadline: number; outDir: string; reduceMs: number; limits: EngineLimits }

/** What a child sends: its figures after each batch, and once more when it is done. */
interface Message { done: boolean; data: StatsData }

/**
 * How long past the deadline a child may take to finish its input, minimise what it found and send
 * its figures before it counts as stuck. Minimising takes up to reduceMs per new kind of failure.
 */
const graceMs = (reduceMs: number) => 3 * reduceMs + 120_000;

/** Where a child keeps the input it is running: what a stuck child was doing, to write as a reproducer. */
const currentInputFile = (pid: number) => path.join(os.tmpdir(), `archlens-fuzz-current-${pid}`);

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
    return runChild(job, graceMs(options.reduceMs), (line) => options.log(line));
  }));
  for (const data of results) merge(stats, data);
  // On a shared machine the inputs per minute depend on the load; per CPU-minute they do not.
  const inputs = results.reduce((n, d) => n + d.inputs, 0);
  const cpuMinutes = results.reduce((n, d) => n + d.cpuMs, 0) / 60_000;
  options.log(`engine: ${inputs.toLocaleString('en')} inputs in ${cpuMinutes.toFixed(1)} CPU-minutes of ${workers} process${workers === 1 ? '' : 'es'} (${Math.round(inputs / cpuMinutes).toLocaleString('en')} per CPU-minute); load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);
}

function runChild(job: Job, graceMs: number, log: (line: string) => void): Promise<StatsData> {
  return new Promise((resolve, reject) => {
    // The parent's execArgv (--import tsx) is the child's: it runs this module's TypeScript as is.
    const child = fork(__filename, ['--engine-worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let latest: StatsData | undefined;
    let done = false;
    let stuck = false;
    // A child busy long past the deadline (one input that never ends) is stopped, and the run still
    // reports: the figures of its last batch, and the input it was on as a "no hang" failure.
    const watchdog = setTimeout(() => {
      stuck = true;
      child.kill('SIGKILL');
    }, Math.max(0, job.deadline - Date.now()) + graceMs);
    child.on('message', (message) => {
      const m = message as Message;
      latest = m.data;
      done ||= m.done;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      const inputFile = currentInputFile(child.pid!);
      if (stuck || !done) {
        const data: StatsData = latest ?? { inputs: 0, properties: [], kinds: [], failures: [], slowest: [], cpuMs: 0 };
        const folder = keepStuckInput(inputFile, job.outDir, child.pid!);
        const why = stuck ? `still busy ${Math.round(graceMs / 60_000)} min after the deadline` : `ended early (exit ${code ?? signal})`;
        log(`engine: worker ${child.pid} ${why}; its input is in ${folder ?? '(not saved)'}`);
        data.failures = [...data.failures, [`no hang: worker ${why}`, { property: stuck ? 'no hang' : 'no internal error', detail: `a fuzz worker ${why} on one input`, folder, times: 1 }]];
        resolve(data);
      } else {
        resolve(latest!);
      }
      fs.rmSync(inputFile, { force: true });
    });
    child.send(job);
  });
}

/** Copies the input a stuck child was running into a reproducer folder; returns the folder. */
function keepStuckInput(inputFile: string, outDir: string, pid: number): string | undefined {
  let saved: { file: string; text: string };
  try { saved = JSON.parse(fs.readFileSync(inputFile, 'utf8')) as { file: string; text: string }; } catch { return undefined; }
  const folder = path.join(outDir, `stuck-worker-${pid}`);
  fs.mkdirSync(path.dirname(path.join(folder, saved.file)), { recursive: true });
  fs.writeFileSync(path.join(folder, saved.file), saved.text);
  return folder;
}

/** In a child: run the campaign asked for, send the figures, exit. */
async function workerMain(): Promise<void> {
  const job = await new Promise<Job>((resolve) => process.once('message', (m) => resolve(m as Job)));
  await prepareEngine();
  loadSeeds();
  const inputFile = currentInputFile(process.pid);
  const send = (message: Message, then: () => void = () => undefined) => process.send!(message, then);
  const stats = await runCampaign({
    ...engineCampaign(job.limits),
    beforeInput: (input) => fs.writeFileSync(inputFile, JSON.stringify({ file: input.file, text: render(input) })),
    afterBatch: (so) => send({ done: false, data: toData(so) }),
    timeLimitMs: Math.max(1, job.deadline - Date.now()),
    seed: job.seed,
    outDir: job.outDir,
    reduceMs: job.reduceMs,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  send({ done: true, data: toData(stats) }, () => process.exit(0));
}

if (process.argv.includes('--engine-worker') && process.send) {
  workerMain().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
