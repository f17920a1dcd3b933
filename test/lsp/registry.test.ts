/**
 * The server with a real registry (Debian's docker-registry on loopback) and with a registry that
 * accepts connections and never answers: hover tables, escaping, offline findings never waiting
 * for a look-up, cancellation on change, and no network at all in an untrusted workspace.
 */
import * as assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { pushImage, pushSingle } from '../helpers/registry/push';
import { startFaultProxy } from '../helpers/registry/proxy';
import { startRegistry, stopRegistry, type TestRegistry } from '../helpers/registry/registry';
import { WORKER_TEXT_CHARS } from '../../server/src/lsp/analysis-service';
import { buildOnce, LspClient, stallServer, ours } from './harness';


function deployment(image: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
${extra}      containers:
        - name: web
          image: ${image}
`;
}

describe('lsp: registry look-ups', function () {
  this.timeout(90000);
  let registry: TestRegistry;

  before(async () => {
    buildOnce();
    registry = await startRegistry();
    await pushImage(registry, 'team/web', '1.0', { single: { os: 'linux', architecture: 'amd64' } });
    await pushImage(registry, 'team/multi', '2', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }], attestations: true });
    // A registry can send anything; a hostile variant must not become a link or HTML in the hover.
    await pushSingle(registry, 'team/evil', { os: 'linux', architecture: 'amd64', variant: 'v1' }, {
      tag: 'x',
      config: { os: 'linux', architecture: 'amd64', variant: '[click](http://evil.example)<img src=x>|', rootfs: { type: 'layers', diff_ids: [] }, config: {} },
    });
  });
  after(async () => { await stopRegistry(registry); });

  it('hover on an image shows its platform table, digest, kind, source and the missing targets', async () => {
    const client = await LspClient.start({ settings: { registries: { insecure: [registry.host] } } });
    try {
      const uri = 'file:///work/lsp-test/web.yaml';
      const text = `${deployment(`${registry.host}/team/web:1.0`)}---\n${deployment(`${registry.host}/team/multi:2`)}`;
      client.open(uri, 'yaml', text);
      await client.diagnostics(uri, { version: 1 });
      await client.waitFor('look-ups to finish', () => client.statuses.some((s) => s.resolved >= 2 && s.pending === 0));
      const single = await client.hover(uri, { line: 9, character: 20 });
      const md = (single?.contents as { value: string }).value;
      assert.match(md, /\| os \| arch \| variant \| os\.version \|/);
      assert.match(md, /\| linux \| amd64 \| {2}\| {2}\|/);
      assert.doesNotMatch(md, /arm64 \|/);
      assert.match(md, /Digest `sha256:[0-9a-f]{64}` · single-platform manifest/);
      assert.match(md, /Source: registry/);
      assert.match(md, /^\*\*Missing linux\/arm64\*\* — a single-platform image is pulled anyway and fails with exec format error\.\n\narchlens · [^\n]+\n\n\| os \|/, 'the verdict first, then the image, then the table');
      assert.deepEqual(single?.range, { start: { line: 9, character: 17 }, end: { line: 9, character: 17 + `${registry.host}/team/web:1.0`.length } });

      const multi = await client.hover(uri, { line: 20, character: 20 });
      const mm = (multi?.contents as { value: string }).value;
      assert.match(mm, /index of 2 platforms/);
      assert.match(mm, /\| linux \| arm64 \|/);
      assert.doesNotMatch(mm, /unknown/, 'attestation entries are not platforms');
      assert.match(mm, /^\*\*Covers every target\*\* \(linux\/amd64, linux\/arm64\)\.\n\narchlens · [^\n]+\n\n\| os \|/);
    } finally {
      await client.stop();
    }
  });

  it('escapes what a registry sent before it goes into Markdown', async () => {
    const client = await LspClient.start({ settings: { registries: { insecure: [registry.host] } } });
    try {
      const uri = 'file:///work/lsp-test/evil.yaml';
      client.open(uri, 'yaml', deployment(`${registry.host}/team/evil:x`));
      await client.waitFor('look-up', () => client.statuses.some((s) => s.resolved + s.failed + s.unverified >= 1 && s.pending === 0));
      const md = ((await client.hover(uri, { line: 9, character: 20 }))?.contents as { value: string }).value;
      assert.ok(!md.includes('[click](http'), md);
      assert.doesNotMatch(md, /(^|[^\\])<img/);
      // Such a variant is refused where the config is parsed (registry/untrusted.ts): the hover says why, and shows none of it.
      assert.match(md, /\*\*Platforms unknown\*\* — invalid\\-response: .*malformed platform/);
      assert.ok(!md.includes('click') && !md.includes('img'), md);
    } finally {
      await client.stop();
    }
  });

  it('Show Image Platforms answers for an image name, like imagetools inspect', async () => {
    const client = await LspClient.start({ settings: { registries: { insecure: [registry.host] } }, workspaceFolders: [] });
    try {
      const result = await client.executeCommand<{ ok: boolean; text: string; image: string }>('archlens.server.imagePlatforms', [{ image: `${registry.host}/team/multi:2` }]);
      assert.equal(result.ok, true);
      assert.equal(result.image, `${registry.host}/team/multi:2`);
      assert.match(result.text, /Platform: {2}linux\/amd64/);
      assert.match(result.text, /Platform: {2}linux\/arm64/);
    } finally {
      await client.stop();
    }
  });

  it('registry results computed for an old version are dropped; the new version gets them', async () => {
    const slow = await startFaultProxy({ target: registry.url, latencyMs: 700 });
    const client = await LspClient.start({ settings: { registries: { insecure: [slow.host] } } });
    try {
      const uri = 'file:///work/lsp-test/slow.yaml';
      const text = deployment(`${slow.host}/team/web:1.0`);
      client.open(uri, 'yaml', text);
      await client.diagnostics(uri, { version: 1 });
      // The look-up is still on its way when the document changes (same image, another line).
      client.change(uri, 2, [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }, text: 'api' }]);
      await client.waitFor('look-ups to finish', () => client.statuses.some((s) => s.resolved >= 1 && s.pending === 0), 20000);
      await client.waitFor('the new version to be published after the look-up', () => {
        const mine = client.publications.filter((p) => p.uri === uri);
        return mine.filter((p) => p.version === 2).length >= 2;
      }, 10000);
      const mine = client.publications.filter((p) => p.uri === uri).map((p) => p.version);
      assert.equal(mine.filter((v) => v === 1).length, 1, `version 1 published again after its look-ups: ${mine.join(',')}`);
      assert.equal(mine.indexOf(1), 0);
      const hover = await client.hover(uri, { line: 9, character: 20 });
      assert.match((hover?.contents as { value: string }).value, /single-platform manifest/);
      assert.equal(slow.count('GET', '/manifests/'), 1, 'one look-up served both versions');
    } finally {
      await client.stop();
      await slow.stop();
    }
  });

  it('an edit of a document analysed in a worker publishes its registry findings at once (the answers in hand go with the analysis)', async () => {
    const client = await LspClient.start({ settings: { registries: { insecure: [registry.host] } } });
    try {
      // Long enough to be analysed in a worker thread; the image is amd64 only, the pods want arm64 (AL201).
      const padding = `# ${'-'.repeat(70)}\n`.repeat(Math.ceil(WORKER_TEXT_CHARS / 72) + 10);
      const paddingLines = padding.split('\n').length - 1;
      const uri = 'file:///w/worker-edit.yaml';
      client.open(uri, 'yaml', padding + deployment(`${registry.host}/team/web:1.0`, '      nodeSelector:\n        kubernetes.io/arch: arm64\n'));
      await client.waitFor('look-ups to finish', () => client.statuses.some((s) => s.resolved >= 1 && s.pending === 0), 30000);
      const lines = (p: { diagnostics: Diagnostic[] }) => ours(p.diagnostics, 'AL201').map((d) => d.range.start.line);
      await client.waitFor('v1 with its registry finding', () => client.publications.some((p) => p.uri === uri && p.version === 1 && lines(p).length > 0), 30000);
      // A comment line at the top goes: the first publication of v2 has the finding, one line up, without waiting for another round.
      let from = client.publications.length;
      client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
      const imageLine = paddingLines - 1 + 11;
      assert.deepEqual(lines(await client.diagnostics(uri, { version: 2, from, timeoutMs: 30000 })), [imageLine]);
      // Another image, which covers arm64: the old image's answer is not applied to it.
      from = client.publications.length;
      client.change(uri, 3, [{ range: { start: { line: imageLine, character: 0 }, end: { line: imageLine + 1, character: 0 } }, text: `          image: ${registry.host}/team/multi:2\n` }]);
      assert.deepEqual(lines(await client.diagnostics(uri, { version: 3, from, timeoutMs: 30000 })), []);
      await client.waitFor('its look-up', () => client.statuses.at(-1)?.pending === 0 && client.publications.filter((p) => p.uri === uri && p.version === 3).length >= 2, 30000);
      assert.deepEqual(lines(client.publications.filter((p) => p.uri === uri).at(-1)!), []);
    } finally {
      await client.stop();
    }
  });

  it('a registry that never answers does not delay the offline diagnostics; a change cancels its look-ups', async () => {
    const stall = await stallServer();
    const client = await LspClient.start({
      settings: { registries: { mirrors: { 'docker.io': `http://127.0.0.1:${stall.port}` }, insecure: [`127.0.0.1:${stall.port}`], timeoutMs: 60000 } },
    });
    try {
      const uri = 'file:///work/lsp-test/stall.yaml';
      const text = deployment('nginx:1.27', '      nodeSelector:\n        kubernetes.io/arch: x86_64\n');
      const started = Date.now();
      client.open(uri, 'yaml', text);
      const first = await client.diagnostics(uri, { version: 1 });
      const elapsed = Date.now() - started;
      assert.equal(ours(first.diagnostics, 'AL101').length, 1);
      assert.ok(elapsed < 3000, `offline diagnostics took ${elapsed} ms`);
      await client.waitFor('the stalled look-up to be pending', () => stall.connections >= 1 && client.statuses.some((s) => s.pending >= 1));
      // A different image: the look-up for the old text is cancelled (its connection closed).
      const from = client.publications.length;
      client.change(uri, 2, [{ range: { start: { line: 11, character: 17 }, end: { line: 11, character: 27 } }, text: 'redis:7' }]);
      const second = await client.diagnostics(uri, { version: 2, from });
      assert.equal(ours(second.diagnostics, 'AL101').length, 1);
      await client.waitFor('the old look-up connection to close', () => stall.closed >= 1);
    } finally {
      await client.stop();
      await stall.close();
    }
  });

  it('an untrusted workspace runs offline rules only and opens no connection at all', async () => {
    const stall = await stallServer();
    const client = await LspClient.start({
      trusted: false,
      settings: { registries: { mirrors: { 'docker.io': `http://127.0.0.1:${stall.port}` }, insecure: [`127.0.0.1:${stall.port}`] } },
    });
    try {
      const uri = 'file:///work/lsp-test/untrusted.yaml';
      client.open(uri, 'yaml', deployment('nginx:1.27', '      nodeSelector:\n        kubernetes.io/arch: x86_64\n'));
      const pub = await client.diagnostics(uri, { version: 1 });
      assert.equal(ours(pub.diagnostics, 'AL101').length, 1);
      assert.deepEqual(ours(pub.diagnostics, 'AL209'), []);
      const hover = await client.hover(uri, { line: 11, character: 20 });
      assert.match((hover?.contents as { value: string }).value, /this workspace is not trusted/);
      const platforms = await client.executeCommand<{ ok: boolean; text: string }>('archlens.server.imagePlatforms', [{ image: 'nginx:1.27' }]);
      assert.equal(platforms.ok, false);
      assert.match(platforms.text, /not trusted/);
      await client.waitFor('an untrusted status', () => client.statuses.find((s) => s.trusted === false));
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(stall.connections, 0);
    } finally {
      await client.stop();
      await stall.close();
    }
  });
});
