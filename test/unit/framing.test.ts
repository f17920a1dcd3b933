/**
 * The re-synchronising LSP framing (server/src/lsp/framing.ts) over a real stream, delivered in
 * every chunking from one byte at a time to all at once: a wrong Content-Length costs one message.
 * The spawned-server tests (test/lsp/protocol.test.ts) see one chunking only; this sees them all.
 */
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Message } from 'vscode-languageserver/node';
import { ResyncingStreamReader, type FramingProblem } from '../../server/src/lsp/framing';

const body = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { text: `é ${'x'.repeat(id * 7)}` } });
const frame = (id: number, delta = 0) => `Content-Length: ${Buffer.byteLength(body(id)) + delta}\r\n\r\n${body(id)}`;

/** Feeds `bytes` in chunks of `size` and returns the ids read and the problems said. */
async function read(bytes: string, size: number): Promise<{ ids: unknown[]; problems: FramingProblem['kind'][] }> {
  const stream = new PassThrough();
  const ids: unknown[] = [];
  const problems: FramingProblem['kind'][] = [];
  const reader = new ResyncingStreamReader(stream, (p) => problems.push(p.kind));
  reader.listen((m: Message) => ids.push((m as { id?: unknown }).id));
  const all = Buffer.from(bytes, 'utf8');
  for (let i = 0; i < all.length; i += size) stream.write(all.subarray(i, i + size));
  await new Promise((resolve) => setImmediate(resolve));
  reader.dispose();
  return { ids, problems };
}

const CHUNKS = [1, 2, 7, 64, 1000, 1 << 20];

describe('lsp framing: a wrong Content-Length costs one message, in any chunking', () => {
  for (const size of CHUNKS) {
    describe(`chunks of ${size} bytes`, () => {
      it('right lengths: every message, nothing said', async () => {
        assert.deepEqual(await read(frame(1) + frame(2) + frame(3), size), { ids: [1, 2, 3], problems: [] });
      });

      it('a length too large (by 50): that message and the next are read, the mismatch said', async () => {
        const { ids, problems } = await read(frame(1, 50) + frame(2) + frame(3), size);
        assert.deepEqual(ids, [1, 2, 3]);
        assert.deepEqual(problems, ['length-mismatch']);
      });

      it('a length too small (by 10): that message is lost as not JSON, the next ones are read', async () => {
        const { ids, problems } = await read(frame(1) + frame(2, -10) + frame(3) + frame(4), size);
        assert.deepEqual(ids, [1, 3, 4]);
        assert.equal(problems[0], 'not-json');
        assert.ok(problems.slice(1).every((p) => p === 'header'), problems.join());
      });

      it('a length far too large: refused, and the next message is read', async () => {
        const { ids, problems } = await read(`Content-Length: 999999999999\r\n\r\n${body(1)}${frame(2)}`, size);
        assert.deepEqual(ids, [2]);
        assert.deepEqual(problems, ['too-large']);
      });

      it('noise and a header that is no number: skipped, the next message is read', async () => {
        const { ids, problems } = await read(`garbage\r\n\r\nContent-Length: abc\r\n\r\n${body(1)}${frame(2)}`, size);
        assert.deepEqual(ids, [2]);
        assert.ok(problems.length > 0 && problems.every((p) => p === 'header' || p === 'not-json'), problems.join());
      });
    });
  }

  it('a body of 5 MB in 64 KB chunks is read once, whole', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'x', params: { text: 'y'.repeat(5 * 1024 * 1024) } });
    const { ids, problems } = await read(`Content-Length: ${big.length}\r\n\r\n${big}${frame(10)}`, 64 * 1024);
    assert.deepEqual(ids, [9, 10]);
    assert.deepEqual(problems, []);
  });
});
