/** AL402: `FROM image@sha256:…` names a single-platform manifest (often copied from `docker inspect`), not the multi-platform index. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import type { DockerfileModel } from '../../dockerfile/model';
import { familiarName } from '../../images/reference';
import { digestSpan, formatList, stageImages } from './images';
import { anchors, rangeOf } from './util';

const messages = {
  /** `hint`: where the index digest is, when the tag's index is known; else how to find it. */
  pinsOnePlatform: (d: { image: string; stage: string; pinned: string; hint: string }) =>
    `${d.image} in ${d.stage} pins a single-platform manifest (${d.pinned}), not a multi-platform index: every platform of the build gets ${d.pinned}. ${d.hint}`,
};

export const AL402 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL402',
    name: 'base-digest-pins-one-platform',
    kind: 'registry',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'FROM image@sha256:… pins a single-platform manifest instead of the multi-platform index.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { stage, source, ref } of stageImages(ctx)) {
      if (source.kind !== 'from' || !ref.digest) continue;
      const answer = ctx.images.get(ref);
      if (!answer?.ok || answer.image.kind === 'index') continue;
      const span = digestSpan(source);
      const pinned = formatList(answer.image.platforms.map((e) => e.platform)) || 'one platform';
      const fixes: Fix[] = [];
      let hint = 'Pin the digest of the multi-platform index instead (`docker buildx imagetools inspect <image:tag>`).';
      const tag = ctx.images.getTag(ref);
      if (tag?.ok && tag.image.kind === 'index') {
        hint = `The tag ${ref.tag} points to the index ${tag.image.digest} (${formatList(tag.image.platforms.map((e) => e.platform))}).`;
        if (span) fixes.push({ title: `Pin the index digest of ${ref.tag}`, preferred: true, edits: [{ range: rangeOf(ctx, span.start, span.end), newText: tag.image.digest }] });
      }
      const range = span ? rangeOf(ctx, span.start, span.end) : rangeOf(ctx, source.start, source.end);
      ctx.report({
        range,
        suppressionAnchors: anchors(source.instruction),
        messageId: 'pinsOnePlatform',
        data: { image: familiarName(ref), stage: stage.name ? `stage '${stage.name}'` : `stage ${stage.index} (unnamed)`, pinned, hint },
        fixes,
      });
    }
  },
});
