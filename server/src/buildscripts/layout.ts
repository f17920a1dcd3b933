/** Where things sit in a YAML build file's text: node ranges, indentation, line ends, embedded scripts. */
import type { LineIndex } from '../core/text';
import type { KNode, KPair } from '../core/yaml/knode';

export function rangeOfNode(node: KNode, lines: LineIndex): ReturnType<LineIndex['range']> {
  return lines.range(node.start, trimEnd(lines.text, node.start, node.end));
}

/** The end of a span without trailing whitespace/newlines. */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** Indentation (leading spaces) of the line holding an offset, and the offset's column. */
export function indentAt(lines: LineIndex, offset: number): { indent: string; column: number } {
  const pos = lines.positionAt(offset);
  const line = lines.lineText(pos.line);
  return { indent: /^[ \t]*/.exec(line)![0], column: pos.character };
}

/** The end of the line holding the last non-blank character of a node (its trailing comment lines included): where a sibling line goes after it. */
export function endOfLastLine(lines: LineIndex, node: KNode): number {
  const end = node.type === 'map' || node.type === 'seq' ? node.nodeEnd : node.end;
  const last = trimEnd(lines.text, node.start, end);
  return lines.lineEnd(lines.positionAt(Math.max(node.start, last - 1)).line);
}

/**
 * Where the value of `key:` with nothing after it starts: after the colon and the blanks that follow
 * on its line (where a value written there would go).
 */
export function emptyValueOffset(text: string, pair: KPair): number {
  let at = pair.key.end;
  while (text[at] === ' ' || text[at] === '\t') at++;
  if (text[at] === ':') at++;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/**
 * A scalar's text as a shell script of the same length as its source span, and the span's offset.
 * Block scalars keep their indentation (the shell ignores it); folded and multi-line flow scalars
 * have their line breaks turned into spaces, as YAML folds them.
 */
export function scalarScript(text: string, node: KNode): { script: string; offset: number } | undefined {
  if (node.type !== 'scalar' || node.isNull) return undefined;
  const { start, end, style } = node;
  if (style === 'literal' || style === 'folded') {
    const header = text.indexOf('\n', start);
    if (header === -1 || header >= end) return { script: '', offset: end };
    const offset = header + 1;
    let script = text.slice(offset, end);
    if (style === 'folded') script = script.replace(/([^\s])(\r?)\n(?=[ \t]*[^\s])/g, (_m, a: string, r: string) => a + (r ? ' ' : '') + ' ');
    return { script, offset };
  }
  const quoted = style === 'double' || style === 'single';
  const offset = quoted ? start + 1 : start;
  const script = text.slice(offset, quoted ? end - 1 : end).replace(/\r?\n/g, (m) => ' '.repeat(m.length));
  return { script, offset };
}
