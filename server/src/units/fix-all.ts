/**
 * `--fix` for a unit: its preferred fixes (each already verified alone, units/analyze.ts) applied
 * pass after pass — never two that touch the same text of a file in one pass, the most severe
 * finding's first — and each pass verified as a whole by the same safety check (the unit re-rendered
 * and re-analysed: same documents, no new problem, the fixed findings gone). Returns the fixed
 * texts; the caller writes them.
 */
import { judgeFixed, offsetMapperOf } from '../engine/fix-check';
import type { ImageLookup } from '../images/lookup';
import type { WorkspaceImages } from '../imagemap/types';
import { SEVERITIES, type Finding, type Fix } from '../core/types';
import { analyzeUnit, stateOf, type UnitInput, type UnitResult } from './analyze';
import { SourceTexts } from './place';
import { editedTexts, withTexts } from './source';
import type { SourceEdit, Steps, UnitSource } from './types';

const MAX_PASSES = 10;

export interface UnitFixApplied { file: string; rule: string; title: string; line: number }
export interface UnitFixOutcome {
  /** file → its fixed text (only files that changed). */
  texts: Map<string, string>;
  applied: UnitFixApplied[];
  refused: Array<UnitFixApplied & { reason: string }>;
  /** The unit's result after the fixes. */
  result: UnitResult;
}

/** A fix's edits as offsets in each file they touch. */
function sourceEdits(finding: Finding, fix: Fix, texts: SourceTexts): SourceEdit[] | undefined {
  const out: SourceEdit[] = [];
  for (const e of fix.edits) {
    const file = e.file ?? finding.file;
    if (file && e.create) {
      out.push({ file, start: 0, end: 0, newText: e.newText, create: true });
      continue;
    }
    const entry = file === undefined ? undefined : texts.get(file);
    if (!file || !entry) return undefined;
    out.push({ file, start: entry.lines.offsetAt(e.range.start), end: entry.lines.offsetAt(e.range.end), newText: e.newText });
  }
  return out;
}

function clashes(a: readonly SourceEdit[], b: readonly SourceEdit[]): boolean {
  return a.some((x) => b.some((y) => x.file === y.file && ((x.start < y.end && y.start < x.end) || x.start === y.start || x.end === y.start || y.end === x.start)));
}

/** Applies every preferred fix of the unit that passes the safety check, pass after pass. */
/** `workspace`: the image map the unit was checked with (AL210 reads it; without it, its findings would pass as fixed). */
export function* fixUnit(input: Omit<UnitInput, 'unit'>, start: UnitResult, lookups: ReadonlyMap<string, ImageLookup>, workspace?: WorkspaceImages): Steps<UnitFixOutcome> {
  let source: UnitSource = input.source;
  const changed = new Map<string, string>();
  const outcome: UnitFixOutcome = { texts: changed, applied: [], refused: [], result: start };
  const refusedKeys = new Set<string>();
  let current = start;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const texts = new SourceTexts(source);
    const candidates = [...current.files.values()]
      .flatMap((f) => f.findings)
      .filter((f) => !refusedKeys.has(keyOf(f)))
      .map((finding) => ({ finding, fix: finding.fixes?.find((x) => x.preferred) }))
      .filter((c): c is { finding: Finding; fix: Fix } => c.fix !== undefined)
      .sort((a, b) => SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity));
    const chosen: Array<{ finding: Finding; fix: Fix; edits: SourceEdit[] }> = [];
    for (const c of candidates) {
      const edits = sourceEdits(c.finding, c.fix, texts);
      if (!edits || chosen.some((o) => clashes(o.edits, edits))) continue;
      chosen.push({ ...c, edits });
    }
    if (chosen.length === 0) break;

    let passed = yield* tryPass(chosen);
    if (!passed && chosen.length > 1) passed = yield* tryPass(chosen.slice(0, 1));
    if (!passed) {
      const [first] = chosen;
      refusedKeys.add(keyOf(first.finding));
      outcome.refused.push({ ...described(first.finding, first.fix), reason: 'refused by the safety check once applied with the chart\'s other fixes' });
      continue;
    }
    for (const c of passed.applied) outcome.applied.push(described(c.finding, c.fix));
    for (const [file, text] of passed.texts) changed.set(file, text);
    source = passed.source;
    current = passed.result;
  }
  outcome.result = current;
  return outcome;

  function* tryPass(chosen: Array<{ finding: Finding; fix: Fix; edits: SourceEdit[] }>): Steps<{ applied: typeof chosen; texts: Map<string, string>; source: UnitSource; result: UnitResult } | undefined> {
    const byFile = new Map<string, SourceEdit[]>();
    for (const c of chosen) for (const e of c.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    const texts = editedTexts(source, chosen.flatMap((c) => c.edits));
    if (!texts) return undefined;
    const fixedSource = withTexts(source, texts);
    let result: UnitResult;
    try {
      const rendered = yield* input.rerender(fixedSource);
      const next = yield* analyzeUnit({ ...input, unit: rendered, source: fixedSource });
      result = yield* next.complete(lookups, { workspace });
    } catch {
      return undefined;
    }
    const before = stateOf(current, new SourceTexts(source));
    const fixed = chosen.map((c) => ({ finding: c.finding, moved: offsetMapperOf(byFile.get(c.finding.file ?? '') ?? []) }));
    if (judgeFixed(before, fixed, stateOf(result, new SourceTexts(fixedSource))) !== undefined) return undefined;
    return { applied: chosen, texts, source: fixedSource, result };
  }
}

function keyOf(f: Finding): string {
  return `${f.file}\u0000${f.rule}\u0000${f.message}`;
}

function described(finding: Finding, fix: Fix): UnitFixApplied {
  return { file: finding.file ?? '', rule: finding.rule, title: fix.title, line: finding.range.start.line + 1 };
}
