/**
 * kustomize's `--load-restrictor LoadRestrictionsNone`, taken from the repository's own build files:
 * without them a kustomization reading ../file fails as kustomize fails; with a Makefile (script,
 * workflow) building with the flag, the overlay builds as `kubectl kustomize --load-restrictor
 * LoadRestrictionsNone` builds it (checked against kubectl where it is installed).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { MemorySource } from '../../../server/src/helm/chart';
import { buildsUnrestricted, loadRestrictorOf } from '../../../server/src/units/kustomize/load-restrictor';
import { buildOf } from '../../../server/src/units/kustomize/unit-source';
import { kubectlVersion } from '../../oracles/kustomize/kubectl';
import { canonical } from '../kustomize/helpers';
import { check, deployment } from './helpers';

const PATCH = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/arch: amd64\n';

/** An overlay that reads a resource and a patch from its parent folder (relative to the repository root). */
const OUTSIDE_ROOT: Record<string, string> = {
  'app/deploy.yaml': deployment('multi:1'),
  'app/patch.yaml': PATCH,
  'app/overlay/kustomization.yaml': 'resources:\n- ../deploy.yaml\npatches:\n- path: ../patch.yaml\n',
};
const MAKEFILE = 'TEMPLATES ?= app\n\ntemplates:\n\t$(KUSTOMIZE) build $(TEMPLATES)/overlay \\\n\t  --load-restrictor LoadRestrictionsNone > out.yaml\n';

const under = (root: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([rel, text]) => [`${root}/${rel}`, text]));

describe('overlays: load restrictor from the repository build files', () => {
  it('recognises kustomize builds with LoadRestrictionsNone, and only those', () => {
    const table: Array<[string, boolean]> = [
      ['kustomize build overlay --load-restrictor LoadRestrictionsNone', true],
      ['kustomize build --load-restrictor=LoadRestrictionsNone overlay', true],
      ['kubectl kustomize --load-restrictor LoadRestrictionsNone config/e2e', true],
      ['\t$(KUSTOMIZE) build $(DIR)/main \\\n\t  --load-restrictor "LoadRestrictionsNone" > x.yaml', true],
      ['kubectl apply -k overlay --load-restrictor=LoadRestrictionsNone', true],
      ['kustomize build --load_restrictor LoadRestrictionsNone .', true],
      ['kustomize build overlay --load-restrictor LoadRestrictionsRootOnly', false],
      ['kustomize build overlay', false],
      ['helm template x --set loadRestrictor=LoadRestrictionsNone', false],
      ['kustomize build overlay\necho --load-restrictor LoadRestrictionsNone', false],
    ];
    for (const [text, want] of table) assert.equal(buildsUnrestricted(text), want, text);
  });

  it('without evidence a file outside the kustomization folder is an error, as kustomize says it', () => {
    const c = check(under('/w', OUTSIDE_ROOT), '/w/app/overlay');
    assert.ok(
      c.problems.some((p) => p.startsWith('error app/overlay/kustomization.yaml') && p.includes("security; file '/w/app/deploy.yaml' is not in or below '/w/app/overlay'")),
      c.problems.join('\n'),
    );
    assert.ok(c.problems.some((p) => p.includes("security; file '/w/app/patch.yaml' is not in or below '/w/app/overlay'")), c.problems.join('\n'));
  });

  it('a Makefile building with LoadRestrictionsNone lets the overlay read ../ files: no problems, the patch applied', () => {
    const c = check(under('/w', { ...OUTSIDE_ROOT, Makefile: MAKEFILE }), '/w/app/overlay');
    assert.deepEqual(c.problems, []);
    const build = buildOf(new MemorySource(under('/w', { ...OUTSIDE_ROOT, Makefile: MAKEFILE })), '/w/app/overlay');
    assert.deepEqual(build.documents.map((d) => parse(d.text).spec.template.spec.nodeSelector), [{ 'kubernetes.io/arch': 'amd64' }]);
  });

  it('a script in hack/ or a workflow counts; a build file of a sibling folder does not', () => {
    const at = (files: Record<string, string>) => loadRestrictorOf(new MemorySource(under('/w', { ...OUTSIDE_ROOT, ...files })), '/w/app/overlay');
    assert.equal(at({ 'hack/gen.sh': '#!/bin/sh\nkubectl kustomize --load-restrictor=LoadRestrictionsNone app/overlay\n' }), 'LoadRestrictionsNone');
    assert.equal(at({ '.github/workflows/ci.yaml': 'jobs:\n  t:\n    steps:\n    - run: kustomize build --load-restrictor LoadRestrictionsNone app/overlay\n' }), 'LoadRestrictionsNone');
    assert.equal(at({ 'other/Makefile': MAKEFILE }), 'LoadRestrictionsRootOnly');
    assert.equal(at({ Makefile: 'build:\n\tkustomize build app/overlay\n' }), 'LoadRestrictionsRootOnly');
  });

  it('a Bazel macro the overlay\'s BUILD file loads counts, its kustomize command written as a Starlark list (cockroach-operator hack/build/kustomize.bzl)', () => {
    const BZL = [
      'def kustomization(name, srcs):',
      '  build_cmd = " ".join([',
      '      "$(location //hack/bin:kustomize)",',
      '      "build",',
      '      "--load-restrictor=LoadRestrictionsNone", # allow symlinks because bazel',
      '      "$$(dirname $(location :{}))".format(name)])',
      '',
    ].join('\n');
    const BUILD = 'load("//hack/build:kustomize.bzl", "kustomization")\n\nkustomization(name = "manifest", srcs = glob(["**"]))\n';
    const at = (files: Record<string, string>) => loadRestrictorOf(new MemorySource(under('/w', { ...OUTSIDE_ROOT, WORKSPACE: '', ...files })), '/w/app/overlay');
    assert.equal(at({ 'hack/build/kustomize.bzl': BZL, 'app/overlay/BUILD.bazel': BUILD }), 'LoadRestrictionsNone');
    assert.equal(at({ 'app/kustomize.bzl': BZL, 'app/BUILD': 'load(":kustomize.bzl", "kustomization")\n' }), 'LoadRestrictionsNone');
    assert.deepEqual(check(under('/w', { ...OUTSIDE_ROOT, WORKSPACE: '', 'hack/build/kustomize.bzl': BZL, 'app/overlay/BUILD.bazel': BUILD }), '/w/app/overlay').problems, []);
    // Not loaded by a BUILD file of the overlay or above it, a macro without the flag, or one of another repository.
    assert.equal(at({ 'hack/build/kustomize.bzl': BZL }), 'LoadRestrictionsRootOnly');
    assert.equal(at({ 'hack/build/kustomize.bzl': BZL.replace('"--load-restrictor=LoadRestrictionsNone", ', ''), 'app/overlay/BUILD.bazel': BUILD }), 'LoadRestrictionsRootOnly');
    assert.equal(at({ 'hack/build/kustomize.bzl': BZL, 'app/overlay/BUILD.bazel': BUILD.replace('"//hack', '"@rules_k8s//hack') }), 'LoadRestrictionsRootOnly');
  });

  it('the kustomization itself saying how it is built counts, for that overlay only (contour examples/optional-features)', () => {
    const commented = `# Run with:\n#   kubectl kustomize --load-restrictor=LoadRestrictionsNone app/overlay/\n${OUTSIDE_ROOT['app/overlay/kustomization.yaml']}`;
    const files = { ...OUTSIDE_ROOT, 'app/overlay/kustomization.yaml': commented, 'app/other/kustomization.yaml': 'resources:\n- ../deploy.yaml\n' };
    assert.deepEqual(check(under('/w', files), '/w/app/overlay').problems, []);
    assert.equal(loadRestrictorOf(new MemorySource(under('/w', files)), '/w/app/other'), 'LoadRestrictionsRootOnly');
    const plain = { ...OUTSIDE_ROOT, 'app/overlay/kustomization.yaml': `# Build with kubectl kustomize app/overlay\n${OUTSIDE_ROOT['app/overlay/kustomization.yaml']}` };
    assert.equal(loadRestrictorOf(new MemorySource(under('/w', plain)), '/w/app/overlay'), 'LoadRestrictionsRootOnly');
  });

  describe('Flux: kustomize-controller builds every Kustomization path with LoadRestrictionsNone (xunholy/k8s-gitops)', () => {
    /** An overlay reading a file of another folder, in a repository (`.git`) a Flux source serves from kubernetes/. */
    const TREE: Record<string, string> = {
      '.git/HEAD': 'ref: refs/heads/main\n',
      'kubernetes/apps/base/web/deploy.yaml': deployment('multi:1'),
      'kubernetes/apps/overlays/cluster-00/kustomization.yaml': 'resources:\n  - ../../base/web/deploy.yaml\n',
    };
    const flux = (at: string, api = 'kustomize.toolkit.fluxcd.io/v1') =>
      `---\napiVersion: ${api}\nkind: Kustomization\nmetadata:\n  name: cluster\n  namespace: flux-system\nspec:\n  path: ${at}\n  prune: true\n  sourceRef:\n    kind: OCIRepository\n    name: flux-system\n`;
    const overlay = '/w/kubernetes/apps/overlays/cluster-00';
    const refused = (files: Record<string, string>) => check(under('/w', files), overlay).problems.filter((p) => p.includes('security; file'));

    it('a Flux Kustomization whose spec.path is the overlay (relative to its source, or with a ${VAR} segment) lets it read files outside its folder', () => {
      for (const at of ['./apps/overlays/cluster-00', 'kubernetes/apps/overlays/cluster-00/', './apps/overlays/${CLUSTER}']) {
        const files = { ...TREE, 'kubernetes/clusters/cluster-00/ks.yaml': flux(at) };
        assert.deepEqual(check(under('/w', files), overlay).problems, [], at);
        const build = buildOf(new MemorySource(under('/w', files)), overlay);
        assert.equal(build.documents.length, 1, at);
      }
    });

    it('still refused: no Flux Kustomization, one for another folder, one in a dot-folder (an archive), another API group', () => {
      assert.equal(refused(TREE).length, 1);
      assert.equal(refused({ ...TREE, 'kubernetes/clusters/cluster-00/ks.yaml': flux('./apps/overlays/cluster-01') }).length, 1);
      assert.equal(refused({ ...TREE, 'kubernetes/clusters/cluster-00/ks.yaml': flux('./overlays/cluster-00/app') }).length, 1);
      assert.equal(refused({ ...TREE, '.archive/clusters/ks.yaml': flux('./apps/overlays/cluster-00') }).length, 1);
      assert.equal(refused({ ...TREE, 'kubernetes/clusters/cluster-00/ks.yaml': flux('./apps/overlays/cluster-00', 'example.com/v1') }).length, 1);
      assert.equal(refused({ ...TREE, 'kubernetes/clusters/cluster-00/ks.yaml': flux('./') }).length, 1);
    });

    it('a hostile file beside it (an alias bomb, nesting past the bound) is read without a crash and names nothing', () => {
      const bomb = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\na: &a [x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(9).fill(i === 0 ? '*a' : `*${'b'.repeat(i)}`).join(', ')}]`).join('\n')}\nspec:\n  path: ./elsewhere\n`;
      const deep = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
      assert.equal(refused({ ...TREE, 'kubernetes/clusters/bomb.yaml': bomb, 'kubernetes/clusters/deep.yaml': deep }).length, 1);
    });
  });

  describe('against kubectl kustomize', function () {
    this.timeout(60000);
    let dir: string;
    before(function () {
      if (!kubectlVersion()) this.skip();
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-restrictor-')));
      for (const [rel, text] of Object.entries(OUTSIDE_ROOT)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
    });
    after(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('builds what `kubectl kustomize --load-restrictor LoadRestrictionsNone` builds; kubectl without the flag fails', () => {
      const overlay = path.join(dir, 'app/overlay');
      const out = execFileSync('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', overlay], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
      const want = parseAllDocuments(out).map((d) => canonical(d.toJS()));
      const build = buildOf(new MemorySource(under('/w', { ...OUTSIDE_ROOT, Makefile: MAKEFILE })), '/w/app/overlay');
      assert.deepEqual(build.problems, []);
      assert.deepEqual(build.documents.map((d) => canonical(parse(d.text))), want);
      assert.throws(
        () => execFileSync('kubectl', ['kustomize', overlay], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: '/dev/null' } }),
        (e: { stderr?: string }) => String(e.stderr).includes(`security; file '${dir}/app/deploy.yaml' is not in or below '${overlay}'`),
      );
    });
  });
});
