/**
 * `--fix`: applies each finding's preferred fix, never two that touch the same text in one pass
 * (among clashing fixes, the most severe finding's first), re-checks, and repeats until nothing
 * fixable is left; writes each changed file atomically. Every pass goes through the one fix safety
 * check (engine/fix-check.ts) the editor's quick fix and "Fix all" use: a fix whose result does not
 * parse, reads as other documents, or still has its finding is refused and said, never written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineIndex } from '../core/text';
import { selectFixes, type ChosenFix } from '../core/fix-selection';
import type { Finding } from '../core/types';
import { checkFixes, type FixBase } from '../engine/fix-check';
import type { CheckResult, FileResult } from '../workspace/check';
import { encodeText } from '../workspace/read';
import type { ImageLookup, PlatformResolver } from '../images/lookup';
import { preferredFix } from '../output/report';
import { driverFor } from '../units/drivers';
import { fixUnit, runInSlices, unitInput } from '../units';
import { diskSource } from '../units/node-source';
import type { WorkspaceImages } from '../imagemap/types';

const MAX_PASSES = 10;

export interface AppliedFix { rule: string; title: string; line: number }
export interface RefusedFix extends AppliedFix { reason: string }
export interface FileFixOutcome { file: string; applied: AppliedFix[]; refused: RefusedFix[]; error?: string }

/** Fixes every file of a check in place; `result.files` entries are replaced by their re-checked state. */
export async function fixAll(result: CheckResult, resolver: PlatformResolver): Promise<FileFixOutcome[]> {
  const outcomes: FileFixOutcome[] = await fixUnits(result);
  for (let i = 0; i < result.files.length; i++) {
    const original = result.files[i];
    const fixed = await fixText(original, result.images, resolver, result.imageMap);
    if (!fixed) continue;
    const outcome: FileFixOutcome = { file: original.file, applied: fixed.applied, refused: fixed.refused, ...(fixed.error ? { error: fixed.error } : {}) };
    if (fixed.result !== original) {
      try {
        writeAtomically(original.file, encodeText(fixed.result.text!, original.bom === true, original.encoding));
        result.files[i] = { ...fixed.result, ...(original.encoding ? { encoding: original.encoding } : {}) };
      } catch (error) {
        outcome.error = `could not write the fixed file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
        outcome.applied = [];
      }
    }
    if (outcome.applied.length > 0 || outcome.refused.length > 0 || outcome.error) outcomes.push(outcome);
  }
  return outcomes;
}

/** A file's text after its preferred fixes, re-checked; `result` is the original when nothing changed. */
export interface TextFixOutcome { result: FileResult; applied: AppliedFix[]; refused: RefusedFix[]; error?: string }

/**
 * Applies the preferred fixes to one checked text, in passes, each through the safety check
 * (engine/fix-check.ts); touches no disk. Undefined when there is nothing to fix (no text, input
 * problems or archlens's own errors, no preferred fix).
 */
export async function fixText(original: FileResult, images: Map<string, ImageLookup>, resolver: PlatformResolver, workspace?: WorkspaceImages): Promise<TextFixOutcome | undefined> {
  if (!original.text || !original.config || !original.kind || original.problems.length > 0 || original.internalErrors.length > 0) return undefined;
  if (!original.findings.some((f) => preferredFix(f))) return undefined;
  const outcome: TextFixOutcome = { result: original, applied: [], refused: [] };
  const refusedKeys = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const current = outcome.result;
    // A fix refused once is not tried again on later passes.
    const chosen = chooseFixes(current.findings.filter((f) => !refusedKeys.has(fixKey(f))), current.text!);
    if (chosen.length === 0) break;
    const base: FixBase = { file: original.file, kind: original.kind, text: current.text!, problems: current.problems, outline: current.outline ?? [], findings: current.findings };
    const step = await safePass(base, chosen, original.config, images, resolver, workspace);
    for (const refused of step.refused) {
      refusedKeys.add(fixKey(refused.finding));
      outcome.refused.push({ ...described(refused), reason: refused.reason });
    }
    if (!step.next) break;
    for (const [canonical, answer] of step.lookups) images.set(canonical, answer);
    outcome.applied.push(...step.applied.map(described));
    outcome.result = { ...current, ...step.next };
  }
  return outcome;
}

interface PassResult {
  applied: ChosenFix[];
  refused: Array<ChosenFix & { reason: string }>;
  /** The re-checked file after the applied fixes (undefined when none passed). */
  next?: Pick<FileResult, 'text' | 'findings' | 'problems' | 'internalErrors' | 'outline' | 'images'>;
  /** Answers the fixed text's references got. */
  lookups: ReadonlyMap<string, ImageLookup>;
}

/**
 * One pass through the safety check: all chosen fixes together; when that is refused, each alone,
 * and those that pass together again (a bad fix does not hold back the good ones).
 */
async function safePass(base: FixBase, chosen: ChosenFix[], config: NonNullable<FileResult['config']>, images: Map<string, ImageLookup>, resolver: PlatformResolver, workspace?: WorkspaceImages): Promise<PassResult> {
  // Fixes that edit another file (AL210's at the build) are never preferred: --fix leaves them to the user.
  const options = { config, lookups: images, resolver, workspace };
  let verdict = await checkFixes(base, chosen, options);
  let applied = chosen;
  const refused: PassResult['refused'] = [];
  if (!verdict.ok && chosen.length > 1) {
    applied = [];
    for (const one of chosen) {
      const alone = await checkFixes(base, [one], options);
      if (alone.ok) applied.push(one);
      else refused.push({ ...one, reason: alone.reason });
    }
    if (applied.length === 0) return { applied, refused, lookups: new Map() };
    verdict = await checkFixes(base, applied, options);
  }
  if (!verdict.ok) {
    // Refused together though each passes alone (or the one fix of the pass): refuse the pass.
    const reason = verdict.reason;
    return { applied: [], refused: [...refused, ...applied.map((c) => ({ ...c, reason }))], lookups: new Map() };
  }
  const after = verdict.after;
  return {
    applied,
    refused,
    next: { text: verdict.text, findings: after.findings, problems: after.problems, internalErrors: after.internalErrors, outline: after.outline, images: after.images },
    lookups: verdict.lookups,
  };
}

/**
 * The rendered units (charts) of the check: their preferred fixes (units/fix-all.ts, the same safety
 * check) applied to values.yaml and templates, each changed file written atomically (a BOM kept).
 */
async function fixUnits(result: CheckResult): Promise<FileFixOutcome[]> {
  const outcomes = new Map<string, FileFixOutcome>();
  const outcomeOf = (file: string) => {
    let o = outcomes.get(file);
    if (!o) outcomes.set(file, (o = { file, applied: [], refused: [] }));
    return o;
  };
  for (const unit of result.units ?? []) {
    const driver = driverFor(unit.result.ref.kind);
    const hasFix = [...unit.result.files.values()].some((f) => f.findings.some((x) => preferredFix(x)));
    if (!driver || !hasFix) continue;
    const source = diskSource();
    const input = unitInput(unit.result.ref, driver, { source, config: unit.config, configDir: unit.configDir });
    const fixed = await runInSlices(fixUnit(input, unit.result, result.images, result.imageMap));
    for (const r of fixed.refused) outcomeOf(r.file).refused.push({ rule: r.rule, title: r.title, line: r.line, reason: r.reason });
    const written: string[] = [];
    try {
      for (const [file, text] of fixed.texts) {
        const bom = hasBom(file);
        writeAtomically(file, (bom ? '\ufeff' : '') + text);
        written.push(file);
      }
    } catch (error) {
      outcomeOf(unit.result.ref.anchor).error = `could not write the fixed chart (${written.length} of ${fixed.texts.size} files written): ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      continue;
    }
    for (const a of fixed.applied) outcomeOf(a.file).applied.push({ rule: a.rule, title: a.title, line: a.line });
    // The unit's files show what is left after the fixes.
    for (const [i, file] of result.files.entries()) {
      const now = fixed.result.files.get(file.file);
      if (file.unit && now) result.files[i] = { ...file, findings: now.findings, problems: now.problems, internalErrors: now.internalErrors };
    }
  }
  return [...outcomes.values()].filter((o) => o.applied.length > 0 || o.refused.length > 0 || o.error);
}

function hasBom(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(3);
      return fs.readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function described(c: ChosenFix): AppliedFix {
  return { rule: c.finding.rule, title: c.fix.title, line: c.finding.range.start.line + 1 };
}

/** A finding's identity across passes (its place moves as earlier fixes add lines). */
function fixKey(f: Finding): string {
  return `${f.rule}\u0000${f.message}\u0000${preferredFix(f)?.title ?? ''}`;
}

/** One pass's fixes (core/fix-selection.ts: the most severe finding's fix first among clashing ones). */
export function chooseFixes(findings: readonly Finding[], text: string): ChosenFix[] {
  return selectFixes(findings, new LineIndex(text));
}

/** Temp file in the same folder, then rename: a crash never leaves half a file; mode kept; a symlink stays one. */
export function writeAtomically(linkOrFile: string, text: string | Buffer): void {
  // Renaming over a symlink would replace the link with a file and leave its target unfixed.
  let file = linkOrFile;
  try { file = fs.realpathSync(linkOrFile); } catch { /* a new file: write it where it was named */ }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.archlens-${process.pid}.tmp`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(file).mode;
  } catch {
    mode = undefined;
  }
  try {
    fs.writeFileSync(temp, text, mode !== undefined ? { mode } : undefined);
    fs.renameSync(temp, file);
  } catch (error) {
    try { fs.unlinkSync(temp); } catch { /* nothing to clean up */ }
    throw error;
  }
}
