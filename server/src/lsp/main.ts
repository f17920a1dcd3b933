/**
 * The archlens language server: LSP wiring onto the engine. Runs inside VS Code (IPC or stdio)
 * and standalone for any editor (`archlens lsp --stdio`). Each concern has its handler (settings,
 * config problems, documents, workspace check, commands, status); this file creates them and
 * answers initialize.
 */
import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { prepareEngine } from '../engine/prepare';
import { causeOf, type LookupError } from '../images/lookup';
import { DocumentAnalyses } from './analysis';
import { createAnalysisService, type AnalysisService } from './analysis-service';
import { UnitAnalyses } from './units';
import { FIX_ALL_KIND } from './code-actions';
import { CommandHandler } from './commands';
import { ConfigProblems } from './config-problems';
import { describe, ServerContext } from './context';
import { DocumentHandler } from './documents';
import { isFileUri, pathToUri, uriToPath } from './paths';
import { ServerCommands, type InitializationOptions } from './protocol';
import { ResolverPool } from './resolvers';
import { SettingsHandler } from './settings-handler';
import { StatusReporter } from './status';
import { serverTransport, type ServerTransport } from './transport';
import { WorkspaceCheckHandler } from './workspace-check-handler';
import { concerns, WorkspaceImageIndex } from './workspace-images';
import { settingsLayer } from './settings';
// esbuild inlines the JSON: the version travels with the bundle.
import { version as VERSION } from '../../../package.json';

/**
 * Starts the server on the transport named on the command line (--stdio, --node-ipc, --socket=N),
 * behind the framing and protocol guard of transport.ts.
 */
export function startLanguageServer(): void {
  const transport = serverTransport();
  const connection = createConnection(ProposedFeatures.all, transport.reader, transport.writer);
  transport.attach(connection);
  new ArchlensServer(connection, transport).listen();
}

class ArchlensServer {
  private readonly ctx: ServerContext;
  private readonly status: StatusReporter;
  private readonly settings: SettingsHandler;
  private readonly workspaceCheck: WorkspaceCheckHandler;
  private readonly commands: CommandHandler;
  private readonly documents: DocumentHandler;
  /** Paths of the open file: documents (the map takes their facts from their analyses, not the disk). */
  private readonly openFiles = new Set<string>();
  /** Where the documents' analyses run, off the request loop (analysis-service.ts); made at initialize. */
  private analysisService?: AnalysisService;

  constructor(connection: Connection, private readonly transport: ServerTransport) {
    this.ctx = new ServerContext(connection);
    this.status = new StatusReporter(this.ctx);
    const configProblems = new ConfigProblems(this.ctx);
    this.settings = new SettingsHandler(this.ctx, configProblems, this.status);
    this.workspaceCheck = new WorkspaceCheckHandler(this.ctx, this.settings, this.status);
    this.commands = new CommandHandler(this.ctx, this.settings, this.status, this.workspaceCheck);
    this.documents = new DocumentHandler(this.ctx, configProblems, this.workspaceCheck, this.commands);
  }

  listen(): void {
    const c = this.ctx.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.initialized());
    this.settings.register();
    // Before the documents' own handlers: the map knows a file is open before it is analysed.
    this.ctx.documents.onDidOpen((e) => {
      if (isFileUri(e.document.uri)) this.openFiles.add(uriToPath(e.document.uri));
    });
    this.ctx.documents.onDidClose((e) => this.ctx.guard(() => {
      if (!isFileUri(e.document.uri)) return;
      const file = uriToPath(e.document.uri);
      this.openFiles.delete(file);
      // The disk's text of the file counts again for the map.
      this.ctx.images.closed(file).catch((error) => this.ctx.log('error', `workspace image map: ${describe(error)}`));
    }));
    this.documents.register();
    this.commands.register();
    c.onShutdown(async () => {
      this.ctx.units?.dispose();
      this.transport.shutdownReceived();
      await this.ctx.pool?.reset().catch(() => undefined);
      await this.analysisService?.close().catch(() => undefined);
    });
    this.ctx.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const ctx = this.ctx;
    ctx.capabilities = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    ctx.trusted = options.trusted !== false;
    ctx.cacheDir = options.cacheDir;
    ctx.statusNotifications = options.statusNotifications === true;
    ctx.ruleDocsCommand = typeof options.ruleDocsCommand === 'string' ? options.ruleDocsCommand : undefined;
    ctx.yamlSyntaxErrorsElsewhere = options.yamlSyntaxErrorsElsewhere === true;
    ctx.rulesElsewhere = new Set(Array.isArray(options.rulesElsewhere) ? options.rulesElsewhere.filter((r): r is string => typeof r === 'string').map((r) => r.toUpperCase()) : []);
    ctx.workspaceFolders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (ctx.workspaceFolders.length === 0 && params.rootUri) ctx.workspaceFolders = [uriToPath(params.rootUri)];
    ctx.pool = new ResolverPool({ trusted: ctx.trusted, cacheDir: options.cacheDir, log: (level, message) => ctx.log(level, message) });
    // The workers read the map through a replica fed from ctx.images (made below, before any analysis).
    const analysisService = createAnalysisService(
      { snapshot: () => ctx.images.snapshot(), get images() { return ctx.images.images; } },
      (message) => ctx.log('warn', message),
    );
    this.analysisService = analysisService;
    ctx.analyses = new DocumentAnalyses({
      document: (uri) => ctx.documents.get(uri),
      configFor: (uri) => this.settings.configFor(uri),
      publish: (uri, version, diagnostics) => { void ctx.connection.sendDiagnostics({ uri, version, diagnostics }); },
      lookupsChanged: () => this.status.soon(),
      lookupFailed: (canonical, error) => ctx.log('warn', lookupFailureLine(canonical, error)),
      log: (level, message) => ctx.log(level, message),
      workspace: () => ctx.images.images,
      analysed: (uri, state) => {
        // Untitled buffers are nobody's build: only files on disk feed the map.
        if (isFileUri(uri)) ctx.images.analysed(uriToPath(uri), state.version, state.kind, state.unit.facts);
      },
    }, ctx.pool, analysisService, {
      ...(typeof options.lookupQuietMs === 'number' && options.lookupQuietMs >= 0 ? { quietMs: options.lookupQuietMs } : {}),
      leaveYamlSyntaxErrors: ctx.yamlSyntaxErrorsElsewhere,
      rulesElsewhere: ctx.rulesElsewhere,
      lookupFailures: ctx.lookupFailures,
    });
    ctx.units = new UnitAnalyses(ctx, this.settings);
    ctx.images = new WorkspaceImageIndex({
      folders: () => ctx.workspaceFolders,
      configs: async () => {
        const folder = ctx.workspaceFolders[0];
        const settings = await this.settings.settingsFor(folder ? pathToUri(folder) : undefined);
        return this.settings.configResolvers.forLayer(settingsLayer(settings.archlens));
      },
      configLayer: async () => {
        const folder = ctx.workspaceFolders[0];
        const settings = await this.settings.settingsFor(folder ? pathToUri(folder) : undefined);
        return settingsLayer(settings.archlens);
      },
      openTexts: () => ctx.documents.all().filter((d) => isFileUri(d.uri)).map((d): [string, string] => [uriToPath(d.uri), d.getText()]),
      isOpen: (file) => this.openFiles.has(file),
      ready: () => ctx.ready,
      changed: (update) => ctx.analyses.refreshWhere(ctx.documents.keys(), (state) =>
        concerns({ file: state.analysis.file, kind: state.kind, images: state.analysis.images }, update)),
      factsSet: (changes) => {
        analysisService.factsChanged(changes);
        ctx.units.factsChanged(changes);
      },
      log: (level, message) => ctx.log(level, message),
    });
    // The shell parser (WASM) loads once; analyses wait for it only on their first run.
    ctx.ready = prepareEngine().catch((error) => ctx.log('error', `shell parser unavailable: ${describe(error)}`));
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

  private initialized(): void {
    const ctx = this.ctx;
    this.settings.registerDynamically();
    if (ctx.capabilities.workspace?.workspaceFolders) {
      ctx.connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
        ctx.workspaceFolders = [...ctx.workspaceFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => uriToPath(f.uri))];
        ctx.images.rebuild();
      });
    }
    // In the background: requests are answered while the workspace's build files are read.
    ctx.images.rebuild();
    ctx.log('info', `archlens server ready (${ctx.trusted ? 'trusted workspace' : 'untrusted workspace: offline rules only, no network'})`);
    this.status.send();
  }
}

/** One log line per failed look-up: the image, the cause and the registry client's message (which never holds a credential). */
export function lookupFailureLine(canonical: string, error: LookupError): string {
  const cause = causeOf(error);
  const why = cause === 'reference' ? 'about the image' : cause === 'network' ? 'network' : 'registry';
  return `look-up failed: ${canonical} — ${why} (${error.state}): ${error.message}${error.credentialSource ? ` [credentials tried: ${error.credentialSource}]` : ''}`;
}
