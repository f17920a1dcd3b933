/** AL201: the pod is constrained, yet may run on an arch one of its images does not publish. */
import type { Rule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { intersect } from '../../images/archset';
import { constrainEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, constraintRelated, describeContainer, describeWorkload, innerRange, listArchs, podTemplates, targetList, constraintEdits } from './common';
import { consequence, describePlatforms, evaluatePod, shownImage } from './registry-eval';

export const AL201: Rule<KubernetesModel> = {
  meta: {
    code: 'AL201',
    name: 'image-lacks-allowed-arch',
    kind: 'registry',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'The pod may run on an architecture one of its images does not publish.',
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      const { allowed } = ev;
      if (!allowed.constrained || allowed.allowed.size === 0 || ev.noCommon) continue;
      for (const e of ev.known) {
        const missing = [...allowed.allowed].filter((a) => !e.effective.has(a)).sort();
        if (missing.length === 0) continue;
        const narrowTo = [...intersect(allowed.allowed, ev.common)].sort();
        const fixes: Fix[] = [];
        if (narrowTo.length > 0) {
          const edits = constrainEdits(ctx.text, pod, narrowTo, allowed);
          if (edits) fixes.push({ title: `Allow only ${listArchs(narrowTo)} (what every image of the pod publishes)`, preferred: true, edits: constraintEdits(ctx, pod, edits) });
        }
        ctx.report({
          range: innerRange(ctx, e.image),
          message: `${describeContainer(e.container)} of ${describeWorkload(workload)}: ${shownImage(e)} publishes ${describePlatforms(e, allowed.os)}, but the pod's constraints allow ${listArchs(allowed.allowed)}: ${missing.map((a) => consequence(e, a)).join('; ')}.`,
          related: constraintRelated(ctx, pod),
          suppressionAnchors: anchors(ctx, workload, e.image),
          targets: targetList(ctx),
          fixes,
        });
      }
    }
  },
};
