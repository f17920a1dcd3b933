/**
 * YAML aliases and merge keys in pod constraints: read through (a `nodeSelector: *sel` constrains
 * the pod like the anchored map), never edited by a fix (the edit would change every place that
 * shares the anchored node: no fix rather than a wrong one).
 */
import * as assert from 'node:assert/strict';
import { extractModel } from '../../../server/src/kubernetes/extract';
import { blankUnreadSections } from '../../../server/src/kubernetes/prune';
import { setPruning } from '../../../server/src/kubernetes/parse-cache';
import { findingsOf, lint, rangeOf } from '../../helpers/lint';
import { indexOf, lookups } from './lookups';

/** A List of two Pods: the first defines `constraint`, the second writes `use`. */
const list = (constraint: string, use: string, image1 = 'amd64/nginx:1', image2 = 'amd64/nginx:1') => `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: one
  spec:
${constraint}    containers:
    - name: app
      image: ${image1}
      env:
      - name: A
        value: "1"
- apiVersion: v1
  kind: Pod
  metadata:
    name: two
  spec:
${use}    containers:
    - name: app
      image: ${image2}
`;
const SEL = '    nodeSelector: &sel\n      kubernetes.io/arch: amd64\n';
const AFF = `    affinity: &aff
      nodeAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchExpressions:
            - {key: kubernetes.io/arch, operator: In, values: [amd64]}
`;

describe('kubernetes: aliases and merge keys in constraints', () => {
  it('reads a nodeSelector, an affinity and a merge key through their aliases (the pod is constrained)', () => {
    for (const [constraint, use] of [
      [SEL, '    nodeSelector: *sel\n'],
      [SEL, '    nodeSelector:\n      <<: *sel\n      disk: ssd\n'],
      [SEL, '    nodeSelector: {<<: [*sel], disk: ssd}\n'],
      [AFF, '    affinity: *aff\n'],
      [AFF, '    affinity:\n      <<: *aff\n'],
      [AFF.replace('nodeAffinity:', 'nodeAffinity: &na'), '    affinity:\n      nodeAffinity: *na\n'],
    ]) {
      const text = list(constraint, use);
      assert.deepEqual(lint(text).findings.map((f) => `${f.rule} ${rangeOf(f)}`), [], text);
    }
    const { model } = extractModel(list(SEL, '    nodeSelector:\n      <<: *sel\n      disk: ssd\n'));
    const two = model.workloads[1].podTemplates[0].constraints;
    assert.deepEqual(two.nodeSelector.map((e) => [e.key.text, e.value?.text, e.value?.shared]), [['kubernetes.io/arch', 'amd64', true]]);
  });

  it('the map\'s own keys win over merged ones', () => {
    const text = list(SEL, '    nodeSelector:\n      <<: *sel\n      kubernetes.io/arch: arm64\n', 'amd64/nginx:1', 'arm64v8/nginx:1');
    assert.deepEqual(lint(text).findings, []);
    const { model } = extractModel(text);
    assert.deepEqual(model.workloads[1].podTemplates[0].constraints.nodeSelector.map((e) => e.value?.text), ['arm64']);
  });

  it('no AL202 for an amd64-only image on a pod constrained through an alias', () => {
    const opts = { lookups: lookups({ 'docker.io/library/amdonly:1': indexOf('docker.io/library/amdonly:1', ['linux/amd64']) }) };
    assert.deepEqual(findingsOf(list(SEL, '    nodeSelector: *sel\n', 'amdonly:1', 'amdonly:1'), 'AL202', opts), []);
    assert.deepEqual(findingsOf(list(SEL, '    nodeSelector:\n      <<: *sel\n', 'amdonly:1', 'amdonly:1'), 'AL202', opts), []);
    // The unaliased form still fires (the test above is not vacuous).
    assert.equal(findingsOf(list('', '', 'amdonly:1', 'amdonly:1'), 'AL202', opts).length, 2);
  });

  it('offers no fix that would edit a shared node: the alias, the merged map, or the anchored node itself', () => {
    // Pod two runs an arm64 image on the shared amd64 selector: AL106 with no fix (editing &sel would move pod one).
    for (const use of ['    nodeSelector: *sel\n', '    nodeSelector:\n      <<: *sel\n', '    nodeSelector: {<<: *sel}\n', '    affinity: *aff\n']) {
      const constraint = use.includes('aff') ? AFF : SEL;
      const text = list(constraint, use, 'amd64/nginx:1', 'arm64v8/nginx:1');
      const found = lint(text).findings;
      assert.deepEqual(found.map((f) => f.rule), ['AL106'], text);
      const line = text.split('\n').findIndex((l) => l.includes('arm64v8/'));
      assert.equal(rangeOf(found[0]), `${line}:13-${line}:28`);
      assert.deepEqual(found[0].fixes, [], text);
    }
    // Pod one owns the anchor, pod two aliases it: pod one's selector is not edited either.
    const owner = lint(list(SEL, '    nodeSelector: *sel\n', 'arm64v8/nginx:1', 'amd64/nginx:1')).findings;
    assert.deepEqual(owner.map((f) => [f.rule, f.fixes]), [['AL106', []]]);
  });

  it('an anchor no alias refers to is an ordinary node: its fixes stay', () => {
    const text = list(SEL, '', 'arm64v8/nginx:1', 'nginx:1');
    const [f] = findingsOf(text, 'AL106');
    assert.equal(f.fixes?.length, 1);
    assert.equal(f.fixes[0].title, 'Run on arm64 nodes only (nodeSelector kubernetes.io/arch: arm64)');
  });

  it('a shared arch value or beta key is reported (AL101, AL102) once, at the anchor, without a fix', () => {
    const text = list('    nodeSelector: &sel\n      beta.kubernetes.io/arch: x86_64\n', '    nodeSelector: *sel\n', 'nginx:1', 'nginx:1');
    const found = lint(text).findings;
    // Both pods read the anchored map: the same finding at the same place is reported once.
    assert.deepEqual(found.map((f) => `${f.rule} ${rangeOf(f)}`), ['AL102 9:6-9:29', 'AL101 9:31-9:37']);
    for (const f of found) assert.deepEqual(f.fixes, [], `${f.rule} has a fix on a shared node`);
  });

  it('pruning leaves a document with anchors whole, so an aliased constraint is read the same with and without it', () => {
    const text = list(SEL.replace('nodeSelector: &sel', 'nodeSelector:  &sel'), '    nodeSelector: *sel\n');
    assert.equal(blankUnreadSections(text), text);
    const read = () => extractModel(text).model.workloads.map((w) => w.podTemplates[0].constraints.nodeSelector.map((e) => e.value?.text));
    const pruned = read();
    try {
      setPruning(false);
      assert.deepEqual(read(), pruned);
    } finally {
      setPruning(true);
    }
    assert.deepEqual(pruned, [['amd64'], ['amd64']]);
  });

  it('survives a merge-key bomb (each anchored map converted once)', function () {
    this.timeout(5000);
    let bomb = 'x0: &a0 {kubernetes.io/arch: amd64}\n';
    for (let i = 1; i < 30; i++) bomb += `x${i}: &a${i} {<<: [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}], k${i}: v}\n`;
    const text = `kind: Pod\n${bomb}spec:\n  nodeSelector: {<<: *a29}\n  containers:\n  - image: amd64/nginx:1\n`;
    const start = Date.now();
    assert.deepEqual(lint(text).findings, []);
    assert.ok(Date.now() - start < 2000);
  });
});
