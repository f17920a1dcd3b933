/**
 * The units of a CLI check in a worker thread (bundled as dist/unit-pass-worker.mjs; the parent side
 * is unit-pass-thread.ts). Started with the walked files, it discovers the units at once and sends
 * their members (the parent meanwhile checks the files that cannot be members); then renders and
 * analyses the jobs the parent sends (with the configuration the parent resolved for each), and
 * finally runs their registry phase with the parent's answers and workspace image map.
 * It loads the shell parser only for the registry phase of units that deploy an image the workspace
 * builds: AL210's fix at a build line is verified by reading the edited build file (imagemap/edit.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImageUse } from '../core/analyzer';
import { prepareEngine } from '../engine/prepare';
import { imageMapOf } from '../imagemap/map';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import { revivedFacts, type FactsChange } from '../imagemap/crossing';
import { toWire, type WireResult } from '../units/wire';
import { diskSourceWith } from '../units/node-source';
import type { UnitJob } from '../units/batch';
import type { UnitRef } from '../units';
import { generatedFileChecker } from './generated';
import { unitPassHere } from './unit-pass';

export interface UnitPassWorkerInput { files: string[] }

/** Parent → worker. */
export type UnitPassCommand =
  | { type: 'render'; jobs: UnitJob[] }
  | { type: 'complete'; lookups: Array<[string, ImageLookup]>; facts: FactsChange[] };

/** Worker → parent, each once and in this order (`failed` instead of any of them when the pass itself fails). */
export type UnitPassReply =
  | { type: 'discovered'; units: UnitRef[]; members: string[] }
  | { type: 'unit'; index: number }
  | { type: 'rendered'; units: Array<{ index: number; failure: string } | { index: number; references: ImageRef[]; deployed: Array<{ file: string; uses: ImageUse[] }> }> }
  | { type: 'completed'; units: Array<{ index: number; failure: string } | { index: number; result: WireResult }> }
  | { type: 'failed'; message: string };

function serve(port: NonNullable<typeof parentPort>, input: UnitPassWorkerInput): void {
  const send = (reply: UnitPassReply) => port.postMessage(reply);
  const source = diskSourceWith(undefined, undefined, generatedFileChecker());
  const pass = unitPassHere(input.files, source);
  let jobs: UnitJob[] = [];
  /** The images the units deploy: only one this workspace builds can get AL210, whose fix at the build line needs the shell parser. */
  let deployed: ImageRef[] = [];
  const indexOf = (job: UnitJob) => jobs.indexOf(job);
  const run = async (command: UnitPassCommand): Promise<void> => {
    if (command.type === 'render') {
      jobs = command.jobs;
      const rendered = await pass.render(jobs, (job) => send({ type: 'unit', index: indexOf(job) }));
      deployed = rendered.flatMap((unit) => ('failure' in unit ? [] : unit.references));
      send({
        type: 'rendered',
        units: rendered.map((unit) => 'failure' in unit
          ? { index: indexOf(unit.job), failure: unit.failure }
          // The lines stay here: the parent's map needs a deployed image's range, never its file's text.
          : { index: indexOf(unit.job), references: [...unit.references], deployed: unit.deployed.map(({ file, uses }) => ({ file, uses: [...uses] })) }),
      });
      return;
    }
    const facts = command.facts.flatMap(([, one]) => (one ? [revivedFacts(one)] : []));
    // A reusable workflow's builds for its callers come read already (FileFacts.calledFor): the parent's map read them.
    const workspace = imageMapOf(facts);
    if (deployed.some((ref) => workspace.buildsOf(ref).length > 0)) await prepareEngine();
    const completed = await pass.complete(new Map(command.lookups), workspace);
    send({
      type: 'completed',
      units: completed.map((unit) => unit.result ? { index: indexOf(unit.job), result: toWire(unit.result) } : { index: indexOf(unit.job), failure: unit.failure ?? 'not rendered' }),
    });
  };
  pass.discovery.then(
    (discovery) => send({ type: 'discovered', units: discovery.units, members: [...discovery.members] }),
    (error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
  port.on('message', (command: UnitPassCommand) => {
    run(command).catch((error: unknown) => send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
  });
}

if (parentPort) serve(parentPort, workerData as UnitPassWorkerInput);
