/** "Check Workspace" through workspace/executeCommand: Problems for unopened files, progress, report, cancel. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CheckProgressParams, CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { FIXTURES } from '../helpers/shared';
import { buildOnce, LspClient, pathUri, stallServer } from './harness';

const CORPUS = path.join(FIXTURES, 'corpus');

describe('lsp: Check Workspace', function () {
  this.timeout(120000);
  let registry: TestRegistry;
  let folder: string;

  before(async () => {
    buildOnce();
    registry = await startRegistry();
    await pushImage(registry, 'team/web', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
    await pushImage(registry, 'team/multi', '2', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-ws-'));
    fs.mkdirSync(path.join(folder, 'deploy'));
    fs.writeFileSync(path.join(folder, 'deploy', 'web.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      nodeSelector:
        kubernetes.io/arch: aarch64
      containers:
        - name: web
          image: ${registry.host}/team/web:1.0
        - name: side
          image: ${registry.host}/team/multi:2
`);
    fs.writeFileSync(path.join(folder, 'Dockerfile'), 'FROM alpine:3.20\nRUN echo $TARGETARCH\n');
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not checked\n');
  });
  after(async () => {
    await stopRegistry(registry);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes findings of files never opened, reports progress, and returns the images × targets report', async () => {
    const client = await LspClient.start({ workspaceFolders: [folder], settings: { registries: { insecure: [registry.host] } } });
    try {
      const result = await client.executeCommand<CheckWorkspaceResult>('archlens.server.checkWorkspace', [{ progressId: 'p1' }]);
      assert.equal(result.cancelled, false);
      assert.equal(result.files, 2);
      assert.equal(result.byRule.AL101, 1);
      assert.equal(result.byRule.AL301, 1);
      assert.deepEqual(result.targets, ['linux/amd64', 'linux/arm64']);
      const web = result.images.find((i) => i.image === `${registry.host}/team/web:1.0`);
      const multi = result.images.find((i) => i.image === `${registry.host}/team/multi:2`);
      assert.deepEqual(web?.targets, { 'linux/amd64': true, 'linux/arm64': false });
      assert.deepEqual(multi?.targets, { 'linux/amd64': true, 'linux/arm64': true });
      assert.deepEqual(web?.uses, [{ uri: pathUri(path.join(folder, 'deploy', 'web.yaml')), line: 11 }]);
      assert.match(result.markdown, /\| image \| linux\/amd64 \| linux\/arm64 \| used in \|/);
      assert.match(result.markdown, new RegExp(`\\| ${registry.host.replace(/\./g, '\\\\\\.')}/team/web:1\\\\\\.0 \\| ✓ \\| ✗ \\| \\[deploy/web\\.yaml:12\\]\\(file://[^)]+#L12\\) \\|`));

      const webUri = pathUri(path.join(folder, 'deploy', 'web.yaml'));
      const dfUri = pathUri(path.join(folder, 'Dockerfile'));
      const webPub = await client.diagnostics(webUri);
      const dfPub = await client.diagnostics(dfUri);
      assert.deepEqual(webPub.diagnostics.filter((d) => d.code === 'AL101').map((d) => d.range), [{ start: { line: 8, character: 28 }, end: { line: 8, character: 35 } }]);
      assert.equal(dfPub.diagnostics.filter((d) => d.code === 'AL301').length, 1);
      assert.ok(!client.publications.some((p) => p.uri.endsWith('notes.txt')));
      const progress = client.notifications.filter((n) => n.method === 'archlens/checkProgress').map((n) => n.params as CheckProgressParams);
      assert.ok(progress.length >= 1);
      assert.ok(progress.every((p) => p.progressId === 'p1'));
      assert.deepEqual({ done: progress.at(-1)!.done, total: progress.at(-1)!.total }, { done: 2, total: 2 });
      // The running count of (offline) findings, not 0 until the end.
      assert.ok(progress.at(-1)!.findings >= 2, JSON.stringify(progress));
    } finally {
      await client.stop();
    }
  });

  it('an open document is checked from its unsaved text and keeps its live diagnostics', async () => {
    const client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    try {
      const dfUri = pathUri(path.join(folder, 'Dockerfile'));
      client.open(dfUri, 'dockerfile', 'FROM alpine:3.20\nARG TARGETARCH\nRUN echo $TARGETARCH\n');
      await client.diagnostics(dfUri, { version: 1 });
      const from = client.publications.length;
      const result = await client.executeCommand<CheckWorkspaceResult>('archlens.server.checkWorkspace', [{}]);
      assert.equal(result.byRule.AL301, undefined, 'the unsaved buffer declares the ARG');
      assert.ok(!client.publications.slice(from).some((p) => p.uri === dfUri && p.version === undefined), 'an open document must not get the check\'s (unversioned) diagnostics');
    } finally {
      await client.stop();
    }
  });

  it('in an untrusted workspace the check runs offline rules only and contacts no registry', async () => {
    const stall = await stallServer();
    const client = await LspClient.start({
      workspaceFolders: [folder],
      trusted: false,
      settings: { registries: { mirrors: { [registry.host]: `http://127.0.0.1:${stall.port}` }, insecure: [registry.host, `127.0.0.1:${stall.port}`] } },
    });
    try {
      const result = await client.executeCommand<CheckWorkspaceResult>('archlens.server.checkWorkspace', [{}]);
      assert.equal(result.byRule.AL101, 1);
      assert.equal(Object.keys(result.byRule).filter((code) => code >= 'AL201' && code <= 'AL299').length, 0);
      assert.ok(result.images.every((i) => i.error === 'not looked up: the workspace is not trusted'));
      assert.match(result.markdown, /not trusted: only offline rules ran and no registry was contacted/);
      assert.equal(stall.connections, 0, 'a connection was opened');
    } finally {
      await client.stop();
      await stall.close();
    }
  });

  it('can be cancelled: the result says so and holds fewer files than the workspace', async function () {
    // Real files, copied often enough that the check is still running when the cancellation arrives.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-lsp-cancel-'));
    for (let copy = 0; copy < 12; copy++) fs.cpSync(CORPUS, path.join(folder, `copy-${copy}`), { recursive: true });
    const client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    try {
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest<CheckWorkspaceResult>('workspace/executeCommand', { command: 'archlens.server.checkWorkspace', arguments: [{ progressId: 'c' }] }, source.token);
      await client.waitFor('first progress', () => client.notifications.some((n) => n.method === 'archlens/checkProgress'));
      source.cancel();
      const outcome = await pending.then((r) => r, (e: Error) => e);
      const total = (client.notifications.find((n) => n.method === 'archlens/checkProgress')!.params as CheckProgressParams).total;
      if (outcome instanceof Error) assert.match(outcome.message, /cancel/i);
      else {
        assert.equal(outcome.cancelled, true);
        assert.ok(outcome.files < total, `${outcome.files} of ${total}`);
      }
      // Still serving.
      const again = await client.executeCommand<{ cleared: boolean }>('archlens.server.clearCache');
      assert.deepEqual(again, { cleared: true });
    } finally {
      await client.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
