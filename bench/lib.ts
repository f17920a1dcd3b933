/**
 * Benchmark helpers. Every benchmark compares the project's figure with a baseline measured in the
 * same run, as a ratio of medians, and records its section in bench/results/<topic>.md;
 * bench/run.ts runs them all and assembles bench/results.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Measurement { median: number; min: number; max: number; rounds: number }

/** Runs `fn` `warmup` times unmeasured, then `rounds` times; milliseconds. */
export async function measure(fn: () => unknown, rounds = 7, warmup = 2): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], rounds };
}

/** Median, min and max of `times` (ms). */
export function summarize(times: number[], rounds = times.length): Measurement {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], rounds };
}

/**
 * Each run timed once per round, in turn, after one warm-up round: on a shared machine the load
 * drifts over a minute, and rounds taken one kind after the other would hand the drift to the ratio.
 */
export function interleaved(runs: Array<() => void>, count: number): Measurement[] {
  for (const run of runs) run();
  const times = runs.map(() => [] as number[]);
  for (let round = 0; round < count; round++) {
    runs.forEach((run, i) => {
      const start = performance.now();
      run();
      times[i].push(performance.now() - start);
    });
  }
  return times.map((t) => summarize(t, count));
}

export function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(2)} ms`;
}

export interface Row { what: string; ours: Measurement; baseline: Measurement; baselineName: string; goal?: string }

/** A markdown table of rows with their ratio (ours / baseline). */
export function table(rows: Row[]): string {
  const lines = ['| measurement | archlens (median) | baseline | baseline (median) | ratio | goal |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.what} | ${ms(r.ours.median)} | ${r.baselineName} | ${ms(r.baseline.median)} | ${(r.ours.median / r.baseline.median).toFixed(3)}× | ${r.goal ?? ''} |`);
  }
  return lines.join('\n');
}

/** Writes (and prints) one topic's section. */
export function writeSection(topic: string, markdown: string): void {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const body = `## ${topic}\n\n${markdown.trim()}\n`;
  fs.writeFileSync(path.join(dir, `${topic.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`), body);
  process.stdout.write(`\n${body}\n`);
}

/** The shared corpus (../shared/corpus beside the clone, or $ARCHLENS_SHARED/corpus). */
export const CORPUS = path.join(process.env.ARCHLENS_SHARED ? path.resolve(process.env.ARCHLENS_SHARED) : path.resolve(__dirname, '..', '..', 'shared'), 'corpus');

/**
 * A copy of the built command without the code cache `npm run build` seeds (dist/code-cache): what
 * an installed package, or a build made under another Node, starts from on its first check. Returns
 * its bin/archlens.js.
 */
export function buildWithoutSeed(into: string): string {
  const repo = path.resolve(__dirname, '..');
  for (const part of ['bin', 'dist']) fs.cpSync(path.join(repo, part), path.join(into, part), { recursive: true });
  fs.rmSync(path.join(into, 'dist', 'code-cache'), { recursive: true, force: true });
  fs.copyFileSync(path.join(repo, 'package.json'), path.join(into, 'package.json'));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(into, 'node_modules'));
  return path.join(into, 'bin', 'archlens.js');
}
