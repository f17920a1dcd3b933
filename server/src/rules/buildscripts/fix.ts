/** Turns a model Insertion into a Fix (shared by the AL5xx rule files). */
import type { LineIndex } from '../../engine/text';
import type { Fix } from '../../engine/types';
import type { Insertion } from '../../buildscripts/model';
import { renderInsertion } from '../../buildscripts/platforms';

export function insertionFix(title: string, insertion: Insertion, platforms: readonly string[], lines: LineIndex): Fix {
  const edit = renderInsertion(insertion, platforms);
  return { title, preferred: true, edits: [{ range: lines.range(edit.start, edit.end), newText: edit.text }] };
}
