/**
 * AL304: `FROM --platform=$TARGETPLATFORM …` says what BuildKit does anyway. Not when the comment
 * right above the FROM speaks of that platform: the flag is then written on purpose, as
 * documentation (kueue's kueueviz Dockerfile explains that its runtime stage "uses TARGETPLATFORM"
 * beside a build stage on BUILDPLATFORM), and removing it would leave that comment describing a
 * flag that is gone.
 */
import { defineRule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { anchors, commentsAbove, rangeOf, removeFlagEdit } from './util';

const messages = {
  redundant: (d: { flag: string }) => `--platform=${d.flag} is what BuildKit uses by default for a FROM; the flag can go.`,
};

export const AL304 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL304',
    name: 'redundant-target-platform',
    kind: 'offline',
    defaultSeverity: 'hint',
    fileKinds: ['dockerfile'],
    summary: '--platform=$TARGETPLATFORM is the default and can be removed.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const flag = stage.platformFlag;
      if (!flag || stage.base.kind === 'stage' || stage.ownPlatform.kind !== 'target') continue;
      if (commentsAbove(ctx, stage.from).some((c) => c.includes('TARGETPLATFORM'))) continue;
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        messageId: 'redundant',
        data: { flag: flag.raw },
        fixes: [{ title: 'Remove the --platform flag', preferred: true, edits: [removeFlagEdit(ctx, flag.start, flag.end)] }],
      });
    }
  },
});
