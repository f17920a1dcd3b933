/** AL307 hardcoded-target-arch. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL307', opts).run({
  valid: [df('FROM golang AS b', 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'), {
    // bridgecrewio/checkov tests/dockerfile/graph_builder/checks/resources/EnvGitSslNoVerify/fail/Dockerfile.wilderness.
    name: 'an ENV GOARCH that no build can read (no Go base, no RUN that may compile, here or in a stage FROM it)',
    text: df('FROM alpine:3.5', 'ENV GO111MODULE=on \\', '    GOARCH=amd64', 'RUN apk add git && git clone https://github.com/bridgecrewio/checkov.git'),
  }],
  invalid: [{
    name: 'an ENV GOARCH on a Go toolchain base: a build in the image reads it',
    text: df('FROM golang:1.22', 'ENV GOARCH=amd64', 'RUN git clone https://example.org/src.git'),
    errors: [{ range: '1:11-1:16', messageId: 'hardcodedTarget', data: { setting: 'GOARCH=', value: 'amd64', stage: 'stage 0 (unnamed)', goarch: true } }],
  }, {
    name: 'an ENV GOARCH read by a make in a stage built FROM it',
    text: df('FROM alpine:3.20 AS base', 'ENV GOARCH=amd64', 'FROM base', 'RUN make build'),
    errors: [{ range: '1:11-1:16', messageId: 'hardcodedTarget', data: { setting: 'GOARCH=', value: 'amd64', stage: "stage 'base'", goarch: true } }],
  }, {
    name: 'ENV GOARCH and a cargo --target triple (no fix for the triple)',
    text: df('FROM rust', 'ENV GOARCH=arm64', 'RUN cargo build --target x86_64-unknown-linux-gnu'),
    errors: [
      { range: '1:11-1:16', messageId: 'hardcodedTarget', data: { setting: 'GOARCH=', value: 'arm64', stage: 'stage 0 (unnamed)', goarch: true }, severity: 'warning' },
      { range: '2:25-2:49', messageId: 'hardcodedTarget', data: { setting: '--target ', value: 'x86_64-unknown-linux-gnu', stage: 'stage 0 (unnamed)', goarch: false } },
    ],
  }],
});

describe('AL307 hardcoded-target-arch', () => {
  it('fires on GOARCH=amd64 in RUN; fix uses $TARGETARCH and declares it', () => {
    const t = df('FROM golang AS b', 'RUN GOOS=linux GOARCH=amd64 go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
    const f = one(t, 'AL307');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '1:22-1:27');
    assertMessage(f, 'hardcodedTarget', { setting: 'GOARCH=', value: 'amd64', stage: "stage 'b'", goarch: true });
    fix(t, f, df('FROM golang AS b', 'ARG TARGETARCH', 'RUN GOOS=linux GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'));
  });
  it('on a base an ARG default puts in an architecture namespace, the fix is offered, not preferred (algorand/go-algorand docker/build/cicd.ubuntu.Dockerfile)', () => {
    const t = df('ARG ARCH="amd64"', 'FROM ${ARCH}/ubuntu:24.04', 'ARG GOARCH="amd64"', 'RUN wget https://dl.google.com/go/go1.22.linux-${GOARCH}.tar.gz && make build');
    const f = one(t, 'AL307');
    assert.equal(f.fixes?.length, 1);
    assert.notEqual(f.fixes?.[0].preferred, true);
    assert.match(f.fixes?.[0].title ?? '', /amd64\/ubuntu:24\.04 is linux\/amd64 only/);
    // Must still prefer it on a multi-platform base.
    assert.equal(one(df('ARG BASE="ubuntu"', 'FROM ${BASE}:24.04', 'ARG GOARCH="amd64"', 'RUN make build'), 'AL307').fixes?.[0].preferred, true);
  });
  it('fires on `go env -w GOARCH=amd64` (Permify integration-test/Dockerfile), fixed; not for another OS or a variable', () => {
    const t = df('FROM golang:1.22-alpine', 'COPY . /app', 'RUN go env -w CGO_ENABLED=0', 'RUN go env -w GOARCH=amd64', 'CMD ["go", "test", "./..."]');
    const f = one(t, 'AL307');
    assert.equal(rangeOf(f), '3:21-3:26');
    assertMessage(f, 'hardcodedTarget', { setting: 'GOARCH=', value: 'amd64', stage: 'stage 0 (unnamed)', goarch: true });
    fix(t, f, df('FROM golang:1.22-alpine', 'ARG TARGETARCH', 'COPY . /app', 'RUN go env -w CGO_ENABLED=0', 'RUN go env -w GOARCH=$TARGETARCH', 'CMD ["go", "test", "./..."]'));
    none(df('FROM golang:1.22', 'RUN go env -w GOOS=darwin GOARCH=arm64 && go build -o /cli-darwin .', 'FROM alpine', 'COPY --from=0 /cli-darwin /dl/'), 'AL307');
    none(df('FROM golang:1.22', 'ARG TARGETARCH', 'RUN go env -w GOARCH=$TARGETARCH', 'RUN go build ./...'), 'AL307');
    none(df('FROM golang:1.22', 'RUN go env GOARCH', 'RUN go build ./...'), 'AL307');
  });
  it('fires on ENV GOARCH and on a cargo --target triple (no fix for the triple)', () => {
    const t = df('FROM rust', 'ENV GOARCH=arm64', 'RUN cargo build --target x86_64-unknown-linux-gnu');
    const found = findingsOf(t, 'AL307', opts);
    assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length}`), ['1:11-1:16 1', '2:25-2:49 0']);
    assertMessage(found[1], 'hardcodedTarget', { setting: '--target ', value: 'x86_64-unknown-linux-gnu', stage: 'stage 0 (unnamed)', goarch: false });
    fix(t, found[0], df('FROM rust', 'ARG TARGETARCH', 'ENV GOARCH=$TARGETARCH', 'RUN cargo build --target x86_64-unknown-linux-gnu'));
  });
  it('does not fire on a stage per architecture copied together (an image of release binaries), or on a build for another OS', () => {
    const fanOut = df(
      'FROM --platform=$BUILDPLATFORM golang AS gen',
      'FROM gen AS build-linux-amd64', 'ENV GOOS=linux GOARCH=amd64', 'RUN go build -o /out/cli-linux-amd64 ./cli',
      'FROM gen AS build-linux-arm64', 'ENV GOOS=linux GOARCH=arm64', 'RUN go build -o /out/cli-linux-arm64 ./cli',
      'FROM scratch', 'COPY --from=build-linux-amd64 /out/* /', 'COPY --from=build-linux-arm64 /out/* /',
    );
    none(fanOut, 'AL307');
    none(df('FROM golang AS mac', 'RUN GOOS=darwin GOARCH=arm64 go build -o /cli-darwin .', 'FROM alpine', 'COPY --from=mac /cli-darwin /dl/'), 'AL307');
    none(df('FROM golang AS mac', 'ENV GOOS=windows GOARCH=amd64', 'RUN go build -o /cli.exe .', 'FROM alpine', 'COPY --from=mac /cli.exe /dl/'), 'AL307');
  });
  it('does not fire on one stage cross-compiling a set of architectures (gosu), but still fires on one fixed architecture repeated', () => {
    // tianon/gosu: one RUN per architecture, each writing gosu-$ARCH; $TARGETARCH in each would build one arch ten times.
    const matrix = df(
      'FROM golang:1.24-bookworm',
      'COPY *.go ./',
      'RUN ARCH=amd64    GOARCH=amd64       gosu-build-and-test.sh',
      'RUN ARCH=i386     GOARCH=386         gosu-build-and-test.sh',
      'RUN ARCH=armel    GOARCH=arm GOARM=5 gosu-build-and-test.sh',
      'RUN ARCH=arm64    GOARCH=arm64       gosu-build-and-test.sh',
    );
    none(matrix, 'AL307');
    none(df('FROM golang', 'RUN GOARCH=amd64 go build -o /out/a-amd64 . && GOARCH=arm64 go build -o /out/a-arm64 .'), 'AL307');
    // The same architecture twice is no matrix; GOARCH and a cargo triple are different settings.
    assert.equal(findingsOf(df('FROM golang', 'RUN GOARCH=amd64 go build -o /a ./a', 'RUN GOARCH=amd64 go build -o /b ./b'), 'AL307', opts).length, 2);
    assert.equal(findingsOf(df('FROM rust', 'ENV GOARCH=arm64', 'RUN cargo build --target x86_64-unknown-linux-gnu'), 'AL307', opts).length, 2);
  });
  it('still fires on one fixed architecture, in one stage or in several stages alike', () => {
    const twoStagesOneArch = df(
      'FROM golang AS a', 'RUN GOARCH=amd64 go build -o /a ./a',
      'FROM golang AS b', 'ENV GOOS=linux GOARCH=amd64', 'RUN go build -o /b ./b',
      'FROM alpine', 'COPY --from=a /a /a', 'COPY --from=b /b /b',
    );
    assert.equal(findingsOf(twoStagesOneArch, 'AL307', opts).length, 2);
    assert.equal(findingsOf(df('FROM golang AS b', 'RUN GOOS=linux GOARCH=arm64 go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'), 'AL307', opts).length, 1);
  });
  it('does not fire in a Dockerfile named for the architecture it builds, or in a stage whose name says it (one file or stage per architecture)', () => {
    // cloudflared: Dockerfile.amd64 / Dockerfile.arm64 / Dockerfile.fips.arm64, each built for its own platform.
    const perArch = (arch: string) => df('FROM golang:1.26 AS builder', 'COPY . .', `RUN GOOS=linux GOARCH=${arch} make cloudflared`, `FROM gcr.io/distroless/base:nonroot-${arch}`, 'COPY --from=builder /src/cloudflared /usr/local/bin/');
    for (const [file, arch] of [['Dockerfile.amd64', 'amd64'], ['Dockerfile.fips.arm64', 'arm64'], ['arm64.Dockerfile', 'arm64'], ['build/Dockerfile-aarch64', 'arm64'],
      // A bare `arm` names both arm and arm64 (kubernetes-engine-samples' migrate-x86-app-to-multi-arch/Dockerfile_arm).
      ['tutorial/Dockerfile_arm', 'arm64']]) {
      assert.deepEqual(findingsOf(perArch(arch), 'AL307', { file }).map(rangeOf), [], file);
    }
    none(df('FROM golang AS build-arm64', 'RUN GOARCH=arm64 go build -o /a .', 'FROM alpine', 'COPY --from=build-arm64 /a /a'), 'AL307');
  });
  it('must still fire when the file or stage names another architecture than the constant, or none', () => {
    const arm64InAmd64File = df('FROM golang AS builder', 'RUN GOOS=linux GOARCH=arm64 make app', 'FROM alpine', 'COPY --from=builder /app /app');
    assert.deepEqual(findingsOf(arm64InAmd64File, 'AL307', { file: 'Dockerfile.amd64' }).map(rangeOf), ['1:22-1:27']);
    assert.deepEqual(findingsOf(arm64InAmd64File, 'AL307', { file: 'Dockerfile.release' }).map(rangeOf), ['1:22-1:27']);
    one(df('FROM golang AS build-amd64', 'RUN GOARCH=arm64 go build -o /a .', 'FROM alpine', 'COPY --from=build-amd64 /a /a'), 'AL307');
  });
  it('does not fire inside a case mapping, on variables, in unused stages, or on constant-platform stages', () => {
    none(df('FROM rust', 'ARG TARGETARCH', 'RUN case "$TARGETARCH" in amd64) t=x86_64-unknown-linux-gnu; CARGO_BUILD_TARGET=x86_64-unknown-linux-gnu cargo build --target x86_64-unknown-linux-gnu ;; esac'), 'AL307');
    none(df('FROM golang', 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH go build .'), 'AL307');
    none(df('FROM golang AS unused', 'RUN GOARCH=amd64 go build .', 'FROM alpine'), 'AL307');
    none(df('FROM --platform=linux/amd64 golang', 'RUN GOARCH=amd64 go build .'), 'AL307');
  });
});

describe('AL307: an ARG that picks the prebuilt file to copy in', () => {
  it('does not fire on ARG GOARCH=amd64 that only names the binary COPY takes, where nothing compiles (kgateway cmd/*/Dockerfile, built with --build-arg GOARCH=)', () => {
    none(df('ARG ENVOY_IMAGE', 'FROM $ENVOY_IMAGE', 'ARG GOARCH=amd64', 'RUN apt-get update && apt-get install -y ca-certificates', 'COPY kgateway-linux-$GOARCH /usr/local/bin/kgateway', 'ENTRYPOINT ["/usr/local/bin/kgateway"]'), 'AL307');
    none(df('FROM gcr.io/distroless/base', 'ARG GOARCH=amd64', 'COPY sds-linux-${GOARCH} /usr/local/bin/sds'), 'AL307');
  });
  it('still fires when a RUN of the stage may compile with it, when the ARG names no copied file, or on ENV', () => {
    one(df('FROM golang', 'ARG GOARCH=amd64', 'COPY app-$GOARCH.go /src/', 'RUN go build -o /app /src'), 'AL307');
    one(df('FROM golang', 'ARG GOARCH=amd64', 'COPY bin-$GOARCH /bin/app', 'RUN make install'), 'AL307');
    one(df('FROM alpine', 'ARG GOARCH=amd64', 'COPY app /bin/app'), 'AL307');
    one(df('FROM alpine', 'ENV GOARCH=amd64', 'COPY app-$GOARCH /bin/app'), 'AL307');
    one(df('FROM alpine', 'ARG GOARCH=amd64', 'COPY --from=builder /out/app-$GOARCH /bin/app'), 'AL307');
  });
});

describe('AL307: a path that exists on one architecture only, in a Dockerfile built per platform', () => {
  it('fires on a Debian multiarch folder copied from a builder, and on a JVM folder in JAVA_HOME, with no fix (the distribution names each folder)', () => {
    // kgateway's envoy-wrapper image copies libz from its builder; Java images set JAVA_HOME so.
    const libz = df('FROM --platform=$BUILDPLATFORM golang AS build', 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH go build -o /app .', 'FROM debian:12 AS libs', 'FROM gcr.io/distroless/base', 'COPY --from=libs /usr/lib/x86_64-linux-gnu/libz.so.1 /usr/lib/x86_64-linux-gnu/', 'COPY --from=build /app /app');
    const found = findingsOf(libz, 'AL307', opts);
    assert.deepEqual(found.map((f) => `${rangeOf(f)} ${f.fixes?.length ?? 0}`), ['5:17-5:42 0']);
    assertMessage(found[0], 'archPath', { path: '/usr/lib/x86_64-linux-gnu', arch: 'amd64', stage: 'stage 2 (unnamed)' });
    const java = df('FROM eclipse-temurin:21 AS build', 'ARG TARGETPLATFORM', 'RUN ./gradlew build -Pplatform=$TARGETPLATFORM', 'FROM debian:12', 'RUN apt-get install -y openjdk-17-jre-headless', 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64', 'COPY --from=build /app.jar /app.jar');
    assert.deepEqual(findingsOf(java, 'AL307', opts).map(rangeOf), ['5:14-5:48']);
    one(df('FROM ubuntu', 'ARG TARGETARCH', 'RUN curl -o /x.tgz https://x/$TARGETARCH.tgz && ln -s /lib/aarch64-linux-gnu/libc.so.6 /libc.so'), 'AL307');
  });
  it('fires in a Dockerfile built per architecture through its own ARG (kgateway cmd/kgateway/Dockerfile.distroless, built with --platform=linux/$(GOARCH) --build-arg GOARCH=)', () => {
    const kgateway = df('ARG ENVOY_IMAGE', 'ARG BASE_IMAGE', 'FROM $ENVOY_IMAGE as envoy', 'FROM $BASE_IMAGE', 'ARG GOARCH=amd64', 'COPY --from=envoy /usr/local/bin/envoy /usr/local/bin/envoy', 'COPY --from=envoy /usr/lib/x86_64-linux-gnu/libz.so* /usr/lib/x86_64-linux-gnu/', 'COPY kgateway-linux-$GOARCH /usr/local/bin/kgateway');
    assert.deepEqual(findingsOf(kgateway, 'AL307', opts).map(rangeOf), ['6:18-6:43'], 'one finding for the instruction, not one per path');
    // An architecture ARG declared but never used says nothing about how the file is built.
    none(df('FROM debian', 'ARG ARCH=amd64', 'ENV LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu'), 'AL307');
  });
  it('does not fire where the Dockerfile shows no per-platform build, on build-platform or constant-platform stages, on arch-guarded or two-architecture handling, or on sysroot paths', () => {
    // jessfraz/dockerfiles notify-osd: an amd64 desktop image, nothing says it is built for others.
    none(df('FROM debian:bullseye', 'ENTRYPOINT ["/usr/lib/x86_64-linux-gnu/notify-osd"]', 'ENV LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu'), 'AL307');
    none(df('FROM --platform=$BUILDPLATFORM debian AS cross', 'ENV PKG_CONFIG_PATH=/usr/lib/x86_64-linux-gnu/pkgconfig', 'ARG TARGETARCH', 'RUN make ARCH=$TARGETARCH', 'FROM scratch', 'COPY --from=cross /out /'), 'AL307');
    none(df('FROM --platform=linux/amd64 debian', 'ARG TARGETARCH', 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64'), 'AL307');
    none(df('FROM debian', 'ARG TARGETARCH', 'RUN if [ "$TARGETARCH" = amd64 ]; then cp /usr/lib/x86_64-linux-gnu/libz.so.1 /out/; fi'), 'AL307');
    none(df('FROM debian', 'ARG TARGETARCH', 'RUN cp /usr/lib/x86_64-linux-gnu/libz.so.1 /usr/lib/aarch64-linux-gnu/libz.so.1 /out/ 2>/dev/null || true'), 'AL307');
    none(df('FROM debian', 'ARG TARGETARCH', 'ENV LIBRARY_PATH=$SYSROOT/usr/lib/x86_64-linux-gnu', 'RUN x86_64-linux-gnu-gcc -o /a a.c'), 'AL307');
    none(df('FROM debian', 'ARG TARGETARCH', 'RUN echo $(dpkg-architecture -qDEB_HOST_MULTIARCH) && ls /usr/lib/$(uname -m)-linux-gnu'), 'AL307');
  });
  it('takes a platform ARG declared but never referenced for a per-platform build only where a later RUN of its stage may read it (a build tool, a script)', () => {
    // text-generation-inference's CUDA Dockerfile: `ARG TARGETPLATFORM` ("set by buildx") used nowhere,
    // setup.py build folders of the one platform it is built for (build-push-action, linux/amd64 only).
    const tgi = df('FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS pytorch-install', 'ARG TARGETPLATFORM', 'RUN apt-get update && apt-get install -y curl', 'RUN uv venv && uv pip install torch', 'FROM pytorch-install AS kernel-builder', 'RUN python setup.py build', 'FROM nvidia/cuda:12.4.0-base-ubuntu22.04 AS base', 'COPY --from=kernel-builder /usr/src/build/lib.linux-x86_64-cpython-311 /usr/src/.venv/lib/python3.11/site-packages');
    none(tgi, 'AL307');
    // Must still fire: the ARG read by `make` from RUN's environment, or referenced anywhere.
    const make = df('FROM golang AS build', 'ARG TARGETARCH', 'RUN make build', 'FROM debian', 'COPY --from=build /src/bin/app-linux-amd64 /app');
    assert.deepEqual(findingsOf(make, 'AL307', opts).map(rangeOf), ['4:18-4:42']);
    one(df('FROM debian', 'ARG TARGETPLATFORM', 'RUN echo $TARGETPLATFORM', 'ENV LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu'), 'AL307');
  });
  it('does not fire in a Dockerfile named for the architecture of the path', () => {
    const t = df('FROM debian', 'ARG TARGETARCH', 'RUN make install', 'ENV LD_LIBRARY_PATH=/usr/lib/aarch64-linux-gnu');
    assert.equal(findingsOf(t, 'AL307', { file: 'Dockerfile.arm64' }).length, 0);
    assert.equal(findingsOf(t, 'AL307', { file: 'Dockerfile.amd64' }).length, 1);
  });
});

describe('AL307: a copied file named for one architecture, in a Dockerfile built per platform', () => {
  it('fires on the amd64 build of a binary copied into every platform\'s image; the fix (not preferred) names the file by $TARGETARCH', () => {
    const t = df('FROM alpine', 'ARG TARGETPLATFORM', 'RUN echo building for $TARGETPLATFORM', 'COPY dist/app_linux_amd64/app /usr/local/bin/app');
    const f = one(t, 'AL307');
    assert.equal(rangeOf(f), '3:5-3:29');
    assertMessage(f, 'archFile', { source: 'dist/app_linux_amd64/app', arch: 'amd64', stage: 'stage 0 (unnamed)' });
    assert.equal(f.fixes?.[0]?.preferred, false);
    fix(t, f, df('FROM alpine', 'ARG TARGETPLATFORM TARGETARCH', 'RUN echo building for $TARGETPLATFORM', 'COPY dist/app_linux_${TARGETARCH}/app /usr/local/bin/app'));
    const rust = df('FROM --platform=$BUILDPLATFORM rust AS build', 'RUN cargo build --release', 'FROM debian', 'COPY --from=build /src/target/x86_64-unknown-linux-gnu/release/app /app');
    assert.deepEqual(findingsOf(rust, 'AL307', opts).map((f) => `${rangeOf(f)} ${f.fixes?.length ?? 0}`), ['3:18-3:66 0']);
  });
  it('does not fire on files chosen by a variable, on every architecture\'s file copied together, on downloads (AL308), on destinations, or without per-platform signs', () => {
    none(df('FROM alpine', 'ARG TARGETARCH', 'COPY bin/app-linux-${TARGETARCH} /app'), 'AL307');
    // A fallback for an empty variable is not the file chosen (istio's pilot/docker/Dockerfile.pilot); a literal beside it still is.
    none(df('FROM scratch', 'ARG TARGETARCH', 'COPY ${TARGETARCH:-amd64}/pilot-discovery /usr/local/bin/', 'COPY main-${TARGETARCH-amd64} /registry'), 'AL307');
    one(df('FROM scratch', 'ARG TARGETARCH', 'COPY ${TARGETARCH:-amd64}/pilot-discovery /usr/local/bin/', 'COPY amd64/pilot-agent /usr/local/bin/'), 'AL307');
    none(df('FROM alpine', 'ARG TARGETARCH', 'COPY bin/app-linux-amd64 bin/app-linux-arm64 /opt/dl/'), 'AL307');
    none(df('FROM alpine', 'ARG TARGETARCH', 'ADD https://example.com/tool-linux-amd64 /usr/bin/tool'), 'AL307');
    none(df('FROM alpine', 'ARG TARGETARCH', 'COPY app /opt/amd64/app'), 'AL307');
    none(df('FROM alpine', 'COPY bin/app-linux-amd64 /app'), 'AL307');
    none(df('FROM alpine', 'ARG TARGETARCH', 'COPY ["bin/app-linux-amd64", "/app"]', 'COPY armory64/app /app2'), 'AL307');
    // Each architecture's build renamed in one stage, the target's picked later; per-arch final stages on their own platform.
    none(df('FROM busybox:1.36.1 as rename', 'COPY target/aarch64-unknown-linux-gnu/release/k k-arm64', 'COPY target/x86_64-unknown-linux-gnu/release/k k-amd64', 'FROM gcr.io/distroless/cc-debian12', 'ARG TARGETARCH', 'COPY --from=rename /app/k-$TARGETARCH /k'), 'AL307');
    none(df('FROM --platform=amd64 gcr.io/distroless/cc-debian12 as final-amd64', 'COPY target/x86_64-unknown-linux-gnu/release/e /e', 'FROM --platform=arm64 gcr.io/distroless/cc-debian12 as final-arm64', 'COPY target/aarch64-unknown-linux-gnu/release/e /e', 'FROM final-${TARGETARCH}'), 'AL307');
  });
  it('does not fire on a file copied into a folder named for its own architecture, each build taking its own folder (bluenviron/mediamtx docker/rpi.Dockerfile)', () => {
    const mediamtx = df('FROM --platform=linux/amd64 scratch AS binaries', 'ADD binaries/mediamtx_*_linux_armv7.tar.gz /linux/arm/v7',
      'ADD binaries/mediamtx_*_linux_arm64.tar.gz /linux/arm64', 'FROM scratch', 'ARG TARGETPLATFORM', 'COPY --from=binaries /$TARGETPLATFORM /', 'ENTRYPOINT [ "/mediamtx" ]');
    none(mediamtx, 'AL307');
    none(df('FROM alpine', 'ARG TARGETARCH', 'COPY out/app-x86_64 /opt/amd64/app'), 'AL307');
  });
  it('still fires when the folder names another architecture, none, or is chosen per build', () => {
    one(df('FROM alpine', 'ARG TARGETARCH', 'RUN echo $TARGETARCH', 'ADD binaries/app_linux_arm64.tar.gz /linux/amd64'), 'AL307');
    one(df('FROM alpine', 'ARG TARGETARCH', 'RUN echo $TARGETARCH', 'ADD binaries/app_linux_arm64.tar.gz /opt/app'), 'AL307');
    one(df('FROM alpine', 'ARG TARGETPLATFORM', 'COPY binaries/app_linux_arm64 /$TARGETPLATFORM/app'), 'AL307');
  });
});

describe('AL307: the exported image\'s base names the same architecture in its tag (cluster-api-provider-vsphere boskosctl)', () => {
  // hack/tools/boskosctl/Dockerfile: `GOARCH=amd64 go build` in the builder, copied onto
  // gcr.io/distroless/static:nonroot-amd64. $TARGETARCH would put an arm64 binary on an amd64 base.
  const boskos = (final: string) => df('FROM golang:1.22 as builder', 'RUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o boskosctl ./hack/tools/boskosctl',
    `FROM ${final}`, 'COPY --from=builder /workspace/boskosctl .');
  it('is silent: the image is amd64 by its base, on purpose', () => {
    none(boskos('gcr.io/distroless/static:nonroot-amd64'), 'AL307');
  });
  it('must still fire: a base for every platform, one tagged for another architecture, or a tag chosen by an ARG', () => {
    one(boskos('gcr.io/distroless/static:nonroot'), 'AL307');
    one(boskos('gcr.io/distroless/static:nonroot-arm64'), 'AL307');
    one(boskos('gcr.io/distroless/static:nonroot-${ARCH}'), 'AL307');
  });
});
