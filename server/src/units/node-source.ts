/**
 * EDGE: the disk as a UnitSource, for the CLI, the workspace check and the editor (which lays its
 * open buffers over it). The only file of units/ that touches the disk.
 */
import { NodeFsSource } from '../helm/chart/node-fs';
import type { UnitSource } from './types';

/** The disk, as the chart loader reads it (Helm's 5 MiB limit per file; links followed like Helm's walk). */
export function diskSource(): UnitSource {
  const disk = new NodeFsSource();
  return {
    read(path) {
      try {
        return disk.read(path);
      } catch {
        return undefined; // unreadable or too large: the chart loader says what is missing
      }
    },
    list: (dir) => {
      try {
        return disk.list(dir);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The disk with some files' texts coming from elsewhere first (an editor's unsaved buffers);
 * `folders`: the editor's open folders (UnitSource.folders); `generatedBy`: what the repository
 * says its build makes (UnitSource.generatedBy), which the workspace layer reads.
 */
export function diskSourceWith(readText: ((file: string) => string | undefined) | undefined, folders?: readonly string[], generatedBy?: (path: string) => string | undefined): UnitSource {
  const disk = diskSource();
  if (!readText && !folders && !generatedBy) return disk;
  const encoder = new TextEncoder();
  return {
    read: (path) => {
      const text = readText?.(path);
      return text !== undefined ? encoder.encode(text) : disk.read(path);
    },
    list: (dir) => disk.list(dir),
    ...(folders ? { folders } : {}),
    ...(generatedBy ? { generatedBy } : {}),
  };
}
