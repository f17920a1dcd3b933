/** Reading files for analysis without surprises: size checked first, binaries and pipes refused, never throws. */
import * as fs from 'node:fs';
import { classifyFile, needsFirstLine } from '../engine/classify';
import { MAX_FILE_BYTES } from '../engine/analyze';
import { decodeUtf16, utf16Of, type TextEncoding } from '../core/encoding';

/** How a file's text is stored: UTF-8 (with or without BOM), or UTF-16 with its BOM (what Windows PowerShell's `>` writes). */
export type { TextEncoding };

export type ReadOutcome = { text: string; bom: boolean; encoding?: TextEncoding } | { problem: string };

/** The bytes to write back for a text read in `encoding` (its BOM first), so a fix keeps the file's encoding. */
export function encodeText(text: string, bom: boolean, encoding: TextEncoding | undefined): string | Buffer {
  if (encoding === undefined) return (bom ? '\ufeff' : '') + text;
  const bytes = Buffer.from(`\ufeff${text}`, 'utf16le');
  return encoding === 'utf-16be' ? bytes.swap16() : bytes;
}


/** Opening a named pipe (or a device) for reading would wait for a writer forever: open without blocking, then fstat. */
const READ_WITHOUT_BLOCKING = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a file for analysis: size checked before reading, binary content detected, never throws.
 * Synchronous on purpose: four async round trips per file cost more than the read itself, and
 * checkFiles yields to the event loop between files instead.
 */
export function readFileSafely(file: string, maxBytes = MAX_FILE_BYTES): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, READ_WITHOUT_BLOCKING);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { problem: 'not a regular file' };
    if (stat.size > maxBytes) {
      return { problem: `file is too large to analyse (${(stat.size / 1024 / 1024).toFixed(1)} MB; the limit is ${Math.round(maxBytes / 1024 / 1024)} MB)` };
    }
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const bytes = buffer.subarray(0, read);
    const utf16 = utf16Of(bytes);
    if (utf16) {
      const text = decodeUtf16(bytes, utf16);
      return text.slice(0, 4096).includes('\u0000') ? { problem: 'binary content: not a text file' } : { text, bom: false, encoding: utf16 };
    }
    if (bytes.subarray(0, 8192).includes(0)) return { problem: 'binary content: not a text file' };
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { text: bytes.toString('utf8', bom ? 3 : 0), bom };
  } catch (error) {
    return { problem: `cannot be read: ${errorCode(error)}` };
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/**
 * Whether a file is one archlens reads, deciding extensionless files from their first line
 * (read alone: a large data file or a binary without an extension is never read whole).
 */
export function mayBeRead(file: string): boolean {
  if (classifyFile(file) !== undefined) return true;
  if (!needsFirstLine(file)) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, READ_WITHOUT_BLOCKING);
    const head = Buffer.alloc(256);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('utf8');
    const end = text.indexOf('\n');
    return classifyFile(file, end === -1 ? text : text.slice(0, end)) !== undefined;
  } catch {
    return false; // Unreadable and of unknown kind: not archlens's business.
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}


function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(error));
}
