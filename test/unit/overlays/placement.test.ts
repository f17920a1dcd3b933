import * as assert from 'node:assert/strict';
import { check, checkTree, deployment, where } from './helpers';

const BASE = {
  '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
  '/w/base/deploy.yaml': deployment('multi:1'),
};
const ARM_PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: arm64\n';

describe('overlays: findings where the user can fix them', () => {
  it('an images: entry that swaps in an amd64-only image: AL202 on the entry, no overlay named (it is the overlay\'s own file)', () => {
    const c = check({
      ...BASE,
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: multi\n  newName: amdonly\n  newTag: "1"\n',
    }, '/w/prod');
    assert.deepEqual(c.findings.map(where), ['AL202 prod/kustomization.yaml:5:12']);
    assert.match(c.findings[0].message, /^"amdonly:1" may be scheduled on nodes it cannot run on: .*\. Container "app" of Deployment "web": it publishes only linux\/amd64/);
    assert.doesNotMatch(c.findings[0].message, /overlay/);
  });

  it('an entry that only changes the tag points at newTag; one that keeps a multi-arch image is quiet', () => {
    const tagged = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:0'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: amdonly\n  newTag: "1"\n',
    }, '/w/prod');
    assert.deepEqual(tagged.findings.map(where), ['AL202 prod/kustomization.yaml:5:11']);
    const fine = check({ ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: multi\n  newTag: "1"\n' }, '/w/prod');
    assert.deepEqual(fine.findings.map(where), []);
  });

  it('a patch that adds nodeSelector arm64 to a base with an amd64-only image: AL201 on the patch line, the image related', () => {
    const c = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: arch.yaml\n',
      '/w/prod/arch.yaml': ARM_PATCH,
    }, '/w/prod');
    assert.deepEqual(c.findings.map(where), ['AL201 prod/arch.yaml:9:29']);
    const [f] = c.findings;
    assert.match(f.message, /^"amdonly:1" lacks an architecture the pod allows \(arm64\)\. Container "app" of Deployment "web": it publishes only linux\/amd64/);
    assert.deepEqual(f.related?.map((r) => `${r.file!.replace('/w/', '')}:${r.range.start.line + 1} ${r.message}`), [
      'base/deploy.yaml:10 the image, as written here',
      'prod/arch.yaml:9 the nodeSelector constraint (arm64)',
    ]);
  });

  it('the same base without the patch: AL202 on the base line, naming the overlay', () => {
    const c = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\nnamePrefix: prod-\n',
    }, '/w/prod');
    assert.deepEqual(c.findings.map(where), ['AL202 base/deploy.yaml:10:16']);
    assert.match(c.findings[0].message, /Deployment "prod-web".*\(overlay \.\.\/prod\)$/);
  });

  it('a patch that constrains to amd64 silences the base\'s amd64-only image; a patch that sets the image is where the image is', () => {
    const ok = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: arch.yaml\n',
      '/w/prod/arch.yaml': ARM_PATCH.replace('arm64', 'amd64'),
    }, '/w/prod');
    assert.deepEqual(ok.findings.map(where), []);
    const image = check({
      ...BASE,
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: image.yaml\n',
      '/w/prod/image.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: armonly:1\n',
    }, '/w/prod');
    assert.deepEqual(image.findings.map(where), ['AL202 prod/image.yaml:10:16']);
  });

  it('a constraint written in the base and an image from a patch: AL201 at the patch\'s image', () => {
    const c = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('multi:1', '      nodeSelector:\n        kubernetes.io/arch: amd64\n'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n- name: multi\n  newName: armonly\n',
    }, '/w/prod');
    assert.deepEqual(c.findings.map(where), ['AL201 prod/kustomization.yaml:5:12']);
  });

  it('a base used by two overlays is checked through each, its findings naming each overlay, and never alone', () => {
    const results = checkTree({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/overlays/prod/kustomization.yaml': 'resources:\n- ../../base\n',
      '/w/overlays/staging/kustomization.yaml': 'resources:\n- ../../base\nnamespace: staging\n',
    });
    assert.deepEqual([...results.keys()], ['/w/overlays/prod', '/w/overlays/staging']);
    const all = [...results.values()].flatMap((c) => c.findings);
    assert.deepEqual(all.map(where), ['AL202 base/deploy.yaml:10:16', 'AL202 base/deploy.yaml:10:16']);
    assert.deepEqual(all.map((f) => /\(overlay ([^)]+)\)$/.exec(f.message)?.[1]), ['../overlays/prod', '../overlays/staging']);
  });

  it('a base that no overlay of the tree uses is checked on its own', () => {
    const results = checkTree({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/other/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/other/deploy.yaml': deployment('multi:1'),
    });
    assert.deepEqual([...results.keys()], ['/w/base', '/w/other']);
    const all = [...results.values()].flatMap((c) => c.findings);
    assert.deepEqual(all.map(where), ['AL202 base/deploy.yaml:10:16']);
    assert.doesNotMatch(all[0].message, /overlay/);
  });

  it('a component shared by overlays: its patch is where the constraint is, and findings name the overlay', () => {
    const results = checkTree({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/components/arm/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: arch.yaml\n',
      '/w/components/arm/arch.yaml': ARM_PATCH,
      '/w/overlays/a/kustomization.yaml': 'resources:\n- ../../base\ncomponents:\n- ../../components/arm\n',
      '/w/overlays/b/kustomization.yaml': 'resources:\n- ../../base\ncomponents:\n- ../../components/arm\n',
    });
    const all = [...results.values()].flatMap((c) => c.findings);
    assert.deepEqual(all.map(where), ['AL201 components/arm/arch.yaml:9:29', 'AL201 components/arm/arch.yaml:9:29']);
    assert.deepEqual(all.map((f) => /\(overlay ([^)]+)\)$/.exec(f.message)?.[1]), ['../../overlays/a', '../../overlays/b']);
  });

  it('a suppression comment in the base silences the finding in every overlay; an annotation too', () => {
    const commented = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1').replace('        image:', '        # archlens ignore=AL202\n        image:'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\n',
    }, '/w/prod');
    assert.deepEqual(commented.findings.map(where), []);
    const onKind = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': `# archlens ignore=unconstrained-single-arch\n${deployment('amdonly:1')}`,
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\n',
    }, '/w/prod');
    assert.deepEqual(onKind.findings.map(where), []);
    const annotated = check({
      '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
      '/w/base/deploy.yaml': deployment('amdonly:1'),
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\ncommonAnnotations:\n  archlens.dev/ignore: AL202\n',
    }, '/w/prod');
    assert.deepEqual(annotated.findings.map(where), []);
  });

  it('offline rules are placed too: a mistyped arch value in a patch is reported in the patch', () => {
    const c = check({
      ...BASE,
      '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: arch.yaml\n',
      '/w/prod/arch.yaml': ARM_PATCH.replace('arm64', 'aarch64'),
    }, '/w/prod');
    // AL208 (a hint): multi:1 could also run on amd64.
    assert.deepEqual(c.findings.map(where), ['AL208 prod/arch.yaml:9:9', 'AL101 prod/arch.yaml:9:29']);
  });
});
