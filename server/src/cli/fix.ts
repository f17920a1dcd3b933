/**
 * `--fix`: applies each finding's preferred fix, never two that touch the same text in one pass
 * (among clashing fixes, the most severe finding's first),
 * re-checks, and repeats until nothing fixable is left; writes each changed file atomically.
 * A pass whose result no longer parses is thrown away: a broken file is never written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, LineIndex } from '../core/text';
import { selectFixes, type ChosenFix } from '../core/fix-selection';
import type { Finding } from '../core/types';
import { checkText, type CheckResult, type FileResult } from '../workspace/check';
import type { PlatformResolver } from '../images/lookup';
import { preferredFix } from '../output/report';

const MAX_PASSES = 10;

export interface AppliedFix { rule: string; title: string; line: number }
export interface FileFixOutcome { file: string; applied: AppliedFix[]; error?: string }

/** Fixes every file of a check in place; `result.files` entries are replaced by their re-checked state. */
export async function fixAll(result: CheckResult, resolver: PlatformResolver): Promise<FileFixOutcome[]> {
  const outcomes: FileFixOutcome[] = [];
  for (let i = 0; i < result.files.length; i++) {
    const original = result.files[i];
    if (!original.text || !original.config || original.problems.length > 0 || original.internalErrors.length > 0) continue;
    if (!original.findings.some((f) => preferredFix(f))) continue;
    const outcome: FileFixOutcome = { file: original.file, applied: [] };
    let current: FileResult = original;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const chosen = chooseFixes(current.findings, current.text!);
      if (chosen.length === 0) break;
      let text: string;
      try {
        text = applyEdits(current.text!, chosen.flatMap((c) => c.fix.edits));
      } catch {
        break; // chooseFixes keeps edits apart, so this is a rule's bug; keep what is fixed so far.
      }
      const next = await checkText(original.file, text, original.config, result.images, resolver);
      if (!next || next.problems.length > 0) {
        outcome.error = `a fix (${chosen.map((c) => c.finding.rule).join(', ')}) would leave the file unparseable; not applied`;
        break;
      }
      outcome.applied.push(...chosen.map((c) => ({ rule: c.finding.rule, title: c.fix.title, line: c.finding.range.start.line + 1 })));
      current = { ...next, bom: original.bom };
    }
    if (current !== original) {
      try {
        writeAtomically(original.file, (original.bom ? '\ufeff' : '') + current.text!);
        result.files[i] = current;
      } catch (error) {
        outcome.error = `could not write the fixed file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
        outcome.applied = [];
      }
    }
    if (outcome.applied.length > 0 || outcome.error) outcomes.push(outcome);
  }
  return outcomes;
}

/** One pass's fixes (engine/fix-selection.ts: the most severe finding's fix first among clashing ones). */
export function chooseFixes(findings: readonly Finding[], text: string): ChosenFix[] {
  return selectFixes(findings, new LineIndex(text));
}

/** Temp file in the same folder, then rename: a crash never leaves half a file; mode kept; a symlink stays one. */
export function writeAtomically(linkOrFile: string, text: string): void {
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
