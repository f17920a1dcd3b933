/**
 * fmt.Sprint / %v of the Go value model, as sprig's functions print values (toString, cat, join,
 * dict keys, squote, …): maps as map[k:v] with sorted keys, lists as [a b], nil as <nil>, floats
 * in %g form (1e+06), and a value with a String() method (a Stringer) through that method.
 */
import { formatFloatG } from './encoding/go-float';
import { compareGoStrings, isPlainObject } from './go-values';

export function goSprint(v: unknown): string {
  return printValue(v, 0);
}

const MAX_DEPTH = 10_000;

function printValue(v: unknown, depth: number): string {
  if (depth > MAX_DEPTH) return '...';
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatFloatG(v);
    case 'bigint':
      return v.toString();
    case 'function':
      return '<func>';
  }
  if (Array.isArray(v)) return '[' + v.map((x) => printValue(x, depth + 1)).join(' ') + ']';
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort(compareGoStrings);
    return 'map[' + keys.map((k) => `${k}:${printValue(v[k], depth + 1)}`).join(' ') + ']';
  }
  const stringer = (v as { String?: unknown }).String;
  if (typeof stringer === 'function') return String((stringer as () => unknown).call(v));
  const text = (v as { text?: unknown }).text;
  if (typeof text === 'string' && Array.isArray((v as { segments?: unknown }).segments)) return text; // a TrackedString
  return '{' + Object.values(v as object).map((x) => printValue(x, depth + 1)).join(' ') + '}';
}
