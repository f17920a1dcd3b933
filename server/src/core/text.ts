/** Offsets, positions and edits on plain text (LSP semantics: 0-based lines, UTF-16 columns). */
import type { Position, Range, TextEdit } from './types';

/**
 * Start offsets of every line. Lines end at \n, \r\n or a lone \r, as LSP positions (and editors)
 * count them: a lone \r counted otherwise puts every later finding on the wrong line.
 */
export class LineIndex {
  readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // The common case, on every keystroke of large manifests: indexOf is several times faster than a regex walk.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      const breaks = /\r\n?|\n/g;
      for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
    }
    this.lineStarts = starts;
  }
  get lineCount(): number { return this.lineStarts.length; }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    // An offset inside a line break (between \r and \n) is the end of that line's content.
    return { line: lo, character: Math.min(offset, this.lineEnd(lo)) - this.lineStarts[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }
  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
  /** Offset of the end of a line's content, before its \r\n / \n / \r. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    const next = this.lineStarts[line + 1];
    return next - (this.text[next - 1] === '\n' && this.text[next - 2] === '\r' && next - 2 >= this.lineStarts[line] ? 2 : 1);
  }
  lineText(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }
  /** "\r\n" when the text's first line break is CRLF, else "\n": fixes keep the file's style. */
  get eol(): string {
    const i = this.text.indexOf('\n');
    return i > 0 && this.text[i - 1] === '\r' ? '\r\n' : '\n';
  }
}

/** Applies non-overlapping edits (any order) and returns the new text. Overlaps throw: a bug in a fix. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const s of spans) {
    if (s.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, s.start) + s.text;
    cursor = s.end;
  }
  return out + text.slice(cursor);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

/** `text` as a regular expression that matches it literally. */
/**
 * `text` with each lone \r (classic Mac line ends) as \n: the same length, so every offset and
 * line (LineIndex counts a lone \r too) stays the file's. YAML 1.2 and libyaml take a lone \r as a
 * line break; `yaml`'s parser does not.
 */
export function loneCarriageReturnsAsLineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The `#` comment lines right above `line` (the block that ends there, no other line between), nearest first. */
export function hashCommentLinesAbove(lines: LineIndex, line: number): number[] {
  const found: number[] = [];
  for (let l = line - 1; l >= 0; l--) {
    if (!lines.lineText(l).trim().startsWith('#')) break;
    found.push(l);
  }
  return found;
}
