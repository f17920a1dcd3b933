/**
 * AL401: an image a target-platform stage builds on (FROM with ARG defaults resolved and stage chains
 * followed, COPY --from=<image>, RUN --mount=from=<image>) does not publish a platform the build needs.
 */
import { defineRule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { familiarName } from '../../images/reference';
import { formatList, neededPlatforms, serves, stageImages } from './images';
import { anchors, rangeOf, reaches, stageLabel } from './util';

const HOW = { from: 'FROM', copy: 'COPY --from', mount: 'RUN --mount=from' } as const;

const siblingHint = (d: { missing: string; sibling?: string }) => (d.sibling ? ` ${d.sibling}, used elsewhere in this file, publishes ${d.missing}.` : '');

const messages = {
  /** `where`: how and in which stage the image is used ("FROM alpine:3 in stage 'app'"); `sibling`: another reference of the repository here that has the platforms. */
  indexLacks: (d: { where: string; published: string; missing: string; sibling?: string }) =>
    `${d.where}: the image has no ${d.missing} build. It publishes ${d.published || 'no runnable platform'}; the build for ${d.missing} fails with "no match for platform in manifest".` + siblingHint(d),
  singleManifest: (d: { where: string; published: string; missing: string; sibling?: string }) =>
    `${d.where}: the image is ${d.published || 'one unknown platform'} only (a single-platform manifest, not an index). Building for ${d.missing} silently uses it anyway, so that image gets ${d.published} binaries (exec format error).` + siblingHint(d),
};

export const AL401 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL401',
    name: 'base-image-lacks-target',
    kind: 'registry',
    defaultSeverity: 'error',
    fileKinds: ['dockerfile'],
    summary: 'An image a target-platform stage uses does not publish every platform the build targets.',
    messages,
    fixable: false,
  },
  check(ctx) {
    for (const { stage, source, ref } of stageImages(ctx)) {
      const needed = neededPlatforms(ctx, stage);
      if (needed.length === 0 || stage.windows || !reaches(ctx, stage)) continue;
      const answer = ctx.images.get(ref);
      if (!answer?.ok) continue; // unknown platforms: stay silent, the look-up error is reported elsewhere
      const image = answer.image;
      const published = image.platforms.map((e) => e.platform);
      const missing = needed.filter((n) => !published.some((p) => serves(p, n)));
      if (missing.length === 0) continue;
      const name = familiarName(ref, { keepTag: true });
      const checked = needed.map((n) => formatList([n]));
      const where = `${HOW[source.kind]} ${name} in ${stageLabel(stage)}`;
      // A sibling reference of the same repository in this file that has the platforms is the easy way out.
      const sibling = [...stageImages(ctx)].find((other) => other.ref.registry === ref.registry && other.ref.repository === ref.repository
        && other.ref.canonical !== ref.canonical && (() => {
          const a = ctx.images.get(other.ref);
          return a?.ok && a.image.kind === 'index' && missing.every((m) => a.image.platforms.some((e) => serves(e.platform, m)));
        })());
      ctx.report({
        range: rangeOf(ctx, source.start, source.end),
        messageId: image.kind === 'index' ? 'indexLacks' : 'singleManifest',
        data: { where, published: formatList(published), missing: formatList(missing), ...(sibling ? { sibling: familiarName(sibling.ref, { keepTag: true }) } : {}) },
        targets: checked,
        suppressionAnchors: anchors(source.instruction),
      });
    }
  },
});
