/**
 * The first build of the editor's workspace image map, in a worker thread (bundled as
 * dist/map-worker.mjs; see map-build.ts): the parent sends the folders, the settings layer and the
 * open documents' texts; the worker sends facts in batches, log lines, and the outcome. It is
 * stopped when done, or when a newer build replaces it, so the memory of the charts it rendered goes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { prepareEngine } from '../engine/prepare';
import { heapKeeper } from './memory';
import { buildWorkspaceMap, type MapBuildInput, type MapBuildOutcome } from './map-build';
import type { FactsChange } from '../imagemap/crossing';

export type MapWorkerMessage =
  | { type: 'facts'; changes: FactsChange[] }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'done'; outcome: MapBuildOutcome }
  | { type: 'error'; message: string };

/** How far the build's heap may grow past its live data before it is collected (memory.ts heapKeeper). */
const HEAP_SLACK_MB = 32;

async function run(port: NonNullable<typeof parentPort>, input: MapBuildInput): Promise<void> {
  const send = (m: MapWorkerMessage) => port.postMessage(m);
  let preparing: Promise<void> | undefined;
  const heap = heapKeeper(HEAP_SLACK_MB);
  const outcome = await buildWorkspaceMap(input, {
    emit: (changes) => send({ type: 'facts', changes }),
    log: (level, message) => send({ type: 'log', level, message }),
    cancelled: () => false, // the parent stops the thread
    pause: () => {
      heap.check();
      return Promise.resolve();
    },
    prepare: () => (preparing ??= prepareEngine()),
  });
  if (outcome) send({ type: 'done', outcome });
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as MapBuildInput).catch((error) => {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies MapWorkerMessage);
  });
}
