/**
 * The images × targets table of a check: for every image the checked files use, whether its
 * registry publishes each target platform. The editor's "Check Workspace" report and the GitHub
 * Action's job summary both show it.
 */
import type { ImageLookup } from '../images/lookup';
import { formatPlatform, nodeAcceptance, type Platform } from '../images/platform';
import { DEFAULT_TARGETS } from '../core/config';
import type { CheckResult } from '../workspace/check';

export interface ImageRow {
  /** Canonical reference. */
  image: string;
  /** Where it is used (absolute path, 0-based line); the first few only. */
  uses: Array<{ file: string; line: number }>;
  /** Target (`linux/arm64`) → published (true), missing (false), unknown (null). */
  targets: Record<string, boolean | null>;
  /** Why the platforms are unknown, when they are. */
  error?: string;
}

const MAX_USES = 20;

/** The targets the checked files were held against (their configs'), in order; the defaults when none. */
export function checkedTargets(check: CheckResult): Platform[] {
  const seen = new Map<string, Platform>();
  for (const file of check.files) for (const t of file.config?.targets ?? []) seen.set(formatPlatform(t), t);
  if (seen.size === 0) for (const t of DEFAULT_TARGETS) seen.set(formatPlatform(t), t);
  return [...seen.values()];
}

/** One row per image, sorted by reference. */
export function imageRows(check: CheckResult, targets: readonly Platform[]): ImageRow[] {
  const byImage = new Map<string, ImageRow>();
  for (const file of check.files) {
    for (const use of file.images) {
      if (!use.reference.ok) continue;
      const canonical = use.reference.ref.canonical;
      let row = byImage.get(canonical);
      if (!row) {
        const lookup: ImageLookup | undefined = check.images.get(canonical);
        row = { image: canonical, uses: [], targets: {} };
        for (const t of targets) row.targets[formatPlatform(t)] = published(lookup, t);
        if (!lookup) row.error = 'not looked up';
        else if (!lookup.ok) row.error = `${lookup.error.state}: ${lookup.error.message}`;
        byImage.set(canonical, row);
      }
      if (row.uses.length < MAX_USES) row.uses.push({ file: file.file, line: use.range.start.line });
    }
  }
  return [...byImage.values()].sort((a, b) => a.image.localeCompare(b.image));
}

/** A node of the target platform runs the image natively: an exact match (no fallback variant). */
function published(lookup: ImageLookup | undefined, target: Platform): boolean | null {
  if (!lookup || !lookup.ok) return null;
  return lookup.image.platforms.some((e) => nodeAcceptance(target, e.platform) === 'exact');
}
