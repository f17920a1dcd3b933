/**
 * The Kubernetes registry rules end-to-end: images pushed to a real docker-registry on loopback,
 * looked up by the real resolver through the engine (analyzeFile), findings checked, and every fix
 * applied and re-checked against the registry (the finding is gone, nothing else changed).
 */
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../../server/src/engine/engine';
import { defaultConfig, type EffectiveConfig } from '../../server/src/engine/config';
import { applyEdits } from '../../server/src/engine/text';
import type { Finding, Fix } from '../../server/src/engine/types';
import { pushImage, type PushedImage } from '../helpers/registry/push';
import { startRegistry, type TestRegistry } from '../helpers/registry/registry';
import { testResolver, type TestResolver } from '../helpers/registry/resolver';

describe('Kubernetes registry rules against a real registry', function () {
  this.timeout(60_000);
  let registry: TestRegistry;
  let resolver: TestResolver;
  const pushed: Record<string, PushedImage> = {};
  let config: EffectiveConfig;

  before(async () => {
    registry = await startRegistry();
    resolver = testResolver({ insecure: [registry.host] });
    config = { ...defaultConfig(), registries: { ...defaultConfig().registries, insecure: [registry.host] } };
    pushed.amd = await pushImage(registry, 'k8s/amdonly', '1', { single: { os: 'linux', architecture: 'amd64' } });
    pushed.multi = await pushImage(registry, 'k8s/multi', '1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }], attestations: true });
    pushed.arm = await pushImage(registry, 'k8s/armonly', '1', { platforms: [{ os: 'linux', architecture: 'arm64' }], format: 'docker' });
    pushed.arm32 = await pushImage(registry, 'k8s/arm32', '1', { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm', variant: 'v7' }] });
    pushed.win = await pushImage(registry, 'k8s/win', '1', { platforms: [{ os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2762' }], format: 'docker' });
  });

  after(async () => {
    await resolver?.close();
    await registry?.stop();
  });

  const img = (repoTag: string) => `${registry.host}/k8s/${repoTag}`;
  const deploy = (specBody: string, images: string[], kind = 'Deployment') => `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n${specBody}      containers:\n${images.map((i, n) => `      - name: c${n}\n        image: ${i}\n`).join('')}`;

  async function check(text: string): Promise<Finding[]> {
    const result = await analyzeFile({ file: 'deploy.yaml', text, kind: 'kubernetes' }, config, resolver);
    assert.ok(result);
    assert.deepEqual(result.problems, []);
    return result.findings;
  }
  const codes = (findings: Finding[]) => findings.map((f) => f.rule);

  async function fixAndRecheck(text: string, finding: Finding, fix: Fix | undefined): Promise<string> {
    assert.ok(fix, `${finding.rule} has no fix`);
    const before = await check(text);
    const fixed = applyEdits(text, fix.edits);
    const after = await check(fixed);
    const key = (f: Finding) => `${f.rule}: ${f.message}`;
    assert.ok(!after.some((f) => key(f) === key(finding)), `${finding.rule} still reported:\n${fixed}`);
    assert.deepEqual(after.map(key).sort(), before.filter((f) => key(f) !== key(finding)).map(key).sort(), `other findings changed:\n${fixed}`);
    return fixed;
  }

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
    const saved = config;
    config = { ...config, targets: [...config.targets, { os: 'linux', architecture: 's390x' }] };
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
      config = saved;
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
    const saved = config;
    config = { ...config, targets: [{ os: 'linux', architecture: 'amd64' }] };
    try {
      const child = pushed.multi.children[0].digest;
      const text = deploy('', [`${img('multi:1')}@${child}`]);
      const found = await check(text);
      assert.deepEqual(codes(found), ['AL205']);
      const fixed = await fixAndRecheck(text, found[0], found[0].fixes?.[0]);
      assert.ok(fixed.includes(`@${pushed.multi.digest}`));
    } finally {
      config = saved;
    }
  });

  it('AL209: a missing image is reported as unknown and left out; the others are still checked', async () => {
    const found = await check(deploy('', [img('missing:1'), img('amdonly:1')]));
    assert.deepEqual(codes(found), ['AL209', 'AL202']);
    assert.equal(found[0].severity, 'info');
  });
});
