/**
 * The units of a check in a worker thread (unit-pass-worker.ts), for the CLI: a check spends about
 * as long on its charts and overlays (discovery builds every kustomization) as on its plain files,
 * and the two need each other only at the end (the workspace image map, the look-ups), so the units
 * run on a second core while the calling thread checks the plain files. What the worker sends back
 * is what unit-pass.ts's `unitPassHere` gives, but for the analyses themselves, which stay in the
 * worker (`--fix` works from them: it runs the units here).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { codeCacheFolders } from '../core/code-cache-folders';
import { LineIndex } from '../core/text';
import type { FileFacts } from '../imagemap/facts';
import { replicaChange } from '../imagemap/crossing';
import { fromWire } from '../units/wire';
import type { UnitJob } from '../units/batch';
import type { Discovery } from '../units';
import type { CompletedUnit, RenderedUnitSummary, UnitPass } from './unit-pass';
import type { UnitPassCommand, UnitPassReply, UnitPassWorkerInput } from './unit-pass-worker';

/** The worker bundle beside this bundle, or undefined (running from sources: the units run in-thread). */
export function unitPassWorkerPath(): string | undefined {
  const file = path.join(__dirname, 'unit-pass-worker.mjs');
  return fs.existsSync(file) ? file : undefined;
}


/**
 * The worker, compiling the chunks through the code cache when the main thread does (cli/start.ts):
 * a small CommonJS prologue installs it before the worker's module loads any chunk.
 */
function startWorker(file: string, input: UnitPassWorkerInput): Worker {
  const folders = codeCacheFolders();
  if (!folders) return new Worker(file, { workerData: input });
  const start = path.join(folders.distDir, 'cli-start.cjs');
  const prologue = [
    'const { workerData } = require("node:worker_threads");',
    `require(${JSON.stringify(start)}).prepareWorker(workerData.codeCache);`,
    `import(${JSON.stringify(pathToFileURL(file).href)});`,
  ].join('\n');
  return new Worker(prologue, { eval: true, workerData: { ...input, codeCache: folders } });
}

/** Facts of a unit's file as the map needs them: the deployed images' ranges; the file's text stays in the worker. */
const NO_TEXT = new LineIndex('');

/**
 * Starts the worker on these files. `facts()` gives the workspace's facts when the registry phase
 * is asked for (the worker builds its own image map from them).
 */
export function unitPassInWorker(file: string, files: readonly string[], facts: () => Iterable<FileFacts>): UnitPass {
  const worker = startWorker(file, { files: [...files] });
  /** The reply each step awaits, by type (each comes once, in order); all rejected when the worker fails. */
  const pending = new Map<UnitPassReply['type'], { resolve: (reply: UnitPassReply) => void; reject: (error: Error) => void }>();
  let failure: Error | undefined;
  let onUnit: ((index: number) => void) | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const step of pending.values()) step.reject(failure);
    pending.clear();
  };
  const next = <T extends UnitPassReply['type']>(type: T): Promise<Extract<UnitPassReply, { type: T }>> => new Promise((resolve, reject) => {
    if (failure) return reject(failure);
    pending.set(type, { resolve: (reply) => resolve(reply as Extract<UnitPassReply, { type: T }>), reject });
  });
  const discovered = next('discovered');
  worker.on('message', (reply: UnitPassReply) => {
    if (reply.type === 'failed') return fail(new Error(reply.message));
    if (reply.type === 'unit') return onUnit?.(reply.index);
    const step = pending.get(reply.type);
    pending.delete(reply.type);
    step?.resolve(reply);
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`the chart and overlay worker stopped (exit ${code})`)));

  let jobs: readonly UnitJob[] = [];
  const post = (command: UnitPassCommand) => worker.postMessage(command);
  return {
    discovery: discovered.then((reply): Discovery => ({ units: reply.units, members: new Set(reply.members) })),
    async render(given, unitDone) {
      jobs = given;
      onUnit = (index) => unitDone?.(jobs[index]);
      const rendered = next('rendered');
      post({ type: 'render', jobs: [...jobs] });
      const reply = await rendered;
      return reply.units.map((unit): RenderedUnitSummary => 'failure' in unit
        ? { job: jobs[unit.index], failure: unit.failure }
        : { job: jobs[unit.index], references: unit.references, deployed: unit.deployed.map(({ file, uses }) => ({ file, lines: NO_TEXT, uses })) });
    },
    async complete(images, _workspace) {
      const completed = next('completed');
      post({ type: 'complete', lookups: [...images], facts: [...facts()].map((f) => replicaChange([f.file, f])) });
      const reply = await completed;
      return reply.units.map((unit): CompletedUnit => 'failure' in unit
        ? { job: jobs[unit.index], failure: unit.failure }
        : { job: jobs[unit.index], result: fromWire(unit.result) });
    },
    dispose() {
      pending.clear();
      void worker.terminate();
    },
  };
}
