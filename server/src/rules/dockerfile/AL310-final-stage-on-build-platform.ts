/** AL310: the exported stage runs on $BUILDPLATFORM: the image gets the build machine's architecture. */
import { defineRule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { anchors, exportedStage, rangeOf, removeFlagEdit, stageLabel } from './util';

const messages = {
  ownFlag: (d: { stage: string; flag: string }) =>
    `The exported ${d.stage} runs on ${d.flag}: the image gets the build machine's architecture for every platform the build asks for. Remove the flag (the default is $TARGETPLATFORM).`,
  /** `parent`: the stage it is built FROM; `origin`: the stage whose flag set $BUILDPLATFORM. */
  inherited: (d: { stage: string; parent: string; origin: string }) =>
    `The exported ${d.stage} is built FROM ${d.parent}, which runs on $BUILDPLATFORM (set on ${d.origin}): the image gets the build machine's architecture. Start the exported stage from a target-platform base and COPY --from the build stage.`,
};

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
  },
  check(ctx) {
    const stage = exportedStage(ctx);
    if (!stage || stage.platform.kind !== 'build' || stage.windows) return;
    const flag = stage.platformFlag;
    if (stage.platform.inheritedFrom === undefined && flag) {
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        messageId: 'ownFlag',
        data: { stage: stageLabel(stage), flag: flag.raw },
        fixes: [{ title: 'Remove the --platform flag', preferred: true, edits: [removeFlagEdit(ctx, flag.start, flag.end)] }],
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
