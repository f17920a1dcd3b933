/**
 * Every kustomization of ../shared/corpus/realworld resolved in-process, against `kubectl kustomize`
 * run on each, in the same run (issue 14: goal ≤ 0.5×). Two in-process figures, both cold (every
 * parse cache cleared first):
 * - build: the kustomize engine's build, every document written with its source map;
 * - check: the overlay as archlens checks it, through the unit framework — the build, then every
 *   built document through the offline rules, each finding placed in its source file and its fixes
 *   moved there and verified by rebuilding.
 * kubectl runs one kustomization at a time (its start-up is part of what a user waits for).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../server/src/core/config';
import { clearParseCache } from '../server/src/kubernetes/parse-cache';
import { buildKustomization, clearTemplateCache, KUSTOMIZATION_FILE_NAMES, nodeSource, toEnginePath } from '../server/src/kustomize';
import { checkUnit, discoverUnits, runSteps } from '../server/src/units';
import { kustomizeDriver } from '../server/src/units/kustomize/driver';
import { diskSource } from '../server/src/units/node-source';
import { CORPUS, measure, table, writeSection, type Measurement } from './lib';

const REALWORLD = path.join(CORPUS, 'realworld');

function kustomizationDirs(dir: string, out: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(e.name))) out.push(dir);
  for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) kustomizationDirs(path.join(dir, e.name), out);
  return out;
}

function cold(): void {
  clearTemplateCache();
  clearParseCache();
}

async function main(): Promise<void> {
  if (!fs.existsSync(REALWORLD)) throw new Error(`corpus not found at ${REALWORLD}`);
  const dirs = kustomizationDirs(REALWORLD).sort();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  let kubectlMissing: string | undefined;
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch (error) {
    kubectlMissing = error instanceof Error ? error.message : String(error);
  }
  if (kubectlMissing) {
    writeSection('Kustomize', `Skipped: \`kubectl\` (the baseline, with its embedded kustomize) is not installed here (${kubectlMissing}).`);
    return;
  }

  const source = nodeSource();
  const walked = (fs.readdirSync(REALWORLD, { recursive: true }) as string[]).map((f) => toEnginePath(path.join(REALWORLD, f))).sort();
  let documents = 0;
  let findings = 0;
  let roots = 0;
  const build = async () => {
    cold();
    documents = 0;
    for (const d of dirs) {
      for (const doc of buildKustomization(source, toEnginePath(d)).documents) {
        void doc.text;
        void doc.segments;
        documents++;
      }
    }
  };
  const config = defaultConfig();
  const check = async () => {
    cold();
    findings = 0;
    // As `archlens check` takes it: discovery over the walked files (the roots, and which overlays
    // share each base), then each overlay through the unit framework. A fresh source: nothing remembered.
    const disk = diskSource();
    const discovery = discoverUnits(walked, disk, [kustomizeDriver]);
    roots = discovery.units.length;
    for (const ref of discovery.units) {
      const analysis = runSteps(checkUnit(ref, kustomizeDriver, { source: disk, config }));
      for (const file of runSteps(analysis.complete(new Map())).files.values()) findings += file.findings.length;
    }
  };
  const kubectl = async () => {
    for (const d of dirs) {
      try {
        execFileSync('kubectl', ['kustomize', d], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
      } catch {
        // The few kubectl cannot build offline still cost their run.
      }
    }
  };
  // Interleaved rounds: the machine is shared, and a slow moment should hit both sides alike.
  const ours: number[] = [];
  const checked: number[] = [];
  const theirs: number[] = [];
  await build();
  await check();
  for (let i = 0; i < rounds; i++) {
    ours.push((await measure(build, 1, 0)).median);
    checked.push((await measure(check, 1, 0)).median);
    theirs.push((await measure(kubectl, 1, 0)).median);
  }
  const of = (xs: number[]): Measurement => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], rounds: s.length };
  };
  writeSection('Kustomize', [
    `Every kustomization of corpus/realworld (${dirs.length} folders, ${documents} documents built) resolved in-process, cold (parse caches`,
    'cleared each round), against `kubectl kustomize` on each folder one after another; medians of',
    `${rounds} interleaved rounds. "check" is what \`archlens check\` does with them: discovery (${roots} overlays to check,`,
    'the others bases), then each overlay built, the offline rules run on every built document, findings placed in',
    `the source files and fixes moved there (${findings} findings, offline).`,
    '',
    table([
      { what: 'build every kustomization (documents and source maps)', ours: of(ours), baseline: of(theirs), baselineName: 'kubectl kustomize ×' + dirs.length, goal: '≤ 0.5×' },
      { what: 'check them offline as `archlens check` does (discovery, build, rules, placement)', ours: of(checked), baseline: of(theirs), baselineName: 'kubectl kustomize ×' + dirs.length, goal: '≤ 0.5×' },
    ]),
  ].join('\n'));
}

main().catch((error) => {
  process.stderr.write(`kustomize.bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
