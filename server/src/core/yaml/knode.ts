/**
 * A small read-only view of a YAML document with ABSOLUTE file offsets. The `yaml` Documents are
 * cached per document text (parse-cache.ts) with offsets relative to that text; this view adds the
 * document's position in the file, so rules and fix builders never juggle two offset systems.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node as YamlNode, Scalar, type YAMLMap } from 'yaml';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

interface KBase {
  /** Absolute offset where the node's text starts (a quote, `{`, `[`, the first `-` of a block sequence). */
  start: number;
  /** Absolute offset where the node's value text ends (after a closing quote or bracket). */
  end: number;
  /**
   * The node's text also stands for another place: it was reached through an alias (`*sel`, a
   * merge key `<<: *sel`) — its offsets are the anchor's — or it is (inside) an anchored node that
   * some alias refers to. Readers follow aliases; fix builders never edit such a node (an edit
   * there would change every place that shares it).
   */
  shared?: true;
}

export interface KScalar extends KBase {
  type: 'scalar';
  /** The value as a string ("" for null / empty values); numbers and booleans as written. */
  text: string;
  /** True for an empty or null value (`key:`, `key: ~`, `key: null`). */
  isNull: boolean;
  style: ScalarStyle;
  /** The offsets of the value between quotes (= start/end for plain scalars). */
  innerStart: number;
  innerEnd: number;
}

export interface KPair {
  key: KNode;
  /** The key as a string when it is a scalar, else undefined. */
  keyText?: string;
  value: KNode;
}

export interface KMap extends KBase {
  type: 'map';
  flow: boolean;
  /** Its own pairs, then those a merge key (`<<: *x`, `<<: [*x, *y]`) brings in that it does not override. */
  pairs: KPair[];
}

export interface KSeq extends KBase {
  type: 'seq';
  flow: boolean;
  items: KNode[];
}

/** Nodes too deep to matter, unresolvable aliases. */
export interface KOpaque extends KBase {
  type: 'opaque';
}

export type KNode = KScalar | KMap | KSeq | KOpaque;

/** Deeper than this, a pod template cannot be: the rest is kept opaque (and no recursion blows the stack). */
const MAX_DEPTH = 64;

/** One document's conversion: its offsets, its aliases, and the nodes already converted. */
interface Conversion {
  base: number;
  text: string;
  doc?: Document.Parsed;
  /** Anchor names some alias of the document refers to (collected on the first anchored node). */
  aliased?: Set<string>;
  /** Converted shared nodes, by source node: an alias (or merge) bomb costs one conversion per node. */
  sharedNodes: WeakMap<object, KNode>;
}

/**
 * Builds the view of a yaml node; `base` is the absolute offset of the document text. With the
 * document, aliases and merge keys are followed (the nodes they reach are marked `shared`);
 * without it they stay opaque.
 */
export function toKNode(node: unknown, base: number, text: string, doc?: Document.Parsed): KNode {
  return convert(node, { base, text, doc, sharedNodes: new WeakMap() }, 0, false);
}

function isAliasedAnchor(node: YamlNode, c: Conversion): boolean {
  const anchor = (node as { anchor?: string }).anchor;
  if (!anchor || !c.doc) return false;
  if (!c.aliased) {
    const aliased = new Set<string>();
    visit(c.doc, { Alias: (_key, alias) => { aliased.add(alias.source); } });
    c.aliased = aliased;
  }
  return c.aliased.has(anchor);
}

function convert(node: unknown, c: Conversion, depth: number, shared: boolean): KNode {
  const { base, text } = c;
  const range = (node as YamlNode | null)?.range;
  const start = range ? range[0] + base : base;
  const end = range ? range[1] + base : base;
  if (node === null || node === undefined) return emptyScalar(base);
  if (depth > MAX_DEPTH) return { type: 'opaque', start, end };
  if (isAlias(node)) {
    const target = c.doc ? node.resolve(c.doc) : undefined;
    if (!target) return { type: 'opaque', start, end, shared: true };
    return convert(target, c, depth + 1, true);
  }
  if (!shared && isAliasedAnchor(node as YamlNode, c)) shared = true;
  if (shared) {
    const done = c.sharedNodes.get(node as object);
    if (done) return done;
  }
  const out = convertNode(node, c, depth, shared, start, end);
  if (shared) {
    out.shared = true;
    c.sharedNodes.set(node as object, out);
  }
  return out;
}

function convertNode(node: unknown, c: Conversion, depth: number, shared: boolean, start: number, end: number): KNode {
  const { text } = c;
  if (isScalar(node)) return scalarOf(node, start, end, text);
  if (isMap(node)) {
    const pairs: KPair[] = [];
    const merges: unknown[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = convert(item.key, c, depth + 1, shared);
      const pair = { key } as KPair;
      if (key.type === 'scalar') pair.keyText = key.text;
      if (pair.keyText === '<<' && key.type === 'scalar' && key.style === 'plain') {
        if (isAlias(item.value)) merges.push(item.value);
        else if (isSeq(item.value)) merges.push(...item.value.items.filter((i) => isAlias(i)));
      }
      // Values are converted on first access: rules walk a few paths (spec.template.spec.containers…)
      // and never the env lists, volumes or probes that make up most of a workload.
      let value: KNode | undefined;
      Object.defineProperty(pair, 'value', {
        enumerable: true,
        get: () => {
          if (value) return value;
          value = item.value === null || item.value === undefined
            ? emptyScalar(key.end)
            : convert(item.value, c, depth + 1, shared);
          // A key without value (`key:`) has a null node placed after the line: put it at the key's end.
          if (value.type === 'scalar' && value.isNull && value.start === value.end) value = emptyScalar(key.end);
          return value;
        },
      });
      pairs.push(pair);
    }
    // Merge keys: the map's own keys win, then the merged maps in the order listed (YAML merge type).
    const keys = new Set(pairs.map((p) => p.keyText));
    for (const alias of merges) {
      const source = convert(alias, c, depth + 1, true);
      if (source.type !== 'map') continue;
      for (const pair of source.pairs) {
        if (pair.keyText === undefined || pair.keyText === '<<' || keys.has(pair.keyText)) continue;
        keys.add(pair.keyText);
        pairs.push(pair);
      }
    }
    return { type: 'map', start, end, flow: Boolean((node as YAMLMap).flow), pairs };
  }
  if (isSeq(node)) {
    let items: KNode[] | undefined;
    const seq = { type: 'seq', start, end, flow: Boolean(node.flow) } as KSeq;
    Object.defineProperty(seq, 'items', {
      enumerable: true,
      get: () => (items ??= node.items.map((item) => convert(item, c, depth + 1, shared))),
    });
    return seq;
  }
  return { type: 'opaque', start, end };
}

function emptyScalar(at: number): KScalar {
  return { type: 'scalar', start: at, end: at, text: '', isNull: true, style: 'plain', innerStart: at, innerEnd: at };
}

function scalarOf(node: Scalar, start: number, end: number, text: string): KScalar {
  const style: ScalarStyle = node.type === Scalar.QUOTE_DOUBLE ? 'double'
    : node.type === Scalar.QUOTE_SINGLE ? 'single'
    : node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL ? 'block' : 'plain';
  const value = node.value;
  const isNull = value === null || value === undefined;
  let shown = isNull ? '' : typeof value === 'string' ? value : String(node.source ?? value);
  // Numbers/booleans: keep the text as written ("386", not 386 → "386" is the same; "1.10" stays "1.10").
  if (!isNull && typeof value !== 'string' && style === 'plain') shown = text.slice(start, end);
  let innerStart = start;
  let innerEnd = end;
  if ((style === 'double' || style === 'single') && end - start >= 2) {
    innerStart = start + 1;
    innerEnd = end - 1;
  }
  // A null written as nothing has an empty range after the line; keep it at its start.
  if (isNull && text.slice(start, end).trim() === '') innerEnd = end = start;
  return { type: 'scalar', start, end, text: shown, isNull, style, innerStart, innerEnd };
}

/** The last pair with this key (YAML keeps the last of duplicates for most readers). */
export function pairOf(map: KNode | undefined, key: string): KPair | undefined {
  if (!map || map.type !== 'map') return undefined;
  for (let i = map.pairs.length - 1; i >= 0; i--) if (map.pairs[i].keyText === key) return map.pairs[i];
  return undefined;
}

export function valueOf(map: KNode | undefined, key: string): KNode | undefined {
  return pairOf(map, key)?.value;
}

export function mapAt(map: KNode | undefined, key: string): KMap | undefined {
  const v = valueOf(map, key);
  return v?.type === 'map' ? v : undefined;
}

export function seqAt(map: KNode | undefined, key: string): KSeq | undefined {
  const v = valueOf(map, key);
  return v?.type === 'seq' ? v : undefined;
}

export function scalarAt(map: KNode | undefined, key: string): KScalar | undefined {
  const v = valueOf(map, key);
  return v?.type === 'scalar' && !v.isNull ? v : undefined;
}

export function textAt(map: KNode | undefined, key: string): string | undefined {
  return scalarAt(map, key)?.text;
}
