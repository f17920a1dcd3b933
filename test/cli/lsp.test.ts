/** `archlens lsp --stdio`: the language server answers the LSP handshake over the CLI's stdio and exits on request. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, ensureBuilt, REPO } from './helpers';

function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('archlens lsp --stdio', function () {
  this.timeout(60_000);
  before(() => ensureBuilt());

  it('initializes, answers shutdown, and exits on exit', async () => {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const waitFor = (pattern: RegExp) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${out}`)), 20_000);
      const poll = setInterval(() => {
        if (pattern.test(out)) { clearTimeout(timer); clearInterval(poll); resolve(); }
      }, 20);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } }));
    await waitFor(/"id":1,"result":\{"capabilities"/);
    assert.match(out, /"hoverProvider":true/);
    assert.match(out, /"serverInfo":\{"name":"archlens"/);
    child.stdin.write(frame({ method: 'initialized', params: {} }));
    child.stdin.write(frame({ id: 2, method: 'shutdown' }));
    await waitFor(/"id":2,"result":null/);
    child.stdin.write(frame({ method: 'exit' }));
    assert.equal(await exited, 0);
  });
});
