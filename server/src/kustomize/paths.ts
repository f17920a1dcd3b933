/**
 * '/'-separated path arithmetic for the kustomize engine. The engine never touches the disk: every
 * path it hands to a KustomizeSource is absolute and normalised, so the same file always has the
 * same name (the editor invalidates overlays by these names). A Windows drive prefix (`C:/`) is
 * accepted as a root; the Node adapter converts backslashes before they reach here.
 */

/** True for `/x` and `C:/x`. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:\//.test(p);
}

function rootOf(p: string): string {
  if (p.startsWith('/')) return '/';
  const drive = /^[A-Za-z]:\//.exec(p);
  return drive ? drive[0] : '';
}

/** Removes `.`, `..` (never above the root), repeated and trailing slashes. */
export function normalizePath(p: string): string {
  const root = rootOf(p);
  const parts: string[] = [];
  for (const part of p.slice(root.length).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!root) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = root + parts.join('/');
  return joined === '' ? '.' : joined;
}

/** `rel` resolved against the directory `dir` (an absolute `rel` stands alone). */
export function joinPath(dir: string, rel: string): string {
  if (isAbsolutePath(rel)) return normalizePath(rel);
  return normalizePath(`${dir}/${rel}`);
}

export function dirnameOf(p: string): string {
  const root = rootOf(p);
  const at = p.lastIndexOf('/');
  if (at < root.length) return root || '.';
  return p.slice(0, at) || root;
}

export function basenameOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** True when `p` is `dir` or below it (both normalised). */
export function isWithin(dir: string, p: string): boolean {
  if (p === dir) return true;
  return p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** `to` relative to the directory `from` ('.' for the same place). */
export function relativePath(from: string, to: string): string {
  const a = from === '/' ? [] : from.split('/').filter(Boolean);
  const b = to === '/' ? [] : to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const up = a.slice(i).map(() => '..');
  const rel = [...up, ...b.slice(i)].join('/');
  return rel === '' ? '.' : rel;
}
