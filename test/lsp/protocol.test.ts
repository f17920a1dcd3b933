/**
 * Issue 18.8 and 18.2 over the real protocol, against the spawned server: a wrong Content-Length
 * costs one message, not the connection (lsp/framing.ts); malformed messages and bad parameters
 * get protocol errors naming what is wrong, never a handler's TypeError text (lsp/message-guard.ts);
 * a command that cannot run says why (RequestFailed); Check Workspace adds no listener per image
 * (no MaxListenersExceededWarning); and a hover on one document is answered while another of
 * 20,000 documents is being analysed (analysis off the request loop: lsp/analysis-service.ts).
 * The last is an ordering assertion on a loaded machine; the 50 ms bound of issue 18.2 is for a
 * benchmark to measure (none yet).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOnce } from './harness';
import { RawLspServer, type Answer } from '../fuzz/raw-lsp';

const URI = 'file:///w/pod.yaml';
const POD = 'kind: Pod\nspec:\n  nodeSelector: {kubernetes.io/arch: x86_64}\n  containers: [{name: a, image: nginx}]\n';
const HOVER = { textDocument: { uri: URI }, position: { line: 3, character: 34 } };
const INTERNAL_TEXT = /TypeError|Cannot read prop|is not a function|of undefined|\n\s+at /;

function errorOf(answer: Answer): { code: number; message: string } {
  assert.ok(typeof answer === 'object' && 'error' in answer, `expected an error, got ${JSON.stringify(answer)}`);
  assert.doesNotMatch(answer.error.message, INTERNAL_TEXT);
  return answer.error;
}

function resultOf(answer: Answer): unknown {
  assert.ok(typeof answer === 'object' && 'result' in answer, `expected a result, got ${JSON.stringify(answer)}`);
  return answer.result;
}

describe('lsp: protocol robustness', function () {
  this.timeout(120_000);
  let server: RawLspServer;
  before(async () => {
    buildOnce();
    server = await RawLspServer.start();
    server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: POD } });
    resultOf(await server.request('textDocument/hover', HOVER));
  });
  after(async () => { await server.stop(); });

  const framed = (length: number | string, body: string) => `Content-Length: ${length}\r\n\r\n${body}`;
  const hoverBody = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: HOVER });

  describe('a wrong Content-Length costs one message, not the connection', () => {
    it('too large: the message and the next one are both answered, and the reason is logged', async () => {
      const id = server.id();
      const broken = server.expect(id, 15_000);
      server.write(framed(Buffer.byteLength(hoverBody(id)) + 50, hoverBody(id)));
      const next = server.request('textDocument/hover', HOVER, 15_000);
      resultOf(await broken);
      resultOf(await next);
      assert.ok(server.logs.some((l) => /declared \d+ bytes but the next message began after \d+/.test(l)), server.logs.join('\n'));
    });

    it('far too large (999,999,999): refused, and the next message is answered', async () => {
      const id = server.id();
      server.write(framed(999_999_999, hoverBody(id)));
      resultOf(await server.request('textDocument/hover', HOVER, 15_000));
      assert.ok(server.logs.some((l) => /declared 999999999 bytes/.test(l)));
    });

    it('too small: a parse error for the cut message, and the next one is answered', async () => {
      const before = server.logs.length;
      const id = server.id();
      server.write(framed(Buffer.byteLength(hoverBody(id)) - 10, hoverBody(id)));
      resultOf(await server.request('textDocument/hover', HOVER, 15_000));
      assert.ok(server.logs.slice(before).some((l) => /is not JSON/.test(l)), server.logs.slice(before).join('\n'));
      assert.ok(server.alive);
    });

    it('not a number, or no header at all: skipped, and the next message is answered', async () => {
      server.write(framed('abc', hoverBody(server.id())));
      server.write(`${hoverBody(server.id())}\r\n\r\n`);
      resultOf(await server.request('textDocument/hover', HOVER, 15_000));
    });
  });

  describe('malformed messages and bad parameters: protocol errors naming what is wrong', () => {
    const invalidParams = async (method: string, params: unknown, where: RegExp) => {
      const error = errorOf(await server.request(method, params));
      assert.equal(error.code, -32602, error.message);
      assert.match(error.message, where);
    };

    it('hover with a negative line, a missing uri, no params', async () => {
      await invalidParams('textDocument/hover', { ...HOVER, position: { line: -1, character: 0 } }, /^invalid parameters: textDocument\/hover: params\.position\.line must be >= 0$/);
      await invalidParams('textDocument/hover', { textDocument: {}, position: { line: 0, character: 0 } }, /params\.textDocument needs "uri"/);
      await invalidParams('textDocument/hover', undefined, /params must be object/);
    });

    it('code actions with a diagnostic whose range is not a range', async () => {
      await invalidParams('textDocument/codeAction', {
        textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [{ range: 'everywhere', message: 'x' }] },
      }, /params\.context\.diagnostics\[0\]\.range must be object/);
    });

    it('a command with arguments of the wrong shape', async () => {
      await invalidParams('workspace/executeCommand', { command: 'archlens.server.checkWorkspace', arguments: [{ folders: '/tmp' }] }, /params\.arguments\[0\]\.folders must be array/);
      await invalidParams('workspace/executeCommand', { command: 'archlens.server.imagePlatforms', arguments: [42] }, /params\.arguments\[0\] must be object,null/);
    });

    it('a message with neither method nor result: InvalidRequest with its id; a batch: InvalidRequest', async () => {
      const id = server.id();
      const answer = server.expect(id, 10_000);
      server.send({ jsonrpc: '2.0', id, params: {} });
      assert.equal(errorOf(await answer).code, -32600);
      server.send([{ jsonrpc: '2.0', id: server.id(), method: 'textDocument/hover', params: HOVER }]);
      resultOf(await server.request('textDocument/hover', HOVER));
    });

    it('a notification with bad parameters is dropped and logged; the document stays as it was', async () => {
      server.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: 'x', range: { start: { line: 0, character: 0 } } }] });
      const hover = resultOf(await server.request('textDocument/hover', HOVER)) as { contents?: { value: string } } | null;
      assert.ok(hover, 'the hover of the unchanged document');
      assert.ok(server.logs.some((l) => /ignored a textDocument\/didChange: params\.contentChanges\[0\]\.range needs "end"/.test(l)));
    });

    it('Check Workspace with no folder open: RequestFailed saying why', async () => {
      const error = errorOf(await server.request('workspace/executeCommand', { command: 'archlens.server.checkWorkspace', arguments: [] }));
      assert.equal(error.code, -32803);
      assert.match(error.message, /^no workspace folder is open/);
    });

    it('no internal message reached the log as a protocol answer', () => {
      assert.ok(server.alive);
      assert.doesNotMatch(server.stderr, /TypeError|Cannot read prop/);
    });
  });
});

describe('lsp: Check Workspace and the analysis of a large document', function () {
  this.timeout(180_000);
  let folder: string;
  before(() => {
    buildOnce();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-protocol-'));
    // Thirty distinct images: one look-up each, all waiting on the check's one cancellation signal.
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(folder, `pod-${i}.yaml`), POD.replace('image: nginx', `image: registry.example.com/app-${i}:1.0`));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('Check Workspace over thirty images adds one abort listener, not one per look-up (no MaxListenersExceededWarning)', async () => {
    const server = await RawLspServer.start({ workspaceFolders: [folder] });
    try {
      const result = resultOf(await server.request('workspace/executeCommand', { command: 'archlens.server.checkWorkspace', arguments: [{}] }, 60_000)) as { files: number };
      assert.equal(result.files, 30);
      assert.doesNotMatch(server.stderr, /MaxListenersExceededWarning/);
      assert.ok(!server.logs.some((l) => /MaxListeners/.test(l)));
    } finally {
      await server.stop();
    }
  });

  it('a hover on another document is answered while 20,000 documents are being analysed (before their diagnostics)', async () => {
    const server = await RawLspServer.start();
    try {
      server.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: POD } });
      resultOf(await server.request('textDocument/hover', HOVER));
      const big = 'file:///w/pods.yaml';
      const text = '---\nkind: Pod\nspec: {containers: [{name: a, image: "nginx"}], nodeSelector: {kubernetes.io/arch: x86_64}}\n'.repeat(20_000);
      server.notify('textDocument/didOpen', { textDocument: { uri: big, languageId: 'yaml', version: 1, text } });
      const hovers: number[] = [];
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const asked = performance.now();
        resultOf(await server.request('textDocument/hover', HOVER, 60_000));
        hovers.push(performance.now());
        latencies.push(performance.now() - asked);
      }
      const published = () => server.notifications.find((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === big);
      const deadline = Date.now() + 120_000;
      while (!published() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const at = published()?.at;
      assert.ok(at !== undefined, 'the big document was never published');
      console.log(`      hovers answered in ${latencies.map((l) => l.toFixed(0)).join(', ')} ms; the big document published ${(at - hovers[0]).toFixed(0)} ms after the first`);
      // Every hover was answered before the big document's analysis was done: nothing waited for it.
      assert.ok(hovers.every((h) => h < at), `hovers at ${hovers.map((h) => Math.round(h)).join(', ')}; big document published at ${Math.round(at)}`);
      assert.equal(((published()!.params as { diagnostics: unknown[] }).diagnostics).length, 40_000);
    } finally {
      await server.stop();
    }
  });
});
