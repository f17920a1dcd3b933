/**
 * Names a build tags, as patterns a deployed reference is matched against: registry and repository
 * canonical as the image reference parser makes them (docker.io, library/ for official images,
 * index.docker.io folded in), the tag a glob in which whatever a variable decides is `*`
 * (`$(REGISTRY)/app:$(VERSION)` → `<REGISTRY's default>/app:*`). A name whose repository is not
 * known statically is unresolved: it matches nothing.
 */
import { parseImageReference, type ImageRef } from '../images/reference';
import type { Value } from '../buildscripts/values';
import type { NamePattern } from './types';

export type NameOutcome = { ok: true; pattern: NamePattern } | { ok: false; written: string; reason: string };

/** The value as written, for messages (unknown pieces show what was written there). */
export function writtenOf(value: Value): string {
  return value.map((p) => (p.unknown !== undefined ? p.from ?? '…' : p.text)).join('');
}

/** A build's name as a pattern, or why it cannot be one. */
export function namePattern(value: Value): NameOutcome {
  // Each character with whether a variable (not a matrix row) decided it; unknown pieces as one mark.
  // `wholeName`: the text of a variable's default that runs across the repository's `:` (the variable holds the whole name).
  const chars: Array<{ c: string; variable: boolean; unknown?: string; wholeName?: boolean }> = [];
  for (const piece of value) {
    if (piece.unknown !== undefined) { chars.push({ c: '\u0000', variable: true, unknown: piece.unknown }); continue; }
    const variable = piece.from !== undefined && !piece.fixed;
    const wholeName = variable && piece.text.includes(':');
    for (const c of piece.text) chars.push({ c, variable, wholeName });
  }
  const written = writtenOf(value);
  if (chars.length === 0) return { ok: false, written, reason: 'the name is empty' };
  const text = chars.map((x) => x.c).join('');
  const digest = text.indexOf('@');
  const end = digest === -1 ? text.length : digest;
  const slash = text.lastIndexOf('/', end);
  const colon = text.indexOf(':', slash + 1);
  const repoEnd = colon === -1 || colon > end ? end : colon;
  const unknownInName = chars.slice(0, repoEnd).find((x) => x.unknown !== undefined);
  if (unknownInName) return { ok: false, written, reason: unknownInName.unknown! };
  let tag = 'latest';
  if (repoEnd < end) {
    const tagChars = chars.slice(repoEnd + 1, end);
    // A whole name's default whose tag is a template of its own (`BUNDLE_IMG ?= $(BASE):community-bundle-$(VERSION)`):
    // its literal text stays (the bundle is not `$(BASE):main`). A plain default (`IMG ?= app:latest`) is a placeholder: any tag.
    const templated = tagChars.some((x) => x.variable && !x.wholeName);
    tag = '';
    for (const x of tagChars) {
      const wild = (x.variable && !(templated && x.wholeName)) || x.unknown !== undefined;
      if (!wild) tag += x.c;
      else if (!tag.endsWith('*')) tag += '*';
    }
    if (tag === '') tag = '*';
  }
  const name = text.slice(0, repoEnd);
  const parsed = parseImageReference(`${name}:latest`);
  if (!parsed.ok) return { ok: false, written, reason: parsed.reason };
  const { registry, repository } = parsed.ref;
  const pattern: NamePattern = { registry, repository, tag, shown: `${registry}/${repository}:${tag}` };
  if (!name.includes('/')) pattern.local = true;
  return { ok: true, pattern };
}

/** The repository key both sides are indexed by. */
export function repositoryKey(ref: { registry: string; repository: string }): string {
  return `${ref.registry}/${ref.repository}`;
}

/** True when a deployed reference is one of the pattern's names. A digest alone names a published image, not a build. */
export function matchesPattern(pattern: NamePattern, ref: ImageRef): boolean {
  if (pattern.registry !== ref.registry || pattern.repository !== ref.repository) return false;
  return ref.tag !== undefined && globMatch(pattern.tag, ref.tag);
}

/** `*` matches any run of characters; everything else itself. Linear in the tag for each part. */
function globMatch(glob: string, text: string): boolean {
  const parts = glob.split('*');
  if (parts.length === 1) return glob === text;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}
