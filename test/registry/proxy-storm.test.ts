/**
 * Issue 18.6: a proxy that closes the socket on CONNECT made undici reconnect in a tight loop
 * (about 61,000 TCP connections in 32 s for one image). Connection attempts are now bounded like
 * requests — one per attempt, retried with the same back-off — counted here at a loopback proxy
 * that accepts TCP connections and hangs up on every CONNECT (or refuses it with a status).
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { causeOf } from '../../server/src/registry';
import { ref, testResolver } from '../helpers/registry/resolver';

interface CountingProxy {
  url: string;
  /** TCP connections accepted. */
  connections: number;
  connects: number;
  stop(): Promise<void>;
}

async function startProxy(onConnect: (socket: net.Socket) => void): Promise<CountingProxy> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.destroy());
  const state: CountingProxy = { url: '', connections: 0, connects: 0, stop: async () => {} };
  server.on('connection', (s: net.Socket) => {
    state.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (_req, socket: net.Socket) => {
    state.connects++;
    onConnect(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  state.stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

describe('registry client: a proxy that hangs up on CONNECT (no reconnect storm)', function () {
  this.timeout(30_000);

  it('each attempt is one connection: 3 for one image (2 retries with back-off), then unreachable (network), naming the proxy', async () => {
    const proxy = await startProxy((socket) => socket.destroy());
    const r = testResolver({ proxy: proxy.url, timeoutMs: 10_000, tuning: { retries: 2, backoffBaseMs: 100 } });
    try {
      const started = Date.now();
      const l = await r.resolve(ref('registry.example.com/team/app:v1'));
      const elapsed = Date.now() - started;
      assert.ok(!l.ok);
      assert.equal(l.error.state, 'unreachable');
      assert.equal(causeOf(l.error), 'network');
      assert.match(l.error.message, /^the proxy 127\.0\.0\.1:\d+ closed the connection instead of opening a tunnel to registry\.example\.com:443$/);
      assert.equal(proxy.connects, 3, 'one CONNECT per attempt');
      assert.ok(proxy.connections <= 3, `${proxy.connections} TCP connections`);
      assert.ok(elapsed >= 100 && elapsed < 3000, `the back-off was waited (${elapsed} ms)`);
      const after = proxy.connections;
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(proxy.connections, after, 'nothing reconnects after the answer');
    } finally {
      await r.close();
      await proxy.stop();
    }
  });

  it('ten images at once through it: at most 3 connections each, all answered', async () => {
    const proxy = await startProxy((socket) => socket.destroy());
    const r = testResolver({ proxy: proxy.url, timeoutMs: 10_000, tuning: { retries: 2, backoffBaseMs: 50 } });
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => r.resolve(ref(`registry.example.com/team/app${i}:v1`))));
      assert.ok(answers.every((a) => !a.ok && a.error.state === 'unreachable'));
      assert.ok(proxy.connections <= 30, `${proxy.connections} TCP connections for 10 images`);
      console.log(`      (${proxy.connections} TCP connections, ${proxy.connects} CONNECTs for 10 images)`);
    } finally {
      await r.close();
      await proxy.stop();
    }
  });

  it('a proxy refusing the tunnel (407): named, not retried, not read as a time-out', async () => {
    const proxy = await startProxy((socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n'));
    const r = testResolver({ proxy: proxy.url, tuning: { retries: 2, backoffBaseMs: 20 } });
    try {
      const l = await r.resolve(ref('registry.example.com/team/app:v1'));
      assert.ok(!l.ok);
      assert.equal(l.error.state, 'unreachable');
      assert.match(l.error.message, /the proxy 127\.0\.0\.1:\d+ refused a tunnel to registry\.example\.com:443 \(HTTP 407\)/);
      assert.equal(proxy.connects, 1);
    } finally {
      await r.close();
      await proxy.stop();
    }
  });
});
