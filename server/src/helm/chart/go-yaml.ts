/**
 * YAML read the way Helm reads it: sigs.k8s.io/yaml, i.e. go-yaml v2 (YAML 1.1 scalars: yes/no/
 * on/off are booleans, 0755 is octal, 1_000 is an int, timestamps stay strings) converted to JSON
 * (every number becomes a float64, map keys become strings). The `yaml` package only parses;
 * scalars are resolved here with go-yaml v2's rules, which YAML 1.2 and the package's 1.1 schema
 * both get wrong in places (`1e3` is a float to go-yaml, `<<` merges whatever the version).
 */
import { Document, isAlias, isMap, isScalar, isSeq, Scalar, YAMLMap } from 'yaml';
import { parseYamlDocument as parseOneDocument } from '../../core/yaml/parse';
import type { Node as YamlNode, ParsedNode } from 'yaml';
import { formatFloat32G } from '../functions/encoding/go-float';
import { resolvePlain as resolvePlainV2 } from '../functions/encoding/yaml-resolve';
import { OriginTable } from './provenance';
import { recordStrictCleanParse } from '../../core/yaml/clean-texts';

/** A resolved scalar, kept with its Go type for the callers that decode into typed fields. */
export type GoScalar =
  | { kind: 'null' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'str'; value: string };

const TAG = 'tag:yaml.org,2002:';

/** go-yaml v2's resolve(): the Go value of a scalar given its explicit tag ('' when none). */
export function resolveScalar(text: string, tag: string, plain: boolean): GoScalar {
  if (tag === '' && !plain) return { kind: 'str', value: text };
  const short = tag.startsWith(TAG) ? '!!' + tag.slice(TAG.length) : tag;
  if (short === '!!str') return { kind: 'str', value: text };
  if (short === '!!binary') return { kind: 'str', value: Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('latin1') };
  if (short === '!!null') return { kind: 'null' };
  const resolvable = short === '' || short === '!!bool' || short === '!!int' || short === '!!float' || short === '!!timestamp';
  if (!resolvable) return { kind: 'str', value: text }; // an application tag: the text as it is
  const resolved = resolvePlain(text);
  if (short === '' || short === '!!timestamp') return resolved;
  if (short === '!!float' && resolved.kind === 'int') return { kind: 'float', value: Number(resolved.value) };
  if (('!!' + resolved.kind === short) || (short === '!!float' && resolved.kind === 'float')) return resolved;
  throw new Error(`yaml: cannot decode !!${resolved.kind} \`${text}\` as a ${short}`);
}

function resolvePlain(text: string): GoScalar {
  const r = resolvePlainV2(text);
  switch (r.tag) {
    case 'null':
      return { kind: 'null' };
    case 'bool':
      return { kind: 'bool', value: r.value as boolean };
    case 'int':
      return { kind: 'int', value: r.value as bigint };
    case 'float':
      return { kind: 'float', value: r.value as number };
    default:
      // Timestamps stay strings when decoded into interface{}; "<<" is only a merge as a key.
      return { kind: 'str', value: text };
  }
}

export interface ConvertOptions {
  /** File name recorded in origins. */
  file: string;
  /** Added to every text offset (the document's offset in its file). */
  offset?: number;
  /** Where to record the origin of every entry; none when provenance is not wanted. */
  origins?: OriginTable;
}

/** A parse that failed, worded like go-yaml ("yaml: line 11: could not find expected ':'"). */
export class GoYamlError extends Error {}

const GO_YAML_OPTIONS = { schema: 'failsafe', uniqueKeys: false, strict: false, prettyErrors: false } as const;

/**
 * Parses the first YAML document (the `yaml` package's AST) with errors worded like go-yaml's. go-yaml's
 * Unmarshal (sigs.k8s.io/yaml, so Helm) decodes the first document and ignores the rest, so a second
 * one is no error: kubernetes/cloud-provider-aws's Chart.yaml ends with a `---` line, and Helm packages it.
 */
export function parseYamlDocument(text: string): Document.Parsed {
  // Quoted scalars as go-yaml reads them (core/yaml/parse.ts).
  const doc = parseOneDocument(text, GO_YAML_OPTIONS);
  const error = doc.errors.find((e) => e.code !== 'MULTIPLE_DOCS');
  if (error) throw new GoYamlError(goYamlMessage(error, text));
  return doc;
}

/**
 * parseYamlDocument for a text archlens checks again afterwards (a rendered manifest): read
 * strictly first, and a text without errors even so is recorded as clean (core/yaml/clean-texts.ts),
 * which spares the manifest analyser's syntax check a second parse of it. `strict` only adds
 * errors, never changes what is read: without errors the strict reading is the lenient one. With
 * errors the text is read again leniently, as parseYamlDocument reads it.
 */
export function parseYamlDocumentNotingClean(text: string): Document.Parsed {
  const strict = parseOneDocument(text, { ...GO_YAML_OPTIONS, strict: true });
  if (strict.errors.length > 0) return parseYamlDocument(text);
  recordStrictCleanParse(text, strict);
  return strict;
}

/** A scalar's text: the failsafe schema `parseYamlDocument` parses with leaves every scalar's value a string (null when empty). */
export function scalarText(node: Scalar): string {
  return String((node.value as string | null) ?? '');
}

/** The JSON-able Go value of a parsed node (maps → objects, numbers → float64 numbers). */
export function nodeToJson(doc: Document.Parsed, node: ParsedNode | null, options: ConvertOptions): unknown {
  const ctx: Ctx = { doc, options, offset: options.offset ?? 0, budget: { left: aliasBudget(doc) } };
  return convert(node, ctx);
}

interface Ctx {
  doc: Document.Parsed;
  options: ConvertOptions;
  offset: number;
  /** Nodes left to build; alias expansion spends it (go-yaml refuses "excessive aliasing"). */
  budget: { left: number };
}

function aliasBudget(doc: Document.Parsed): number {
  const rangeEnd = doc.range?.[2] ?? 0;
  return Math.max(1_000_000, rangeEnd * 4);
}

function convert(node: YamlNode | null | undefined, ctx: Ctx): unknown {
  if (--ctx.budget.left < 0) throw new GoYamlError('yaml: document contains excessive aliasing');
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return convert(node.resolve(ctx.doc), ctx);
  if (isScalar(node)) return scalarToJson(node);
  if (isMap(node)) return mapToJson(node, ctx);
  if (isSeq(node)) {
    const out: unknown[] = [];
    const items = node.items as Array<YamlNode | null>;
    for (let i = 0; i < items.length; i++) {
      out.push(convert(items[i], ctx));
      record(ctx, out, i, items[i], undefined);
    }
    return out;
  }
  return null;
}

/**
 * Throws what nodeToJson would throw for this document (non-finite floats, keys JSON cannot
 * have, bad merges, excessive aliasing) without building the value.
 */
export function checkJsonable(doc: Document.Parsed): void {
  const budget = { left: aliasBudget(doc) };
  const walk = (node: YamlNode | null | undefined): void => {
    if (--budget.left < 0) throw new GoYamlError('yaml: document contains excessive aliasing');
    if (node === null || node === undefined) return;
    if (isAlias(node)) return walk(node.resolve(doc));
    if (isScalar(node)) {
      const text = scalarText(node);
      const c = text.charCodeAt(0);
      // Only text starting with '.', '+' or '-' can be a non-finite float; tags may refuse text.
      if (c === 0x2e || c === 0x2b || c === 0x2d || node.tag !== undefined) scalarToJson(node);
      return;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        if (isMergeKey(keyNode)) mergeInto({}, pair.value as YamlNode | null, { doc, options: { file: '' }, offset: 0, budget });
        else jsonKey(convertKey(keyNode, { doc, options: { file: '' }, offset: 0, budget }));
        walk(pair.value as YamlNode | null);
      }
      return;
    }
    if (isSeq(node)) for (const item of node.items) walk(item as YamlNode | null);
  };
  walk(doc.contents);
}

/** The entries of a map node as JSON keys and value nodes; undefined when merges make it more than that. */
export function mapEntries(doc: Document.Parsed, node: YamlNode | null): Array<[string, YamlNode | null]> | undefined {
  const n = isAlias(node) ? (node.resolve(doc) as YamlNode | undefined) ?? null : node;
  if (!isMap(n)) return undefined;
  const out: Array<[string, YamlNode | null]> = [];
  const ctx: Ctx = { doc, options: { file: '' }, offset: 0, budget: { left: aliasBudget(doc) } };
  for (const pair of n.items) {
    if (isMergeKey(pair.key as YamlNode | null)) return undefined;
    out.push([jsonKey(convertKey(pair.key as YamlNode | null, ctx)), pair.value as YamlNode | null]);
  }
  return out;
}

function scalarToJson(node: Scalar): unknown {
  const s = resolveScalar(scalarText(node), node.tag ?? '', node.type === 'PLAIN' || node.type === undefined);
  switch (s.kind) {
    case 'null':
      return null;
    case 'bool':
    case 'str':
      return s.value;
    case 'int':
      return Number(s.value);
    case 'float':
      if (!Number.isFinite(s.value)) throw new GoYamlError(`json: unsupported value: ${Number.isNaN(s.value) ? 'NaN' : s.value > 0 ? '+Inf' : '-Inf'}`);
      return s.value;
  }
}

function mapToJson(node: YAMLMap, ctx: Ctx): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode | null;
    if (isMergeKey(keyNode)) {
      mergeInto(out, pair.value as YamlNode | null, ctx);
      continue;
    }
    const key = jsonKey(convertKey(keyNode, ctx));
    setKey(out, key, convert(pair.value as YamlNode | null, ctx));
    record(ctx, out, key, pair.value as YamlNode | null, keyNode);
  }
  return out;
}

function isMergeKey(node: YamlNode | null): boolean {
  return isScalar(node) && node.value === '<<' && node.type === 'PLAIN' && (node.tag === undefined || node.tag === TAG + 'merge');
}

/** go-yaml v2 merge: a map's keys, or each map of a list (earlier maps win), overwrite what came before. */
function mergeInto(out: Record<string, unknown>, value: YamlNode | null, ctx: Ctx): void {
  const target = isAlias(value) ? (value.resolve(ctx.doc) as YamlNode | undefined) ?? null : value;
  const sources: YamlNode[] = [];
  if (isMap(target)) sources.push(target);
  else if (isSeq(target)) {
    for (const item of [...target.items].reverse()) {
      const t = isAlias(item) ? (item.resolve(ctx.doc) as YamlNode | undefined) : (item as YamlNode);
      if (!isMap(t)) throw new GoYamlError('yaml: map merge requires map or sequence of maps as the value');
      sources.push(t);
    }
  } else throw new GoYamlError('yaml: map merge requires map or sequence of maps as the value');
  for (const src of sources) {
    const m = mapToJson(src as YAMLMap, ctx);
    for (const k of Object.keys(m)) {
      setKey(out, k, m[k]);
      if (ctx.options.origins) ctx.options.origins.copy(m, k, out, k);
    }
  }
}

function convertKey(node: YamlNode | null, ctx: Ctx): GoScalar | 'complex' {
  const n = isAlias(node) ? (node.resolve(ctx.doc) as YamlNode | undefined) ?? null : node;
  if (n === null) return { kind: 'null' };
  if (!isScalar(n)) return 'complex';
  return resolveScalar(scalarText(n), n.tag ?? '', n.type === 'PLAIN' || n.type === undefined);
}

/** sigs.k8s.io/yaml's key conversion: numbers and booleans become their text. */
function jsonKey(k: GoScalar | 'complex'): string {
  if (k === 'complex') throw new GoYamlError('yaml: invalid map key: a map or a list cannot be a key');
  switch (k.kind) {
    case 'str':
      return k.value;
    case 'int':
      return k.value.toString();
    case 'bool':
      return k.value ? 'true' : 'false';
    case 'float': {
      const s = formatFloat32G(k.value);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    case 'null':
      throw new GoYamlError('unsupported map key of type: %!s(<nil>)');
  }
}

function record(ctx: Ctx, container: object, key: string | number, value: YamlNode | null, keyNode: YamlNode | null | undefined): void {
  const origins = ctx.options.origins;
  if (!origins) return;
  const vr = (value as ParsedNode | null)?.range;
  const kr = (keyNode as ParsedNode | null | undefined)?.range;
  const start = vr ? vr[0] : kr ? kr[1] : 0;
  const end = vr ? vr[1] : start;
  const origin = kr
    ? { file: ctx.options.file, start: start + ctx.offset, end: end + ctx.offset, keyStart: kr[0] + ctx.offset, keyEnd: kr[1] + ctx.offset }
    : { file: ctx.options.file, start: start + ctx.offset, end: end + ctx.offset };
  origins.set(container, key, origin);
}

/** Sets a key on a plain object, "__proto__" included (plain assignment would set the prototype). */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/**
 * go-yaml's wording of a parse error where it is known (the messages people search for), else
 * the parser's own message; always with go-yaml's "yaml: line N:" prefix.
 */
export function goYamlMessage(err: { code: string; message: string; pos: [number, number] }, text: string): string {
  const at = err.pos[0];
  const first = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (err.code === 'MISSING_CHAR' && first.startsWith('Implicit map keys need to be followed by map values')) {
    // libyaml notices the stale key at the next token (or the end of the stream) and reports
    // that token's line; scanner errors are reported 1-based.
    let i = at;
    while (i < text.length && text[i] !== '\n') i++;
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text[i] === '#') {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      break;
    }
    return `yaml: line ${lineIndex(text, i) + 1}: could not find expected ':'`;
  }
  const line = lineIndex(text, at) + 1;
  if (err.code === 'TAB_AS_INDENT') return `yaml: line ${line}: found character that cannot start any token`;
  if (err.code === 'BLOCK_AS_IMPLICIT_KEY') return `yaml: line ${line}: mapping values are not allowed in this context`;
  return `yaml: line ${line}: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

function lineIndex(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
