/**
 * The editor's side of the one fix safety check (engine/fix-check.ts): a quick fix is offered and
 * "Fix all" applies only what passes it, checked against the document version the fixes were made
 * for, with the answers that version's registry rules used. Verdicts are kept per analysed version:
 * the editor asks for code actions on every cursor move.
 */
import type { ChosenFix } from '../core/fix-selection';
import { checkFixes, type FixBase } from '../engine/fix-check';
import type { DocumentState } from './analysis';
import { editedWorkspace } from '../imagemap/edit';

const verdicts = new WeakMap<DocumentState, Map<string, Promise<boolean>>>();

/** True when applying `fixes` together to the state's text passes the safety check. */
export function passesFixCheck(state: DocumentState, fixes: readonly ChosenFix[]): Promise<boolean> {
  let known = verdicts.get(state);
  if (!known) verdicts.set(state, (known = new Map<string, Promise<boolean>>()));
  const key = JSON.stringify(fixes.map((c) => [c.finding.rule, c.finding.range, c.fix.edits]));
  let verdict = known.get(key);
  if (!verdict) {
    const base: FixBase = {
      file: state.analysis.file,
      kind: state.kind,
      text: state.analysis.text,
      problems: state.analysis.problems,
      outline: state.analysis.outline,
      findings: state.findings,
    };
    verdict = checkFixes(base, fixes, {
      config: state.config,
      lookups: state.lookups,
      workspace: state.workspace,
      // A fix at the build (AL210) is checked against the map as its edits would leave it.
      editWorkspace: (edits) => editedWorkspace(state.workspace, edits, state.config),
    }).then((v) => v.ok, () => false);
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
