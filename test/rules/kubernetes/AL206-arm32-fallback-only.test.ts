/** AL206 arm32-fallback-only. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

ruleTester('AL206', opts).run({
  valid: [{ name: 'an arm64 build published', text: deploy('', ['multi:1']) }],
  invalid: [{
    name: 'only arm/v7 published while arm64 is allowed',
    text: deploy('', ['arm32:1']),
    errors: [{ range: '9:15-9:22', messageId: 'arm32FallbackOnly', data: { container: 'container "c0"', workload: 'Deployment "web"', image: '"arm32:1"', platforms: 'only linux/amd64 and linux/arm/v7 (an image index)' }, severity: 'warning' }],
  }],
});

describe('AL206 arm32-fallback-only', () => {
  it('fires when arm64 is allowed and only arm/v7 is published, instead of AL202 for arm64', () => {
    const text = deploy('', ['arm32:1']);
    const found = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL206']);
    const f = found[0];
    assert.equal(rangeOf(f), '9:15-9:22');
    assertMessage(f, 'arm32FallbackOnly', { container: 'container "c0"', workload: 'Deployment "web"', image: '"arm32:1"', platforms: 'only linux/amd64 and linux/arm/v7 (an image index)' });
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0], opts).includes('kubernetes.io/arch: amd64'));
  });
});
