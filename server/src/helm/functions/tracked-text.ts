/**
 * The string transformations of the tracking-aware functions (indent, nindent, trim*, quote,
 * squote, replace): plain strings in, plain strings out; a TrackedString in, a TrackedString out
 * whose segments moved, were cut or were split with the text (the engine's TrackedBuilder keeps
 * 'text' segments mapped one to one). Inserted characters stay uncovered: the engine attributes
 * them to the action that prints the result.
 */
import { type GoString, TrackedBuilder, concatTracked, indentTracked, replaceTracked, sliceTracked, textOf } from '../template';

export type Text = GoString;
export { textOf };

/** Go's unicode.IsSpace. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

export function isGoSpace(ch: string): boolean {
  return GO_SPACE.test(ch);
}

/** s[from:to], keeping segments. */
export function sliceText(t: Text, from: number, to: number): Text {
  return typeof t === 'string' ? t.slice(from, to) : sliceTracked(t, from, to);
}

/** prefix + t + suffix. */
export function wrapText(prefix: string, t: Text, suffix: string): Text {
  return typeof t === 'string' ? prefix + t + suffix : concatTracked([prefix, t, suffix]);
}

/** Strings joined by sep, keeping the segments of tracked ones. */
export function joinTexts(parts: readonly Text[], sep: string): Text {
  if (parts.every((p) => typeof p === 'string')) return (parts as string[]).join(sep);
  const b = new TrackedBuilder();
  parts.forEach((p, i) => {
    if (i > 0) b.append(sep);
    b.append(p);
  });
  return b.build();
}

/** Go's strings.Replace(s, old, new, -1). */
export function goReplaceAll(s: string, old: string, replacement: string): string {
  if (old === replacement) return s;
  if (old !== '') return s.split(old).join(replacement);
  let out = replacement;
  for (const ch of s) out += ch + replacement;
  return out;
}

/** strings.Replace(s, old, new, -1), keeping the segments of untouched text. */
export function replaceAllText(t: Text, old: string, replacement: string): Text {
  if (typeof t === 'string') return goReplaceAll(t, old, replacement);
  return old === replacement ? t : replaceTracked(t, old, replacement);
}

/** sprig's indent: pad + s with every "\n" followed by pad. */
export function indentText(spaces: number, t: Text): Text {
  const pad = spaces > 0 ? ' '.repeat(spaces) : '';
  if (typeof t === 'string') return pad + (t.includes('\n') ? t.split('\n').join('\n' + pad) : t);
  return indentTracked(t, pad);
}

/** strings.TrimSpace, keeping segments. */
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
 * open + escape(t) + close, where `escape` works character by character (strconv.Quote's body):
 * each segment keeps the escaped form of its own characters. A segment whose characters changed
 * length no longer maps one to one and becomes an action segment at the same template site.
 */
export function escapeText(t: Text, escape: (s: string) => string, open: string, close: string): Text {
  if (typeof t === 'string') return open + escape(t) + close;
  const s = t.text;
  const b = new TrackedBuilder();
  b.append(open);
  let cursor = 0;
  for (const seg of t.segments) {
    if (seg.start > cursor) b.append(escape(s.slice(cursor, seg.start)));
    const piece = s.slice(seg.start, seg.end);
    const escaped = escape(piece);
    if (escaped === piece) b.appendSlice(t, seg.start, seg.end);
    else b.appendAction(escaped, { template: seg.template, tplStart: seg.tplStart, tplEnd: seg.tplEnd }, seg.values);
    cursor = seg.end;
  }
  if (cursor < s.length) b.append(escape(s.slice(cursor)));
  b.append(close);
  return b.build();
}
