/** What every output format receives: the check's results, plus where paths are shown relative to. */
import * as path from 'node:path';
import type { CheckResult, FileResult } from '../workspace/check';
import type { Finding, InternalError, Severity } from '../core/types';
import { escapeControls, quotePath } from '../core/escape';
import { uncheckedInRun, type UncheckedImage } from '../engine/unchecked';

/** Where a user reports a failure of archlens itself. */
export const ISSUES_URL = 'https://github.com/archlens/archlens/issues';

export interface ReportInput {
  result: CheckResult;
  /** Paths in the output are relative to this folder. */
  cwd: string;
  /** The tool's version, for SARIF. */
  version: string;
}

/** A path relative to cwd, with `/` separators, exactly as it is (JSON and SARIF keep names faithful; their encodings escape them). */
export function relativePath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}

/** A path as printed to a terminal: relative to cwd, quoted like git's core.quotePath when it holds control characters, `"` or a backslash. */
export function displayPath(file: string, cwd: string): string {
  return quotePath(relativePath(file, cwd));
}

/** Files with findings, in path order, and the findings' severity counts. */
export function countFindings(files: readonly FileResult[]): Record<Severity, number> & { files: number; fixable: number } {
  const counts = { error: 0, warning: 0, info: 0, hint: 0, files: 0, fixable: 0 };
  for (const file of files) {
    if (file.findings.length > 0) counts.files++;
    for (const finding of file.findings) {
      counts[finding.severity]++;
      if (preferredFix(finding)) counts.fixable++;
    }
  }
  return counts;
}

/** The fix `--fix` applies: the one marked preferred (as the editor's "Fix all"); none otherwise. */
export function preferredFix(finding: Finding) {
  return finding.fixes?.find((f) => f.preferred);
}

/** "archlens internal error while reading deploy.yaml (rule AL101): … (please report …)": one line, never the input's fault. */
export function internalErrorLine(shownFile: string, error: InternalError): string {
  const message = escapeControls(error.message.replace(/\s*\n\s*/g, ' ').trim());
  return `archlens internal error while reading ${shownFile} (${escapeControls(error.during)}): ${message} (please report: ${ISSUES_URL})`;
}

/** Files archlens failed on itself (internal errors), apart from input problems. */
export function filesWithInternalErrors(files: readonly FileResult[]): FileResult[] {
  return files.filter((f) => f.internalErrors.length > 0);
}

/** Files skipped as not archlens's kinds: every problem they have is a skip (listed at info level). */
export function isSkippedFile(file: FileResult): boolean {
  return file.problems.length > 0 && file.problems.every((p) => p.skipped);
}

/** What the walk left out on purpose, for JSON: `skipped.vendored` counts files in vendored or generated code. */
export function skippedSummary(input: ReportInput): { skipped?: { vendored: number } } {
  const vendored = input.result.vendored?.length ?? 0;
  return vendored > 0 ? { skipped: { vendored } } : {};
}

/** The images of Dockerfiles, Compose and build files that could not be checked (AL209 turned off: not counted). */
export function uncheckedOf(input: ReportInput): UncheckedImage[] {
  const files = input.result.files.filter((f) => f.config?.rules.AL209 !== 'off');
  return uncheckedInRun(files, input.result.images);
}
