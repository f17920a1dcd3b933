/**
 * Multi-file checks, shared by `archlens check` and the language server's "Check Workspace":
 * walk folders (honouring .gitignore at every level and the config's `ignore`), read files
 * safely, run the offline rules, resolve every image of every file once, then the registry rules.
 * No process.exit, no console: results and problems come back as values.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { ImageUse } from './analyzer';
import { classifyFile, needsFirstLine } from './classify';
import type { EffectiveConfig } from './config';
import { ConfigResolver, type ConfigLayer, type ConfigProblem } from './config-file';
import { analyzeOffline, byPosition, imageTable, MAX_FILE_BYTES, referencesToResolve, resolveAll, type OfflineAnalysis } from './engine';
import { prepareEngine } from './prepare';
import type { FileKind, Finding, InputProblem } from './types';
import { offlineResolver, type ImageLookup, type PlatformResolver } from '../images/lookup';

/** Folders never walked into: VCS internals and installed dependencies. */
const NEVER_WALK = new Set(['.git', 'node_modules']);

export interface WalkResult {
  /** Absolute paths of files archlens may read, sorted. */
  files: string[];
  /** Given paths that do not exist. */
  missing: string[];
  /** Folders that could not be read, with why. */
  problems: Array<{ file: string; message: string }>;
}

interface IgnoreLayer { dir: string; rules: Ignore }

/** Walks files and folders. Named files are always included; walked ones only when archlens may read them. */
export async function walkPaths(paths: readonly string[], configs: ConfigResolver, signal?: AbortSignal): Promise<WalkResult> {
  const files = new Set<string>();
  const missing: string[] = [];
  const problems: WalkResult['problems'] = [];
  const matchers = new Map<string, (relative: string) => boolean>();

  const configIgnored = (absolute: string, isDirectory: boolean): boolean => {
    const resolved = configs.forPath(absolute, isDirectory);
    if (resolved.config.ignore.length === 0) return false;
    const key = `${resolved.baseDir}\0${resolved.config.ignore.join('\0')}`;
    let match = matchers.get(key);
    if (!match) {
      match = globMatcher(resolved.config.ignore);
      matchers.set(key, match);
    }
    let relative = toPosix(path.relative(resolved.baseDir, absolute));
    if (relative.startsWith('..')) relative = toPosix(path.relative(configs.root, absolute));
    return relative !== '' && match(relative);
  };

  const walkDir = async (dir: string, layers: IgnoreLayer[]): Promise<void> => {
    if (signal?.aborted) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ file: dir, message: `folder cannot be read: ${errorCode(error)}` });
      return;
    }
    const here = [...layers];
    if (entries.some((e) => e.name === '.gitignore' && (e.isFile() || e.isSymbolicLink()))) {
      const rules = readGitignore(path.join(dir, '.gitignore'));
      if (rules) here.push({ dir, rules });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Linked files are read; linked folders are not followed (they can loop or leave the tree).
        try {
          isFile = fs.statSync(absolute).isFile();
        } catch {
          isFile = false;
        }
        isDirectory = false;
      }
      if (isDirectory && NEVER_WALK.has(entry.name)) continue;
      if (!isDirectory && !isFile) continue;
      if (gitIgnored(here, absolute, isDirectory)) continue;
      if (configIgnored(absolute, isDirectory)) continue;
      if (isDirectory) await walkDir(absolute, here);
      else if (classifyFile(absolute) !== undefined || needsFirstLine(absolute)) files.add(absolute);
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(absolute);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory()) await walkDir(absolute, gitignoresAbove(absolute));
    else files.add(absolute);
  }
  return { files: [...files].sort(), missing, problems };
}

/** gitignore-like globs: a pattern without `/` matches a name at any depth; `dir/` matches a folder and what is in it. */
function globMatcher(globs: readonly string[]): (relative: string) => boolean {
  const matchers = globs.map((glob) => {
    let pattern = glob.trim().replace(/^\.\//, '').replace(/^\//, '');
    if (pattern.endsWith('/')) pattern += '**';
    const anyDepth = !pattern.includes('/');
    const full = picomatch(pattern, { dot: true });
    const under = picomatch(`${pattern}/**`, { dot: true });
    return (relative: string) => {
      if (full(relative) || under(relative)) return true;
      if (anyDepth) return relative.split('/').some((part) => full(part));
      return false;
    };
  });
  return (relative) => matchers.some((m) => m(relative));
}

function readGitignore(file: string): Ignore | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return ignore().add(text);
  } catch {
    return undefined; // An unreadable .gitignore ignores nothing, like git.
  }
}

/** The .gitignore files between the repository root (the folder holding `.git`) and a walk's start, outermost first. */
function gitignoresAbove(start: string): IgnoreLayer[] {
  if (fs.existsSync(path.join(start, '.git'))) return []; // The walk starts at the root: its own .gitignore is read by the walk.
  const chain: string[] = [];
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (fs.existsSync(path.join(dir, '.git'))) break;
    if (path.dirname(dir) === dir) return []; // Not inside a repository: no .gitignore above applies.
  }
  const layers: IgnoreLayer[] = [];
  for (const dir of chain) {
    const rules = fs.existsSync(path.join(dir, '.gitignore')) ? readGitignore(path.join(dir, '.gitignore')) : undefined;
    if (rules) layers.push({ dir, rules });
  }
  return layers;
}

/** The nearest .gitignore that has an opinion decides, like git's precedence. */
function gitIgnored(layers: readonly IgnoreLayer[], absolute: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const relative = toPosix(path.relative(layer.dir, absolute));
    if (!relative || relative.startsWith('..')) continue;
    const verdict = layer.rules.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(error));
}

// ---------------------------------------------------------------------------------------------

export interface FileResult {
  /** Absolute path. */
  file: string;
  /** Undefined when the file could not be read (see problems). */
  kind?: FileKind;
  findings: Finding[];
  problems: InputProblem[];
  images: ImageUse[];
  /** The text that was analysed (BOM removed), for fixes. */
  text?: string;
  /** True when the file on disk starts with a UTF-8 BOM (kept when fixes are written). */
  bom?: boolean;
  config?: EffectiveConfig;
}

export interface CheckOptions {
  /** Folder relative paths and the fallback config base refer to (default process.cwd()). */
  cwd?: string;
  /** An explicit config file for every file (`--config`). */
  configFile?: string;
  /** Layers over the config files (CLI flags, editor settings). */
  overrides?: ConfigLayer[];
  /** Reuse a resolver (e.g. the language server's, already holding loaded configs). */
  configs?: ConfigResolver;
  /** Answers image look-ups; default: every image unknown. */
  resolver?: PlatformResolver;
  signal?: AbortSignal;
  /** After each file: how many are done, and the offline findings so far (registry rules run at the end). */
  onProgress?: (progress: { done: number; total: number; file: string; findings: number }) => void;
  /** The text of a file when it is not the disk's (an editor's unsaved buffer); undefined = read the disk. */
  readText?: (file: string) => string | undefined;
  /** Keep each file's text in its result (needed for fixes; default true). */
  keepText?: boolean;
}

export interface CheckResult {
  /** Files archlens read, in path order (unrecognised files are left out). */
  files: FileResult[];
  /** Canonical reference → answer, for every image of every file. */
  images: Map<string, ImageLookup>;
  configProblems: ConfigProblem[];
  /** Given paths that do not exist. */
  missing: string[];
  /** Folders that could not be read. */
  walkProblems: Array<{ file: string; message: string }>;
  cancelled: boolean;
}

type ReadOutcome = { text: string; bom: boolean } | { problem: string };

/** Opening a named pipe (or a device) for reading would wait for a writer forever: open without blocking, then fstat. */
const READ_WITHOUT_BLOCKING = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a file for analysis: size checked before reading, binary content detected, never throws.
 * Synchronous on purpose: four async round trips per file cost more than the read itself, and
 * checkFiles yields to the event loop between files instead.
 */
export function readFileSafely(file: string, maxBytes = MAX_FILE_BYTES): ReadOutcome {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, READ_WITHOUT_BLOCKING);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { problem: 'not a regular file' };
    if (stat.size > maxBytes) {
      return { problem: `file is too large to analyse (${(stat.size / 1024 / 1024).toFixed(1)} MB; the limit is ${Math.round(maxBytes / 1024 / 1024)} MB)` };
    }
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    const bytes = buffer.subarray(0, read);
    if (bytes.subarray(0, 8192).includes(0)) return { problem: 'binary content: not a text file' };
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { text: bytes.toString('utf8', bom ? 3 : 0), bom };
  } catch (error) {
    return { problem: `cannot be read: ${errorCode(error)}` };
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/**
 * Whether a file is one archlens reads, deciding extensionless files from their first line
 * (read alone: a large data file or a binary without an extension is never read whole).
 */
function mayBeRead(file: string): boolean {
  if (classifyFile(file) !== undefined) return true;
  if (!needsFirstLine(file)) return false;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, READ_WITHOUT_BLOCKING);
    const head = Buffer.alloc(256);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('utf8');
    const end = text.indexOf('\n');
    return classifyFile(file, end === -1 ? text : text.slice(0, end)) !== undefined;
  } catch {
    return false; // Unreadable and of unknown kind: not archlens's business.
  } finally {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already closed */ }
  }
}

/** Lets other work (an editor's requests, a cancellation) in at most every this many ms. */
const YIELD_EVERY_MS = 20;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Kinds whose analysers use the shell parser (its WASM is loaded only when needed). */
function needsShellParser(kind: FileKind): boolean {
  return kind !== 'kubernetes';
}

/** Checks files and folders: both phases for every file, each image looked up once. */
export async function checkFiles(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const configs = options.configs ?? new ConfigResolver({ configFile: options.configFile, overrides: options.overrides, root: cwd });
  const resolver = options.resolver ?? offlineResolver;
  const keepText = options.keepText ?? true;
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const walk = await walkPaths(targets, configs, options.signal);
  const result: CheckResult = {
    files: [],
    images: new Map(),
    configProblems: [],
    missing: walk.missing.map((m) => path.relative(cwd, m) || m),
    walkProblems: walk.problems,
    cancelled: false,
  };

  const offline: Array<{ result: FileResult; analysis?: OfflineAnalysis }> = [];
  let preparing: Promise<void> | undefined;
  const slots: Array<{ result: FileResult; analysis?: OfflineAnalysis } | undefined> = new Array(walk.files.length);

  let lastYield = Date.now();
  let findingsSoFar = 0;
  const run = async (): Promise<void> => {
    for (let index = 0; index < walk.files.length; index++) {
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
      if (options.signal?.aborted) return;
      const file = walk.files[index];
      if (mayBeRead(file)) {
        const buffered = options.readText?.(file);
        const outcome: ReadOutcome = buffered !== undefined ? { text: buffered, bom: false } : readFileSafely(file);
        slots[index] = await analyseOne(file, outcome);
        findingsSoFar += slots[index]?.result.findings.length ?? 0;
      }
      options.onProgress?.({ done: index + 1, total: walk.files.length, file, findings: findingsSoFar });
    }
  };

  const analyseOne = async (file: string, outcome: ReadOutcome): Promise<{ result: FileResult; analysis?: OfflineAnalysis } | undefined> => {
    if ('problem' in outcome) {
      return { result: { file, kind: classifyFile(file), findings: [], problems: [{ message: outcome.problem }], images: [] } };
    }
    const kind = classifyFile(file, firstLineOf(outcome.text));
    if (!kind) return undefined;
    if (needsShellParser(kind)) {
      preparing ??= prepareEngine();
      await preparing;
    }
    const { config } = configs.forPath(file);
    let analysis: OfflineAnalysis | undefined;
    try {
      analysis = analyzeOffline({ file, text: outcome.text, kind }, config);
    } catch (error) {
      // The engine catches parser and rule failures itself; this is the last line of defence.
      return { result: { file, kind, findings: [], problems: [{ message: `could not be analysed: ${errorCode(error)}` }], images: [] } };
    }
    if (!analysis) return undefined;
    return {
      result: {
        file,
        kind,
        findings: analysis.findings,
        problems: analysis.problems,
        images: analysis.images,
        text: keepText ? outcome.text : undefined,
        bom: outcome.bom,
        config,
      },
      analysis,
    };
  };

  await run();
  for (const slot of slots) if (slot) offline.push(slot);
  result.configProblems = configs.problems();
  if (options.signal?.aborted) {
    result.cancelled = true;
    result.files = offline.map((o) => o.result);
    return result;
  }

  const refs = referencesToResolve(offline.flatMap((o) => o.result.images));
  result.images = await resolveAll(refs, resolver, options.signal);
  const table = imageTable(result.images);
  for (const { result: fileResult, analysis } of offline) {
    if (analysis && fileResult.images.length > 0) {
      const registryFindings = analysis.runRegistryRules(table);
      if (registryFindings.length > 0) fileResult.findings = [...fileResult.findings, ...registryFindings].sort(byPosition);
    }
    result.files.push(fileResult);
  }
  result.cancelled = options.signal?.aborted ?? false;
  return result;
}

function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text.slice(0, 200) : text.slice(0, Math.min(end, 200));
}

/**
 * Both phases for one text already known to belong to `file` (after a fix, or an editor buffer):
 * answers in `images` are reused, references not in it are resolved and added to it.
 */
export async function checkText(
  file: string,
  text: string,
  config: EffectiveConfig,
  images: Map<string, ImageLookup>,
  resolver: PlatformResolver = offlineResolver,
  signal?: AbortSignal,
): Promise<FileResult | undefined> {
  const kind = classifyFile(file, firstLineOf(text));
  if (!kind) return undefined;
  if (needsShellParser(kind)) await prepareEngine();
  const analysis = analyzeOffline({ file, text, kind }, config);
  if (!analysis) return undefined;
  const missing = referencesToResolve(analysis.images).filter((ref) => !images.has(ref.canonical));
  if (missing.length > 0) for (const [key, value] of await resolveAll(missing, resolver, signal)) images.set(key, value);
  const registryFindings = analysis.images.length > 0 ? analysis.runRegistryRules(imageTable(images)) : [];
  return {
    file,
    kind,
    findings: [...analysis.findings, ...registryFindings].sort(byPosition),
    problems: analysis.problems,
    images: analysis.images,
    text,
    config,
  };
}
