/**
 * Suppression comments, read and written here with one pattern: `# archlens ignore=AL202,unconstrained-single-arch`
 * in the comment block right above a finding, and `# archlens global ignore=…` anywhere for the
 * whole file. Read from the raw text so every file kind (YAML, Dockerfile, shell, Makefile) shares
 * one mechanism. The edits that write them keep the file valid: a comment never goes inside a
 * shell line continuation, above a Dockerfile parser directive, or before a shebang.
 */
import { hashCommentLinesAbove, type LineIndex } from './text';
import type { FileKind, Finding, Range, TextEdit } from './types';

/** `# archlens [global] ignore=ids`: the ids run to the end of the comment (or another `#`). */
const DIRECTIVE = /#\s*archlens\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]*)/;
const DOCKER_PARSER_DIRECTIVE = /^#\s*[A-Za-z][A-Za-z0-9]*\s*=/;

/** One directive on a line. */
export interface Directive {
  global: boolean;
  /** The codes or names as written (`AL202`, `unconstrained-single-arch`). */
  ids: string[];
  /** Columns of the directive itself (from its `#` to its last id), for an edit that extends it. */
  start: number;
  end: number;
  /** Nothing but blanks before it on its line. */
  ownLine: boolean;
}

/** The directive on a line of text, if any. */
export function readDirective(lineText: string): Directive | undefined {
  if (!lineText.includes('archlens')) return undefined;
  const match = DIRECTIVE.exec(lineText);
  if (!match) return undefined;
  const written = match[0].trimEnd();
  return {
    global: match[1] !== undefined,
    ids: match[2].split(/[\s,]+/).filter(Boolean),
    start: match.index,
    end: match.index + written.length,
    ownLine: lineText.slice(0, match.index).trim() === '',
  };
}

function directiveText(global: boolean, ids: readonly string[]): string {
  return `# archlens ${global ? 'global ' : ''}ignore=${ids.join(',')}`;
}

function names(ids: readonly string[], code: string): boolean {
  return ids.some((id) => id.toUpperCase() === code.toUpperCase());
}

// ---- reading -----------------------------------------------------------------------------------

export interface Suppressions {
  global: Set<string>;
  /** Line (0-based) of the comment → rule codes or names (upper case) it silences for the line below. */
  byLine: Map<number, Set<string>>;
  /** Line → the id sets of the directives in the comment block right above it, found once per line. */
  above: Map<number, Set<string>[]>;
}

export function parseSuppressions(lines: LineIndex): Suppressions {
  const result: Suppressions = { global: new Set(), byLine: new Map(), above: new Map() };
  // Fast path: most files have no directive at all.
  if (!lines.text.includes('archlens')) return result;
  for (let line = 0; line < lines.lineCount; line++) {
    const directive = readDirective(lines.lineText(line));
    if (!directive) continue;
    const ids = directive.ids.map((s) => s.toUpperCase());
    if (directive.global) ids.forEach((id) => result.global.add(id));
    else result.byLine.set(line, new Set(ids));
  }
  return result;
}

function matches(ids: Set<string>, finding: Finding): boolean {
  return ids.has(finding.rule.toUpperCase()) || ids.has(finding.name.toUpperCase()) || ids.has('ALL');
}

export function isSuppressed(finding: Finding, suppressions: Suppressions, lines: LineIndex): boolean {
  if (matches(suppressions.global, finding)) return true;
  if (suppressions.byLine.size === 0) return false;
  const anchors = [finding.range.start.line, ...(finding.suppressionAnchors ?? [])];
  for (const anchor of anchors) {
    for (const ids of directivesAbove(suppressions, lines, anchor)) if (matches(ids, finding)) return true;
  }
  return false;
}

/**
 * The directives in the comment block above a line, looked up once per line: many findings share
 * a line (or a workload's anchor lines), and a long comment block is walked once, not once each.
 */
function directivesAbove(suppressions: Suppressions, lines: LineIndex, line: number): Set<string>[] {
  let found = suppressions.above.get(line);
  if (!found) {
    found = [];
    for (const l of hashCommentLinesAbove(lines, line)) {
      const ids = suppressions.byLine.get(l);
      if (ids) found.push(ids);
    }
    suppressions.above.set(line, found);
  }
  return found;
}

// ---- writing -----------------------------------------------------------------------------------

function pointAt(line: number, character = 0): Range {
  return { start: { line, character }, end: { line, character } };
}

function indentOf(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/** True when the line continues onto the next one (`\` at the end), so nothing may go between. */
function continues(lines: LineIndex, line: number): boolean {
  return line >= 0 && /\\\s*$/.test(lines.lineText(line));
}

/** The codes of `code` (one or several) an existing list does not name yet. */
function missingFrom(ids: readonly string[], code: string | readonly string[]): string[] {
  const wanted = typeof code === 'string' ? [code] : [...code];
  return wanted.filter((c, i) => !names(ids, c) && wanted.findIndex((w) => w.toUpperCase() === c.toUpperCase()) === i);
}

/**
 * Silences `code` (one rule, or several findings on one range) for the finding starting at `line`
 * (with its suppression anchors); undefined when it already is or no place is safe.
 */
export function ignoreHereEdit(lines: LineIndex, code: string | readonly string[], line: number, anchors: readonly number[] = []): TextEdit | undefined {
  // Candidates nearest the finding first; the line above must not be a continued line.
  const candidates = [line, ...[...anchors].filter((a) => a !== line).sort((a, b) => b - a)];
  for (const target of candidates) {
    if (target < 0 || target >= lines.lineCount) continue;
    if (continues(lines, target - 1)) continue;
    // An `ignore=` comment already right above: add the code to it.
    const existing = target - 1 >= 0 ? readDirective(lines.lineText(target - 1)) : undefined;
    if (existing && existing.ownLine && !existing.global) {
      const add = missingFrom(existing.ids, code);
      if (add.length === 0) return undefined;
      return {
        range: { start: { line: target - 1, character: existing.start }, end: { line: target - 1, character: existing.end } },
        newText: directiveText(false, [...existing.ids, ...add]),
      };
    }
    return { range: pointAt(target), newText: `${indentOf(lines.lineText(target))}${directiveText(false, missingFrom([], code))}${lines.eol}` };
  }
  return undefined;
}

/** Silences `code` (one rule or several) for the whole file; undefined when it already is. */
export function ignoreInFileEdit(lines: LineIndex, code: string | readonly string[], kind: FileKind): TextEdit | undefined {
  for (let l = 0; l < lines.lineCount; l++) {
    const existing = readDirective(lines.lineText(l));
    if (!existing?.global || !existing.ownLine) continue;
    const add = missingFrom(existing.ids, code);
    if (add.length === 0) return undefined;
    return { range: { start: { line: l, character: existing.start }, end: { line: l, character: existing.end } }, newText: directiveText(true, [...existing.ids, ...add]) };
  }
  // After a shebang, and in a Dockerfile after the parser directives (a comment before them
  // would turn `# syntax=…` into a plain comment).
  let at = 0;
  if (lines.lineText(0).startsWith('#!')) at = 1;
  if (kind === 'dockerfile') {
    while (at < lines.lineCount && DOCKER_PARSER_DIRECTIVE.test(lines.lineText(at).trim())) at++;
  }
  // A file whose first line is a comment-less YAML directive (%YAML) is fine: comments may precede it.
  return { range: pointAt(at), newText: `${directiveText(true, missingFrom([], code))}${lines.eol}` };
}
