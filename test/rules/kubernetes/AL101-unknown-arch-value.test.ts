/** AL101 unknown-arch-value: an arch label value that is not a Go architecture name matches no node. */
import * as assert from 'node:assert/strict';
import { findingsOf, lint } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';
import { pod } from './fixtures';

const mixed = pod(`  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: kubernetes.io/arch, operator: In, values: ["aarch64", amd64]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 1
        preference:
          matchExpressions:
          - {key: kubernetes.io/arch, operator: In, values: [AMD64]}
  tolerations:
  - {key: kubernetes.io/arch, operator: Equal, value: linux/arm64, effect: NoSchedule}
`);

ruleTester('AL101').run({
  valid: [
    { name: 'canonical values and other keys', text: pod('  nodeSelector:\n    kubernetes.io/arch: "386"\n    disktype: x86_64\n') },
  ],
  invalid: [
    {
      name: 'x86_64 in nodeSelector, fixed to amd64',
      text: pod('  nodeSelector:\n    kubernetes.io/arch: x86_64\n'),
      errors: [{ range: '6:24-6:30', messageId: 'otherSpelling', data: { value: 'x86_64', where: 'nodeSelector', arch: 'amd64' }, severity: 'error' }],
      output: pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n'),
    },
    {
      name: 'aarch64 in required and AMD64 in preferred affinity, linux/arm64 in a toleration, quotes kept',
      text: mixed,
      errors: [
        { range: '10:62-10:69', messageId: 'otherSpelling', data: { value: 'aarch64', where: 'required node affinity', arch: 'arm64' } },
        { range: '15:61-15:66', messageId: 'otherSpelling', data: { value: 'AMD64', where: 'preferred node affinity', arch: 'amd64' } },
        { range: '17:54-17:65', messageId: 'otherSpelling', data: { value: 'linux/arm64', where: 'a toleration', arch: 'arm64' } },
      ],
      output: mixed.replace('values: ["aarch64", amd64]', 'values: ["arm64", amd64]'),
    },
    {
      name: 'a value that maps to nothing, without a fix',
      text: pod('  nodeSelector:\n    kubernetes.io/arch: banana\n'),
      errors: [{ range: '6:24-6:30', messageId: 'notAnArchitecture', data: { value: 'banana', where: 'nodeSelector' } }],
    },
  ],
});

describe('AL101 unknown-arch-value: beside the other rules', () => {
  it('the fixes say what they replace; a value that maps to nothing gets none', () => {
    assert.deepEqual(findingsOf(mixed, 'AL101').map((f) => f.fixes?.[0]?.title), ['Replace "aarch64" with "arm64"', 'Replace "AMD64" with "amd64"', 'Replace "linux/arm64" with "arm64"']);
    assert.deepEqual(findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: banana\n'), 'AL101')[0].fixes, undefined);
  });
  it('is the only finding for a value that maps to nothing: the pod is constrained to no arch, not unconstrained', () => {
    for (const body of [
      '  nodeSelector:\n    kubernetes.io/arch: banana\n',
      '  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [banana]}]\n',
    ]) {
      const found = lint(pod(body, 'amd64/nginx')).findings;
      assert.deepEqual(found.map((f) => f.rule), ['AL101'], body);
    }
  });
  it('x86_64 counts as amd64: reported once by AL101, not as a conflict with amd64 elsewhere', () => {
    const text = pod('  nodeSelector:\n    kubernetes.io/arch: x86_64\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]\n', 'amd64/nginx');
    assert.deepEqual(lint(text).findings.map((f) => `${f.rule} ${f.range.start.line}:${f.range.start.character}`), ['AL101 6:24']);
  });
});
