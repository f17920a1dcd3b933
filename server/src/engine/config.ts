/** The effective configuration the engine runs with (from .archlens.yaml, settings and CLI flags). */
import type { Platform } from '../images/platform';
import type { SeveritySetting } from './types';

export interface RegistrySettings {
  /** Registry host → mirror base URL, tried first. */
  mirrors: Record<string, string>;
  /** Hosts where plain http / unverified TLS is allowed. */
  insecure: string[];
  timeoutMs: number;
  concurrency: number;
}

export interface EffectiveConfig {
  /** The cluster's node platforms; default linux/amd64 and linux/arm64. */
  targets: Platform[];
  /** Rule code (normalised from code or name) → severity setting. */
  rules: Record<string, SeveritySetting>;
  /** Globs of paths to leave out of folder walks. */
  ignore: string[];
  registries: RegistrySettings;
  cache: { ttlHours: number };
  /** The Dockerfile build target stage, if not the last. */
  dockerTarget?: string;
}

export const DEFAULT_TARGETS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];

export function defaultConfig(): EffectiveConfig {
  return {
    targets: DEFAULT_TARGETS.map((t) => ({ ...t })),
    rules: {},
    ignore: [],
    registries: { mirrors: {}, insecure: [], timeoutMs: 10000, concurrency: 8 },
    cache: { ttlHours: 24 },
  };
}
