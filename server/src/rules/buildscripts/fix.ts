/** Turns a model Insertion into a Fix (shared by the AL5xx rule files). */
import type { LineIndex } from '../../core/text';
import type { Fix } from '../../core/types';
import type { BuildSite, Insertion } from '../../buildscripts/model';
import { renderInsertion } from '../../buildscripts/platforms';
import { missingSetup, setupStepsEdit } from './setup';

/**
 * A fix inserting platforms; in a GitHub workflow it also adds the setup steps the new platform
 * list newly needs, so the fix does not trade this finding for an AL503.
 */
export function insertionFix(title: string, insertion: Insertion, platforms: readonly string[], lines: LineIndex, build: BuildSite, before: readonly string[]): Fix {
  const edit = renderInsertion(insertion, platforms);
  const fix: Fix = { title, preferred: true, edits: [{ range: lines.range(edit.start, edit.end), newText: edit.text }] };
  // Only what the added platforms newly need: an existing lack stays AL503's finding.
  const after = missingSetup(build, [...before, ...platforms]);
  const already = missingSetup(build, before);
  const missing = after && { ...after, buildx: after.buildx && !already?.buildx, qemu: after.qemu && !already?.qemu };
  const setup = missing && (missing.buildx || missing.qemu) ? setupStepsEdit(build, missing, lines) : undefined;
  if (setup) {
    fix.edits.push(setup.edit);
    fix.title += ` (and ${setup.names} before the step)`;
  }
  return fix;
}
