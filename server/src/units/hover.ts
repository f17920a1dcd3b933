/**
 * What a place in a unit's source file feeds: the images whose rendered reference was printed from
 * it (a values.yaml `tag:` key or its value, a template line that writes an image). An editor's
 * hover shows their platforms, as it does on an image in a manifest.
 */
import type { ImageUse } from '../core/analyzer';
import type { UnitAnalysis } from './analyze';

export interface FedImage {
  use: ImageUse;
  /** The range of the source that fed it, in the hovered file's offsets. */
  start: number;
  end: number;
}

/** The images (as rendered) whose reference text came from `file` at `offset`; the narrowest source first. */
export function imagesFedFrom(analysis: UnitAnalysis, file: string, offset: number): FedImage[] {
  const out: FedImage[] = [];
  const seen = new Set<string>();
  for (const { document, analysis: docAnalysis } of analysis.documents) {
    const [rendered] = docAnalysis.documents;
    if (!rendered) continue;
    for (const use of rendered.images) {
      const start = rendered.lines.offsetAt(use.range.start);
      const end = rendered.lines.offsetAt(use.range.end);
      const spans = [...(document.map.sources?.(start, end) ?? []), ...[document.map.locate(start, end)].filter((s) => s !== undefined)];
      const hit = spans.filter((s) => s.file === file && s.start <= offset && offset <= s.end).sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
      if (!hit) continue;
      const key = `${use.reference.ok ? use.reference.ref.canonical : use.reference.original}\u0000${hit.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ use, start: hit.start, end: hit.end });
    }
  }
  return out.sort((a, b) => (a.end - a.start) - (b.end - b.start));
}
