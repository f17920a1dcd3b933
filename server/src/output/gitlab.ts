/**
 * `--format gitlab`: GitLab's Code Quality report (a JSON array of Code Climate issues), read from
 * a job's `artifacts:reports:codequality`. GitLab tells new findings from old ones in a merge
 * request by their fingerprint, so it must survive lines being added above a finding: it hashes
 * the rule, the file, the text the finding points at and its message, never a line number.
 */
import { createHash } from 'node:crypto';
import { LineIndex } from '../core/text';
import type { Finding, Severity } from '../core/types';
import { jsonText } from '../core/escape';
import { displayPath, type ReportInput } from './report';

type GitLabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** An error breaks a deployment (critical); a warning may (major); info and hints are advice. */
const SEVERITY: Record<Severity, GitLabSeverity> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitLabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

export function formatGitLab(input: ReportInput): string {
  const issues: CodeQualityIssue[] = [];
  for (const file of input.result.files) {
    const shown = displayPath(file.file, input.cwd);
    const lines = file.text !== undefined ? new LineIndex(file.text) : undefined;
    // Two findings alike in everything but their line differ by their rank among their twins.
    const twins = new Map<string, number>();
    const fingerprint = (key: string) => {
      const rank = twins.get(key) ?? 0;
      twins.set(key, rank + 1);
      return createHash('md5').update(`${key}\u0000${rank}`).digest('hex');
    };
    for (const finding of file.findings) {
      issues.push({
        description: `${finding.rule} ${finding.name}: ${finding.message.replace(/\s*\n\s*/g, ' ')}`,
        check_name: finding.rule,
        fingerprint: fingerprint([finding.rule, shown, anchorText(finding, lines)].join('\u0000')),
        severity: SEVERITY[finding.severity],
        location: { path: shown, lines: { begin: finding.range.start.line + 1, end: finding.range.end.line + 1 } },
      });
    }
    for (const problem of file.problems) {
      // A file that could not be checked fails the run: it is shown in the merge request too.
      issues.push({
        description: `archlens could not check this file: ${problem.message.replace(/\s*\n\s*/g, ' ')}`,
        check_name: 'input-problem',
        fingerprint: fingerprint(['input-problem', shown, problem.message].join('\u0000')),
        severity: 'major',
        location: { path: shown, lines: { begin: (problem.range?.start.line ?? 0) + 1, end: (problem.range?.end.line ?? 0) + 1 } },
      });
    }
  }
  return jsonText(issues);
}

/**
 * What identifies a finding apart from where it is: the text it points at, and its message with
 * line numbers taken out (messages name the workload, the container, the stage). Without the
 * file's text (a finding placed in a Helm template) the message alone.
 */
function anchorText(finding: Finding, lines: LineIndex | undefined): string {
  // \u2013 is –, escaped: the shipped bundles stay ASCII (test/package).
  const message = finding.message.replace(/\blines? \d+(?:[-\u2013]\d+)?/g, 'line');
  if (!lines) return message;
  const start = lines.offsetAt(finding.range.start);
  const end = lines.offsetAt(finding.range.end);
  return `${lines.text.slice(start, Math.min(end, start + 200)).trim()}\u0000${message}`;
}
