/**
 * The Kubernetes registry rules end-to-end: images pushed to a real docker-registry on loopback,
 * looked up by the real resolver through the engine (analyze, both phases), findings checked, and every fix
 * applied and re-checked against the registry (the finding is gone, nothing else changed).
 */
import * as assert from 'node:assert/strict';
import { pushImage, type PushedImage } from '../helpers/registry/push';
import { codes, startRegistryRules, type RegistryRulesHarness } from '../helpers/registry/rules';
import type { Finding, Fix } from '../../server/src/core/types';

describe('Kubernetes registry rules against a real registry', function () {
  this.timeout(60_000);
  let h: RegistryRulesHarness;
  const pushed: Record<string, PushedImage> = {};

  before(async () => {
    h = await startRegistryRules();
    const registry = h.registry;
    pushed.amd = await pushImage(registry, 'k8s/amdonly', '1', { single: { os: 'linux', architecture: 'amd64' } });
    pushed.multi = await pushImage(registry, 'k8s/multi', '1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }], attestations: true });
    pushed.arm = await pushImage(registry, 'k8s/armonly', '1', { platforms: [{ os: 'linux', architecture: 'arm64' }], format: 'docker' });
    pushed.arm32 = await pushImage(registry, 'k8s/arm32', '1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm', variant: 'v7' }] });
    pushed.win = await pushImage(registry, 'k8s/win', '1', { platforms: [{ os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2762' }], format: 'docker' });
  });

  after(async () => {
    await h?.stop();
  });

  const img = (repoTag: string) => `${h.registry.host}/k8s/${repoTag}`;
  const deploy = (specBody: string, images: string[], kind = 'Deployment') => `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n${specBody}      containers:\n${images.map((i, n) => `      - name: c${n}\n        image: ${i}\n`).join('')}`;
  const check = (text: string): Promise<Finding[]> => h.check('deploy.yaml', text);
  const fixAndRecheck = (text: string, finding: Finding, fix: Fix | undefined): Promise<string> => h.fixAndRecheck('deploy.yaml', text, finding, fix);

  it('AL202: a single-platform image, unconstrained — fires, and the nodeSelector fix clears it', async () => {
    const text = deploy('', [img('amdonly:1')]);
    const found = await check(text);
    assert.deepEqual(codes(found), ['AL202']);
    assert.match(found[0].message, /publishes only linux\/amd64 \(a single-platform manifest\).*on arm64 nodes it is pulled and then fails with "exec format error"/);
    const fixed = await fixAndRecheck(text, found[0], found[0].fixes?.find((f) => f.preferred));
    assert.ok(fixed.includes('nodeSelector:\n        kubernetes.io/arch: amd64'));
  });

  it('AL202 hard merges through the registry: terms with other keys, podAffinity, nodeSelector: {}, CRLF, comments, 4 spaces, CronJob, List', async () => {
    // A third target the multi-arch image lacks, so the fix is the affinity In [amd64, arm64] merge.
    const saved = h.config;
    h.config = { ...h.config, targets: [...saved.targets, { os: 'linux', architecture: 's390x' }] };
    try {
      const m = img('multi:1');
      const cases = [
        deploy('      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - topologyKey: kubernetes.io/hostname\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - {key: zone, operator: In, values: [a]}\n            - matchFields:\n              - {key: metadata.name, operator: In, values: [n]}\n', [m]),
        deploy('      nodeSelector: {}\n', [m]),
        deploy('      # placement\n      nodeSelector:\n        disktype: ssd # fast\n', [m]).replace(/\n/g, '\r\n'),
        `kind: Deployment\nspec:\n    template:\n        spec:\n            containers:\n                -   name: c\n                    image: ${m}\n`,
        `kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - image: ${m}\n`,
        `kind: List\nitems:\n  - kind: Pod\n    spec:\n      containers:\n        - image: ${m}\n`,
      ];
      for (const text of cases) {
        const found = await check(text);
        assert.deepEqual(codes(found), ['AL202'], text);
        const fixed = await fixAndRecheck(text, found[0], found[0].fixes?.find((f) => f.preferred));
        assert.ok(fixed.includes('kubernetes.io/arch'), fixed);
        assert.deepEqual(await check(fixed), [], fixed);
      }
    } finally {
      h.config = saved;
    }
  });

  it('AL202 for a DaemonSet is an error; a multi-arch index with attestations does not fire', async () => {
    const [f] = await check(deploy('', [img('armonly:1')], 'DaemonSet'));
    assert.equal(f.rule, 'AL202');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /no match for platform in manifest/);
    assert.deepEqual(await check(deploy('', [img('multi:1')])), []);
  });

  it('AL201: constrained to amd64+arm64 with an amd64-only image — narrowed by the fix', async () => {
    const text = deploy('      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}\n', [img('amdonly:1'), img('multi:1')]);
    const found = await check(text);
    assert.deepEqual(codes(found), ['AL201']);
    await fixAndRecheck(text, found[0], found[0].fixes?.[0]);
  });

  it('AL203, AL206, AL207 replace the less specific findings', async () => {
    assert.deepEqual(codes(await check(deploy('', [img('amdonly:1'), img('armonly:1')]))), ['AL203']);
    const arm32 = deploy('', [img('arm32:1')]);
    const [f206] = await check(arm32);
    assert.equal(f206.rule, 'AL206');
    await fixAndRecheck(arm32, f206, f206.fixes?.[0]);
    assert.deepEqual(codes(await check(deploy('', [img('win:1')]))), ['AL207']);
  });

  it('AL204: arch only preferred — made required by the fix', async () => {
    const text = deploy('      affinity:\n        nodeAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 1\n            preference:\n              matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [amd64]}\n', [img('amdonly:1')]);
    const found = await check(text);
    assert.deepEqual(codes(found), ['AL204']);
    await fixAndRecheck(text, found[0], found[0].fixes?.[0]);
  });

  it('AL205: tag@digest of one child of the index — the fix pins the index digest', async () => {
    // An amd64-only cluster: the pin is harmless there today, so AL205 is the only finding.
    const saved = h.config;
    h.config = { ...h.config, targets: [{ os: 'linux', architecture: 'amd64' }] };
    try {
      const child = pushed.multi.children[0].digest;
      const text = deploy('', [`${img('multi:1')}@${child}`]);
      const found = await check(text);
      assert.deepEqual(codes(found), ['AL205']);
      const fixed = await fixAndRecheck(text, found[0], found[0].fixes?.[0]);
      assert.ok(fixed.includes(`@${pushed.multi.digest}`));
    } finally {
      h.config = saved;
    }
  });

  it('AL208: a pin that excludes a target every image publishes is a hint, widened by its fix; a pin to an arch the image lacks is AL201 alone', async () => {
    const text = deploy('      nodeSelector:\n        kubernetes.io/arch: amd64\n', [img('multi:1')]);
    const found = await check(text);
    assert.deepEqual(codes(found), ['AL208']);
    assert.equal(found[0].severity, 'hint');
    assert.match(found[0].message, /constrained to amd64, but every image of the pod also publishes arm64/);
    const fixed = await fixAndRecheck(text, found[0], found[0].fixes?.[0]);
    assert.ok(!fixed.includes('kubernetes.io/arch'), fixed);
    assert.deepEqual(codes(await check(deploy('      nodeSelector:\n        kubernetes.io/arch: arm64\n', [img('amdonly:1')]))), ['AL201']);
  });

  it('AL209: a missing image is reported as unknown and left out; the others are still checked', async () => {
    const found = await check(deploy('', [img('missing:1'), img('amdonly:1')]));
    assert.deepEqual(codes(found), ['AL209', 'AL202']);
    assert.equal(found[0].severity, 'info');
  });
});
