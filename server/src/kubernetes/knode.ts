/**
 * A small read-only view of a YAML document with ABSOLUTE file offsets. The `yaml` Documents are
 * cached per document text (parse-cache.ts) with offsets relative to that text; this view adds the
 * document's position in the file, so rules and fix builders never juggle two offset systems.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode, Scalar } from 'yaml';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

interface KBase {
  /** Absolute offset where the node's text starts (a quote, `{`, `[`, the first `-` of a block sequence). */
  start: number;
  /** Absolute offset where the node's value text ends (after a closing quote or bracket). */
  end: number;
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
  pairs: KPair[];
}

export interface KSeq extends KBase {
  type: 'seq';
  flow: boolean;
  items: KNode[];
}

/** Aliases (never followed: a fix must not edit an anchor somewhere else) and nodes too deep to matter. */
export interface KOpaque extends KBase {
  type: 'opaque';
}

export type KNode = KScalar | KMap | KSeq | KOpaque;

/** Deeper than this, a pod template cannot be: the rest is kept opaque (and no recursion blows the stack). */
const MAX_DEPTH = 64;

/** Builds the view of a yaml node; `base` is the absolute offset of the document text. */
export function toKNode(node: unknown, base: number, text: string, depth = 0): KNode {
  const range = (node as YamlNode | null)?.range;
  const start = range ? range[0] + base : base;
  const end = range ? range[1] + base : base;
  if (node === null || node === undefined) return emptyScalar(base);
  if (depth > MAX_DEPTH || isAlias(node)) return { type: 'opaque', start, end };
  if (isScalar(node)) return scalarOf(node, start, end, text);
  if (isMap(node)) {
    const pairs: KPair[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = toKNode(item.key, base, text, depth + 1);
      const pair = { key } as KPair;
      if (key.type === 'scalar') pair.keyText = key.text;
      // Values are converted on first access: rules walk a few paths (spec.template.spec.containers…)
      // and never the env lists, volumes or probes that make up most of a workload.
      let value: KNode | undefined;
      Object.defineProperty(pair, 'value', {
        enumerable: true,
        get: () => {
          if (value) return value;
          value = item.value === null || item.value === undefined
            ? emptyScalar(key.end)
            : toKNode(item.value, base, text, depth + 1);
          // A key without value (`key:`) has a null node placed after the line: put it at the key's end.
          if (value.type === 'scalar' && value.isNull && value.start === value.end) value = emptyScalar(key.end);
          return value;
        },
      });
      pairs.push(pair);
    }
    return { type: 'map', start, end, flow: Boolean(node.flow), pairs };
  }
  if (isSeq(node)) {
    let items: KNode[] | undefined;
    const seq = { type: 'seq', start, end, flow: Boolean(node.flow) } as KSeq;
    Object.defineProperty(seq, 'items', {
      enumerable: true,
      get: () => (items ??= node.items.map((item) => toKNode(item, base, text, depth + 1))),
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
