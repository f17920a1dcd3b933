/**
 * The one safety check every applied fix passes — the CLI's `--fix`, the editor's quick fix and its
 * "Fix all" alike: the fixed text is analysed again and the fix is refused unless
 * - the result reads as well as the original did: no input problem or internal error it did not
 *   have (a fix that breaks the YAML is refused, never written);
 * - the file is read as the same set of documents (FileReader.outline): no document lost, split,
 *   merged, or turned into a `{{…}}` template that is then skipped unread — the way a broken fix
 *   once passed as "fixed";
 * - each fixed finding is gone: no finding of its rule at the place the edits moved it to, and
 *   fewer findings with its rule and message than before.
 */
import type { EffectiveConfig } from '../core/config';
import type { ChosenFix } from '../core/fix-selection';
import { applyEdits, LineIndex } from '../core/text';
import type { FileKind, Finding, TextEdit } from '../core/types';
import type { ImageLookup, PlatformResolver } from '../images/lookup';
import type { WorkspaceImages } from '../imagemap/types';
import { analyze, type DocumentAnalysis } from './analyze';

/** What the check compares of the text before the fix. */
export interface FixBase {
  file: string;
  kind: FileKind;
  text: string;
  problems: readonly { message: string }[];
  outline: readonly string[];
  findings: readonly Finding[];
}

export type FixVerdict =
  /** `lookups`: every answer the fixed text's references got (those asked for now included). */
  | { ok: true; text: string; after: DocumentAnalysis; lookups: ReadonlyMap<string, ImageLookup> }
  | { ok: false; reason: string };

export interface FixCheckOptions {
  config: EffectiveConfig;
  /** Answers already known (the registry rules' fixes are checked against them). */
  lookups: ReadonlyMap<string, ImageLookup>;
  /** Looks up references the fixed text has that `lookups` lacks (the CLI); without it they count as not looked up. */
  resolver?: PlatformResolver;
  signal?: AbortSignal;
  /** The workspace image map the findings were made with (AL210 reads it). */
  workspace?: WorkspaceImages;
  /**
   * The map as it would be after edits of other files (a fix at the build that makes an image), or
   * why those edits are refused; without it, a fix that edits another file is refused.
   */
  editWorkspace?: (edits: readonly TextEdit[]) => WorkspaceImages | { error: string };
}

/** Applies the fixes to the base text, analyses the result and judges it (see the module comment). */
export async function checkFixes(base: FixBase, fixes: readonly ChosenFix[], options: FixCheckOptions): Promise<FixVerdict> {
  const all = fixes.flatMap((c) => c.fix.edits);
  const edits = all.filter((e) => e.file === undefined || e.file === base.file);
  const elsewhere = all.filter((e) => e.file !== undefined && e.file !== base.file);
  let workspace = options.workspace;
  if (elsewhere.length > 0) {
    if (!options.editWorkspace) return { ok: false, reason: 'it edits another file, which cannot be checked here' };
    const edited = options.editWorkspace(elsewhere);
    if ('error' in edited) return { ok: false, reason: edited.error };
    workspace = edited;
  }
  let text: string;
  try {
    text = applyEdits(base.text, edits);
  } catch (error) {
    return { ok: false, reason: `its edits overlap (${error instanceof Error ? error.message : String(error)})` };
  }
  const unit = analyze({ documents: [{ file: base.file, text, kind: base.kind }], config: options.config, workspace });
  const done = options.resolver
    ? await unit.registry(options.resolver, { signal: options.signal, known: options.lookups, workspace })
    : unit.complete(options.lookups, { workspace });
  const [after] = done.documents;
  if (!after) return { ok: false, reason: 'the fixed file is no longer read as the same kind of file' };
  const reason = judge(base, fixes, edits, after);
  return reason ? { ok: false, reason } : { ok: true, text, after, lookups: done.lookups };
}

/** Why the fixed text `after` is refused, or undefined when it passes. */
export function judge(base: FixBase, fixes: readonly ChosenFix[], edits: readonly TextEdit[], after: DocumentAnalysis): string | undefined {
  const baseLines = new LineIndex(base.text);
  return judgeFixed(
    { what: 'file', problems: base.problems, internalErrors: [], outline: base.outline, findings: base.findings, offsetOf: (f) => baseLines.offsetAt(f.range.start), fileOf: () => base.file },
    fixes.map(({ finding }) => ({ finding, moved: offsetMapper(base.text, edits) })),
    { what: 'file', problems: after.problems, internalErrors: after.internalErrors, outline: after.outline, findings: after.findings, offsetOf: (f) => after.lines.offsetAt(f.range.start), fileOf: () => base.file },
  );
}

/**
 * What the check compares before and after a fix, for a file or for a unit (a rendered chart, whose
 * findings are placed in several files): problems, failures of archlens, the outline (the documents
 * read or rendered) and the findings, each with the offset of its start in the file it is shown in.
 */
export interface FixState {
  /** How messages name what was fixed: "file", "chart". */
  what: string;
  problems: readonly { message: string }[];
  internalErrors: readonly { message: string }[];
  outline: readonly string[];
  findings: readonly Finding[];
  offsetOf(finding: Finding): number;
  fileOf(finding: Finding): string;
}

/** A fixed finding, and where offsets of its file land once the fix's edits are applied there. */
export interface FixedFinding {
  finding: Finding;
  moved: (offset: number) => number;
}

/**
 * The judgement itself, for a file or a unit: refused when the result has a problem or an internal
 * error the original did not, is not the same documents, or still has a fixed finding (at the place
 * the edits moved it to, or as often with its rule and message as before).
 */
export function judgeFixed(before: FixState, fixed: readonly FixedFinding[], after: FixState): string | undefined {
  if (after.internalErrors.length > 0) return `archlens failed on the fixed ${after.what} (${after.internalErrors[0].message})`;
  const added = newProblem(before.problems, after.problems);
  if (added || after.problems.length > before.problems.length) {
    return `the fixed ${after.what} does not parse as before (${(added ?? after.problems[0]).message})`;
  }
  if (!sameOutline(before.outline, after.outline)) return `the fixed ${after.what} is not read as the same documents`;
  for (const { finding, moved } of fixed) {
    const file = before.fileOf(finding);
    const at = moved(before.offsetOf(finding));
    const again = after.findings.some((f) => f.rule === finding.rule && after.fileOf(f) === file && after.offsetOf(f) === at);
    const count = (state: FixState) => state.findings.filter((f) => f.rule === finding.rule && f.message === finding.message && state.fileOf(f) === file).length;
    if (again || count(after) >= count(before)) return `${finding.rule} is still reported after its fix`;
  }
  return undefined;
}

/**
 * The first problem of `after` the original did not have. Problems are matched one to one by their
 * message with its numbers left out: a message naming a line ("unterminated heredoc <<EOF (line 2)")
 * names another line once a fix inserts one above it (an `ARG` line), yet it is the same problem.
 */
function newProblem(before: readonly { message: string }[], after: readonly { message: string }[]): { message: string } | undefined {
  const shape = (message: string) => message.replace(/\d+/g, '#');
  const left = new Map<string, number>();
  for (const p of before) left.set(shape(p.message), (left.get(shape(p.message)) ?? 0) + 1);
  for (const p of after) {
    const n = left.get(shape(p.message)) ?? 0;
    if (n === 0) return p;
    left.set(shape(p.message), n - 1);
  }
  return undefined;
}

function sameOutline(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/**
 * Where an offset of the original text lands in the edited one: after every edit before it, and at
 * the start of the replacement when an edit covers or starts at it (where a fixed value now is).
 */
function offsetMapper(text: string, edits: readonly TextEdit[]): (offset: number) => number {
  const lines = new LineIndex(text);
  return offsetMapperOf(edits.map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText })));
}

/** offsetMapper over edits given as offsets (a unit's edits of one of its files). */
export function offsetMapperOf(edits: ReadonlyArray<{ start: number; end: number; newText: string }>): (offset: number) => number {
  const spans = edits
    .map((e) => ({ start: e.start, end: e.end, length: e.newText.length }))
    .filter((s) => s.end > s.start || s.length > 0)
    .sort((a, b) => a.start - b.start);
  return (offset) => {
    let shift = 0;
    for (const s of spans) {
      if (s.start > offset) break;
      if (s.end > offset) return s.start + shift; // replaced: where the replacement starts
      shift += s.length - (s.end - s.start); // before it (an insertion at it pushes it along)
    }
    return offset + shift;
  };
}
