/**
 * The resolver against a real docker-registry (anonymous setup) behind the fault proxy, which
 * counts requests: content kinds, request costs, the cache, offline/no-cache, mirrors, fixtures.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageLookup, ImagePlatforms } from '../../server/src/images/lookup';
import { startFaultProxy, type FaultProxy } from '../helpers/registry/proxy';
import { DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST, pushImage, pushSingle, sha256, type PushedImage } from '../helpers/registry/push';
import { startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { ref, testResolver, type TestResolver } from '../helpers/registry/resolver';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'registry');

function ok(l: ImageLookup): ImagePlatforms {
  if (!l.ok) assert.fail(`expected platforms, got ${l.error.state}: ${l.error.message}`);
  return l.image;
}
function errorOf(l: ImageLookup): { state: string; message: string } {
  if (l.ok) assert.fail(`expected an error, got platforms ${JSON.stringify(l.image.platforms)}`);
  return l.error;
}
const names = (i: ImagePlatforms): string[] => i.platforms.map((p) => `${p.platform.os}/${p.platform.architecture}${p.platform.variant ? '/' + p.platform.variant : ''}${p.platform.osVersion ? '@' + p.platform.osVersion : ''}`);

describe('registry resolver against a real registry (anonymous)', function () {
  this.timeout(30_000);
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let resolvers: TestResolver[] = [];
  const pushed: Record<string, PushedImage> = {};
  const make = (o: Parameters<typeof testResolver>[0] = {}): TestResolver => {
    const r = testResolver({ insecure: [proxy.host], ...o });
    resolvers.push(r);
    return r;
  };
  const at = (repoTag: string): string => `${proxy.host}/${repoTag}`;

  before(async () => {
    registry = await startRegistry();
    proxy = await startFaultProxy({ target: registry.url });
    pushed.attest = await pushImage(registry, 'oci/attest', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' }], attestations: true });
    pushed.list = await pushImage(registry, 'docker/list', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }], format: 'docker' });
    pushed.ociSingle = await pushImage(registry, 'single/oci', 'v1', { single: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    pushed.dockerSingle = await pushImage(registry, 'single/docker', 'v1', { single: { os: 'linux', architecture: 'amd64' }, format: 'docker' });
    pushed.octet = await pushImage(registry, 'single/octet', 'v1', { single: { os: 'linux', architecture: 's390x' }, configMediaType: 'application/octet-stream' });
    pushed.helm = await pushImage(registry, 'charts/app', '1.0.0', { single: { os: 'linux', architecture: 'amd64' }, configMediaType: 'application/vnd.cncf.helm.config.v1+json', config: { name: 'app', version: '1.0.0' } });
    pushed.windows = await pushImage(registry, 'win/app', 'v1', { platforms: [{ os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6414' }, { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2762' }, { os: 'linux', architecture: 'amd64' }], format: 'docker' });
    pushed.unplatformed = await pushImage(registry, 'oci/unplatformed', 'v1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'riscv64' }], omitPlatformFor: [1] });
    // Nested: top → [inner index (arm64, s390x), ppc64le manifest]; plus a duplicate linux/amd64.
    const inner = await pushImage(registry, 'oci/nested', 'inner', { platforms: [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 's390x' }] });
    const ppc = await pushSingle(registry, 'oci/nested', { os: 'linux', architecture: 'ppc64le' });
    const amd1 = await pushSingle(registry, 'oci/nested', { os: 'linux', architecture: 'amd64' });
    const amd2 = await pushSingle(registry, 'oci/nested', { os: 'linux', architecture: 'amd64' });
    pushed.nested = await pushImage(registry, 'oci/nested', 'v1', {
      index: [
        { mediaType: OCI_INDEX, digest: inner.digest, size: inner.size },
        { ...ppc, platform: { os: 'linux', architecture: 'ppc64le' } },
        { ...amd1, platform: { os: 'linux', architecture: 'amd64' } },
        { ...amd2, platform: { os: 'linux', architecture: 'x86_64' } },
      ],
    });
    // Real documents whose children exist: the lab-pushed arm64 manifest + config are byte-exact.
    pushed.artifact = await pushImage(registry, 'artifacts/sbom', 'v1', { single: { os: 'linux', architecture: 'amd64' }, artifactType: 'application/spdx+json', configMediaType: 'application/vnd.oci.empty.v1+json', config: {} });
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

  it('OCI index with attestations: platforms only, normalised, 1 HEAD + 1 GET', async () => {
    const r = make();
    const image = ok(await r.resolve(ref(at('oci/attest:v1'))));
    assert.equal(image.kind, 'index');
    assert.equal(image.digest, pushed.attest.digest);
    assert.equal(image.mediaType, OCI_INDEX);
    assert.deepEqual(names(image), ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6']);
    assert.deepEqual(image.platforms.map((p) => p.digest), pushed.attest.children.map((c) => c.digest));
    assert.equal(image.source, 'registry');
    assert.equal(proxy.count('HEAD'), 1);
    assert.equal(proxy.count('GET'), 1);
    assert.equal(proxy.count('GET', `/manifests/${pushed.attest.digest}`), 1);
    assert.equal(proxy.count(undefined, '/blobs/'), 0, 'no child manifests or blobs for an index');
  });

  it('Docker manifest list', async () => {
    const image = ok(await make().resolve(ref(at('docker/list:v1'))));
    assert.equal(image.mediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');
    assert.deepEqual(names(image), ['linux/amd64', 'linux/arm64']);
  });

  it('single OCI manifest: config blob read, 1 HEAD + 1 GET + 1 blob GET', async () => {
    const image = ok(await make().resolve(ref(at('single/oci:v1'))));
    assert.equal(image.kind, 'manifest');
    assert.equal(image.mediaType, OCI_MANIFEST);
    assert.deepEqual(names(image), ['linux/arm64']);
    assert.equal(proxy.count('HEAD'), 1);
    assert.equal(proxy.count('GET', '/manifests/'), 1);
    assert.equal(proxy.count('GET', '/blobs/'), 1);
    assert.equal(proxy.requests.length, 3);
  });

  it('single Docker manifest, and a config blob typed application/octet-stream', async () => {
    const r = make();
    const docker = ok(await r.resolve(ref(at('single/docker:v1'))));
    assert.equal(docker.mediaType, DOCKER_MANIFEST);
    assert.deepEqual(names(docker), ['linux/amd64']);
    assert.deepEqual(names(ok(await r.resolve(ref(at('single/octet:v1'))))), ['linux/s390x']);
  });

  it('Helm chart and OCI artifact: not a runnable image', async () => {
    const r = make();
    const helm = errorOf(await r.resolve(ref(at('charts/app:1.0.0'))));
    assert.equal(helm.state, 'not-runnable');
    assert.match(helm.message, /not a runnable image/);
    assert.equal(errorOf(await r.resolve(ref(at('artifacts/sbom:v1')))).state, 'not-runnable');
  });

  it('Windows entries keep os.version; an entry without platform takes its config', async () => {
    const r = make();
    assert.deepEqual(names(ok(await r.resolve(ref(at('win/app:v1'))))), ['windows/amd64@10.0.17763.6414', 'windows/amd64@10.0.20348.2762', 'linux/amd64']);
    proxy.clear();
    assert.deepEqual(names(ok(await r.resolve(ref(at('oci/unplatformed:v1'))))), ['linux/amd64', 'linux/riscv64']);
    assert.equal(proxy.count('GET', '/blobs/'), 1, "only the unplatformed child's config");
  });

  it('nested index: recursed, duplicates (amd64 = x86_64) collapse', async () => {
    const image = ok(await make().resolve(ref(at('oci/nested:v1'))));
    assert.deepEqual(names(image).sort(), ['linux/amd64', 'linux/arm64', 'linux/ppc64le', 'linux/s390x']);
  });

  it('an index of many entries without platform: child documents fetched within a budget, the rest named in a warning', async () => {
    const entries = [];
    for (let i = 0; i < 20; i++) entries.push(await pushSingle(registry, 'oci/wide', { os: 'linux', architecture: i % 2 ? 'arm64' : 'amd64' }));
    await pushImage(registry, 'oci/wide', 'v1', { index: entries });
    const image = ok(await make().resolve(ref(at('oci/wide:v1'))));
    assert.deepEqual(names(image), ['linux/amd64', 'linux/arm64']);
    assert.ok(proxy.requests.length <= 2 + 32, `${proxy.requests.length} requests`);
    assert.ok(image.warnings?.some((w) => /4 index entries were not inspected/.test(w)), JSON.stringify(image.warnings));
  });

  it('a digest-pinned reference: 1 GET, no HEAD', async () => {
    const image = ok(await make().resolve(ref(at(`docker/list:v1@${pushed.list.digest}`))));
    assert.equal(image.digest, pushed.list.digest);
    assert.equal(proxy.count('HEAD'), 0);
    assert.equal(proxy.count('GET'), 1);
  });

  it('missing tag and missing repository: not-found (negative answer cached briefly)', async () => {
    const r = make();
    const e = errorOf(await r.resolve(ref(at('docker/list:nope'))));
    assert.equal(e.state, 'not-found');
    assert.match(e.message, /not found/);
    assert.equal(errorOf(await r.resolve(ref(at('no/such-repo:v1')))).state, 'not-found');
    const before = proxy.requests.length;
    assert.equal(errorOf(await r.resolve(ref(at('docker/list:nope')))).state, 'not-found');
    assert.equal(proxy.requests.length, before, 'negative entry answered');
  });

  it('repeat within the TTL: 0 requests; after the TTL: 1 HEAD and no GET', async () => {
    let now = Date.now();
    const r = make({ now: () => now, ttlHours: 1 });
    ok(await r.resolve(ref(at('single/oci:v1'))));
    assert.equal(proxy.requests.length, 3);
    proxy.clear();
    const again = ok(await r.resolve(ref(at('single/oci:v1'))));
    assert.equal(again.source, 'cache');
    assert.equal(proxy.requests.length, 0);
    // A new resolver on the same cache folder (a new CLI run) also answers from disk.
    const second = make({ cacheDir: r.cacheDir, now: () => now, ttlHours: 1 });
    assert.equal(ok(await second.resolve(ref(at('single/oci:v1')))).source, 'cache');
    assert.equal(proxy.requests.length, 0);
    now += 2 * 3600_000;
    const stale = ok(await r.resolve(ref(at('single/oci:v1'))));
    assert.deepEqual(names(stale), ['linux/arm64']);
    assert.equal(proxy.count('HEAD'), 1);
    assert.equal(proxy.count('GET'), 0);
  });

  it('50 concurrent look-ups of one reference: one flight', async () => {
    const r = make();
    const answers = await Promise.all(Array.from({ length: 50 }, () => r.resolve(ref(at('docker/list:v1')))));
    for (const a of answers) assert.deepEqual(names(ok(a)), ['linux/amd64', 'linux/arm64']);
    assert.equal(proxy.count('HEAD'), 1);
    assert.equal(proxy.count('GET'), 1);
    assert.equal(r.stats().pending, 0);
    assert.equal(r.stats().resolved, 1);
  });

  it('per-host concurrency limit: never more requests in flight than registries.concurrency', async () => {
    const r = make({ concurrency: 2 });
    proxy.latencyMs = 40;
    try {
      const tags = ['attest:v1', 'nested:v1', 'unplatformed:v1'].map((t) => ref(at(`oci/${t}`)));
      const answers = await Promise.all([...tags, ref(at('docker/list:v1')), ref(at('single/oci:v1')), ref(at('win/app:v1'))].map((x) => r.resolve(x)));
      answers.forEach(ok);
      assert.ok(proxy.requests.length >= 12);
      assert.equal(proxy.maxInFlight, 2);
    } finally {
      proxy.latencyMs = 0;
    }
  });

  it('offline: answers from the cache only and says so', async () => {
    let now = Date.now();
    const warm = make({ now: () => now, ttlHours: 1 });
    ok(await warm.resolve(ref(at('docker/list:v1'))));
    proxy.clear();
    now += 48 * 3600_000;
    const offline = make({ cacheDir: warm.cacheDir, offline: true, now: () => now, ttlHours: 1 });
    const image = ok(await offline.resolve(ref(at('docker/list:v1'))));
    assert.equal(image.source, 'cache');
    assert.ok(image.warnings?.some((w) => /offline/.test(w)), JSON.stringify(image.warnings));
    const miss = errorOf(await offline.resolve(ref(at('single/docker:v1'))));
    assert.equal(miss.state, 'offline');
    assert.match(miss.message, /not in the cache/);
    assert.equal(proxy.requests.length, 0);
  });

  it('no network: a stale cached answer is served and says so', async () => {
    let now = Date.now();
    const gone = await startFaultProxy({ target: registry.url });
    const reference = ref(`${gone.host}/docker/list:v1`);
    const r = make({ now: () => now, ttlHours: 1, insecure: [gone.host], tuning: { retries: 0 } });
    ok(await r.resolve(reference));
    await gone.stop();
    now += 3 * 3600_000;
    const stale = ok(await r.resolve(reference));
    assert.equal(stale.source, 'cache');
    assert.deepEqual(names(stale), ['linux/amd64', 'linux/arm64']);
    assert.ok(stale.warnings?.some((w) => /registry unreachable: cached answer, tag last checked 3 h ago/.test(w)), JSON.stringify(stale.warnings));
    assert.equal(errorOf(await r.resolve(ref(`${gone.host}/docker/list:other`))).state, 'unreachable');
  });

  it('noCache: nothing written, nothing read from disk', async () => {
    const warm = make();
    ok(await warm.resolve(ref(at('docker/list:v1'))));
    const r = make({ cacheDir: warm.cacheDir, noCache: true });
    proxy.clear();
    assert.equal(ok(await r.resolve(ref(at('docker/list:v1')))).source, 'registry');
    assert.equal(proxy.count('GET'), 1);
    const fresh = make({ noCache: true });
    ok(await fresh.resolve(ref(at('docker/list:v1'))));
    assert.equal(fs.existsSync(path.join(fresh.cacheDir, 'registry-v1')), false);
  });

  it('a corrupt cache file is discarded and rebuilt; clearCache empties it', async () => {
    const warm = make();
    ok(await warm.resolve(ref(at('single/oci:v1'))));
    const root = path.join(warm.cacheDir, 'registry-v1');
    const files = ['digests', 'tags'].flatMap((d) => fs.readdirSync(path.join(root, d)).map((f) => path.join(root, d, f)));
    assert.ok(files.length >= 2);
    assert.equal(fs.readdirSync(path.join(root, 'digests')).filter((f) => f.endsWith('.tmp')).length, 0, 'no temp files left');
    for (const f of files) fs.writeFileSync(f, '{"v":1,"key":');
    const r = make({ cacheDir: warm.cacheDir });
    proxy.clear();
    assert.deepEqual(names(ok(await r.resolve(ref(at('single/oci:v1'))))), ['linux/arm64']);
    assert.equal(proxy.requests.length, 3, 'rebuilt from the registry');
    assert.ok(r.logs.some((l) => /corrupt cache file/.test(l)));
    await r.clearCache();
    assert.equal(fs.existsSync(root), false);
  });

  it('a cache file of the right outline but wrong field types is discarded too, never served', async () => {
    const warm = make();
    ok(await warm.resolve(ref(at('single/oci:v1'))));
    const dir = path.join(warm.cacheDir, 'registry-v1', 'digests');
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { value: { platforms: Array<{ platform: Record<string, unknown> }>; warnings?: unknown } };
      doc.value.platforms[0].platform.variant = 8;
      doc.value.warnings = [{ not: 'a string' }];
      fs.writeFileSync(file, JSON.stringify(doc));
    }
    const r = make({ cacheDir: warm.cacheDir });
    proxy.clear();
    const image = ok(await r.resolve(ref(at('single/oci:v1'))));
    assert.deepEqual(names(image), ['linux/arm64']);
    assert.equal(image.warnings, undefined);
    assert.ok(r.logs.some((l) => /corrupt cache file/.test(l)));
  });

  it('a look-up after close(): cancelled at once, no request', async () => {
    const r = make();
    await r.close();
    assert.equal(errorOf(await r.resolve(ref(at('docker/list:v1')))).state, 'cancelled');
    assert.equal(proxy.requests.length, 0);
  });

  it('untrusted workspace: no request at all', async () => {
    const r = make({ untrusted: true });
    assert.equal(errorOf(await r.resolve(ref(at('docker/list:v1')))).state, 'untrusted-workspace');
    assert.equal(proxy.requests.length, 0);
  });

  it('cancellation: an aborted caller gets cancelled, the flight stops, no unhandled rejection', async () => {
    const r = make();
    proxy.latencyMs = 300;
    try {
      const controller = new AbortController();
      const pending = r.resolve(ref(at('docker/list:v1')), { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      assert.equal(errorOf(await pending).state, 'cancelled');
      await new Promise((res) => setTimeout(res, 400));
      assert.equal(proxy.count('GET'), 0, 'no GET after the HEAD was cancelled');
      assert.equal(r.stats().pending, 0);
    } finally {
      proxy.latencyMs = 0;
    }
  });

  it('a shared flight survives one caller giving up; it stops only when every caller has', async () => {
    const r = make();
    proxy.latencyMs = 150;
    try {
      const a = new AbortController();
      const b = new AbortController();
      const first = r.resolve(ref(at('docker/list:v1')), { signal: a.signal });
      const second = r.resolve(ref(at('docker/list:v1')), { signal: b.signal });
      setTimeout(() => a.abort(), 30);
      assert.equal(errorOf(await first).state, 'cancelled');
      assert.deepEqual(names(ok(await second)), ['linux/amd64', 'linux/arm64']);
      assert.equal(proxy.count('HEAD'), 1);
      proxy.clear();
      const c = new AbortController();
      const d = new AbortController();
      const third = r.resolve(ref(at('single/oci:v1')), { signal: c.signal });
      const fourth = r.resolve(ref(at('single/oci:v1')), { signal: d.signal });
      setTimeout(() => c.abort(), 30);
      setTimeout(() => d.abort(), 60);
      assert.equal(errorOf(await third).state, 'cancelled');
      assert.equal(errorOf(await fourth).state, 'cancelled');
      await new Promise((res) => setTimeout(res, 400));
      assert.equal(proxy.count('GET'), 0, 'the flight stopped after the HEAD');
      assert.equal(r.stats().pending, 0);
    } finally {
      proxy.latencyMs = 0;
    }
  });

  it('mirror tried first with ?ns=; a failing mirror falls back to the upstream', async () => {
    const mirror = await startFaultProxy({ target: registry.url });
    try {
      const upstream = 'upstream.example.test';
      const r = make({ mirrors: { [upstream]: mirror.url }, insecure: [mirror.host] });
      const image = ok(await r.resolve(ref(`${upstream}/docker/list:v1`)));
      assert.deepEqual(names(image), ['linux/amd64', 'linux/arm64']);
      assert.equal(image.via, mirror.host);
      assert.ok(mirror.requests.every((q) => q.path.includes(`ns=${upstream}`)), JSON.stringify(mirror.requests));
      assert.equal(mirror.requests.length, 2);
      // Mirror fails → upstream (here the proxy, named as the upstream registry).
      mirror.rules.push({ action: { status: 500 } });
      const r2 = make({ mirrors: { [proxy.host]: mirror.url }, insecure: [mirror.host, proxy.host], tuning: { retries: 0 } });
      const fallback = ok(await r2.resolve(ref(at('single/docker:v1'))));
      assert.equal(fallback.via, undefined);
      assert.equal(proxy.count('HEAD'), 1);
    } finally {
      await mirror.stop();
    }
  });

  it('a plain-http mirror that is neither loopback nor listed insecure is not used (and says why)', async () => {
    const r = make({ mirrors: { [proxy.host]: 'http://mirror.example.invalid:5000' } });
    const image = ok(await r.resolve(ref(at('docker/list:v1'))));
    assert.equal(image.via, undefined);
    assert.equal(proxy.count('HEAD'), 1);
    assert.ok(r.logs.some((l) => /mirror mirror\.example\.invalid:5000 .*plain http and not in registries\.insecure/.test(l)), JSON.stringify(r.logs));
  });

  it('a signed schema1 manifest under its real digest (the JWS payload, as registries compute it): verified, answered', async () => {
    const body = fs.readFileSync(path.join(FIXTURES, 'docker-schema1-signed-manifest.json'));
    // containers/image's TestDockerV2S1ManifestDigest for this file: the payload without signatures.
    const digest = 'sha256:7364fea9d84ee548ab67d4c46c6006289800c98de3fbf8c0a97138dfcc23f000';
    proxy.rules.push({ path: '/v2/fx/schema1-real/manifests/', action: { serve: { body, contentType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', digest } } });
    const r = make();
    const s1 = ok(await r.resolve(ref(at('fx/schema1-real:latest'))));
    assert.equal(s1.digest, digest);
    assert.deepEqual(names(s1), ['linux/amd64']);
    assert.ok(s1.warnings?.some((w) => /deprecated/.test(w)));
    ok(await r.resolve(ref(at(`fx/schema1-real@${digest}`))));
    // A tampered document under that digest still fails (a fresh cache: a cached digest is never refetched).
    const tampered = Buffer.from(body.toString('utf8').replace('"architecture": "amd64"', '"architecture": "arm64"'));
    proxy.rules.unshift({ path: '/v2/fx/schema1-bad/manifests/', action: { serve: { body: tampered, contentType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', digest } } });
    assert.equal(errorOf(await make().resolve(ref(at('fx/schema1-bad:latest')))).state, 'invalid-response');
  });

  it('real documents (test/fixtures/registry) served as manifests', async () => {
    const serve = (repo: string, file: string, contentType: string): string => {
      const body = fs.readFileSync(path.join(FIXTURES, file));
      proxy.rules.push({ path: `/v2/${repo}/manifests/`, action: { serve: { body, contentType, digest: sha256(body) } } });
      return sha256(body);
    };
    const digest = serve('fx/postgres', 'dockerhub-postgres-17.11-oci-index-with-attestations.json', OCI_INDEX);
    assert.equal(digest, 'sha256:f4c66b820c6f974249089d3d16d86a3698eae11e8746eb6644b2271031e91232');
    serve('fx/busybox', 'dockerhub-busybox-1.27.2-manifest-list.json', 'application/vnd.docker.distribution.manifest.list.v2+json');
    serve('fx/schema1', 'docker-schema1-signed-manifest.json', 'application/vnd.docker.distribution.manifest.v1+prettyjws');
    serve('fx/mcr', 'windows-mcr-dotnet-runtime-7.0-manifest-list.json', 'application/vnd.docker.distribution.manifest.list.v2+json');
    serve('fx/edge', 'docker-manifest-list-arm-variant-edgecases.json', 'text/plain');
    serve('fx/zstd', 'oci-index-arm-variants-zstd-duplicates.json', 'application/json');
    const r = make();
    const pg = ok(await r.resolve(ref(at('fx/postgres:17.11'))));
    assert.equal(pg.platforms.length, 8);
    assert.ok(names(pg).includes('linux/arm64') && names(pg).includes('linux/arm/v7') && !names(pg).some((n) => n.includes('unknown')));
    const busybox = ok(await r.resolve(ref(at('fx/busybox:1.27.2'))));
    assert.ok(busybox.platforms.some((p) => p.digest?.startsWith('sha256:030fcb92')));
    const s1 = ok(await r.resolve(ref(at('fx/schema1:latest'))));
    assert.equal(s1.kind, 'schema1');
    assert.deepEqual(names(s1), ['linux/amd64']);
    assert.ok(s1.warnings?.some((w) => /deprecated/.test(w)));
    assert.ok(names(ok(await r.resolve(ref(at('fx/mcr:7.0'))))).some((n) => n.startsWith('windows/amd64@10.0.')));
    const edge = ok(await r.resolve(ref(at('fx/edge:v1'))));
    assert.ok(names(edge).includes('linux/arm/v7'), 'arm without variant = arm/v7 (sniffed from text/plain)');
    const zstd = ok(await r.resolve(ref(at('fx/zstd:v1'))));
    const keys = names(zstd);
    assert.equal(new Set(keys).size, keys.length, 'duplicates collapsed');
  });
});
