import * as assert from 'node:assert/strict';
import { check, checkTree, deployment, where } from './helpers';

const BASE = { '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n', '/w/base/deploy.yaml': deployment('amdonly:1') };

/** "severity file:line:column: message" of each problem. */
function problems(files: Record<string, string>, dir: string): string[] {
  return check(files, dir).problems;
}

describe('overlays: bad input is said once, in kustomize\'s words, and the rest is checked', () => {
  it('a missing resource: an error at its entry; the base is still checked', () => {
    const files = { ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\n- missing.yaml\n' };
    assert.deepEqual(problems(files, '/w/prod'), [
      "error prod/kustomization.yaml:3:3: accumulating resources from 'missing.yaml': lstat /w/prod/missing.yaml: no such file or directory (kustomize build fails here; archlens checks the rest)",
    ]);
    assert.deepEqual(check(files, '/w/prod').findings.map(where), ['AL202 base/deploy.yaml:10:16']);
  });

  it('a cycle: an error at the entry that closes it', () => {
    const files = { '/w/a/kustomization.yaml': 'resources:\n- ../b\n- deploy.yaml\n', '/w/a/deploy.yaml': deployment('amdonly:1'), '/w/b/kustomization.yaml': 'resources:\n- ../a\n' };
    assert.deepEqual(problems(files, '/w/a'), [
      "error b/kustomization.yaml:2:3: cycle detected: candidate root '/w/a' contains visited root '/w/a' (kustomize build fails here; archlens checks the rest)",
    ]);
    // Two kustomizations that only use each other are still checked (each reaches no root otherwise).
    const tree = checkTree(files);
    assert.deepEqual([...tree.keys()], ['/w/a']);
    assert.deepEqual(tree.get('/w/a')!.findings.map(where), ['AL202 a/deploy.yaml:10:16']);
  });

  it('a patch whose target matches nothing: kustomize\'s error for a patch by name, a warning for a target selector', () => {
    const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nope\nspec:\n  replicas: 2\n';
    assert.deepEqual(problems({ ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: p.yaml\n', '/w/prod/p.yaml': patch }, '/w/prod'), [
      'error prod/kustomization.yaml:4:9: no resource matches strategic merge patch "Deployment.v1.apps/nope.[noNs]": no matches for Id Deployment.v1.apps/nope.[noNs]; failed to find unique target for patch Deployment.v1.apps/nope.[noNs] (kustomize build fails here; archlens checks the rest)',
    ]);
    assert.deepEqual(problems({ ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\npatches:\n- path: p.yaml\n  target:\n    kind: StatefulSet\n', '/w/prod/p.yaml': patch }, '/w/prod'), [
      'warning prod/kustomization.yaml:4:3: patch target {kind: StatefulSet} matches no resource: the patch changes nothing (kustomize builds without it)',
    ]);
  });

  it('a component\'s targeted patch that matches nothing in one overlay: an info, not a warning (components serve overlays with different resources)', () => {
    const patch = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: any\nspec:\n  replicas: 2\n';
    const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: p.yaml\n  target:\n    kind: StatefulSet\n';
    assert.deepEqual(problems({ ...BASE, '/w/common/kustomization.yaml': component, '/w/common/p.yaml': patch, '/w/prod/kustomization.yaml': 'resources:\n- ../base\ncomponents:\n- ../common\n' }, '/w/prod'), [
      'info common/kustomization.yaml:4:3: patch target {kind: StatefulSet} matches no resource in this overlay: the component\'s patch changes nothing here',
    ]);
  });

  it('a malformed kustomization: the YAML error where it is; a field of the wrong shape at the field', () => {
    assert.deepEqual(problems({ ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages: [\n' }, '/w/prod'), [
      'error prod/kustomization.yaml:4:1: invalid Kustomization: yaml: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    assert.deepEqual(problems({ ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages:\n  name: x\n' }, '/w/prod'), [
      'error prod/kustomization.yaml:4:3: invalid Kustomization: json: cannot unmarshal object into Go struct field Kustomization.images of type []types.Image (kustomize build fails here; archlens checks the rest)',
    ]);
    // The overlay cannot be read, so nothing uses the base: it is checked on its own.
    const tree = checkTree({ ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\nimages: [\n' });
    assert.deepEqual([...tree.keys()], ['/w/base', '/w/prod']);
    assert.deepEqual(tree.get('/w/base')!.findings.map(where), ['AL202 base/deploy.yaml:10:16']);
  });

  it('a resource broken on many lines: one error, the first, as kustomize stops there (starrocks-kubernetes-operator test/cluster)', () => {
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  \ta: 1\n  \tb: 2\n  \tc: 3\n';
    const files = { '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n- bad.yaml\n', '/w/base/deploy.yaml': deployment('amdonly:1'), '/w/base/bad.yaml': bad };
    const found = problems(files, '/w/base');
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^error base\/bad\.yaml:6:.*MalformedYAMLError: yaml: Tabs/);
    assert.deepEqual(check(files, '/w/base').findings.map(where), ['AL202 base/deploy.yaml:10:16']);
  });
  it('a resource that is not YAML: an error in that file; the others are checked', () => {
    const files = { '/w/base/kustomization.yaml': 'resources:\n- deploy.yaml\n- bad.yaml\n', '/w/base/deploy.yaml': deployment('amdonly:1'), '/w/base/bad.yaml': 'kind: [\n' };
    assert.deepEqual(problems(files, '/w/base'), [
      "error base/bad.yaml:2:1: accumulating resources from 'bad.yaml': MalformedYAMLError: yaml: Flow sequence in block collection must be sufficiently indented and end with a ] (kustomize build fails here; archlens checks the rest)",
    ]);
    assert.deepEqual(check(files, '/w/base').findings.map(where), ['AL202 base/deploy.yaml:10:16']);
  });

  it('what is not checked is said as an info: a remote resource, a generator', () => {
    assert.deepEqual(problems({ ...BASE, '/w/prod/kustomization.yaml': 'resources:\n- ../base\n- https://github.com/x/y//config?ref=v1\nconfigMapGenerator:\n- name: c\n  literals: [a=b]\n' }, '/w/prod'), [
      'info prod/kustomization.yaml:4:1: configMapGenerator ignored: generated ConfigMaps carry no architecture',
      'info prod/kustomization.yaml:3:3: remote resource not fetched: https://github.com/x/y//config?ref=v1',
    ]);
  });
});
