// Bundles the extension client, the language server, its check worker and the CLI with esbuild.
//
// The client is one CommonJS file (VS Code loads extensions with require). The node-side entries
// (server, workers, CLI, action) are ES modules that share the engine's chunks: one copy of it
// instead of several keeps the .vsix and the npm package small (issue 16: at most 1.5 MB packed).
// The CLI reaches the server through a dynamic import, a chunk of its own, so `archlens check`
// does not load the language server.
//
// The chunks themselves are CommonJS (dist/chunk-HASH.cjs): esbuild splits only ES modules, so
// the split output is written to a staging folder first and each chunk is then bundled again, on
// its own, as CommonJS. Node 20 compiles a CommonJS file through Module.prototype._compile, where
// the CLI can hand V8 the code it cached in an earlier run (cli/compile-cache.ts, issue 13); an ES
// module it always compiles from scratch. The entries stay ES modules importing those chunks.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import { seedCodeCache } from './scripts/code-cache-seed.mjs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
};

// Bundled CommonJS dependencies call require, and the sources use __dirname (to find the WASM
// files and the check worker beside the bundle): an ES module has neither, so each output file
// defines them for itself. Chunks sit in dist/ beside the entries, so __dirname is dist/ for all.
const commonJsShims = [
  "import { createRequire as __archlensCreateRequire } from 'node:module';",
  "import { fileURLToPath as __archlensFileURLToPath } from 'node:url';",
  "import { dirname as __archlensDirname } from 'node:path';",
  'const require = __archlensCreateRequire(import.meta.url);',
  'const __filename = __archlensFileURLToPath(import.meta.url);',
  'const __dirname = __archlensDirname(__filename);',
].join('\n');

// Dependencies that most runs never need, each bundled into a CommonJS file of its own
// (dist/vendor-NAME.cjs) that Node reads on the first require. Reading and compiling the bundles
// is most of a CLI run's start-up (issue 13: ~27 ms per MB of JavaScript), and a chart check
// offline needs no HTTP client (undici, tldts), no JSON-schema validator (ajv: only a chart with a
// values.schema.json, a config with settings to validate, the server's message guard), no bcrypt
// (htpasswd), no RE2 (regex functions), no TOML, no Dockerfile or shell parser.
// The sources load them lazily (a require inside the function that needs them, see
// registry/transport.ts); one with a static import would read its vendor file at start-up, which
// is still correct, only not lazy. Packages that share code (ajv and its plugins) share one file.
const lazyVendors = {
  undici: ['undici'],
  tldts: ['tldts'],
  ajv: ['ajv', 'ajv/dist/2019', 'ajv/dist/2020', 'ajv-draft-04', 'ajv-formats', 'ajv/dist/refs/json-schema-draft-06.json'],
  re2js: ['re2js'],
  bcryptjs: ['bcryptjs'],
  'smol-toml': ['smol-toml'],
  'web-tree-sitter': ['web-tree-sitter'],
  'dockerfile-ast': ['dockerfile-ast'],
};
const vendorOf = new Map(Object.entries(lazyVendors).flatMap(([name, specifiers]) => specifiers.map((s) => [s, name])));
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** In the node-side bundles, each vendored specifier becomes a stub that requires its vendor file. */
const lazyVendorPlugin = {
  name: 'lazy-vendor',
  setup(build) {
    const specifiers = new RegExp(`^(?:${[...vendorOf.keys()].map(escapeRegExp).join('|')})$`);
    build.onResolve({ filter: specifiers }, (args) => ({ path: args.path, namespace: 'lazy-vendor' }));
    // The chunks sit beside the vendor files in dist/, and `require` is the chunk's own (CommonJS), or an entry's (commonJsShims).
    build.onResolve({ filter: /^\.\/vendor-[\w-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`./vendor-${vendorOf.get(args.path)}.cjs`)})[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
  },
};

/** One CommonJS bundle per vendor: an object from each of its specifiers to that module's exports. */
const vendorBuilds = Object.entries(lazyVendors).map(([name, specifiers]) => ({
  ...common,
  format: 'cjs',
  outfile: `dist/vendor-${name}.cjs`,
  stdin: {
    contents: `module.exports = {${specifiers.map((s) => `${JSON.stringify(s)}: require(${JSON.stringify(s)})`).join(', ')}};`,
    resolveDir: '.',
    sourcefile: `vendor-${name}.js`,
    loader: 'js',
  },
}));

/** Pass 1: the node-side entries as ES modules split into shared chunks, in the staging folder. */
const STAGING = 'dist/.esm';
const nodeEntries = {
  ...common,
  format: 'esm',
  splitting: true,
  entryPoints: {
    server: 'server/src/server.ts',
    // Check Workspace runs in a worker thread so its memory goes away with it (see lsp/check-worker.ts).
    'check-worker': 'server/src/lsp/check-worker.ts',
    // The editor renders Helm charts in a worker thread: a 200-template chart never holds up a request (see lsp/unit-runner.ts).
    'unit-worker': 'server/src/lsp/unit-worker.ts',
    // The editor's analyses run in worker threads, off the request loop (see lsp/analysis-service.ts).
    'analysis-worker': 'server/src/lsp/analysis-worker.ts',
    // The editor's workspace image map is first built in a worker thread (see lsp/map-build.ts).
    'map-worker': 'server/src/lsp/map-worker.ts',
    // The CLI's check runs charts and overlays in a worker thread beside the plain files (see workspace/unit-pass-thread.ts).
    'unit-pass-worker': 'server/src/workspace/unit-pass-worker.ts',
    cli: 'server/src/cli.ts',
    // The GitHub Action's step (action.yml).
    action: 'server/src/action.ts',
  },
  outdir: STAGING,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  plugins: [lazyVendorPlugin],
};

/**
 * Pass 2: each staged file bundled alone, its imports of other chunks and of the vendor files left
 * as they are (only renamed .mjs → .cjs); esbuild reads the staged source maps, so the final maps
 * still lead to the TypeScript sources. An entry (an ES module) reaches its chunks through
 * `require`, never an import: Node would scan each imported CommonJS file for its export names
 * (cjs-module-lexer, ~100 ms for the CLI's 1.7 MB), and would not compile it through
 * Module.prototype._compile, where the code cache is. A chunk's dynamic import of another (the
 * language server, from `archlens lsp`) becomes a require inside the promise too.
 */
const stagedLinks = {
  name: 'staged-links',
  setup(build) {
    const esmEntries = build.initialOptions.format === 'esm';
    build.onResolve({ filter: /^\.\/chunk-\w+\.mjs$/ }, (args) => {
      const target = args.path.replace(/\.mjs$/, '.cjs');
      if (esmEntries || args.kind === 'dynamic-import') return { path: target, namespace: 'staged-chunk' };
      return { path: target, external: true };
    });
    build.onResolve({ filter: /^\.\/(?:chunk-\w+|vendor-[\w-]+)\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'staged-chunk' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};
const stagedFiles = (suffix) => fs.readdirSync(STAGING).filter((f) => f.endsWith('.mjs') && f.startsWith('chunk-') === (suffix === '.cjs')).map((f) => `${STAGING}/${f}`);
const relinkBuilds = () => [
  // The chunks as CommonJS: Node's require and __dirname are theirs already.
  { ...common, format: 'cjs', entryPoints: stagedFiles('.cjs'), outdir: 'dist', outExtension: { '.js': '.cjs' }, plugins: [stagedLinks] },
  { ...common, format: 'esm', entryPoints: stagedFiles('.mjs'), outdir: 'dist', outExtension: { '.js': '.mjs' }, banner: { js: commonJsShims }, plugins: [stagedLinks] },
];

const builds = [
  { ...common, format: 'cjs', entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // Loaded by bin/archlens.js before the CLI, so it cannot share the chunks it caches.
  { ...common, format: 'cjs', entryPoints: ['server/src/cli/start.ts'], outfile: 'dist/cli-start.cjs' },
  ...vendorBuilds,
];

// A fresh dist/: chunk names carry hashes, and a stale chunk must never be packed.
fs.rmSync('dist', { recursive: true, force: true });
fs.mkdirSync('dist', { recursive: true });
// The shell parser's WASM files ship beside the bundles (see server/src/shell/shell.ts).
for (const wasm of ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/tree-sitter-bash/tree-sitter-bash.wasm']) {
  fs.copyFileSync(wasm, `dist/${wasm.split('/').pop()}`);
}
async function relink() {
  await Promise.all(relinkBuilds().map((b) => esbuild.build(b)));
  fs.rmSync(STAGING, { recursive: true, force: true });
}
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  const relinkOnEnd = { name: 'relink', setup: (build) => build.onEnd(async (result) => { if (result.errors.length === 0) await relink(); }) };
  await (await esbuild.context({ ...nodeEntries, plugins: [...nodeEntries.plugins, relinkOnEnd] })).watch();
} else {
  await Promise.all([...builds, nodeEntries].map((b) => esbuild.build(b)));
  await relink();
  // The first check after this build compiles nothing (scripts/code-cache-seed.mjs).
  seedCodeCache();
}
