/** AL102 deprecated-arch-label: beta.kubernetes.io/arch|os used as a key. */
import { ruleTester } from '../../helpers/rule-tester';
import { pod } from './fixtures';

const inAffinity = pod('  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - {key: beta.kubernetes.io/arch, operator: In, values: [amd64]}\n');

// pixie-io/pixie's vizier deployments (sysdiglabs/charts' agent DaemonSet likewise): a second
// term in the beta keys, ORed with the first, for nodes that carry only the old labels.
const terms = (second: string) => pod('  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - {key: kubernetes.io/os, operator: Exists}\n          - {key: kubernetes.io/os, operator: In, values: [linux]}\n        - matchExpressions:\n' + second);
const betaTwin = terms('          - {key: beta.kubernetes.io/os, operator: Exists}\n          - {key: beta.kubernetes.io/os, operator: In, values: [linux]}\n');
const betaOther = terms('          - {key: beta.kubernetes.io/arch, operator: In, values: [amd64]}\n');

ruleTester('AL102').run({
  valid: [
    { name: 'the GA key', text: pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n') },
    { name: 'a beta-key term ORed with the same term in GA keys (a fallback for old nodes)', text: betaTwin },
  ],
  invalid: [
    {
      name: 'a beta key in nodeSelector, renamed',
      text: pod('  nodeSelector:\n    beta.kubernetes.io/os: linux\n'),
      errors: [{ range: '6:4-6:25', messageId: 'deprecated', data: { key: 'beta.kubernetes.io/os', where: 'nodeSelector', current: 'kubernetes.io/os' }, severity: 'warning' }],
      output: pod('  nodeSelector:\n    kubernetes.io/os: linux\n'),
    },
    {
      name: 'no rename when the GA key is already there (remove the beta key)',
      text: pod('  nodeSelector:\n    beta.kubernetes.io/arch: amd64\n    kubernetes.io/arch: amd64\n'),
      errors: [{ range: '6:4-6:27', messageId: 'deprecatedBesideCurrent', data: { key: 'beta.kubernetes.io/arch', where: 'nodeSelector', current: 'kubernetes.io/arch' } }],
    },
    {
      name: 'a beta key in affinity expressions',
      text: inAffinity,
      errors: [{ range: '10:18-10:41', messageId: 'deprecated', data: { key: 'beta.kubernetes.io/arch', where: 'required node affinity', current: 'kubernetes.io/arch' } }],
      output: inAffinity.replace('beta.kubernetes.io/arch', 'kubernetes.io/arch'),
    },
    {
      name: 'a beta-key term beside a GA term that says something else still fires',
      text: betaOther,
      errors: [{ range: '13:18-13:41', messageId: 'deprecated', data: { key: 'beta.kubernetes.io/arch', where: 'required node affinity', current: 'kubernetes.io/arch' } }],
      output: betaOther.replace('beta.kubernetes.io/arch', 'kubernetes.io/arch'),
    },
  ],
});
