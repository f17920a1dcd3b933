import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { extractModel } from '../../../server/src/kubernetes/extract';
import { computeAllowed } from '../../../server/src/kubernetes/allowed';
import { nodeSelectorArchEdits, requiredAffinityEdits, constrainEdits, type OffsetEdit } from '../../../server/src/kubernetes/fix-constraint';
import { DEFAULT_TARGETS } from '../../../server/src/core/config';

function apply(text: string, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Applies a builder to every pod template of the text, checks the result parses and allows exactly `expect`. */
function fix(text: string, build: (t: string, pod: ReturnType<typeof pods>[number]) => OffsetEdit[] | undefined, expect: string[]): string {
  const edits = pods(text).flatMap((pod) => {
    const e = build(text, pod);
    assert.ok(e, 'the builder offered no edit');
    return e;
  });
  const fixed = apply(text, edits);
  const docs = parseAllDocuments(fixed);
  assert.ok(Array.isArray(docs), `does not parse:\n${fixed}`);
  for (const doc of docs) {
    assert.deepEqual(doc.errors, [], `does not parse:\n${fixed}`);
  }
  for (const pod of pods(fixed)) assert.deepEqual([...computeAllowed(pod.constraints, DEFAULT_TARGETS).allowed].sort(), expect, fixed);
  return fixed;
}

function pods(text: string) {
  return extractModel(text).model.workloads.flatMap((w) => w.podTemplates);
}

const one = (arch: string) => (t: string, pod: ReturnType<typeof pods>[number]) => nodeSelectorArchEdits(t, pod, arch);
const several = (archs: string[]) => (t: string, pod: ReturnType<typeof pods>[number]) => requiredAffinityEdits(t, pod, archs);

describe('constraint fix builder', () => {
  it('adds a nodeSelector above the pod spec\'s first key and the comment block over it', () => {
    const text = 'kind: Deployment\nspec:\n  template:\n    spec:\n      # main app\n      containers:\n      - image: x\n';
    assert.equal(fix(text, one('arm64'), ['arm64']),
      'kind: Deployment\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: arm64\n      # main app\n      containers:\n      - image: x\n');
  });

  it('adds one line into an existing block nodeSelector with comments inside', () => {
    const text = 'kind: Pod\nspec:\n  nodeSelector:\n    # ssd nodes only\n    disktype: ssd  # keep\n  containers:\n  - image: x\n';
    assert.equal(fix(text, one('amd64'), ['amd64']),
      'kind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/arch: amd64\n    # ssd nodes only\n    disktype: ssd  # keep\n  containers:\n  - image: x\n');
  });

  it('turns `nodeSelector: {}` into a block map and extends a non-empty flow map in place', () => {
    assert.equal(fix('kind: Pod\nspec:\n  nodeSelector: {}\n  containers:\n  - image: x\n', one('arm64'), ['arm64']),
      'kind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/arch: arm64\n  containers:\n  - image: x\n');
    assert.equal(fix('kind: Pod\nspec:\n  nodeSelector: {disktype: ssd}\n  containers:\n  - image: x\n', one('arm64'), ['arm64']),
      'kind: Pod\nspec:\n  nodeSelector: {kubernetes.io/arch: arm64, disktype: ssd}\n  containers:\n  - image: x\n');
    assert.equal(fix('kind: Pod\nspec:\n  nodeSelector:\n  containers:\n  - image: x\n', one('arm64'), ['arm64']),
      'kind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/arch: arm64\n  containers:\n  - image: x\n');
  });

  it('replaces the value of an existing arch key, keeping its quotes', () => {
    assert.equal(fix('kind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/arch: "amd64"\n  containers:\n  - image: x\n', one('arm64'), ['arm64']),
      'kind: Pod\nspec:\n  nodeSelector:\n    kubernetes.io/arch: "arm64"\n  containers:\n  - image: x\n');
  });

  it('keeps CRLF line endings', () => {
    const text = 'kind: Pod\r\nspec:\r\n  nodeSelector: {}\r\n  containers:\r\n  - image: x\r\n';
    assert.equal(fix(text, one('arm64'), ['arm64']), 'kind: Pod\r\nspec:\r\n  nodeSelector:\r\n    kubernetes.io/arch: arm64\r\n  containers:\r\n  - image: x\r\n');
    assert.equal(fix(text.replace('  nodeSelector: {}\r\n', ''), several(['amd64', 'arm64']), ['amd64', 'arm64']),
      'kind: Pod\r\nspec:\r\n  affinity:\r\n    nodeAffinity:\r\n      requiredDuringSchedulingIgnoredDuringExecution:\r\n        nodeSelectorTerms:\r\n        - matchExpressions:\r\n          - key: kubernetes.io/arch\r\n            operator: In\r\n            values:\r\n            - amd64\r\n            - arm64\r\n  containers:\r\n  - image: x\r\n');
  });

  it('inserts a whole affinity block with 4-space indentation and indented sequences', () => {
    const text = 'kind: Deployment\nspec:\n    template:\n        spec:\n            containers:\n                - image: x\n';
    assert.equal(fix(text, several(['amd64', 'arm64']), ['amd64', 'arm64']),
      'kind: Deployment\nspec:\n    template:\n        spec:\n            affinity:\n                nodeAffinity:\n                    requiredDuringSchedulingIgnoredDuringExecution:\n                        nodeSelectorTerms:\n                            - matchExpressions:\n                                  - key: kubernetes.io/arch\n                                    operator: In\n                                    values:\n                                        - amd64\n                                        - arm64\n            containers:\n                - image: x\n');
  });

  it('keeps podAffinity/podAntiAffinity and adds nodeAffinity beside them', () => {
    const text = 'kind: Pod\nspec:\n  affinity:\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - topologyKey: kubernetes.io/hostname\n  containers:\n  - image: x\n';
    assert.equal(fix(text, several(['amd64', 'arm64']), ['amd64', 'arm64']),
      'kind: Pod\nspec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: kubernetes.io/arch\n            operator: In\n            values:\n            - amd64\n            - arm64\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - topologyKey: kubernetes.io/hostname\n  containers:\n  - image: x\n');
  });

  it('adds the expression to every existing term (block, flow, matchFields-only); never a new term, never into an empty term', () => {
    const text = `kind: Pod
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: zone
                operator: In
                values: [a]
          - matchExpressions: [{key: disk, operator: Exists}]
          - matchFields:
              - {key: metadata.name, operator: In, values: [n1]}
          - {}
  containers:
    - image: x
`;
    const fixed = fix(text, several(['amd64', 'arm64']), ['amd64', 'arm64']);
    assert.equal(fixed, `kind: Pod
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: kubernetes.io/arch
                operator: In
                values:
                  - amd64
                  - arm64
              - key: zone
                operator: In
                values: [a]
          - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}, {key: disk, operator: Exists}]
          - matchExpressions:
              - key: kubernetes.io/arch
                operator: In
                values:
                  - amd64
                  - arm64
            matchFields:
              - {key: metadata.name, operator: In, values: [n1]}
          - {}
  containers:
    - image: x
`);
  });

  it('keeps a comment with the expression it describes when adding the arch expression to a term', () => {
    const text = 'kind: Pod\nspec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:  # zone pinning\n          # only zone a\n          - key: zone\n            operator: In\n            values: ["a"]\n  containers:\n  - image: x\n';
    assert.equal(fix(text, several(['amd64', 'arm64']), ['amd64', 'arm64']),
      'kind: Pod\nspec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:  # zone pinning\n          - key: kubernetes.io/arch\n            operator: In\n            values:\n            - amd64\n            - arm64\n          # only zone a\n          - key: zone\n            operator: In\n            values: ["a"]\n  containers:\n  - image: x\n');
  });

  it('reaches a CronJob\'s nested template and every item of a kind: List', () => {
    const cron = 'kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - image: x\n';
    assert.equal(fix(cron, one('arm64'), ['arm64']),
      'kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          nodeSelector:\n            kubernetes.io/arch: arm64\n          restartPolicy: Never\n          containers:\n          - image: x\n');
    const list = 'kind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n    - image: x\n- kind: Deployment\n  spec:\n    template:\n      spec:\n        containers:\n        - image: y\n';
    assert.equal(fix(list, several(['amd64', 'arm64']), ['amd64', 'arm64']),
      'kind: List\nitems:\n- kind: Pod\n  spec:\n    affinity:\n      nodeAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution:\n          nodeSelectorTerms:\n          - matchExpressions:\n            - key: kubernetes.io/arch\n              operator: In\n              values:\n              - amd64\n              - arm64\n    containers:\n    - image: x\n- kind: Deployment\n  spec:\n    template:\n      spec:\n        affinity:\n          nodeAffinity:\n            requiredDuringSchedulingIgnoredDuringExecution:\n              nodeSelectorTerms:\n              - matchExpressions:\n                - key: kubernetes.io/arch\n                  operator: In\n                  values:\n                  - amd64\n                  - arm64\n        containers:\n        - image: y\n');
  });

  it('adds nodeAffinity / required / terms into partially present blocks', () => {
    const preferredOnly = 'kind: Pod\nspec:\n  affinity:\n    nodeAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 1\n        preference:\n          matchExpressions:\n          - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n  containers:\n  - image: x\n';
    assert.equal(fix(preferredOnly, several(['amd64', 'arm64']), ['amd64', 'arm64']),
      'kind: Pod\nspec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - key: kubernetes.io/arch\n            operator: In\n            values:\n            - amd64\n            - arm64\n      preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 1\n        preference:\n          matchExpressions:\n          - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n  containers:\n  - image: x\n');
  });

  it('narrows: one arch via nodeSelector (ANDed with affinity), several via an expression on every term', () => {
    const text = `kind: Pod\nspec:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - {key: kubernetes.io/arch, operator: NotIn, values: [s390x]}\n  containers:\n  - image: x\n`;
    const targets = [...DEFAULT_TARGETS, { os: 'linux', architecture: 's390x' }];
    const pod = pods(text)[0];
    const allowed = computeAllowed(pod.constraints, targets);
    const narrowed = apply(text, constrainEdits(text, pod, ['arm64'], allowed)!);
    assert.deepEqual([...computeAllowed(pods(narrowed)[0].constraints, targets).allowed], ['arm64']);
    assert.ok(narrowed.includes('  nodeSelector:\n    kubernetes.io/arch: arm64\n'));
  });

  it('offers nothing for shapes it cannot edit safely (an alias, flow-style affinity terms)', () => {
    const alias = 'kind: Pod\nx: &ns {a: b}\nspec:\n  nodeSelector: *ns\n  containers:\n  - image: x\n';
    assert.equal(nodeSelectorArchEdits(alias, pods(alias)[0], 'amd64'), undefined);
  });
});
