/** AL103 partial-arch-terms: some required terms constrain the architecture and others do not (terms are ORed). */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core/text';
import { findingsOf } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';
import { pod } from './fixtures';

const partial = pod(`  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/arch
            operator: In
            values: [arm64]
        - matchExpressions:
          - key: kubernetes.io/hostname
            operator: Exists
`);
const threeTargets = { config: { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 's390x' }] } };

ruleTester('AL103').run({
  valid: [
    { name: 'the arch terms allow every target anyway (the arch-free term widens nothing)', text: partial.replace('values: [arm64]', 'values: [amd64, arm64]') },
    { name: 'an Exists term allows every target', text: partial.replace('operator: In\n            values: [arm64]', 'operator: Exists') },
    { name: 'a nodeSelector arch key decides', text: partial.replace('spec:\n  affinity', 'spec:\n  nodeSelector: {kubernetes.io/arch: arm64}\n  affinity') },
    { name: 'every term constrains', text: partial.replace('kubernetes.io/hostname', 'kubernetes.io/arch').replace('Exists', 'In\n            values: [amd64]') },
  ],
  invalid: [
    {
      name: 'one term constrains, the other does not; the fix adds the expression to the other',
      text: partial,
      errors: [{
        range: '8:8-8:25',
        messageId: 'partialTerms',
        data: { constraining: 'term 1', constrainingCount: 1, intended: 'arm64', lacking: 'term 2', lackingCount: 1, others: 'amd64' },
        severity: 'warning',
      }],
    },
    {
      name: 'a third target the arch terms leave out',
      text: partial.replace('values: [arm64]', 'values: [amd64, arm64]'),
      ...threeTargets,
      errors: [{ range: '8:8-8:25', messageId: 'partialTerms', data: { constraining: 'term 1', constrainingCount: 1, intended: 'amd64 and arm64', lacking: 'term 2', lackingCount: 1, others: 's390x' } }],
    },
  ],
});

describe('AL103 partial-arch-terms: the fix and the related term', () => {
  it('points at the term without an arch expression and adds it there', () => {
    const [f] = findingsOf(partial, 'AL103');
    assert.equal(f.related?.[0].message, 'term 2 has no kubernetes.io/arch expression');
    const fixed = applyEdits(partial, f.fixes![0].edits);
    assert.ok(fixed.includes('        - matchExpressions:\n          - key: kubernetes.io/arch\n            operator: In\n            values:\n            - arm64\n          - key: kubernetes.io/hostname\n'), fixed);
  });
});
