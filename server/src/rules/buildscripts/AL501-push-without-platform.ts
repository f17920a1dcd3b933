/** AL501: an image is built and pushed without naming platforms: it gets the build machine's architecture. */
import { defineRule, type RuleContext } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { formatPlatform } from '../../buildscripts/platforms';
import { foldPushFix, insertionFix } from './fix';
import type { LineIndex } from '../../core/text';
import type { BuildSite } from '../../buildscripts/model';
import type { Fix } from '../../core/types';
import type { BuildEntry } from '../../imagemap/types';
import { buildsDataOnly, withBuiltContent } from './built-content';
import { fileNameMarksTests } from '../../buildscripts/names';

const messages = {
  /** `what`: the build ("docker buildx build"); `how`: how it pushes ("--push", "docker push on line 7"); `option`: how this file names platforms. */
  noPlatform: (d: { what: string; how: string; option: string; targets: string }) =>
    `${d.what} pushes an image (${d.how}) with no ${d.option}: it gets the architecture of whatever machine runs the build, while the targets are ${d.targets}`,
  /** The image holds nothing that executes (an OLM bundle): only an index naming one platform can hurt. */
  noPlatformDataOnly: (d: { what: string; how: string; option: string; targets: string }) =>
    `${d.what} pushes an image with nothing in it that executes (${d.how}) with no ${d.option}: its bytes suit every platform, but a push that makes an index (buildx attestations, Docker's containerd image store) names only the build machine's platform, and nodes of another architecture cannot pull it ("no match for platform in manifest"); the targets are ${d.targets}`,
  /** The build is meant for one architecture (its name or a build argument says so): only that platform is missing. */
  noPlatformMeant: (d: { what: string; how: string; option: string; arch: string; why: string }) =>
    `${d.what} pushes an image (${d.how}) with no ${d.option}, while ${d.why}: the image gets the architecture of whatever machine runs the build, not necessarily ${d.arch}`,
};

export const AL501 = defineRule<BuildModel>()({
  meta: {
    code: 'AL501',
    name: 'push-without-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['shell', 'makefile', 'github-workflow', 'gitlab-ci', 'compose', 'bake'],
    summary: 'An image is built and pushed with no platform list: it gets the architecture of the machine that ran the build.',
    messages,
    fixable: true,
    refinedByWorkspace: true,
  },
  check(ctx) {
    // A script or workflow named for the project's tests (vector's scripts/test-e2e-kubernetes.sh,
    // k6-operator's smoke-test.yaml) pushes the image under test for its own test cluster, which runs
    // it on the machine's architecture: AL505 and AL502 leave such images to the tests too.
    if (fileNameMarksTests(ctx.file)) return;
    const targets = ctx.config.targets.map(formatPlatform);
    for (const build of ctx.model.builds) {
      // A Windows container build (Windows runner, Dockerfile.windows) is not for the Linux targets.
      if (!build.push || build.assembled || build.windows || build.platforms.kind !== 'none') continue;
      // A registry on this machine's loopback interface serves clusters on this machine (kind's local
      // registry: scylla-operator's hack/kind/lib.sh), whose nodes need the build machine's architecture.
      if (build.loopbackPush) continue;
      // An image named for the machine's own architecture (`$REPO:$SHA-$(uname -m)`, risingwave's
      // ci/scripts/docker.sh): each machine pushes the image its name says, for a list made elsewhere.
      if (build.machineArchName) continue;
      // A build the script reaches only on a machine of the platform it was asked for (greptimedb's
      // build_image.sh exits unless `podman info` says that platform): the image is the asked one.
      if (build.nativeOnly) continue;
      // A CI build named for one architecture (its step, job or tags: openobserve's
      // `…-amd64` PR image) on a runner of that architecture, or on one whose labels do not say
      // (custom runner labels): the image is the one its name says. A runner known to be of another
      // architecture is the real mistake, and still fires; so does a script's, whose machine varies.
      const runner = build.workflow?.runnerArch;
      if (build.workflow && build.namedArch && (runner === undefined || runner === build.namedArch)) continue;
      // The plain branch of an architecture switch whose other branch pins one architecture (infinity's
      // release.yml: arm64 by `--platform linux/arm64`, its x64 rows by a plain build), on a runner
      // known to be of another: the plain build makes the runner's, the one the branch is for.
      if (build.workflow && build.otherBranchArch && runner !== undefined && runner !== build.otherBranchArch) continue;
      // The same per row of a matrix over runners of several architectures (LocalAI's base-images.yml).
      if (build.namedPerRow) continue;
      // An image the workflow's later jobs pull and run on runners like the build's (appwrite's ci.yml:
      // `...:${{ env.IMAGE }}-${{ github.sha }}` for its test jobs): it is for those machines only.
      if (build.pulledByWorkflow) continue;
      // A Compose service whose image another build file of the workspace pushes too (zulip's
      // compose.yaml `build: .` with `image: ghcr.io/zulip/zulip-server:12.1-0`, which its
      // dockerfile-build.yaml workflow publishes per platform): the release is made there, and AL501
      // speaks on that build; the Compose `build:` makes the image on the user's machine, for it.
      if (publishedByAnotherFile(ctx, build)) continue;
      const flag = build.option.startsWith('--');
      const title = (platforms: string[]) => (flag ? `Add ${build.option} ${platforms.join(',')}` : `Add ${build.option}: ${platforms.join(', ')}`);
      const common = { range: build.range, related: build.push.range ? [{ range: build.push.range, message: 'pushed here' }] : undefined, suppressionAnchors: build.anchors };
      const site = withBuiltContent(ctx, build);
      const meant = meantPlatform(build.namedArch);
      if (meant) {
        // Named for one architecture (litmus's `docker-build-portal-amd64:` recipe, `--build-arg TARGETARCH=amd64`):
        // the platform to name is that one; the targets would be other images than the name says.
        const pin = site.addPlatforms ? insertionFix(title([meant]), site.addPlatforms, [meant], ctx.lines, site, []) : undefined;
        ctx.report({
          ...common,
          messageId: 'noPlatformMeant',
          data: { what: build.what, how: build.push.how, option: build.option, arch: meant, why: `its name or a build argument says it is for ${build.namedArch}` },
          fixes: [...(pin ? [pin] : []), ...(fixesFor(site, targets, title(targets), ctx.lines) ?? [])],
        });
        continue;
      }
      ctx.report({
        ...common,
        // An OLM bundle on scratch runs nowhere: what fails is the pull of an index that lacks the node's platform.
        messageId: buildsDataOnly(ctx, build) ? 'noPlatformDataOnly' : 'noPlatform',
        data: { what: build.what, how: build.push.how, option: build.option, targets: targets.join(', ') },
        fixes: fixesFor(site, targets, title(targets), ctx.lines),
      });
    }
  },
});

/** The platform a build named for `arch` makes; undefined for 32-bit arm, whose variant the name does not settle. */
function meantPlatform(arch: string | undefined): string | undefined {
  return arch && arch !== 'arm' ? `linux/${arch}` : undefined;
}

function publishedByAnotherFile(ctx: Pick<RuleContext<BuildModel>, 'workspace' | 'file' | 'model'>, build: BuildSite): boolean {
  const own = ctx.workspace.buildsOfSite(ctx.file, ctx.model.builds.indexOf(build));
  const publishes = (other: BuildEntry) => other.file !== ctx.file && other.kind !== 'compose' && other.pushed;
  return own.some((entry) => entry.kind === 'compose' && (entry.names.some((name) => ctx.workspace.buildsOfRepository(name).some(publishes))
    // The same Dockerfile pushed by a CI build that names several platforms, under tags only known at
    // run time (dask/dask-docker: `tags: ${{ steps.tags.outputs.tags }}`), so no name can match: the
    // Compose file is for local builds. A build whose tags resolve to other names does not count.
    || ('file' in entry.dockerfile && (ctx.workspace.buildsOfDockerfile?.(entry.dockerfile.file) ?? []).some((other) =>
      publishes(other) && other.names.length === 0 && other.unresolved.length > 0
      && other.platforms.kind === 'known' && other.platforms.from === 'written' && other.platforms.platforms.length > 1))));
}

/** Folding a separate push into the build first (preferred where safe), then adding platforms in place (a local-store build: not preferred). */
function fixesFor(build: BuildSite, targets: string[], title: string, lines: LineIndex): Fix[] | undefined {
  const fixes: Fix[] = [];
  const fold = foldPushFix(build, lines, targets, []);
  if (fold) fixes.push(fold);
  if (build.addPlatforms) fixes.push(insertionFix(title, build.addPlatforms, targets, lines, build, []));
  return fixes.length > 0 ? fixes : undefined;
}
