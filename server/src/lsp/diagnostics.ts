/** Findings and input problems as LSP diagnostics; the fixes travel in `data` so a code action is a lookup. */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { ruleDocUrl } from '../core/rule';
import type { Finding, Fix, InputProblem, InternalError, Severity } from '../core/types';
import { ISSUES_URL } from '../output/report';

export const SOURCE = 'archlens';

/** What a diagnostic carries in `data`. */
export interface DiagnosticData {
  /** Document version the fixes were computed for. */
  version: number | null;
  rule: string;
  name: string;
  fixes: Fix[];
  /** Lines besides the start line whose preceding suppression comment silences the finding. */
  anchors?: number[];
  /** Rules whose findings on the same range this one implies, merged into it (ignored with it). */
  covers?: string[];
  /** A finding of a rendered chart: its fixes were verified by rendering the chart again (units/analyze.ts). */
  unit?: true;
}

/**
 * Where a finding of the key rule sits on the same range as a finding of a listed rule, it says
 * all the listed one says, and more: the registry confirms what the image's name only suggests.
 */
const IMPLIES: Record<string, readonly string[]> = {
  AL201: ['AL106'],
  AL202: ['AL106'],
  AL207: ['AL106'],
  AL401: ['AL311'],
};

function rangeKey(f: Finding): string {
  const r = f.range;
  return `${f.file ?? ''}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/**
 * The diagnostics of a document's findings, one per cause: a finding implied by another on the
 * same range is merged into it (its fixes kept when they differ), so two rules saying one thing
 * take one line in Problems and one set of actions.
 */
export function findingDiagnostics(findings: readonly Finding[], uri: string, version: number | null): Diagnostic[] {
  const byRange = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = rangeKey(f);
    const list = byRange.get(key);
    if (list) list.push(f);
    else byRange.set(key, [f]);
  }
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const same = byRange.get(rangeKey(f)) ?? [f];
    if (same.length > 1 && same.some((o) => o !== f && IMPLIES[o.rule]?.includes(f.rule))) continue; // merged into that one
    const covered = same.length > 1 ? same.filter((o) => o !== f && IMPLIES[f.rule]?.includes(o.rule)) : [];
    if (covered.length === 0) {
      out.push(toDiagnostic(f, uri, version));
      continue;
    }
    const titles = new Set((f.fixes ?? []).map((x) => x.title));
    const extra = covered.flatMap((o) => o.fixes ?? []).filter((x) => !titles.has(x.title) && titles.add(x.title));
    const merged: Finding = { ...f, fixes: [...(f.fixes ?? []), ...extra] };
    const anchors = [...new Set([...(f.suppressionAnchors ?? []), ...covered.flatMap((o) => o.suppressionAnchors ?? [])])];
    if (anchors.length > 0) merged.suppressionAnchors = anchors;
    const diagnostic = toDiagnostic(merged, uri, version);
    (diagnostic.data as DiagnosticData).covers = covered.map((o) => o.rule);
    out.push(diagnostic);
  }
  return out;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, uri: string, version: number | null): Diagnostic {
  const data: DiagnosticData = { version, rule: finding.rule, name: finding.name, fixes: finding.fixes ?? [] };
  if (finding.suppressionAnchors?.length) data.anchors = finding.suppressionAnchors;
  if (finding.unit) data.unit = true;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    codeDescription: { href: ruleDocUrl(finding.rule) },
    source: SOURCE,
    message: finding.message,
    data,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: r.file ? pathToFileURL(r.file).href : uri, range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

/** A problem with the input (malformed YAML, binary file): shown quietly, never as an error of ours. */
export function problemDiagnostic(problem: InputProblem): Diagnostic {
  return {
    range: problem.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `archlens could not check this: ${problem.message}`,
  };
}

/** archlens's own failure on this document: said as ours (never as the file's mistake), with where to report it. */
export function internalErrorDiagnostic(error: InternalError): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: 'internal-error',
    message: `archlens internal error while reading this file (${error.during}): ${error.message} (please report: ${ISSUES_URL})`,
  };
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (!value || typeof value !== 'object') return false;
  const d = value as Partial<DiagnosticData>;
  return typeof d.rule === 'string' && Array.isArray(d.fixes);
}
