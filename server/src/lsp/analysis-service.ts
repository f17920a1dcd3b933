/**
 * Where the editor's analyses run: off the request loop (issue 18.2). A 20,000-document manifest
 * takes seconds to analyse, and analysed on the thread that answers requests it held every hover,
 * code action and keystroke of every other document until it was done (110 s in the issue).
 * Analyses of texts from WORKER_TEXT_CHARS on run in worker threads (dist/analysis-worker.mjs)
 * instead — two of them, so documents being typed in never queue behind a big one: texts from
 * BIG_TEXT_CHARS on go to one, the others to the other. Each analysis stays in its worker as a
 * session (the model lives there) for the registry phase and the fix safety check of that version,
 * until it is released. Smaller texts, most of what is typed in, are analysed in this thread: they
 * take a few milliseconds, less than the copies a thread hop costs, and need no worker started.
 *
 * The workspace image map (AL210, Dockerfile findings linked to manifests) is read in the worker
 * from a replica kept in step with the main thread's map (lsp/map-replica.ts): the whole map when a
 * worker starts, then each file's facts as they change, always before the next analysis request.
 * The facts of the analysed document itself (the map takes an open document's facts from its
 * analysis) are made in the worker, where the model is, and sent back with the offline phase.
 *
 * From sources (no bundle beside this file: unit tests), sessions run in process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EffectiveConfig } from '../core/config';
import type { ChosenFix } from '../core/fix-selection';
import { LineIndex } from '../core/text';
import type { FileKind, Finding, InternalError } from '../core/types';
import { analyze, type Analysis, type DocumentAnalysis } from '../engine/analyze';
import { checkFixes } from '../engine/fix-check';
import { factsOfDocument, type FileFacts, type ImageIndex } from '../imagemap';
import { editedWorkspace } from '../imagemap/edit';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import type { AnalysisReply, AnalysisRequest, SentChange, SentText } from './analysis-worker';
import { replicaChange, type FactsChange } from '../imagemap/crossing';
import { textDelta } from './text-delta';

export interface AnalysisInput {
  file: string;
  text: string;
  kind: FileKind;
  config: EffectiveConfig;
  lookupFailures: 'all' | 'about-image';
  /**
   * Answers in hand for references the text may have (the previous version's): an analysis in a
   * worker runs the registry phase with those the text has in the same request, sparing the
   * editor's path a second round trip to the worker (AnalysisSession.early).
   */
  answers?: ReadonlyMap<string, ImageLookup>;
}

/** The registry phase's outcome for one document. */
export interface Completion { findings: Finding[]; internalErrors: InternalError[] }

/** One analysed version of a document, kept where its model is. */
export interface AnalysisSession {
  /** The offline phase: problems, internal errors, image uses, offline findings (undefined: not a kind archlens reads). */
  readonly document: DocumentAnalysis | undefined;
  readonly references: readonly ImageRef[];
  /** What the document tells the workspace image map (undefined: nothing). */
  readonly facts: FileFacts | undefined;
  /** Both phases' findings with these registry answers (and the map the offline phase read). */
  complete(lookups: ReadonlyMap<string, ImageLookup>): Promise<Completion>;
  /** The one fix safety check (engine/fix-check.ts) of fixes applied together to this text. */
  checkFixes(fixes: readonly ChosenFix[], findings: readonly Finding[], lookups: ReadonlyMap<string, ImageLookup>): Promise<{ ok: boolean; reason?: string }>;
  /**
   * The registry phase already run with `lookups` (from AnalysisInput.answers, the ones this text
   * references): the same as complete(lookups) would answer, while the map has not changed since.
   */
  readonly early?: { lookups: ReadonlyMap<string, ImageLookup>; completion: Completion };
  /** Frees the model (a newer version replaced this one, or the document closed). */
  release(): void;
}

export interface AnalysisService {
  analyze(input: AnalysisInput): Promise<AnalysisSession>;
  /** A file's facts changed in the main thread's map: the workers' replicas follow, before the next analysis. */
  factsChanged(changes: readonly FactsChange[]): void;
  close(): Promise<void>;
}

/** Texts this long are analysed in a worker (shorter ones take a few ms here on an idle machine; the cost is linear in the text). */
export const WORKER_TEXT_CHARS = 16 * 1024;
/** Texts this long go to the worker for big documents. */
export const BIG_TEXT_CHARS = 256 * 1024;
/** Map changes wait this long for the next request before being sent to a worker anyway. */
const FLUSH_LATER_MS = 200;

/** A worker's answer to a change to a text it no longer holds (it is then sent the text whole). */
export const STALE_TEXT = 'the worker no longer holds the text this change applies to';
/** Texts a worker keeps as bases for changes, one per file: the documents being typed in (the parent keeps the same). */
export const KEPT_TEXTS = 8;

/**
 * Facts a worker made in one of its sessions (an open document analysed there) → that worker and
 * session: the worker's replica takes them by reference, not as a copy of the document's text and line index.
 */
const madeIn = new WeakMap<FileFacts, { worker: Worker; session: number }>();

/** A session over an analysis made in this thread, with the map it read. */
export function localSession(input: AnalysisInput, unit: Analysis, workspace: ImageIndex): AnalysisSession {
  const [document] = unit.documents;
  return {
    document,
    references: unit.references,
    facts: document ? factsOfDocument(document, input.config) : undefined,
    complete(lookups) {
      const done = unit.complete(lookups, { workspace }).documents[0];
      return Promise.resolve({ findings: done?.findings ?? [], internalErrors: done?.internalErrors ?? [] });
    },
    async checkFixes(fixes, findings, lookups) {
      if (!document) return { ok: false, reason: 'not analysed' };
      const verdict = await checkFixes(
        { file: input.file, kind: input.kind, text: input.text, problems: document.problems, outline: document.outline, findings },
        fixes,
        {
          config: input.config,
          lookups,
          workspace,
          // A fix at the build (AL210) is checked against the map as its edits would leave it.
          editWorkspace: (edits) => editedWorkspace(workspace, edits, input.config),
        },
      );
      return verdict.ok ? { ok: true } : { ok: false, reason: verdict.reason };
    },
    release() { /* garbage-collected with the session */ },
  };
}

/** Analyses in this thread (sources, tests), reading the map as `workspace` gives it. */
export function analyseHere(input: AnalysisInput, workspace: ImageIndex): AnalysisSession {
  const unit = analyze({ documents: [{ file: input.file, text: input.text, kind: input.kind }], config: input.config, lookupFailures: input.lookupFailures, workspace });
  return localSession(input, unit, workspace);
}

export function inProcessService(workspace: () => ImageIndex): AnalysisService {
  return {
    analyze: (input) => Promise.resolve(analyseHere(input, workspace())),
    factsChanged() { /* the map is read directly */ },
    async close() { /* nothing held */ },
  };
}

/** The worker bundle beside this bundle, or undefined (running from sources). */
export function analysisWorkerPath(): string | undefined {
  const file = path.join(__dirname, 'analysis-worker.mjs');
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Worker-backed analyses when the worker bundle is there, else in process. `snapshot` is the whole
 * map as facts (what a worker that starts is sent first); `workspace` the map itself (in process).
 */
export function createAnalysisService(
  map: { snapshot(): FactsChange[]; images: ImageIndex },
  log: (message: string) => void,
): AnalysisService {
  const file = analysisWorkerPath();
  if (!file) return inProcessService(() => map.images);
  const small = new AnalysisWorker(file, 'documents', () => map.snapshot(), log);
  const big = new AnalysisWorker(file, 'big documents', () => map.snapshot(), log);
  return {
    analyze: (input) => {
      if (input.text.length < WORKER_TEXT_CHARS) return Promise.resolve(analyseHere(input, map.images));
      return (input.text.length >= BIG_TEXT_CHARS ? big : small).analyze(input);
    },
    factsChanged(changes) {
      small.factsChanged(changes);
      big.factsChanged(changes);
    },
    async close() { await Promise.all([small.close(), big.close()]); },
  };
}

type Pending = { resolve: (reply: AnalysisReply) => void; reject: (error: Error) => void };

/** One worker thread and the sessions it holds; started again on first use after it stopped. */
class AnalysisWorker {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  /** Map changes not sent yet: sent together (a map build sets thousands), always before the next request. */
  private queued: FactsChange[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  /** The last text sent for each file (what the worker holds as the base of a change), the most recently used last. */
  private readonly texts = new Map<string, { id: number; text: string }>();

  constructor(
    private readonly file: string,
    private readonly name: string,
    private readonly snapshot: () => FactsChange[],
    private readonly log: (message: string) => void,
  ) {}

  /** A running worker's replica follows the map; one that is not running gets the whole map when it starts. */
  factsChanged(changes: readonly FactsChange[]): void {
    if (!this.worker || changes.length === 0) return;
    this.queued.push(...changes);
    // Sent before the next request in any case; until then, off the path of the edit that made them
    // (copying a big document's facts costs the main thread milliseconds per keystroke).
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_LATER_MS);
    this.flushTimer.unref();
  }

  private flush(): void {
    if (this.flushTimer) { clearTimeout(this.flushTimer); this.flushTimer = undefined; }
    if (this.queued.length === 0 || !this.worker) return;
    const worker = this.worker;
    const changes = this.queued.map(([file, facts]): SentChange => {
      const made = facts && madeIn.get(facts);
      return made && made.worker === worker ? [file, { session: made.session }] : replicaChange([file, facts]);
    });
    this.queued = [];
    worker.postMessage({ type: 'facts', request: 0, changes } satisfies AnalysisRequest);
  }

  /** The text as the worker will be sent it: a change to the one it holds for the file, if any. */
  private sentText(file: string, text: string, id: number): SentText {
    const base = this.texts.get(file);
    this.texts.delete(file);
    this.texts.set(file, { id, text });
    if (this.texts.size > KEPT_TEXTS) this.texts.delete(this.texts.keys().next().value as string);
    return base ? { id, base: base.id, delta: textDelta(base.text, text) } : { id, whole: text };
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.file);
    worker.unref(); // the server's lifetime is the connection's, not this worker's
    worker.on('message', (reply: AnalysisReply) => {
      const waiting = this.pending.get(reply.request);
      if (!waiting) return;
      this.pending.delete(reply.request);
      waiting.resolve(reply);
    });
    const stopped = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`the analysis worker for ${this.name} stopped (${why}); it starts again with the next analysis`);
      for (const p of this.pending.values()) p.reject(new Error(`the analysis worker stopped (${why})`));
      this.pending.clear();
    };
    worker.on('error', (error) => stopped(error.message));
    worker.on('exit', (code) => stopped(`exit ${code}`));
    this.worker = worker;
    // Its replica starts as the map is now (changes queued for an earlier worker are in it); later changes follow in order.
    this.queued = [];
    this.texts.clear();
    worker.postMessage({ type: 'facts', request: 0, changes: this.snapshot().map(replicaChange), reset: true } satisfies AnalysisRequest);
    return worker;
  }

  private call(request: AnalysisRequest): Promise<AnalysisReply> {
    const worker = this.ensure();
    this.flush();
    return new Promise((resolve, reject) => {
      this.pending.set(request.request, { resolve, reject });
      worker.postMessage(request);
    });
  }

  async analyze(input: AnalysisInput): Promise<AnalysisSession> {
    const request = this.next++;
    const worker = this.ensure(); // the worker that will hold this session
    const { text, answers, ...rest } = input;
    const sentAnswers = answers ? { answers: [...answers] } : {};
    const sent = this.sentText(input.file, text, request);
    const replied = this.call({ type: 'analyze', request, input: rest, text: sent, ...sentAnswers });
    // The text stays here (the editor has it): its line index is made here instead of crossing. For
    // an edit, while the worker analyses (the reply is the edit's diagnostics); for a text sent
    // whole (an open: a long analysis), once the worker answers, leaving this thread to the requests
    // that came with the text.
    let lines = 'delta' in sent ? new LineIndex(text) : undefined;
    let reply = await replied;
    if (reply.type === 'error' && reply.message === STALE_TEXT) {
      reply = await this.call({ type: 'analyze', request, input: rest, text: { id: request, whole: text }, ...sentAnswers });
    }
    if (reply.type === 'error') throw new Error(reply.message);
    if (reply.type !== 'analyzed') throw new Error(`unexpected reply ${reply.type}`);
    lines ??= new LineIndex(text);
    const session = request;
    const document: DocumentAnalysis | undefined = reply.document ? { ...reply.document, text, lines } : undefined;
    let facts: FileFacts | undefined;
    if (reply.facts && document) {
      facts = { ...reply.facts, lines: document.lines };
      madeIn.set(facts, { worker, session });
    }
    let released = false;
    const ask = async (message: AnalysisRequest): Promise<AnalysisReply> => {
      // The worker started again since: this session's model is gone.
      if (this.worker !== worker || released) throw new Error('the analysis of this version is no longer held');
      const answer = await this.call(message);
      if (answer.type === 'error') throw new Error(answer.message);
      return answer;
    };
    const early = reply.early && answers
      ? { lookups: new Map(reply.early.canonicals.map((c): [string, ImageLookup] => [c, answers.get(c)!])), completion: { findings: reply.early.findings, internalErrors: reply.early.internalErrors } }
      : undefined;
    return {
      document,
      references: reply.references,
      facts,
      ...(early ? { early } : {}),
      complete: async (lookups) => {
        const answer = await ask({ type: 'complete', request: this.next++, session, lookups: [...lookups] });
        if (answer.type !== 'completed') throw new Error(`unexpected reply ${answer.type}`);
        return { findings: answer.findings, internalErrors: answer.internalErrors };
      },
      checkFixes: async (fixes, findings, lookups) => {
        const answer = await ask({ type: 'check', request: this.next++, session, fixes: [...fixes], findings: [...findings], lookups: [...lookups] });
        if (answer.type !== 'checked') throw new Error(`unexpected reply ${answer.type}`);
        return answer.verdict;
      },
      release: () => {
        if (released) return;
        released = true;
        // Facts queued by reference to this session reach the worker before it lets the session go.
        if (this.worker === worker) this.flush();
        if (this.worker === worker) worker.postMessage({ type: 'release', request: 0, session } satisfies AnalysisRequest);
      },
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (this.flushTimer) { clearTimeout(this.flushTimer); this.flushTimer = undefined; }
    // Nothing will answer these now: their callers see an error instead of waiting for ever.
    for (const p of this.pending.values()) p.reject(new Error('the analysis service closed'));
    this.pending.clear();
    await worker?.terminate();
  }
}
