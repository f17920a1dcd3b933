/** AL304 redundant-target-platform. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { df, fix, none, one, opts } from './helpers';

ruleTester('AL304', opts).run({
  valid: [df('FROM alpine AS x')],
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
});
