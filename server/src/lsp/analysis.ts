/**
 * Per-document analysis for the editor: offline findings published at once, registry findings
 * when their look-ups arrive, every publication tagged with the document version it was computed
 * for (a result for an old version is dropped), the look-ups of a changed document cancelled,
 * and bursts of edits coalesced.
 *
 * A reference is looked up only once it has stopped changing: it must have stood unchanged in
 * the document for `quietMs` (or the document was saved). Typing `redis:7.2-alpine` therefore
 * costs one look-up, not one per keystroke, and a name still being typed never reaches a registry.
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from '../engine/analyze';
import type { EffectiveConfig } from '../core/config';
import { LineIndex } from '../core/text';
import type { FileKind, Finding, InternalError } from '../core/types';
import { failureIsAboutImage, type ImageLookup, type LookupError } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import type { RegistryResolver } from '../registry/index';
import { findingDiagnostics, internalErrorDiagnostic, problemDiagnostic } from './diagnostics';
import { uncheckedNote } from './unchecked-note';
import { kindForDocument, uriToPath } from './paths';
import type { ResolverPool } from './resolvers';
import type { NetworkSettings } from './settings';
import type { ImageIndex } from '../imagemap';
import type { AnalysisService, AnalysisSession, Completion } from './analysis-service';

/** Everything known about one open document at one version. */
export interface DocumentState {
  uri: string;
  version: number;
  kind: FileKind;
  config: EffectiveConfig;
  /** The offline phase of the document: its lines, problems, image references and offline findings. */
  analysis: DocumentAnalysis;
  /** The analysis of this version where its model is (a worker thread), for its registry phase and fix checks. */
  unit: AnalysisSession;
  /** Answers for this version's references (canonical → answer), failures of every cause included (the hover explains them). */
  lookups: Map<string, ImageLookup>;
  /** True once every reference of this version has an answer (or none can have one). */
  complete: boolean;
  findings: Finding[];
  /** archlens's own failures on this version (offline, then registry phase): shown and logged as ours. */
  internalErrors: InternalError[];
  /** The workspace image map this version was analysed with (the worker's replica held the same facts then). */
  workspace: ImageIndex;
}

export interface AnalysisHost {
  document(uri: string): TextDocument | undefined;
  /** The configuration for a file (settings over `.archlens.yaml`) and the network settings. */
  configFor(uri: string): Promise<{ config: EffectiveConfig; network: NetworkSettings }>;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  /** Look-up state changed (for the status bar). */
  lookupsChanged(): void;
  /** A look-up answered with an error (logged with its cause by the host). */
  lookupFailed(canonical: string, error: LookupError): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** The workspace image map as it is now. */
  workspace(): ImageIndex;
  /** A version's offline phase is done (the workspace image map takes the document's facts from it). */
  analysed(uri: string, state: DocumentState): void;
}

export interface AnalysisOptions {
  /** How long a reference must stand unchanged before it is looked up (default 500 ms). */
  quietMs?: number;
  /** Another extension reports YAML syntax errors (Red Hat YAML): archlens does not repeat them. */
  leaveYamlSyntaxErrors?: boolean;
  /**
   * 'about-image' (a client showing archlens/status): look-ups that failed for a reason outside
   * the file (network, a failing registry) leave the image unchecked, with no AL209 — the status
   * says it once. 'all' (default, other editors): an AL209 on each such image, as the CLI does.
   */
  lookupFailures?: 'all' | 'about-image';
  /** Rules another extension reports as the same check: not published here (see InitializationOptions.rulesElsewhere). */
  rulesElsewhere?: ReadonlySet<string>;
}

interface Schedule {
  /** The run to come (cancels it). */
  timer?: () => void;
  /** Wakes the document when its newest reference has stood still long enough. */
  quietTimer?: NodeJS.Timeout;
  lastStart: number;
  lastDuration: number;
  /** Look-ups in flight: canonical reference → its abort. */
  flights: Map<string, AbortController>;
  /** When the latest edits arrived (a few), to judge the rhythm of the typing. */
  edits: number[];
  /** The analysis running, for which version: a request for that version joins it instead of starting another. */
  running?: { version: number; done: Promise<void>; id: number };
}

/** Open documents' image counts, distinct references across them (the status bar). */
export interface LookupSummary {
  resolved: number;
  /** Answers about the image itself: not found, denied, unsupported reference… (AL209 in the file). */
  failed: number;
  /** Failures that say nothing about the image (network, misbehaving registry): shown once, in the status. */
  unverified: number;
  /** In flight. */
  pending: number;
  /** The most recent failure among the unverified, to say why in the status. */
  trouble?: LookupError;
}

/** Coalescing window bounds: an idle document is analysed at once; during a burst, at most this often. */
const MIN_INTERVAL_MS = 25;
const MAX_INTERVAL_MS = 300;
const DEFAULT_QUIET_MS = 500;
/** The rhythm of the typing: the latest edits it is judged on, a gap that ends a burst, and the margin over the longest gap. */
const RHYTHM_EDITS = 12;
const RHYTHM_BREAK_MS = 5000;
const RHYTHM_FACTOR = 3;
/** `firstSeen` of a reference that was in the document when it opened or was saved: looked up at once. */
const SETTLED = 0;

export class DocumentAnalyses {
  private readonly states = new Map<string, DocumentState>();
  private readonly schedules = new Map<string, Schedule>();
  /** Per document: canonical reference → when it first appeared (SETTLED when present at open or save). */
  private readonly firstSeen = new Map<string, Map<string, number>>();
  /** References to ask again bypassing the negative cache ("Retry look-up"). */
  private readonly retrying = new Set<string>();
  private readonly quietMs: number;
  private readonly leaveYamlSyntaxErrors: boolean;
  private readonly lookupFailures: 'all' | 'about-image';
  private readonly rulesElsewhere: ReadonlySet<string>;
  /** Numbers the runs (a run invalidated while it went on installs nothing). */
  private runs = 0;

  constructor(
    private readonly host: AnalysisHost,
    private readonly pool: ResolverPool,
    /** Where analyses run: off the request loop (analysis-service.ts). */
    private readonly service: AnalysisService,
    options: AnalysisOptions = {},
  ) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.leaveYamlSyntaxErrors = options.leaveYamlSyntaxErrors === true;
    this.lookupFailures = options.lookupFailures ?? 'all';
    this.rulesElsewhere = options.rulesElsewhere ?? new Set();
  }

  /** References in flight across open documents. */
  get pending(): number {
    const refs = new Set<string>();
    for (const s of this.schedules.values()) for (const r of s.flights.keys()) refs.add(r);
    return refs.size;
  }

  state(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  /** Open documents archlens checks (analysed, of a kind it reads). */
  checkedUris(): string[] {
    return [...this.states.keys()];
  }

  /** The state for the document's current version, analysing synchronously (offline) if needed. */
  async current(uri: string): Promise<DocumentState | undefined> {
    const doc = this.host.document(uri);
    if (!doc) return undefined;
    const state = this.states.get(uri);
    if (state && state.version === doc.version) return state;
    // A request needs this version now: run the pending analysis early instead of twice.
    const s = this.schedules.get(uri);
    if (s?.timer) { s.timer(); s.timer = undefined; }
    await this.run(uri);
    const fresh = this.states.get(uri);
    return fresh && fresh.version === doc.version ? fresh : undefined;
  }

  /**
   * A document opened or changed. The first change after a quiet period runs at once (two
   * event-loop turns later, see soon()); a burst of changes is coalesced into runs spaced by about
   * twice the document's analysis time, so a big file is never analysed once per keystroke.
   */
  schedule(uri: string): void {
    const s = this.scheduleOf(uri);
    if (s.timer) return;
    const interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, 2 * s.lastDuration));
    const wait = Math.max(0, s.lastStart + interval - Date.now());
    s.timer = soon(() => {
      s.timer = undefined;
      this.run(uri).catch((error) => this.host.log('error', `analysis of ${uri} failed: ${describe(error)}`));
    }, wait);
  }

  /** The document's text changed (an edit, not a re-check): noted for the rhythm of the typing, then analysed. */
  edited(uri: string, now = Date.now()): void {
    const s = this.scheduleOf(uri);
    s.edits.push(now);
    if (s.edits.length > RHYTHM_EDITS) s.edits.shift();
    this.schedule(uri);
  }

  /**
   * How long a new reference must stand still: `quietMs`, or longer when the edits reach the
   * server in a slower or burstier rhythm (a slow typist, a loaded machine delaying keystrokes):
   * a few times the longest gap between the latest edits, up to four times `quietMs`. A pause
   * in typing is judged against the typing, so a stall between two keystrokes is not taken for
   * "done".
   */
  private quietFor(s: Schedule): number {
    let gap = 0;
    for (let i = 1; i < s.edits.length; i++) {
      const d = s.edits[i] - s.edits[i - 1];
      if (d < RHYTHM_BREAK_MS) gap = Math.max(gap, d);
    }
    return Math.min(4 * this.quietMs, Math.max(this.quietMs, RHYTHM_FACTOR * gap));
  }

  /** The document was saved: what it names now is meant, so its references are looked up without waiting. */
  saved(uri: string): void {
    const seen = this.firstSeen.get(uri);
    if (!seen) return;
    for (const canonical of seen.keys()) seen.set(canonical, SETTLED);
    this.schedule(uri);
  }

  /** Re-analyses the open documents whose last analysis `affected` says is out of date (the workspace image map changed). */
  refreshWhere(uris: Iterable<string>, affected: (state: DocumentState) => boolean): void {
    for (const uri of uris) {
      // A document without a state has its analysis to come, which reads the map as it is then.
      const state = this.states.get(uri);
      if (!state || !affected(state)) continue;
      this.invalidate(uri);
      this.schedule(uri);
    }
  }

  /** Re-analyses every open document (settings, trust or cache changed). */
  refreshAll(uris: Iterable<string>): void {
    for (const uri of uris) {
      this.invalidate(uri);
      this.schedule(uri);
    }
  }

  /**
   * "Retry look-up": forgets the failed answers for `canonicals` (every failed one when empty),
   * asks again bypassing the registry client's negative cache, and re-checks the open documents.
   * Returns the references asked again.
   */
  retry(canonicals: readonly string[] = []): string[] {
    const wanted = new Set(canonicals);
    const again = new Set<string>();
    for (const state of this.states.values()) {
      for (const [canonical, lookup] of state.lookups) {
        if (lookup.ok || (wanted.size > 0 && !wanted.has(canonical))) continue;
        again.add(canonical);
      }
    }
    for (const canonical of wanted) again.add(canonical);
    for (const canonical of again) {
      this.pool.forget(canonical);
      this.retrying.add(canonical);
      for (const seen of this.firstSeen.values()) if (seen.has(canonical)) seen.set(canonical, SETTLED);
    }
    this.refreshAll([...this.states.keys()]);
    return [...again];
  }

  closed(uri: string): void {
    const s = this.schedules.get(uri);
    if (s?.timer) s.timer();
    if (s?.quietTimer) clearTimeout(s.quietTimer);
    if (s) this.cancelLookups(s);
    this.schedules.delete(uri);
    this.replace(uri, undefined);
    this.firstSeen.delete(uri);
    this.host.lookupsChanged();
  }

  /** The images of the open documents: answered, failed (about the image), unverified, in flight. */
  summary(): LookupSummary {
    const answers = new Map<string, ImageLookup | undefined>();
    for (const state of this.states.values()) {
      for (const ref of state.unit.references) {
        const answer = state.lookups.get(ref.canonical);
        if (answer || !answers.has(ref.canonical)) answers.set(ref.canonical, answer);
      }
    }
    const out: LookupSummary = { resolved: 0, failed: 0, unverified: 0, pending: this.pending };
    for (const answer of answers.values()) {
      if (!answer) continue;
      if (answer.ok) out.resolved++;
      else if (answer.error.state === 'cancelled') continue;
      else if (failureIsAboutImage(answer.error)) out.failed++;
      else {
        out.unverified++;
        out.trouble ??= answer.error;
      }
    }
    return out;
  }

  /** Sets (or clears) a document's state; the one it replaces lets its analysis go. */
  private replace(uri: string, state: DocumentState | undefined): void {
    const old = this.states.get(uri);
    if (old && old !== state) old.unit.release();
    if (state) this.states.set(uri, state);
    else this.states.delete(uri);
  }

  /** The document's analysis is out of date: its state goes, and a run going now is not joined by the next one (it read what changed). */
  private invalidate(uri: string): void {
    this.replace(uri, undefined);
    const s = this.schedules.get(uri);
    if (s) s.running = undefined;
  }

  private isCurrent(state: DocumentState): boolean {
    return this.states.get(state.uri) === state;
  }

  private scheduleOf(uri: string): Schedule {
    let s = this.schedules.get(uri);
    if (!s) {
      s = { lastStart: 0, lastDuration: 0, flights: new Map(), edits: [] };
      this.schedules.set(uri, s);
    }
    return s;
  }

  /**
   * Updates when each reference of the document first appeared: new ones now (SETTLED on the
   * first analysis of the document), gone ones forgotten — and their failed answers with them, so
   * a "not found" for a name the user went on typing is never kept.
   */
  private noteReferences(uri: string, refs: readonly ImageRef[], now: number): Map<string, number> {
    let seen = this.firstSeen.get(uri);
    const opening = !seen;
    if (!seen) {
      seen = new Map();
      this.firstSeen.set(uri, seen);
    }
    const present = new Set(refs.map((r) => r.canonical));
    for (const canonical of [...seen.keys()]) {
      if (present.has(canonical)) continue;
      seen.delete(canonical);
      if (this.pool.failedRecently(canonical)) this.pool.forget(canonical);
    }
    for (const canonical of present) if (!seen.has(canonical)) seen.set(canonical, opening ? SETTLED : now);
    return seen;
  }

  /** Analyses the document's current version, once: a run already going for that version is joined. */
  private run(uri: string): Promise<void> {
    const doc = this.host.document(uri);
    if (!doc) return Promise.resolve();
    const s = this.scheduleOf(uri);
    if (s.running?.version === doc.version) return s.running.done;
    const id = ++this.runs;
    const done = this.analyseVersion(uri, s, doc.version, id).finally(() => {
      if (s.running?.id === id) s.running = undefined;
    });
    s.running = { version: doc.version, done, id };
    return done;
  }

  private async analyseVersion(uri: string, s: Schedule, version: number, id: number): Promise<void> {
    const doc = this.host.document(uri);
    if (!doc || doc.version !== version) return;
    const kind = kindForDocument(uri, doc.languageId, doc.getText());
    if (!kind) return;
    const { config, network } = await this.host.configFor(uri);
    const now = this.host.document(uri);
    if (!now || now.version !== version) return; // a newer version has its own run queued

    s.lastStart = Date.now();
    const started = performance.now();
    // The map as the worker will read it: every change made until now reaches its replica before this request.
    const workspace = this.host.workspace();
    const file = uriToPath(uri);
    const text = now.getText();
    // Untrusted workspaces have no registry phase; trusted ones complete with these in the same request.
    const answers = this.pool.trusted ? this.answersInHand(uri, config, network) : undefined;
    let unit: AnalysisSession;
    try {
      unit = await this.service.analyze({ file, text, kind, config, lookupFailures: this.lookupFailures, ...(answers ? { answers } : {}) });
    } catch (error) {
      // The analysis itself failed (its worker stopped): archlens's error, shown as such on this version.
      unit = failedSession({ during: 'analysing the document', message: describe(error) }, file, text, kind);
    }
    const latest = this.host.document(uri);
    // Edited (or closed) meanwhile: the newer version has its own run queued.
    if (!latest || latest.version !== version || this.schedules.get(uri) !== s || s.running?.id !== id) { unit.release(); return; }
    const analysis = unit.document;
    if (!analysis) { unit.release(); return; }

    const refs = unit.references;
    const state: DocumentState = {
      uri, version, kind, config, analysis, unit, lookups: new Map(), complete: false, findings: analysis.findings, internalErrors: analysis.internalErrors, workspace,
    };
    this.replace(uri, state);
    const seen = this.noteReferences(uri, refs, Date.now());
    this.logInternalErrors(state, analysis.internalErrors);
    this.host.analysed(uri, state);

    // Untrusted workspaces run offline rules only: no look-up, no registry rule, no AL209 noise.
    if (!this.pool.trusted || refs.length === 0) {
      // Look-ups still in flight are for images this text no longer has.
      this.cancelLookups(s);
      if (this.pool.trusted) await this.completeWith(state, unit.early);
      if (!this.isCurrent(state)) return;
      state.complete = true;
      this.publishState(state);
      s.lastDuration = performance.now() - started;
      this.host.lookupsChanged();
      return;
    }

    const { key, resolver } = this.pool.resolverFor(config, network);
    const missing: ImageRef[] = [];
    for (const ref of refs) {
      const known = this.pool.recall(key, ref.canonical);
      if (known) state.lookups.set(ref.canonical, known);
      else missing.push(ref);
    }
    // The answers in hand are published at once (no flicker through an "offline only" state
    // while a new image is typed); references without one count as not looked up yet.
    await this.completeWith(state, unit.early);
    if (!this.isCurrent(state)) return; // replaced while the registry phase ran
    state.complete = missing.length === 0;
    this.publishState(state);
    s.lastDuration = performance.now() - started;

    const clock = Date.now();
    const quiet = this.quietFor(s);
    // Stood still long enough: since it appeared, and since the latest edit (a name is still being typed while edits come in).
    const lastEdit = s.edits.at(-1) ?? SETTLED;
    const stillSince = (r: ImageRef) => Math.max(seen.get(r.canonical) ?? SETTLED, (seen.get(r.canonical) ?? SETTLED) === SETTLED ? SETTLED : lastEdit);
    const ready = missing.filter((r) => clock - stillSince(r) >= quiet);
    const waiting = missing.filter((r) => !ready.includes(r));
    if (s.quietTimer) { clearTimeout(s.quietTimer); s.quietTimer = undefined; }
    if (waiting.length > 0) {
      const soonest = Math.min(...waiting.map((r) => stillSince(r) + quiet - clock));
      s.quietTimer = setTimeout(() => {
        s.quietTimer = undefined;
        this.schedule(uri);
      }, Math.max(1, soonest));
    }

    // Look-ups in flight for images this text no longer has are for text that no longer exists.
    const present = new Set(refs.map((r) => r.canonical));
    for (const [canonical, abort] of s.flights) {
      if (!present.has(canonical)) { abort.abort(); s.flights.delete(canonical); }
    }
    // Those still wanted and already in flight land in the memo and re-run this document.
    const start = ready.filter((r) => !s.flights.has(r.canonical));
    this.host.lookupsChanged();
    if (start.length === 0) return;
    for (const ref of start) s.flights.set(ref.canonical, new AbortController());
    // Never awaited here: a request waiting for this version's offline state (hover, code
    // actions) must not wait for the network.
    this.lookUp(state, s, key, resolver, start, seen).catch((error) => this.host.log('error', `look-ups for ${uri} failed: ${describe(error)}`));
  }

  private async lookUp(
    state: DocumentState, s: Schedule, key: string, resolver: RegistryResolver, refs: ImageRef[], seen: Map<string, number>,
  ): Promise<void> {
    const { uri } = state;
    const aborts = new Map(refs.map((ref) => [ref.canonical, s.flights.get(ref.canonical) ?? new AbortController()]));
    let answers: Array<[ImageRef, ImageLookup]>;
    try {
      answers = await Promise.all(refs.map(async (ref): Promise<[ImageRef, ImageLookup]> => {
        const abort = aborts.get(ref.canonical)!;
        const fresh = this.retrying.delete(ref.canonical);
        // A name that was typed (not there at open or save) leaves no "not found" in the disk cache.
        const typed = (seen.get(ref.canonical) ?? SETTLED) !== SETTLED;
        try {
          return [ref, await resolver.resolve(ref, { signal: abort.signal, fresh, rememberFailure: !typed })];
        } catch (error) {
          return [ref, { ok: false, error: { state: 'registry-error', message: describe(error), cause: 'registry' } }];
        }
      }));
    } finally {
      for (const [canonical, abort] of aborts) if (s.flights.get(canonical) === abort) s.flights.delete(canonical);
      this.host.lookupsChanged();
    }
    for (const [ref, lookup] of answers) {
      if (!lookup.ok && lookup.error.state !== 'cancelled') this.host.lookupFailed(ref.canonical, lookup.error);
      this.pool.remember(key, ref.canonical, lookup);
    }
    if ([...aborts.values()].every((a) => a.signal.aborted) || !this.schedules.has(uri)) return;
    const latest = this.host.document(uri);
    const current = this.states.get(uri);
    if (!latest || current !== state || latest.version !== state.version) {
      // A newer version waited for these answers: analyse it again from the memo.
      if (latest) this.schedule(uri);
      return;
    }
    for (const [ref, lookup] of answers) if (!aborts.get(ref.canonical)?.signal.aborted) state.lookups.set(ref.canonical, lookup);
    await this.completeWith(state);
    if (!this.isCurrent(state)) return;
    state.complete = state.unit.references.every((r) => state.lookups.has(r.canonical));
    this.publishState(state);
    this.host.lookupsChanged();
  }

  private cancelLookups(s: Schedule): void {
    for (const abort of s.flights.values()) abort.abort();
    s.flights.clear();
  }

  /**
   * The memoised answers for the references the document's last version had (a one-line edit
   * keeps them): sent with the analysis, for the registry phase to run in the same request.
   */
  private answersInHand(uri: string, config: EffectiveConfig, network: NetworkSettings): Map<string, ImageLookup> {
    const answers = new Map<string, ImageLookup>();
    const previous = this.states.get(uri);
    if (!previous || previous.unit.references.length === 0) return answers;
    const { key } = this.pool.resolverFor(config, network);
    for (const ref of previous.unit.references) {
      const known = this.pool.recall(key, ref.canonical);
      if (known) answers.set(ref.canonical, known);
    }
    return answers;
  }

  /**
   * The registry phase with the answers in hand: references without one count as not looked up.
   * `early`: the phase as the analysis already ran it, taken when it had these very answers.
   */
  private async completeWith(state: DocumentState, early?: AnalysisSession['early']): Promise<void> {
    // A state replaced (a newer version, a refresh) has let its analysis go: nothing to complete.
    if (!this.isCurrent(state)) return;
    // The answers as they are now: more may land in state.lookups while the worker completes.
    const lookups = new Map(state.lookups);
    if (early && sameAnswers(early.lookups, lookups)) {
      this.takeCompletion(state, early.completion);
      return;
    }
    try {
      this.takeCompletion(state, await state.unit.complete(lookups));
    } catch (error) {
      if (!this.isCurrent(state)) return; // let go while it ran: not an error of this version
      this.takeCompletion(state, { findings: state.findings, internalErrors: [...state.internalErrors, { during: 'the registry phase', message: describe(error) }] });
    }
  }

  /** Both phases' findings and internal errors into the state; the registry phase's new internal errors are logged. */
  private takeCompletion(state: DocumentState, done: Completion): void {
    state.findings = done.findings;
    this.logInternalErrors(state, done.internalErrors.slice(state.internalErrors.length));
    state.internalErrors = done.internalErrors;
  }

  private logInternalErrors(state: DocumentState, errors: readonly InternalError[]): void {
    for (const e of errors) this.host.log('error', `archlens internal error while reading ${state.uri} version ${state.version} (${e.during}): ${e.message} (please report)`);
  }

  private publishState(state: DocumentState): void {
    const doc = this.host.document(state.uri);
    if (!doc || doc.version !== state.version) return;
    this.host.publish(state.uri, state.version, [
      ...state.analysis.problems.filter((p) => !(this.leaveYamlSyntaxErrors && p.syntax === 'yaml')).map(problemDiagnostic),
      ...state.internalErrors.map(internalErrorDiagnostic),
      ...findingDiagnostics(state.findings.filter((f) => !this.rulesElsewhere.has(f.rule)), state.uri, state.version),
      ...uncheckedNote(state.kind, state.analysis.images, state.lookups, state.uri),
    ]);
  }
}

/**
 * Runs `run` after `ms`, or with no wait in the event loop's next turns (setImmediate): a 0 ms
 * timer puts the thread to sleep in the event loop's poll for a millisecond, several on a loaded
 * machine, on the path of every edit. Two turns, not one: the JSON-RPC connection handles one
 * queued message per turn, queued after the handler that scheduled this, so the message that came
 * right behind the change (a hover sent with an open) is answered before the run starts. Returns the cancel.
 */
function soon(run: () => void, ms: number): () => void {
  if (ms <= 0) {
    let immediate = setImmediate(() => { immediate = setImmediate(run); });
    return () => clearImmediate(immediate);
  }
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
}

/** The same references with the very same answers (an answer remembered since is another object). */
function sameAnswers(a: ReadonlyMap<string, ImageLookup>, b: ReadonlyMap<string, ImageLookup>): boolean {
  if (a.size !== b.size) return false;
  for (const [canonical, answer] of a) if (b.get(canonical) !== answer) return false;
  return true;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The session of a version whose analysis failed: nothing but archlens's error to show. */
function failedSession(error: InternalError, file: string, text: string, kind: FileKind): AnalysisSession {
  const document: DocumentAnalysis = {
    file, text, kind, lines: new LineIndex(text), problems: [], internalErrors: [error], outline: [], images: [], findings: [],
  };
  return {
    document,
    references: [],
    facts: undefined,
    complete: () => Promise.resolve({ findings: [], internalErrors: [error] }),
    checkFixes: () => Promise.resolve({ ok: false, reason: 'the analysis failed' }),
    release: () => undefined,
  };
}
