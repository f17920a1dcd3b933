/**
 * The registry client's public face: a PlatformResolver backed by OCI registries, a disk cache and
 * the user's container credentials.
 */
export type { RegistryResolver, RegistryResolverOptions, RegistryStats, RegistryLog, LogLevel, ResolverTuning } from './types';
export { createRegistryResolver, defaultCacheDir } from './resolver';
export { formatPlatformsText, formatPlatformsJson, lookupErrorText, platformsJson, platformString } from './format';
export type { NamedLookup, PlatformsJsonEntry } from './format';
export { causeOf } from './failure';
