/**
 * Placement of a finding computed on a rendered document: its range, its related locations and
 * its suppression anchors are moved through the unit's source map into the files the user wrote;
 * a finding there may be silenced by a `# archlens ignore=` comment in that file, as in any file.
 */
import { parseSuppressions, isSuppressed, type Suppressions } from '../core/suppression';
import { LineIndex } from '../core/text';
import type { Finding, FindingUnit, Range, RelatedLocation } from '../core/types';
import { readText } from './source';
import { throughNote } from './through';
import type { SourceMap, SourceSpan, UnitSource } from './types';

/** The texts of a unit's source files, read once each, with their line indexes and suppressions. */
export class SourceTexts {
  private readonly files = new Map<string, { text: string; lines: LineIndex; suppressions?: Suppressions } | undefined>();

  constructor(private readonly source: UnitSource) {}

  get(file: string): { text: string; lines: LineIndex } | undefined {
    if (!this.files.has(file)) {
      const text = readText(this.source, file);
      this.files.set(file, text === undefined ? undefined : { text, lines: new LineIndex(text) });
    }
    return this.files.get(file);
  }

  range(span: SourceSpan): Range | undefined {
    return this.get(span.file)?.lines.range(span.start, span.end);
  }

  suppressed(finding: Finding & { file: string }): boolean {
    const entry = this.get(finding.file);
    if (!entry) return false;
    const full = this.files.get(finding.file)!;
    full.suppressions ??= parseSuppressions(full.lines);
    return isSuppressed(finding, full.suppressions, full.lines);
  }
}

/**
 * The finding shown where the source map says (`fallback` — the unit's anchor — when nothing the
 * user wrote produced it); undefined when a suppression comment at that place silences it.
 */
export function placeFinding(finding: Finding, rendered: LineIndex, map: SourceMap, texts: SourceTexts, fallback: string, unit: FindingUnit): (Finding & { file: string }) | undefined {
  let start = rendered.offsetAt(finding.range.start);
  let end = rendered.offsetAt(finding.range.end);
  // A finding about a token of its text (AL106: the `amd64` of `defaultbackend-amd64`) is shown where that token was written.
  const token = (finding.data as { token?: unknown } | undefined)?.token;
  if (typeof token === 'string' && token.length > 0) {
    const text = rendered.text.slice(start, end);
    const at = text.indexOf(token);
    if (at !== -1 && text.indexOf(token, at + 1) === -1) { start += at; end = start + token.length; }
  }
  const span = map.locate(start, end, finding);
  const range = span && texts.range(span);
  const file = span && range ? span.file : fallback;
  const placed: Finding & { file: string } = { ...finding, file, range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const through = span && range ? map.through?.(span) : undefined;
  placed.unit = through ? { ...unit, through } : unit;
  if (through) placed.message += throughNote(through);

  const related: RelatedLocation[] = [];
  if (span && range && map.explain) {
    for (const e of map.explain(start, end, span)) {
      const r = texts.range(e);
      if (r) related.push({ file: e.file, range: r, message: e.message });
    }
  }
  for (const r of finding.related ?? []) {
    // Another file's place (AL210's build line) is not in the rendered text: it stays as it is.
    if (r.file !== undefined) {
      related.push(r);
      continue;
    }
    const s = map.locate(rendered.offsetAt(r.range.start), rendered.offsetAt(r.range.end));
    const rr = s && texts.range(s);
    if (s && rr) related.push({ file: s.file, range: rr, message: r.message });
  }
  if (related.length > 0) placed.related = related;
  else delete placed.related;

  // Anchors (the workload's `kind:` line…) count where they land in the same file.
  const anchors: number[] = [];
  for (const line of finding.suppressionAnchors ?? []) {
    const at = rendered.lineStarts[line];
    if (at === undefined) continue;
    const s = map.locate(at, at + 1);
    const r = s && s.file === file ? texts.range(s) : undefined;
    if (r) anchors.push(r.start.line);
  }
  if (anchors.length > 0) placed.suppressionAnchors = anchors;
  else delete placed.suppressionAnchors;
  // Fixes are moved by the unit's driver (units/analyze.ts), not here.
  delete placed.fixes;
  return texts.suppressed(placed) ? undefined : placed;
}
