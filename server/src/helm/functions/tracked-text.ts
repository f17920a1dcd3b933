/**
 * String transformations that keep a TrackedString's segments (HELM-CONTRACT.md, Provenance):
 * the wrappers charts put around include/tpl/toYaml output (indent, nindent, trim*, quote, …)
 * transform the text and move, cut or split each segment with it, so that a rendered node still
 * points at the template text or values entry that produced it.
 *
 * Segment offsets are relative to the tracked text. Inserted characters (indentation, quotes) are
 * left uncovered; the engine attributes uncovered output to the action that called the function.
 * A 'text' segment maps output to template offsets one to one, so a change inside it splits it.
 */
import type { OutputSegment, TrackedString } from './engine-types';
import { makeTracked, isTracked } from './tracked-string';

export type Text = string | TrackedString;

export function textOf(t: Text): string {
  return typeof t === 'string' ? t : t.text;
}

/** A piece of output: `length` characters of the result taken from source offset `from` (or inserted when from < 0). */
interface Piece {
  from: number;
  length: number;
  /** For pieces that replace source text: the source range they stand for (best effort, for provenance). */
  replaces?: [number, number];
}

/**
 * Applies an edit described as pieces of the result to a tracked text. Pieces copied from the
 * source carry the segments they cover (cut to the piece); inserted pieces carry none unless they
 * replace source text, in which case they take the first segment they replace (as an 'action').
 */
function rebuild(source: TrackedString, text: string, pieces: Piece[]): TrackedString {
  const segments: OutputSegment[] = [];
  let out = 0;
  for (const piece of pieces) {
    if (piece.from >= 0) {
      for (const seg of overlapping(source.segments, piece.from, piece.from + piece.length)) {
        const start = Math.max(seg.start, piece.from);
        const end = Math.min(seg.end, piece.from + piece.length);
        const shift = out - piece.from;
        segments.push(moved(seg, start, end, shift));
      }
    } else if (piece.replaces && piece.length > 0) {
      const [from, to] = piece.replaces;
      const first = overlapping(source.segments, from, Math.max(to, from + 1))[0];
      if (first) segments.push({ ...first, start: out, end: out + piece.length, kind: 'action', tplStart: first.tplStart, tplEnd: first.tplEnd });
    }
    out += piece.length;
  }
  return makeTracked(text, mergeAdjacent(segments));
}

function overlapping(segments: readonly OutputSegment[], from: number, to: number): OutputSegment[] {
  // Segments are sorted and disjoint: binary search for the first that ends after `from`.
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].end <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: OutputSegment[] = [];
  for (let i = lo; i < segments.length && segments[i].start < to; i++) out.push(segments[i]);
  return out;
}

/** The part [start, end) of `seg`, moved by `shift`; a text segment keeps its one-to-one template mapping. */
function moved(seg: OutputSegment, start: number, end: number, shift: number): OutputSegment {
  if (start === seg.start && end === seg.end && shift === 0) return seg;
  const copy: OutputSegment = { ...seg, start: start + shift, end: end + shift };
  if (seg.kind === 'text') {
    copy.tplStart = seg.tplStart + (start - seg.start);
    copy.tplEnd = copy.tplStart + (end - start);
  }
  return copy;
}

/** Rejoins pieces of one segment that an edit split but left next to each other. */
function mergeAdjacent(segments: OutputSegment[]): OutputSegment[] {
  const out: OutputSegment[] = [];
  for (const seg of segments) {
    const last = out[out.length - 1];
    if (last && last.end === seg.start && last.kind === 'text' && seg.kind === 'text' && last.template === seg.template && last.tplEnd === seg.tplStart && last.values === seg.values) {
      out[out.length - 1] = { ...last, end: seg.end, tplEnd: seg.tplEnd };
    } else if (last && last.end === seg.start && last.kind === 'action' && seg.kind === 'action' && last.template === seg.template && last.tplStart === seg.tplStart && last.tplEnd === seg.tplEnd && last.values === seg.values) {
      out[out.length - 1] = { ...last, end: seg.end };
    } else out.push(seg);
  }
  return out;
}

/** s[from:to] keeping segments. */
export function sliceText(t: Text, from: number, to: number): Text {
  if (typeof t === 'string') return t.slice(from, to);
  return rebuild(t, t.text.slice(from, to), [{ from, length: to - from }]);
}

/** prefix + t + suffix (inserted text uncovered). */
export function wrapText(prefix: string, t: Text, suffix: string): Text {
  if (typeof t === 'string') return prefix + t + suffix;
  return rebuild(t, prefix + t.text + suffix, [
    { from: -1, length: prefix.length },
    { from: 0, length: t.text.length },
    { from: -1, length: suffix.length },
  ]);
}

/**
 * strings.Replace(s, old, new, -1) keeping segments: unchanged text keeps its segments, each
 * replacement takes the segment of the text it replaced.
 */
export function replaceAllText(t: Text, old: string, replacement: string): Text {
  const s = textOf(t);
  const result = goReplaceAll(s, old, replacement);
  if (typeof t === 'string') return result;
  if (result === s) return t;
  const pieces: Piece[] = [];
  if (old === '') {
    // Go inserts `new` before every rune and at the end.
    let i = 0;
    for (const ch of s) {
      pieces.push({ from: -1, length: replacement.length, replaces: [i, i] });
      pieces.push({ from: i, length: ch.length });
      i += ch.length;
    }
    pieces.push({ from: -1, length: replacement.length, replaces: [Math.max(0, s.length - 1), s.length] });
  } else {
    let from = 0;
    for (let at = s.indexOf(old); at >= 0; at = s.indexOf(old, at + old.length)) {
      pieces.push({ from, length: at - from });
      pieces.push({ from: -1, length: replacement.length, replaces: [at, at + old.length] });
      from = at + old.length;
    }
    pieces.push({ from, length: s.length - from });
  }
  return rebuild(t, result, pieces);
}

/** Go's strings.Replace(s, old, new, -1). */
export function goReplaceAll(s: string, old: string, replacement: string): string {
  if (old === replacement) return s;
  if (old !== '') return s.split(old).join(replacement);
  let out = replacement;
  for (const ch of s) out += ch + replacement;
  return out;
}

/** sprig's indent: pad + s with every "\n" followed by pad. */
export function indentText(spaces: number, t: Text): Text {
  const pad = ' '.repeat(Math.max(0, spaces));
  const s = textOf(t);
  const result = pad + s.split('\n').join('\n' + pad);
  if (typeof t === 'string') return result;
  const pieces: Piece[] = [{ from: -1, length: pad.length }];
  let from = 0;
  for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', nl + 1)) {
    pieces.push({ from, length: nl + 1 - from });
    pieces.push({ from: -1, length: pad.length });
    from = nl + 1;
  }
  pieces.push({ from, length: s.length - from });
  return rebuild(t, result, pieces);
}

/** Go's strings.TrimSpace whitespace (unicode.IsSpace). */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

export function isGoSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}

/** strings.TrimSpace keeping segments. */
export function trimSpaceText(t: Text): Text {
  const s = textOf(t);
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s[start])) start++;
  while (end > start && isGoSpace(s[end - 1])) end--;
  if (start === 0 && end === s.length) return t;
  return sliceText(t, start, end);
}

export function trimPrefixText(prefix: string, t: Text): Text {
  const s = textOf(t);
  return prefix !== '' && s.startsWith(prefix) ? sliceText(t, prefix.length, s.length) : t;
}

export function trimSuffixText(suffix: string, t: Text): Text {
  const s = textOf(t);
  return suffix !== '' && s.endsWith(suffix) ? sliceText(t, 0, s.length - suffix.length) : t;
}

/**
 * Escapes a tracked text piece by piece with a per-character escape (strconv.Quote's body):
 * each segment keeps the escaped form of its own characters. A text segment whose characters
 * changed length is no longer a one-to-one copy and becomes an action segment.
 */
export function escapeText(t: Text, escape: (s: string) => string, open: string, close: string): Text {
  if (typeof t === 'string') return open + escape(t) + close;
  const s = t.text;
  let out = open;
  const segments: OutputSegment[] = [];
  let cursor = 0;
  const emitUncovered = (to: number): void => {
    if (to > cursor) out += escape(s.slice(cursor, to));
    cursor = to;
  };
  for (const seg of t.segments) {
    emitUncovered(seg.start);
    const body = escape(s.slice(seg.start, seg.end));
    const start = out.length;
    out += body;
    cursor = seg.end;
    const same = body.length === seg.end - seg.start;
    segments.push(same ? moved(seg, seg.start, seg.end, start - seg.start) : { ...seg, start, end: out.length, kind: 'action' });
  }
  emitUncovered(s.length);
  out += close;
  return makeTracked(out, segments);
}

export { isTracked };
