/** Public option and status types of the registry client. */
import type { RegistrySettings } from '../core/config';
import type { PlatformResolver } from '../images/lookup';
import type { NameLookup } from './hosts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Receives diagnostic lines; the client never passes a credential, token or Authorization value. */
export type RegistryLog = (level: LogLevel, message: string) => void;

export interface RegistryResolverOptions {
  registries: RegistrySettings;
  /** Disk cache folder; default $XDG_CACHE_HOME/archlens or ~/.cache/archlens. */
  cacheDir?: string;
  /** Tag → digest freshness (default 24). */
  ttlHours?: number;
  /** Answer from the cache only; never touch the network. */
  offline?: boolean;
  /** Neither read nor write the disk cache (in-memory single-flight still applies). */
  noCache?: boolean;
  /** Untrusted workspace: no network and no credentials; every look-up answers 'untrusted-workspace'. */
  untrusted?: boolean;
  /** Explicit proxy URL (the editor's http.proxy); otherwise HTTP(S)_PROXY/NO_PROXY from the environment. */
  proxy?: string;
  /** Comma-separated hosts that bypass `proxy` (the editor's http.noProxy). */
  noProxy?: string;
  /** Verify TLS certificates (default true). false disables verification everywhere (the editor setting http.proxyStrictSSL); prefer `insecure` hosts. */
  strictSSL?: boolean;
  /** Extra PEM CA certificates (file contents or paths ending in .pem/.crt). */
  extraCaCerts?: string[];
  /** Folder holding config.json (default $DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir?: string;
  /** Podman auth.json paths to read (default $REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers/auth.json, ~/.config/containers/auth.json). */
  podmanAuthFiles?: string[];
  log?: RegistryLog;
  /** Environment used for proxies and credential helpers (default process.env); tests override it. */
  env?: NodeJS.ProcessEnv;
  /** Clock, for tests of TTLs (default Date.now). */
  now?: () => number;
  /** Retry and back-off knobs for tests and benchmarks; the defaults suit real registries. */
  tuning?: ResolverTuning;
}

export interface ResolverTuning {
  /** Retries after the first attempt for 408/429/5xx/resets/timeouts (default 2). */
  retries?: number;
  backoffBaseMs?: number;
  /** A Retry-After longer than this is not waited for: the answer is rate-limited (default 10 s). */
  maxRetryAfterMs?: number;
  /** The longest one host's Retry-After or spent pull budget holds every look-up to it (default 10 min); then it is asked again. */
  maxBackoffMs?: number;
  /** How long not-found/auth answers are remembered (default 5 min). */
  negativeTtlMs?: number;
  /** Name resolution for direct connections (default: the system's); tests answer names with it. */
  lookup?: NameLookup;
}

export interface RegistryStats {
  /** Look-ups in flight (distinct references). */
  pending: number;
  /** Look-ups answered with platforms since start (cache or registry). */
  resolved: number;
  /** Look-ups answered with an error state since start. */
  failed: number;
  /** Answers served from the cache. */
  fromCache: number;
  /** HTTP requests sent (manifests, blobs, tokens). */
  requests: number;
  /** Registry host → epoch ms until which it asked us to wait (only hosts still waiting). */
  rateLimitedUntil: Record<string, number>;
}

export interface RegistryResolver extends PlatformResolver {
  /** Removes every cached answer (memory and disk). */
  clearCache(): Promise<void>;
  stats(): RegistryStats;
  /** Cancels in-flight look-ups and closes connections. */
  close(): Promise<void>;
}
