/**
 * Kustomize overlays in the editor, over the real protocol (the bundled server over stdio, a real
 * registry on loopback): opening a base shows what each overlay makes of it; an edit to a patch,
 * to a kustomization or to the base re-builds the overlays and republishes the diagnostics of the
 * files they touch, open or not; a file an overlay looks for appears; quick fixes edit the
 * overlay (a new patch file, created by the workspace edit).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CreateFile, DeleteFile, Diagnostic, PublishDiagnosticsParams, RenameFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { buildOnce, editsOf, LspClient, ours, pathUri } from './harness';

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
/** One entry of a workspace edit's documentChanges, as "create URI", "edit URI" (rename and delete named so a wrong one shows). */
const describeChange = (c: TextDocumentEdit | CreateFile | RenameFile | DeleteFile): string => {
  if (!('kind' in c)) return `edit ${c.textDocument.uri}`;
  return c.kind === 'rename' ? `rename ${c.oldUri} ${c.newUri}` : `${c.kind} ${c.uri}`;
};
const header = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n';

describe('lsp: Kustomize overlays', function () {
  this.timeout(120_000);
  let registry: TestRegistry;
  let dir: string;
  const file = (rel: string) => path.join(dir, rel);
  const uri = (rel: string) => pathUri(file(rel));
  const base = (host: string, repo = 'team/single') => `${header}      containers:\n      - name: app\n        image: ${host}/${repo}:1.0\n`;
  const ARM = `${header}      nodeSelector:\n        kubernetes.io/arch: arm64\n`;

  before(async () => {
    buildOnce();
    registry = await startRegistry();
    await pushImage(registry, 'team/single', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
    await pushImage(registry, 'team/multi', '1.0', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
  });
  after(async () => {
    await stopRegistry(registry);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-lsp-overlays-'));
    const files: Record<string, string> = {
      'base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      'base/deploy.yaml': base(registry.host),
      'overlays/prod/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: arch.yaml\n',
      'overlays/prod/arch.yaml': ARM,
      'overlays/staging/kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: patches/replicas-patch.yaml\n',
      'overlays/staging/patches/replicas-patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.writeFileSync(file(rel), text);
    }
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = () => LspClient.start({ settings: { registries: { insecure: [registry.host] } }, workspaceFolders: [dir], documentChanges: true, createFiles: true });
  const rules = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.source === 'archlens' && d.code).map((d) => `${d.code}:${d.range.start.line + 1}`).sort();

  it('opening the base shows what the overlays make of it; the patch (not open) is published too', async () => {
    const client = await start();
    try {
      client.open(uri('base/deploy.yaml'), 'yaml', base(registry.host));
      const published = await client.diagnostics(uri('base/deploy.yaml'), { accept: (p) => ours(p.diagnostics, 'AL202').length > 0 });
      const [al202] = ours(published.diagnostics, 'AL202');
      assert.equal(al202.range.start.line, 9);
      assert.match(messageOf(al202), /\(overlay \.\.\/overlays\/staging\)$/);
      const patch = await client.diagnostics(uri('overlays/prod/arch.yaml'), { accept: (p) => ours(p.diagnostics, 'AL201').length > 0 });
      assert.deepEqual(rules(patch), ['AL201:9']);
    } finally {
      await client.stop();
    }
  });

  it('an edit to the patch, to a kustomization, to the base: the overlays build again and the files they touch are republished', async () => {
    const client = await start();
    try {
      client.open(uri('overlays/prod/arch.yaml'), 'yaml', ARM);
      await client.diagnostics(uri('overlays/prod/arch.yaml'), { accept: (p) => rules(p).includes('AL201:9') });

      // The patch: arm64 → amd64, and AL201 goes.
      let from = client.publications.length;
      client.change(uri('overlays/prod/arch.yaml'), 2, [{ range: { start: { line: 8, character: 28 }, end: { line: 8, character: 33 } }, text: 'amd64' }]);
      await client.diagnostics(uri('overlays/prod/arch.yaml'), { from, version: 2, accept: (p) => !rules(p).includes('AL201:9') });

      // staging's kustomization, opened, builds staging too: the base (not open) shows AL202 seen through staging.
      const staging = 'resources:\n- ../../base\npatches:\n- path: patches/replicas-patch.yaml\n';
      client.open(uri('overlays/staging/kustomization.yaml'), 'yaml', staging);
      await client.diagnostics(uri('base/deploy.yaml'), { accept: (p) => rules(p).includes('AL202:10') });
      // It swaps in the multi-arch image: that AL202 goes.
      from = client.publications.length;
      client.change(uri('overlays/staging/kustomization.yaml'), 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: `images:\n- name: ${registry.host}/team/single\n  newName: ${registry.host}/team/multi\n` }]);
      await client.diagnostics(uri('base/deploy.yaml'), { from, accept: (p) => !rules(p).includes('AL202:10') });

      // Closed unsaved: staging builds from the disk again (the single-arch image), and AL202 is back.
      from = client.publications.length;
      client.close(uri('overlays/staging/kustomization.yaml'));
      const back = await client.diagnostics(uri('base/deploy.yaml'), { from, accept: (p) => rules(p).includes('AL202:10') });
      assert.match(messageOf(ours(back.diagnostics, 'AL202')[0]), /overlay \.\.\/overlays\/staging/);
      // The base itself takes the multi-arch image: nothing through either overlay (prod's patch is amd64 now).
      from = client.publications.length;
      client.open(uri('base/deploy.yaml'), 'yaml', base(registry.host));
      client.change(uri('base/deploy.yaml'), 2, [{ range: { start: { line: 9, character: 0 }, end: { line: 9, character: 100 } }, text: `        image: ${registry.host}/team/multi:1.0` }]);
      await client.diagnostics(uri('base/deploy.yaml'), { from, version: 2, accept: (p) => rules(p).length === 0 });
    } finally {
      await client.stop();
    }
  });

  it('a base two overlays see alike: one diagnostic naming both, with each overlay\'s fix', async () => {
    fs.mkdirSync(file('overlays/dev'), { recursive: true });
    fs.writeFileSync(file('overlays/dev/kustomization.yaml'), 'resources:\n- ../../base\n');
    const client = await start();
    try {
      client.open(uri('base/deploy.yaml'), 'yaml', base(registry.host));
      const published = await client.diagnostics(uri('base/deploy.yaml'), { accept: (p) => ours(p.diagnostics, 'AL202').some((d) => /overlays .* and /.test(messageOf(d))) });
      const al202 = ours(published.diagnostics, 'AL202');
      assert.equal(al202.length, 1, al202.map(messageOf).join(' | '));
      assert.match(messageOf(al202[0]), /\(overlays \.\.\/overlays\/dev and \.\.\/overlays\/staging\)$/);
      const actions = await client.codeActions(uri('base/deploy.yaml'), al202[0].range, [al202[0]]);
      // Each overlay's fix follows that overlay's conventions: staging keeps patches in patches/, dev has none (an inline patch).
      const nodeSelector = actions.filter((a) => a.title.startsWith('Run on amd64 nodes only')).map((a) => a.title.replace(/^.* — /, '')).sort();
      assert.deepEqual(nodeSelector, ['as a new inline patch in ../overlays/dev/kustomization.yaml', 'as a new patch file ../overlays/staging/patches/web-arch-patch.yaml']);
      assert.equal(editsOf(actions.find((a) => a.title.endsWith('inline patch in ../overlays/dev/kustomization.yaml'))?.edit, uri('overlays/dev/kustomization.yaml')).length, 1);
    } finally {
      await client.stop();
    }
  });

  it('a resource the overlay looks for: an error at its entry, gone once the file is there', async () => {
    const client = await start();
    try {
      const kustomization = 'resources:\n- ../../base\n- extra.yaml\npatches:\n- path: arch.yaml\n';
      client.open(uri('overlays/prod/kustomization.yaml'), 'yaml', kustomization);
      const missing = await client.diagnostics(uri('overlays/prod/kustomization.yaml'), { accept: (p) => p.diagnostics.some((d) => /extra\.yaml: no such file/.test(messageOf(d))) });
      assert.equal(missing.diagnostics.find((d) => /extra\.yaml/.test(messageOf(d)))?.range.start.line, 2);
      const from = client.publications.length;
      client.open(uri('overlays/prod/extra.yaml'), 'yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n');
      await client.diagnostics(uri('overlays/prod/kustomization.yaml'), { from, accept: (p) => !p.diagnostics.some((d) => /extra\.yaml/.test(messageOf(d))) });
    } finally {
      await client.stop();
    }
  });

  it('the quick fix of the base\'s finding adds a patch file to the overlay: the workspace edit creates it and names it in the kustomization', async () => {
    const client = await start();
    try {
      client.open(uri('base/deploy.yaml'), 'yaml', base(registry.host));
      const published = await client.diagnostics(uri('base/deploy.yaml'), { accept: (p) => ours(p.diagnostics, 'AL202').length > 0 });
      const [al202] = ours(published.diagnostics, 'AL202');
      const actions = await client.codeActions(uri('base/deploy.yaml'), al202.range, [al202]);
      const preferred = actions.find((a) => a.isPreferred);
      assert.equal(preferred?.title, 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — as a new patch file ../overlays/staging/patches/web-arch-patch.yaml');
      const changes = preferred?.edit?.documentChanges ?? [];
      assert.deepEqual(changes.map(describeChange), [
        `create ${uri('overlays/staging/patches/web-arch-patch.yaml')}`,
        `edit ${uri('overlays/staging/patches/web-arch-patch.yaml')}`,
        `edit ${uri('overlays/staging/kustomization.yaml')}`,
      ]);
      assert.deepEqual(editsOf(preferred?.edit, uri('overlays/staging/patches/web-arch-patch.yaml')).map((e) => e.newText), [`${header}      nodeSelector:\n        kubernetes.io/arch: amd64\n`]);
      assert.deepEqual(editsOf(preferred?.edit, uri('overlays/staging/kustomization.yaml')).map((e) => e.newText), ['- path: patches/web-arch-patch.yaml\n  target:\n    kind: Deployment\n    name: web\n']);
      assert.equal(fs.readFileSync(file('base/deploy.yaml'), 'utf8'), base(registry.host), 'nothing is written by offering a fix');
    } finally {
      await client.stop();
    }
  });

  it('a client that cannot create files is not offered the fix that adds a patch file', async () => {
    const client = await LspClient.start({ settings: { registries: { insecure: [registry.host] } }, workspaceFolders: [dir], documentChanges: true });
    try {
      client.open(uri('base/deploy.yaml'), 'yaml', base(registry.host));
      const published = await client.diagnostics(uri('base/deploy.yaml'), { accept: (p) => ours(p.diagnostics, 'AL202').length > 0 });
      const [al202] = ours(published.diagnostics, 'AL202');
      const titles = (await client.codeActions(uri('base/deploy.yaml'), al202.range, [al202])).map((a) => a.title);
      assert.ok(titles.includes('Ignore AL202 here'), titles.join(' | '));
      assert.deepEqual(titles.filter((t) => /new patch file/.test(t)), []);
    } finally {
      await client.stop();
    }
  });
});
