/**
 * A real LSP client for the tests: spawns the bundled dist/server.mjs over stdio and talks JSON-RPC
 * to it with vscode-jsonrpc, answering workspace/configuration with the test's settings.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createMessageConnection, ErrorCodes, ResponseError, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction, Diagnostic, Hover, InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent, TextEdit, WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import type { ArchlensSettings, HttpSettings, StatusParams } from '../../server/src/lsp/protocol';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.mjs');

let built = false;
/** Builds the bundles once per test run (the tests exercise what ships). */
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  built = true;
}

export interface StartOptions {
  settings?: ArchlensSettings;
  http?: HttpSettings;
  trusted?: boolean;
  workspaceFolders?: string[];
  /** Advertise versioned workspace edits (VS Code does). */
  documentChanges?: boolean;
  /** Ask for archlens/status as VS Code's client does (default true); false: as other editors. */
  statusNotifications?: boolean;
  /** More initializationOptions (ruleDocsCommand, lookupQuietMs, yamlSyntaxErrorsElsewhere). */
  initializationOptions?: Record<string, unknown>;
  /** Advertise that workspace edits may create files (VS Code does). */
  createFiles?: boolean;
  /** Arguments after `node` (default: dist/server.mjs --stdio). */
  command?: string[];
  /**
   * A bare client as other editors may be: these capabilities only (default: VS Code-like ones),
   * no initializationOptions, and no answer to workspace/configuration or registerCapability.
   */
  minimal?: { capabilities: object };
}

export class LspClient {
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly statuses: StatusParams[] = [];
  readonly logs: Array<{ type: number; message: string }> = [];
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  /** Requests the server sent that this client does not handle (a minimal client answers MethodNotFound). */
  readonly unhandledRequests: string[] = [];
  stderr = '';
  private waiters: Array<() => void> = [];
  settings: ArchlensSettings;
  http: HttpSettings;
  exited: Promise<number | null>;

  private constructor(readonly proc: ChildProcess, readonly connection: MessageConnection, readonly cacheDir: string, options: StartOptions) {
    this.settings = options.settings ?? {};
    this.http = options.http ?? {};
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-lsp-cache-'));
    const proc = spawn(process.execPath, options.command ?? [SERVER, '--stdio'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      // No real credentials or proxies leak into the server under test.
      env: { ...process.env, DOCKER_CONFIG: cacheDir, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '', XDG_CACHE_HOME: cacheDir },
    });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new LspClient(proc, connection, cacheDir, options);
    proc.stderr.on('data', (d) => { client.stderr += String(d); });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => client.record(() => client.publications.push(p)));
    connection.onNotification('archlens/status', (p: StatusParams) => client.record(() => client.statuses.push(p)));
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => client.record(() => client.logs.push(p)));
    connection.onNotification((method: string, params: unknown) => client.record(() => client.notifications.push({ method, params })));
    if (!options.minimal) {
      connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
        p.items.map((i) => (i.section === 'archlens' ? client.settings : i.section === 'http' ? client.http : null)));
      connection.onRequest('client/registerCapability', () => null);
      connection.onRequest('window/workDoneProgress/create', () => null);
    }
    connection.onRequest((method: string) => {
      client.unhandledRequests.push(method);
      return new ResponseError(ErrorCodes.MethodNotFound, `unhandled method ${method}`);
    });
    connection.listen();
    const folders = options.workspaceFolders ?? [];
    // A server that never initialises is nobody's to stop: it must not outlive the test run.
    const initialized = connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? pathUri(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: pathUri(f), name: path.basename(f) })),
      capabilities: options.minimal?.capabilities ?? {
        workspace: { configuration: true, workspaceEdit: { documentChanges: options.documentChanges ?? false, ...(options.createFiles ? { resourceOperations: ['create'] } : {}) }, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true } },
      },
      ...(options.minimal ? {} : { initializationOptions: { trusted: options.trusted ?? true, cacheDir, statusNotifications: options.statusNotifications ?? true, ...options.initializationOptions } }),
    });
    let result: InitializeResult;
    try {
      result = await Promise.race([initialized, client.exited.then((code) => { throw new Error(`the server exited (${code}) before answering initialize: ${client.stderr.slice(-500)}`); })]);
    } catch (error) {
      proc.kill();
      connection.dispose();
      fs.rmSync(cacheDir, { recursive: true, force: true });
      throw error;
    }
    client.initializeResult = result;
    await connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult!: InitializeResult;

  private record(fn: () => void): void {
    fn();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when `predicate` holds (checked on every message), or rejects after `timeoutMs`. */
  async waitFor<T>(what: string, predicate: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr: ${this.stderr.slice(-500)}; logs: ${this.logs.map((l) => l.message).join(' | ').slice(-1500)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** The first publication for `uri` (optionally of `version`) after `from` publications matching `accept`. */
  async diagnostics(uri: string, opts: { version?: number; from?: number; accept?: (p: PublishDiagnosticsParams) => boolean; timeoutMs?: number } = {}): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri}${opts.version !== undefined ? ` v${opts.version}` : ''}`, () =>
      this.publications.slice(opts.from ?? 0).find((p) => p.uri === uri && (opts.version === undefined || p.version === opts.version) && (!opts.accept || opts.accept(p))), opts.timeoutMs);
  }

  open(uri: string, languageId: string, text: string, version = 1): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  executeCommand<T>(command: string, args: unknown[] = []): Promise<T> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.proc.exitCode === null) this.proc.kill();
    this.connection.dispose();
    fs.rmSync(this.cacheDir, { recursive: true, force: true });
  }
}

export function pathUri(file: string): string {
  return new URL(`file://${path.resolve(file)}`).href;
}

/** Edits of a WorkspaceEdit for one document (changes or documentChanges form). */
export function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  if (!edit) return [];
  if (edit.changes?.[uri]) return edit.changes[uri];
  const out: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) out.push(...(change.edits as TextEdit[]));
  }
  return out;
}

/** archlens's own diagnostics of one rule. */
export function ours(list: Diagnostic[], code: string): Diagnostic[] {
  return list.filter((d) => d.code === code && d.source === 'archlens');
}

/** A Deployment with a beta arch label and a mistyped value (AL101, AL102), shared by the protocol tests. */
export const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      nodeSelector:
        beta.kubernetes.io/arch: x86_64
      containers:
        - name: web
          image: nginx:1.27
`;

/** $TARGETARCH without its ARG (AL301). */
export const DOCKERFILE = 'FROM golang:1.22\nRUN echo $TARGETARCH\n';

export function rangeText(r: Diagnostic['range']): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** A TCP server that accepts and never answers; counts connections and closes. */
export async function stallServer(): Promise<{ port: number; connections: number; closed: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const state = { port: 0, connections: 0, closed: 0, close: async () => {} };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => { state.closed++; sockets.delete(socket); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

