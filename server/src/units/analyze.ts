/**
 * The analysis of a rendered unit, on top of the one pipeline (engine/analyze.ts): every rendered
 * document of every variant is analysed (offline, then registry) with a placement that moves each
 * finding through the unit's source map and each fix through its driver. Then, per source file:
 * - one finding per place: a finding produced several times at one place (a helper included by
 *   several workloads) is reported once, naming the other workloads; one present in every variant
 *   at the same place once, one present in some variants naming them;
 * - every moved fix is verified before it is offered (engine/fix-check.ts, the same judgement as a
 *   file's): applied to the sources, the unit rendered and analysed again, the unit must render the
 *   same documents without a new problem, and the finding must be gone. A fix that fails is dropped.
 * - a fix that edits a build file instead (AL210's at the build line) is not moved: the workspace
 *   image map is rebuilt as its edits would leave it (imagemap/edit.ts, as for a plain manifest) and
 *   the unit analysed again against that map; offered only when the finding is then gone.
 */
import { analyze, referencesToResolve, type Analysis, type DocumentAnalysis } from '../engine/analyze';
import type { EffectiveConfig } from '../core/config';
import { judgeFixed, offsetMapperOf, type FixState } from '../engine/fix-check';
import type { ImageUse } from '../core/analyzer';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import type { LineIndex } from '../core/text';
import type { WorkspaceImages } from '../imagemap/types';
import { ImageIndex } from '../imagemap/map';
import { editedWorkspace } from '../imagemap/edit';
import { SEVERITIES, type Finding, type Fix, type InputProblem, type InternalError, type TextEdit } from '../core/types';
import { placeFinding, SourceTexts } from './place';
import { editedTexts, withTexts } from './source';
import type { MovedFix, RenderedUnit, RenderedVariant, SourceEdit, Steps, UnitDocument, UnitDriver, UnitProblem, UnitRef, UnitSource } from './types';

export interface UnitInput {
  unit: RenderedUnit;
  driver: UnitDriver;
  config: EffectiveConfig;
  source: UnitSource;
  /** The unit rendered again from another source (edited files): how fixes are verified. */
  rerender(source: UnitSource): Steps<RenderedUnit>;
}

/** One source file of a unit after analysis. */
export interface UnitFileResult {
  file: string;
  findings: Finding[];
  problems: InputProblem[];
  internalErrors: InternalError[];
}

export interface UnitResult {
  ref: UnitRef;
  /** The images the rendered documents use, placed in the source files (file → uses). */
  images: Map<string, ImageUse[]>;
  /** Every file of the unit, those without findings too (an editor clears them), in path order. */
  files: Map<string, UnitFileResult>;
  /** The documents each variant rendered: what a fix must leave as it was. */
  outline: string[];
}

/** One rendered document after the offline phase. */
export interface AnalysedDocument {
  variant: RenderedVariant;
  document: UnitDocument;
  analysis: Analysis;
}

export interface UnitAnalysis {
  readonly ref: UnitRef;
  readonly unit: RenderedUnit;
  readonly documents: readonly AnalysedDocument[];
  /** Distinct image references of every rendered document. */
  readonly references: readonly ImageRef[];
  /**
   * The images the rendered documents use, placed in the source files (file → uses): what the unit
   * deploys, after rendering and `images:` overrides. Known after the offline phase, the same in both.
   */
  readonly images: ReadonlyMap<string, ImageUse[]>;
  /** The lines of one of the unit's source files (what the placed ranges are in), undefined when there is no such file. */
  linesOf(file: string): LineIndex | undefined;
  /** Offline findings only (shown while the registry look-ups run). */
  offline(): Steps<UnitResult>;
  /** Both phases, with these answers (and the workspace image map, which AL210 and its links read). */
  complete(lookups: ReadonlyMap<string, ImageLookup>, options?: UnitCompleteOptions): Steps<UnitResult>;
}

/** What the registry phase of a unit runs with besides the answers. */
export interface UnitCompleteOptions {
  /** The workspace image map (default: none). Fixes are verified against the same map. */
  workspace?: WorkspaceImages;
  /**
   * The map as a fix's edits of build files would leave it, or why they are refused (the same
   * contract as engine/fix-check.ts's). Default: derived from `workspace` when it is an ImageIndex;
   * without either, a fix that edits a build file is not offered.
   */
  editWorkspace?: (edits: readonly TextEdit[]) => WorkspaceImages | { error: string };
}

/** How a placed fix edits: the unit's sources (moved by the driver), or a build file outside the unit (AL210's). */
type PlacedEdits = { kind: 'source'; edits: SourceEdit[] } | { kind: 'build'; edits: TextEdit[] };

/** At most this many fixes are verified per result (each is a render): the others are not offered. */
const MAX_VERIFIED_FIXES = 64;

interface Placed {
  finding: Finding & { file: string };
  variant: number;
  /** The moved fixes' edits, by fix. */
  edits: Map<Fix, PlacedEdits>;
}

/** Runs the offline phase of every rendered document. `verify: false` (inside a fix's verification) offers fixes unverified. */
export function* analyzeUnit(input: UnitInput, options: { verify?: boolean } = {}): Steps<UnitAnalysis> {
  const verify = options.verify !== false;
  const { unit, driver, config, source } = input;
  const texts = new SourceTexts(source);
  const placedBy = new WeakMap<Finding, Placed>();
  const documents: AnalysedDocument[] = [];
  const pending: Array<() => void> = [];
  unit.variants.forEach((variant, v) => {
    variant.documents.forEach((document, d) => {
      const place = (finding: Finding, rendered: DocumentAnalysis): Finding | undefined => {
        const placed = placeFinding(finding, rendered.lines, document.map, texts, unit.ref.anchor, { kind: unit.ref.kind, root: unit.ref.root });
        if (!placed) return undefined;
        const edits = new Map<Fix, PlacedEdits>();
        const fixes: Fix[] = [];
        for (const fix of finding.fixes ?? []) {
          // An edit of another file (AL210's at the build) is not in the rendered text: a driver
          // would read its range as the document's and corrupt a source. It stays as it is, verified
          // against the map its edits leave (verifyBuildFix); one that also edits the unit is not offered.
          if (fix.edits.some((e) => e.file !== undefined)) {
            const build = buildFixEdits(fix, unit);
            if (build) {
              const kept: Fix = { ...fix, edits: build };
              edits.set(kept, { kind: 'build', edits: build });
              fixes.push(kept);
            }
            continue;
          }
          let result: SourceEdit[] | MovedFix | undefined;
          try {
            result = driver.relocateFix({ unit, variant, document, finding, fix, source });
          } catch {
            result = undefined; // a driver's failure costs the fix, never the finding
          }
          const moved = Array.isArray(result) ? { edits: result } : result;
          if (!moved || moved.edits.length === 0) continue;
          // A driver may say where the fix edits, and that it must not be preferred (a shared base).
          const preferred = (fix.preferred ?? false) && moved.preferred !== false;
          const relocated: Fix = { title: moved.title ?? fix.title, ...(preferred ? { preferred: true } : {}), edits: moved.edits.map((e) => toTextEdit(e, placed.file, texts)).filter((e): e is TextEdit => e !== undefined) };
          if (relocated.edits.length !== moved.edits.length) continue;
          edits.set(relocated, { kind: 'source', edits: moved.edits });
          fixes.push(relocated);
        }
        if (fixes.length > 0) placed.fixes = fixes;
        placedBy.set(placed, { finding: placed, variant: v, edits });
        return placed;
      };
      const file = `${unit.ref.anchor}#${v + 1}.${d + 1}`;
      pending.push(() => documents.push({ variant, document, analysis: analyze({ documents: [{ file, text: document.text, kind: 'kubernetes' }], config, place }) }));
    });
  });
  for (const run of pending) {
    run();
    yield;
  }

  const references = referencesToResolve(documents.flatMap((d) => d.analysis.documents.flatMap((a) => a.images)));
  // A verdict holds for the map it was reached with (AL210 reads it): kept per map.
  const verdictsByMap = new WeakMap<object, Map<string, boolean>>();
  const NO_MAP = {};
  const verdictsFor = (workspace: WorkspaceImages | undefined) => {
    let verdicts = verdictsByMap.get(workspace ?? NO_MAP);
    if (!verdicts) verdictsByMap.set(workspace ?? NO_MAP, (verdicts = new Map<string, boolean>()));
    return verdicts;
  };
  const offlineDocs = (): RenderedAnalysis[] => documents.flatMap((d) => d.analysis.documents.map((analysis) => ({ variant: d.variant, document: d.document, analysis })));
  // Image uses do not change in the registry phase: placed once, shared by every result.
  let placedImages: Map<string, ImageUse[]> | undefined;
  const imagesOf = () => (placedImages ??= placeImages(offlineDocs(), texts));

  function* result(docs: RenderedAnalysis[], lookups: ReadonlyMap<string, ImageLookup>, options: UnitCompleteOptions): Steps<UnitResult> {
    const assembled = assemble(unit, docs, (f) => placedBy.get(f), texts, imagesOf());
    if (verify) yield* verifyFixes(assembled, lookups, options);
    return assembled.result;
  }

  /** The registry phase of every rendered document, with these answers and this map. */
  function* completeDocs(lookups: ReadonlyMap<string, ImageLookup>, workspace: WorkspaceImages | undefined): Steps<RenderedAnalysis[]> {
    const docs: RenderedAnalysis[] = [];
    for (const d of documents) {
      for (const analysis of d.analysis.complete(lookups, { workspace }).documents) docs.push({ variant: d.variant, document: d.document, analysis });
      yield;
    }
    return docs;
  }

  /** Drops every moved fix that does not pass the safety check. */
  function* verifyFixes(assembled: Assembled, lookups: ReadonlyMap<string, ImageLookup>, options: UnitCompleteOptions): Steps<void> {
    const { workspace } = options;
    const editWorkspace = options.editWorkspace ?? (workspace instanceof ImageIndex ? (edits: readonly TextEdit[]) => editedWorkspace(workspace, edits, config) : undefined);
    let budget = MAX_VERIFIED_FIXES;
    const verdicts = verdictsFor(workspace);
    for (const file of assembled.result.files.values()) {
      for (const finding of file.findings) {
        if (!finding.fixes) continue;
        const kept: Fix[] = [];
        for (const fix of finding.fixes) {
          const edits = assembled.editsOf.get(fix);
          if (!edits) continue;
          const key = JSON.stringify([finding.rule, finding.file, finding.range, finding.message, edits]);
          let ok = verdicts.get(key);
          if (ok === undefined) {
            if (budget-- <= 0) continue;
            if (edits.kind === 'source') {
              ok = yield* verifyFix(finding, edits.edits, assembled.state, lookups, workspace);
              verdicts.set(key, ok);
            } else {
              // Not kept: the verdict is the edited map's, which the caller may derive differently next time.
              ok = yield* verifyBuildFix(finding, edits.edits, assembled.state, lookups, editWorkspace);
            }
          }
          if (ok) kept.push(fix);
        }
        if (kept.length > 0) finding.fixes = kept;
        else delete finding.fixes;
      }
    }
  }

  function* verifyFix(finding: Finding, edits: SourceEdit[], before: FixState, lookups: ReadonlyMap<string, ImageLookup>, workspace: WorkspaceImages | undefined): Steps<boolean> {
    const changed = editedTexts(source, edits);
    if (!changed) return false;
    const fixedSource = withTexts(source, changed);
    let after: UnitResult;
    try {
      const rendered = yield* input.rerender(fixedSource);
      const analysis = yield* analyzeUnit({ ...input, unit: rendered, source: fixedSource }, { verify: false });
      // The same map: without it an AL210 finding would vanish after any edit and pass as fixed.
      after = yield* analysis.complete(lookups, { workspace });
    } catch {
      return false;
    }
    const byFile = new Map<string, SourceEdit[]>();
    for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    const file = finding.file ?? unit.ref.anchor;
    const moved = offsetMapperOf(byFile.get(file) ?? []);
    return judgeFixed(before, [{ finding, moved }], stateOf(after, new SourceTexts(fixedSource))) === undefined;
  }

  /**
   * A fix at the build: the unit's sources stay as they are, so it is not rendered again; its
   * documents are analysed against the map the edits leave (the build file must read as the same
   * builds, imagemap/edit.ts) and the finding must be gone, as the plain manifest's fix must.
   */
  function* verifyBuildFix(finding: Finding, edits: TextEdit[], before: FixState, lookups: ReadonlyMap<string, ImageLookup>, editWorkspace: UnitCompleteOptions['editWorkspace']): Steps<boolean> {
    if (!editWorkspace) return false;
    let edited: WorkspaceImages | { error: string };
    try {
      edited = editWorkspace(edits);
    } catch {
      return false;
    }
    if ('error' in edited) return false;
    const after = assemble(unit, yield* completeDocs(lookups, edited), (f) => placedBy.get(f), texts, imagesOf());
    return judgeFixed(before, [{ finding, moved: (offset) => offset }], after.state) === undefined;
  }

  return {
    ref: unit.ref,
    unit,
    documents,
    references,
    get images() {
      return imagesOf();
    },
    linesOf: (file) => texts.get(file)?.lines,
    offline: () => result(offlineDocs(), new Map(), {}),
    *complete(lookups, options = {}) {
      const docs = yield* completeDocs(lookups, options.workspace);
      // The fixes of findings found with these answers (and this map) are verified with them.
      return yield* result(docs, lookups, options);
    },
  };
}

/** A fix's edits when every one is of a file outside the unit (a build file), else undefined. */
function buildFixEdits(fix: Fix, unit: RenderedUnit): TextEdit[] | undefined {
  const outside = fix.edits.every((e) => e.file !== undefined && !e.create && !unit.files.includes(e.file));
  return outside && fix.edits.length > 0 ? fix.edits.map((e) => ({ ...e })) : undefined;
}

function toTextEdit(edit: SourceEdit, findingFile: string, texts: SourceTexts): TextEdit | undefined {
  if (edit.create) {
    // A new file (an overlay's new patch): nothing there yet to have a range in.
    if (texts.get(edit.file) !== undefined) return undefined;
    return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: edit.newText, file: edit.file, create: true };
  }
  const range = texts.range(edit);
  if (!range) return undefined;
  return edit.file === findingFile ? { range, newText: edit.newText } : { range, newText: edit.newText, file: edit.file };
}

/** A rendered document after a phase. */
interface RenderedAnalysis {
  variant: RenderedVariant;
  document: UnitDocument;
  analysis: DocumentAnalysis;
}

interface Assembled {
  result: UnitResult;
  /** What the fix check compares (findings before the fix). */
  state: FixState;
  editsOf: Map<Fix, PlacedEdits>;
}

/** A problem's message as the fix check compares it: line and column numbers move with any edit above. */
function comparable(message: string): string {
  return message.replace(/\d+/g, '#');
}

/** The fix check's view of a unit result. */
export function stateOf(result: UnitResult, texts: SourceTexts): FixState {
  const files = [...result.files.values()];
  return {
    what: 'chart',
    problems: files.flatMap((f) => f.problems.map((p) => ({ message: comparable(p.message) }))),
    internalErrors: files.flatMap((f) => f.internalErrors),
    outline: result.outline,
    findings: files.flatMap((f) => f.findings),
    offsetOf: (f) => texts.get(f.file ?? '')?.lines.offsetAt(f.range.start) ?? -1,
    fileOf: (f) => f.file ?? '',
  };
}

/** A finding's place: file, range and rule (what one fix changes). */
function placeKey(f: Finding): string {
  const r = f.range;
  return `${f.file}\u0000${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\u0000${f.rule}`;
}

function moreSevere(a: Finding, b: Finding): Finding['severity'] {
  return SEVERITIES.indexOf(a.severity) <= SEVERITIES.indexOf(b.severity) ? a.severity : b.severity;
}

/** The workload a Kubernetes finding's data names ("Deployment \"web\""), if any. */
function workloadOf(f: Finding): string | undefined {
  const w = (f.data as { workload?: unknown } | undefined)?.workload;
  return typeof w === 'string' ? w : undefined;
}

/** "(also Deployment "b" and DaemonSet "c")" for the other workloads one place stands for. */
function alsoNaming(first: Finding, others: readonly Finding[]): string {
  const own = workloadOf(first);
  const names = [...new Set(others.map(workloadOf).filter((w): w is string => w !== undefined && w !== own))];
  if (names.length === 0) return '';
  const shown = names.slice(0, 3);
  const more = names.length - shown.length;
  const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')}${more > 0 ? ', ' : ' and '}${shown[shown.length - 1]}`;
  return ` The same holds for ${list}${more > 0 ? ` and ${more} more` : ''}.`;
}

function variantsSuffix(names: readonly string[]): string {
  return names.length === 1 ? ` (chart variant: ${names[0]})` : ` (chart variants: ${names.join(', ')})`;
}

/** Findings and problems per source file, once per place; fixes still unverified. */
function assemble(
  unit: RenderedUnit,
  docs: readonly RenderedAnalysis[],
  placedOf: (f: Finding) => Placed | undefined,
  texts: SourceTexts,
  images: Map<string, ImageUse[]>,
): Assembled {
  const variantNames = unit.variants.map((v) => v.name);
  const several = variantNames.length > 1;
  const files = new Map<string, UnitFileResult>();
  const fileResult = (file: string): UnitFileResult => {
    let r = files.get(file);
    if (!r) files.set(file, (r = { file, findings: [], problems: [], internalErrors: [] }));
    return r;
  };
  // Files that exist: a unit also names files it looked for (an overlay's missing resource), so
  // that creating one re-renders it, but those are not files checked.
  for (const file of unit.files) if (texts.get(file) !== undefined) fileResult(file);
  const editsOf = new Map<Fix, PlacedEdits>();

  // 1. Within a variant: one finding per place.
  const perVariant = variantNames.map(() => new Map<string, { first: Placed; others: Finding[] }>());
  for (const { analysis } of docs) {
    for (const finding of analysis.findings) {
      const placed = placedOf(finding);
      if (!placed) continue;
      const groups = perVariant[placed.variant];
      const key = placeKey(placed.finding);
      const group = groups.get(key);
      if (!group) groups.set(key, { first: placed, others: [] });
      else group.others.push(placed.finding);
    }
  }
  // 2. Across variants: the same message at the same place is one finding, naming its variants unless all have it.
  const merged = new Map<string, { finding: Finding & { file: string }; variants: Set<number>; edits: Map<Fix, PlacedEdits> }>();
  perVariant.forEach((groups, v) => {
    for (const { first, others } of groups.values()) {
      const severity = others.reduce((s, o) => moreSevere({ ...first.finding, severity: s }, o), first.finding.severity);
      const message = first.finding.message + alsoNaming(first.finding, others);
      const key = `${placeKey(first.finding)}\u0000${message}`;
      const existing = merged.get(key);
      if (existing) {
        existing.variants.add(v);
        existing.finding.severity = moreSevere(existing.finding, { ...first.finding, severity });
        continue;
      }
      merged.set(key, { finding: { ...first.finding, severity, message }, variants: new Set([v]), edits: first.edits });
    }
  });
  for (const { finding, variants, edits } of merged.values()) {
    if (several && variants.size < variantNames.length) {
      const names = [...variants].sort((a, b) => a - b).map((v) => variantNames[v]);
      finding.message += variantsSuffix(names);
      finding.unit = { ...finding.unit!, variants: names };
    }
    for (const fix of finding.fixes ?? []) {
      const e = edits.get(fix);
      if (e) editsOf.set(fix, e);
    }
    fileResult(finding.file).findings.push(finding);
  }

  // Problems: of the unit, of each variant (once when every variant has it), of rendered documents.
  const problems = new Map<string, { problem: UnitProblem; variants: Set<number> }>();
  const addProblem = (problem: UnitProblem, v: number | undefined) => {
    const key = `${problem.file}\u0000${problem.start}\u0000${problem.end}\u0000${problem.message}\u0000${problem.internal === true}`;
    const entry = problems.get(key) ?? { problem, variants: new Set<number>() };
    if (v === undefined) variantNames.forEach((_, i) => entry.variants.add(i));
    else entry.variants.add(v);
    problems.set(key, entry);
  };
  for (const p of unit.problems) addProblem(p, undefined);
  unit.variants.forEach((variant, v) => variant.problems.forEach((p) => addProblem(p, v)));
  for (const { variant, document, analysis } of docs) {
    const v = unit.variants.indexOf(variant);
    for (const p of analysis.problems) {
      const start = p.range ? analysis.lines.offsetAt(p.range.start) : 0;
      const end = p.range ? analysis.lines.offsetAt(p.range.end) : 0;
      const span = document.map.locate(start, end);
      addProblem({ file: span?.file ?? unit.ref.anchor, start: span?.start, end: span?.end, message: `in the rendered ${document.id}: ${p.message}` }, v);
    }
    for (const e of analysis.internalErrors) fileResult(unit.ref.anchor).internalErrors.push({ during: `${e.during} (rendered ${document.id})`, message: e.message });
  }
  for (const { problem, variants } of problems.values()) {
    // Helm lays an execution error out on three indented lines; a problem is one line (the Problems
    // panel, CI logs, JSON), with Helm's words kept.
    const oneLine = problem.message.replace(/\s*\n\s*/g, ' ');
    const message = several && variants.size < variantNames.length
      ? oneLine + variantsSuffix([...variants].sort((a, b) => a - b).map((i) => variantNames[i]))
      : oneLine;
    const target = fileResult(problem.file);
    if (problem.internal) {
      target.internalErrors.push({ during: `rendering the ${unit.ref.kind === 'helm' ? 'chart' : 'overlay'}`, message });
      continue;
    }
    const range = problem.start !== undefined ? texts.range({ file: problem.file, start: problem.start, end: problem.end ?? problem.start }) : undefined;
    const severity = problem.severity && problem.severity !== 'error' ? { severity: problem.severity } : {};
    target.problems.push(range ? { message, range, ...severity } : { message, ...severity });
  }

  for (const r of files.values()) r.findings.sort(byPlace);
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const result: UnitResult = {
    ref: unit.ref,
    images,
    files: sorted,
    outline: unit.variants.flatMap((v) => v.documents.map((d) => `${v.name}: ${d.id}`)),
  };
  return { result, state: stateOf(result, texts), editsOf };
}

/** Image uses, placed in the source files (the workspace report lists where each image is set, the image map what is deployed). */
function placeImages(docs: readonly RenderedAnalysis[], texts: SourceTexts): Map<string, ImageUse[]> {
  const images = new Map<string, ImageUse[]>();
  const seenUses = new Set<string>();
  for (const { document, analysis } of docs) {
    for (const use of analysis.images) {
      const span = document.map.locate(analysis.lines.offsetAt(use.range.start), analysis.lines.offsetAt(use.range.end));
      const range = span && texts.range(span);
      if (!span || !range) continue;
      const key = `${span.file}\u0000${span.start}\u0000${use.reference.ok ? use.reference.ref.canonical : use.reference.original}`;
      if (seenUses.has(key)) continue;
      seenUses.add(key);
      const list = images.get(span.file) ?? [];
      list.push({ ...use, range });
      images.set(span.file, list);
    }
  }
  return images;
}

function byPlace(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}
