/**
 * Small helpers over the Go value model (see HELM-CONTRACT.md) that the functions need and the
 * template engine's values.ts does not cover: Go's byte-wise string order, UTF-8 byte offsets,
 * and Go type names of containers.
 */

/** A Go map[string]interface{}: a plain object (prototype Object.prototype or null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A Go map or list (the containers of the value model). */
export function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return Array.isArray(v) || isPlainObject(v);
}

/**
 * Go compares strings byte by byte in UTF-8, which is code point order; JS compares UTF-16 code
 * units, which differs for characters above U+FFFF against U+E000..U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const surrogateA = ca >= 0xd800 && ca <= 0xdfff;
    const surrogateB = cb >= 0xd800 && cb <= 0xdfff;
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1; // a surrogate stands for a code point above U+FFFF
    return ca - cb;
  }
  return a.length - b.length;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces lone surrogates (invalid UTF-8 once encoded) with U+FFFD, as Go's encoders do. */
export function toWellFormed(s: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATE, '\ufffd') : s;
}

/** Length in bytes of `s` encoded as UTF-8 (Go's len(s)). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** True when every character of `s` is ASCII, so byte offsets equal string offsets. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Go's s[start:end] on the UTF-8 bytes of `s`. A cut through a multi-byte character leaves bytes
 * that are not UTF-8; they come back as U+FFFD, which is how they print once decoded.
 */
export function utf8Slice(s: string, start: number, end?: number): string {
  if (isAscii(s)) return s.slice(start, end);
  return Buffer.from(s, 'utf8').subarray(start, end).toString('utf8');
}

/** The Go type name `%T` prints for a container or class instance of the value model. */
export function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isPlainObject(v)) return 'map[string]interface {}';
  if (v !== null && typeof v === 'object') {
    const named = (v as { goTypeName?: unknown }).goTypeName;
    if (typeof named === 'string') return named;
    return `*${(v as object).constructor?.name ?? 'struct'}`;
  }
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
  }
  return '<nil>';
}

/** Sets a key on a plain object, even `__proto__`, as an own data property. */
export function setEntry(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
