/**
 * Where credentials may go and which hosts may be reached, on a scripted transport (the rules need
 * non-loopback hosts the tests cannot reach): token realms, which hops are marked for the
 * transport's local-destination guard (refused on real sockets in local-destinations.test.ts),
 * plain-http redirects, login hints, and the transport's cancellation while waiting for a slot.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLocalAddress, isLoopbackHost } from '../../server/src/registry/hosts';
import { NetError, Transport, type SendRequest } from '../../server/src/registry/transport';
import { dockerConfig } from '../helpers/registry/resolver';
import { failure, manifestFetch, scriptedClient, type Scripted } from '../helpers/registry/scripted';

const basicAuths = (host: string): string => dockerConfig({ auths: { [host]: { auth: Buffer.from('user:s3cret-pw').toString('base64') } } });
const hasCredentials = (r: SendRequest): boolean => !!r.headers.Authorization || r.url.searchParams.has('account') || /refresh_token/.test(r.body ?? '');

describe('registry security: where credentials may go', () => {
  it('IPv4-mapped IPv6 forms of loopback and link-local addresses are local', () => {
    for (const h of ['[::ffff:7f00:1]:5000', '[::ffff:127.0.0.1]', '[::ffff:a9fe:a9fe]', '[0:0:0:0:0:ffff:7f00:1]']) assert.ok(isLocalAddress(h), h);
    assert.ok(isLoopbackHost('[::ffff:7f00:1]:5000'));
    assert.ok(!isLocalAddress('[::ffff:808:808]'), '8.8.8.8 mapped is not local');
    assert.ok(!isLocalAddress('registry.example.com:443'));
  });

  it('a hop a non-local registry sends us to another host on is marked for the guard; same-host and local-source hops are not', async () => {
    const chain: Record<string, Scripted> = {
      'registry.example.com/v2/team/app/manifests/v1': { status: 307, headers: { Location: 'https://cdn.example.net/a' } },
      'cdn.example.net/a': { status: 302, headers: { Location: '/b' } },
      'cdn.example.net/b': { status: 307, headers: { Location: 'https://[::ffff:127.0.0.1]:5000/c' } },
    };
    const { client: c, sent } = scriptedClient((req) => chain[`${req.url.host}${req.url.pathname}`] ?? { status: 200, body: '{}' });
    assert.equal((await c.fetch(manifestFetch(c, 'registry.example.com'))).status, 200);
    assert.deepEqual(sent.map((r) => [r.url.host, r.publicSource]), [
      ['registry.example.com', undefined],
      ['cdn.example.net', 'a redirect from registry.example.com'],
      ['cdn.example.net', 'a redirect from registry.example.com'],
      ['[::ffff:7f00:1]:5000', 'a redirect from cdn.example.net'],
    ]);
    // A registry on loopback (configured by the user) may send us anywhere local.
    const local = scriptedClient((req) => (req.url.host === '127.0.0.1:5000' ? { status: 307, headers: { Location: 'https://127.0.0.2:5000/x' } } : { status: 200, body: '{}' }));
    assert.equal((await local.client.fetch(manifestFetch(local.client, '127.0.0.1:5000'))).status, 200);
    assert.deepEqual(local.sent.map((r) => r.publicSource), [undefined, undefined]);
  });

  it('a token realm on another host, named by a non-local registry, is marked for the guard; one on its own host is not', async () => {
    for (const [realm, mark] of [['https://auth.example.com/token', 'the token realm named by registry.example.com'], ['https://registry.example.com/token', undefined], ['http://127.0.0.1:8080/token', 'the token realm named by registry.example.com']] as const) {
      const { client: c, sent } = scriptedClient((req) => (req.url.pathname === '/token' ? { status: 200, body: '{"token":"t"}' } : req.headers.Authorization ? { status: 200, body: '{}' } : { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${realm}",service="s"` } }));
      assert.equal((await c.fetch(manifestFetch(c, 'registry.example.com'))).status, 200, realm);
      assert.deepEqual(sent.filter((r) => r.url.pathname === '/token').map((r) => r.publicSource), [mark], realm);
    }
  });

  it('a token realm over plain http on an insecure host gets no credentials (Basic only over https or loopback)', async () => {
    const { client: c, sent } = scriptedClient((req) => (req.url.pathname !== '/token' ? { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="http://registry.corp:5000/token",service="s"' } } : { status: 200, body: '{"token":"t"}' }), {
      configDir: basicAuths('registry.corp:5000'),
      insecure: ['registry.corp:5000'],
    });
    const e = await failure(c.fetch(manifestFetch(c, 'registry.corp:5000')));
    assert.equal(e.state, 'unauthorized');
    assert.match(e.message, /plain http; refusing/);
    assert.ok(!sent.some(hasCredentials), 'no credentials over plain http');
    // The same realm serves anonymous tokens: without credentials it is used.
    const anon = scriptedClient((req) => (req.url.pathname === '/token' ? { status: 200, body: '{"token":"t"}' } : req.headers.Authorization ? { status: 200, body: '{}' } : { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="http://registry.corp:5000/token"' } }), { insecure: ['registry.corp:5000'] });
    assert.equal((await anon.client.fetch(manifestFetch(anon.client, 'registry.corp:5000'))).status, 200);
  });

  it('credentials go to a token realm on another https host (as Docker and containerd do), only for the challenging registry', async () => {
    const { client: c, sent } = scriptedClient((req) => {
      if (req.url.host === 'auth.example.com') return { status: 200, body: '{"token":"t"}' };
      return req.headers.Authorization ? { status: 200, body: '{}' } : { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.example.com/token",service="reg"' } };
    }, { configDir: basicAuths('registry.example.com') });
    assert.equal((await c.fetch(manifestFetch(c, 'registry.example.com'))).status, 200);
    const tokenReq = sent.find((r) => r.url.host === 'auth.example.com')!;
    assert.ok(tokenReq.headers.Authorization?.startsWith('Basic '));
    assert.equal(sent[sent.length - 1].headers.Authorization, 'Bearer t');
  });

  it('a redirect to plain http on a host that is neither loopback nor insecure is refused', async () => {
    const { client: c, sent } = scriptedClient(() => ({ status: 302, headers: { Location: 'http://blobs.example.net/x' } }), { insecure: ['registry.corp:5000'] });
    const e = await failure(c.fetch(manifestFetch(c, 'registry.corp:5000')));
    assert.equal(e.state, 'registry-error');
    assert.match(e.message, /plain http/);
    assert.equal(sent.length, 1);
  });

  it("Docker Hub's insufficient_scope: not found or private, with Hub's own login hint", async () => {
    const { client: c } = scriptedClient((req) =>
      req.url.host === 'auth.docker.io'
        ? { status: 200, body: '{"token":"t"}' }
        : { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:team/app:pull",error="insufficient_scope"' } },
    );
    const e = await failure(c.fetch(manifestFetch(c, 'registry-1.docker.io', 'docker.io')));
    assert.equal(e.state, 'not-found-or-private');
    assert.match(e.message, /not found or private — add credentials \(docker login\)/);
    assert.ok(!/registry-1\.docker\.io\)/.test(e.message));
  });

  it('insufficient_scope hinting only the scope already asked for: no pointless re-scope', async () => {
    const { client: c, sent } = scriptedClient((req) =>
      req.url.host === 'auth.example.com'
        ? { status: 200, body: '{"token":"t"}' }
        : req.headers.Authorization
          ? { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.example.com/token",service="s",scope="repository:team/app:pull",error="insufficient_scope"' } }
          : { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.example.com/token",service="s",scope="repository:team/app:pull"' } },
    );
    assert.equal((await failure(c.fetch(manifestFetch(c, 'registry.example.com')))).state, 'not-found-or-private');
    assert.equal(sent.filter((r) => r.url.host === 'auth.example.com').length, 1, 'one token only');
    assert.equal(sent.filter((r) => r.url.host === 'registry.example.com').length, 2);
  });

  it('a token already sent answered with insufficient_scope for our own scope: stop at once (Hub, warm origin)', async () => {
    const { client: c, sent } = scriptedClient((req) => {
      if (req.url.host === 'auth.example.com') return { status: 200, body: JSON.stringify({ token: `t-${req.url.searchParams.get('scope')}` }) };
      if (req.headers.Authorization === 'Bearer t-repository:team/app:pull') return { status: 200, body: '{}' };
      const scope = req.url.pathname.includes('/team/app/') ? 'repository:team/app:pull' : 'repository:team/gone:pull';
      return { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="https://auth.example.com/token",service="s",scope="${scope}"${req.headers.Authorization ? ',error="insufficient_scope"' : ''}` } };
    });
    assert.equal((await c.fetch(manifestFetch(c, 'registry.example.com'))).status, 200);
    sent.length = 0;
    const e = await failure(c.fetch({ ...manifestFetch(c, 'registry.example.com'), repo: 'team/gone' }));
    assert.equal(e.state, 'not-found-or-private');
    assert.deepEqual(sent.map((r) => r.url.host), ['auth.example.com', 'registry.example.com'], 'one token, one request');
  });

  it('a cached token answered with insufficient_scope (access changed since): a fresh token is fetched once', async () => {
    let issued = 0;
    let revoked = false;
    const { client: c, sent } = scriptedClient((req) => {
      if (req.url.host === 'auth.example.com') return { status: 200, body: JSON.stringify({ token: `t${++issued}`, expires_in: 300 }) };
      const auth = req.headers.Authorization;
      if (auth === 'Bearer t1' && !revoked) return { status: 200, body: '{}' };
      if (auth === 'Bearer t2') return { status: 200, body: '{}' };
      return { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="https://auth.example.com/token",scope="repository:team/app:pull"${auth ? ',error="insufficient_scope"' : ''}` } };
    });
    assert.equal((await c.fetch(manifestFetch(c, 'registry.example.com'))).status, 200);
    revoked = true;
    sent.length = 0;
    assert.equal((await c.fetch(manifestFetch(c, 'registry.example.com'))).status, 200);
    assert.deepEqual(sent.map((r) => `${r.url.host} ${r.headers.Authorization ?? ''}`), ['registry.example.com Bearer t1', 'auth.example.com ', 'registry.example.com Bearer t2']);
  });

  it('insufficient_scope hinting another scope: one re-scope asking for both, then stop', async () => {
    const hint = 'Bearer realm="https://auth.example.com/token",service="s",scope="repository:team/base:pull",error="insufficient_scope"';
    const { client: c, sent } = scriptedClient((req) => (req.url.host === 'auth.example.com' ? { status: 200, body: '{"token":"t"}' } : { status: 401, headers: { 'WWW-Authenticate': hint } }));
    assert.equal((await failure(c.fetch(manifestFetch(c, 'registry.example.com')))).state, 'not-found-or-private');
    const tokenReqs = sent.filter((r) => r.url.host === 'auth.example.com');
    assert.equal(tokenReqs.length, 2);
    assert.deepEqual(tokenReqs[1].url.searchParams.getAll('scope'), ['repository:team/app:pull', 'repository:team/base:pull']);
    assert.equal(sent.filter((r) => r.url.host === 'registry.example.com').length, 3);
  });
});

describe('registry transport: cancellation while queued', () => {
  it('a request whose signal is already aborted does not wait for a slot', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const server = http.createServer((_req, res) => void hold.then(() => res.end('{}')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/`);
    const t = new Transport({ timeoutMs: 5000, concurrency: 1, retries: 0, backoffBaseMs: 10, maxRetryAfterMs: 1000, env: {}, strictSSL: true, extraCaCerts: [], insecureHosts: new Set(), log: () => undefined, now: Date.now });
    try {
      const first = t.send({ method: 'GET', url, headers: {}, maxBytes: 1024 });
      await new Promise((r) => setTimeout(r, 50));
      const controller = new AbortController();
      controller.abort();
      const started = Date.now();
      const second = t.send({ method: 'GET', url, headers: {}, maxBytes: 1024, signal: controller.signal }).then(
        () => 'answered',
        (e: unknown) => (e instanceof NetError ? e.kind : 'other'),
      );
      const raced = await Promise.race([second, new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
      assert.equal(raced, 'cancelled');
      assert.ok(Date.now() - started < 300);
      release();
      await first;
    } finally {
      release();
      await t.close();
      server.close();
    }
  });
});
