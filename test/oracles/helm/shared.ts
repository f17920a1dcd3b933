/**
 * Where the shared oracles and corpora are: ../shared beside the clone. A test that needs them
 * fails loudly when they are missing, unless ARCHLENS_ALLOW_MISSING_SHARED=1 says to skip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared');

/** The absolute path of a shared folder; undefined (the caller skips) only when allowed to be missing. */
export function sharedDir(...parts: string[]): string | undefined {
  const dir = path.join(SHARED, ...parts);
  if (fs.existsSync(dir)) return dir;
  if (process.env.ARCHLENS_ALLOW_MISSING_SHARED === '1') return undefined;
  throw new Error(`${dir} is missing (the shared oracles sit beside the clone); set ARCHLENS_ALLOW_MISSING_SHARED=1 to skip these tests`);
}

/** Milliseconds since `start` (for the timings these tests report). */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
