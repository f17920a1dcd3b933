/** What the transformer steps of a build need from the build itself: reading files and reporting. */
import type { ProblemKind } from './model';
import type { PNode } from './pnode';
import type { ResId } from './resid';
import { isWithin } from './paths';
import type { KustomizeSource } from './source';

/**
 * kustomize's `--load-restrictor`: LoadRestrictionsRootOnly (its default) refuses a file outside the
 * folder of the kustomization naming it; LoadRestrictionsNone reads any file.
 */
export type LoadRestrictor = 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';

/** kustomize's refusal of `file`, named by the kustomization in `root`, or undefined when it may be read. */
export function loadRestrictionError(restrictor: LoadRestrictor, root: string, file: string): string | undefined {
  if (restrictor === 'LoadRestrictionsNone' || isWithin(root, file)) return undefined;
  return `security; file '${file}' is not in or below '${root}'`;
}

/** Whether a problem's message carries a refusal of loadRestrictionError (a build that another restrictor would let through). */
export function isLoadRestrictionRefusal(message: string): boolean {
  return message.includes("security; file '") && message.includes("' is not in or below '");
}

/** Where a problem is: a file, and a node of it or offsets in it. */
export interface Place {
  file: string;
  node?: PNode;
  start?: number;
  end?: number;
}

export interface BuildHost {
  readonly source: KustomizeSource;
  /** Which files outside a kustomization's folder it may read. */
  readonly loadRestrictor: LoadRestrictor;
  /** Reads a file, remembering it among the build's inputs (read or only looked for). */
  readFile(path: string): string | undefined;
  report(kind: ProblemKind, level: 'error' | 'warning' | 'info', message: string, place?: Place): void;
  /** Records an input read elsewhere (by a chart renderer). */
  addInput(path: string): void;
  /** Records that some resources are not built (a remote base, a chart), and why. */
  markIncomplete(reason: string): void;
  /** True for an id a skipped generator would have made (a patch of it is not a mistake). */
  isGenerated(id: ResId): boolean;
  /** Why some resources of this build are missing (remote, Helm), when some are. */
  incompleteBecause(): string | undefined;
}

/** The suffix of every message about a point where `kustomize build` itself stops. */
export const KUSTOMIZE_STOPS = ' (kustomize build fails here; archlens checks the rest)';
