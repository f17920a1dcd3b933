/** AL204: the arch appears only in preferred affinity while the images do not cover every target. */
import type { Rule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { archOfValue } from '../../kubernetes/allowed';
import { nodeSelectorArchEdits, requiredAffinityEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, describeWorkload, innerRange, listArchs, podTemplates, targetList, constraintEdits } from './common';
import { consequence, describePlatforms, evaluatePod, shownImage } from './registry-eval';

export const AL204: Rule<KubernetesModel> = {
  meta: {
    code: 'AL204',
    name: 'preferred-only-arch',
    kind: 'registry',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'The architecture is only preferred while an image is single-arch: the scheduler may still pick the wrong node.',
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
        message: `${describeWorkload(workload)} only prefers its architecture: ${describeContainer(lacking.container)} ${shownImage(lacking)} publishes ${describePlatforms(lacking, allowed.os)}, and when no preferred node has room the scheduler still places the pod on ${listArchs(uncovered)} nodes: ${uncovered.map((a) => consequence(lacking, a)).join('; ')}.`,
        related: [{ range: innerRange(ctx, lacking.image), message: `${describeContainer(lacking.container)}` }],
        suppressionAnchors: anchors(ctx, workload, lacking.image),
        targets: targetList(ctx),
        fixes,
      });
    }
  },
};
