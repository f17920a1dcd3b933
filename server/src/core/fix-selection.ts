/**
 * Which preferred fixes `--fix` and the editor's "Fix all" apply together in one pass. Fixes that
 * touch the same text (or share an insertion point — constraint fixes of one pod share one on
 * purpose, see rules/kubernetes/common.ts) cannot go together: the fix of the MOST SEVERE finding
 * wins (error > warning > info > hint), then the earlier one; the others wait for the next pass,
 * after a re-check. So a warning's fix never pre-empts an error's fix and leaves the error unfixable.
 */
import type { LineIndex } from './text';
import { SEVERITIES, type Finding, type Fix } from './types';

export interface ChosenFix { finding: Finding; fix: Fix }

/** Preferred fixes whose edits neither overlap nor share an insertion point; returned in the findings' order. */
export function selectFixes(findings: readonly Finding[], lines: LineIndex): ChosenFix[] {
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  const byPosition = (a: Finding, b: Finding) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  const order = findings.map((finding, index) => ({ finding, index }))
    .sort((a, b) => rank(a.finding) - rank(b.finding) || byPosition(a.finding, b.finding) || a.index - b.index);
  const taken = new TakenSpans();
  const chosen: Array<ChosenFix & { index: number }> = [];
  for (const { finding, index } of order) {
    const fix = finding.fixes?.find((f) => f.preferred);
    if (!fix || fix.edits.length === 0) continue;
    const spans = fix.edits.map((e) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as [number, number]);
    if (spans.some(([s, e]) => taken.clashes(s, e))) continue; // Next pass, after a re-check.
    // Edits of one fix must not overlap each other either.
    const sorted = [...spans].sort((a, b) => a[0] - b[0]);
    if (sorted.some((span, k) => k > 0 && span[0] < sorted[k - 1][1])) continue;
    for (const [s, e] of spans) taken.add(s, e);
    chosen.push({ finding, fix, index });
  }
  return chosen.sort((a, b) => a.index - b.index).map(({ finding, fix }) => ({ finding, fix }));
}

/** Offsets per bucket: a span is filed in every bucket it touches, a query reads only the buckets it touches. */
const BUCKET = 1024;

/**
 * The spans of the fixes taken so far. Two spans clash when their text overlaps, when an insertion
 * point lies in or at either end of the other, or when they start at the same offset. Spans are
 * filed by offset bucket so a check looks at the few spans near it: comparing each fix with every
 * taken one made "Fix all" on a file of 20,000 findings quadratic.
 */
class TakenSpans {
  private readonly buckets = new Map<number, Array<[number, number]>>();

  clashes(start: number, end: number): boolean {
    // Clashing spans share an offset (their closed ranges meet), so they share that offset's bucket.
    for (let b = Math.floor(start / BUCKET); b <= Math.floor(end / BUCKET); b++) {
      for (const [s, e] of this.buckets.get(b) ?? []) if (clash(start, end, s, e)) return true;
    }
    return false;
  }

  add(start: number, end: number): void {
    for (let b = Math.floor(start / BUCKET); b <= Math.floor(end / BUCKET); b++) {
      const bucket = this.buckets.get(b);
      if (bucket) bucket.push([start, end]);
      else this.buckets.set(b, [[start, end]]);
    }
  }
}

function clash(start: number, end: number, s: number, e: number): boolean {
  return (start < e && s < end) || start === s || (start === end && (start === e || start === s)) || (s === e && (s === start || s === end));
}
