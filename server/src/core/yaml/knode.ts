/**
 * The one YAML reader of archlens: a small read-only view of a `yaml` document with ABSOLUTE file
 * offsets. Kubernetes manifests cache `yaml` Documents per document text (kubernetes/parse-cache.ts)
 * with offsets relative to that text; this view adds the document's position in the file, so rules
 * and fix builders never juggle two offset systems. CI workflows, GitLab CI and Compose files read
 * the same view (core/yaml/documents.ts).
 *
 * It reads a map as `yaml` itself does (`toJS`): own keys win over merged ones, the last of
 * duplicated own keys wins, and of several merge sources (`<<: [*a, *b]`) the earlier wins. Aliases
 * resolve to the latest anchor of that name before them.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node as YamlNode, Scalar } from 'yaml';

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

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
  /**
   * The offsets of the value's own text: between the quotes of a quoted scalar, the content lines of
   * a block scalar (after its `|`/`>` header line, without the final line break), = start/end for a
   * plain scalar.
   */
  innerStart: number;
  innerEnd: number;
}

export interface KPair {
  key: KNode;
  /** The key as a string when it is a scalar, else undefined. */
  keyText?: string;
  value: KNode;
  /** A merge key (`<<`): kept among the pairs for its position, but not a key of the map. */
  merge?: true;
}

interface KCollection extends KBase {
  flow: boolean;
  /** Where the node ends with the comment lines that follow it (`end` stops after its last value's line). */
  nodeEnd: number;
  /** An explicit tag (`!reference`), when written. */
  tag?: string;
}

export interface KMap extends KCollection {
  type: 'map';
  /**
   * Its own pairs in order (duplicates and merge keys included: a duplicated key can be a finding,
   * a merge key has a place in the text), then those a merge key (`<<: *x`, `<<: [*x, *y]`,
   * `<<: {…}`) brings in that the map does not override, earlier sources first. Read a key with
   * pairOf (the last own pair wins) or iterate entriesOf.
   */
  pairs: KPair[];
}

export interface KSeq extends KCollection {
  type: 'seq';
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
  /** Anchor name → its definitions in document order (built on the first alias). */
  anchors?: Map<string, YamlNode[]>;
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

/**
 * The node an alias names: the latest definition of its anchor before it (YAML allows an anchor
 * to be redefined). `Alias.resolve` walks the whole document on every call, which made a file with
 * an alias per job quadratic; one anchor table per document instead.
 */
function aliasTarget(alias: YamlNode & { source: string }, c: Conversion): YamlNode | undefined {
  if (!c.doc) return undefined;
  if (!c.anchors) {
    const found = new Map<string, YamlNode[]>();
    visit(c.doc, (_key, node) => {
      // The visitor also sees the null of an empty key or value (`? `, `<<: *` with nothing after it).
      const anchor = (node as { anchor?: string } | null)?.anchor;
      if (anchor && !isAlias(node)) {
        const list = found.get(anchor);
        if (list) list.push(node as YamlNode);
        else found.set(anchor, [node as YamlNode]);
      }
    });
    c.anchors = found;
  }
  const candidates = c.anchors.get(alias.source);
  if (!candidates) return undefined;
  const at = alias.range?.[0] ?? Infinity;
  for (let i = candidates.length - 1; i >= 0; i--) if ((candidates[i].range?.[0] ?? 0) < at) return candidates[i];
  return candidates[candidates.length - 1];
}

function convert(node: unknown, c: Conversion, depth: number, shared: boolean): KNode {
  const { base } = c;
  const range = (node as YamlNode | null)?.range;
  const start = range ? range[0] + base : base;
  const end = range ? range[1] + base : base;
  if (node === null || node === undefined) return emptyScalar(base);
  if (depth > MAX_DEPTH) return { type: 'opaque', start, end };
  if (isAlias(node)) {
    const target = aliasTarget(node, c);
    if (!target) return { type: 'opaque', start, end, shared: true };
    return convert(target, c, depth + 1, true);
  }
  if (!shared && isAliasedAnchor(node as YamlNode, c)) shared = true;
  if (shared) {
    const done = c.sharedNodes.get(node);
    if (done) return done;
  }
  const nodeEnd = range ? range[2] + base : end;
  const out = convertNode(node, c, depth, shared, start, end, nodeEnd);
  if (shared) {
    out.shared = true;
    c.sharedNodes.set(node, out);
  }
  return out;
}

function convertNode(node: unknown, c: Conversion, depth: number, shared: boolean, start: number, end: number, nodeEnd: number): KNode {
  const { text } = c;
  if (isScalar(node)) return scalarOf(node, start, end, text);
  if (isMap(node)) {
    const pairs: KPair[] = [];
    const merges: Array<{ node: unknown; shared: boolean }> = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = convert(item.key, c, depth + 1, shared);
      const pair = new LazyPair(key, item.value, c, depth + 1, shared);
      if (pair.keyText === '<<' && key.type === 'scalar' && key.style === 'plain') {
        // A merge key is not a key of the map: its sources' pairs are (yaml's toJS).
        pair.merge = true;
        const sources = isSeq(item.value) ? item.value.items : [item.value];
        for (const source of sources) merges.push({ node: source, shared: shared || isAlias(source) });
      }
      pairs.push(pair);
    }
    // Merge keys: the map's own keys win, then the merged maps in the order listed (YAML merge type).
    if (merges.length > 0) {
      const keys = new Set(pairs.filter((p) => !p.merge).map((p) => p.keyText));
      for (const merge of merges) {
        const source = convert(merge.node, c, depth + 1, merge.shared);
        if (source.type !== 'map') continue;
        for (const pair of source.pairs) {
          if (pair.keyText === undefined || pair.merge || keys.has(pair.keyText)) continue;
          keys.add(pair.keyText);
          pairs.push(pair);
        }
      }
    }
    const map: KMap = { type: 'map', start, end, nodeEnd, flow: Boolean(node.flow), pairs };
    if (node.tag) map.tag = node.tag;
    return map;
  }
  if (isSeq(node)) {
    const seq = new LazySeq(start, end, nodeEnd, Boolean(node.flow), node.items, c, depth + 1, shared);
    if (node.tag) seq.tag = node.tag;
    return seq;
  }
  return { type: 'opaque', start, end };
}

/**
 * Values are converted on first access: rules walk a few paths (spec.template.spec.containers…)
 * and never the env lists, volumes or probes that make up most of a workload. Classes with
 * prototype getters keep one object shape (defining a getter per object made conversion slow).
 */
class LazyPair implements KPair {
  keyText?: string;
  merge?: true;
  private converted?: KNode;

  constructor(readonly key: KNode, private readonly source: unknown, private readonly c: Conversion, private readonly depth: number, private readonly shared: boolean) {
    if (key.type === 'scalar') this.keyText = key.text;
  }

  get value(): KNode {
    if (this.converted) return this.converted;
    const { key, source } = this;
    let value = source === null || source === undefined ? emptyScalar(key.end) : convert(source, this.c, this.depth, this.shared);
    // A key without value (`key:`) has a null node placed after the line: put it at the key's end.
    if (value.type === 'scalar' && value.isNull && value.start === value.end) value = emptyScalar(key.end);
    this.converted = value;
    return value;
  }
}

class LazySeq implements KSeq {
  readonly type = 'seq';
  shared?: true;
  tag?: string;
  private converted?: KNode[];

  constructor(
    readonly start: number, readonly end: number, readonly nodeEnd: number, readonly flow: boolean,
    private readonly source: readonly unknown[], private readonly c: Conversion, private readonly depth: number, private readonly sharedItems: boolean,
  ) {}

  get items(): KNode[] {
    return (this.converted ??= this.source.map((item) => convert(item, this.c, this.depth, this.sharedItems)));
  }
}

function emptyScalar(at: number): KScalar {
  return { type: 'scalar', start: at, end: at, text: '', isNull: true, style: 'plain', innerStart: at, innerEnd: at };
}

function scalarOf(node: Scalar, start: number, end: number, text: string): KScalar {
  const style: ScalarStyle = node.type === Scalar.QUOTE_DOUBLE ? 'double'
    : node.type === Scalar.QUOTE_SINGLE ? 'single'
    : node.type === Scalar.BLOCK_LITERAL ? 'literal'
    : node.type === Scalar.BLOCK_FOLDED ? 'folded' : 'plain';
  const value = node.value;
  const isNull = value === null || value === undefined;
  // Numbers/booleans: the text as written ("1.10" stays "1.10", not 1.1).
  const shown = isNull ? '' : typeof value === 'string' ? value : text.slice(start, end).trim();
  let innerStart = start;
  let innerEnd = end;
  if ((style === 'double' || style === 'single') && end - start >= 2) {
    innerStart = start + 1;
    innerEnd = end - 1;
  }
  if (style === 'literal' || style === 'folded') [innerStart, innerEnd] = blockContent(text, start, end);
  // A null written as nothing has an empty range after the line; keep it at its start.
  if (isNull && text.slice(start, end).trim() === '') innerEnd = end = start;
  return { type: 'scalar', start, end, text: shown, isNull, style, innerStart, innerEnd };
}

/**
 * The content of a block scalar written from `start` (its `|`/`>` header) to `end` (after its last
 * line break): from the first content character to the last, so an edit of the value never
 * touches the header or the line break that ends the scalar.
 */
function blockContent(text: string, start: number, end: number): [number, number] {
  const headerBreak = text.indexOf('\n', start);
  const headerEnd = headerBreak === -1 || headerBreak >= end ? end : headerBreak;
  let first = headerEnd;
  while (first < end && /\s/.test(text[first])) first++;
  let last = end;
  while (last > first && /\s/.test(text[last - 1])) last--;
  if (first >= last) {
    // No content: an empty point at the end of the header line (before its \r\n).
    const at = text[headerEnd - 1] === '\r' ? headerEnd - 1 : headerEnd;
    return [at, at];
  }
  return [first, last];
}

/** The pair a key reads: the last own pair with this key, else the first merged one (yaml's toJS). */
export function pairOf(map: KNode | undefined, key: string): KPair | undefined {
  if (!map || map.type !== 'map') return undefined;
  for (let i = map.pairs.length - 1; i >= 0; i--) if (map.pairs[i].keyText === key && !map.pairs[i].merge) return map.pairs[i];
  return undefined;
}

/** The pairs a map means, one per key (the one pairOf reads), in the order their keys first appear. */
export function entriesOf(map: KNode | undefined): KPair[] {
  if (!map || map.type !== 'map') return [];
  const byKey = new Map<string, KPair>();
  const unnamed: KPair[] = [];
  for (const pair of map.pairs) {
    if (pair.merge) continue;
    if (pair.keyText === undefined) unnamed.push(pair);
    else byKey.set(pair.keyText, pair);
  }
  return unnamed.length > 0 ? [...byKey.values(), ...unnamed] : [...byKey.values()];
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

/** The text of a scalar that is not null, else undefined. */
export function textOf(node: KNode | undefined): string | undefined {
  return node?.type === 'scalar' && !node.isNull ? node.text : undefined;
}

/** A plain scalar in a flow collection (`[a, b]`, `{k: v}`): a comma inserted into it would end it. */
export function plainInFlow(node: KNode, parent: KNode | undefined): boolean {
  return node.type === 'scalar' && node.style === 'plain' && (parent?.type === 'map' || parent?.type === 'seq') && parent.flow;
}
