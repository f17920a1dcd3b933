/**
 * The editor's side of the one fix safety check (engine/fix-check.ts): a quick fix is offered and
 * "Fix all" applies only what passes it, checked against the document version the fixes were made
 * for, with the answers that version's registry rules used. Verdicts are kept per analysed version:
 * the editor asks for code actions on every cursor move.
 */
import type { ChosenFix } from '../core/fix-selection';
import type { DocumentState } from './analysis';

const verdicts = new WeakMap<DocumentState, Map<string, Promise<boolean>>>();

/** True when applying `fixes` together to the state's text passes the safety check (made where the analysis is held). */
export function passesFixCheck(state: DocumentState, fixes: readonly ChosenFix[]): Promise<boolean> {
  let known = verdicts.get(state);
  if (!known) verdicts.set(state, (known = new Map<string, Promise<boolean>>()));
  const key = JSON.stringify(fixes.map((c) => [c.finding.rule, c.finding.range, c.fix.edits]));
  let verdict = known.get(key);
  if (!verdict) {
    // In the session's thread, against the map that version was analysed with (and, for a fix at
    // the build, the map as its edits would leave it). A check that cannot run offers nothing.
    verdict = state.unit.checkFixes(fixes, state.findings, state.lookups).then((v) => v.ok, () => false);
    known.set(key, verdict);
  }
  return verdict;
}

/** Of fixes meant to go together ("Fix all"), those that pass: all of them, else the ones that pass alone and then together. */
export async function passingTogether(state: DocumentState, fixes: readonly ChosenFix[]): Promise<ChosenFix[]> {
  if (fixes.length === 0 || await passesFixCheck(state, fixes)) return [...fixes];
  if (fixes.length === 1) return [];
  const alone: ChosenFix[] = [];
  for (const fix of fixes) if (await passesFixCheck(state, [fix])) alone.push(fix);
  return alone.length > 0 && await passesFixCheck(state, alone) ? alone : [];
}
