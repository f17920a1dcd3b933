/** AL310: the exported stage runs on $BUILDPLATFORM: the image gets the build machine's architecture. */
import { defineRule, type RuleContext } from '../../core/rule';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { holdsNoExecutables } from '../../images/executable-free';
import { anchors, builtForLocalMachine, exportedStage, rangeOf, removeFlagEdit, stageLabel } from './util';

const messages = {
  ownFlag: (d: { stage: string; flag: string }) =>
    `The exported ${d.stage} runs on ${d.flag}: the image gets the build machine's architecture for every platform the build asks for. Remove the flag (the default is $TARGETPLATFORM).`,
  /** `parent`: the stage it is built FROM; `origin`: the stage whose flag set $BUILDPLATFORM. */
  inherited: (d: { stage: string; parent: string; origin: string }) =>
    `The exported ${d.stage} is built FROM ${d.parent}, which runs on $BUILDPLATFORM (set on ${d.origin}): the image gets the build machine's architecture. Start the exported stage from a target-platform base and COPY --from the build stage.`,
};

/**
 * The exported stage runs nothing and starts from a base that holds no executable (distroless
 * static): what executes in the image is only what it copies in (cross-compiled binaries are the
 * target's, a binary built for the build machine is AL306's) and BuildKit labels the image with
 * the target platform. kubernetes-sigs/jobset and lws build `FROM --platform=${BUILDPLATFORM}
 * gcr.io/distroless/static:nonroot` this way, and every platform's image works.
 */
function onlyCopiesOntoExecutableFreeBase(stage: Stage): boolean {
  if (stage.runs.length > 0) return false;
  const base = stage.images.find((source) => source.kind === 'from');
  return base?.reference.ok === true && holdsNoExecutables(base.reference.ref);
}

/**
 * A stage that installs a cross toolchain (`dpkg --add-architecture arm64`, `gcc-aarch64-linux-gnu`,
 * `crossbuild-essential-arm64`) is a build environment made to run on the build machine and
 * compile for the others (labring/sealos lifecycle/Dockerfile: `make build-pack` for amd64 and
 * arm64). Its image still gets the build machine's architecture, but removing the flag moves that
 * toolchain onto each target, where a cross compiler for the target's own architecture may not
 * exist: the fix is offered, not applied by --fix.
 */
const CROSS_TOOLCHAIN = /\bdpkg\s+--add-architecture\b|\bcrossbuild-essential-[a-z0-9]+|\b(?:gcc|g\+\+|binutils)(?:-\d+)?-(?:aarch64|x86-64|arm|powerpc64le|s390x|riscv64|i686)-linux-gnu(?:eabihf|eabi)?\b/;

function installsCrossToolchain(stage: Stage): boolean {
  return stage.runs.some((run) => CROSS_TOOLCHAIN.test(run.view.body));
}

/**
 * Every build of the workspace that makes this Dockerfile names no image, resolved or not, pushes
 * none and names no platform: an intermediate another build takes (nats-io/nack's
 * cicd/Dockerfile_goreleaser, a Bake target the image targets take as their `target:goreleaser` build
 * context, which cross-compiles every platform's binary on the build machine), or a local build for
 * the machine that runs it (a Compose service with `build:` and no `image:`, docker/awesome-compose),
 * where the build platform is the target. Nothing ships as that image. A Dockerfile no build of the
 * workspace makes, or one built for a platform written out, keeps the finding.
 */
function builtOnlyAsIntermediate(ctx: Pick<RuleContext<DockerfileModel>, 'workspace' | 'file'>): boolean {
  const builds = ctx.workspace.buildsOfDockerfile?.(ctx.file) ?? [];
  return builds.length > 0 && builds.every((b) => !b.pushed && b.names.length === 0 && b.unresolved.length === 0
    && !(b.platforms.kind === 'known' && b.platforms.from !== 'runner'));
}

export const AL310 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL310',
    name: 'final-stage-on-build-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'The exported stage runs on $BUILDPLATFORM, so the image is built for the build machine, not the target.',
    messages,
    fixable: true,
    // A Dockerfile the workspace builds only as an intermediate (builtOnlyAsIntermediate) ships no image.
    refinedByWorkspace: true,
  },
  check(ctx) {
    if (builtForLocalMachine(ctx.file)) return;
    const stage = exportedStage(ctx);
    if (!stage || stage.platform.kind !== 'build' || stage.windows) return;
    if (builtOnlyAsIntermediate(ctx)) return;
    const flag = stage.platformFlag;
    if (stage.platform.inheritedFrom === undefined && flag) {
      if (onlyCopiesOntoExecutableFreeBase(stage)) return;
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        messageId: 'ownFlag',
        data: { stage: stageLabel(stage), flag: flag.raw },
        fixes: [installsCrossToolchain(stage)
          ? { title: 'Remove the --platform flag (not applied by --fix: the stage installs a cross toolchain, made to run on the build machine)', edits: [removeFlagEdit(ctx, flag.start, flag.end)] }
          : { title: 'Remove the --platform flag', preferred: true, edits: [removeFlagEdit(ctx, flag.start, flag.end)] }],
      });
      return;
    }
    if (stage.base.kind !== 'stage') return;
    const origin = ctx.model.stages[stage.platform.inheritedFrom ?? stage.base.stage];
    ctx.report({
      range: rangeOf(ctx, stage.base.start, stage.base.end),
      suppressionAnchors: anchors(stage.from),
      messageId: 'inherited',
      data: { stage: stageLabel(stage), parent: stageLabel(ctx.model.stages[stage.base.stage]), origin: stageLabel(origin) },
    });
  },
});
