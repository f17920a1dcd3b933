/**
 * The workspace image map over ../shared/corpus/realworld, as `archlens check` builds it: every link
 * it finds from a deployed image to a build of the same repository, judged one by one, and every
 * finding the links make (AL210, Dockerfile findings raised for a deploying manifest). A link or a
 * finding not in the table fails the test: judge it and add it.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { checkFiles, type CheckResult } from '../../../server/src/workspace/check';
import { describeWithShared } from '../../helpers/shared';


interface JudgedLink {
  /** "repo/path:line image" as deployed. */
  deployed: string;
  /** "repo/path:line what" of the build. */
  build: string;
  /** The platforms the map reads for the build ("linux/amd64, …" or "unknown: why"). */
  platforms: string;
  expected: boolean;
  why: string;
}

const KEDA_MAKE_NO_PLATFORM = 'unknown: no platform is named: the build makes the platform of whatever machine runs it';
const KEDA_MULTIARCH = 'linux/amd64, linux/arm64, linux/s390x';

/** Every link the map finds in the corpus, judged. */
const LINKS: JudgedLink[] = [
  // keda: `make docker-build` (local, for whatever machine runs it) and `make publish-multiarch`
  // (BUILD_PLATFORMS ?= linux/amd64,linux/arm64,linux/s390x, through ${VAR}) build the three images
  // config/ deploys. IMAGE_* = $(IMAGE_REGISTRY)/$(IMAGE_REPO)/…:$(VERSION): the ?= defaults give
  // ghcr.io/kedacore/…, the tag is a wildcard. config/manager, metrics-server and webhooks are
  // overlays whose `images:` entry sets the name and `newTag: main` (what `make release` rewrites
  // with `kustomize edit set image`): the deployed image is the rendered one, placed at the entry's
  // `newName:` line, where the user (and the release target) edits it. config/default builds the
  // same overlays again: the same place, read once. The plain `image: …:latest` lines of the
  // manifests under them are not deployed as written, so they link to nothing.
  ...[
    ['config/manager/kustomization.yaml:9 ghcr.io/kedacore/keda:main', 235, 245],
    ['config/metrics-server/kustomization.yaml:13 ghcr.io/kedacore/keda-metrics-apiserver:main', 236, 248],
    ['config/webhooks/kustomization.yaml:10 ghcr.io/kedacore/keda-admission-webhooks:main', 237, 251],
  ].flatMap(([deployed, local, multi]) => [
    {
      deployed: `kedacore__keda/${deployed}`, build: `kedacore__keda/Makefile:${local} docker build`, platforms: KEDA_MAKE_NO_PLATFORM, expected: true,
      why: 'the same name: make docker-build builds it for the machine that runs make (AL501 territory), so its platforms stay unknown and it decides nothing',
    },
    {
      deployed: `kedacore__keda/${deployed}`, build: `kedacore__keda/Makefile:${multi} docker buildx build`, platforms: KEDA_MULTIARCH, expected: true,
      why: 'the release build (main-build.yml and release-build.yml run make publish-multiarch): it covers both targets, so no AL210',
    },
  ]),
  // external-secrets: its chart deploys ghcr.io/external-secrets/external-secrets three times
  // (the controller, the webhook, the cert controller), `tag: ""` defaulting to appVersion v2.9.0;
  // the Makefile's IMAGE_NAME ?= ghcr.io/external-secrets/external-secrets builds it. Each place is
  // the values `tag:` key of that image, where the chart's other findings on it are shown (the tag
  // decides which build is deployed).
  ...[49, 545, 782].flatMap((line) => [
    {
      deployed: `external-secrets__external-secrets/deploy/charts/external-secrets/values.yaml:${line} ghcr.io/external-secrets/external-secrets:v2.9.0`,
      build: 'external-secrets__external-secrets/Makefile:338 $(DOCKER) buildx build',
      platforms: 'unknown: the platforms may come from an expansion of flags',
      expected: true,
      why: 'make docker.build; publish.yml passes `--platform ${{ inputs.build-platform }}` in DOCKER_BUILD_ARGS, so the platforms are decided outside the Makefile: unknown is right, nothing is claimed',
    },
    {
      deployed: `external-secrets__external-secrets/deploy/charts/external-secrets/values.yaml:${line} ghcr.io/external-secrets/external-secrets:v2.9.0`,
      build: 'external-secrets__external-secrets/Makefile:359 $(DOCKER) manifest create',
      platforms: 'unknown: it is assembled by $(DOCKER) manifest create from images whose platforms archlens does not follow',
      expected: true,
      why: 'make docker.promote (release.yml) re-tags the published manifest list under $(IMAGE_NAME):$(RELEASE_TAG): the same name, its platforms those of the images it copies, not static',
    },
  ]),
  {
    deployed: 'kubernetes-sigs__metrics-server/manifests/base/deployment.yaml:21 gcr.io/k8s-staging-metrics-server/metrics-server:master',
    build: 'kubernetes-sigs__metrics-server/Makefile:113 ${CONTAINER_CLI} manifest create',
    platforms: 'unknown: it is assembled by ${CONTAINER_CLI} manifest create from images whose platforms archlens does not follow',
    expected: true,
    why: 'deployed through the test and test-ha overlays, which keep the base\'s image (so the place is the base\'s line); push-multi-arch assembles $(REGISTRY)/metrics-server:$(GIT_TAG) (REGISTRY ?= gcr.io/k8s-staging-metrics-server) from per-arch images named by $(shell …): the link is right, its platforms are not static, so nothing is claimed',
  },
];

/**
 * Pairs a reader might expect that the map rightly does not link:
 * - metrics-server's chart deploys registry.k8s.io/metrics-server/metrics-server (the promoted name;
 *   the Makefile pushes to the staging registry, and the promotion happens outside the repository;
 *   skaffold.yaml's artifactOverrides, which archlens does not read, is what joins them in tests);
 *   the release overlay renames the image to that promoted name too.
 * - the per-arch `container` images (metrics-server-$(ARCH)) are named by ARCH, which the Makefile
 *   sets when it runs make again (`ARCH=$* $(MAKE) container`): ambiguous, never guessed.
 * - consul-k8s's chart deploys hashicorp/consul-k8s-control-plane; its Makefiles build
 *   hashicorpdev/… and local dev names; the gateway-api kind script builds
 *   registry.k8s.io/gateway-api/admission-server:latest (a fixed assignment, not a wildcard) while
 *   config/webhook deploys :v0.7.1.
 * - opentelemetry-demo builds otel/demo:*-<service> in its workflow matrix, but has no manifest in
 *   the corpus; its Compose names come from ${IMAGE_NAME} in an .env file the corpus does not hold.
 * - jaeger's Docker.mk builds jaegertracing/* images; no manifest of the corpus deploys them.
 */

/** Findings the links make: none in this corpus (keda's release build covers the targets; the others decide nothing). */
const LINK_FINDINGS: string[] = [];

function linkKey(root: string, result: CheckResult): JudgedLink[] {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  return result.imageMap!.links().map(({ deployment, entry }) => ({
    deployed: `${rel(deployment.file)}:${deployment.range.start.line + 1} ${deployment.image}`,
    build: `${rel(entry.file)}:${entry.range.start.line + 1} ${entry.what}`,
    platforms: entry.platforms.kind === 'known' ? entry.platforms.platforms.join(', ') : `unknown: ${entry.platforms.reason}`,
    expected: true,
    why: '',
  }));
}

describeWithShared('workspace image map over the realworld corpus', ['corpus', 'realworld'], function (REALWORLD) {
  this.timeout(600_000);
  let result: CheckResult;

  before(async function () {
    result = await checkFiles([REALWORLD], { cwd: REALWORLD, keepText: false });
  });

  it('finds exactly the judged links (deployed image → build file:line → platforms)', () => {
    const found = linkKey(REALWORLD, result).map(({ deployed, build, platforms }) => ({ deployed, build, platforms }));
    const judged = LINKS.map(({ deployed, build, platforms }) => ({ deployed, build, platforms }));
    const key = (l: { deployed: string; build: string }) => `${l.deployed} → ${l.build}`;
    const unjudged = found.filter((l) => !judged.some((j) => key(j) === key(l)));
    assert.deepEqual(unjudged, [], 'links the map finds that no one judged: judge them in LINKS');
    assert.deepEqual(found.sort((a, b) => key(a).localeCompare(key(b))), judged.sort((a, b) => key(a).localeCompare(key(b))));
    assert.ok(LINKS.every((l) => l.expected && l.why.length > 0), 'every link judged expected, with a reason');
  });

  it('the links make no finding: AL210 stays silent and no Dockerfile finding is raised for a manifest', () => {
    const findings = result.files.flatMap((f) => f.findings
      .filter((x) => x.rule === 'AL210' || x.related?.some((r) => r.message.startsWith('a manifest deploys this image')))
      .map((x) => `${path.relative(REALWORLD, f.file)}:${x.range.start.line + 1} ${x.rule} ${x.severity}`));
    assert.deepEqual(findings, LINK_FINDINGS);
  });

  it('reads the builds the judged links name as the files say (names and Dockerfiles)', () => {
    const map = result.imageMap!;
    const keda = map.entries.filter((e) => e.file.endsWith(`kedacore__keda${path.sep}Makefile`) && e.names.length > 0);
    assert.deepEqual(keda.map((e) => [e.range.start.line + 1, e.names.map((n) => n.shown).join(' '), 'file' in e.dockerfile ? path.basename(e.dockerfile.file) : e.dockerfile.unknown]), [
      [235, 'ghcr.io/kedacore/keda:*', 'Dockerfile'],
      [236, 'ghcr.io/kedacore/keda-metrics-apiserver:*', 'Dockerfile.adapter'],
      [237, 'ghcr.io/kedacore/keda-admission-webhooks:*', 'Dockerfile.webhooks'],
      [245, 'ghcr.io/kedacore/keda:*', 'Dockerfile'],
      [248, 'ghcr.io/kedacore/keda-metrics-apiserver:*', 'Dockerfile.adapter'],
      [251, 'ghcr.io/kedacore/keda-admission-webhooks:*', 'Dockerfile.webhooks'],
    ]);
    // opentelemetry-demo's matrix: one build per row, `${{ inputs.version }}` a wildcard, the row's suffix as written.
    const otel = map.entries.filter((e) => e.file.endsWith('component-build-images.yml'));
    assert.ok(otel.length > 20);
    const ad = otel.find((e) => e.matrix?.includes('tag_suffix: ad,'))!;
    assert.deepEqual(ad.names.map((n) => n.shown), ['docker.io/otel/demo:*-ad', 'docker.io/otel/demo:latest-ad', 'ghcr.io/open-telemetry/demo:*-ad', 'ghcr.io/open-telemetry/demo:latest-ad']);
    assert.deepEqual(ad.platforms, { kind: 'known', platforms: ['linux/amd64', 'linux/arm64'], from: 'written' });
    assert.ok('file' in ad.dockerfile && ad.dockerfile.file.endsWith(path.join('open-telemetry__opentelemetry-demo', 'src', 'ad', 'Dockerfile')));
  });
});
