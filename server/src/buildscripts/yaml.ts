/** Reading YAML nodes with their source ranges (the `yaml` package), for workflows, GitLab CI and Compose. */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { LineIndex } from '../core/text';
import type { InputProblem } from '../core/types';

export type YDoc = Document.Parsed;

/** Every document of the text, with YAML errors as problems (the documents still carry what could be read). */
export function parseYaml(text: string, lines: LineIndex, language = 'YAML'): { docs: YDoc[]; problems: InputProblem[] } {
  const docs = parseAllDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false }) as YDoc[] | { empty: true };
  if (!Array.isArray(docs)) return { docs: [], problems: [] };
  const problems: InputProblem[] = [];
  for (const doc of docs) {
    for (const error of doc.errors.slice(0, 1)) {
      problems.push({ message: `${language}: ${error.message.split('\n')[0]}`, range: lines.range(error.pos[0], error.pos[1]) });
    }
  }
  return { docs, problems };
}

/** Anchor name → its definitions in document order, built once per document. */
const anchorTables = new WeakMap<YDoc, Map<string, Node[]>>();

function anchorsOf(doc: YDoc): Map<string, Node[]> {
  let table = anchorTables.get(doc);
  if (!table) {
    const found = new Map<string, Node[]>();
    visit(doc, (_key, node) => {
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor && !isAlias(node)) found.set(anchor, [...(found.get(anchor) ?? []), node as Node]);
    });
    table = found;
    anchorTables.set(doc, table);
  }
  return table;
}

/**
 * Follows aliases to the node they name. `Alias.resolve` walks the whole document on every call,
 * which made a CI file with an alias per job quadratic; one anchor table per document instead.
 */
export function deref(doc: YDoc, node: unknown): Node | undefined {
  let n = node;
  for (let i = 0; i < 20 && isAlias(n); i++) {
    const at = n.range?.[0] ?? Infinity;
    const candidates = anchorsOf(doc).get(n.source) ?? [];
    // The latest definition before the alias (YAML allows an anchor to be redefined).
    n = [...candidates].reverse().find((c) => (c.range?.[0] ?? 0) < at) ?? candidates[candidates.length - 1];
  }
  return (n ?? undefined) as Node | undefined;
}

/** The pair for `key` in a map, own keys first, then `<<` merge keys (YAML 1.1, used by GitLab/Compose anchors). */
export function pairOf(doc: YDoc, map: unknown, key: string, depth = 0): Pair<Scalar, unknown> | undefined {
  const m = deref(doc, map);
  if (!isMap(m) || depth > 10) return undefined;
  for (const item of m.items) {
    if (isScalar(item.key) && String(item.key.value) === key) return item as Pair<Scalar, unknown>;
  }
  for (const item of m.items) {
    if (!isScalar(item.key) || item.key.value !== '<<') continue;
    const source = deref(doc, item.value);
    const sources = isSeq(source) ? source.items : [source];
    for (const s of sources.reverse()) {
      const found = pairOf(doc, s, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The value node for `key`, aliases followed. */
export function get(doc: YDoc, map: unknown, key: string): Node | undefined {
  const pair = pairOf(doc, map, key);
  return pair ? deref(doc, pair.value) : undefined;
}

export function asMap(doc: YDoc, node: unknown): YAMLMap | undefined {
  const n = deref(doc, node);
  return isMap(n) ? n : undefined;
}

/** The string value of a scalar node, else undefined. */
export function str(doc: YDoc, node: unknown): string | undefined {
  const n = deref(doc, node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  return String(n.value);
}

/** Key/value entries of a map (own keys), values dereferenced. */
export function entries(doc: YDoc, map: unknown): Array<{ key: string; keyNode: Scalar; value: Node | undefined; pair: Pair }> {
  const m = deref(doc, map);
  if (!isMap(m)) return [];
  const out = [];
  for (const item of m.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    out.push({ key: String(item.key.value), keyNode: item.key as Scalar, value: deref(doc, item.value), pair: item });
  }
  return out;
}

export function rangeOfNode(node: Node, lines: LineIndex): ReturnType<LineIndex['range']> {
  const [start, end] = node.range ?? [0, 0];
  return lines.range(start, trimEnd(lines.text, start, end));
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

/** The end of the line holding the last non-blank character of a node: where a sibling line goes after it. */
export function endOfLastLine(lines: LineIndex, node: Node): number {
  const [start, , end] = node.range ?? [0, 0, 0];
  const last = trimEnd(lines.text, start, end);
  return lines.lineEnd(lines.positionAt(Math.max(start, last - 1)).line);
}

const flowPlainTables = new WeakMap<YDoc, WeakSet<Node>>();

/** A plain scalar in a flow collection (`[a, b]`, `{k: v}`): a comma inserted into it would end it. */
export function plainInFlow(doc: YDoc, node: Node): boolean {
  let table = flowPlainTables.get(doc);
  if (!table) {
    const found = new WeakSet<Node>();
    visit(doc, {
      Scalar(_key, scalar, path) {
        const parent = path[path.length - 1];
        const collection = isPair(parent) ? path[path.length - 2] : parent;
        if (scalar.type === 'PLAIN' && (isMap(collection) || isSeq(collection)) && collection.flow) found.add(scalar);
      },
    });
    table = found;
    flowPlainTables.set(doc, table);
  }
  return table.has(node);
}

/**
 * A scalar's text as a shell script of the same length as its source span, and the span's offset.
 * Block scalars keep their indentation (the shell ignores it); folded and multi-line flow scalars
 * have their line breaks turned into spaces, as YAML folds them.
 */
export function scalarScript(text: string, node: Node): { script: string; offset: number } | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  const type = node.type;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const header = text.indexOf('\n', start);
    if (header === -1 || header >= end) return { script: '', offset: end };
    const offset = header + 1;
    let script = text.slice(offset, end);
    if (type === 'BLOCK_FOLDED') script = script.replace(/([^\s])(\r?)\n(?=[ \t]*[^\s])/g, (_m, a: string, r: string) => a + (r ? ' ' : '') + ' ');
    return { script, offset };
  }
  const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE';
  const offset = quoted ? start + 1 : start;
  const script = text.slice(offset, quoted ? end - 1 : end).replace(/\r?\n/g, (m) => ' '.repeat(m.length));
  return { script, offset };
}
