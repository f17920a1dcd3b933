/**
 * The GitHub Action's step (dist/action.mjs, run by action.yml with the runner's Node): runs
 * `archlens check` with the action's inputs in GITHUB_WORKSPACE, prints the report in the chosen
 * format, then writes the SARIF file, the job summary, annotations on the lines a pull request
 * changes, and the step's outputs. Exits like the CLI: 0, 1 at or above `fail-on`, 2 on bad inputs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../cli/main';
import { processIo, UsageError } from '../cli/io';
import { formatSarif } from '../output/sarif';
import { countFindings, displayPath, type ReportInput } from '../output/report';
import { changedLines, type ChangedLines } from './changed-lines';
import { jobSummary } from './summary';
import { appendSummary, errorAnnotation, escapeData, findingAnnotation, setOutputs } from './workflow-commands';

/** An input as GitHub passes it to an action's process: INPUT_<NAME> (a composite action maps it in action.yml). */
function input(env: NodeJS.ProcessEnv, name: string): string {
  const upper = name.toUpperCase();
  return (env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, '_')}`] ?? '').trim();
}

/** Paths and targets may be written one per line, or separated by spaces or commas (targets). */
function list(text: string, separators: RegExp): string[] {
  return text.split(separators).map((s) => s.trim()).filter(Boolean);
}

/** The `archlens check` command line the inputs stand for. */
export function checkArguments(env: NodeJS.ProcessEnv): string[] {
  const args = ['check', ...list(input(env, 'paths'), /[\n\s]+/)];
  const targets = list(input(env, 'targets'), /[\n\s,]+/);
  if (targets.length > 0) args.push('--target', targets.join(','));
  const config = input(env, 'config');
  if (config) args.push('--config', config);
  args.push('--format', input(env, 'format') || 'text');
  args.push('--fail-on', input(env, 'fail-on') || 'error');
  return args;
}

function gitRoot(cwd: string): string {
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  return top.status === 0 ? top.stdout.trim() : cwd;
}

/** Writes everything the step leaves besides its log. */
function publish(report: ReportInput, env: NodeJS.ProcessEnv, write: (text: string) => void): void {
  const root = gitRoot(report.cwd);
  const relative = (file: string) => displayPath(file, root);
  const sarifFile = path.join(env.RUNNER_TEMP || report.cwd, 'archlens.sarif');
  fs.writeFileSync(sarifFile, formatSarif(report));

  const changed: ChangedLines = changedLines(env, root);
  const annotations: string[] = [];
  let skipped = 0;
  for (const file of report.result.files) {
    const shown = relative(file.file);
    const lines = changed.kind === 'lines' ? changed.files.get(shown) : undefined;
    for (const finding of file.findings) {
      const line = finding.range.start.line + 1;
      if (changed.kind === 'lines' && !lines?.has(line)) { skipped++; continue; }
      annotations.push(findingAnnotation(finding, shown));
    }
    // A file that could not be checked fails the run wherever it is: always annotated.
    for (const problem of file.problems) annotations.push(errorAnnotation(problem.message, shown, problem.range?.start.line));
  }
  const scope = changed.kind === 'lines'
    ? `annotations on the lines this pull request changes (${skipped} finding${skipped === 1 ? '' : 's'} elsewhere)`
    : changed.reason ? `every finding annotated: ${changed.reason}` : undefined;
  if (changed.kind === 'all' && changed.reason) write(`::notice title=archlens::${escapeData(`annotating every finding: ${changed.reason}`)}\n`);
  for (const line of annotations) write(`${line}\n`);

  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const blobUrl = env.GITHUB_REPOSITORY && env.GITHUB_SHA ? `${server}/${env.GITHUB_REPOSITORY}/blob/${env.GITHUB_SHA}/` : undefined;
  appendSummary(env.GITHUB_STEP_SUMMARY, jobSummary(report, { relative, blobUrl, annotations: scope }));

  const counts = countFindings(report.result.files);
  setOutputs(env.GITHUB_OUTPUT, {
    'sarif-file': sarifFile,
    findings: counts.error + counts.warning + counts.info + counts.hint,
    errors: counts.error,
    warnings: counts.warning,
  });
}

export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const io = processIo();
  const cwd = env.GITHUB_WORKSPACE || io.cwd;
  io.cwd = cwd;
  let published = false;
  io.onReport = (report) => {
    publish(report, env, io.stdout);
    published = true;
  };
  try {
    const code = await main(checkArguments(env), io);
    if (!published) throw new Error('the check produced no report');
    return code;
  } catch (error) {
    // One line in the log and one annotation: the reason, never a stack trace.
    const reason = error instanceof UsageError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    io.stdout(`${errorAnnotation(`archlens: ${reason.split('\n')[0]}`)}\n`);
    return 2;
  }
}
