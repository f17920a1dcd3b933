/** AL309 arch-probe-on-build-platform. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL309', opts).run({
  valid: [df('FROM debian', 'RUN echo $(uname -m)')],
  invalid: [{
    name: 'uname -m, dpkg --print-architecture, arch and apk --print-arch in a $BUILDPLATFORM stage',
    text: df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN echo $(uname -m) $(dpkg --print-architecture) && arch', 'RUN a=$(apk --print-arch)'),
    errors: [
      { range: '1:11-1:19', messageId: 'archProbe', data: { probe: 'uname -m', stage: "stage 'b'" }, severity: 'warning' },
      { range: '1:23-1:48', messageId: 'archProbe', data: { probe: 'dpkg --print-architecture', stage: "stage 'b'" } },
      { range: '1:53-1:57', messageId: 'archProbe', data: { probe: 'arch', stage: "stage 'b'" } },
      { range: '2:8-2:24', messageId: 'archProbe', data: { probe: 'apk --print-arch', stage: "stage 'b'" } },
    ],
  }],
});

describe('AL309 arch-probe-on-build-platform', () => {
  it('fires on uname -m, dpkg --print-architecture, apk --print-arch and arch in a $BUILDPLATFORM stage', () => {
    const t = df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN echo $(uname -m) $(dpkg --print-architecture) && arch', 'RUN a=$(apk --print-arch)');
    const found = findingsOf(t, 'AL309', opts);
    assert.deepEqual(found.map(rangeOf), ['1:11-1:19', '1:23-1:48', '1:53-1:57', '2:8-2:24']);
    assert.equal(found[0].severity, 'warning');
    assertMessage(found[0], 'archProbe', { probe: 'uname -m', stage: "stage 'b'" });
  });
  it('fix: $(dpkg --print-architecture) becomes ${TARGETARCH} when every target is amd64/arm64', () => {
    const t = df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN curl -O https://x/tool_$(dpkg --print-architecture).deb');
    const f = one(t, 'AL309');
    fix(t, f, df('FROM --platform=$BUILDPLATFORM debian AS b', 'ARG TARGETARCH', 'RUN curl -O https://x/tool_${TARGETARCH}.deb'));
    const armhf = findingsOf(t, 'AL309', { ...opts, config: { targets: [{ os: 'linux', architecture: 'arm', variant: 'v7' }] } });
    assert.deepEqual(armhf.map((x) => x.fixes?.length), [0]);
  });

  it('does not fire in a stage that passes the target to its build itself: the probe picks the build machine\'s toolchain', () => {
    // dcgm-exporter's docker/Dockerfile: the Go compiler for the build machine, then a cross build for $TARGETARCH.
    const dcgm = df('FROM --platform=$BUILDPLATFORM ubuntu:22.04 AS builder', 'RUN arch="$(dpkg --print-architecture)"; wget -O go.tgz "https://dl.google.com/go/go1.26.2.linux-${arch}.tar.gz" && tar -C /usr/local -xzf go.tgz', 'ARG TARGETOS', 'ARG TARGETARCH', 'RUN TARGETOS=$TARGETOS TARGETARCH=$TARGETARCH /usr/local/bin/build-cross.sh', 'FROM ubuntu:22.04', 'COPY --from=builder /usr/bin/dcgm-exporter /usr/bin/');
    none(dcgm, 'AL309');
    none(df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETARCH', 'ENV GOARCH=${TARGETARCH}', 'RUN curl -fsSLO https://x/protoc-$(uname -m).zip && go build -o /a .'), 'AL309');
    // Must still fire: a target ARG declared but not passed on to a build says nothing; nor does a download of the target's file, or a target reference in another stage.
    assert.equal(findingsOf(df('FROM --platform=$BUILDPLATFORM debian AS fetch', 'ARG TARGETARCH', 'RUN curl -fsSLO https://x/lib-${TARGETARCH}.tgz', 'RUN curl -fsSLO https://x/tool-$(uname -m).tgz'), 'AL309', opts).length, 1);
    one(df('FROM --platform=$BUILDPLATFORM debian AS fetch', 'ARG TARGETARCH', 'RUN curl -fsSLO https://x/tool-$(dpkg --print-architecture).deb'), 'AL309');
    one(df('FROM --platform=$BUILDPLATFORM debian AS fetch', 'RUN curl -fsSLO https://x/tool-$(uname -m).tgz', 'FROM debian', 'ARG TARGETARCH', 'RUN echo $TARGETARCH', 'COPY --from=fetch /tool /tool'), 'AL309');
  });

  it('does not fire when a stage built FROM the probe\'s stage cross-compiles for a target it is handed (stalwartlabs/mail-server Dockerfile.build:27)', () => {
    // The toolchain stage downloads zig for the build machine; its child cross-compiles with cargo zigbuild.
    none(df('FROM --platform=$BUILDPLATFORM rust:slim-bookworm AS base',
      'RUN curl -Ls "https://ziglang.org/download/0.13.0/zig-linux-$(uname -m)-0.13.0.tar.xz" | tar -J -x -C /usr/local',
      'RUN cargo binstall --no-confirm cargo-zigbuild',
      'FROM base AS builder', 'ARG TARGET', 'RUN cargo zigbuild --release --target ${TARGET} -p app',
      'FROM --platform=$TARGETPLATFORM debian:bookworm-slim', 'COPY --from=builder /app/target/release/app /usr/local/bin/'), 'AL309');
    // A Go hand-over two stages down counts too.
    none(df('FROM --platform=$BUILDPLATFORM debian AS tools', 'RUN curl -fsSLO https://x/go-$(dpkg --print-architecture).tgz',
      'FROM tools AS mid', 'RUN true', 'FROM mid AS build', 'ARG TARGETARCH', 'RUN GOARCH=$TARGETARCH go build -o /a .'), 'AL309');
    // Must still fire: a child that builds for a fixed target, or only downloads the target's file, hands nothing over.
    one(df('FROM --platform=$BUILDPLATFORM rust AS base', 'RUN curl -Ls https://x/zig-linux-$(uname -m).tar.xz | tar -xJ',
      'FROM base AS builder', 'RUN cargo build --release --target x86_64-unknown-linux-gnu'), 'AL309');
    one(df('FROM --platform=$BUILDPLATFORM rust AS b', 'RUN cargo build --release --target $(uname -m)-unknown-linux-musl'), 'AL309');
    one(df('FROM --platform=$BUILDPLATFORM debian AS base', 'RUN curl -fsSLO https://x/tool-$(uname -m).tgz',
      'FROM base AS next', 'ARG TARGETARCH', 'RUN curl -fsSLO https://x/lib-${TARGETARCH}.tgz'), 'AL309');
  });

  it('does not fire when cargo reads its target from a file the stage writes from $TARGETPLATFORM (astral-sh/uv Dockerfile:37)', () => {
    // rustup-init is downloaded for the build machine and run there; the musl triple comes from the mapping.
    none(df('FROM --platform=$BUILDPLATFORM ubuntu:24.04 AS build', 'ARG TARGETPLATFORM',
      'RUN case "$TARGETPLATFORM" in \\', '  "linux/arm64") echo "aarch64-unknown-linux-musl" > rust_target.txt ;; \\',
      '  "linux/amd64") echo "x86_64-unknown-linux-musl" > rust_target.txt ;; \\', '  *) exit 1 ;; \\', '  esac',
      'RUN curl -sSf "https://static.rust-lang.org/rustup/archive/1.28.1/$(uname -m)-unknown-linux-gnu/rustup-init" -o rustup-init \\',
      '  && chmod +x rustup-init && ./rustup-init -y --target $(cat rust_target.txt)',
      'RUN cargo auditable zigbuild --bin uv --target $(cat rust_target.txt) --release',
      'FROM scratch', 'COPY --from=build /uv /'), 'AL309');
    // Must still fire: the file holds the probe's answer, or is written without the target platform.
    one(df('FROM --platform=$BUILDPLATFORM rust AS b', 'RUN echo "$(uname -m)-unknown-linux-musl" > /target.txt',
      'RUN cargo build --release --target $(cat /target.txt)'), 'AL309');
    one(df('FROM --platform=$BUILDPLATFORM rust AS b', 'ARG TARGETARCH', 'RUN echo $TARGETARCH > arch.txt',
      'RUN curl -fsSLO https://x/tool-$(uname -m).tgz', 'RUN cargo build --release --target $(cat triple.txt)'), 'AL309');
  });

  it('does not fire on a probe that picks the cross toolchains the build machine installs (apache/incubator-devlake backend/Dockerfile:45)', () => {
    none(df('FROM --platform=$BUILDPLATFORM golang:1.20 AS builder',
      'RUN if [ "$(arch)" != "aarch64" ] ; then \\', '        apt-get install -y gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu ; \\', '    fi',
      'RUN [ "$(dpkg --print-architecture)" = amd64 ] || apt-get install -y crossbuild-essential-amd64',
      'FROM debian', 'COPY --from=builder /go/bin/app /usr/bin/'), 'AL309');
    // Must still fire: a toolchain or download of the probed architecture itself, in a RUN with no cross toolchain.
    one(df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN apt-get install -y gcc-aarch64-linux-gnu', 'RUN curl -fsSLO https://x/tool-$(uname -m).tgz'), 'AL309');
    one(df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN apt-get install -y gcc-$(uname -m)-linux-gnu'), 'AL309');
  });

  it('does not fire on target stages or on words that only look like probes', () => {
    none(df('FROM debian', 'RUN uname -m && dpkg --print-architecture'), 'AL309');
    none(df('FROM --platform=$BUILDPLATFORM debian AS b', 'RUN echo $arch --arch x86_64 && uname -r'), 'AL309');
  });
});
