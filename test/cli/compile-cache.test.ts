/**
 * The V8 code cache of `archlens check` (cli/compile-cache.ts, issue 13), through the built
 * command: the first check writes a cache for each chunk it loaded under
 * $XDG_CACHE_HOME/archlens/code-cache, the next ones compile from it (and leave it as it is), a
 * cache V8 rejects — garbage, or made under other V8 flags — is a normal compile and is written
 * again, another version's caches go once stale, and a cache folder that cannot be written is no cache, never an error. Every run prints
 * what a run without any cache prints (dist/cli.mjs started directly, without bin/archlens.js).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { archlens, assertNoStack, BIN, ensureBuilt, REPO, workspace } from './helpers';
import { PASS_THROUGH_DEPLOYMENT } from '../helpers/chart-templates';

const ARGS = ['check', '--offline', '--no-cache', '--fail-on', 'none', '--format', 'json', 'chart', 'deploy.yaml'];
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: x86_64\n      containers:\n        - name: api\n          image: registry.example.com/api:1.0\n';

describe('archlens check: the V8 code cache', function () {
  this.timeout(120_000);
  let root: string;
  /** What the check prints without a code cache. */
  let expected: string;

  before(() => {
    ensureBuilt();
    root = workspace({
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'image:\n  repository: example.com/team/web\n  tag: "1.0"\nnodeSelector:\n  kubernetes.io/arch: aarch64\n',
      'chart/templates/deployment.yaml': PASS_THROUGH_DEPLOYMENT,
      'deploy.yaml': DEPLOYMENT,
    });
    const direct = spawnSync(process.execPath, [path.join(REPO, 'dist', 'cli.mjs'), ...ARGS], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: path.join(root, 'no-code-cache') } });
    assert.equal(direct.status, 0, direct.stderr);
    expected = direct.stdout;
    assert.match(expected, /AL101/, 'the findings the runs below must all print');
    assert.ok(!fs.existsSync(path.join(root, 'no-code-cache', 'archlens', 'code-cache')), 'dist/cli.mjs alone keeps no code cache');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** The cache files under `cacheHome` (name → mtime and size). */
  function cacheFiles(cacheHome: string): Map<string, { mtimeMs: number; size: number }> {
    const base = path.join(cacheHome, 'archlens', 'code-cache');
    const files = new Map<string, { mtimeMs: number; size: number }>();
    if (!fs.existsSync(base)) return files;
    for (const runtime of fs.readdirSync(base)) {
      for (const name of fs.readdirSync(path.join(base, runtime))) {
        const stat = fs.statSync(path.join(base, runtime, name));
        files.set(path.join(runtime, name), { mtimeMs: stat.mtimeMs, size: stat.size });
      }
    }
    return files;
  }

  /** `archlens check` (started as `node NODE_ARGS bin/archlens.js`) prints what it prints without a cache. */
  function check(cacheHome: string, nodeArgs: string[] = []): void {
    const run = spawnSync(process.execPath, [...nodeArgs, BIN, ...ARGS], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: cacheHome } });
    assertNoStack(run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal(run.stdout, expected);
  }

  it('the first check writes a cache per chunk it loaded, one folder per runtime; the next check reads it and leaves it as it is', async () => {
    const home = path.join(root, 'home-1');
    check(home);
    const written = cacheFiles(home);
    const chunks = fs.readdirSync(path.join(REPO, 'dist')).filter((f) => /^chunk-\w+\.cjs$/.test(f));
    assert.ok(written.size >= 2, [...written.keys()].join(', '));
    for (const [file, { size }] of written) {
      const [runtime, name] = file.split(path.sep);
      assert.equal(runtime, `node-${process.version}-v8-${process.versions.v8}-${process.arch}`);
      const chunk = /^(chunk-\w+\.cjs)\.(\d+)\.bin$/.exec(name);
      assert.ok(chunk && chunks.includes(chunk[1]), `${name}: a cache of a chunk of dist/, named with its size`);
      assert.equal(Number(chunk[2]), fs.statSync(path.join(REPO, 'dist', chunk[1])).size);
      assert.ok(size > 0);
    }
    assert.equal(new Set([...written.keys()].map((f) => f.split(path.sep)[0])).size, 1);
    // A later write would show as a newer mtime (the filesystem's clock has at least ms resolution).
    await new Promise((r) => setTimeout(r, 20));
    check(home);
    assert.deepEqual(cacheFiles(home), written);
  });

  it('a cache V8 rejects (garbage, or made under other V8 flags) is a normal compile, written again', async () => {
    const home = path.join(root, 'home-2');
    check(home);
    const written = cacheFiles(home);
    const base = path.join(home, 'archlens', 'code-cache');
    const [biggest] = [...written].sort((a, b) => b[1].size - a[1].size)[0];
    fs.writeFileSync(path.join(base, biggest), Buffer.alloc(4096, 7));
    check(home);
    // What V8 caches varies a little from run to run (which functions got compiled): not the size to the byte.
    const rewritten = fs.readFileSync(path.join(base, biggest));
    assert.ok(rewritten.length > written.get(biggest)!.size * 0.9 && !rewritten.subarray(0, 4096).every((b) => b === 7), 'the garbage was replaced by a real cache');

    await new Promise((r) => setTimeout(r, 20));
    const before = cacheFiles(home);
    check(home, ['--no-lazy-feedback-allocation']);
    const after = cacheFiles(home);
    for (const [file, stat] of before) assert.ok(after.get(file)!.mtimeMs > stat.mtimeMs, `${file} was rejected under other flags and written again`);
  });

  it('a check that writes caches removes those of chunks this build does not have, once untouched for 30 days', () => {
    const home = path.join(root, 'home-4');
    const folder = path.join(home, 'archlens', 'code-cache', `node-${process.version}-v8-${process.versions.v8}-${process.arch}`);
    fs.mkdirSync(folder, { recursive: true });
    const stale = path.join(folder, 'chunk-OLDVERSION.cjs.1234.bin');
    const recent = path.join(folder, 'chunk-OTHERINSTALL.cjs.1234.bin');
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(recent, 'x');
    const longAgo = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    fs.utimesSync(stale, longAgo, longAgo);
    check(home);
    assert.equal(fs.existsSync(stale), false, 'the stale cache was removed');
    assert.equal(fs.existsSync(recent), true, 'a cache another install may still use was kept');
    assert.ok(cacheFiles(home).size >= 3, 'this build\'s caches were written beside it');
  });

  it('the first check starts from the cache the build seeded (dist/code-cache, this runtime\'s folder) and keeps a copy of it', () => {
    const seeds = path.join(REPO, 'dist', 'code-cache', `node-${process.version}-v8-${process.versions.v8}-${process.arch}`);
    assert.ok(fs.existsSync(seeds), 'npm run build seeds the code cache (scripts/code-cache-seed.mjs)');
    const home = path.join(root, 'home-5');
    check(home);
    const written = cacheFiles(home);
    assert.ok(written.size >= 2);
    for (const file of written.keys()) {
      const name = path.basename(file);
      assert.ok(fs.existsSync(path.join(seeds, name)), `${name} was seeded`);
      assert.deepEqual(fs.readFileSync(path.join(home, 'archlens', 'code-cache', file)), fs.readFileSync(path.join(seeds, name)), `${name}: the seed, copied`);
    }
  });

  it('a cache folder that cannot be made is no cache: the check runs as before, without a word', () => {
    const notAFolder = path.join(root, 'a-file');
    fs.writeFileSync(notAFolder, '');
    check(notAFolder);
    assert.equal(fs.statSync(notAFolder).isFile(), true);
    assert.deepEqual(fs.readdirSync(root).filter((f) => f.endsWith('.tmp')), []);
  });

  it('other commands neither read nor write it', () => {
    const home = path.join(root, 'home-3');
    for (const args of [['--version'], ['rules', '--format', 'json']]) {
      const run = archlens(args, root, { env: { XDG_CACHE_HOME: home } });
      assert.equal(run.code, 0, run.stderr);
    }
    assert.equal(cacheFiles(home).size, 0);
  });
});
