/**
 * archlens' kustomize engine: the part of `kustomize build` that decides what is deployed, built
 * in-process from a KustomizeSource, with a node-level source map back to the files.
 */
export { buildKustomization, type BuildOptions } from './build';
export type { HelmChartRequest, HelmChartResult, RenderedChartDocument } from './helm-charts';
export { isLoadRestrictionRefusal, loadRestrictionError, type LoadRestrictor } from './host';
export type { BuiltDocument, DocumentId, OverlayBuild, Origin, Problem, ProblemKind, Role, Segment } from './model';
export { nodeSource, toEnginePath, toNativePath } from './node-source';
export { clearTemplateCache } from './pnode';
export { KUSTOMIZATION_FILE_NAMES, memorySource, type KustomizeSource } from './source';
export { analyzeKustomizations, findKustomizationDirs, isKustomizationFile, kustomizationFileName, listKustomizations, type KustomizationInfo, type KustomizationTree } from './tree';

import type { BuiltDocument, Segment } from './model';

/** The innermost segment holding `offset` of a built document (where the value there came from). */
export function segmentAt(doc: BuiltDocument, offset: number): Segment | undefined {
  let best: Segment | undefined;
  for (const s of doc.segments) {
    if (s.start <= offset && offset < s.end && (!best || s.end - s.start <= best.end - best.start)) best = s;
  }
  return best;
}
