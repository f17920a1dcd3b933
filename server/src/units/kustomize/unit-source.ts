/**
 * The kustomize engine's view of a UnitSource (text files, folder listings), and what one source
 * lets the driver remember between discovery and rendering: each root's build (discovery builds
 * the roots to learn their member files; the render that follows takes that build), and the tree of
 * kustomizations discovery found (which overlays share a base).
 */
import { buildKustomization, isLoadRestrictionRefusal, type BuildOptions, type KustomizeSource, type OverlayBuild } from '../../kustomize';
import { readText } from '../source';
import type { UnitSource } from '../types';
import { helmChartRenderer } from './chart-renderer';
import { fluxBuildsOverlay, loadRestrictorOf } from './load-restrictor';
import type { OverlayRoots } from './roots';

const views = new WeakMap<UnitSource, KustomizeSource>();

/** The source as the kustomize engine reads it (one view per source, so its reads are shared). */
export function kustomizeSource(source: UnitSource): KustomizeSource {
  let view = views.get(source);
  if (!view) {
    view = {
      read: (path) => readText(source, path),
      list: (dir) => source.list(dir)?.map((name) => (name.endsWith('/') ? name.slice(0, -1) : name)),
      isDirectory: (path) => source.list(path) !== undefined,
    };
    views.set(source, view);
  }
  return view;
}

/**
 * The build options of the overlay in `dir`: `helmCharts:` rendered by the Helm engine over the same
 * source, and the load restrictor the repository's own build files use for it (load-restrictor.ts).
 */
export function buildOptions(source: UnitSource, dir: string): BuildOptions {
  const k = kustomizeSource(source);
  return {
    renderHelmChart: helmChartRenderer({ charts: source, read: k.read, isDirectory: k.isDirectory }),
    loadRestrictor: loadRestrictorOf(source, dir),
  };
}

/**
 * Builds the overlay in `dir`. A build that kustomize's default restrictor stopped at a file outside a
 * kustomization's folder is built again unrestricted when a Flux Kustomization names the overlay
 * (Flux builds so): the repository search for those is paid only by such builds.
 */
function buildFresh(source: UnitSource, dir: string): OverlayBuild {
  const options = buildOptions(source, dir);
  const build = buildKustomization(kustomizeSource(source), dir, options);
  if (options.loadRestrictor !== 'LoadRestrictionsRootOnly' || !build.problems.some((p) => isLoadRestrictionRefusal(p.message))) return build;
  return fluxBuildsOverlay(source, dir) ? buildKustomization(kustomizeSource(source), dir, { ...options, loadRestrictor: 'LoadRestrictionsNone' }) : build;
}

const builds = new WeakMap<UnitSource, Map<string, OverlayBuild>>();

/** Builds the kustomization in `dir`; with `keep`, the build is kept for the next `buildOf` of it over this source. */
export function buildOf(source: UnitSource, dir: string, keep = false): OverlayBuild {
  const byDir = builds.get(source);
  const kept = byDir?.get(dir);
  // Taken once: a source an editor keeps while files change must never serve an old build twice.
  if (kept) {
    byDir!.delete(dir);
    if (!keep) return kept;
  }
  const build = kept ?? buildFresh(source, dir);
  if (keep) {
    if (byDir) byDir.set(dir, build);
    else builds.set(source, new Map([[dir, build]]));
  }
  return build;
}

const trees = new WeakMap<UnitSource, OverlayRoots[]>();

/** Remembers a tree found over `source` (discovery), for the renders that follow. */
export function rememberTree(source: UnitSource, tree: OverlayRoots): void {
  trees.set(source, [...(trees.get(source) ?? []), tree]);
}

/** A tree remembered over `source` that holds the kustomization in `dir`. */
export function rememberedTree(source: UnitSource, dir: string): OverlayRoots | undefined {
  return trees.get(source)?.find((t) => t.tree.kustomizations.some((k) => k.dir === dir));
}
