/**
 * The registry fault matrix of issue 18, shared by the end-to-end runs through the built CLI
 * (test/cli/fault-matrix.test.ts) and the spawned language server (test/lsp/fault-matrix.test.ts):
 * real registries (Debian's docker-registry) on loopback behind fault-injecting proxies, one image
 * per case, and what each case must answer. Also plants unique credentials (a docker config entry
 * and a credential helper) that the runs then look for in everything they wrote.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LookupErrorState } from '../../server/src/images/lookup';
import { makeCert, tempDir } from '../helpers/registry/certs';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { OCI_INDEX, OCI_MANIFEST, pushImage, sha256 } from '../helpers/registry/push';
import { startRegistry, type TestRegistry } from '../helpers/registry/registry';

export interface FaultCase {
  name: string;
  /** The image reference the file names. */
  image: string;
  state: LookupErrorState;
  /** The AL209 reason (the look-up's message). */
  reason: RegExp;
  /** Further checks on what the proxies saw. */
  check?: () => void;
}

export interface FaultMatrix {
  cases: FaultCase[];
  /** registries.insecure for the config (every loopback host used). */
  insecure: string[];
  /** A folder holding config.json (DOCKER_CONFIG) with the planted credentials. */
  dockerConfigDir: string;
  /** A folder with the credential helper program, to put first on PATH. */
  helperDir: string;
  /** The planted secrets and every encoding of them that must appear nowhere. */
  secrets: string[];
  /** A look-up that succeeds with the planted helper credentials (proves they were used). */
  authenticatedImage: string;
  proxies: FaultProxy[];
  /** Requests in progress at any proxy (0 once every look-up has let go). */
  inFlight(): number;
  clearRecords(): void;
  stop(): Promise<void>;
}

/** A deployment naming `image` (one container), for a case's file. */
export function deploymentOf(image: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`;
}

/** The registry timeout the runs configure: every case must answer well within CASE_LIMIT_MS. */
export const TIMEOUT_MS = 1500;
/** Three attempts of TIMEOUT_MS plus the back-off, plus a process start: the time limit of one case. */
export const CASE_LIMIT_MS = 9000;

export async function startFaultMatrix(): Promise<FaultMatrix> {
  const token1 = `archlens-secret-${randomBytes(12).toString('hex')}`;
  const token2 = `archlens-secret-${randomBytes(12).toString('hex')}`;
  const open = await startRegistry();
  const basic = await startRegistry({ auth: { kind: 'htpasswd', users: { alice: token1 } } });
  const registries: TestRegistry[] = [open, basic];
  await pushImage(open, 'fault/stall', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
  await pushImage(open, 'fault/huge', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }] });
  await pushImage(open, 'fault/mutate', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }] });
  await pushImage(open, 'fault/ratelimit', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }] });
  await pushImage(open, 'fault/tls', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }] });
  await pushImage(basic, 'team/private', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] });
  await pushImage(basic, 'team/moved', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }] });

  // main: faults by repository path. limited: its own host, held by a 429 (a host-wide back-off).
  const main = await startFaultProxy({ target: open.url });
  const limited = await startFaultProxy({ target: open.url });
  const cert = makeCert(tempDir('matrix-tls'), 'matrix-tls');
  const tls = await startFaultProxy({ target: open.url, tls: cert });
  // The Basic-auth registry, whose manifests are redirected to another host (127.0.0.2).
  const withAuth = await startFaultProxy({ target: basic.url });
  const elsewhere = await startFaultProxy({ host: '127.0.0.2' });
  // A registry that names a token realm on another origin (127.0.0.2), which records what it is sent.
  const challenger = await startFaultProxy();
  const realm = await startFaultProxy({ host: '127.0.0.2' });
  const proxies = [main, limited, tls, withAuth, elsewhere, challenger, realm];

  const arrange = (): void => {
    const serve = (repo: string, body: Buffer | string, contentType: string, digest = sha256(body)) =>
      main.rules.push({ path: `/v2/${repo}/manifests/`, action: { serve: { body, contentType, digest } } });
    main.rules.push({ path: '/v2/fault/5xx/', action: { status: 503, headers: { 'Content-Type': 'text/html' }, body: '<html>Service Unavailable</html>' } });
    main.rules.push({ path: '/v2/fault/reset/', action: { reset: true } });
    main.rules.push({ method: 'GET', path: '/v2/fault/stall/', action: { stallAfterBytes: 10 } });
    main.rules.push({ method: 'GET', path: '/v2/fault/huge/', action: { hugeBody: 50 * 1024 * 1024 } });
    main.rules.push({ method: 'GET', path: '/v2/fault/mutate/', action: { mutate: (b) => Buffer.from(b.toString('utf8').replace('amd64', 'arm64')) } });
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: sha256('x'), size: 1, platform: { os: 'linux', architecture: 'amd64' } }] });
    serve('fault/ctype', index, OCI_MANIFEST); // an index sent as an image manifest
    serve('fault/json', '{"schemaVersion": 2, "manifests": [', OCI_INDEX);
    const depth = 200_000;
    serve('fault/deep', `{"schemaVersion":2,"manifests":[${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}, ${'['.repeat(depth)}${']'.repeat(depth)}]}`, OCI_INDEX);
    // No content can hash to a digest it contains: an index "pointing at itself" comes with a lie about its digest.
    const selfDigest = sha256('the digest this index claims');
    serve('fault/self', JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_INDEX, digest: selfDigest, size: 100 }] }), OCI_INDEX, selfDigest);
    main.rules.push({ method: 'HEAD', path: '/v2/fault/loop/', action: { redirect: `${main.url}/v2/fault/loop/manifests/v1` } });
    limited.rules.push({ method: 'HEAD', path: '/v2/fault/ratelimit/', action: { status: 429, headers: { 'Retry-After': '3600' }, body: '{"errors":[{"code":"TOOMANYREQUESTS"}]}' } });
    tls.rules.push({ method: 'GET', path: '/v2/fault/tls/', action: { redirect: `${main.url}/v2/fault/tls/manifests/v1` } });
    withAuth.rules.push({ method: 'GET', path: '/v2/team/moved/manifests/sha256:', action: { redirect: `${elsewhere.url}/v2/team/moved/blob` } });
    elsewhere.rules.push({ action: { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="elsewhere"' } } });
    challenger.rules.push({ action: { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${realm.url}/token",service="challenger"` }, body: '{"errors":[{"code":"UNAUTHORIZED"}]}' } });
    realm.rules.push({ action: { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"token":"anonymous-token"}' } });
  };
  arrange();

  // Planted credentials: a helper for the Basic registry (its password is token1), an auths entry for the challenger (token2).
  const dockerConfigDir = tempDir('matrix-docker-config');
  fs.writeFileSync(path.join(dockerConfigDir, 'config.json'), JSON.stringify({
    credHelpers: { [withAuth.host]: 'archlens-matrix' },
    auths: { [challenger.host]: { auth: Buffer.from(`bob:${token2}`).toString('base64') } },
  }));
  const helperDir = tempDir('matrix-helper');
  const helper = path.join(helperDir, 'docker-credential-archlens-matrix');
  fs.writeFileSync(helper, `#!/bin/sh\ncat >/dev/null\nprintf '%s' '{"ServerURL":"${withAuth.host}","Username":"alice","Secret":"${token1}"}'\n`, { mode: 0o755 });

  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secrets = [token1, token2, b64(`alice:${token1}`), b64(`bob:${token2}`), b64(token1), b64(token2), Buffer.from(token1).toString('base64url'), encodeURIComponent(token2)];

  const cases: FaultCase[] = [
    { name: '429 with Retry-After beyond the limit', image: `${limited.host}/fault/ratelimit:v1`, state: 'rate-limited', reason: new RegExp(`^${esc(limited.host)} asked us to wait until \\d{4}-\\d\\d-\\d\\dT`) },
    { name: '5xx', image: `${main.host}/fault/5xx:v1`, state: 'registry-error', reason: new RegExp(`: ${esc(main.host)} answered HTTP 503$`), check: () => assert.equal(main.count('HEAD', '/v2/fault/5xx/'), 3, 'retried twice, then stopped') },
    { name: 'connection reset', image: `${main.host}/fault/reset:v1`, state: 'registry-error', reason: new RegExp(`^the connection to ${esc(main.host)} was reset$`) },
    { name: 'a stalled body', image: `${main.host}/fault/stall:v1`, state: 'timeout', reason: new RegExp(`^${esc(main.host)} did not answer in time$`) },
    { name: 'a 50 MB body', image: `${main.host}/fault/huge:v1`, state: 'invalid-response', reason: new RegExp(`^${esc(main.host)} sent more than the 4194304-byte limit$`) },
    { name: 'wrong Content-Type (an index sent as an image manifest)', image: `${main.host}/fault/ctype:v1`, state: 'invalid-response', reason: /: the manifest has no valid config descriptor$/ },
    { name: 'invalid JSON', image: `${main.host}/fault/json:v1`, state: 'invalid-response', reason: /: the registry answered something that is not JSON$/ },
    { name: 'deeply nested JSON (200,000 levels)', image: `${main.host}/fault/deep:v1`, state: 'invalid-response', reason: /: the index holds no valid descriptor \(2 malformed entries\)$/ },
    { name: 'a digest that does not match', image: `${main.host}/fault/mutate:v1`, state: 'invalid-response', reason: /: the content does not match its digest sha256:[0-9a-f]{12}…$/ },
    { name: 'an index that points at itself', image: `${main.host}/fault/self:v1`, state: 'invalid-response', reason: /: the content does not match its digest sha256:[0-9a-f]{12}…$/, check: () => assert.equal(main.count('GET', '/v2/fault/self/'), 1, 'fetched once, never followed') },
    { name: 'a redirect loop', image: `${main.host}/fault/loop:v1`, state: 'registry-error', reason: new RegExp(`^too many redirects \\(more than 10\\) from ${esc(main.host)}$`) },
    {
      name: 'a redirect to another host (Authorization dropped)',
      image: `${withAuth.host}/team/moved:v1`,
      state: 'unauthorized',
      reason: new RegExp(`^${esc(elsewhere.host)} requires credentials and none were found \\(docker login ${esc(elsewhere.host)}\\)$`),
      check: () => {
        assert.ok(withAuth.requests.some((r) => r.path.startsWith('/v2/team/moved/manifests/sha256:') && r.authorization), 'the registry got Authorization');
        assert.ok(elsewhere.requests.length >= 1, 'the other host was asked');
        assert.ok(elsewhere.requests.every((r) => !r.authorization), 'no Authorization at the other host');
      },
    },
    {
      name: 'https → http redirect refused',
      image: `${tls.host}/fault/tls:v1`,
      state: 'registry-error',
      reason: new RegExp(`^refused a redirect from https to plain http \\(${esc(main.host)}\\)$`),
      check: () => assert.equal(main.count(undefined, '/v2/fault/tls/'), 0, 'the http origin was never contacted'),
    },
    {
      name: 'a token realm on another origin (credentials withheld)',
      image: `${challenger.host}/team/secret:v1`,
      state: 'unauthorized',
      reason: new RegExp(`^team/secret on ${esc(challenger.host)}: anonymous access was refused, and the credentials from auths in .*config\\.json were not sent to the token service ${esc(realm.host)}, on another site than 127\\.0\\.0\\.1$`),
      check: () => {
        assert.ok(realm.requests.length >= 1, 'an anonymous token was asked for');
        assert.ok(realm.requests.every((r) => !r.authorization && !/[?&]account=/.test(r.path)), JSON.stringify(realm.requests));
      },
    },
  ];

  return {
    cases,
    insecure: proxies.map((p) => p.host),
    dockerConfigDir,
    helperDir,
    secrets,
    authenticatedImage: `${withAuth.host}/team/private:v1`,
    proxies,
    inFlight: () => proxies.reduce((n, p) => n + p.inFlight(), 0),
    clearRecords() {
      for (const p of proxies) p.requests.length = 0;
    },
    async stop() {
      await Promise.allSettled(proxies.map((p) => p.stop()));
      await Promise.allSettled(registries.map((r) => r.stop()));
      fs.rmSync(dockerConfigDir, { recursive: true, force: true });
      fs.rmSync(helperDir, { recursive: true, force: true });
    },
  };
}

function esc(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every file under `dir`, as text (the cache, a workspace): for the credential search. */
export function readTree(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${path.join(e.parentPath, e.name)}\n${fs.readFileSync(path.join(e.parentPath, e.name), 'latin1')}`)
    .join('\n');
}

/** Fails naming the secret's index (never the secret) when one appears in `text`. */
export function assertNoSecret(text: string, secrets: string[], where: string): void {
  secrets.forEach((s, i) => assert.ok(!text.includes(s), `secret #${i} found in ${where}`));
}
