/**
 * What a reusable workflow builds for its callers (buildscripts/github-calls.ts): the called
 * workflow read again with each run's inputs. A workflow that runs only when called builds only
 * that; one with other triggers too (`workflow_dispatch`) also builds what its defaults say.
 */
import { parseGithubWorkflow } from '../buildscripts/github';
import type { BuildModel } from '../buildscripts/model';
import { rawBuildsOf, type FileFacts, type RawBuild } from './facts';

export interface CalledBuilds {
  /** The builds of every run of every call, at no place of the file's own (its rules read its sites as it reads them alone). */
  builds: RawBuild[];
  /** The workflow runs only when called: its builds with the defaults are nobody's. */
  onlyCalled: boolean;
}

/** Runs of the called workflows, by called file. */
export function callsByWorkflow(files: readonly FileFacts[]): Map<string, Array<Record<string, string | null>>> {
  const out = new Map<string, Array<Record<string, string | null>>>();
  for (const facts of files) {
    for (const call of facts.workflowCalls ?? []) {
      // A workflow calling itself would be read with its own inputs: GitHub refuses such a loop anyway.
      if (call.file === facts.file) continue;
      const runs = out.get(call.file);
      if (runs) runs.push(...call.runs); else out.set(call.file, [...call.runs]);
    }
  }
  return out;
}

/** Readings by text and inputs: the editor's map is rebuilt after every change (a caller's edit changes one run, not all). */
const readings = new Map<string, BuildModel | undefined>();
const MAX_READINGS = 256;

/** The builds `called` makes for these runs; undefined when it cannot be read again (its text did not cross, a parser failure). */
export function calledBuilds(called: FileFacts, runs: ReadonlyArray<Record<string, string | null>>): CalledBuilds | undefined {
  const text = called.lines.text;
  // A workflow with no build site builds nothing whatever its inputs (a site is a step, not a value).
  if (called.kind !== 'github-workflow' || text.length === 0 || called.builds.length === 0) return undefined;
  // Read once per process for these runs: the CLI's unit worker gets the facts with it (crossing.ts).
  const key = runsKey(runs);
  if (called.calledFor?.key === key) return called.calledFor.builds;
  const builds = readForRuns(text, runs);
  called.calledFor = { key, builds };
  return builds;
}

/** A run's inputs as a key, in name order. */
function runKey(run: Readonly<Record<string, string | null>>): string {
  return JSON.stringify(Object.entries(run).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function runsKey(runs: ReadonlyArray<Record<string, string | null>>): string {
  return runs.map(runKey).join('\n');
}

function readForRuns(text: string, runs: ReadonlyArray<Record<string, string | null>>): CalledBuilds | undefined {
  const builds: RawBuild[] = [];
  let onlyCalled = false;
  const seen = new Set<string>();
  for (const run of runs) {
    const key = runKey(run);
    if (seen.has(key)) continue;
    seen.add(key);
    const model = readWith(text, run, key);
    if (!model) return undefined;
    onlyCalled ||= model.onlyCalled === true;
    for (const build of rawBuildsOf(model)) {
      const { siteIndex: _place, ...rest } = build;
      builds.push(rest);
    }
  }
  return { builds, onlyCalled };
}

function readWith(text: string, run: Readonly<Record<string, string | null>>, key: string): BuildModel | undefined {
  const cacheKey = `${key}\u0000${text}`;
  if (readings.has(cacheKey)) return readings.get(cacheKey);
  let model: BuildModel | undefined;
  try {
    model = parseGithubWorkflow(text, run).model;
  } catch {
    model = undefined; // the file's own check reports a parser failure
  }
  readings.set(cacheKey, model);
  if (readings.size > MAX_READINGS) readings.delete(readings.keys().next().value as string);
  return model;
}
