/**
 * AL304: `FROM --platform=$TARGETPLATFORM …` says what BuildKit does anyway. Not when the comment
 * right above the FROM speaks of that platform: the flag is then written on purpose, as
 * documentation (kueue's kueueviz Dockerfile explains that its runtime stage "uses TARGETPLATFORM"
 * beside a build stage on BUILDPLATFORM), and removing it would leave that comment describing a
 * flag that is gone.
 *
 * A fallback in the expression (`${TARGETPLATFORM:-linux/amd64}`) is still the default under
 * BuildKit, which sets TARGETPLATFORM for every build (its own RedundantTargetPlatform check says
 * the same), but the classic builder sets none and builds that stage for the fallback. The fallback
 * is written for that builder (nacos-docker's example/image/mysql/5.7-m1, where mysql:5.7 has no
 * arm64 image), so removing the flag is offered, not preferred, and the message says what it drops.
 */
import { defineRule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import { anchors, commentsAbove, rangeOf, removeFlagEdit } from './util';

const messages = {
  redundant: (d: { flag: string }) => `--platform=${d.flag} is what BuildKit uses by default for a FROM; the flag can go.`,
  fallback: (d: { flag: string; fallback: string }) => `--platform=${d.flag} is what BuildKit uses by default for a FROM; only a builder that sets no TARGETPLATFORM (the classic builder) gets ${d.fallback} from it.`,
};

/** A fallback in `${TARGETPLATFORM:-linux/amd64}` (also `-`, and TARGETOS/TARGETARCH). */
const FALLBACK = /\$\{TARGET(?:PLATFORM|OS|ARCH):?-([^}]*)\}/g;

/** What the classic builder reads in the flag: each fallback in place of its variable; undefined without one. */
function fallbackOf(raw: string): string | undefined {
  const fallbacks = [...raw.matchAll(FALLBACK)].map((m) => m[1]);
  return fallbacks.some((f) => f !== '') ? raw.replace(FALLBACK, '$1') : undefined;
}

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
      const fallback = fallbackOf(flag.raw);
      const remove = { title: 'Remove the --platform flag', edits: [removeFlagEdit(ctx, flag.start, flag.end)] };
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        ...(fallback
          ? { messageId: 'fallback' as const, data: { flag: flag.raw, fallback }, fixes: [remove] }
          : { messageId: 'redundant' as const, data: { flag: flag.raw }, fixes: [{ ...remove, preferred: true }] }),
      });
    }
  },
});
