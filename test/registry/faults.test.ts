/**
 * Faults the real registry cannot produce, injected by the proxy in front of it: each gives the
 * right typed state or the right answer, and never an unhandled rejection.
 */
import * as assert from 'node:assert/strict';
import type { ImageLookup, ImagePlatforms, LookupError } from '../../server/src/images/lookup';
import { makeCert, tempDir, type TestCert } from '../helpers/registry/certs';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { OCI_INDEX, pushImage, sha256, type PushedImage } from '../helpers/registry/push';
import { freePort, startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { ref, testResolver, type TestResolver } from '../helpers/registry/resolver';

function ok(l: ImageLookup): ImagePlatforms {
  if (!l.ok) assert.fail(`expected platforms, got ${l.error.state}: ${l.error.message}`);
  return l.image;
}
function errorOf(l: ImageLookup): LookupError {
  if (l.ok) assert.fail(`expected an error, got platforms ${JSON.stringify(l.image.platforms)}`);
  return l.error;
}

describe('registry faults (fault-injecting proxy)', function () {
  this.timeout(30_000);
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let resolvers: TestResolver[] = [];
  let index: PushedImage;
  let single: PushedImage;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  const make = (o: Parameters<typeof testResolver>[0] = {}): TestResolver => {
    const r = testResolver({ insecure: [proxy.host], ...o });
    resolvers.push(r);
    return r;
  };
  const idx = (): ReturnType<typeof ref> => ref(`${proxy.host}/app/index:v1`);
  const one = (): ReturnType<typeof ref> => ref(`${proxy.host}/app/single:v1`);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    registry = await startRegistry();
    proxy = await startFaultProxy({ target: registry.url });
    index = await pushImage(registry, 'app/index', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    single = await pushImage(registry, 'app/single', 'v1', { single: { os: 'linux', architecture: 'arm64' } });
  });
  afterEach(async () => {
    await Promise.allSettled(resolvers.map((r) => r.close()));
    resolvers = [];
    proxy.clear();
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await proxy?.stop();
    await registry?.stop();
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  it('429 with Retry-After in seconds: waits, retries, answers', async () => {
    proxy.rules.push({ method: 'HEAD', times: 1, action: { status: 429, headers: { 'Retry-After': '1' } } });
    const start = Date.now();
    ok(await make().resolve(idx()));
    assert.ok(Date.now() - start >= 900, `waited ${Date.now() - start} ms`);
    assert.equal(proxy.count('HEAD'), 2);
  });

  it('429 with Retry-After as an HTTP-date: waits, retries, answers', async () => {
    proxy.rules.push({ method: 'HEAD', times: 1, action: { status: 429, headers: { 'Retry-After': new Date(Date.now() + 2000).toUTCString() } } });
    ok(await make().resolve(idx()));
    assert.equal(proxy.count('HEAD'), 2);
  });

  it('429 asking for an hour: rate-limited with the time, shared by other look-ups (no request)', async () => {
    proxy.rules.push({ method: 'HEAD', action: { status: 429, headers: { 'Retry-After': '3600' }, body: '<html>slow down</html>' } });
    const r = make();
    const e = errorOf(await r.resolve(idx()));
    assert.equal(e.state, 'rate-limited');
    // Held for the 10-minute cap, not the hour asked (host-isolation.test.ts): then the host is asked again.
    assert.ok(e.retryAfter && Math.abs(e.retryAfter - (Date.now() + 600_000)) < 10_000);
    assert.ok(r.stats().rateLimitedUntil[proxy.host] >= e.retryAfter - 1000);
    const before = proxy.requests.length;
    assert.equal(errorOf(await r.resolve(one())).state, 'rate-limited');
    assert.equal(proxy.requests.length, before, 'shared back-off: nothing sent');
  });

  for (const status of [500, 502, 503]) {
    it(`${status} once: retried with back-off, answers`, async () => {
      proxy.rules.push({ method: 'GET', times: 1, action: { status, body: '<html><body>Bad Gateway</body></html>', headers: { 'Content-Type': 'text/html' } } });
      ok(await make().resolve(idx()));
      assert.equal(proxy.count('GET'), 2);
    });
  }

  it('503 every time: registry-error after 3 attempts', async () => {
    proxy.rules.push({ method: 'HEAD', action: { status: 503, body: 'unavailable' } });
    const e = errorOf(await make().resolve(idx()));
    assert.equal(e.state, 'registry-error');
    assert.match(e.message, /HTTP 503/);
    assert.equal(proxy.count('HEAD'), 3);
  });

  it('connection reset once: retried; always: registry-error', async () => {
    proxy.rules.push({ method: 'GET', times: 1, action: { reset: true } });
    ok(await make().resolve(idx()));
    proxy.clear();
    proxy.rules.push({ method: 'GET', action: { reset: true } });
    const e = errorOf(await make().resolve(one()));
    assert.equal(e.state, 'registry-error');
    assert.match(e.message, /reset/);
  });

  it('a body that stalls: timeout', async () => {
    proxy.rules.push({ method: 'GET', action: { stallAfterBytes: 10 } });
    const start = Date.now();
    const e = errorOf(await make({ timeoutMs: 400, tuning: { retries: 1 } }).resolve(idx()));
    assert.equal(e.state, 'timeout');
    assert.ok(Date.now() - start < 5000);
    assert.equal(proxy.count('GET'), 2, 'a timeout is retried once here');
  });

  it('a 50 MB body, with and without Content-Length: refused at the 4 MiB cap', async () => {
    proxy.rules.push({ method: 'GET', times: 1, action: { hugeBody: 50 * 1024 * 1024 } });
    const start = Date.now();
    const e = errorOf(await make().resolve(idx()));
    assert.equal(e.state, 'invalid-response');
    assert.match(e.message, /limit/);
    proxy.rules.push({ method: 'GET', times: 1, action: { hugeBody: 50 * 1024 * 1024, declareLength: true } });
    const e2 = errorOf(await make().resolve(one()));
    assert.equal(e2.state, 'invalid-response');
    assert.match(e2.message, /52428800 bytes/);
    assert.ok(Date.now() - start < 5000);
  });

  it('invalid JSON (with a matching digest): invalid-response', async () => {
    const body = Buffer.from('{"schemaVersion": 2, "manifests": [');
    proxy.rules.push({ path: '/v2/broken/json/manifests/', action: { serve: { body, contentType: OCI_INDEX, digest: sha256(body) } } });
    const e = errorOf(await make().resolve(ref(`${proxy.host}/broken/json:v1`)));
    assert.equal(e.state, 'invalid-response');
    assert.match(e.message, /not JSON/);
  });

  it('a body that does not match its digest: invalid-response, never cached', async () => {
    proxy.rules.push({ method: 'GET', action: { mutate: (b) => Buffer.from(b.toString('utf8').replace('amd64', 'arm64')) } });
    const r = make();
    const e = errorOf(await r.resolve(idx()));
    assert.equal(e.state, 'invalid-response');
    assert.match(e.message, /does not match its digest/);
    proxy.clear();
    ok(await r.resolve(idx()));
    assert.equal(proxy.count('GET'), 1, 'the bad answer was not cached');
  });

  it('HEAD answered 405: GET by tag instead (1 HEAD + 1 GET)', async () => {
    proxy.rules.push({ method: 'HEAD', action: { status: 405 } });
    const image = ok(await make().resolve(idx()));
    assert.equal(image.digest, index.digest);
    assert.equal(proxy.count('HEAD'), 1);
    assert.equal(proxy.count('GET', '/manifests/v1'), 1);
    assert.equal(proxy.count('GET'), 1);
  });

  it('HEAD without Docker-Content-Digest: GET by tag; no digest header at all: sha256 of the bytes', async () => {
    proxy.rules.push({ method: 'HEAD', action: { dropHeaders: ['docker-content-digest'] } });
    assert.equal(ok(await make().resolve(one())).digest, single.digest);
    assert.equal(proxy.count('GET', '/manifests/v1'), 1);
    proxy.clear();
    proxy.rules.push({ action: { dropHeaders: ['docker-content-digest'] } });
    assert.equal(ok(await make().resolve(idx())).digest, index.digest);
    assert.equal(proxy.count('GET', '/manifests/v1'), 1);
    assert.equal(proxy.requests.length, 2);
  });

  it('a redirect loop: registry-error after 10 hops', async () => {
    proxy.rules.push({ method: 'HEAD', action: { redirect: `${proxy.url}/v2/app/index/manifests/v1` } });
    const e = errorOf(await make().resolve(idx()));
    assert.equal(e.state, 'registry-error');
    assert.match(e.message, /too many redirects/);
    assert.equal(proxy.count('HEAD'), 11);
  });

  it('a blob redirected to a second loopback origin (127.0.0.2) is followed', async () => {
    const storage = await startFaultProxy({ target: registry.url, host: '127.0.0.2' });
    try {
      const configDigest = JSON.parse((await (await fetch(`${registry.url}/v2/app/single/manifests/v1`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } })).text()) as string).config.digest as string;
      proxy.rules.push({ path: '/blobs/', action: { redirect: `${storage.url}/v2/app/single/blobs/${configDigest}` } });
      ok(await make().resolve(one()));
      assert.equal(storage.count('GET', '/blobs/'), 1);
    } finally {
      await storage.stop();
    }
  });

  it('an HTML 403 page: denied (the status decides, not the body)', async () => {
    proxy.rules.push({ method: 'HEAD', action: { status: 403, headers: { 'Content-Type': 'text/html' }, body: '<html>Forbidden</html>' } });
    assert.equal(errorOf(await make().resolve(idx())).state, 'denied');
  });

  it("Docker Hub's ratelimit-remaining near zero: manifest GETs stop for that host", async () => {
    proxy.rules.push({ method: 'HEAD', action: { status: 200, headers: { 'Docker-Content-Digest': index.digest, 'Content-Type': OCI_INDEX, 'ratelimit-remaining': '0;w=21600' } } });
    const r = make();
    const e = errorOf(await r.resolve(idx()));
    assert.equal(e.state, 'rate-limited');
    assert.ok(e.retryAfter && e.retryAfter > Date.now() + 590_000, 'the 6-hour window, capped at 10 minutes');
    assert.equal(proxy.count('GET'), 0);
  });

  it('nothing listening: unreachable', async () => {
    const port = await freePort();
    const r = make({ insecure: [`127.0.0.1:${port}`] });
    assert.equal(errorOf(await r.resolve(ref(`127.0.0.1:${port}/app/index:v1`))).state, 'unreachable');
  });

  describe('TLS', () => {
    let cert: TestCert;
    let tlsProxy: FaultProxy;
    before(async () => {
      cert = makeCert(tempDir('tls'), 'registry-tls');
      tlsProxy = await startFaultProxy({ target: registry.url, tls: cert });
    });
    after(async () => {
      await tlsProxy?.stop();
    });
    afterEach(() => tlsProxy.clear());

    it('https with an extra CA certificate: answers', async () => {
      const r = make({ insecure: [], extraCaCerts: [cert.certPem] });
      ok(await r.resolve(ref(`${tlsProxy.host}/app/index:v1`)));
      assert.equal(tlsProxy.count('HEAD'), 1);
    });

    it('https with an unknown certificate: tls, no plain-http fallback', async () => {
      const r = make({ insecure: [] });
      const e = errorOf(await r.resolve(ref(`${tlsProxy.host}/app/index:v1`)));
      assert.equal(e.state, 'tls');
      assert.equal(tlsProxy.requests.length, 0);
    });

    it('a self-signed https registry listed in registries.insecure: answers over unverified TLS, never plain http', async () => {
      const r = make({ insecure: [tlsProxy.host] });
      ok(await r.resolve(ref(`${tlsProxy.host}/app/index:v1`)));
      assert.equal(tlsProxy.count('HEAD'), 1);
    });

    it('a redirect from https to http: refused', async () => {
      tlsProxy.rules.push({ method: 'GET', action: { redirect: `${proxy.url}/v2/app/index/manifests/${index.digest}` } });
      const e = errorOf(await make({ insecure: [], extraCaCerts: [cert.certFile] }).resolve(ref(`${tlsProxy.host}/app/index:v1`)));
      assert.equal(e.state, 'registry-error');
      assert.match(e.message, /https to plain http/);
      assert.equal(proxy.requests.length, 0, 'the http origin was never contacted');
    });
  });
});
