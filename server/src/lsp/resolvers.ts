/**
 * One registry client per distinct registry configuration (normally exactly one), plus a small
 * memo of recent answers so an edit that keeps the same images can publish registry findings at
 * once instead of flickering through an "offline only" state on every keystroke.
 */
import type { EffectiveConfig } from '../core/config';
import type { ImageLookup } from '../images/lookup';
import { createRegistryResolver, type RegistryLog, type RegistryResolver, type RegistryStats } from '../registry/index';
import type { NetworkSettings } from './settings';

/** How long a memoised answer is used without asking the registry client again. */
const MEMO_OK_MS = 10 * 60 * 1000;
const MEMO_ERROR_MS = 30 * 1000;

export interface ResolverPoolOptions {
  cacheDir?: string;
  trusted: boolean;
  log: RegistryLog;
}

interface Memo { lookup: ImageLookup; at: number }

export class ResolverPool {
  private readonly resolvers = new Map<string, RegistryResolver>();
  private readonly memo = new Map<string, Memo>();

  constructor(private options: ResolverPoolOptions) {}

  get trusted(): boolean { return this.options.trusted; }

  /**
   * The registry client for a file's configuration (registries, TTL) and the network settings
   * (proxy, offline, the cache folder of `archlens.cacheDir`, else the extension's storage).
   */
  resolverFor(config: EffectiveConfig, network: NetworkSettings): { key: string; resolver: RegistryResolver } {
    const key = JSON.stringify([config.registries, config.cache.ttlHours, network, this.options.trusted]);
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      const cacheDir = network.cacheDir ?? this.options.cacheDir;
      if (network.cacheDir) this.options.log('info', `platform cache: ${network.cacheDir} (archlens.cacheDir)`);
      resolver = createRegistryResolver({
        registries: config.registries,
        ttlHours: config.cache.ttlHours,
        ...(cacheDir ? { cacheDir } : {}),
        offline: network.offline,
        untrusted: !this.options.trusted,
        ...(network.proxy ? { proxy: network.proxy } : {}),
        ...(network.noProxy ? { noProxy: network.noProxy } : {}),
        strictSSL: network.strictSSL,
        ...(network.extraCaCerts.length ? { extraCaCerts: network.extraCaCerts } : {}),
        log: this.options.log,
      });
      this.resolvers.set(key, resolver);
    }
    return { key, resolver };
  }

  /** A recent answer for `canonical` from the client keyed `key`, if still fresh. */
  recall(key: string, canonical: string, now = Date.now()): ImageLookup | undefined {
    const m = this.memo.get(`${key}\u0000${canonical}`);
    if (!m) return undefined;
    const maxAge = m.lookup.ok ? MEMO_OK_MS : MEMO_ERROR_MS;
    return now - m.at <= maxAge ? m.lookup : undefined;
  }

  remember(key: string, canonical: string, lookup: ImageLookup, now = Date.now()): void {
    // A cancelled look-up says nothing about the image.
    if (!lookup.ok && lookup.error.state === 'cancelled') return;
    this.memo.set(`${key}\u0000${canonical}`, { lookup, at: now });
  }

  /** Forgets every memoised answer for `canonical` (a retry, or a failed name the user went on editing). */
  forget(canonical: string): void {
    for (const k of [...this.memo.keys()]) if (k.endsWith(`\u0000${canonical}`)) this.memo.delete(k);
  }

  /** True when the latest memoised answer for `canonical` is a failure. */
  failedRecently(canonical: string): boolean {
    const latest = this.latest(canonical);
    return latest !== undefined && !latest.ok;
  }

  /** The latest answer for a canonical reference from any client (for hover and reports). */
  latest(canonical: string): ImageLookup | undefined {
    let best: Memo | undefined;
    for (const [k, m] of this.memo) {
      if (k.endsWith(`\u0000${canonical}`) && (!best || m.at > best.at)) best = m;
    }
    return best?.lookup;
  }

  stats(): RegistryStats {
    const total: RegistryStats = { pending: 0, resolved: 0, failed: 0, fromCache: 0, requests: 0, rateLimitedUntil: {} };
    for (const r of this.resolvers.values()) {
      const s = r.stats();
      total.pending += s.pending;
      total.resolved += s.resolved;
      total.failed += s.failed;
      total.fromCache += s.fromCache;
      total.requests += s.requests;
      for (const [host, until] of Object.entries(s.rateLimitedUntil)) {
        total.rateLimitedUntil[host] = Math.max(total.rateLimitedUntil[host] ?? 0, until);
      }
    }
    return total;
  }

  async clearCache(): Promise<void> {
    this.memo.clear();
    const clients = [...this.resolvers.values()];
    if (clients.length === 0) {
      // Nothing opened yet: a throwaway client still knows where the disk cache lives.
      const r = createRegistryResolver({ registries: { mirrors: {}, insecure: [], timeoutMs: 1000, concurrency: 1 }, ...(this.options.cacheDir ? { cacheDir: this.options.cacheDir } : {}), untrusted: true, log: this.options.log });
      clients.push(r);
    }
    await Promise.all(clients.map((r) => r.clearCache()));
  }

  /** Settings changed: old clients are closed (their look-ups cancelled), answers forgotten. */
  async reset(options?: Partial<ResolverPoolOptions>): Promise<void> {
    if (options) this.options = { ...this.options, ...options };
    const old = [...this.resolvers.values()];
    this.resolvers.clear();
    this.memo.clear();
    await Promise.all(old.map((r) => r.close().catch(() => undefined)));
  }
}
