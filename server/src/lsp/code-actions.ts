/**
 * Code actions: each finding's fixes straight from the diagnostic's `data`, fix-all, the ignore
 * actions (once per range, naming every rule found there), "Retry look-up" on an image whose
 * platforms could not be found, and "Show documentation" for each rule.
 */
import { CodeActionKind, CreateFile, TextDocumentEdit, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { selectFixes } from '../core/fix-selection';
import { comparePositions, LineIndex } from '../core/text';
import type { Finding, TextEdit } from '../core/types';
import type { DocumentState } from './analysis';
import { isDiagnosticData, SOURCE, type DiagnosticData } from './diagnostics';
import { ignoreHereEdit, ignoreInFileEdit } from '../core/suppression';
import { ignoreAnnotationEdit } from '../kubernetes/ignore-annotation';
import { passesFixCheck, passingTogether } from './fix-guard';
import { pathToUri } from './paths';
import { ServerCommands } from './protocol';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.archlens`;

export interface EditOptions {
  /** The client applies versioned `documentChanges` (refused when the document moved on). */
  documentChanges: boolean;
  /** A client command opening a rule's page (args: [code]); no documentation action without one. */
  ruleDocsCommand?: string;
  /** Untrusted workspaces make no look-up, so there is nothing to retry. */
  trusted?: boolean;
  /** The client creates files in a workspace edit (a fix that adds a patch file to an overlay). */
  createFiles?: boolean;
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

/**
 * The edit of a chart's fix, which may touch several files (values.yaml and a template): each edit
 * names its file, or is the document's. Versioned where the client applies versioned changes and
 * the file is open.
 */
function unitWorkspaceEdit(doc: TextDocument, edits: TextEdit[], options: EditOptions, versionOf: (uri: string) => number | null): WorkspaceEdit | undefined {
  const byUri = new Map<string, TextEdit[]>();
  const created = new Set<string>();
  for (const e of edits) {
    const uri = e.file ? pathToUri(e.file) : doc.uri;
    if (e.create) created.add(uri);
    byUri.set(uri, [...(byUri.get(uri) ?? []), { range: e.range, newText: e.newText }]);
  }
  // A new file (an overlay's new patch) needs a client that creates files: otherwise no such fix.
  if (created.size > 0 && !(options.documentChanges && options.createFiles)) return undefined;
  if (options.documentChanges) {
    const changes: Array<TextDocumentEdit | CreateFile> = [];
    for (const [uri, list] of byUri) {
      if (created.has(uri)) changes.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }), TextDocumentEdit.create({ uri, version: null }, list));
      else changes.push(TextDocumentEdit.create({ uri, version: uri === doc.uri ? doc.version : versionOf(uri) }, list));
    }
    return { documentChanges: changes };
  }
  return { changes: Object.fromEntries(byUri) };
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** Our diagnostics of one range, with the rules they name (merged ones included). */
interface RangeGroup {
  range: Range;
  diagnostics: Diagnostic[];
  rules: string[];
  anchors: number[];
}

/**
 * The code actions at a place: each fix that passes the fix safety check (lsp/fix-guard.ts; a fix
 * that cannot be checked against this version is not offered), the ignore actions, and "Fix all".
 */
export async function codeActions(params: CodeActionParams, doc: TextDocument, state: DocumentState | undefined, options: EditOptions, versionOf: (uri: string) => number | null = () => null): Promise<CodeAction[]> {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  let lines: LineIndex | undefined;
  const lineIndex = () => (lines ??= state && state.version === doc.version ? state.analysis.lines : new LineIndex(doc.getText()));

  if (wants(only, CodeActionKind.QuickFix)) {
    const groups = new Map<string, RangeGroup>();
    const seenFixes = new Set<string>();
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
        // Two findings on one range may offer the same edit: one entry.
        const fixKey = JSON.stringify([fix.title, fix.edits]);
        if (seenFixes.has(fixKey)) continue;
        seenFixes.add(fixKey);
        // A chart's fixes passed the safety check when the chart was rendered for this version.
        if (data.unit) {
          const edit = unitWorkspaceEdit(doc, fix.edits, options, versionOf);
          if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred === true, edit });
          continue;
        }
        if (!current || !await passesFixCheck(current, [{ finding, fix }])) continue;
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred === true,
          edit: workspaceEdit(doc, fix.edits, options),
        });
      }
      const r = diagnostic.range;
      const key = `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
      const group = groups.get(key) ?? { range: r, diagnostics: [], rules: [], anchors: [] };
      groups.set(key, group);
      group.diagnostics.push(diagnostic);
      for (const rule of [data.rule, ...(data.covers ?? [])]) if (!group.rules.includes(rule)) group.rules.push(rule);
      for (const a of data.anchors ?? []) if (!group.anchors.includes(a)) group.anchors.push(a);
    }
    actions.push(...retryActions(params.range, groups, state, options));
    actions.push(...ignoreActions([...groups.values()], lineIndex(), doc, state, options));
    if (options.ruleDocsCommand) {
      const rules = [...new Set([...groups.values()].flatMap((g) => g.rules))];
      for (const rule of rules) {
        actions.push({
          title: `Show documentation for ${rule}`,
          kind: CodeActionKind.QuickFix,
          command: { title: `Show documentation for ${rule}`, command: options.ruleDocsCommand, arguments: [rule] },
        });
      }
    }
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

function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

/**
 * "Retry look-up" for each image under the cursor whose look-up failed — whatever the cause: a
 * network failure has no diagnostic, yet the person looking at the image may want to ask again.
 */
function retryActions(range: Range, groups: Map<string, RangeGroup>, state: DocumentState | undefined, options: EditOptions): CodeAction[] {
  if (!state || options.trusted === false) return [];
  const out: CodeAction[] = [];
  const offered = new Set<string>();
  for (const use of state.analysis.images) {
    if (!use.reference.ok || !overlaps(use.range, range)) continue;
    const canonical = use.reference.ref.canonical;
    const lookup = state.lookups.get(canonical);
    if (!lookup || lookup.ok || offered.has(canonical)) continue;
    offered.add(canonical);
    const diagnostics = [...groups.values()].filter((g) => g.rules.includes('AL209') && overlaps(g.range, use.range)).flatMap((g) => g.diagnostics);
    const title = `Retry look-up of ${use.reference.ref.original}`;
    out.push({
      title,
      kind: CodeActionKind.QuickFix,
      ...(diagnostics.length ? { diagnostics } : {}),
      command: { title, command: ServerCommands.retryLookup, arguments: [{ images: [canonical] }] },
    });
  }
  return out;
}

/** Ignore here / for this workload / in this file: once per range, for every rule found there. */
function ignoreActions(groups: RangeGroup[], lines: LineIndex, doc: TextDocument, state: DocumentState | undefined, options: EditOptions): CodeAction[] {
  const out: CodeAction[] = [];
  const kind = state?.kind;
  const seenFile = new Set<string>();
  const seenAnnotation = new Set<string>();
  for (const group of groups) {
    const { rules, diagnostics } = group;
    const line = group.range.start.line;
    const label = rules.join(', ');
    const here = ignoreHereEdit(lines, rules, line, group.anchors);
    if (here) {
      out.push({ title: `Ignore ${label} here`, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(doc, [here], options) });
    }
    if (kind === 'kubernetes') {
      const annotation = ignoreAnnotationEdit(lines, rules, line);
      const key = annotation ? JSON.stringify(annotation) : '';
      if (annotation && !seenAnnotation.has(key)) {
        seenAnnotation.add(key);
        out.push({ title: `Ignore ${label} for this workload (archlens.dev/ignore annotation)`, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(doc, [annotation], options) });
      }
    }
    if (!seenFile.has(label)) {
      seenFile.add(label);
      const file = ignoreInFileEdit(lines, rules, kind ?? 'kubernetes');
      if (file) {
        out.push({ title: `Ignore ${label} in this file`, kind: CodeActionKind.QuickFix, diagnostics, edit: workspaceEdit(doc, [file], options) });
      }
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
