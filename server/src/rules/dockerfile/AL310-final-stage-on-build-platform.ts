/** AL310: the exported stage runs on $BUILDPLATFORM: the image gets the build machine's architecture. */
import type { Rule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { anchors, exportedStage, rangeOf, removeFlagEdit, stageLabel } from './util';

export const AL310: Rule<DockerfileModel> = {
  meta: {
    code: 'AL310',
    name: 'final-stage-on-build-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'The exported stage runs on $BUILDPLATFORM, so the image is built for the build machine, not the target.',
  },
  check(ctx) {
    const stage = exportedStage(ctx);
    if (!stage || stage.platform.kind !== 'build' || stage.windows) return;
    const flag = stage.platformFlag;
    if (stage.platform.inheritedFrom === undefined && flag) {
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        message: `The exported ${stageLabel(stage)} runs on ${flag.raw}: the image gets the build machine's architecture for every platform the build asks for. Remove the flag (the default is $TARGETPLATFORM).`,
        fixes: [{ title: 'Remove the --platform flag', preferred: true, edits: [removeFlagEdit(ctx, flag.start, flag.end)] }],
      });
      return;
    }
    if (stage.base.kind !== 'stage') return;
    const origin = ctx.model.stages[stage.platform.inheritedFrom ?? stage.base.stage];
    ctx.report({
      range: rangeOf(ctx, stage.base.start, stage.base.end),
      suppressionAnchors: anchors(stage.from),
      message: `The exported ${stageLabel(stage)} is built FROM ${stageLabel(ctx.model.stages[stage.base.stage])}, which runs on $BUILDPLATFORM (set on ${stageLabel(origin)}): the image gets the build machine's architecture. Start the exported stage from a target-platform base and COPY --from the build stage.`,
    });
  },
};
