/**
 * The file-system seam of the chart loader. Chart code never touches the disk: it reads through a
 * ChartSource, so the editor can hand it unsaved buffers and tests can hand it files in memory.
 * Paths are absolute and POSIX-like ("/work/chart/values.yaml").
 */

export interface ChartSource {
  /** The bytes of a regular file, or undefined when there is none at that path. */
  read(path: string): Uint8Array | undefined;
  /**
   * The entry names (not paths) of a folder, or undefined when the path is not a folder. A
   * sub-folder's name ends with "/" so the loader can walk without asking for every entry's kind.
   */
  list(dir: string): string[] | undefined;
}

/** Joins POSIX path parts and normalises "." and ".." segments (like Go's path.Join). */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return cleanPath(joined);
}

/** Go's path.Clean: the shortest equivalent path by purely lexical processing. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const body = out.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

/** The last element of a path (Go's path.Base). */
export function baseName(p: string): string {
  if (p === '') return '.';
  // Most paths have no trailing slash: the common case skips the regular expression.
  const trimmed = p.endsWith('/') ? p.replace(/\/+$/, '') : p;
  if (trimmed === '') return '/';
  const i = trimmed.lastIndexOf('/');
  return i === -1 ? trimmed : trimmed.slice(i + 1);
}

/** Everything but the last element of a path (Go's path.Dir). */
export function dirName(p: string): string {
  const i = p.lastIndexOf('/');
  if (i === -1) return '.';
  return cleanPath(p.slice(0, i + 1));
}

/** The extension of the last element, dot included (Go's path.Ext). */
export function extName(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) {
    if (p[i] === '.') return p.slice(i);
  }
  return '';
}

/** A source over files held in memory: path → content. Folders are implied by the paths. */
export class MemorySource implements ChartSource {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Map<string, Set<string>>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.set(path, content);
  }

  /** Adds or replaces a file (an unsaved editor buffer, a test fixture). */
  set(path: string, content: string | Uint8Array): void {
    const clean = cleanPath(path);
    this.files.set(clean, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    let child = clean;
    for (let dir = dirName(clean); ; dir = dirName(dir)) {
      const name = baseName(child) + (child === clean ? '' : '/');
      let entries = this.dirs.get(dir);
      if (!entries) this.dirs.set(dir, (entries = new Set()));
      entries.add(name);
      if (dir === '/' || dir === '.') break;
      child = dir;
    }
  }

  read(path: string): Uint8Array | undefined {
    return this.files.get(cleanPath(path));
  }

  list(dir: string): string[] | undefined {
    const entries = this.dirs.get(cleanPath(dir));
    return entries ? [...entries] : undefined;
  }
}

/** A source whose reads see `overlay` first (e.g. unsaved buffers over the disk). */
export function overlaySource(overlay: ChartSource, base: ChartSource): ChartSource {
  return {
    read: (path) => overlay.read(path) ?? base.read(path),
    list: (dir) => {
      const a = overlay.list(dir);
      const b = base.list(dir);
      if (!a) return b;
      if (!b) return a;
      return [...new Set([...b, ...a])];
    },
  };
}

// ignoreBOM keeps a byte-order mark as text, as Go's string(bytes) does (the loader trims it).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Texts of chart files by their bytes: a source that read a file before hands out the same bytes
 * again (node-fs.ts keeps them by stat), so an editor's re-render does not decode every template
 * again. Bytes are never modified once read; the text goes when they do.
 */
const decoded = new WeakMap<Uint8Array, string>();
/** Larger files are decoded each time rather than kept twice (bytes and text). */
const MAX_DECODED_KEPT = 256 * 1024;

/** Bytes as text the way Go's string(bytes) shows them (invalid UTF-8 becomes U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): string {
  const known = decoded.get(bytes);
  if (known !== undefined) return known;
  const text = utf8.decode(bytes);
  if (bytes.byteLength <= MAX_DECODED_KEPT) decoded.set(bytes, text);
  return text;
}

/** Drops a leading UTF-8 byte-order mark, as Helm's loader does for every file. */
export function trimBom(bytes: Uint8Array): Uint8Array {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}
