/** AL308 hardcoded-arch-download. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL308', opts).run({
  valid: [df('FROM alpine', 'ARG TARGETARCH', 'RUN curl -fsSL https://get.example.com/v1/tool-linux-${TARGETARCH}.tar.gz | tar -xz')],
  invalid: [{
    name: 'a Go-named token, replaced by ${TARGETARCH}',
    text: df('FROM alpine', 'RUN curl -fsSL https://get.example.com/v1/tool-linux-amd64.tar.gz | tar -xz'),
    errors: [{ range: '1:53-1:58', messageId: 'onTargetPlatform', data: { token: 'amd64', stage: 'stage 0 (unnamed)' }, severity: 'warning' }],
    output: df('FROM alpine', 'ARG TARGETARCH', 'RUN curl -fsSL https://get.example.com/v1/tool-linux-${TARGETARCH}.tar.gz | tar -xz'),
  }, {
    name: 'on a $BUILDPLATFORM stage: the build machine or the target',
    text: df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN curl -fsSLO https://x/protoc-linux-x86_64.zip', 'ADD https://x/lint-linux-amd64 /bin/lint', 'FROM alpine', 'COPY --from=b /a /a'),
    errors: [
      { range: '1:39-1:45', messageId: 'onBuildPlatform', data: { token: 'x86_64', stage: "stage 'b'" } },
      { range: '2:25-2:30', messageId: 'onBuildPlatform', data: { token: 'amd64', stage: "stage 'b'" } },
    ],
  }],
});

describe('AL308 hardcoded-arch-download', () => {
  it('fires on a Go-named token; fix uses ${TARGETARCH}', () => {
    const t = df('FROM alpine', 'RUN curl -fsSL https://get.example.com/v1/tool-linux-amd64.tar.gz | tar -xz');
    const f = one(t, 'AL308');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '1:53-1:58');
    assertMessage(f, 'onTargetPlatform', { token: 'amd64', stage: 'stage 0 (unnamed)' });
    fix(t, f, df('FROM alpine', 'ARG TARGETARCH', 'RUN curl -fsSL https://get.example.com/v1/tool-linux-${TARGETARCH}.tar.gz | tar -xz'));
  });
  it('fix inserts a case "$TARGETARCH" mapping for x86_64 naming, preferred where the arm64 name is certain (a target triple)', () => {
    const t = df('FROM debian', 'RUN apt-get update && \\', '    curl -o /t.tgz "https://dl.example.com/t-1.0-x86_64-unknown-linux-musl.tgz"');
    const f = one(t, 'AL308');
    assert.equal(rangeOf(f), '2:49-2:55');
    assert.equal(f.fixes?.[0].preferred, true);
    fix(t, f, df('FROM debian', 'ARG TARGETARCH', 'RUN apt-get update && \\',
      '    case "$TARGETARCH" in amd64) dl_arch=x86_64 ;; arm64) dl_arch=aarch64 ;; *) echo "unsupported architecture: $TARGETARCH" >&2; exit 1 ;; esac && curl -o /t.tgz "https://dl.example.com/t-1.0-${dl_arch}-unknown-linux-musl.tgz"'));
  });
  it('a vendor that writes amd64 but aarch64 gets its case mapping, not ${TARGETARCH} (static-curl in kubernetes-engine-samples\' whereami)', () => {
    const t = df('FROM python:3.14-slim', 'RUN wget -O /bin/curl https://github.com/moparisthebest/static-curl/releases/download/v8.17.0/curl-amd64 && chmod +x /bin/curl');
    const f = one(t, 'AL308');
    assert.deepEqual(f.fixes?.map((x) => x.preferred), [true]);
    fix(t, f, df('FROM python:3.14-slim', 'ARG TARGETARCH', 'RUN case "$TARGETARCH" in amd64) dl_arch=amd64 ;; arm64) dl_arch=aarch64 ;; *) echo "unsupported architecture: $TARGETARCH" >&2; exit 1 ;; esac && wget -O /bin/curl https://github.com/moparisthebest/static-curl/releases/download/v8.17.0/curl-${dl_arch} && chmod +x /bin/curl'));
    // FoundationDB's .deb packages say aarch64 too (fluid addons/3fs/dev-guide/Dockerfile:34).
    const fdb = one(df('FROM ubuntu', 'RUN wget https://github.com/apple/foundationdb/releases/download/7.3.59/foundationdb-clients_7.3.59-1_amd64.deb && dpkg -i ./foundationdb-clients_7.3.59-1_amd64.deb'), 'AL308');
    assert.equal(fdb.fixes?.find((x) => x.preferred)?.edits.some((e) => e.newText.includes('arm64) dl_arch=aarch64')), true);
    // An ADD has no shell for a mapping: reported without a fix.
    assert.deepEqual(one(df('FROM alpine', 'ADD https://github.com/moparisthebest/static-curl/releases/download/v7.88.1/curl-amd64 /bin/curl'), 'AL308').fixes ?? [], []);
  });
  it('the mapping is offered, not preferred, where the vendor\'s arm64 name is a guess (protoc: aarch_64, gcloud: arm, GoReleaser: arm64)', () => {
    for (const url of ['https://github.com/protocolbuffers/protobuf/releases/download/v21.12/protoc-21.12-linux-x86_64.zip', 'https://dl.google.com/dl/cloudsdk/channels/rapid/downloads/google-cloud-cli-557.0.0-linux-x86_64.tar.gz', 'https://github.com/acme/tool/releases/download/v1.0.0/tool_Linux_x86_64.tar.gz', 'https://nodejs.org/dist/v22.0.0/node-v22.0.0-linux-x64.tar.xz']) {
      const f = one(df('FROM debian', `RUN curl -fsSLO ${url}`), 'AL308');
      assert.deepEqual(f.fixes?.map((x) => x.preferred), [undefined], url);
      assert.match(f.fixes?.[0]?.title ?? '', /^Choose the download per platform \(case "\$TARGETARCH" mapping\) — not applied by --fix: the vendor's (aarch64|arm64) name is a guess; check that the file exists for each architecture$/, url);
    }
    // An RPM's architecture names are the distribution's own.
    assert.equal(one(df('FROM rockylinux:9', 'RUN dnf install -y https://x/pkg-1.0-1.el9.x86_64.rpm'), 'AL308').fixes?.[0].preferred, true);
  });
  it('fires on ADD URLs and on URLs held in ARG/ENV', () => {
    const t = df('FROM alpine', 'ADD https://example.com/bin_arm64 /usr/local/bin/tool', 'ARG URL=https://example.com/pkg_i386.deb');
    const found = findingsOf(t, 'AL308', opts);
    assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['1:28-1:33 1', '2:32-2:36 0']);
    fix(t, found[0], df('FROM alpine', 'ARG TARGETARCH', 'ADD https://example.com/bin_${TARGETARCH} /usr/local/bin/tool', 'ARG URL=https://example.com/pkg_i386.deb'));
  });
  it('on a $BUILDPLATFORM stage: the build machine or the target, two fixes and neither preferred', () => {
    const t = df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN curl -fsSLO https://x/protoc-linux-x86_64.zip', 'ADD https://x/lint-linux-amd64 /bin/lint', 'FROM alpine', 'COPY --from=b /a /a');
    const found = findingsOf(t, 'AL308', opts);
    assert.deepEqual(found.map(rangeOf), ['1:39-1:45', '2:25-2:30']);
    assertMessage(found[0], 'onBuildPlatform', { token: 'x86_64', stage: "stage 'b'" });
    assert.deepEqual(found.map((f) => f.fixes?.map((x) => `${x.title} ${x.preferred}`)), [
      ['Choose the download per build machine (case "$BUILDARCH" mapping) — not applied by --fix: the vendor\'s aarch64 name is a guess; check that the file exists for each architecture undefined',
        'Choose the download per platform (case "$TARGETARCH" mapping) — not applied by --fix: the vendor\'s aarch64 name is a guess; check that the file exists for each architecture undefined'],
      ['Download for the build machine (${BUILDARCH}) undefined', 'Download the target architecture (${TARGETARCH}) undefined'],
    ]);
    fix(t, found[0], df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG BUILDARCH',
      'RUN case "$BUILDARCH" in amd64) dl_arch=x86_64 ;; arm64) dl_arch=aarch64 ;; *) echo "unsupported architecture: $BUILDARCH" >&2; exit 1 ;; esac && curl -fsSLO https://x/protoc-linux-${dl_arch}.zip',
      'ADD https://x/lint-linux-amd64 /bin/lint', 'FROM alpine', 'COPY --from=b /a /a'));
    fix(t, found[1], df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETARCH', 'RUN curl -fsSLO https://x/protoc-linux-x86_64.zip', 'ADD https://x/lint-linux-${TARGETARCH} /bin/lint', 'FROM alpine', 'COPY --from=b /a /a'), 1);
  });
  it('a stage pinned to one platform may download that platform\'s files (the pin is AL303\'s)', () => {
    none(df('FROM --platform=linux/amd64 debian', 'RUN curl -O https://x/t-x86_64.tgz'), 'AL308');
    const t = df('FROM --platform=linux/amd64 debian', 'RUN curl -O https://x/t-arm64.tgz');
    assert.deepEqual(findingsOf(t, 'AL308', opts).map(rangeOf), ['1:24-1:29']);
  });
  it('a stage on a Docker Hub architecture namespace may download that architecture\'s files (algorand/go-algorand docker/build/cicd.alpine.Dockerfile: FROM arm32v6/golang, an armhf .deb)', () => {
    const deb = 'RUN wget http://deb.debian.org/debian/pool/main/s/shellcheck/shellcheck_0.5.0-3_armhf.deb && dpkg-deb -R shellcheck_0.5.0-3_armhf.deb shellcheck';
    none(df('ARG GOLANG_VERSION', 'FROM arm32v6/golang:${GOLANG_VERSION}-alpine', deb), 'AL308');
    none(df('ARG V=24.04', 'FROM amd64/ubuntu:${V} AS base', 'FROM base', 'RUN curl -O https://x/t-x86_64.tgz'), 'AL308');
    // Must still fire: another architecture's file there, and a namespace a build argument chooses.
    one(df('FROM arm32v6/golang:1.22-alpine', 'RUN curl -O https://x/t-x86_64.tgz'), 'AL308');
    one(df('ARG ARCH=amd64', 'FROM ${ARCH}/ubuntu:24.04', 'RUN curl -O https://x/t-x86_64.tgz'), 'AL308');
  });
  it('on a base an ARG default puts in an architecture namespace, the fix is offered, not preferred (algorand/go-algorand docker/build/docker.ubuntu.Dockerfile)', () => {
    const t = df('ARG ARCH="amd64"', 'FROM ${ARCH}/ubuntu:24.04', 'RUN curl https://dl.google.com/go/go1.22.linux-amd64.tar.gz | tar -xzf -');
    const f = one(t, 'AL308');
    assert.notEqual(f.fixes?.[0].preferred, true);
    assert.match(f.fixes?.[0].title ?? '', /amd64\/ubuntu:24\.04 is linux\/amd64 only/);
    // Must still prefer it on a multi-platform base.
    assert.equal(one(df('ARG BASE="ubuntu"', 'FROM ${BASE}:24.04', 'RUN curl https://dl.google.com/go/go1.22.linux-amd64.tar.gz | tar -xzf -'), 'AL308').fixes?.[0].preferred, true);
  });
  it('a download whose file a later RUN downloads again under another extension (its .sig) gets no preferred fix: alone, either leaves the other amd64 (microsoft/mssql-docker Dockerfile.alpine)', () => {
    const base = 'https://download.microsoft.com/download/b/9/f';
    const mssql = df('FROM alpine', 'RUN apk add curl gnupg',
      `RUN curl -O ${base}/msodbcsql18_18.0.1.1-1_amd64.apk`,
      `RUN curl -O ${base}/msodbcsql18_18.0.1.1-1_amd64.sig`,
      'RUN gpg --verify msodbcsql18_18.0.1.1-1_amd64.sig msodbcsql18_18.0.1.1-1_amd64.apk',
      'RUN apk add --allow-untrusted msodbcsql18_18.0.1.1-1_amd64.apk');
    const found = findingsOf(mssql, 'AL308', opts);
    assert.deepEqual(found.map((f) => f.range.start.line), [2, 3]);
    assert.deepEqual(found.map((f) => f.fixes?.map((x) => x.preferred ?? false)), [[false], [false]]);
    assert.deepEqual(found.map((f) => /line (\d+) downloads a file of the same name/.exec(f.fixes?.[0].title ?? '')?.[1]), ['4', '3']);
    // Must stay preferred: the two downloads in one RUN (the fix rewrites that whole RUN), and a later download of another file.
    const oneRun = df('FROM alpine', `RUN curl -O ${base}/tool_1.0_amd64.apk && curl -O ${base}/tool_1.0_amd64.sig && apk add --allow-untrusted tool_1.0_amd64.apk`);
    assert.deepEqual(findingsOf(oneRun, 'AL308', opts).map((f) => f.fixes?.[0].preferred), [true, true]);
    const other = df('FROM alpine', `RUN curl -O ${base}/tool_1.0_amd64.apk`, `RUN curl -O ${base}/other_2.0_amd64.apk`, 'RUN apk add --allow-untrusted tool_1.0_amd64.apk other_2.0_amd64.apk');
    assert.deepEqual(findingsOf(other, 'AL308', opts).map((f) => f.fixes?.[0].preferred), [true, true]);
    // The same file fetched again in another stage, each installed in its own RUN (stalwartlabs/mail-server Dockerfile.fdb): each fix is whole.
    const deb = 'https://github.com/apple/foundationdb/releases/download/7.1.0/foundationdb-clients_7.1.0-1_amd64.deb';
    const twice = df('FROM debian AS chef', `RUN curl -LO ${deb} && dpkg -i foundationdb-clients_7.1.0-1_amd64.deb`, 'FROM debian AS runtime', `RUN curl -LO ${deb} && dpkg -i foundationdb-clients_7.1.0-1_amd64.deb`);
    assert.deepEqual(findingsOf(twice, 'AL308', opts).map((f) => f.fixes?.[0].preferred), [true, true]);
    // A checksum file of the archive, in another RUN: a companion too.
    const sums = df('FROM alpine', 'RUN curl -LO https://x.example/tool-linux-amd64.tar.gz', 'RUN curl -LO https://x.example/tool-linux-amd64.tar.gz.sha256 && sha256sum -c tool-linux-amd64.tar.gz.sha256');
    assert.deepEqual(findingsOf(sums, 'AL308', opts).map((f) => f.fixes?.[0].preferred ?? false), [false, false]);
  });
  it('a Dockerfile named for one architecture, or a stage whose name says it, may download that architecture\'s files (openobserve Dockerfile.sccache.amd64)', () => {
    const sccache = df('FROM rust:trixie', 'RUN rustup target add x86_64-unknown-linux-gnu', 'RUN wget https://github.com/protocolbuffers/protobuf/releases/download/v21.12/protoc-21.12-linux-x86_64.zip && unzip protoc-21.12-linux-x86_64.zip -d protoc');
    for (const file of ['deploy/build/Dockerfile.sccache.amd64', 'x86_64.Dockerfile']) assert.deepEqual(findingsOf(sccache, 'AL308', { file }).map(rangeOf), [], file);
    none(df('FROM debian AS tools-arm64', 'RUN curl -LO https://dl.example.com/tool-linux-arm64.tar.gz', 'FROM debian', 'COPY --from=tools-arm64 /tool /tool'), 'AL308');
  });
  it('a Dockerfile named for "arm", or in a folder named for an architecture, is one of a per-architecture set (typesense development-arm.Dockerfile, manticoresearch aarch64/<distro>/cmake_320)', () => {
    const cmake = (arch: string) => df('FROM bionic_boost:175', `RUN wget https://github.com/Kitware/CMake/releases/download/v3.20.5/cmake-3.20.5-linux-${arch}.tar.gz`);
    for (const file of ['docker/development-arm.Dockerfile', 'retired/aarch64/bionic/cmake_320/Dockerfile', 'retired/bionic/cmake_320_arm/Dockerfile', 'cross/ubuntu_debian_arm64/Dockerfile']) {
      assert.deepEqual(findingsOf(cmake('aarch64'), 'AL308', { file }).map(rangeOf), [], file);
    }
    // Must still fire: another architecture's file there, an unmarked path, a folder too far up
    // (where the checkout lies), and a word that only contains "arm" (harmony/, farm-tools/).
    for (const file of ['retired/aarch64/bionic/cmake_320/Dockerfile', 'docker/development-arm.Dockerfile']) assert.equal(findingsOf(cmake('x86_64'), 'AL308', { file }).length, 1, file);
    for (const file of ['retired/bionic/cmake_320/Dockerfile', '/home/ci/arm64/repo/docker/images/build/Dockerfile', 'harmony/farm-tools/Dockerfile']) {
      assert.equal(findingsOf(cmake('aarch64'), 'AL308', { file }).length, 1, file);
    }
  });
  it('a Dockerfile named "x86" or with Debian\'s "ppc64el" is one of a per-architecture set (jetson-containers Dockerfile.x86, open-horizon/anax Dockerfile.ubi.ppc64el)', () => {
    const get = (file: string) => df('FROM ubuntu:24.04', `RUN curl -fsSLO https://example.com/dl/${file} && tar xzf ${file}`);
    for (const [file, url] of [['packages/cv/3d_diffusion_policy/Dockerfile.x86', 'mujoco210-linux-x86_64.tar.gz'], ['windows-x64/Dockerfile', 'tool-linux-amd64.tar.gz'], ['anax-in-container/Dockerfile.ubi.ppc64el', 'ppc64le/docker-18.06.3-ce.tgz']]) {
      assert.deepEqual(findingsOf(get(url), 'AL308', { file }).map(rangeOf), [], file);
    }
    // Must still fire: another architecture's file there, and a word that only contains "x86"/"x64" (x86emu/, linux64x/).
    assert.equal(findingsOf(get('tool-linux-arm64.tar.gz'), 'AL308', { file: 'Dockerfile.x86' }).length, 1);
    assert.equal(findingsOf(get('ppc64le/docker.tgz'), 'AL308', { file: 'Dockerfile.ubi.s390x' }).length, 1);
    for (const file of ['x86emu/Dockerfile', 'tools/box64x/Dockerfile']) assert.equal(findingsOf(get('tool-linux-amd64.tar.gz'), 'AL308', { file }).length, 1, file);
  });
  it("a cross-rs custom image (FROM $CROSS_BASE_IMAGE) is an x86_64 host's build environment: its x86_64 tools are right (openobserve cross/Dockerfile.oss.musl)", () => {
    const cross = (url: string, from = '$CROSS_BASE_IMAGE') => df('ARG CROSS_BASE_IMAGE', `FROM ${from}`, `RUN wget ${url} && unzip protoc.zip -d protoc`);
    none(cross('https://github.com/protocolbuffers/protobuf/releases/download/v21.12/protoc-21.12-linux-x86_64.zip'), 'AL308');
    // Must still fire: another architecture's tool there, or another base ARG.
    one(cross('https://github.com/protocolbuffers/protobuf/releases/download/v21.12/protoc-21.12-linux-aarch64.zip'), 'AL308');
    one(cross('https://github.com/protocolbuffers/protobuf/releases/download/v21.12/protoc-21.12-linux-x86_64.zip', '$BASE_IMAGE'), 'AL308');
  });
  it("cross-rs's own images named in FROM are x86_64 hosts' build environments too (quickwit build/cross-images/aarch64-unknown-linux-gnu.dockerfile)", () => {
    const x86 = 'https://github.com/protocolbuffers/protobuf/releases/download/v21.5/protoc-21.5-linux-x86_64.zip';
    const cross = (from: string, url = x86) => df(`FROM ${from}`, `ARG PBC_URL="${url}"`, 'RUN curl -LO $PBC_URL && unzip protoc.zip');
    none(cross('ghcr.io/cross-rs/aarch64-unknown-linux-gnu:main@sha256:c51ec2691be5935bd08d3143994ef1b57eaf970b6ce2b723f6dea4459791bfc0'), 'AL308');
    none(cross('rustembedded/cross:aarch64-unknown-linux-musl-0.2.1'), 'AL308');
    // Must still fire: another architecture's tool on a cross-rs image, and an image of another owner.
    one(cross('ghcr.io/cross-rs/aarch64-unknown-linux-gnu:main', x86.replace('x86_64', 'aarch64')), 'AL308');
    one(cross('ghcr.io/acme/aarch64-unknown-linux-gnu:main'), 'AL308');
  });
  it("Gitpod's workspace images are amd64 only: their amd64 downloads are right (penpot docker/gitpod/Dockerfile, FROM gitpod/workspace-postgres)", () => {
    const url = 'https://github.com/babashka/babashka/releases/download/v1.3.186/babashka-1.3.186-linux-amd64.tar.gz';
    const gitpod = (from: string, u = url) => df(`FROM ${from}`, `RUN set -ex; cd /tmp; curl -LfsSo /tmp/bb.tar.gz ${u}; tar -xf /tmp/bb.tar.gz`);
    none(gitpod('gitpod/workspace-postgres'), 'AL308');
    none(gitpod('gitpod/workspace-full:2024-01-01'), 'AL308');
    // Must still fire: another architecture's file there, and an image of another owner.
    one(gitpod('gitpod/workspace-postgres', url.replace('amd64', 'aarch64')), 'AL308');
    one(gitpod('acme/workspace-postgres'), 'AL308');
  });
  it("a stage whose configure names its build machine (--build x86_64-linux-gnu) is that machine's cross toolchain: its x86_64 tools are right (koalaman/shellcheck builders/linux.aarch64)", () => {
    const cabal = 'https://downloads.haskell.org/~cabal/cabal-install-3.16.0.0/cabal-install-3.16.0.0-x86_64-linux-alpine3_20.tar.xz';
    const builder = (configure: string, url = cabal) => df('FROM ubuntu:25.04', 'ENV TARGET=aarch64-linux-gnu',
      `RUN curl -L "${url}" | tar xJv -C /usr/local/bin`, 'WORKDIR /ghc', `RUN ./boot.source && ${configure}`);
    none(builder('./configure --host x86_64-linux-gnu --build x86_64-linux-gnu --target "$TARGET"'), 'AL308');
    none(builder('./configure \\\n    --build=x86_64-pc-linux-gnu --target "$TARGET"'), 'AL308');
    // Must still fire: another architecture's tool there, a build triple the shell works out, only a target named.
    one(builder('./configure --host x86_64-linux-gnu --build x86_64-linux-gnu --target "$TARGET"', cabal.replace('x86_64', 'aarch64')), 'AL308');
    one(builder('./configure --build "$(dpkg-architecture -qDEB_BUILD_GNU_TYPE)" --target "$TARGET"'), 'AL308');
    one(builder('./configure --target x86_64-linux-gnu'), 'AL308');
  });
  it('the target of a cross toolchain is not the architecture it runs on (juicefs hack/builder: musl.cc aarch64-linux-musl-cross.tgz)', () => {
    none(df('FROM ghcr.io/acme/golang-cross:v1', 'RUN curl -fsSL -o /tmp/c.tgz https://musl.cc/aarch64-linux-musl-cross.tgz && tar -xf /tmp/c.tgz -C /usr/local/'), 'AL308');
    // A host-target pair: the host token still fires, the target does not.
    const arm = one(df('FROM debian', 'RUN curl -fsSLO https://developer.arm.com/-/media/Files/downloads/gnu/13.2/binrel/arm-gnu-toolchain-13.2.rel1-x86_64-aarch64-none-linux-gnu.tar.xz'), 'AL308');
    assertMessage(arm, 'onTargetPlatform', { token: 'x86_64', stage: 'stage 0 (unnamed)' });
    // Must still fire: a native toolchain runs on the architecture it names.
    one(df('FROM debian', 'RUN curl -fsSL https://musl.cc/aarch64-linux-musl-native.tgz | tar -xz'), 'AL308');
  });
  it('must still fire when the file or stage names another architecture, or a URL names both (no partial fix then)', () => {
    const other = df('FROM rust:trixie', 'RUN curl -LO https://dl.example.com/protoc-linux-aarch_64.zip https://dl.example.com/tool-linux-arm64.tar.gz');
    assert.deepEqual(findingsOf(other, 'AL308', { file: 'Dockerfile.amd64' }).map(rangeOf), ['1:96-1:101']);
    const both = findingsOf(df('FROM debian', 'RUN curl -LO https://dl.example.com/amd64/tool-arm64.tar.gz'), 'AL308', { file: 'Dockerfile.amd64' });
    assert.deepEqual(both.map((f) => [rangeOf(f), f.fixes?.length]), [['1:47-1:52', 0]]);
    one(df('FROM debian AS tools-amd64', 'RUN curl -LO https://dl.example.com/tool-linux-arm64.tar.gz'), 'AL308');
  });
  it('the same URL fetched for two architectures in one stage is a set, not one architecture (pixie clang_deb_image: a sysroot per target)', () => {
    const sysroots = (second: string) => df('FROM ubuntu:22.04', 'WORKDIR /sysroots',
      'RUN curl -L https://storage.example.com/sysroots/sysroot-amd64-build.tar.gz -o a.tar.gz && tar -C /sysroots/x86_64 -xzf a.tar.gz',
      `RUN curl -L ${second} -o b.tar.gz && tar -C /sysroots/aarch64 -xzf b.tar.gz`);
    none(sysroots('https://storage.example.com/sysroots/sysroot-arm64-build.tar.gz'), 'AL308');
    // Must still fire: the same architecture twice, or another file for the other one.
    assert.equal(findingsOf(sysroots('https://storage.example.com/sysroots/sysroot-amd64-build.tar.gz'), 'AL308', opts).length, 2);
    assert.equal(findingsOf(sysroots('https://storage.example.com/sysroots/runtime-arm64.tar.gz'), 'AL308', opts).length, 2);
  });
  it('a test that is not about the architecture does not choose it', () => {
    const t = df('FROM alpine', 'RUN [ -d /opt ] && curl -O https://x/t-amd64');
    assert.deepEqual(findingsOf(t, 'AL308', opts).map(rangeOf), ['1:39-1:44']);
  });
  it('a global ARG URL is reported once, where it is written, when a stage re-declares it', () => {
    const t = df('ARG KUBECTL_URL=https://dl.k8s.io/v1.30.0/bin/linux/amd64/kubectl', 'ARG UNUSED=https://x/t-amd64', 'FROM alpine AS a', 'ARG KUBECTL_URL', 'RUN curl -o /k "$KUBECTL_URL"', 'FROM alpine', 'ARG KUBECTL_URL');
    const found = findingsOf(t, 'AL308', opts);
    assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['0:52-0:57 0']);
    assert.equal((found[0].data as { stage: string }).stage, "stage 'a'");
  });
  it('a file name kept in an ARG default and downloaded through a URL is reported once, where its token is written (aquasecurity/tracee builder/Dockerfile.man, .protoc)', () => {
    const t = df('FROM ubuntu:24.04', 'ARG PANDOC_VERSION="3.2"', 'ARG PANDOC_DEB="pandoc-${PANDOC_VERSION}-1-amd64.deb"', 'RUN wget -q https://github.com/jgm/pandoc/releases/download/${PANDOC_VERSION}/${PANDOC_DEB} && dpkg -i ${PANDOC_DEB}', 'RUN wget https://x/${PANDOC_DEB}');
    const found = findingsOf(t, 'AL308', opts);
    assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length ?? 0}`), ['2:43-2:48 0']);
    assertMessage(found[0], 'onTargetPlatform', { token: 'amd64', stage: 'stage 0 (unnamed)' });
    // An ENV value the same way, on a $BUILDPLATFORM stage.
    const env = df('FROM --platform=$BUILDPLATFORM golang AS b', 'ENV PROTOC_ZIP=protoc-35.1-linux-x86_64.zip', 'RUN curl -fsSLO https://x/v35.1/$PROTOC_ZIP', 'FROM alpine', 'COPY --from=b /a /a');
    assert.deepEqual(findingsOf(env, 'AL308', opts).map((f) => `${rangeOf(f)} ${(f.data as { token: string }).token}`), ['1:33-1:39 x86_64']);
  });
  it('a file name kept in a shell variable of the same RUN and downloaded through it (antrea build/images/codegen/Dockerfile)', () => {
    const t = df('FROM ubuntu:26.04 AS protoc', 'RUN V=34.1; ZIPNAME="protoc-${V}-linux-x86_64.zip"; \\', '  wget "https://github.com/protocolbuffers/protobuf/releases/download/v${V}/${ZIPNAME}" && unzip "${ZIPNAME}"', 'FROM golang:1.24', 'COPY --from=protoc /tmp/protoc/bin/protoc /usr/local/bin/protoc');
    assert.deepEqual(findingsOf(t, 'AL308', opts).map((f) => `${rangeOf(f)} ${(f.data as { token: string }).token} ${f.fixes?.length ?? 0}`), ['1:39-1:45 x86_64 0']);
    // A command substitution that does not compute the architecture still holds a fixed file name.
    const computed = df('FROM ubuntu:26.04', 'RUN ZIPNAME="protoc-$(cat /VERSION)-linux-x86_64.zip"; wget "https://x/${ZIPNAME}"');
    assert.equal(findingsOf(computed, 'AL308', opts).length, 1);
  });
  it('no finding for a shell variable of another RUN, chosen per architecture, or set after the download', () => {
    for (const t of [
      df('FROM alpine', 'RUN F=tool-amd64.tgz; echo $F', 'RUN curl -O https://x/${F}'),
      df('FROM alpine', 'ARG TARGETARCH', 'RUN case "$TARGETARCH" in amd64) F=tool-x86_64.tgz ;; arm64) F=tool-aarch64.tgz ;; esac; curl -O https://x/${F}'),
      df('FROM alpine', 'RUN if [ "$(uname -m)" = x86_64 ]; then F=tool-x86_64.tgz; fi; curl -O https://x/${F}'),
      df('FROM alpine', 'RUN curl -O https://x/${F}; F=tool-amd64.tgz'),
      // skaffold hack/proto/Dockerfile: the value is computed from the machine's architecture.
      df('FROM golang:1.26', 'RUN plat=$(case $(uname -s)-$(uname -m) in Linux-x86_64) echo linux-x86_64;; Linux-aarch64) echo linux-aarch_64;; esac); \\', '  wget -O protoc.zip https://x/protoc-31.1-${plat}.zip'),
      df('FROM alpine', 'ARG TARGETARCH', 'RUN F=$(echo "tool-${TARGETARCH}.tgz" | sed s/amd64/x86_64/); curl -O https://x/${F}'),
    ]) assert.deepEqual(findingsOf(t, 'AL308', opts), [], t);
  });
  it('no finding for a suffix a command substitution maps from the architecture with a case over architecture names (kagent .devcontainer/Dockerfile)', () => {
    // ARCH is an ARG defaulted from TARGETARCH: the case is over it, inside $( ), arms named amd64 and arm64.
    const t = df('FROM debian:12', 'ARG TARGETARCH', 'ARG ARCH=${TARGETARCH:-amd64}',
      'RUN S=$(case ${ARCH} in amd64) echo x86_64-unknown-linux-gnu;; arm64) echo aarch64-unknown-linux-musl;; esac) \\',
      '    && curl -Lo starship.tar.gz "https://github.com/starship/starship/releases/latest/download/starship-${S}.tar.gz"');
    assert.deepEqual(findingsOf(t, 'AL308', opts), [], t);
    // Must still fire: a case in $( ) over something else than architectures chooses no architecture.
    const other = df('FROM debian:12', 'ARG DISTRO=gnu',
      'RUN S=$(case ${DISTRO} in gnu) echo x86_64-unknown-linux-gnu;; musl) echo x86_64-unknown-linux-musl;; esac) \\',
      '    && curl -Lo s.tgz "https://github.com/starship/starship/releases/latest/download/starship-${S}.tar.gz"');
    assert.equal(findingsOf(other, 'AL308', opts).length, 1, other);
  });
  it('fires on a URL whose site is held in an ARG and whose file name, written in the RUN, names the architecture (m1k1o/neko apps/opera/Dockerfile)', () => {
    const t = df('FROM debian:12', 'ARG API_URL="https://download5.operacdn.com/pub/opera/desktop/"',
      'RUN wget -O /tmp/opera.deb "${API_URL}${VERSION}/linux/opera-stable_${VERSION}_amd64.deb" && apt-get install -y /tmp/opera.deb');
    const found = findingsOf(t, 'AL308', opts);
    assert.equal(found.length, 1, t);
    assert.equal(rangeOf(found[0]), '2:79-2:84');
    // Not: a held value that is no URL, the architecture chosen by a case, or a variable that names it.
    for (const quiet of [
      df('FROM debian:12', 'ARG DIR=/opt/opera/', 'RUN cp "${DIR}opera-stable_amd64.deb" /tmp/'),
      df('FROM debian:12', 'ARG TARGETARCH', 'ARG API_URL=https://x/pub/', 'RUN case "$TARGETARCH" in amd64) wget "${API_URL}tool_amd64.deb" ;; esac'),
      df('FROM debian:12', 'ARG API_URL=https://x/pub/', 'ARG TARGETARCH', 'RUN wget "${API_URL}tool_${TARGETARCH}.deb"'),
    ]) assert.deepEqual(findingsOf(quiet, 'AL308', opts), [], quiet);
  });
  it('its fix rewrites the URL once and every later use of the file name (influxdata/influxdb docker/Dockerfile.ci: the site in ENV INFLUXDB2_DOWNLOAD_BASE)', () => {
    const t = df('FROM rust:1-slim-bookworm', 'ENV BASE="https://dl.influxdata.com/influxdb/releases"',
      'RUN curl -o influxdb2.tar.gz ${BASE}/influxdb2-2.0.4-linux-amd64.tar.gz \\',
      '    && tar xzf influxdb2.tar.gz && cp influxdb2-2.0.4-linux-amd64/influxd /usr/local/bin/');
    const f = one(t, 'AL308');
    assert.equal(f.fixes?.[0]?.preferred, true, JSON.stringify(f.fixes));
    assert.equal(new Set(f.fixes?.[0]?.edits.map((e) => JSON.stringify(e.range))).size, f.fixes?.[0]?.edits.length, 'no range edited twice');
    const fixed = df('FROM rust:1-slim-bookworm', 'ARG TARGETARCH', 'ENV BASE="https://dl.influxdata.com/influxdb/releases"',
      'RUN curl -o influxdb2.tar.gz ${BASE}/influxdb2-2.0.4-linux-${TARGETARCH}.tar.gz \\',
      '    && tar xzf influxdb2.tar.gz && cp influxdb2-2.0.4-linux-${TARGETARCH}/influxd /usr/local/bin/');
    fix(t, f, fixed);
    assert.deepEqual(findingsOf(fixed, 'AL308', opts), [], fixed);
  });
  it('no finding for a file-name default that chooses nothing: unused in a URL, an architecture alone, a variable named for choosing it, a download inside a case', () => {
    for (const t of [
      df('FROM alpine', 'ARG PKG=tool-1-amd64.deb', 'RUN dpkg -i ${PKG}'),
      df('FROM alpine', 'ARG DL=amd64', 'RUN curl -O https://x/tool-${DL}.tgz'),
      df('FROM alpine', 'ARG TOOL_ARCH=linux-amd64', 'RUN curl -O https://x/tool-${TOOL_ARCH}.tgz'),
      df('FROM alpine', 'ARG TARGETARCH', 'ARG PKG=tool-1-amd64.deb', 'RUN case "$TARGETARCH" in amd64) curl -O https://x/${PKG} ;; esac'),
      df('FROM alpine', 'ARG TARGETARCH', 'ARG PKG=tool-1-${TARGETARCH}.deb', 'RUN curl -O https://x/${PKG}'),
    ]) assert.deepEqual(findingsOf(t, 'AL308', opts), [], t);
  });
  it('still fires on a URL outside the case when another one in the same RUN is inside it', () => {
    const t = df('FROM alpine', 'ARG TARGETARCH', 'RUN case "$TARGETARCH" in amd64) u=https://x/a-amd64 ;; esac; curl -O https://x/b-arm64');
    assert.deepEqual(findingsOf(t, 'AL308', opts).map(rangeOf), ['2:82-2:87']);
  });
  it('a comment saying the vendor has one architecture only: the finding stands, its fix is not applied blind (chaos-mesh: "toda doesn\'t support arm64 yet")', () => {
    const title = 'Download the target architecture (${TARGETARCH}) — not applied by --fix: a comment says the vendor publishes one architecture only; check that the file exists for each';
    for (const [comment, text] of [
      ["toda doesn't support arm64 yet", df('FROM curlimages/curl:7.88.1', "# toda doesn't support arm64 yet", 'RUN curl -L https://github.com/chaos-mesh/toda/releases/download/v0.2.4/toda-linux-amd64.tar.gz | tar xz -C /tmp/bin')],
      ['amd64 only, inside the continued RUN', df('FROM alpine', 'RUN apk add curl && \\', '    # the vendor ships amd64 only', '    curl -L https://github.com/chaos-mesh/toda/releases/download/v0.2.4/toda-linux-amd64.tar.gz | tar xz')],
    ]) {
      const f = one(text, 'AL308');
      assertMessage(f, 'onTargetPlatform', { token: 'amd64', stage: 'stage 0 (unnamed)' });
      assert.deepEqual(f.fixes?.map((x) => `${x.title} ${x.preferred}`), [`${title} undefined`], comment);
    }
  });
  it('a vendor known to publish one architecture only: the finding stands, its fix is not applied (tailscale\'s QNAP builder, Cloud KMS PKCS#11)', () => {
    const f = one(df('FROM ubuntu:24.04', 'RUN curl -L https://github.com/GoogleCloudPlatform/kms-integrations/releases/download/pkcs11-v1.7/libkmsp11-1.7-linux-amd64.tar.gz | tar xz'), 'AL308');
    assert.deepEqual(f.fixes?.map((x) => `${x.title} ${x.preferred}`), ['Download the target architecture (${TARGETARCH}) — not applied by --fix: GoogleCloudPlatform/kms-integrations publishes Linux amd64 only (its issue 43); the other platforms need another source undefined']);
    // must still be preferred for another vendor's Go-named release
    assert.equal(one(df('FROM ubuntu:24.04', 'RUN curl -L https://github.com/o/tool/releases/download/v1/tool-linux-amd64.tar.gz | tar xz'), 'AL308').fixes?.[0].preferred, true);
  });
  it('Intel\'s GPU runtime packages, published for amd64 only: the finding stands, its fix is not applied (intel-device-plugins-for-kubernetes intel-gpu-levelzero.Dockerfile)', () => {
    for (const [vendor, url] of [
      ['intel/compute-runtime', 'https://github.com/intel/compute-runtime/releases/download/25.40.35563.4/intel-opencl-icd_25.40.35563.4-0_amd64.deb'],
      ['intel/intel-graphics-compiler', 'https://github.com/intel/intel-graphics-compiler/releases/download/v2.20.3/intel-igc-core-2_2.20.3+19972_amd64.deb'],
    ]) {
      const f = one(df('FROM golang:1.26-trixie AS builder', `RUN cd /runtime && curl -sSLO ${url} && dpkg -i *.deb`), 'AL308');
      assert.deepEqual(f.fixes?.map((x) => `${x.title} ${x.preferred}`), [`Download the target architecture (\${TARGETARCH}) — not applied by --fix: ${vendor} publishes amd64 packages only; the other platforms need another source undefined`], vendor);
    }
    // must still fire, fix preferred, for Intel's other repositories
    assert.equal(one(df('FROM ubuntu:24.04', 'RUN curl -sSLO https://github.com/intel/other-tool/releases/download/v1/tool_1.0_amd64.deb'), 'AL308').fixes?.[0].preferred, true);
  });
  it('a package from Ubuntu\'s pool, whose architectures live on two hosts: the finding stands, its fix is not applied (lf-edge/eve pkg/nvidia/Dockerfile:89)', () => {
    for (const [host, url] of [
      ['ports.ubuntu.com serves no amd64 or i386 packages (archive.ubuntu.com does)', 'http://ports.ubuntu.com/ubuntu-ports/pool/main/g/glibc/libc-bin_2.31-0ubuntu9_arm64.deb'],
      ['archive.ubuntu.com and security.ubuntu.com serve amd64 and i386 packages only (ports.ubuntu.com serves the others)', 'http://us.archive.ubuntu.com/ubuntu/pool/main/g/glibc/libc-bin_2.31-0ubuntu9_amd64.deb'],
    ]) {
      const f = one(df('FROM alpine AS build', `ADD ${url} /`), 'AL308');
      assert.deepEqual(f.fixes?.map((x) => `${x.title} ${x.preferred}`), [`Download the target architecture (\${TARGETARCH}) — not applied by --fix: ${host}; the other platforms need another source undefined`], url);
    }
    // must still be preferred for another Debian-style pool that serves every architecture
    assert.equal(one(df('FROM alpine AS build', 'ADD http://deb.debian.org/debian/pool/main/g/glibc/libc-bin_2.36-9_arm64.deb /'), 'AL308').fixes?.[0].preferred, true);
  });
  it('a download checked against one checksum: the finding stands, its fix is not applied (kubeflow/pipelines backend/Dockerfile.visualization)', () => {
    const checksum = 'the download is checked against one checksum, which the other architectures\' files fail; give each its own';
    const note = ` — not applied by --fix: ${checksum}`;
    for (const [name, text, title] of [
      ['sha256sum -c in the same RUN', df('FROM python:3.11-slim', 'ARG SDK_SHA256=6b04', 'RUN curl -fsSL "https://dl.google.com/dl/cloudsdk/channels/rapid/downloads/google-cloud-cli-557.0.0-linux-x86_64.tar.gz" -o /tmp/sdk.tar.gz \\', '  && echo "${SDK_SHA256}  /tmp/sdk.tar.gz" | sha256sum -c - \\', '  && tar -xzf /tmp/sdk.tar.gz'), 'Choose the download per platform (case "$TARGETARCH" mapping) — not applied by --fix: the vendor\'s aarch64 name is a guess; check that the file exists for each architecture'],
      ['shasum --check', df('FROM alpine', 'RUN wget https://x/tool-linux-amd64.tgz && echo "abc  tool-linux-amd64.tgz" | shasum -a 256 --check'), 'Download the target architecture (${TARGETARCH})'],
      ['ADD --checksum', df('FROM alpine', 'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://x/tool-linux-amd64 /bin/tool'), 'Download the target architecture (${TARGETARCH})'],
    ]) {
      const f = one(text, 'AL308');
      assert.deepEqual(f.fixes?.map((x) => `${x.title} ${x.preferred}`), [`${title}${title.includes(' — not applied') ? `; ${checksum}` : note} undefined`], name);
    }
  });
  it('a checksum file downloaded but not checked, or sha256sum printing a hash, leaves the fix preferred', () => {
    const f = one(df('FROM alpine', 'RUN wget https://x/tool-linux-amd64.tgz && sha256sum tool-linux-amd64.tgz'), 'AL308');
    assert.deepEqual(f.fixes?.map((x) => x.preferred), [true]);
  });
  it('a comment above that says nothing about other architectures leaves the fix preferred', () => {
    const t = df('FROM alpine', '# install the amd64 kubectl release binary', 'RUN curl -LO https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl');
    const f = one(t, 'AL308');
    assert.deepEqual(f.fixes?.map((x) => `${x.title} ${x.preferred}`), ['Download the target architecture (${TARGETARCH}) true']);
  });
  it('does not fire when a case/if/variable chooses the arch, outside URLs, or on Windows', () => {
    none(df('FROM alpine', 'RUN arch="$(apk --print-arch)"; case "$arch" in x86_64) url=https://x/go.linux-amd64.tgz ;; aarch64) url=https://x/go.linux-arm64.tgz ;; esac; wget "$url"'), 'AL308');
    none(df('FROM alpine', 'ARG TARGETARCH', 'RUN if [ "$TARGETARCH" = amd64 ]; then curl -O https://x/t-amd64; fi'), 'AL308');
    none(df('FROM alpine', 'ARG TARGETARCH', 'RUN [ "$TARGETARCH" = amd64 ] && curl -O https://x/t-amd64 || true'), 'AL308');
    none(df('FROM debian', 'RUN test "$(dpkg --print-architecture)" = amd64 && curl -O https://x/t-amd64'), 'AL308');
    none(df('FROM alpine', 'ARG TARGETARCH', 'RUN curl -O https://x/t-${TARGETARCH}.tgz'), 'AL308');
    none(df('FROM debian', 'RUN echo "deb [arch=amd64] https://repo.example.com/deb stable main" > /etc/apt/sources.list.d/x.list'), 'AL308');
    none(df('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN curl -O https://x/t-amd64.zip'), 'AL308');
    none(df('FROM alpine', '# RUN curl https://x/t-amd64', 'RUN true'), 'AL308');
  });

  it('a fetch piped straight into a text filter reads a value, not a file (linuxserver docker-jellyfin reads the version from the amd64 package index)', () => {
    const jellyfin = df('FROM ubuntu:24.04', 'RUN if [ -z ${JELLYFIN_RELEASE+x} ]; then \\', '    JELLYFIN_RELEASE=$(curl -sX GET https://repo.jellyfin.org/ubuntu/dists/noble/main/binary-amd64/Packages |grep -A 7 -m 1 \'Package: jellyfin-server\' | awk -F \': \' \'/Version/{print $2;exit}\'); \\', '  fi && apt-get install -y jellyfin=${JELLYFIN_RELEASE}');
    none(jellyfin, 'AL308');
    none(df('FROM alpine', 'RUN V=$(wget -qO- https://example.com/releases/linux-amd64/latest.json | jq -r .version) && echo $V'), 'AL308');
  });
  it('must still fire on a fetch into tar, a shell or a file, and on wget writing its file', () => {
    one(df('FROM alpine', 'RUN curl -fsSL https://example.com/tool-linux-amd64.tar.gz | tar -xz'), 'AL308');
    one(df('FROM alpine', 'RUN curl -fsSL https://example.com/install-linux-amd64.sh | sh'), 'AL308');
    one(df('FROM alpine', 'RUN curl -fsSLo /usr/bin/tool https://example.com/tool-linux-amd64 | grep -q . || true'), 'AL308');
    one(df('FROM alpine', 'RUN wget https://example.com/tool-linux-amd64.tgz | grep -c x'), 'AL308');
  });
  it('an x86-64 download in a stage that installs box64 or FEX for ARM runs under that emulator there (factoriotools/factorio-docker)', () => {
    const box64 = 'RUN if [[ "$(uname -m)" == "aarch64" ]]; then curl -LO https://github.com/ptitSeb/box64/releases/download/v0.2.4/box64-GENERIC_ARM-RelWithDebInfo.zip && unzip box64-GENERIC_ARM-RelWithDebInfo.zip -d /bin; fi';
    none(df('FROM debian:stable-slim', 'SHELL ["/bin/bash", "-c"]', box64, 'RUN curl -sSL "https://www.factorio.com/get-download/$VERSION/headless/linux64" -o /tmp/f.tar.xz && tar xf /tmp/f.tar.xz -C /opt'), 'AL308');
    none(df('FROM ubuntu:24.04', 'RUN apt-get update && apt-get install -y fex-emu-armv8.4', 'RUN curl -fsSLo /srv/server https://example.com/game-server-linux-x86_64'), 'AL308');
  });
  it('must still fire without an emulator in that stage, or on a download of another architecture beside one', () => {
    one(df('FROM debian AS emu', 'RUN curl -LO https://github.com/ptitSeb/box64/releases/download/v0.2.4/box64-GENERIC_ARM-RelWithDebInfo.zip', 'FROM debian', 'COPY --from=emu /box64* /bin/', 'RUN curl -sSL https://www.factorio.com/get-download/2.0/headless/linux64 -o /tmp/f.tar.xz'), 'AL308');
    one(df('FROM debian', 'RUN apt-get install -y box64', 'RUN curl -fsSLo /usr/bin/tool https://example.com/tool-linux-arm64'), 'AL308');
  });
  it('a Node.js tarball from which the RUN extracts only npm/npx/corepack (JavaScript) is the same file on every platform (wekan Dockerfile)', () => {
    none(df('FROM debian:trixie', 'RUN wget "https://nodejs.org/dist/${V}/node-${V}-linux-x64.tar.gz" && \\',
      '    tar xzf "node-${V}-linux-x64.tar.gz" -C /usr/local --strip-components=1 --no-same-owner \\',
      '      "node-${V}-linux-x64/lib/node_modules/npm" "node-${V}-linux-x64/bin/npm" "node-${V}-linux-x64/bin/npx"'), 'AL308');
    none(df('FROM debian', 'RUN curl -fsSL https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz | tar -xJ -C /usr/local --strip-components=1 node-v22.1.0-linux-x64/lib/node_modules/corepack'), 'AL308');
  });
  it('must still fire when the Node.js tarball is extracted whole, or its node binary with the scripts, or the scripts of another file', () => {
    one(df('FROM debian', 'RUN curl -fsSL https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz | tar -xJ -C /usr/local --strip-components=1'), 'AL308');
    one(df('FROM debian', 'RUN wget https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.gz && tar xzf node-v22.1.0-linux-x64.tar.gz -C /usr/local --strip-components=1 node-v22.1.0-linux-x64/bin/node node-v22.1.0-linux-x64/lib/node_modules/npm'), 'AL308');
    one(df('FROM debian', 'RUN wget https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.gz && tar xzf other.tar.gz node-v22.1.0-linux-x64/bin/npm'), 'AL308');
    one(df('FROM debian', 'RUN wget https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.gz && tar -xzf node-v22.1.0-linux-x64.tar.gz node-v22.1.0-linux-x64/include/node'), 'AL308');
    one(df('FROM debian', 'RUN wget https://example.com/tool-1.0-linux-x64.tar.gz && tar xzf tool-1.0-linux-x64.tar.gz tool/lib/node_modules/npm'), 'AL308');
  });
});

describe('AL308 on a Windows image whose base name does not say so (kubernetes-sigs/windows-testing images/java/Dockerfile)', () => {
  // A Windows busybox base from an e2e registry, C:\ paths, and the Windows container accounts:
  // the x86_64 download is the Windows JDK, and Windows nodes are amd64.
  const java = (...user: string[]) => df('ARG BASE_IMAGE=k8sprow.azurecr.io/kubernetes-e2e-test-images/busybox:1.29', 'FROM $BASE_IMAGE',
    'ENV JAVA_URL "http://github.com/ojdkbuild/ojdkbuild/releases/download/1.8.0.171-1/java-1.8.0-openjdk-1.8.0.171-1.b10.ojdkbuild.windows.x86_64.zip"',
    'ADD $JAVA_URL /', 'RUN mkdir C:\\java', ...user, 'RUN setx /M PATH "C:\\java\\java-1.8.0\\bin;%PATH%"');
  it('does not fire in a stage that runs as a Windows container account (USER ContainerAdministrator / ContainerUser)', () => {
    none(java('USER ContainerAdministrator'), 'AL308');
    none(java('USER ContainerUser'), 'AL308');
  });
  it('still fires without one, or with a Linux user', () => {
    one(java(), 'AL308');
    one(java('USER containeruser-linux'), 'AL308');
  });
});

describe('AL308: an architecture-independent package in a folder named for one architecture', () => {
  it('a .noarch.rpm or an _all.deb under an x86_64/amd64 folder is the same file for every platform (rundeck/rundeck docker/package/Dockerfile:4)', () => {
    none(df('FROM centos:7', 'RUN rpm -Uvh https://dl.fedoraproject.org/pub/epel/7/x86_64/e/epel-release-7-10.noarch.rpm'), 'AL308');
    none(df('FROM debian', 'RUN curl -fsSLO https://repo.example.com/pool/amd64/tool-common_1.0_all.deb && dpkg -i tool-common_1.0_all.deb'), 'AL308');
  });
  it('must still fire: the package itself is for one architecture, whatever the folder', () => {
    one(df('FROM centos:7', 'RUN rpm -Uvh https://dl.example.com/el7/x86_64/tool-1.0-1.el7.x86_64.rpm'), 'AL308');
    one(df('FROM debian', 'RUN curl -fsSLO https://repo.example.com/pool/amd64/tool_1.0_amd64.deb'), 'AL308');
    one(df('FROM debian', 'RUN curl -fsSLO https://repo.example.com/noarch/tool-linux-amd64.tar.gz'), 'AL308');
  });
});
