/**
 * A fault-injecting reverse proxy for tests and benchmarks, placed in front of a test registry:
 * records every request (method, path, whether Authorization was present — never its value),
 * adds latency, and answers matching requests with faults the real registry cannot produce.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TestCert } from './certs';

export type FaultAction =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer }
  | { reset: true }
  /** Forward the upstream's headers, send this many body bytes, then stall forever. */
  | { stallAfterBytes: number }
  /** 200 with this many bytes of body; `declareLength` sends Content-Length too. */
  | { hugeBody: number; declareLength?: boolean }
  /** Forward, then transform the body (headers kept, Content-Length fixed). */
  | { mutate: (body: Buffer) => Buffer }
  /** Forward without these response headers. */
  | { dropHeaders: string[] }
  | { redirect: string; status?: number }
  /** Serve a stored document as a manifest. */
  | { serve: { body: Buffer | string; contentType?: string; digest?: string } };

export interface FaultRule {
  method?: string;
  /** Substring or pattern of the request path (with query). */
  path?: string | RegExp;
  /** How many matching requests it applies to (default: all). */
  times?: number;
  action: FaultAction;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: boolean;
  at: number;
}

export interface FaultProxy {
  url: string;
  /** host:port as a reference names it. */
  host: string;
  port: number;
  requests: RecordedRequest[];
  rules: FaultRule[];
  latencyMs: number;
  /** Most requests in progress at once since the last clear(). */
  maxInFlight: number;
  /** Requests in progress now (a client that gave up on a stalled one has closed it). */
  inFlight(): number;
  /** Requests matching method and path pattern. */
  count(method?: string, path?: string | RegExp): number;
  clear(): void;
  stop(): Promise<void>;
}

export interface ProxyOptions {
  /** Upstream base URL (http://127.0.0.1:PORT); omitted = answers only from rules (404 otherwise). */
  target?: string;
  host?: string;
  latencyMs?: number;
  tls?: TestCert;
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method !== method) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? path.includes(rule.path) : rule.path.test(path);
}

export async function startFaultProxy(options: ProxyOptions = {}): Promise<FaultProxy> {
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    url: '',
    host: '',
    port: 0,
    requests: [],
    rules: [],
    latencyMs: options.latencyMs ?? 0,
    maxInFlight: 0,
    inFlight: () => inFlight,
    count(method?: string, path?: string | RegExp) {
      return this.requests.filter((r) => (!method || r.method === method) && (path === undefined || (typeof path === 'string' ? r.path.includes(path) : path.test(r.path)))).length;
    },
    clear() {
      this.requests.length = 0;
      this.rules.length = 0;
      this.maxInFlight = inFlight;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const forward = (req: http.IncomingMessage, body: Buffer, onResponse: (res: http.IncomingMessage) => void, onError: () => void): void => {
    if (!options.target) return onError();
    const target = new URL(options.target);
    const headers = { ...req.headers, host: target.host };
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, onResponse);
    upstream.on('error', onError);
    upstream.end(body);
  };

  let inFlight = 0;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    inFlight++;
    proxy.maxInFlight = Math.max(proxy.maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      proxy.requests.push({ method, path, authorization: req.headers.authorization !== undefined, at: Date.now() });
      const rule = proxy.rules.find((r) => matches(r, method, path) && (r.times === undefined || r.times > 0));
      if (rule && rule.times !== undefined) rule.times--;
      const body = Buffer.concat(chunks);
      setTimeout(() => respond(rule?.action, req, res, body), proxy.latencyMs);
    });
  };

  const bad = (res: http.ServerResponse): void => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  };

  const respond = (action: FaultAction | undefined, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void => {
    const method = req.method ?? 'GET';
    if (!action || 'dropHeaders' in action) {
      return forward(req, body, (up) => {
        const headers = { ...up.headers };
        if (action) for (const h of action.dropHeaders) delete headers[h.toLowerCase()];
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      }, () => bad(res));
    }
    if ('reset' in action) {
      req.socket.destroy();
      return;
    }
    if ('redirect' in action) {
      res.writeHead(action.status ?? 307, { Location: action.redirect });
      return void res.end();
    }
    if ('status' in action) {
      res.writeHead(action.status, { 'Content-Type': 'application/json', ...action.headers });
      return void res.end(method === 'HEAD' ? undefined : action.body);
    }
    if ('serve' in action) {
      const doc = Buffer.from(action.serve.body);
      const headers: Record<string, string> = { 'Content-Length': String(doc.length) };
      if (action.serve.contentType) headers['Content-Type'] = action.serve.contentType;
      if (action.serve.digest) headers['Docker-Content-Digest'] = action.serve.digest;
      res.writeHead(200, headers);
      return void res.end(method === 'HEAD' ? undefined : doc);
    }
    if ('hugeBody' in action) {
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json', ...(action.declareLength ? { 'Content-Length': String(action.hugeBody) } : {}) });
      if (method === 'HEAD') return void res.end();
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < action.hugeBody) {
          const n = Math.min(chunk.length, action.hugeBody - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => {
        sent = action.hugeBody; // the client hung up: stop producing
      });
      return pump();
    }
    if ('stallAfterBytes' in action) {
      return forward(req, body, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => res.write(Buffer.concat(parts).subarray(0, action.stallAfterBytes))); // never ends
      }, () => bad(res));
    }
    if ('mutate' in action) {
      return forward(req, body, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          const changed = action.mutate(Buffer.concat(parts));
          const headers = { ...up.headers, 'content-length': String(changed.length) };
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(method === 'HEAD' ? undefined : changed);
        });
      }, () => bad(res));
    }
  };

  const server = options.tls ? https.createServer({ key: options.tls.keyPem, cert: options.tls.certPem }, handler) : http.createServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.host = `${host}:${proxy.port}`;
  proxy.url = `${options.tls ? 'https' : 'http'}://${proxy.host}`;
  return proxy;
}
