import * as assert from 'node:assert/strict';
import {
  familiarName,
  parseImageReference,
  registryApiHost,
  withoutDigest,
  type ImageRef,
} from '../../../server/src/images/reference';

const HEX = 'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';
const D = `sha256:${HEX}`;
const D512 = `sha512:${'ab'.repeat(64)}`;

interface Ok {
  input: string;
  canonical: string;
  registry?: string;
  repository?: string;
  /** Expected `tag` field (undefined = must be absent). */
  tag?: string | null;
  digest?: string;
  familiar?: string;
}
interface Bad {
  input: string;
  reason: RegExp;
}

/** Normalised like distribution/reference ParseDockerRef (cases partly from its normalize_test.go). */
const VALID: Ok[] = [
  { input: 'nginx', canonical: 'docker.io/library/nginx:latest', registry: 'docker.io', repository: 'library/nginx', tag: 'latest', familiar: 'nginx:latest' },
  { input: 'nginx:1.27', canonical: 'docker.io/library/nginx:1.27', tag: '1.27', familiar: 'nginx:1.27' },
  { input: 'library/nginx', canonical: 'docker.io/library/nginx:latest', familiar: 'nginx:latest' },
  { input: 'myregistry/app', canonical: 'docker.io/myregistry/app:latest', registry: 'docker.io', repository: 'myregistry/app', familiar: 'myregistry/app:latest' },
  { input: 'test.com:5000', canonical: 'docker.io/library/test.com:5000', repository: 'library/test.com', tag: '5000' },
  { input: 'localhost', canonical: 'docker.io/library/localhost:latest', registry: 'docker.io' },
  { input: 'localhost:5000', canonical: 'docker.io/library/localhost:5000', tag: '5000' },
  { input: 'localhost/app', canonical: 'localhost/app:latest', registry: 'localhost', repository: 'app' },
  { input: 'localhost:5000/a/b:c', canonical: 'localhost:5000/a/b:c', registry: 'localhost:5000', repository: 'a/b', tag: 'c', familiar: 'localhost:5000/a/b:c' },
  { input: 'Foo/bar', canonical: 'Foo/bar:latest', registry: 'Foo', repository: 'bar' },
  { input: 'DOCKER/docker', canonical: 'DOCKER/docker:latest', registry: 'DOCKER' },
  { input: 'docker.io/nginx', canonical: 'docker.io/library/nginx:latest', repository: 'library/nginx' },
  { input: 'docker.io/library/nginx:1.27', canonical: 'docker.io/library/nginx:1.27' },
  { input: 'index.docker.io/library/nginx', canonical: 'docker.io/library/nginx:latest', registry: 'docker.io' },
  { input: 'index.docker.io/nginx', canonical: 'docker.io/library/nginx:latest' },
  { input: 'registry-1.docker.io/x/y', canonical: 'docker.io/x/y:latest', registry: 'docker.io', repository: 'x/y', familiar: 'x/y:latest' },
  { input: 'docker.io/library/foo/bar', canonical: 'docker.io/library/foo/bar:latest', familiar: 'library/foo/bar:latest' },
  { input: 'other/library', canonical: 'docker.io/other/library:latest' },
  { input: `ghcr.io/o/r@${D}`, canonical: `ghcr.io/o/r@${D}`, registry: 'ghcr.io', repository: 'o/r', tag: null, digest: D, familiar: `ghcr.io/o/r@${D}` },
  { input: `nginx:1.27@${D}`, canonical: `docker.io/library/nginx@${D}`, tag: '1.27', digest: D, familiar: `nginx@${D}` },
  { input: `nginx@${D}`, canonical: `docker.io/library/nginx@${D}`, tag: null, digest: D },
  { input: `quay.io/a/b@${D512}`, canonical: `quay.io/a/b@${D512}`, digest: D512 },
  { input: 'gcr.io/distroless/static:nonroot', canonical: 'gcr.io/distroless/static:nonroot', registry: 'gcr.io', repository: 'distroless/static', tag: 'nonroot' },
  { input: 'registry.k8s.io/pause:3.9', canonical: 'registry.k8s.io/pause:3.9', repository: 'pause' },
  { input: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1.2.3', canonical: '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app:v1.2.3' },
  { input: '[::1]:5000/app', canonical: '[::1]:5000/app:latest', registry: '[::1]:5000', repository: 'app' },
  { input: '[fc00:1:2:3:4:5:6:7]:5000/library/debian', canonical: '[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest' },
  { input: '127.0.0.1:5000/debian', canonical: '127.0.0.1:5000/debian:latest', registry: '127.0.0.1:5000' },
  { input: '192.168.0.1', canonical: 'docker.io/library/192.168.0.1:latest' },
  { input: '192.168.0.1:80', canonical: 'docker.io/library/192.168.0.1:80', tag: '80' },
  { input: 'test_com/foo', canonical: 'docker.io/test_com/foo:latest', registry: 'docker.io' },
  { input: 'test-com:8080/foo', canonical: 'test-com:8080/foo:latest', registry: 'test-com:8080' },
  { input: 'xn--n3h.com:18080/foo', canonical: 'xn--n3h.com:18080/foo:latest' },
  { input: 'dock__er/docker---rules', canonical: 'docker.io/dock__er/docker---rules:latest' },
  { input: 'd/t', canonical: 'docker.io/d/t:latest' },
  { input: `docker.io/${HEX}`, canonical: `docker.io/library/${HEX}:latest` },
  { input: 'ubuntu-12.04-base', canonical: 'docker.io/library/ubuntu-12.04-base:latest' },
  { input: 'app:V1_Final', canonical: 'docker.io/library/app:V1_Final', tag: 'V1_Final' },
  { input: 'app:_x', canonical: 'docker.io/library/app:_x', tag: '_x' },
  { input: `app:${'t'.repeat(128)}`, canonical: `docker.io/library/app:${'t'.repeat(128)}` },
  // The 255 limit is on the path, and library/ counts: 247 + 8 = 255.
  { input: `${'a'.repeat(247)}:1`, canonical: `docker.io/library/${'a'.repeat(247)}:1` },
  { input: 'ghcr.io/org/sub/group/image:1', canonical: 'ghcr.io/org/sub/group/image:1', repository: 'org/sub/group/image' },
  { input: 'GHCR.IO/org/app', canonical: 'GHCR.IO/org/app:latest', registry: 'GHCR.IO' },
];

const INVALID: Bad[] = [
  { input: '', reason: /empty/ },
  { input: 'scratch', reason: /scratch/ },
  { input: '${REGISTRY}/app:${TAG}', reason: /^cannot check: the reference depends on variables \$\{REGISTRY\} and \$\{TAG\}$/ },
  { input: 'nginx:$VERSION', reason: /^cannot check: the reference depends on variable \$VERSION$/ },
  { input: '${IMAGE:-nginx}', reason: /depends on variable \$\{IMAGE:-nginx\}/ },
  { input: '{{ .Values.image }}', reason: /^cannot check: the reference is a template/ },
  { input: 'repo/{{ .Chart.Name }}:{{ .Values.tag }}', reason: /template/ },
  { input: 'https://x/y', reason: /URL/ },
  { input: 'https://github.com/docker/docker', reason: /URL/ },
  { input: 'nginx latest', reason: /whitespace/ },
  { input: ' nginx', reason: /whitespace/ },
  { input: HEX, reason: /image ID/ },
  { input: 'foo/Bar', reason: /must be lowercase/ },
  { input: 'Nginx', reason: /^invalid reference "Nginx": repository name "Nginx" must be lowercase$/ },
  { input: 'index.docker.io/Team/app', reason: /repository name "Team\/app" must be lowercase/ },
  { input: '$(cat image.txt)', reason: /^cannot check: the reference contains a shell expansion/ },
  { input: '<YOUR-CONTAINER>', reason: /^cannot check: "<YOUR-CONTAINER>" is a placeholder/ },
  { input: 'registry/<image_url>:tag', reason: /placeholder/ },
  { input: 'docker.io/docker/Docker', reason: /must be lowercase/ },
  { input: `app:${'t'.repeat(129)}`, reason: /129 characters, at most 128/ },
  { input: 'app:-x', reason: /invalid tag "-x"/ },
  { input: 'app:.x', reason: /invalid tag/ },
  { input: 'nginx:', reason: /empty tag/ },
  { input: 'nginx@sha256:abc', reason: /invalid digest/ },
  { input: `nginx@sha256:${HEX.toUpperCase()}`, reason: /lowercase/ },
  { input: `nginx@sha256:${HEX}00`, reason: /needs 64 hex characters, got 66/ },
  { input: `nginx@md5:${HEX}`, reason: /unsupported digest algorithm "md5"/ },
  { input: 'nginx@latest', reason: /invalid digest/ },
  { input: '-docker', reason: /^invalid repository name "-docker": / },
  { input: '-docker.io/docker/docker', reason: /invalid registry host/ },
  { input: 'docker///docker', reason: /invalid repository name/ },
  { input: 'docker/', reason: /invalid repository name/ },
  { input: '____/____', reason: /invalid repository name/ },
  { input: 'dock..er/docker', reason: /invalid registry host "dock..er"/ }, // '.' makes it a host
  { input: 'dock_.er/docker', reason: /invalid registry host/ },
  { input: 'x/dock-.er', reason: /invalid repository name/ },
  { input: `${'a'.repeat(248)}:1`, reason: /256 characters long; at most 255/ },
  { input: '[fc00::1]:5000', reason: /invalid/ },
  { input: 'fc00::1:5000/debian', reason: /invalid registry host/ },
  { input: '[fe80::1%eth0]:5000/debian', reason: /invalid registry host/ },
  { input: ':tag', reason: /no repository name/ },
  { input: `docker.io/${'a/'.repeat(128)}b`, reason: /257 characters long; at most 255/ },
];

function fieldsOf(ref: ImageRef): Record<string, unknown> {
  return { registry: ref.registry, repository: ref.repository, tag: ref.tag, digest: ref.digest };
}

describe('parseImageReference (ParseDockerRef table)', () => {
  it(`has at least 45 table rows (${VALID.length + INVALID.length})`, () => {
    assert.ok(VALID.length + INVALID.length >= 45);
  });

  for (const row of VALID) {
    it(`normalises ${JSON.stringify(row.input.length > 70 ? row.input.slice(0, 70) + '…' : row.input)}`, () => {
      const parsed = parseImageReference(row.input);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      const { ref } = parsed;
      assert.equal(ref.canonical, row.canonical);
      assert.equal(ref.original, row.input);
      if (row.registry !== undefined) assert.equal(ref.registry, row.registry, 'registry');
      if (row.repository !== undefined) assert.equal(ref.repository, row.repository, 'repository');
      if (row.tag === null) assert.equal(ref.tag, undefined, 'no tag with a bare digest');
      else if (row.tag !== undefined) assert.equal(ref.tag, row.tag, 'tag');
      if (row.digest !== undefined) assert.equal(ref.digest, row.digest, 'digest');
      if (row.familiar !== undefined) assert.equal(familiarName(ref), row.familiar, 'familiar');
      // The canonical form is a fixed point: parsing it again gives the same reference.
      const again = parseImageReference(ref.canonical);
      assert.ok(again.ok);
      assert.equal(again.ref.canonical, ref.canonical);
      assert.deepEqual(fieldsOf(again.ref), { ...fieldsOf(ref), tag: ref.digest ? undefined : ref.tag });
      // The familiar form names the same image.
      const familiar = parseImageReference(familiarName(ref));
      assert.ok(familiar.ok);
      assert.equal(familiar.ref.canonical, ref.canonical);
    });
  }

  for (const row of INVALID) {
    it(`rejects ${JSON.stringify(row.input.length > 70 ? row.input.slice(0, 70) + '…' : row.input)}`, () => {
      const parsed = parseImageReference(row.input);
      assert.equal(parsed.ok, false, 'should not be a reference');
      if (parsed.ok) return;
      assert.match(parsed.reason, row.reason);
      assert.equal(parsed.original, row.input);
    });
  }

  it('defaults the tag to latest and says so; a written tag is not defaulted', () => {
    const bare = parseImageReference('nginx');
    assert.ok(bare.ok);
    assert.equal(bare.ref.tag, 'latest');
    assert.equal(bare.ref.tagDefaulted, true);
    const tagged = parseImageReference('nginx:latest');
    assert.ok(tagged.ok);
    assert.equal(tagged.ref.tagDefaulted, undefined);
    const digested = parseImageReference(`nginx@${D}`);
    assert.ok(digested.ok);
    assert.equal(digested.ref.tagDefaulted, undefined);
  });

  it('never throws on odd input', () => {
    for (const input of ['@', ':', '/', '//', '@@', 'a@b@c', 'a:b:c', '[', ']', '\u0000', 'ünïcode', 'a/b:c/d', '$', '${', '{{']) {
      const parsed = parseImageReference(input);
      assert.equal(typeof parsed.ok, 'boolean');
    }
    assert.equal(parseImageReference('a/b:c/d').ok, false);
  });
});

describe('familiarName / withoutDigest / registryApiHost', () => {
  function ref(text: string): ImageRef {
    const parsed = parseImageReference(text);
    assert.ok(parsed.ok, text);
    return parsed.ref;
  }

  it('shortens like docker: drops docker.io and library/ for single-component names only', () => {
    assert.equal(familiarName(ref('docker.io/library/nginx:1.27')), 'nginx:1.27');
    assert.equal(familiarName(ref('bitnami/redis:7')), 'bitnami/redis:7');
    assert.equal(familiarName(ref('index.docker.io/library/foo/bar:1')), 'library/foo/bar:1');
    assert.equal(familiarName(ref('localhost:5000/app')), 'localhost:5000/app:latest');
  });

  it('keeps the tag next to the digest only when asked', () => {
    const r = ref(`ghcr.io/x/y:1.0@${D}`);
    assert.equal(familiarName(r), `ghcr.io/x/y@${D}`);
    assert.equal(familiarName(r, { keepTag: true }), `ghcr.io/x/y:1.0@${D}`);
  });

  it('withoutDigest goes back to the written tag, or latest', () => {
    const tagged = withoutDigest(ref(`nginx:1.27@${D}`));
    assert.equal(tagged.canonical, 'docker.io/library/nginx:1.27');
    assert.equal(tagged.digest, undefined);
    assert.equal(tagged.tag, '1.27');
    assert.equal(tagged.tagDefaulted, undefined);
    const bare = withoutDigest(ref(`ghcr.io/o/r@${D}`));
    assert.equal(bare.canonical, 'ghcr.io/o/r:latest');
    assert.equal(bare.tagDefaulted, true);
  });

  it('sends Docker Hub requests to registry-1.docker.io', () => {
    assert.equal(registryApiHost('docker.io'), 'registry-1.docker.io');
    assert.equal(registryApiHost('index.docker.io'), 'registry-1.docker.io');
    assert.equal(registryApiHost('ghcr.io'), 'ghcr.io');
    assert.equal(registryApiHost('localhost:5000'), 'localhost:5000');
  });
});
