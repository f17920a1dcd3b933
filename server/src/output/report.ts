/** What every output format receives: the check's results, plus where paths are shown relative to. */
import * as path from 'node:path';
import type { CheckResult, FileResult } from '../workspace/check';
import type { Finding, Severity } from '../core/types';
import { quotePath } from '../core/escape';

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
