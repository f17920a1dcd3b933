/** AL504 (registry): a Compose service's `platform:` is not published by its `image:`. */
import type { Rule } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { covers, formatPlatform } from '../../buildscripts/platforms';
import { parsePlatform } from '../../images/platform';

export const AL504: Rule<BuildModel> = {
  meta: {
    code: 'AL504',
    name: 'compose-platform-mismatch',
    kind: 'registry',
    defaultSeverity: 'warning',
    fileKinds: ['compose'],
    summary: "A Compose service's platform is not published by its image.",
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
      const outcome = answer.image.kind === 'index'
        ? `docker compose pull fails with "no matching manifest for ${formatPlatform(wanted)}"`
        : `it is pulled, then the container fails with exec format error (or runs under emulation if QEMU is installed)`;
      ctx.report({
        range: use.platform.range,
        message: `service "${use.service}" asks for ${formatPlatform(wanted)}, but ${use.image.ref.original} publishes only ${names}: ${outcome}`,
        related: [{ range: use.imageRange, message: `image ${use.image.ref.original}` }],
        suppressionAnchors: [use.serviceLine],
      });
    }
  },
};
