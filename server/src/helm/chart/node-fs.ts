/**
 * EDGE: the only file in the chart folder that touches the disk. It adapts Node's synchronous
 * file system to ChartSource for the CLI and for tests; the editor supplies its own source
 * (open buffers over the workspace files).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChartSource } from './source';
import { TextKeyedCache } from '../text-keyed-cache';

/** Helm refuses files over 5 MiB (archive.MaxDecompressedFileSize); reading them is pointless. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Files' bytes as last read, by path, with the stat they were read under: an editor renders a
 * chart again after each edit, and its unchanged files (a chart may hold hundreds, most of them
 * never edited) cost a stat instead of an open, a read and a close. Any write changes the ctime.
 * Callers treat the bytes as immutable (a loaded chart is).
 */
const contents = new TextKeyedCache<{ version: string; data: Uint8Array }>(4096, 16 * 1024 * 1024);

export class NodeFsSource implements ChartSource {
  read(file: string): Uint8Array | undefined {
    try {
      // A missing file is common (a chart's optional files, kustomize probing names): no error object for it.
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat?.isFile()) return undefined;
      if (stat.size > MAX_FILE_BYTES) throw new Error(`chart file "${path.posix.basename(file)}" is larger than the maximum file size ${MAX_FILE_BYTES}`);
      const version = `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
      const known = contents.get(file);
      if (known?.version === version) return known.data;
      const data = fs.readFileSync(file);
      contents.set(file, { version, data }, data.byteLength);
      return data;
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
