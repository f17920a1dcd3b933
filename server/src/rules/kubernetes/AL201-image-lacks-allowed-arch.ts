/** AL201: the pod is constrained, yet may run on an arch one of its images does not publish. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { intersect } from '../../images/archset';
import { constrainEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, constraintRelated, describeContainer, describeWorkload, innerRange, listArchs, podTemplates, targetList, constraintEdits, cap } from './common';
import { consequence, describePlatforms, evaluatePod, predatesNote, shownImage } from './registry-eval';
import { al210Speaks } from './built-here';

const messages = {
  /**
   * `platforms`: what the image publishes ("only linux/amd64 (an image index)"); `consequences`: what
   * happens on each missing arch; `predates`: this workspace builds the missing archs (the image map).
   */
  lacksAllowedArch: (d: { container: string; workload: string; image: string; platforms: string; allowed: string; consequences: string[]; predates?: string }) =>
    `${d.image} lacks an architecture the pod allows (${d.allowed}). ${cap(d.container)} of ${d.workload}: it publishes ${d.platforms}: ${d.consequences.join('; ')}.`
    + (d.predates ? ` ${d.predates}.` : ''),
};

export const AL201 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL201',
    name: 'image-lacks-allowed-arch',
    kind: 'registry',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'The pod may run on an architecture one of its images does not publish.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      const { allowed } = ev;
      if (!allowed.constrained || allowed.allowed.size === 0 || ev.noCommon) continue;
      for (const e of ev.known) {
        // An arch the build here does not make either is AL210's finding (the build is the cause).
        const missing = [...allowed.allowed].filter((a) => !e.effective.has(a) && !al210Speaks(ctx, e.built, a)).sort();
        if (missing.length === 0) continue;
        const predates = predatesNote(ctx, e, missing);
        const narrowTo = [...intersect(allowed.allowed, ev.common)].sort();
        const fixes: Fix[] = [];
        if (narrowTo.length > 0) {
          const edits = constrainEdits(ctx.text, pod, narrowTo, allowed);
          if (edits) fixes.push({ title: `Allow only ${listArchs(narrowTo)} (what every image of the pod publishes)`, preferred: true, edits: constraintEdits(ctx, pod, edits) });
        }
        ctx.report({
          range: innerRange(ctx, e.image),
          messageId: 'lacksAllowedArch',
          data: {
            container: describeContainer(e.container),
            workload: describeWorkload(workload),
            image: shownImage(e),
            platforms: describePlatforms(e, allowed.os),
            allowed: listArchs(allowed.allowed),
            consequences: missing.map((a) => consequence(e, a)),
            ...(predates ? { predates } : {}),
          },
          related: constraintRelated(ctx, pod),
          suppressionAnchors: anchors(ctx, workload, e.image),
          targets: targetList(ctx),
          fixes,
        });
      }
    }
  },
});
