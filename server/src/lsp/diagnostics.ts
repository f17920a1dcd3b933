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
  /** A finding of a rendered chart: its fixes were verified by rendering the chart again (units/analyze.ts). */
  unit?: true;
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
