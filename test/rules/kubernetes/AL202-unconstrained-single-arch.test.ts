/** AL202 unconstrained-single-arch. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf } from '../../helpers/lint';
import { assertMessage, ruleTester } from '../../helpers/rule-tester';
import { DIGEST, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { MULTI, THREE, deploy, opts } from './registry-fixtures';

const amdOnly = {
  container: 'container "c0"', workload: 'Deployment "web"', image: '"amdonly:1"', platforms: 'only linux/amd64 (a single-platform manifest)',
  consequences: ['on arm64 nodes it is pulled and then fails with "exec format error" (CrashLoopBackOff)'],
};

ruleTester('AL202', opts).run({
  valid: [
    { name: 'constrained', text: deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['amdonly:1']) },
    { name: 'the images cover the targets', text: deploy('', ['multi:1']) },
    { name: 'an image whose platforms are unknown', text: deploy('', ['gone:1', 'multi:1']) },
  ],
  invalid: [
    {
      name: 'a single-platform image with no constraint',
      text: deploy('', ['amdonly:1']),
      errors: [{ range: '9:15-9:24', messageId: 'unconstrained', data: { ...amdOnly, others: [], daemonSet: false }, severity: 'warning' }],
    },
    {
      name: 'a DaemonSet with an index lacking an arch: an error, the pull fails',
      text: deploy('', ['armonly:1'], 'DaemonSet'),
      errors: [{
        range: '9:15-9:24',
        messageId: 'unconstrained',
        data: {
          container: 'container "c0"', workload: 'DaemonSet "web"', image: '"armonly:1"', platforms: 'only linux/arm64 (an image index)', others: [],
          consequences: ['on amd64 nodes the pull fails with "ErrImagePull: no match for platform in manifest"'], daemonSet: true,
        },
        severity: 'error',
      }],
    },
  ],
});

describe('AL202 unconstrained-single-arch', () => {
  it('fires on a single-platform image with no constraint: exec format error, nodeSelector fix preferred', () => {
    const text = deploy('', ['amdonly:1']);
    const [f, ...rest] = findingsOf(text, 'AL202', opts);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '9:15-9:24');
    assertMessage(f, 'unconstrained', { ...amdOnly, others: [], daemonSet: false });
    assert.deepEqual(f.targets, ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred ?? false]), [
      ['Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64)', true],
      ['Require kubernetes.io/arch In [amd64] (node affinity)', false],
    ]);
    const fixed = applyFixAndRelint(text, f, f.fixes![0], opts);
    assert.ok(fixed.includes('    spec:\n      nodeSelector:\n        kubernetes.io/arch: amd64\n      containers:\n'));
    applyFixAndRelint(text, f, f.fixes![1], opts);
  });

  it('is an error for a DaemonSet; an index lacking the arch says the pull fails', () => {
    const text = deploy('', ['armonly:1'], 'DaemonSet');
    const [f] = findingsOf(text, 'AL202', opts);
    assert.equal(f.severity, 'error');
    assertMessage(f, 'unconstrained', {
      container: 'container "c0"', workload: 'DaemonSet "web"', image: '"armonly:1"', platforms: 'only linux/arm64 (an image index)', others: [],
      consequences: ['on amd64 nodes the pull fails with "ErrImagePull: no match for platform in manifest"'], daemonSet: true,
    });
  });

  it('offers affinity In when several archs are common (a nodeSelector would over-pin)', () => {
    const text = deploy('', ['multi:1', 's390:1']);
    const config = { targets: THREE };
    const [f] = findingsOf(text, 'AL202', { ...opts, config });
    assert.equal((f.data as { image: string; platforms: string }).image, '"multi:1"');
    assert.equal((f.data as { platforms: string }).platforms, 'only linux/amd64 and linux/arm64 (an image index)');
    const [f2] = findingsOf(deploy('', ['multi:1']), 'AL202', { ...opts, config });
    assert.deepEqual(f2.fixes?.map((x) => [x.title, x.preferred ?? false]), [
      ['Require kubernetes.io/arch In [amd64, arm64] (node affinity)', true],
    ]);
    for (const fix of f2.fixes!) applyFixAndRelint(deploy('', ['multi:1']), f2, fix, { ...opts, config });
  });

  it('hard merges through the registry rule: terms with other keys, podAffinity, nodeSelector: {}, CRLF, 4 spaces, CronJob, List', () => {
    const config = { targets: THREE };
    const cases = [
      deploy('        affinity:\n          podAffinity:\n            requiredDuringSchedulingIgnoredDuringExecution:\n            - topologyKey: zone\n          nodeAffinity:\n            requiredDuringSchedulingIgnoredDuringExecution:\n              nodeSelectorTerms:\n              - matchExpressions:\n                - {key: zone, operator: In, values: [a]}\n              - matchFields:\n                - {key: metadata.name, operator: In, values: [n]}\n'.replace(/^ {2}/gm, ''), ['multi:1']),
      deploy('      nodeSelector: {}\n', ['multi:1']),
      deploy('      # placement\n      nodeSelector:\n        disktype: ssd # fast\n', ['multi:1']).replace(/\n/g, '\r\n'),
      'kind: Deployment\nspec:\n    template:\n        spec:\n            containers:\n                -   name: c\n                    image: multi:1\n',
      'kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - image: multi:1\n',
      'kind: List\nitems:\n  - kind: Pod\n    spec:\n      containers:\n        - image: multi:1\n',
    ];
    for (const text of cases) {
      const [f] = findingsOf(text, 'AL202', { ...opts, config });
      assert.ok(f, `AL202 expected on:\n${text}`);
      for (const fix of f.fixes!) applyFixAndRelint(text, f, fix, { ...opts, config });
    }
  });

  it('does not fire when constrained, when the images cover the targets, or when the image is unknown', () => {
    assert.deepEqual(findingsOf(deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['amdonly:1']), 'AL202', opts), []);
    assert.deepEqual(findingsOf(deploy('', ['multi:1']), 'AL202', opts), []);
    assert.deepEqual(findingsOf(deploy('', ['gone:1', 'multi:1']), 'AL202', opts), []);
    const mistyped = deploy('      nodeSelector:\n        kubernetes.io/arch: banana\n', ['amdonly:1']);
    assert.deepEqual(lint(mistyped, opts).findings.map((f) => f.rule), ['AL101'], 'a mistyped arch value constrains (to nothing): AL101 alone says so');
  });
});
