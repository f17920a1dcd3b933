/**
 * What placing findings and moving fixes need to know about one built overlay: the source texts,
 * and which kustomization owns each file and which overlays of the tree use
 * that kustomization — a fix that edits a base several overlays share is never preferred.
 */
import { isKustomizationFile, type OverlayBuild } from '../../kustomize';
import { dirnameOf, isWithin } from '../../kustomize/paths';

export interface OverlayContext {
  /** Built over the source `read` reads (its `found` answers for the files the build read). */
  build: OverlayBuild;
  /** The text of a source file (the editor's buffer when it has one); undefined when there is none. */
  read: (file: string) => string | undefined;
  /** The kustomizations checked on their own (roots) whose builds use the kustomization in `dir`. */
  rootsUsing: (dir: string) => readonly string[];
}

/** The kustomization folders a build read, longest first (so the first containing a file owns it). */
export function kustomizationDirs(context: Pick<OverlayContext, 'build' | 'read'>): string[] {
  const dirs = new Set<string>([context.build.overlay]);
  for (const file of context.build.files) {
    if (isKustomizationFile(file) && (context.build.found.get(file) ?? context.read(file) !== undefined)) dirs.add(dirnameOf(file));
  }
  return [...dirs].sort((a, b) => b.length - a.length);
}

/** Answers ownership questions for one overlay, computing the kustomization folders once. */
export class Ownership {
  private readonly dirs: string[];

  constructor(private readonly context: OverlayContext) {
    this.dirs = kustomizationDirs(context);
  }

  /** The kustomization folder that owns a file: the innermost one holding it. */
  ownerOf(file: string): string | undefined {
    return this.dirs.find((d) => isWithin(d, file));
  }

  /** True when the file belongs to the overlay being checked itself (not to a base or component). */
  isOverlayOwn(file: string): boolean {
    return this.ownerOf(file) === this.context.build.overlay;
  }

  /** The other overlays of the tree that also build this file (through the kustomization owning it). */
  otherUsers(file: string): string[] {
    const owner = this.ownerOf(file);
    if (!owner) return [];
    return this.context.rootsUsing(owner).filter((r) => r !== this.context.build.overlay);
  }
}
