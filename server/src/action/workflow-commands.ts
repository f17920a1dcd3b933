/**
 * What a GitHub Actions step says to the runner: workflow commands on stdout (annotations), and
 * lines appended to the files GITHUB_OUTPUT and GITHUB_STEP_SUMMARY name.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import * as fs from 'node:fs';
import type { Finding, Severity } from '../core/types';
import { escapeControls } from '../core/escape';

/**
 * A command's message: `%`, CR and LF are escaped so that it stays one line (the runner turns them
 * back); other control characters, which came from a file or a registry, are written as escapes.
 */
export function escapeData(text: string): string {
  return escapeControls(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * `::error file=…,line=…,col=…,title=…::message` for a finding in `file` (relative to the
 * repository root). Columns are only shown by GitHub for a one-line range.
 */
export function findingAnnotation(finding: Finding, file: string): string {
  const { start, end } = finding.range;
  const properties = [
    `file=${escapeProperty(file)}`,
    `line=${start.line + 1}`,
    `endLine=${end.line + 1}`,
    `col=${start.character + 1}`,
    // 1-based and end-exclusive, as in SARIF (our ranges are 0-based, end-exclusive).
    ...(start.line === end.line ? [`endColumn=${end.character + 1}`] : []),
    `title=${escapeProperty(`${finding.rule} ${finding.name}`)}`,
  ];
  return `::${LEVEL[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`;
}

/** An error annotation on a whole file (one archlens could not check), or on no file. */
export function errorAnnotation(message: string, file?: string, line?: number): string {
  const properties = [...(file ? [`file=${escapeProperty(file)}`] : []), ...(line !== undefined ? [`line=${line + 1}`] : []), 'title=archlens'];
  return `::error ${properties.join(',')}::${escapeData(message)}`;
}

/** Appends `name=value` lines to the GITHUB_OUTPUT file (values here are always one line). */
export function setOutputs(file: string | undefined, outputs: Record<string, string | number>): void {
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, value]) => {
    const text = String(value);
    if (/[\r\n]/.test(text)) throw new Error(`output ${name} must be one line`);
    return `${name}=${text}\n`;
  });
  fs.appendFileSync(file, lines.join(''));
}

/** Appends Markdown to the job summary (the GITHUB_STEP_SUMMARY file). */
export function appendSummary(file: string | undefined, markdown: string): void {
  if (file) fs.appendFileSync(file, markdown);
}
