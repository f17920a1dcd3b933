/** Runs the BUILT command (bin/archlens.js → dist/cli-start.cjs, dist/cli.mjs) as a user would, in a child process. */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO, 'bin', 'archlens.js');

let built = false;
/** Bundles once per test run (the tests exercise what users run, not the sources). */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ['build.mjs'], { cwd: REPO, stdio: 'pipe' });
  built = true;
}

/** The cache homes of this test process, removed when it exits. */
const CACHE_HOMES = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-test-cache-'));
process.on('exit', () => fs.rmSync(CACHE_HOMES, { recursive: true, force: true }));

/**
 * The XDG_CACHE_HOME of runs in `cwd`: private to the folder (tests never read or write the user's
 * cache, and one folder's platform answers never reach another's), and outside it — archlens check
 * writes its code cache there, and a shared corpus a test walks must not gain a folder.
 */
export function testCacheHome(cwd: string): string {
  return path.join(CACHE_HOMES, createHash('sha256').update(path.resolve(cwd)).digest('hex').slice(0, 16));
}

export interface CliRun { code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null }

/** Spawns `archlens ARGS` in `cwd`; a hang is killed after `timeoutMs` and shows as a null code. */
export function archlens(args: string[], cwd: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string | Buffer } = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: testCacheHome(cwd), ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

/** A temporary folder holding `files` (path → content); removed by the caller. */
export function workspace(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-cli-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

/** No Node stack trace in a user-facing stream. */
export function assertNoStack(text: string): void {
  if (/^\s+at .+\(.*:\d+:\d+\)$/m.test(text) || /\n\s+at [\w.<>]+ \(/.test(text)) {
    throw new Error(`a stack trace reached the user:\n${text}`);
  }
}
