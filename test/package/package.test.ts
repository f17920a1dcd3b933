/**
 * What ships: the npm package packed from a copy of this checkout as git sees it (so nothing built
 * locally sneaks in), installed into an empty prefix with the network off, then used the ways the
 * README says — `archlens check`, `npx archlens`, `archlens lsp --stdio` — and the .vsix that vsce
 * packs from the same tree.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { archlens, ensureBuilt } from '../cli/helpers';
import { commitAll, REPO, snapshotWorkingTree, zipEntries } from '../helpers/snapshot';
import { runStep } from '../action/step';
import { LspClient } from '../lsp/harness';

/** The budget for the packed tarball. */
const MAX_PACKED_BYTES = 1.5 * 1000 * 1000;

interface PackResult { filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }

const npm = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env } });

describe('the npm package and the .vsix, as they ship', function () {
  this.timeout(600_000);
  let work: string;
  let source: string;
  let packed: PackResult;
  let tarball: string;
  let prefix: string;
  /** An empty npm cache: an install that needed the registry would fail offline. */
  let emptyCache: string;

  before(function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-package-'));
    source = path.join(work, 'source');
    snapshotWorkingTree(source);
    // The build tools (esbuild) as `npm ci` installed them; the copy gets no dist/ of its own.
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    assert.ok(!fs.existsSync(path.join(source, 'dist')), 'the copy starts without dist/');
    const pack = npm(['pack', '--json', '--pack-destination', work], source);
    assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr}`);
    // npm prints the prepack script's banner on stdout before the JSON.
    packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[\n'))) as PackResult[])[0];
    tarball = path.join(work, packed.filename);
    prefix = path.join(work, 'prefix');
    emptyCache = path.join(work, 'npm-cache');
  });
  after(() => { if (work) fs.rmSync(work, { recursive: true, force: true }); });

  it(`packs the bundles, the WASM, the rule pages, the config schema and the walkthrough, and nothing else, in at most ${MAX_PACKED_BYTES / 1e6} MB`, function () {
    const files = packed.files.map((f) => f.path).sort();
    const allowed = /^(?:package\.json|README\.md|LICENSE|CHANGELOG\.md|bin\/archlens\.js|dist\/[\w-]+\.mjs|dist\/chunk-\w+\.cjs|dist\/cli-start\.cjs|dist\/vendor-[\w-]+\.cjs|dist\/client\.js|dist\/[\w-]+\.wasm|docs\/rules\/AL\d{3}\.md|schemas\/archlens\.schema\.json|syntaxes\/[\w.-]+\.json|walkthrough\/[\w-]+\.md|images\/icon\.png)$/;
    assert.deepEqual(files.filter((f) => !allowed.test(f)), [], 'files outside the list');
    for (const needed of ['bin/archlens.js', 'dist/cli.mjs', 'dist/cli-start.cjs', 'dist/server.mjs', 'dist/check-worker.mjs', 'dist/vendor-undici.cjs', 'dist/vendor-ajv.cjs', 'dist/client.js', 'dist/tree-sitter-bash.wasm', 'dist/web-tree-sitter.wasm', 'docs/rules/AL101.md', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(needed), `${needed} is missing`);
    }
    const rulePages = fs.readdirSync(path.join(REPO, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
    assert.equal(files.filter((f) => f.startsWith('docs/rules/')).length, rulePages.length);
    console.log(`      packed ${packed.filename}: ${(packed.size / 1000).toFixed(0)} kB (${(packed.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${files.length} files)`);
    assert.ok(packed.size <= MAX_PACKED_BYTES, `${packed.size} bytes packed`);
  });

  it('ships its own bundles (the entries and their chunks) pure ASCII (issue 13: one other character makes V8 hold and scan a whole chunk as two-byte text)', () => {
    const dist = path.join(source, 'dist');
    const ours = fs.readdirSync(dist).filter((f) => f.endsWith('.mjs') || /^(?:chunk-\w+|cli-start)\.cjs$/.test(f));
    assert.ok(ours.some((f) => f.startsWith('chunk-')), ours.join(', '));
    const offending = ours.filter((f) => fs.readFileSync(path.join(dist, f)).some((byte) => byte > 0x7f));
    assert.deepEqual(offending, [], 'a non-ASCII character in a regular expression or a kept comment: escape it in the source (\\u2026)');
  });

  it('declares no dependencies and no install scripts: everything it runs is in the bundles', () => {
    const manifest = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
      dependencies?: object; optionalDependencies?: object; peerDependencies?: object; scripts: Record<string, string>; bin: Record<string, string>; private?: boolean;
    };
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.optionalDependencies, undefined);
    assert.equal(manifest.peerDependencies, undefined);
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts[script], undefined, `${script} script`);
    assert.deepEqual(manifest.bin, { archlens: 'bin/archlens.js' });
    assert.notEqual(manifest.private, true, 'a private package cannot be published');
  });

  it('installs into an empty prefix with the network off, and `archlens check examples/` prints what the checkout prints', () => {
    const install = npm(['install', '--global', '--prefix', prefix, '--offline', '--cache', emptyCache, tarball], work);
    assert.equal(install.status, 0, install.stderr);
    const bin = path.join(prefix, 'bin', 'archlens');
    const args = ['check', 'examples/', '--offline', '--cache-dir', 'examples/.archlens-cache', '--fail-on', 'none'];
    const installed = spawnSync(bin, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(installed.status, 0, installed.stderr);
    assert.match(installed.stdout, /^examples\/deploy\/shop\.yaml:41:29 {2}error {4}AL101 /m);
    assert.match(installed.stdout, /^examples\/storefront\/Dockerfile:14:32 {2}error {4}AL301 /m);
    assert.match(installed.stdout, /^archlens: 6 errors, 5 warnings in 4 files \(4 files checked, 6 fixable with --fix\)$/m);
    ensureBuilt();
    const fromCheckout = archlens([...args, '--format', 'json'], REPO);
    const fromPackage = spawnSync(bin, [...args, '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(fromPackage.stdout), JSON.parse(fromCheckout.stdout));
  });

  it('`npx archlens check .` runs from the tarball with an empty cache and the network off', () => {
    const folder = path.join(work, 'project');
    fs.mkdirSync(path.join(folder, 'deploy'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'deploy', 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeSelector:\n    kubernetes.io/arch: aarch64\n  containers:\n    - name: a\n      image: registry.example.com/a:1\n');
    const run = npm(['exec', '--yes', '--offline', '--cache', path.join(work, 'npx-cache'), '--package', tarball, '--', 'archlens', 'check', '.', '--offline'], folder, { NO_COLOR: '1' });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^deploy\/pod\.yaml:7:25 {2}error {4}AL101 {2}"aarch64" in nodeSelector/m);
  });

  it('`archlens lsp --stdio` from the install: initialize, diagnostics (YAML and the shell parser\'s WASM), shutdown, exit 0', async () => {
    const main = path.join(prefix, 'lib', 'node_modules', 'archlens', 'bin', 'archlens.js');
    assert.ok(fs.existsSync(main), 'installed by the previous test');
    const client = await LspClient.start({ command: [main, 'lsp', '--stdio'], settings: { offline: true } });
    try {
      const caps = client.initializeResult.capabilities;
      assert.ok(caps.hoverProvider && caps.codeActionProvider && caps.textDocumentSync, JSON.stringify(caps));
      client.open('file:///p/pod.yaml', 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeSelector:\n    kubernetes.io/arch: x86_64\n  containers:\n    - name: a\n      image: registry.example.com/a:1\n');
      client.open('file:///p/build.sh', 'shellscript', '#!/bin/sh\ndocker buildx build --push -t registry.example.com/a:1 .\n');
      const pod = await client.diagnostics('file:///p/pod.yaml', { accept: (p) => p.diagnostics.some((d) => d.code === 'AL101') });
      assert.deepEqual(pod.diagnostics.find((d) => d.code === 'AL101')?.range, { start: { line: 6, character: 24 }, end: { line: 6, character: 30 } });
      await client.diagnostics('file:///p/build.sh', { accept: (p) => p.diagnostics.some((d) => d.code === 'AL501') });
      assert.equal(await client.connection.sendRequest('shutdown'), null);
      void client.connection.sendNotification('exit');
      assert.equal(await client.exited, 0);
    } finally {
      await client.stop();
    }
  });

  it('the GitHub Action, from a checkout without build outputs, installs the package (here the tarball, offline) and runs it', () => {
    // What a tag of this repository holds for the action: action.yml and package.json, no dist/.
    const actionPath = path.join(work, 'action');
    fs.mkdirSync(actionPath);
    for (const file of ['action.yml', 'package.json']) fs.copyFileSync(path.join(source, file), path.join(actionPath, file));
    const repo = path.join(work, 'action-repo');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeSelector:\n    kubernetes.io/arch: x86_64\n  containers:\n    - name: a\n      image: registry.example.com/a:1\n');
    commitAll(repo);
    const run = runStep({ workspace: repo, actionPath, inputs: { version: tarball }, env: { npm_config_offline: 'true', npm_config_cache: path.join(work, 'action-npm-cache') } });
    assert.equal(run.code, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.annotations[0], /^::error file=pod\.yaml,line=7,.*title=AL101 unknown-arch-value::/);
    assert.ok(run.sarif && run.summary.startsWith('## archlens: 1 error'), run.summary);
  });

  it('vsce packs the same tree into a .vsix: the bundles, the grammar, the rule pages and the marketplace files', () => {
    // npm pack's prepack left the minified bundles in the copy, as `npm run package` builds them.
    const out = path.join(work, 'archlens.vsix');
    const vsce = spawnSync(process.execPath, [path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', out], { cwd: source, encoding: 'utf8', timeout: 240_000 });
    assert.equal(vsce.status, 0, `${vsce.stdout}\n${vsce.stderr}`);
    assert.doesNotMatch(vsce.stderr, /WARNING/i, vsce.stderr);
    const zip = zipEntries(out);
    const entries = [...zip.keys()];
    for (const needed of ['extension.vsixmanifest', 'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
      'extension/dist/client.js', 'extension/dist/server.mjs', 'extension/dist/check-worker.mjs', 'extension/dist/tree-sitter-bash.wasm',
      'extension/docs/rules/AL101.md', 'extension/syntaxes/archlens-ignore.injection.tmLanguage.json', 'extension/images/icon.png', 'extension/schemas/archlens.schema.json']) {
      assert.ok(entries.includes(needed), `${needed} missing from the .vsix: ${entries.join(', ')}`);
    }
    assert.deepEqual(entries.filter((e) => /(^|\/)(test|server\/src|client\/src|node_modules|bench)\/|\.map$|\.ts$/.test(e)), []);
    const manifest = zip.get('extension.vsixmanifest')!().toString('utf8');
    for (const field of ['Microsoft.VisualStudio.Services.Icons.Default', 'Microsoft.VisualStudio.Services.Branding.Color', 'Microsoft.VisualStudio.Services.Links.Source', 'Microsoft.VisualStudio.Services.Content.License']) {
      assert.match(manifest, new RegExp(field.replace(/\./g, '\\.')), `${field} missing from the manifest`);
    }
    assert.match(manifest, /<Categories>Linters,Programming Languages,Other<\/Categories>/);
  });
});
