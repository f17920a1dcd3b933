/**
 * The archlens language server: LSP wiring onto the engine. Runs inside VS Code (IPC or stdio)
 * and standalone for any editor (`archlens lsp --stdio`).
 */
import * as path from 'node:path';
import {
  CodeActionKind, createConnection, DiagnosticSeverity, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification,
  ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type CancellationToken, type ClientCapabilities, type Connection, type Diagnostic, type InitializeParams, type InitializeResult, type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { EffectiveConfig } from '../core/config';
import { parseConfigText } from '../engine/config-text';
import type { ConfigProblem } from '../core/config';
import { prepareEngine } from '../engine/prepare';
import { parseImageReference } from '../images/reference';
import { formatPlatformsText } from '../registry/index';
import { DocumentAnalyses } from './analysis';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { hover, imageHover, lookupMarkdown, type HoverContext } from './hover';
import { escapeMarkdown } from './markdown';
import { isFileUri, pathToUri, uriToPath } from './paths';
import {
  Notifications, ServerCommands,
  type ArchlensSettings, type CheckProgressParams, type CheckWorkspaceArgs, type HttpSettings, type ImagePlatformsResult, type InitializationOptions, type StatusParams,
} from './protocol';
import { releaseMemory } from './memory';
import { ResolverPool } from './resolvers';
import { ConfigResolvers, emptySettings, networkSettings, settingsLayer, type ClientSettings, type NetworkSettings } from './settings';
import { checkWorkerPath, runCheckWorker } from './check-runner';
import { checkWorkspace } from './workspace-check';
// esbuild inlines the JSON: the version travels with the bundle.
import { version as VERSION } from '../../../package.json';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Starts the server on the transport named on the command line (--stdio, --node-ipc, --socket=N). */
export function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  new ArchlensServer(connection).listen();
}

class ArchlensServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly configResolvers = new ConfigResolvers();
  private readonly settingsCache = new Map<string, Promise<ClientSettings>>();
  private pushedSettings: ClientSettings = emptySettings();
  private capabilities: ClientCapabilities = {};
  private workspaceFolders: string[] = [];
  private trusted = true;
  private cacheDir: string | undefined;
  /** archlens.offline of the last configuration read (for status and hover). */
  private offline = false;
  /** Config file → the problems last published for it. */
  private readonly configProblemsPublished = new Map<string, string>();
  private pool!: ResolverPool;
  private analyses!: DocumentAnalyses;
  private statusTimer?: NodeJS.Timeout;
  private lastStatus = '';
  /** URIs a workspace check published diagnostics for (files not open in the editor). */
  private readonly checkedUris = new Set<string>();
  private readonly checkDiagnostics = new Map<string, Diagnostic[]>();
  private ready: Promise<void> = Promise.resolve();
  /** Only a client that asked for archlens/status gets it (see InitializationOptions). */
  private statusNotifications = false;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.initialized());
    c.onDidChangeConfiguration((change) => {
      const settings = (change.settings ?? {}) as { archlens?: ArchlensSettings; http?: HttpSettings };
      if (settings.archlens || settings.http) this.pushedSettings = { archlens: settings.archlens ?? {}, http: settings.http ?? {} };
      void this.settingsChanged();
    });
    c.onDidChangeWatchedFiles((change) => {
      if (change.changes.some((e) => isConfigFileUri(e.uri))) this.configFilesChanged();
    });
    // Editors without file watching (no didChangeWatchedFiles) still tell us when they save one.
    this.documents.onDidSave((e) => this.guard(() => {
      if (isConfigFileUri(e.document.uri)) this.configFilesChanged();
    }));
    const changed = (doc: TextDocument) => this.guard(() => {
      if (isConfigFileUri(doc.uri)) this.lintConfigDocument(doc);
      else this.analyses.schedule(doc.uri);
    });
    this.documents.onDidOpen((e) => changed(e.document));
    this.documents.onDidChangeContent((e) => changed(e.document));
    this.documents.onDidClose((e) => this.guard(() => {
      this.analyses.closed(e.document.uri);
      // A file the workspace check reported keeps those findings; others are cleared.
      this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: this.checkDiagnostics.get(e.document.uri) ?? [] });
    }));
    c.onCodeAction(async (params) => this.safe('codeAction', [], async () => {
      const doc = this.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const state = await this.analyses.current(doc.uri);
      return codeActions(params, doc, state, { documentChanges: this.capabilities.workspace?.workspaceEdit?.documentChanges === true });
    }));
    c.onHover(async (params) => this.safe('hover', null, async () => {
      const state = await this.analyses.current(params.textDocument.uri);
      if (!state) return null;
      return hover(state, params.position, this.hoverContext(state.config)) ?? null;
    }));
    c.onExecuteCommand(async (params, token, workDone) => this.safe('executeCommand', null, async () => {
      const args = params.arguments ?? [];
      switch (params.command) {
        case ServerCommands.checkWorkspace: {
          return this.checkWorkspace((args[0] ?? {}) as CheckWorkspaceArgs, cancelSignal(token), workDone);
        }
        case ServerCommands.imagePlatforms:
          return this.imagePlatforms(args[0], cancelSignal(token));
        case ServerCommands.clearCache:
          await this.pool.clearCache();
          this.log('info', 'platform cache cleared');
          this.analyses.refreshAll(this.documents.keys());
          return { cleared: true };
        default:
          return null;
      }
    }));
    c.onShutdown(async () => {
      await this.pool?.reset().catch(() => undefined);
    });
    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.trusted = options.trusted !== false;
    this.cacheDir = options.cacheDir;
    this.statusNotifications = options.statusNotifications === true;
    this.workspaceFolders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (this.workspaceFolders.length === 0 && params.rootUri) this.workspaceFolders = [uriToPath(params.rootUri)];
    this.pool = new ResolverPool({ trusted: this.trusted, cacheDir: options.cacheDir, log: (level, message) => this.log(level, message) });
    this.analyses = new DocumentAnalyses({
      document: (uri) => this.documents.get(uri),
      configFor: (uri) => this.configFor(uri),
      publish: (uri, version, diagnostics) => this.connection.sendDiagnostics({ uri, version, diagnostics }),
      lookupsChanged: () => this.statusSoon(),
      log: (level, message) => this.log(level, message),
    }, this.pool);
    // The shell parser (WASM) loads once; analyses wait for it only on their first run.
    this.ready = prepareEngine().catch((error) => this.log('error', `shell parser unavailable: ${describe(error)}`));
    return {
      capabilities: {
        // Saves matter only for `.archlens.yaml` (re-read when saved, for editors that do not watch files).
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(ServerCommands), workDoneProgress: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'archlens', version: VERSION },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: ['archlens', 'http'] }).catch(() => undefined);
    }
    if (this.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void c.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/.archlens.{yaml,yml}' }] }).catch(() => undefined);
    }
    if (this.capabilities.workspace?.workspaceFolders) {
      c.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        this.workspaceFolders = [...this.workspaceFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri))];
      });
    }
    this.log('info', `archlens server ready (${this.trusted ? 'trusted workspace' : 'untrusted workspace: offline rules only, no network'})`);
    this.sendStatus();
  }

  /** A `.archlens.yaml` changed on disk: read the files again and re-check the open documents. */
  private configFilesChanged(): void {
    this.log('info', '.archlens.yaml changed: re-checking open documents');
    this.configResolvers.clear();
    this.configProblemsPublished.clear();
    this.analyses.refreshAll([...this.documents.keys()].filter((uri) => !isConfigFileUri(uri)));
  }

  private async settingsChanged(): Promise<void> {
    this.settingsCache.clear();
    this.configResolvers.clear();
    await this.pool.reset();
    this.analyses.refreshAll(this.documents.keys());
    this.sendStatus();
  }

  /** The editor settings for a resource: pulled per scope when the client can, else what it pushed. */
  private settingsFor(uri: string | undefined): Promise<ClientSettings> {
    const key = uri ?? '';
    let cached = this.settingsCache.get(key);
    if (!cached) {
      cached = this.fetchSettings(uri);
      this.settingsCache.set(key, cached);
    }
    return cached;
  }

  private async fetchSettings(uri: string | undefined): Promise<ClientSettings> {
    if (!this.capabilities.workspace?.configuration) return this.pushedSettings;
    try {
      const [archlens, http] = await this.connection.workspace.getConfiguration([
        { scopeUri: uri, section: 'archlens' },
        { scopeUri: uri, section: 'http' },
      ]) as [ArchlensSettings | null, HttpSettings | null];
      return { archlens: archlens ?? {}, http: http ?? {} };
    } catch (error) {
      this.log('warn', `could not read settings: ${describe(error)}`);
      return this.pushedSettings;
    }
  }

  private async configFor(uri: string): Promise<{ config: EffectiveConfig; network: NetworkSettings }> {
    await this.ready;
    const settings = await this.settingsFor(uri);
    const problems: string[] = [];
    const layer = settingsLayer(settings.archlens, problems);
    for (const p of problems) this.log('warn', p);
    const configs = this.configResolvers.forLayer(layer);
    const file = isFileUri(uri) ? uriToPath(uri) : path.join(this.workspaceFolders[0] ?? process.cwd(), path.basename(uriToPath(uri)));
    const resolved = configs.forPath(file);
    if (resolved.file) this.publishConfigProblems(resolved.file, resolved.problems);
    const network = networkSettings(settings);
    if (network.offline !== this.offline) {
      this.offline = network.offline;
      this.statusSoon();
    }
    return { config: resolved.config, network };
  }

  /** An open `.archlens.yaml` is validated as the user types (the saved file is what applies). */
  private lintConfigDocument(doc: TextDocument): void {
    const { problems } = parseConfigText(doc.getText(), uriToPath(doc.uri));
    this.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: problems.map(configDiagnostic) });
  }

  /** A bad `.archlens.yaml` shows its problems on the file itself (line and column), never a crash. */
  private publishConfigProblems(file: string, problems: ConfigProblem[]): void {
    const key = JSON.stringify(problems);
    if (this.configProblemsPublished.get(file) === key) return;
    this.configProblemsPublished.set(file, key);
    for (const p of problems) this.log('warn', `${p.file}:${p.line}:${p.column}: ${p.message}`);
    const uri = pathToUri(file);
    if (this.documents.get(uri)) return; // the config file open in the editor is not ours to lint live
    this.connection.sendDiagnostics({
      uri,
      diagnostics: problems.map(configDiagnostic),
    });
  }

  private hoverContext(config: EffectiveConfig): HoverContext {
    void config;
    return {
      trusted: this.trusted,
      offline: this.offline,
      pending: this.analyses.pending > 0,
      lookup: (canonical) => this.pool.latest(canonical),
    };
  }

  private async checkWorkspace(args: CheckWorkspaceArgs, signal: AbortSignal, workDone: WorkDoneProgressReporter) {
    await this.ready;
    const folders = (args.folders?.length ? args.folders : this.workspaceFolders).map((f) => (f.startsWith('file:') ? uriToPath(f) : path.resolve(f)));
    if (folders.length === 0) throw new Error('no workspace folder is open');
    const settings = await this.settingsFor(pathToUri(folders[0]));
    const layer = settingsLayer(settings.archlens);
    const configs = this.configResolvers.forLayer(layer);
    const folderConfig = configs.forPath(folders[0], true).config;
    const network = networkSettings(settings);
    const openTexts = new Map<string, string>();
    for (const doc of this.documents.all()) if (isFileUri(doc.uri)) openTexts.set(uriToPath(doc.uri), doc.getText());
    const started = Date.now();
    this.log('info', `checking ${folders.join(', ')}`);
    // Progress as the caller asked: archlens/checkProgress for a progressId (the VS Code client),
    // standard $/progress for a workDoneToken (a no-op reporter when there is none).
    workDone.begin('archlens: checking workspace', 0, undefined, true);
    const progress = (p: Omit<CheckProgressParams, 'progressId'>) => {
      if (args.progressId !== undefined) void this.connection.sendNotification(Notifications.checkProgress, { ...p, progressId: args.progressId });
      if (p.total > 0) workDone.report(Math.floor((p.done / p.total) * 100), `${p.done}/${p.total} files · ${p.findings} findings`);
    };
    const workerFile = checkWorkerPath();
    const { result, diagnostics } = await (workerFile
      ? runCheckWorker(workerFile, {
        folders, layer, registries: folderConfig.registries, ttlHours: folderConfig.cache.ttlHours, network,
        trusted: this.trusted, cacheDir: this.cacheDir, openTexts: [...openTexts],
      }, signal, progress, (level, message) => this.log(level, message))
      : checkWorkspace({
        folders,
        configs,
        resolver: this.pool.resolverFor(folderConfig, network).resolver,
        trusted: this.trusted,
        signal,
        readText: (file) => openTexts.get(file),
        progress,
      })).finally(() => workDone.done());
    // Files no longer reported by this check lose their old findings.
    for (const uri of this.checkedUris) {
      if (!diagnostics.has(uri) && !this.documents.get(uri)) this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.checkedUris.clear();
    this.checkDiagnostics.clear();
    for (const [uri, list] of diagnostics) {
      this.checkedUris.add(uri);
      if (list.length > 0) this.checkDiagnostics.set(uri, list);
      // Open documents show their live analysis instead.
      if (!this.documents.get(uri)) this.connection.sendDiagnostics({ uri, diagnostics: list });
    }
    this.log('info', `workspace check: ${result.files} files, ${result.findings} findings in ${Date.now() - started} ms${result.cancelled ? ' (cancelled)' : ''}`);
    // The check's models are garbage now; collect them once the reply is on its way.
    setTimeout(() => {
      releaseMemory();
      const m = process.memoryUsage();
      this.log('debug', `memory after the check: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB, array buffers ${mb(m.arrayBuffers)} MB`);
    }, 0);
    this.sendStatus();
    return result;
  }

  private async imagePlatforms(arg: unknown, signal?: AbortSignal): Promise<ImagePlatformsResult> {
    const a = (arg ?? {}) as { image?: string; uri?: string; position?: { line: number; character: number } };
    if (a.uri && a.position) {
      const state = await this.analyses.current(a.uri);
      const use = state?.analysis.images.find((u) =>
        (u.range.start.line < a.position!.line || (u.range.start.line === a.position!.line && u.range.start.character <= a.position!.character))
        && (u.range.end.line > a.position!.line || (u.range.end.line === a.position!.line && u.range.end.character >= a.position!.character)));
      if (state && use) {
        if (use.reference.ok && this.trusted && !state.lookups.has(use.reference.ref.canonical)) {
          return this.lookupImage(use.reference.ref.original, state.config, a.uri, signal);
        }
        const lookup = use.reference.ok ? state.lookups.get(use.reference.ref.canonical) : undefined;
        const name = use.reference.ok ? use.reference.ref.canonical : use.reference.original;
        return {
          image: name,
          ok: lookup?.ok === true,
          text: lookup ? formatPlatformsText([{ name, lookup }]) : `${name}: ${use.reference.ok ? (this.trusted ? 'not looked up' : 'registry look-ups are off in an untrusted workspace') : use.reference.reason}\n`,
          markdown: imageHover(use, state, this.hoverContext(state.config)),
        };
      }
      if (!a.image) return { ok: false, text: 'No image reference under the cursor.\n', markdown: 'No image reference under the cursor.' };
    }
    if (!a.image) return { ok: false, text: 'No image given.\n', markdown: 'No image given.' };
    const folderUri = this.workspaceFolders[0] ? pathToUri(path.join(this.workspaceFolders[0], '.archlens-probe')) : undefined;
    const { config } = folderUri ? await this.configFor(folderUri) : { config: undefined };
    return this.lookupImage(a.image, config, folderUri, signal);
  }

  private async lookupImage(image: string, config: EffectiveConfig | undefined, uri: string | undefined, signal?: AbortSignal): Promise<ImagePlatformsResult> {
    const parsed = parseImageReference(image.trim());
    if (!parsed.ok) return { image, ok: false, text: `${image}: ${parsed.reason}\n`, markdown: `${escapeMarkdown(image)}: ${escapeMarkdown(parsed.reason)}` };
    if (!this.trusted) {
      const text = 'Registry look-ups are off: this workspace is not trusted.';
      return { image: parsed.ref.canonical, ok: false, text: `${text}\n`, markdown: text };
    }
    const settings = await this.settingsFor(uri);
    const effective = config ?? (await this.configFor(uri ?? pathToUri(path.join(process.cwd(), '.archlens-probe')))).config;
    const { key, resolver } = this.pool.resolverFor(effective, networkSettings(settings));
    const lookup = await resolver.resolve(parsed.ref, signal ? { signal } : {});
    this.pool.remember(key, parsed.ref.canonical, lookup);
    this.statusSoon();
    return {
      image: parsed.ref.canonical,
      ok: lookup.ok,
      text: formatPlatformsText([{ name: parsed.ref.canonical, lookup }]),
      markdown: `**${escapeMarkdown(parsed.ref.canonical)}**\n\n${lookupMarkdown(lookup, effective.targets)}`,
    };
  }

  private statusSoon(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.sendStatus();
    }, 100);
  }

  private sendStatus(): void {
    if (!this.statusNotifications) return;
    const s = this.pool.stats();
    const status: StatusParams = {
      trusted: this.trusted,
      offline: this.offline,
      pending: Math.max(s.pending, this.analyses.pending),
      resolved: s.resolved,
      failed: s.failed,
      rateLimitedUntil: s.rateLimitedUntil,
    };
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.connection.sendNotification(Notifications.status, status);
  }

  /** Handlers never throw into the connection: a bad document is logged, the server carries on. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log('error', `internal error: ${describe(error)}`);
    }
  }

  private async safe<T>(what: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      this.log('error', `${what} failed: ${describe(error)}`);
      if (what === 'executeCommand') throw error;
      return fallback;
    }
  }

  private log(level: Level, message: string): void {
    const c = this.connection.console;
    if (level === 'debug') c.debug(message);
    else if (level === 'info') c.info(message);
    else if (level === 'warn') c.warn(message);
    else c.error(message);
  }
}

/** An AbortSignal for a request's cancellation token. */
function cancelSignal(token: CancellationToken): AbortSignal {
  const abort = new AbortController();
  // Cancelled before it was dispatched: the token is the frozen "cancelled" one, whose
  // onCancellationRequested never fires.
  if (token.isCancellationRequested) abort.abort();
  else token.onCancellationRequested(() => abort.abort());
  return abort.signal;
}

function isConfigFileUri(uri: string): boolean {
  return /(^|\/)\.archlens\.ya?ml$/.test(uri);
}

function configDiagnostic(p: ConfigProblem): Diagnostic {
  const line = Math.max(0, p.line - 1);
  const character = Math.max(0, p.column - 1);
  return {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'archlens',
    message: p.message,
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
