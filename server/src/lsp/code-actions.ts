/** Code actions: each finding's fixes straight from the diagnostic's `data`, fix-all, and the ignore actions. */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { selectFixes } from '../core/fix-selection';
import { LineIndex } from '../core/text';
import type { Finding, Range, TextEdit } from '../core/types';
import type { DocumentState } from './analysis';
import { isDiagnosticData, SOURCE, type DiagnosticData } from './diagnostics';
import { ignoreHereEdit, ignoreInFileEdit } from '../core/suppression';
import { ignoreAnnotationEdit } from '../kubernetes/ignore-annotation';
import { passesFixCheck, passingTogether } from './fix-guard';
import { pathToUri } from './paths';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.archlens`;

export interface EditOptions {
  /** The client applies versioned `documentChanges` (refused when the document moved on). */
  documentChanges: boolean;
  /** The version of another open document a fix edits (AL210's at the build); null when it is not open. */
  versionOf?: (uri: string) => number | null;
}

/** The edit of a fix: its own document's edits, and another file's when the fix names one (AL210's at the build). */
function workspaceEdit(doc: TextDocument, edits: TextEdit[], options: EditOptions): WorkspaceEdit {
  const byUri = new Map<string, Array<{ range: TextEdit['range']; newText: string }>>();
  for (const { file, range, newText } of edits) {
    const uri = file === undefined ? doc.uri : pathToUri(file);
    byUri.set(uri, [...(byUri.get(uri) ?? []), { range, newText }]);
  }
  if (options.documentChanges) {
    return {
      documentChanges: [...byUri].map(([uri, list]) => ({
        textDocument: { uri, version: uri === doc.uri ? doc.version : options.versionOf?.(uri) ?? null },
        edits: list,
      })),
    };
  }
  return { changes: Object.fromEntries(byUri) };
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * The code actions at a place: each fix that passes the fix safety check (lsp/fix-guard.ts; a fix
 * that cannot be checked against this version is not offered), the ignore actions, and "Fix all".
 */
export async function codeActions(params: CodeActionParams, doc: TextDocument, state: DocumentState | undefined, options: EditOptions): Promise<CodeAction[]> {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  let lines: LineIndex | undefined;
  const lineIndex = () => (lines ??= state && state.version === doc.version ? state.analysis.lines : new LineIndex(doc.getText()));

  if (wants(only, CodeActionKind.QuickFix)) {
    const suppressions: CodeAction[] = [];
    const seenIgnore = new Set<string>();
    const findings = findingIndex(doc, state);
    for (const diagnostic of params.context.diagnostics) {
      const data = dataOf(diagnostic, doc, findings);
      if (!data) continue;
      // Fixes computed for another version would edit the wrong text.
      if (data.version !== null && data.version !== doc.version) continue;
      const current = state && state.version === doc.version ? state : undefined;
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
      const finding: Finding = { rule: data.rule, name: data.name, severity: 'error', message, range: diagnostic.range };
      for (const fix of data.fixes) {
        if (!current || !await passesFixCheck(current, [{ finding, fix }])) continue;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true,
          edit: workspaceEdit(doc, fix.edits, options),
        });
      }
      const key = `${data.rule}@${diagnostic.range.start.line}`;
      if (seenIgnore.has(key)) continue;
      seenIgnore.add(key);
      suppressions.push(...ignoreActions(diagnostic, data.rule, data.anchors ?? [], lineIndex(), doc, state, options, seenIgnore));
    }
    actions.push(...suppressions);
  }

  if (state && state.version === doc.version && wants(only, FIX_ALL_KIND)) {
    const fixAll = await fixAllAction(doc, state, options);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Findings of the current analysis by code and range, built once per request (a client may send thousands of diagnostics). */
type FindingIndex = () => Map<string, Finding> | undefined;

function findingIndex(doc: TextDocument, state: DocumentState | undefined): FindingIndex {
  let index: Map<string, Finding> | undefined;
  return () => {
    if (!state || state.version !== doc.version) return undefined;
    if (!index) {
      index = new Map();
      for (const f of state.findings) if (!index.has(findingKey(f.rule, f.range))) index.set(findingKey(f.rule, f.range), f);
    }
    return index;
  };
}

function findingKey(code: string, r: Range): string {
  return `${code} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/**
 * The fixes of one of our diagnostics: from its `data`, or — for a client that does not send
 * `data` back (no publishDiagnostics.dataSupport) — from the current analysis, matched by code and range.
 */
function dataOf(diagnostic: Diagnostic, doc: TextDocument, findings: FindingIndex): DiagnosticData | undefined {
  if (diagnostic.source !== undefined && diagnostic.source !== SOURCE) return undefined;
  if (isDiagnosticData(diagnostic.data)) return diagnostic.data;
  if (typeof diagnostic.code !== 'string') return undefined;
  const finding = findings()?.get(findingKey(diagnostic.code, diagnostic.range));
  if (!finding) return undefined;
  return { version: doc.version, rule: finding.rule, name: finding.name, fixes: finding.fixes ?? [], ...(finding.suppressionAnchors?.length ? { anchors: finding.suppressionAnchors } : {}) };
}

function ignoreActions(
  diagnostic: Diagnostic, rule: string, anchors: number[], lines: LineIndex, doc: TextDocument,
  state: DocumentState | undefined, options: EditOptions, seen: Set<string>,
): CodeAction[] {
  const out: CodeAction[] = [];
  const here = ignoreHereEdit(lines, rule, diagnostic.range.start.line, anchors);
  if (here) {
    out.push({ title: `Ignore ${rule} here`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(doc, [here], options) });
  }
  const kind = state?.kind;
  if (kind === 'kubernetes' && !seen.has(`${rule}@annotation@${diagnostic.range.start.line}`)) {
    const annotation = ignoreAnnotationEdit(lines, rule, diagnostic.range.start.line);
    if (annotation) {
      out.push({ title: `Ignore ${rule} for this workload (archlens.dev/ignore annotation)`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(doc, [annotation], options) });
    }
  }
  if (!seen.has(`${rule}@file`)) {
    seen.add(`${rule}@file`);
    const file = ignoreInFileEdit(lines, rule, kind ?? 'kubernetes');
    if (file) {
      out.push({ title: `Ignore ${rule} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(doc, [file], options) });
    }
  }
  return out;
}

/** The preferred fixes "Fix all" takes: chosen as `--fix` chooses them for one pass (core/fix-selection.ts). */
export function fixAllEdits(findings: readonly Finding[], lines: LineIndex): TextEdit[] {
  return selectFixes(findings, lines).flatMap((c) => c.fix.edits);
}

/** "Fix all": the fixes fixAllEdits takes, those that pass the fix safety check together. */
async function fixAllAction(doc: TextDocument, state: DocumentState, options: EditOptions): Promise<CodeAction | undefined> {
  const chosen = await passingTogether(state, selectFixes(state.findings, state.analysis.lines));
  const edits = chosen.flatMap((c) => c.fix.edits);
  if (edits.length === 0) return undefined;
  return { title: 'Fix all archlens problems in this file', kind: FIX_ALL_KIND, edit: workspaceEdit(doc, edits, options) };
}
