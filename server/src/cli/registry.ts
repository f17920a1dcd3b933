/** The CLI's image-platform resolver: the registry client with the CLI's cache and offline flags. */
import type { RegistrySettings } from '../core/config';
import { createRegistryResolver, defaultCacheDir, type RegistryResolver } from '../registry';

export interface ResolverFlags {
  offline: boolean;
  cacheDir?: string;
  noCache: boolean;
}

export function cliResolver(registries: RegistrySettings, ttlHours: number, flags: ResolverFlags): RegistryResolver {
  return createRegistryResolver({
    registries,
    ttlHours,
    cacheDir: flags.cacheDir ?? defaultCacheDir(),
    offline: flags.offline,
    noCache: flags.noCache,
  });
}
