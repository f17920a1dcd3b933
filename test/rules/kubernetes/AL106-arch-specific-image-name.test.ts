/** AL106 arch-specific-image-name: the image name says one architecture and the pod is not constrained to it. */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core/text';
import { applyFixAndRelint, findingsOf, lint } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';
import { pod } from './fixtures';

const pinnedElsewhere = pod('  nodeSelector:\n    kubernetes.io/arch: arm64\n', '"registry.example.com/team/app-amd64:2"');
const named = (image: string, place: string, arch: string, token: string) => ({ container: 'container "app"', image, place, arch, token });

ruleTester('AL106').run({
  valid: [
    { name: 'constrained to the arch the name says', text: pod('  nodeSelector: {kubernetes.io/arch: arm64}\n', 'app:1.2-arm64') },
    { name: 'no arch token in the name', text: pod('', 'amd64only/app:1') },
    // kubernetes/dashboard hack/test-resources: a local build loaded into kind under a legacy name.
    { name: 'a never-pulled image (imagePullPolicy: Never): the node has whatever was loaded', text: `${pod('', 'kubernetes/kubernetes-dashboard-amd64:head')}    imagePullPolicy: Never\n` },
  ],
  invalid: [
    {
      name: 'an arch namespace on an unconstrained pod, fixed with a nodeSelector',
      text: pod('', 'arm64v8/nginx:1.27'),
      errors: [{ range: '7:11-7:29', messageId: 'mayRunElsewhere', data: { ...named('arm64v8/nginx:1.27', 'namespace', 'arm64', 'arm64v8'), constrained: false, others: 'amd64' }, severity: 'warning' }],
      output: pod('  nodeSelector:\n    kubernetes.io/arch: arm64\n', 'arm64v8/nginx:1.27'),
    },
    {
      name: 'an image pulled when missing (imagePullPolicy: IfNotPresent) still fires',
      text: `${pod('', 'kubernetes/kubernetes-dashboard-amd64:head')}    imagePullPolicy: IfNotPresent\n`,
      errors: [{ range: '7:11-7:53', messageId: 'mayRunElsewhere', data: { ...named('kubernetes/kubernetes-dashboard-amd64:head', 'name', 'amd64', 'amd64'), constrained: false, others: 'arm64' } }],
    },
    {
      name: 'pinned to another arch',
      text: pinnedElsewhere,
      errors: [{ range: '9:12-9:49', messageId: 'constrainedElsewhere', data: { ...named('registry.example.com/team/app-amd64:2', 'name', 'amd64', 'amd64'), allowed: 'arm64' } }],
    },
    {
      name: 'a tag token',
      text: pod('', 'app:1.2-arm64'),
      errors: [{ range: '7:11-7:24', messageId: 'mayRunElsewhere', data: { ...named('app:1.2-arm64', 'tag', 'arm64', 'arm64'), constrained: false, others: 'amd64' } }],
    },
  ],
});

describe('AL106 arch-specific-image-name: Windows pods', () => {
  // kubernetes-csi/csi-driver-smb deploy/v0.x: a Windows DaemonSet of `…-windows-1809-amd64` images.
  // Kubernetes runs Windows nodes on amd64 only, so with the default (Linux) targets nothing can
  // pull them on arm64.
  const windowsPod = (image: string) => pod('  nodeSelector:\n    kubernetes.io/os: windows\n', image);
  it('an amd64-named image in a Windows pod is silent: Windows nodes are amd64', () => {
    assert.deepEqual(findingsOf(windowsPod('mcr.microsoft.com/oss/kubernetes-csi/livenessprobe:v2.0.1-alpha.1-windows-1809-amd64'), 'AL106'), []);
    assert.deepEqual(findingsOf(pod(`  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - {key: kubernetes.io/os, operator: In, values: [windows]}\n`, 'app:1-windows-amd64'), 'AL106'), []);
  });
  it('still fires on the same image in a Linux pod, and on Windows when the targets name Windows on arm64', () => {
    assert.equal(findingsOf(pod('', 'mcr.microsoft.com/oss/kubernetes-csi/livenessprobe:v2.0.1-alpha.1-windows-1809-amd64'), 'AL106').length, 1);
    const targets = [{ os: 'windows', architecture: 'amd64' }, { os: 'windows', architecture: 'arm64' }];
    const [f] = findingsOf(windowsPod('app:1-windows-amd64'), 'AL106', { config: { targets } });
    assert.equal(f?.messageId, 'mayRunElsewhere');
  });
});

describe('AL106 arch-specific-image-name: anchors and fixes', () => {
  it('is silenced above the kind:, the document or the image', () => {
    assert.deepEqual(findingsOf(pod('', 'arm64v8/nginx:1.27'), 'AL106')[0].suppressionAnchors, [1, 0, 7]);
  });
  it('moving a pod pinned elsewhere is offered, not preferred (the image may be the mistake)', () => {
    const [f] = findingsOf(pinnedElsewhere, 'AL106');
    assert.equal(f.fixes?.[0].preferred, false);
    assert.ok(applyEdits(pinnedElsewhere, f.fixes[0].edits).includes('kubernetes.io/arch: amd64'));
  });
  it('a DaemonSet pinned to another arch gets no fix: moving the pin changes which nodes it covers (README example)', () => {
    const daemonSet = (selector: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter}
spec:
  template:
    spec:
      nodeSelector:
        ${selector}
      containers:
        - name: exporter
          image: registry.example.com/monitoring/node-exporter:1.8.2-amd64
`;
    const [f, ...rest] = findingsOf(daemonSet('beta.kubernetes.io/arch: arm64'), 'AL106');
    assert.equal(rest.length, 0);
    assert.equal(f.messageId, 'constrainedElsewhere');
    assert.deepEqual(f.fixes ?? [], []);
    // Unconstrained, the same DaemonSet is narrowed to the image's arch as usual.
    const unpinned = daemonSet('disktype: ssd');
    const [g] = findingsOf(unpinned, 'AL106');
    assert.equal(g.fixes?.[0].preferred, true);
    assert.ok(applyFixAndRelint(unpinned, g, g.fixes?.[0]).includes('kubernetes.io/arch: amd64'));
  });
  it('moving a pin written with the deprecated beta label renames it to kubernetes.io/arch (never leaves what AL102 fixes)', () => {
    const text = pod('  nodeSelector:\n    beta.kubernetes.io/arch: arm64\n', 'registry.example.com/team/app-amd64:2');
    const [f] = findingsOf(text, 'AL106');
    assert.equal(f.fixes?.[0].preferred, false);
    // The AL102 of the beta label goes with it (applyFixAndRelint would call that a changed finding).
    assert.equal(findingsOf(text, 'AL102').length, 1);
    const out = applyEdits(text, f.fixes[0].edits);
    assert.ok(out.includes('  nodeSelector:\n    kubernetes.io/arch: amd64\n'), out);
    assert.deepEqual(lint(out).problems, []);
    assert.deepEqual(findingsOf(out, 'AL106'), []);
    assert.deepEqual(findingsOf(out, 'AL102'), []);
    // Both keys present: only the values change (a rename would duplicate the GA key).
    const both = pod('  nodeSelector:\n    beta.kubernetes.io/arch: arm64\n    kubernetes.io/arch: arm64\n', 'registry.example.com/team/app-amd64:2');
    const [h] = findingsOf(both, 'AL106');
    const out2 = applyFixAndRelint(both, h, h.fixes?.[0]);
    assert.ok(out2.includes('    beta.kubernetes.io/arch: amd64\n    kubernetes.io/arch: amd64\n'), out2);
  });
});

describe('AL106 arch-specific-image-name: kubeadm static pods', () => {
  // bridgecrewio/checkov tests/kubernetes/checks/example_ApiServer*/: kubeadm's static pod manifests
  // (kind Pod in kube-system, `tier: control-plane`). The kubelet of the node whose manifest folder
  // holds one runs it there, unscheduled, and kubeadm wrote the `-amd64` image for that node.
  const staticPod = (namespace: string, tier: string, kind = 'Pod') => `apiVersion: v1
kind: ${kind}
metadata:
  labels:
    component: kube-apiserver
    tier: ${tier}
  name: kube-apiserver
  namespace: ${namespace}
spec:
  hostNetwork: true
  containers:
  - name: kube-apiserver
    image: gcr.io/google_containers/kube-apiserver-amd64:v1.6.0
`;
  it('is silent on a control-plane static pod: no scheduler places it', () => {
    assert.deepEqual(findingsOf(staticPod('kube-system', 'control-plane'), 'AL106'), []);
  });
  it('still fires on a pod of another tier or namespace (the scheduler places it)', () => {
    assert.equal(findingsOf(staticPod('kube-system', 'frontend'), 'AL106').length, 1);
    assert.equal(findingsOf(staticPod('default', 'control-plane'), 'AL106').length, 1);
  });
});

describe('AL106 on a Windows HostProcess pod with no OS selector (microsoft/Windows-Containers helpful_tools/NetworkPolicy/yaml/hostsysprocess.yaml)', () => {
  // HostProcess containers run only on Windows nodes, and Windows nodes are amd64: the
  // `pause:3.9-windows-ltsc2022-amd64` image is the right one wherever the pod can run.
  const hostProcess = (image: string, value = 'true') => pod(`  securityContext:\n    windowsOptions:\n      hostProcess: ${value}\n      runAsUserName: "NT AUTHORITY\\\\SYSTEM"\n  hostNetwork: true\n  nodeSelector:\n    vm: "0"\n`, image);
  it('is silent on an amd64-named image', () => {
    assert.deepEqual(findingsOf(hostProcess('mcr.microsoft.com/oss/kubernetes/pause:3.9-windows-ltsc2022-amd64'), 'AL106'), []);
  });
  it('still fires on an arm64-named image, and when hostProcess is false', () => {
    assert.equal(findingsOf(hostProcess('example.com/tool:1-arm64'), 'AL106').length, 1);
    assert.equal(findingsOf(hostProcess('mcr.microsoft.com/oss/kubernetes/pause:3.9-windows-ltsc2022-amd64', 'false'), 'AL106').length, 1);
  });
});
