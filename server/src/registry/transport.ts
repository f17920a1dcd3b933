/**
 * One HTTP exchange with retries, size caps, timeouts, per-host concurrency and shared back-off.
 * No redirects and no auth here (client.ts does both); errors come back as NetError.
 *
 * The local-destination guard lives here, at connect time: a request marked `publicSource` (a hop
 * a non-local host sent us on) goes through dispatchers whose sockets resolve names with a lookup
 * that refuses loopback and link-local addresses — the very addresses the socket then connects to,
 * so a name that answers differently on the next query (DNS rebinding) gains nothing.
 */
import * as fs from 'node:fs';
import { isIP, type LookupFunction } from 'node:net';
import type * as Undici from 'undici';
import type { Agent, Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';
import { isLocalAddress, type NameLookup } from './hosts';
import type { RegistryLog } from './types';

let undiciModule: typeof Undici | undefined;

/**
 * undici, loaded with the first dispatcher: evaluating it is the largest part of a bundle's
 * start-up (some 150 ms of `archlens check --offline`, which never sends a request).
 */
/** node:tls and node:dns, loaded with the first connection: an offline check makes none (issue 13: start-up). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load of a built-in module
const tlsModule = () => require('node:tls') as typeof import('node:tls');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load of a built-in module
const dnsModule = () => require('node:dns') as typeof import('node:dns');

function undici(): typeof Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; esbuild bundles it
  undiciModule ??= require('undici') as typeof Undici;
  return undiciModule;
}

/** See TransportOptions.maxBackoffMs. */
const DEFAULT_MAX_BACKOFF_MS = 10 * 60 * 1000;

/** How long an aborted request may take to let go before its dispatcher is replaced. */
const ABORT_GRACE_MS = 250;

export type NetErrorKind = 'timeout' | 'unreachable' | 'tls' | 'cancelled' | 'too-large' | 'reset' | 'rate-limited' | 'protocol' | 'local-address' | 'proxy';

export class NetError extends Error {
  /** Not UND_ERR_SOCKET: undici fails the waiting requests with this error instead of reconnecting at once (see TunnelPool). */
  readonly code = 'ARCHLENS_NET';
  constructor(
    readonly kind: NetErrorKind,
    message: string,
    readonly retryAfter?: number,
    /** Worth another attempt after the back-off (a proxy that hung up may answer next time; one that refused will not). */
    readonly transient = false,
  ) {
    super(message);
  }
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  url: URL;
}

export interface SendRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  maxBytes: number;
  signal?: AbortSignal;
  /** Requests that are manifest GETs (Docker Hub counts only these against its pull limit). */
  countsAgainstPullLimit?: boolean;
  /**
   * Set for a hop that a non-local host sent us on, saying which ("a redirect from registry.example.com"):
   * such a request never reaches a loopback or link-local address. Checked on the host as written
   * (an address literal, `localhost`) before anything is sent, and on every address a direct
   * connection resolves to, at connect time. Through a proxy only the former: the proxy resolves
   * the name and connects, so no address of ours would say where it goes.
   */
  publicSource?: string;
}

export interface TransportOptions {
  timeoutMs: number;
  concurrency: number;
  retries: number;
  backoffBaseMs: number;
  /** A Retry-After (or back-off) longer than this is not waited for: the look-up answers rate-limited. */
  maxRetryAfterMs: number;
  /**
   * The longest a host's answer may hold every look-up to it (a Retry-After, a spent pull budget):
   * a Retry-After of 999999999 s must not end look-ups to that host for the rest of an editor session.
   */
  maxBackoffMs?: number;
  proxy?: string;
  noProxy?: string;
  env: NodeJS.ProcessEnv;
  strictSSL: boolean;
  extraCaCerts: string[];
  /** Hosts (host[:port]) whose TLS certificate is not verified (registries.insecure). */
  insecureHosts: Set<string>;
  log: RegistryLog;
  now: () => number;
  /** Name resolution for direct connections (default: the system's, dns.lookup); tests inject one. */
  lookup?: NameLookup;
}

export function header(h: HttpResponse['headers'], name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function headerAll(h: HttpResponse['headers'], name: string): string[] {
  const v = h[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Retry-After as an absolute epoch ms: delta-seconds or an HTTP-date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return now + Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(now, date);
}

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new NetError('cancelled', 'the look-up was cancelled');
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new NetError('cancelled', 'the look-up was cancelled'));
        };
        this.waiting.push(go);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    } else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next(); // the slot passes straight to the next waiter
      else this.active--;
    };
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new NetError('cancelled', 'the look-up was cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new NetError('cancelled', 'the look-up was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const TLS_CODES = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

/** Maps whatever undici/node threw to a NetError; never leaks headers. */
export function classifyError(error: unknown, userSignal: AbortSignal | undefined, host: string): NetError {
  if (userSignal?.aborted && !(error instanceof NetError)) return new NetError('cancelled', 'the look-up was cancelled');
  const codes: string[] = [];
  const names: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof NetError) return e; // ours, maybe wrapped by undici (the connect-time guard's refusal)
    const obj = e as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof obj.code === 'string') codes.push(obj.code);
    if (typeof obj.name === 'string') names.push(obj.name);
    e = obj.cause;
  }
  const has = (re: RegExp): boolean => codes.some((c) => re.test(c));
  if (names.includes('TimeoutError') || has(/TIMEOUT|ETIMEDOUT/)) return new NetError('timeout', `${host} did not answer in time`);
  if (names.includes('AbortError')) return new NetError('timeout', `${host} did not answer in time`);
  if (has(TLS_CODES) || has(/^EPROTO$/)) return new NetError('tls', `TLS with ${host} failed (${codes.find((c) => TLS_CODES.test(c) || c === 'EPROTO')})`);
  if (has(/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/)) return new NetError('reset', `the connection to ${host} was reset`);
  if (has(/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)$/)) return new NetError('unreachable', `${host} is unreachable (${codes[codes.length - 1]})`);
  return new NetError('protocol', `the exchange with ${host} failed (${codes[0] ?? names[0] ?? 'unknown error'})`);
}

const RETRY_STATUS = (s: number): boolean => s === 408 || s === 429 || (s >= 500 && s <= 599);

export class Transport {
  private readonly limiters = new Map<string, Semaphore>();
  /** host → epoch ms before which nobody sends to it (shared back-off, at most maxBackoffMs ahead; expired entries are dropped when read). */
  readonly backoffUntil = new Map<string, number>();
  /** host → epoch ms before which no manifest GET is sent (Docker Hub's pull budget is spent). */
  readonly pullBudgetUntil = new Map<string, number>();
  /** Verified or unverified TLS (insecure hosts) × guarded or not (publicSource): made when first needed. */
  private readonly dispatchers = new Map<string, Dispatcher>();
  requests = 0;
  private readonly maxBackoffMs: number;

  constructor(private readonly o: TransportOptions) {
    this.maxBackoffMs = o.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  }

  private dispatcher(lax: boolean, guarded: boolean): Dispatcher {
    const key = `${lax}|${guarded}`;
    let d = this.dispatchers.get(key);
    if (d) return d;
    const o = this.o;
    const tlsOptions = lax ? { rejectUnauthorized: false } : { rejectUnauthorized: o.strictSSL, ...(o.extraCaCerts.length ? { ca: [...tlsModule().rootCertificates, ...envExtraCa(o.env), ...o.extraCaCerts.map(readPem)] } : {}) };
    const lookup = guarded ? guardedLookup(o.lookup ?? systemLookup) : o.lookup ? guardedLookup(o.lookup, false) : undefined;
    d = makeDispatcher(o, {
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
      connections: Math.max(o.concurrency, 1) * 2,
      connect: { timeout: Math.min(o.timeoutMs, 10_000), ...tlsOptions },
      lookup,
    });
    this.dispatchers.set(key, d);
    return d;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.dispatchers.values()].map((d) => d.close()));
  }

  private limiter(host: string): Semaphore {
    let s = this.limiters.get(host);
    if (!s) this.limiters.set(host, (s = new Semaphore(Math.max(1, this.o.concurrency))));
    return s;
  }

  /** Holds every request to `host` until `until`, at most maxBackoffMs from now; returns the time held until. */
  private holdBackoff(host: string, until: number): number {
    const held = Math.max(this.backoffUntil.get(host) ?? 0, Math.min(until, this.o.now() + this.maxBackoffMs));
    this.backoffUntil.set(host, held);
    return held;
  }

  /** Waits out a shared back-off, or refuses at once when it is longer than we are willing to wait. */
  private async honourBackoff(host: string, req: SendRequest): Promise<void> {
    const now = this.o.now();
    if (req.countsAgainstPullLimit) {
      const until = this.pullBudgetUntil.get(host) ?? 0;
      if (until > now) throw new NetError('rate-limited', `${host}'s pull limit is nearly spent; look-ups paused`, until);
      if (until) this.pullBudgetUntil.delete(host);
    }
    const until = this.backoffUntil.get(host) ?? 0;
    if (until <= now) {
      if (until) this.backoffUntil.delete(host); // expired: the host is asked again
      return;
    }
    if (until - now > this.o.maxRetryAfterMs) throw new NetError('rate-limited', `${host} asked us to wait`, until);
    await sleep(until - now, req.signal);
  }

  async send(req: SendRequest): Promise<HttpResponse> {
    const host = req.url.host;
    let attempt = 0;
    for (;;) {
      await this.honourBackoff(host, req);
      let outcome: HttpResponse | NetError;
      const release = await this.limiter(host).acquire(req.signal);
      try {
        outcome = await this.once(req);
      } catch (error) {
        outcome = classifyError(error, req.signal, host);
      } finally {
        release();
      }
      this.noteRateLimit(host, outcome);
      const retryable = outcome instanceof NetError ? outcome.kind === 'reset' || outcome.kind === 'timeout' || outcome.transient : RETRY_STATUS(outcome.status);
      if (!retryable || attempt >= this.o.retries) {
        if (!(outcome instanceof NetError) && outcome.status === 429) {
          const until = parseRetryAfter(header(outcome.headers, 'retry-after'), this.o.now());
          const held = until === undefined ? undefined : this.holdBackoff(host, until);
          throw new NetError('rate-limited', `${host} is rate limiting requests`, held);
        }
        if (outcome instanceof NetError) throw outcome;
        return outcome;
      }
      attempt++;
      let delay = this.o.backoffBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      if (!(outcome instanceof NetError)) {
        const until = parseRetryAfter(header(outcome.headers, 'retry-after'), this.o.now());
        if (until !== undefined) {
          const wait = until - this.o.now();
          if (wait > this.o.maxRetryAfterMs) {
            // Too long to wait here; every other look-up to this host answers at once until then (capped).
            throw new NetError('rate-limited', `${host} asked us to wait`, this.holdBackoff(host, until));
          }
          delay = Math.max(wait, 0) + Math.random() * 50;
          // Everyone waits: other look-ups to this host honour the same back-off.
          this.holdBackoff(host, this.o.now() + delay);
        } else if (outcome.status === 429) {
          this.holdBackoff(host, this.o.now() + delay);
        }
      }
      this.o.log('debug', `retrying ${req.method} ${req.url.host}${req.url.pathname} in ${Math.round(delay)} ms (${outcome instanceof NetError ? outcome.kind : outcome.status})`);
      await sleep(delay, req.signal);
    }
  }

  /** Docker Hub: `ratelimit-remaining: 97;w=21600`. Near zero → pause manifest GETs for the window. */
  private noteRateLimit(host: string, outcome: HttpResponse | NetError): void {
    if (outcome instanceof NetError) return;
    const remaining = header(outcome.headers, 'ratelimit-remaining');
    if (!remaining) return;
    const m = /^\s*(\d+)(?:\s*;\s*w=(\d+))?/.exec(remaining);
    if (!m) return;
    if (Number(m[1]) <= 1) {
      const windowS = m[2] ? Number(m[2]) : 3600;
      this.pullBudgetUntil.set(host, this.o.now() + Math.min(windowS * 1000, this.maxBackoffMs));
      this.o.log('warn', `${host}: pull limit nearly spent (remaining ${m[1]}); manifest GETs paused`);
    }
  }

  /**
   * undici can miss an abort: a proxy that closes the socket on CONNECT instead of answering makes
   * it reconnect in a tight loop that neither the signal nor its timeouts end. The look-up still
   * ends on time, and a dispatcher that did not let go is replaced (closing it stops the loop).
   */
  private requestUntilAborted(req: SendRequest, dispatcher: Dispatcher, key: string, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const pending = undici().request(req.url, { method: req.method, headers: req.headers, body: req.body, dispatcher, signal });
    return new Promise((resolve, reject) => {
      let settled = false;
      let grace: NodeJS.Timeout | undefined;
      const onAbort = () => {
        grace = setTimeout(() => {
          if (settled) return;
          settled = true;
          if (this.dispatchers.get(key) === dispatcher) this.dispatchers.delete(key);
          dispatcher.destroy().catch(() => undefined);
          reject(signal.reason instanceof Error ? signal.reason : new NetError('timeout', `${req.url.host} did not answer in time`));
        }, ABORT_GRACE_MS);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const finish = () => {
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (grace) clearTimeout(grace);
      };
      pending.then(
        (res) => {
          if (settled) return void res.body.destroy();
          finish();
          resolve(res);
        },
        (error: unknown) => {
          if (settled) return;
          finish();
          reject(error);
        },
      );
    });
  }

  private async once(req: SendRequest): Promise<HttpResponse> {
    // The host as written: an address literal is never looked up, and a proxy would connect to it for us.
    if (req.publicSource && isLocalAddress(req.url.host)) throw localRefusal(req.publicSource, req.url.host);
    this.requests++;
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const lax = this.o.insecureHosts.has(req.url.host);
    const dispatcher = this.dispatcher(lax, !!req.publicSource);
    let res: Dispatcher.ResponseData;
    try {
      res = await this.requestUntilAborted(req, dispatcher, `${lax}|${!!req.publicSource}`, signal);
    } catch (error) {
      const refused = classifyError(error, undefined, req.url.host);
      if (refused.kind === 'local-address' && req.publicSource) throw localRefusal(req.publicSource, req.url.host, refused.message);
      throw error;
    }
    const headers = res.headers as HttpResponse['headers'];
    const declared = Number(header(headers, 'content-length'));
    if (req.method !== 'HEAD' && Number.isFinite(declared) && declared > req.maxBytes) {
      res.body.destroy();
      throw new NetError('too-large', `${req.url.host} sent ${declared} bytes, over the ${req.maxBytes}-byte limit`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res.body) {
        const buf = chunk as Buffer;
        total += buf.length;
        if (total > req.maxBytes) {
          res.body.destroy();
          throw new NetError('too-large', `${req.url.host} sent more than the ${req.maxBytes}-byte limit`);
        }
        chunks.push(buf);
      }
    } catch (error) {
      if (!res.body.destroyed) res.body.destroy();
      throw error;
    }
    return { status: res.statusCode, headers, body: Buffer.concat(chunks), url: req.url };
  }
}

function readPem(value: string): string {
  if (value.includes('-----BEGIN')) return value;
  try {
    return fs.readFileSync(value, 'utf8');
  } catch {
    return '';
  }
}

/** Passing `ca` replaces Node's store, which is where NODE_EXTRA_CA_CERTS lives: add it back. */
function envExtraCa(env: NodeJS.ProcessEnv): string[] {
  return env.NODE_EXTRA_CA_CERTS ? [readPem(env.NODE_EXTRA_CA_CERTS)].filter(Boolean) : [];
}

const systemLookup: NameLookup = async (name) => (await dnsModule().promises.lookup(name, { all: true, verbatim: true })).map((a) => a.address);

function localRefusal(publicSource: string, host: string, detail?: string): NetError {
  return new NetError('local-address', `refused ${publicSource} to ${host}${detail ? `: ${detail}` : ', a local address'} (loopback and link-local addresses are reachable only from a local registry)`);
}

/**
 * A socket `lookup` (what net.connect resolves the host name with) over a NameLookup. `refuseLocal`:
 * when any address of the name is loopback or link-local, the connection fails with a
 * NetError('local-address') before it is attempted.
 */
export function guardedLookup(resolve: NameLookup, refuseLocal = true): LookupFunction {
  return (hostname, options, callback) => {
    const answer = (async (): Promise<Array<{ address: string; family: number }>> => {
      const addresses = await resolve(hostname);
      const local = refuseLocal ? addresses.find((a) => isLocalAddress(a.includes(':') ? `[${a}]` : a)) : undefined;
      if (local) throw new NetError('local-address', `${hostname} resolves to ${local}, a local address`);
      const wanted = addresses.map((address) => ({ address, family: isIP(address) })).filter((a) => a.family && (!options.family || a.family === options.family));
      if (!wanted.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      return wanted;
    })();
    answer.then(
      (list) => (options.all ? callback(null, list) : callback(null, list[0].address, list[0].family)),
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

const HANG_UP = /^(UND_ERR_SOCKET|UND_ERR_CLOSED|ECONNRESET|EPIPE)$/;

/**
 * The connection to a proxy that carries CONNECT tunnels. undici, when the proxy hangs up on a
 * CONNECT (a socket error), keeps the request queued and reconnects at once, in a loop that
 * neither the request's signal nor its timeouts end (about 61,000 connections in 32 s for one
 * image). Turning that failure into a NetError — whose code is not a socket error's — makes undici
 * fail the request instead; Transport.send then retries it with its bounded back-off, so each
 * attempt costs one connection. A proxy that answers the CONNECT with another status than 200 is
 * named here too (undici would say "aborted", read as a time-out).
 */
function defineTunnelPool(PoolClass: typeof Pool) {
  return class TunnelPool extends PoolClass {
    constructor(
      private readonly proxyHost: string,
      origin: URL,
      options: Pool.Options,
    ) {
      super(origin, options);
    }

    /** The promise form: the one ProxyAgent calls (undici 7 proxy-agent.js). */
    override async connect(options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> {
      let data: Dispatcher.ConnectData;
      try {
        data = await super.connect(options);
      } catch (error) {
        throw tunnelFailure(error, this.proxyHost, options.path);
      }
      if (data.statusCode !== 200) {
        data.socket.on('error', () => undefined).destroy();
        throw new NetError('proxy', `the proxy ${this.proxyHost} refused a tunnel to ${options.path} (HTTP ${data.statusCode})`);
      }
      return data;
    }
  }
}

let TunnelPoolClass: ReturnType<typeof defineTunnelPool> | undefined;

function tunnelFailure(error: unknown, proxyHost: string, target: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || TLS_CODES.test(code) || code === 'UND_ERR_ABORTED') return error; // TLS to the proxy, or our own abort: classified as usual
  if (HANG_UP.test(code)) return new NetError('proxy', `the proxy ${proxyHost} closed the connection instead of opening a tunnel to ${target}`, undefined, true);
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)$/.test(code)) return new NetError('proxy', `the proxy ${proxyHost} is unreachable (${code})`);
  if (/TIMEOUT/.test(code)) return new NetError('timeout', `the proxy ${proxyHost} did not answer in time`, undefined, false);
  return error;
}

type AgentOptions = ConstructorParameters<typeof Agent>[0] & { connect: Record<string, unknown>; lookup?: LookupFunction };

/**
 * `lookup` resolves the names of direct connections only (a NO_PROXY host included): the proxy is
 * reached with the system's resolver, and the target's name is the proxy's to resolve.
 */
function makeDispatcher(o: TransportOptions, { lookup, ...agent }: AgentOptions): Dispatcher {
  const env = o.env;
  const tlsOnly = agent.connect;
  const direct = { ...agent, connect: lookup ? { ...agent.connect, lookup } : agent.connect };
  TunnelPoolClass ??= defineTunnelPool(undici().Pool);
  const TunnelPool = TunnelPoolClass;
  const clientFactory = (origin: URL, options: Pool.Options): Dispatcher => new TunnelPool(origin.host, origin, options);
  if (o.proxy) {
    // An explicit proxy (the editor's http.proxy) with its no-proxy list: EnvHttpProxyAgent given
    // explicit values rather than the environment's, so NO_PROXY semantics stay undici's.
    return new (undici().EnvHttpProxyAgent)({ ...direct, httpProxy: o.proxy, httpsProxy: o.proxy, noProxy: o.noProxy ?? env.NO_PROXY ?? env.no_proxy ?? '', requestTls: tlsOnly, proxyTls: tlsOnly, clientFactory } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  }
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  if (httpProxy || httpsProxy) {
    return new (undici().EnvHttpProxyAgent)({ ...direct, httpProxy, httpsProxy, noProxy: env.NO_PROXY ?? env.no_proxy ?? '', requestTls: tlsOnly, clientFactory } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  }
  return new (undici().Agent)(direct);
}
