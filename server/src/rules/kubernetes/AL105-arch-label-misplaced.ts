/**
 * AL105: `kubernetes.io/arch`/`os` written as a label, an annotation or in selector.matchLabels, or
 * arch only in tolerations: none of these selects a node. Reported when nothing else constrains
 * that label for the pod (then the author evidently meant it to), once per pod and label.
 */
import type { Rule } from '../../engine/rule';
import type { Fix } from '../../engine/types';
import { archOfValue } from '../../kubernetes/allowed';
import { nodeSelectorEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel, PodTemplate } from '../../kubernetes/model';
import { allowedOf, anchors, innerRange, podTemplates, textEdits, type K8sContext } from './common';

export const AL105: Rule<KubernetesModel> = {
  meta: {
    code: 'AL105',
    name: 'arch-label-misplaced',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'kubernetes.io/arch or os as a pod label, annotation or matchLabels entry, or arch only in tolerations: it selects no node.',
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const allowed = allowedOf(ctx, pod);
      for (const label of ['arch', 'os'] as const) {
        const constrained = label === 'arch' ? allowed.constrained : hasOsConstraint(pod);
        if (constrained) continue;
        const misplaced = pod.misplaced.filter((m) => m.label === label);
        const first = misplaced[0];
        if (first) {
          const value = first.value ? canonical(label, first.value.text) : undefined;
          ctx.report({
            range: innerRange(ctx, first.key),
            message: `${first.key.text} in the ${first.where} selects no node: labels and annotations describe the object itself, and the scheduler reads only nodeSelector and node affinity. `
              + (value ? `To run on ${value} nodes, put it in nodeSelector.` : 'Put the constraint in nodeSelector.'),
            related: misplaced.slice(1).map((m) => ({ range: innerRange(ctx, m.key), message: `also in the ${m.where}` })),
            suppressionAnchors: anchors(ctx, workload),
            fixes: fix(ctx, pod, label, value),
          });
          continue;
        }
        if (label !== 'arch') continue;
        const toleration = pod.constraints.tolerations.find((t) => t.labelKind?.label === 'arch' && t.key);
        if (!toleration?.key) continue;
        const value = toleration.value ? canonical('arch', toleration.value.text) : undefined;
        ctx.report({
          range: innerRange(ctx, toleration.key),
          message: `${toleration.key.text} appears only in a toleration: a toleration lets the pod onto nodes tainted with it but does not keep it off other architectures, so the pod can still be scheduled anywhere. `
            + (value ? `To run on ${value} nodes, add a nodeSelector.` : 'Add a nodeSelector to choose the architecture.'),
          suppressionAnchors: anchors(ctx, workload),
          fixes: fix(ctx, pod, 'arch', value),
        });
      }
    }
  },
};

function canonical(label: 'arch' | 'os', value: string): string | undefined {
  if (label === 'arch') return archOfValue(value);
  const os = value.trim().toLowerCase();
  return /^[a-z0-9]+$/.test(os) ? os : undefined;
}

function hasOsConstraint(pod: PodTemplate): boolean {
  const c = pod.constraints;
  return c.nodeSelector.some((e) => e.label === 'os') || c.terms.some((t) => t.expressions.some((e) => e.labelKind?.label === 'os'));
}

function fix(ctx: K8sContext, pod: PodTemplate, label: 'arch' | 'os', value: string | undefined): Fix[] {
  if (!value) return [];
  const edits = nodeSelectorEdits(ctx.text, pod, label, value);
  return edits ? [{ title: `Add nodeSelector kubernetes.io/${label}: ${value}`, preferred: true, edits: textEdits(ctx, edits) }] : [];
}
