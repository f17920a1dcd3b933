/**
 * A V8 code cache for the CLI's bundles (issue 13: compiling ~1.7 MB of JavaScript was ~60 ms of
 * every `archlens check`). Node 22 has module.enableCompileCache; Node 20, which archlens supports,
 * has none, and gives ES modules no way to take cached data. The engine's shared chunks are
 * therefore CommonJS files (build.mjs), and bin/archlens.js installs this hook before loading the
 * CLI: each chunk of dist/ is compiled with the code V8 produced for it in an earlier run, and a
 * run that had none writes it on exit — after the check, so the functions it compiled lazily are in
 * it too.
 *
 * The cache lives beside the platform cache ($XDG_CACHE_HOME/archlens, as v8-compile-cache and
 * Node 22's compile cache keep theirs under the user's cache folder), in a folder per Node version,
 * V8 version and CPU architecture; a chunk's file name carries its content hash (esbuild's
 * chunk-[hash]), and V8 checks the source length and its own flags itself and rejects what does not
 * fit: a rejected or unreadable cache is a normal compile. Writes are atomic (a temporary file
 * renamed over), and a read-only or missing folder only means no cache: nothing here ever fails a
 * run.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** The bundles worth caching: the shared chunks, named by their content hash (build.mjs chunkNames). */
const CACHEABLE = /^chunk-[A-Z0-9]+\.cjs$/;

/** Where the platform cache's default lives (registry/resolver.ts defaultCacheDir), without --cache-dir. */
export function defaultCodeCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  return path.join(base, 'archlens', 'code-cache');
}

/** One folder per runtime whose code V8 could not share: another Node, V8 or CPU never reads it (e.g. node-v20.20.2-v8-11.3.244.8-node.38-x64). */
export function runtimeFolder(root: string): string {
  const runtime = `node-${process.version}-v8-${process.versions.v8}-${process.arch}`;
  return path.join(root, runtime.replace(/[^\w.-]/g, '_'));
}

interface Pending { script: vm.Script; file: string }

/** Node's CommonJS Module, with the internals the hook uses (they have been stable since Node 12). */
interface CjsModule {
  exports: unknown;
  filename: string;
  require(id: string): unknown;
  _compile: (this: CjsModule, content: string, filename: string) => unknown;
}
interface CjsModuleClass {
  prototype: CjsModule;
  wrap(script: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: { paths?: string[] }): string;
  _cache: Record<string, unknown>;
}

export interface CompileCacheOptions {
  /**
   * A cache `npm run build` made for this runtime (dist/code-cache, build.mjs): read when `folder`
   * has none that V8 takes, and copied into `folder` on exit — the first check after an install
   * compiles nothing either.
   */
  seedFolder?: string;
  /** False in a worker thread: the main thread writes the caches (two writers would race). */
  write?: boolean;
}

/**
 * Compiles the chunks of `distDir` through the code cache in `folder`. Returns `flush`, which
 * writes the caches this run lacked — none yet, or rejected by V8 (called on exit; safe to call twice).
 */
export function installCompileCache(distDir: string, folder: string, options: CompileCacheOptions = {}): { flush: () => void } {
  const pending: Pending[] = [];
  const seeded: Array<{ seed: string; file: string }> = [];
  const write = options.write ?? true;
  const CjsModule = Module as unknown as CjsModuleClass;
  const compile = CjsModule.prototype._compile;
  const dist = path.resolve(distDir);

  CjsModule.prototype._compile = function (this: CjsModule, content: string, filename: string): unknown {
    const name = path.basename(filename);
    if (path.dirname(filename) !== dist || !CACHEABLE.test(name)) return compile.call(this, content, filename);
    const cacheName = `${name}.${Buffer.byteLength(content)}.bin`;
    const file = path.join(folder, cacheName);
    const wrapped = CjsModule.wrap(content);
    /** The script compiled from `data`, unless V8 rejects it (another V8, other flags, garbage). */
    const fromCache = (data: Buffer | undefined): vm.Script | undefined => {
      if (!data) return undefined;
      const cached = new vm.Script(wrapped, { filename, cachedData: data });
      return cached.cachedDataRejected ? undefined : cached;
    };
    let script = fromCache(readOrUndefined(file));
    if (!script && options.seedFolder) {
      const seed = path.join(options.seedFolder, cacheName);
      script = fromCache(readOrUndefined(seed));
      if (script) seeded.push({ seed, file });
    }
    if (!script) {
      script = new vm.Script(wrapped, { filename });
      pending.push({ script, file });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, CjsModule), this, filename, path.dirname(filename));
  };

  const flush = (): void => {
    if (!write || (pending.length === 0 && seeded.length === 0)) return;
    for (const { script, file } of pending.splice(0)) {
      writeAtomically(file, () => script.createCachedData());
    }
    for (const { seed, file } of seeded.splice(0)) {
      writeAtomically(file, () => fs.readFileSync(seed));
    }
    // A run that wrote caches is often the first after an upgrade: the last version's go.
    pruneStale(folder, dist);
  };
  return { flush };
}

/** The `require` a CommonJS module is given (what Node's own _compile builds for it). */
function requireFor(module: CjsModule, CjsModule: CjsModuleClass): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = ((request: string, options?: { paths?: string[] }) => CjsModule._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  require.main = process.mainModule;
  require.cache = CjsModule._cache as NodeJS.Require['cache'];
  return require;
}

/** Caches of chunks this dist/ does not have, untouched for STALE_MS: another version's (another install may still use them, and writes them again). */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

function pruneStale(folder: string, dist: string): void {
  try {
    const current = new Set(fs.readdirSync(dist).filter((f) => CACHEABLE.test(f)));
    const now = Date.now();
    for (const name of fs.readdirSync(folder)) {
      const chunk = /^(chunk-[A-Z0-9]+\.cjs)\.\d+\.bin$/.exec(name)?.[1];
      if (chunk === undefined || current.has(chunk)) continue;
      const file = path.join(folder, name);
      if (now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    }
  } catch {
    /* another process pruned meanwhile, or the folder is not ours to change: nothing lost */
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file renamed over `file`: a reader sees the old cache or the new one, never half. */
function writeAtomically(file: string, data: () => Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, data());
    fs.renameSync(temporary, file);
  } catch {
    try { fs.rmSync(temporary, { force: true }); } catch { /* the folder is not writable: no cache */ }
  }
}
