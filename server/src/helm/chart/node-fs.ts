/**
 * EDGE: the only file in the chart folder that touches the disk. It adapts Node's synchronous
 * file system to ChartSource for the CLI and for tests; the editor supplies its own source
 * (open buffers over the workspace files).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChartSource } from './source';

/** Helm refuses files over 5 MiB (archive.MaxDecompressedFileSize); reading them is pointless. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export class NodeFsSource implements ChartSource {
  read(file: string): Uint8Array | undefined {
    try {
      const stat = fs.statSync(file);
      if (!stat.isFile()) return undefined;
      if (stat.size > MAX_FILE_BYTES) throw new Error(`chart file "${path.posix.basename(file)}" is larger than the maximum file size ${MAX_FILE_BYTES}`);
      return fs.readFileSync(file);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  list(dir: string): string[] | undefined {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
    const names: string[] = [];
    for (const e of entries) {
      // Helm's walk follows symbolic links (sympath.Walk); stat tells what they point at.
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          isDir = fs.statSync(path.join(dir, e.name)).isDirectory();
        } catch {
          continue; // a dangling link: Helm's walk fails on it; skipping keeps the rest usable
        }
      }
      names.push(isDir ? e.name + '/' : e.name);
    }
    return names;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
