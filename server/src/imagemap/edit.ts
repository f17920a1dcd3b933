/**
 * The workspace as it would be after a fix's edits of other files (AL210 adds platforms at the
 * build): each edited build file is analysed again and must read as it did — no new input problem,
 * the same builds — before the map is rebuilt with it. The fix safety check then re-checks the
 * manifest against that map (engine/fix-check.ts).
 */
import type { EffectiveConfig } from '../core/config';
import { applyEdits } from '../core/text';
import type { TextEdit } from '../core/types';
import { analyze } from '../engine/analyze';
import { factsOfDocument, type FileFacts } from './facts';
import type { ImageIndex } from './map';

export function editedWorkspace(index: ImageIndex, edits: readonly TextEdit[], config: EffectiveConfig): ImageIndex | { error: string } {
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    if (!edit.file) return { error: 'an edit names no file' };
    byFile.set(edit.file, [...(byFile.get(edit.file) ?? []), edit]);
  }
  const replaced: FileFacts[] = [];
  for (const [file, fileEdits] of byFile) {
    const facts = index.factsOf(file);
    // A file that builds nothing is no fix's to edit (and an editor's worker holds no text of it: lsp/map-replica.ts).
    if (!facts || facts.builds.length === 0) return { error: `${file} is not a build file archlens read` };
    let text: string;
    try {
      text = applyEdits(facts.lines.text, fileEdits);
    } catch (error) {
      return { error: `its edits of ${file} overlap (${error instanceof Error ? error.message : String(error)})` };
    }
    const [before] = analyze({ documents: [{ file, text: facts.lines.text, kind: facts.kind }], config }).documents;
    const [after] = analyze({ documents: [{ file, text, kind: facts.kind }], config }).documents;
    if (!before || !after) return { error: `${file} is no longer read as the same kind of file` };
    if (after.internalErrors.length > 0) return { error: `archlens failed on the fixed ${file}` };
    const known = new Set(before.problems.map((p) => p.message));
    const added = after.problems.find((p) => !known.has(p.message));
    if (added || after.problems.length > before.problems.length) return { error: `the fixed ${file} does not parse as before (${(added ?? after.problems[0]).message})` };
    if (before.outline.join('\n') !== after.outline.join('\n')) return { error: `the fixed ${file} is not read as the same builds` };
    const next = factsOfDocument(after, config);
    if (!next) return { error: `${file} no longer tells what it builds` };
    replaced.push(next);
  }
  return index.withFacts(replaced);
}
