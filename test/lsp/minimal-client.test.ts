/**
 * `archlens lsp --stdio` for an editor that is not VS Code: a client announcing no capabilities at
 * all (no workspace/configuration, no dynamic registration, no diagnostic `data` round trip, no
 * workDoneProgress), no initializationOptions, and its own language ids (Neovim/Helix: sh, make).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProgressType } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/core/text';
import { buildOnce, editsOf, LspClient, pathUri, rangeText, ROOT, MANIFEST, DOCKERFILE } from './harness';

// An extensionless script without a shebang: only the language id says it is shell.
const SCRIPT = 'docker build -t registry.example.com/team/app:1 .\ndocker push registry.example.com/team/app:1\n';

describe('lsp: a minimal client (archlens lsp --stdio from another editor)', function () {
  this.timeout(60000);
  let client: LspClient;
  let folder: string;
  const uri = (name: string) => pathUri(path.join(folder, name));
  const codes = (list: Diagnostic[]) => list.map((d) => `${d.code}@${rangeText(d.range)}`).sort();

  before(() => buildOnce());
  beforeEach(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-minimal-'));
    client = await LspClient.start({
      minimal: { capabilities: {} },
      workspaceFolders: [folder],
      command: [path.join(ROOT, 'bin', 'archlens.js'), 'lsp', '--stdio'],
    });
    // Settings the only way such a client can give them: pushed (no network in this test).
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { archlens: { offline: true } } });
  });
  afterEach(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes diagnostics for YAML, a Dockerfile and a script named by its language id, asking the client for nothing it did not offer', async () => {
    client.open(uri('deploy.yaml'), 'yaml', MANIFEST);
    client.open(uri('Dockerfile'), 'dockerfile', DOCKERFILE);
    client.open(uri('release'), 'sh', SCRIPT);
    const yaml = await client.diagnostics(uri('deploy.yaml'), { accept: (p) => p.diagnostics.some((d) => d.code === 'AL209') });
    assert.deepEqual(codes(yaml.diagnostics), ['AL101@8:33-8:39', 'AL102@8:8-8:31', 'AL209@11:17-11:27']);
    assert.match(String(yaml.diagnostics.find((d) => d.code === 'AL209')?.message), /offline/);
    const dockerfile = await client.diagnostics(uri('Dockerfile'));
    assert.deepEqual(codes(dockerfile.diagnostics), ['AL301@1:9-1:20']);
    const script = await client.diagnostics(uri('release'));
    assert.deepEqual(script.diagnostics.map((d) => d.code), ['AL501']);
    const hover = await client.hover(uri('Dockerfile'), { line: 1, character: 12 });
    assert.match((hover?.contents as { value: string }).value, /TARGETARCH/);
    const image = await client.hover(uri('deploy.yaml'), { line: 11, character: 20 });
    assert.match((image?.contents as { value: string }).value, /^\*\*Platforms unknown\*\* — offline: docker\\\.io\/library\/nginx:1\\\.27 is not in the cache\n/);
    assert.deepEqual(client.unhandledRequests, []);
    assert.equal(client.proc.exitCode, null);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(client.initializeResult.serverInfo, { name: 'archlens', version: pkg.version });
  });

  it('pushed settings apply (workspace/didChangeConfiguration)', async () => {
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { archlens: { offline: true, rules: { AL102: 'off', AL101: 'warning' } } } });
    client.open(uri('deploy.yaml'), 'yaml', MANIFEST);
    const pub = await client.diagnostics(uri('deploy.yaml'), { accept: (p) => p.diagnostics.length > 0 });
    assert.deepEqual(pub.diagnostics.filter((d) => d.code !== 'AL209').map((d) => [d.code, d.severity]), [['AL101', 2]]);
  });

  it('quick fixes work when the client sends diagnostics back without their data', async () => {
    client.open(uri('deploy.yaml'), 'yaml', MANIFEST);
    const pub = await client.diagnostics(uri('deploy.yaml'));
    const { data, ...bare } = pub.diagnostics.find((d) => d.code === 'AL101')!;
    assert.ok(data);
    const actions: CodeAction[] = await client.codeActions(uri('deploy.yaml'), bare.range, [bare]);
    assert.deepEqual(actions.map((a) => a.title), [
      'Replace "x86_64" with "amd64"',
      'Ignore AL101 here',
      'Ignore AL101 for this workload (archlens.dev/ignore annotation)',
      'Ignore AL101 in this file',
      'Fix all archlens problems in this file',
    ]);
    assert.equal(actions[0].isPreferred, true);
    const edits = editsOf(actions[0].edit, uri('deploy.yaml'));
    assert.ok(actions[0].edit?.changes, 'plain `changes`: the client did not announce documentChanges');
    assert.deepEqual(edits, [{ range: { start: { line: 8, character: 33 }, end: { line: 8, character: 39 } }, newText: 'amd64' }]);
    // A diagnostic that is not ours (another server's, same code by chance) gets nothing.
    const foreign = await client.codeActions(uri('deploy.yaml'), bare.range, [{ ...bare, source: 'yaml' }], ['quickfix']);
    assert.deepEqual(foreign, []);
    // Applied, the finding is gone.
    const from = client.publications.length;
    client.change(uri('deploy.yaml'), 2, [{ text: applyEdits(MANIFEST, edits) }]);
    const after = await client.diagnostics(uri('deploy.yaml'), { version: 2, from });
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'AL101'), []);
  });

  it('Check Workspace reports standard $/progress for a workDoneToken, and no archlens/* notification is ever sent', async () => {
    fs.writeFileSync(path.join(folder, 'deploy.yaml'), MANIFEST);
    fs.writeFileSync(path.join(folder, 'Dockerfile'), DOCKERFILE);
    client.open(uri('deploy.yaml'), 'yaml', MANIFEST);
    await client.diagnostics(uri('deploy.yaml'));
    const progress: Array<{ kind: string; percentage?: number }> = [];
    client.connection.onProgress(new ProgressType<{ kind: string; percentage?: number }>(), 'w1', (value) => { progress.push(value); });
    const result = await client.connection.sendRequest<{ files: number; findings: number }>('workspace/executeCommand', {
      command: 'archlens.server.checkWorkspace', arguments: [], workDoneToken: 'w1',
    });
    assert.equal(result.files, 2);
    await client.waitFor('the end of the progress', () => progress.at(-1)?.kind === 'end');
    assert.equal(progress[0].kind, 'begin');
    assert.ok(progress.some((p) => p.kind === 'report' && p.percentage === 100), JSON.stringify(progress));
    const methods = new Set(client.notifications.map((n) => n.method));
    assert.deepEqual([...methods].filter((m) => !['window/logMessage', 'textDocument/publishDiagnostics'].includes(m)), []);
    assert.deepEqual(client.statuses, []);
    assert.deepEqual(client.unhandledRequests, []);
  });

  it('shutdown then exit ends the process with code 0', async () => {
    await client.connection.sendRequest('shutdown');
    void client.connection.sendNotification('exit');
    assert.equal(await client.exited, 0);
  });
});
