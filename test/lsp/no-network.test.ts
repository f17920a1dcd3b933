/**
 * Issue 18: the language server opens no connection in offline mode (the setting) nor in an
 * untrusted workspace, whatever is asked of it — open documents, hovers, Show Image Platforms,
 * Check Workspace over a folder — counted by a listening server that is the docker.io mirror and
 * the registry the files name. A trusted, online control run shows the count works.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ArchlensSettings, CheckWorkspaceResult } from '../../server/src/lsp/protocol';
import { buildOnce, LspClient, pathUri, stallServer } from './harness';

describe('lsp: no connection when offline or untrusted', function () {
  this.timeout(60_000);
  let stall: Awaited<ReturnType<typeof stallServer>>;
  let folder: string;
  let host: string;
  let settings: ArchlensSettings;
  const deployment = (image: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;

  before(async () => {
    buildOnce();
    stall = await stallServer();
    host = `127.0.0.1:${stall.port}`;
    settings = { registries: { mirrors: { 'docker.io': `http://${host}` }, insecure: [host], timeoutMs: 1000 } };
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-lsp-nonet-'));
    fs.writeFileSync(path.join(folder, 'deploy.yaml'), deployment(`${host}/team/app:v1`));
    fs.writeFileSync(path.join(folder, 'Dockerfile'), `FROM ${host}/team/base:1\nFROM redis:7\n`);
  });
  after(async () => {
    await stall.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  /** Everything that could look an image up, then the connection count. */
  async function exercise(client: LspClient): Promise<void> {
    const uri = pathUri(path.join(folder, 'open.yaml'));
    client.open(uri, 'yaml', deployment('nginx:1.27'));
    await client.diagnostics(uri);
    await client.hover(uri, { line: 8, character: 20 });
    const dockerfile = pathUri(path.join(folder, 'Dockerfile'));
    client.open(dockerfile, 'dockerfile', `FROM ${host}/team/base:1\nFROM redis:7\n`);
    await client.diagnostics(dockerfile);
    await client.executeCommand('archlens.server.imagePlatforms', [{ image: 'nginx:1.27' }]);
    await client.executeCommand('archlens.server.imagePlatforms', [{ image: `${host}/team/app:v1` }]);
    const result = await client.executeCommand<CheckWorkspaceResult>('archlens.server.checkWorkspace', [{}]);
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= 2, JSON.stringify(result.files));
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  it('offline (the setting): 0 connections', async () => {
    const client = await LspClient.start({ workspaceFolders: [folder], settings: { ...settings, offline: true } });
    try {
      await exercise(client);
      assert.equal(stall.connections, 0);
    } finally {
      await client.stop();
    }
  });

  it('untrusted workspace: 0 connections', async () => {
    const client = await LspClient.start({ workspaceFolders: [folder], trusted: false, settings });
    try {
      await exercise(client);
      assert.equal(stall.connections, 0);
    } finally {
      await client.stop();
    }
  });

  it('control: trusted and online, the same requests connect', async () => {
    const client = await LspClient.start({ workspaceFolders: [folder], settings });
    try {
      const uri = pathUri(path.join(folder, 'open.yaml'));
      client.open(uri, 'yaml', deployment('nginx:1.27'));
      await client.waitFor('a connection to the mirror', () => stall.connections > 0);
    } finally {
      await client.stop();
    }
  });
});
