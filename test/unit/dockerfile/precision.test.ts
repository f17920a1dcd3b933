/**
 * Dockerfile rules on the shapes real repositories use (issue 12): each case says what must fire
 * (message id, data, range, fixes) and what must not. Cases are written from the structure of the
 * real files, not copied from them.
 */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, rangeOf } from '../../helpers/lint';
import { buildModel, reachFor } from '../../../server/src/dockerfile/model';
import type { Finding } from '../../../server/src/core/types';
import { applyEdits } from '../../../server/src/core/text';

const opts = { file: 'Dockerfile' };
const df = (...lines: string[]) => `${lines.join('\n')}\n`;
const of = (text: string, code: string) => findingsOf(text, code, opts);
const preferred = (f: Finding) => f.fixes?.find((x) => x.preferred);

/** fluent-bit's packaging pattern: per-distro base stages, one chosen with --build-arg BASE_BUILDER. */
const PACKAGING = df(
  'ARG BASE_BUILDER',
  'FROM multiarch/qemu-user-static:x86_64-aarch64 AS multiarch-aarch64',
  'FROM debian:bookworm-slim AS debian-bookworm-base',
  'RUN apt-get update',
  'FROM arm64v8/debian:bookworm-slim AS debian-bookworm.arm64v8-base',
  'COPY --from=multiarch-aarch64 /usr/bin/qemu-aarch64-static /usr/bin/qemu-aarch64-static',
  'RUN apt-get update',
  'FROM --platform=arm64 almalinux:9 AS almalinux-9.arm64v8-base',
  'RUN dnf -y update',
  'FROM arm64v8/ubuntu:24.04 AS plain-base',
  'RUN apt-get update',
  'FROM $BASE_BUILDER AS builder',
  'RUN make',
);

describe('Dockerfile precision (issue 12)', () => {
  describe('reachability through an ARG-selected FROM', () => {
    it('FROM $ARG can select every earlier named stage (a --build-arg names it)', () => {
      const model = buildModel(PACKAGING);
      const reach = reachFor(model);
      assert.deepEqual([...reach.stages].sort(), [0, 1, 2, 3, 4, 5]);
    });
    it('a pattern around the ARG selects only the stages it matches', () => {
      const model = buildModel(df('ARG DISTRO=debian', 'FROM alpine AS tools', 'FROM debian AS debian-base', 'FROM ubuntu AS ubuntu-base', 'FROM ${DISTRO}-base', 'RUN true'));
      assert.deepEqual([...reachFor(model).stages].sort(), [1, 2, 3]);
    });
    it('an ARG whose default names an image swaps the image: it selects no stage (kubernetes/cloud-provider-aws)', () => {
      const model = buildModel(df('ARG GOLANG_IMAGE=golang:1.26', 'ARG DISTROLESS_IMAGE=registry.k8s.io/build-image/go-runner:v2.4.0',
        'FROM --platform=linux/amd64 ${GOLANG_IMAGE} AS builder', 'RUN go build -o /app .', 'FROM ${DISTROLESS_IMAGE}', 'COPY --from=builder /app /app'));
      assert.deepEqual(model.stages[1].deps.map((d) => d.kind), ['copy']);
    });
    it('an ARG defaulted to nothing still selects every earlier stage', () => {
      const model = buildModel(df('ARG BASE=""', 'FROM alpine AS a', 'FROM debian AS b', 'FROM ${BASE}', 'RUN true'));
      assert.deepEqual([...reachFor(model).stages].sort(), [0, 1, 2]);
    });
    it('BUILD_FROM selects no stage: Home Assistant\'s builder passes the add-on\'s base image (home-assistant/addons)', () => {
      const model = buildModel(df('ARG BUILD_FROM', 'FROM --platform=linux/amd64 debian AS builder', 'RUN make', 'FROM $BUILD_FROM', 'COPY --from=builder /out /out'));
      assert.deepEqual(model.stages[1].deps.map((d) => d.kind), ['copy']);
      assert.deepEqual(buildModel(df('ARG BASE', 'FROM debian AS builder', 'FROM $BASE', 'COPY --from=builder /out /out')).stages[1].deps.map((d) => d.kind), ['from', 'copy']);
    });
    it('an ARG with no global declaration selects nothing extra', () => {
      const model = buildModel(df('FROM alpine AS a', 'FROM debian AS b', 'FROM ${UNDECLARED:-b}', 'RUN true'));
      assert.deepEqual([...reachFor(model).stages].sort(), [2]);
    });
  });

  describe('AL311 arch-namespace-base-image', () => {
    it('no finding on stages that are arm64 by design (QEMU copied in, name or ARG naming the arch)', () => {
      assert.deepEqual(of(PACKAGING, 'AL311').map((f) => f.data), [{ image: 'arm64v8/ubuntu:24.04', namespace: 'arm64v8', arch: 'arm64', builder: false }]);
      assert.deepEqual(of(df('ARG ARM64_BASE=arm64v8/debian:12', 'FROM ${ARM64_BASE}', 'RUN true'), 'AL311'), []);
      assert.deepEqual(of(df('FROM arm32v7/debian:12 AS deb-armhf', 'RUN true'), 'AL311'), []);
    });
    it('no finding on a stage the exported image never needs (like AL303)', () => {
      assert.deepEqual(of(df('FROM arm64v8/alpine AS unused', 'RUN true', 'FROM alpine', 'RUN true'), 'AL311'), []);
    });
    it('a stage whose name names another architecture is still reported', () => {
      const [f] = of(df('FROM amd64/alpine AS app-arm64', 'RUN true'), 'AL311');
      assert.equal(f.messageId, 'archNamespace');
      assert.deepEqual(f.data, { image: 'amd64/alpine', namespace: 'amd64', arch: 'amd64', builder: false });
    });
    it('the image itself: dropping the namespace is preferred', () => {
      const text = df('FROM arm64v8/alpine:3.20', 'RUN true');
      const [f] = of(text, 'AL311');
      assert.equal(rangeOf(f), '0:5-0:24');
      assert.equal(applyFixAndRelint(text, f, preferred(f), opts), df('FROM alpine:3.20', 'RUN true'));
    });
    it('a builder: dropping the namespace is offered, not preferred (its output may be meant for that arch)', () => {
      const text = df('FROM arm64v8/golang:1.23 AS build', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=build /app /app');
      const [f] = of(text, 'AL311');
      assert.deepEqual(f.data, { image: 'arm64v8/golang:1.23', namespace: 'arm64v8', arch: 'arm64', builder: true });
      assert.equal(preferred(f), undefined);
      assert.deepEqual(f.fixes!.map((x) => x.title), ["Use the multi-platform image (drop 'arm64v8/')"]);
    });
  });

  describe('AL303 constant-from-platform', () => {
    it('no finding on a stage pinned to the architecture its name names', () => {
      assert.deepEqual(of(PACKAGING, 'AL303'), []);
    });
    it('still fires when the name names another architecture, or none', () => {
      const text = df('ARG B', 'FROM --platform=linux/amd64 debian AS deb-arm64', 'FROM --platform=linux/amd64 debian AS other', 'FROM $B', 'RUN true');
      assert.deepEqual(of(text, 'AL303').map((f) => f.range.start.line), [1, 2]);
    });
  });

  describe('AL306 build-platform-compile-without-target', () => {
    const head = ['FROM --platform=$BUILDPLATFORM golang:1.23 AS build', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .'];
    it('fires on a `go install` whose binary the image copies (a configured go build beside it does not make it a build tool)', () => {
      const text = df(...head, 'RUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.28', 'FROM alpine', 'COPY --from=build /out/app /app', 'COPY --from=build /go/bin/grpc-health-probe /bin/');
      const [f] = of(text, 'AL306');
      assert.equal(f.messageId, 'compilesForBuildMachine');
      assert.deepEqual(f.data, { compile: 'go install', stage: "stage 'build'", advice: 'Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with ARG TARGETOS TARGETARCH) or use xx-go.' });
      assert.equal(rangeOf(f), '3:4-3:14');
      // Offered, not preferred: a cross `go install` writes bin/linux_arm64/grpc-health-probe, which the COPY misses (and fails with GOBIN set).
      assert.equal(f.fixes?.some((x) => x.preferred), false);
      assert.match(f.fixes?.[0].title ?? '', /not preferred: a cross `go install` fails with GOBIN set and otherwise writes to bin\/GOOS_GOARCH\//);
      assert.match(applyEdits(text, f.fixes?.[0].edits ?? []), /RUN GOOS=\$TARGETOS GOARCH=\$TARGETARCH go install github/);
    });
    it('fires when the binary is copied by name from elsewhere, or the whole GOPATH/bin', () => {
      const byName = df(...head, 'RUN go install github.com/x/y/cmd/tool/v2@latest && cp /go/bin/tool /usr/local/bin/', 'FROM alpine', 'COPY --from=build /out/app /usr/local/bin/tool /usr/bin/');
      assert.equal(of(byName, 'AL306').length, 1);
      const bin = df(...head, 'RUN go install golang.org/x/tools/cmd/goimports@latest', 'FROM alpine', 'COPY --from=build /out/app /app', 'COPY --from=build ${GOPATH}/bin/ /usr/bin/');
      assert.equal(of(bin, 'AL306').length, 1);
    });
    it('does not fire on a `go install` of a build tool whose binary stays in the builder', () => {
      const text = df(...head, 'RUN go install google.golang.org/protobuf/cmd/protoc-gen-go@v1.34', 'FROM alpine', 'COPY --from=build /out/app /app');
      assert.deepEqual(of(text, 'AL306'), []);
    });
    it('does not fire on a tool built for another $BUILDPLATFORM stage that runs it (BuildKit lint.Dockerfile shape)', () => {
      const text = df(
        'ARG FROM_SOURCE=false',
        'FROM --platform=$BUILDPLATFORM golang:1.23 AS golang-base',
        'FROM golang-base AS lint-build',
        'RUN go build -o /out/golangci-lint ./cmd/golangci-lint',
        'FROM scratch AS lint-binary-false',
        'FROM scratch AS lint-binary-true',
        'COPY --from=lint-build /out/golangci-lint golangci-lint',
        'FROM lint-binary-${FROM_SOURCE} AS lint-binary',
        'FROM golang-base AS lint',
        'COPY --from=lint-binary / /usr/bin/',
        'RUN golangci-lint run && touch /lint.done',
        'FROM scratch',
        'COPY --from=lint /lint.done /',
      );
      assert.deepEqual(of(text, 'AL306'), []);
    });
    it('in the else branch of a platform test: says when it breaks, as a warning (opentelemetry-demo shipping shape)', () => {
      const text = df(
        'FROM --platform=${BUILDPLATFORM} rust:1.80 AS builder',
        'ARG TARGETPLATFORM BUILDPLATFORM',
        'RUN if [ "${TARGETPLATFORM}" = "linux/arm64" ] && [ "${BUILDPLATFORM}" != "linux/arm64" ]; then \\',
        '      cargo build -r --target aarch64-unknown-linux-gnu; \\',
        '    else \\',
        '      cargo build -r; \\',
        '    fi',
        'FROM gcr.io/distroless/cc-debian12',
        'COPY --from=builder /app/target/release/shipping /shipping',
      );
      const [f] = of(text, 'AL306');
      assert.equal(f.messageId, 'compilesInPlatformBranch');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeOf(f), '5:6-5:17');
      assert.deepEqual(f.data, { compile: 'cargo build', stage: "stage 'builder'", advice: 'Pass --target for $TARGETARCH (a case mapping to the Rust triple) or use xx-cargo.', breaks: 'linux/amd64 built on an arm64 machine' });
      assert.match(f.message, /right when the build machine has the target's architecture \(an amd64 CI machine building linux\/amd64\)/);
    });
  });

  describe('AL308 hardcoded-arch-download', () => {
    /** After a preferred fix, the token must be gone from everything but case arms (a mapping names each arch on purpose). */
    const consistent = (fixed: string, token: string) => {
      const outsideCase = fixed.replace(/case "\$(?:TARGET|BUILD)ARCH" in .*? esac/g, '');
      assert.ok(!new RegExp(`(?<![A-Za-z0-9])${token}(?![A-Za-z0-9])`).test(outsideCase), `'${token}' left in:\n${fixed}`);
    };
    const fixOf = (text: string) => {
      const [f] = of(text, 'AL308');
      assert.ok(f, 'AL308 must fire');
      return { f, fix: preferred(f) };
    };

    it('fires through a $(curl …) substitution in the URL (the kubectl install line); the fix keeps it working', () => {
      const text = df('FROM debian', 'RUN curl -LO https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable.txt)/bin/linux/amd64/kubectl && \\', '  chmod +x ./kubectl && mv ./kubectl /usr/local/bin/kubectl');
      const { f, fix } = fixOf(text);
      assert.equal(f.messageId, 'onTargetPlatform');
      assert.deepEqual(f.data, { token: 'amd64', stage: 'stage 0 (unnamed)' });
      assert.equal(rangeOf(f), '1:100-1:105');
      const fixed = applyFixAndRelint(text, f, fix, opts);
      assert.equal(fixed.split('\n')[2], 'RUN curl -LO https://dl.k8s.io/release/$(curl -L -s https://dl.k8s.io/release/stable.txt)/bin/linux/${TARGETARCH}/kubectl && \\');
    });
    it('the URL inside the substitution is read as its own command (one finding, not two)', () => {
      const text = df('FROM debian', 'RUN curl -O "https://x/$(curl -s https://x/latest-amd64.txt)/tool"');
      assert.deepEqual(of(text, 'AL308').map(rangeOf), ['1:50-1:55']);
    });
    it('rewrites the archive member too (tar -xzO linux-amd64/helm)', () => {
      const text = df('FROM alpine', 'RUN curl -fsSL https://get.helm.sh/helm-v3.15.0-linux-amd64.tar.gz | tar -xzO linux-amd64/helm > /usr/local/bin/helm');
      const { f, fix } = fixOf(text);
      assert.ok(fix, 'preferred');
      const fixed = applyFixAndRelint(text, f, fix, opts);
      assert.equal(fixed.split('\n')[2], 'RUN curl -fsSL https://get.helm.sh/helm-v3.15.0-linux-${TARGETARCH}.tar.gz | tar -xzO linux-${TARGETARCH}/helm > /usr/local/bin/helm');
      consistent(fixed, 'amd64');
    });
    it('rewrites chmod and mv of the downloaded file (bazelisk), and dpkg -i of a .deb', () => {
      const bazelisk = df('FROM debian', 'RUN curl -fsSLO https://github.com/bazelbuild/bazelisk/releases/download/v1.20.0/bazelisk-linux-amd64 \\', ' && chmod +x bazelisk-linux-amd64 && mv bazelisk-linux-amd64 /usr/local/bin/bazel');
      const a = fixOf(bazelisk);
      consistent(applyFixAndRelint(bazelisk, a.f, a.fix, opts), 'amd64');
      const deb = df('FROM debian', 'RUN wget -q https://github.com/x/tool/releases/download/v1/tool_1.0_amd64.deb && dpkg -i tool_1.0_amd64.deb && rm "tool_1.0_amd64.deb"');
      const b = fixOf(deb);
      consistent(applyFixAndRelint(deb, b.f, b.fix, opts), 'amd64');
    });
    it('follows the file into later instructions and a later stage (declaring the ARG there)', () => {
      const text = df(
        'FROM alpine AS dl',
        'RUN curl -fsSL -o /tmp/tool-linux-amd64.tgz https://x/tool-linux-amd64.tgz',
        'RUN tar -xzf /tmp/tool-linux-amd64.tgz -C /opt',
        'FROM alpine',
        'COPY --from=dl /opt/tool-linux-amd64/tool /usr/bin/tool',
      );
      const { f, fix } = fixOf(text);
      assert.ok(fix, 'preferred');
      const fixed = applyFixAndRelint(text, f, fix, opts);
      assert.equal(fixed, df(
        'FROM alpine AS dl',
        'ARG TARGETARCH',
        'RUN curl -fsSL -o /tmp/tool-linux-${TARGETARCH}.tgz https://x/tool-linux-${TARGETARCH}.tgz',
        'RUN tar -xzf /tmp/tool-linux-${TARGETARCH}.tgz -C /opt',
        'FROM alpine',
        'ARG TARGETARCH',
        'COPY --from=dl /opt/tool-linux-${TARGETARCH}/tool /usr/bin/tool',
      ));
    });
    it('leaves the uses a later download of names alike takes over to that download (agones build-image: Go, then helm)', () => {
      // googleforgames/agones build/build-image/Dockerfile: `mv /tmp/linux-amd64/helm` belongs to HELM_URL's
      // archive, not to go…linux-amd64.tar.gz; the Go fix rewrote it while the helm URL stayed amd64.
      const text = df(
        'FROM debian',
        'RUN wget -q https://dl.google.com/go/go1.25.0.linux-amd64.tar.gz && tar -xzf go1.25.0.linux-amd64.tar.gz',
        'ENV HELM_URL https://get.helm.sh/helm-v3.18.4-linux-amd64.tar.gz',
        'RUN curl -L ${HELM_URL} > /tmp/helm.tar.gz && tar -zxvf /tmp/helm.tar.gz -C /tmp && mv /tmp/linux-amd64/helm /usr/local/bin/helm',
      );
      const go = of(text, 'AL308').find((f) => f.range.start.line === 1);
      assert.ok(go, 'the Go download fires');
      const fix = preferred(go);
      assert.ok(fix, 'preferred');
      const fixed = applyFixAndRelint(text, go, fix, opts);
      assert.equal(fixed.split('\n')[2], 'RUN wget -q https://dl.google.com/go/go1.25.0.linux-${TARGETARCH}.tar.gz && tar -xzf go1.25.0.linux-${TARGETARCH}.tar.gz');
      assert.match(fixed, /mv \/tmp\/linux-amd64\/helm/, 'the helm archive\'s member is left to the helm download');
      // Must still follow: a later use of the same download with no download of names alike between.
      const alone = df('FROM debian', 'RUN curl -fsSLO https://get.helm.sh/helm-v3.18.4-linux-amd64.tar.gz', 'RUN tar -zxvf helm-v3.18.4-linux-amd64.tar.gz && mv linux-amd64/helm /usr/local/bin/helm');
      const h = fixOf(alone);
      assert.ok(h.fix, 'preferred');
      consistent(applyFixAndRelint(alone, h.f, h.fix, opts), 'amd64');
    });
    it('leaves a later RUN that downloads a file of names alike to that download\'s own fix (alibaba/higress wasm-go .devcontainer: tinygo, then Go)', () => {
      // The tinygo fix rewrote `tar`/`rm go1.19.linux-amd64.tar.gz` in the Go RUN, whose URL it left amd64:
      // applied alone, the arm64 build unpacked a file it had not downloaded.
      const text = df(
        'FROM ubuntu:20.04',
        'RUN wget https://github.com/tinygo-org/tinygo/releases/download/v0.29.0/tinygo0.29.0.linux-amd64.tar.gz \\',
        '    && tar -zvxf tinygo0.29.0.linux-amd64.tar.gz -C /opt && rm tinygo0.29.0.linux-amd64.tar.gz',
        'RUN wget https://go.dev/dl/go1.19.linux-amd64.tar.gz \\',
        '    && tar -zvxf go1.19.linux-amd64.tar.gz -C /opt && rm go1.19.linux-amd64.tar.gz',
      );
      const [tinygo, go] = of(text, 'AL308');
      for (const f of [tinygo, go]) {
        const fix = preferred(f);
        assert.ok(fix, 'preferred');
        const fixed = applyFixAndRelint(text, f, fix, opts).split('\n');
        const [own, other] = f === tinygo ? [fixed.slice(2, 4), fixed.slice(4, 6)] : [fixed.slice(4, 6), fixed.slice(2, 4)];
        assert.ok(own.every((l) => !l.includes('amd64')), own.join('\n'));
        assert.ok(other.every((l) => !l.includes('TARGETARCH')), `the other download is left whole: ${other.join('\n')}`);
      }
    });
    it('a use it cannot rewrite (single quotes, exec-form ENTRYPOINT): the fix is offered, not preferred', () => {
      const quoted = df('FROM alpine', "RUN curl -fsSLO https://x/tool-linux-amd64 && sh -c 'chmod +x tool-linux-amd64'");
      const [q] = of(quoted, 'AL308');
      assert.equal(preferred(q), undefined);
      assert.match(q.fixes![0].title, /1 other use of the file name cannot be changed with it/);
      const exec = df('FROM alpine', 'RUN curl -fsSL -o /opt/tool-linux-amd64 https://x/tool-linux-amd64', 'ENTRYPOINT ["/opt/tool-linux-amd64"]');
      assert.equal(preferred(of(exec, 'AL308')[0]), undefined);
    });
    it('a case mapping rewrites later uses in the same RUN; a use in another RUN makes it not preferred', () => {
      const same = df('FROM debian', 'RUN curl -fsSLO https://x/tool-x86_64-unknown-linux-gnu.tar.gz && tar -xzf tool-x86_64-unknown-linux-gnu.tar.gz');
      const a = fixOf(same);
      assert.ok(a.fix, 'preferred');
      const fixed = applyFixAndRelint(same, a.f, a.fix, opts);
      assert.match(fixed, /esac && curl -fsSLO https:\/\/x\/tool-\$\{dl_arch\}-unknown-linux-gnu\.tar\.gz && tar -xzf tool-\$\{dl_arch\}-unknown-linux-gnu\.tar\.gz/);
      consistent(fixed, 'x86_64');
      const other = df('FROM debian', 'RUN curl -fsSLO https://x/tool-x86_64-unknown-linux-gnu.tar.gz', 'RUN tar -xzf tool-x86_64-unknown-linux-gnu.tar.gz');
      assert.equal(preferred(of(other, 'AL308')[0]), undefined);
    });
    it('another download of the same RUN is its own finding, not a use that blocks the fix', () => {
      const text = df('FROM debian', 'RUN curl -fsSLO https://x/t-1.0-x86_64-linux-gnu.tar.bz2 && curl -fsSLO https://x/t-1.0-x86_64-linux-gnu.tar.bz2.asc');
      const found = of(text, 'AL308');
      assert.equal(found.length, 2);
      assert.ok(found.every((f) => preferred(f)));
    });
  });
});

