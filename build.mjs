// Bundles the extension client, the language server, its check worker and the CLI with esbuild.
//
// The client is one CommonJS file (VS Code loads extensions with require). The node-side entries
// (server, check worker, CLI) are ES modules split into shared chunks: they hold the same engine,
// and one copy of it instead of three keeps the .vsix and the npm package small (issue 16: at most
// 1.5 MB packed). The CLI reaches the server through a dynamic import, a chunk of its own, so
// `archlens check` does not load the language server.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

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

const builds = [
  { ...common, format: 'cjs', entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  {
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
      cli: 'server/src/cli.ts',
      // The GitHub Action's step (action.yml).
      action: 'server/src/action.ts',
    },
    outdir: 'dist',
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: { js: commonJsShims },
  },
];

// A fresh dist/: chunk names carry hashes, and a stale chunk must never be packed.
fs.rmSync('dist', { recursive: true, force: true });
fs.mkdirSync('dist', { recursive: true });
// The shell parser's WASM files ship beside the bundles (see server/src/shell/shell.ts).
for (const wasm of ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/tree-sitter-bash/tree-sitter-bash.wasm']) {
  fs.copyFileSync(wasm, `dist/${wasm.split('/').pop()}`);
}
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
