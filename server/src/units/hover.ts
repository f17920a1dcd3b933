/**
 * What a place in a unit's source file feeds: the images whose rendered reference was printed from
 * it (a values.yaml `tag:` key or its value, a template line that writes an image). An editor's
 * hover shows their platforms, as it does on an image in a manifest. The index is built once per
 * render and is small (one entry per image and source place), so an editor keeps it without the
 * rendered chart.
 */
import type { ImageUse } from '../core/analyzer';
import type { UnitAnalysis } from './analyze';

export interface FedImage {
  use: ImageUse;
  /** The file whose text fed it, and the range of that text. */
  file: string;
  start: number;
  end: number;
}

/** Every (image, source place) pair of a rendered unit. */
export function imageSources(analysis: UnitAnalysis): FedImage[] {
  const out: FedImage[] = [];
  const seen = new Set<string>();
  for (const { document, analysis: docAnalysis } of analysis.documents) {
    const [rendered] = docAnalysis.documents;
    if (!rendered) continue;
    for (const use of rendered.images) {
      const start = rendered.lines.offsetAt(use.range.start);
      const end = rendered.lines.offsetAt(use.range.end);
      const located = document.map.locate(start, end);
      for (const span of [...(document.map.sources?.(start, end) ?? []), ...(located ? [located] : [])]) {
        const key = `${use.reference.ok ? use.reference.ref.canonical : use.reference.original}\u0000${span.file}\u0000${span.start}\u0000${span.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ use, file: span.file, start: span.start, end: span.end });
      }
    }
  }
  return out;
}

/** The images fed from `file` at `offset`, the narrowest source first. */
export function imagesFedFrom(index: readonly FedImage[], file: string, offset: number): FedImage[] {
  return index
    .filter((f) => f.file === file && f.start <= offset && offset <= f.end)
    .sort((a, b) => (a.end - a.start) - (b.end - b.start));
}
