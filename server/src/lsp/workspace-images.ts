/**
 * The editor's workspace image map: built in the background from the workspace folders — files,
 * and what charts and overlays deploy once rendered, in a worker thread (map-build.ts), so a large
 * workspace never holds a request up — kept current from the open documents' own analyses and from
 * files changed on disk, and telling the open documents when a change concerns them — editing a
 * workflow re-checks the manifests that deploy its image; editing a manifest re-checks the
 * Dockerfiles it deploys. Until the first build ends, analyses read what is known so far.
 */
import type { ImageUse } from '../core/analyzer';
import type { FileKind } from '../core/types';
import { mattersToMap, WorkspaceImageMap, type FileFacts, type ImageIndex } from '../imagemap';
import type { ConfigResolver } from '../workspace/config-files';
import { mayBeRead, readFileSafely } from '../workspace/read';
import type { ConfigLayer } from '../core/config';
import { buildWorkspaceMap, safeFacts, type MapBuildInput, type MapBuildOutcome } from './map-build';
import { revivedFacts, type FactsChange } from '../imagemap/crossing';
import { mapWorkerPath, runMapWorker } from './map-runner';

export interface WorkspaceImagesHost {
  folders(): string[];
  /** The configuration resolver of the workspace (settings over `.archlens.yaml`). */
  configs(): Promise<ConfigResolver>;
  /** The editor's settings as a configuration layer (what a build in another thread makes its resolver from). */
  configLayer(): Promise<ConfigLayer>;
  /** Open documents: path → text. */
  openTexts(): Array<[string, string]>;
  /** Whether a file is open in the editor (its analysis feeds the map instead of the disk). */
  isOpen(file: string): boolean;
  /** The engine's one-time set-up (the shell parser) is done. */
  ready: () => Promise<void>;
  /** The map changed: the open documents it concerns (see `concerns`) read again. */
  changed(update: MapUpdate): void;
  /** Each file's facts as they are set, in order (the analysis workers' replicas follow them: map-replica.ts). */
  factsSet(changes: FactsChange[]): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

/** A change of the map: the files whose facts changed, and the index before and after. */
export interface MapUpdate {
  files: ReadonlySet<string>;
  before: ImageIndex;
  after: ImageIndex;
}

/** An open document as the map's changes concern it: its path, kind and the images it deploys. */
export interface OpenDocument {
  file: string;
  kind: FileKind;
  images: readonly ImageUse[];
}

/**
 * Whether an update changes how a document reads: a manifest that deploys an image whose build, or
 * whose Dockerfile, changed (before or after the update); a Dockerfile whose builds now make (or no
 * longer make) one architecture on purpose; a Dockerfile that manifests deploy, whose own shipped
 * binaries or whose deploying places changed; a build file whose Dockerfiles' content changed
 * (whether anything in the image executes, whether RUN steps run on the target). Nothing else reads the map, so an edit
 * re-checks only what it concerns (never every open document on every keystroke).
 */
export function concerns(document: OpenDocument, update: MapUpdate): boolean {
  if (document.kind === 'kubernetes') {
    for (const use of document.images) {
      if (!use.reference.ok) continue;
      for (const index of [update.before, update.after]) {
        for (const entry of index.buildsOf(use.reference.ref)) {
          if (update.files.has(entry.file) || ('file' in entry.dockerfile && update.files.has(entry.dockerfile.file))) return true;
        }
      }
    }
    return false;
  }
  if (document.kind === 'dockerfile') {
    // Whether its builds make one architecture on purpose decides which downloads are findings (AL308).
    const archBefore = update.before.deliberateArchOf(document.file);
    const archAfter = update.after.deliberateArchOf(document.file);
    if (archBefore?.arch !== archAfter?.arch || archBefore?.how !== archAfter?.how) return true;
    // The platforms its builds ask for decide whether a stage pinned on purpose stands (AL303).
    const asked = (index: ImageIndex) => JSON.stringify(index.buildsOfDockerfile(document.file).map((e) => (e.platforms.kind === 'known' ? e.platforms.platforms : [])));
    if (asked(update.before) !== asked(update.after)) return true;
    // The ARGs its builds set decide whether an AL311 on a base named by an ARG default stands.
    if ([...update.before.argsEveryBuildSets(document.file)].sort().join() !== [...update.after.argsEveryBuildSets(document.file)].sort().join()) return true;
    const before = update.before.deploymentsOf(document.file);
    const after = update.after.deploymentsOf(document.file);
    if (before.length === 0 && after.length === 0) return false;
    return update.files.has(document.file) || JSON.stringify(before) !== JSON.stringify(after);
  }
  if (isBuildFile(document.kind)) {
    // What its Dockerfiles put in their images decides AL501–AL503 (rules/buildscripts/built-content.ts).
    for (const index of [update.before, update.after]) {
      for (const entry of index.entries) {
        if (entry.file !== document.file || !('file' in entry.dockerfile) || !update.files.has(entry.dockerfile.file)) continue;
        const dockerfile = entry.dockerfile.file;
        if (JSON.stringify(update.before.contentOf(dockerfile)) !== JSON.stringify(update.after.contentOf(dockerfile))) return true;
      }
    }
  }
  return false;
}

/** The build-file kinds (whose builds the map records). */
function isBuildFile(kind: FileKind): boolean {
  return kind !== 'kubernetes' && kind !== 'dockerfile';
}

/** Work in slices of at most this many ms between yields, so requests are answered during a build. */
const SLICE_MS = 15;
/** Changes on disk never worth reading (the walk never enters these either). */
const NEVER_READ = /(?:^|[\\/])(?:\.git|node_modules)[\\/]/;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Changes to charts and overlays on disk rebuild the map after this quiet time. */
const REBUILD_QUIET_MS = 1000;

export class WorkspaceImageIndex {
  private readonly map = new WorkspaceImageMap();
  private generation = 0;
  private building: Promise<void> | undefined;
  /** Open documents the map holds facts of → the version those facts were taken from. */
  private readonly versions = new Map<string, number>();
  /** Files of charts and overlays (the last build's): read through their unit, so a change rebuilds. */
  private members = new Set<string>();
  private rebuildTimer: NodeJS.Timeout | undefined;

  constructor(private readonly host: WorkspaceImagesHost) {}

  /** What analyses read now: a snapshot, replaced on every change. */
  get images(): ImageIndex {
    return this.map.images;
  }

  /** The background build in progress, if any (tests wait for it). */
  get idle(): Promise<void> {
    return this.building ?? Promise.resolve();
  }

  /** (Re)builds the map from the workspace folders; a later call supersedes an earlier one. */
  rebuild(): void {
    const generation = ++this.generation;
    this.building = this.build(generation).catch((error) => this.host.log('error', `workspace image map: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async build(generation: number): Promise<void> {
    await this.host.ready();
    const folders = this.host.folders();
    if (folders.length === 0) return;
    const started = Date.now();
    const input: MapBuildInput = { folders, layer: await this.host.configLayer(), openTexts: this.host.openTexts() };
    if (generation !== this.generation) return;
    const changes = this.changes();
    const apply = (batch: readonly FactsChange[]) => {
      if (generation !== this.generation) return;
      for (const [file, facts] of batch) {
        // An open document's own analysis feeds the map (its unsaved text), not the disk.
        if (this.versions.has(file)) continue;
        changes.set(file, facts ? revivedFacts(facts) : undefined);
      }
    };
    const outcome = await this.runBuild(input, apply, () => generation !== this.generation);
    if (!outcome || generation !== this.generation) return;
    // Files of an earlier build that this walk no longer finds (a folder removed, a file now ignored).
    const seen = new Set(outcome.seen);
    for (const file of this.map.files()) {
      if (!seen.has(file) && !this.host.isOpen(file)) changes.set(file, undefined);
    }
    this.members = new Set(outcome.members);
    this.host.log('info', `workspace image map: ${this.map.images.entries.length} builds from ${outcome.read} files and ${outcome.units} charts or overlays in ${Date.now() - started} ms`);
    changes.done();
  }

  /**
   * The build itself: in a worker thread when the server is bundled (nothing of it runs on the
   * thread that answers requests), else here in slices. Facts arrive in batches as they are made.
   */
  private async runBuild(input: MapBuildInput, apply: (batch: readonly FactsChange[]) => void, stale: () => boolean): Promise<MapBuildOutcome | undefined> {
    const file = mapWorkerPath();
    if (file) return runMapWorker(file, input, apply, stale, (level, message) => this.host.log(level, message));
    let sliceStart = Date.now();
    return buildWorkspaceMap(input, {
      emit: apply,
      log: (level, message) => this.host.log(level, message),
      cancelled: stale,
      prepare: () => this.host.ready(),
      pause: async () => {
        if (Date.now() - sliceStart < SLICE_MS) return;
        await yieldToEventLoop();
        sliceStart = Date.now();
      },
    });
  }

  /** Facts set one file at a time, the host told once at the end what changed (with the index from before the first change). */
  private changes() {
    let before: ImageIndex | undefined;
    const files = new Set<string>();
    return {
      set: (file: string, facts: FileFacts | undefined) => {
        if (this.map.differs(file, facts)) {
          before ??= this.map.images;
          files.add(file);
        }
        // Unchanged to a check but maybe not to a fix (the text a fix at the build edits): replicas take every set.
        if (facts || this.map.has(file)) this.host.factsSet([[file, facts]]);
        this.map.set(file, facts);
      },
      done: () => {
        if (before) this.host.changed({ files, before, after: this.map.images });
      },
    };
  }

  /** A rebuild after a quiet second (a save of values.yaml, a checkout changing many files). */
  private rebuildSoon(): void {
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => {
      this.rebuildTimer = undefined;
      this.rebuild();
    }, REBUILD_QUIET_MS);
    this.rebuildTimer.unref();
  }

  /** An open document was analysed: its facts come from that analysis (its unsaved text, at `version`; made where the analysis ran). */
  analysed(file: string, version: number, kind: FileKind, facts: FileFacts | undefined): void {
    if (!mattersToMap(kind)) return;
    this.versions.set(file, version);
    const changes = this.changes();
    changes.set(file, facts);
    changes.done();
  }

  /** The whole map as facts: what a worker's replica starts from. */
  snapshot(): FactsChange[] {
    return this.map.allFacts();
  }

  /**
   * The version of an open document whose text the map holds (a fix at the build edits that text:
   * a client refuses the edit once the document has moved on); null when the map read the disk.
   */
  versionOf(file: string): number | null {
    return this.versions.get(file) ?? null;
  }

  /** Files changed, created or deleted on disk (watched files): those not open are read again. */
  async filesChanged(files: ReadonlyArray<{ file: string; deleted: boolean }>): Promise<void> {
    const changes = this.changes();
    let configs: ConfigResolver | undefined;
    for (const { file, deleted } of files) {
      if (this.host.isOpen(file) || NEVER_READ.test(file)) continue;
      // What a chart or overlay deploys is known by rendering it again: the build does that, once for a burst of changes.
      if (this.members.has(file) || /(?:^|[\\/])(?:Chart\.ya?ml|kustomization\.ya?ml|Kustomization)$/.test(file)) {
        this.rebuildSoon();
        continue;
      }
      // A file the map never held and cannot read tells it nothing (most changes on disk are of those).
      const readable = !deleted && mayBeRead(file);
      if (!readable && !this.map.has(file)) continue;
      let facts;
      if (readable) {
        const outcome = readFileSafely(file);
        configs ??= await this.host.configs();
        if (!('problem' in outcome)) facts = safeFacts(file, outcome.text, configs.forPath(file).config, (level, message) => this.host.log(level, message));
      }
      changes.set(file, facts);
    }
    changes.done();
  }

  /** A document closed: the disk's version of it counts again. */
  async closed(file: string): Promise<void> {
    this.versions.delete(file);
    await this.filesChanged([{ file, deleted: false }]);
  }
}
