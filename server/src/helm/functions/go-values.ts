/**
 * Helpers over the Go value model (HELM-CONTRACT.md) that the functions need beyond the engine's
 * values.ts: UTF-8 byte offsets (Go strings are bytes), well-formed text for encoders, and setting
 * any key on a map.
 */
export { compareGoStrings, isGoMap as isPlainObject, goTypeOf as goTypeName } from '../template';

/** A Go map or list (the containers of the value model). */
export function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
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

/** Sets a key on a plain object, even `__proto__`, as an own data property. */
export function setEntry(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/**
 * The elements of a Go slice: a JS array, or a class instance standing for a named slice type
 * with methods (Helm's Capabilities.APIVersions, a VersionSet), which exposes its elements
 * through a `list()` method (lower case, so templates cannot call it). Undefined otherwise.
 */
export function goSliceItems(v: unknown): readonly unknown[] | undefined {
  if (Array.isArray(v)) return v as readonly unknown[];
  if (v === null || typeof v !== 'object') return undefined;
  const list = (v as { list?: unknown }).list;
  if (typeof list !== 'function') return undefined;
  const items = (list as () => unknown).call(v);
  return Array.isArray(items) ? items : undefined;
}
