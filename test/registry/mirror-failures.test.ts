/**
 * Issue 12: when a mirror and then the upstream both fail, both are named in order, and the
 * upstream (the authority) decides the state and cause. Real registry on loopback, fault proxies
 * as mirror and upstream, and ports where nothing listens.
 */
import * as assert from 'node:assert/strict';
import type { ImageLookup, LookupError } from '../../server/src/images/lookup';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { pushImage } from '../helpers/registry/push';
import { freePort, startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { ref, testResolver, type TestResolver } from '../helpers/registry/resolver';

function errorOf(l: ImageLookup): LookupError {
  if (l.ok) assert.fail(`expected an error, got platforms ${JSON.stringify(l.image.platforms)}`);
  return l.error;
}

describe('registry mirrors: failures of mirror and upstream named together', function () {
  this.timeout(30_000);
  let registry: TestRegistry;
  let mirror: FaultProxy;
  let upstream: FaultProxy;
  let resolvers: TestResolver[] = [];
  const make = (mirrorUrl: string, upstreamHost: string, mirrorHost = new URL(mirrorUrl).host): TestResolver => {
    const r = testResolver({ mirrors: { [upstreamHost]: mirrorUrl }, insecure: [mirrorHost, upstreamHost], timeoutMs: 800, tuning: { retries: 0 } });
    resolvers.push(r);
    return r;
  };

  before(async () => {
    registry = await startRegistry();
    await pushImage(registry, 'team/app', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    mirror = await startFaultProxy({ target: registry.url });
    upstream = await startFaultProxy({ target: registry.url });
  });
  afterEach(async () => {
    await Promise.allSettled(resolvers.map((r) => r.close()));
    resolvers = [];
    mirror.clear();
    upstream.clear();
  });
  after(async () => {
    await mirror?.stop();
    await upstream?.stop();
    await registry?.stop();
  });

  it('mirror 404, upstream unreachable: both named; unreachable (network)', async () => {
    mirror.rules.push({ action: { status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}' } });
    const dead = `127.0.0.1:${await freePort()}`;
    const e = errorOf(await make(mirror.url, dead).resolve(ref(`${dead}/team/app:v1`)));
    assert.equal(e.message, `mirror ${mirror.host}: not found; upstream ${dead}: unreachable (ECONNREFUSED)`);
    assert.equal(e.state, 'unreachable');
    assert.equal(e.cause, 'network');
  });

  it('mirror unreachable, upstream not found: not-found (reference), both named', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const e = errorOf(await make(`http://${dead}`, upstream.host).resolve(ref(`${upstream.host}/team/missing:v1`)));
    assert.equal(e.message, `mirror ${dead}: unreachable (ECONNREFUSED); upstream ${upstream.host}: not found`);
    assert.equal(e.state, 'not-found');
    assert.equal(e.cause, 'reference');
  });

  it('mirror 503, upstream reset: registry-error (network, the upstream decides)', async () => {
    mirror.rules.push({ action: { status: 503, body: '<html>down</html>' } });
    upstream.rules.push({ action: { reset: true } });
    const e = errorOf(await make(mirror.url, upstream.host).resolve(ref(`${upstream.host}/team/app:v1`)));
    assert.equal(e.message, `mirror ${mirror.host}: answered HTTP 503; upstream ${upstream.host}: connection reset`);
    assert.equal(e.state, 'registry-error');
    assert.equal(e.cause, 'network');
  });

  it('mirror stalled (timed out), upstream 429 for an hour: rate-limited with its time, both named', async () => {
    mirror.rules.push({ action: { stallAfterBytes: 0 } });
    upstream.rules.push({ action: { status: 429, headers: { 'Retry-After': '3600' } } });
    const e = errorOf(await make(mirror.url, upstream.host).resolve(ref(`${upstream.host}/team/app:v1`)));
    assert.match(e.message, new RegExp(`^mirror ${mirror.host.replace(/\./g, '\\.')}: timed out; upstream ${upstream.host.replace(/\./g, '\\.')}: rate limited until \\d{4}-`));
    assert.equal(e.state, 'rate-limited');
    assert.ok(e.retryAfter);
  });

  it('both not found: not-found; the negative answer is cached with both names', async () => {
    const r = make(mirror.url, upstream.host);
    const e = errorOf(await r.resolve(ref(`${upstream.host}/team/missing:v1`)));
    assert.equal(e.message, `mirror ${mirror.host}: not found; upstream ${upstream.host}: not found`);
    const again = errorOf(await r.resolve(ref(`${upstream.host}/team/missing:v1`)));
    assert.equal(again.message, e.message);
  });

  it('mirror fails, upstream answers: platforms, and the log says the mirror could not', async () => {
    mirror.rules.push({ action: { status: 500 } });
    const r = make(mirror.url, upstream.host);
    const l = await r.resolve(ref(`${upstream.host}/team/app:v1`));
    assert.ok(l.ok);
    assert.equal(l.image.via, undefined);
    assert.ok(r.logs.some((line) => line.includes(`mirror ${mirror.host} could not answer ${upstream.host}/team/app:v1 (registry-error)`)), r.logs.join('\n'));
  });

  it('only the upstream (no mirror): its own message, unchanged', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const r = testResolver({ insecure: [dead], tuning: { retries: 0 } });
    resolvers.push(r);
    const e = errorOf(await r.resolve(ref(`${dead}/team/app:v1`)));
    assert.equal(e.message, `${dead} is unreachable (ECONNREFUSED)`);
  });
});
