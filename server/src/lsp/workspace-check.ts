/**
 * "Check Workspace": every manifest, Dockerfile and build script under the workspace folders,
 * through the same engine as the CLI; findings of files that are not open go to the Problems
 * panel; a summary report (images × targets) comes back as Markdown.
 */
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { checkFiles, type CheckResult } from '../workspace/check';
import type { ConfigResolver } from '../workspace/config-files';
import type { ImageLookup, PlatformResolver } from '../images/lookup';
import { formatPlatform, nodeAcceptance, type Platform } from '../images/platform';
import { allRuleMetas } from '../rules/catalog';
import { internalErrorDiagnostic, problemDiagnostic, toDiagnostic } from './diagnostics';
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
    const list = [...file.problems.map(problemDiagnostic), ...file.internalErrors.map(internalErrorDiagnostic), ...kept.map((f) => toDiagnostic(f, uri, null))];
    diagnostics.set(uri, list);
    for (const f of kept) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    findings += kept.length;
    if (kept.length > 0) filesWithFindings.push({ uri, findings: kept.length });
  }
  const targets = uniqueTargets(check.files.flatMap((f) => f.config?.targets ?? []));
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

function uniqueTargets(targets: Platform[]): Platform[] {
  const seen = new Map<string, Platform>();
  for (const t of targets) seen.set(formatPlatform(t), t);
  if (seen.size === 0) {
    seen.set('linux/amd64', { os: 'linux', architecture: 'amd64' });
    seen.set('linux/arm64', { os: 'linux', architecture: 'arm64' });
  }
  return [...seen.values()];
}

function reportImages(check: CheckResult, targets: Platform[], trusted: boolean): ReportImage[] {
  const byImage = new Map<string, ReportImage>();
  for (const file of check.files) {
    for (const use of file.images) {
      if (!use.reference.ok) continue;
      const canonical = use.reference.ref.canonical;
      let row = byImage.get(canonical);
      if (!row) {
        row = { image: canonical, uses: [], targets: {} };
        const lookup: ImageLookup | undefined = check.images.get(canonical);
        for (const t of targets) row.targets[formatPlatform(t)] = cell(lookup, t);
        if (!trusted) row.error = 'not looked up: the workspace is not trusted';
        else if (!lookup) row.error = 'not looked up';
        else if (!lookup.ok) row.error = `${lookup.error.state}: ${lookup.error.message}`;
        byImage.set(canonical, row);
      }
      if (row.uses.length < 20) row.uses.push({ uri: pathToUri(file.file), line: use.range.start.line });
    }
  }
  return [...byImage.values()].sort((a, b) => a.image.localeCompare(b.image));
}

function cell(lookup: ImageLookup | undefined, target: Platform): boolean | null {
  if (!lookup || !lookup.ok) return null;
  return lookup.image.platforms.some((e) => nodeAcceptance(target, e.platform) === 'exact');
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
