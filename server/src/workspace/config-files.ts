/**
 * `.archlens.yaml` on disk: found upward from each checked file (the nearest wins) or named
 * explicitly, read, validated (engine/config-text.ts) and merged onto defaultConfig(). Problems are
 * values (file, line, what is wrong); this module never throws on user input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, mergeConfig, type ConfigLayer, type ConfigProblem, type EffectiveConfig } from '../core/config';
import { parseConfigText, type LoadedConfigFile } from '../engine/config-text';

export const CONFIG_FILE_NAMES = ['.archlens.yaml', '.archlens.yml'];
/** A config file larger than this is not a config file anyone meant to write. */
const MAX_CONFIG_BYTES = 1024 * 1024;

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
  /** Folders whose listing (a walk's) holds no config file name: no stat needed there. */
  private readonly listedWithoutConfig = new Set<string>();
  private readonly loaded = new Map<string, ResolvedConfig>();
  /** How many loaded configs takeProblems() has handed out (the map keeps insertion order). */
  private problemsTaken = 0;
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
      const candidate = this.listedWithoutConfig.has(current) ? undefined : CONFIG_FILE_NAMES.map((n) => path.join(current, n)).find((p) => isFile(p));
      if (candidate) { found = candidate; break; }
      if (path.dirname(current) === current) break;
    }
    for (const dir of visited) this.byDir.set(dir, found);
    return found;
  }

  /**
   * What a walk read of a folder (workspace/walk.ts): a folder holding no file of a config file's
   * name is not asked again (two stats per folder, ~1,000 folders in corpus/realworld).
   */
  noteListing(dir: string, names: readonly string[]): void {
    if (!CONFIG_FILE_NAMES.some((n) => names.includes(n))) this.listedWithoutConfig.add(path.resolve(dir));
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

  /**
   * The problems of the config files loaded since the last call: each file's problems are
   * collected once, when it is read, and handed out once (a run that reads more config files as it
   * walks asks again at the end).
   */
  takeProblems(): ConfigProblem[] {
    const taken = [...this.loaded.values()].slice(this.problemsTaken).flatMap((r) => r.problems);
    this.problemsTaken = this.loaded.size;
    return taken;
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
    // Most folders hold no config file: no error object made for each (throwIfNoEntry).
    return fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
