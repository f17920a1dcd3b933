/** `archlens check [PATH…]`: walk, check, print (text / JSON / SARIF), optionally fix; returns the exit code. */
import * as path from 'node:path';
import { ConfigResolver, type ResolvedConfig } from '../workspace/config-files';
import { formatConfigProblem, type ConfigLayer, type ConfigProblem } from '../core/config';
import type { Severity } from '../core/types';
import { layerFromValue, validateConfigValue } from '../engine/config-validate';
import { checkFiles, type CheckResult } from '../workspace/check';
import { formatJson } from '../output/json';
import { escapeControls } from '../output/escape';
import { displayPath, type ReportInput } from '../output/report';
import { formatSarif } from '../output/sarif';
import { formatText } from '../output/text';
import { fixAll } from './fix';
import { UsageError, useColor, type CliIo } from './io';
import { cliResolver } from './registry';

export type OutputFormat = 'text' | 'json' | 'sarif';
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
 * checked. A skipped file (not recognisably one of archlens's kinds) fails only with `strict`.
 */
export function fails(result: CheckResult, failOn: FailOn, strict = false): boolean {
  if (failOn === 'none') return false;
  if (result.files.some((f) => f.problems.some((p) => strict || !p.skipped))) return true;
  return result.files.some((f) => f.findings.some((finding) => ORDER[finding.severity] <= ORDER[failOn]));
}

export async function runCheck(command: CheckCommand, io: CliIo, version: string): Promise<number> {
  const cwd = io.cwd;
  const configFile = command.configFile ? path.resolve(cwd, command.configFile) : undefined;
  const configs = new ConfigResolver({ configFile, overrides: [flagLayer(command)], root: cwd });

  // The registry settings come from the config in force for the current folder (or --config).
  const base = configs.forPath(cwd, true);
  failOnConfigErrors(configs.takeProblems(), io, cwd);
  const resolver = cliResolver(base.config.registries, base.config.cache.ttlHours, command);
  try {
    const result = await checkFiles(command.paths, { cwd, configs, resolver, includeVendored: command.includeVendored });
    // The config files the walk found below the current folder.
    failOnConfigErrors(configs.takeProblems(), io, cwd);
    if (result.missing.length > 0) throw new UsageError(`no such file or folder: ${result.missing.join(', ')}`);
    warnUnusedRegistrySettings(configs, base, io, cwd);
    for (const p of result.walkProblems) io.stderr(`archlens: ${displayPath(p.file, cwd)}: ${p.message}\n`);

    if (command.fix) {
      const outcomes = await fixAll(result, resolver);
      const say = command.format === 'text' ? io.stdout : io.stderr;
      for (const outcome of outcomes) {
        const shown = displayPath(outcome.file, cwd);
        for (const applied of outcome.applied) say(`fixed ${shown}:${applied.line}  ${applied.rule}  ${escapeControls(applied.title)}\n`);
        if (outcome.error) io.stderr(`archlens: ${shown}: ${outcome.error}\n`);
      }
    }

    // One line per file: its first problem (the JSON and SARIF outputs carry them all; skipped files are listed with the findings).
    for (const file of result.files) {
      const [problem, ...more] = file.problems.filter((p) => !p.skipped);
      if (!problem) continue;
      const where = problem.range ? `:${problem.range.start.line + 1}:${problem.range.start.character + 1}` : '';
      const tail = more.length > 0 ? ` (and ${more.length} more problem${more.length === 1 ? '' : 's'} in this file)` : '';
      io.stderr(`archlens: ${displayPath(file.file, cwd)}${where}: ${oneLine(problem.message)}${tail}\n`);
    }
    const input: ReportInput = { result, cwd, version };
    if (command.format === 'json') io.stdout(formatJson(input));
    else if (command.format === 'sarif') io.stdout(formatSarif(input));
    else io.stdout(formatText(input, { color: useColor(io) }));
    return fails(result, command.failOn, command.strict) ? 1 : 0;
  } finally {
    await resolver.close().catch(() => undefined);
  }
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
