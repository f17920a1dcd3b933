/**
 * spf13/cast's ToInt64 / ToInt / ToFloat64 as sprig calls them (errors ignored: anything that
 * does not convert is 0), and sprig's empty() and reflect.DeepEqual over the value model.
 */
import { floatToInt64, goCollectionOf, goKindOf, isGoMap, isTracked } from '../../template';
import { parseFloat64, parseInt64 } from '../../template/strconv';
import { GoDuration } from '../time/duration';
import { GoMonth, GoWeekday } from '../time/go-time';
import { parseGoFloat } from '../encoding/yaml-resolve';
import { goSliceItems } from '../go-values';

/** cast's trimZeroDecimal: "12.000" → "12" (other decimals are left for ParseInt to reject). */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** strconv.ParseInt(s, 0, 64). */
function parseInt0(s: string): bigint | undefined {
  const r = parseInt64(s);
  return r.ok ? r.value : undefined;
}

/** strconv.ParseFloat(s, 64), including Inf and NaN spellings. */
export function parseFloat0(s: string): number | undefined {
  return parseFloat64(s) ?? (/^[+-]?(inf|infinity|nan)$/i.test(s) ? parseGoFloat(s) : undefined);
}

/** cast.ToInt64. */
export function toInt64(v: unknown): bigint {
  if (isTracked(v)) v = v.text;
  if (v instanceof GoMonth || v instanceof GoWeekday) return BigInt(v.value);
  if (v instanceof GoDuration) return v.nanoseconds;
  switch (typeof v) {
    case 'bigint':
      return BigInt.asIntN(64, v);
    case 'number':
      return floatToInt64(v);
    case 'string':
      return parseInt0(trimZeroDecimal(v)) ?? 0n;
    case 'boolean':
      return v ? 1n : 0n;
  }
  return 0n;
}

/** cast.ToFloat64. */
export function toFloat64(v: unknown): number {
  if (isTracked(v)) v = v.text;
  if (v instanceof GoMonth || v instanceof GoWeekday) return v.value;
  if (v instanceof GoDuration) return Number(v.nanoseconds);
  switch (typeof v) {
    case 'bigint':
      return Number(v);
    case 'number':
      return v;
    case 'string':
      return parseFloat0(v) ?? 0;
    case 'boolean':
      return v ? 1 : 0;
  }
  return 0;
}

/** sprig's empty: nil, zero numbers, false, and empty strings, lists and maps. Structs never are. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'number':
      return v === 0;
    case 'bigint':
      return v === 0n;
    case 'function':
      return false;
  }
  if (isTracked(v)) return v.text.length === 0;
  const items = goSliceItems(v);
  if (items) return items.length === 0;
  if (isGoMap(v)) {
    for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) return false;
    return true;
  }
  const collection = goCollectionOf(v);
  if (collection?.kind === 'map') return collection.entries.length === 0; // `empty (.Files.Glob "x/*")`
  if (v instanceof GoDuration) return v.nanoseconds === 0n;
  if (v instanceof GoMonth || v instanceof GoWeekday) return v.value === 0;
  return false; // a struct, or a non-nil pointer
}

/** reflect.DeepEqual over the value model (types must match: 1 and 1.0 differ). */
export function deepEqual(a: unknown, b: unknown, seen: Array<[unknown, unknown]> = []): boolean {
  if (isTracked(a)) a = a.text;
  if (isTracked(b)) b = b.text;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (typeof a === 'number') return false; // NaN != NaN; other equal numbers were caught above
  if (typeof a !== 'object') return false;
  if (seen.some(([x, y]) => x === a && y === b)) return true;
  seen.push([a, b]);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i], seen));
  }
  if (Array.isArray(b)) return false;
  if (isGoMap(a) !== isGoMap(b)) return false;
  if (!isGoMap(a) && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen));
}

/** reflect.TypeOf(v).Kind() as sprig's list functions test it; panics as Go does on nil. */
export function listKind(v: unknown): string {
  if (v === null || v === undefined) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  return goKindOf(v);
}
