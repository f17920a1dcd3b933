/**
 * What every handler of the language server shares: the connection, the open documents, what the
 * client said at initialize, the registry clients and the per-document analyses. The handlers
 * (settings, config problems, documents, workspace check, commands, status) each own one concern
 * and meet here, as yaml-language-server's handlers meet around its language service.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, TextDocuments, type ClientCapabilities, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyses } from './analysis';
import type { ResolverPool } from './resolvers';
import type { UnitAnalyses } from './units';
import type { WorkspaceImageIndex } from './workspace-images';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  capabilities: ClientCapabilities = {};
  workspaceFolders: string[] = [];
  trusted = true;
  cacheDir: string | undefined;
  /** Only a client that asked for archlens/status gets it (see InitializationOptions). */
  statusNotifications = false;
  /** See InitializationOptions. */
  ruleDocsCommand: string | undefined;
  yamlSyntaxErrorsElsewhere = false;
  rulesElsewhere: ReadonlySet<string> = new Set();

  /**
   * A client with the status notification hears about look-ups that failed outside the files once,
   * there; others get an AL209 on each image (see AnalysisOptions.lookupFailures).
   */
  get lookupFailures(): 'all' | 'about-image' {
    return this.statusNotifications ? 'about-image' : 'all';
  }
  /** The shell parser's WASM, loaded once at initialize; analyses wait for it on their first run. */
  ready: Promise<void> = Promise.resolve();
  /** Set at initialize (they need the client's options). */
  pool!: ResolverPool;
  analyses!: DocumentAnalyses;
  /** Charts: documents that belong to one are checked through it (lsp/units.ts). */
  units!: UnitAnalyses;
  /** The workspace image map (what the workspace builds, what deploys it), kept current as files change. */
  images!: WorkspaceImageIndex;

  constructor(readonly connection: Connection) {}

  log(level: Level, message: string): void {
    const c = this.connection.console;
    if (level === 'debug') c.debug(message);
    else if (level === 'info') c.info(message);
    else if (level === 'warn') c.warn(message);
    else c.error(message);
  }

  /** Handlers never throw into the connection: a bad document is logged, the server carries on. */
  guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log('error', `internal error: ${describe(error)}`);
    }
  }

  /**
   * A request handler's failure is logged and answered with `fallback`. A command's is answered as
   * an error: RequestFailed with its reason when it is one the user can act on (CommandFailure), else
   * InternalError saying where the details are — never the exception's own text.
   */
  async safe<T>(what: string, fallback: T, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      if (error instanceof CommandFailure) throw new ResponseError(LSPErrorCodes.RequestFailed, error.message);
      this.log('error', `archlens internal error in ${what}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (what === 'executeCommand') throw new ResponseError(ErrorCodes.InternalError, `archlens internal error while running the command (details in the archlens log; please report)`);
      return fallback;
    }
  }
}

/** A command that cannot run for a reason the user can act on (no folder open): answered as RequestFailed with this message. */
export class CommandFailure extends Error {}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `.archlens.yaml` / `.archlens.yml`: validated as a config, never analysed as a manifest. */
export function isConfigFileUri(uri: string): boolean {
  return /(^|\/)\.archlens\.ya?ml$/.test(uri);
}
