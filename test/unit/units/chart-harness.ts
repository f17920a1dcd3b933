/**
 * Charts in memory through the real unit pipeline (discovery, rendering, analysis, placement, fix
 * relocation and verification), with image answers given directly as the registry would give them.
 */
import * as assert from 'node:assert/strict';
import { defaultConfig, mergeConfig, type ConfigLayer, type EffectiveConfig } from '../../../server/src/core/config';
import { MemorySource } from '../../../server/src/helm/chart';
import type { ImageLookup } from '../../../server/src/images/lookup';
import { LineIndex } from '../../../server/src/core/text';
import type { Finding, Fix } from '../../../server/src/core/types';
import { checkUnit, discoverUnits, runSteps, type UnitResult } from '../../../server/src/units';
import { helmDriver } from '../../../server/src/units/helm/driver';
import { indexOf, lookups, singleOf } from '../kubernetes/lookups';

export const ROOT = '/repo/chart';

/** Image answers used by the chart tests. */
export const IMAGES = lookups({
  'docker.io/library/amdonly:1': indexOf('docker.io/library/amdonly:1', ['linux/amd64']),
  'docker.io/library/amdonly:2': indexOf('docker.io/library/amdonly:2', ['linux/amd64']),
  'docker.io/library/multi:1': indexOf('docker.io/library/multi:1', ['linux/amd64', 'linux/arm64']),
  'docker.io/library/single:1': singleOf('docker.io/library/single:1', 'linux/amd64'),
});

export interface ChartCheck {
  result: UnitResult;
  source: MemorySource;
  /** All findings of every file, with their file relative to the chart root. */
  findings: Array<Finding & { rel: string }>;
  problems: Array<{ rel: string; message: string; range?: string }>;
}

/** Files relative to ROOT (or absolute when they start with '/'). */
export function chartFiles(files: Record<string, string>): MemorySource {
  const abs: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) abs[k.startsWith('/') ? k : `${ROOT}/${k}`] = v;
  return new MemorySource(abs);
}

export function rel(file: string | undefined): string {
  return file?.startsWith(`${ROOT}/`) ? file.slice(ROOT.length + 1) : String(file);
}

export function at(r: Finding['range']): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** Renders and checks the chart at ROOT (both phases with `answers`). */
export function checkChart(files: Record<string, string> | MemorySource, options: { answers?: Map<string, ImageLookup>; config?: ConfigLayer; configDir?: string } = {}): ChartCheck {
  const source = files instanceof MemorySource ? files : chartFiles(files);
  const config: EffectiveConfig = mergeConfig(defaultConfig(), options.config ?? {});
  const ref = { kind: 'helm' as const, root: ROOT, anchor: `${ROOT}/Chart.yaml` };
  const analysis = runSteps(checkUnit(ref, helmDriver, { source, config, configDir: options.configDir ?? '/repo' }));
  const result = runSteps(analysis.complete(options.answers ?? IMAGES));
  const findings = [...result.files.values()].flatMap((f) => f.findings.map((x) => ({ ...x, rel: rel(x.file) })));
  const problems = [...result.files.values()].flatMap((f) => f.problems.map((p) => ({ rel: rel(f.file), message: p.message, ...(p.range ? { range: at(p.range) } : {}) })));
  for (const f of result.files.values()) assert.deepEqual(f.internalErrors, [], `archlens failed on ${f.file}`);
  return { result, source, findings, problems };
}

/** Applies a fix to the chart's files (its edits may name other files) and returns the new sources. */
export function applyFix(check: ChartCheck, finding: Finding, fix: Fix | undefined): MemorySource {
  assert.ok(fix, `${finding.rule} has no fix`);
  const byFile = new Map<string, Array<{ start: number; end: number; newText: string }>>();
  for (const e of fix.edits) {
    const file = e.file ?? finding.file!;
    const text = new TextDecoder().decode(check.source.read(file));
    const lines = new LineIndex(text);
    byFile.set(file, [...(byFile.get(file) ?? []), { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }]);
  }
  const next = new MemorySource();
  for (const file of allFiles(check.source, '/')) next.set(file, check.source.read(file)!);
  for (const [file, edits] of byFile) {
    let text = new TextDecoder().decode(check.source.read(file));
    for (const e of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    next.set(file, text);
  }
  return next;
}

export function textOf(source: MemorySource, relative: string): string {
  return new TextDecoder().decode(source.read(`${ROOT}/${relative}`));
}

function allFiles(source: MemorySource, dir: string): string[] {
  const out: string[] = [];
  for (const name of source.list(dir) ?? []) {
    const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
    if (name.endsWith('/')) out.push(...allFiles(source, p.slice(0, -1)));
    else out.push(p);
  }
  return out;
}

export { discoverUnits };
