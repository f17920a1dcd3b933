/**
 * Edits of a chart's values file, by path: set entries of a mapping (a nodeSelector a template passes
 * through), creating the mapping and the keys of its path when they are missing; replace a scalar
 * that was printed into a manifest. The text is edited, never re-serialised: comments, quoting, key
 * order, indentation and line endings stay (kubernetes/fix-constraint.ts writes the new lines).
 */
import { parseYamlDocument } from '../../core/yaml/parse';
import { pairOf, toKNode, type KNode, type KPair, type KScalar } from '../../core/yaml/knode';
import { flowScalar } from '../../core/yaml/scalar-edit';
import { insertFirstEntries, mapEntriesEdits, type OffsetEdit } from '../../kubernetes/fix-constraint';

export type ValuesPath = readonly (string | number)[];

/** The values file's tree with absolute offsets, or undefined when it does not parse. */
export function valuesTree(text: string): KNode | undefined {
  const doc = parseYamlDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  if (doc.contents === null) return { type: 'scalar', text: '', isNull: true, style: 'plain', start: 0, end: 0, innerStart: 0, innerEnd: 0 };
  return toKNode(doc.contents, 0, text, doc);
}

/** The file's indentation unit: how far the first nested block key sits right of its parent's. */
export function indentStep(text: string, root: KNode): number {
  if (root.type !== 'map' || root.flow) return 2;
  for (const pair of root.pairs) {
    const child = pair.value;
    if (child.type !== 'map' || child.flow || child.pairs.length === 0) continue;
    const step = column(text, child.pairs[0].key.start) - column(text, pair.key.start);
    if (step > 0 && step <= 8) return step;
  }
  return 2;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** `a:` / `  b:` / `    K: V` lines for the keys of a path and the entries under it (relative indentation). */
function nestedLines(keys: readonly string[], entries: ReadonlyArray<readonly [string, string]>, step: number): string[] {
  const lines = keys.map((k, i) => `${' '.repeat(i * step)}${flowScalar(k)}:`);
  const pad = ' '.repeat(keys.length * step);
  for (const [k, v] of entries) lines.push(`${pad}${flowScalar(k)}: ${flowScalar(v)}`);
  return lines;
}

function isEmptyValue(node: KNode): boolean {
  return (node.type === 'scalar' && node.isNull) || (node.type === 'map' && node.pairs.length === 0);
}

/** Offset just after the `:` of a pair's key. */
function colonAfter(text: string, key: KNode): number | undefined {
  let i = key.end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === ':' ? i + 1 : undefined;
}

/** Replaces an empty value (`key:`, `key: ~`, `key: {}`) by nested block lines under its key. */
function fillEmpty(text: string, pair: KPair, lines: string[], step: number): OffsetEdit | undefined {
  if (pair.key.shared || pair.value.shared) return undefined;
  const colon = colonAfter(text, pair.key);
  if (colon === undefined) return undefined;
  const col = column(text, pair.key.start) + step;
  const eol = eolOf(text);
  const end = pair.value.end > colon ? pair.value.end : colon;
  return { start: colon, end, newText: lines.map((l) => eol + ' '.repeat(col) + l).join('') };
}

/**
 * Edits making the mapping at `path` hold `entries` (key → string value). Undefined when the path
 * runs through something that is not a block mapping (a list, a scalar, an alias), or the file does
 * not parse.
 */
export function setMapEntries(text: string, path: ValuesPath, entries: ReadonlyArray<readonly [string, string]>): OffsetEdit[] | undefined {
  if (path.length === 0 || path.some((p) => typeof p !== 'string')) return undefined;
  const root = valuesTree(text);
  if (!root) return undefined;
  const step = indentStep(text, root);
  const keys = path as readonly string[];
  if (isEmptyValue(root)) {
    // An empty values file: the path and its entries become its content.
    const eol = eolOf(text);
    const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
    return [{ start: text.length, end: text.length, newText: lead + nestedLines(keys, entries, step).join(eol) + eol }];
  }
  let node: KNode = root;
  for (let i = 0; i < keys.length; i++) {
    if (node.type !== 'map' || node.shared) return undefined;
    const pair = pairOf(node, keys[i]);
    if (!pair) {
      if (node.flow) return undefined;
      const edit = insertFirstEntries(text, node, nestedLines(keys.slice(i), entries, step));
      return edit && [edit];
    }
    if (i === keys.length - 1) return mapEntriesEdits(text, pair, entries, step);
    if (isEmptyValue(pair.value)) {
      const edit = fillEmpty(text, pair, nestedLines(keys.slice(i + 1), entries, step), step);
      return edit && [edit];
    }
    if (pair.value.type !== 'map' || pair.value.flow) return undefined;
    node = pair.value;
  }
  return undefined;
}

/** The scalar of a values file written at `start` (a ValueOrigin's start), found by walking the tree. */
export function scalarStartingAt(text: string, start: number): KScalar | undefined {
  const root = valuesTree(text);
  let found: KScalar | undefined;
  const visit = (node: KNode, depth: number): void => {
    if (found || depth > 64 || node.start > start || node.end < start) return;
    if (node.type === 'scalar') {
      if (node.start === start) found = node;
      return;
    }
    if (node.type === 'map') for (const p of node.pairs) { visit(p.key, depth + 1); visit(p.value, depth + 1); }
    else if (node.type === 'seq') for (const item of node.items) visit(item, depth + 1);
  };
  if (root) visit(root, 0);
  return found;
}
