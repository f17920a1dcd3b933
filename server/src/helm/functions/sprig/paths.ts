/**
 * Go's path package (base, dir, clean, ext, isAbs). sprig's os* variants call path/filepath,
 * which on Linux (where Helm renders for Kubernetes) behaves the same.
 */

/** path.Clean: the shortest equivalent path by purely lexical processing. */
export function pathClean(path: string): string {
  if (path === '') return '.';
  const rooted = path[0] === '/';
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const body = parts.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

/** path.Base: the last element, trailing slashes removed; "." for "", "/" for all slashes. */
export function pathBase(path: string): string {
  if (path === '') return '.';
  let p = path.replace(/\/+$/, '');
  if (p === '') return '/';
  const i = p.lastIndexOf('/');
  if (i >= 0) p = p.slice(i + 1);
  return p;
}

/** path.Dir: all but the last element, cleaned. */
export function pathDir(path: string): string {
  const i = path.lastIndexOf('/');
  return pathClean(path.slice(0, i + 1));
}

/** path.Ext: the suffix from the last dot of the last element. */
export function pathExt(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== '/'; i--) {
    if (path[i] === '.') return path.slice(i);
  }
  return '';
}

export function pathIsAbs(path: string): boolean {
  return path.startsWith('/');
}
