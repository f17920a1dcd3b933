/**
 * The real-world kustomizations of ../shared/corpus/realworld through the built CLI, offline: every
 * finding of an overlay and every problem of a build is listed here and judged. A finding or
 * problem not in the table fails (a new one must be looked at and judged); an entry that no
 * longer appears fails too (the table says what archlens says).
 *
 * Offline, no image's platforms are known: each image an overlay deploys gets AL209 (info), shown
 * where the image is written — the `images:` entry, the patch that sets it, or the base line
 * naming the overlays that build it (once for all of them). No arch constraint is written in these
 * trees, so no offline rule fires.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { archlens, assertNoStack, ensureBuilt } from './helpers';
import { describeWithShared } from '../helpers/shared';


type Verdict = 'expected' | 'unexpected';
interface Entry { at: string; says: string; verdict: Verdict; why: string }

const OFFLINE = 'offline: the image\'s platforms are not in the cache (the run is --offline)';
const ENTRY = `${OFFLINE}; shown at the images: entry that sets it`;
const PATCH = `${OFFLINE}; shown at the patch that sets it`;
const BASE = `${OFFLINE}; shown at the base line, naming the overlays that build it`;
const ALONE = `${OFFLINE}; a kustomization no overlay of the tree uses, checked on its own`;
const OWN = `${OFFLINE}; the overlay's own resource`;

/** An AL209 finding: where, the image, the overlays named (if any). */
const f = (at: string, image: string, through: string | undefined, why: string): Entry =>
  ({ at, says: `Platforms of "${image}" unknown${through ? ` … (${through})` : ''}`, verdict: 'expected', why });
/** A problem of a build: where, how its message starts. */
const p = (at: string, says: string, why: string): Entry => ({ at, says, verdict: 'expected', why });

const MISSING_BASE = 'kubectl kustomize fails the same way: the corpus does not hold bases/sameness/peering';
const AFTER_MISSING = 'the patch\'s target is in the base that could not be read: an info, not a second error (kubectl stops at the first)';

const TABLE: Record<string, { paths: string[]; entries: Entry[] }> = {
  kedacore__keda: {
    paths: ['config'],
    entries: [
      f('AL209 info config/e2e/file_auth/patch_operator.yml:11', 'busybox', undefined, PATCH),
      f('AL209 info config/manager/kustomization.yaml:9', 'ghcr.io/kedacore/keda:main', 'overlays ../default, ../e2e and ../minimal', `${ENTRY} (in the manager base, which three overlays build)`),
      f('AL209 info config/metrics-server/kustomization.yaml:13', 'ghcr.io/kedacore/keda-metrics-apiserver:main', 'overlays ../default, ../e2e and ../minimal', `${ENTRY} (in a base three overlays build)`),
      f('AL209 info config/webhooks/kustomization.yaml:10', 'ghcr.io/kedacore/keda-admission-webhooks:main', 'overlays ../default and ../e2e', `${ENTRY} (in a base two overlays build)`),
      p('info config/default/kustomization.yaml:24', 'transformers ignored: transformer plugin configurations are not run', 'a transformer plugin config archlens does not run; it sets no images or scheduling here'),
      p('info config/minimal/kustomization.yaml:24', 'transformers ignored: transformer plugin configurations are not run', 'as above'),
    ],
  },
  'kubernetes-sigs__metrics-server': {
    paths: ['manifests'],
    entries: [
      f('AL209 info manifests/base/deployment.yaml:21', 'gcr.io/k8s-staging-metrics-server/metrics-server:master', 'overlays ../overlays/test and ../overlays/test-ha', BASE),
      f('AL209 info manifests/components/release/kustomization.yaml:5', 'registry.k8s.io/metrics-server/metrics-server:v0.9.0', 'overlays ../../overlays/release, ../../overlays/release-ha and ../../overlays/release-ha-1.21+', `${ENTRY} (of the release component three overlays use)`),
    ],
  },
  'hashicorp__consul-k8s': {
    paths: ['acceptance/tests/fixtures', 'control-plane/config'],
    entries: [
      f('AL209 info acceptance/tests/fixtures/bases/cloud/hcp-mock/deployment.yaml:22', 'docker.io/achooo/fakeserver:latest', undefined, ALONE),
      f('AL209 info acceptance/tests/fixtures/bases/datadog/fake-intake.yaml:53', 'datadog/fakeintake:latest', 'overlays ../../cases/datadog-dogstatsd-udp, ../../cases/datadog-dogstatsd-uds, ../../cases/datadog-openmetrics and 2 more', BASE),
      f('AL209 info acceptance/tests/fixtures/bases/job-client/job.yaml:19', 'alpine/curl:3.14', 'overlays ../../cases/jobs/job-client-inject, ../../cases/jobs/job-client-inject-grace-period-0s and ../../cases/jobs/job-client-inject-grace-period-10s', BASE),
      f('AL209 info acceptance/tests/fixtures/bases/multiport-app/deployment.yaml:29', 'docker.mirror.hashicorp.services/hashicorp/http-echo:alpine', undefined, ALONE),
      f('AL209 info acceptance/tests/fixtures/bases/multiport-app/deployment.yaml:55', 'docker.mirror.hashicorp.services/hashicorp/http-echo:alpine', undefined, ALONE),
      f('AL209 info acceptance/tests/fixtures/bases/multiport-single-service-app/deployment.yaml:27', 'docker.mirror.hashicorp.services/hashicorp/http-echo:alpine', 'overlays ../../cases/multiport-single-service-app-tproxy and ../../cases/multiport-single-service-tproxy', BASE),
      f('AL209 info acceptance/tests/fixtures/bases/static-client/deployment.yaml:32', 'docker.mirror.hashicorp.services/buildpack-deps:jammy-curl', 'overlays ../../cases/static-client-inject, ../../cases/static-client-inject-multiport, ../../cases/static-client-multi-dc and 16 more', `${BASE} (19 overlays: one finding)`),
      f('AL209 info acceptance/tests/fixtures/bases/static-metrics-app/deployment.yaml:25', 'ishustava/fake-service:0.7.0', undefined, ALONE),
      f('AL209 info acceptance/tests/fixtures/bases/static-server-https/deployment.yaml:20', 'caddy:latest', undefined, ALONE),
      f('AL209 info acceptance/tests/fixtures/bases/static-server-tcp/deployment.yaml:24', 'docker.mirror.hashicorp.services/kschoche/http-echo:latest', undefined, ALONE),
      f('AL209 info acceptance/tests/fixtures/bases/v2-multiport-app/deployment.yaml:27', 'docker.mirror.hashicorp.services/hashicorp/http-echo:alpine', undefined, ALONE),
      f('AL209 info acceptance/tests/fixtures/bases/v2-multiport-app/deployment.yaml:53', 'docker.mirror.hashicorp.services/hashicorp/http-echo:alpine', undefined, ALONE),
      ...['ext-authz-oidc-mesh/dex.yaml:66', 'ext-authz-oidc/dex.yaml:66'].map((at) => f(`AL209 info acceptance/tests/fixtures/cases/api-gateways/${at}`, 'ghcr.io/dexidp/dex:v2.41.1', undefined, OWN)),
      ...['ext-authz-oidc-mesh/oauth2-proxy.yaml:58', 'ext-authz-oidc/oauth2-proxy.yaml:44'].map((at) => f(`AL209 info acceptance/tests/fixtures/cases/api-gateways/${at}`, 'quay.io/oauth2-proxy/oauth2-proxy:v7.6.0', undefined, OWN)),
      ...[48, 93, 138, 183, 228].map((line) => f(`AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/backends.yaml:${line}`, 'hashicorp/http-echo:1.0.0', undefined, OWN)),
      f('AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/backends.yaml:274', 'local/service-d:0.1', undefined, `${OWN} (a locally built image: not in any registry either)`),
      f('AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/backends.yaml:326', 'local/service-e:0.1', undefined, `${OWN} (a locally built image)`),
      f('AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/backends.yaml:341', 'local/ext-proc-http-connect-proxy:0.1', undefined, `${OWN} (a locally built image)`),
      f('AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/ext-components.yaml:54', 'local/route-decider:0.1', undefined, `${OWN} (a locally built image)`),
      f('AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/ext-components.yaml:101', 'local/ext-proc-http:0.1', undefined, `${OWN} (a locally built image)`),
      f('AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/ext-components.yaml:156', 'local/ext-proc-http:0.1', undefined, `${OWN} (a locally built image)`),
      f('AL209 info acceptance/tests/fixtures/cases/api-gateways/ext-proc-failover/common/ext-components.yaml:208', 'local/http-decider-connect-proxy:0.1', undefined, `${OWN} (a locally built image)`),
      ...['ap1-partition-tproxy/patch.yaml:16', 'ap1-partition/patch.yaml:17', 'default-partition-tproxy/patch.yaml:16', 'default-partition/patch.yaml:17']
        .map((at) => f(`AL209 info acceptance/tests/fixtures/cases/sameness/static-client/${at}`, 'anubhavmishra/tiny-tools:latest', undefined, PATCH)),
      ...['dc1-default', 'dc1-partition', 'dc2', 'dc3']
        .map((dir) => f(`AL209 info acceptance/tests/fixtures/cases/sameness/static-server/${dir}/patch.yaml:16`, 'docker.mirror.hashicorp.services/hashicorp/http-echo:alpine', undefined, PATCH)),
      f('AL209 info acceptance/tests/fixtures/cases/static-server-inject/patch.yaml:16', 'docker.mirror.hashicorp.services/kschoche/http-echo:latest', 'overlays ../api-gateways/ext-authz, ../api-gateways/ext-authz-oidc, ../api-gateways/ext-authz-oidc-mesh and 3 more', `${PATCH} (a kustomization six others build)`),
      f('AL209 info acceptance/tests/fixtures/cases/static-server-openshift/patch.yaml:17', 'docker.mirror.hashicorp.services/kschoche/http-echo:latest', undefined, PATCH),
      ...['dc1-ns2-static-server', 'dc1-static-server', 'dc2-static-server']
        .map((dir) => f(`AL209 info acceptance/tests/fixtures/cases/wan-federation/${dir}/patch.yaml:16`, 'docker.mirror.hashicorp.services/kschoche/http-echo:latest', undefined, PATCH)),
      f('AL209 info acceptance/tests/fixtures/cases/wan-federation/static-client/patch.yaml:17', 'anubhavmishra/tiny-tools:latest', undefined, PATCH),
      ...['01-a', '01-b', '02-a', '03-a'].flatMap((c) => [
        p(`error acceptance/tests/fixtures/cases/sameness/cluster-${c}-acceptor/kustomization.yaml:7`, "accumulating resources from '../../../bases/sameness/peering/acceptor': lstat ", MISSING_BASE),
        p(`info acceptance/tests/fixtures/cases/sameness/cluster-${c}-acceptor/kustomization.yaml:9`, 'no resource matches strategic merge patch "PeeringAcceptor.v1alpha1.consul.hashicorp.com/acceptor.[noNs]"', AFTER_MISSING),
      ]),
      p('error acceptance/tests/fixtures/cases/terminating-gateway-secret-rotation/kustomization.yaml:9', 'no resource matches strategic merge patch "TerminatingGateway.v1alpha1.consul.hashicorp.com/tg.[noNs]"',
        'kubectl kustomize fails with the same words: the base has no TerminatingGateway "tg"'),
      p('info control-plane/config/crd/external copy/kustomization.yaml:10', 'remote resource not fetched: github.com/kubernetes-sigs/gateway-api/config/crd/experimental?ref=v0.6.2', 'a git base: archlens fetches nothing (CRDs: no architecture either)'),
    ],
  },
  'external-secrets__external-secrets': {
    // CRDs only, and a gitops snippet deploying Flux HelmReleases: no pod template in any overlay.
    paths: ['config', 'docs/snippets/gitops'],
    entries: [],
  },
};

interface JsonFinding { file: string; rule: string; severity: string; message: string; range: { start: { line: number } }; unit?: { kind: string } }
interface JsonProblem { file: string; message: string; severity?: string; range?: { start: { line: number } } }

/** Whether an actual line matches an entry: the same place, and the message saying what the entry says. */
function matches(entry: Entry, at: string, message: string): boolean {
  if (entry.at !== at) return false;
  const [head, tail] = entry.says.split(' … ');
  return message.includes(head) && (tail === undefined || message.endsWith(tail));
}

describeWithShared('real-world overlays through the CLI, offline: every finding judged', ['corpus', 'realworld'], function (REALWORLD) {
  this.timeout(600_000);
  before(() => ensureBuilt());

  for (const [repo, { paths, entries }] of Object.entries(TABLE)) {
    it(`${repo}: ${entries.length} findings and problems, each judged`, () => {
      const cwd = path.join(REALWORLD, repo);
      const run = archlens(['check', '--offline', '--format', 'json', '--fail-on', 'none', ...paths], cwd, { timeoutMs: 300_000 });
      assert.equal(run.code, 0, run.stderr.slice(0, 2000));
      assertNoStack(run.stderr);
      const out = JSON.parse(run.stdout) as { findings: JsonFinding[]; problems: JsonProblem[] };
      const actual: Array<{ at: string; message: string }> = [
        ...out.findings.filter((x) => x.unit?.kind === 'kustomize').map((x) => ({ at: `${x.rule} ${x.severity} ${x.file}:${x.range.start.line + 1}`, message: x.message })),
        // The build's problems: those said in kustomize's terms (a plain file's YAML error is not an overlay's).
        ...out.problems.filter((x) => /kustomize build fails|remote resource|strategic merge patch|ignored: |patch target/.test(x.message))
          .map((x) => ({ at: `${x.severity ?? 'error'} ${x.file}${x.range ? `:${x.range.start.line + 1}` : ''}`, message: x.message })),
      ];
      const unjudged = actual.filter((a) => !entries.some((e) => matches(e, a.at, a.message)));
      assert.deepEqual(unjudged.map((a) => `${a.at}  ${a.message}`), [], 'findings or problems not in the table: judge them');
      const gone = entries.filter((e) => !actual.some((a) => matches(e, a.at, a.message)));
      assert.deepEqual(gone.map((e) => `${e.at}  ${e.says}`), [], 'table entries archlens no longer reports');
    });
  }
});
