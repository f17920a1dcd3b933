/**
 * AL105: `kubernetes.io/arch`/`os` written as a label, an annotation or in selector.matchLabels, or
 * arch only in tolerations (of one architecture): none of these selects a node. Once per pod and label:
 * - nothing constrains that label for the pod: the author evidently meant it to (fix: nodeSelector);
 * - the pod is constrained and the label says something else (`arm64` while the constraint allows
 *   amd64, or amd64 and arm64): the label promises what the scheduler does not do;
 * - the label agrees with the constraint (per-arch Deployments often label their pods so): silent.
 */
import { defineRule, type MessageData, type RuleContext } from '../../core/rule';
import type { Fix } from '../../core/types';
import { archOfValue, podOs } from '../../kubernetes/allowed';
import { nodeSelectorEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel, MisplacedLabel, PodTemplate, Workload } from '../../kubernetes/model';
import { allowedOf, anchors, innerRange, listArchs, podTemplates, constraintEdits, type K8sContext } from './common';

const selectsNoNode = (d: { key: string; where: string }) =>
  `${d.key} in the ${d.where} selects no node: labels and annotations describe the object itself, and the scheduler reads only nodeSelector and node affinity.`;

const messages = {
  /** Nothing constrains the label's kind for the pod; `value` is what the label says (undefined when it is no architecture or OS). */
  unconstrained: (d: { key: string; where: string; value?: string }) =>
    `${selectsNoNode(d)} ${d.value ? `To run on ${d.value} nodes, put it in nodeSelector.` : 'Put the constraint in nodeSelector.'}`,
  /** The constraint allows the label's arch among `others`. */
  wider: (d: { key: string; where: string; value: string; allowed: string; others: string }) =>
    `${selectsNoNode(d)} The pod's constraints allow ${d.allowed}, so it also runs on ${d.others} nodes. To run on ${d.value} nodes only, add it to nodeSelector.`,
  /** The constraint allows something else: `allows` says what ("the pod's constraints allow amd64"). */
  disagrees: (d: { key: string; where: string; value: string; allows: string }) =>
    `${selectsNoNode(d)} It says ${d.value}, but ${d.allows}: correct the label or the constraint.`,
  tolerationOnly: (d: { key: string; value?: string }) =>
    `${d.key} appears only in a toleration: a toleration lets the pod onto nodes tainted with it but does not keep it off other architectures, so the pod can still be scheduled anywhere. `
    + (d.value ? `To run on ${d.value} nodes, add a nodeSelector` : 'Add a nodeSelector to choose the architecture')
    + ' (with a multi-arch image, a toleration alone is how the pod is let onto the tainted nodes as well as the others).',
};

type Ctx = RuleContext<KubernetesModel, typeof messages>;

export const AL105 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL105',
    name: 'arch-label-misplaced',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'kubernetes.io/arch or os as a pod label, annotation or matchLabels entry, or arch only in tolerations: it selects no node.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const allowed = allowedOf(ctx, pod);
      for (const label of ['arch', 'os'] as const) {
        const misplaced = pod.misplaced.filter((m) => m.label === label);
        const constrained = label === 'arch' ? allowed.constrained : hasOsConstraint(pod);
        if (!constrained) {
          if (misplaced.length > 0) {
            const first = misplaced[0];
            const value = first.value ? canonical(label, first.value.text) : undefined;
            report(ctx, workload, misplaced, first, { messageId: 'unconstrained', data: { key: first.key.text, where: first.where, ...(value ? { value } : {}) } }, fix(ctx, pod, label, value));
          } else if (label === 'arch') {
            reportToleration(ctx, workload, pod);
          }
          continue;
        }
        if (label === 'arch' && allowed.allowed.size === 0) continue; // unsatisfiable: AL104's finding
        // Constrained: only a label that says something else than the constraint is reported.
        const constraint = label === 'arch' ? [...allowed.allowed].sort() : [podOs(pod.constraints)];
        const disagrees = (m: MisplacedLabel) => {
          const value = m.value ? canonical(label, m.value.text) : undefined;
          return value !== undefined && !(constraint.length === 1 && constraint[0] === value);
        };
        const first = misplaced.find(disagrees);
        if (!first) continue;
        const value = canonical(label, first.value!.text)!;
        const allows = label === 'arch' ? `the pod's constraints allow ${listArchs(constraint)}` : `the pod's constraints select ${constraint[0]} nodes`;
        if (constraint.includes(value)) {
          // arch only: the constraint allows the label's arch among others; a nodeSelector narrows to it.
          const others = constraint.filter((a) => a !== value);
          const affinityAllows = !allowed.affinity || allowed.affinity.has(value);
          report(ctx, workload, misplaced, first, { messageId: 'wider', data: { key: first.key.text, where: first.where, value, allowed: listArchs(constraint), others: listArchs(others) } },
            allowed.nodeSelector || !affinityAllows ? [] : fix(ctx, pod, label, value));
        } else {
          report(ctx, workload, misplaced, first, { messageId: 'disagrees', data: { key: first.key.text, where: first.where, value, allows } }, []);
        }
      }
    }
  },
});

type LabelMessage =
  | { messageId: 'unconstrained'; data: MessageData<typeof messages, 'unconstrained'> }
  | { messageId: 'wider'; data: MessageData<typeof messages, 'wider'> }
  | { messageId: 'disagrees'; data: MessageData<typeof messages, 'disagrees'> };

function report(ctx: Ctx, workload: Workload, misplaced: MisplacedLabel[], first: MisplacedLabel, message: LabelMessage, fixes: Fix[]): void {
  ctx.report({
    range: innerRange(ctx, first.key),
    ...message,
    related: misplaced.filter((m) => m !== first).map((m) => ({ range: innerRange(ctx, m.key), message: `also in the ${m.where}` })),
    suppressionAnchors: anchors(ctx, workload),
    fixes,
  });
}

function reportToleration(ctx: Ctx, workload: Workload, pod: PodTemplate): void {
  const archTolerations = pod.constraints.tolerations.filter((t) => t.labelKind?.label === 'arch' && t.key);
  const toleration = archTolerations[0];
  if (!toleration?.key) return;
  // Tolerations for two architectures (amd64 and arm64: pinniped's deployments) say the pod is
  // meant to run on each: a multi-arch image let onto tainted nodes, with nothing to pin.
  const tolerated = new Set(archTolerations.map((t) => (t.value ? canonical('arch', t.value.text) : undefined)).filter((a) => a));
  if (tolerated.size > 1) return;
  const value = toleration.value ? canonical('arch', toleration.value.text) : undefined;
  ctx.report({
    range: innerRange(ctx, toleration.key),
    messageId: 'tolerationOnly',
    data: { key: toleration.key.text, ...(value ? { value } : {}) },
    suppressionAnchors: anchors(ctx, workload),
    // Offered, not preferred: tolerating GKE's and AKS's `kubernetes.io/arch=arm64:NoSchedule` taint
    // is also how a multi-arch image runs on both architectures (GoogleCloudPlatform/kubernetes-engine-
    // samples' multiarch overlay), where a nodeSelector would pin it to one.
    fixes: fix(ctx, pod, 'arch', value).map(({ preferred: _, ...f }) => ({ ...f, title: `${f.title} — not applied by --fix: a multi-arch image is meant to run on both, with the toleration alone` })),
  });
}

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
  return edits ? [{ title: `Add nodeSelector kubernetes.io/${label}: ${value}`, preferred: true, edits: constraintEdits(ctx, pod, edits) }] : [];
}
