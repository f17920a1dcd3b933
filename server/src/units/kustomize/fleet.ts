/**
 * A Rancher Fleet bundle that deploys a Helm chart and names a kustomize folder (fleet.yaml
 * `helm:` with `kustomize.dir`, at the top or in `targetCustomizations`): Fleet renders the chart and
 * runs that kustomization over the chart's output, so the kustomization patches resources it does
 * not list itself (rancher/fleet-examples single-cluster/helm-kustomize: overlays/dev only has
 * patchesStrategicMerge for the chart's redis-slave Deployment and Service). Built alone, as
 * archlens and `kustomize build` do, such a patch finds no target; that is how Fleet is used, not a
 * mistake.
 */
import * as path from 'node:path';
import { parseYamlDocument } from '../../core/yaml/parse';
import { readText } from '../source';
import type { UnitSource } from '../types';

/** How many folders above an overlay a fleet.yaml naming it is looked for (Fleet's dirs are relative to the bundle). */
const MAX_LEVELS = 4;

/** The fleet.yaml that runs the overlay at `root` over a Helm chart's output, or undefined. */
export function fleetHelmBundleOf(source: UnitSource, root: string): string | undefined {
  let dir = root;
  for (let level = 0; level <= MAX_LEVELS; level++) {
    for (const name of ['fleet.yaml', 'fleet.yml']) {
      const file = path.join(dir, name);
      const text = readText(source, file);
      if (text !== undefined && namesOverlayOverHelm(text, path.relative(dir, root))) return file;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

function namesOverlayOverHelm(text: string, relative: string): boolean {
  let config: unknown;
  try {
    config = parseYamlDocument(text).toJS();
  } catch {
    return false;
  }
  if (!isMap(config) || !isMap(config.helm)) return false;
  const dirs = [config.kustomize, ...(Array.isArray(config.targetCustomizations) ? config.targetCustomizations.map((t) => (isMap(t) ? t.kustomize : undefined)) : [])]
    .map((k) => (isMap(k) && typeof k.dir === 'string' ? path.normalize(k.dir) : undefined));
  const want = path.normalize(relative === '' ? '.' : relative);
  return dirs.some((d) => d !== undefined && d.replace(/[\\/]+$/, '') === want);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
