/**
 * Overlays checked in memory through the unit framework (discovery, the kustomize driver, the one
 * analysis, placement and fix verification) with the real kustomize build and fixed image answers.
 */
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/core/config';
import { applyEdits } from '../../../server/src/core/text';
import type { Finding, Fix, InputProblem } from '../../../server/src/core/types';
import { MemorySource } from '../../../server/src/helm/chart';
import { parseImageReference } from '../../../server/src/images/reference';
import { checkUnit, discoverUnits, runSteps, type UnitResult } from '../../../server/src/units';
import { kustomizeDriver } from '../../../server/src/units/kustomize/driver';
import { DIGEST, indexOf, lookups, singleOf } from '../kubernetes/lookups';

function canonical(image: string): string {
  const parsed = parseImageReference(image);
  assert.ok(parsed.ok, image);
  return parsed.ref.canonical;
}

/** amdonly:1 and armonly:1 publish one arch; multi:1 both (its amd64 child is DIGEST(100)). */
export const LOOKUPS = lookups({
  [canonical('amdonly:1')]: singleOf('amdonly:1', 'linux/amd64'),
  [canonical('armonly:1')]: indexOf('armonly:1', ['linux/arm64']),
  [canonical('multi:1')]: indexOf('multi:1', ['linux/amd64', 'linux/arm64'], DIGEST(1)),
  [canonical(`multi:1@${DIGEST(100)}`)]: singleOf('multi:1', 'linux/amd64', DIGEST(100)),
  [canonical(`multi:1@${DIGEST(1)}`)]: indexOf('multi:1', ['linux/amd64', 'linux/arm64'], DIGEST(1)),
});

export const deployment = (image: string, specExtra = '', name = 'web') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n${specExtra}      containers:\n      - name: app\n        image: ${image}\n`;

export interface Checked {
  files: Record<string, string>;
  result: UnitResult;
  findings: Finding[];
  /** "severity file[start-end]: message" of every problem (file relative to /w). */
  problems: string[];
}

function problemLine(file: string, p: InputProblem): string {
  const at = p.range ? `:${p.range.start.line + 1}:${p.range.start.character + 1}` : '';
  return `${p.severity ?? 'error'} ${file.replace('/w/', '')}${at}: ${p.message}`;
}

/** The units of a file set as `archlens check` finds them (every driver), each checked (both phases, LOOKUPS). */
export function checkTree(files: Record<string, string>): Map<string, Checked> {
  const source = new MemorySource(files);
  const discovery = discoverUnits(Object.keys(files).sort(), source);
  const out = new Map<string, Checked>();
  for (const ref of discovery.units) {
    const driver = ref.kind === 'kustomize' ? kustomizeDriver : undefined;
    if (!driver) continue;
    const analysis = runSteps(checkUnit(ref, driver, { source, config: defaultConfig() }));
    const result = runSteps(analysis.complete(LOOKUPS));
    const all = [...result.files.values()];
    for (const f of all) assert.deepEqual(f.internalErrors, [], `internal error in ${f.file}`);
    out.set(ref.root, {
      files,
      result,
      findings: all.flatMap((f) => f.findings),
      problems: all.flatMap((f) => f.problems.map((p) => problemLine(f.file, p))),
    });
  }
  return out;
}

/** The overlay in `dir` checked as part of its tree (every kustomization of the file set). */
export function check(files: Record<string, string>, dir: string): Checked {
  const checked = checkTree(files).get(dir);
  assert.ok(checked, `${dir} is not checked on its own`);
  return checked;
}

/** "AL202 base/deploy.yaml:10:16" (1-based, as the CLI prints). */
export function where(f: Finding): string {
  return `${f.rule} ${(f.file ?? '?').replace(/^\/w\//, '')}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

/** "title (preferred)" of each fix. */
export function titles(f: Finding): string[] {
  return (f.fixes ?? []).map((x) => `${x.title}${x.preferred ? ' (preferred)' : ''}`);
}

/** The files a fix changes (created ones included), after it. */
export function applied(c: Checked, f: Finding, fix: Fix): Map<string, string> {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) {
    const file = e.file ?? f.file!;
    byFile.set(file, [...(byFile.get(file) ?? []), e]);
  }
  const out = new Map<string, string>();
  for (const [file, edits] of byFile) {
    if (edits.some((e) => e.create)) {
      assert.equal(c.files[file], undefined, `${file} is created, yet exists`);
      out.set(file, edits.map((e) => e.newText).join(''));
    } else {
      out.set(file, applyEdits(c.files[file], edits));
    }
  }
  return out;
}

/**
 * Applies a fix, checks the tree again, and asserts the finding is gone and no finding appeared
 * (the framework verified it already: this says so from the outside). Returns the changed files.
 */
export function applyAndRecheck(c: Checked, dir: string, f: Finding, fix: Fix): Map<string, string> {
  const changed = applied(c, f, fix);
  const after = check({ ...c.files, ...Object.fromEntries(changed) }, dir);
  const key = (x: Finding) => `${x.rule} ${x.file} ${x.message}`;
  assert.ok(!after.findings.some((x) => key(x) === key(f)), `${f.rule} is still reported after its fix`);
  const before = new Set(c.findings.map(key));
  assert.deepEqual(after.findings.filter((x) => !before.has(key(x))).map(where), [], 'the fix brought new findings');
  assert.deepEqual(after.problems, c.problems);
  return changed;
}
