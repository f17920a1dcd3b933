/**
 * `.archlens.yaml`: found upward from each checked file (the nearest wins) or named explicitly,
 * validated with line numbers, merged onto defaultConfig(). Bad values are reported as problems
 * (file, line, what is wrong) and left out; this module never throws on user input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import { defaultConfig, type EffectiveConfig, type RegistrySettings } from './config';
import { parsePlatform, type Platform } from '../images/platform';
import { SEVERITIES, type SeveritySetting } from './types';
import { ruleCodeFor } from '../rules/catalog';

export const CONFIG_FILE_NAMES = ['.archlens.yaml', '.archlens.yml'];
/** A config file larger than this is not a config file anyone meant to write. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** One layer of configuration (a file, VS Code settings, CLI flags); absent keys leave the layer below alone. */
export interface ConfigLayer {
  targets?: Platform[];
  rules?: Record<string, SeveritySetting>;
  ignore?: string[];
  registries?: Partial<RegistrySettings>;
  cache?: { ttlHours?: number };
  dockerTarget?: string;
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

export interface LoadedConfigFile {
  file: string;
  layer: ConfigLayer;
  problems: ConfigProblem[];
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

/** Reads and validates one config file. */
export function loadConfigFile(file: string): LoadedConfigFile {
  const absolute = path.resolve(file);
  let text: string;
  try {
    const stat = fs.statSync(absolute);
    if (!stat.isFile()) return failed(absolute, 'not a regular file');
    if (stat.size > MAX_CONFIG_BYTES) return failed(absolute, `too large for a config file (${stat.size} bytes)`);
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return failed(absolute, code === 'ENOENT' ? 'no such file' : `cannot be read: ${code ?? String(error)}`);
  }
  return parseConfigText(text, absolute);
}

function failed(file: string, message: string): LoadedConfigFile {
  return { file, layer: {}, problems: [{ file, line: 1, column: 1, message, severity: 'error' }] };
}

/** Validates config text (exported for the language server's unsaved buffers and for tests). */
export function parseConfigText(text: string, file: string): LoadedConfigFile {
  const lineCounter = new LineCounter();
  const problems: ConfigProblem[] = [];
  const at = (offset: number | undefined, message: string, severity: 'error' | 'warning' = 'error') => {
    const pos = lineCounter.linePos(offset ?? 0);
    problems.push({ file, line: pos.line, column: pos.col, message, severity });
  };
  // An empty value (`rules:`) has no node of its own: point at its key instead.
  let currentKey: unknown;
  const nodeAt = (node: unknown, message: string, severity: 'error' | 'warning' = 'error') => {
    const empty = node === null || node === undefined || (isScalar(node) && node.value === null && !node.source);
    const target = empty ? currentKey : node;
    at((target as YamlNode | undefined)?.range?.[0], message, severity);
  };

  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  for (const error of doc.errors) at(error.pos[0], `invalid YAML: ${firstLine(error.message)}`);
  for (const warning of doc.warnings) at(warning.pos[0], firstLine(warning.message), 'warning');
  const layer: ConfigLayer = {};
  if (doc.errors.length > 0) return { file, layer, problems };
  const root = doc.contents;
  if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { file, layer, problems }; // An empty config file is a valid "all defaults".
  }
  if (!isMap(root)) {
    nodeAt(root, 'the configuration must be a mapping of keys (targets, rules, ignore, registries, cache)');
    return { file, layer, problems };
  }

  const stringOf = (node: unknown): string | undefined =>
    isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
  const stringList = (node: unknown, what: string): string[] | undefined => {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) { nodeAt(node, `${what} must be a list of strings`); return undefined; }
    const out: string[] = [];
    for (const item of node.items) {
      const value = stringOf(item);
      if (value === undefined) nodeAt(item, `${what}: each entry must be a string`);
      else out.push(value);
    }
    return out;
  };
  const positiveNumber = (node: unknown, what: string, max: number): number | undefined => {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
      nodeAt(node, `${what} must be a number greater than 0 and at most ${max}`);
      return undefined;
    }
    return value;
  };
  const eachPair = (map: unknown, what: string, visit: (key: string, value: unknown, pair: Pair) => void) => {
    if (!isMap(map)) { nodeAt(map, `${what} must be a mapping`); return; }
    for (const pair of map.items) {
      const key = stringOf(pair.key);
      if (key === undefined) { nodeAt(pair.key, `${what}: keys must be strings`); continue; }
      currentKey = pair.key;
      visit(key, pair.value, pair);
      currentKey = pair.key;
    }
  };

  eachPair(root, 'the configuration', (key, value, pair) => {
    switch (key) {
      case 'targets': {
        const list = stringList(value, 'targets');
        if (!list) break;
        const targets: Platform[] = [];
        const items = isSeq(value) ? value.items : [value];
        list.forEach((entry, i) => {
          const parsed = parseTargetPlatform(entry);
          if (typeof parsed === 'string') nodeAt(items[i], `targets: ${parsed}`);
          else targets.push(parsed);
        });
        if (targets.length > 0) layer.targets = targets;
        else if (list.length === 0) nodeAt(value, 'targets must name at least one platform');
        break;
      }
      case 'rules': {
        const rules: Record<string, SeveritySetting> = {};
        eachPair(value, 'rules', (rule, setting) => {
          const code = ruleCodeFor(rule);
          const severity = stringOf(setting) !== undefined ? parseSeveritySetting(stringOf(setting)!) : undefined;
          if (!code) nodeAt(setting ?? pair.value, `rules: unknown rule "${rule}" (see \`archlens rules\`)`);
          else if (!severity) nodeAt(setting, `rules.${rule}: severity must be one of error, warning, info, hint, off`);
          else rules[code] = severity;
        });
        layer.rules = rules;
        break;
      }
      case 'ignore': {
        const list = stringList(value, 'ignore');
        if (list) layer.ignore = list;
        break;
      }
      case 'registries': {
        const registries: Partial<RegistrySettings> = {};
        eachPair(value, 'registries', (sub, subValue) => {
          switch (sub) {
            case 'mirrors': {
              const mirrors: Record<string, string> = {};
              eachPair(subValue, 'registries.mirrors', (host, url) => {
                const target = stringOf(url);
                if (target === undefined || !/^https?:\/\/[^\s/]+/.test(target)) {
                  nodeAt(url, `registries.mirrors.${host}: must be an http:// or https:// URL`);
                } else mirrors[host] = target;
              });
              registries.mirrors = mirrors;
              break;
            }
            case 'insecure': {
              const list = stringList(subValue, 'registries.insecure');
              if (list) registries.insecure = list;
              break;
            }
            case 'timeoutMs': {
              const n = positiveNumber(subValue, 'registries.timeoutMs', 600_000);
              if (n !== undefined) registries.timeoutMs = n;
              break;
            }
            case 'concurrency': {
              const n = positiveNumber(subValue, 'registries.concurrency', 256);
              if (n !== undefined) registries.concurrency = Math.floor(n);
              break;
            }
            default:
              nodeAt(pairKey(value, sub), `unknown key "registries.${sub}" (known: mirrors, insecure, timeoutMs, concurrency)`, 'warning');
          }
        });
        layer.registries = registries;
        break;
      }
      case 'cache': {
        eachPair(value, 'cache', (sub, subValue) => {
          if (sub === 'ttlHours') {
            const n = positiveNumber(subValue, 'cache.ttlHours', 24 * 365);
            if (n !== undefined) layer.cache = { ttlHours: n };
          } else nodeAt(pairKey(value, sub), `unknown key "cache.${sub}" (known: ttlHours)`, 'warning');
        });
        break;
      }
      case 'dockerTarget': {
        const target = stringOf(value);
        if (target === undefined || target === '') nodeAt(value ?? pair.key, 'dockerTarget must be a stage name');
        else layer.dockerTarget = target;
        break;
      }
      default:
        nodeAt(pair.key, `unknown key "${key}" (known: targets, rules, ignore, registries, cache, dockerTarget)`, 'warning');
    }
  });
  return { file, layer, problems };
}

function pairKey(map: unknown, key: string): unknown {
  if (!isMap(map)) return map;
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** Layers merged in order (later wins); `rules` and `mirrors` merge key by key, `ignore` and `insecure` add up. */
export function mergeConfig(base: EffectiveConfig, ...layers: ConfigLayer[]): EffectiveConfig {
  const out: EffectiveConfig = {
    ...base,
    targets: base.targets.map((t) => ({ ...t })),
    rules: { ...base.rules },
    ignore: [...base.ignore],
    registries: { ...base.registries, mirrors: { ...base.registries.mirrors }, insecure: [...base.registries.insecure] },
    cache: { ...base.cache },
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
  }
  return out;
}

/** The configuration in force for one file, where it came from, and what was wrong with it. */
export interface ResolvedConfig {
  config: EffectiveConfig;
  /** The config file used (absolute), if any. */
  file?: string;
  /** The folder `ignore` globs are relative to: the config file's folder, else the given root. */
  baseDir: string;
  problems: ConfigProblem[];
}

export interface ConfigResolverOptions {
  /** An explicit config file (`--config`): used for every file, no upward search. */
  configFile?: string;
  /** Layers over the file (CLI flags, editor settings); they win over the file. */
  overrides?: ConfigLayer[];
  /** Folder for `ignore` globs when no config file is found (default: cwd). */
  root?: string;
}

/**
 * Finds and caches configs per folder. One instance per run (CLI) or per settings change (LSP):
 * config files are read once each.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, string | undefined>();
  private readonly loaded = new Map<string, ResolvedConfig>();
  /** The folder `ignore` globs are relative to when no config file applies. */
  readonly root: string;

  constructor(private readonly options: ConfigResolverOptions = {}) {
    this.root = path.resolve(options.root ?? process.cwd());
  }

  /** The nearest config file at or above `dir`, or undefined. */
  findConfigFile(dir: string): string | undefined {
    const start = path.resolve(dir);
    const visited: string[] = [];
    let found: string | undefined;
    for (let current = start; ; current = path.dirname(current)) {
      if (this.byDir.has(current)) { found = this.byDir.get(current); break; }
      visited.push(current);
      const candidate = CONFIG_FILE_NAMES.map((n) => path.join(current, n)).find((p) => isFile(p));
      if (candidate) { found = candidate; break; }
      if (path.dirname(current) === current) break;
    }
    for (const dir of visited) this.byDir.set(dir, found);
    return found;
  }

  /** The effective configuration for a file (or a folder, for walk decisions). */
  forPath(file: string, isDirectory = false): ResolvedConfig {
    const configFile = this.options.configFile
      ? path.resolve(this.options.configFile)
      : this.findConfigFile(isDirectory ? file : path.dirname(path.resolve(file)));
    const key = configFile ?? '';
    let resolved = this.loaded.get(key);
    if (!resolved) {
      const overrides = this.options.overrides ?? [];
      if (configFile) {
        const loaded = loadConfigFile(configFile);
        resolved = {
          config: mergeConfig(defaultConfig(), loaded.layer, ...overrides),
          file: configFile,
          baseDir: path.dirname(configFile),
          problems: loaded.problems,
        };
      } else {
        resolved = { config: mergeConfig(defaultConfig(), ...overrides), baseDir: this.root, problems: [] };
      }
      this.loaded.set(key, resolved);
    }
    return resolved;
  }

  /** Every configuration resolved so far (one per config file, plus the defaults if used). */
  resolved(): ResolvedConfig[] {
    return [...this.loaded.values()];
  }

  /** Every config file loaded so far with its problems (each once). */
  problems(): ConfigProblem[] {
    return [...this.loaded.values()].flatMap((r) => r.problems);
  }
}

/**
 * For the language server: the configuration for a file with the editor's settings laid over the
 * nearest `.archlens.yaml` (settings win over the file).
 */
export function configForFile(file: string, settings: ConfigLayer = {}, configFile?: string): ResolvedConfig {
  return new ConfigResolver({ configFile, overrides: [settings], root: path.dirname(path.resolve(file)) }).forPath(file);
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
