import * as assert from 'node:assert/strict';
import { DIGEST } from '../kubernetes/lookups';
import { applyAndRecheck, check, deployment, titles, where, type Checked } from './helpers';

const AFFINITY = '      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n            - matchExpressions:\n              - key: kubernetes.io/arch\n                operator: In\n                values: [amd64, arm64]\n';
const BASE_AMD = { '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n', '/w/base/deploy.yaml': deployment('amdonly:1') };
const header = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n';

/** The one finding of a check. */
function only(c: Checked) {
  assert.equal(c.findings.length, 1, c.findings.map(where).join(', '));
  return c.findings[0];
}

describe('overlays: quick fixes land where the value came from, verified by rebuilding', () => {
  it('nothing constrains the pod and the overlay has no patches: a new inline patch, targeting the name before the overlay\'s prefix', () => {
    const c = check({ ...BASE_AMD, '/w/prod/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: prod-\n' }, '/w/prod');
    const f = only(c);
    assert.equal(where(f), 'AL202 base/deploy.yaml:10:16');
    assert.deepEqual(titles(f), [
      'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — as a new inline patch in ../prod/kustomization.yaml (preferred)',
      'Require kubernetes.io/arch In [amd64] (node affinity) — as a new inline patch in ../prod/kustomization.yaml',
    ]);
    const files = applyAndRecheck(c, '/w/prod', f, f.fixes![0]);
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
    applyAndRecheck(c, '/w/prod', f, f.fixes![1]);
  });

  it('an overlay whose patches are files gets a new file named like them, and an entry indented like its lists', () => {
    const c = check({
      ...BASE_AMD,
      '/w/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: patches/replicas-patch.yaml\n',
      '/w/prod/patches/replicas-patch.yaml': `${header.replace(/  template:\n    spec:\n$/, '')}  replicas: 3\n`,
    }, '/w/prod');
    const f = only(c);
    const [fix] = f.fixes!;
    assert.equal(fix.title, 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — as a new patch file ../prod/patches/web-arch-patch.yaml');
    assert.deepEqual(fix.edits.filter((e) => e.create).map((e) => e.file), ['/w/prod/patches/web-arch-patch.yaml']);
    const files = applyAndRecheck(c, '/w/prod', f, fix);
    assert.equal(files.get('/w/prod/patches/web-arch-patch.yaml'), `${header}      nodeSelector:\n        kubernetes.io/arch: amd64\n`);
    assert.equal(files.get('/w/prod/kustomization.yaml'), 'resources:\n  - ../base\npatches:\n  - path: patches/replicas-patch.yaml\n  - path: patches/web-arch-patch.yaml\n    target:\n      kind: Deployment\n      name: web\n');
  });

  it('a constraint a patch file adds is narrowed in that patch, in its own layout', () => {
    const c = check({
      ...BASE_AMD,
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: arch.yaml\n',
      '/w/prod/arch.yaml': header + AFFINITY,
    }, '/w/prod');
    const f = only(c);
    assert.equal(where(f), 'AL201 prod/arch.yaml:15:25');
    assert.deepEqual(titles(f), ['Allow only amd64 (what every image of the pod publishes) — in arch.yaml (preferred)']);
    const files = applyAndRecheck(c, '/w/prod', f, f.fixes![0]);
    assert.equal(files.get('/w/prod/arch.yaml'), `${header}      nodeSelector:\n        kubernetes.io/arch: amd64\n${AFFINITY}`);
  });

  it('a constraint an inline patch adds is narrowed inside the block scalar, at its indentation', () => {
    const inline = `resources:\n- ../base\npatches:\n- patch: |-\n${(header + AFFINITY).replace(/^/gm, '    ').trimEnd()}\n`;
    const c = check({ ...BASE_AMD, '/w/prod/kustomization.yaml': inline }, '/w/prod');
    const f = only(c);
    assert.equal(where(f), 'AL201 prod/kustomization.yaml:19:29');
    const files = applyAndRecheck(c, '/w/prod', f, f.fixes![0]);
    assert.equal(files.get('/w/prod/kustomization.yaml'), inline.replace('          affinity:', '          nodeSelector:\n            kubernetes.io/arch: amd64\n          affinity:'));
  });

  it('a constraint in a base other overlays share is overridden by a new patch; in a base only this overlay uses it is edited there', () => {
    const files = {
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('multi:1', AFFINITY),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: multi\n  newName: amdonly\n',
    };
    const shared = check({ ...files, '/w/staging/kustomization.yaml': 'resources:\n- ../base\n' }, '/w/prod');
    const s = only(shared);
    assert.equal(where(s), 'AL201 prod/kustomization.yaml:5:12');
    assert.deepEqual(titles(s), ['Allow only amd64 (what every image of the pod publishes) — as a new inline patch in kustomization.yaml (preferred)']);
    const patched = applyAndRecheck(shared, '/w/prod', s, s.fixes![0]);
    assert.deepEqual([...patched.keys()], ['/w/prod/kustomization.yaml']);

    const alone = check(files, '/w/prod');
    const a = only(alone);
    assert.deepEqual(titles(a), ['Allow only amd64 (what every image of the pod publishes) — in ../base/deploy.yaml (preferred)']);
    const edited = applyAndRecheck(alone, '/w/prod', a, a.fixes![0]);
    assert.equal(edited.get('/w/base/deploy.yaml'), deployment('multi:1', `      nodeSelector:\n        kubernetes.io/arch: amd64\n${AFFINITY}`));
  });

  it('a constraint in a component several overlays use is overridden by a new patch of the overlay', () => {
    const c = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/components/wide/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: arch.yaml\n',
      '/w/components/wide/arch.yaml': header + AFFINITY,
      '/w/a/kustomization.yaml': 'resources:\n- ../base\ncomponents:\n- ../components/wide\n',
      '/w/b/kustomization.yaml': 'resources:\n- ../base\ncomponents:\n- ../components/wide\n',
    }, '/w/a');
    const f = only(c);
    assert.equal(where(f), 'AL201 components/wide/arch.yaml:15:25');
    assert.deepEqual(titles(f), ['Allow only amd64 (what every image of the pod publishes) — as a new inline patch in ../../a/kustomization.yaml (preferred)']);
    const files = applyAndRecheck(c, '/w/a', f, f.fixes![0]);
    assert.deepEqual([...files.keys()], ['/w/a/kustomization.yaml']);
  });

  it('the overlay\'s own resource is edited in place, like a plain manifest', () => {
    const c = check({ '/w/app/kustomization.yaml': 'resources:\n- deploy.yaml\n', '/w/app/deploy.yaml': deployment('amdonly:1') }, '/w/app');
    const f = only(c);
    assert.equal(titles(f)[0], 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64) — in deploy.yaml (preferred)');
    const files = applyAndRecheck(c, '/w/app', f, f.fixes![0]);
    assert.equal(files.get('/w/app/deploy.yaml'), deployment('amdonly:1', '      nodeSelector:\n        kubernetes.io/arch: amd64\n'));
  });

  it('a digest an images: entry pins is replaced in the entry (AL205)', () => {
    const c = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('multi:0'),
      '/w/prod/kustomization.yaml': `resources:\n- ../base\nimages:\n- name: multi\n  newTag: "1"\n  digest: ${DIGEST(100)}\n`,
    }, '/w/prod');
    assert.deepEqual(c.findings.map(where), ['AL202 prod/kustomization.yaml:5:11', 'AL205 prod/kustomization.yaml:6:11']);
    const al205 = c.findings[1];
    assert.deepEqual(titles(al205), [`Pin the multi-platform index (${DIGEST(1).slice(0, 19)}…) — in kustomization.yaml (preferred)`]);
    const files = applyAndRecheck(c, '/w/prod', al205, al205.fixes![0]);
    assert.equal(files.get('/w/prod/kustomization.yaml'), `resources:\n- ../base\nimages:\n- name: multi\n  newTag: "1"\n  digest: ${DIGEST(1)}\n`);
  });

  it('a value fix in a base several overlays share is offered, never preferred', () => {
    const files = {
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1', '      nodeSelector:\n        kubernetes.io/arch: x86_64\n'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\n',
      '/w/staging/kustomization.yaml': 'resources:\n- ../base\n',
    };
    const c = check(files, '/w/prod');
    const f = only(c);
    assert.equal(where(f), 'AL101 base/deploy.yaml:9:29');
    assert.deepEqual(titles(f), ['Replace "x86_64" with "amd64" — in deploy.yaml']);
    assert.match(applyAndRecheck(c, '/w/prod', f, f.fixes![0]).get('/w/base/deploy.yaml')!, /kubernetes.io\/arch: amd64\n/);
    // Checked alone, the base's own fix is preferred.
    const alone = check({ ...files, '/w/staging/kustomization.yaml': 'resources: []\n' }, '/w/prod');
    assert.deepEqual(titles(only(alone)), ['Replace "x86_64" with "amd64" — in deploy.yaml (preferred)']);
  });
});
