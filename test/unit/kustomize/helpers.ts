/** Helpers shared by the kustomize unit and oracle tests. */
import { buildKustomization } from '../../../server/src/kustomize/build';
import type { OverlayBuild } from '../../../server/src/kustomize/model';
import { memorySource } from '../../../server/src/kustomize/source';
import type { KCase } from './cases';

/** Key order does not matter (kubectl sorts keys; archlens keeps the author's order). */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** A case's files under /k, in memory. */
export function caseFiles(c: Pick<KCase, 'files'>): Record<string, string> {
  return Object.fromEntries(Object.entries(c.files).map(([rel, text]) => [`/k/${rel}`, text]));
}

/** Builds a case in memory, rooted at /k. */
export function buildCase(c: Pick<KCase, 'files' | 'dir'>): OverlayBuild {
  return buildKustomization(memorySource(caseFiles(c)), c.dir ? `/k/${c.dir}` : '/k');
}
