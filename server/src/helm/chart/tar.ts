/**
 * Reads a chart archive (.tgz) the way Helm's pkg/chart/loader/archive does: gunzip, walk the
 * tar entries, drop the top folder from every name, refuse absolute or escaping paths, and keep
 * Helm's size limits. A small reader over node:zlib rather than a tar library: Helm needs only
 * regular files out of ustar/pax/GNU archives, read whole from memory, and the checks around the
 * names are Helm's own anyway.
 */
import { gunzipSync } from 'node:zlib';
import { cleanPath, trimBom } from './source';

/** Helm's limits (archive.MaxDecompressedChartSize, archive.MaxDecompressedFileSize). */
export const MAX_CHART_BYTES = 100 * 1024 * 1024;
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface ArchiveFile {
  /** Path inside the chart, without the archive's top folder ("templates/x.yaml"). */
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/** The files of a gzipped chart archive; throws with Helm's wording for what Helm refuses. */
export function readChartArchive(gz: Uint8Array): ArchiveFile[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gz, { maxOutputLength: MAX_CHART_BYTES + 64 * 1024 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' && !(gz[0] === 0x1f && gz[1] === 0x8b)) throw new Error('gzip: invalid header');
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`decompressed chart is larger than the maximum size ${MAX_CHART_BYTES}`);
    throw new Error(`gzip: ${(err as Error).message}`);
  }
  const files: ArchiveFile[] = [];
  let remaining = MAX_CHART_BYTES;
  let longName: string | undefined;
  let paxPath: string | undefined;
  for (let off = 0; off + BLOCK <= tar.length; ) {
    const header = tar.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break; // end of archive
    const type = String.fromCharCode(header[156] || 0x30);
    const size = readSize(header.subarray(124, 136));
    const dataStart = off + BLOCK;
    const data = tar.subarray(dataStart, dataStart + size);
    if (data.length < size) throw new Error('unexpected EOF');
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'L') {
      longName = cString(data, utf8);
      continue;
    }
    if (type === 'x') {
      paxPath = paxRecords(data).get('path') ?? paxPath;
      continue;
    }
    if (type === 'g' || type === 'K') continue;

    let name = longName ?? paxPath ?? headerName(header);
    longName = undefined;
    paxPath = undefined;
    if (type === '5' || name.endsWith('/')) continue; // folders carry no content

    const delimiter = name.includes('\\') ? '\\' : '/';
    const parts = name.split(delimiter);
    name = parts.slice(1).join(delimiter).split(delimiter).join('/');
    if (name.startsWith('/')) throw new Error('chart illegally contains absolute paths');
    name = cleanPath(name);
    if (name === '.') throw new Error(`chart illegally contains content outside the base directory: "${parts.join(delimiter)}"`);
    if (name.startsWith('..')) throw new Error('chart illegally references parent directory');
    if (/^[a-zA-Z]:\//.test(name)) throw new Error('chart contains illegally named files');
    if (parts[0] === 'Chart.yaml') throw new Error('chart yaml not in base directory');
    if (size > remaining) throw new Error(`decompressed chart is larger than the maximum size ${MAX_CHART_BYTES}`);
    if (size > MAX_FILE_BYTES) throw new Error(`decompressed chart file "${parts.join(delimiter)}" is larger than the maximum file size ${MAX_FILE_BYTES}`);
    remaining -= size;
    files.push({ name, data: trimBom(new Uint8Array(data)) });
  }
  if (files.length === 0) throw new Error('no files in chart archive');
  return files;
}

function headerName(h: Uint8Array): string {
  const name = cString(h.subarray(0, 100), utf8);
  const magic = latin1.decode(h.subarray(257, 263));
  if (magic.startsWith('ustar')) {
    const prefix = cString(h.subarray(345, 500), utf8);
    if (prefix) return prefix + '/' + name;
  }
  return name;
}

function cString(b: Uint8Array, decoder: { decode(b: Uint8Array): string }): string {
  const end = b.indexOf(0);
  return decoder.decode(end === -1 ? b : b.subarray(0, end));
}

/** A numeric header field: octal text, or GNU base-256 when the high bit is set. */
function readSize(field: Uint8Array): number {
  if (field[0] & 0x80) {
    let n = 0;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return n;
  }
  const text = latin1.decode(field).replace(/\0.*$/s, '').trim();
  const n = text === '' ? 0 : parseInt(text, 8);
  if (!Number.isFinite(n) || n < 0) throw new Error('archive/tar: invalid tar header');
  return n;
}

/** PAX extended header records ("LEN key=value\n"; LEN counts bytes). */
function paxRecords(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp === -1) break;
    const len = parseInt(latin1.decode(data.subarray(i, sp)), 10);
    if (!Number.isFinite(len) || len <= 0 || i + len > data.length) break;
    const record = utf8.decode(data.subarray(sp + 1, i + len - 1));
    const eq = record.indexOf('=');
    if (eq !== -1) out.set(record.slice(0, eq), record.slice(eq + 1));
    i += len;
  }
  return out;
}
