/**
 * Which files form Kustomize overlay units. A folder holding a kustomization file
 * (`kustomization.yaml`, `kustomization.yml`, `Kustomization`) is a kustomization; those no other
 * kustomization of the tree uses are the units (roots.ts). Every file a unit's build reads — its
 * kustomization, its bases' resources, patches, components, the charts of `helmCharts:` — is a
 * member: checked through the overlay, never again as a plain file.
 */
import { findKustomizationDirs, KUSTOMIZATION_FILE_NAMES, kustomizationFileName, type KustomizeSource } from '../../kustomize';
import { dirnameOf, isWithin, joinPath } from '../../kustomize/paths';
import type { Discovery, UnitRef, UnitSource } from '../types';
import { overlayRoots, type OverlayRoots } from './roots';
import { buildOf, kustomizeSource, rememberedTree, rememberTree } from './unit-source';

/** The kustomization file of a folder, if it has one. */
function kustomizationFileIn(k: KustomizeSource, dir: string): string | undefined {
  const names = k.list(dir);
  const name = names && kustomizationFileName(k, dir, names);
  return name ? joinPath(dir, name) : undefined;
}

export function overlayRef(k: KustomizeSource, root: string): UnitRef {
  return { kind: 'kustomize', root, anchor: kustomizationFileIn(k, root) ?? joinPath(root, KUSTOMIZATION_FILE_NAMES[0]) };
}

/** The files a root's build read that exist: its members. */
function membersOf(source: UnitSource, root: string): string[] {
  const k = kustomizeSource(source);
  const build = buildOf(source, root, true);
  // The build knows which of its own reads found a file: only the others are read again.
  return build.files.filter((f) => build.found.get(f) ?? k.read(f) !== undefined);
}

/** The overlays among walked files (their folders, and the folders of kustomizations they name). */
export function discoverOverlays(files: readonly string[], source: UnitSource): Discovery {
  const k = kustomizeSource(source);
  const dirs = new Set<string>();
  const looked = new Set<string>();
  for (const file of files) {
    const dir = dirnameOf(file);
    if (looked.has(dir)) continue;
    looked.add(dir);
    if (kustomizationFileIn(k, dir)) dirs.add(dir);
  }
  if (dirs.size === 0) return { units: [], members: new Set() };
  const tree = overlayRoots(k, [...dirs]);
  rememberTree(source, tree);
  const members = new Set<string>();
  for (const info of tree.tree.kustomizations) if (info.file) members.add(info.file);
  for (const root of tree.roots) for (const m of membersOf(source, root)) members.add(m);
  return { units: tree.roots.map((r) => overlayRef(k, r)), members };
}

/** Levels climbed from a file's folder, looking for the repository root (`.git`). */
export const MAX_CLIMB = 8;

/** The innermost of the editor's open folders that holds `dir`, if any: searches never climb above it. */
export function openFolderHolding(folders: readonly string[], dir: string): string | undefined {
  return folders.filter((f) => isWithin(f, dir)).sort((a, b) => b.length - a.length)[0];
}

/**
 * The kustomization folders of the tree a folder sits in (an editor opened one file): under the
 * repository root holding it (the nearest folder with `.git`), else under its parent (never
 * the file system's root: a base's overlays sit beside it, as in base/ and overlays/prod/). Inside an open folder of the editor (`folders`), never above that
 * folder: the workspace's parent (~/src, /tmp) may hold any number of other trees, and this runs
 * while a request waits. A file outside every open folder: its repository, else its own folder.
 */
export function kustomizationTreeAround(k: KustomizeSource, dir: string, folders: readonly string[] = []): string[] {
  const bound = openFolderHolding(folders, dir);
  let top: string | undefined;
  let at = dir;
  for (let i = 0; i < MAX_CLIMB; i++) {
    if (k.list(at)?.includes('.git')) {
      top = at;
      break;
    }
    const up = dirnameOf(at);
    if (up === at || at === bound) break;
    at = up;
  }
  const outsideFolders = folders.length > 0 && bound === undefined;
  if (!top) {
    top = dir;
    for (let i = 0; i < 1 && !outsideFolders && top !== bound && dirnameOf(top) !== top && dirnameOf(dirnameOf(top)) !== dirnameOf(top); i++) top = dirnameOf(top);
  }
  // A file directly in the file system's root (an editor's file:///x.yaml) has no tree to search:
  // walking `/` would read every folder of the machine, on the thread that answers requests.
  if (dirnameOf(top) === top) return [];
  return findKustomizationDirs(k, top);
}

/** The overlays whose build reads `file` (an editor opened it). */
export function overlaysOf(file: string, source: UnitSource): UnitRef[] {
  const k = kustomizeSource(source);
  const dir = dirnameOf(file);
  const tree: OverlayRoots = rememberedTree(source, dir) ?? overlayRoots(k, kustomizationTreeAround(k, dir, source.folders));
  // kustomize reads only files in or below a kustomization's folder: only the roots using one of
  // the file's ancestors can read it.
  const owners = tree.tree.kustomizations.filter((info) => isWithin(info.dir, file));
  const candidates = [...new Set(owners.flatMap((o) => tree.rootsUsing(o.dir)))].sort();
  return candidates.filter((root) => buildOf(source, root, true).files.includes(file) && k.read(file) !== undefined).map((r) => overlayRef(k, r));
}
