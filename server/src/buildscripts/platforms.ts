/** Platform strings as build tools write them ("linux/amd64", "linux/arm64/v8", "arm64"), compared to the targets. */
import { formatPlatform, normalizePlatform, parsePlatform, type Platform } from '../images/platform';
import type { Insertion } from './model';

export { formatPlatform };

/** True when a listed platform provides what a target needs (a target without variant accepts any variant). */
export function covers(listed: Platform, target: Platform): boolean {
  const l = normalizePlatform(listed);
  const t = normalizePlatform(target);
  return l.os === t.os && l.architecture === t.architecture && (!t.variant || l.variant === t.variant);
}

/** The targets no listed platform covers, as strings ("linux/arm64"). */
export function missingTargets(listed: readonly string[], targets: readonly Platform[]): string[] {
  const parsed = listed.map((p) => parsePlatform(p)).filter((p): p is Platform => p !== undefined);
  return targets.filter((t) => !parsed.some((p) => covers(p, t))).map(formatPlatform);
}

/** Architectures of listed platforms, normalised ("amd64", "arm64"); unparsable entries left out. */
export function architectures(listed: readonly string[]): string[] {
  return [...new Set(listed.map((p) => parsePlatform(p)?.architecture).filter((a): a is string => a !== undefined))];
}

/** Renders an Insertion as the edit's text and span. */
export function renderInsertion(insertion: Insertion, platforms: readonly string[]): { start: number; end: number; text: string } {
  const text = insertion.prefix + platforms.map((p) => insertion.quote + p + insertion.quote).join(insertion.separator) + insertion.suffix;
  return { start: insertion.offset, end: insertion.deleteTo ?? insertion.offset, text };
}
