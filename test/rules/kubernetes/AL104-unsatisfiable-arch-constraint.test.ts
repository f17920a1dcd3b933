/** AL104 unsatisfiable-arch-constraint: the arch constraints allow no architecture. */
import * as assert from 'node:assert/strict';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';
import { pod, requiredTerms } from './fixtures';

const disagree = pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n' + requiredTerms('        - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [arm64]}]\n'));
const duplicated = pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n    kubernetes.io/arch: arm64\n');

ruleTester('AL104').run({
  valid: [
    { name: 'a satisfiable nodeSelector', text: pod('  nodeSelector:\n    kubernetes.io/arch: arm64\n') },
    { name: 'an arch one of the targets has', text: pod('  nodeSelector:\n    kubernetes.io/arch: s390x\n'), config: { targets: [{ os: 'linux', architecture: 's390x' }] } },
  ],
  invalid: [
    {
      name: 'nodeSelector and affinity disagree',
      text: disagree,
      errors: [{ range: '6:24-6:29', messageId: 'selectorVsAffinity', data: { requirement: 'kubernetes.io/arch=amd64', affinityAllows: 'only arm64' }, severity: 'error' }],
    },
    {
      name: 'In and NotIn cancel out',
      text: pod(requiredTerms('        - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}, {key: kubernetes.io/arch, operator: NotIn, values: [amd64]}]\n')),
      errors: [{ range: '8:8-8:25', messageId: 'noTerm', data: { reasons: ["term 1's In and NotIn cancel out"] } }],
    },
    {
      name: 'an empty term',
      text: pod(requiredTerms('        - {}\n')),
      errors: [{ range: '8:8-8:25', messageId: 'noTerm', data: { reasons: ['term 1 has no expressions and matches no node'] } }],
    },
    {
      name: 'DoesNotExist on the arch label',
      text: pod(requiredTerms('        - matchExpressions: [{key: kubernetes.io/arch, operator: DoesNotExist}]\n')),
      errors: [{ range: '8:8-8:25', messageId: 'noTerm', data: { reasons: ['term 1 requires that nodes have no arch label, which every node has'] } }],
    },
    {
      name: 'a nodeSelector key set twice with different values',
      text: duplicated,
      errors: [{ range: '7:4-7:22', messageId: 'duplicateKey', data: { key: 'kubernetes.io/arch', values: '"amd64" and "arm64"' } }],
    },
    {
      name: 'the GA and the beta key ask for different archs',
      text: pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n    beta.kubernetes.io/arch: arm64\n'),
      errors: [{ range: '7:29-7:34', messageId: 'twoArchitectures', data: { first: 'kubernetes.io/arch=amd64', second: 'beta.kubernetes.io/arch=arm64' } }],
    },
    {
      name: 'an arch none of the targets has',
      text: pod('  nodeSelector:\n    kubernetes.io/arch: s390x\n'),
      errors: [{ range: '6:24-6:29', messageId: 'noTarget', data: { requirement: 'kubernetes.io/arch=s390x', targets: 'linux/amd64, linux/arm64' } }],
    },
  ],
});

describe('AL104 unsatisfiable-arch-constraint: related places', () => {
  it('points at the other side of a disagreement and at the first of a duplicated key', () => {
    assert.equal(rangeOf(findingsOf(disagree, 'AL104')[0].related![0]), '10:8-10:25');
    assert.equal(rangeOf(findingsOf(duplicated, 'AL104')[0].related![0]), '6:4-6:22');
  });
});
