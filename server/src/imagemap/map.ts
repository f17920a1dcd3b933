/**
 * The workspace image map: every file's facts, kept per file so that a changed file replaces its
 * own (the editor rebuilds it incrementally), and an index over them — builds by repository,
 * Dockerfiles' shipped binaries, deployments by Dockerfile — made once per change, when asked.
 * Pure: no disk, no network; the CLI and the editor feed it texts.
 */
import * as path from 'node:path';
import type { ImageRef } from '../images/reference';
import type { FileKind } from '../core/types';
import { textOfValue, unknownIn } from '../buildscripts/values';
import type { FileFacts, RawBuild } from './facts';
import { matchesPattern, namePattern, repositoryKey } from './names';
import { builtPlatforms } from './platforms';
import { argsEveryBuildSets, deliberateArchOfBuilds, unmarkedPathOf, type DeliberateArch } from './deliberate';
import type { ImageContent } from './content';
import type { BuildEntry, BuiltPlatforms, Deployment, DockerfileLocation, NamePattern, ShippedBinary, WorkspaceImages } from './types';
import { calledBuilds, callsByWorkflow } from './workflow-calls';

/** What a change of one file's facts touched, for an editor deciding which open documents to check again. */
export interface MapChange {
  /** Builds or Dockerfile facts changed: manifests that deploy built images may read differently. */
  builds: boolean;
  /** Deployed images changed: Dockerfiles linked to manifests may read differently. */
  deployments: boolean;
}

export class WorkspaceImageMap {
  private readonly facts = new Map<string, FileFacts>();
  private readonly signatures = new Map<string, { builds: string; deployments: string }>();
  private index: ImageIndex | undefined;

  /** Sets a file's facts (undefined: the file tells the map nothing, or is gone) and says what changed. */
  set(file: string, facts: FileFacts | undefined): MapChange {
    const before = this.signatures.get(file) ?? { builds: '', deployments: '' };
    const after = facts ? signatureOf(facts) : { builds: '', deployments: '' };
    if (facts) { this.facts.set(file, facts); this.signatures.set(file, after); } else { this.facts.delete(file); this.signatures.delete(file); }
    const change = { builds: before.builds !== after.builds, deployments: before.deployments !== after.deployments };
    if (change.builds || change.deployments || facts) this.index = undefined;
    return change;
  }

  /** Whether setting these facts would change what a check reads (MapChange), without setting them. */
  differs(file: string, facts: FileFacts | undefined): boolean {
    const before = this.signatures.get(file) ?? { builds: '', deployments: '' };
    const after = facts ? signatureOf(facts) : { builds: '', deployments: '' };
    return before.builds !== after.builds || before.deployments !== after.deployments;
  }

  has(file: string): boolean {
    return this.facts.has(file);
  }

  get size(): number {
    return this.facts.size;
  }

  /** Every file's facts (an editor's worker thread starts its copy of the map from them). */
  allFacts(): Array<[string, FileFacts]> {
    return [...this.facts];
  }

  /** The files the map holds facts of (a rebuild drops those it no longer finds). */
  files(): string[] {
    return [...this.facts.keys()];
  }

  /** The current index: a new object after every change (what an analysis read stays as it was). */
  get images(): ImageIndex {
    this.index ??= new ImageIndex([...this.facts.values()]);
    return this.index;
  }
}

/** A map built once from a list of facts (the CLI's whole check). */
export function imageMapOf(facts: Iterable<FileFacts>): ImageIndex {
  return new ImageIndex([...facts]);
}

/** A change is what a check would see: names, platforms, Dockerfiles, findings, deployed references. */
function signatureOf(facts: FileFacts): { builds: string; deployments: string } {
  const nothingBuilt = facts.builds.length === 0 && facts.shipped.length === 0 && facts.kind !== 'dockerfile' && !facts.makeOverrides && !facts.workflowCalls;
  const builds = nothingBuilt ? '' : JSON.stringify([
    facts.makeOverrides?.map((o) => o.name) ?? [],
    facts.workflowCalls?.map((c) => [c.file, c.runs]) ?? [],
    facts.builds.map((b) => [b.what, b.range, b.pushed, b.output, b.site?.addPlatforms, b.site?.platforms, b.site?.inputsArch]),
    facts.shipped.map((s) => [s.rule, s.range]),
    facts.kind === 'dockerfile',
    facts.copiesContext === true,
    facts.content ?? null,
  ]);
  const deployments = facts.images.length === 0 ? '' : JSON.stringify(facts.images.map((i) => [i.ref.canonical, i.range]));
  return { builds, deployments };
}

/** The index rules read: immutable, built from one set of facts. */
export class ImageIndex implements WorkspaceImages {
  readonly entries: BuildEntry[] = [];
  private readonly byRepository = new Map<string, BuildEntry[]>();
  private readonly shipped = new Map<string, ShippedBinary[]>();
  private deployed: Map<string, Deployment[]> | undefined;
  private readonly byDockerfile = new Map<string, BuildEntry[]>();
  /** Unmarked paths of the Dockerfiles named for an ARM architecture (unmarkedPathOf), to the variant's path. */
  private readonly armVariants = new Map<string, string>();
  private readonly copiesContext = new Set<string>();
  private readonly contents = new Map<string, ImageContent>();
  private readonly byPlace = new Map<string, BuildEntry[]>();

  constructor(private readonly files: readonly FileFacts[]) {
    const dockerfiles = new Set(files.filter((f) => f.kind === 'dockerfile').map((f) => f.file));
    for (const file of dockerfiles) {
      const unmarked = unmarkedPathOf(file);
      if (unmarked !== undefined && unmarked !== file && !this.armVariants.has(unmarked)) this.armVariants.set(unmarked, file);
    }
    const overrides = new Map<string, { file: string; line: number; environment?: boolean }>();
    for (const facts of files) {
      for (const o of facts.makeOverrides ?? []) {
        // A command line overrides every kind of assignment: it wins over an environment entry.
        const known = overrides.get(o.name);
        if (!known || (known.environment && !o.environment)) overrides.set(o.name, { file: facts.file, line: o.line, ...(o.environment ? { environment: true } : {}) });
      }
    }
    const calls = callsByWorkflow(files);
    for (const facts of files) {
      if (facts.shipped.length > 0) this.shipped.set(facts.file, facts.shipped);
      if (facts.copiesContext) this.copiesContext.add(facts.file);
      if (facts.content) this.contents.set(facts.file, facts.content);
      // A reusable workflow builds what its callers ask for (workflow-calls.ts).
      const runs = calls.get(facts.file);
      const called = runs ? calledBuilds(facts, runs) : undefined;
      for (const build of facts.builds) {
        const entry = entryOf(facts, build, dockerfiles, overrides);
        if (build.siteIndex !== undefined) {
          const place = placeKey(facts.file, build.siteIndex);
          const atPlace = this.byPlace.get(place);
          if (atPlace) atPlace.push(entry); else this.byPlace.set(place, [entry]);
        }
        if (!called?.onlyCalled) this.add(entry);
      }
      for (const build of called?.builds ?? []) this.add(entryOf(facts, build, dockerfiles, overrides));
    }
  }

  /** A build as the images and Dockerfiles it makes. */
  private add(entry: BuildEntry): void {
    this.entries.push(entry);
    if ('file' in entry.dockerfile) {
      const list = this.byDockerfile.get(entry.dockerfile.file);
      if (list) list.push(entry); else this.byDockerfile.set(entry.dockerfile.file, [entry]);
    }
    for (const name of entry.names) {
      if (isLocalOnly(entry, name)) continue;
      const key = repositoryKey(name);
      const list = this.byRepository.get(key);
      if (list) { if (!list.includes(entry)) list.push(entry); } else this.byRepository.set(key, [entry]);
    }
  }

  buildsOf(ref: ImageRef): readonly BuildEntry[] {
    const candidates = this.byRepository.get(repositoryKey(ref));
    if (!candidates) return [];
    return candidates.filter((e) => e.names.some((n) => matchesPattern(n, ref)));
  }

  buildsOfRepository(repository: { registry: string; repository: string }): readonly BuildEntry[] {
    return this.byRepository.get(repositoryKey(repository)) ?? [];
  }

  shippedBinaries(dockerfile: string): readonly ShippedBinary[] {
    const shipped = this.shipped.get(dockerfile) ?? [];
    // A download of the one architecture every build makes on purpose is what that image needs.
    const deliberate = shipped.some((s) => s.arch !== undefined) ? this.deliberateArchOf(dockerfile) : undefined;
    return deliberate ? shipped.filter((s) => s.arch !== deliberate.arch) : shipped;
  }

  deploymentsOf(dockerfile: string): readonly Deployment[] {
    if (!this.deployed) {
      this.deployed = new Map();
      for (const facts of this.files) {
        for (const image of facts.images) {
          const seen = new Set<string>();
          for (const entry of this.buildsOf(image.ref)) {
            if (!('file' in entry.dockerfile) || seen.has(entry.dockerfile.file)) continue;
            seen.add(entry.dockerfile.file);
            const list = this.deployed.get(entry.dockerfile.file) ?? [];
            list.push({ file: facts.file, range: image.range, image: image.written });
            this.deployed.set(entry.dockerfile.file, list);
          }
        }
      }
    }
    return this.deployed.get(dockerfile) ?? [];
  }

  deliberateArchOf(dockerfile: string): DeliberateArch | undefined {
    const builds = this.byDockerfile.get(dockerfile);
    const fromBuilds = builds ? deliberateArchOfBuilds(builds, this.copiesContext.has(dockerfile)) : undefined;
    if (fromBuilds) return fromBuilds;
    // An ARM variant beside it (typesense's docker/development-arm.Dockerfile beside development.Dockerfile,
    // manticoresearch's aarch64/<distro>/cmake_320/ beside <distro>/cmake_320/): the unmarked one is the
    // amd64 image of a per-architecture set, unless a build of it asks for several platforms.
    const sibling = this.armVariants.get(dockerfile);
    if (!sibling || builds?.some((b) => b.platforms.kind === 'known' && b.platforms.platforms.length > 1)) return undefined;
    return { arch: 'amd64', how: 'sibling', sibling };
  }

  argsEveryBuildSets(dockerfile: string): ReadonlySet<string> {
    return argsEveryBuildSets(this.byDockerfile.get(dockerfile) ?? []);
  }

  buildsOfSite(file: string, siteIndex: number): readonly BuildEntry[] {
    return this.byPlace.get(placeKey(file, siteIndex)) ?? [];
  }

  contentOf(dockerfile: string): ImageContent | undefined {
    return this.contents.get(dockerfile);
  }

  buildsOfDockerfile(dockerfile: string): readonly BuildEntry[] {
    return this.byDockerfile.get(dockerfile) ?? [];
  }

  /** The facts of a file the map read. */
  factsOf(file: string): FileFacts | undefined {
    return this.files.find((f) => f.file === file);
  }

  /** The index with some files' facts replaced (a fix's edits of build files, checked before they are offered). */
  withFacts(replaced: readonly FileFacts[]): ImageIndex {
    const byFile = new Map(replaced.map((f) => [f.file, f]));
    return new ImageIndex(this.files.map((f) => byFile.get(f.file) ?? f));
  }

  /** Every link from a deployed image to the builds that make it (for reports and tests). */
  links(): Array<{ deployment: Deployment; entry: BuildEntry }> {
    const out: Array<{ deployment: Deployment; entry: BuildEntry }> = [];
    for (const facts of this.files) {
      for (const image of facts.images) {
        for (const entry of this.buildsOf(image.ref)) out.push({ deployment: { file: facts.file, range: image.range, image: image.written }, entry });
      }
    }
    return out;
  }
}

/**
 * A build's place: its file and its place among the file's builds — not its position, which a fix
 * re-checked against this map (engine/fix-check.ts) may have moved by inserting lines above it.
 */
function placeKey(file: string, siteIndex: number): string {
  return `${siteIndex}\u0000${file}`;
}

/** Where a make variable is set on make's command line (the first place found). */
type Overrides = ReadonlyMap<string, { file: string; line: number; environment?: boolean }>;

/**
 * A build that stays in the local image store of the machine that ran it: never pushed, under a bare
 * name (`docker build -t argocd-ui --platform=$(TARGET_ARCH) .`, then `docker run argocd-ui` to copy
 * files out). No cluster pulls it from a registry (`argocd-ui` would be Docker Hub's official
 * `library/argocd-ui`); a manifest deploying that bare name runs on a local cluster fed by its own
 * tooling (Tilt, `kind load`), so the build does not say what the deployed image is made for.
 *
 * So is any build a CI job makes and does not push, whatever its name: the image lives as long as
 * the job (it is tested, scanned, `docker save`d into an artifact and loaded into the job's own
 * kind cluster), on the runner's architecture. What registries serve under that name comes from a
 * build that pushes. (A Makefile or script build that does not push is different: its image is
 * often pushed by hand, or by a step the workspace does not show, so it still counts.)
 */
function isLocalOnly(entry: BuildEntry, name: NamePattern): boolean {
  return !entry.pushed && (name.local === true || CI_KINDS.has(entry.kind));
}

/** Files that are a CI pipeline: a build there that does not push ends with the job. */
const CI_KINDS: ReadonlySet<FileKind> = new Set(['github-workflow', 'gitlab-ci']);

function entryOf(facts: FileFacts, build: RawBuild, dockerfiles: ReadonlySet<string>, overrides: Overrides): BuildEntry {
  const names: NamePattern[] = [];
  const unresolved: BuildEntry['unresolved'] = [];
  for (const written of build.output.names) {
    const outcome = namePattern(written.value);
    if (outcome.ok) { if (!names.some((n) => n.shown === outcome.pattern.shown)) names.push(outcome.pattern); } else unresolved.push({ written: outcome.written, reason: outcome.reason });
  }
  const entry: BuildEntry = {
    file: facts.file,
    kind: facts.kind,
    what: build.what,
    range: build.range,
    names,
    unresolved,
    platforms: facts.kind === 'makefile' ? overriddenPlatforms(facts, build, overrides) ?? builtPlatforms(build.output) : builtPlatforms(build.output),
    pushed: build.pushed,
    dockerfile: dockerfileOf(facts, build, dockerfiles),
    lines: facts.lines,
    output: build.output,
  };
  if (build.site) entry.site = build.site;
  if (build.output.matrix !== undefined) entry.matrix = build.output.matrix;
  return entry;
}

/**
 * A Makefile build whose platforms come from a variable that a make command of the workspace sets
 * on its command line (`make release PLATFORM=…` in a release workflow): the Makefile's value is
 * only the default, so what the build makes is decided by whoever runs it.
 */
function overriddenPlatforms(facts: FileFacts, build: RawBuild, overrides: Overrides): BuiltPlatforms | undefined {
  if (overrides.size === 0 || build.output.platforms.kind !== 'list') return undefined;
  for (const piece of build.output.platforms.items.flat()) {
    const name = piece.from === undefined || piece.fixed ? undefined : /^\$[({]?([A-Za-z0-9_.\-/]+)[)}]?$/.exec(piece.from)?.[1];
    const where = name === undefined ? undefined : overrides.get(name);
    if (!where) continue;
    // The environment overrides only a `?=` default (make gives `=` and `:=` the upper hand).
    if (where.environment && !(piece.definition && /\?=/.test(facts.lines.lineText(piece.definition.line)))) continue;
    const how = where.environment ? "in the environment of a step that runs make" : "on make's command line";
    return { kind: 'unknown', reason: `${piece.from} is set ${how} (${path.basename(where.file)}:${where.line + 1}): the build makes what its caller asks for` };
  }
  return undefined;
}

/** The folder a CI file's paths start from: the repository holding `.github/` or `.gitlab-ci.yml`. */
function repositoryRoot(facts: FileFacts): string {
  const file = facts.file.split(path.sep).join('/');
  const marker = facts.kind === 'github-workflow' ? '/.github/' : '/.gitlab/';
  const at = file.lastIndexOf(marker);
  return at >= 0 ? path.normalize(facts.file.slice(0, at) || path.sep) : path.dirname(facts.file);
}

/** Folders a relative path of the build may start from: one for CI and Make, the script's folder and its parents for a script. */
function basesOf(facts: FileFacts, build: RawBuild): string[] {
  const paths = build.output.paths;
  if (paths === 'repository') return [repositoryRoot(facts)];
  const dir = path.dirname(facts.file);
  if (paths === 'file') return [dir];
  const bases = [dir];
  for (let d = path.dirname(dir); d !== bases[bases.length - 1]; d = path.dirname(d)) bases.push(d);
  return bases;
}

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)|\.git(?:#.*)?$/i;

function dockerfileOf(facts: FileFacts, build: RawBuild, known: ReadonlySet<string>): DockerfileLocation {
  const out = build.output;
  const written = (v: { value: Parameters<typeof textOfValue>[0] } | undefined) => (v ? textOfValue(v.value).trim() : undefined);
  const fileUnknown = out.dockerfile && unknownIn(out.dockerfile.value);
  if (fileUnknown !== undefined) return { unknown: `the Dockerfile is not known statically: ${fileUnknown}` };
  const contextUnknown = out.context ? unknownIn(out.context.value) : undefined;
  const rel = written(out.dockerfile);
  if (rel === '-') return { unknown: 'the Dockerfile comes from standard input' };
  const needsContext = out.dockerfileInContext || rel === undefined;
  let context = out.context ? written(out.context) : out.paths === 'repository' ? '.' : undefined;
  if (needsContext) {
    if (contextUnknown !== undefined) return { unknown: `the build context is not known statically: ${contextUnknown}` };
    if (context === undefined) return { unknown: out.contextUnknown ?? 'the build context is not named' };
    if (context === '-') return { unknown: 'the build reads its context from standard input' };
    if (REMOTE.test(context)) return { unknown: `the build context is remote (${context})` };
  } else context ??= '.';
  const candidatesAt = (base: string): string[] => {
    if (out.dockerfileInContext) return [path.resolve(base, context, rel ?? 'Dockerfile')];
    if (rel !== undefined) return [path.resolve(base, rel)];
    return [path.resolve(base, context, 'Dockerfile'), path.resolve(base, context, 'Containerfile')];
  };
  const bases = basesOf(facts, build);
  if (bases.length === 1) {
    const candidates = candidatesAt(bases[0]);
    return { file: candidates.find((c) => known.has(c)) ?? candidates[0] };
  }
  // A script runs from wherever it is called: a Dockerfile that exists from exactly one of its folders is the one.
  const found = [...new Set(bases.flatMap((b) => candidatesAt(b).filter((c) => known.has(c))))];
  if (found.length === 1) return { file: found[0] };
  return { unknown: found.length === 0 ? 'the script may run from any folder, and no Dockerfile of the workspace fits' : `the script may run from several folders (${found.length} Dockerfiles fit)` };
}
