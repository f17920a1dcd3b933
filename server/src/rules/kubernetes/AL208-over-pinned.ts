/** AL208: the constraint excludes targets that every image supports (the pod could run on more, often cheaper, nodes). */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { removeNodeSelectorArchEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, constraintRelated, describeWorkload, listArchs, podTemplates, targetList, constraintEdits } from './common';
import { evaluatePod } from './registry-eval';

const messages = {
  overPinned: (d: { workload: string; allowed: string; excluded: string }) =>
    `${d.workload} could also run on ${d.excluded} nodes. It is constrained to ${d.allowed}, but every image of the pod also publishes ${d.excluded}: widening the constraint lets it run there too (often cheaper, e.g. arm64).`,
};

export const AL208 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL208',
    name: 'over-pinned',
    kind: 'registry',
    defaultSeverity: 'hint',
    fileKinds: ['kubernetes'],
    severityNote: 'turn it off in CI',
    summary: 'The constraint excludes target architectures that every image supports.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      const { allowed } = ev;
      if (!allowed.constrained || allowed.allowed.size === 0) continue;
      // Only when every image's platforms are known: an unknown image might be the reason for the pin.
      if (ev.images.length === 0 || ev.known.length !== ev.images.length) continue;
      // Pinned to an arch an image lacks: that is AL201's (or AL203's) cause, and its fix — narrowing —
      // already moves the pin; a "widen" hint beside it would contradict it.
      // Likewise arm64 served only by a 32-bit arm fallback (AL206's cause): judged on what is really published.
      if ([...allowed.allowed].some((a) => !ev.known.every((e) => e.osArchs.has(a)))) continue;
      const excluded = [...allowed.universe].filter((a) => !allowed.allowed.has(a) && ev.known.every((e) => e.osArchs.has(a))).sort();
      if (excluded.length === 0) continue;
      const related = constraintRelated(ctx, pod);
      const at = related[0];
      if (!at) continue;
      // Widening is offered only where it is plain: every image has every target and the pin is one
      // nodeSelector entry. Not preferred: a pin can have reasons archlens cannot see.
      const fixes: Fix[] = [];
      const coversAll = [...allowed.universe].every((a) => ev.known.every((e) => e.osArchs.has(a)));
      const archInTerms = pod.constraints.terms.some((t) => t.expressions.some((x) => x.labelKind?.label === 'arch'));
      if (coversAll && !archInTerms) {
        const edits = removeNodeSelectorArchEdits(ctx.text, pod);
        if (edits) fixes.push({ title: 'Remove the kubernetes.io/arch pin (every image publishes every target)', edits: constraintEdits(ctx, pod, edits) });
      }
      ctx.report({
        fixes,
        range: at.range,
        messageId: 'overPinned',
        data: { workload: describeWorkload(workload), allowed: listArchs(allowed.allowed), excluded: listArchs(excluded) },
        related: related.slice(1),
        suppressionAnchors: anchors(ctx, workload),
        targets: targetList(ctx),
      });
    }
  },
});
