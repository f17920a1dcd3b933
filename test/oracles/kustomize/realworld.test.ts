/**
 * The oracle: every kustomization of ../shared/corpus/realworld built by archlens in-process and
 * by `kubectl kustomize` (kustomize v5 embedded in kubectl), run here and now. The resolved
 * workloads — ids, containers and their images, nodeSelector and nodeAffinity — must be equal,
 * and so must the whole output, in order, except where listed with the reason. The ones kubectl
 * cannot build offline are listed with the reason, and archlens must report the same cause.
 *
 * kubectl runs live rather than from recordings: the oracle is the real tool on the corpus as it
 * is, so neither a corpus update nor a kubectl update can leave a stale expectation behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { buildKustomization } from '../../../server/src/kustomize/build';
import type { OverlayBuild, ProblemKind } from '../../../server/src/kustomize/model';
import { nodeSource, toEnginePath } from '../../../server/src/kustomize/node-source';
import { KUSTOMIZATION_FILE_NAMES } from '../../../server/src/kustomize/source';
import { canonical } from '../../unit/kustomize/helpers';
import { mapLimit, requireKubectl, runKubectlKustomize, type KubectlResult } from './kubectl';
import { ids, workloads } from './workloads';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared');
const REALWORLD = path.join(SHARED, 'corpus', 'realworld');

interface Expected {
  why: string;
  /** What archlens must report instead: a problem of this kind whose message says this. */
  kind: ProblemKind;
  says: string;
}

const SAMENESS_BASE: Expected = {
  why: 'its base ../../../bases/sameness/peering/acceptor is not in the corpus',
  kind: 'kustomize-error',
  says: 'no such file or directory',
};
const GATEWAY_CRDS: Expected = {
  why: 'its only resource is a github.com remote base, which cannot be fetched offline',
  kind: 'remote-resource',
  says: 'remote resource not fetched: github.com/kubernetes-sigs/gateway-api/config/crd/experimental?ref=',
};
const LONE_COMPONENT: Expected = {
  why: 'a Component built alone: its patch targets the metrics-server Deployment of the base it does not include',
  kind: 'kustomize-error',
  says: 'no matches for Id Deployment.v1.apps/metrics-server.kube-system',
};

/** Kustomizations kubectl cannot build here, and why. */
const KUBECTL_FAILS: Record<string, Expected> = {
  'hashicorp__consul-k8s/acceptance/tests/fixtures/cases/sameness/cluster-01-a-acceptor': SAMENESS_BASE,
  'hashicorp__consul-k8s/acceptance/tests/fixtures/cases/sameness/cluster-01-b-acceptor': SAMENESS_BASE,
  'hashicorp__consul-k8s/acceptance/tests/fixtures/cases/sameness/cluster-02-a-acceptor': SAMENESS_BASE,
  'hashicorp__consul-k8s/acceptance/tests/fixtures/cases/sameness/cluster-03-a-acceptor': SAMENESS_BASE,
  'hashicorp__consul-k8s/acceptance/tests/fixtures/cases/terminating-gateway-secret-rotation': {
    why: 'its patch names a TerminatingGateway "tg" that its base does not define',
    kind: 'kustomize-error',
    says: 'no matches for Id TerminatingGateway.v1alpha1.consul.hashicorp.com/tg.[noNs]',
  },
  'hashicorp__consul-k8s/control-plane/config/crd/external': GATEWAY_CRDS,
  'hashicorp__consul-k8s/control-plane/config/crd/external copy': GATEWAY_CRDS,
  'kubernetes-sigs__metrics-server/manifests/components/autoscale': LONE_COMPONENT,
  'kubernetes-sigs__metrics-server/manifests/components/high-availability': LONE_COMPONENT,
  'kubernetes-sigs__metrics-server/manifests/components/high-availability-1.21+': LONE_COMPONENT,
};

/** Builds whose whole output differs from kubectl's while their workloads are equal, and why. */
const OUTPUT_DIFFERS: Record<string, string> = {
  'kedacore__keda/config/default': 'its `transformers:` entry (a LabelTransformer plugin config setting app.kubernetes.io/version) is not run: only labels differ',
  'kedacore__keda/config/minimal': 'its `transformers:` entry (a LabelTransformer plugin config setting app.kubernetes.io/version) is not run: only labels differ',
};

function findKustomizations(dir: string, out: string[] = []): string[] {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(e.name))) out.push(dir);
  for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) findKustomizations(path.join(dir, e.name), out);
  return out;
}

describe('oracle: kustomize builds of ../shared/corpus/realworld equal kubectl kustomize', function () {
  this.timeout(15 * 60 * 1000);
  if (!fs.existsSync(REALWORLD)) {
    if (process.env.ARCHLENS_ALLOW_MISSING_SHARED === '1') return;
    throw new Error(`shared corpus not found at ${REALWORLD} (set ARCHLENS_ALLOW_MISSING_SHARED=1 to skip)`);
  }
  if (!requireKubectl()) return;
  const dirs = findKustomizations(REALWORLD).sort();
  const rel = (d: string) => path.relative(REALWORLD, d).split(path.sep).join('/');
  const kubectl = new Map<string, KubectlResult>();
  const ours = new Map<string, OverlayBuild>();

  before(async () => {
    const results = await mapLimit(dirs, 4, (d) => runKubectlKustomize(d));
    dirs.forEach((d, i) => kubectl.set(rel(d), results[i]));
    for (const d of dirs) ours.set(rel(d), buildKustomization(nodeSource(), toEnginePath(d)));
  });

  it('the corpus holds the kustomizations the issue counts (consul-k8s ~134, keda and metrics-server 11 each)', () => {
    const count = (prefix: string) => dirs.filter((d) => rel(d).startsWith(prefix)).length;
    assert.ok(count('hashicorp__consul-k8s/') >= 130, `${count('hashicorp__consul-k8s/')}`);
    assert.equal(count('kedacore__keda/'), 11);
    assert.equal(count('kubernetes-sigs__metrics-server/'), 11);
  });

  it('kubectl builds every kustomization offline but the listed ones', () => {
    const failing = [...kubectl].filter(([, r]) => !r.ok).map(([d]) => d).sort();
    assert.deepEqual(failing, Object.keys(KUBECTL_FAILS).sort(), failing.map((d) => `${d}: ${(kubectl.get(d) as { error?: string }).error ?? ''}`).join('\n'));
  });

  for (const [dir, expected] of Object.entries(KUBECTL_FAILS)) {
    it(`${dir}: archlens says why (${expected.why})`, () => {
      const build = ours.get(dir);
      assert.ok(build, 'not built');
      assert.ok(
        build.problems.some((p) => p.kind === expected.kind && p.message.includes(expected.says)),
        build.problems.map((p) => `${p.kind}: ${p.message}`).join('\n'),
      );
    });
  }

  for (const d of dirs) {
    const name = rel(d);
    if (KUBECTL_FAILS[name]) continue;
    it(`${name}: same workloads, images and node constraints${OUTPUT_DIFFERS[name] ? '' : ', same output'}`, () => {
      const result = kubectl.get(name);
      assert.ok(result?.ok, `kubectl failed: ${(result as { error?: string } | undefined)?.error}`);
      const build = ours.get(name) as OverlayBuild;
      assert.deepEqual(build.problems.filter((p) => p.level === 'error').map((p) => p.message), []);
      const want = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
      const got = build.documents.map((doc) => parse(doc.text));
      assert.deepEqual(workloads(got), workloads(want));
      assert.deepEqual(ids(got), ids(want), 'resources or their order differ');
      const same = JSON.stringify(got.map(canonical)) === JSON.stringify(want.map(canonical));
      if (OUTPUT_DIFFERS[name]) assert.ok(!same, `listed as differing (${OUTPUT_DIFFERS[name]}) but equal: remove it from OUTPUT_DIFFERS`);
      else assert.deepEqual(got.map(canonical), want.map(canonical));
    });
  }
});
