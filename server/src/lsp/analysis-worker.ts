/**
 * The editor's analyses, in a worker thread (bundled as dist/analysis-worker.mjs; see
 * analysis-service.ts): the parent sends a document's text (after the first, as the change to the
 * text it sent before for that file) and configuration, the worker answers
 * with the offline phase and the document's facts for the workspace image map — and the registry
 * phase with the answers the parent had in hand, sent along, so an edit needs one round trip — and
 * keeps the analysis as a session for its registry phase and fix checks. The parent also sends the map's
 * changes (map-replica.ts), in order with the analyses. Requests are answered in order; one that
 * fails is answered with its error, and the worker goes on.
 */
import { parentPort } from 'node:worker_threads';
import type { ChosenFix } from '../core/fix-selection';
import type { Finding, InternalError } from '../core/types';
import type { DocumentAnalysis } from '../engine/analyze';
import { prepareEngine } from '../engine/prepare';
import type { FileFacts } from '../imagemap';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import { analyseHere, KEPT_TEXTS, STALE_TEXT, type AnalysisInput, type AnalysisSession } from './analysis-service';
import type { FactsChange } from '../imagemap/crossing';
import { MapReplica } from './map-replica';
import { applyDelta, type TextDelta } from './text-delta';

/** Parent → worker; `request` numbers the answer (0: nothing is answered). */
export type AnalysisRequest =
  | { type: 'facts'; request: 0; changes: SentChange[]; reset?: boolean }
  | { type: 'analyze'; request: number; input: Omit<AnalysisInput, 'text' | 'answers'>; text: SentText; answers?: Array<[string, ImageLookup]> }
  | { type: 'complete'; request: number; session: number; lookups: Array<[string, ImageLookup]> }
  | { type: 'check'; request: number; session: number; fixes: ChosenFix[]; findings: Finding[]; lookups: Array<[string, ImageLookup]> }
  | { type: 'release'; request: 0; session: number };

/**
 * A file's facts for the replica. Facts this worker made itself (an open document analysed here)
 * are named by their session instead of sent: they hold the document's text and line index.
 */
export type SentChange = FactsChange | [file: string, made: { session: number }];

/**
 * The text to analyse: whole, or as a change to the text this worker was last sent for the file
 * (`base` numbers that text; a worker that no longer holds it answers STALE_TEXT and is sent it whole).
 */
export type SentText = { id: number; whole: string } | { id: number; base: number; delta: TextDelta };

/** The offline phase and the map's facts as sent back: the parent has the text and makes its own line index. */
export type SentDocument = Omit<DocumentAnalysis, 'text' | 'lines' | 'model'>;
export type SentFacts = Omit<FileFacts, 'lines'>;

/** The registry phase run with the answers sent with the analysis: those of `canonicals` (the text's references that had one). */
export type SentCompletion = { canonicals: string[]; findings: Finding[]; internalErrors: InternalError[] };

/** Worker → parent. */
export type AnalysisReply =
  | { type: 'analyzed'; request: number; document?: SentDocument; facts?: SentFacts; references: ImageRef[]; early?: SentCompletion }
  | { type: 'completed'; request: number; findings: Finding[]; internalErrors: InternalError[] }
  | { type: 'checked'; request: number; verdict: { ok: boolean; reason?: string } }
  | { type: 'error'; request: number; message: string };

const sessions = new Map<number, AnalysisSession>();
const replica = new MapReplica();
/** The last text received for each file (the base of the next change), the most recently used last. */
const texts = new Map<string, { id: number; text: string }>();

function textOf(file: string, sent: SentText): string {
  let text: string;
  if ('whole' in sent) text = sent.whole;
  else {
    const base = texts.get(file);
    if (!base || base.id !== sent.base) throw new Error(STALE_TEXT);
    text = applyDelta(base.text, sent.delta);
  }
  texts.delete(file);
  texts.set(file, { id: sent.id, text });
  if (texts.size > KEPT_TEXTS) texts.delete(texts.keys().next().value as string);
  return text;
}

function factsOf([file, facts]: SentChange): FactsChange {
  if (!facts || !('session' in facts)) return [file, facts];
  // The session is released only after the parent has sent this (it flushes facts first).
  return [file, held(facts.session).facts];
}

async function answer(message: AnalysisRequest): Promise<AnalysisReply | undefined> {
  switch (message.type) {
    case 'facts':
      replica.apply(message.changes.map(factsOf), message.reset);
      return undefined;
    case 'analyze': {
      await prepareEngine();
      const session = analyseHere({ ...message.input, text: textOf(message.input.file, message.text) }, replica.images);
      sessions.set(message.request, session);
      let document: SentDocument | undefined;
      if (session.document) {
        const { text: _text, lines: _lines, model: _model, ...rest } = session.document;
        document = rest;
      }
      let facts: SentFacts | undefined;
      if (session.facts) {
        const { lines: _lines, ...rest } = session.facts;
        facts = rest;
      }
      const early = message.answers && session.document ? await completeEarly(session, message.answers) : undefined;
      return { type: 'analyzed', request: message.request, ...(document ? { document } : {}), ...(facts ? { facts } : {}), references: [...session.references], ...(early ? { early } : {}) };
    }
    case 'complete': {
      const done = await held(message.session).complete(new Map(message.lookups));
      return { type: 'completed', request: message.request, ...done };
    }
    case 'check':
      return { type: 'checked', request: message.request, verdict: await held(message.session).checkFixes(message.fixes, message.findings, new Map(message.lookups)) };
    case 'release':
      sessions.delete(message.session);
      return undefined;
  }
}

/** The registry phase with the answers in hand for this text's references (what the parent would ask next). */
async function completeEarly(session: AnalysisSession, answers: Array<[string, ImageLookup]>): Promise<SentCompletion> {
  const given = new Map(answers);
  const lookups = new Map<string, ImageLookup>();
  for (const ref of session.references) {
    const answer = given.get(ref.canonical);
    if (answer) lookups.set(ref.canonical, answer);
  }
  return { canonicals: [...lookups.keys()], ...await session.complete(lookups) };
}

function held(session: number): AnalysisSession {
  const found = sessions.get(session);
  if (!found) throw new Error('the analysis of this version is no longer held');
  return found;
}

if (parentPort) {
  const port = parentPort;
  // One at a time, in order: each answer is computed from the sessions and the map the earlier messages left.
  let queue = Promise.resolve();
  port.on('message', (message: AnalysisRequest) => {
    queue = queue.then(async () => {
      try {
        const reply = await answer(message);
        if (reply) port.postMessage(reply);
      } catch (error) {
        port.postMessage({ type: 'error', request: message.request, message: error instanceof Error ? error.message : String(error) } satisfies AnalysisReply);
      }
    });
  });
}
