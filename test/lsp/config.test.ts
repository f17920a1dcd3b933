/** Configuration: `.archlens.yaml` per resource, settings over it, live reload, problems shown on the file. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOnce, LspClient, pathUri } from './harness';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  nodeSelector:
    kubernetes.io/arch: x86_64
  containers:
    - name: c
      image: nginx:1.27
`;

describe('lsp: configuration', function () {
  this.timeout(60000);
  let folder: string;
  let client: LspClient;

  before(() => buildOnce());
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-cfg-'));
    fs.mkdirSync(path.join(folder, 'team'));
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('the nearest .archlens.yaml applies per file, and settings win over it after a configuration change', async () => {
    fs.writeFileSync(path.join(folder, 'team', '.archlens.yaml'), 'rules:\n  AL101: warning\n');
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    const teamUri = pathUri(path.join(folder, 'team', 'pod.yaml'));
    const rootUri = pathUri(path.join(folder, 'pod.yaml'));
    client.open(teamUri, 'yaml', MANIFEST);
    client.open(rootUri, 'yaml', MANIFEST);
    const team = await client.diagnostics(teamUri, { version: 1 });
    const root = await client.diagnostics(rootUri, { version: 1 });
    assert.deepEqual(team.diagnostics.filter((d) => d.code === 'AL101').map((d) => d.severity), [2]);
    assert.deepEqual(root.diagnostics.filter((d) => d.code === 'AL101').map((d) => d.severity), [1]);

    client.settings = { offline: true, rules: { 'unknown-arch-value': 'off' } };
    const from = client.publications.length;
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // Publications of the old settings may still be in flight; the new settings must win.
    const after = await client.diagnostics(teamUri, { from, accept: (p) => !p.diagnostics.some((d) => d.code === 'AL101') });
    assert.equal(after.version, 1);
    await new Promise((r) => setTimeout(r, 300));
    const last = client.publications.filter((p) => p.uri === teamUri).at(-1)!;
    assert.deepEqual(last.diagnostics.filter((d) => d.code === 'AL101'), []);
  });

  it('a changed .archlens.yaml (file watcher) is read again', async () => {
    const config = path.join(folder, '.archlens.yaml');
    fs.writeFileSync(config, 'rules:\n  AL101: info\n');
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    const uri = pathUri(path.join(folder, 'pod.yaml'));
    client.open(uri, 'yaml', MANIFEST);
    const first = await client.diagnostics(uri, { version: 1 });
    assert.deepEqual(first.diagnostics.filter((d) => d.code === 'AL101').map((d) => d.severity), [3]);
    fs.writeFileSync(config, 'rules:\n  AL101: hint\n');
    const from = client.publications.length;
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathUri(config), type: 2 }] });
    const second = await client.diagnostics(uri, { from, accept: (p) => p.diagnostics.some((d) => d.code === 'AL101' && d.severity === 4) });
    assert.ok(second);
  });

  it('a bad .archlens.yaml is reported on the file with its line, and checking carries on with defaults', async () => {
    const config = path.join(folder, '.archlens.yaml');
    fs.writeFileSync(config, 'targets:\n  - linux/amd64\n  - banana\nrules:\n  AL999: error\n');
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    const uri = pathUri(path.join(folder, 'pod.yaml'));
    client.open(uri, 'yaml', MANIFEST);
    const pub = await client.diagnostics(uri, { version: 1 });
    assert.equal(pub.diagnostics.filter((d) => d.code === 'AL101').length, 1);
    const problems = await client.diagnostics(pathUri(config));
    assert.deepEqual(problems.diagnostics.map((d) => [d.range.start.line, d.severity, d.source]), [[2, 1, 'archlens'], [4, 1, 'archlens']]);
    assert.match(String(problems.diagnostics[0].message), /"banana" is not a platform/);
    assert.match(String(problems.diagnostics[1].message), /unknown rule "AL999"/);

    // The same file open in the editor is validated as it is typed.
    client.open(pathUri(config), 'yaml', 'targets: [linux/amd64]\ncache:\n  ttlHours: -1\n');
    const live = await client.diagnostics(pathUri(config), { version: 1 });
    assert.deepEqual(live.diagnostics.map((d) => d.range.start.line), [2]);
    assert.match(String(live.diagnostics[0].message), /cache\.ttlHours must be a number greater than 0/);
  });

  it('a saved .archlens.yaml is read again (didSave: editors without a file watcher)', async () => {
    const config = path.join(folder, '.archlens.yaml');
    fs.writeFileSync(config, 'rules:\n  AL101: info\n');
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    assert.deepEqual(client.initializeResult.capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    const uri = pathUri(path.join(folder, 'pod.yaml'));
    client.open(uri, 'yaml', MANIFEST);
    const first = await client.diagnostics(uri, { version: 1 });
    assert.deepEqual(first.diagnostics.filter((d) => d.code === 'AL101').map((d) => d.severity), [3]);
    client.open(pathUri(config), 'yaml', 'rules:\n  AL101: info\n');
    client.change(pathUri(config), 2, [{ text: 'rules:\n  AL101: hint\n' }]);
    fs.writeFileSync(config, 'rules:\n  AL101: hint\n');
    const from = client.publications.length;
    void client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: pathUri(config) } });
    await client.diagnostics(uri, { from, accept: (p) => p.diagnostics.some((d) => d.code === 'AL101' && d.severity === 4) });
  });

  it('an open .archlens.yaml keeps its own problems: it is never analysed as a manifest (hover, settings change, cache clear)', async () => {
    const config = path.join(folder, '.archlens.yaml');
    fs.writeFileSync(config, 'rules:\n  AL999: error\n');
    client = await LspClient.start({ workspaceFolders: [folder], settings: { offline: true } });
    const configUri = pathUri(config);
    client.open(configUri, 'yaml', 'rules:\n  AL999: error\n');
    const live = await client.diagnostics(configUri, { version: 1 });
    assert.deepEqual(live.diagnostics.map((d) => d.range.start.line), [1]);
    assert.equal(await client.hover(configUri, { line: 1, character: 3 }), null);
    assert.deepEqual(await client.codeActions(configUri, live.diagnostics[0].range, live.diagnostics), []);
    client.settings = { offline: true, rules: { AL102: 'off' } };
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.executeCommand('archlens.server.clearCache');
    await new Promise((r) => setTimeout(r, 500));
    const last = client.publications.filter((p) => p.uri === configUri).pop()!;
    assert.deepEqual(last.diagnostics.map((d) => d.range.start.line), [1], 'the config problems were replaced');
  });
});
