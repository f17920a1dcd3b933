/** AL201 image-lacks-allowed-arch. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

const constrained = (images: string[]) => deploy('      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values: [amd64, arm64]\n', images);
const lacking = {
  container: 'container "c0"', workload: 'Deployment "web"', image: '"amdonly:1"', platforms: 'only linux/amd64 (a single-platform manifest)',
  allowed: 'amd64 and arm64', consequences: ['on arm64 nodes it is pulled and then fails with "exec format error" (CrashLoopBackOff)'],
};

ruleTester('AL201', opts).run({
  valid: [{ name: 'every image has every allowed arch', text: constrained(['multi:1']) }],
  invalid: [
    { name: 'one image lacks an allowed arch', text: constrained(['amdonly:1', 'multi:1']), errors: [{ range: '17:15-17:24', messageId: 'lacksAllowedArch', data: lacking, severity: 'error' }] },
    {
      name: 'an index lacking the pinned arch: the pull fails, no narrowing possible',
      text: deploy('      nodeSelector: {kubernetes.io/arch: amd64}\n', ['armonly:1']),
      errors: [{
        range: '10:15-10:24',
        messageId: 'lacksAllowedArch',
        data: { container: 'container "c0"', workload: 'Deployment "web"', image: '"armonly:1"', platforms: 'only linux/arm64 (an image index)', allowed: 'amd64', consequences: ['on amd64 nodes the pull fails with "ErrImagePull: no match for platform in manifest"'] },
      }],
    },
  ],
});

describe('AL201 image-lacks-allowed-arch', () => {
  it('fires per image with what happens per arch, related to the constraint, and narrows', () => {
    const text = constrained(['amdonly:1', 'multi:1']);
    const [f, ...rest] = findingsOf(text, 'AL201', opts);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(rangeOf(f), '17:15-17:24');
    assertMessage(f, 'lacksAllowedArch', lacking);
    assert.equal(f.related?.[0].message, 'the required node affinity');
    assert.equal(rangeOf(f.related![0]), '10:12-10:29');
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], opts);
    assert.ok(fixed.includes('      nodeSelector:\n        kubernetes.io/arch: amd64\n'));
  });
  it('says the pull fails for an index lacking the arch; not when every image has every allowed arch', () => {
    const [f] = findingsOf(deploy('      nodeSelector: {kubernetes.io/arch: amd64}\n', ['armonly:1']), 'AL201', opts);
    assert.deepEqual((f.data as { consequences: string[] }).consequences, ['on amd64 nodes the pull fails with "ErrImagePull: no match for platform in manifest"']);
    assert.equal(f.fixes?.length, 0);
    assert.deepEqual(findingsOf(constrained(['multi:1']), 'AL201', opts), []);
  });
});
