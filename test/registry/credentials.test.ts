/** Where credentials are looked up: config.json keys (Hub's legacy key, hostnames), podman's auth.json, precedence. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CredentialStore, credentialKey } from '../../server/src/registry/credentials';
import { tempDir } from '../helpers/registry/certs';
import { dockerConfig } from '../helpers/registry/resolver';

const auth = (user: string, pass: string): { auth: string } => ({ auth: Buffer.from(`${user}:${pass}`).toString('base64') });
const store = (config: unknown, podman: unknown[] = [], env: NodeJS.ProcessEnv = {}): CredentialStore => {
  const files = podman.map((p, i) => {
    const f = path.join(tempDir('podman'), `auth-${i}.json`);
    fs.writeFileSync(f, typeof p === 'string' ? p : JSON.stringify(p));
    return f;
  });
  return new CredentialStore({ dockerConfigDir: dockerConfig(config), podmanAuthFiles: files, env, log: () => undefined });
};

describe('registry credentials', () => {
  it("Docker Hub's key is https://index.docker.io/v1/", () => {
    assert.equal(credentialKey('docker.io'), 'https://index.docker.io/v1/');
    assert.equal(credentialKey('registry-1.docker.io'), 'https://index.docker.io/v1/');
    assert.equal(credentialKey('ghcr.io'), 'ghcr.io');
  });

  it('Hub credentials under the legacy key or a bare hostname', async () => {
    assert.equal((await store({ auths: { 'https://index.docker.io/v1/': auth('hub', 'p1') } }).get('docker.io'))?.username, 'hub');
    assert.equal((await store({ auths: { 'index.docker.io': auth('hub2', 'p2') } }).get('docker.io'))?.username, 'hub2');
  });

  it('exact key first, then legacy keys by hostname; credentials only for their host', async () => {
    const s = store({ auths: { 'https://ghcr.io/v1/': auth('legacy', 'x'), 'ghcr.io': auth('exact', 'y'), 'quay.io': auth('quay', 'z') } });
    assert.equal((await s.get('ghcr.io'))?.username, 'exact');
    assert.equal((await s.get('registry.example.com')), undefined);
    assert.equal((await s.get('ghcr.io:5000')), undefined, 'another port is another host');
  });

  it('password split at the first colon; username/password fields; broken entries ignored', async () => {
    const s = store({ auths: { a: auth('u', 'p:q:r'), b: { username: 'bu', password: 'bp' }, c: { auth: '!!!' }, d: { auth: Buffer.from('nocolon').toString('base64') } } });
    assert.deepEqual(await s.get('a'), { username: 'u', password: 'p:q:r', source: (await s.get('a'))!.source });
    assert.equal((await s.get('b'))?.password, 'bp');
    assert.equal(await s.get('c'), undefined);
    assert.equal(await s.get('d'), undefined);
  });

  it("podman's auth.json (host/namespace keys) after Docker's config; a corrupt file is skipped", async () => {
    const s = store({ auths: {} }, ['{not json', { auths: { 'quay.io/team': auth('podman', 'pp') } }]);
    const c = await s.get('quay.io');
    assert.equal(c?.username, 'podman');
    assert.match(c!.source, /auth-1\.json/);
  });

  it('DOCKER_CONFIG is honoured when no folder is given', async () => {
    const dir = dockerConfig({ auths: { 'env.example.com': auth('fromenv', 'x') } });
    const s = new CredentialStore({ podmanAuthFiles: [], env: { DOCKER_CONFIG: dir }, log: () => undefined });
    assert.equal((await s.get('env.example.com'))?.username, 'fromenv');
  });
});

describe('registry credential helpers', () => {
  it('a helper that hangs is killed at its timeout: no credentials, a warning without secrets', async () => {
    const dir = tempDir('slow-helper');
    fs.writeFileSync(path.join(dir, 'docker-credential-slow'), '#!/bin/sh\nsleep 5\necho \'{"Username":"u","Secret":"s"}\'\n', { mode: 0o755 });
    const logs: string[] = [];
    const s = new CredentialStore({ dockerConfigDir: dockerConfig({ credsStore: 'slow' }), podmanAuthFiles: [], env: { PATH: `${dir}:${process.env.PATH}` }, log: (_l, m) => logs.push(m), helperTimeoutMs: 200 });
    const start = Date.now();
    assert.equal(await s.get('slow.example.com'), undefined);
    assert.ok(Date.now() - start < 3000);
    assert.deepEqual(logs, ["credential helper 'slow' timed out; continuing without credentials"]);
  });

  it('a helper that failed (timeout, error) is asked again after a minute; a real answer is kept', async () => {
    const dir = tempDir('flaky-helper');
    const marker = path.join(dir, 'ran-once');
    fs.writeFileSync(path.join(dir, 'docker-credential-flaky'), `#!/bin/sh\nif [ ! -e '${marker}' ]; then touch '${marker}'; echo 'keychain locked' >&2; exit 1; fi\necho '{"Username":"u","Secret":"s"}'\n`, { mode: 0o755 });
    let now = 1_000_000;
    const s = new CredentialStore({ dockerConfigDir: dockerConfig({ credsStore: 'flaky' }), podmanAuthFiles: [], env: { PATH: `${dir}:${process.env.PATH}` }, log: () => undefined, now: () => now });
    assert.equal(await s.get('flaky.example.com'), undefined);
    assert.equal(await s.get('flaky.example.com'), undefined, 'within the minute: the failure is remembered, the helper not rerun');
    now += 61_000;
    assert.equal((await s.get('flaky.example.com'))?.username, 'u');
    fs.rmSync(path.join(dir, 'docker-credential-flaky'));
    now += 3600_000;
    assert.equal((await s.get('flaky.example.com'))?.username, 'u', 'an answer is cached for good');
  });

  it('a helper name that is not a plain word is never run', async () => {
    const logs: string[] = [];
    const s = new CredentialStore({ dockerConfigDir: dockerConfig({ credsStore: '../../bin/sh' }), podmanAuthFiles: [], env: { PATH: process.env.PATH }, log: (_l, m) => logs.push(m) });
    assert.equal(await s.get('x.example.com'), undefined);
    assert.match(logs[0], /unsafe name/);
  });
});
