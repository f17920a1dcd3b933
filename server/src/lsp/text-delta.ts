/**
 * A text as the change from an earlier one: what a worker thread that already holds the earlier
 * text is sent instead of the whole text (a one-line edit of a 2 MB manifest then crosses as a few
 * bytes, not a 2 MB copy on each side).
 */

/** `before` with [start, end) replaced by `insert` is the new text (offsets in UTF-16 code units). */
export interface TextDelta { start: number; end: number; insert: string }

/** Prefixes and suffixes are compared this many characters at a time (a string comparison is a memcmp; a charCodeAt loop is not). */
const CHUNK = 4096;

/** The smallest single replacement that turns `before` into `after`; linear in their length. */
export function textDelta(before: string, after: string): TextDelta {
  const shorter = Math.min(before.length, after.length);
  const start = matchingPrefix(before, after, shorter);
  const suffix = matchingSuffix(before, after, shorter - start);
  return { start, end: before.length - suffix, insert: after.slice(start, after.length - suffix) };
}

export function applyDelta(before: string, delta: TextDelta): string {
  // join, not +: it makes one flat string. A concatenation is a rope that V8 flattens piecemeal as
  // the analysis slices it, which made a 2 MB manifest's analysis about twice as slow.
  return [before.slice(0, delta.start), delta.insert, before.slice(delta.end)].join('');
}

function matchingPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many characters `a` and `b` end with alike, at most `max` (so the suffix never overlaps the prefix). */
function matchingSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}
