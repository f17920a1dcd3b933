/**
 * A rendered chart document's way back to the chart: a range of
 * the rendered text is shown where the user can change it —
 * - a value that came from a values file (an image's repository or tag, a nodeSelector a template
 *   passes through with toYaml): the values node that set it (its key, for a rendered key);
 * - otherwise the template: text copied from a template maps exactly, an action's output maps to
 *   the action (`{{ … }}`), in the file that holds it (a `_helpers.tpl` for an included define).
 */
import type { OutputSegment, ValueRef } from '../../helm/template';
import { parseImageReference } from '../../images/reference';
import type { SourceMap, SourceSpan } from '../types';

export interface SegmentLookup {
  /** The file a template name was read from ("web/templates/x.yaml" → "/repo/web/templates/x.yaml"). */
  fileOf(template: string): string | undefined;
  /** Whether findings may be shown in a file (not inside a packaged .tgz subchart). */
  showable(file: string): boolean;
  /** Whether a values file is one the variant adds over the chart's defaults (its values win). */
  overrides?(file: string): boolean;
}

/** Index of the first segment whose end is after `offset` (segments are sorted and disjoint). */
export function firstSegmentAfter(segments: readonly OutputSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The segments overlapping [start, end); for an empty range, the one holding `start`. */
export function segmentsIn(segments: readonly OutputSegment[], start: number, end: number): OutputSegment[] {
  const out: OutputSegment[] = [];
  for (let i = firstSegmentAfter(segments, start); i < segments.length; i++) {
    const s = segments[i];
    if (s.start >= Math.max(end, start + 1)) break;
    out.push(s);
  }
  return out;
}

/** The first ref of a segment that says where in a showable file the value was written. */
export function writtenRef(segment: OutputSegment, lookup: SegmentLookup): ValueRef | undefined {
  return segment.values?.find((r) => r.origin !== undefined && lookup.showable(r.origin.file));
}

export class HelmSourceMap implements SourceMap {
  constructor(
    private readonly text: string,
    private readonly segments: readonly OutputSegment[],
    private readonly lookup: SegmentLookup,
    /** The text of a values file (to show a quoted value without its quotes). */
    private readonly valuesText: (file: string) => string | undefined,
  ) {}

  locate(start: number, end: number): SourceSpan | undefined {
    const segments = segmentsIn(this.segments, start, end);
    if (segments.length === 0) return undefined;
    const fromValues = this.valueSegment(segments, start, end);
    if (fromValues) return this.valueSpan(fromValues.segment, fromValues.ref);
    return this.templateSpan(segments, start, end);
  }

  explain(start: number, end: number, span: SourceSpan): Array<SourceSpan & { message: string }> {
    // A place in a values file: say which template line prints it.
    const segments = segmentsIn(this.segments, start, end);
    const covers = (s: OutputSegment) => {
      const o = writtenRef(s, this.lookup)?.origin;
      if (!o || o.file !== span.file) return false;
      return (o.start <= span.start && span.end <= o.end) || (o.keyStart !== undefined && o.keyStart <= span.start && span.end <= o.keyEnd!);
    };
    const printed = segments.find((s) => s.kind === 'action' && covers(s));
    if (!printed) return [];
    const file = this.lookup.fileOf(printed.template);
    if (!file) return [];
    return [{ file, start: printed.tplStart, end: printed.tplEnd, message: `rendered by ${printed.template.slice(printed.template.indexOf('/') + 1)}` }];
  }

  sources(start: number, end: number): SourceSpan[] {
    const out: SourceSpan[] = [];
    for (const segment of segmentsIn(this.segments, start, end)) {
      const ref = writtenRef(segment, this.lookup);
      if (!ref?.origin) continue;
      const o = ref.origin;
      out.push({ file: o.file, start: o.start, end: o.end });
      if (o.keyStart !== undefined && o.keyEnd !== undefined) out.push({ file: o.file, start: o.keyStart, end: o.keyEnd });
    }
    return out;
  }

  /**
   * The segment whose values node decides the range, if any segment of it came from a values file.
   * For an image, the tag's node first (what one changes to get other platforms), then the name's.
   */
  private valueSegment(segments: OutputSegment[], start: number, end: number): { segment: OutputSegment; ref: ValueRef } | undefined {
    const withRef = segments.map((segment) => ({ segment, ref: writtenRef(segment, this.lookup) })).filter((x): x is { segment: OutputSegment; ref: ValueRef } => x.ref !== undefined);
    if (withRef.length <= 1) return withRef[0];
    // A variant's own values file overrides the chart's defaults: what it sets is what this variant changed.
    const own = withRef.filter((x) => this.lookup.overrides?.(x.ref.origin!.file));
    const pool = own.length > 0 ? own : withRef;
    const text = this.text.slice(start, end);
    const parsed = parseImageReference(text);
    if (parsed.ok) {
      const parts = imageParts(text);
      for (const at of [parts.tag, parts.name, parts.digest]) {
        if (at === undefined) continue;
        const found = pool.find((x) => x.segment.start <= start + at && start + at < x.segment.end);
        if (found) return found;
      }
    }
    return pool[0];
  }

  /** The values node of a ref: its key when the rendered text there is a mapping key, else its value (without quotes, unless empty). */
  private valueSpan(segment: OutputSegment, ref: ValueRef): SourceSpan {
    const origin = ref.origin!;
    const isKey = origin.keyStart !== undefined && origin.keyEnd !== undefined && /^[ \t]*:(?:\s|$)/.test(this.text.slice(segment.end, segment.end + 3));
    if (isKey) return { file: origin.file, start: origin.keyStart!, end: origin.keyEnd! };
    const text = this.valuesText(origin.file);
    let { start, end } = origin;
    if (text !== undefined && end - start > 2) {
      const first = text[start];
      if ((first === '"' || first === "'") && text[end - 1] === first) { start++; end--; }
    }
    return { file: origin.file, start, end };
  }

  /** Template text maps exactly; an action maps to itself; a range over several pieces of one template to its whole span. */
  private templateSpan(segments: OutputSegment[], start: number, end: number): SourceSpan | undefined {
    const first = segments[0];
    const last = segments[segments.length - 1];
    const file = this.lookup.fileOf(first.template);
    if (!file) return undefined;
    const from = first.kind === 'text' ? first.tplStart + Math.max(0, start - first.start) : first.tplStart;
    if (last.template === first.template) {
      const to = last.kind === 'text' ? last.tplStart + Math.min(last.end, Math.max(end, start)) - last.start : last.tplEnd;
      if (to >= from) return { file, start: from, end: to };
    }
    // Pieces of several templates (an included define): the first piece alone.
    return first.kind === 'text'
      ? { file, start: from, end: first.tplStart + Math.min(first.end, Math.max(end, start)) - first.start }
      : { file, start: first.tplStart, end: first.tplEnd };
  }
}

/** Offsets (in an image reference's text) of its last name component, its tag and its digest. */
export function imageParts(text: string): { name?: number; tag?: number; digest?: number } {
  const at = text.indexOf('@');
  const beforeDigest = at === -1 ? text : text.slice(0, at);
  const slash = beforeDigest.lastIndexOf('/');
  const colon = beforeDigest.lastIndexOf(':');
  const out: { name?: number; tag?: number; digest?: number } = { name: slash + 1 };
  if (colon > slash) out.tag = colon + 1;
  if (at !== -1) out.digest = at + 1;
  return out;
}
