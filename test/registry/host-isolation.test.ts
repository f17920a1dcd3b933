/**
 * Issue 18.7: one bad answer must not poison a host. One repository's bad token realm stays that
 * repository's (realms are kept per repository; only a realm that produced a token is offered to
 * others), and a Retry-After of 999999999 s holds the host for at most maxBackoffMs, then expires.
 * Also: which token realms may receive a registry's credentials (realm-policy.ts).
 */
import * as assert from 'node:assert/strict';
import type { ImageLookup } from '../../server/src/images/lookup';
import { realmMayReceiveCredentials } from '../../server/src/registry/realm-policy';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { pushImage } from '../helpers/registry/push';
import { freePort, startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { dockerConfig, ref, testResolver, type TestResolver } from '../helpers/registry/resolver';
import { failure, manifestFetch, scriptedClient } from '../helpers/registry/scripted';

const platforms = (l: ImageLookup): string[] => {
  if (!l.ok) assert.fail(`${l.error.state}: ${l.error.message}`);
  return l.image.platforms.map((p) => p.platform.architecture);
};

describe('one bad answer does not poison a host', function () {
  this.timeout(30_000);
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let resolvers: TestResolver[] = [];
  let deadRealm: string;
  const make = (o: Parameters<typeof testResolver>[0] = {}): TestResolver => {
    const r = testResolver({ insecure: [proxy.host], ...o });
    resolvers.push(r);
    return r;
  };
  const at = (repo: string) => ref(`${proxy.host}/${repo}:v1`);

  before(async () => {
    registry = await startRegistry({ auth: { kind: 'token', users: {}, anonymousRepos: ['team/a', 'team/b', 'team/c'] } });
    for (const repo of ['team/a', 'team/b', 'team/c']) await pushImage(registry, repo, 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    proxy = await startFaultProxy({ target: registry.url });
    deadRealm = `http://127.0.0.1:${await freePort()}/token`;
  });
  afterEach(async () => {
    await Promise.allSettled(resolvers.map((r) => r.close()));
    resolvers = [];
    proxy.clear();
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  const badRealmFor = (repo: string) => ({ path: `/v2/${repo}/`, action: { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${deadRealm}",service="archlens-test-registry"` }, body: '{"errors":[{"code":"UNAUTHORIZED"}]}' } });

  it("a repository whose challenge names a dead token realm fails alone; the host's other images answer (bad one first)", async () => {
    proxy.rules.push(badRealmFor('team/a'));
    const r = make({ tuning: { retries: 0 } });
    const a = await r.resolve(at('team/a'));
    assert.ok(!a.ok && a.error.state === 'unreachable', JSON.stringify(a));
    assert.deepEqual(platforms(await r.resolve(at('team/b'))), ['amd64', 'arm64']);
    assert.deepEqual(platforms(await r.resolve(at('team/c'))), ['amd64', 'arm64']);
  });

  it('good realm first, then the bad repository, then one never seen: only the bad one fails', async () => {
    const r = make({ tuning: { retries: 0 } });
    platforms(await r.resolve(at('team/b')));
    proxy.rules.push(badRealmFor('team/a'));
    const a = await r.resolve(at('team/a'));
    assert.ok(!a.ok, JSON.stringify(a));
    assert.deepEqual(platforms(await r.resolve(at('team/c'))), ['amd64', 'arm64']);
    // team/b's token is still good: no new token, no failure.
    assert.deepEqual(platforms(await r.resolve(ref(`${proxy.host}/team/b:v1`))), ['amd64', 'arm64']);
  });

  it('a Retry-After of 999999999 s holds the host for at most maxBackoffMs, then the host is asked again', async () => {
    proxy.rules.push({ method: 'HEAD', path: '/v2/team/a/', times: 1, action: { status: 429, headers: { 'Retry-After': '999999999' } } });
    const r = make({ tuning: { retries: 0, maxRetryAfterMs: 500, maxBackoffMs: 1500 } });
    const started = Date.now();
    const a = await r.resolve(at('team/a'));
    assert.ok(!a.ok && a.error.state === 'rate-limited', JSON.stringify(a));
    assert.ok(a.error.retryAfter! <= started + 1500 + 1000, `held until ${new Date(a.error.retryAfter!).toISOString()}`);
    const sent = proxy.requests.length;
    const b = await r.resolve(at('team/b'));
    assert.ok(!b.ok && b.error.state === 'rate-limited', 'the host is held (shared back-off)');
    assert.equal(proxy.requests.length, sent, 'nothing sent while held');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, a.error.retryAfter! - Date.now()) + 50));
    assert.deepEqual(platforms(await r.resolve(at('team/b'))), ['amd64', 'arm64']);
    assert.deepEqual(r.stats().rateLimitedUntil, {}, 'the expired back-off is gone');
  });

  it('by default the hold is capped at 10 minutes, and the error says until when', async () => {
    proxy.rules.push({ method: 'HEAD', times: 1, action: { status: 429, headers: { 'Retry-After': '999999999' } } });
    const r = make({ tuning: { retries: 0 } });
    const a = await r.resolve(at('team/a'));
    assert.ok(!a.ok && a.error.retryAfter);
    assert.ok(a.error.retryAfter <= Date.now() + 10 * 60_000 + 1000 && a.error.retryAfter > Date.now() + 9 * 60_000);
    assert.ok(r.stats().rateLimitedUntil[proxy.host] <= Date.now() + 10 * 60_000 + 1000);
  });

  it("a pull-budget header with an absurd window is capped too", async () => {
    proxy.rules.push({ method: 'HEAD', path: '/v2/team/a/', times: 1, action: { status: 200, headers: { 'Docker-Content-Digest': 'sha256:' + '0'.repeat(64), 'ratelimit-remaining': '0;w=999999999' } } });
    const r = make({ tuning: { retries: 0, maxBackoffMs: 2000 } });
    const a = await r.resolve(at('team/a'));
    assert.ok(!a.ok && a.error.state === 'rate-limited' && a.error.retryAfter! <= Date.now() + 2500, JSON.stringify(a));
  });
});

describe('which token realms may receive credentials', () => {
  const table: Array<[string, string, boolean]> = [
    ['registry-1.docker.io', 'auth.docker.io', true],
    ['registry.gitlab.com', 'gitlab.com', true],
    ['ghcr.io', 'ghcr.io:443', true],
    ['registry.example.com:5000', 'registry.example.com:8443', true],
    ['registry.corp.example', 'sso.corp.example', true],
    ['myregistry.azurecr.io', 'myregistry.azurecr.io', true],
    ['127.0.0.1:5000', '127.0.0.1:5001', true],
    ['registry.example.com', 'auth.example.net', false],
    ['registry-1.docker.io', 'auth.docker.io.evil.example', false],
    ['a.herokuapp.com', 'b.herokuapp.com', false],
    ['team.github.io', 'evil.github.io', false],
    ['127.0.0.1:5000', '127.0.0.2:5000', false],
    ['10.0.0.5:5000', '10.0.0.6', false],
    ['localhost:5000', 'evil.example', false],
  ];
  for (const [registryHost, realmHost, allowed] of table) {
    it(`${registryHost} → ${realmHost}: ${allowed ? 'sent' : 'withheld'}`, () => assert.equal(realmMayReceiveCredentials(registryHost, realmHost), allowed));
  }

  const basicAuths = (host: string): string => dockerConfig({ auths: { [host]: { auth: Buffer.from('user:s3cret-pw').toString('base64') } } });
  const hasCredentials = (headers: Record<string, string>, url: URL, body?: string): boolean => !!headers.Authorization || url.searchParams.has('account') || /refresh_token/.test(body ?? '');

  it("Docker Hub: credentials go to auth.docker.io (same site), as docker login expects", async () => {
    const { client: c, sent } = scriptedClient((req) => {
      if (req.url.host === 'auth.docker.io') return { status: 200, body: '{"token":"t"}' };
      return req.headers.Authorization ? { status: 200, body: '{}' } : { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io"' } };
    }, { configDir: dockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hub-pw').toString('base64') } } }) });
    assert.equal((await c.fetch(manifestFetch(c, 'registry-1.docker.io', 'docker.io'))).status, 200);
    const token = sent.find((r) => r.url.host === 'auth.docker.io')!;
    assert.ok(token.headers.Authorization?.startsWith('Basic '));
    assert.equal(token.url.searchParams.get('account'), 'hubuser');
  });

  it('a realm on another site: an anonymous token only; when that is not enough, the failure says the credentials were withheld', async () => {
    const { client: c, sent } = scriptedClient((req) => {
      if (req.url.host === 'collector.evil.example') return { status: 200, body: '{"token":"anon"}' };
      return { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://collector.evil.example/token",service="s"' } };
    }, { configDir: basicAuths('registry.example.com') });
    const e = await failure(c.fetch(manifestFetch(c, 'registry.example.com')));
    assert.equal(e.state, 'unauthorized');
    assert.match(e.message, /the credentials from auths in .* were not sent to the token service collector\.evil\.example, on another site than registry\.example\.com/);
    const toRealm = sent.filter((r) => r.url.host === 'collector.evil.example');
    assert.ok(toRealm.length >= 1);
    assert.ok(toRealm.every((r) => !hasCredentials(r.headers, r.url, r.body)), 'no credentials to the other site');
    assert.ok(!JSON.stringify(sent).includes(Buffer.from('user:s3cret-pw').toString('base64')));
  });

  it('a realm on another site that grants an anonymous token for a public image: the look-up works', async () => {
    const { client: c } = scriptedClient((req) => {
      if (req.url.host === 'tokens.other.example') return { status: 200, body: '{"token":"anon"}' };
      return req.headers.Authorization === 'Bearer anon' ? { status: 200, body: '{}' } : { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://tokens.other.example/token"' } };
    }, { configDir: basicAuths('registry.example.com') });
    assert.equal((await c.fetch(manifestFetch(c, 'registry.example.com'))).status, 200);
  });
});
