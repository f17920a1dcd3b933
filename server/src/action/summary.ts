/**
 * The job summary: what was found (each finding linked to its line at this commit and to its
 * rule's page) and the images × targets table. Everything a file or a registry wrote is escaped.
 */
import { ruleDocUrl } from '../core/rule';
import type { Severity } from '../core/types';
import { formatPlatform } from '../images/platform';
import { escapeMarkdown } from '../lsp/markdown';
import { checkedTargets, imageRows } from '../output/images-table';
import { countFindings, type ReportInput } from '../output/report';
import { summaryLine } from '../output/text';

/** GitHub caps a step's summary at 1 MiB: long lists are cut, the SARIF file and the log keep everything. */
const MAX_ROWS = 200;

export interface SummaryContext {
  /** `https://github.com/owner/repo/blob/<sha>/` when known: file links point at the checked commit. */
  blobUrl?: string;
  /** Repository-relative path of a checked file (links and shown names). */
  relative: (file: string) => string;
  /** A sentence on what the annotations cover (changed lines only, or everything). */
  annotations?: string;
}

const ICON: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info', hint: '⚪ hint' };

export function jobSummary(input: ReportInput, context: SummaryContext): string {
  const { result } = input;
  const counts = countFindings(result.files);
  const out: string[] = [];
  const total = counts.error + counts.warning + counts.info + counts.hint;
  out.push(`## archlens: ${total === 0 ? 'no findings' : escapeMarkdown(summaryLine(input).replace(/^archlens: /, ''))}`, '');
  const targets = checkedTargets(result);
  out.push(`Targets: ${targets.map((t) => `\`${formatPlatform(t)}\``).join(', ')}${context.annotations ? ` · ${escapeMarkdown(context.annotations)}` : ''}`, '');

  const link = (file: string, line: number) => {
    const shown = context.relative(file);
    const label = `${escapeMarkdown(shown)}:${line + 1}`;
    return context.blobUrl ? `[${label}](${context.blobUrl}${shown.split('/').map(encodeURIComponent).join('/')}#L${line + 1})` : label;
  };

  const findings = result.files.flatMap((file) => file.findings.map((finding) => ({ file: file.file, finding })));
  if (findings.length > 0) {
    out.push('| | where | rule | message |', '|---|---|---|---|');
    for (const { file, finding } of findings.slice(0, MAX_ROWS)) {
      const rule = `[${finding.rule}](${ruleDocUrl(finding.rule)}) ${escapeMarkdown(finding.name)}`;
      out.push(`| ${ICON[finding.severity]} | ${link(file, finding.range.start.line)} | ${rule} | ${escapeMarkdown(oneLine(finding.message))} |`);
    }
    if (findings.length > MAX_ROWS) out.push('', `… and ${findings.length - MAX_ROWS} more findings (all of them are in the log and the SARIF file).`);
    out.push('');
  }

  const problems = result.files.flatMap((file) => file.problems.map((problem) => ({ file: file.file, problem })));
  if (problems.length > 0) {
    out.push('### Files that could not be checked', '');
    for (const { file, problem } of problems.slice(0, MAX_ROWS)) out.push(`- ${link(file, problem.range?.start.line ?? 0)}: ${escapeMarkdown(oneLine(problem.message))}`);
    out.push('');
  }

  out.push('### Images × targets', '');
  const rows = imageRows(result, targets);
  if (rows.length === 0) out.push('No image references found.', '');
  else {
    const names = targets.map(formatPlatform);
    out.push(`| image | ${names.map((n) => `\`${n}\``).join(' | ')} | used in |`, `|---|${names.map(() => ':-:').join('|')}|---|`);
    for (const row of rows.slice(0, MAX_ROWS)) {
      const cells = names.map((n) => (row.targets[n] === true ? '✅' : row.targets[n] === false ? '❌' : '❔'));
      const [first] = row.uses;
      const used = first ? `${link(first.file, first.line)}${row.uses.length > 1 ? ` (+${row.uses.length - 1})` : ''}` : '';
      const note = row.error ? `<br>${escapeMarkdown(row.error)}` : '';
      out.push(`| \`${row.image.replace(/`/g, '')}\`${note} | ${cells.join(' | ')} | ${used} |`);
    }
    if (rows.length > MAX_ROWS) out.push('', `… and ${rows.length - MAX_ROWS} more images.`);
    out.push('', '✅ published · ❌ not published · ❔ unknown', '');
  }
  return out.join('\n') + '\n';
}

/** A message's own line breaks read as spaces in a table cell. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
