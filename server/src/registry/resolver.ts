/** Temporary stub while the client is built: the API is final, the behaviour is not. */
import * as os from 'node:os';
import * as path from 'node:path';
import type { ImageLookup } from '../images/lookup';
import type { RegistryResolver, RegistryResolverOptions } from './types';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'archlens');
}

export function createRegistryResolver(options: RegistryResolverOptions): RegistryResolver {
  return {
    async resolve(): Promise<ImageLookup> {
      if (options.untrusted) return { ok: false, error: { state: 'untrusted-workspace', message: 'registry look-ups are disabled in an untrusted workspace' } };
      return { ok: false, error: { state: 'offline', message: 'registry client not available yet' } };
    },
    async clearCache() {},
    stats: () => ({ pending: 0, resolved: 0, failed: 0, fromCache: 0, requests: 0, rateLimitedUntil: {} }),
    async close() {},
  };
}
