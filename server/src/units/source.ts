/** UnitSource helpers: text reads, and sources that see edited or unsaved texts over another source. */
import { decodeUtf16, utf16Of } from '../core/encoding';
import type { SourceEdit, UnitSource } from './types';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: false });
const encoder = new TextEncoder();

/**
 * Texts by the bytes they were decoded from: a disk source hands out the same bytes for a file
 * that has not changed (bytes are never modified once read; the text goes when they do). A chart's
 * findings read its files' texts again at every re-render, and a check reads a shared base's files
 * once per overlay that uses it: each is decoded once. One string per file also makes the parse
 * caches keyed by text cheap to hit.
 */
const decoded = new WeakMap<Uint8Array, string>();
/** Larger files are decoded each time rather than kept twice (bytes and text). */
const MAX_DECODED_KEPT = 256 * 1024;

/** The text of a file (UTF-8, or UTF-16 by its byte-order mark; the mark dropped), or undefined. */
export function readText(source: UnitSource, path: string): string | undefined {
  const bytes = source.read(path);
  if (bytes === undefined) return undefined;
  const known = decoded.get(bytes);
  if (known !== undefined) return known;
  // UTF-16 by its byte-order mark, as kustomize's YAML reader decodes it (core/encoding.ts).
  const encoding = utf16Of(bytes);
  const text = encoding ? decodeUtf16(bytes, encoding) : utf8.decode(bytes);
  if (bytes.byteLength <= MAX_DECODED_KEPT) decoded.set(bytes, text);
  return text;
}

/** A source whose reads of the given files return these texts (editor buffers, fixed files). */
export function withTexts(base: UnitSource, texts: ReadonlyMap<string, string>): UnitSource {
  if (texts.size === 0) return base;
  const dirs = new Map<string, Set<string>>();
  for (const file of texts.keys()) {
    const at = file.lastIndexOf('/');
    if (at <= 0) continue;
    const dir = file.slice(0, at);
    let names = dirs.get(dir);
    if (!names) dirs.set(dir, (names = new Set()));
    names.add(file.slice(at + 1));
  }
  const encoded = new Map<string, Uint8Array>();
  return {
    read(path) {
      const text = texts.get(path);
      if (text === undefined) return base.read(path);
      let bytes = encoded.get(path);
      if (!bytes) encoded.set(path, (bytes = encoder.encode(text)));
      return bytes;
    },
    list(dir) {
      const own = base.list(dir);
      const extra = dirs.get(dir);
      if (!extra) return own;
      return [...new Set([...(own ?? []), ...extra])];
    },
  };
}

/** Applies offset edits to a text (non-overlapping; any order). Throws on overlaps: a driver's bug. */
export function applySourceEdits(text: string, edits: readonly SourceEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor || e.end < e.start || e.end > text.length) throw new Error('overlapping or out-of-range edits');
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** The edited texts of every file the edits touch. Undefined when a file cannot be read or the edits overlap. */
export function editedTexts(source: UnitSource, edits: readonly SourceEdit[]): Map<string, string> | undefined {
  const byFile = new Map<string, SourceEdit[]>();
  for (const e of edits) {
    let list = byFile.get(e.file);
    if (!list) byFile.set(e.file, (list = []));
    list.push(e);
  }
  const out = new Map<string, string>();
  for (const [file, list] of byFile) {
    const creates = list.some((e) => e.create);
    // A file is created whole by one edit, and never over one that exists.
    if (creates && (list.length !== 1 || source.read(file) !== undefined)) return undefined;
    const text = creates ? '' : readText(source, file);
    if (text === undefined) return undefined;
    try {
      out.set(file, applySourceEdits(text, list));
    } catch {
      return undefined;
    }
  }
  return out;
}
