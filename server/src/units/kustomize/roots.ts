/**
 * Which kustomizations of a tree are checked, and through which overlays each base is seen. A
 * kustomization that no other kustomization of the tree uses is a root and is built and checked
 * (an overlay, or a base nobody uses); a base (or component) is checked through every root whose
 * build reaches it, and never on its own.
 */
import { analyzeKustomizations, type KustomizationTree, type KustomizeSource } from '../../kustomize';

export interface OverlayRoots {
  tree: KustomizationTree;
  /** The kustomization folders to build and check. */
  roots: string[];
  /** The roots whose builds use the kustomization in `dir` (itself included when it is a root). */
  rootsUsing(dir: string): readonly string[];
}

/** The roots among the kustomization folders `dirs`, and which roots use each kustomization. */
export function overlayRoots(source: KustomizeSource, dirs: readonly string[]): OverlayRoots {
  const tree = analyzeKustomizations(source, dirs);
  const byDir = new Map(tree.kustomizations.map((k) => [k.dir, k]));
  const users = new Map<string, string[]>();
  const roots = [...tree.roots];
  const reach = (root: string): void => {
    // Every kustomization the root reaches, once each (the tree may be a diamond, or hold a cycle).
    const seen = new Set<string>([root]);
    const stack = [root];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      users.set(dir, [...(users.get(dir) ?? []), root]);
      for (const used of byDir.get(dir)?.uses ?? []) {
        if (!seen.has(used)) {
          seen.add(used);
          stack.push(used);
        }
      }
    }
  };
  roots.forEach(reach);
  // Kustomizations that only use each other (a cycle kustomize refuses) reach no root: each is
  // checked on its own, so that the cycle is reported rather than the files going unchecked.
  for (const k of tree.kustomizations) {
    if (k.kind === 'Kustomization' && !users.has(k.dir)) {
      roots.push(k.dir);
      reach(k.dir);
    }
  }
  return { tree, roots: roots.sort(), rootsUsing: (dir) => users.get(dir) ?? [] };
}
