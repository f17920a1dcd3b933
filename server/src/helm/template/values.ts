/**
 * The Go value model of the contract (HELM-CONTRACT.md), and helpers every branch uses:
 *
 * | Go                                   | JS                                                        |
 * |--------------------------------------|-----------------------------------------------------------|
 * | nil                                  | null                                                      |
 * | missing map key / invalid value      | undefined (prints `<no value>`)                           |
 * | bool                                 | boolean                                                   |
 * | string                               | string (a TrackedString inside the engine)                |
 * | float64                              | number                                                    |
 * | int / int64                          | bigint                                                    |
 * | map[string]interface{}               | plain object (prototype Object.prototype or null)         |
 * | []interface{}                        | Array                                                     |
 * | struct / typed object                | class instance: exported (capitalised) properties are     |
 * |                                      | fields, capitalised prototype methods are Go methods      |
 *
 * A class may name its Go type for `%T`, `typeOf` and error messages with a static `goType`
 * (e.g. `static goType = '*chart.Metadata'`); a leading '*' makes it print as `&{…}` like a Go
 * pointer to a struct. A method named `String` (or `Error`) is used when printing, as Go's
 * fmt.Stringer (error) is.
 *
 * A class standing for a Go *named* map or slice type with methods (Helm's `.Files`, a
 * `map[string][]byte`; `.Capabilities.APIVersions`, a `[]string`) exposes its contents through the
 * GoCollection protocol (lower-case methods, so templates cannot call them): `range`, `len`, truth
 * and `kindOf` then see the map or slice it is, while its methods stay callable.
 */
import { TrackedString } from './tracked';

/** A plain object: Go's map[string]interface{}. */
export type GoMap = Record<string, unknown>;

const objectProto = Object.prototype;

export function isGoMap(v: unknown): v is GoMap {
  if (typeof v !== 'object' || v === null) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === objectProto || proto === null;
}

/**
 * The maps that stand for Helm's chartutil.Values: a chart's `.Values`, a named map type whose
 * method AsMap returns the map itself (`dig "a" "b" true .Values.AsMap`, grafana's k8s-monitoring
 * chart). Go looks a method up before a map key; the maps nested in it are plain
 * map[string]interface{} and have none.
 */
const helmValuesMaps = new WeakSet<GoMap>();

/** Marks `m` as a chart's `.Values` (chartutil.Values); returns it. */
export function asHelmValues(m: GoMap): GoMap {
  helmValuesMaps.add(m);
  return m;
}

export function isHelmValues(v: unknown): v is GoMap {
  return isGoMap(v) && helmValuesMaps.has(v);
}

export function isGoSlice(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

export function isGoString(v: unknown): v is string | TrackedString {
  return typeof v === 'string' || v instanceof TrackedString;
}

/** A class instance standing for a Go struct (or pointer to one). */
export function isGoStruct(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TrackedString) && !isGoMap(v);
}

/** The GoCollection protocol: how a class standing for a named Go map or slice shows its contents. */
export interface GoCollection {
  /** A named slice type: its elements, in order. */
  list?(): readonly unknown[];
  /** A named map type: its entries in Go's iteration order for range (keys sorted). */
  goEntries?(): ReadonlyArray<readonly [string, unknown]>;
}

/** The contents of a class instance that stands for a Go map or slice; undefined for anything else. */
export function goCollectionOf(v: unknown): { kind: 'map'; entries: ReadonlyArray<readonly [string, unknown]> } | { kind: 'slice'; items: readonly unknown[] } | undefined {
  if (!isGoStruct(v)) return undefined;
  const c = v as GoCollection;
  if (typeof c.goEntries === 'function') {
    const entries = c.goEntries();
    if (Array.isArray(entries)) return { kind: 'map', entries };
  }
  if (typeof c.list === 'function') {
    const items = c.list();
    if (Array.isArray(items)) return { kind: 'slice', items };
  }
  return undefined;
}

/** Unwraps a TrackedString to its text; any other value is returned as is. */
export function indirect(v: unknown): unknown {
  return v instanceof TrackedString ? v.text : v;
}

/** Own-key lookup on a Go map (never reaches Object.prototype). */
export function mapGet(m: GoMap, key: string): unknown {
  const v = m[key];
  if (v !== undefined) return Object.prototype.hasOwnProperty.call(m, key) ? v : undefined;
  return undefined;
}

export function mapHas(m: GoMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

/** Go's ordering of strings (bytewise UTF-8, i.e. by code point). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      // UTF-16 order differs from code point order only between surrogates and U+E000..U+FFFF.
      const sa = ca >= 0xd800 && ca <= 0xdfff;
      const sb = cb >= 0xd800 && cb <= 0xdfff;
      if (sa !== sb) return sa ? 1 : -1;
      return ca < cb ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** The keys of a Go map in Go's iteration order for printing and `range` (sorted). */
export function sortedKeys(m: GoMap): string[] {
  const keys = Object.keys(m);
  if (keys.length > 1) keys.sort(compareGoStrings);
  return keys;
}

/** Go's truth (text/template isTrue): false for nil and zero values, empty strings/slices/maps. */
export function isTrue(v: unknown): boolean {
  switch (typeof v) {
    case 'undefined':
      return false;
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'function':
      return true;
    case 'object':
      if (v === null) return false;
      if (Array.isArray(v)) return v.length > 0;
      if (v instanceof TrackedString) return v.text.length > 0;
      if (isGoMap(v)) {
        for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return true;
        return false;
      }
      {
        // A named map or slice type is true when it is not empty, like any map or slice.
        const collection = goCollectionOf(v);
        if (collection) return collection.kind === 'map' ? collection.entries.length > 0 : collection.items.length > 0;
      }
      return true; // structs and non-nil pointers
    default:
      return true;
  }
}

/** The Go type name a class instance declares (static goType) or its class name. */
export function structTypeName(v: object): string {
  const ctor = (v as { constructor?: { goType?: unknown; name?: string } }).constructor;
  if (ctor && typeof ctor.goType === 'string') return ctor.goType;
  return ctor && ctor.name ? ctor.name : 'struct {}';
}

/** reflect.Kind().String() of a value (sprig kindOf): "string", "float64", "int", "map", "slice", … */
export function goKindOf(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'function':
      return 'func';
    case 'object':
      if (v === null) return 'invalid';
      if (Array.isArray(v)) return 'slice';
      if (v instanceof TrackedString) return 'string';
      if (isGoMap(v)) return 'map';
      {
        const collection = goCollectionOf(v);
        if (collection) return collection.kind;
      }
      return structTypeName(v).startsWith('*') ? 'ptr' : 'struct';
    default:
      return 'invalid';
  }
}

/**
 * fmt's %T of a value (sprig typeOf): "string", "float64", "int", "bool", "map[string]interface {}",
 * "[]interface {}", "<nil>" for nil, the declared goType of a class.
 */
export function goTypeOf(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return '<nil>';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'function':
      return 'func(...interface {}) interface {}';
    case 'object':
      if (v === null) return '<nil>';
      if (Array.isArray(v)) return '[]interface {}';
      if (v instanceof TrackedString) return 'string';
      if (isGoMap(v)) return 'map[string]interface {}';
      return structTypeName(v);
    default:
      return '<nil>';
  }
}

// ---- numbers ----

export const MAX_INT64 = (1n << 63n) - 1n;
export const MIN_INT64 = -(1n << 63n);

export function isGoInt(v: unknown): v is bigint {
  return typeof v === 'bigint';
}

export function isGoFloat(v: unknown): v is number {
  return typeof v === 'number';
}

/** Wraps an integer to int64 as Go arithmetic does. */
export function toInt64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/**
 * Go's int64(f) conversion of a float64: truncates toward zero. Go leaves NaN and out-of-range
 * results implementation-defined; on amd64 they are math.MinInt64, which is what this returns.
 */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) return MIN_INT64;
  return BigInt(Math.trunc(f));
}

/** Go's float64(i) conversion (rounds to nearest). */
export function intToFloat64(i: bigint): number {
  return Number(i);
}
