/** AL504 (registry): a Compose service's `platform:` is not published by its `image:`. */
import { defineRule } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { covers, formatPlatform } from '../../buildscripts/platforms';
import { parsePlatform } from '../../images/platform';

const messages = {
  /** `published`: what the image publishes; `index`: it is an index (the pull fails) rather than a single manifest (it runs and fails). */
  notPublished: (d: { service: string; platform: string; image: string; published: string; index: boolean }) =>
    `service "${d.service}" asks for ${d.platform}, but ${d.image} publishes only ${d.published}: `
    + (d.index
      ? `docker compose pull fails with "no matching manifest for ${d.platform}"`
      : 'it is pulled, then the container fails with exec format error (or runs under emulation if QEMU is installed)'),
};

export const AL504 = defineRule<BuildModel>()({
  meta: {
    code: 'AL504',
    name: 'compose-platform-mismatch',
    kind: 'registry',
    defaultSeverity: 'warning',
    fileKinds: ['compose'],
    summary: "A Compose service's platform is not published by its image.",
    messages,
    fixable: false,
  },
  check(ctx) {
    for (const use of ctx.model.composePlatforms) {
      if (!use.image.ok) continue;
      const wanted = parsePlatform(use.platform.text);
      const answer = ctx.images.get(use.image.ref);
      if (!wanted || !answer?.ok) continue; // unknown platforms: silent here, the look-up error is reported elsewhere
      const published = answer.image.platforms.map((p) => p.platform);
      if (published.some((p) => covers(p, wanted))) continue;
      const names = published.map(formatPlatform).join(', ') || 'no runnable platform';
      ctx.report({
        range: use.platform.range,
        messageId: 'notPublished',
        data: { service: use.service, platform: formatPlatform(wanted), image: use.image.ref.original, published: names, index: answer.image.kind === 'index' },
        related: [{ range: use.imageRange, message: `image ${use.image.ref.original}` }],
        suppressionAnchors: [use.serviceLine],
      });
    }
  },
});
