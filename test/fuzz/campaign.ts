/**
 * A fuzzing campaign: fast-check generates inputs and runs a property on each, batch after batch,
 * until a time budget is spent; failures are counted (not stopped at), each new kind of failure is
 * minimised (line, then character deletion, while the same property fails the same way) and written
 * as a reproducer folder. Shared by the short run in `npm test` (test/fuzz/fuzz.test.ts) and the long
 * one (`npm run fuzz`, test/fuzz/run.ts).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Failure, Property } from './engine-property';

export interface Counts { checked: number; failed: number }

/** One input that failed, kept for the report and (minimised) on disk. */
export interface Recorded {
  property: Property;
  detail: string;
  /** Where the reproducer was written, if it was. */
  folder?: string;
  /** How many inputs failed the same way. */
  times: number;
}

export interface SlowInput { what: string; chars: number; ms: number; cpuMs?: number }

/** Figures of a campaign: inputs per property and per mutation kind, failures, the slowest inputs. */
export class Stats {
  inputs = 0;
  readonly properties = new Map<string, Counts>();
  readonly kinds = new Map<string, number>();
  readonly failures = new Map<string, Recorded>();
  slowest: SlowInput[] = [];

  checked(property: string, failed: boolean, n = 1): void {
    const c = this.properties.get(property) ?? { checked: 0, failed: 0 };
    c.checked += n;
    if (failed) c.failed++;
    this.properties.set(property, c);
  }

  kind(kind: string): void {
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  }

  timed(input: SlowInput): void {
    if (this.slowest.length >= 10 && input.ms <= this.slowest[this.slowest.length - 1].ms) return;
    this.slowest = [...this.slowest, input].sort((a, b) => b.ms - a.ms).slice(0, 10);
  }

  failureCount(): number {
    let n = 0;
    for (const r of this.failures.values()) n += r.times;
    return n;
  }

  /** The campaign's figures as text (printed by the runs, recorded in bench/results.md). */
  report(): string {
    const lines = [`inputs: ${this.inputs.toLocaleString('en')}; failures: ${this.failureCount()}`, '', 'property | inputs checked | failed', '---|---|---'];
    for (const [p, c] of [...this.properties].sort()) lines.push(`${p} | ${c.checked.toLocaleString('en')} | ${c.failed}`);
    lines.push('', 'mutation kind | inputs', '---|---');
    for (const [k, n] of [...this.kinds].sort()) lines.push(`${k} | ${n.toLocaleString('en')}`);
    lines.push('', 'slowest inputs | characters | ms (wall) | ms (CPU)', '---|---|---|---');
    for (const s of this.slowest) lines.push(`${s.what} | ${s.chars.toLocaleString('en')} | ${Math.round(s.ms)} | ${s.cpuMs === undefined ? '' : Math.round(s.cpuMs)}`);
    if (this.failures.size > 0) {
      lines.push('', 'failure | times | reproducer', '---|---|---');
      for (const r of this.failures.values()) lines.push(`${r.property}: ${r.detail.slice(0, 160)} | ${r.times} | ${r.folder ?? ''}`);
    }
    return lines.join('\n');
  }
}

/** A failure's kind: the property and its detail with numbers and quoted values blanked. */
export function signature(f: Failure): string {
  return `${f.property}: ${f.detail.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N').slice(0, 120)}`;
}

export interface CampaignOptions<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Runs the properties on one input; records its counts in `stats`. */
  run(input: T, stats: Stats): Promise<Failure[]>;
  /** The file a reproducer is written as, and its text, for a failing input (undefined: nothing to write). */
  reproducer?(input: T, failure: Failure): Promise<{ file: string; text: string; reduce?: (text: string) => Promise<boolean> } | undefined>;
  timeLimitMs: number;
  seed: number;
  /** Where reproducers go (created on the first failure). */
  outDir: string;
  /** How long minimising one reproducer may take. */
  reduceMs: number;
  log?: (line: string) => void;
  /** Stop after this many inputs (default: the time limit alone decides). */
  maxInputs?: number;
  /** Called with each input before it runs (the worker keeps it on disk, to name the input a stuck worker was on). */
  beforeInput?(input: T): void;
  /** Called after each batch with the figures so far (the worker sends them to its parent). */
  afterBatch?(stats: Stats): void;
}

/** Runs batches of inputs until the time is spent; returns the stats. */
export async function runCampaign<T>(options: CampaignOptions<T>, stats = new Stats()): Promise<Stats> {
  const deadline = Date.now() + options.timeLimitMs;
  let batch = 0;
  while (Date.now() < deadline && (options.maxInputs === undefined || stats.inputs < options.maxInputs)) {
    const seed = (options.seed + batch++ * 7919) | 0;
    const found: Array<{ input: T; failures: Failure[] }> = [];
    // The deadline is checked before each input, not by fast-check's interruptAfterTimeLimit: that
    // abandons the input in progress, which runs on unseen (a language-server sequence then failed
    // on the server the campaign had stopped, counted but never recorded). Every input counted ran whole.
    await fc.check(fc.asyncProperty(options.arbitrary, async (input) => {
      if (Date.now() >= deadline) return true;
      stats.inputs++;
      options.beforeInput?.(input);
      const failures = await options.run(input, stats);
      if (failures.length > 0) found.push({ input, failures });
      return true; // every input is run; failures are collected, not stopped at
    }), {
      seed,
      numRuns: Math.min(200, (options.maxInputs ?? Infinity) - stats.inputs),
    });
    for (const { input, failures } of found) {
      for (const failure of failures) await record(options, stats, input, failure, seed);
    }
    options.afterBatch?.(stats);
  }
  return stats;
}

async function record<T>(options: CampaignOptions<T>, stats: Stats, input: T, failure: Failure, seed: number): Promise<void> {
  const key = signature(failure);
  const known = stats.failures.get(key);
  if (known) { known.times++; return; }
  const recorded: Recorded = { property: failure.property, detail: failure.detail, times: 1 };
  stats.failures.set(key, recorded);
  options.log?.(`${options.name}: ${failure.property}: ${failure.detail}`);
  const repro = await options.reproducer?.(input, failure);
  if (!repro) return;
  let text = repro.text;
  if (repro.reduce) text = await minimise(text, repro.reduce, options.reduceMs);
  const folder = path.join(options.outDir, `${failure.property.replace(/\W+/g, '-')}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`);
  fs.mkdirSync(path.dirname(path.join(folder, repro.file)), { recursive: true });
  fs.writeFileSync(path.join(folder, repro.file), text);
  fs.writeFileSync(path.join(folder, 'failure.json'), `${JSON.stringify({ campaign: options.name, ...failure, file: repro.file, fastCheckSeed: seed, originalChars: repro.text.length, minimisedChars: text.length }, null, 2)}\n`);
  recorded.folder = folder;
}

/**
 * Delta debugging on a text: drop chunks of lines, then of characters, halving the chunk size,
 * while `stillFails` holds; stops when the time is up (the smallest failing text so far is kept).
 */
export async function minimise(text: string, stillFails: (text: string) => Promise<boolean>, budgetMs: number): Promise<string> {
  const deadline = Date.now() + budgetMs;
  let best = text;
  for (const unit of ['line', 'char'] as const) {
    let parts = unit === 'line' ? best.split(/(?<=\n)/) : [...best];
    for (let size = Math.max(1, Math.floor(parts.length / 2)); size >= 1 && Date.now() < deadline; size = Math.floor(size / 2)) {
      for (let i = 0; i < parts.length && Date.now() < deadline;) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + size)];
        if (candidate.length < parts.length && await stillFails(candidate.join(''))) {
          parts = candidate;
          best = candidate.join('');
        } else {
          i += size;
        }
      }
      if (size === 1) break;
    }
  }
  return best;
}
