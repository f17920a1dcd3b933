/**
 * Which resource entries kustomize would fetch from the network (api/internal/loader IsRemoteFile
 * and api/internal/git NewRepoSpecFromURL): URLs of files, and git repositories in any of the
 * forms kustomize accepts. archlens never fetches them.
 */
import { isAbsolutePath } from './paths';

/** An http(s) URL: kustomize downloads the file. */
export function isRemoteFile(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

/** A git repository spec: `github.com/org/repo/path?ref=v1`, `https://host/org/repo.git//dir`, `git@host:org/repo`… */
export function isRepoSpec(spec: string): boolean {
  if (isAbsolutePath(spec)) return false;
  let n = spec.split('?')[0];
  n = n.replace(/^git::/i, '');
  const scheme = /^(ssh|https|http|file):\/\//i.exec(n);
  if (scheme) n = n.slice(scheme[0].length);
  const user = /^[a-zA-Z][a-zA-Z0-9-]*@/.exec(n);
  if (user) n = n.slice(user[0].length);
  const github = /^github\.com[/:]/i.test(n);
  if (!scheme && !user && !github) return false;
  if (scheme && scheme[1].toLowerCase() === 'file') return n.length > 0;
  // host, then a repository path: an explicit marker (`_git/`, `//`, `.git`) or at least org/repo.
  const sep = !scheme && (user || github) ? n.search(/[/:]/) : n.indexOf('/');
  if (sep <= 0) return false;
  const rest = n.slice(sep + 1);
  if (/_git\/|\/\/|\.git/.test(rest)) return true;
  return rest.split('/').filter(Boolean).length >= 2;
}
