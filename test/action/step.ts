/**
 * Runs the GitHub Action's check step (action.yml) the way a runner does: its script with bash,
 * in the workspace, with the environment GitHub gives a composite action's step.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../helpers/snapshot';

export interface ActionStep { id?: string; run?: string; env?: Record<string, string>; uses?: string; if?: string; with?: Record<string, string> }
export interface ActionYml { inputs: Record<string, { default?: string }>; runs: { using: string; steps: ActionStep[] } }

export const ACTION = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as ActionYml;

/** The check step's env with `${{ inputs.NAME }}` filled in as GitHub would (the inputs given, else their defaults). */
export function stepEnvironment(inputs: Record<string, string>): Record<string, string> {
  const step = ACTION.runs.steps.find((s) => s.id === 'check')!;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.env ?? {})) {
    env[name] = value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, input: string) => {
      assert.ok(input in ACTION.inputs, `action.yml maps an undeclared input ${input}`);
      return inputs[input] ?? ACTION.inputs[input].default ?? '';
    });
    assert.doesNotMatch(env[name], /\$\{\{/, `${name}: only inputs.* expressions are expected`);
  }
  return env;
}

/** Runs the check step's script as a runner would; returns what it wrote. */
export function runStep(options: { workspace: string; actionPath: string; inputs?: Record<string, string>; event?: { name: string; payload: object }; env?: NodeJS.ProcessEnv }) {
  const step = ACTION.runs.steps.find((s) => s.id === 'check')!;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-runner-'));
  const files = { summary: path.join(temp, 'step_summary'), output: path.join(temp, 'output'), event: path.join(temp, 'event.json'), runnerTemp: path.join(temp, 'runner') };
  fs.mkdirSync(files.runnerTemp);
  for (const f of [files.summary, files.output]) fs.writeFileSync(f, '');
  fs.writeFileSync(files.event, JSON.stringify(options.event?.payload ?? {}));
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
    cwd: options.workspace,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_EVENT_NAME: options.event?.name ?? 'push',
      GITHUB_EVENT_PATH: files.event,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_OUTPUT: files.output,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: 'f'.repeat(40),
      RUNNER_TEMP: files.runnerTemp,
      // The registry cache of this run only.
      XDG_CACHE_HOME: path.join(temp, 'cache'),
      ...stepEnvironment(options.inputs ?? {}),
      ...options.env,
    },
  });
  const outputs = Object.fromEntries(fs.readFileSync(files.output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const result = {
    code: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    annotations: run.stdout.split('\n').filter((l) => l.startsWith('::')),
    summary: fs.readFileSync(files.summary, 'utf8'),
    outputs,
    sarif: outputs['sarif-file'] && fs.existsSync(outputs['sarif-file']) ? JSON.parse(fs.readFileSync(outputs['sarif-file'], 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> } : undefined,
  };
  fs.rmSync(temp, { recursive: true, force: true });
  return result;
}
