/**
 * Auth against real docker-registry setups: htpasswd (Basic, bcrypt) and token auth with a token
 * server in the test code (ES256 JWT, x5c). Credentials from config.json auths, legacy keys,
 * podman auth.json, credsStore/credHelpers scripts on PATH, identity tokens.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageLookup, ImagePlatforms, LookupError } from '../../server/src/images/lookup';
import { tempDir } from '../helpers/registry/certs';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { OCI_INDEX, pushImage, sha256 } from '../helpers/registry/push';
import { startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { dockerConfig, ref, testResolver, type TestResolver, type TestResolverOptions } from '../helpers/registry/resolver';

function ok(l: ImageLookup): ImagePlatforms {
  if (!l.ok) assert.fail(`expected platforms, got ${l.error.state}: ${l.error.message}`);
  return l.image;
}
function errorOf(l: ImageLookup): LookupError {
  if (l.ok) assert.fail(`expected an error, got platforms ${JSON.stringify(l.image.platforms)}`);
  return l.error;
}
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const SECRETS = ['alice-pw:with:colons', 'wrong-pw', 'refresh-abc', 'bob-pw', 'helper-secret'];

/** No secret in logs or cache files. */
function assertNoSecrets(r: TestResolver): void {
  const texts = [...r.logs];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else texts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(r.cacheDir);
  for (const t of texts) {
    for (const s of SECRETS) assert.ok(!t.includes(s), `a secret leaked: ${t.slice(0, 200)}`);
    assert.ok(!/Bearer |Basic |eyJ[A-Za-z0-9_-]{10,}/.test(t), `a token leaked: ${t.slice(0, 200)}`);
  }
}

/** A docker-credential-<name> script on a PATH folder; it logs each server URL it is asked for. */
function credentialHelper(name: string, answers: Record<string, { Username: string; Secret: string }>): { env: NodeJS.ProcessEnv; calls: () => string[] } {
  const dir = tempDir('helper');
  const log = path.join(dir, 'calls.log');
  const cases = Object.entries(answers).map(([url, a]) => `  '${url}') printf '%s' '${JSON.stringify({ ServerURL: url, ...a })}' ;;`).join('\n');
  fs.writeFileSync(path.join(dir, `docker-credential-${name}`), `#!/bin/sh\n[ "$1" = get ] || exit 2\nread -r url\necho "$url" >> '${log}'\ncase "$url" in\n${cases}\n  *) echo 'credentials not found in native keychain'; exit 1 ;;\nesac\n`, { mode: 0o755 });
  return { env: { PATH: `${dir}:${process.env.PATH}`, HOME: process.env.HOME }, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []) };
}

describe('registry auth: htpasswd (Basic)', function () {
  this.timeout(30_000);
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let resolvers: TestResolver[] = [];
  const make = (o: TestResolverOptions = {}): TestResolver => {
    const r = testResolver({ insecure: [proxy.host], ...o });
    resolvers.push(r);
    return r;
  };
  const img = (): ReturnType<typeof ref> => ref(`${proxy.host}/team/app:v1`);

  before(async () => {
    registry = await startRegistry({ auth: { kind: 'htpasswd', users: { alice: 'alice-pw:with:colons' } } });
    proxy = await startFaultProxy({ target: registry.url });
    await pushImage(registry, 'team/app', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    await pushImage(registry, 'team/single', 'v1', { single: { os: 'linux', architecture: 'arm64' } });
  });
  afterEach(async () => {
    for (const r of resolvers) assertNoSecrets(r);
    await Promise.allSettled(resolvers.map((r) => r.close()));
    resolvers = [];
    proxy.clear();
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  it('no credentials: unauthorized, saying none were found', async () => {
    const e = errorOf(await make().resolve(img()));
    assert.equal(e.state, 'unauthorized');
    assert.match(e.message, /none were found/);
  });

  it('auths entry (password with colons, split at the first): Basic after the challenge, then pre-emptive', async () => {
    const r = make({ dockerConfigDir: dockerConfig({ auths: { [proxy.host]: { auth: b64('alice:alice-pw:with:colons') } } }) });
    assert.deepEqual(ok(await r.resolve(img())).platforms.length, 2);
    assert.deepEqual(proxy.requests.map((q) => `${q.method} ${q.authorization}`), ['HEAD false', 'HEAD true', 'GET true']);
  });

  it('a legacy key (http://host/v1/) matched by hostname; podman auth.json', async () => {
    ok(await make({ dockerConfigDir: dockerConfig({ auths: { [`http://${proxy.host}/v1/`]: { auth: b64('alice:alice-pw:with:colons') } } }) }).resolve(img()));
    const podman = path.join(tempDir('podman'), 'auth.json');
    fs.writeFileSync(podman, JSON.stringify({ auths: { [proxy.host]: { auth: b64('alice:alice-pw:with:colons') } } }));
    ok(await make({ podmanAuthFiles: [podman] }).resolve(img()));
  });

  it('wrong password: unauthorized, naming the source but not the secret', async () => {
    const e = errorOf(await make({ dockerConfigDir: dockerConfig({ auths: { [proxy.host]: { auth: b64('alice:wrong-pw') } } }) }).resolve(img()));
    assert.equal(e.state, 'unauthorized');
    assert.match(e.message, /rejected the credentials from auths in/);
    assert.match(e.credentialSource ?? '', /auths in .*config\.json/);
    assert.ok(!e.message.includes('wrong-pw'));
  });

  it('credsStore helper on PATH: run once per host when challenged, with the server URL on stdin', async () => {
    const helper = credentialHelper('archlenstest', { [proxy.host]: { Username: 'alice', Secret: 'alice-pw:with:colons' } });
    const r = make({ env: helper.env, dockerConfigDir: dockerConfig({ credsStore: 'archlenstest' }) });
    ok(await r.resolve(img()));
    ok(await r.resolve(ref(`${proxy.host}/team/single:v1`)));
    assert.deepEqual(helper.calls(), [proxy.host]);
    // A host that does not challenge never runs the helper.
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha256('x'), size: 1, platform: { os: 'linux', architecture: 'amd64' } }] }));
    const open = await startFaultProxy();
    try {
      open.rules.push({ path: '/manifests/', action: { serve: { body, contentType: OCI_INDEX, digest: sha256(body) } } });
      const r2 = make({ env: helper.env, insecure: [open.host], dockerConfigDir: dockerConfig({ credsStore: 'archlenstest' }) });
      ok(await r2.resolve(ref(`${open.host}/public/app:v1`)));
      assert.deepEqual(helper.calls(), [proxy.host]);
    } finally {
      await open.stop();
    }
  });

  it("credHelpers[host] wins over auths; 'credentials not found in native keychain' means none", async () => {
    const helper = credentialHelper('archlensempty', {});
    const r = make({ env: helper.env, dockerConfigDir: dockerConfig({ credHelpers: { [proxy.host]: 'archlensempty' }, auths: { [proxy.host]: { auth: b64('alice:alice-pw:with:colons') } } }) });
    const e = errorOf(await r.resolve(img()));
    assert.equal(e.state, 'unauthorized');
    assert.match(e.message, /none were found/);
    assert.deepEqual(helper.calls(), [proxy.host]);
  });

  it('a missing helper program: no credentials, no crash', async () => {
    const e = errorOf(await make({ dockerConfigDir: dockerConfig({ credsStore: 'does-not-exist-anywhere' }) }).resolve(img()));
    assert.equal(e.state, 'unauthorized');
  });

  it('a blob redirected to another origin (127.0.0.2) gets no Authorization', async () => {
    const storage = await startFaultProxy({ host: '127.0.0.2' });
    try {
      const admin = await registry.pushAuthorization('team/single');
      const manifest = JSON.parse(await (await fetch(`${registry.url}/v2/team/single/manifests/v1`, { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json', Authorization: admin! } })).text()) as { config: { digest: string } };
      const config = Buffer.from(await (await fetch(`${registry.url}/v2/team/single/blobs/${manifest.config.digest}`, { headers: { Authorization: admin! } })).arrayBuffer());
      storage.rules.push({ path: manifest.config.digest, action: { serve: { body: config, contentType: 'application/octet-stream' } } });
      proxy.rules.push({ path: '/blobs/', action: { redirect: `${storage.url}/blob-store/${manifest.config.digest}?sig=abc` } });
      const r = make({ dockerConfigDir: dockerConfig({ auths: { [proxy.host]: { auth: b64('alice:alice-pw:with:colons') } } }) });
      assert.equal(ok(await r.resolve(ref(`${proxy.host}/team/single:v1`))).platforms[0].platform.architecture, 'arm64');
      assert.equal(proxy.count('GET', '/blobs/'), 1);
      assert.ok(proxy.requests.find((q) => q.path.includes('/blobs/'))?.authorization, 'the registry itself got credentials');
      assert.deepEqual(storage.requests.map((q) => q.authorization), [false]);
    } finally {
      await storage.stop();
    }
  });
});

describe('registry auth: token server (Bearer)', function () {
  this.timeout(30_000);
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let resolvers: TestResolver[] = [];
  const make = (o: TestResolverOptions = {}): TestResolver => {
    const r = testResolver({ insecure: [proxy.host], ...o });
    resolvers.push(r);
    return r;
  };
  const tokens = (): TestRegistry['tokenServer'] => registry.tokenServer!;
  const aliceConfig = (): string => dockerConfig({ auths: { [proxy.host]: { auth: b64('alice:alice-pw:with:colons') } } });

  before(async () => {
    registry = await startRegistry({
      auth: {
        kind: 'token',
        users: { alice: 'alice-pw:with:colons', bob: 'bob-pw' },
        userRepos: { bob: ['public/app'] },
        anonymousRepos: ['public/app'],
        refreshTokens: { 'refresh-abc': 'alice' },
        expiresIn: 1, // clamped to 60 s by the client
      },
    });
    proxy = await startFaultProxy({ target: registry.url });
    await pushImage(registry, 'public/app', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
    await pushImage(registry, 'public/app', 'v2', { single: { os: 'linux', architecture: 'amd64' } });
    await pushImage(registry, 'private/app', 'v1', { platforms: [{ os: 'linux', architecture: 'arm64' }] });
    tokens()!.requests.length = 0; // the harness's own push tokens
  });
  afterEach(async () => {
    for (const r of resolvers) assertNoSecrets(r);
    await Promise.allSettled(resolvers.map((r) => r.close()));
    resolvers = [];
    proxy.clear();
    tokens()!.requests.length = 0;
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  it('anonymous pull of a public repository: one token (scope repository:<path>:pull), reused', async () => {
    let now = Date.now();
    const r = make({ now: () => now });
    ok(await r.resolve(ref(`${proxy.host}/public/app:v1`)));
    assert.deepEqual(tokens()!.requests, [{ method: 'GET', scope: ['repository:public/app:pull'], account: undefined }]);
    assert.deepEqual(proxy.requests.map((q) => `${q.method} ${q.authorization}`), ['HEAD false', 'HEAD true', 'GET true']);
    ok(await r.resolve(ref(`${proxy.host}/public/app:v2`)));
    assert.equal(tokens()!.requests.length, 1, 'token reused (expires_in 1 clamped to 60 s)');
    now += 61_000;
    await r.clearCache();
    ok(await r.resolve(ref(`${proxy.host}/public/app:v1`)));
    assert.equal(tokens()!.requests.length, 2, 'expired token refreshed before the request');
  });

  it('anonymous pull of a private or missing repository: not found or private (no re-scope for the scope already asked for)', async () => {
    const r = make();
    const e = errorOf(await r.resolve(ref(`${proxy.host}/private/app:v1`)));
    assert.equal(e.state, 'not-found-or-private');
    assert.match(e.message, new RegExp(`not found or private — add credentials \\(docker login ${proxy.host}\\)`));
    assert.equal(tokens()!.requests.length, 1, 'the registry hints at our own scope: asking again would change nothing');
    assert.deepEqual(proxy.requests.map((q) => `${q.method} ${q.authorization}`), ['HEAD false', 'HEAD true']);
    assert.equal(errorOf(await r.resolve(ref(`${proxy.host}/nobody/here:v1`))).state, 'not-found-or-private');
  });

  it('credentials: Basic to the token server, private pull works; a missing repository is not-found', async () => {
    const r = make({ dockerConfigDir: aliceConfig() });
    assert.equal(ok(await r.resolve(ref(`${proxy.host}/private/app:v1`))).platforms[0].platform.architecture, 'arm64');
    assert.equal(tokens()!.requests[0].account, 'alice');
    assert.equal(errorOf(await r.resolve(ref(`${proxy.host}/private/missing:v1`))).state, 'not-found');
  });

  it('credentials without access: denied; wrong password: unauthorized', async () => {
    const bob = make({ dockerConfigDir: dockerConfig({ auths: { [proxy.host]: { auth: b64('bob:bob-pw') } } }) });
    const e = errorOf(await bob.resolve(ref(`${proxy.host}/private/app:v1`)));
    assert.equal(e.state, 'denied');
    assert.match(e.credentialSource ?? '', /auths in/);
    const wrong = make({ dockerConfigDir: dockerConfig({ auths: { [proxy.host]: { auth: b64('alice:wrong-pw') } } }) });
    const e2 = errorOf(await wrong.resolve(ref(`${proxy.host}/private/app:v1`)));
    assert.equal(e2.state, 'unauthorized');
    assert.match(e2.message, /rejected the credentials/);
  });

  it('identity token (auths identitytoken and a helper answering <token>): OAuth2 POST refresh-token form', async () => {
    ok(await make({ dockerConfigDir: dockerConfig({ auths: { [proxy.host]: { identitytoken: 'refresh-abc' } } }) }).resolve(ref(`${proxy.host}/private/app:v1`)));
    assert.deepEqual(tokens()!.requests[0], { method: 'POST', scope: ['repository:private/app:pull'], grant: 'refresh_token' });
    tokens()!.requests.length = 0;
    const helper = credentialHelper('archlenstoken', { [proxy.host]: { Username: '<token>', Secret: 'refresh-abc' } });
    ok(await make({ env: helper.env, dockerConfigDir: dockerConfig({ credHelpers: { [proxy.host]: 'archlenstoken' } }) }).resolve(ref(`${proxy.host}/private/app:v1`)));
    assert.equal(tokens()!.requests[0].method, 'POST');
    assert.deepEqual(helper.calls(), [proxy.host]);
  });

  it('a credential helper that failed is asked again a minute later: a long-lived resolver (the editor) recovers without a restart', async () => {
    const dir = tempDir('flaky-helper');
    const marker = path.join(dir, 'ran-once');
    fs.writeFileSync(path.join(dir, 'docker-credential-flaky'), `#!/bin/sh\nread -r url\nif [ ! -e '${marker}' ]; then touch '${marker}'; echo 'keychain locked' >&2; exit 1; fi\nprintf '%s' '{"Username":"alice","Secret":"alice-pw:with:colons"}'\n`, { mode: 0o755 });
    let now = Date.now();
    const r = make({ now: () => now, env: { PATH: `${dir}:${process.env.PATH}`, HOME: process.env.HOME }, dockerConfigDir: dockerConfig({ credsStore: 'flaky' }) });
    assert.equal(errorOf(await r.resolve(ref(`${proxy.host}/private/app:v1`))).state, 'not-found-or-private');
    now += 6 * 60_000; // past the negative entry and the helper's failure
    assert.equal(ok(await r.resolve(ref(`${proxy.host}/private/app:v1`))).platforms[0].platform.architecture, 'arm64');
  });

  it("a redirect to another origin: no Authorization there; its 401 is answered with that origin's own anonymous challenge", async () => {
    const storage = await startFaultProxy({ target: registry.url, host: '127.0.0.2' });
    try {
      const image = await (async () => {
        const head = await fetch(`${registry.url}/v2/public/app/manifests/v1`, { method: 'HEAD', headers: { Accept: OCI_INDEX, Authorization: (await registry.pushAuthorization('public/app'))! } });
        return head.headers.get('docker-content-digest')!;
      })();
      tokens()!.requests.length = 0;
      proxy.rules.push({ method: 'GET', path: `/manifests/${image}`, action: { redirect: `${storage.url}/v2/public/app/manifests/${image}` } });
      const r = make({ dockerConfigDir: aliceConfig(), insecure: [proxy.host, storage.host] });
      assert.equal(ok(await r.resolve(ref(`${proxy.host}/public/app:v1`))).digest, image);
      assert.deepEqual(storage.requests.map((q) => q.authorization), [false, true]);
      assert.deepEqual(tokens()!.requests.map((t) => t.account), ['alice', undefined], 'the second origin got an anonymous token');
    } finally {
      await storage.stop();
    }
  });
});
