/**
 * The editor's chart worker (bundled as dist/unit-worker.mjs, see lsp/unit-runner.ts): renders and
 * analyses charts off the server's main thread, keeps each chart's last analysis for its registry
 * phase and hovers, and answers each request by its id. A cancelled request answers "nothing".
 * It does not load the shell parser (engine/prepare.ts): charts and kustomizations render
 * Kubernetes documents only, and the parser's WASM memory would be some 35 MB of the worker's heap.
 */
import { parentPort } from 'node:worker_threads';
import { MapReplica } from './map-replica';
import { heapKeeper } from './memory';
import { toWire } from '../units/wire';
import { UnitWork, type DistributiveOmit, type WorkerCommand, type WorkerReply } from './unit-runner';

/** How far the worker's heap may grow past its live data before it is collected (memory.ts heapKeeper). */
const HEAP_SLACK_MB = 16;

function serve(port: NonNullable<typeof parentPort>): void {
  // The workspace image map, in step with the main thread's (map-replica.ts): AL210 on what a chart deploys.
  const replica = new MapReplica();
  const work = new UnitWork(() => replica.images);
  const aborts = new Map<number, AbortController>();
  const heap = heapKeeper(HEAP_SLACK_MB);
  const send = (reply: DistributiveOmit<WorkerReply, 'idle'>) => {
    port.postMessage({ ...reply, idle: work.idle });
    // After the reply is on its way: the collection holds up no answer.
    setImmediate(() => heap.check());
  };
  port.on('message', (command: WorkerCommand) => {
    if (command.type === 'cancel') {
      aborts.get(command.id)?.abort();
      return;
    }
    // Applied as it arrives: every request sent after a change reads it.
    if (command.type === 'facts') {
      replica.apply(command.changes, command.reset);
      return;
    }
    const abort = new AbortController();
    aborts.set(command.id, abort);
    const run = async (): Promise<DistributiveOmit<WorkerReply, 'idle'>> => {
      switch (command.type) {
        case 'render': {
          const rendered = await work.render(command.request, abort.signal);
          return { type: 'rendered', id: command.id, ...(rendered ? { rendered: { references: rendered.references, offline: toWire(rendered.offline), images: rendered.images } } : {}) };
        }
        case 'complete': {
          const result = await work.complete(command.ref, new Map(command.lookups), abort.signal);
          return { type: 'completed', id: command.id, ...(result ? { result: toWire(result) } : {}) };
        }
        case 'release':
          work.release(command.ref);
          return { type: 'released', id: command.id };
      }
    };
    run()
      .then(send, (error: unknown) => send({ type: 'failed', id: command.id, message: error instanceof Error ? error.message : String(error) }))
      .finally(() => aborts.delete(command.id));
  });
}

if (parentPort) serve(parentPort);
