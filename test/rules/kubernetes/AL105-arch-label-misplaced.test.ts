/** AL105 arch-label-misplaced: kubernetes.io/arch|os as a label, annotation, matchLabels entry, or only in tolerations. */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core/text';
import { findingsOf, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { pod } from './fixtures';

const labelled = (label: string, specBody: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-arm64
spec:
  template:
    metadata:
      labels:
        app: web
        ${label}
    spec:
${specBody}      containers:
      - name: app
        image: nginx
`;
const podTemplateLabel = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels:
        app: web
        kubernetes.io/arch: arm64
    spec:
      containers:
      - name: app
        image: nginx
`;
const matchLabels = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web, kubernetes.io/arch: amd64}
  template:
    metadata:
      labels: {app: web, kubernetes.io/arch: amd64}
    spec:
      containers:
      - name: app
        image: nginx
`;
const toleration = pod('  tolerations:\n  - key: kubernetes.io/arch\n    operator: Equal\n    value: arm64\n    effect: NoSchedule\n');
// pinniped deploy/concierge/deployment.yaml: amd64 and arm64 tolerated, a multi-arch image let onto both.
const bothArchs = pod('  tolerations:\n  - key: kubernetes.io/arch\n    effect: NoSchedule\n    operator: Equal\n    value: amd64\n  - key: kubernetes.io/arch\n    effect: NoSchedule\n    operator: Equal\n    value: arm64\n');
const oneArchTwice = pod('  tolerations:\n  - key: kubernetes.io/arch\n    operator: Equal\n    value: arm64\n    effect: NoSchedule\n  - key: kubernetes.io/arch\n    operator: Equal\n    value: aarch64\n    effect: NoExecute\n');
const wider = labelled('kubernetes.io/arch: arm64', '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}]\n');
const osAnnotation = 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubernetes.io/os: windows\nspec:\n  containers:\n  - image: x\n';

ruleTester('AL105').run({
  valid: [
    { name: 'a toleration beside a constraint', text: toleration.replace('spec:\n', 'spec:\n  nodeSelector: {kubernetes.io/arch: arm64}\n') },
    { name: 'tolerations naming two architectures: the pod is meant to run on each (pinniped deploy/concierge/deployment.yaml)', text: bothArchs },
    { name: 'a label repeating the nodeSelector (per-arch Deployments label their pods)', text: labelled('kubernetes.io/arch: arm64', '      nodeSelector:\n        kubernetes.io/arch: arm64\n') },
    { name: 'a label in another spelling of the same arch', text: labelled('kubernetes.io/arch: aarch64', '      nodeSelector:\n        kubernetes.io/arch: arm64\n') },
    { name: 'an os label repeating the os selector', text: labelled('kubernetes.io/os: linux', '      nodeSelector:\n        kubernetes.io/os: linux\n') },
  ],
  invalid: [
    {
      name: 'a pod template label, fixed with a nodeSelector',
      text: podTemplateLabel,
      errors: [{ range: '11:8-11:26', messageId: 'unconstrained', data: { key: 'kubernetes.io/arch', where: 'pod template labels', value: 'arm64' }, severity: 'warning' }],
      output: podTemplateLabel.replace('    spec:\n      containers:\n', '    spec:\n      nodeSelector:\n        kubernetes.io/arch: arm64\n      containers:\n'),
    },
    {
      name: 'arch only in a toleration',
      text: toleration,
      errors: [{ range: '6:9-6:27', messageId: 'tolerationOnly', data: { key: 'kubernetes.io/arch', value: 'arm64' } }],
    },
    {
      name: 'two tolerations of one architecture in two spellings: still only that one is tolerated',
      text: oneArchTwice,
      errors: [{ range: '6:9-6:27', messageId: 'tolerationOnly', data: { key: 'kubernetes.io/arch', value: 'arm64' } }],
    },
    {
      name: 'selector.matchLabels and the matching template label: once per pod',
      text: matchLabels,
      errors: [{ range: '6:28-6:46', messageId: 'unconstrained', data: { key: 'kubernetes.io/arch', where: 'selector.matchLabels', value: 'amd64' } }],
    },
    {
      name: 'a label contradicting the constraint, without a fix',
      text: labelled('kubernetes.io/arch: arm64', '      nodeSelector:\n        kubernetes.io/arch: amd64\n'),
      errors: [{ range: '9:8-9:26', messageId: 'disagrees', data: { key: 'kubernetes.io/arch', where: 'pod template labels', value: 'arm64', allows: "the pod's constraints allow amd64" }, severity: 'warning' }],
    },
    {
      name: 'an os label contradicting the os selector',
      text: labelled('kubernetes.io/os: windows', '      nodeSelector:\n        kubernetes.io/os: linux\n'),
      errors: [{ range: '9:8-9:24', messageId: 'disagrees', data: { key: 'kubernetes.io/os', where: 'pod template labels', value: 'windows', allows: "the pod's constraints select linux nodes" } }],
    },
    {
      name: "the constraint allows the label's arch among others: narrowed with a nodeSelector",
      text: wider,
      errors: [{ range: '9:8-9:26', messageId: 'wider', data: { key: 'kubernetes.io/arch', where: 'pod template labels', value: 'arm64', allowed: 'amd64 and arm64', others: 'amd64' } }],
    },
    {
      name: 'kubernetes.io/os in workload annotations when nothing selects the OS',
      text: osAnnotation,
      errors: [{ range: '4:4-4:20', messageId: 'unconstrained', data: { key: 'kubernetes.io/os', where: 'workload annotations', value: 'windows' } }],
      output: osAnnotation.replace('spec:\n', 'spec:\n  nodeSelector:\n    kubernetes.io/os: windows\n'),
    },
  ],
});

describe('AL105 arch-label-misplaced: related places and fixes', () => {
  it('an arch toleration alone: the nodeSelector is offered, not preferred (a multi-arch image tolerates the arm64 taint to run on both; kubernetes-engine-samples multiarch overlay)', () => {
    const [f] = findingsOf(toleration, 'AL105');
    assert.equal(f.fixes?.length, 1);
    assert.notEqual(f.fixes?.[0].preferred, true);
    assert.match(f.fixes?.[0].title ?? '', /^Add nodeSelector kubernetes.io\/arch: arm64 — not applied by --fix: a multi-arch image/);
    assert.match(applyEdits(toleration, f.fixes?.[0].edits ?? []), /nodeSelector:\n\s+kubernetes.io\/arch: arm64/);
  });
  it('names the other place of a label written twice, and fixes the pod, not the labels', () => {
    const [f] = findingsOf(matchLabels, 'AL105');
    assert.deepEqual(f.related?.map((r) => [rangeOf(r), r.message]), [['9:25-9:43', 'also in the pod template labels']]);
    assert.ok(applyEdits(matchLabels, f.fixes![0].edits).includes('    spec:\n      nodeSelector:\n        kubernetes.io/arch: amd64\n      containers:'));
  });
  it('a beta key in the workload labels reads like the others (its fix is left out here: the labels contradict each other)', () => {
    const [f] = findingsOf(matchLabels.replace('  name: web\n', '  name: web\n  labels:\n    beta.kubernetes.io/arch: arm64\n'), 'AL105');
    assert.equal(rangeOf(f), '5:4-5:27');
    assertMessage(f, 'unconstrained', { key: 'beta.kubernetes.io/arch', where: 'workload labels', value: 'arm64' });
  });
  it('a contradiction gets no fix; a wider constraint is narrowed before its affinity', () => {
    assert.deepEqual(findingsOf(labelled('kubernetes.io/arch: arm64', '      nodeSelector:\n        kubernetes.io/arch: amd64\n'), 'AL105')[0].fixes, []);
    const [f] = findingsOf(wider, 'AL105');
    assert.ok(applyEdits(wider, f.fixes![0].edits).includes('    spec:\n      nodeSelector:\n        kubernetes.io/arch: arm64\n      affinity:'));
  });
});
