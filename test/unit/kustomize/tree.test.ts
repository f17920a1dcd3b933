/**
 * Which kustomizations of a tree to check: a base is checked through the overlays that use it,
 * on its own only when nothing uses it; components only through their users.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeSource, toEnginePath } from '../../../server/src/kustomize/node-source';
import { memorySource } from '../../../server/src/kustomize/source';
import { isKustomizationFile, listKustomizations } from '../../../server/src/kustomize/tree';

const REALWORLD = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'realworld');

describe('kustomize: kustomizations of a tree and the ones to check', () => {
  it('roots are the kustomizations nothing uses; bases and components are not', () => {
    const source = memorySource({
      '/w/base/kustomization.yaml': 'resources: []\n',
      '/w/base2/kustomization.yml': 'resources:\n- ../base\n',
      '/w/comp/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      '/w/unused-comp/Kustomization': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      '/w/overlays/a/kustomization.yaml': 'resources:\n- ../../base\ncomponents:\n- ../../comp\n',
      '/w/overlays/b/kustomization.yaml': 'bases:\n- ../../base2\n- github.com/org/repo/x?ref=v1\n',
      '/w/standalone/kustomization.yaml': 'resources:\n- x.yaml\n',
      '/w/broken/kustomization.yaml': 'resources: [\n',
      '/w/node_modules/pkg/kustomization.yaml': 'resources: []\n',
      '/w/.git/kustomization.yaml': 'resources: []\n',
    });
    const tree = listKustomizations(source, '/w');
    assert.deepEqual(tree.kustomizations.map((k) => k.dir), [
      '/w/base', '/w/base2', '/w/broken', '/w/comp', '/w/overlays/a', '/w/overlays/b', '/w/standalone', '/w/unused-comp',
    ]);
    assert.deepEqual(tree.roots, ['/w/broken', '/w/overlays/a', '/w/overlays/b', '/w/standalone']);
    const byDir = Object.fromEntries(tree.kustomizations.map((k) => [k.dir, k]));
    assert.deepEqual(byDir['/w/base'].usedBy, ['/w/base2', '/w/overlays/a']);
    assert.deepEqual(byDir['/w/comp'].usedBy, ['/w/overlays/a']);
    assert.equal(byDir['/w/comp'].kind, 'Component');
    assert.equal(byDir['/w/unused-comp'].file, '/w/unused-comp/Kustomization');
    assert.deepEqual(byDir['/w/overlays/b'].uses, ['/w/base2']);
  });

  it('recognises the three kustomization file names', () => {
    assert.deepEqual(['kustomization.yaml', 'kustomization.yml', 'Kustomization', 'kustomization.json', 'x.yaml'].map((n) => isKustomizationFile(`/a/${n}`)), [true, true, true, false, false]);
  });

  describe('on ../shared/corpus/realworld', () => {
    if (!fs.existsSync(REALWORLD)) {
      if (process.env.ARCHLENS_ALLOW_MISSING_SHARED === '1') return;
      throw new Error(`shared corpus not found at ${REALWORLD} (set ARCHLENS_ALLOW_MISSING_SHARED=1 to skip)`);
    }
    it('checks metrics-server through its five overlays, never its base or components alone', () => {
      const root = toEnginePath(path.join(REALWORLD, 'kubernetes-sigs__metrics-server'));
      const tree = listKustomizations(nodeSource(), root);
      assert.equal(tree.kustomizations.length, 11);
      assert.deepEqual(tree.roots.map((r) => r.slice(root.length + 1)), [
        'manifests/overlays/release', 'manifests/overlays/release-ha', 'manifests/overlays/release-ha-1.21+', 'manifests/overlays/test', 'manifests/overlays/test-ha',
      ]);
      const base = tree.kustomizations.find((k) => k.dir.endsWith('manifests/base'));
      assert.equal(base?.usedBy.length, 5);
    });

    it('checks keda\'s default, minimal, e2e and samples, each base through them', () => {
      const root = toEnginePath(path.join(REALWORLD, 'kedacore__keda'));
      const tree = listKustomizations(nodeSource(), root);
      assert.deepEqual(tree.roots.map((r) => r.slice(root.length + 1)), ['config/default', 'config/e2e', 'config/minimal', 'config/samples']);
    });
  });
});
