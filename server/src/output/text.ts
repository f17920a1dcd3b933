/** Human-readable output: `file:line:col  severity  CODE  message`, related places indented, then a summary line. */
import type { Severity } from '../core/types';
import { escapeControls } from '../core/escape';
import { summarizeUnchecked } from '../engine/unchecked';
import { countFindings, displayPath, filesWithInternalErrors, isSkippedFile, uncheckedOf, type ReportInput } from './report';

export interface TextOptions {
  /** ANSI colours (only when writing to a terminal). */
  color: boolean;
}

const COLORS: Record<Severity | 'dim' | 'bold', string> = {
  error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[90m', dim: '\x1b[2m', bold: '\x1b[1m',
};
const RESET = '\x1b[0m';

export function formatText(input: ReportInput, options: TextOptions): string {
  const paint = (style: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[style]}${text}${RESET}` : text);
  const out: string[] = [];
  for (const file of input.result.files) {
    const shown = displayPath(file.file, input.cwd);
    // Files that are not recognisably of archlens's kinds: listed at info level, with why.
    for (const p of file.problems) {
      if (!p.skipped) continue;
      const at = p.range ? `:${p.range.start.line + 1}:${p.range.start.character + 1}` : '';
      out.push(`${shown}${at}  ${paint('info', 'info'.padEnd(7))}  ${paint('dim', escapeControls(p.message))}`);
    }
    for (const f of file.findings) {
      const where = `${shown}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      // One line per finding: a line break inside a message (a value from the file) is escaped, never a new line a CI runner would read.
      out.push(`${where}  ${paint(f.severity, f.severity.padEnd(7))}  ${paint('bold', f.rule)}  ${escapeControls(f.message)}  ${paint('dim', `(${f.name})`)}`);
      for (const related of f.related ?? []) {
        const relatedFile = related.file ? displayPath(related.file, input.cwd) : shown;
        out.push(paint('dim', `    ↳ ${relatedFile}:${related.range.start.line + 1}:${related.range.start.character + 1}  ${escapeControls(related.message)}`));
      }
    }
  }
  const unchecked = summarizeUnchecked(uncheckedOf(input), (file) => displayPath(file, input.cwd));
  if (unchecked) out.push(paint('info', `archlens: ${escapeControls(unchecked)}`));
  out.push(summaryLine(input));
  return out.join('\n') + '\n';
}

/** "3 errors, 1 warning in 2 files (12 files checked, 2 fixable with --fix)". */
export function summaryLine(input: ReportInput): string {
  const counts = countFindings(input.result.files);
  const checked = input.result.files.length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    counts.error && plural(counts.error, 'error'),
    counts.warning && plural(counts.warning, 'warning'),
    counts.info && `${counts.info} info`,
    counts.hint && plural(counts.hint, 'hint'),
  ].filter(Boolean);
  const problems = input.result.files.filter((f) => f.problems.some((p) => !p.skipped)).length;
  const skipped = input.result.files.filter(isSkippedFile).length;
  const vendored = input.result.vendored?.length ?? 0;
  const internal = filesWithInternalErrors(input.result.files).length;
  const tail = [
    plural(checked - skipped, 'file') + ' checked',
    problems ? `${problems} with input problems` : '',
    internal ? `${internal} where archlens failed (internal error)` : '',
    skipped ? `${skipped} skipped as not archlens's kinds` : '',
    vendored ? `${plural(vendored, 'file')} skipped as vendored (--include-vendored checks them)` : '',
    counts.fixable ? `${counts.fixable} fixable with --fix` : '',
  ].filter(Boolean).join(', ');
  if (parts.length === 0) return `archlens: no findings (${tail})`;
  return `archlens: ${parts.join(', ')} in ${plural(counts.files, 'file')} (${tail})`;
}
