// Bundles the extension client, the language server and the CLI with esbuild: one file each,
// so the .vsix stays small and activation does not walk node_modules.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // web-tree-sitter reads import.meta.url, which is empty in a CommonJS bundle: give it the bundle's own URL.
  define: { 'import.meta.url': '__archlensImportMetaUrl' },
  banner: { js: "const __archlensImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // Check Workspace runs in a worker thread so its memory goes away with it (see lsp/check-worker.ts).
  { ...common, entryPoints: ['server/src/lsp/check-worker.ts'], outfile: 'dist/check-worker.js' },
  // The editor renders Helm charts in a worker thread: a 200-template chart never holds up a request (see lsp/unit-runner.ts).
  { ...common, entryPoints: ['server/src/lsp/unit-worker.ts'], outfile: 'dist/unit-worker.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
];
// The shell parser's WASM files ship beside the bundles (see server/src/shell/shell.ts).
fs.mkdirSync('dist', { recursive: true });
for (const wasm of ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'node_modules/tree-sitter-bash/tree-sitter-bash.wasm']) {
  fs.copyFileSync(wasm, `dist/${wasm.split('/').pop()}`);
}
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
