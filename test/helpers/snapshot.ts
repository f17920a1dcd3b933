/**
 * A copy of this checkout as git sees it — tracked and new files, nothing git ignores (no dist/,
 * no node_modules, no caches) — for tests that must start where a user or CI starts: packing the
 * package, installing the pre-commit hook, cloning.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export const REPO = path.resolve(__dirname, '..', '..');

/** Copies the working tree (uncommitted edits included) into `into`, which must not exist yet or be empty. */
export function snapshotWorkingTree(into: string): void {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  for (const relative of listed.toString('utf8').split('\0').filter(Boolean)) {
    const from = path.join(REPO, relative);
    const stat = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!stat) continue; // deleted in the working tree, not yet committed
    const to = path.join(into, relative);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
  }
}

/** Makes `dir` a git repository holding one commit of everything in it; returns the commit. */
export function commitAll(dir: string, message = 'snapshot'): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'archlens tests', GIT_AUTHOR_EMAIL: 'tests@archlens.invalid', GIT_COMMITTER_NAME: 'archlens tests', GIT_COMMITTER_EMAIL: 'tests@archlens.invalid' } }).trim();
  if (!fs.existsSync(path.join(dir, '.git'))) git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', message);
  return git('rev-parse', 'HEAD');
}

/** The entries of a zip file (a .vsix), read from its central directory: name → its content, inflated on demand. */
export function zipEntries(file: string): Map<string, () => Buffer> {
  const zip = fs.readFileSync(file);
  // End of central directory: its signature within the last 64 KiB (+ 22 bytes of record).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    entries.set(zip.toString('utf8', at + 46, at + 46 + nameLength), () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressedSize);
      return method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data);
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
