/** AL204: the arch appears only in preferred affinity while the images do not cover every target. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { archOfValue } from '../../kubernetes/allowed';
import { nodeSelectorArchEdits, requiredAffinityEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, describeWorkload, innerRange, listArchs, podTemplates, targetList, constraintEdits, cap } from './common';
import { consequence, describePlatforms, evaluatePod, shownImage } from './registry-eval';

const messages = {
  /** `uncovered`: the archs the pod may still land on that the image lacks; `consequences`: what happens there. */
  preferredOnly: (d: { workload: string; container: string; image: string; platforms: string; uncovered: string; consequences: string[] }) =>
    `${d.image} may still land on ${d.uncovered} nodes: ${d.workload} only prefers its architecture. ${cap(d.container)} ${d.image} publishes ${d.platforms}, and when no preferred node has room the scheduler places the pod on ${d.uncovered} nodes anyway: ${d.consequences.join('; ')}.`,
};

export const AL204 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL204',
    name: 'preferred-only-arch',
    kind: 'registry',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'The architecture is only preferred while an image is single-arch: the scheduler may still pick the wrong node.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      const { allowed } = ev;
      if (allowed.constrained || ev.noCommon || ev.known.length === 0 || ev.preferredArch.length === 0) continue;
      const uncovered = [...allowed.universe].filter((a) => !ev.common.has(a)).sort();
      if (uncovered.length === 0) continue;
      const lacking = ev.known.find((e) => uncovered.some((a) => !e.effective.has(a)))!;
      const expression = ev.preferredArch[0];
      // Require what the preference names, kept to what every image has; else what every image has.
      const named = new Set<string>();
      for (const x of ev.preferredArch) {
        if (x.operator?.text !== 'In') continue;
        for (const v of x.values) { const a = archOfValue(v.text); if (a && ev.common.has(a)) named.add(a); }
      }
      const target = [...(named.size > 0 ? named : ev.common)].sort();
      const fixes: Fix[] = [];
      if (target.length > 0) {
        const required = requiredAffinityEdits(ctx.text, pod, target);
        if (required) fixes.push({ title: `Make it required: kubernetes.io/arch In [${target.join(', ')}]`, preferred: true, edits: constraintEdits(ctx, pod, required) });
        if (target.length === 1) {
          const ns = nodeSelectorArchEdits(ctx.text, pod, target[0]);
          if (ns) fixes.push({ title: `Run on ${target[0]} nodes only (nodeSelector kubernetes.io/arch: ${target[0]})`, edits: constraintEdits(ctx, pod, ns) });
        }
      }
      const at = expression.key ?? expression.node;
      ctx.report({
        range: innerRange(ctx, at),
        messageId: 'preferredOnly',
        data: {
          workload: describeWorkload(workload),
          container: describeContainer(lacking.container),
          image: shownImage(lacking),
          platforms: describePlatforms(lacking, allowed.os),
          uncovered: listArchs(uncovered),
          consequences: uncovered.map((a) => consequence(lacking, a)),
        },
        related: [{ range: innerRange(ctx, lacking.image), message: `${describeContainer(lacking.container)}` }],
        suppressionAnchors: anchors(ctx, workload, lacking.image),
        targets: targetList(ctx),
        fixes,
      });
    }
  },
});
