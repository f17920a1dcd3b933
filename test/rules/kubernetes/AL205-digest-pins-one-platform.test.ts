/** AL205 digest-pins-one-platform. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

describe('AL205 digest-pins-one-platform', () => {
  it('fires when tag@digest names a child of the tag\'s multi-arch index, fix pins the index', () => {
    const child = DIGEST(100);
    const ref = `multi:1@${child}`;
    const pinned = `docker.io/library/multi@${child}`;
    const l = lookups({ [MULTI]: indexOf(MULTI, ['linux/amd64', 'linux/arm64']), [pinned]: singleOf(pinned, 'linux/amd64', child) });
    const text = deploy('      nodeSelector: {kubernetes.io/arch: amd64}\n', [ref]);
    const [f] = findingsOf(text, 'AL205', { lookups: l });
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '10:15-10:94');
    assertMessage(f, 'digestPinsOnePlatform', {
      container: 'container "c0"', workload: 'Deployment "web"', image: `"${ref}"`, pinned: 'linux/amd64', tag: '1', platforms: 'linux/amd64, linux/arm64', indexDigest: DIGEST(1),
    });
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], { lookups: l });
    assert.ok(fixed.includes(`image: multi:1@${DIGEST(1)}\n`));
    assert.deepEqual(findingsOf(deploy('', [`multi@${child}`]), 'AL205', { lookups: l }), [], 'no tag: judged as the image it is');
  });
});
