/**
 * sigs.k8s.io/yaml's Unmarshal into map[string]interface{} / []interface{}, as Helm's fromYaml and
 * fromYamlArray (and Helm's values loading) use it: go-yaml v2 reads the first document with YAML
 * 1.1 implicit types (yes/no/on/off are booleans, 0777 is octal, timestamps stay strings), merge
 * keys and anchors; non-string keys become strings; then the result goes through JSON, so every
 * number comes back as a float64 (a JS number).
 *
 * The YAML syntax itself is read by the `yaml` package as go-yaml reads it (core/yaml/parse.ts); its
 * error messages differ from go-yaml's (they keep go-yaml's `yaml: line N:` prefix).
 */
import { type Document, type Node as YamlAstNode, isAlias, isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { LineIndex } from '../../../core/text';
import { parseYamlDocuments } from '../../../core/yaml/parse';
import { formatFloat32G } from './go-float';
import { GoJsonError, formatJsonFloat } from './json-tree';
import { setEntry } from '../go-values';
import { type Resolved, resolvePlain } from './yaml-resolve';

export class YamlDecodeError extends Error {}

/** A value as go-yaml v2 decodes it into interface{}: ints stay bigint here, maps may have non-string keys. */
type V2Scalar = null | boolean | bigint | number | string;
type V2Value = V2Scalar | V2Map | V2Value[];
class V2Map {
  readonly entries = new Map<string, { key: V2Value; value: V2Value }>();
}

const MAX_DECODED_NODES = 1_000_000;

/**
 * yaml.Unmarshal(text, &out) from sigs.k8s.io/yaml with `out` of type interface{}: the Go value
 * (maps, lists, float64 numbers, …), or null for an empty document. Throws YamlDecodeError with
 * the message sigs.k8s.io/yaml would wrap (`error converting YAML to JSON: yaml: …`).
 */
export function unmarshalYaml(text: string): unknown {
  try {
    return toJsonValue(decodeFirstDocument(text));
  } catch (e) {
    if (e instanceof GoJsonError || e instanceof YamlDecodeError) {
      throw new YamlDecodeError(`error converting YAML to JSON: ${e.message}`);
    }
    throw e;
  }
}

/** Helm's fromYaml: a map, or a map holding only `Error` when the text is not a YAML map. */
export function fromYaml(text: string): Record<string, unknown> {
  try {
    const v = unmarshalYaml(text);
    if (v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      return { Error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindName(v)} into Go value of type map[string]interface {}` };
    }
    return v as Record<string, unknown>;
  } catch (e) {
    if (e instanceof YamlDecodeError) return { Error: e.message };
    throw e;
  }
}

/** Helm's fromYamlArray: a list, or a list holding only the error message. */
export function fromYamlArray(text: string): unknown[] {
  try {
    const v = unmarshalYaml(text);
    if (v === null) return [];
    if (!Array.isArray(v)) {
      return [`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindName(v)} into Go value of type []interface {}`];
    }
    return v;
  } catch (e) {
    if (e instanceof YamlDecodeError) return [e.message];
    throw e;
  }
}

/** The JSON kind encoding/json names in "cannot unmarshal X into Go value". */
export function jsonKindName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'bool';
    case 'object':
      return v === null ? 'null' : 'object';
  }
  return 'value';
}

function decodeFirstDocument(text: string): V2Value {
  // As go-yaml reads quoted scalars and flow collections, with nesting bounded (core/yaml/parse.ts):
  // `fromYaml` of a text nested thousands deep is an error, not a stack overflow.
  const parsed = parseYamlDocuments(text, { schema: 'failsafe', uniqueKeys: false, merge: false, strict: false });
  const doc = parsed[0];
  if (!doc) return null;
  if (doc.errors.length > 0) throw syntaxError(doc.errors[0], text);
  if (doc.contents === null) return null;
  return new Decoder(doc).decode(doc.contents);
}

function syntaxError(error: { message: string; pos: [number, number] }, text: string): YamlDecodeError {
  const firstLine = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const line = new LineIndex(text).positionAt(error.pos[0]).line + 1;
  return new YamlDecodeError(`yaml: line ${line}: ${firstLine}`);
}

const LONG_TAG = 'tag:yaml.org,2002:';

class Decoder {
  private decoded = 0;
  constructor(private readonly doc: Document) {}

  decode(node: YamlAstNode | null): V2Value {
    if (++this.decoded > MAX_DECODED_NODES) throw new YamlDecodeError('yaml: document contains excessive aliasing');
    if (node === null) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new YamlDecodeError(`yaml: unknown anchor '${node.source}' referenced`);
      return this.decode(target);
    }
    if (isScalar(node)) return this.scalar(node);
    if (isSeq(node)) return node.items.map((item) => this.decode(item as YamlAstNode | null));
    if (isMap(node)) {
      const map = new V2Map();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlAstNode | null;
        const valueNode = pair.value as YamlAstNode | null;
        if (isMergeKey(keyNode)) {
          this.merge(valueNode, map);
          continue;
        }
        const key = this.decode(keyNode);
        if (key instanceof V2Map || Array.isArray(key)) throw new YamlDecodeError('yaml: invalid map key: a collection cannot be a key');
        map.entries.set(keyIdentity(key), { key, value: this.decode(valueNode) });
      }
      return map;
    }
    return null;
  }

  /** go-yaml v2's merge: a map, an alias of one, or a list of them (earlier ones win). */
  private merge(node: YamlAstNode | null, into: V2Map): void {
    const target = node && isAlias(node) ? node.resolve(this.doc) ?? null : node;
    if (target && isSeq(target)) {
      for (let i = target.items.length - 1; i >= 0; i--) {
        const item = target.items[i] as YamlAstNode | null;
        const resolved = item && isAlias(item) ? item.resolve(this.doc) ?? null : item;
        if (!resolved || !isMap(resolved)) throw wantMap();
        this.mergeMap(this.decode(resolved), into);
      }
      return;
    }
    if (!target || !isMap(target)) throw wantMap();
    this.mergeMap(this.decode(target), into);
  }

  private mergeMap(value: V2Value, into: V2Map): void {
    if (!(value instanceof V2Map)) throw wantMap();
    for (const [identity, entry] of value.entries) into.entries.set(identity, entry);
  }

  private scalar(node: Scalar): V2Value {
    const text = scalarText(node);
    const tag = node.tag;
    const quoted = node.type !== undefined && node.type !== 'PLAIN';
    if (!tag) return quoted ? text : resolvedValue(resolvePlain(text), text);
    if (!tag.startsWith(LONG_TAG)) return text; // a tag go-yaml does not resolve keeps the text
    return resolveTagged(tag.slice(LONG_TAG.length), text);
  }
}

/** A scalar's source text; the failsafe schema leaves every scalar's value a string (null when empty). */
function scalarText(node: Scalar): string {
  return String(node.source ?? (node.value as string | null) ?? '');
}

function wantMap(): YamlDecodeError {
  return new YamlDecodeError('yaml: map merge requires map or sequence of maps as the value');
}

function isMergeKey(node: YamlAstNode | null): boolean {
  if (!node || !isScalar(node)) return false;
  const text = scalarText(node);
  if (node.tag === LONG_TAG + 'merge') return true;
  return !node.tag && node.type === 'PLAIN' && text === '<<';
}

function resolvedValue(r: Resolved, text: string): V2Value {
  switch (r.tag) {
    case 'timestamp':
    case 'merge':
    case 'str':
      return text;
    default:
      return r.value;
  }
}

/** go-yaml v2's resolve with an explicit tag: !!str keeps the text, others must match. */
function resolveTagged(tag: string, text: string): V2Value {
  switch (tag) {
    case 'str':
      return text;
    case 'binary':
      return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'null':
      if (resolvePlain(text).tag === 'null') return null;
      break;
    case 'bool': {
      const r = resolvePlain(text);
      if (r.tag === 'bool') return r.value;
      break;
    }
    case 'int': {
      const r = resolvePlain(text);
      if (r.tag === 'int') return r.value;
      break;
    }
    case 'float': {
      const r = resolvePlain(text);
      if (r.tag === 'float') return r.value;
      if (r.tag === 'int') return Number(r.value);
      break;
    }
    case 'timestamp':
      return text;
    default:
      return text;
  }
  throw new YamlDecodeError(`yaml: cannot decode ${shortTag(resolvePlain(text).tag)} \`${text}\` as a !!${tag}`);
}

function shortTag(tag: string): string {
  return `!!${tag}`;
}

/** Distinguishes keys of different Go types that print alike (1 and "1") while decoding. */
function keyIdentity(key: V2Scalar): string {
  return `${typeof key}:${String(key)}`;
}

/** sigs.k8s.io/yaml's convertToJSONableObject, then json.Marshal + json.Unmarshal into interface{}. */
function toJsonValue(v: V2Value): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') {
    formatJsonFloat(v); // throws Go's "json: unsupported value: NaN" for NaN and ±Inf
    return v;
  }
  if (Array.isArray(v)) return v.map(toJsonValue);
  const out: Record<string, unknown> = {};
  for (const { key, value } of v.entries.values()) {
    setEntry(out, jsonKey(key), toJsonValue(value));
  }
  return out;
}

function jsonKey(key: V2Value): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'bigint') return key.toString();
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (typeof key === 'number') {
    if (Number.isNaN(key)) return '.nan';
    if (key === Infinity) return '.inf';
    if (key === -Infinity) return '-.inf';
    return formatFloat32G(key);
  }
  throw new YamlDecodeError(`unsupported map key of type: <nil>, key: <nil>`);
}

