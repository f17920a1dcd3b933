/** AL204 preferred-only-arch. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

const preferred = deploy('      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 50\n            preference:\n              matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n', ['amdonly:1']);
const preferredOnly = {
  workload: 'Deployment "web"', container: 'container "c0"', image: '"amdonly:1"', platforms: 'only linux/amd64 (a single-platform manifest)',
  uncovered: 'arm64', consequences: ['on arm64 nodes it is pulled and then fails with "exec format error" (CrashLoopBackOff)'],
};

ruleTester('AL204', opts).run({
  valid: [{ name: 'the preference names an arch every image has', text: preferred.replace('amdonly:1', 'multi:1') }],
  invalid: [{ name: 'the arch is only preferred while the image is single-arch', text: preferred, errors: [{ range: '13:22-13:40', messageId: 'preferredOnly', data: preferredOnly, severity: 'warning' }] }],
});

describe('AL204 preferred-only-arch', () => {
  it('replaces AL202 when the arch is only preferred, and makes it required', () => {
    const text = deploy('      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 50\n            preference:\n              matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n', ['amdonly:1']);
    const found = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL204']);
    const f = found[0];
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '13:22-13:40');
    assertMessage(f, 'preferredOnly', preferredOnly);
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], opts);
    assert.ok(fixed.includes('        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values:\n                - amd64\n          preferredDuringScheduling'), fixed);
  });
});
