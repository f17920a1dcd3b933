/**
 * The KustomizeSource over the real disk: the only part of the kustomize engine that touches
 * `fs`. Read failures are answers (undefined), never exceptions, so a vanished file mid-build reads
 * as missing, which is what kustomize would report too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KustomizeSource } from './source';

/** Files above this size are not read (a kustomization input is kilobytes; CRD bundles a few MB). */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Native path → the engine's '/'-separated absolute path. */
export function toEnginePath(native: string): string {
  return path.resolve(native).split(path.sep).join('/');
}

/** The engine's path → a native one. */
export function toNativePath(enginePath: string): string {
  return path.sep === '/' ? enginePath : enginePath.split('/').join(path.sep);
}

export function nodeSource(): KustomizeSource {
  return {
    read(p) {
      try {
        const native = toNativePath(p);
        const stat = fs.statSync(native);
        if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
        return fs.readFileSync(native, 'utf8');
      } catch {
        return undefined;
      }
    },
    list(d) {
      try {
        return fs.readdirSync(toNativePath(d)).sort();
      } catch {
        return undefined;
      }
    },
    isDirectory(p) {
      try {
        return fs.statSync(toNativePath(p)).isDirectory();
      } catch {
        return false;
      }
    },
  };
}
