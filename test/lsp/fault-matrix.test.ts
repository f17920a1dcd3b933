/**
 * Issue 18's registry fault matrix end to end through the language server (spawned, real
 * protocol): each case's document gets an AL209 diagnostic with the typed reason (the hover names
 * the state) within the time limit; no request is left in progress at any proxy afterwards; the
 * server shuts down and exits with code 0. Then the credentials planted for the run appear in no
 * log, trace, diagnostic, hover, status or cache file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeMarkdown } from '../../server/src/lsp/markdown';
import { CASE_LIMIT_MS, TIMEOUT_MS, assertNoSecret, deploymentOf, readTree, startFaultMatrix, type FaultMatrix } from '../registry/fault-matrix';
import { buildOnce, LspClient, ours } from './harness';

/** The reason inside an AL209 message ("…image "X": REASON (credentials tried: …). The architecture rules skip this image."). */
function reasonOf(message: string, image: string): string {
  const start = message.indexOf(`image "${image}": `);
  assert.ok(start >= 0, message);
  return message.slice(start + image.length + 10).replace(/\. The architecture rules skip this image\.$/, '').replace(/ \(credentials tried: [^)]*\)$/, '');
}

describe('registry fault matrix through the language server', function () {
  this.timeout(300_000);
  let matrix: FaultMatrix;
  let client: LspClient;
  const rows: string[] = [];
  const savedPath = process.env.PATH;

  before(async () => {
    buildOnce();
    matrix = await startFaultMatrix();
    // The server inherits PATH (for the credential helper); its DOCKER_CONFIG is the harness's cache folder.
    process.env.PATH = `${matrix.helperDir}:${savedPath}`;
    client = await LspClient.start({ settings: { registries: { insecure: matrix.insecure, timeoutMs: TIMEOUT_MS } } });
    process.env.PATH = savedPath;
    fs.copyFileSync(path.join(matrix.dockerConfigDir, 'config.json'), path.join(client.cacheDir, 'config.json'));
    await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
  });
  after(async () => {
    process.env.PATH = savedPath;
    if (client && client.proc.exitCode === null) await client.stop();
    await matrix?.stop();
    if (rows.length) console.log(`\n      LSP fault matrix (case | state | AL209 reason | ms):\n${rows.map((r) => `      ${r}`).join('\n')}\n`);
  });

  it('every case: an AL209 with the typed reason in time, and nothing left in progress', async () => {
    for (const [i, c] of matrix.cases.entries()) {
      const uri = `file:///work/lsp-matrix/case${i}.yaml`;
      const from = client.publications.length;
      const started = Date.now();
      client.open(uri, 'yaml', deploymentOf(c.image));
      const pub = await client.diagnostics(uri, { from, accept: (p) => ours(p.diagnostics, 'AL209').length > 0, timeoutMs: CASE_LIMIT_MS });
      const elapsed = Date.now() - started;
      const [al209] = ours(pub.diagnostics, 'AL209');
      const reason = reasonOf(String(al209.message), c.image);
      assert.match(reason, c.reason, c.name);
      const hover = await client.hover(uri, { line: 8, character: 20 });
      const md = (hover?.contents as { value: string }).value;
      assert.ok(md.includes(`Platforms unknown — ${escapeMarkdown(`${c.state}: `)}`), `${c.name}: ${md}`);
      await client.waitFor(`${c.name}: no request left in progress at the proxies`, () => matrix.inFlight() === 0, 5000);
      c.check?.();
      rows.push(`${c.name} | ${c.state} | ${reason} | ${elapsed}`);
      client.close(uri);
    }
    await client.waitFor('no look-up pending', () => client.statuses.length > 0 && client.statuses[client.statuses.length - 1].pending === 0);
  });

  it('the planted credentials work for their registry and appear in no log, trace, diagnostic, hover or cache file', async () => {
    const uri = 'file:///work/lsp-matrix/authenticated.yaml';
    client.open(uri, 'yaml', deploymentOf(matrix.authenticatedImage));
    await client.waitFor('the authenticated look-up', () => client.statuses.some((s) => s.pending === 0 && s.resolved >= 1));
    const hover = await client.hover(uri, { line: 8, character: 20 });
    const md = (hover?.contents as { value: string }).value;
    assert.match(md, /\| linux \| arm64 \|/, md);
    const platforms = await client.executeCommand<{ text: string }>('archlens.server.imagePlatforms', [{ image: matrix.authenticatedImage }]);
    // The cache folder is also DOCKER_CONFIG here: everything in it but the planted config.json.
    const written = fs.readdirSync(client.cacheDir).filter((f) => f !== 'config.json').map((f) => readTree(path.join(client.cacheDir, f))).join('\n');
    assert.ok(written.includes('registry-v1'), 'the cache was written');
    const everything = [
      JSON.stringify(client.publications), JSON.stringify(client.logs), JSON.stringify(client.notifications), JSON.stringify(client.statuses),
      client.stderr, md, JSON.stringify(platforms), written,
    ].join('\n');
    assert.ok(everything.length > 5000, `${everything.length} characters searched`);
    assertNoSecret(everything, matrix.secrets, "the language server's output, logs or cache");
  });

  it('shuts down and exits with code 0', async () => {
    const exited = client.exited;
    await client.stop();
    assert.equal(await exited, 0);
  });
});
