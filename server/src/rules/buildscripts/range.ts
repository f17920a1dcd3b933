import type { Range } from '../../core/types';

/** A key for de-duplicating reports at one range (a Bake parent's `platforms` shared by several targets). */
export function rangeOfFinding(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}
