/**
 * The kustomizations of a tree and how they use each other: which are bases (or components) of
 * another kustomization in the tree, and so which to check on their own. A base is checked
 * through each overlay that uses it, and on its own only when nothing in the tree uses it.
 */
import { loadKustomization } from './kustomization';
import { basenameOf, joinPath, normalizePath } from './paths';
import { isRemoteFile, isRepoSpec } from './remote';
import { KUSTOMIZATION_FILE_NAMES, type KustomizeSource } from './source';

export interface KustomizationInfo {
  /** The directory (what buildKustomization takes). */
  dir: string;
  /** Its kustomization file; undefined when the directory holds several (kustomize refuses it). */
  file?: string;
  kind: 'Kustomization' | 'Component';
  /** Kustomizations of the tree whose resources, bases or components name this one. */
  usedBy: string[];
  /** Kustomizations of the tree this one uses. */
  uses: string[];
}

export interface KustomizationTree {
  /** Every kustomization found, by directory. */
  kustomizations: KustomizationInfo[];
  /** The ones to build and check: kustomizations (not components) that nothing in the tree uses. */
  roots: string[];
}

/** Directories never searched: dependencies, VCS data, build output. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', 'vendor', '.terraform']);
const MAX_DEPTH = 32;
/**
 * Folders read at most by one search. An editor searches the tree around an opened file while a
 * request waits; a tree bigger than this (a home folder, a folder of many checkouts) is searched
 * nearest folders first and the rest left out, rather than stall the editor.
 */
const MAX_FOLDERS = 5_000;

/** Directories under `root` (included) that hold a kustomization file, nearest first up to MAX_FOLDERS read, sorted. */
export function findKustomizationDirs(source: KustomizeSource, root: string): string[] {
  const out: string[] = [];
  const queue: Array<{ dir: string; depth: number }> = [{ dir: normalizePath(root), depth: 0 }];
  for (let read = 0; read < queue.length && read < MAX_FOLDERS; read++) {
    const { dir, depth } = queue[read];
    const entries = source.list(dir);
    if (!entries) continue;
    if (kustomizationFileName(source, dir, entries) !== undefined) out.push(dir);
    if (depth >= MAX_DEPTH) continue;
    for (const e of entries) {
      if (e.startsWith('.') || SKIPPED.has(e)) continue;
      const child = joinPath(dir, e);
      if (queue.length >= MAX_FOLDERS) break;
      if (source.isDirectory(child)) queue.push({ dir: child, depth: depth + 1 });
    }
  }
  return out.sort();
}

/** How the kustomizations in `dirs` use each other (only references to directories in `dirs` count). */
export function analyzeKustomizations(source: KustomizeSource, dirs: readonly string[]): KustomizationTree {
  const known = new Map<string, KustomizationInfo>();
  for (const dir of dirs) known.set(normalizePath(dir), { dir: normalizePath(dir), kind: 'Kustomization', usedBy: [], uses: [] });
  for (const info of known.values()) {
    const result = loadKustomization(source, info.dir);
    info.file = result.file ?? firstFile(source, info.dir);
    const k = result.loaded?.kustomization;
    if (!k) continue;
    info.file = k.file;
    info.kind = k.kind;
    for (const entry of [...k.resources, ...k.components]) {
      if (isRemoteFile(entry.value) || isRepoSpec(entry.value)) continue;
      const target = known.get(joinPath(info.dir, entry.value));
      if (!target || target === info || info.uses.includes(target.dir)) continue;
      info.uses.push(target.dir);
      target.usedBy.push(info.dir);
    }
  }
  const kustomizations = [...known.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  const roots = kustomizations.filter((k) => k.kind === 'Kustomization' && k.usedBy.length === 0).map((k) => k.dir);
  return { kustomizations, roots };
}

function firstFile(source: KustomizeSource, dir: string): string | undefined {
  const name = kustomizationFileName(source, dir, source.list(dir) ?? []);
  return name ? joinPath(dir, name) : undefined;
}

/**
 * The first recognised kustomization file name among a folder's entries that is not a folder: a
 * folder named `Kustomization` (argo-cd's testdata holds one) makes no kustomization of its
 * parent — kustomize finds no kustomization file there.
 */
export function kustomizationFileName(source: KustomizeSource, dir: string, entries: readonly string[]): string | undefined {
  return KUSTOMIZATION_FILE_NAMES.find((n) => entries.includes(n) && !source.isDirectory(joinPath(dir, n)));
}

/** True when `path` names a kustomization file (kustomize's recognised names). */
export function isKustomizationFile(path: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basenameOf(path));
}

/** Finds and analyses the kustomizations under `root`. */
export function listKustomizations(source: KustomizeSource, root: string): KustomizationTree {
  return analyzeKustomizations(source, findKustomizationDirs(source, root));
}
