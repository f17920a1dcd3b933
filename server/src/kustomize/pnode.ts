/**
 * The tree the kustomize engine transforms: YAML nodes that remember where their value came from.
 * Every node (keys included) carries a Provenance — the file and offsets of the text that set it
 * and the role that text plays (a base resource, an `images:` entry, a patch, a kustomization
 * transformer field). Transformers replace or insert nodes, never edit offsets, so after a build
 * each emitted node still names its true origin.
 *
 * Documents are parsed once per text (cached) into templates with offsets relative to the parsed
 * text, then instantiated per build with the file name and an offset map (identity for a file,
 * a line map for a patch written inline in a kustomization's block scalar).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node as YamlNode } from 'yaml';
import { parseYamlDocuments } from '../core/yaml/parse';
import { recordStrictCleanStream } from '../core/yaml/clean-texts';

/**
 * What the text behind a node is: a resource file, an `images:` entry, a patch, a kustomization
 * field a transformer applied; for a `helmCharts:` chart, a template's text, a values entry the
 * kustomization gives (valuesInline, valuesFile…), or a default of the chart's own values.yaml.
 */
export type Role = 'resource' | 'images-entry' | 'patch' | 'transformer' | 'chart-template' | 'chart-values' | 'chart-default';

export interface Origin {
  file: string;
  start: number;
  end: number;
}

export interface Provenance {
  origin: Origin;
  role: Role;
}

export type ScalarTag = 'string' | 'number' | 'boolean' | 'null';

export interface PScalar {
  kind: 'scalar';
  /** The scalar's text as kustomize sees it (kyaml's YNode().Value): decoded for quoted and block styles. */
  value: string;
  tag: ScalarTag;
  /** Source text to emit verbatim (single-line scalars as written); absent for values made here or multi-line ones. */
  raw?: string;
  prov: Provenance;
  /** A null written out (`null`, `~`) that a strategic merge keeps (kyaml's persistent null). */
  keepNull?: true;
}

export interface PEntry {
  key: PScalar;
  value: PNode;
}

export interface PMap {
  kind: 'map';
  entries: PEntry[];
  prov: Provenance;
}

export interface PSeq {
  kind: 'seq';
  items: PNode[];
  prov: Provenance;
}

export type PNode = PScalar | PMap | PSeq;

export function isNullNode(node: PNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.tag === 'null');
}

/** kyaml's IsMissingOrNull. */
export const isMissingOrNull = isNullNode;

export function makeScalar(value: string, prov: Provenance, tag: ScalarTag = 'string'): PScalar {
  return { kind: 'scalar', value, tag, prov };
}

export function makeMap(prov: Provenance, entries: PEntry[] = []): PMap {
  return { kind: 'map', entries, prov };
}

export function entryOf(map: PMap, key: string): PEntry | undefined {
  for (const e of map.entries) if (e.key.value === key) return e;
  return undefined;
}

export function valueAt(node: PNode | undefined, key: string): PNode | undefined {
  return node?.kind === 'map' ? entryOf(node, key)?.value : undefined;
}

export function mapAt(node: PNode | undefined, key: string): PMap | undefined {
  const v = valueAt(node, key);
  return v?.kind === 'map' ? v : undefined;
}

export function seqAt(node: PNode | undefined, key: string): PSeq | undefined {
  const v = valueAt(node, key);
  return v?.kind === 'seq' ? v : undefined;
}

/** The string value of a non-null scalar field ('' when absent, null or not a scalar). */
export function stringAt(node: PNode | undefined, key: string): string {
  const v = valueAt(node, key);
  return v?.kind === 'scalar' && v.tag !== 'null' ? v.value : '';
}

/** Sets `key` to `value`: in place when present (its key node kept), else appended with `keyProv`. */
export function setField(map: PMap, key: string, value: PNode, keyProv: Provenance): void {
  const existing = entryOf(map, key);
  if (existing) existing.value = value;
  else map.entries.push({ key: makeScalar(key, keyProv), value });
}

export function deleteField(map: PMap, key: string): void {
  const at = map.entries.findIndex((e) => e.key.value === key);
  if (at >= 0) map.entries.splice(at, 1);
}

/** An entry whose value is made when first read (a CRD's schema, crd-schemas.ts); assigned like any other. */
class DeferredEntry implements PEntry {
  private made?: PNode;
  constructor(public key: PScalar, private make: (() => PNode) | undefined) {}

  get value(): PNode {
    if (this.make) {
      this.made = this.make();
      this.make = undefined;
    }
    return this.made!;
  }

  set value(value: PNode) {
    this.made = value;
    this.make = undefined;
  }
}

/** Replaces `entry` of `map` by one whose value `make` makes when first read. */
export function deferEntryValue(map: PMap, entry: PEntry, make: () => PNode): void {
  const at = map.entries.indexOf(entry);
  if (at >= 0) map.entries[at] = new DeferredEntry(entry.key, make);
}

/** A deep copy (provenance objects are shared: they are never mutated). */
export function cloneNode<T extends PNode>(node: T): T {
  if (node.kind === 'scalar') return { ...node };
  if (node.kind === 'map') return { kind: 'map', prov: node.prov, entries: node.entries.map((e) => ({ key: { ...e.key }, value: cloneNode(e.value) })) } as T;
  return { kind: 'seq', prov: node.prov, items: node.items.map((i) => cloneNode(i)) } as T;
}

/** The node as plain data (for comparisons and JSON patch `test`). */
export function toPlain(node: PNode | undefined): unknown {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar') {
    if (node.tag === 'null') return null;
    if (node.tag === 'number') return Number(node.value);
    if (node.tag === 'boolean') return /^true$/i.test(node.value);
    return node.value;
  }
  if (node.kind === 'seq') return node.items.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) out[e.key.value] = toPlain(e.value);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ParsedDocument {
  /** The document's root as a template (file '', offsets relative to the parsed text); undefined when empty. */
  root?: PNode;
  errors: Array<{ message: string; start: number; end: number }>;
  /** The document's extent in the parsed text. */
  start: number;
  end: number;
}

/** Nodes copied for aliases beyond this many in one document are refused (an alias bomb). */
const MAX_ALIAS_NODES = 200_000;
const MAX_DEPTH = 256;

class Converter {
  /** Nodes copied for aliases so far, and how many aliases the current node is under. */
  private aliasNodes = 0;
  private inAlias = 0;
  private readonly targets = new Map<object, unknown>();
  constructor(private readonly doc: Document.Parsed, private readonly text: string) {}

  convert(node: unknown, fallbackAt: number, depth: number): PNode {
    if (this.inAlias > 0 && ++this.aliasNodes > MAX_ALIAS_NODES) throw new Error('document too large once its aliases are expanded');
    if (depth > MAX_DEPTH) throw new Error('document nests too deeply');
    if (node === null || node === undefined) return nullAt(fallbackAt);
    if (isAlias(node)) {
      let target = this.targets.get(node);
      if (target === undefined) {
        // Alias.resolve searches the document: once per alias node.
        target = node.resolve(this.doc);
        this.targets.set(node, target);
      }
      if (!target) throw new Error(`unknown anchor '${node.source}'`);
      // Each use is a copy: kustomize expands aliases, and transformers must not edit shared nodes.
      this.inAlias++;
      try {
        return this.convert(target, fallbackAt, depth + 1);
      } finally {
        this.inAlias--;
      }
    }
    const range = (node as YamlNode).range;
    let end = range ? range[1] : fallbackAt;
    // A block collection's range runs over its last line break: stop at its last character.
    if (range && !isScalar(node)) while (end > range[0] && /\s/.test(this.text[end - 1])) end--;
    const prov = local(range ? range[0] : fallbackAt, end);
    if (isScalar(node)) return scalarOf(node, prov, this.text);
    if (isSeq(node)) {
      return { kind: 'seq', prov, items: node.items.map((item) => this.convert(item, prov.origin.end, depth + 1)) };
    }
    if (isMap(node)) {
      const entries: PEntry[] = [];
      const merges: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key;
        if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === Scalar.PLAIN) {
          if (isSeq(pair.value)) merges.push(...pair.value.items);
          else merges.push(pair.value);
          continue;
        }
        const key = this.convert(keyNode, prov.origin.start, depth + 1);
        const keyScalar: PScalar = key.kind === 'scalar' ? key : { kind: 'scalar', value: JSON.stringify(toPlain(key)), tag: 'string', prov: key.prov };
        const value = pair.value === null || pair.value === undefined
          ? nullAt(keyScalar.prov.origin.end)
          : this.convert(pair.value, keyScalar.prov.origin.end, depth + 1);
        entries.push({ key: keyScalar, value });
      }
      // YAML merge keys: the map's own keys win, then the merged maps in the order listed.
      for (const source of merges) {
        const merged = this.convert(source, prov.origin.start, depth + 1);
        if (merged.kind !== 'map') continue;
        const own = new Set(entries.map((x) => x.key.value));
        for (const e of merged.entries) {
          if (own.has(e.key.value)) continue;
          own.add(e.key.value);
          entries.push(e);
        }
      }
      return { kind: 'map', prov, entries };
    }
    return nullAt(fallbackAt);
  }
}

function local(start: number, end: number): Provenance {
  return { origin: { file: '', start, end }, role: 'resource' };
}

function nullAt(at: number): PScalar {
  return { kind: 'scalar', value: '', tag: 'null', raw: '', prov: local(at, at) };
}

function scalarOf(node: Scalar, prov: Provenance, text: string): PScalar {
  const v = node.value;
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  const written = text.slice(prov.origin.start, prov.origin.end);
  // The text as written is emitted again when it is one line: the type and quoting stay as the author wrote them.
  const raw = block || written.includes('\n') ? undefined : written;
  if (v === null || v === undefined) {
    const out: PScalar = { kind: 'scalar', value: written.trim(), tag: 'null', prov };
    if (raw !== undefined) out.raw = raw;
    // `key: null` and `key: ~` survive a strategic merge; `key:` does not (kyaml's persistent null).
    if (written.trim() !== '') out.keepNull = true;
    return out;
  }
  // The core schema's scalars: a string, a number or a boolean (null was handled above).
  const scalar = v as string | number | boolean;
  const tag: ScalarTag = typeof scalar === 'string' ? 'string' : typeof scalar === 'boolean' ? 'boolean' : 'number';
  let value = typeof scalar === 'string' ? scalar : written.trim() || String(scalar);
  // A clipped block scalar that ends the stream without a line break has none to keep (the `yaml`
  // package adds one; go-yaml, which kustomize uses, does not).
  if (block && value.endsWith('\n') && prov.origin.end >= text.length && !text.endsWith('\n') && !/^[|>][^\n]*\+/.test(written)) {
    value = value.slice(0, -1);
  }
  const out: PScalar = { kind: 'scalar', value, tag, prov };
  if (raw !== undefined) out.raw = raw;
  return out;
}

/**
 * Parsed templates by text. Overlays share their bases, and the editor rebuilds an overlay on each
 * edit of one file: only changed texts are parsed again.
 */
const cache = new Map<string, ParsedDocument[]>();
/** Patches are read with repeated keys allowed: parsed apart from the same text read as a resource. */
const repeatableCache = new Map<string, ParsedDocument[]>();
const MAX_CACHE_ENTRIES = 512;
const MAX_CACHED_CHARS = 4 * 1024 * 1024;

/**
 * How a repeated key in a map is read: `error` as kustomize reads resources and kustomizations
 * (`mapping key "a" already defined`), `kept` as it reads patches (kyaml keeps both entries; the
 * patch's reader decides which one counts, see patches.ts).
 */
export type RepeatedKeys = 'error' | 'kept';

/** Every document of a YAML stream as templates; errors are values, never thrown. */
export function parseTemplates(text: string, repeatedKeys: RepeatedKeys = 'error'): ParsedDocument[] {
  const parses = repeatedKeys === 'error' ? cache : repeatableCache;
  const hit = parses.get(text);
  if (hit) {
    parses.delete(text);
    parses.set(text, hit);
    return hit;
  }
  const parsed = parseUncached(text, repeatedKeys);
  if (text.length <= MAX_CACHED_CHARS) {
    parses.set(text, parsed);
    if (parses.size > MAX_CACHE_ENTRIES) parses.delete(parses.keys().next().value as string);
  }
  return parsed;
}

/** For tests and benchmarks: forget every parsed template. */
export function clearTemplateCache(): void {
  cache.clear();
  repeatableCache.clear();
}

function parseUncached(text: string, repeatedKeys: RepeatedKeys): ParsedDocument[] {
  // Quoted scalars as kustomize's go-yaml reads them (core/yaml/parse.ts).
  const docs = parseYamlDocuments(text, { prettyErrors: false, keepSourceTokens: false, uniqueKeys: repeatedKeys === 'error' });
  const list = Array.isArray(docs) ? docs : [];
  // Strict (yaml's default): the plain-file check of the same file needs no syntax parse of its own.
  recordStrictCleanStream(text, list);
  const out: ParsedDocument[] = [];
  for (const doc of list) {
    const [start, , end] = doc.range;
    const errors = doc.errors.map((e) => ({ message: errorMessage(e, text), start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) }));
    if (errors.length > 0) {
      out.push({ errors, start, end });
      continue;
    }
    try {
      const root = doc.contents === null ? undefined : new Converter(doc, text).convert(doc.contents, start, 0);
      out.push({ root: root && !(root.kind === 'scalar' && root.tag === 'null') ? root : undefined, errors, start, end });
    } catch (error) {
      out.push({ errors: [{ message: (error as Error).message, start, end }], start, end });
    }
  }
  return out;
}

/** A parse error's first line; a repeated key in go-yaml's words (`yaml` says "Map keys must be unique"). */
function errorMessage(error: { code: string; message: string; pos: [number, number] }, text: string): string {
  if (error.code !== 'DUPLICATE_KEY') return error.message.split('\n')[0];
  const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:#\n]*?))\s*:/.exec(text.slice(error.pos[0], error.pos[0] + 256));
  const name = key ? (key[1] ?? key[2] ?? key[3]) : undefined;
  return name === undefined ? 'mapping key already defined' : `mapping key "${name}" already defined`;
}

/** Maps a range of the parsed text to a range of the file it came from. */
export type RangeMap = (start: number, end: number) => [number, number];

export const IDENTITY_MAP: RangeMap = (s, e) => [s, e];

/** Where a range of a parsed text came from (file, offsets and role). */
export type Placer = (start: number, end: number) => Provenance;

/** A fresh copy of a template, its provenance placed in `file` through `map`, with `role`. */
export function instantiate(template: PNode, file: string, map: RangeMap, role: Role): PNode {
  return instantiateWith(template, (s, e) => {
    const [start, end] = map(s, e);
    return { origin: { file, start, end }, role };
  });
}

/** A fresh copy of a template, each node's provenance given by `place` from its range in the parsed text. */
export function instantiateWith(template: PNode, place: Placer): PNode {
  // Each node is placed anew, a node a merge key shares too (an equal provenance; none is ever
  // mutated): a map from template provenances to placed ones, one entry per node, cost more than placing.
  const at = (p: Provenance): Provenance => place(p.origin.start, p.origin.end);
  const copy = (n: PNode): PNode => {
    if (n.kind === 'scalar') return { ...n, prov: at(n.prov) };
    if (n.kind === 'map') return { kind: 'map', prov: at(n.prov), entries: n.entries.map((e) => ({ key: { ...e.key, prov: at(e.key.prov) }, value: copy(e.value) })) };
    return { kind: 'seq', prov: at(n.prov), items: n.items.map(copy) };
  };
  return copy(template);
}

/** Text that was written inline in a file (a block scalar holding a patch) and the map back to that file. */
export interface EmbeddedText {
  text: string;
  map: RangeMap;
}

/**
 * The value of a scalar node of `fileText` with the map from offsets in that value to offsets in
 * the file: exact for literal block scalars (`|`, `|-`) and for single-line scalars written as their
 * value; otherwise every range maps to the whole scalar.
 */
export function embeddedText(fileText: string, scalar: PScalar): EmbeddedText {
  const { start, end } = scalar.prov.origin;
  const value = scalar.value;
  const whole: RangeMap = () => [start, end];
  const written = fileText.slice(start, end);
  if (!value.includes('\n')) {
    const at = written.indexOf(value);
    if (at >= 0) return { text: value, map: (s, e) => [start + at + s, start + at + e] };
    return { text: value, map: whole };
  }
  if (!written.startsWith('|')) return { text: value, map: whole };
  // Literal block: value line i is source content line i with the block's indentation removed.
  const headerEnd = fileText.indexOf('\n', start);
  if (headerEnd < 0 || headerEnd >= end) return { text: value, map: whole };
  const lineStarts: number[] = [];
  let indent = -1;
  for (let at = headerEnd + 1; at < end;) {
    const nl = fileText.indexOf('\n', at);
    const lineEnd = nl < 0 || nl > end ? end : nl;
    const line = fileText.slice(at, lineEnd);
    if (indent < 0 && line.trim() !== '') indent = line.length - line.trimStart().length;
    lineStarts.push(at);
    at = lineEnd + 1;
  }
  if (indent < 0) return { text: value, map: whole };
  const valueLineStarts: number[] = [0];
  for (let i = 0; i < value.length; i++) if (value[i] === '\n') valueLineStarts.push(i + 1);
  const point = (offset: number): number => {
    let line = 0;
    let lo = 0;
    let hi = valueLineStarts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (valueLineStarts[mid] <= offset) { line = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const source = lineStarts[line];
    if (source === undefined) return end;
    return Math.min(source + indent + (offset - valueLineStarts[line]), end);
  };
  return { text: value, map: (s, e) => [point(s), point(e)] };
}

/** The provenance of a node of a kustomization file used as a transformer argument. */
export function provOf(node: PNode | PScalar, role: Role): Provenance {
  return node.prov.role === role ? node.prov : { origin: node.prov.origin, role };
}

