/**
 * Editor settings → a configuration layer over `.archlens.yaml` (settings win), and the registry
 * client's options. Settings left at their defaults (empty lists, null numbers) leave the file's
 * values alone, so a team's `.archlens.yaml` is not silently overridden by a default.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigResolver } from '../workspace/config-files';
import type { ConfigLayer } from '../core/config';
import { dottedPlace, layerFromValue, validateConfigValue } from '../engine/config-validate';
import { PROXY_ENV, PROXY_FROM_ENV, type ArchlensSettings, type HttpSettings } from './protocol';

export interface ClientSettings {
  archlens: ArchlensSettings;
  http: HttpSettings;
}

/** What is wrong with a setting, for the log (settings are validated by VS Code's schema too). */
export type SettingsProblem = string;

/**
 * The configuration layer the editor settings add over `.archlens.yaml`: the settings that are
 * not left at their defaults, validated against the configuration's schema (a bad value is
 * logged, with the file's wording, and left out).
 */
export function settingsLayer(settings: ArchlensSettings, problems: SettingsProblem[] = []): ConfigLayer {
  const value: Record<string, unknown> = {};
  const set = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(isObject(v) && Object.keys(v).length === 0);
  if (set(settings.targets)) value.targets = settings.targets;
  if (set(settings.rules)) value.rules = settings.rules;
  if (isObject(settings.registries)) {
    const r = settings.registries;
    const registries: Record<string, unknown> = {};
    for (const key of ['mirrors', 'insecure', 'timeoutMs', 'concurrency'] as const) if (set(r[key])) registries[key] = r[key];
    if (Object.keys(registries).length > 0) value.registries = registries;
  }
  if (set(settings.cache?.ttlHours)) value.cache = { ttlHours: settings.cache?.ttlHours };
  const violations = validateConfigValue(value, (path) => `archlens.${dottedPlace(path)}`);
  for (const v of violations) problems.push(v.message);
  const layer = layerFromValue(value, violations);
  // A rules setting whose every entry is wrong leaves the file's rules alone.
  if (layer.rules && Object.keys(layer.rules).length === 0) delete layer.rules;
  return layer;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Network options for the registry client, from archlens.proxy and the editor's http.* settings. */
export interface NetworkSettings {
  offline: boolean;
  /** `archlens.cacheDir` resolved to an absolute folder; undefined = the extension's storage. */
  cacheDir?: string;
  proxy?: string;
  noProxy?: string;
  strictSSL: boolean;
  extraCaCerts: string[];
}

/**
 * `folder` resolves a workspace-relative `archlens.cacheDir` (and `~/`); without it a relative
 * value is ignored (there is nothing it could be relative to).
 */
export function networkSettings(settings: ClientSettings, folder?: string): NetworkSettings {
  const a = settings.archlens;
  const cacheDir = resolveCacheDir(a.cacheDir, folder);
  const h = settings.http;
  const fromEnv = (value: unknown) => (value === PROXY_FROM_ENV ? nonEmpty(process.env[PROXY_ENV]) : nonEmpty(value));
  const proxy = fromEnv(a.proxy) ?? fromEnv(h.proxy);
  const noProxy = Array.isArray(h.noProxy) ? h.noProxy.filter((x) => typeof x === 'string').join(',') : nonEmpty(h.noProxy);
  return {
    offline: a.offline === true,
    ...(cacheDir ? { cacheDir } : {}),
    ...(proxy ? { proxy } : {}),
    ...(noProxy ? { noProxy } : {}),
    strictSSL: h.proxyStrictSSL !== false,
    extraCaCerts: Array.isArray(a.extraCaCerts) ? a.extraCaCerts.filter((x) => typeof x === 'string') : [],
  };
}

/** `archlens.cacheDir` as an absolute path: `~/…` from the home folder, a relative path from the workspace folder. */
export function resolveCacheDir(value: unknown, folder: string | undefined, home = os.homedir()): string | undefined {
  const dir = nonEmpty(value);
  if (!dir) return undefined;
  if (dir === '~' || dir.startsWith('~/')) return path.join(home, dir.slice(1));
  if (path.isAbsolute(dir)) return path.normalize(dir);
  return folder ? path.resolve(folder, dir) : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Default settings, for editors that do not answer workspace/configuration. */
export function emptySettings(): ClientSettings {
  return { archlens: {}, http: {} };
}

/** Config resolvers per distinct settings layer: `.archlens.yaml` files are read once per layer. */
export class ConfigResolvers {
  private readonly byLayer = new Map<string, ConfigResolver>();

  forLayer(layer: ConfigLayer): ConfigResolver {
    const key = JSON.stringify(layer);
    let resolver = this.byLayer.get(key);
    if (!resolver) {
      resolver = new ConfigResolver({ overrides: [layer] });
      this.byLayer.set(key, resolver);
    }
    return resolver;
  }

  /** After a settings or `.archlens.yaml` change. */
  clear(): void {
    this.byLayer.clear();
  }
}
