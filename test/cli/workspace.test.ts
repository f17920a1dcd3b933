/** The folder walk and multi-file check shared by the CLI and the language server's "Check Workspace". */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver } from '../../server/src/workspace/config-files';
import { checkFiles } from '../../server/src/workspace/check';
import { walkPaths } from '../../server/src/workspace/walk';
import type { ImageLookup, PlatformResolver } from '../../server/src/images/lookup';
import { workspace } from './helpers';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1.27\n    - name: b\n      image: docker.io/library/nginx:1.27\n';

describe('workspace walk', () => {
  let root: string;
  before(() => {
    root = workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/config.yaml': 'not: walked\n',
      '.gitignore': 'generated/\n*.rendered.yaml\n!keep.rendered.yaml\n',
      '.archlens.yaml': 'ignore: ["charts/**/templates/**", "vendor/"]\n',
      'deploy/app.yaml': POD,
      'deploy/app.rendered.yaml': POD,
      'deploy/keep.rendered.yaml': POD,
      'deploy/sub/.gitignore': 'local.yaml\n',
      'deploy/sub/local.yaml': POD,
      'deploy/sub/shared.yaml': POD,
      'generated/out.yaml': POD,
      'charts/web/templates/dep.yaml': '{{ .Values.x }}\n',
      'charts/web/values.yaml': 'image: nginx\n',
      'vendor/thing.yaml': POD,
      'node_modules/pkg/deploy.yaml': POD,
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'scripts/release': '#!/usr/bin/env bash\ndocker push x\n',
      'scripts/README': 'plain text\n',
      'scripts/tool': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]),
      'Dockerfile': 'FROM alpine:3.20\n',
      'notes.md': '# notes\n',
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('honours .gitignore at every level and the config ignore; includes .github, never .git or node_modules', async () => {
    const walk = await walkPaths([root], new ConfigResolver({ root }));
    const rel = walk.files.map((f) => path.relative(root, f).split(path.sep).join('/'));
    assert.deepEqual(rel, [
      '.archlens.yaml', // a YAML file like any other (the kubernetes analyser ignores non-Kubernetes YAML)
      '.github/workflows/ci.yml',
      'Dockerfile',
      'charts/web/values.yaml',
      'deploy/app.yaml',
      'deploy/keep.rendered.yaml',
      'deploy/sub/shared.yaml',
      'scripts/README',
      'scripts/release',
      'scripts/tool',
    ]);
    assert.deepEqual(walk.missing, []);
  });

  it("reads the config's ignore globs as gitignore lines relative to the config's folder", async () => {
    const dir = workspace({
      '.archlens.yaml': 'ignore: ["rendered", "/top.yaml", "./out/", "*.tmp.yaml", "!keep.tmp.yaml"]\n',
      'top.yaml': POD,
      'a/top.yaml': POD,
      'a/rendered/x.yaml': POD,
      'out/x.yaml': POD,
      'b/out/x.yaml': POD,
      'c/one.tmp.yaml': POD,
      'c/keep.tmp.yaml': POD,
    });
    try {
      const walk = await walkPaths([dir], new ConfigResolver({ root: dir }));
      const rel = walk.files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
      // A name without a slash matches at any depth; a leading slash anchors to the config's folder.
      assert.deepEqual(rel, ['.archlens.yaml', 'a/top.yaml', 'b/out/x.yaml', 'c/keep.tmp.yaml']);
      const inside = await walkPaths([path.join(dir, 'a', 'rendered')], new ConfigResolver({ root: dir }));
      assert.deepEqual(inside.files, [], 'a walk that starts inside an ignored folder finds nothing there');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file named explicitly is checked even when ignored; a missing one is reported', async () => {
    const walk = await walkPaths([path.join(root, 'generated', 'out.yaml'), path.join(root, 'nope.yaml')], new ConfigResolver({ root }));
    assert.deepEqual(walk.files, [path.join(root, 'generated', 'out.yaml')]);
    assert.deepEqual(walk.missing, [path.join(root, 'nope.yaml')]);
  });

  it('checkFiles classifies extensionless files by shebang and resolves each image once', async () => {
    const asked: string[] = [];
    const resolver: PlatformResolver = {
      async resolve(ref): Promise<ImageLookup> {
        asked.push(ref.canonical);
        return { ok: false, error: { state: 'offline', message: 'test' } };
      },
    };
    const progress: number[] = [];
    const result = await checkFiles(['.'], { cwd: root, resolver, onProgress: (p) => progress.push(p.done) });
    const kinds = Object.fromEntries(result.files.map((f) => [path.relative(root, f.file).split(path.sep).join('/'), f.kind]));
    assert.equal(kinds['scripts/release'], 'shell');
    assert.equal(kinds['scripts/README'], undefined, 'a text file without a shell shebang is not read');
    assert.ok(!('scripts/tool' in kinds), 'an extensionless binary is neither read nor reported');
    assert.equal(kinds['Dockerfile'], 'dockerfile');
    assert.equal(kinds['.github/workflows/ci.yml'], 'github-workflow');
    // nginx:1.27 appears four times in three files, two spellings: one look-up.
    assert.equal(asked.filter((r) => r === 'docker.io/library/nginx:1.27').length, 1);
    assert.equal(new Set(asked).size, asked.length);
    assert.equal(result.images.get('docker.io/library/nginx:1.27')?.ok, false);
    assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'progress for every walked file');
    assert.equal(result.cancelled, false);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await checkFiles(['.'], { cwd: root, signal: controller.signal });
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.files, []);
  });

  it('editor buffers win over the disk (readText)', async () => {
    const file = path.join(root, 'deploy', 'app.yaml');
    const result = await checkFiles([file], { cwd: root, readText: (f) => (f === file ? 'kind: ConfigMap\n' : undefined) });
    assert.equal(result.files[0].text, 'kind: ConfigMap\n');
  });
});

describe('workspace walk: vendored and generated code (skipped by default)', () => {
  const DF = 'FROM alpine:3.20\n';
  let root: string;
  before(() => {
    root = workspace({
      'Dockerfile': DF,
      // linguist's folder conventions.
      'vendor/github.com/x/y/Dockerfile': DF,
      'src/third_party/tool/Dockerfile': DF,
      'src/third-party/tool/Dockerfile': DF,
      'deps/lib/Dockerfile': DF,
      'src/deps/Dockerfile': DF, // deps/ counts only at the top
      // Copied trees: own licence + version in the name, or own licence directly in lib/.
      'lib/zstd-1.5.7/LICENSE': 'BSD\n',
      'lib/zstd-1.5.7/contrib/docker/Dockerfile': DF,
      'lib/jansson-e23f558/LICENSE': 'MIT\n',
      'lib/jansson-e23f558/Dockerfile': DF,
      'lib/cmetrics/LICENSE': 'Apache\n',
      'lib/cmetrics/dockerfiles/Dockerfile': DF,
      // First-party: a licence alone, a version alone.
      'packages/api/LICENSE': 'MIT\n',
      'packages/api/Dockerfile': DF,
      'tools-1.2/Dockerfile': DF,
      'lib/own/Dockerfile': DF,
      // .gitattributes marks and unmarks.
      '.gitattributes': 'gen/** linguist-generated\nvendor/keep/** -linguist-vendored\n*.snap linguist-vendored=false\n',
      'gen/deploy.yaml': 'apiVersion: v1\nkind: Pod\n',
      'vendor/keep/Dockerfile': DF,
      'docs/.gitattributes': 'examples/* linguist-vendored\n',
      'docs/examples/Dockerfile': DF,
      // A folder pattern (sealed-secrets: `vendor_jsonnet/ linguist-generated=true`): git gives it to no file, its author meant the folder.
      'jsonnet/.gitattributes': 'vendor_jsonnet/ linguist-generated=true\nown/ -linguist-vendored\n',
      'jsonnet/vendor_jsonnet/kube-libsonnet/tests/Dockerfile': DF,
      'jsonnet/own/vendor/Dockerfile': DF,
    });
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  // Extensionless files (LICENSE) are walked and dropped by the check when their first line is no shebang.
  const rel = (list: readonly string[]) => list.map((f) => path.relative(root, f).split(path.sep).join('/')).filter((f) => !f.endsWith('LICENSE')).sort();

  it('skips linguist folders, copied trees and .gitattributes marks, with why; keeps first-party code', async () => {
    const walk = await walkPaths([root], new ConfigResolver({ root }));
    assert.deepEqual(rel(walk.files), [
      'Dockerfile', 'jsonnet/own/vendor/Dockerfile', 'lib/own/Dockerfile', 'packages/api/Dockerfile', 'src/deps/Dockerfile', 'tools-1.2/Dockerfile', 'vendor/keep/Dockerfile',
    ]);
    const reasons = Object.fromEntries(walk.vendored.map((v) => [path.relative(root, v.file).split(path.sep).join('/'), v.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), [
      'deps/lib/Dockerfile', 'docs/examples/Dockerfile', 'gen/deploy.yaml', 'jsonnet/vendor_jsonnet/kube-libsonnet/tests/Dockerfile', 'lib/cmetrics/dockerfiles/Dockerfile', 'lib/jansson-e23f558/Dockerfile',
      'lib/zstd-1.5.7/contrib/docker/Dockerfile', 'src/third-party/tool/Dockerfile', 'src/third_party/tool/Dockerfile', 'vendor/github.com/x/y/Dockerfile',
    ]);
    assert.equal(reasons['vendor/github.com/x/y/Dockerfile'], 'in a vendor/ folder');
    assert.equal(reasons['gen/deploy.yaml'], 'marked linguist-generated in .gitattributes');
    assert.equal(reasons['docs/examples/Dockerfile'], 'marked linguist-vendored in .gitattributes');
    assert.equal(reasons['jsonnet/vendor_jsonnet/kube-libsonnet/tests/Dockerfile'], 'marked linguist-generated in .gitattributes');
    assert.equal(reasons['lib/zstd-1.5.7/contrib/docker/Dockerfile'], 'a copied third-party tree (lib/zstd-1.5.7/ has its own LICENSE and a version in its name)');
    assert.equal(reasons['lib/cmetrics/dockerfiles/Dockerfile'], 'a copied third-party tree (lib/cmetrics/ has its own LICENSE in a dependency folder)');
  });

  it('includeVendored walks everything; a walk started inside a copy, or a file named, is checked', async () => {
    const all = await walkPaths([root], new ConfigResolver({ root }), { includeVendored: true });
    assert.equal(all.vendored.length, 0);
    assert.equal(rel(all.files).length, 17);
    const inside = await walkPaths([path.join(root, 'lib', 'zstd-1.5.7')], new ConfigResolver({ root }));
    assert.deepEqual(rel(inside.files), ['lib/zstd-1.5.7/contrib/docker/Dockerfile']);
    const named = await walkPaths([path.join(root, 'vendor/github.com/x/y/Dockerfile')], new ConfigResolver({ root }));
    assert.deepEqual(rel(named.files), ['vendor/github.com/x/y/Dockerfile']);
    // A versioned, licensed folder right below the start is a project checked from its parent.
    const parent = workspace({ 'app-1.2.0/LICENSE': 'MIT\n', 'app-1.2.0/Dockerfile': DF });
    try {
      const walk = await walkPaths([parent], new ConfigResolver({ root: parent }));
      assert.deepEqual(walk.files.map((f) => path.basename(f)).sort(), ['Dockerfile', 'LICENSE']);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('a blanket `* linguist-vendored` at the repository root is a language-statistics setting, not vendoring (openebs/openebs)', async () => {
    // openebs marks every file vendored and unmarks *.go, so that GitHub counts only Go; its chart and workflows are its own.
    const repo = workspace({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitattributes': '* linguist-vendored\n*.go linguist-vendored=false\ndocs/** linguist-generated\n',
      'Dockerfile': DF,
      'docs/Dockerfile': DF,
      // A folder's own .gitattributes marking all of it: that folder is vendored.
      'copied/.gitattributes': '* linguist-vendored\n',
      'copied/Dockerfile': DF,
    });
    try {
      const walk = await walkPaths([repo], new ConfigResolver({ root: repo }));
      assert.deepEqual(walk.files.map((f) => path.relative(repo, f).split(path.sep).join('/')).sort(), ['Dockerfile']);
      assert.deepEqual(walk.vendored.map((v) => path.relative(repo, v.file).split(path.sep).join('/')).sort(), ['copied/Dockerfile', 'docs/Dockerfile']);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('checkFiles reports the vendored files it left out', async () => {
    const result = await checkFiles([root], { cwd: root });
    assert.equal(result.vendored?.length, 10);
    assert.equal(result.files.filter((f) => f.kind).length, 7);
  });
});
