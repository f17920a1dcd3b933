/**
 * Charts in the editor (units/): an edit to a chart's values.yaml or a template re-renders the
 * chart — debounced, in a worker thread (lsp/unit-runner.ts; in slices when running from sources),
 * a newer edit cancelling an older render — and republishes the diagnostics of every file of the chart,
 * open or not (open buffers are read over the disk). Offline findings publish at once, registry
 * findings when their look-ups answer. Hovering a values key (or value) that feeds an image shows
 * that image's platforms.
 */
import * as path from 'node:path';
import type { Diagnostic, Hover, Position } from 'vscode-languageserver/node';
import type { ImageLookup } from '../images/lookup';
import type { Platform } from '../images/platform';
import type { ImageRef } from '../images/reference';
import { resolveAll } from '../engine/analyze';
import { LineIndex } from '../core/text';
import { unitKey, unitsOfFile, type UnitRef, type UnitResult, type UnitSource } from '../units';
import { diskSourceWith } from '../units/node-source';
import { generatedFileChecker } from '../workspace/generated';
import { mergeThrough } from '../units/through';
import type { Finding } from '../core/types';
import { InProcessUnitRunner, unitWorkerPath, WorkerUnitRunner, type UnitRunner } from './unit-runner';
import { imagesFedFrom, type FedImage } from '../units/hover';
import type { ServerContext } from './context';
import { internalErrorDiagnostic, problemDiagnostic, toDiagnostic } from './diagnostics';
import { imageHover, type HoverContext } from './hover';
import { isFileUri, pathToUri, uriToPath } from './paths';
import type { SettingsHandler } from './settings-handler';
import type { FactsChange } from '../imagemap/crossing';

/** Quiet time after an edit before the chart renders again (typing in values.yaml re-renders once per pause). */
const DEBOUNCE_MS = 150;
/** How long which chart a file belongs to is remembered (a new Chart.yaml is seen after this). */
const DISCOVERY_TTL_MS = 5000;

interface UnitState {
  ref: UnitRef;
  timer?: NodeJS.Timeout;
  abort?: AbortController;
  /** Bumped by every run: a run that is no longer the latest publishes nothing. */
  generation: number;
  result?: UnitResult;
  /** What each image of the last render is fed from (hover). */
  images: FedImage[];
  /** The files the last render read (their diagnostics are this unit's to publish). */
  files: Set<string>;
  /** Document versions the last result was computed from (fixes are valid for these only). */
  versions: Map<string, number>;
  /** The last run's time, for the status of long renders in the log. */
  lastMs: number;
  /** The targets of the configuration in force for the unit (hover says what they miss). */
  targets: Platform[];
}

/** What one unit last published on a file: its problems as diagnostics, its findings, the file's version. */
interface PublishedUnit { diagnostics: Diagnostic[]; findings: Finding[]; version: number | null }

export class UnitAnalyses {
  private readonly units = new Map<string, UnitState>();
  /** file → the units whose last render read it. */
  private readonly byFile = new Map<string, Set<string>>();
  /** uri → unit key → what it shows there: a file two units read shows both (findings alike but for the unit once). */
  private readonly published = new Map<string, Map<string, PublishedUnit>>();
  private pendingLookups = 0;
  private readonly discoveries = new Map<string, { at: number; units: UnitRef[] }>();

  private readonly runner: UnitRunner;

  constructor(private readonly ctx: ServerContext, private readonly settings: SettingsHandler) {
    const worker = unitWorkerPath();
    // The registry phase reads the workspace image map (AL210 on what a chart or overlay deploys).
    this.runner = worker
      ? new WorkerUnitRunner(worker, () => ctx.images.snapshot(), (level, message) => ctx.log(level, message))
      : new InProcessUnitRunner(() => ctx.images.images);
  }

  /** Files' facts changed in the workspace image map: the chart worker's replica follows. */
  factsChanged(changes: readonly FactsChange[]): void {
    this.runner.factsChanged(changes);
  }

  get pending(): number { return this.pendingLookups; }

  /** The units a document belongs to: it is checked through them, not on its own. */
  unitsOf(uri: string): UnitRef[] {
    if (!isFileUri(uri)) return [];
    const file = uriToPath(uri);
    const refs = new Map<string, UnitRef>();
    for (const key of this.byFile.get(file) ?? []) {
      const state = this.units.get(key);
      if (state) refs.set(key, state.ref);
    }
    for (const ref of this.discovered(file)) refs.set(unitKey(ref), ref);
    return [...refs.values()];
  }

  /** unitsOfFile, remembered for a few seconds: asked on every keystroke, it reads the folders above the file. */
  private discovered(file: string): UnitRef[] {
    const now = Date.now();
    const known = this.discoveries.get(file);
    if (known && now - known.at < DISCOVERY_TTL_MS) return known.units;
    let units: UnitRef[] = [];
    try {
      units = unitsOfFile(file, this.source());
    } catch (error) {
      this.ctx.log('warn', `could not tell which chart ${file} belongs to: ${describe(error)}`);
    }
    if (this.discoveries.size > 1000) this.discoveries.clear();
    this.discoveries.set(file, { at: now, units });
    return units;
  }

  claims(uri: string): boolean {
    return this.unitsOf(uri).length > 0;
  }

  /** A document of some units opened, changed or closed: those units render again. */
  changed(uri: string): void {
    for (const ref of this.unitsOf(uri)) this.schedule(ref);
  }

  /** Every unit renders again (settings, trust or `.archlens.yaml` changed). */
  refreshAll(): void {
    for (const state of this.units.values()) this.schedule(state.ref);
  }

  /** The disk, with the open documents' texts over it. */
  private source(): UnitSource {
    const open = new Map<string, string>();
    for (const doc of this.ctx.documents.all()) if (isFileUri(doc.uri)) open.set(uriToPath(doc.uri), doc.getText());
    return diskSourceWith((file) => open.get(file), this.ctx.workspaceFolders, generatedFileChecker());
  }

  private schedule(ref: UnitRef): void {
    const key = unitKey(ref);
    let state = this.units.get(key);
    if (!state) this.units.set(key, (state = { ref, generation: 0, files: new Set(), versions: new Map(), lastMs: 0, targets: [], images: [] }));
    const s = state;
    if (s.timer) clearTimeout(s.timer);
    // A newer edit makes the running render pointless.
    s.abort?.abort();
    s.timer = setTimeout(() => {
      s.timer = undefined;
      this.run(s).catch((error) => this.ctx.log('error', `checking the chart ${ref.root} failed: ${describe(error)}`));
    }, DEBOUNCE_MS);
  }

  private async run(state: UnitState): Promise<void> {
    const generation = ++state.generation;
    const abort = new AbortController();
    state.abort = abort;
    const { config, network, configDir } = await this.settings.configFor(pathToUri(state.ref.anchor));
    if (generation !== state.generation) return;
    state.targets = config.targets;
    const texts: Array<[string, string]> = [];
    const versions = new Map<string, number>();
    for (const doc of this.ctx.documents.all()) {
      if (!isFileUri(doc.uri)) continue;
      texts.push([uriToPath(doc.uri), doc.getText()]);
      versions.set(uriToPath(doc.uri), doc.version);
    }
    const started = performance.now();
    const rendered = await this.runner.render({ ref: state.ref, texts, config, configDir, folders: this.ctx.workspaceFolders }, abort.signal);
    if (!rendered || generation !== state.generation) return;

    const trusted = this.ctx.pool.trusted;
    const { key, resolver } = this.ctx.pool.resolverFor(config, network);
    const lookups = new Map<string, ImageLookup>();
    const missing: ImageRef[] = [];
    if (trusted) {
      for (const ref of rendered.references) {
        const known = this.ctx.pool.recall(key, ref.canonical);
        if (known) lookups.set(ref.canonical, known);
        else missing.push(ref);
      }
    }
    // Untrusted: offline rules only. Trusted with every answer remembered: straight to both phases.
    const first = trusted && missing.length === 0 && rendered.references.length > 0
      ? await this.runner.complete(state.ref, lookups, abort.signal)
      : rendered.offline;
    if (!first || generation !== state.generation) return;
    state.images = rendered.images;
    this.publish(state, first, versions);
    state.lastMs = performance.now() - started;
    this.ctx.log('debug', `chart ${state.ref.root}: rendered and checked in ${state.lastMs.toFixed(0)} ms`);
    if (!trusted || missing.length === 0) {
      // Untrusted: no registry phase to come, the render can go (complete() lets it go otherwise).
      if (!trusted) this.runner.release(state.ref);
      return;
    }

    this.pendingLookups += missing.length;
    let answers: Map<string, ImageLookup>;
    try {
      answers = await resolveAll(missing, resolver, abort.signal);
    } finally {
      this.pendingLookups -= missing.length;
    }
    for (const [canonical, answer] of answers) {
      if (abort.signal.aborted) break;
      this.ctx.pool.remember(key, canonical, answer);
      lookups.set(canonical, answer);
    }
    if (abort.signal.aborted || generation !== state.generation) return;
    const complete = await this.runner.complete(state.ref, lookups, abort.signal);
    if (!complete || generation !== state.generation) return;
    this.publish(state, complete, versions);
  }

  private publish(state: UnitState, result: UnitResult, versions: Map<string, number>): void {
    const key = unitKey(state.ref);
    const before = state.files;
    state.result = result;
    state.versions = versions;
    state.files = new Set(result.files.keys());
    for (const file of before) if (!state.files.has(file)) this.byFile.get(file)?.delete(key);
    for (const file of state.files) {
      let units = this.byFile.get(file);
      if (!units) this.byFile.set(file, (units = new Set()));
      units.add(key);
    }
    const touched = new Set<string>([...before, ...state.files]);
    for (const file of touched) {
      const uri = pathToUri(file);
      const entry = result.files.get(file);
      const version = versions.get(file) ?? null;
      let byUnit = this.published.get(uri);
      if (!byUnit) this.published.set(uri, (byUnit = new Map<string, PublishedUnit>()));
      if (entry) {
        byUnit.set(key, { diagnostics: [...entry.problems.map(problemDiagnostic), ...entry.internalErrors.map(internalErrorDiagnostic)], findings: entry.findings, version });
      } else byUnit.delete(key);
      const open = this.ctx.documents.get(uri);
      const shown = [...byUnit.values()];
      if (shown.length === 0) this.published.delete(uri);
      const diagnostics = [...shown.flatMap((u) => u.diagnostics), ...mergedFindings(shown, uri)];
      void this.ctx.connection.sendDiagnostics({ uri, ...(open ? { version: open.version } : {}), diagnostics });
    }
  }

  /** What a unit file shows on hover: the platforms of the images a values key or value (or template line) feeds. */
  hover(uri: string, position: Position, context: HoverContext): Hover | undefined {
    if (!isFileUri(uri)) return undefined;
    const file = uriToPath(uri);
    const doc = this.ctx.documents.get(uri);
    for (const key of this.byFile.get(file) ?? []) {
      const state = this.units.get(key);
      if (!state?.result) continue;
      // Offsets of the text the unit was rendered from: a hover on a newer version waits for the next render.
      if (doc && state.versions.get(file) !== doc.version) continue;
      const text = doc?.getText();
      if (text === undefined) continue;
      const lines = new LineIndex(text);
      const fed = imagesFedFrom(state.images, file, lines.offsetAt(position));
      if (fed.length === 0) continue;
      const shown = [...new Map(fed.map((f) => [f.use.reference.ok ? f.use.reference.ref.canonical : f.use.reference.original, f])).values()];
      const value = shown.map((f) => imageHover(f.use, undefined, context, state.targets)).join('\n\n---\n\n');
      const heading = `*From ${path.basename(file)}: ${shown.length === 1 ? 'this value is part of the image' : 'this value is part of these images'} the chart renders.*`;
      return { contents: { kind: 'markdown', value: `${heading}\n\n${value}` }, range: lines.range(fed[0].start, fed[0].end) };
    }
    return undefined;
  }

  dispose(): void {
    for (const state of this.units.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.abort?.abort();
    }
    this.runner.dispose();
  }
}

/**
 * The findings several units show in one file, as diagnostics: a base several overlays build has a
 * finding each sees alike once, naming them all. Merged only among units rendered from the same
 * version of the file, since a diagnostic's fixes are offered for one version (a unit still
 * rendering an older text shows its own until it catches up).
 */
function mergedFindings(shown: ReadonlyArray<{ findings: Finding[]; version: number | null }>, uri: string): Diagnostic[] {
  const byVersion = new Map<number | null, Finding[]>();
  for (const u of shown) {
    let list = byVersion.get(u.version);
    if (!list) byVersion.set(u.version, (list = []));
    list.push(...u.findings);
  }
  return [...byVersion].flatMap(([version, findings]) => mergeThrough(findings).map((f) => toDiagnostic(f, uri, version)));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
