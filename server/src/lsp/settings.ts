/**
 * Editor settings → a configuration layer over `.archlens.yaml` (settings win), and the registry
 * client's options. Settings left at their defaults (empty lists, null numbers) leave the file's
 * values alone, so a team's `.archlens.yaml` is not silently overridden by a default.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigResolver } from '../workspace/config-files';
import { parseSeveritySetting, parseTargetPlatform, type ConfigLayer } from '../core/config';
import type { SeveritySetting } from '../core/types';
import type { Platform } from '../images/platform';
import { ruleCodeFor } from '../rules/catalog';
import { PROXY_ENV, PROXY_FROM_ENV, type ArchlensSettings, type HttpSettings } from './protocol';

export interface ClientSettings {
  archlens: ArchlensSettings;
  http: HttpSettings;
}

/** What is wrong with a setting, for the log (settings are validated by VS Code's schema too). */
export type SettingsProblem = string;

/** The configuration layer the editor settings add over `.archlens.yaml`. */
export function settingsLayer(settings: ArchlensSettings, problems: SettingsProblem[] = []): ConfigLayer {
  const layer: ConfigLayer = {};
  if (Array.isArray(settings.targets) && settings.targets.length > 0) {
    const targets: Platform[] = [];
    for (const t of settings.targets) {
      const parsed = typeof t === 'string' ? parseTargetPlatform(t) : `${JSON.stringify(t)} is not a platform`;
      if (typeof parsed === 'string') problems.push(`archlens.targets: ${parsed}`);
      else targets.push(parsed);
    }
    if (targets.length > 0) layer.targets = targets;
  }
  if (settings.rules && typeof settings.rules === 'object') {
    const rules: Record<string, SeveritySetting> = {};
    for (const [name, value] of Object.entries(settings.rules)) {
      const code = ruleCodeFor(name);
      const severity = typeof value === 'string' ? parseSeveritySetting(value) : undefined;
      if (!code) problems.push(`archlens.rules: unknown rule "${name}"`);
      else if (!severity) problems.push(`archlens.rules.${name}: expected error, warning, info, hint or off`);
      else rules[code] = severity;
    }
    if (Object.keys(rules).length > 0) layer.rules = rules;
  }
  const r = settings.registries;
  if (r && typeof r === 'object') {
    const registries: NonNullable<ConfigLayer['registries']> = {};
    if (r.mirrors && typeof r.mirrors === 'object' && Object.keys(r.mirrors).length > 0) registries.mirrors = { ...r.mirrors };
    if (Array.isArray(r.insecure) && r.insecure.length > 0) registries.insecure = r.insecure.filter((h) => typeof h === 'string');
    if (typeof r.timeoutMs === 'number' && r.timeoutMs > 0) registries.timeoutMs = r.timeoutMs;
    if (typeof r.concurrency === 'number' && r.concurrency > 0) registries.concurrency = Math.floor(r.concurrency);
    if (Object.keys(registries).length > 0) layer.registries = registries;
  }
  if (typeof settings.cache?.ttlHours === 'number' && settings.cache.ttlHours > 0) layer.cache = { ttlHours: settings.cache.ttlHours };
  return layer;
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
