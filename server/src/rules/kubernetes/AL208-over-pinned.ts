/** AL208: the constraint excludes targets that every image supports (the pod could run on more, often cheaper, nodes). */
import type { Rule } from '../../engine/rule';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, constraintRelated, describeWorkload, listArchs, podTemplates, targetList } from './common';
import { evaluatePod } from './registry-eval';

export const AL208: Rule<KubernetesModel> = {
  meta: {
    code: 'AL208',
    name: 'over-pinned',
    kind: 'registry',
    defaultSeverity: 'hint',
    fileKinds: ['kubernetes'],
    summary: 'The constraint excludes target architectures that every image supports.',
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      const { allowed } = ev;
      if (!allowed.constrained || allowed.allowed.size === 0) continue;
      // Only when every image's platforms are known: an unknown image might be the reason for the pin.
      if (ev.images.length === 0 || ev.known.length !== ev.images.length) continue;
      const excluded = [...allowed.universe].filter((a) => !allowed.allowed.has(a) && ev.known.every((e) => e.osArchs.has(a))).sort();
      if (excluded.length === 0) continue;
      const related = constraintRelated(ctx, pod);
      const at = related[0];
      if (!at) continue;
      ctx.report({
        range: at.range,
        message: `${describeWorkload(workload)} is constrained to ${listArchs(allowed.allowed)}, but every image of the pod also publishes ${listArchs(excluded)}: widening the constraint lets it run on ${listArchs(excluded)} nodes too (often cheaper, e.g. arm64).`,
        related: related.slice(1),
        suppressionAnchors: anchors(ctx, workload),
        targets: targetList(ctx),
      });
    }
  },
};
