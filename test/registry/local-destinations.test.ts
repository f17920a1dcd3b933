/**
 * The local-destination guard on real sockets: a hop a non-local registry sends us on (a redirect,
 * a token realm) never connects to a loopback or link-local address, judged on the addresses the
 * socket connects to — so DNS rebinding (public when checked, 127.0.0.1 when connecting) gains
 * nothing. Names are answered by a lookup injected through the resolver's tuning, never /etc/hosts.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import { Authenticator } from '../../server/src/registry/auth';
import { RegistryClient, type FetchArgs } from '../../server/src/registry/client';
import { CredentialStore } from '../../server/src/registry/credentials';
import { toLookupError } from '../../server/src/registry/failure';
import type { NameLookup } from '../../server/src/registry/hosts';
import { NetError, Transport, guardedLookup } from '../../server/src/registry/transport';
import { dockerConfig, ref, testResolver } from '../helpers/registry/resolver';

interface Server {
  port: number;
  /** Connections accepted and requests received, by the local address they arrived on. */
  connections: string[];
  requests: string[];
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  stop(): Promise<void>;
}

async function startServer(host = '127.0.0.1'): Promise<Server> {
  const sockets = new Set<Socket>();
  const s: Server = {
    port: 0,
    connections: [],
    requests: [],
    handle: (_req, res) => res.end('{}'),
    stop: () => new Promise<void>((r) => {
      for (const sock of sockets) sock.destroy();
      server.close(() => r());
    }),
  };
  const server = http.createServer((req, res) => {
    s.requests.push(`${req.socket.localAddress} ${req.method} ${req.url}`);
    s.handle(req, res);
  });
  server.on('connection', (sock: Socket) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    s.connections.push(String(sock.localAddress));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  s.port = (server.address() as AddressInfo).port;
  return s;
}

/** A non-loopback address of this machine (a "public" answer a test server can still be reached on). */
function externalIPv4(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) return a.address;
  return undefined;
}

function setup(lookup: NameLookup, insecure: string[], o: { proxy?: string; noProxy?: string } = {}): { client: RegistryClient; transport: Transport } {
  const insecureHosts = new Set(insecure);
  const transport = new Transport({ timeoutMs: 3000, concurrency: 4, retries: 0, backoffBaseMs: 10, maxRetryAfterMs: 1000, env: {}, strictSSL: true, extraCaCerts: [], insecureHosts, log: () => undefined, now: Date.now, lookup, proxy: o.proxy, noProxy: o.noProxy });
  const creds = new CredentialStore({ dockerConfigDir: dockerConfig({}), podmanAuthFiles: [], env: {}, log: () => undefined });
  return { client: new RegistryClient(transport, new Authenticator(transport, creds, Date.now, () => undefined), insecureHosts), transport };
}

const get = (base: string): FetchArgs => ({ endpoint: { base: new URL(base), credHost: new URL(base).host }, repo: 'team/app', kind: 'blobs', ref: 'sha256:abc', method: 'GET', accept: '*/*', maxBytes: 1024 });

async function netFailure(p: Promise<unknown>): Promise<NetError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof NetError) return error;
    throw error;
  }
  assert.fail('expected a NetError');
}

describe('registry local-destination guard (real sockets, injected DNS)', function () {
  this.timeout(15_000);
  let registry: Server;
  let target: Server;
  beforeEach(async () => {
    registry = await startServer();
    target = await startServer('0.0.0.0');
  });
  afterEach(async () => {
    await registry.stop();
    await target.stop();
  });

  /** registry.test (a name: a non-local registry) redirects every request to `location`. */
  const redirectTo = (location: string): void => {
    registry.handle = (_req, res) => {
      res.writeHead(307, { Location: location });
      res.end();
    };
  };

  it('a redirect to a name that resolves to 127.0.0.1 at connect time: refused (typed), nothing reaches the loopback server', async () => {
    const lookup: NameLookup = async (name) => (name === 'registry.test' || name === 'cdn.test' ? ['127.0.0.1'] : assert.fail(name));
    const { client, transport } = setup(lookup, [`registry.test:${registry.port}`, `cdn.test:${target.port}`]);
    try {
      redirectTo(`http://cdn.test:${target.port}/blob`);
      const e = await netFailure(client.fetch(get(`http://registry.test:${registry.port}`)));
      assert.equal(e.kind, 'local-address');
      assert.equal(e.message, `refused a redirect from registry.test:${registry.port} to cdn.test:${target.port}: cdn.test resolves to 127.0.0.1, a local address (loopback and link-local addresses are reachable only from a local registry)`);
      assert.deepEqual(toLookupError(e), { state: 'registry-error', message: e.message, cause: 'registry' });
      assert.equal(registry.requests.length, 1, 'the registry itself (user-configured, resolving to loopback) was reached');
      assert.deepEqual(target.connections, [], 'no connection to the loopback server');
      assert.deepEqual(target.requests, []);
    } finally {
      await transport.close();
    }
  });

  it('DNS rebinding: a name answering a public address, then 127.0.0.1, is refused on the connection that would reach loopback', async function () {
    const external = externalIPv4();
    if (!external) this.skip();
    let cdnQueries = 0;
    const lookup: NameLookup = async (name) => (name === 'cdn.test' ? (++cdnQueries === 1 ? [external!] : ['127.0.0.1']) : ['127.0.0.1']);
    const { client, transport } = setup(lookup, [`registry.test:${registry.port}`, `cdn.test:${target.port}`]);
    try {
      redirectTo(`http://cdn.test:${target.port}/blob`);
      target.handle = (_req, res) => res.writeHead(200, { Connection: 'close' }).end('{}'); // the next request needs a new connection
      assert.equal((await client.fetch(get(`http://registry.test:${registry.port}`))).status, 200);
      const e = await netFailure(client.fetch(get(`http://registry.test:${registry.port}`)));
      assert.equal(e.kind, 'local-address');
      assert.match(e.message, /cdn\.test resolves to 127\.0\.0\.1, a local address/);
      assert.equal(cdnQueries, 2, 'one query per connection, and it is the one the socket used');
      assert.deepEqual(target.requests, [`${external} GET /blob`], 'only the request over the public address arrived');
      assert.deepEqual(target.connections, [external]);
    } finally {
      await transport.close();
    }
  });

  it('address literals and localhost as redirect targets: refused before any connection', async () => {
    const { client, transport } = setup(async () => ['127.0.0.1'], [`registry.test:${registry.port}`]);
    try {
      for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::1]', 'localhost', '169.254.169.254']) {
        redirectTo(`https://${host}:${target.port}/blob`);
        const e = await netFailure(client.fetch(get(`http://registry.test:${registry.port}`)));
        assert.equal(e.kind, 'local-address', host);
        assert.match(e.message, new RegExp(`^refused a redirect from registry\\.test:${registry.port} to .*, a local address`), host);
      }
      assert.deepEqual(target.connections, []);
    } finally {
      await transport.close();
    }
  });

  it('names resolving to link-local (cloud metadata) or IPv6 loopback: refused', async () => {
    const answers: Record<string, string[]> = { 'metadata.test': ['169.254.169.254'], 'v6.test': ['fe80::1'], 'mixed.test': ['192.0.2.10', '::1'] };
    const { client, transport } = setup(async (name) => answers[name] ?? ['127.0.0.1'], [`registry.test:${registry.port}`]);
    try {
      for (const [name, [addr]] of Object.entries(answers)) {
        redirectTo(`https://${name}/x`);
        const e = await netFailure(client.fetch(get(`http://registry.test:${registry.port}`)));
        assert.equal(e.kind, 'local-address', name);
        assert.match(e.message, new RegExp(`${name.replace('.', '\\.')} resolves to ${name === 'mixed.test' ? '::1' : addr}`), name);
      }
    } finally {
      await transport.close();
    }
  });

  it('a token realm named by a non-local registry that resolves to 127.0.0.1: refused, no token request sent', async () => {
    const { client, transport } = setup(async () => ['127.0.0.1'], [`registry.test:${registry.port}`, `auth.test:${target.port}`]);
    try {
      registry.handle = (_req, res) => res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://auth.test:${target.port}/token",service="s"` }).end();
      const e = await netFailure(client.fetch(get(`http://registry.test:${registry.port}`)));
      assert.equal(e.kind, 'local-address');
      assert.match(e.message, new RegExp(`^refused the token realm named by registry\\.test:${registry.port} to auth\\.test:${target.port}: auth\\.test resolves to 127\\.0\\.0\\.1`));
      assert.deepEqual(target.connections, []);
    } finally {
      await transport.close();
    }
  });

  it('user-configured loopback registries still work: their redirects and realms into loopback are followed', async () => {
    const { client, transport } = setup(async () => ['127.0.0.1'], [`cdn.test:${target.port}`, `auth.test:${target.port}`]);
    try {
      let n = 0;
      registry.handle = (req, res) => {
        if (!req.headers.authorization) return res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://auth.test:${target.port}/token"` }).end();
        res.writeHead(307, { Location: `http://cdn.test:${target.port}/blob` }).end();
      };
      target.handle = (req, res) => res.end(req.url?.startsWith('/token') ? JSON.stringify({ token: `t${++n}` }) : '{}');
      assert.equal((await client.fetch(get(`http://127.0.0.1:${registry.port}`))).status, 200);
      assert.deepEqual(target.requests.map((r) => r.split('?')[0]), ['127.0.0.1 GET /token', '127.0.0.1 GET /blob']);
      // A realm on the registry's own (non-local) name is the registry's: followed too.
      registry.handle = (req, res) => (req.url?.startsWith('/token') ? res.end('{"token":"x"}') : req.headers.authorization ? res.end('{}') : res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://registry.test:${registry.port}/token"` }).end());
      const own = setup(async () => ['127.0.0.1'], [`registry.test:${registry.port}`]);
      assert.equal((await own.client.fetch(get(`http://registry.test:${registry.port}`))).status, 200);
      await own.transport.close();
    } finally {
      await transport.close();
    }
  });

  it('through a proxy: a local literal is refused before the proxy hears of it; a name is the proxy\'s to resolve', async () => {
    const seen: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(502).end());
    proxy.on('connect', (req: http.IncomingMessage, sock: Socket) => {
      seen.push(`CONNECT ${req.url}`);
      sock.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    // The registry bypasses the proxy (NO_PROXY); the lookup answers only its name: with a proxy
    // the client resolves no target name, and the proxy cannot be asked which address it would use.
    const lookup: NameLookup = async (name) => (name === 'registry.test' ? ['127.0.0.1'] : assert.fail(`looked up ${name}`));
    const { client, transport } = setup(lookup, [`registry.test:${registry.port}`], { proxy: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, noProxy: 'registry.test' });
    try {
      redirectTo(`https://127.0.0.1:${target.port}/blob`);
      const e = await netFailure(client.fetch(get(`http://registry.test:${registry.port}`)));
      assert.equal(e.kind, 'local-address');
      assert.deepEqual(seen, [], 'the proxy heard nothing');
      redirectTo(`https://cdn.test:${target.port}/blob`);
      const passed = await netFailure(client.fetch(get(`http://registry.test:${registry.port}`)));
      assert.notEqual(passed.kind, 'local-address');
      assert.deepEqual(seen, [`CONNECT cdn.test:${target.port}`], 'the name went to the proxy unresolved');
      assert.deepEqual(target.connections, []);
    } finally {
      await transport.close();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });

  it('wired through the resolver: tuning.lookup answers names, and the refusal is the look-up\'s error', async () => {
    redirectTo(`http://cdn.test:${target.port}/blob`);
    const resolver = testResolver({ insecure: [`registry.test:${registry.port}`, `cdn.test:${target.port}`], tuning: { lookup: async () => ['127.0.0.1'] } });
    try {
      const r = await resolver.resolve(ref(`registry.test:${registry.port}/team/app:v1`));
      assert.ok(!r.ok);
      assert.equal(r.error.state, 'registry-error');
      assert.match(r.error.message, /^refused a redirect from registry\.test:\d+ to cdn\.test:\d+: cdn\.test resolves to 127\.0\.0\.1, a local address/);
      assert.deepEqual(target.connections, []);
    } finally {
      await resolver.close();
    }
  });
});

describe('guardedLookup (the socket lookup)', () => {
  const call = (fn: ReturnType<typeof guardedLookup>, options: { all?: boolean; family?: number }): Promise<unknown> =>
    new Promise((resolve, reject) => fn('host.test', options as never, (err: unknown, address: unknown, family?: unknown) => (err ? reject(err) : resolve(options.all ? address : [address, family]))));

  it('answers in both forms net.connect asks for, by family', async () => {
    const fn = guardedLookup(async () => ['192.0.2.1', '2001:db8::1']);
    assert.deepEqual(await call(fn, { all: true }), [{ address: '192.0.2.1', family: 4 }, { address: '2001:db8::1', family: 6 }]);
    assert.deepEqual(await call(fn, { family: 6 }), ['2001:db8::1', 6]);
  });

  it('a name with no address is ENOTFOUND (unreachable), a local one a local-address refusal; unguarded, local is fine', async () => {
    await assert.rejects(call(guardedLookup(async () => []), { all: true }), { code: 'ENOTFOUND' });
    await assert.rejects(call(guardedLookup(async () => ['10.0.0.5', '127.0.0.1']), { all: true }), (e: unknown) => e instanceof NetError && e.kind === 'local-address');
    assert.deepEqual(await call(guardedLookup(async () => ['127.0.0.1'], false), { all: true }), [{ address: '127.0.0.1', family: 4 }]);
  });
});
