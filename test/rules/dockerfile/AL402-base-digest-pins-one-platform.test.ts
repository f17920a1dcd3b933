/** AL402 base-digest-pins-one-platform. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { applyEdits } from '../../../server/src/core/text';
import { df } from './helpers';
import { D_AMD, D_INDEX, answer, lookups, registryOpts as opts } from './registry-fixtures';

ruleTester('AL402', opts).run({
  valid: [df('FROM alpine:3.20')],
  invalid: [{
    name: 'a single-platform digest on a $BUILDPLATFORM stage, pinned to the index by the fix',
    text: df(`FROM --platform=$BUILDPLATFORM alpine:3.20@${D_AMD} AS b`, 'FROM golang:1.22', 'COPY --from=b / /'),
    errors: [{ range: '0:43-0:114', messageId: 'pinsOnePlatform', data: { image: `alpine@${D_AMD}`, stage: "stage 'b'", pinned: 'linux/amd64', hint: `The tag 3.20 points to the index ${D_INDEX} (linux/amd64, linux/arm64).` }, severity: 'warning' }],
    output: df(`FROM --platform=$BUILDPLATFORM alpine:3.20@${D_INDEX} AS b`, 'FROM golang:1.22', 'COPY --from=b / /'),
  }],
});

describe('AL402 base-digest-pins-one-platform', () => {
  it('fires with AL401 on a target stage pinned to a single-platform digest; fix pins the index digest', () => {
    const t = df(`FROM alpine:3.20@${D_AMD}`);
    const f402 = findingsOf(t, 'AL402', opts);
    assert.equal(f402.length, 1);
    assert.equal(f402[0].severity, 'warning');
    assert.equal(rangeOf(f402[0]), '0:17-0:88');
    assertMessage(f402[0], 'pinsOnePlatform', { image: `alpine@${D_AMD}`, stage: 'stage 0 (unnamed)', pinned: 'linux/amd64', hint: `The tag 3.20 points to the index ${D_INDEX} (linux/amd64, linux/arm64).` });
    assert.equal(findingsOf(t, 'AL401', opts).length, 1);
    const lookupsAfter = new Map(lookups);
    lookupsAfter.set(`docker.io/library/alpine@${D_INDEX}`, answer(`docker.io/library/alpine@${D_INDEX}`, 'index', ['linux/amd64', 'linux/arm64']));
    // The index digest also has linux/arm64, so the fix clears AL401 as well (applyFixAndRelint would call that a side effect).
    const fixed = applyEdits(t, f402[0].fixes![0].edits);
    assert.equal(fixed, df(`FROM alpine:3.20@${D_INDEX}`));
    const after = lint(fixed, { ...opts, lookups: lookupsAfter });
    assert.deepEqual([after.problems, after.findings.map((f) => f.rule)], [[], []]);
  });

  it('on a $BUILDPLATFORM stage the fix changes nothing but the pin', () => {
    const t = df(`FROM --platform=$BUILDPLATFORM alpine:3.20@${D_AMD} AS b`, 'FROM golang:1.22', 'COPY --from=b / /');
    const f = findingsOf(t, 'AL402', opts);
    assert.equal(f.length, 1);
    const lookupsAfter = new Map(lookups);
    lookupsAfter.set(`docker.io/library/alpine@${D_INDEX}`, answer(`docker.io/library/alpine@${D_INDEX}`, 'index', ['linux/amd64', 'linux/arm64']));
    assert.equal(applyFixAndRelint(t, f[0], f[0].fixes?.[0], { ...opts, lookups: lookupsAfter }),
      df(`FROM --platform=$BUILDPLATFORM alpine:3.20@${D_INDEX} AS b`, 'FROM golang:1.22', 'COPY --from=b / /'));
  });

  it('on a $BUILDPLATFORM stage only AL402 applies; without a tag there is no fix', () => {
    const t = df(`FROM --platform=$BUILDPLATFORM alpine@${D_AMD} AS b`, 'FROM golang:1.22', 'COPY --from=b / /');
    const found = lint(t, opts).findings.filter((f) => f.rule.startsWith('AL4'));
    assert.deepEqual(found.map((f) => `${f.rule} ${rangeOf(f)} ${f.fixes?.length}`), ['AL402 0:38-0:109 0']);
    assert.match((found[0].data as { hint: string }).hint, /^Pin the digest of the multi-platform index instead/);
  });

  it('does not fire on an index digest or a tag', () => {
    const l = new Map(lookups);
    l.set(`docker.io/library/alpine@${D_INDEX}`, answer(`docker.io/library/alpine@${D_INDEX}`, 'index', ['linux/amd64', 'linux/arm64']));
    assert.deepEqual(findingsOf(df(`FROM alpine@${D_INDEX}`), 'AL402', { ...opts, lookups: l }), []);
    assert.deepEqual(findingsOf(df('FROM alpine:3.20'), 'AL402', opts), []);
  });
});
