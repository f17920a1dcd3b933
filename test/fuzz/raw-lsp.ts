/**
 * A bare LSP client for protocol fuzzing: spawns the bundled server over stdio and frames JSON-RPC
 * itself, so it can also write what no well-behaved client would (a wrong Content-Length, a body
 * that is not JSON, a batch) and still see every answer, including answers to its raw requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.mjs');

export interface RpcError { code: number; message: string; data?: unknown }
export type Answer = { result: unknown } | { error: RpcError } | 'timeout' | 'exited';

export class RawLspServer {
  stderr = '';
  /** Diagnostics publications received. */
  publications = 0;
  /** window/logMessage lines received. */
  readonly logs: string[] = [];
  /** Every notification received, in order (method and params). */
  readonly notifications: Array<{ method: string; params: unknown; at: number }> = [];
  /** Answers received, in order (request id), to check what was answered before what. */
  readonly answered: Array<{ id: number | string; at: number }> = [];
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<string, (answer: Answer) => void>();
  private nextId = 1;
  private exited = false;
  readonly exit: Promise<number | null>;

  private constructor(private readonly proc: ChildProcess, private readonly home: string) {
    this.exit = new Promise((resolve) => proc.once('exit', (code) => {
      this.exited = true;
      for (const done of this.pending.values()) done('exited');
      this.pending.clear();
      resolve(code);
    }));
    proc.stdout!.on('data', (chunk: Buffer) => this.onData(chunk));
    proc.stderr!.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + String(chunk)).slice(-20_000); });
    proc.stdin!.on('error', () => undefined); // writing to a server that exited
  }

  /** Spawns and initialises a server (offline: no network), as a client with configuration support. */
  static async start(options: { workspaceFolders?: string[] } = {}): Promise<RawLspServer> {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-fuzz-lsp-'));
    const proc = spawn(process.execPath, [SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DOCKER_CONFIG: home, XDG_CACHE_HOME: home, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' },
    });
    const server = new RawLspServer(proc, home);
    const folders = options.workspaceFolders ?? [];
    const init = await server.request('initialize', {
      processId: process.pid, rootUri: null, workspaceFolders: folders.map((f) => ({ uri: `file://${f}`, name: path.basename(f) })),
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true } }, textDocument: { publishDiagnostics: { versionSupport: true, dataSupport: true } } },
      initializationOptions: { trusted: true, cacheDir: home },
    }, 30_000);
    if (typeof init === 'string' || 'error' in init) {
      // Nobody holds a server that never initialised: it must not outlive the test run.
      server.kill();
      fs.rmSync(home, { recursive: true, force: true });
      throw new Error(`initialize failed: ${JSON.stringify(init)}\n${server.stderr}`);
    }
    server.notify('initialized', {});
    return server;
  }

  get alive(): boolean { return !this.exited; }

  /** Writes one framed message. */
  send(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  /** Writes bytes as they are (a broken frame). */
  write(bytes: Buffer | string): void {
    if (!this.exited) this.proc.stdin!.write(bytes);
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Sends a request and waits for its answer (or `timeoutMs`). */
  request(method: string, params: unknown, timeoutMs = 10_000): Promise<Answer> {
    const id = this.nextId++;
    const answer = this.expect(id, timeoutMs);
    this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    return answer;
  }

  /** Waits for the answer to a request with this id (sent raw by the caller). */
  expect(id: number | string, timeoutMs: number): Promise<Answer> {
    if (this.exited) return Promise.resolve('exited');
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.pending.delete(String(id)); resolve('timeout'); }, timeoutMs);
      this.pending.set(String(id), (answer) => { clearTimeout(timer); resolve(answer); });
    });
  }

  /** A fresh request id for raw requests. */
  id(): number { return this.nextId++; }

  async stop(): Promise<void> {
    if (!this.exited) {
      await this.request('shutdown', undefined, 5000);
      this.notify('exit', undefined);
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await this.exit;
      clearTimeout(timer);
    }
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  kill(): void {
    this.proc.kill('SIGKILL');
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      const length = /content-length:\s*(\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'));
      if (!length) throw new Error(`the server wrote a frame without Content-Length: ${this.buffer.subarray(0, end).toString()}`);
      const total = end + 4 + Number(length[1]);
      if (this.buffer.length < total) return;
      const message = JSON.parse(this.buffer.subarray(end + 4, total).toString('utf8')) as { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: RpcError };
      this.buffer = this.buffer.subarray(total);
      this.dispatch(message);
    }
  }

  private dispatch(message: { id?: number | string | null; method?: string; params?: unknown; result?: unknown; error?: RpcError }): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server: answer what a plain client answers.
      const items = (message.params as { items?: Array<{ section?: string }> } | undefined)?.items ?? [];
      const result = message.method === 'workspace/configuration' ? items.map((i) => (i.section === 'archlens' ? { offline: true } : {})) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') this.publications++;
    if (message.method === 'window/logMessage') this.logs.push((message.params as { message: string }).message);
    if (message.method !== undefined) {
      this.notifications.push({ method: message.method, params: message.params, at: performance.now() });
      return;
    }
    if (message.id !== undefined && message.id !== null) this.answered.push({ id: message.id, at: performance.now() });
    const done = this.pending.get(String(message.id));
    if (!done) return;
    this.pending.delete(String(message.id));
    done(message.error ? { error: message.error } : { result: message.result });
  }
}
