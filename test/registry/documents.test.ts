/** Pure interpretation of real manifest documents (test/fixtures/registry), challenges and output formats. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseChallenges } from '../../server/src/registry/challenge';
import { formatPlatformsJson, formatPlatformsText } from '../../server/src/registry/format';
import { planIndex, planManifest, platformOfConfig, platformOfSchema1 } from '../../server/src/registry/manifest';
import { classify } from '../../server/src/registry/mediatypes';
import { parseRetryAfter } from '../../server/src/registry/transport';
import type { ImageLookup } from '../../server/src/images/lookup';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'registry');
const load = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
const platforms = (name: string): string[] => {
  const plan = planIndex(load(name));
  assert.ok(plan.ok);
  return plan.value.platforms.map((d) => `${d.platform!.os}/${d.platform!.architecture}${d.platform!.variant ? '/' + d.platform!.variant : ''}${d.platform!.osVersion ? '@' + d.platform!.osVersion : ''}`);
};

describe('registry documents (real fixtures)', () => {
  it('Docker Hub postgres:17.11 index: 8 platforms, 8 attestation entries skipped', () => {
    const plan = planIndex(load('dockerhub-postgres-17.11-oci-index-with-attestations.json'));
    assert.ok(plan.ok);
    assert.equal(plan.value.platforms.length, 8);
    assert.equal(plan.value.skipped, 8);
    assert.ok(!plan.value.platforms.some((d) => d.platform?.os === 'unknown'));
    assert.ok(platforms('dockerhub-postgres-17.11-oci-index-with-attestations.json').includes('linux/arm64/v8'));
  });

  it('BuildKit doc example: the attestation entry is skipped', () => {
    const plan = planIndex(load('buildkit-doc-example-index-with-attestation.json'));
    assert.ok(plan.ok);
    assert.deepEqual(plan.value.platforms.map((d) => d.platform?.architecture), ['amd64']);
    assert.equal(plan.value.skipped, 1);
  });

  it('buildx index with arm variants', () => {
    assert.deepEqual(platforms('buildx-oci-index-amd64-arm64-armv7-armv6.json'), ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6']);
  });

  it('legacy variants and arm without variant are kept raw here (normalised by the resolver)', () => {
    const list = platforms('docker-manifest-list-arm-variant-edgecases.json');
    assert.ok(list.includes('linux/arm'), list.join());
    assert.ok(platforms('docker-manifest-list-legacy-variants-armv7-armv8-features.json').some((p) => p.endsWith('/armv7')));
  });

  it('Windows manifest lists keep os.version', () => {
    const list = platforms('windows-mcr-dotnet-runtime-7.0-manifest-list.json');
    assert.ok(list.some((p) => p.startsWith('windows/amd64@10.0.')), list.join());
    assert.ok(platforms('windows-ghcr-containerd-volume-ownership-2.1-manifest-list.json').some((p) => p.startsWith('windows/')));
  });

  it('nested OCI spec index: the nested index is listed for recursion', () => {
    const plan = planIndex(load('oci-spec-example-index-nested.json'));
    assert.ok(plan.ok);
    assert.deepEqual(plan.value.nested.map((d) => d.digest), ['sha256:601570aaff1b68a61eb9c85b8beca1644e698003e0cdb5bce960f193d265a8b7']);
    assert.deepEqual(plan.value.platforms.map((d) => d.platform?.architecture), ['ppc64le']);
  });

  it('artifact index without platforms: entries need their child config', () => {
    const plan = planIndex(load('oci-artifact-index-with-subject-no-platform.json'));
    assert.ok(plan.ok);
    assert.equal(plan.value.platforms.length, 0);
    assert.deepEqual(plan.value.unplatformed.map((d) => d.digest), ['sha256:8e54c6754f08d22f85c7552bb1951b228b8194d29b14a1639dbe50868da0273e']);
  });

  it('image manifests name their config; configs name the platform', () => {
    const m = planManifest(load('oci-manifest-linux-arm-v7.json'));
    assert.ok(m.ok);
    assert.equal(m.value.config.digest, 'sha256:adc1ef6389168fbca31b7480d561a217e54f0fa883162ced06147b5bd61f1e7f');
    assert.deepEqual(platformOfConfig(load('oci-config-linux-arm-v7.json')), { ok: true, value: { os: 'linux', architecture: 'arm', variant: 'v7' } });
    assert.deepEqual(platformOfConfig(load('docker-schema2-config-amd64.json')), { ok: true, value: { os: 'linux', architecture: 'amd64' } });
    assert.deepEqual(platformOfConfig(load('lab-distribution-2.8-pushed-config-arm64.json')), { ok: true, value: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
  });

  it('a manifest with a Helm config is not runnable', () => {
    const m = planManifest({ schemaVersion: 2, config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: 'sha256:' + 'a'.repeat(64), size: 1 }, layers: [] });
    assert.equal(m.ok, false);
    assert.ok(!m.ok && 'notRunnable' in m);
  });

  it('schema1: top-level architecture', () => {
    const p = platformOfSchema1(load('docker-schema1-signed-manifest.json'));
    assert.ok(p.ok);
    assert.equal(p.value.architecture, 'amd64');
    assert.equal(p.value.os, 'linux');
  });

  it('classifies by Content-Type, else by sniffing', () => {
    assert.equal(classify('application/vnd.oci.image.index.v1+json; charset=utf-8', {})?.kind, 'index');
    assert.equal(classify('text/plain', load('dockerhub-busybox-1.27.2-manifest-list.json'))?.kind, 'index');
    assert.equal(classify('application/json', { schemaVersion: 2, manifests: [] })?.kind, 'index');
    assert.equal(classify(undefined, load('oci-spec-example-manifest-with-subject.json'))?.kind, 'manifest');
    assert.equal(classify('application/octet-stream', load('docker-schema1-signed-manifest.json'))?.kind, 'schema1');
    assert.equal(classify('text/html', '<html>'), undefined);
  });
});

describe('WWW-Authenticate parsing', () => {
  it('Bearer with quoted params, error and scope', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/x:pull",error="insufficient_scope"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/x:pull', error: 'insufficient_scope' } },
    ]);
  });
  it('bare values, several challenges, a comma inside quotes, token68, escapes', () => {
    assert.deepEqual(parseChallenges('Bearer realm=https://x/token, service=svc'), [{ scheme: 'bearer', params: { realm: 'https://x/token', service: 'svc' } }]);
    assert.deepEqual(parseChallenges('Negotiate abc==, Basic realm="a, b", Bearer realm="r"').map((c) => c.scheme), ['negotiate', 'basic', 'bearer']);
    assert.equal(parseChallenges('Basic realm="a, b"')[0].params.realm, 'a, b');
    assert.equal(parseChallenges('Bearer realm="a\\"b"')[0].params.realm, 'a"b');
    assert.deepEqual(parseChallenges(['Basic realm="x"', 'BEARER realm="y"']).map((c) => c.scheme), ['basic', 'bearer']);
  });
  it('realm-only Bearer and junk do not crash', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://r"'), [{ scheme: 'bearer', params: { realm: 'https://r' } }]);
    assert.doesNotThrow(() => parseChallenges('=,,"",\u0000 ==='));
  });
});

describe('Retry-After', () => {
  it('seconds and HTTP-date', () => {
    assert.equal(parseRetryAfter('3', 1000), 4000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', 0), Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'));
    assert.equal(parseRetryAfter('soon', 0), undefined);
  });
});

describe('platforms output', () => {
  const lookups = new Map<string, ImageLookup>([
    ['alpine:3.20', { ok: true, image: { reference: 'docker.io/library/alpine:3.20', digest: 'sha256:' + '1'.repeat(64), mediaType: 'application/vnd.oci.image.index.v1+json', kind: 'index', source: 'registry', fetchedAt: 0, platforms: [{ platform: { os: 'linux', architecture: 'amd64' }, digest: 'sha256:' + '2'.repeat(64), mediaType: 'application/vnd.oci.image.manifest.v1+json' }, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, digest: 'sha256:' + '3'.repeat(64) }] } }],
    ['ghcr.io/x/private:1', { ok: false, error: { state: 'not-found-or-private', message: 'not found or private — add credentials' } }],
  ]);
  it('text like docker buildx imagetools inspect', () => {
    const text = formatPlatformsText(lookups, 0);
    assert.equal(text, [
      'Name:      docker.io/library/alpine:3.20',
      'MediaType: application/vnd.oci.image.index.v1+json',
      `Digest:    sha256:${'1'.repeat(64)}`,
      'Source:    registry',
      '',
      'Manifests:',
      `  Name:      docker.io/library/alpine@sha256:${'2'.repeat(64)}`,
      '  MediaType: application/vnd.oci.image.manifest.v1+json',
      '  Platform:  linux/amd64',
      '',
      `  Name:      docker.io/library/alpine@sha256:${'3'.repeat(64)}`,
      '  Platform:  linux/arm/v7',
      '',
      'Name:      ghcr.io/x/private:1',
      'Error:     not-found-or-private: not found or private — add credentials',
      '',
    ].join('\n'));
  });
  it('JSON', () => {
    const json = JSON.parse(formatPlatformsJson(lookups)) as Array<Record<string, unknown>>;
    assert.equal(json.length, 2);
    assert.equal(json[0].ok, true);
    assert.deepEqual((json[0].platforms as Array<{ platform: string }>).map((p) => p.platform), ['linux/amd64', 'linux/arm/v7']);
    assert.deepEqual(json[1], { name: 'ghcr.io/x/private:1', ok: false, error: { state: 'not-found-or-private', message: 'not found or private — add credentials' } });
  });
});
