/**
 * The built CLI over the real repositories of ../shared/corpus/realworld (issue 12), compared with
 * the judged list in test/fixtures/realworld-judged.json. Shared by `npm run realworld`
 * (scripts/realworld.ts) and test/cli/realworld-judged.test.ts, so both measure the same thing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES } from './shared';

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'archlens.js');
export const JUDGED_FILE = path.join(FIXTURES, 'realworld-judged.json');

/** AL209 (an image whose platforms could not be looked up) is not a verdict on the code: counted apart. */
export const COUNTED_APART = 'AL209';

export type Verdict = 'real' | 'false positive' | 'missed';
export interface JudgedEntry {
  repo: string;
  rule: string;
  file: string;
  /** 1-based, as an editor shows it. */
  line: number;
  verdict: Verdict;
  why: string;
  /** A false positive kept on purpose until the rule is fixed. */
  known?: boolean;
}

/** What one repository's `--format json` report holds that this comparison reads. */
interface JsonReport {
  checked?: number;
  findings: Array<{ file: string; rule: string; range: { start: { line: number } } }>;
  problems: Array<{ file: string; severity: string; skipped?: boolean; message: string }>;
  internalErrors: Array<{ file: string; during: string; message: string }>;
  skipped?: { vendored: number };
}

export interface Finding { repo: string; rule: string; file: string; line: number }

export interface RepoRun {
  repo: string;
  code: number | null;
  seconds: number;
  /** Files checked, as the summary line counts them. */
  checked: number;
  findings: Finding[];
  /** AL209 findings (counted apart). */
  unlookedUp: number;
  /** Files skipped as not archlens's kinds, and files skipped as vendored. */
  skipped: number;
  vendored: number;
  /** Input problems that fail the run (error level), one line each. */
  inputErrors: string[];
  internalErrors: string[];
  /** Set when the CLI printed no JSON: what it said instead. */
  failure?: string;
}

/** The repositories of the corpus (one folder each; SOURCES.md and other files are not). */
export function corpusRepos(root: string): string[] {
  return fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** Spawns the built CLI on one repository, offline, with an empty cache; resolves with its parsed report. */
function runOne(root: string, repo: string, cacheDir: string): Promise<RepoRun> {
  const cwd = path.join(root, repo);
  const args = [BIN, 'check', '.', '--offline', '--format', 'json', '--cache-dir', cacheDir];
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve(toRun(repo, code, seconds, stdout, stderr));
    });
  });
}

function toRun(repo: string, code: number | null, seconds: number, stdout: string, stderr: string): RepoRun {
  let report: JsonReport;
  try {
    report = JSON.parse(stdout) as JsonReport;
  } catch {
    return { repo, code, seconds, checked: 0, findings: [], unlookedUp: 0, skipped: 0, vendored: 0, inputErrors: [], internalErrors: [], failure: `no JSON on stdout (exit ${code}): ${stderr.trim().slice(0, 2000)}` };
  }
  const all = report.findings.map((f) => ({ repo, rule: f.rule, file: f.file, line: f.range.start.line + 1 }));
  const findings = all.filter((f) => f.rule !== COUNTED_APART);
  const skippedFiles = new Set(report.problems.filter((p) => p.skipped).map((p) => p.file));
  return {
    repo,
    code,
    seconds,
    checked: report.checked ?? Number.NaN,
    findings,
    unlookedUp: all.length - findings.length,
    skipped: skippedFiles.size,
    vendored: report.skipped?.vendored ?? 0,
    inputErrors: report.problems.filter((p) => !p.skipped && p.severity === 'error').map((p) => `${p.file}: ${p.message}`),
    internalErrors: report.internalErrors.map((e) => `${e.file} (${e.during}): ${e.message}`),
  };
}

/**
 * Runs every repository, `concurrency` at a time (1 gives each its own time; the corpus takes
 * ~20-40 s in all), with one empty cache folder that is removed afterwards.
 */
export async function runCorpus(root: string, concurrency = 1): Promise<RepoRun[]> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-realworld-'));
  try {
    const repos = corpusRepos(root);
    const runs: RepoRun[] = new Array<RepoRun>(repos.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < repos.length) {
        const index = next++;
        runs[index] = await runOne(root, repos[index], cacheDir);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    return runs;
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}

export function loadJudged(file = JUDGED_FILE): JudgedEntry[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { findings: JudgedEntry[] }).findings;
}

const keyOf = (f: Finding): string => `${f.repo}\t${f.rule}\t${f.file}\t${f.line}`;
export const describeFinding = (f: Finding): string => `${f.rule} ${f.repo}/${f.file}:${f.line}`;

export interface Comparison {
  real: JudgedEntry[];
  falsePositives: JudgedEntry[];
  /** Findings with no verdict: a person must judge each. */
  unjudged: Finding[];
  /** Risks archlens does not find yet ('missed' entries still not reported). */
  missed: JudgedEntry[];
  /** 'missed' entries archlens now reports: judge them (real or false positive). */
  nowFound: JudgedEntry[];
  /** Judged findings archlens no longer reports: remove them (or turn a real one into 'missed'). */
  gone: JudgedEntry[];
  /** real / (real + false positive) over the judged findings reported; NaN when there are none. */
  precision: number;
}

/** Every finding against the judged list (findings in repositories not run are not compared). */
export function compare(runs: readonly RepoRun[], judged: readonly JudgedEntry[]): Comparison {
  const ran = new Set(runs.map((r) => r.repo));
  const entries = judged.filter((e) => ran.has(e.repo));
  const byKey = new Map(entries.map((e) => [keyOf(e), e]));
  const reported = new Set<string>();
  const result: Comparison = { real: [], falsePositives: [], unjudged: [], missed: [], nowFound: [], gone: [], precision: Number.NaN };
  for (const finding of runs.flatMap((r) => r.findings)) {
    const key = keyOf(finding);
    // Two findings of one rule on one line share a verdict and are counted once.
    if (reported.has(key)) continue;
    reported.add(key);
    const entry = byKey.get(key);
    if (!entry) result.unjudged.push(finding);
    else if (entry.verdict === 'real') result.real.push(entry);
    else if (entry.verdict === 'false positive') result.falsePositives.push(entry);
    else result.nowFound.push(entry);
  }
  for (const entry of entries) {
    if (reported.has(keyOf(entry))) continue;
    if (entry.verdict === 'missed') result.missed.push(entry);
    else result.gone.push(entry);
  }
  const judgedCount = result.real.length + result.falsePositives.length;
  result.precision = judgedCount > 0 ? result.real.length / judgedCount : Number.NaN;
  return result;
}

/** The per-repository table: exit code, files, findings by rule, AL209, skipped, vendored, time. */
export function formatTable(runs: readonly RepoRun[]): string {
  const rules = [...new Set(runs.flatMap((r) => r.findings.map((f) => f.rule)))].sort();
  const header = ['repository', 'exit', 'files', ...rules, 'total', COUNTED_APART, 'input errors', 'skipped', 'vendored', 'time'];
  const rows = runs.map((r) => {
    const count = (rule: string) => r.findings.filter((f) => f.rule === rule).length;
    return [
      r.repo,
      String(r.code),
      String(r.checked),
      ...rules.map((rule) => String(count(rule) || '·')),
      String(r.findings.length),
      String(r.unlookedUp),
      String(r.inputErrors.length),
      String(r.skipped),
      String(r.vendored),
      `${r.seconds.toFixed(1)} s`,
    ];
  });
  const sum = (pick: (r: RepoRun) => number) => String(runs.reduce((n, r) => n + pick(r), 0));
  rows.push([
    'all',
    '',
    sum((r) => r.checked),
    ...rules.map((rule) => sum((r) => r.findings.filter((f) => f.rule === rule).length)),
    sum((r) => r.findings.length),
    sum((r) => r.unlookedUp),
    sum((r) => r.inputErrors.length),
    sum((r) => r.skipped),
    sum((r) => r.vendored),
    `${runs.reduce((n, r) => n + r.seconds, 0).toFixed(1)} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The verdicts in words: precision, false positives with their why, and what needs a person. */
export function formatComparison(c: Comparison): string {
  const out: string[] = [];
  const judged = c.real.length + c.falsePositives.length;
  const percent = Number.isNaN(c.precision) ? 'n/a' : `${(c.precision * 100).toFixed(1)} %`;
  out.push(`precision (real / (real + false positive), ${COUNTED_APART} apart): ${c.real.length} / ${judged} = ${percent}`);
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length}):`, ...items.map((i) => `  ${i}`));
  };
  const entry = (e: JudgedEntry) => `${describeFinding(e)}${e.known ? ' [known]' : ''}: ${e.why}`;
  list('false positives', c.falsePositives.map(entry));
  list('unjudged: add a verdict to test/fixtures/realworld-judged.json', c.unjudged.map(describeFinding));
  list('missed (recall)', c.missed.map(entry));
  list('now found: judge these missed risks (real or false positive)', c.nowFound.map(entry));
  list('no longer reported: remove from the judged list (a real one lost is a recall regression)', c.gone.map(entry));
  return out.join('\n');
}
