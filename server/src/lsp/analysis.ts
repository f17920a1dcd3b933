/**
 * Per-document analysis for the editor: offline findings published at once, registry findings
 * when their look-ups arrive, every publication tagged with the document version it was computed
 * for (a result for an old version is dropped), the look-ups of a changed document cancelled,
 * and bursts of edits coalesced.
 */
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis, type CompleteAnalysis, type DocumentAnalysis } from '../engine/analyze';
import type { EffectiveConfig } from '../core/config';
import type { FileKind, Finding, InternalError } from '../core/types';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import { internalErrorDiagnostic, problemDiagnostic, toDiagnostic } from './diagnostics';
import { kindForDocument, uriToPath } from './paths';
import type { ResolverPool } from './resolvers';
import type { RegistryResolver } from '../registry/index';
import type { NetworkSettings } from './settings';
import type { ImageIndex } from '../imagemap';

/** Everything known about one open document at one version. */
export interface DocumentState {
  uri: string;
  version: number;
  kind: FileKind;
  config: EffectiveConfig;
  /** The offline phase of the document: its lines, problems, image references and offline findings. */
  analysis: DocumentAnalysis;
  /** The unit analysed (this one document), for its registry phase. */
  unit: Analysis;
  /** Answers for this version's references (canonical → answer); complete once `complete`. */
  lookups: Map<string, ImageLookup>;
  /** True once registry rules ran for this version (or none can run). */
  complete: boolean;
  findings: Finding[];
  /** archlens's own failures on this version (offline, then registry phase): shown and logged as ours. */
  internalErrors: InternalError[];
  /** The workspace image map this version was analysed with (its fixes are checked against it). */
  workspace: ImageIndex;
}

export interface AnalysisHost {
  document(uri: string): TextDocument | undefined;
  /** The configuration for a file (settings over `.archlens.yaml`) and the network settings. */
  configFor(uri: string): Promise<{ config: EffectiveConfig; network: NetworkSettings }>;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  /** Look-up state changed (for the status bar). */
  lookupsChanged(): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** The workspace image map as it is now. */
  workspace(): ImageIndex;
  /** A version's offline phase is done (the workspace image map takes the document's facts from it). */
  analysed(uri: string, state: DocumentState): void;
}

interface Schedule {
  timer?: NodeJS.Timeout;
  lastStart: number;
  lastDuration: number;
  abort?: AbortController;
  /** Canonical references the in-flight look-ups are for. */
  inFlight?: string;
}

/** Coalescing window bounds: an idle document is analysed at once; during a burst, at most this often. */
const MIN_INTERVAL_MS = 25;
const MAX_INTERVAL_MS = 300;

export class DocumentAnalyses {
  private readonly states = new Map<string, DocumentState>();
  private readonly schedules = new Map<string, Schedule>();
  private pendingLookups = 0;

  constructor(private readonly host: AnalysisHost, private readonly pool: ResolverPool) {}

  get pending(): number { return this.pendingLookups; }

  state(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  /** The state for the document's current version, analysing synchronously (offline) if needed. */
  async current(uri: string): Promise<DocumentState | undefined> {
    const doc = this.host.document(uri);
    if (!doc) return undefined;
    const state = this.states.get(uri);
    if (state && state.version === doc.version) return state;
    // A request needs this version now: run the pending analysis early instead of twice.
    const s = this.schedules.get(uri);
    if (s?.timer) { clearTimeout(s.timer); s.timer = undefined; }
    await this.run(uri);
    const fresh = this.states.get(uri);
    return fresh && fresh.version === doc.version ? fresh : undefined;
  }

  /**
   * A document opened or changed. The first change after a quiet period runs at once (after the
   * messages already queued); a burst of changes is coalesced into runs spaced by about twice the
   * document's analysis time, so a big file is never analysed once per keystroke.
   */
  schedule(uri: string): void {
    const s = this.schedules.get(uri) ?? { lastStart: 0, lastDuration: 0 };
    this.schedules.set(uri, s);
    if (s.timer) return;
    const interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, 2 * s.lastDuration));
    const wait = Math.max(0, s.lastStart + interval - Date.now());
    s.timer = setTimeout(() => {
      s.timer = undefined;
      this.run(uri).catch((error) => this.host.log('error', `analysis of ${uri} failed: ${describe(error)}`));
    }, wait);
  }

  /** Re-analyses the open documents whose last analysis `affected` says is out of date (the workspace image map changed). */
  refreshWhere(uris: Iterable<string>, affected: (state: DocumentState) => boolean): void {
    for (const uri of uris) {
      // A document without a state has its analysis to come, which reads the map as it is then.
      const state = this.states.get(uri);
      if (!state || !affected(state)) continue;
      this.states.delete(uri);
      this.schedule(uri);
    }
  }

  /** Re-analyses every open document (settings, trust or cache changed). */
  refreshAll(uris: Iterable<string>): void {
    for (const uri of uris) {
      this.states.delete(uri);
      this.schedule(uri);
    }
  }

  closed(uri: string): void {
    const s = this.schedules.get(uri);
    if (s?.timer) clearTimeout(s.timer);
    s?.abort?.abort();
    this.schedules.delete(uri);
    this.states.delete(uri);
  }

  private async run(uri: string): Promise<void> {
    const doc = this.host.document(uri);
    if (!doc) return;
    const version = doc.version;
    const kind = kindForDocument(uri, doc.languageId, doc.getText());
    if (!kind) return;
    const { config, network } = await this.host.configFor(uri);
    const now = this.host.document(uri);
    if (!now || now.version !== version) return; // a newer version has its own run queued

    const s = this.schedules.get(uri) ?? { lastStart: 0, lastDuration: 0 };
    this.schedules.set(uri, s);
    s.lastStart = Date.now();
    const started = performance.now();
    const workspace = this.host.workspace();
    const unit = analyze({ documents: [{ file: uriToPath(uri), text: now.getText(), kind }], config, workspace });
    const [analysis] = unit.documents;
    if (!analysis) return;

    const refs = unit.references;
    const state: DocumentState = {
      uri, version, kind, config, analysis, unit, lookups: new Map(), complete: false, findings: analysis.findings, internalErrors: analysis.internalErrors, workspace,
    };
    this.states.set(uri, state);
    this.logInternalErrors(state, analysis.internalErrors);
    this.host.analysed(uri, state);

    // Untrusted workspaces run offline rules only: no look-up, no registry rule, no AL209 noise.
    if (!this.pool.trusted || refs.length === 0) {
      // Look-ups still in flight are for images this text no longer has.
      this.cancelLookups(s);
      if (this.pool.trusted) this.completeWith(state, state.lookups);
      state.complete = true;
      this.publishState(state);
      s.lastDuration = performance.now() - started;
      return;
    }

    const { key, resolver } = this.pool.resolverFor(config, network);
    const missing: ImageRef[] = [];
    for (const ref of refs) {
      const known = this.pool.recall(key, ref.canonical);
      if (known) state.lookups.set(ref.canonical, known);
      else missing.push(ref);
    }
    if (missing.length === 0) {
      this.cancelLookups(s);
      this.completeWith(state, state.lookups);
      state.complete = true;
    }
    this.publishState(state);
    s.lastDuration = performance.now() - started;
    if (missing.length === 0) return;

    const signature = missing.map((r) => r.canonical).join('\n');
    // Look-ups already in flight for the same images: their answers land in the memo and the
    // completion re-runs this document. Different images: the old look-ups are for text that no
    // longer exists, so they are cancelled.
    if (s.abort && s.inFlight === signature) return;
    s.abort?.abort();
    const abort = new AbortController();
    s.abort = abort;
    s.inFlight = signature;
    // Never awaited here: a request waiting for this version's offline state (hover, code
    // actions) must not wait for the network.
    this.lookUp(state, s, abort, key, resolver, missing).catch((error) => this.host.log('error', `look-ups for ${uri} failed: ${describe(error)}`));
  }

  private async lookUp(state: DocumentState, s: Schedule, abort: AbortController, key: string, resolver: RegistryResolver, missing: ImageRef[]): Promise<void> {
    const { uri, version } = state;
    this.pendingLookups += missing.length;
    this.host.lookupsChanged();
    let done: CompleteAnalysis;
    try {
      done = await state.unit.registry(resolver, { signal: abort.signal, known: state.lookups, workspace: state.workspace });
    } finally {
      this.pendingLookups -= missing.length;
      if (s.abort === abort) { s.abort = undefined; s.inFlight = undefined; }
      this.host.lookupsChanged();
    }
    // Only the new answers: re-remembering a recalled one would keep it fresh for ever.
    for (const ref of missing) {
      const lookup = done.lookups.get(ref.canonical);
      if (lookup) this.pool.remember(key, ref.canonical, lookup);
    }
    const latest = this.host.document(uri);
    if (abort.signal.aborted || !latest || latest.version !== version || this.states.get(uri) !== state) {
      this.host.log('debug', `dropped look-up results for ${uri} version ${version} (document changed)`);
      // The newer version waited for these answers (same images): analyse it again from the memo.
      if (!abort.signal.aborted && latest && this.schedules.has(uri)) this.schedule(uri);
      return;
    }
    state.lookups = done.lookups;
    this.takeCompletion(state, done);
    state.complete = true;
    this.publishState(state);
  }

  private cancelLookups(s: Schedule): void {
    s.abort?.abort();
    s.abort = undefined;
    s.inFlight = undefined;
  }

  /** The registry phase with answers in hand (the memo's). */
  private completeWith(state: DocumentState, lookups: ReadonlyMap<string, ImageLookup>): void {
    this.takeCompletion(state, state.unit.complete(lookups, { workspace: state.workspace }));
  }

  /** Both phases' findings and internal errors into the state; the registry phase's new internal errors are logged. */
  private takeCompletion(state: DocumentState, done: CompleteAnalysis): void {
    const document = done.documents[0];
    if (!document) return;
    state.findings = document.findings;
    this.logInternalErrors(state, document.internalErrors.slice(state.internalErrors.length));
    state.internalErrors = document.internalErrors;
  }

  private logInternalErrors(state: DocumentState, errors: readonly InternalError[]): void {
    for (const e of errors) this.host.log('error', `archlens internal error while reading ${state.uri} version ${state.version} (${e.during}): ${e.message} (please report)`);
  }

  private publishState(state: DocumentState): void {
    const doc = this.host.document(state.uri);
    if (!doc || doc.version !== state.version) return;
    this.host.publish(state.uri, state.version, [
      ...state.analysis.problems.map(problemDiagnostic),
      ...state.internalErrors.map(internalErrorDiagnostic),
      ...state.findings.map((f) => toDiagnostic(f, state.uri, state.version)),
    ]);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
