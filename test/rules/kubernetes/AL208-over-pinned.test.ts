/** AL208 over-pinned. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

ruleTester('AL208', opts).run({
  valid: [
    { name: 'an image whose platforms are unknown may be why', text: deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['multi:1', 'gone:1']) },
    { name: 'no constraint', text: deploy('', ['multi:1']) },
  ],
  invalid: [{
    name: 'the pin excludes a target every image has',
    text: deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['multi:1']),
    errors: [{ range: '8:8-8:26', messageId: 'overPinned', data: { workload: 'Deployment "web"', allowed: 'amd64', excluded: 'arm64' }, severity: 'hint' }],
  }],
});

describe('AL208 over-pinned', () => {
  it('hints when the pin excludes a target every image supports', () => {
    const text = deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['multi:1']);
    const [f] = findingsOf(text, 'AL208', opts);
    assert.equal(f.severity, 'hint');
    assert.equal(rangeOf(f), '8:8-8:26');
    assertMessage(f, 'overPinned', { workload: 'Deployment "web"', allowed: 'amd64', excluded: 'arm64' });
    assert.deepEqual(findingsOf(deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['multi:1', 'gone:1']), 'AL208', opts), [], 'an unknown image may be why');
    const pinnedToMissing = deploy('      nodeSelector:\n        kubernetes.io/arch: arm64\n', ['amdonly:1']);
    assert.deepEqual(lint(pinnedToMissing, opts).findings.filter((x) => x.rule.startsWith('AL2')).map((x) => x.rule), ['AL201'],
      'pinned to an arch the image lacks: AL201 narrows, no contradicting widen hint');
    const pinnedToFallback = deploy('      nodeSelector:\n        kubernetes.io/arch: arm64\n', ['arm32:1']);
    assert.deepEqual(lint(pinnedToFallback, opts).findings.filter((x) => x.rule.startsWith('AL2')).map((x) => x.rule), ['AL206'],
      'pinned to arm64 where only the 32-bit fallback exists: AL206\'s cause, no widen hint');
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], opts);
    assert.ok(fixed.includes('    spec:\n      containers:\n'), fixed);
  });
  it('widening removes one entry from a block or flow nodeSelector, keeping the others', () => {
    for (const [body, after] of [
      ['      nodeSelector:\n        disktype: ssd\n        kubernetes.io/arch: amd64  # pinned\n', '      nodeSelector:\n        disktype: ssd\n'],
      ['      nodeSelector: {kubernetes.io/arch: amd64, disktype: ssd}\n', '      nodeSelector: {disktype: ssd}\n'],
      ['      nodeSelector: {disktype: ssd, kubernetes.io/arch: amd64}\n', '      nodeSelector: {disktype: ssd}\n'],
      ['      nodeSelector: {kubernetes.io/arch: amd64}\n', '      nodeSelector: {}\n'],
    ]) {
      const text = deploy(body, ['multi:1']);
      const [f] = findingsOf(text, 'AL208', opts);
      assert.ok(applyFixAndRelint(text, f, f.fixes?.[0], opts).includes(after), body);
    }
  });
});
