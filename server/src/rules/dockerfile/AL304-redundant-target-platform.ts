/** AL304: `FROM --platform=$TARGETPLATFORM …` says what BuildKit does anyway. */
import type { Rule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { anchors, rangeOf, removeFlagEdit } from './util';

export const AL304: Rule<DockerfileModel> = {
  meta: {
    code: 'AL304',
    name: 'redundant-target-platform',
    kind: 'offline',
    defaultSeverity: 'hint',
    fileKinds: ['dockerfile'],
    summary: '--platform=$TARGETPLATFORM is the default and can be removed.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const flag = stage.platformFlag;
      if (!flag || stage.base.kind === 'stage' || stage.ownPlatform.kind !== 'target') continue;
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        message: `--platform=${flag.raw} is what BuildKit uses by default for a FROM; the flag can go.`,
        fixes: [{ title: 'Remove the --platform flag', preferred: true, edits: [removeFlagEdit(ctx, flag.start, flag.end)] }],
      });
    }
  },
};
