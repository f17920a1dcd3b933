/**
 * Arch-set algebra on GOARCH strings ("amd64", "arm64", "arm", …): the allowed set of a pod
 * template, the set an image publishes, and what is missing between them.
 */
import { normalizePlatform, type Platform } from './platform';

export type ArchSet = ReadonlySet<string>;

export function archSet(values: Iterable<string>): Set<string> {
  return new Set(values);
}

export function intersect(a: ArchSet, b: ArchSet): Set<string> {
  const out = new Set<string>();
  for (const value of a) if (b.has(value)) out.add(value);
  return out;
}

export function union(...sets: ArchSet[]): Set<string> {
  const out = new Set<string>();
  for (const set of sets) for (const value of set) out.add(value);
  return out;
}

/** Members of `a` that are not in `b`. */
export function difference(a: ArchSet, b: ArchSet): Set<string> {
  const out = new Set<string>();
  for (const value of a) if (!b.has(value)) out.add(value);
  return out;
}

export function isSubset(a: ArchSet, b: ArchSet): boolean {
  for (const value of a) if (!b.has(value)) return false;
  return true;
}

export function equals(a: ArchSet, b: ArchSet): boolean {
  return a.size === b.size && isSubset(a, b);
}

/** Sorted list, for stable messages and fixes. */
export function sortedArchs(set: ArchSet): string[] {
  return [...set].sort();
}

/** "amd64, arm64" (sorted; `separator` defaults to ", "); "" for the empty set. */
export function formatArchSet(set: ArchSet, separator = ', '): string {
  return sortedArchs(set).join(separator);
}

/**
 * The architectures published for `os` (default linux), normalised (x86_64 → amd64, aarch64 →
 * arm64; arm/v7 → "arm"). Accepts plain platforms or look-up entries ({platform}). Attestation
 * entries ("unknown/unknown") never count.
 */
export function archSetOfPlatforms(platforms: Iterable<Platform | { platform: Platform }>, os = 'linux'): Set<string> {
  const wantOs = os.toLowerCase();
  const out = new Set<string>();
  for (const item of platforms) {
    const raw = 'platform' in item ? item.platform : item;
    const p = normalizePlatform(raw);
    if (p.os !== wantOs || p.architecture === 'unknown' || p.architecture === '') continue;
    out.add(p.architecture);
  }
  return out;
}
