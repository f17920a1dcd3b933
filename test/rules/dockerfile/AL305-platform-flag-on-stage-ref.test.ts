/** AL305 platform-flag-on-stage-ref. */
import * as assert from 'node:assert/strict';
import { rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL305', opts).run({
  valid: [
    df('FROM --platform=linux/arm64 alpine AS base', 'FROM base'),
    {
      // spiffe/spire Dockerfile: the ignored flag names the platform the parent already runs on.
      name: 'the flag names the parent\'s own $BUILDPLATFORM',
      text: df('FROM --platform=${BUILDPLATFORM} golang AS base', 'FROM --platform=${BUILDPLATFORM} base AS builder', 'RUN true', 'FROM alpine', 'COPY --from=builder / /'),
    },
    { name: 'the flag names the parent\'s own constant', text: df('FROM --platform=linux/arm64 alpine AS base', 'FROM --platform=linux/arm64 base') },
    {
      // kubernetes/node-problem-detector Dockerfile.windows: builder-base may be replaced with --build-context, where the flag counts.
      name: 'the flag repeats the parent\'s own unresolved platform (linux/$BUILDARCH)',
      text: df('FROM --platform=linux/$BUILDARCH golang AS builder-base', 'FROM --platform=linux/$BUILDARCH builder-base AS builder', 'RUN true', 'FROM alpine', 'COPY --from=builder / /'),
    },
  ],
  invalid: [
    {
      name: 'linux/$BUILDARCH on a FROM naming a stage on another unresolved platform',
      text: df('FROM --platform=linux/$TARGETARCH golang AS base', 'FROM --platform=linux/$BUILDARCH base AS builder'),
      errors: [{ range: '1:5-1:32', messageId: 'ignoredFlag', data: { stage: "stage 'builder'", parent: "stage 'base'" } }],
      output: df('FROM --platform=linux/$TARGETARCH golang AS base', 'FROM base AS builder'),
    },
    {
      name: '--platform on a FROM naming an earlier stage, removed by the fix',
      text: df('FROM alpine AS base', 'FROM --platform=linux/arm64 base'),
      errors: [{ range: '1:5-1:27', messageId: 'ignoredFlag', data: { stage: 'stage 1 (unnamed)', parent: "stage 'base'" }, severity: 'warning' }],
      output: df('FROM alpine AS base', 'FROM base'),
    },
    {
      name: '$BUILDPLATFORM on a FROM naming a target-platform stage',
      text: df('FROM golang AS base', 'FROM --platform=$BUILDPLATFORM base AS builder'),
      errors: [{ range: '1:5-1:30', messageId: 'ignoredFlag', data: { stage: "stage 'builder'", parent: "stage 'base'" } }],
      output: df('FROM golang AS base', 'FROM base AS builder'),
    },
    {
      name: 'a constant other than the parent\'s',
      text: df('FROM --platform=linux/amd64 alpine AS base', 'FROM --platform=linux/arm64 base'),
      errors: [{ range: '1:5-1:27', messageId: 'ignoredFlag', data: { stage: 'stage 1 (unnamed)', parent: "stage 'base'" } }],
      output: df('FROM --platform=linux/amd64 alpine AS base', 'FROM base'),
    },
    {
      // zwave-js-ui docker/Dockerfile (trimmed): the exported runtime stage also starts FROM base, so
      // the advice must not be to put $BUILDPLATFORM on base's FROM.
      name: '$BUILDPLATFORM on a FROM naming a stage the exported image also starts from',
      text: df('FROM alpine:3.22 AS base', 'RUN apk add libusb', 'FROM --platform=$BUILDPLATFORM base AS build-js', 'RUN npm run build',
        'FROM base AS runtime', 'COPY --from=build-js /usr/src/app/dist ./dist'),
      errors: [{ range: '2:5-2:30', messageId: 'ignoredFlagSharedParent', data: { stage: "stage 'build-js'", parent: "stage 'base'" }, severity: 'warning' }],
      output: df('FROM alpine:3.22 AS base', 'RUN apk add libusb', 'FROM base AS build-js', 'RUN npm run build',
        'FROM base AS runtime', 'COPY --from=build-js /usr/src/app/dist ./dist'),
    },
    {
      // Must still give the usual advice: base only feeds the flagged builder, so its FROM is the place.
      name: '$BUILDPLATFORM on a FROM naming a stage only the builder starts from',
      text: df('FROM golang AS base', 'FROM --platform=$BUILDPLATFORM base AS builder', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=builder /app /app'),
      errors: [{ range: '1:5-1:30', messageId: 'ignoredFlag', data: { stage: "stage 'builder'", parent: "stage 'base'" } }],
      output: df('FROM golang AS base', 'FROM base AS builder', 'RUN go build -o /app .', 'FROM alpine', 'COPY --from=builder /app /app'),
    },
    {
      // BuildKit runs scratch on the target whatever its flag says, so the child's $BUILDPLATFORM is wrong too.
      name: '$BUILDPLATFORM on a FROM naming a $BUILDPLATFORM scratch stage',
      text: df('FROM --platform=$BUILDPLATFORM scratch AS base', 'FROM --platform=$BUILDPLATFORM base'),
      errors: [{ range: '1:5-1:30', messageId: 'ignoredFlag', data: { stage: 'stage 1 (unnamed)', parent: "stage 'base'" } }],
      output: df('FROM --platform=$BUILDPLATFORM scratch AS base', 'FROM base'),
    },
  ],
});

describe('AL305 platform-flag-on-stage-ref', () => {
  it('fires on --platform with an earlier stage; fix removes it', () => {
    const t = df('FROM alpine AS base', 'FROM --platform=linux/arm64 base');
    const f = one(t, 'AL305');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '1:5-1:27');
    assertMessage(f, 'ignoredFlag', { stage: 'stage 1 (unnamed)', parent: "stage 'base'" });
    none(t, 'AL303');
    fix(t, f, df('FROM alpine AS base', 'FROM base'));
  });
  it('does not fire for an image of the same name as a later stage', () => {
    none(df('FROM --platform=$BUILDPLATFORM base AS b', 'FROM base AS base', 'COPY --from=b / /'), 'AL305');
  });
});
