/** AL205: `image:tag@sha256:<d>` where d is one platform's manifest of the tag's multi-arch index. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { archSetOfPlatforms } from '../../images/archset';
import { formatPlatform } from '../../images/platform';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, describeWorkload, innerRange, podTemplates, targetList, cap } from './common';
import { evaluatePod, shownImage } from './registry-eval';

const messages = {
  /** `pinned`: the platform the digest is the manifest of; `platforms`: what the index publishes; `indexDigest`: the digest to pin instead. */
  digestPinsOnePlatform: (d: { container: string; workload: string; image: string; pinned: string; tag: string; platforms: string; indexDigest: string }) =>
    `The digest in ${d.image} pins the ${d.pinned} image only, not the multi-platform index. ${cap(d.container)} of ${d.workload}: it is the ${d.pinned} manifest of the index "${d.tag}" (${d.platforms}), often copied from "docker inspect" on one machine: every node pulls the ${d.pinned} image, and nodes of other architectures fail with "exec format error". Pin the index digest ${d.indexDigest} instead.`,
};

export const AL205 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL205',
    name: 'digest-pins-one-platform',
    kind: 'registry',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'The digest pins one platform\'s manifest while the tag is a multi-arch index.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      for (const e of ev.images) {
        if (!e.parsed.ok || !e.parsed.ref.digest || !e.parsed.ref.tag || e.parsed.ref.tagDefaulted) continue;
        const tag = ctx.images.getTag(e.parsed.ref);
        if (!tag?.ok || tag.image.kind !== 'index') continue;
        const index = tag.image;
        if (archSetOfPlatforms(index.platforms).size + archSetOfPlatforms(index.platforms, 'windows').size < 2) continue;
        const digest = e.parsed.ref.digest;
        const entry = index.platforms.find((p) => p.digest === digest);
        if (!entry) continue;
        const pinned = formatPlatform(entry.platform);
        const fixes: Fix[] = [];
        const raw = ctx.text.slice(e.image.innerStart, e.image.innerEnd);
        const at = raw.lastIndexOf('@');
        if (raw === e.image.text && at > 0 && !e.image.shared) {
          const start = e.image.innerStart + at + 1;
          fixes.push({ title: `Pin the multi-platform index (${index.digest.slice(0, 19)}…)`, preferred: true, edits: [{ range: ctx.lines.range(start, e.image.innerEnd), newText: index.digest }] });
        }
        ctx.report({
          range: innerRange(ctx, e.image),
          messageId: 'digestPinsOnePlatform',
          data: {
            container: describeContainer(e.container),
            workload: describeWorkload(workload),
            image: shownImage(e),
            pinned,
            tag: e.parsed.ref.tag,
            platforms: index.platforms.map((p) => formatPlatform(p.platform)).join(', '),
            indexDigest: index.digest,
          },
          suppressionAnchors: anchors(ctx, workload, e.image),
          targets: targetList(ctx),
          fixes,
        });
      }
    }
  },
});
