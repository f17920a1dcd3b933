/**
 * LSP positions count a lone \r as a line break (as \n and \r\n): a finding after one lands on the
 * line the editor shows, never outside the document.
 */
import * as assert from 'node:assert/strict';
import { buildOnce, LspClient, rangeText, ours } from './harness';


describe('lsp: lone carriage returns are line breaks', function () {
  this.timeout(30000);
  let client: LspClient;
  before(() => buildOnce());
  beforeEach(async () => { client = await LspClient.start({ settings: { offline: true } }); });
  afterEach(async () => { await client.stop(); });

  it('a manifest finding after a lone \\r is on the editor\'s line', async () => {
    const uri = 'file:///lsp-test/cr/pod.yaml';
    client.open(uri, 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p # a\r  labels: {b: c}\nspec:\n  nodeSelector:\n    kubernetes.io/arch: x86_64\n  containers:\n    - name: a\n      image: nginx:1.27\n');
    const pub = await client.diagnostics(uri, { version: 1 });
    assert.deepEqual(ours(pub.diagnostics, 'AL101').map((d) => rangeText(d.range)), ['7:24-7:30']);
  });

  it('a YAML syntax error after lone \\r lines stays inside the document', async () => {
    const uri = 'file:///lsp-test/cr/bad.yaml';
    client.open(uri, 'yaml', 'apiVersion: v1\rkind: Pod\rmetadata:\r  name: p\r  a: b: c\n');
    const pub = await client.diagnostics(uri, { version: 1 });
    assert.ok(pub.diagnostics.length > 0);
    for (const d of pub.diagnostics) assert.ok(d.range.end.line <= 5, `${rangeText(d.range)} is past the last line`);
  });

  it('a Dockerfile finding after a lone \\r is on the editor\'s line', async () => {
    const uri = 'file:///lsp-test/cr/Dockerfile';
    client.open(uri, 'dockerfile', 'FROM alpine:3.20\nRUN echo a\rb\nRUN curl -fsSLO https://example.com/tool-linux-x86_64.tar.gz\n');
    const pub = await client.diagnostics(uri, { version: 1 });
    assert.deepEqual(ours(pub.diagnostics, 'AL308').map((d) => rangeText(d.range)), ['3:47-3:53']);
  });
});

describe('lsp: positions inside a CRLF line break', function () {
  this.timeout(30000);
  before(() => buildOnce());

  it('a YAML error at the \\r of a CRLF blank line ends at that line\'s end, not inside the break', async () => {
    const client = await LspClient.start({ settings: { offline: true } });
    try {
      const uri = 'file:///lsp-test/crlf/bad.yaml';
      client.open(uri, 'yaml', 'a:\r\n  b: 1\r\n\r\n c: 2\r\n');
      const pub = await client.diagnostics(uri, { version: 1 });
      const lines = ['a:', '  b: 1', '', ' c: 2', ''];
      assert.ok(pub.diagnostics.length > 0);
      for (const d of pub.diagnostics) {
        for (const p of [d.range.start, d.range.end]) assert.ok(p.character <= lines[p.line].length, `${rangeText(d.range)} is inside a line break`);
      }
    } finally {
      await client.stop();
    }
  });
});
