/**
 * Where the editor's charts are rendered: in a worker thread (dist/unit-worker.mjs) when the server
 * runs bundled, so that loading and rendering a 200-template chart never holds up a hover or a
 * keystroke; in process, in slices, when it runs from sources (tests). Both keep a unit's last
 * analysis only until its registry phase; hovers use a small index sent back with each render.
 * An idle worker is stopped, so the memory of the charts it rendered goes back to the system.
 * The registry phase reads the workspace image map (AL210 on what a chart or overlay deploys): the
 * worker from a replica kept in step with the main thread's map (map-replica.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EffectiveConfig } from '../core/config';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import type { ImageIndex } from '../imagemap';
import { replicaChange, type FactsChange } from '../imagemap/crossing';
import { checkUnit, driverFor, runInSlices, StepsCancelled, unitKey, type UnitAnalysis, type UnitRef, type UnitResult } from '../units';
import { imageSources, type FedImage } from '../units/hover';
import { fromWire, type WireResult } from '../units/wire';
import { diskSourceWith } from '../units/node-source';
import { generatedFileChecker } from '../workspace/generated';
import { releaseMemory } from './memory';

export interface RenderRequest {
  ref: UnitRef;
  /** Open documents: path → text (read over the disk). */
  texts: Array<[string, string]>;
  config: EffectiveConfig;
  configDir?: string;
  /** The editor's open folders (UnitSource.folders). */
  folders?: string[];
}

export interface Rendered {
  references: ImageRef[];
  offline: UnitResult;
  /** What each image is fed from (hover), kept by the editor without the rendered chart. */
  images: FedImage[];
}

export interface UnitRunner {
  /** Renders and analyses (offline); undefined when cancelled (a newer render of the unit, or the signal). */
  render(request: RenderRequest, signal: AbortSignal): Promise<Rendered | undefined>;
  /** Both phases of the unit's last render, with these answers; the render is then let go. */
  complete(ref: UnitRef, lookups: Map<string, ImageLookup>, signal: AbortSignal): Promise<UnitResult | undefined>;
  /** The unit's last render is not needed any more (no registry phase to come). */
  release(ref: UnitRef): void;
  /** A file's facts changed in the workspace image map (a worker's replica follows). */
  factsChanged(changes: readonly FactsChange[]): void;
  dispose(): void;
}

const SLICE_MS = 8;

/**
 * The work itself, on whichever thread runs it. A unit's analysis is kept from its render until its
 * registry phase (or until released): a rendered chart is megabytes the editor does not keep.
 */
export class UnitWork {
  private readonly analyses = new Map<string, UnitAnalysis>();
  private readonly running = new Map<string, AbortController>();

  /** `workspace`: the workspace image map as it is now (the registry phase reads it). */
  constructor(private readonly workspace: () => ImageIndex) {}

  async render(request: RenderRequest, signal: AbortSignal): Promise<Rendered | undefined> {
    const key = unitKey(request.ref);
    const driver = driverFor(request.ref.kind);
    if (!driver) return undefined;
    // A newer render of the unit makes the one running pointless.
    this.running.get(key)?.abort();
    this.analyses.delete(key);
    const abort = new AbortController();
    this.running.set(key, abort);
    const stop = () => abort.abort();
    signal.addEventListener('abort', stop, { once: true });
    try {
      const texts = new Map(request.texts);
      const source = diskSourceWith((file) => texts.get(file), request.folders, generatedFileChecker());
      const analysis = await runInSlices(checkUnit(request.ref, driver, { source, config: request.config, configDir: request.configDir, signal: abort.signal }), { sliceMs: SLICE_MS, signal: abort.signal });
      const offline = await runInSlices(analysis.offline(), { sliceMs: SLICE_MS, signal: abort.signal });
      if (analysis.references.length > 0) this.analyses.set(key, analysis);
      return { references: [...analysis.references], offline, images: imageSources(analysis) };
    } catch (error) {
      if (error instanceof StepsCancelled || abort.signal.aborted) return undefined;
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
      if (this.running.get(key) === abort) this.running.delete(key);
    }
  }

  async complete(ref: UnitRef, lookups: Map<string, ImageLookup>, signal: AbortSignal): Promise<UnitResult | undefined> {
    const key = unitKey(ref);
    const analysis = this.analyses.get(key);
    if (!analysis) return undefined;
    try {
      const result = await runInSlices(analysis.complete(lookups, { workspace: this.workspace() }), { sliceMs: SLICE_MS, signal });
      if (this.analyses.get(key) === analysis) this.analyses.delete(key);
      return result;
    } catch (error) {
      if (error instanceof StepsCancelled || signal.aborted) return undefined;
      throw error;
    }
  }

  release(ref: UnitRef): void {
    this.analyses.delete(unitKey(ref));
  }

  /** Nothing is kept: the thread doing the work may go. */
  get idle(): boolean {
    return this.analyses.size === 0 && this.running.size === 0;
  }
}

export class InProcessUnitRunner implements UnitRunner {
  private readonly work: UnitWork;
  constructor(workspace: () => ImageIndex) { this.work = new UnitWork(workspace); }
  render(request: RenderRequest, signal: AbortSignal) { return this.work.render(request, signal); }
  complete(ref: UnitRef, lookups: Map<string, ImageLookup>, signal: AbortSignal) { return this.work.complete(ref, lookups, signal); }
  release(ref: UnitRef): void { this.work.release(ref); }
  factsChanged(): void { /* the map is read directly */ }
  dispose(): void { /* nothing held outside the heap */ }
}

export type WorkerCommand =
  | { type: 'facts'; id: number; changes: FactsChange[]; reset?: boolean }
  | { type: 'render'; id: number; request: RenderRequest }
  | { type: 'complete'; id: number; ref: UnitRef; lookups: Array<[string, ImageLookup]> }
  | { type: 'release'; id: number; ref: UnitRef }
  | { type: 'cancel'; id: number };

/** Every reply says whether the worker still holds a render (until then it must not be stopped). */
export type WorkerReply = { idle: boolean } & (
  | { type: 'rendered'; id: number; rendered?: { references: ImageRef[]; offline: WireResult; images: FedImage[] } }
  | { type: 'completed'; id: number; result?: WireResult }
  | { type: 'released'; id: number }
  | { type: 'failed'; id: number; message: string });

/** Omit over each member of a union (a command without its id). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The worker bundle beside this bundle, or undefined (running from sources). */
export function unitWorkerPath(): string | undefined {
  const file = path.join(__dirname, 'unit-worker.mjs');
  return fs.existsSync(file) ? file : undefined;
}

export interface WorkerHeapLimits { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number }

/** An idle worker is stopped after this long: the memory of its renders goes back (it starts again on the next edit). */
const WORKER_IDLE_MS = 30_000;

/**
 * The worker's heap. A small young generation: V8's default lets it grow to 48 MB of short-lived
 * objects before collecting, pages the process keeps while the worker lives; rendering allocates
 * mostly short-lived data, so collecting sooner costs little time. The old generation is bounded
 * so that a runaway chart ends the worker (started again on the next edit), never the server.
 */
export const WORKER_LIMITS: WorkerHeapLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 };

/** Why a worker stopped, as the log and the failed request say it (a chart over the heap limit is named as such). */
function stopReason(error: Error & { code?: string }, limits: WorkerHeapLimits): string {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return `it ran out of memory: rendering needed more than its ${limits.maxOldGenerationSizeMb} MB heap`;
  return error.message;
}

/** Sends the work to the worker thread; a worker that dies is started again on the next request. */
export class WorkerUnitRunner implements UnitRunner {
  private worker?: Worker;
  private idleTimer?: NodeJS.Timeout;
  private nextId = 1;
  private queued: FactsChange[] = [];
  private readonly pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly file: string,
    /** The whole workspace image map as facts: what the worker's replica starts from. */
    private readonly snapshot: () => FactsChange[],
    private readonly log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
    /** The worker's heap (tests make it small to see a chart over the limit fail cleanly). */
    private readonly limits: WorkerHeapLimits = WORKER_LIMITS,
  ) {}

  /** A running worker's replica follows the map (one that is not running gets the whole map when it starts). */
  factsChanged(changes: readonly FactsChange[]): void {
    if (!this.worker || changes.length === 0) return;
    if (this.queued.length === 0) queueMicrotask(() => this.flush());
    for (const change of changes) this.queued.push(replicaChange(change));
  }

  /** Map changes are sent together (a map build sets thousands), always before the next request. */
  private flush(): void {
    if (this.queued.length === 0) return;
    const changes = this.queued;
    this.queued = [];
    this.worker?.postMessage({ type: 'facts', id: 0, changes } satisfies WorkerCommand);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file, { resourceLimits: this.limits });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (waiting) {
        this.pending.delete(reply.id);
        if (reply.type === 'failed') waiting.reject(new Error(reply.message));
        else waiting.resolve(reply);
      }
      if (reply.idle && this.pending.size === 0) this.stopWhenIdle(worker);
    });
    const gone = (why: string) => {
      if (this.worker !== worker) return; // stopped on purpose (idle, disposed)
      this.worker = undefined;
      this.log('warn', `the chart worker stopped (${why}); it starts again with the next chart`);
      for (const [, waiting] of this.pending) waiting.reject(new Error(`the chart worker stopped (${why})`));
      this.pending.clear();
    };
    worker.on('error', (error) => gone(stopReason(error, this.limits)));
    worker.on('exit', (code) => gone(`exit ${code}`));
    this.worker = worker;
    // Its replica starts as the map is now (changes queued for an earlier worker are in it).
    this.queued = [];
    worker.postMessage({ type: 'facts', id: 0, changes: this.snapshot().map(replicaChange), reset: true } satisfies WorkerCommand);
    return worker;
  }

  private stopWhenIdle(worker: Worker): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = undefined;
      // The renders' results this thread received go too: a full collection lets V8 give their pages back.
      void worker.terminate().then(() => releaseMemory());
    }, WORKER_IDLE_MS);
    this.idleTimer.unref();
  }

  private ask(command: DistributiveOmit<WorkerCommand, 'id'>, signal?: AbortSignal): Promise<WorkerReply> {
    if (this.idleTimer) { clearTimeout(this.idleTimer); this.idleTimer = undefined; }
    const worker = this.start();
    this.flush();
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (signal) {
        if (signal.aborted) worker.postMessage({ type: 'cancel', id } satisfies WorkerCommand);
        else signal.addEventListener('abort', () => this.worker?.postMessage({ type: 'cancel', id } satisfies WorkerCommand), { once: true });
      }
      worker.postMessage({ ...command, id });
    });
  }

  async render(request: RenderRequest, signal: AbortSignal): Promise<Rendered | undefined> {
    const reply = await this.ask({ type: 'render', request }, signal);
    if (reply.type !== 'rendered' || !reply.rendered) return undefined;
    return { references: reply.rendered.references, offline: fromWire(reply.rendered.offline), images: reply.rendered.images };
  }

  async complete(ref: UnitRef, lookups: Map<string, ImageLookup>, signal: AbortSignal): Promise<UnitResult | undefined> {
    const reply = await this.ask({ type: 'complete', ref, lookups: [...lookups] }, signal);
    return reply.type === 'completed' && reply.result ? fromWire(reply.result) : undefined;
  }

  release(ref: UnitRef): void {
    if (this.worker) this.ask({ type: 'release', ref }).catch(() => undefined);
  }

  dispose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
