/** AL304 redundant-target-platform. */
import * as assert from 'node:assert/strict';
import { rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL304', opts).run({
  valid: [
    df('FROM alpine AS x'),
    {
      // kueue cmd/kueueviz/frontend/Dockerfile: the flag is written on purpose, and the comment says why.
      name: 'the comment right above the FROM speaks of TARGETPLATFORM: the flag is there on purpose',
      text: df('FROM --platform=$BUILDPLATFORM node:22 AS build', 'RUN npm ci', '# Runtime stage uses TARGETPLATFORM so the image carries the right arch metadata.', '# It has no RUN steps.', 'FROM --platform=${TARGETPLATFORM} node:22 AS runtime', 'COPY --from=build /app /app'),
    },
  ],
  invalid: [{
    name: '--platform=$TARGETPLATFORM, removed by the fix',
    text: df('FROM --platform=${TARGETPLATFORM} alpine AS x'),
    errors: [{ range: '0:5-0:33', messageId: 'redundant', data: { flag: '${TARGETPLATFORM}' }, severity: 'hint' }],
    output: df('FROM alpine AS x'),
  }],
});

describe('AL304 redundant-target-platform', () => {
  it('fires on --platform=$TARGETPLATFORM; fix removes it', () => {
    const t = df('FROM --platform=${TARGETPLATFORM} alpine AS x');
    const f = one(t, 'AL304');
    assert.equal(f.severity, 'hint');
    assert.equal(rangeOf(f), '0:5-0:33');
    assertMessage(f, 'redundant', { flag: '${TARGETPLATFORM}' });
    fix(t, f, df('FROM alpine AS x'));
  });
  it('does not fire on $BUILDPLATFORM or without a flag', () => {
    none(df('FROM --platform=$BUILDPLATFORM alpine AS b', 'FROM alpine', 'COPY --from=b / /'), 'AL304');
    none(df('FROM alpine'), 'AL304');
  });
  it('a fallback for the classic builder (nacos-docker example/image/mysql/5.7-m1): still reported, the removal offered but not preferred', () => {
    const t = df('ARG TARGETPLATFORM', 'FROM --platform=${TARGETPLATFORM:-linux/amd64} mysql:5.7.40', 'EXPOSE 3306');
    const f = one(t, 'AL304');
    assert.equal(rangeOf(f), '1:5-1:46');
    assertMessage(f, 'fallback', { flag: '${TARGETPLATFORM:-linux/amd64}', fallback: 'linux/amd64' });
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Remove the --platform flag', undefined]]);
    fix(t, f, df('ARG TARGETPLATFORM', 'FROM mysql:5.7.40', 'EXPOSE 3306'));
    const parts = one(df('FROM --platform=${TARGETOS:-linux}/${TARGETARCH:-arm64} alpine'), 'AL304');
    assertMessage(parts, 'fallback', { flag: '${TARGETOS:-linux}/${TARGETARCH:-arm64}', fallback: 'linux/arm64' });
    // Must still prefer the removal: no fallback, or an empty one.
    for (const flag of ['$TARGETPLATFORM', '${TARGETPLATFORM:-}']) {
      const plain = one(df(`FROM --platform=${flag} alpine`), 'AL304');
      assertMessage(plain, 'redundant', { flag });
      assert.deepEqual(plain.fixes?.map((x) => x.preferred), [true]);
    }
  });
  it('a comment elsewhere, or one separated from the FROM by a blank line, does not count', () => {
    one(df('# built for TARGETPLATFORM', '', 'FROM --platform=$TARGETPLATFORM alpine'), 'AL304');
    one(df('# the runtime stage', 'FROM --platform=$TARGETPLATFORM alpine'), 'AL304');
  });
});
