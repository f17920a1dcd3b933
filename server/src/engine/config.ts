/** The effective configuration the engine runs with (from .archlens.yaml, settings and CLI flags). */
import type { Platform } from '../images/platform';
import type { SeveritySetting } from './types';

export interface RegistrySettings {
  /** Registry host → mirror base URL, tried first. */
  mirrors: Record<string, string>;
  /** Hosts where plain http / unverified TLS is allowed. */
  insecure: string[];
  timeoutMs: number;
  /** Requests in flight per registry host (16 by default: a cold check of many images is latency-bound). */
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
    registries: { mirrors: {}, insecure: [], timeoutMs: 10000, concurrency: 16 },
    cache: { ttlHours: 24 },
  };
}
