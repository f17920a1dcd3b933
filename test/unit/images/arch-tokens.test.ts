import * as assert from 'node:assert/strict';
import { archNamespace, findArchToken, findArchTokens } from '../../../server/src/images/arch-tokens';
import { parseImageReference } from '../../../server/src/images/reference';

/** Offsets of `needle` in `text`, searching from `from`, so expectations stay readable. */
function at(text: string, needle: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, `${needle} in ${text}`);
  return { start, end: start + needle.length };
}

/** Where the tag of a reference begins (after the ':' that follows the last '/'). */
function tagStart(text: string): number {
  return text.indexOf(':', text.lastIndexOf('/') + 1) + 1;
}

describe('findArchToken (AL106 tokens)', () => {
  const mustFire: Array<[string, string, string, 'namespace' | 'name' | 'tag']> = [
    // [reference, token as written, GOARCH, where]
    ['registry.example.com/team/app-amd64:1.0', 'amd64', 'amd64', 'name'],
    ['quay.io/org/tool_arm64', 'arm64', 'arm64', 'name'],
    ['arm64v8/nginx:1.27', 'arm64v8', 'arm64', 'namespace'],
    ['docker.io/amd64/alpine:3.19', 'amd64', 'amd64', 'namespace'],
    ['arm32v7/debian', 'arm32v7', 'arm', 'namespace'],
    ['arm32v5/busybox', 'arm32v5', 'arm', 'namespace'],
    ['i386/ubuntu', 'i386', '386', 'namespace'],
    ['ppc64le/node', 'ppc64le', 'ppc64le', 'namespace'],
    ['s390x/redis', 's390x', 's390x', 'namespace'],
    ['myapp:1.2-arm64', 'arm64', 'arm64', 'tag'],
    ['myapp:arm64', 'arm64', 'arm64', 'tag'],
    ['myapp:v1.0-x86_64', 'x86_64', 'amd64', 'tag'],
    ['myapp:x86-64', 'x86-64', 'amd64', 'tag'],
    ['ghcr.io/o/exporter-linux-amd64:v2', 'amd64', 'amd64', 'name'],
    ['ghcr.io/o/app.aarch64', 'aarch64', 'arm64', 'name'],
    ['ghcr.io/o/app:1.0_armhf', 'armhf', 'arm', 'tag'],
    ['ghcr.io/o/app:1.0-armv7', 'armv7', 'arm', 'tag'],
    ['k8s.gcr.io/pause-amd64:3.1', 'amd64', 'amd64', 'name'],
    ['app:riscv64', 'riscv64', 'riscv64', 'tag'],
    ['app:1.0-AMD64', 'AMD64', 'amd64', 'tag'],
    [`app-amd64@sha256:${'a'.repeat(64)}`, 'amd64', 'amd64', 'name'],
    ['amd64/alpine:${VERSION}', 'amd64', 'amd64', 'namespace'],
  ];
  for (const [text, token, arch, where] of mustFire) {
    it(`fires on ${text}`, () => {
      const found = findArchToken(text);
      assert.ok(found, 'expected a token');
      assert.deepEqual(
        { token: found.token, arch: found.arch, where: found.where, start: found.start, end: found.end },
        { token, arch, where, ...at(text, token, where === 'tag' ? tagStart(text) : 0) },
      );
      assert.equal(text.slice(found.start, found.end), token);
    });
  }

  const mustNot = [
    'nginx:1.27',
    'amd64only/app',
    'myorg/amd64only:1',
    'app:1.0-amd64only',
    'app:famd64',
    'app:xamd64-1',
    'arm64ish/app',
    'app:armv7l',
    'ghcr.io/o/app:arm6',
    'mcr.microsoft.com/dotnet/runtime:8.0',
    'amd64.example.com/team/app:1', // the host is not part of the name
    'x86_64.registry.local:5000/app', // nor with a port
    `app@sha256:amd64${'a'.repeat(59)}`, // digests are not scanned
    '',
  ];
  for (const text of mustNot) {
    it(`stays silent on ${JSON.stringify(text)}`, () => {
      assert.equal(findArchToken(text), undefined);
    });
  }

  it('prefers the longer token at the same place (arm64v8 over arm64)', () => {
    const found = findArchToken('app:arm64v8');
    assert.ok(found);
    assert.equal(found.token, 'arm64v8');
    assert.equal(found.arch, 'arm64');
  });

  it('reports every token in text order, and the variant of 32-bit arm', () => {
    const text = 'docker.io/arm32v7/app-armhf:1.0-armv7';
    const all = findArchTokens(text);
    assert.deepEqual(all.map((t) => [t.where, t.token, t.variant, t.start, t.end]), [
      ['namespace', 'arm32v7', 'v7', 10, 17],
      ['name', 'armhf', 'v7', 22, 27],
      ['tag', 'armv7', 'v7', 32, 37],
    ]);
  });

  it('reads a parsed ImageRef through its original text', () => {
    const parsed = parseImageReference('index.docker.io/amd64/alpine:3');
    assert.ok(parsed.ok);
    const found = findArchToken(parsed.ref);
    assert.ok(found);
    assert.deepEqual([found.where, found.start, found.end], ['namespace', 16, 21]);
  });
});

describe('archNamespace (AL311)', () => {
  const mustFire: Array<[string, string, string, string]> = [
    // [reference, namespace, GOARCH, stripped]
    ['amd64/alpine:3.19', 'amd64', 'amd64', 'alpine:3.19'],
    ['arm64v8/nginx', 'arm64v8', 'arm64', 'nginx'],
    ['arm32v6/busybox:1', 'arm32v6', 'arm', 'busybox:1'],
    ['i386/debian:bookworm', 'i386', '386', 'debian:bookworm'],
    ['ppc64le/ubuntu', 'ppc64le', 'ppc64le', 'ubuntu'],
    ['s390x/ubuntu', 's390x', 's390x', 'ubuntu'],
    ['riscv64/alpine:edge', 'riscv64', 'riscv64', 'alpine:edge'],
    ['mips64le/debian', 'mips64le', 'mips64le', 'debian'],
    ['windows-amd64/golang', 'windows-amd64', 'amd64', 'golang'],
    ['docker.io/amd64/alpine', 'amd64', 'amd64', 'docker.io/alpine'],
    ['index.docker.io/arm64v8/alpine:3', 'arm64v8', 'arm64', 'index.docker.io/alpine:3'],
    [`amd64/alpine@sha256:${'b'.repeat(64)}`, 'amd64', 'amd64', `alpine@sha256:${'b'.repeat(64)}`],
    ['amd64/alpine:${ALPINE_VERSION}', 'amd64', 'amd64', 'alpine:${ALPINE_VERSION}'],
  ];
  for (const [text, namespace, arch, stripped] of mustFire) {
    it(`fires on ${text}`, () => {
      const found = archNamespace(text);
      assert.ok(found);
      const range = at(text, namespace);
      assert.equal(found.namespace, namespace);
      assert.equal(found.arch, arch);
      assert.equal(found.start, range.start);
      assert.equal(found.end, range.end);
      assert.equal(found.removeEnd, range.end + 1);
      assert.equal(found.stripped, stripped);
      assert.equal(text.slice(0, found.start) + text.slice(found.removeEnd), stripped);
    });
  }

  it('knows the OS and variant of the namespace', () => {
    assert.deepEqual(
      [archNamespace('windows-amd64/golang')?.os, archNamespace('arm32v7/x')?.variant, archNamespace('amd64/x')?.os],
      ['windows', 'v7', 'linux'],
    );
  });

  const mustNot = [
    'alpine:3.19',
    'library/alpine',
    'amd64only/app',
    'arm64/alpine', // not one of Hub's arch namespaces (those are arm64v8 …)
    'ghcr.io/amd64/tool', // another registry: just an organisation
    'docker.io/team/amd64/tool', // not directly under the registry
    'myorg/app-amd64',
    'x86_64/alpine',
  ];
  for (const text of mustNot) {
    it(`stays silent on ${text}`, () => {
      assert.equal(archNamespace(text), undefined);
    });
  }
});
