/** `archlens check [PATH…]`: walk, check, print (text / JSON / SARIF), optionally fix; returns the exit code. */
import * as path from 'node:path';
import { ConfigResolver, type ResolvedConfig } from '../workspace/config-files';
import { formatConfigProblem, type ConfigLayer, type ConfigProblem } from '../core/config';
import type { Severity } from '../core/types';
import { layerFromValue, validateConfigValue } from '../engine/config-validate';
import { checkFiles, type CheckResult } from '../workspace/check';
import { formatJson } from '../output/json';
import { escapeControls } from '../core/escape';
import { displayPath, filesWithInternalErrors, internalErrorLine, preferredFix, type ReportInput } from '../output/report';
import { formatGitLab } from '../output/gitlab';
import { formatSarif } from '../output/sarif';
import { formatText } from '../output/text';
import { fixAll, type FileFixOutcome } from './fix';
import { UsageError, useColor, type CliIo } from './io';
import { cliResolver } from './registry';
import { checkStdin, STDIN_NAME } from './stdin';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'gitlab';

/** `--fix` checks the workspace again after a round that fixed something, at most this many rounds in all. */
const MAX_FIX_ROUNDS = 3;
export type FailOn = Severity | 'none';

export interface CheckCommand {
  paths: string[];
  format: OutputFormat;
  targets?: string[];
  configFile?: string;
  offline: boolean;
  cacheDir?: string;
  noCache: boolean;
  failOn: FailOn;
  fix: boolean;
  rules: string[];
  /** With `-` as the path: the name standard input is checked under (its kind, its config, its findings' file). */
  stdinFilename?: string;
  /** Every file counts: a skipped one fails the run too. */
  strict?: boolean;
  /** Check vendored and generated code as well (README: vendored and generated code). */
  includeVendored?: boolean;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * The CLI flags as a config layer over the files, validated against the configuration's schema
 * (the same wording as in a file, placed at the flag); a bad value is a usage error.
 */
export function flagLayer(command: Pick<CheckCommand, 'targets' | 'rules'>): ConfigLayer {
  // Each flag on its own, so that a problem names the flag that has it.
  const valid = (value: unknown, place: string): ConfigLayer => {
    const violations = validateConfigValue(value, () => place);
    if (violations.length > 0) throw new UsageError(violations[0].message);
    return layerFromValue(value, violations);
  };
  const layer: ConfigLayer = {};
  if (command.targets && command.targets.length > 0) {
    layer.targets = valid({ targets: command.targets.flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean) }, '--target').targets;
  }
  for (const spec of command.rules) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--rule ${spec}: expected CODE=SEVERITY, e.g. --rule AL202=error`);
    layer.rules = { ...layer.rules, ...valid({ rules: { [spec.slice(0, eq).trim()]: spec.slice(eq + 1) } }, `--rule ${spec}`).rules };
  }
  return layer;
}

/**
 * True when the result holds a finding at or above the threshold, or a file that could not be
 * checked (internal errors are counted apart: exit 2). A skipped file (not recognisably one of
 * archlens's kinds) fails only with `strict`. A problem that is only a warning or a note
 * (a Kustomize patch that changes nothing, a remote base not fetched) counts like a finding of that severity.
 */
export function fails(result: CheckResult, failOn: FailOn, strict = false): boolean {
  if (failOn === 'none') return false;
  if (result.files.some((f) => f.problems.some((p) => (p.skipped ? strict : ORDER[p.severity ?? 'error'] <= ORDER[failOn])))) return true;
  return result.files.some((f) => f.findings.some((finding) => ORDER[finding.severity] <= ORDER[failOn]));
}

export async function runCheck(command: CheckCommand, io: CliIo, version: string): Promise<number> {
  const stdin = command.paths.includes('-');
  if (stdin && command.paths.length > 1) throw new UsageError('- (standard input) cannot be combined with other paths');
  if (command.stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename names standard input: give - as the path');
  if (stdin && command.fix && command.format !== 'text') {
    throw new UsageError(`--fix with standard input prints the fixed text on stdout, so it cannot also print --format ${command.format}`);
  }
  const cwd = io.cwd;
  const configFile = command.configFile ? path.resolve(cwd, command.configFile) : undefined;
  const configs = new ConfigResolver({ configFile, overrides: [flagLayer(command)], root: cwd });

  // The registry settings come from the config in force for the current folder (or --config).
  const base = configs.forPath(cwd, true);
  failOnConfigErrors(configs.takeProblems(), io, cwd);
  const resolver = cliResolver(base.config.registries, base.config.cache.ttlHours, command);
  try {
    if (stdin) return await checkStandardInput(command, io, version, configs, resolver);
    // --fix works from the units' analyses: they stay on this thread.
    let result = await checkFiles(command.paths, { cwd, configs, resolver, includeVendored: command.includeVendored, unitsInWorker: !command.fix });
    // The config files the walk found below the current folder.
    failOnConfigErrors(configs.takeProblems(), io, cwd);
    if (result.missing.length > 0) throw new UsageError(`no such file or folder: ${result.missing.join(', ')}`);
    warnUnusedRegistrySettings(configs, base, io, cwd);
    for (const p of result.walkProblems) io.stderr(`archlens: ${displayPath(p.file, cwd)}: ${p.message}\n`);

    if (command.fix) {
      const outcomes: FileFixOutcome[] = [];
      const refusedBefore = new Set<string>();
      for (let round = 1; ; round++) {
        const applied = await fixAll(result, resolver);
        // A fix refused in an earlier round is refused again: said once.
        for (const outcome of applied) {
          outcome.refused = outcome.refused.filter((r) => {
            const key = `${outcome.file}\0${r.rule}\0${r.line}\0${r.title}`;
            if (refusedBefore.has(key)) return false;
            refusedBefore.add(key);
            return true;
          });
        }
        outcomes.push(...applied);
        if (round === MAX_FIX_ROUNDS || !applied.some((o) => o.applied.length > 0)) break;
        // A file fixed changes what the others may safely prefer, through the workspace image map (a
        // Dockerfile that now downloads per platform makes its builds' platform fix safe): check again.
        result = await checkFiles(command.paths, { cwd, configs, resolver, includeVendored: command.includeVendored });
        if (!result.files.some((f) => f.findings.some((finding) => preferredFix(finding)))) break;
      }
      const say = command.format === 'text' ? io.stdout : io.stderr; // stdout stays machine-readable
      for (const outcome of outcomes) {
        const shown = displayPath(outcome.file, cwd);
        for (const applied of outcome.applied) say(`fixed ${shown}:${applied.line}  ${applied.rule}  ${escapeControls(applied.title)}\n`);
        for (const refused of outcome.refused) {
          io.stderr(`archlens: ${shown}:${refused.line}: ${refused.rule} fix "${escapeControls(refused.title)}" not applied: ${escapeControls(refused.reason)}\n`);
        }
        if (outcome.error) io.stderr(`archlens: ${shown}: ${outcome.error}\n`);
      }
    }
    // archlens's own failures exit 2 (an internal error), before the findings' verdict.
    if (report(result, command.format, io.stdout, io, version) > 0) return 2;
    return fails(result, command.failOn, command.strict) ? 1 : 0;
  } finally {
    await resolver.close().catch(() => undefined);
  }
}

/**
 * `archlens check -`. With --fix, stdout is the text (fixed, or unchanged when nothing could be),
 * so that `archlens check - --fix < in > out` always leaves a whole file in `out`; what was fixed
 * and what is left go to stderr.
 */
async function checkStandardInput(command: CheckCommand, io: CliIo, version: string, configs: ConfigResolver, resolver: ReturnType<typeof cliResolver>): Promise<number> {
  const cwd = io.cwd;
  const outcome = await checkStdin({ input: await io.stdin(), filename: command.stdinFilename, cwd, configs, resolver, fix: command.fix });
  // The config of --stdin-filename's folder, when it is not the current folder's.
  failOnConfigErrors(configs.takeProblems(), io, cwd);
  const shown = displayPath(path.resolve(cwd, command.stdinFilename ?? STDIN_NAME), cwd);
  if (command.fix) {
    for (const applied of outcome.applied) io.stderr(`fixed ${shown}:${applied.line}  ${applied.rule}  ${escapeControls(applied.title)}\n`);
    for (const refused of outcome.refused) {
      io.stderr(`archlens: ${shown}:${refused.line}: ${refused.rule} fix "${escapeControls(refused.title)}" not applied: ${escapeControls(refused.reason)}\n`);
    }
    if (outcome.fixError) io.stderr(`archlens: ${shown}: ${outcome.fixError}\n`);
    if (outcome.output !== undefined) io.stdout(outcome.output);
  }
  if (report(outcome.result, command.format, command.fix ? io.stderr : io.stdout, io, version) > 0) return 2;
  return fails(outcome.result, command.failOn) ? 1 : 0;
}

/**
 * Input problems (one line per file) and archlens's own failures on stderr, then the report in the
 * chosen format. Returns how many files archlens failed on.
 */
function report(result: CheckResult, format: OutputFormat, write: (text: string) => void, io: CliIo, version: string): number {
  const cwd = io.cwd;
  // One line per file: its first problem (the JSON and SARIF outputs carry them all; skipped files are counted in the summary).
  for (const file of result.files) {
    const [problem, ...more] = file.problems.filter((p) => !p.skipped);
    if (!problem) continue;
    const where = problem.range ? `:${problem.range.start.line + 1}:${problem.range.start.character + 1}` : '';
    const tail = more.length > 0 ? ` (and ${more.length} more problem${more.length === 1 ? '' : 's'} in this file)` : '';
    io.stderr(`archlens: ${displayPath(file.file, cwd)}${where}: ${oneLine(problem.message)}${tail}\n`);
  }
  // archlens's own failures: said as such, one line each.
  const failed = filesWithInternalErrors(result.files);
  for (const file of failed) {
    for (const error of file.internalErrors) io.stderr(`${internalErrorLine(displayPath(file.file, cwd), error)}\n`);
  }
  const input: ReportInput = { result, cwd, version };
  if (format === 'json') write(formatJson(input));
  else if (format === 'sarif') write(formatSarif(input));
  else if (format === 'gitlab') write(formatGitLab(input));
  else write(formatText(input, { color: write === io.stdout && useColor(io) }));
  io.onReport?.(input);
  return failed.length;
}

/** Config warnings are printed; config errors stop the run (exit 2) — a misread config must not pass CI. */
function failOnConfigErrors(problems: readonly ConfigProblem[], io: CliIo, cwd: string): void {
  for (const problem of problems) {
    if (problem.severity === 'warning') io.stderr(`archlens: ${formatConfigProblem(problem, cwd)}\n`);
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    for (const e of errors.slice(0, -1)) io.stderr(`archlens: ${formatConfigProblem(e, cwd)}\n`);
    throw new UsageError(`invalid configuration: ${formatConfigProblem(errors[errors.length - 1], cwd)}`);
  }
}

/**
 * One run has one registry client, set up from the config of the current folder: a config deeper
 * down whose `registries` or `cache` differ is not silently ignored (a mirror that CI relies on).
 */
function warnUnusedRegistrySettings(configs: ConfigResolver, base: ResolvedConfig, io: CliIo, cwd: string): void {
  const network = (r: ResolvedConfig) => JSON.stringify([r.config.registries, r.config.cache]);
  for (const other of configs.resolved()) {
    if (!other.file || other.file === base.file || network(other) === network(base)) continue;
    const used = base.file ? displayPath(base.file, cwd) : 'the defaults (no .archlens.yaml here)';
    io.stderr(`archlens: ${displayPath(other.file, cwd)}: its registries/cache settings are not used: one run looks images up with those of ${used}; run archlens in ${displayPath(path.dirname(other.file), cwd)} or pass --config\n`);
  }
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
