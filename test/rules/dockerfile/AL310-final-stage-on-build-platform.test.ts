/** AL310 final-stage-on-build-platform. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL310', opts).run({
  valid: [
    df('FROM --platform=$BUILDPLATFORM golang AS b', 'FROM alpine', 'COPY --from=b /a /a'),
    {
      // BuildKit gives scratch the target platform whatever the flag says: nothing is pulled for it.
      name: 'the exported stage is FROM --platform=$BUILDPLATFORM scratch',
      text: df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .',
        'FROM --platform=$BUILDPLATFORM scratch', 'COPY --from=b /a /a'),
    },
    {
      // spiffe/spire Dockerfile: a scratch base stage on $BUILDPLATFORM that each image is built FROM.
      name: 'the exported stage is built FROM a $BUILDPLATFORM scratch stage',
      text: df('FROM --platform=$BUILDPLATFORM golang AS b', 'ARG TARGETOS TARGETARCH', 'RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /a .',
        'FROM --platform=${BUILDPLATFORM} scratch AS base', 'COPY --from=b /etc/ssl/certs /etc/ssl/certs', 'FROM base AS server', 'COPY --from=b /a /a'),
    },
    {
      // kubernetes-sigs/jobset Dockerfile (and lws): the base holds no executable, the stage runs nothing, the binary is cross-compiled.
      name: 'the exported stage on $BUILDPLATFORM only copies onto distroless static (through an ARG default)',
      text: df('ARG BASE_IMAGE=gcr.io/distroless/static:nonroot', 'FROM --platform=${BUILDPLATFORM} golang:1.26 AS builder', 'ARG TARGETARCH',
        "RUN make build GO_BUILD_ENV='GOOS=linux GOARCH=${TARGETARCH}'", 'FROM --platform=${BUILDPLATFORM} ${BASE_IMAGE}', 'COPY --from=builder /workspace/bin/manager .', 'ENTRYPOINT ["/manager"]'),
    },
  ],
  invalid: [
    {
      name: 'distroless static on $BUILDPLATFORM, but the exported stage runs a command there',
      text: df('FROM --platform=$BUILDPLATFORM gcr.io/distroless/static-debian12', 'COPY app /app', 'RUN ["/app", "--self-test"]'),
      errors: [{ range: '0:5-0:30', messageId: 'ownFlag', data: { stage: 'stage 0 (unnamed)', flag: '$BUILDPLATFORM' } }],
    },
    {
      name: 'a $BUILDPLATFORM base that holds programs (distroless base has glibc), though the stage only copies',
      text: df('FROM --platform=$BUILDPLATFORM gcr.io/distroless/base-debian12', 'COPY app /app'),
      errors: [{ range: '0:5-0:30', messageId: 'ownFlag', data: { stage: 'stage 0 (unnamed)', flag: '$BUILDPLATFORM' } }],
    },
    {
      name: "the exported stage's own $BUILDPLATFORM flag, removed by the fix",
      text: df('FROM --platform=$BUILDPLATFORM alpine'),
      errors: [{ range: '0:5-0:30', messageId: 'ownFlag', data: { stage: 'stage 0 (unnamed)', flag: '$BUILDPLATFORM' }, severity: 'warning' }],
      output: df('FROM alpine'),
    },
    {
      name: 'a $BUILDPLATFORM image stage that the exported stage is built FROM, through a scratch-free chain',
      text: df('FROM --platform=$BUILDPLATFORM alpine AS base', 'FROM scratch AS unused', 'FROM base AS final'),
      errors: [{ range: '2:5-2:9', messageId: 'inherited', data: { stage: "stage 'final'", parent: "stage 'base'", origin: "stage 'base'" } }],
    },
    {
      name: 'an inherited $BUILDPLATFORM, on the FROM <stage> name',
      text: df('FROM --platform=$BUILDPLATFORM alpine AS base', 'FROM base AS final'),
      errors: [{ range: '1:5-1:9', messageId: 'inherited', data: { stage: "stage 'final'", parent: "stage 'base'", origin: "stage 'base'" } }],
    },
  ],
});

describe('AL310 final-stage-on-build-platform', () => {
  it('fires on the exported stage\'s own $BUILDPLATFORM flag; fix removes it', () => {
    const t = df('FROM --platform=$BUILDPLATFORM alpine');
    const f = one(t, 'AL310');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '0:5-0:30');
    assertMessage(f, 'ownFlag', { stage: 'stage 0 (unnamed)', flag: '$BUILDPLATFORM' });
    fix(t, f, df('FROM alpine'));
  });
  it('offers the removal without preferring it when the stage installs a cross toolchain (labring/sealos lifecycle/Dockerfile)', () => {
    const t = df('FROM --platform=$BUILDPLATFORM golang:1-bullseye as builder', 'ARG TARGETARCH', 'WORKDIR /work', 'COPY . /work',
      'RUN dpkg --add-architecture arm64 && apt update && apt install -y gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu && make build-pack');
    const f = one(t, 'AL310');
    assertMessage(f, 'ownFlag', { stage: "stage 'builder'", flag: '$BUILDPLATFORM' });
    assert.equal(f.fixes?.length, 1);
    assert.ok(!f.fixes?.[0].preferred, 'not applied by --fix');
    fix(t, f, t.replace('--platform=$BUILDPLATFORM ', ''));
    // Must still prefer the removal without one (a native compiler is no cross toolchain).
    assert.equal(one(df('FROM --platform=$BUILDPLATFORM golang AS b', 'RUN apt-get install -y gcc && make'), 'AL310').fixes?.[0].preferred, true);
  });
  it('fires on an inherited $BUILDPLATFORM, on the FROM <stage> name', () => {
    const t = df('FROM --platform=$BUILDPLATFORM alpine AS base', 'FROM base AS final');
    const f = one(t, 'AL310');
    assert.equal(rangeOf(f), '1:5-1:9');
    assertMessage(f, 'inherited', { stage: "stage 'final'", parent: "stage 'base'", origin: "stage 'base'" });
  });
  it('does not fire when the exported stage runs on the target (or the configured target stage does)', () => {
    none(df('FROM --platform=$BUILDPLATFORM alpine AS b', 'FROM alpine', 'COPY --from=b / /'), 'AL310');
    const t = df('FROM alpine AS app', 'FROM --platform=$BUILDPLATFORM alpine AS tools');
    assert.equal(findingsOf(t, 'AL310', { ...opts, config: { dockerTarget: 'app' } }).length, 0);
    assert.equal(findingsOf(t, 'AL310', opts).length, 1);
  });
  it('does not fire on a Dockerfile the workspace builds only as an intermediate: no build of it names or pushes an image (nats-io/nack cicd/Dockerfile_goreleaser)', () => {
    const t = df('FROM --platform=$BUILDPLATFORM golang AS build', 'RUN go install github.com/goreleaser/goreleaser@latest', 'FROM build', 'RUN goreleaser build --clean');
    const bake = (goreleaser: string) => `target "goreleaser" {\n  dockerfile = "cicd/Dockerfile_goreleaser"\n${goreleaser}}\n`
      + 'target "app" {\n  contexts = { build = "target:goreleaser" }\n  dockerfile = "cicd/Dockerfile"\n  platforms = ["linux/amd64", "linux/arm64"]\n  tags = ["ghcr.io/acme/app:latest"]\n  output = ["type=registry"]\n}\n';
    const lint = (goreleaser: string | undefined) => findingsOf(t, 'AL310', { ...opts, file: '/repo/cicd/Dockerfile_goreleaser', ...(goreleaser === undefined ? {} : { workspace: { '/repo/docker-bake.hcl': bake(goreleaser), '/repo/cicd/Dockerfile': 'FROM alpine\nCOPY --from=build /go/src/dist /dist\n' } }) });
    assert.deepEqual(lint(''), []);
    // Must still fire: a build of it that names or pushes the image; no build of it in the workspace at all.
    assert.equal(lint('  tags = ["ghcr.io/acme/goreleaser:latest"]\n').length, 1);
    assert.equal(lint('  platforms = ["linux/arm64"]\n').length, 1);
    assert.equal(lint(undefined).length, 1);
  });
});
