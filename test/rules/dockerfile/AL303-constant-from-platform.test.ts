/** AL303 constant-from-platform. */
import * as assert from 'node:assert/strict';
import { findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL303', opts).run({
  valid: [
    {
      // zaproxy/zaproxy docker/Dockerfile-weekly: the pinned builder only downloads and unzips Webswing.
      name: 'a pinned stage that only fetches and unpacks files naming no architecture',
      text: df('FROM --platform=linux/amd64 debian:trixie-slim AS builder', 'RUN apt-get update && apt-get install -q -y curl unzip', 'WORKDIR /zap',
        'RUN curl -s -L https://dev.webswing.org/files/public/webswing-24.2.2-distribution.zip > webswing.zip && unzip webswing.zip && rm webswing.zip && mv webswing-* webswing',
        'FROM debian:trixie-slim AS final', 'COPY --from=builder /zap/webswing /zap/webswing'),
    },
    {
      // zaproxy/zaproxy docker/Dockerfile-stable: the builder pinned to linux/amd64 installs a JDK,
      // unpacks the ZAP release and updates its add-ons with zap.sh; the image (published for
      // linux/amd64 and linux/arm64) gets /zap, jars and scripts that the image's own JRE runs.
      name: 'a pinned Java builder whose copied output is bytecode and scripts',
      text: df('FROM --platform=linux/amd64 debian:bookworm-slim AS builder', 'RUN apt-get update && apt-get install -q -y wget openjdk-17-jdk unzip',
        'WORKDIR /zap', 'RUN wget -qO- https://example.org/ZAP_Linux.tar.gz | tar zxv', 'RUN ./zap.sh -cmd -silent -addonupdate',
        'FROM debian:bookworm-slim AS final', 'RUN apt-get update && apt-get install -y openjdk-17-jre', 'COPY --link --from=builder /zap /zap'),
    },
    df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN true', 'FROM alpine'),
    {
      // zalando/skipper packaging/Dockerfile.arm64 and Dockerfile.armv7: one Dockerfile per architecture, each pinned to its own.
      name: 'a file named for the architecture it pins (Dockerfile.arm64, Dockerfile.armv7)',
      file: 'packaging/Dockerfile.arm64',
      text: df('FROM --platform=linux/arm64 alpine:3.20', 'RUN apk add ca-certificates', 'ADD build/linux/arm64/skipper /usr/bin/'),
    },
    { name: 'armv7 in the name, linux/arm/v7 pinned', file: 'packaging/Dockerfile.armv7', text: df('FROM --platform=linux/arm/v7 alpine:3.20', 'RUN apk add ca-certificates') },
    {
      // BuildKit gives scratch the target platform whatever the flag says: nothing is pulled for it.
      name: 'a constant platform on an exported scratch stage',
      text: df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .',
        'FROM --platform=linux/amd64 scratch', 'COPY --from=b /a /a'),
    },
    {
      // grafana/loki clients/cmd/docker-driver/Dockerfile: one plugin per architecture, chosen by --build-arg GOARCH=….
      name: 'the platform comes through an ARG the Dockerfile also builds with: a per-architecture build by design',
      text: df('ARG GOARCH=amd64', 'FROM golang AS build', 'ARG GOARCH', 'RUN make GOARCH=${GOARCH} driver', 'FROM alpine AS temp', 'ARG GOARCH',
        'RUN apk add --arch=${GOARCH} ca-certificates', 'FROM --platform=linux/${GOARCH} alpine', 'COPY --from=temp /etc/ssl /etc/ssl', 'COPY --from=build /src/driver /bin/driver'),
    },
    {
      // prometheus-community/ipmi_exporter Dockerfile: Makefile.common's docker-% passes --build-arg ARCH=$*
      // per architecture, and the promu binary copied is that architecture's (.build/linux-arm64/...).
      name: 'the platform comes through the OS/ARCH ARGs that also choose the copied promu binary',
      text: df('ARG ARCH="amd64"', 'ARG OS="linux"', 'FROM --platform=${OS}/${ARCH} alpine:3', 'RUN apk --no-cache add freeipmi',
        'ARG ARCH="amd64"', 'ARG OS="linux"', 'COPY .build/${OS}-${ARCH}/ipmi_exporter /bin/ipmi_exporter', 'ENTRYPOINT ["/bin/ipmi_exporter"]'),
    },
    {
      // kubernetes/dashboard modules/web/Dockerfile: the node stage's JavaScript and CSS run on no CPU.
      name: 'a pinned frontend builder whose only outputs copied are web assets and data files',
      text: df('ARG WEB_BUILDER_ARCH=amd64', 'FROM --platform=linux/${WEB_BUILDER_ARCH} node:20-alpine AS web-builder', 'RUN make build-frontend',
        'FROM scratch', 'COPY --from=web-builder /workspace/.dist/public/locale_conf.json /locale_conf.json', 'COPY --from=web-builder /workspace/.dist/public /public', 'ENTRYPOINT ["/web"]'),
    },
    {
      // harness/drone Dockerfile.uiv2: the UI image is published for linux/arm64 only; its bundle goes to the web folder.
      name: 'a pinned stage whose bundle folder is copied into a web folder of the image',
      text: df('FROM --platform=linux/arm64 harness/opensource-ui:standalone.alpha.480 as uiv2', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder',
        'COPY --from=uiv2 /canary-dist /app/web/dist', 'RUN GOARCH=$TARGETARCH go build -o /gitness .', 'FROM alpine', 'COPY --from=builder /gitness /gitness'),
    },
    {
      // restic/restic docker/Dockerfile.release: "the official binaries are cross-built from Linux running on an AMD64 host".
      name: 'a builder pinned to a build host that makes its output for the target platform ($TARGETOS/$TARGETARCH)',
      text: df('FROM --platform=linux/amd64 restic/builder:latest AS helper', 'ARG TARGETOS', 'ARG TARGETARCH', 'COPY --chown=build . /restic',
        'RUN go run helpers/build-release-binaries/main.go --platform $TARGETOS/$TARGETARCH --skip-compress', 'RUN mv /output/restic_${TARGETOS}_${TARGETARCH} /output/restic',
        'FROM alpine:latest', 'COPY --from=helper /output/restic /usr/bin', 'RUN apk add --no-cache ca-certificates'),
    },
    {
      // kubernetes/cloud-provider-aws Dockerfile: the final stage's base is an ARG defaulted to an image, which names no stage.
      name: 'a cross-compiling builder copied into a final stage whose base is an image ARG',
      text: df('ARG GOLANG_IMAGE=golang:1.26.2', 'ARG DISTROLESS_IMAGE=registry.k8s.io/build-image/go-runner:v2.4.0',
        'FROM --platform=linux/amd64 ${GOLANG_IMAGE} as builder', 'ARG TARGETOS', 'ARG TARGETARCH',
        'RUN CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} go build -o=/build/app ./cmd/app',
        'FROM ${DISTROLESS_IMAGE}', 'COPY --from=builder /build/app /bin/app'),
    },
    {
      // kubernetes-sigs/cloud-provider-azure Dockerfile: built with --platform linux/$(ARCH) --build-arg ARCH=$(ARCH).
      name: 'a pinned builder that hands an architecture ARG to its build (make ... ARCH=${ARCH}): a cross build per --build-arg',
      text: df('FROM --platform=linux/amd64 golang:1.26 AS builder', 'ARG ARCH=amd64',
        'RUN if [ "$ARCH" = "arm64" ] ; then apt-get update && apt-get install -y gcc-aarch64-linux-gnu ; fi',
        'COPY . .', 'RUN make bin/azure-cloud-controller-manager ARCH=${ARCH}',
        'FROM gcr.io/distroless/base:latest', 'COPY --from=builder /go/src/bin/azure-cloud-controller-manager /usr/local/bin/ccm'),
    },
  ],
  invalid: [{
    name: 'a pinned fetch stage that runs what it fetched (an installer builds for the machine)',
    text: df('FROM --platform=linux/amd64 debian:trixie-slim AS fetch', 'RUN curl -fsSL https://example.org/tool.tar.gz | tar xz -C /opt && /opt/tool/install --prefix /opt/tool',
      'FROM debian:trixie-slim', 'COPY --from=fetch /opt/tool /opt/tool'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'fetch'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned fetch stage whose installed binaries are copied',
    text: df('FROM --platform=linux/amd64 alpine:3.20 AS fetch', 'RUN apk add --no-cache curl jq', 'FROM alpine:3.20', 'COPY --from=fetch /usr/bin/jq /usr/bin/jq'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'fetch'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned Java builder whose JDK (a native runtime) is copied out',
    text: df('FROM --platform=linux/amd64 eclipse-temurin:21-jdk AS jdk', 'RUN ./gradlew installDist', 'FROM debian:bookworm-slim',
      'COPY --from=jdk /opt/java/openjdk /opt/java/openjdk', 'COPY --from=jdk /src/build/install/app /app'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'jdk'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned Java builder that links a runtime (jlink output is native)',
    text: df('FROM --platform=linux/amd64 debian:bookworm-slim AS builder', 'RUN apt-get install -y openjdk-17-jdk', 'RUN jlink --add-modules java.base --output /jre',
      'FROM debian:bookworm-slim', 'COPY --from=builder /jre /opt/jre'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'builder'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned builder whose architecture ARG no build command reads: its make builds for the pinned host',
    text: df('FROM --platform=linux/amd64 golang:1.26 AS builder', 'ARG ARCH=amd64', 'RUN echo building for $ARCH', 'RUN make bin/app',
      'FROM alpine', 'COPY --from=builder /bin/app /app'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'builder'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned builder that passes its architecture ARG to one build but compiles another without it',
    text: df('FROM --platform=linux/amd64 golang:1.26 AS builder', 'ARG ARCH=amd64', 'RUN make tools ARCH=${ARCH}', 'RUN go build -o /bin/app .',
      'FROM alpine', 'COPY --from=builder /bin/app /app'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'builder'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a cross-compiling builder that an ARG without default may make the base: on the export chain',
    text: df('ARG BASE', 'FROM --platform=linux/amd64 golang:1.22 AS builder', 'ARG TARGETARCH', 'RUN GOARCH=${TARGETARCH} go build -o /app .',
      'FROM ${BASE}', 'COPY --from=builder /app /app'),
    errors: [{ range: '1:5-1:27', messageId: 'constantPlatform', data: { stage: "stage 'builder'", platform: 'linux/amd64', through: '', exported: true } }],
  }, {
    name: 'a pinned builder that uses $TARGETARCH but compiles without target settings: its binary is the pinned platform\'s',
    text: df('FROM --platform=linux/amd64 golang:1.22 AS build', 'ARG TARGETARCH', 'RUN echo "building for ${TARGETARCH}" && go build -o /out/app .',
      'FROM alpine', 'COPY --from=build /out/app /app'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'build'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned stage that declares $TARGETARCH but is the exported image itself',
    text: df('FROM --platform=linux/amd64 alpine:3.20', 'ARG TARGETARCH', 'RUN wget -O /bin/tool https://example.com/tool-${TARGETARCH}'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: 'stage 0 (unnamed)', platform: 'linux/amd64', through: '', exported: true } }],
  }, {
    name: 'a file named for another architecture than the one it pins',
    file: 'packaging/Dockerfile.arm64',
    text: df('FROM --platform=linux/amd64 alpine:3.20', 'RUN apk add ca-certificates'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: 'stage 0 (unnamed)', platform: 'linux/amd64', through: '', exported: true } }],
  }, {
    name: 'a pinned frontend builder whose node_modules are copied too (native addons are per architecture)',
    text: df('FROM --platform=linux/amd64 node:20-alpine AS web-builder', 'RUN npm ci && npm run build', 'FROM node:20-alpine',
      'COPY --from=web-builder /app/public /app/public', 'COPY --from=web-builder /app/node_modules /app/node_modules'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'web-builder'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned stage whose dist folder goes anywhere but a web folder (goreleaser binaries)',
    text: df('FROM --platform=linux/amd64 golang:1.22 AS rel', 'RUN goreleaser build --snapshot', 'FROM alpine', 'COPY --from=rel /src/dist /usr/local/bin/'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'rel'", platform: 'linux/amd64', through: '', exported: false } }],
  }, {
    name: 'a pinned stage used as a base is in the image whatever it holds',
    text: df('FROM --platform=linux/amd64 node:20-alpine AS web', 'RUN npm run build', 'FROM web', 'COPY public /public'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: "stage 'web'", platform: 'linux/amd64', through: '', exported: true } }],
  }, {
    name: 'a constant platform on the exported stage, removed by the fix',
    text: df('FROM --platform=linux/amd64 alpine', 'RUN true'),
    errors: [{ range: '0:5-0:27', messageId: 'constantPlatform', data: { stage: 'stage 0 (unnamed)', platform: 'linux/amd64', through: '', exported: true }, severity: 'warning' }],
    output: df('FROM alpine', 'RUN true'),
  }],
});

describe('AL303 constant-from-platform', () => {
  it('fires on the exported stage; fix removes the flag', () => {
    const t = df('FROM --platform=linux/amd64 alpine', 'RUN true');
    const f = one(t, 'AL303');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '0:5-0:27');
    assertMessage(f, 'constantPlatform', { stage: 'stage 0 (unnamed)', platform: 'linux/amd64', through: '', exported: true });
    assert.equal(f.fixes?.length, 1);
    fix(t, f, df('FROM alpine', 'RUN true'));
  });
  it('a builder pinned to a constant build host that cross-compiles for the target: its output is each target\'s, no finding', () => {
    none(df('FROM --platform=linux/amd64 golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'), 'AL303');
  });
  it('nor when its target comes through ENV, or a target ARG its commands read from the environment (xx-go)', () => {
    none(df('FROM --platform=linux/amd64 golang AS b', 'ARG TARGETOS TARGETARCH', 'ENV GOOS=$TARGETOS GOARCH=$TARGETARCH', 'RUN go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'), 'AL303');
    none(df('FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx', 'FROM --platform=linux/amd64 golang AS b', 'COPY --from=xx / /', 'ARG TARGETPLATFORM', 'RUN xx-go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a'), 'AL303');
  });
  it('fires through an ARG that only the flag uses, on the exported stage too', () => {
    const t = df('ARG GOARCH=amd64', 'FROM golang AS build', 'RUN make driver', 'FROM --platform=linux/${GOARCH} alpine', 'COPY --from=build /src/driver /bin/driver');
    assertMessage(one(t, 'AL303'), 'constantPlatform', { stage: 'stage 1 (unnamed)', platform: 'linux/amd64', through: ' (linux/${GOARCH} through its ARG default)', exported: true });
  });
  it('fires through an ARG default on a copied stage; packages installed there are the build machine\'s on $BUILDPLATFORM, so removing the flag is preferred', () => {
    const t = df('ARG P=linux/arm64', 'FROM --platform=$P alpine AS tools', 'RUN apk add curl', 'FROM alpine', 'COPY --from=tools /usr/bin/curl /c');
    const f = one(t, 'AL303');
    assert.equal(rangeOf(f), '1:5-1:18');
    assertMessage(f, 'constantPlatform', { stage: "stage 'tools'", platform: 'linux/arm64', through: ' ($P through its ARG default)', exported: false });
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Build this stage on the build machine (--platform=$BUILDPLATFORM)', undefined], ['Remove the --platform flag', true]]);
    fix(t, f, df('ARG P=linux/arm64', 'FROM --platform=$BUILDPLATFORM alpine AS tools', 'RUN apk add curl', 'FROM alpine', 'COPY --from=tools /usr/bin/curl /c'));
    fix(t, f, df('ARG P=linux/arm64', 'FROM alpine AS tools', 'RUN apk add curl', 'FROM alpine', 'COPY --from=tools /usr/bin/curl /c'), 1);
  });
  it('offers only removing the flag when the copied stage compiles without target settings ($BUILDPLATFORM would build the build machine\'s binary)', () => {
    const t = df('FROM --platform=linux/amd64 golang AS b', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=b /app /app');
    const f = one(t, 'AL303');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Remove the --platform flag', true]]);
  });
  it('offers $BUILDPLATFORM, not preferred, for a copied stage that installs packages and compiles nothing', () => {
    const t = df('FROM --platform=linux/amd64 alpine AS tools', 'RUN apk add curl', 'FROM alpine', 'COPY --from=tools /usr/bin/curl /c');
    const f = one(t, 'AL303');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Build this stage on the build machine (--platform=$BUILDPLATFORM)', undefined], ['Remove the --platform flag', true]]);
  });
  it('stages whose downloads and copied files are the pinned architecture\'s are on it by design (grafana/pyroscope examples/tracing/dotnet)', () => {
    const pyroscope = df('FROM --platform=linux/amd64 alpine:3 AS sdk', 'RUN apk add --no-cache curl tar',
      'RUN curl -fsSL -o /tmp/p.tar.gz "https://github.com/grafana/pyroscope-dotnet/releases/download/pyroscope-${V}/pyroscope.${V}-glibc-x86_64.tar.gz" && tar -xzf /tmp/p.tar.gz -C /pyroscope',
      'FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/aspnet:8.0', 'COPY --from=sdk /pyroscope/Pyroscope.Profiler.Native.so ./',
      'COPY --from=sdk /pyroscope/Pyroscope.Linux.ApiWrapper.x64.so ./Pyroscope.Linux.ApiWrapper.x64.so', 'ENV LD_PRELOAD=/dotnet/Pyroscope.Linux.ApiWrapper.x64.so');
    none(pyroscope, 'AL303');
    none(df('FROM --platform=linux/amd64 alpine', 'ADD https://example.com/tool_linux_amd64.tar.gz /tmp/'), 'AL303');
  });
  it('still fires on a pinned stage whose files name no architecture, another one, or several', () => {
    one(df('FROM --platform=linux/amd64 alpine', 'RUN curl -fsSL -o /bin/t https://example.com/tool-${TARGETARCH}'), 'AL303');
    one(df('FROM --platform=linux/amd64 alpine', 'RUN curl -fsSL -o /bin/t https://example.com/tool-aarch64'), 'AL303');
    one(df('FROM --platform=linux/amd64 alpine', 'RUN curl -fsSL -o /a https://example.com/a-x86_64 && curl -fsSL -o /b https://example.com/b-arm64'), 'AL303');
    one(df('FROM --platform=linux/arm64 alpine', 'COPY bin/app-amd64 /app'), 'AL303');
  });
  it('a global default on an automatic platform ARG is AL302\'s: --platform=$BUILDPLATFORM still means the build machine', () => {
    // Read through the default it would be a constant, and AL303's "use $BUILDPLATFORM" fix would change nothing.
    const t = df('ARG BUILDPLATFORM=linux/amd64', 'FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .', 'FROM alpine', 'COPY --from=b /a /a');
    assert.deepEqual(lint(t, opts).findings.map((f) => `${f.rule} ${rangeOf(f)}`), ['AL302 0:4-0:29']);
  });
  // restic's docker/Dockerfile.release (vendored by backube/volsync under mover-restic/restic).
  const restic = (comment: string, run: string) => df(...(comment ? [comment] : []), 'FROM --platform=linux/amd64 restic/builder:latest AS helper', 'ARG TARGETOS', 'ARG TARGETARCH',
    run, 'FROM alpine:latest', 'COPY --from=helper /output/restic /usr/bin');
  it('does not fire on a copied stage that builds for the target on its pinned host, with or without a comment saying why', () => {
    none(restic('# the official binaries are cross-built from Linux running on an AMD64 host', 'RUN go run helpers/build-release-binaries/main.go --platform $TARGETOS/$TARGETARCH'), 'AL303');
    none(restic('# cross-compiled on x86_64 so the binaries match the release', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /output/restic ./cmd/restic'), 'AL303');
    none(restic('', 'RUN go run helpers/build-release-binaries/main.go --platform $TARGETOS/$TARGETARCH'), 'AL303');
    none(restic('# built on an arm64 host', 'RUN go run helpers/build-release-binaries/main.go --platform $TARGETOS/$TARGETARCH'), 'AL303');
  });
  it('still fires when the stage compiles without target settings, whatever its comment says, and on the exported image', () => {
    one(restic('# the official binaries are built on an AMD64 host', 'RUN go build -o /output/restic ./cmd/restic'), 'AL303');
    // The exported image itself: its platform is the image's, whatever the comment says.
    one(df('# runs on an AMD64 host', 'FROM --platform=linux/amd64 alpine', 'ARG TARGETARCH', 'RUN echo $TARGETARCH'), 'AL303');
  });
  it('does not fire on stages the export does not need, on variables, or on Windows', () => {
    none(df('FROM --platform=linux/amd64 alpine AS unused', 'FROM alpine'), 'AL303');
    none(df('FROM --platform=$BUILDPLATFORM alpine AS b', 'FROM alpine', 'COPY --from=b / /'), 'AL303');
    none(df('FROM --platform=windows/amd64 mcr.microsoft.com/windows/servercore:ltsc2022'), 'AL303');
  });
  // bluenviron/mediamtx docker/rpi.Dockerfile: one root file system per platform, each build takes its own.
  const rpi = (v6: string) => df('FROM --platform=linux/arm/v7 debian:bullseye-slim AS base-arm-v7', 'RUN apt update && apt install -y libc6',
    'FROM --platform=linux/arm64 debian:bullseye-slim AS base-arm64', 'RUN apt update',
    'FROM --platform=linux/amd64 scratch AS base', `COPY --from=base-arm-v7 / ${v6}`, 'COPY --from=base-arm-v7 / /linux/arm/v7', 'COPY --from=base-arm64 / /linux/arm64',
    'FROM scratch', 'ARG TARGETPLATFORM', 'COPY --from=base /$TARGETPLATFORM /');
  it('does not fire on a pinned stage copied only into folders named for its architecture (/linux/arm/v7)', () => {
    none(rpi('/linux/arm/v6'), 'AL303');
  });
  it('still fires when one copy of it lands in another architecture\'s folder or an unnamed one, or it is used as a base', () => {
    one(rpi('/linux/amd64'), 'AL303');
    one(rpi('/rootfs'), 'AL303');
    one(df('FROM --platform=linux/arm64 debian AS b', 'RUN apt update', 'FROM b', 'COPY --from=b / /linux/arm64'), 'AL303');
  });

  // wormhole-foundation/wormhole ethereum/Dockerfile: foundry pinned to linux/amd64, copied into a node stage pinned to it too.
  const foundry = (final: string) => df('FROM --platform=linux/amd64 ghcr.io/foundry-rs/foundry:v1.0.0 AS foundry',
    `FROM ${final}`, 'COPY --from=foundry /usr/local/bin/forge /bin/forge', 'RUN forge --version');
  it('does not prefer removing the pin of a builder copied only into stages pinned by their own flag to the same platform', () => {
    for (const final of ['--platform=linux/amd64 node:22.16-bullseye-slim', '--platform=amd64 node:22.16-bullseye-slim']) {
      const found = findingsOf(foundry(final), 'AL303', opts);
      assert.deepEqual(found.map((f) => f.range.start.line), [0, 1]);
      // Removing the builder's pin alone would copy another architecture's forge into the amd64 stage.
      assert.deepEqual(found.map((f) => f.fixes?.some((x) => x.preferred) ?? false), [false, true]);
      assert.match(found[0].fixes?.find((x) => x.title.startsWith('Remove'))?.title ?? '', /every stage using it is pinned to linux\/amd64 too/);
    }
  });
  it('still prefers removing the builder pin when a stage using it is unpinned, pinned to another platform, or inherits the pin through FROM <stage>', () => {
    assert.deepEqual(findingsOf(foundry('node:22.16-bullseye-slim'), 'AL303', opts).map((f) => f.fixes?.some((x) => x.preferred)), [true]);
    assert.deepEqual(findingsOf(foundry('--platform=linux/arm64 node:22.16-bullseye-slim'), 'AL303', opts).map((f) => f.fixes?.some((x) => x.preferred)), [true, true]);
    assert.deepEqual(findingsOf(foundry('node:22.16-bullseye-slim'), 'AL303', opts).map((f) => f.range.start.line), [0]);
    assert.deepEqual(findingsOf(foundry('--platform=linux/arm64 node:22.16-bullseye-slim'), 'AL303', opts).map((f) => f.range.start.line), [0, 1]);
    one(df('FROM --platform=linux/amd64 debian AS a', 'RUN make', 'FROM a AS b', 'RUN make', 'FROM alpine', 'COPY --from=b /out /out'), 'AL303');
  });

  // wormhole-foundation/wormhole node/hack/query/ccqlistener/Dockerfile: the image copies the x86_64 libwasmvm out of the pinned build stage.
  const ccq = (lib: string) => df('FROM --platform=linux/amd64 golang:1.25-bookworm AS build', 'RUN go build -o /ccq . && cp /go/pkg/mod/wasmvm/libwasmvm.x86_64.so /usr/lib/',
    'FROM scratch', `COPY --from=build /usr/lib/${lib} /usr/lib/`, 'COPY --from=build /ccq .');
  it('offers removing the flag, not preferred, when the image copies a file named for the pinned architecture out of the stage', () => {
    const f = one(ccq('libwasmvm.x86_64.so'), 'AL303');
    assert.deepEqual(f.fixes?.map((x) => x.preferred), [undefined]);
    assert.match(f.fixes?.[0].title ?? '', /copies \/usr\/lib\/libwasmvm\.x86_64\.so from it/);
    // Must still prefer it: copied files naming no architecture, or another one.
    assert.equal(one(ccq('libwasmvm.so'), 'AL303').fixes?.[0].preferred, true);
    assert.equal(one(ccq('libwasmvm.aarch64.so'), 'AL303').fixes?.[0].preferred, true);
  });

  // home-assistant/addons silabs-multiprotocol: cross builders pinned to linux/amd64, one per
  // architecture, chosen with --build-arg BUILD_ARCH; the add-on's base image comes as BUILD_FROM.
  const silabs = (opts: { toolchain?: boolean; chosen?: string; hostCopied?: boolean } = {}) => {
    const { toolchain = true, chosen = 'cross-builder-${BUILD_ARCH}', hostCopied = false } = opts;
    const install = (arch: string) => (toolchain ? `crossbuild-essential-${arch}` : 'build-essential');
    const prefix = toolchain ? 'DEBIAN_CROSS_PREFIX' : 'TOOL_PREFIX';
    return df('ARG BUILD_FROM', 'ARG BUILD_ARCH',
      'FROM --platform=linux/amd64 debian:bullseye AS cross-builder-base', 'RUN apt-get update && apt-get install -y build-essential git',
      'FROM --platform=linux/amd64 cross-builder-base AS cross-builder-aarch64', `ENV ${prefix}=aarch64-linux-gnu`, `RUN apt-get install -y ${install('arm64')}`,
      'FROM --platform=linux/amd64 cross-builder-base AS cross-builder-amd64', `ENV ${prefix}=x86_64-linux-gnu`, `RUN apt-get install -y ${install('amd64')}`,
      `FROM --platform=linux/amd64 ${chosen} AS cpcd-builder`, 'RUN cd cpc-daemon && cmake . && make && make install',
      `FROM --platform=linux/amd64 ${chosen} AS zigbeed-builder`, `COPY --from=cpcd-builder /usr/local/ /usr/\${${prefix}}/`,
      `RUN make -f zigbeed.Makefile CC="\${${prefix}}-gcc"`,
      'FROM $BUILD_FROM', 'COPY --from=zigbeed-builder /usr/src/zigbeed /usr/local/bin/zigbeed', 'COPY --from=cpcd-builder /usr/local/ /usr/local/',
      ...(hostCopied ? ['COPY --from=cross-builder-base /usr/bin/git /usr/bin/git'] : []));
  };
  it('does not fire on cross builders an architecture ARG chooses among hosts named for each architecture, nor on the host they share', () => {
    none(silabs(), 'AL303');
  });
  it('still fires when the chosen hosts set up no cross toolchain, when one host is fixed for every build, or when the shared host is copied from', () => {
    assert.deepEqual(findingsOf(silabs({ toolchain: false }), 'AL303', opts).map((f) => f.range.start.line), [2, 10, 12]);
    assert.deepEqual(findingsOf(silabs({ chosen: 'cross-builder-aarch64' }), 'AL303', opts).map((f) => f.range.start.line), [2]);
    assert.deepEqual(findingsOf(silabs({ hostCopied: true }), 'AL303', opts).map((f) => f.range.start.line), [2]);
  });
});

describe('AL303 on a Linux builder that feeds a Windows image (Azure/azure-container-networking npm/windows.Dockerfile)', () => {
  // The builder cross-compiles GOOS=windows on linux/amd64; the exported servercore image is
  // Windows, and Windows nodes are amd64. Removing the flag would make a Windows build pull and
  // run the Linux golang image as windows/amd64.
  const windows = (pin: string) => df(`FROM --platform=${pin} mcr.microsoft.com/oss/go/microsoft/golang:1.26 AS builder`, 'WORKDIR /usr/local/src', 'COPY . .',
    'RUN GOOS=windows CGO_ENABLED=0 go build -o /usr/local/bin/azure-npm.exe npm/cmd/*.go',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS windows', 'COPY --from=builder /usr/local/bin/azure-npm.exe npm.exe', 'CMD ["npm.exe", "start"]');
  it('does not fire on a linux/amd64 builder whose output goes into a Windows image', () => {
    none(windows('linux/amd64'), 'AL303');
  });
  it('still fires when the builder pins an architecture Windows nodes do not have, or the image is Linux', () => {
    one(windows('linux/arm64'), 'AL303');
    one(df('FROM --platform=linux/amd64 golang:1.26 AS builder', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=builder /app /app'), 'AL303');
  });
});

describe('AL303 in a folder named for the architecture it pins (PowerShell/PowerShell-Docker release/7-4/ubuntu22.04-arm32v7/docker/Dockerfile)', () => {
  // One Dockerfile per distribution and architecture, each in its own folder; the release tooling
  // builds each for its architecture and joins them in a manifest list.
  const ps = (pin: string) => df('ARG hostRegistry=psdockercache.azurecr.io', `FROM --platform=${pin} \${hostRegistry}/ubuntu:jammy AS installer-env`,
    'RUN curl -sSL https://example.com/powershell.tar.gz -o /tmp/powershell.tar.gz && tar zxf /tmp/powershell.tar.gz -C /opt/microsoft/powershell/7',
    `FROM --platform=${pin} \${hostRegistry}/ubuntu:jammy AS final-image`, 'COPY --from=installer-env /opt/microsoft/powershell /opt/microsoft/powershell');
  it('does not fire when a folder of the path names the pinned architecture', () => {
    assert.deepEqual(lint(ps('linux/arm/v7'), { file: 'release/7-4/ubuntu22.04-arm32v7/docker/Dockerfile' }).findings.filter((f) => f.rule === 'AL303'), []);
    assert.deepEqual(lint(ps('linux/arm64'), { file: 'release/7-4/mariner2-arm64/docker/Dockerfile' }).findings.filter((f) => f.rule === 'AL303'), []);
  });
  it('still fires when the folder names another architecture, or none', () => {
    assert.deepEqual(lint(ps('linux/amd64'), { file: 'release/7-4/ubuntu22.04-arm32v7/docker/Dockerfile' }).findings.filter((f) => f.rule === 'AL303').map((f) => f.range.start.line), [3]);
    assert.deepEqual(lint(ps('linux/arm/v7'), { file: 'release/7-4/ubuntu22.04/docker/Dockerfile' }).findings.filter((f) => f.rule === 'AL303').map((f) => f.range.start.line), [3]);
  });
});

describe('AL303 on an image a comment says is published for one architecture only (lf-edge/eve pkg/kube/Dockerfile:20)', () => {
  const kube = (comment: string) => df('# sriov-cni upstream image is used only as a source of the prebuilt sriov binary.', comment,
    'FROM --platform=linux/amd64 ghcr.io/k8snetworkplumbingwg/sriov-cni:v2.7.0 AS sriov-cni-bin',
    'FROM alpine:3.20', 'COPY --from=sriov-cni-bin /usr/bin/sriov /usr/bin/sriov');
  const titles = (text: string) => one(text, 'AL303').fixes?.map((f) => `${f.preferred ? '* ' : ''}${f.title}`);
  it('the finding stands; removing the pin is offered, not applied by --fix', () => {
    assert.deepEqual(titles(kube('# upstream sriov-cni ships an amd64-only image, so we pin it.')), [
      'Build this stage on the build machine (--platform=$BUILDPLATFORM)',
      'Remove the --platform flag — not applied by --fix: a comment says the image is published for one architecture only; check that it has the other platforms first',
    ]);
  });
  it('must keep the preferred fix when the comment says nothing of the architectures', () => {
    assert.deepEqual(titles(kube('# pinned by tag for reproducibility.')), ['Build this stage on the build machine (--platform=$BUILDPLATFORM)', '* Remove the --platform flag']);
  });
});
