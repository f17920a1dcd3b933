/**
 * The "Check Workspace" command: runs the check (in its worker when bundled, else in process),
 * reports progress the way the caller asked, and owns the diagnostics it published for files that
 * are not open (an open document shows its live analysis instead).
 */
import * as path from 'node:path';
import type { Diagnostic, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { checkWorkerPath, runCheckWorker } from './check-runner';
import { CommandFailure, type ServerContext } from './context';
import { releaseMemory } from './memory';
import { isFileUri, pathToUri, uriToPath } from './paths';
import { Notifications, type CheckProgressParams, type CheckWorkspaceArgs, type CheckWorkspaceResult } from './protocol';
import { networkSettings, settingsLayer } from './settings';
import type { SettingsHandler } from './settings-handler';
import type { StatusReporter } from './status';
import { checkWorkspace } from './workspace-check';

export class WorkspaceCheckHandler {
  /** URIs a workspace check published diagnostics for (files not open in the editor). */
  private readonly checkedUris = new Set<string>();
  private readonly checkDiagnostics = new Map<string, Diagnostic[]>();

  constructor(private readonly ctx: ServerContext, private readonly settings: SettingsHandler, private readonly status: StatusReporter) {}

  /** What a document just closed shows: the findings the last check reported for it, else nothing. */
  diagnosticsWhenClosed(uri: string): Diagnostic[] {
    return this.checkDiagnostics.get(uri) ?? [];
  }

  async run(args: CheckWorkspaceArgs, signal: AbortSignal, workDone: WorkDoneProgressReporter): Promise<CheckWorkspaceResult> {
    const ctx = this.ctx;
    await ctx.ready;
    const folders = (args.folders?.length ? args.folders : ctx.workspaceFolders).map((f) => (f.startsWith('file:') ? uriToPath(f) : path.resolve(f)));
    if (folders.length === 0) throw new CommandFailure('no workspace folder is open: open a folder, or name one in the command\'s folders argument');
    const settings = await this.settings.settingsFor(pathToUri(folders[0]));
    const layer = settingsLayer(settings.archlens);
    const configs = this.settings.configResolvers.forLayer(layer);
    const folderConfig = configs.forPath(folders[0], true).config;
    const network = networkSettings(settings, folders[0]);
    const openTexts = new Map<string, string>();
    for (const doc of ctx.documents.all()) if (isFileUri(doc.uri)) openTexts.set(uriToPath(doc.uri), doc.getText());
    const started = Date.now();
    ctx.log('info', `checking ${folders.join(', ')}`);
    // Progress as the caller asked: archlens/checkProgress for a progressId (the VS Code client),
    // standard $/progress for a workDoneToken (a no-op reporter when there is none).
    workDone.begin('archlens: checking workspace', 0, undefined, true);
    const progress = (p: Omit<CheckProgressParams, 'progressId'>) => {
      if (args.progressId !== undefined) void ctx.connection.sendNotification(Notifications.checkProgress, { ...p, progressId: args.progressId });
      if (p.total > 0) workDone.report(Math.floor((p.done / p.total) * 100), `${p.done}/${p.total} files · ${p.findings} findings`);
    };
    const workerFile = checkWorkerPath();
    const { result, diagnostics } = await (workerFile
      ? runCheckWorker(workerFile, {
        folders, layer, registries: folderConfig.registries, ttlHours: folderConfig.cache.ttlHours, network,
        trusted: ctx.trusted, cacheDir: network.cacheDir ?? ctx.cacheDir, openTexts: [...openTexts], lookupFailures: ctx.lookupFailures,
      }, signal, progress, (level, message) => ctx.log(level, message))
      : checkWorkspace({
        folders,
        configs,
        resolver: ctx.pool.resolverFor(folderConfig, network).resolver,
        trusted: ctx.trusted,
        signal,
        readText: (file) => openTexts.get(file),
        lookupFailures: ctx.lookupFailures,
        progress,
      })).finally(() => workDone.done());
    // Files no longer reported by this check lose their old findings.
    for (const uri of this.checkedUris) {
      if (!diagnostics.has(uri) && !ctx.documents.get(uri)) void ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.checkedUris.clear();
    this.checkDiagnostics.clear();
    for (const [uri, list] of diagnostics) {
      this.checkedUris.add(uri);
      if (list.length > 0) this.checkDiagnostics.set(uri, list);
      // Open documents show their live analysis instead.
      if (!ctx.documents.get(uri)) void ctx.connection.sendDiagnostics({ uri, diagnostics: list });
    }
    ctx.log('info', `workspace check: ${result.files} files, ${result.findings} findings in ${Date.now() - started} ms${result.cancelled ? ' (cancelled)' : ''}`);
    // The check's models are garbage now; collect them once the reply is on its way.
    setTimeout(() => {
      releaseMemory();
      const m = process.memoryUsage();
      ctx.log('debug', `memory after the check: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB, array buffers ${mb(m.arrayBuffers)} MB`);
    }, 0);
    this.status.send();
    return result;
  }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
