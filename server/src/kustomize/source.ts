/**
 * The file-system seam of the kustomize engine: everything it reads goes through this interface, so
 * the engine runs the same on disk (node-source.ts), on the editor's unsaved buffers, and on
 * in-memory fixtures. Paths are absolute and '/'-separated (see paths.ts).
 */
export interface KustomizeSource {
  /** The text of a file; undefined when it does not exist, is a directory or cannot be read. */
  read: (path: string) => string | undefined;
  /** The entry names (not paths) of a directory; undefined when it is not a readable directory. */
  list: (dir: string) => string[] | undefined;
  isDirectory: (path: string) => boolean;
}

/** The names kustomize recognises, in its order (konfig.RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** An in-memory source over `{ '/abs/path': 'text' }` (directories are implied by the paths). */
export function memorySource(files: Record<string, string>): KustomizeSource {
  const dirs = new Map<string, Set<string>>();
  for (const file of Object.keys(files)) {
    let child = file;
    for (let at = file.lastIndexOf('/'); at >= 0; at = child.lastIndexOf('/')) {
      const dir = at === 0 ? '/' : child.slice(0, at);
      const name = child.slice(at + 1);
      const entries = dirs.get(dir) ?? new Set<string>();
      entries.add(name);
      dirs.set(dir, entries);
      if (dir === '/') break;
      child = dir;
    }
  }
  return {
    read: (p) => files[p],
    list: (d) => (dirs.has(d) ? [...(dirs.get(d) as Set<string>)].sort() : undefined),
    isDirectory: (p) => dirs.has(p),
  };
}
