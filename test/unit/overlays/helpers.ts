/** Overlays checked in memory with the real engine, the real kustomize build and fixed image answers. */
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/core/config';
import type { Finding } from '../../../server/src/core/types';
import { parseImageReference } from '../../../server/src/images/reference';
import { memorySource, type KustomizeSource } from '../../../server/src/kustomize';
import { MemorySource } from '../../../server/src/helm/chart';
import { analyzeOverlay, type OverlayAnalysis, type OverlayInput } from '../../../server/src/units/kustomize/analyze-overlay';
import { helmChartRenderer } from '../../../server/src/units/kustomize/chart-renderer';
import type { RelocatedFix } from '../../../server/src/units/kustomize/fix-relocation';
import { verifyOverlayFix } from '../../../server/src/units/kustomize/fix-verify';
import { overlayRoots } from '../../../server/src/units/kustomize/roots';
import { findKustomizationDirs } from '../../../server/src/kustomize';
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
  input: OverlayInput;
  result: OverlayAnalysis;
  findings: Finding[];
  source: KustomizeSource;
  files: Record<string, string>;
}

/** The source of a file set, with `helmCharts:` rendered through the Helm engine. */
export function inputFor(files: Record<string, string>, dir: string, label = dir.replace(/^\/w\//, ''), rootsUsing?: OverlayInput['rootsUsing']): OverlayInput {
  const source = memorySource(files);
  const charts = new MemorySource(files);
  return {
    source, dir, label, config: defaultConfig(), rootsUsing,
    renderHelmChart: helmChartRenderer({ charts, read: (p) => source.read(p), isDirectory: (p) => source.isDirectory(p) }),
  };
}

/** One overlay checked, both phases (the registry phase with LOOKUPS). */
export function check(files: Record<string, string>, dir: string, rootsUsing?: OverlayInput['rootsUsing']): Checked {
  const input = inputFor(files, dir, undefined, rootsUsing);
  const result = analyzeOverlay(input);
  const findings = result.analysis.complete(LOOKUPS).documents.flatMap((d) => d.findings);
  for (const d of result.analysis.documents) assert.deepEqual(d.internalErrors, []);
  return { input, result, findings, source: input.source, files };
}

/** Every root of the tree under /w checked, as the CLI checks a folder. */
export function checkTree(files: Record<string, string>): Map<string, Checked> {
  const source = memorySource(files);
  const roots = overlayRoots(source, findKustomizationDirs(source, '/w'));
  return new Map(roots.roots.map((r) => [r, check(files, r, roots.rootsUsing)]));
}

/** "AL202 base/deploy.yaml:10:16" (1-based, as the CLI prints). */
export function where(f: Finding): string {
  return `${f.rule} ${(f.file ?? '?').replace(/^\/w\//, '')}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

export function fixesOf(c: Checked, f: Finding): RelocatedFix[] {
  return c.result.fixes.get(f) ?? [];
}

/** Applies a relocated fix through the safety check; asserts it passes and returns the edited files. */
export async function applyVerified(c: Checked, f: Finding, fix: RelocatedFix): Promise<Map<string, string>> {
  const verdict = await verifyOverlayFix(c.input, { build: c.result.build, findings: c.findings }, f, fix.edits, { lookups: LOOKUPS });
  assert.ok(verdict.ok, verdict.ok ? '' : verdict.reason);
  return verdict.files;
}
