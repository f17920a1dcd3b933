/** Compose files: AL501/AL502 on services that build a registry image, AL504 on pulled images' platform. */
import * as assert from 'node:assert/strict';
import { expectNone, expectOne, findings, fixed } from './util';
import type { ImageLookup } from '../../../server/src/images/lookup';
import type { Platform } from '../../../server/src/images/platform';
import { buildScriptReaders } from '../../../server/src/buildscripts/analyzers';
import { findingsOf } from '../../helpers/lint';

const F = 'docker-compose.yml';

describe('build scripts: Compose', () => {
  describe('AL501 push-without-platform', () => {
    const msg = (service: string, image: string) =>
      `Compose service "${service}" pushes an image (its image ${image} names a registry (docker compose push / build --push)) with no build.platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64`;

    it('fires on build: of a service whose image names a registry; the fix adds build.platforms', () => {
      const text = `services:
  web:
    image: ghcr.io/acme/web:1.0
    build:
      context: .
      dockerfile: Dockerfile
    ports: ["8080:80"]
`;
      const f = expectOne(text, F, 'AL501', 'warning', '3:4-3:9', msg('web', 'ghcr.io/acme/web:1.0'));
      assert.equal(fixed(text, F, f), `services:
  web:
    image: ghcr.io/acme/web:1.0
    build:
      context: .
      dockerfile: Dockerfile
      platforms: ["linux/amd64", "linux/arm64"]
    ports: ["8080:80"]
`);
    });

    it('offers the platforms without preferring them: `docker compose build` of several fails on the classic image store (azure-voting-app-redis)', () => {
      const text = `services:
  azure-vote-front:
    build: ./azure-vote
    image: mcr.microsoft.com/azuredocs/azure-vote-front:v1
`;
      const f = expectOne(text, F, 'AL501', 'warning', '2:4-2:9', msg('azure-vote-front', 'mcr.microsoft.com/azuredocs/azure-vote-front:v1'));
      assert.equal(f.fixes?.length, 1);
      assert.notEqual(f.fixes?.[0].preferred, true);
      assert.match(f.fixes[0].title, /not applied by --fix: needs a builder for several platforms/);
    });

    it('keeps flow mappings valid YAML', () => {
      const text = 'services: {web: {image: ghcr.io/a/w, build: .}, api: {image: ghcr.io/a/x, build: {context: ./api}}}\n';
      const [web, api] = findings(text, F, 'AL501');
      assert.equal(fixed(text, F, web), 'services: {web: {image: ghcr.io/a/w, build: {context: ., platforms: ["linux/amd64", "linux/arm64"]}}, api: {image: ghcr.io/a/x, build: {context: ./api}}}\n');
      assert.equal(fixed(text, F, api), 'services: {web: {image: ghcr.io/a/w, build: .}, api: {image: ghcr.io/a/x, build: {context: ./api, platforms: ["linux/amd64", "linux/arm64"]}}}\n');
    });

    it('turns a short build: string into a map with platforms (CRLF kept)', () => {
      const text = 'services:\r\n  api:\r\n    build: ./api\r\n    image: registry.example.com:5000/api\r\n';
      const f = expectOne(text, 'compose.yaml', 'AL501', 'warning', '2:4-2:9', msg('api', 'registry.example.com:5000/api'));
      assert.equal(fixed(text, 'compose.yaml', f), 'services:\r\n  api:\r\n    build:\r\n      context: ./api\r\n      platforms: ["linux/amd64", "linux/arm64"]\r\n    image: registry.example.com:5000/api\r\n');
    });

    it('follows YAML anchors and merge keys shared by services', () => {
      const text = `x-build: &build
  context: .
  platforms: [linux/amd64]
services:
  web:
    image: ghcr.io/acme/web
    build:
      <<: *build
      target: web
`;
      const f = expectOne(text, F, 'AL502', 'info', '2:13-2:26',
        'Compose service "web" pushes only linux/amd64 (its image ghcr.io/acme/web names a registry (docker compose push / build --push)); the targets also include linux/arm64, where this image will not run');
      assert.ok(fixed(text, F, f).startsWith('x-build: &build\n  context: .\n  platforms: [linux/amd64, linux/arm64]\n'));
    });

    it('reports services that share one build: and image: through a merge key once (invoke-ai/InvokeAI docker/docker-compose.yml:5)', () => {
      const text = `x-app: &app
  image: "ghcr.io/acme/app:latest"
  build:
    context: ..
    dockerfile: docker/Dockerfile
services:
  app-cuda:
    <<: *app
  app-cpu:
    <<: *app
    profiles: [cpu]
`;
      const f = expectOne(text, F, 'AL501', 'warning', '2:2-2:7',
        'Compose service "app-cuda" (and "app-cpu", which share its build: and image:) pushes an image (its image ghcr.io/acme/app:latest names a registry (docker compose push / build --push)) with no build.platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
      assert.ok(fixed(text, F, f).includes('    dockerfile: docker/Dockerfile\n    platforms: ["linux/amd64", "linux/arm64"]\nservices:'));
      // Silenced above any of the services, as each would be.
      expectNone(text.replace('  app-cpu:\n', '  # archlens ignore=AL501\n  app-cpu:\n'), F, 'AL501');
      // Must still fire once per service: a service with its own image (another repository pushed).
      const own = text + '  app-rocm:\n    <<: *app\n    image: ghcr.io/acme/app-rocm:latest\n';
      const all = findings(own, F, 'AL501');
      assert.equal(all.length, 2);
      assert.match(all[1].message, /^Compose service "app-rocm" pushes an image \(its image ghcr\.io\/acme\/app-rocm:latest/);
    });

    it('is silenced above the service', () => {
      expectNone('services:\n  # archlens ignore=AL501\n  web:\n    image: ghcr.io/acme/web\n    build: .\n', F, 'AL501');
    });

    it('does not fire: local image names, platforms given, variable platforms, no build', () => {
      for (const text of [
        'services:\n  web:\n    image: web:dev\n    build: .\n',
        'services:\n  web:\n    build: .\n',
        'services:\n  web:\n    image: ghcr.io/acme/web\n    build:\n      context: .\n      platforms: [linux/amd64, linux/arm64]\n',
        'services:\n  web:\n    image: ghcr.io/acme/web\n    build:\n      context: .\n      platforms: ["${PLATFORM}"]\n',
        'services:\n  db:\n    image: docker.io/library/postgres:16\n',
      ]) expectNone(text, F, 'AL501');
    });

    it('does not fire on an image named through a pull-only Scarf gateway (apache/incubator-devlake docker-compose-dev.yml:62)', () => {
      // devlake.docker.scarf.sh serves pulls of docker.io/apache/...; nothing can be pushed there.
      expectNone('services:\n  grafana:\n    image: devlake.docker.scarf.sh/apache/devlake-dashboard:latest\n    build:\n      context: grafana/\n', F, 'AL501');
      expectNone('services:\n  ui:\n    image: acme.scarf.sh/acme/ui\n    build: .\n', F, 'AL501');
      // Must still fire: a registry host that only looks alike.
      expectOne('services:\n  web:\n    image: docker.scarf.example.com/acme/web\n    build: .\n', F, 'AL501', 'warning', '3:4-3:9', msg('web', 'docker.scarf.example.com/acme/web'));
    });

    it("leaves a service to the workflow that publishes its image (docker-zulip compose.yaml:69, synapse contrib/docker)", () => {
      const compose = 'services:\n  zulip:\n    image: "ghcr.io/zulip/zulip-server:12.1-0"\n    build:\n      context: .\n';
      const workflow = (image: string, push = 'true') => 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n'
        + `          platforms: linux/amd64,linux/arm64\n          push: ${push}\n          tags: ${image}\n`;
      const lint = (wf: string) => findingsOf(compose, 'AL501', { file: '/repo/compose.yaml', workspace: { '/repo/.github/workflows/build.yaml': wf } });
      assert.deepEqual(lint(workflow('ghcr.io/zulip/zulip-server:latest')), []);
      // Must still fire: the workflow publishes another image, or only builds this one; or no workspace.
      assert.equal(lint(workflow('ghcr.io/zulip/other:latest')).length, 1);
      assert.equal(lint(workflow('ghcr.io/zulip/zulip-server:latest', 'false')).length, 1);
      assert.equal(findingsOf(compose, 'AL501', { file: '/repo/compose.yaml' }).length, 1);
    });
    it('leaves a service to a workflow that pushes its Dockerfile for several platforms under tags known only at run time (dask/dask-docker build/docker-compose.yml:5)', () => {
      const compose = 'services:\n  scheduler:\n    build:\n      context: ../base\n      dockerfile: Dockerfile\n    image: ghcr.io/dask/dask:latest\n';
      const workflow = (context: string, tags: string, platforms = 'linux/amd64,linux/arm64') => 'on: push\njobs:\n  docker:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n'
        + `      - uses: docker/build-push-action@v6\n        with:\n          context: ${context}\n          push: true\n          platforms: ${platforms}\n          tags: ${tags}\n`;
      const lint = (wf: string) => findingsOf(compose, 'AL501', { file: '/repo/build/docker-compose.yml', workspace: { '/repo/.github/workflows/build.yml': wf, '/repo/base/Dockerfile': 'FROM alpine\n' } });
      assert.deepEqual(lint(workflow('./base', '${{ steps.tags.outputs.tags }}')), []);
      // Must still fire: another Dockerfile, tags that resolve to another name, one platform only.
      assert.equal(lint(workflow('./notebook', '${{ steps.tags.outputs.tags }}')).length, 1);
      assert.equal(lint(workflow('./base', 'ghcr.io/dask/other:latest')).length, 1);
      assert.equal(lint(workflow('./base', '${{ steps.tags.outputs.tags }}', 'linux/amd64')).length, 1);
    });
  });

  describe('AL502 single-platform-push', () => {
    it('fires on build.platforms (flow) and appends the missing target', () => {
      const text = 'services:\n  web:\n    image: ghcr.io/acme/web\n    build:\n      context: .\n      platforms: ["linux/amd64"]\n';
      const f = expectOne(text, F, 'AL502', 'info', '5:17-5:32',
        'Compose service "web" pushes only linux/amd64 (its image ghcr.io/acme/web names a registry (docker compose push / build --push)); the targets also include linux/arm64, where this image will not run');
      assert.ok(fixed(text, F, f).endsWith('platforms: ["linux/amd64", "linux/arm64"]\n'));
    });

    it('fires on build.platforms (block) and appends an item', () => {
      const text = 'services:\n  web:\n    image: ghcr.io/acme/web\n    build:\n      context: .\n      platforms:\n        - linux/arm64\n    restart: always\n';
      const f = expectOne(text, F, 'AL502', 'info', '6:8-6:21',
        'Compose service "web" pushes only linux/arm64 (its image ghcr.io/acme/web names a registry (docker compose push / build --push)); the targets also include linux/amd64, where this image will not run');
      assert.equal(fixed(text, F, f), 'services:\n  web:\n    image: ghcr.io/acme/web\n    build:\n      context: .\n      platforms:\n        - linux/arm64\n        - linux/amd64\n    restart: always\n');
    });

    it('fires on a service platform: that the build inherits (no fix: a service runs one platform)', () => {
      const text = 'services:\n  web:\n    image: ghcr.io/acme/web\n    platform: linux/amd64\n    build: .\n';
      const f = expectOne(text, F, 'AL502', 'info', '3:14-3:25',
        'Compose service "web" pushes only linux/amd64 (its image ghcr.io/acme/web names a registry (docker compose push / build --push)); the targets also include linux/arm64, where this image will not run');
      assert.equal(f.fixes, undefined);
    });

    it('does not fire for every target or a local image', () => {
      expectNone('services:\n  web:\n    image: ghcr.io/acme/web\n    build:\n      platforms: [linux/amd64, linux/arm64]\n', F, 'AL502');
      expectNone('services:\n  web:\n    image: web\n    platform: linux/amd64\n    build: .\n', F, 'AL502');
    });
  });

  describe('AL504 compose-platform-mismatch (registry answers given directly)', () => {
    const answer = (canonical: string, kind: 'index' | 'manifest', platforms: Platform[]): ImageLookup => ({
      ok: true,
      image: { reference: canonical, digest: 'sha256:' + '0'.repeat(64), mediaType: 'application/vnd.oci.image.index.v1+json', kind, platforms: platforms.map((platform) => ({ platform })), source: 'registry', fetchedAt: 0 },
    });
    const amd64 = { os: 'linux', architecture: 'amd64' };
    const arm64v8 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
    const text = 'services:\n  db:\n    image: postgres:16\n    platform: linux/arm64\n';
    const canonical = 'docker.io/library/postgres:16';

    it('fires on platform: when an index lacks it', () => {
      const lookups = new Map([[canonical, answer(canonical, 'index', [amd64])]]);
      const f = expectOne(text, F, 'AL504', 'warning', '3:14-3:25',
        'service "db" asks for linux/arm64, but postgres:16 publishes only linux/amd64: docker compose pull fails with "no matching manifest for linux/arm64"', { lookups });
      assert.equal(`${f.related?.[0].range.start.line}:${f.related?.[0].range.start.character}`, '2:11');
    });

    it('says what happens with a single-platform image', () => {
      const lookups = new Map([[canonical, answer(canonical, 'manifest', [amd64])]]);
      expectOne(text, F, 'AL504', 'warning', '3:14-3:25',
        'service "db" asks for linux/arm64, but postgres:16 publishes only linux/amd64: it is pulled, then the container fails with exec format error (or runs under emulation if QEMU is installed)', { lookups });
    });

    it('does not fire when the platform is published (variants normalised), unknown, or failed to look up', () => {
      expectNone(text, F, 'AL504', { lookups: new Map([[canonical, answer(canonical, 'index', [amd64, arm64v8])]]) });
      expectNone(text, F, 'AL504', { lookups: new Map() });
      expectNone(text, F, 'AL504', { lookups: new Map([[canonical, { ok: false, error: { state: 'not-found', message: 'not found' } }]]) });
      expectNone('services:\n  db:\n    image: postgres:16\n', F, 'AL504', { lookups: new Map([[canonical, answer(canonical, 'index', [amd64])]]) });
    });

    it('is silenced by a comment above platform:', () => {
      const lookups = new Map([[canonical, answer(canonical, 'index', [amd64])]]);
      expectNone('services:\n  db:\n    image: postgres:16\n    # archlens ignore=compose-platform-mismatch\n    platform: linux/arm64\n', F, 'AL504', { lookups });
      expectNone('services:\n  # archlens ignore=AL504\n  db:\n    image: postgres:16\n    platform: linux/arm64\n', F, 'AL504', { lookups });
    });

    it('asks the resolver only for images pulled with a platform (not for built ones)', () => {
      assert.deepEqual(findings(text, F, 'AL504'), []); // offline: registry rules do not run
      const analyzer = buildScriptReaders.compose;
      const model = analyzer.parse('services:\n  db:\n    image: postgres:16\n    platform: linux/arm64\n  cache:\n    image: redis:7\n  web:\n    image: ghcr.io/a/web\n    platform: linux/amd64\n    build: .\n', F).model!;
      assert.deepEqual(analyzer.images(model).map((u) => [u.reference.ok && u.reference.ref.canonical, u.range.start.line, u.platform]),
        [['docker.io/library/postgres:16', 2, { os: 'linux', architecture: 'arm64' }]]);
    });
  });
});
