/** AL305: `FROM --platform=X <earlier stage>` — BuildKit ignores the flag; the stage keeps its parent's platform. */
import { defineRule } from '../../core/rule';
import type { DockerfileModel, StagePlatform } from '../../dockerfile/model';
import { anchors, onExportChain, rangeOf, removeFlagEdit, stageLabel } from './util';

/**
 * Both $BUILDPLATFORM, both $TARGETPLATFORM, the same constant (`linux/amd64`, case aside), or the
 * same unresolved text (`linux/$BUILDARCH` twice: a FROM line sees only the global ARGs, so the same
 * text is the same platform in both).
 */
function samePlatform(a: StagePlatform, b: StagePlatform): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'target' || a.kind === 'build') return true;
  if (a.kind === 'unknown') return a.value !== undefined && a.value === b.value;
  return a.kind === 'constant' && a.value !== undefined && a.value.toLowerCase() === b.value?.toLowerCase();
}

const messages = {
  ignoredFlag: (d: { stage: string; parent: string }) =>
    `--platform is ignored on a FROM that names an earlier stage: ${d.stage} runs on the platform of ${d.parent}. Set the platform on that stage's FROM instead.`,
  /** The parent is also a base of the exported image: moving the flag there would change the image itself. */
  ignoredFlagSharedParent: (d: { stage: string; parent: string }) =>
    `--platform is ignored on a FROM that names an earlier stage: ${d.stage} runs on the platform of ${d.parent}, which the exported image also starts from. Do not move the flag there (the image would move with it): start ${d.stage} from an image with its own --platform instead.`,
};

export const AL305 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL305',
    name: 'platform-flag-on-stage-ref',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'FROM --platform on a FROM that names an earlier stage: BuildKit ignores the flag.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const flag = stage.platformFlag;
      if (!flag || stage.base.kind !== 'stage') continue;
      const parent = ctx.model.stages[stage.base.stage];
      // The flag names the platform the parent already runs on: ignored, and nobody is misled.
      if (samePlatform(stage.ownPlatform, parent.platform)) continue;
      // zwave-js-ui's docker/Dockerfile: `FROM --platform=$BUILDPLATFORM base AS build-js` while the
      // exported `runtime` is also `FROM base`. Putting the flag on base's FROM, as the usual advice
      // says, would move the exported image to the build machine's platform.
      const shared = onExportChain(ctx, parent) && !onExportChain(ctx, stage);
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        messageId: shared ? 'ignoredFlagSharedParent' : 'ignoredFlag',
        data: { stage: stageLabel(stage), parent: stageLabel(parent) },
        fixes: [{ title: 'Remove the ignored --platform flag', preferred: true, edits: [removeFlagEdit(ctx, flag.start, flag.end)] }],
      });
    }
  },
});
