/**
 * The safety check of a relocated overlay fix: its edits are applied to the sources (in memory),
 * the overlay is built again and re-analysed, and the fix is refused unless
 * - every edit applies (no overlap; a file it creates does not exist yet);
 * - the build reads as before: no build problem it did not have, and the same resources;
 * - the finding is gone (fewer findings of its rule and message than before);
 * - nothing got worse: no finding that was not there before.
 */
import type { Finding } from '../../core/types';
import type { ImageLookup, PlatformResolver } from '../../images/lookup';
import type { KustomizeSource, OverlayBuild } from '../../kustomize';
import { basenameOf, dirnameOf } from '../../kustomize/paths';
import { analyzeOverlay, type OverlayInput } from './analyze-overlay';
import type { FileEdit } from './new-patch';

export type OverlayFixVerdict =
  | { ok: true; findings: Finding[]; build: OverlayBuild; files: Map<string, string> }
  | { ok: false; reason: string };

/** The texts of the edited files after `edits`, or why they cannot be applied. */
export function applyFileEdits(read: (file: string) => string | undefined, edits: readonly FileEdit[]): Map<string, string> | string {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out = new Map<string, string>();
  for (const [file, list] of byFile) {
    const original = read(file);
    if (list.some((e) => e.create)) {
      if (original !== undefined) return `${basenameOf(file)} exists already`;
      if (list.length !== 1) return `${basenameOf(file)} is created twice`;
      out.set(file, list[0].newText);
      continue;
    }
    if (original === undefined) return `${basenameOf(file)} cannot be read`;
    const sorted = [...list].sort((a, b) => a.start - b.start || a.end - b.end);
    let text = '';
    let cursor = 0;
    for (const e of sorted) {
      if (e.start < cursor || e.end < e.start || e.end > original.length) return `its edits of ${basenameOf(file)} overlap`;
      text += original.slice(cursor, e.start) + e.newText;
      cursor = e.end;
    }
    out.set(file, text + original.slice(cursor));
  }
  return out;
}

/** `source` with `files` laid over it (new files appear in their folder's listing). */
export function overlaySource(source: KustomizeSource, files: ReadonlyMap<string, string>): KustomizeSource {
  const added = new Map<string, string[]>();
  for (const file of files.keys()) {
    if (source.read(file) !== undefined) continue;
    const dir = dirnameOf(file);
    added.set(dir, [...(added.get(dir) ?? []), basenameOf(file)]);
  }
  return {
    read: (p) => files.get(p) ?? source.read(p),
    list: (d) => {
      const extra = added.get(d);
      const own = source.list(d);
      if (!extra) return own;
      return [...new Set([...(own ?? []), ...extra])].sort();
    },
    isDirectory: (p) => source.isDirectory(p) || added.has(p),
  };
}

function key(f: Finding): string {
  return `${f.rule}\u0000${f.file ?? ''}\u0000${f.message}`;
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(key(f), (out.get(key(f)) ?? 0) + 1);
  return out;
}

export interface VerifyOptions {
  /** Answers the findings were computed with. */
  lookups: ReadonlyMap<string, ImageLookup>;
  /** Looks up references the fixed overlay has that `lookups` lacks; without it they count as not looked up. */
  resolver?: PlatformResolver;
  signal?: AbortSignal;
}

/** Applies a fix's edits to the overlay's sources, rebuilds, re-analyses and judges (see the module comment). */
export async function verifyOverlayFix(
  input: OverlayInput,
  before: { build: OverlayBuild; findings: readonly Finding[] },
  finding: Finding,
  edits: readonly FileEdit[],
  options: VerifyOptions,
): Promise<OverlayFixVerdict> {
  const files = applyFileEdits((f) => input.source.read(f), edits);
  if (typeof files === 'string') return { ok: false, reason: files };
  const rebuilt = analyzeOverlay({ ...input, source: overlaySource(input.source, files) });
  const build = rebuilt.build;
  const known = new Set(before.build.problems.map((p) => `${p.kind}\u0000${p.message}`));
  const added = build.problems.find((p) => !known.has(`${p.kind}\u0000${p.message}`));
  if (added) return { ok: false, reason: `the overlay no longer builds as before: ${added.message}` };
  const ids = (b: OverlayBuild) => b.documents.map((d) => `${d.id.group}/${d.id.kind}/${d.id.namespace}/${d.id.name}`).join('\n');
  if (ids(build) !== ids(before.build)) return { ok: false, reason: 'the overlay no longer builds the same resources' };
  const done = options.resolver
    ? await rebuilt.analysis.registry(options.resolver, { signal: options.signal, known: options.lookups })
    : rebuilt.analysis.complete(options.lookups);
  const internal = done.documents.find((d) => d.internalErrors.length > 0);
  if (internal) return { ok: false, reason: `archlens failed on the fixed overlay (${internal.internalErrors[0].message})` };
  const findings = done.documents.flatMap((d) => d.findings);
  const was = counts(before.findings);
  const now = counts(findings);
  if ((now.get(key(finding)) ?? 0) >= (was.get(key(finding)) ?? 0)) return { ok: false, reason: `${finding.rule} is still reported after its fix` };
  for (const [k, n] of now) {
    if (n > (was.get(k) ?? 0)) {
      const [rule, , message] = k.split('\u0000');
      return { ok: false, reason: `the fix brings a new finding: ${rule} ${message}` };
    }
  }
  return { ok: true, findings, build, files };
}
