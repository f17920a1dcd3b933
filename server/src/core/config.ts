/**
 * The configuration the engine runs with, and the layers it is merged from (.archlens.yaml, editor
 * settings, CLI flags). Types, defaults and merging only: reading and validating are elsewhere.
 */
import * as path from 'node:path';
import { parsePlatform, type Platform } from '../images/platform';
import { SEVERITIES, type SeveritySetting } from './types';

export interface RegistrySettings {
  /** Registry host → mirror base URL, tried first. */
  mirrors: Record<string, string>;
  /** Hosts where plain http / unverified TLS is allowed. */
  insecure: string[];
  timeoutMs: number;
  /** Requests in flight per registry host (16 by default: a cold check of many images is latency-bound). */
  concurrency: number;
}

/** One way to render a chart (a variant): what `helm template` would be given besides the chart. */
export interface HelmVariantSettings {
  /** Shown in findings; default: the values files' names. */
  name?: string;
  /** Values files (`-f`), relative to the config file's folder, in order. */
  values?: string[];
  /** `--set` pairs by dotted path: numbers and booleans as `--set`, strings as `--set-literal` (taken as written). */
  set?: Record<string, string | number | boolean>;
  releaseName?: string;
  namespace?: string;
  /** `--kube-version`. */
  kubeVersion?: string;
  /** `--api-versions`, added to Helm's defaults. */
  apiVersions?: string[];
}

export interface HelmSettings {
  /** Chart folder (relative to the config file's folder) → the variants rendered besides its default values. */
  charts: Record<string, HelmVariantSettings[]>;
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
  /** How charts are rendered (`helm:` in .archlens.yaml). */
  helm: HelmSettings;
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
    helm: { charts: {} },
  };
}

/** One layer of configuration (a file, VS Code settings, CLI flags); absent keys leave the layer below alone. */
export interface ConfigLayer {
  targets?: Platform[];
  rules?: Record<string, SeveritySetting>;
  ignore?: string[];
  registries?: Partial<RegistrySettings>;
  cache?: { ttlHours?: number };
  dockerTarget?: string;
  helm?: HelmSettings;
}

/** A problem in a config file: 1-based line and column, like a compiler message. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  /** "error": the value was left out; "warning": something was ignored (unknown key). */
  severity: 'error' | 'warning';
}

/** "file:line:col: message" — the one-line form the CLI prints and tests assert. */
export function formatConfigProblem(problem: ConfigProblem, relativeTo?: string): string {
  const file = relativeTo ? path.relative(relativeTo, problem.file) || problem.file : problem.file;
  return `${file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}

/** Parses a target platform such as "linux/arm64" or "linux/arm/v7"; a reason string when it is not one. */
export function parseTargetPlatform(text: string): Platform | string {
  const platform = parsePlatform(text);
  if (!platform) return `"${text}" is not a platform: expected os/architecture[/variant], e.g. linux/arm64`;
  return platform;
}

/** Parses a severity setting ("error", "warn", "off" …) case-insensitively. */
export function parseSeveritySetting(text: string): SeveritySetting | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'off' || value === 'none') return 'off';
  if (value === 'warn') return 'warning';
  if (value === 'information') return 'info';
  return (SEVERITIES as readonly string[]).includes(value) ? (value as SeveritySetting) : undefined;
}

/** Layers merged in order (later wins); `rules`, `mirrors` and `helm.charts` merge key by key, `ignore` and `insecure` add up. */
export function mergeConfig(base: EffectiveConfig, ...layers: ConfigLayer[]): EffectiveConfig {
  const out: EffectiveConfig = {
    ...base,
    targets: base.targets.map((t) => ({ ...t })),
    rules: { ...base.rules },
    ignore: [...base.ignore],
    registries: { ...base.registries, mirrors: { ...base.registries.mirrors }, insecure: [...base.registries.insecure] },
    cache: { ...base.cache },
    helm: { charts: { ...base.helm.charts } },
  };
  for (const layer of layers) {
    if (layer.targets && layer.targets.length > 0) out.targets = layer.targets.map((t) => ({ ...t }));
    if (layer.rules) Object.assign(out.rules, layer.rules);
    if (layer.ignore) out.ignore.push(...layer.ignore.filter((g) => !out.ignore.includes(g)));
    const r = layer.registries;
    if (r) {
      if (r.mirrors) Object.assign(out.registries.mirrors, r.mirrors);
      if (r.insecure) out.registries.insecure.push(...r.insecure.filter((h) => !out.registries.insecure.includes(h)));
      if (r.timeoutMs !== undefined) out.registries.timeoutMs = r.timeoutMs;
      if (r.concurrency !== undefined) out.registries.concurrency = r.concurrency;
    }
    if (layer.cache?.ttlHours !== undefined) out.cache.ttlHours = layer.cache.ttlHours;
    if (layer.dockerTarget !== undefined) out.dockerTarget = layer.dockerTarget;
    if (layer.helm) Object.assign(out.helm.charts, layer.helm.charts);
  }
  return out;
}

