import * as assert from 'node:assert/strict';
import { verifyOverlayFix } from '../../../server/src/units/kustomize/fix-verify';
import { DIGEST } from '../kubernetes/lookups';
import { applyVerified, check, deployment, fixesOf, LOOKUPS, where, type Checked } from './helpers';

const AFFINITY = '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values: [amd64, arm64]\n';
const BASE_AMD = { '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n', '/w/base/deploy.yaml': deployment('amdonly:1') };
const header = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n';

/** The one finding of a check, and its fixes as "title (preferred)". */
function only(c: Checked) {
  assert.equal(c.findings.length, 1, c.findings.map(where).join(', '));
  const [f] = c.findings;
  return { f, fixes: fixesOf(c, f), titles: fixesOf(c, f).map((x) => `${x.title}${x.preferred ? ' (preferred)' : ''}`) };
}

describe('overlays: quick fixes land where the value came from, verified by rebuilding', () => {
  it('nothing constrains the pod and the overlay has no patches: a new inline patch, targeting the name before the overlay\'s prefix', async () => {
    const c = check({ ...BASE_AMD, '/w/prod/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: prod-\n' }, '/w/prod');
    const { f, fixes, titles } = only(c);
    assert.equal(where(f), 'AL202 base/deploy.yaml:10:16');
    assert.deepEqual(titles, [
      'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — as a new inline patch in kustomization.yaml (preferred)',
      'Require kubernetes.io/arch In [amd64] (node affinity) — as a new inline patch in kustomization.yaml',
    ]);
    const files = await applyVerified(c, f, fixes[0]);
    assert.deepEqual([...files.keys()], ['/w/prod/kustomization.yaml']);
    assert.equal(files.get('/w/prod/kustomization.yaml'), `resources:
- ../base
namePrefix: prod-
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          nodeSelector:
            kubernetes.io/arch: amd64
  target:
    kind: Deployment
    name: web
`);
    await applyVerified(c, f, fixes[1]);
  });

  it('an overlay whose patches are files gets a new file named like them, and an entry indented like its lists', async () => {
    const c = check({
      ...BASE_AMD,
      '/w/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: patches/replicas-patch.yaml\n',
      '/w/prod/patches/replicas-patch.yaml': `${header.replace(/  template:\n    spec:\n$/, '')}  replicas: 3\n`,
    }, '/w/prod');
    const { f, fixes } = only(c);
    const files = await applyVerified(c, f, fixes[0]);
    assert.equal(files.get('/w/prod/patches/web-arch-patch.yaml'), `${header}      nodeSelector:\n        kubernetes.io/arch: amd64\n`);
    assert.equal(files.get('/w/prod/kustomization.yaml'), 'resources:\n  - ../base\npatches:\n  - path: patches/replicas-patch.yaml\n  - path: patches/web-arch-patch.yaml\n    target:\n      kind: Deployment\n      name: web\n');
  });

  it('a constraint a patch file adds is narrowed in that patch, in its own layout', async () => {
    const c = check({
      ...BASE_AMD,
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: arch.yaml\n',
      '/w/prod/arch.yaml': header + AFFINITY,
    }, '/w/prod');
    const { f, fixes, titles } = only(c);
    assert.equal(where(f), 'AL201 prod/arch.yaml:15:25');
    assert.deepEqual(titles, ['Allow only amd64 (what every image of the pod publishes) — in arch.yaml (preferred)']);
    const files = await applyVerified(c, f, fixes[0]);
    assert.equal(files.get('/w/prod/arch.yaml'), `${header}      nodeSelector:\n        kubernetes.io/arch: amd64\n${AFFINITY}`);
  });

  it('a constraint an inline patch adds is narrowed inside the block scalar, at its indentation', async () => {
    const inline = `resources:\n- ../base\npatches:\n- patch: |-\n${(header + AFFINITY).replace(/^/gm, '    ').trimEnd()}\n`;
    const c = check({ ...BASE_AMD, '/w/prod/kustomization.yaml': inline }, '/w/prod');
    const { f, fixes } = only(c);
    assert.equal(where(f), 'AL201 prod/kustomization.yaml:19:29');
    const files = await applyVerified(c, f, fixes[0]);
    assert.equal(files.get('/w/prod/kustomization.yaml'), inline.replace('          affinity:', '          nodeSelector:\n            kubernetes.io/arch: amd64\n          affinity:'));
  });

  it('a constraint in a base other overlays share is overridden by a new patch; in a base only this overlay uses it is edited there', async () => {
    const files = {
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('multi:1', AFFINITY),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: multi\n  newName: amdonly\n',
    };
    const shared = check(files, '/w/prod', (d) => (d === '/w/base' ? ['/w/prod', '/w/staging'] : [d]));
    const s = only(shared);
    assert.equal(where(s.f), 'AL201 prod/kustomization.yaml:5:12');
    assert.deepEqual(s.titles, ['Allow only amd64 (what every image of the pod publishes) — as a new inline patch in kustomization.yaml (preferred)']);
    const patched = await applyVerified(shared, s.f, s.fixes[0]);
    assert.deepEqual([...patched.keys()], ['/w/prod/kustomization.yaml']);

    const alone = check(files, '/w/prod');
    const a = only(alone);
    assert.deepEqual(a.titles, ['Allow only amd64 (what every image of the pod publishes) — in ../base/deploy.yaml (preferred)']);
    const edited = await applyVerified(alone, a.f, a.fixes[0]);
    assert.equal(edited.get('/w/base/deploy.yaml'), deployment('multi:1', `      nodeSelector:\n        kubernetes.io/arch: amd64\n${AFFINITY}`));
  });

  it('the overlay\'s own resource is edited in place, like a plain manifest', async () => {
    const c = check({ '/w/app/kustomization.yaml': 'resources:\n- deploy.yaml\n', '/w/app/deploy.yaml': deployment('amdonly:1') }, '/w/app');
    const { f, fixes, titles } = only(c);
    assert.equal(titles[0], 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — in deploy.yaml (preferred)');
    const files = await applyVerified(c, f, fixes[0]);
    assert.equal(files.get('/w/app/deploy.yaml'), deployment('amdonly:1', '      nodeSelector:\n        kubernetes.io/arch: amd64\n'));
  });

  it('a digest an images: entry pins is replaced in the entry (AL205)', async () => {
    const c = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('multi:0'),
      '/w/prod/kustomization.yaml': `resources:\n- ../base\nimages:\n- name: multi\n  newTag: "1"\n  digest: ${DIGEST(100)}\n`,
    }, '/w/prod');
    assert.deepEqual(c.findings.map(where), ['AL202 prod/kustomization.yaml:5:11', 'AL205 prod/kustomization.yaml:6:11']);
    const al205 = c.findings[1];
    const [fix] = fixesOf(c, al205);
    assert.equal(fix.preferred, true);
    const files = await applyVerified(c, al205, fix);
    assert.equal(files.get('/w/prod/kustomization.yaml'), `resources:\n- ../base\nimages:\n- name: multi\n  newTag: "1"\n  digest: ${DIGEST(1)}\n`);
  });

  it('a value fix in a base several overlays share is offered, never preferred', async () => {
    const c = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1', '      nodeSelector:\n        kubernetes.io/arch: x86_64\n'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\n',
    }, '/w/prod', (d) => (d === '/w/base' ? ['/w/prod', '/w/staging'] : [d]));
    const { f, fixes, titles } = only(c);
    assert.equal(where(f), 'AL101 base/deploy.yaml:9:29');
    assert.deepEqual(titles, ['Replace "x86_64" with "amd64" — in ../base/deploy.yaml']);
    const files = await applyVerified(c, f, fixes[0]);
    assert.match(files.get('/w/base/deploy.yaml')!, /kubernetes.io\/arch: amd64\n/);
  });

  it('a fix that would break the overlay is refused by the safety check', async () => {
    const c = check({ ...BASE_AMD, '/w/prod/kustomization.yaml': 'resources:\n- ../base\n' }, '/w/prod');
    const { f } = only(c);
    const broken = await verifyOverlayFix(c.input, { build: c.result.build, findings: c.findings }, f,
      [{ file: '/w/prod/kustomization.yaml', start: 0, end: 0, newText: 'patches: [\n' }], { lookups: LOOKUPS });
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.reason, /no longer builds as before: invalid Kustomization: yaml/);
    const useless = await verifyOverlayFix(c.input, { build: c.result.build, findings: c.findings }, f,
      [{ file: '/w/prod/kustomization.yaml', start: 0, end: 0, newText: '# nothing\n' }], { lookups: LOOKUPS });
    assert.deepEqual(useless, { ok: false, reason: 'AL202 is still reported after its fix' });
    const clash = await verifyOverlayFix(c.input, { build: c.result.build, findings: c.findings }, f,
      [{ file: '/w/prod/kustomization.yaml', start: 0, end: 0, newText: 'x', create: true }], { lookups: LOOKUPS });
    assert.deepEqual(clash, { ok: false, reason: 'kustomization.yaml exists already' });
  });
});
