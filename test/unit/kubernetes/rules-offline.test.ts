import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { chooseFixes } from '../../../server/src/cli/fix';
import { applyEdits } from '../../../server/src/core/text';

const pod = (specBody: string, image = 'nginx:1.27') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${specBody}  containers:
  - name: app
    image: ${image}
`;

describe('AL101 unknown-arch-value', () => {
  it('fires on x86_64 in nodeSelector, with a fix to amd64', () => {
    const text = pod('  nodeSelector:\n    kubernetes.io/arch: x86_64\n');
    const [f, ...rest] = findingsOf(text, 'AL101');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(rangeOf(f), '6:24-6:30');
    assert.equal(f.message, '"x86_64" in nodeSelector is not a kubernetes.io/arch value: nodes are labelled with Go architecture names, so it matches no node. The label value for this architecture is "amd64".');
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0]);
    assert.ok(fixed.includes('kubernetes.io/arch: amd64\n'));
  });
  it('fires on aarch64 in required and preferred affinity and in a toleration, keeping quotes', () => {
    const text = pod(`  affinity:
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
    const found = findingsOf(text, 'AL101');
    assert.deepEqual(found.map((f) => [rangeOf(f), f.fixes?.[0]?.title]), [
      ['10:62-10:69', 'Replace "aarch64" with "arm64"'],
      ['15:61-15:66', 'Replace "AMD64" with "amd64"'],
      ['17:54-17:65', 'Replace "linux/arm64" with "arm64"'],
    ]);
    assert.match(found[2].message, /in a toleration .* so it tolerates no real taint/);
    const fixed = applyFixAndRelint(text, found[0], found[0].fixes?.[0]);
    assert.ok(fixed.includes('values: ["arm64", amd64]'));
  });
  it('fires without a fix on a value that maps to nothing', () => {
    const [f] = findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: banana\n'), 'AL101');
    assert.equal(f.message, '"banana" in nodeSelector is not an architecture: nodes carry Go architecture names in kubernetes.io/arch (amd64, arm64, arm, 386, ppc64le, s390x, …), so it matches no node.');
    assert.deepEqual(f.fixes, undefined);
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
    assert.deepEqual(lint(text).findings.map((f) => `${f.rule} ${rangeOf(f)}`), ['AL101 6:24-6:30']);
  });
  it('does not fire on canonical values or other keys', () => {
    assert.deepEqual(findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: "386"\n    disktype: x86_64\n'), 'AL101'), []);
  });
});

describe('AL102 deprecated-arch-label', () => {
  it('fires on beta keys with a rename fix', () => {
    const text = pod('  nodeSelector:\n    beta.kubernetes.io/os: linux\n');
    const [f] = findingsOf(text, 'AL102');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '6:4-6:25');
    assert.equal(f.message, 'beta.kubernetes.io/os in nodeSelector is deprecated since Kubernetes 1.14 and nodes are not guaranteed to carry it; use kubernetes.io/os.');
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0]).includes('    kubernetes.io/os: linux\n'));
  });
  it('offers no rename when the GA key is already there', () => {
    const [f] = findingsOf(pod('  nodeSelector:\n    beta.kubernetes.io/arch: amd64\n    kubernetes.io/arch: amd64\n'), 'AL102');
    assert.deepEqual(f.fixes, []);
    assert.match(f.message, /remove the beta key/);
  });
  it('fires in affinity expressions too, and not on GA keys', () => {
    const text = pod('  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions:\n          - {key: beta.kubernetes.io/arch, operator: In, values: [amd64]}\n');
    const [f] = findingsOf(text, 'AL102');
    assert.equal(rangeOf(f), '10:18-10:41');
    applyFixAndRelint(text, f, f.fixes?.[0]);
    assert.deepEqual(findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n'), 'AL102'), []);
  });
});

describe('AL103 partial-arch-terms', () => {
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
  it('fires when only some terms constrain arch, and the fix adds the expression to the others', () => {
    const [f] = findingsOf(partial, 'AL103');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '8:8-8:25');
    assert.equal(f.message, 'nodeSelectorTerms are ORed: term 1 constrains kubernetes.io/arch to arm64 but term 2 does not, so the pod can still be scheduled on any architecture (including amd64).');
    assert.equal(f.related?.[0].message, 'term 2 has no kubernetes.io/arch expression');
    const fixed = applyFixAndRelint(partial, f, f.fixes?.[0]);
    assert.ok(fixed.includes('        - matchExpressions:\n          - key: kubernetes.io/arch\n            operator: In\n            values:\n            - arm64\n          - key: kubernetes.io/hostname\n'), fixed);
  });
  it('does not fire when the arch terms allow every target anyway (the arch-free term widens nothing)', () => {
    assert.deepEqual(findingsOf(partial.replace('values: [arm64]', 'values: [amd64, arm64]'), 'AL103'), []);
    assert.deepEqual(findingsOf(partial.replace('operator: In\n            values: [arm64]', 'operator: Exists'), 'AL103'), []);
    assert.equal(findingsOf(partial.replace('values: [arm64]', 'values: [amd64, arm64]'), 'AL103', { config: { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 's390x' }] } }).length, 1);
  });
  it('does not fire when a nodeSelector arch key decides, or when every term constrains', () => {
    assert.deepEqual(findingsOf(partial.replace('spec:\n  affinity', 'spec:\n  nodeSelector: {kubernetes.io/arch: arm64}\n  affinity'), 'AL103'), []);
    assert.deepEqual(findingsOf(partial.replace('kubernetes.io/hostname', 'kubernetes.io/arch').replace('Exists', 'In\n            values: [amd64]'), 'AL103'), []);
  });
});

describe('AL104 unsatisfiable-arch-constraint', () => {
  it('fires when nodeSelector and affinity disagree, pointing at both', () => {
    const text = pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n        - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [arm64]}]\n');
    const [f, ...rest] = findingsOf(text, 'AL104');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(rangeOf(f), '6:24-6:29');
    assert.equal(f.message, 'nodeSelector requires kubernetes.io/arch=amd64 but the required node affinity allows only arm64: no node matches, so the pod stays Pending (FailedScheduling).');
    assert.equal(rangeOf(f.related![0]), '10:8-10:25');
  });
  it('fires on In + NotIn cancelling, an empty term, DoesNotExist', () => {
    const terms = (t: string) => pod(`  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n${t}`);
    const [cancel] = findingsOf(terms('        - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}, {key: kubernetes.io/arch, operator: NotIn, values: [amd64]}]\n'), 'AL104');
    assert.equal(cancel.message, "The required node affinity allows no architecture: term 1's In and NotIn cancel out. No node matches, so the pod stays Pending (FailedScheduling).");
    const [empty] = findingsOf(terms('        - {}\n'), 'AL104');
    assert.equal(empty.message, 'The required node affinity allows no architecture: term 1 has no expressions and matches no node. No node matches, so the pod stays Pending (FailedScheduling).');
    const [none] = findingsOf(terms('        - matchExpressions: [{key: kubernetes.io/arch, operator: DoesNotExist}]\n'), 'AL104');
    assert.match(none.message, /term 1 requires that nodes have no arch label/);
    assert.equal(rangeOf(none), '8:8-8:25');
  });
  it('fires on a duplicated nodeSelector key with different values', () => {
    const [f] = findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n    kubernetes.io/arch: arm64\n'), 'AL104');
    assert.equal(rangeOf(f), '7:4-7:22');
    assert.equal(f.message, 'kubernetes.io/arch is set twice in nodeSelector ("amd64" and "arm64"): a node has one architecture: no node matches, so the pod stays Pending (FailedScheduling); and YAML readers keep only one of the two. To allow several architectures, use required node affinity with operator In.');
    assert.equal(rangeOf(f.related![0]), '6:4-6:22');
  });
  it('fires when the GA and the beta key ask for different archs', () => {
    const [f] = findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: amd64\n    beta.kubernetes.io/arch: arm64\n'), 'AL104');
    assert.equal(rangeOf(f), '7:29-7:34');
    assert.equal(f.message, 'nodeSelector requires both kubernetes.io/arch=amd64 and beta.kubernetes.io/arch=arm64: a node has one architecture: no node matches, so the pod stays Pending (FailedScheduling).');
  });
  it('fires on an arch none of the targets has; not on satisfiable constraints', () => {
    const [f] = findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: s390x\n'), 'AL104');
    assert.equal(f.message, 'nodeSelector requires kubernetes.io/arch=s390x, which none of the target platforms (linux/amd64, linux/arm64) has: no node matches, so the pod stays Pending (FailedScheduling).');
    assert.deepEqual(findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: s390x\n'), 'AL104', { config: { targets: [{ os: 'linux', architecture: 's390x' }] } }), []);
    assert.deepEqual(findingsOf(pod('  nodeSelector:\n    kubernetes.io/arch: arm64\n'), 'AL104'), []);
  });
});

describe('AL105 arch-label-misplaced', () => {
  it('fires on kubernetes.io/arch as a pod template label and fixes with a nodeSelector', () => {
    const text = `apiVersion: apps/v1
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
    const [f] = findingsOf(text, 'AL105');
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '11:8-11:26');
    assert.equal(f.message, 'kubernetes.io/arch in the pod template labels selects no node: labels and annotations describe the object itself, and the scheduler reads only nodeSelector and node affinity. To run on arm64 nodes, put it in nodeSelector.');
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0]);
    assert.ok(fixed.includes('    spec:\n      nodeSelector:\n        kubernetes.io/arch: arm64\n      containers:\n'));
  });
  it('fires on arch only in tolerations; not when the pod is constrained', () => {
    const text = pod('  tolerations:\n  - key: kubernetes.io/arch\n    operator: Equal\n    value: arm64\n    effect: NoSchedule\n');
    const [f] = findingsOf(text, 'AL105');
    assert.equal(rangeOf(f), '6:9-6:27');
    assert.match(f.message, /^kubernetes\.io\/arch appears only in a toleration: a toleration lets the pod onto nodes tainted with it but does not keep it off other architectures/);
    applyFixAndRelint(text, f, f.fixes?.[0]);
    assert.deepEqual(findingsOf(text.replace('spec:\n', 'spec:\n  nodeSelector: {kubernetes.io/arch: arm64}\n'), 'AL105'), []);
  });
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
  it('fires once per pod on selector.matchLabels and the matching template label, listing the other place', () => {
    const text = `apiVersion: apps/v1
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
    const [f, ...rest] = findingsOf(text, 'AL105');
    assert.equal(rest.length, 0);
    assert.equal(rangeOf(f), '6:28-6:46');
    assert.match(f.message, /^kubernetes\.io\/arch in the selector\.matchLabels selects no node: .* To run on amd64 nodes, put it in nodeSelector\.$/);
    assert.deepEqual(f.related?.map((r) => [rangeOf(r), r.message]), [['9:25-9:43', 'also in the pod template labels']]);
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0]).includes('    spec:\n      nodeSelector:\n        kubernetes.io/arch: amd64\n      containers:'));
    const [labels] = findingsOf(text.replace('  name: web\n', '  name: web\n  labels:\n    beta.kubernetes.io/arch: arm64\n'), 'AL105');
    assert.match(labels.message, /^beta\.kubernetes\.io\/arch in the workload labels selects no node: .* To run on arm64 nodes, put it in nodeSelector\.$/);
  });
  it('stays silent when the label repeats what the constraint requires (per-arch Deployments label their pods)', () => {
    assert.deepEqual(findingsOf(labelled('kubernetes.io/arch: arm64', '      nodeSelector:\n        kubernetes.io/arch: arm64\n'), 'AL105'), []);
    assert.deepEqual(findingsOf(labelled('kubernetes.io/arch: aarch64', '      nodeSelector:\n        kubernetes.io/arch: arm64\n'), 'AL105'), []);
    assert.deepEqual(findingsOf(labelled('kubernetes.io/os: linux', '      nodeSelector:\n        kubernetes.io/os: linux\n'), 'AL105'), []);
  });
  it('fires without a fix when the label contradicts the constraint', () => {
    const text = labelled('kubernetes.io/arch: arm64', '      nodeSelector:\n        kubernetes.io/arch: amd64\n');
    const [f, ...rest] = findingsOf(text, 'AL105');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '9:8-9:26');
    assert.equal(f.message, 'kubernetes.io/arch in the pod template labels selects no node: labels and annotations describe the object itself, and the scheduler reads only nodeSelector and node affinity. It says arm64, but the pod\'s constraints allow amd64: correct the label or the constraint.');
    assert.deepEqual(f.fixes, []);
    const [os] = findingsOf(labelled('kubernetes.io/os: windows', '      nodeSelector:\n        kubernetes.io/os: linux\n'), 'AL105');
    assert.match(os.message, /It says windows, but the pod's constraints select linux nodes: correct the label or the constraint\.$/);
  });
  it('fires when the constraint allows the label\'s arch among others, and narrows with a nodeSelector', () => {
    const text = labelled('kubernetes.io/arch: arm64', '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}]\n');
    const [f] = findingsOf(text, 'AL105');
    assert.equal(rangeOf(f), '9:8-9:26');
    assert.match(f.message, /node affinity\. The pod's constraints allow amd64 and arm64, so it also runs on amd64 nodes\. To run on arm64 nodes only, add it to nodeSelector\.$/);
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0]);
    assert.ok(fixed.includes('    spec:\n      nodeSelector:\n        kubernetes.io/arch: arm64\n      affinity:'), fixed);
  });
  it('fires on kubernetes.io/os in workload annotations when nothing selects the OS', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubernetes.io/os: windows\nspec:\n  containers:\n  - image: x\n';
    const [f] = findingsOf(text, 'AL105');
    assert.equal(rangeOf(f), '4:4-4:20');
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0]).includes('spec:\n  nodeSelector:\n    kubernetes.io/os: windows\n'));
  });
});

describe('AL106 arch-specific-image-name', () => {
  it('fires on an arch namespace when the pod is unconstrained, fixed with a nodeSelector', () => {
    const text = pod('', 'arm64v8/nginx:1.27');
    const [f, ...rest] = findingsOf(text, 'AL106');
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '7:11-7:29');
    assert.equal(f.message, 'container "app" uses "arm64v8/nginx:1.27", whose namespace says it is built for arm64 only ("arm64v8"), but the pod can be scheduled on amd64 nodes: there it would be pulled and fail with "exec format error" (CrashLoopBackOff).');
    assert.deepEqual(f.suppressionAnchors, [1, 0, 7]);
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0]);
    assert.ok(fixed.includes('spec:\n  nodeSelector:\n    kubernetes.io/arch: arm64\n  containers:'));
  });
  it('fires when pinned to another arch; fix (not preferred: the image may be the mistake) replaces the pinned value', () => {
    const text = pod('  nodeSelector:\n    kubernetes.io/arch: arm64\n', '"registry.example.com/team/app-amd64:2"');
    const [f] = findingsOf(text, 'AL106');
    assert.equal(rangeOf(f), '9:12-9:49');
    assert.equal(f.message, 'container "app" uses "registry.example.com/team/app-amd64:2", whose name says it is built for amd64 only ("amd64"), but the pod is constrained to arm64: there it would be pulled and fail with "exec format error" (CrashLoopBackOff).');
    assert.equal(f.fixes?.[0].preferred, false);
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0]).includes('kubernetes.io/arch: amd64'));
  });
  it('fires on a tag token; not when constrained to that arch or when there is no token', () => {
    assert.equal(findingsOf(pod('', 'app:1.2-arm64'), 'AL106').length, 1);
    assert.deepEqual(findingsOf(pod('  nodeSelector: {kubernetes.io/arch: arm64}\n', 'app:1.2-arm64'), 'AL106'), []);
    assert.deepEqual(findingsOf(pod('', 'amd64only/app:1'), 'AL106'), []);
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
    const out = applyEdits(text, f.fixes![0].edits);
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

describe('Kubernetes suppression', () => {
  const text = pod('', 'amd64/nginx');
  it('`# archlens ignore=` above kind: or above the image silences the finding', () => {
    assert.equal(findingsOf(text, 'AL106').length, 1);
    assert.deepEqual(findingsOf(text.replace('kind: Pod', '# archlens ignore=AL106\nkind: Pod'), 'AL106'), []);
    assert.deepEqual(findingsOf(text.replace('    image:', '    # archlens ignore=arch-specific-image-name\n    image:'), 'AL106'), []);
    assert.equal(findingsOf(text.replace('kind: Pod', '# archlens ignore=AL101\nkind: Pod'), 'AL106').length, 1);
    assert.deepEqual(findingsOf(`---\n# archlens ignore=AL106\n${text}`, 'AL106'), [], 'a comment at the top of the document');
  });
  it('the archlens.dev/ignore annotation on the workload or its pod template silences the finding', () => {
    assert.deepEqual(findingsOf(text.replace('  name: p\n', '  name: p\n  annotations:\n    archlens.dev/ignore: "AL202, AL106"\n'), 'AL106'), []);
    const deploy = 'kind: Deployment\nspec:\n  template:\n    metadata:\n      annotations: {archlens.dev/ignore: arch-specific-image-name}\n    spec:\n      containers:\n      - image: amd64/nginx\n---\nkind: Pod\nspec:\n  containers:\n  - image: amd64/nginx\n';
    const found = lint(deploy).findings.filter((f) => f.rule === 'AL106');
    assert.deepEqual(found.map((f) => f.range.start.line), [12], 'only the un-annotated Pod in the second document reports');
  });
});

describe('Kubernetes constraint fixes applied together (--fix, fix-all)', () => {
  /** What `--fix` does: the preferred fixes that do not clash, applied, re-checked, until none is left. */
  function fixEverything(text: string): { text: string; passes: number } {
    let passes = 0;
    for (; passes < 10; passes++) {
      const chosen = chooseFixes(lint(text).findings, text);
      if (chosen.length === 0) break;
      text = applyEdits(text, chosen.flatMap((c) => c.fix.edits));
    }
    return { text, passes };
  }
  it('applies one constraint fix per pod template per pass, so two fixes never make the pod unschedulable', () => {
    // AL103 would add In [arm64] to term 2 while AL106 adds nodeSelector amd64: together, no node matches.
    const text = pod(`  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: kubernetes.io/arch, operator: In, values: [arm64]}
        - matchExpressions:
          - {key: zone, operator: In, values: [a]}
`, 'amd64/nginx:1');
    assert.deepEqual(lint(text).findings.map((f) => f.rule), ['AL103', 'AL106']);
    assert.equal(chooseFixes(lint(text).findings, text).length, 1);
    const fixed = fixEverything(text);
    assert.deepEqual(lint(fixed.text).findings.filter((f) => f.rule === 'AL104'), [], fixed.text);
  });
  it('independent fixes of one pod (a value, a key) still go together', () => {
    const text = pod('  nodeSelector:\n    beta.kubernetes.io/os: linux\n    kubernetes.io/arch: x86_64\n');
    assert.deepEqual(chooseFixes(lint(text).findings, text).map((c) => c.finding.rule), ['AL102', 'AL101']);
  });
});
