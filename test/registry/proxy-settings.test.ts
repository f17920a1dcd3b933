/** HTTP(S) proxies: an explicit proxy URL (the editor's http.proxy) with its no-proxy list, and HTTP(S)_PROXY/NO_PROXY. */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { ImageLookup } from '../../server/src/images/lookup';
import { pushImage } from '../helpers/registry/push';
import { startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { ref, testResolver, type TestResolver, type TestResolverOptions } from '../helpers/registry/resolver';

interface ForwardProxy {
  url: string;
  /** "CONNECT host:port" or "GET http://…" lines seen. */
  seen: string[];
  stop(): Promise<void>;
}

/** A forward proxy (CONNECT tunnels and absolute-form requests), loopback only. */
async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: target.pathname + target.search, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    if (!/^127\./.test(host)) return client.destroy(); // loopback only
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s: net.Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function platformsOf(l: ImageLookup): string[] {
  if (!l.ok) assert.fail(`${l.error.state}: ${l.error.message}`);
  return l.image.platforms.map((p) => p.platform.architecture);
}

describe('registry client through proxies', function () {
  this.timeout(20_000);
  let registry: TestRegistry;
  let forward: ForwardProxy;
  let resolvers: TestResolver[] = [];
  const make = (o: TestResolverOptions): TestResolver => {
    const r = testResolver({ insecure: [registry.host], ...o });
    resolvers.push(r);
    return r;
  };

  before(async () => {
    registry = await startRegistry();
    forward = await startForwardProxy();
    await pushImage(registry, 'via/proxy', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
  });
  afterEach(async () => {
    await Promise.allSettled(resolvers.map((r) => r.close()));
    resolvers = [];
    forward.seen.length = 0;
  });
  after(async () => {
    await forward?.stop();
    await registry?.stop();
  });

  it('an explicit proxy URL carries the requests', async () => {
    assert.deepEqual(platformsOf(await make({ proxy: forward.url }).resolve(ref(`${registry.host}/via/proxy:v1`))), ['amd64', 'arm64']);
    assert.ok(forward.seen.length > 0);
    assert.ok(forward.seen.every((l) => l.includes(registry.host)), forward.seen.join('\n'));
  });

  it("the explicit proxy's no-proxy list bypasses it", async () => {
    platformsOf(await make({ proxy: forward.url, noProxy: `example.test,${registry.host}` }).resolve(ref(`${registry.host}/via/proxy:v1`)));
    assert.deepEqual(forward.seen, []);
  });

  it('HTTP_PROXY / HTTPS_PROXY from the environment, and NO_PROXY', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, HTTP_PROXY: forward.url, HTTPS_PROXY: forward.url };
    platformsOf(await make({ env }).resolve(ref(`${registry.host}/via/proxy:v1`)));
    assert.ok(forward.seen.length > 0);
    forward.seen.length = 0;
    platformsOf(await make({ env: { ...env, NO_PROXY: '127.0.0.1' } }).resolve(ref(`${registry.host}/via/proxy:v1`)));
    assert.deepEqual(forward.seen, []);
  });

  it('a proxy that hangs up on CONNECT: a typed answer at once, and no reconnect loop', async () => {
    // undici answers this with a tight reconnect loop that ignores the abort signal.
    let connects = 0;
    const hangUp = http.createServer();
    hangUp.on('connect', (_req, socket: net.Socket) => {
      connects++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hangUp.address() as net.AddressInfo).port;
      const started = Date.now();
      const l = await make({ proxy: `http://127.0.0.1:${port}`, timeoutMs: 1000, tuning: { retries: 0 } }).resolve(ref('registry.example.com/team/app:v1'));
      assert.equal(l.ok, false);
      // One connection per attempt (proxy-storm.test.ts counts them): the proxy is named, well before the time-out.
      assert.ok(!l.ok && l.error.state === 'unreachable' && /the proxy .* closed the connection/.test(l.error.message), JSON.stringify(l));
      assert.equal(connects, 1);
      assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
      const after = connects;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.ok(connects - after <= 1, `still reconnecting: ${connects - after} more CONNECTs after the look-up ended`);
    } finally {
      await new Promise((resolve) => hangUp.close(resolve));
    }
  });

  it('an unreachable proxy: a typed error, not a crash', async () => {
    const l = await make({ proxy: 'http://127.0.0.1:1', tuning: { retries: 0 } }).resolve(ref(`${registry.host}/via/proxy:v1`));
    assert.equal(l.ok, false);
    assert.ok(!l.ok && l.error.state === 'unreachable', JSON.stringify(l));
  });
});
