/**
 * Range validity of a finding, checked where findings are made (engine/analyze.ts): its range, the
 * ranges of its related places in the same document and of its fixes' edits must lie inside the
 * document, start before they end, and sit on character positions that exist (LSP positions).
 */
import type { LineIndex } from '../core/text';
import type { Finding, Position, Range } from '../core/types';

/** What is wrong with a finding's ranges ("a range … that ends before it starts"), or undefined when they are valid. */
export function invalidRangeIn(finding: Finding, lines: LineIndex): string | undefined {
  const own = invalidRange(finding.range, lines);
  if (own) return `a range ${show(finding.range)} ${own}`;
  for (const related of finding.related ?? []) {
    if (related.file) continue; // another file's text is not at hand here
    const bad = invalidRange(related.range, lines);
    if (bad) return `a related range ${show(related.range)} ${bad}`;
  }
  for (const fix of finding.fixes ?? []) {
    for (const edit of fix.edits) {
      if (edit.file) continue; // an edit of another file (AL210's at the build) is checked against that file
      const bad = invalidRange(edit.range, lines);
      if (bad) return `a fix ("${fix.title}") whose edit range ${show(edit.range)} ${bad}`;
    }
  }
  return undefined;
}

/** What is wrong with one range in this text, or undefined. */
export function invalidRange(range: Range, lines: LineIndex): string | undefined {
  const start = invalidPosition(range.start, lines);
  if (start) return `that starts ${start}`;
  const end = invalidPosition(range.end, lines);
  if (end) return `that ends ${end}`;
  if (range.end.line < range.start.line || (range.end.line === range.start.line && range.end.character < range.start.character)) {
    return 'that ends before it starts';
  }
  return undefined;
}

function invalidPosition(position: Position, lines: LineIndex): string | undefined {
  const { line, character } = position;
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) return 'at an impossible position';
  if (line >= lines.lineCount) return `after the last line (the document has ${lines.lineCount})`;
  const length = lines.lineEnd(line) - lines.lineStarts[line];
  if (character > length) return `after the end of line ${line + 1} (${length} characters)`;
  return undefined;
}

function show(range: Range): string {
  return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}
