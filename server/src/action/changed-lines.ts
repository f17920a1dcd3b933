/**
 * Which lines a pull request changes, so that annotations land on them only (a finding on a line
 * nobody touched is in the job summary and the SARIF upload, not in the diff's margin). Any other
 * event, or a diff that cannot be computed, annotates everything — and says why.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

export type ChangedLines =
  /** Every finding is annotated. */
  | { kind: 'all'; reason?: string }
  /** Repository-relative path (with `/`) → changed 1-based line numbers. */
  | { kind: 'lines'; files: Map<string, Set<number>>; base: string };

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

/** The lines the event changes in `root` (the repository's top folder). */
export function changedLines(env: NodeJS.ProcessEnv, root: string): ChangedLines {
  if (!PULL_REQUEST_EVENTS.has(env.GITHUB_EVENT_NAME ?? '')) return { kind: 'all' };
  const base = baseCommit(env.GITHUB_EVENT_PATH);
  if (!base) return { kind: 'all', reason: 'the event payload names no pull_request.base.sha' };
  if (!hasCommit(root, base)) {
    // actions/checkout fetches one commit by default: fetch the base too (one more commit, no history).
    git(root, ['fetch', '--no-tags', '--quiet', '--depth=1', 'origin', base]);
    if (!hasCommit(root, base)) return { kind: 'all', reason: `the base commit ${base.slice(0, 12)} could not be fetched` };
  }
  // Against the merge base when the history has it (a checkout of the pull request's head), else
  // against the base itself (GitHub's merge commit, whose first parent is the base).
  const mergeBase = git(root, ['merge-base', base, 'HEAD']);
  const from = mergeBase.status === 0 ? mergeBase.stdout.trim() : base;
  // Against the working tree: the lines archlens read.
  const diff = git(root, ['-c', 'core.quotePath=false', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/', from]);
  if (diff.status !== 0) return { kind: 'all', reason: `git diff failed: ${diff.stderr.trim().split('\n')[0]}` };
  return { kind: 'lines', files: parseUnifiedDiff(diff.stdout), base: from };
}

/** The added or changed lines of each file of a `git diff --unified=0`, by new path. */
export function parseUnifiedDiff(diff: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      const target = line.slice(4).replace(/\t$/, '');
      current = target.startsWith('b/') ? new Set<number>() : undefined;
      if (current) files.set(target.slice(2), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return files;
}

function baseCommit(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(fs.readFileSync(eventPath, 'utf8')) as { pull_request?: { base?: { sha?: unknown } } };
    const sha = event.pull_request?.base?.sha;
    return typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

function hasCommit(root: string, sha: string): boolean {
  return git(root, ['cat-file', '-e', `${sha}^{commit}`]).status === 0;
}

function git(cwd: string, args: string[]) {
  return spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 120_000 });
}
