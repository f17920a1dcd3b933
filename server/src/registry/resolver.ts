/**
 * One look-up: HEAD → cache → GET, with single-flight per reference,
 * mirrors, offline/no-cache modes and error states as values.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ImageLookup, ImagePlatforms, LookupError, PlatformEntry, ResolveOptions } from '../images/lookup';
import { normalizePlatform, type Platform } from '../images/platform';
import { registryApiHost, type ImageRef } from '../images/reference';
import { whenAborted } from './abort-fanout';
import { Authenticator } from './auth';
import { DiskCache, type DigestEntry } from './cache';
import { RegistryClient, type Endpoint } from './client';
import { CredentialStore } from './credentials';
import { LookupFailure, fail, toLookupError } from './failure';
import { isLoopbackHost } from './hosts';
import { SCHEMA1_WARNING, isDigest, planIndex, schema1Payload, planManifest, platformOfConfig, platformOfSchema1, type Descriptor } from './manifest';
import { MANIFEST_ACCEPT, classify } from './mediatypes';
import { Transport, header, type HttpResponse } from './transport';
import type { RegistryResolver, RegistryResolverOptions, RegistryStats } from './types';
import { isMediaType } from './untrusted';

const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
const MAX_INDEX_DEPTH = 4;
/** Child documents (manifests and config blobs) one look-up may fetch beyond the first: an index of thousands of entries without platforms must not cost thousands of requests. */
const MAX_CHILD_DOCUMENTS = 32;
const NEGATIVE_TTL_MS = 5 * 60 * 1000;
const NETWORK_STATES = new Set(['unreachable', 'timeout']);
const NEGATIVE_STATES = new Set(['not-found', 'not-found-or-private', 'unauthorized', 'denied', 'not-runnable']);

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'archlens');
}

/** The digest must match the raw bytes as received (never a re-serialisation); a signed schema1 manifest's, its JWS payload. */
function verifyDigest(body: Buffer, digest: string, where: string, manifest = false): void {
  const [algo, hex] = digest.split(':');
  const hash = (bytes: Buffer): string => createHash(algo === 'sha512' ? 'sha512' : 'sha256').update(bytes).digest('hex');
  if (hash(body) === hex) return;
  const payload = manifest ? schema1Payload(body) : undefined;
  if (payload && hash(payload) === hex) return;
  fail('invalid-response', `${where}: the content does not match its digest ${digest.slice(0, 19)}…`);
}

function parseJson(body: Buffer, where: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    fail('invalid-response', `${where}: the registry answered something that is not JSON`);
  }
}

/** Maps a non-2xx manifest/blob status (JSON, text or HTML body alike: the status decides). */
function statusFailure(res: HttpResponse, what: string): never {
  const host = res.url.host;
  switch (true) {
    case res.status === 404:
      fail('not-found', `${what}: not found on ${host}`);
    case res.status === 401:
      fail('unauthorized', `${what}: ${host} refused the request (HTTP 401)`);
    case res.status === 403:
      fail('denied', `${what}: access denied by ${host}`);
    case res.status === 429:
      fail('rate-limited', `${what}: ${host} is rate limiting requests`);
    default:
      fail('registry-error', `${what}: ${host} answered HTTP ${res.status}`);
  }
}

function platformKey(p: Platform): string {
  return `${p.os}/${p.architecture}/${p.variant ?? ''}/${p.osVersion ?? ''}`;
}

interface Target {
  registry: string;
  apiHost: string;
  repo: string;
  endpoints: Array<{ endpoint: Endpoint; via?: string }>;
}

export function createRegistryResolver(options: RegistryResolverOptions): RegistryResolver {
  return new Resolver(options);
}

class Resolver implements RegistryResolver {
  private readonly env: NodeJS.ProcessEnv;
  private readonly now: () => number;
  private readonly transport: Transport;
  private readonly client: RegistryClient;
  private readonly cache: DiskCache;
  private readonly inflight = new Map<string, Flight>();
  private readonly closing = new AbortController();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly insecure: Set<string>;
  private readonly log: NonNullable<RegistryResolverOptions['log']>;
  private counts = { resolved: 0, failed: 0, fromCache: 0 };

  constructor(private readonly o: RegistryResolverOptions) {
    setMaxListeners(0, this.closing.signal); // one listener per flight in progress
    this.env = o.env ?? process.env;
    this.now = o.now ?? Date.now;
    const log = (this.log = o.log ?? (() => undefined));
    this.ttlMs = (o.ttlHours ?? 24) * 3600_000;
    this.negativeTtlMs = o.tuning?.negativeTtlMs ?? NEGATIVE_TTL_MS;
    this.insecure = new Set(o.registries.insecure.map((h) => h.toLowerCase()));
    this.transport = new Transport({
      timeoutMs: o.registries.timeoutMs,
      concurrency: o.registries.concurrency,
      retries: o.tuning?.retries ?? 2,
      backoffBaseMs: o.tuning?.backoffBaseMs ?? 250,
      maxRetryAfterMs: o.tuning?.maxRetryAfterMs ?? 10_000,
      maxBackoffMs: o.tuning?.maxBackoffMs,
      proxy: o.proxy,
      noProxy: o.noProxy,
      env: this.env,
      strictSSL: o.strictSSL ?? true,
      extraCaCerts: o.extraCaCerts ?? [],
      insecureHosts: this.insecure,
      log,
      now: this.now,
      lookup: o.tuning?.lookup,
    });
    const creds = new CredentialStore({ dockerConfigDir: o.dockerConfigDir, podmanAuthFiles: o.podmanAuthFiles, env: this.env, log, now: this.now });
    this.client = new RegistryClient(this.transport, new Authenticator(this.transport, creds, this.now, log), this.insecure);
    this.cache = new DiskCache(o.cacheDir ?? defaultCacheDir(this.env), !o.noCache, (m) => log('warn', m));
  }

  stats(): RegistryStats {
    const now = this.now();
    const rateLimitedUntil: Record<string, number> = {};
    for (const map of [this.transport.backoffUntil, this.transport.pullBudgetUntil]) {
      for (const [host, until] of map) if (until > now) rateLimitedUntil[host] = Math.max(until, rateLimitedUntil[host] ?? 0);
    }
    return { pending: this.inflight.size, ...this.counts, requests: this.transport.requests, rateLimitedUntil };
  }

  async clearCache(): Promise<void> {
    await this.cache.clear();
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.inflight.values()].map((f) => f.promise));
    await this.transport.close();
  }

  async resolve(ref: ImageRef, options: ResolveOptions = {}): Promise<ImageLookup> {
    if (this.o.untrusted) {
      return { ok: false, error: { state: 'untrusted-workspace', message: 'registry look-ups are off in an untrusted workspace', cause: 'network' } };
    }
    if (options.signal?.aborted || this.closing.signal.aborted) return cancelled();
    const key = ref.canonical;
    let flight = this.inflight.get(key);
    if (!flight) {
      // One flight per reference; it is aborted when every caller waiting on it has given up
      // (or the resolver closes), so a document change really stops its requests.
      const controller = new AbortController();
      setMaxListeners(0, controller.signal); // many requests of one flight listen to it, by design
      const onClose = (): void => controller.abort();
      this.closing.signal.addEventListener('abort', onClose, { once: true });
      const promise = this.lookup(ref, controller.signal, options).then(
        (image): ImageLookup => {
          this.counts.resolved++;
          if (image.source === 'cache') this.counts.fromCache++;
          return { ok: true, image };
        },
        (error: unknown): ImageLookup => {
          const e = toLookupError(error);
          if (e.state !== 'cancelled') this.counts.failed++;
          return { ok: false, error: e };
        },
      );
      flight = { promise, controller, waiters: 0 };
      const f = flight;
      promise.then(() => {
        this.closing.signal.removeEventListener('abort', onClose);
        if (this.inflight.get(key) === f) this.inflight.delete(key);
      });
      this.inflight.set(key, flight);
    }
    return this.wait(key, flight, options.signal);
  }

  private wait(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<ImageLookup> {
    if (!signal) {
      flight.waiters = Infinity; // a caller that cannot cancel keeps the flight alive
      return flight.promise;
    }
    flight.waiters++;
    return new Promise((resolve) => {
      const onAbort = (): void => {
        flight.waiters--;
        if (flight.waiters <= 0) {
          flight.controller.abort();
          if (this.inflight.get(key) === flight) this.inflight.delete(key);
        }
        resolve(cancelled());
      };
      const unsubscribe = whenAborted(signal, onAbort);
      flight.promise.then((v) => {
        unsubscribe();
        resolve(v);
      });
    });
  }

  private target(ref: ImageRef): Target {
    const registry = ref.registry.toLowerCase();
    const apiHost = registryApiHost(registry);
    const endpoints: Target['endpoints'] = [];
    const mirror = this.o.registries.mirrors[registry] ?? this.o.registries.mirrors[apiHost];
    if (mirror) {
      try {
        const base = new URL(/^[a-z]+:\/\//i.test(mirror) ? mirror : `https://${mirror}`);
        if (base.protocol === 'http:' && !isLoopbackHost(base.host) && !this.insecure.has(base.host)) {
          // Plain http only to loopback or hosts listed as insecure, mirrors included.
          this.log('warn', `mirror ${base.host} for ${registry} is plain http and not in registries.insecure: not used`);
        } else if (base.protocol === 'http:' || base.protocol === 'https:') {
          // The mirror gets its own credentials (by its host), never the upstream's.
          endpoints.push({ endpoint: { base: new URL(base.origin), credHost: base.host, ns: registry }, via: base.host });
        }
      } catch {
        // An invalid mirror setting is ignored; the upstream still answers.
      }
    }
    endpoints.push({ endpoint: this.client.endpointFor(apiHost, registry) });
    return { registry, apiHost, repo: ref.repository, endpoints };
  }

  private async lookup(ref: ImageRef, signal: AbortSignal, options: ResolveOptions): Promise<ImagePlatforms> {
    const now = this.now();
    const key = ref.canonical;
    const negative = options.fresh ? undefined : await this.cache.getNegative(key, now);
    if (negative && !this.o.offline) throw new LookupFailure(negative.error.state, negative.error.message, negative.error);

    if (ref.digest) {
      const cached = await this.cache.getDigest(ref.digest);
      if (cached) return this.answer(ref, cached, 'cache');
    } else {
      const tag = await this.cache.getTag(key);
      if (tag && (this.o.offline || now - tag.checkedAt < this.ttlMs)) {
        const cached = await this.cache.getDigest(tag.digest);
        if (cached) {
          const image = this.answer(ref, cached, 'cache');
          if (this.o.offline && now - tag.checkedAt >= this.ttlMs) {
            image.warnings = [...(image.warnings ?? []), `offline: the tag was last checked ${Math.round((now - tag.checkedAt) / 3600_000)} h ago`];
          }
          return image;
        }
      }
    }
    if (this.o.offline) fail('offline', `offline: ${ref.canonical} is not in the cache`);

    const target = this.target(ref);
    const failures: EndpointFailure[] = [];
    for (const { endpoint, via } of target.endpoints) {
      try {
        const image = await this.fromRegistry(ref, target, endpoint, signal);
        if (via) image.via = via;
        await this.cache.clearNegative(key);
        return image;
      } catch (error) {
        const e = toLookupError(error);
        failures.push({ where: via ? `mirror ${via}` : `upstream ${endpoint.base.host}`, error: e });
        if (signal.aborted) break;
        // A failing mirror falls through to the upstream registry.
        if (via) this.log('info', `mirror ${via} could not answer ${ref.canonical} (${e.state}); asking ${target.apiHost}`);
      }
    }
    const err = combineFailures(failures, ref.canonical);
    if (NETWORK_STATES.has(err.state) && !ref.digest) {
      // No network: a stale cached answer beats none, and says how old it is.
      const tag = await this.cache.getTag(key);
      const cached = tag && (await this.cache.getDigest(tag.digest));
      if (tag && cached) {
        const image = this.answer(ref, cached, 'cache');
        image.warnings = [...(image.warnings ?? []), `${err.state === 'timeout' ? 'registry timed out' : 'registry unreachable'}: cached answer, tag last checked ${Math.round((this.now() - tag.checkedAt) / 3600_000)} h ago`];
        return image;
      }
    }
    if (NEGATIVE_STATES.has(err.state) && options.rememberFailure !== false) await this.cache.putNegative({ reference: key, error: stripForCache(err), until: this.now() + this.negativeTtlMs });
    throw new LookupFailure(err.state, err.message, err);
  }

  private answer(ref: ImageRef, entry: DigestEntry, source: ImagePlatforms['source'], fetchedAt = entry.fetchedAt): ImagePlatforms {
    return {
      reference: ref.canonical,
      digest: entry.digest,
      mediaType: entry.mediaType,
      kind: entry.kind,
      platforms: entry.platforms.map((p) => ({ ...p, platform: { ...p.platform } })),
      source,
      fetchedAt,
      ...(entry.warnings?.length ? { warnings: [...entry.warnings] } : {}),
    };
  }

  private async fromRegistry(ref: ImageRef, target: Target, endpoint: Endpoint, signal: AbortSignal): Promise<ImagePlatforms> {
    const what = ref.canonical;
    const base = { endpoint, repo: target.repo, accept: MANIFEST_ACCEPT, signal };
    let digest = ref.digest;
    let prefetched: HttpResponse | undefined;
    if (!digest) {
      const tag = ref.tag ?? 'latest';
      const head = await this.client.fetch({ ...base, kind: 'manifests', ref: tag, method: 'HEAD', maxBytes: 0 });
      const headDigest = header(head.headers, 'docker-content-digest');
      if (head.status >= 200 && head.status < 300 && isDigest(headDigest)) {
        digest = headDigest;
      } else if (head.status === 405 || (head.status >= 200 && head.status < 300)) {
        // No usable digest from HEAD: GET by tag and take the digest of the bytes.
        prefetched = await this.client.fetch({ ...base, kind: 'manifests', ref: tag, method: 'GET', maxBytes: MAX_DOCUMENT_BYTES });
        if (prefetched.status !== 200) statusFailure(prefetched, what);
        const claimed = header(prefetched.headers, 'docker-content-digest');
        digest = isDigest(claimed) ? claimed : `sha256:${createHash('sha256').update(prefetched.body).digest('hex')}`;
      } else {
        statusFailure(head, what);
      }
      const cached = await this.cache.getDigest(digest);
      if (cached) {
        await this.cache.putTag({ reference: ref.canonical, digest, checkedAt: this.now() });
        return this.answer(ref, cached, 'registry', this.now());
      }
    }
    const entry = await this.describe(digest, prefetched, target, endpoint, signal, what);
    // The digest first, then the tag pointing at it: a reader never finds a tag without its answer.
    await this.cache.putDigest(entry);
    if (!ref.digest) await this.cache.putTag({ reference: ref.canonical, digest, checkedAt: this.now() });
    return this.answer(ref, entry, 'registry');
  }

  /** Fetches (or takes the prefetched) manifest at `digest`, verifies it, and works out its platforms. */
  private async describe(digest: string, prefetched: HttpResponse | undefined, target: Target, endpoint: Endpoint, signal: AbortSignal, what: string): Promise<DigestEntry> {
    const base = { endpoint, repo: target.repo, accept: MANIFEST_ACCEPT, signal };
    const getManifest = async (d: string): Promise<HttpResponse> => {
      const res = await this.client.fetch({ ...base, kind: 'manifests', ref: d, method: 'GET', maxBytes: MAX_DOCUMENT_BYTES });
      if (res.status !== 200) statusFailure(res, what);
      verifyDigest(res.body, d, what, true);
      return res;
    };
    const getBlob = async (d: string): Promise<unknown> => {
      const res = await this.client.fetch({ ...base, kind: 'blobs', ref: d, method: 'GET', accept: '*/*', maxBytes: MAX_DOCUMENT_BYTES });
      if (res.status !== 200) statusFailure(res, `${what} (config blob)`);
      verifyDigest(res.body, d, `${what} (config blob)`);
      return parseJson(res.body, `${what} (config blob)`);
    };

    const top = prefetched ?? (await getManifest(digest));
    if (prefetched) verifyDigest(prefetched.body, digest, what, true);
    const doc = parseJson(top.body, what);
    const kind = classify(header(top.headers, 'content-type'), doc);
    if (!kind) fail('invalid-response', `${what}: not a manifest the client understands`);
    const warnings: string[] = [];
    const platforms: PlatformEntry[] = [];
    const seen = new Set<string>();
    const add = (p: Platform, d?: string, mediaType?: string): void => {
      const n = normalizePlatform(p);
      const k = platformKey(n);
      if (seen.has(k)) return;
      seen.add(k);
      // An entry's media type is shown and cached: one that is not a media type (RFC 6838) is dropped.
      platforms.push({ platform: n, ...(d ? { digest: d } : {}), ...(mediaType && isMediaType(mediaType) ? { mediaType } : {}) });
    };

    if (kind.kind === 'schema1') {
      const p = platformOfSchema1(doc);
      if (!p.ok) fail('invalid-response', `${what}: ${p.reason}`);
      add(p.value);
      warnings.push(SCHEMA1_WARNING);
    } else if (kind.kind === 'manifest') {
      const plan = planManifest(doc);
      if (!plan.ok) fail('notRunnable' in plan ? 'not-runnable' : 'invalid-response', `${what}: ${plan.reason}`);
      const config = platformOfConfig(await getBlob(plan.value.config.digest));
      if (!config.ok) fail('malformed' in config ? 'invalid-response' : 'not-runnable', `${what}: ${config.reason}`);
      add(config.value);
    } else {
      const visited = new Set<string>([digest]);
      let budget = MAX_CHILD_DOCUMENTS;
      let uninspected = 0;
      let malformed = 0;
      let invalid = 0;
      const walk = async (indexDoc: unknown, depth: number): Promise<void> => {
        const plan = planIndex(indexDoc);
        if (!plan.ok) fail('invalid-response', `${what}: ${plan.reason}`);
        malformed += plan.value.malformed;
        invalid += plan.value.invalid;
        for (const d of plan.value.platforms) if (d.platform) add(d.platform, d.digest, d.mediaType);
        for (const d of plan.value.unplatformed) {
          if (visited.has(d.digest)) continue;
          if (budget < 2) {
            uninspected++;
            continue;
          }
          budget -= 2; // its manifest and its config blob
          await this.platformOfChild(d, getManifest, getBlob, add, visited);
        }
        for (const d of plan.value.nested) {
          if (visited.has(d.digest)) continue; // a loop of indexes
          if (depth >= MAX_INDEX_DEPTH) {
            warnings.push(`nested indexes deeper than ${MAX_INDEX_DEPTH} levels were not followed`);
            continue;
          }
          if (budget < 1) {
            uninspected++;
            continue;
          }
          budget--;
          visited.add(d.digest);
          const child = await getManifest(d.digest);
          await walk(parseJson(child.body, what), depth + 1);
        }
      };
      await walk(doc, 1);
      if (malformed) warnings.push(`${malformed} index entr${malformed === 1 ? 'y was' : 'ies were'} skipped: malformed platform fields (control characters, spaces or over 64 characters)`);
      if (uninspected) warnings.push(`${uninspected} index entries were not inspected (more than ${MAX_CHILD_DOCUMENTS} child documents to fetch); their platforms may be missing`);
      // Nothing runnable, and entries that are not even descriptors: a bad answer, not an artifact index.
      if (platforms.length === 0 && invalid > 0) fail('invalid-response', `${what}: the index holds no valid descriptor (${invalid} malformed entr${invalid === 1 ? 'y' : 'ies'})`);
      if (platforms.length === 0) fail('not-runnable', `${what}: the index lists no runnable platform (only attestations or artifacts)${uninspected ? `; ${uninspected} entries were not inspected` : ''}`);
    }
    return { digest, mediaType: kind.mediaType, kind: kind.kind, platforms, ...(warnings.length ? { warnings: [...new Set(warnings)] } : {}), fetchedAt: this.now() };
  }

  /** An index entry without `platform`: its own config says it (artifacts are skipped). */
  private async platformOfChild(d: Descriptor, getManifest: (d: string) => Promise<HttpResponse>, getBlob: (d: string) => Promise<unknown>, add: (p: Platform, d?: string, m?: string) => void, visited: Set<string>): Promise<void> {
    if (visited.has(d.digest)) return;
    visited.add(d.digest);
    const res = await getManifest(d.digest);
    let doc: unknown;
    try {
      doc = JSON.parse(res.body.toString('utf8'));
    } catch {
      return;
    }
    const kind = classify(header(res.headers, 'content-type'), doc);
    if (kind?.kind === 'schema1') {
      const p = platformOfSchema1(doc);
      if (p.ok) add(p.value, d.digest, d.mediaType);
      return;
    }
    if (kind?.kind !== 'manifest') return;
    const plan = planManifest(doc);
    if (!plan.ok) return; // an artifact or signature: not a platform
    const config = platformOfConfig(await getBlob(plan.value.config.digest));
    if (config.ok) add(config.value, d.digest, d.mediaType);
  }
}

interface EndpointFailure {
  /** "mirror 127.0.0.1:5000" or "upstream registry-1.docker.io". */
  where: string;
  error: LookupError;
}

/**
 * The look-up's error when every endpoint failed. The upstream (tried last) is the authority:
 * its state, cause and hints stand. When a mirror failed first, both are named in order — a
 * mirror's "not found" followed by an unreachable upstream is not just "unreachable".
 */
function combineFailures(failures: EndpointFailure[], canonical: string): LookupError {
  const last = failures[failures.length - 1];
  if (!last) return { state: 'registry-error', message: 'no registry endpoint to ask', cause: 'registry' };
  if (failures.length === 1) return last.error;
  const message = failures.map((f) => `${f.where}: ${briefly(f.error, canonical)}`).join('; ');
  return { ...last.error, message };
}

/** A failure in a few words, for a message that names several endpoints (each already names its host). */
function briefly(e: LookupError, canonical: string): string {
  const code = /\(([A-Z][A-Z0-9_]{2,})\)/.exec(e.message)?.[1];
  const withCode = (text: string): string => (code ? `${text} (${code})` : text);
  switch (e.state) {
    case 'not-found':
      return 'not found';
    case 'not-found-or-private':
      return 'not found or private';
    case 'denied':
      return 'access denied';
    case 'timeout':
      return 'timed out';
    case 'rate-limited':
      return e.retryAfter ? `rate limited until ${new Date(e.retryAfter).toISOString()}` : 'rate limited';
    case 'tls':
      return withCode('TLS failed');
    case 'unreachable':
      if (!/\bproxy\b/.test(e.message)) return withCode('unreachable');
      break;
    case 'registry-error': {
      const status = /answered HTTP (\d{3})/.exec(e.message)?.[1];
      if (status) return `answered HTTP ${status}`;
      if (/ was reset$/.test(e.message)) return 'connection reset';
      break;
    }
  }
  // Otherwise the message itself, without the reference it starts with (the combined message is about it).
  return e.message.startsWith(`${canonical}: `) ? e.message.slice(canonical.length + 2) : e.message;
}

/** Error values in the negative cache carry no retry hints that would go stale. */
function stripForCache(e: LookupError): LookupError {
  return { state: e.state, message: e.message, ...(e.credentialSource ? { credentialSource: e.credentialSource } : {}) };
}

interface Flight {
  promise: Promise<ImageLookup>;
  controller: AbortController;
  waiters: number;
}

const cancelled = (): ImageLookup => ({ ok: false, error: { state: 'cancelled', message: 'the look-up was cancelled', cause: 'network' } });
