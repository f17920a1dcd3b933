/** AL302 platform-arg-default-shadows. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL302', opts).run({
  valid: [df('FROM alpine', 'ARG TARGETOS TARGETARCH', 'RUN echo $TARGETARCH')],
  invalid: [{
    name: 'a default on an automatic ARG, dropped by the fix',
    text: df('FROM alpine', 'ARG TARGETOS TARGETARCH=amd64', 'RUN echo $TARGETARCH'),
    errors: [{ range: '1:13-1:29', messageId: 'defaultShadows', data: { written: 'TARGETARCH=amd64', name: 'TARGETARCH', value: 'amd64' }, severity: 'warning' }],
    output: df('FROM alpine', 'ARG TARGETOS TARGETARCH', 'RUN echo $TARGETARCH'),
  }],
});

describe('AL302 platform-arg-default-shadows', () => {
  const text = df('FROM alpine', 'ARG TARGETOS TARGETARCH=amd64', 'RUN echo $TARGETARCH');
  it('fires on a default of an automatic ARG', () => {
    const f = one(text, 'AL302');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '1:13-1:29');
    assertMessage(f, 'defaultShadows', { written: 'TARGETARCH=amd64', name: 'TARGETARCH', value: 'amd64' });
    fix(text, f, df('FROM alpine', 'ARG TARGETOS TARGETARCH', 'RUN echo $TARGETARCH'));
  });
  it('fires on ARG TARGETOS=linux in the global scope too', () => {
    const t = df('ARG TARGETOS=linux', 'FROM alpine');
    const f = one(t, 'AL302');
    assert.equal(rangeOf(f), '0:4-0:18');
    fix(t, f, df('ARG TARGETOS', 'FROM alpine'));
  });
  it('does not fire on an empty TARGETVARIANT default while no target has a variant (BuildKit sets it empty for amd64 and arm64)', () => {
    none(df('FROM --platform=$BUILDPLATFORM golang AS builder', 'ARG TARGETOS', 'ARG TARGETARCH', 'ARG TARGETVARIANT=""', 'ENV GOOS=${TARGETOS} GOARCH=${TARGETARCH} GOARM=${TARGETVARIANT}', 'RUN go build -o /app', 'FROM alpine', 'COPY --from=builder /app /app'), 'AL302');
  });
  it('fires on an empty TARGETVARIANT default when a target has a variant, and on a non-empty one', () => {
    const text = df('FROM alpine', 'ARG TARGETVARIANT=""', 'RUN echo $TARGETVARIANT');
    const withArm = findingsOf(text, 'AL302', { ...opts, config: { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm', variant: 'v7' }] } });
    assert.equal(withArm.length, 1);
    assert.equal(one(df('FROM alpine', 'ARG TARGETVARIANT=v8', 'RUN echo $TARGETVARIANT'), 'AL302').message.includes("sees 'v8'"), true);
    assert.equal(one(df('FROM alpine', 'ARG TARGETARCH=""', 'RUN echo $TARGETARCH'), 'AL302').message.includes("sees ''"), true);
  });
  it('says what a BUILD* default changes: where builder stages run, not what the image holds', () => {
    const f = one(df('ARG BUILDPLATFORM=linux/amd64', 'FROM --platform=$BUILDPLATFORM golang AS b', 'RUN echo', 'FROM alpine', 'COPY --from=b / /'), 'AL302');
    assertMessage(f, 'buildDefaultShadows', { written: 'BUILDPLATFORM=linux/amd64', name: 'BUILDPLATFORM', value: 'linux/amd64' });
    assert.match(f.message, /emulated on other machines/);
  });
  // kubernetes-sigs/blob-csi-driver pkg/blobplugin/Dockerfile: every build passes --build-arg ARCH with the matching --platform.
  it('does not fire on a default that ties the ARG to the parameter the whole file is built from', () => {
    none(df('ARG ARCH=amd64', 'FROM alpine', 'ARG ARCH', 'ARG TARGETARCH=${ARCH}', 'RUN curl -o /a https://example.com/a_${TARGETARCH}.tgz', 'COPY ./_output/${ARCH}/plugin /plugin'), 'AL302');
    none(df('FROM alpine', 'ARG ARCH=amd64', 'ARG TARGETARCH=$ARCH', 'RUN if [ "$ARCH" = arm64 ]; then echo arm; fi; echo $TARGETARCH'), 'AL302');
  });
  it('still fires on such a default when nothing else uses that ARG, or when the default is more than the reference', () => {
    // An alias only: the file is not built from ARCH, so every platform sees ARCH's value.
    assertMessage(one(df('FROM alpine', 'ARG ARCH=amd64', 'ARG TARGETARCH=${ARCH}', 'RUN echo $TARGETARCH'), 'AL302'), 'defaultShadows', { written: 'TARGETARCH=${ARCH}', name: 'TARGETARCH', value: '${ARCH}' });
    one(df('FROM alpine', 'ARG ARCH=amd64', 'ARG TARGETPLATFORM=linux/${ARCH}', 'COPY ./_output/${ARCH}/plugin /plugin'), 'AL302');
    // A platform ARG's value is BuildKit's already: a default naming another one still pins.
    one(df('FROM alpine', 'ARG TARGETARCH=${BUILDARCH}', 'ARG BUILDARCH', 'RUN echo $BUILDARCH $TARGETARCH'), 'AL302');
  });
  // aws/amazon-cloudwatch-agent amazon-cloudwatch-container-insights/.../localmsi/Dockerfile.Windows:
  // built with `docker build --platform windows/amd64` by a Windows daemon, whose classic builder
  // sets no TARGETARCH: the default is the only value `COPY ${TARGETARCH}/...` gets.
  it('does not fire in a Windows container build (Windows base in a stage, or a Dockerfile.windows name)', () => {
    none(df('ARG TAG=ltsc2022', 'ARG TARGETARCH=amd64', 'FROM golang:latest AS builder', 'ARG TARGETARCH', 'RUN make build-windows-${env:TARGETARCH}',
      'FROM mcr.microsoft.com/windows/nanoserver:$TAG', 'ARG TARGETARCH', 'COPY --from=builder C:\\build\\windows_$TARGETARCH C:\\agent'), 'AL302');
    assert.equal(findingsOf(df('ARG TARGETARCH=amd64', 'FROM $BASE', 'ARG TARGETARCH', 'COPY ./tmp/windows_${TARGETARCH} C:/agent'), 'AL302', { file: 'docker/Dockerfile.Windows' }).length, 0);
  });
  it('still fires in a Linux build, and in a file whose name only mentions windows elsewhere', () => {
    one(df('ARG TARGETARCH=amd64', 'FROM golang:latest AS builder', 'ARG TARGETARCH', 'RUN GOOS=windows GOARCH=$TARGETARCH go build', 'FROM alpine', 'COPY --from=builder /out /out'), 'AL302');
    assert.equal(findingsOf(df('ARG TARGETARCH=amd64', 'FROM alpine', 'ARG TARGETARCH', 'RUN echo $TARGETARCH'), 'AL302', { file: 'windows/Dockerfile.linux' }).length, 1);
  });
  it('does not fire on other ARGs or declarations without default', () => {
    none(df('ARG GOARCH=amd64', 'FROM alpine', 'ARG TARGETARCH', 'ARG ARCH=amd64'), 'AL302');
  });
});
