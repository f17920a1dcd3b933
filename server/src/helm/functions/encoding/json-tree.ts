/**
 * The value a Go template value becomes under Go's encoding/json, before it is written out.
 *
 * Helm's toJson and toYaml (sigs.k8s.io/yaml: JSON first, then YAML) both start with json.Marshal,
 * so both share this normalisation: map keys sorted the way Go sorts them, numbers as the text Go
 * writes, class instances through their `toJSON` (Go's json.Marshaler), and Go's errors for what
 * JSON cannot hold (NaN, ±Inf, functions, cycles).
 *
 * Each map and list keeps the JS container it came from (`source`), so that a caller tracking
 * provenance can ask for the ref of `source[key]` for every key and item it writes.
 */
import { isTracked } from '../../template';
import { compareGoStrings, goSliceItems, goTypeName, isPlainObject, toWellFormed } from '../go-values';

export class JsonNumber {
  /** The number exactly as Go's encoding/json writes it, e.g. `1`, `0.5`, `1e+21`, `1e-7`. */
  constructor(readonly text: string) {}
}

export interface JsonObject {
  readonly kind: 'object';
  /** The template value the entries were read from (undefined when produced by `toJSON`). */
  readonly source: object | undefined;
  readonly entries: Array<[string, JsonNode]>;
}

export interface JsonArray {
  readonly kind: 'array';
  readonly source: object | undefined;
  readonly items: JsonNode[];
}

export type JsonNode = null | boolean | string | JsonNumber | JsonObject | JsonArray;

/** An error Go's json.Marshal would return; the message is Go's, prefixed with `json: `. */
export class GoJsonError extends Error {}

/** Go starts looking for cycles after this many nested containers (encoding/json). */
const CYCLE_DETECTION_DEPTH = 1000;

/** Formats a float64 as Go's encoding/json does (ES6 number formatting, `-0` kept). */
export function formatJsonFloat(f: number): string {
  if (!Number.isFinite(f)) throw new GoJsonError(`json: unsupported value: ${goFloatSpecialName(f)}`);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const abs = Math.abs(f);
  if (abs < 1e-6 || abs >= 1e21) return f.toExponential(); // Go: 'e' format with e-07 cleaned to e-7
  return String(f);
}

function goFloatSpecialName(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  return f > 0 ? '+Inf' : '-Inf';
}

/** Normalises `value` as json.Marshal sees it. Throws GoJsonError where json.Marshal fails. */
export function toJsonTree(value: unknown): JsonNode {
  const stack: object[] = [];
  const walk = (v: unknown): JsonNode => {
    if (v === null || v === undefined) return null;
    if (v instanceof JsonNumber) return v;
    switch (typeof v) {
      case 'boolean':
        return v;
      case 'string':
        return toWellFormed(v);
      case 'number':
        return new JsonNumber(formatJsonFloat(v));
      case 'bigint':
        return new JsonNumber(v.toString());
      case 'function':
        throw new GoJsonError('json: unsupported type: func()');
      case 'symbol':
        throw new GoJsonError('json: unsupported type: symbol');
    }
    if (isTracked(v)) return toWellFormed(v.text);
    const slice = Array.isArray(v) ? undefined : goSliceItems(v);
    if (slice) return walk([...slice]);
    const obj = v;
    if (!Array.isArray(obj) && !isPlainObject(obj)) {
      const toJSON = (obj as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return walk((toJSON as () => unknown).call(obj));
    }
    const seenAt = stack.indexOf(obj);
    if (seenAt >= 0) throw cycleError(stack, seenAt);
    stack.push(obj);
    try {
      if (Array.isArray(obj)) {
        const items = new Array<JsonNode>(obj.length);
        for (let i = 0; i < obj.length; i++) items[i] = walk(obj[i]);
        return { kind: 'array', source: obj, items };
      }
      // A plain object is a Go map (keys sorted); any other object is a struct (fields in order).
      const keys = Object.keys(obj);
      if (isPlainObject(obj)) keys.sort(compareGoStrings);
      const entries: Array<[string, JsonNode]> = [];
      for (const key of keys) {
        const child = (obj as Record<string, unknown>)[key];
        if (child === undefined && !isPlainObject(obj)) continue;
        entries.push([toWellFormed(key), walk(child)]);
      }
      return { kind: 'object', source: obj, entries };
    } finally {
      stack.pop();
    }
  };
  return walk(value);
}

/**
 * Go reports a cycle only once it is over 1000 containers deep, naming the container type found
 * twice past that depth; this works out which container of the cycle that is.
 */
function cycleError(stack: readonly object[], seenAt: number): GoJsonError {
  const length = stack.length - seenAt;
  const level = Math.max(CYCLE_DETECTION_DEPTH + 1, seenAt);
  const culprit = stack[seenAt + ((level - seenAt) % length)];
  return new GoJsonError(`json: unsupported value: encountered a cycle via ${goTypeName(culprit)}`);
}
