/**
 * Which `--load-restrictor` a repository builds its overlays with. kustomize refuses files outside
 * a kustomization's folder unless told `--load-restrictor LoadRestrictionsNone`; repositories that
 * rely on that flag (cluster-api's e2e templates) say so in their own build files: a Makefile
 * recipe, a script, a workflow step running `kustomize build … --load-restrictor LoadRestrictionsNone`.
 *
 * Scope: the folder holding such a build file (the repository root, for hack/, scripts/ and
 * .github/workflows/) and everything below it. The command's path argument is most often a make or
 * shell variable (`$(DOCKER_TEMPLATES)/main/…`), so tying the flag to the folders it names would
 * miss the very overlays it is for; a repository that builds with the flag anywhere is taken to
 * build with it throughout. Without such a file the default (root only) stays, errors and all.
 *
 * A Bazel build says it in a macro its BUILD files load (cockroach-operator's BUILD.bazel files under config/ load
 * `//hack/build:kustomize.bzl`, whose genrule runs kustomize with the flag, the command written as a
 * Starlark list of words): a BUILD or BUILD.bazel file of those folders counts when it, or a `.bzl`
 * file of this repository it loads, runs kustomize so.
 *
 * The kustomization itself may say it too, in a comment giving the command to build it
 * (contour's examples/optional-features: `# Run with: kubectl kustomize
 * --load-restrictor=LoadRestrictionsNone examples/optional-features/`): that overlay only.
 *
 * Flux is the other builder that says so: its kustomize-controller (and `flux build ks`) builds every
 * Kustomization's `spec.path` with LoadRestrictionsNone. An overlay such a path names (xunholy/k8s-gitops:
 * `path: ./apps/overlays/cluster-00`, whose `resources:` list `../../base/<app>/ks.yaml` files) builds
 * as Flux builds it. fluxBuildsOverlay searches the repository for those paths; the driver asks it
 * only of a build kustomize's default refused a file, as the search reads the repository's YAML.
 */
import { parseYamlDocuments } from '../../core/yaml/parse';
import type { LoadRestrictor } from '../../kustomize';
import { dirnameOf, joinPath } from '../../kustomize/paths';
import { KUSTOMIZATION_FILE_NAMES } from '../../kustomize/source';
import { MAX_CLIMB, openFolderHolding } from './discover';
import { readText } from '../source';
import type { UnitSource } from '../types';

/** Build files looked at in a folder: make files and shell scripts. */
const BUILD_FILE = /^(?:GNUmakefile|[Mm]akefile|.+\.mk|.+\.sh|.+\.bash)$/;
/** Folders of a repository root holding its scripts and workflows, looked at one level deep. */
const SCRIPT_FOLDERS = ['hack', 'scripts', '.github/workflows'];
const WORKFLOW_FILE = /\.ya?ml$/;
/**
 * A kustomize build (`kustomize build`, `kubectl kustomize`, `$(KUSTOMIZE) build`, `kubectl apply -k`)
 * with the restrictor off, on one logical line (continuations joined first).
 */
const UNRESTRICTED_BUILD = /(?:kustomize|\bkubectl\b[^\n]*\s-k\b)[^\n]*--load[-_]restrictor(?:\s+|=)["']?LoadRestrictionsNone\b/i;

/** A Bazel BUILD file. */
const BAZEL_BUILD_FILE = /^BUILD(?:\.bazel)?$/;
/** `load("//pkg/path:file.bzl", ...)` or `load(":file.bzl", ...)`: a file of this repository (no `@repo`); group 1 the package, 2 the file. */
const BAZEL_LOAD = /\bload\(\s*["'](?:@?\/\/([^:"']*))?:([^"']+\.bzl)["']/g;
/** The files marking a Bazel workspace's root, against which `//pkg` labels resolve. */
const BAZEL_ROOT_FILES = ['MODULE.bazel', 'WORKSPACE', 'WORKSPACE.bazel'];

/**
 * Whether Starlark text runs kustomize with LoadRestrictionsNone: the words of a list
 * (`"kustomize", "build", "--load-restrictor=LoadRestrictionsNone"`, over several lines) joined into
 * the command line they make.
 */
function starlarkBuildsUnrestricted(text: string): boolean {
  if (!text.includes('LoadRestrictionsNone')) return false;
  return buildsUnrestricted(text.replace(/["']\s*,\s*["']/g, ' '));
}

/**
 * Whether the BUILD file `file` in `dir`, or a `.bzl` file of this repository it loads, runs kustomize
 * with LoadRestrictionsNone. `//pkg` labels resolve against the Bazel workspace's root.
 */
function bazelBuildsUnrestricted(source: UnitSource, dir: string, file: string): boolean {
  const text = readText(source, file);
  if (text === undefined) return false;
  if (starlarkBuildsUnrestricted(text)) return true;
  if (!text.includes('.bzl')) return false;
  for (const m of text.matchAll(BAZEL_LOAD)) {
    let base = dir;
    if (m[1] !== undefined) {
      const root = bazelRoot(source, dir);
      if (root === undefined) continue;
      base = m[1] === '' ? root : joinPath(root, m[1]);
    }
    const loaded = readText(source, joinPath(base, m[2]));
    if (loaded !== undefined && starlarkBuildsUnrestricted(loaded)) return true;
  }
  return false;
}

/** The nearest folder at or above `dir` holding MODULE.bazel or WORKSPACE, within MAX_CLIMB. */
function bazelRoot(source: UnitSource, dir: string): string | undefined {
  let at = dir;
  for (let i = 0; i <= MAX_CLIMB; i++) {
    const names = source.list(at) ?? [];
    if (BAZEL_ROOT_FILES.some((name) => names.includes(name))) return at;
    const up = dirnameOf(at);
    if (up === at) return undefined;
    at = up;
  }
  return undefined;
}

/** Whether a build file's text runs kustomize with LoadRestrictionsNone. */
export function buildsUnrestricted(text: string): boolean {
  if (!text.includes('LoadRestrictionsNone')) return false;
  return UNRESTRICTED_BUILD.test(text.replace(/\\\r?\n/g, ' '));
}

const byFolder = new WeakMap<UnitSource, Map<string, boolean>>();
const repositoryRoots = new WeakMap<UnitSource, Map<string, boolean>>();

/** Whether `dir` holds `.git` (a repository's root). Each folder is listed once per source: every overlay's climb passes the same folders. */
function isRepositoryRoot(source: UnitSource, dir: string): boolean {
  let seen = repositoryRoots.get(source);
  if (!seen) repositoryRoots.set(source, (seen = new Map<string, boolean>()));
  let root = seen.get(dir);
  if (root === undefined) {
    const names = source.list(dir);
    root = names?.includes('.git/') === true || names?.includes('.git') === true;
    seen.set(dir, root);
  }
  return root;
}

/** Whether a build file in `dir` (or in its hack/, scripts/, .github/workflows/) builds unrestricted. Each folder is read once per source. */
function folderBuildsUnrestricted(source: UnitSource, dir: string): boolean {
  let seen = byFolder.get(source);
  if (!seen) byFolder.set(source, (seen = new Map<string, boolean>()));
  const known = seen.get(dir);
  if (known !== undefined) return known;
  const candidates: string[] = [];
  const bazel: string[] = [];
  for (const name of source.list(dir) ?? []) {
    if (BUILD_FILE.test(name)) candidates.push(joinPath(dir, name));
    else if (BAZEL_BUILD_FILE.test(name)) bazel.push(joinPath(dir, name));
  }
  for (const sub of SCRIPT_FOLDERS) {
    const folder = joinPath(dir, sub);
    for (const name of source.list(folder) ?? []) {
      if (BUILD_FILE.test(name) || (sub === '.github/workflows' && WORKFLOW_FILE.test(name))) candidates.push(joinPath(folder, name));
    }
  }
  const found = candidates.some((file) => {
    const text = readText(source, file);
    return text !== undefined && buildsUnrestricted(text);
  }) || bazel.some((file) => bazelBuildsUnrestricted(source, dir, file));
  seen.set(dir, found);
  return found;
}

/**
 * The restrictor the overlay in `dir` is built with: LoadRestrictionsNone when its kustomization
 * says it is built so, or when a build file of its folder or of a folder above it (up to the repository root, the nearest folder with `.git`, and
 * never above an open folder of the editor) builds kustomize with it.
 */
export function loadRestrictorOf(source: UnitSource, dir: string): LoadRestrictor {
  const here = source.list(dir) ?? [];
  const kustomization = KUSTOMIZATION_FILE_NAMES.find((name) => here.includes(name));
  if (kustomization && buildsUnrestricted(readText(source, joinPath(dir, kustomization)) ?? '')) return 'LoadRestrictionsNone';
  const bound = openFolderHolding(source.folders ?? [], dir);
  let at = dir;
  for (let i = 0; i <= MAX_CLIMB; i++) {
    if (folderBuildsUnrestricted(source, at)) return 'LoadRestrictionsNone';
    const up = dirnameOf(at);
    // Never the file system's root: it holds no repository's build files, only other trees.
    if (dirnameOf(up) === up || at === bound || isRepositoryRoot(source, at)) break;
    at = up;
  }
  return 'LoadRestrictionsRootOnly';
}

/** The API group of Flux's Kustomization (kustomize.toolkit.fluxcd.io/v1, v1beta2, ...). */
const FLUX_KUSTOMIZE_API = 'kustomize.toolkit.fluxcd.io/';
/** Folders of a repository the Flux search never enters: dependencies' trees (dot-folders, such as an `.archive/` of retired apps, are skipped too: nothing deploys them). */
const FLUX_SKIPPED = new Set(['node_modules', 'vendor']);
/** Bounds of the Flux search: folders read, and the size of a file worth parsing (a Kustomization object is small; a 10,000-line CRD bundle is not one). */
const FLUX_MAX_FOLDERS = 5_000;
const FLUX_MAX_FILE = 256 * 1024;
const YAML_FILE = /\.ya?ml$/;

/**
 * A Flux `spec.path` as a pattern over a folder's path relative to the repository root. The path is
 * relative to the Flux source's root, which may be a folder of the repository (an OCIRepository
 * built from kubernetes/), so it matches as a suffix of whole segments; a `${VAR}` segment (substituted
 * by a parent Kustomization's postBuild) matches any one segment. `./` (the source's root) and paths
 * climbing with `..` name no folder by themselves: undefined.
 */
function fluxPathPattern(path: string): RegExp | undefined {
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = segments.map((s) => s.split(/\$\{[^}]*\}/).map(escape).join('[^/]+')).join('/');
  return new RegExp(`(?:^|/)${body}$`);
}

/** The `spec.path` patterns of the Flux Kustomizations in one YAML text (read through core/yaml/parse.ts: nesting bounded, no alias expanded). */
function fluxPathsIn(text: string): RegExp[] {
  const out: RegExp[] = [];
  for (const doc of parseYamlDocuments(text, { uniqueKeys: false, prettyErrors: false })) {
    if (doc.errors.length > 0) continue;
    const apiVersion = doc.get('apiVersion');
    const path = doc.getIn(['spec', 'path']);
    if (typeof apiVersion !== 'string' || !apiVersion.startsWith(FLUX_KUSTOMIZE_API) || doc.get('kind') !== 'Kustomization') continue;
    const pattern = typeof path === 'string' ? fluxPathPattern(path) : undefined;
    if (pattern) out.push(pattern);
  }
  return out;
}

const fluxPaths = new WeakMap<UnitSource, Map<string, RegExp[]>>();

/** The spec.path patterns of every Flux Kustomization under `root` (read once per source and root). */
function fluxPathsUnder(source: UnitSource, root: string): RegExp[] {
  let byRoot = fluxPaths.get(source);
  if (!byRoot) fluxPaths.set(source, (byRoot = new Map<string, RegExp[]>()));
  const known = byRoot.get(root);
  if (known) return known;
  const out: RegExp[] = [];
  const queue = [root];
  for (let read = 0; read < queue.length && read < FLUX_MAX_FOLDERS; read++) {
    const dir = queue[read];
    for (const name of source.list(dir) ?? []) {
      if (name.endsWith('/')) {
        const folder = name.slice(0, -1);
        if (!folder.startsWith('.') && !FLUX_SKIPPED.has(folder)) queue.push(joinPath(dir, folder));
        continue;
      }
      if (!YAML_FILE.test(name)) continue;
      const text = readText(source, joinPath(dir, name));
      if (text === undefined || text.length > FLUX_MAX_FILE || !text.includes(FLUX_KUSTOMIZE_API)) continue;
      out.push(...fluxPathsIn(text));
    }
  }
  byRoot.set(root, out);
  return out;
}

/**
 * Whether a Flux Kustomization of the repository holding `dir` names it as its `spec.path`: Flux then
 * builds it with LoadRestrictionsNone. The repository is the nearest folder with `.git` above `dir`,
 * else the editor's open folder holding it; without either there is nothing to search.
 */
export function fluxBuildsOverlay(source: UnitSource, dir: string): boolean {
  const bound = openFolderHolding(source.folders ?? [], dir);
  let root: string | undefined;
  let at = dir;
  for (let i = 0; i <= MAX_CLIMB; i++) {
    if (isRepositoryRoot(source, at) || at === bound) {
      root = at;
      break;
    }
    const up = dirnameOf(at);
    if (up === at) break;
    at = up;
  }
  if (root === undefined) return false;
  const rel = dir === root ? '' : dir.slice(root.length + 1);
  return rel !== '' && fluxPathsUnder(source, root).some((pattern) => pattern.test(rel));
}
