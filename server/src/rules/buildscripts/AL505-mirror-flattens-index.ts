/**
 * AL505: an image mirrored by hand — `docker pull X`, `docker tag X Y`, `docker push Y` in one
 * script, recipe or job. The pull fetches the platform of the machine running it, so Y is a
 * single-platform image even when X is a multi-platform index: "works on amd64, exec format error
 * on arm64" in air-gapped mirrors. The fix copies registry to registry, every platform.
 */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import type { BuildModel, MirrorSite } from '../../buildscripts/model';
import { fileNameMarksTests } from '../../buildscripts/names';

const messages = {
  /** `tool`: as written ("docker", "$(DOCKER)"); `source`, `target`: X and Y as written. */
  flattens: (d: { tool: string; source: string; target: string }) =>
    `${d.tool} pull ${d.source}, tag and push as ${d.target} re-publishes only the platform of the machine that ran the pull: ${d.target} is single-platform even when ${d.source} is a multi-platform index, so nodes of another architecture fail with "exec format error". Copy the image from registry to registry with every platform instead.`,
};

/** The copy command each tool writes, X to Y, every platform. */
const COPY: Record<string, (source: string, target: string) => string> = {
  crane: (x, y) => `crane copy ${x} ${y}`,
  skopeo: (x, y) => `skopeo copy --all docker://${x} docker://${y}`,
  regctl: (x, y) => `regctl image copy ${x} ${y}`,
};

export const AL505 = defineRule<BuildModel>()({
  meta: {
    code: 'AL505',
    name: 'mirror-flattens-index',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['shell', 'makefile', 'github-workflow', 'gitlab-ci'],
    summary: 'An image mirrored with pull, tag and push is re-published with only the platform of the machine that pulled it.',
    messages,
    fixable: true,
  },
  check(ctx) {
    // A script named for the project's tests (`hack/run-e2e.sh`) re-publishes the image under test for
    // its own test cluster, as AL502 leaves an image for tests to the platforms it lists.
    if (fileNameMarksTests(ctx.file)) return;
    for (const mirror of ctx.model.mirrors) {
      // A Windows image is one platform per OS version: nothing is lost, and the Linux targets do not apply.
      if (mirror.windows) continue;
      // A registry on this machine feeds clusters on this machine: their nodes are the puller's architecture.
      if (mirror.local) continue;
      // Re-published under a name that says the machine's architecture (`$NEW_TAG-${arch}`, arch from
      // `uname -m`: risingwave's ci/scripts/docker.sh): the one platform kept is the one the name says.
      if (mirror.machineArchName) continue;
      // Pulled back by the same unit (harness/drone's web/cypress/scripts/e2e/registry/docker.sh pushes,
      // removes and pulls $DOCKER_LOCAL_HOST/...): a test of the registry on this machine, not a mirror.
      if (mirror.roundTrip) continue;
      ctx.report({
        range: mirror.range,
        messageId: 'flattens',
        data: { tool: mirror.shown, source: mirror.source, target: mirror.target },
        related: [{ range: mirror.pull, message: 'pulled here: one platform' }, { range: mirror.tag, message: 'tagged here' }],
        suppressionAnchors: mirror.anchors,
        fixes: fixes(mirror, ctx.model.copyTools),
      });
    }
  },
});

/**
 * The push replaced by a copy: with a copy tool the file already runs, else (for docker)
 * `docker buildx imagetools create`. Preferred is the tool the file already uses; no tool the
 * file does not run is assumed installed, so a podman mirror gets a fix only where one is.
 */
function fixes(mirror: MirrorSite, copyTools: readonly string[]): Fix[] {
  const at = mirror.replace;
  if (!at) return [];
  const out: Fix[] = [];
  const tool = Object.keys(COPY).find((t) => copyTools.includes(t));
  if (tool) {
    out.push({ title: `Copy every platform with ${tool} instead of pushing the pulled one`, preferred: true, edits: [{ range: at, newText: COPY[tool](mirror.source, mirror.target) }] });
  }
  if (mirror.tool === 'docker') {
    out.push({
      title: 'Copy every platform with docker buildx imagetools create instead of pushing the pulled one',
      ...(tool ? {} : { preferred: true }),
      edits: [{ range: at, newText: `${mirror.shown} buildx imagetools create -t ${mirror.target} ${mirror.source}` }],
    });
  }
  return out;
}
