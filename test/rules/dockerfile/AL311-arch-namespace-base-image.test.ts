/** AL311 arch-namespace-base-image. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL311', opts).run({
  valid: [df('FROM ubuntu:24.04 AS x')],
  invalid: [{
    name: 'an arch namespace, stripped by the fix',
    text: df('FROM arm64v8/ubuntu:24.04 AS x'),
    errors: [{ range: '0:5-0:25', messageId: 'archNamespace', data: { image: 'arm64v8/ubuntu:24.04', namespace: 'arm64v8', arch: 'arm64', builder: false }, severity: 'warning' }],
    output: df('FROM ubuntu:24.04 AS x'),
  }],
});

describe('AL311 arch-namespace-base-image', () => {
  it('fires on an arch namespace; fix strips it', () => {
    const t = df('FROM arm64v8/ubuntu:24.04 AS x');
    const f = one(t, 'AL311');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '0:5-0:25');
    assertMessage(f, 'archNamespace', { image: 'arm64v8/ubuntu:24.04', namespace: 'arm64v8', arch: 'arm64', builder: false });
    assert.equal(f.fixes?.[0].preferred, true, 'the image itself: dropping the namespace is preferred');
    fix(t, f, df('FROM ubuntu:24.04 AS x'));
  });
  it('on a builder stage whose output is copied: says so, and the fix is offered but not preferred', () => {
    const t = df('FROM arm64v8/golang:1.22 AS build', 'FROM alpine', 'COPY --from=build /out /out');
    const f = one(t, 'AL311');
    assert.equal(rangeOf(f), '0:5-0:24');
    assertMessage(f, 'archNamespace', { image: 'arm64v8/golang:1.22', namespace: 'arm64v8', arch: 'arm64', builder: true });
    assert.match(f.message, /builder, whose output the image copies/);
    assert.equal(f.fixes?.length, 1);
    assert.notEqual(f.fixes?.[0].preferred, true);
  });
  it('on a stage that downloads that architecture\'s files: the fix is offered but not preferred (algorand/go-algorand docker/build/cicd.alpine.Dockerfile)', () => {
    const t = df('ARG GOLANG_VERSION', 'FROM arm32v6/golang:${GOLANG_VERSION}-alpine', 'RUN apk add dpkg && wget http://deb.debian.org/debian/pool/main/s/shellcheck/shellcheck_0.5.0-3_armhf.deb');
    const f = one(t, 'AL311');
    assert.equal(f.fixes?.length, 1);
    assert.notEqual(f.fixes?.[0].preferred, true);
    assert.match(f.fixes[0].title, /downloads arm\/v6 files \(line 3\)/);
    // Must still prefer it: downloads of another architecture, or none.
    assert.equal(one(df('FROM arm32v6/golang:1.22-alpine', 'RUN wget https://x/t-linux-amd64.tgz'), 'AL311').fixes?.[0].preferred, true);
    assert.equal(one(df('FROM arm32v6/golang:1.22-alpine', 'RUN apk add make'), 'AL311').fixes?.[0].preferred, true);
  });
  it('fires with docker.io/ in front and through an ARG default (no fix then)', () => {
    // The image copies from the named stage, so it reaches the image. (`FROM $B` alone no longer selects it:
    // B's default names an image, so the ARG is there to swap the image, not to pick a stage.)
    const t = df('ARG B=amd64/alpine', 'FROM docker.io/i386/debian AS deb', 'FROM $B', 'COPY --from=deb /etc/os-release /');
    const found = findingsOf(t, 'AL311', opts);
    assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['1:5-1:26 1', '2:5-2:7 0']);
    fix(t, found[0], df('ARG B=amd64/alpine', 'FROM docker.io/debian AS deb', 'FROM $B', 'COPY --from=deb /etc/os-release /'));
  });
  it('does not fire on other registries, other namespaces, or a matching constant platform', () => {
    none(df('FROM ghcr.io/amd64/tool', 'FROM library/alpine', 'FROM myorg/amd64-tools'), 'AL311');
    none(df('FROM --platform=linux/arm64 arm64v8/ubuntu'), 'AL311');
  });
  it('a Dockerfile named or filed for the namespace\'s architecture is one of a per-architecture set (Azure/iotedge docker/linux/arm32v7/Dockerfile)', () => {
    const t = df('FROM arm32v7/nginx:1.28', 'WORKDIR /app');
    for (const file of ['edge-modules/api-proxy-module/docker/linux/arm32v7/Dockerfile', 'edgehub-proxy/docker/linux/arm32v7/base/Dockerfile', 'Dockerfile.armhf', 'docker/Dockerfile.arm']) {
      assert.deepEqual(findingsOf(t, 'AL311', { ...opts, file }).map(rangeOf), [], file);
    }
    // Must still fire: no architecture in the path, or another one (a copy-pasted per-arch file).
    for (const file of ['Dockerfile', 'docker/linux/arm64v8/Dockerfile', 'docker/linux/amd64/Dockerfile']) {
      assert.equal(findingsOf(t, 'AL311', { ...opts, file }).length, 1, file);
    }
  });
  it('reads a camelCase `arm` in a folder name (apache/streampipes ui/cypress/tests/experimental/testJvmArchetype/armDockerFile/Dockerfile)', () => {
    const t = df('ARG BASE_IMAGE=arm32v7/openjdk:11-jre-slim', 'FROM $BASE_IMAGE', 'EXPOSE 8090');
    for (const file of ['testJvmArchetype/armDockerFile/Dockerfile', 'docker/buildArm/Dockerfile', 'docker/dockerfileArm']) {
      assert.deepEqual(findingsOf(t, 'AL311', { ...opts, file }).map(rangeOf), [], file);
    }
    // Must still fire: words that only start with the letters (armory, Armada, harmony, farm).
    for (const file of ['armory/Dockerfile', 'Armada/Dockerfile', 'harmonyBuild/Dockerfile', 'farmTools/Dockerfile']) {
      assert.equal(findingsOf(t, 'AL311', { ...opts, file }).length, 1, file);
    }
  });
});
