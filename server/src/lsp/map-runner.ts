/** Starts the map build in its worker (dist/map-worker.mjs) and hands its facts over as they come. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { releaseMemory } from './memory';
import type { MapBuildInput, MapBuildOutcome } from './map-build';
import type { FactsChange } from '../imagemap/crossing';
import type { MapWorkerMessage } from './map-worker';

/** The worker bundle beside this bundle, or undefined (running from sources: built in process). */
export function mapWorkerPath(): string | undefined {
  const file = path.join(__dirname, 'map-worker.mjs');
  return fs.existsSync(file) ? file : undefined;
}

/** How often a build that has been replaced is noticed (the worker is then stopped). */
const STALE_CHECK_MS = 200;

/**
 * A small young generation, as the chart worker's (unit-runner.ts): V8's default lets short-lived
 * objects fill 48 MB before a collection, pages the process keeps while the build runs, and a
 * build allocates mostly short-lived data. The old generation is kept near its live data by the
 * worker itself (memory.ts heapKeeper).
 */
const MAP_WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** The build's outcome; undefined when it was replaced (`stale`) before it ended. */
export function runMapWorker(
  file: string,
  input: MapBuildInput,
  apply: (changes: readonly FactsChange[]) => void,
  stale: () => boolean,
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
): Promise<MapBuildOutcome | undefined> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: input, resourceLimits: MAP_WORKER_LIMITS });
    worker.unref(); // a build never keeps the server alive
    let settled = false;
    const watch = setInterval(() => { if (stale()) finish(() => resolve(undefined)); }, STALE_CHECK_MS);
    watch.unref();
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      fn();
      // The facts this thread received came in batches whose copies are garbage now: a full
      // collection lets V8 give their pages back (the build's own memory goes with its thread).
      void worker.terminate().then(() => releaseMemory());
    };
    worker.on('message', (m: MapWorkerMessage) => {
      if (settled) return;
      switch (m.type) {
        case 'facts': apply(m.changes); break;
        case 'log': log(m.level, m.message); break;
        case 'done': finish(() => resolve(m.outcome)); break;
        case 'error': finish(() => reject(new Error(m.message))); break;
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new Error(`the map build stopped (exit ${code})`))));
  });
}
