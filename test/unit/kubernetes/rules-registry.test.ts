import * as assert from 'node:assert/strict';
import { applyFixAndRelint, findingsOf, lint, rangeOf, type LintOptions } from '../../helpers/lint';
import { DIGEST, failed, indexOf, lookups, singleOf } from './lookups';
import type { Platform } from '../../../server/src/images/platform';

const AMD = 'docker.io/library/amdonly:1';
const MULTI = 'docker.io/library/multi:1';
const ARM = 'docker.io/library/armonly:1';
const ARM32 = 'docker.io/library/arm32:1';
const WIN = 'docker.io/library/win:1';
const table = lookups({
  [AMD]: singleOf(AMD, 'linux/amd64'),
  [MULTI]: indexOf(MULTI, ['linux/amd64', 'linux/arm64', 'unknown/unknown'].filter((p) => p !== 'unknown/unknown')),
  [ARM]: indexOf(ARM, ['linux/arm64']),
  [ARM32]: indexOf(ARM32, ['linux/amd64', 'linux/arm/v7']),
  [WIN]: indexOf(WIN, ['windows/amd64']),
  'docker.io/library/s390:1': indexOf('s390', ['linux/amd64', 'linux/s390x']),
  'docker.io/library/gone:1': failed('not-found-or-private', 'not found or private: add credentials for docker.io', 'auths in ~/.docker/config.json'),
});
const opts: LintOptions = { lookups: table };
const THREE: Platform[] = [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 's390x' }];

const deploy = (specBody: string, images: string[], kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
  template:
    spec:
${specBody}      containers:
${images.map((img, i) => `      - name: c${i}\n        image: ${img}\n`).join('')}`;

describe('AL202 unconstrained-single-arch', () => {
  it('fires on a single-platform image with no constraint: exec format error, nodeSelector fix preferred', () => {
    const text = deploy('', ['amdonly:1']);
    const [f, ...rest] = findingsOf(text, 'AL202', opts);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '9:15-9:24');
    assert.equal(f.message, 'container "c0" of Deployment "web": "amdonly:1" publishes only linux/amd64 (a single-platform manifest), and nothing constrains the pod\'s architecture: on arm64 nodes it is pulled and then fails with "exec format error" (CrashLoopBackOff).');
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
    assert.match(f.message, /publishes only linux\/arm64 \(an image index\).*on amd64 nodes the pull fails with "ErrImagePull: no match for platform in manifest"\. A DaemonSet runs a pod on every node/);
  });

  it('offers affinity In when several archs are common (a nodeSelector would over-pin)', () => {
    const text = deploy('', ['multi:1', 's390:1']);
    const config = { targets: THREE };
    const [f] = findingsOf(text, 'AL202', { ...opts, config });
    assert.match(f.message, /"multi:1" publishes only linux\/amd64 and linux\/arm64/);
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

describe('AL201 image-lacks-allowed-arch', () => {
  const constrained = (images: string[]) => deploy('      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values: [amd64, arm64]\n', images);
  it('fires per image with what happens per arch, related to the constraint, and narrows', () => {
    const text = constrained(['amdonly:1', 'multi:1']);
    const [f, ...rest] = findingsOf(text, 'AL201', opts);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'error');
    assert.equal(rangeOf(f), '17:15-17:24');
    assert.equal(f.message, 'container "c0" of Deployment "web": "amdonly:1" publishes only linux/amd64 (a single-platform manifest), but the pod\'s constraints allow amd64 and arm64: on arm64 nodes it is pulled and then fails with "exec format error" (CrashLoopBackOff).');
    assert.equal(f.related?.[0].message, 'the required node affinity');
    assert.equal(rangeOf(f.related![0]), '10:12-10:29');
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], opts);
    assert.ok(fixed.includes('      nodeSelector:\n        kubernetes.io/arch: amd64\n'));
  });
  it('says the pull fails for an index lacking the arch; not when every image has every allowed arch', () => {
    const [f] = findingsOf(deploy('      nodeSelector: {kubernetes.io/arch: amd64}\n', ['armonly:1']), 'AL201', opts);
    assert.match(f.message, /on amd64 nodes the pull fails with "ErrImagePull: no match for platform in manifest"\.$/);
    assert.equal(f.fixes?.length, 0);
    assert.deepEqual(findingsOf(constrained(['multi:1']), 'AL201', opts), []);
  });
});

describe('AL203 no-common-arch', () => {
  it('replaces AL201/AL202 when the containers share no architecture', () => {
    const text = deploy('', ['amdonly:1', 'armonly:1']);
    const all = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(all.map((f) => f.rule), ['AL203']);
    assert.equal(all[0].severity, 'error');
    assert.equal(all[0].message, 'The containers of Deployment "web" share no architecture among the targets: container "c0" "amdonly:1" publishes only linux/amd64 (a single-platform manifest); container "c1" "armonly:1" publishes only linux/arm64 (an image index). Every node fails at least one of them (a failed pull or "exec format error"). Use images that publish a common architecture.');
    assert.equal(rangeOf(all[0].related![0]), '11:15-11:24');
  });
});

describe('AL204 preferred-only-arch', () => {
  it('replaces AL202 when the arch is only preferred, and makes it required', () => {
    const text = deploy('      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 50\n            preference:\n              matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n', ['amdonly:1']);
    const found = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL204']);
    const f = found[0];
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '13:22-13:40');
    assert.equal(f.message, 'Deployment "web" only prefers its architecture: container "c0" "amdonly:1" publishes only linux/amd64 (a single-platform manifest), and when no preferred node has room the scheduler still places the pod on arm64 nodes: on arm64 nodes it is pulled and then fails with "exec format error" (CrashLoopBackOff).');
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], opts);
    assert.ok(fixed.includes('        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values:\n                - amd64\n          preferredDuringScheduling'), fixed);
  });
});

describe('AL205 digest-pins-one-platform', () => {
  it('fires when tag@digest names a child of the tag\'s multi-arch index, fix pins the index', () => {
    const child = DIGEST(100);
    const ref = `multi:1@${child}`;
    const pinned = `docker.io/library/multi@${child}`;
    const l = lookups({ [MULTI]: indexOf(MULTI, ['linux/amd64', 'linux/arm64']), [pinned]: singleOf(pinned, 'linux/amd64', child) });
    const text = deploy('      nodeSelector: {kubernetes.io/arch: amd64}\n', [ref]);
    const [f] = findingsOf(text, 'AL205', { lookups: l });
    assert.equal(f.severity, 'warning');
    assert.equal(rangeOf(f), '10:15-10:94');
    assert.match(f.message, /the digest in "multi:1@sha256:0+64" is the linux\/amd64 manifest of the multi-platform index "1" \(linux\/amd64, linux\/arm64\)/);
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], { lookups: l });
    assert.ok(fixed.includes(`image: multi:1@${DIGEST(1)}\n`));
    assert.deepEqual(findingsOf(deploy('', [`multi@${child}`]), 'AL205', { lookups: l }), [], 'no tag: judged as the image it is');
  });
});

describe('AL206 arm32-fallback-only', () => {
  it('fires when arm64 is allowed and only arm/v7 is published, instead of AL202 for arm64', () => {
    const text = deploy('', ['arm32:1']);
    const found = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL206']);
    const f = found[0];
    assert.equal(rangeOf(f), '9:15-9:22');
    assert.match(f.message, /^container "c0" of Deployment "web": "arm32:1" publishes only linux\/amd64 and linux\/arm\/v7 \(an image index\) and no arm64 build, yet the pod may run on arm64 nodes: containerd falls back to the 32-bit arm image/);
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0], opts).includes('kubernetes.io/arch: amd64'));
  });
});

describe('AL207 os-mismatch', () => {
  it('fires for a Windows-only image without an OS selector; fix adds kubernetes.io/os', () => {
    const text = deploy('', ['win:1']);
    const withWindows = { ...opts, config: { targets: [...THREE.slice(0, 2), { os: 'windows', architecture: 'amd64' }] } };
    const found = lint(text, withWindows).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL207']);
    assert.equal(found[0].severity, 'error');
    assert.equal(found[0].message, 'container "c0" of Deployment "web": "win:1" publishes only windows/amd64 (an image index), nothing for linux, and the pod runs on linux nodes (no kubernetes.io/os selector): on linux nodes the pull fails with "ErrImagePull: no match for platform in manifest".');
    const fixed = applyFixAndRelint(text, found[0], found[0].fixes?.[0], withWindows);
    assert.ok(fixed.includes('      nodeSelector:\n        kubernetes.io/os: windows\n'));
    assert.deepEqual(findingsOf(deploy('      nodeSelector: {kubernetes.io/os: windows}\n', ['win:1']), 'AL207', opts), []);
  });
  it('offers to replace an OS the author chose, but not as the preferred fix', () => {
    const text = deploy('      nodeSelector: {kubernetes.io/os: linux}\n', ['win:1']);
    const [f] = findingsOf(text, 'AL207', opts);
    assert.match(f.message, /nothing for linux, and the pod runs on linux nodes: on linux nodes the pull fails/);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Run on windows nodes (nodeSelector kubernetes.io/os: windows)', false]]);
  });
});

describe('AL208 over-pinned', () => {
  it('hints when the pin excludes a target every image supports', () => {
    const text = deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['multi:1']);
    const [f] = findingsOf(text, 'AL208', opts);
    assert.equal(f.severity, 'hint');
    assert.equal(rangeOf(f), '8:8-8:26');
    assert.equal(f.message, 'Deployment "web" is constrained to amd64, but every image of the pod also publishes arm64: widening the constraint lets it run on arm64 nodes too (often cheaper, e.g. arm64).');
    assert.deepEqual(findingsOf(deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', ['multi:1', 'gone:1']), 'AL208', opts), [], 'an unknown image may be why');
    const pinnedToMissing = deploy('      nodeSelector:\n        kubernetes.io/arch: arm64\n', ['amdonly:1']);
    assert.deepEqual(lint(pinnedToMissing, opts).findings.filter((x) => x.rule.startsWith('AL2')).map((x) => x.rule), ['AL201'],
      'pinned to an arch the image lacks: AL201 narrows, no contradicting widen hint');
    const pinnedToFallback = deploy('      nodeSelector:\n        kubernetes.io/arch: arm64\n', ['arm32:1']);
    assert.deepEqual(lint(pinnedToFallback, opts).findings.filter((x) => x.rule.startsWith('AL2')).map((x) => x.rule), ['AL206'],
      'pinned to arm64 where only the 32-bit fallback exists: AL206\'s cause, no widen hint');
    const fixed = applyFixAndRelint(text, f, f.fixes?.[0], opts);
    assert.ok(fixed.includes('    spec:\n      containers:\n'), fixed);
  });
  it('widening removes one entry from a block or flow nodeSelector, keeping the others', () => {
    for (const [body, after] of [
      ['      nodeSelector:\n        disktype: ssd\n        kubernetes.io/arch: amd64  # pinned\n', '      nodeSelector:\n        disktype: ssd\n'],
      ['      nodeSelector: {kubernetes.io/arch: amd64, disktype: ssd}\n', '      nodeSelector: {disktype: ssd}\n'],
      ['      nodeSelector: {disktype: ssd, kubernetes.io/arch: amd64}\n', '      nodeSelector: {disktype: ssd}\n'],
      ['      nodeSelector: {kubernetes.io/arch: amd64}\n', '      nodeSelector: {}\n'],
    ]) {
      const text = deploy(body, ['multi:1']);
      const [f] = findingsOf(text, 'AL208', opts);
      assert.ok(applyFixAndRelint(text, f, f.fixes?.[0], opts).includes(after), body);
    }
  });
});

describe('AL209 platforms-unknown', () => {
  it('says why an image could not be checked, and the other images are still checked', () => {
    const text = deploy('', ['gone:1', 'amdonly:1', '"{{ .Values.image }}"']);
    const found = lint(text, opts).findings.filter((f) => f.rule.startsWith('AL2'));
    assert.deepEqual(found.map((f) => f.rule), ['AL209', 'AL202', 'AL209']);
    assert.equal(found[0].severity, 'info');
    assert.equal(found[0].message, 'Cannot check the platforms of container "c0" image "gone:1": not found or private: add credentials for docker.io (credentials tried: auths in ~/.docker/config.json). The architecture rules skip this image.');
    assert.match(found[2].message, /^Cannot check the platforms of container "c2" image "\{\{ \.Values\.image \}\}": not a reference archlens can look up: /);
  });
});

describe('Kubernetes registry rules: close cases of RULES.md', () => {
  const rules = (text: string, options: LintOptions = opts) => lint(text, options).findings.filter((f) => f.rule.startsWith('AL2')).map((f) => `${f.rule} ${rangeOf(f)}`);
  const affinity = (op: string) => `      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: kubernetes.io/arch, operator: ${op}}]\n`;
  it('Exists counts as a constraint: AL201 (narrow), not AL202', () => {
    const text = deploy(affinity('Exists'), ['amdonly:1']);
    assert.deepEqual(rules(text), ['AL201 14:15-14:24']);
    const [f] = findingsOf(text, 'AL201', opts);
    assert.ok(applyFixAndRelint(text, f, f.fixes?.[0], opts).includes('      nodeSelector:\n        kubernetes.io/arch: amd64\n'));
  });
  it('DoesNotExist allows no arch: AL104 alone, no registry finding', () => {
    const text = deploy(affinity('DoesNotExist'), ['amdonly:1']);
    assert.deepEqual(lint(text, opts).findings.map((f) => f.rule), ['AL104']);
  });
  it('AL207 replaces AL201/AL202 for its image only; the other images are still checked', () => {
    const text = deploy('', ['win:1', 'amdonly:1']);
    assert.deepEqual(rules(text), ['AL207 9:15-9:20', 'AL202 11:15-11:24']);
  });
  it('AL206 replaces AL201 for arm64 in a constrained pod; AL201 still speaks for another image', () => {
    const inBoth = '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}]\n';
    assert.deepEqual(rules(deploy(inBoth, ['arm32:1'])), ['AL206 14:15-14:22']);
    assert.deepEqual(rules(deploy(inBoth, ['arm32:1', 'amdonly:1'])), ['AL206 14:15-14:22', 'AL201 16:15-16:24']);
  });
  it('AL205 adds to what else holds: the pinned child is judged as the single-arch image it is', () => {
    const child = DIGEST(100);
    const pinned = `docker.io/library/multi@${child}`;
    const l = lookups({ [MULTI]: indexOf(MULTI, ['linux/amd64', 'linux/arm64']), [pinned]: singleOf(pinned, 'linux/amd64', child) });
    assert.deepEqual(rules(deploy('', [`multi:1@${child}`]), { lookups: l }), ['AL202 9:15-9:94', 'AL205 9:15-9:94']);
  });
  it('the pod OS decides which platforms count: a Windows pod with a Windows image is fine', () => {
    const targets = [...THREE.slice(0, 2), { os: 'windows', architecture: 'amd64' }];
    assert.deepEqual(rules(deploy('      nodeSelector: {kubernetes.io/os: windows}\n', ['win:1']), { ...opts, config: { targets } }), []);
    assert.deepEqual(rules(deploy('      nodeSelector: {kubernetes.io/os: windows}\n', ['amdonly:1']), { ...opts, config: { targets } }), ['AL207 10:15-10:24']);
  });
});

describe('Kubernetes suppression of registry findings', () => {
  const text = deploy('', ['amdonly:1']);
  it('the archlens.dev/ignore annotation on the pod template, and `# archlens ignore=` above kind: or the image', () => {
    assert.equal(findingsOf(text, 'AL202', opts).length, 1);
    const annotated = text.replace('  template:\n', '  template:\n    metadata:\n      annotations:\n        archlens.dev/ignore: "unconstrained-single-arch"\n');
    assert.deepEqual(findingsOf(annotated, 'AL202', opts), []);
    assert.deepEqual(findingsOf(text.replace('kind: Deployment', '# archlens ignore=AL202\nkind: Deployment'), 'AL202', opts), []);
    assert.deepEqual(findingsOf(text.replace('        image:', '        # archlens ignore=AL202\n        image:'), 'AL202', opts), []);
    assert.equal(findingsOf(text.replace('kind: Deployment', '# archlens ignore=AL201\nkind: Deployment'), 'AL202', opts).length, 1);
  });
});
