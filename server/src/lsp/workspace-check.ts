/**
 * "Check Workspace": every manifest, Dockerfile and build script under the workspace folders,
 * through the same engine as the CLI; findings of files that are not open go to the Problems
 * panel; a summary report (images × targets) comes back as Markdown.
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { checkFiles, type CheckResult } from '../workspace/check';
import type { ConfigResolver } from '../workspace/config-files';
import type { PlatformResolver } from '../images/lookup';
import { formatPlatform, type Platform } from '../images/platform';
import { checkedTargets, imageRows } from '../output/images-table';
import { allRuleMetas } from '../rules/catalog';
import { findingDiagnostics, internalErrorDiagnostic, problemDiagnostic } from './diagnostics';
import { escapeMarkdown } from './markdown';
import { pathToUri } from './paths';
import type { CheckProgressParams, CheckWorkspaceResult, ReportImage } from './protocol';

export interface WorkspaceCheckOptions {
  folders: string[];
  configs: ConfigResolver;
  resolver: PlatformResolver;
  /** Untrusted: registry findings are dropped (only offline rules count). */
  trusted: boolean;
  signal: AbortSignal;
  /** Unsaved editor buffers by absolute path. */
  readText: (file: string) => string | undefined;
  /** See AnalysisOptions.lookupFailures. */
  lookupFailures: 'all' | 'about-image';
  progress: (p: Omit<CheckProgressParams, 'progressId'>) => void;
}

export interface WorkspaceCheckOutcome {
  result: CheckWorkspaceResult;
  /** URI → diagnostics for every checked file (empty lists included, to clear old ones). */
  diagnostics: Map<string, Diagnostic[]>;
}

const MAX_REPORT_ROWS = 500;

export async function checkWorkspace(options: WorkspaceCheckOptions): Promise<WorkspaceCheckOutcome> {
  let lastSent = 0;
  const registryRules = new Set(allRuleMetas().filter((m) => m.kind === 'registry').map((m) => m.code));
  const check: CheckResult = await checkFiles(options.folders, {
    cwd: options.folders[0],
    configs: options.configs,
    resolver: options.resolver,
    signal: options.signal,
    readText: options.readText,
    keepText: false,
    lookupFailures: options.lookupFailures,
    onProgress: ({ done, total, file, findings }) => {
      const now = Date.now();
      if (done !== total && now - lastSent < 100) return;
      lastSent = now;
      options.progress({ done, total, findings, file: relativeTo(options.folders, file) });
    },
  });
  const diagnostics = new Map<string, Diagnostic[]>();
  const byRule: Record<string, number> = {};
  let findings = 0;
  const filesWithFindings: CheckWorkspaceResult['filesWithFindings'] = [];
  for (const file of check.files) {
    const uri = pathToUri(file.file);
    const kept = options.trusted ? file.findings : file.findings.filter((f) => !registryRules.has(f.rule));
    // Counted as shown: a finding merged into another on the same range is one entry in Problems.
    const shown = findingDiagnostics(kept, uri, null);
    diagnostics.set(uri, [...file.problems.map(problemDiagnostic), ...file.internalErrors.map(internalErrorDiagnostic), ...shown]);
    for (const d of shown) byRule[String(d.code)] = (byRule[String(d.code)] ?? 0) + 1;
    findings += shown.length;
    if (shown.length > 0) filesWithFindings.push({ uri, findings: shown.length });
  }
  const targets = checkedTargets(check);
  const images = reportImages(check, targets, options.trusted);
  const result: CheckWorkspaceResult = {
    cancelled: check.cancelled,
    files: check.files.length,
    findings,
    byRule,
    targets: targets.map(formatPlatform),
    images,
    filesWithFindings,
    markdown: '',
  };
  result.markdown = reportMarkdown(result, options.folders, options.trusted);
  options.progress({ done: check.files.length, total: check.files.length, findings });
  return { result, diagnostics };
}

function relativeTo(folders: string[], file: string): string {
  const folder = folders.find((f) => file.startsWith(f + path.sep));
  return folder ? path.relative(folder, file) : file;
}

function reportImages(check: CheckResult, targets: Platform[], trusted: boolean): ReportImage[] {
  return imageRows(check, targets).map((row) => ({
    image: row.image,
    uses: row.uses.map((u) => ({ uri: pathToUri(u.file), line: u.line })),
    targets: row.targets,
    ...(!trusted ? { error: 'not looked up: the workspace is not trusted' } : row.error ? { error: row.error } : {}),
  }));
}

function link(text: string, uri: string, line?: number): string {
  const label = escapeMarkdown(text).replace(/\\\./g, '.');
  return `[${label}](${uri}${line !== undefined ? `#L${line + 1}` : ''})`;
}

/** The summary report shown after a check. */
export function reportMarkdown(r: CheckWorkspaceResult, folders: string[], trusted: boolean): string {
  const rel = (uri: string) => {
    const file = decodeURIComponent(new URL(uri).pathname);
    return relativeTo(folders, file);
  };
  const out: string[] = ['# archlens — workspace check', ''];
  if (r.cancelled) out.push('**Cancelled** — the results below are partial.', '');
  const rules = Object.entries(r.byRule).sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} ×${n}`).join(', ');
  out.push(`${r.files} files checked · ${r.findings} findings${rules ? ` (${rules})` : ''} · targets: ${r.targets.join(', ')}`, '');
  if (!trusted) out.push('This workspace is not trusted: only offline rules ran and no registry was contacted.', '');
  out.push('## Images × targets', '');
  if (r.images.length === 0) out.push('No image references found.', '');
  else {
    out.push(`| image | ${r.targets.map(escapeMarkdown).join(' | ')} | used in |`, `|---|${r.targets.map(() => ':-:').join('|')}|---|`);
    for (const img of r.images.slice(0, MAX_REPORT_ROWS)) {
      const cells = r.targets.map((t) => (img.targets[t] === true ? '✓' : img.targets[t] === false ? '✗' : '?'));
      const first = img.uses[0];
      const used = first ? link(`${rel(first.uri)}:${first.line + 1}`, first.uri, first.line) + (img.uses.length > 1 ? ` (+${img.uses.length - 1})` : '') : '';
      const note = img.error ? ` — ${escapeMarkdown(img.error)}` : '';
      out.push(`| ${escapeMarkdown(img.image)}${note} | ${cells.join(' | ')} | ${used} |`);
    }
    if (r.images.length > MAX_REPORT_ROWS) out.push('', `… and ${r.images.length - MAX_REPORT_ROWS} more images.`);
    out.push('', '✓ published · ✗ missing · ? unknown', '');
  }
  out.push('## Files with findings', '');
  if (r.filesWithFindings.length === 0) out.push('None.');
  for (const f of r.filesWithFindings.slice(0, MAX_REPORT_ROWS)) out.push(`- ${link(rel(f.uri), f.uri)} — ${f.findings}`);
  if (r.filesWithFindings.length > MAX_REPORT_ROWS) out.push(`- … and ${r.filesWithFindings.length - MAX_REPORT_ROWS} more files`);
  return out.join('\n') + '\n';
}
