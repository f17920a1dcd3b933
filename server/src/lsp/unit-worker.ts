/**
 * The editor's chart worker (bundled as dist/unit-worker.js, see lsp/unit-runner.ts): renders and
 * analyses charts off the server's main thread, keeps each chart's last analysis for its registry
 * phase and hovers, and answers each request by its id. A cancelled request answers "nothing".
 */
import { parentPort } from 'node:worker_threads';
import { prepareEngine } from '../engine/prepare';
import { toWire, UnitWork, type WorkerCommand, type WorkerReply } from './unit-runner';

function serve(port: NonNullable<typeof parentPort>): void {
  const work = new UnitWork();
  const aborts = new Map<number, AbortController>();
  const send = (reply: WorkerReply) => port.postMessage(reply);
  const ready = prepareEngine().catch(() => undefined);
  port.on('message', (command: WorkerCommand) => {
    if (command.type === 'cancel') {
      aborts.get(command.id)?.abort();
      return;
    }
    const abort = new AbortController();
    aborts.set(command.id, abort);
    const run = async (): Promise<WorkerReply> => {
      await ready;
      switch (command.type) {
        case 'render': {
          const rendered = await work.render(command.request, abort.signal);
          return { type: 'rendered', id: command.id, ...(rendered ? { rendered: { references: rendered.references, offline: toWire(rendered.offline) } } : {}) };
        }
        case 'complete': {
          const result = await work.complete(command.ref, new Map(command.lookups), abort.signal);
          return { type: 'completed', id: command.id, ...(result ? { result: toWire(result) } : {}) };
        }
        case 'hover':
          return { type: 'hovered', id: command.id, images: work.imagesFedFrom(command.ref, command.file, command.offset) };
      }
    };
    run()
      .then(send, (error: unknown) => send({ type: 'failed', id: command.id, message: error instanceof Error ? error.message : String(error) }))
      .finally(() => aborts.delete(command.id));
  });
}

if (parentPort) serve(parentPort);
