/** AL103: some required nodeSelectorTerms constrain arch and others do not; terms are ORed, so the pod can land anywhere. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { union } from '../../images/archset';
import { requiredAffinityEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { allowedOf, anchors, innerRange, listArchs, podTemplates, rangeOf, constraintEdits } from './common';

const messages = {
  /** `constraining`/`lacking`: "term 1, term 3"; `intended`: the archs the constraining terms allow ("" when none); `others`: the targets they leave out. */
  partialTerms: (d: { constraining: string; constrainingCount: number; intended: string; lacking: string; lackingCount: number; others: string }) =>
    `nodeSelectorTerms are ORed: ${d.constraining} constrain${d.constrainingCount === 1 ? 's' : ''} kubernetes.io/arch`
    + (d.intended ? ` to ${d.intended}` : '')
    + ` but ${d.lacking} ${d.lackingCount === 1 ? 'does' : 'do'} not, so the pod can still be scheduled on any architecture`
    + ` (including ${d.others}).`,
};

export const AL103 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL103',
    name: 'partial-arch-terms',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'Some required nodeSelectorTerms constrain the architecture and others do not: terms are ORed.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const allowed = allowedOf(ctx, pod);
      if (allowed.nodeSelector) continue; // a nodeSelector arch key decides whatever the terms say
      const constraining = allowed.terms.filter((t) => t.constrains);
      const lacking = allowed.terms.filter((t) => !t.constrains && !t.empty);
      if (constraining.length === 0 || lacking.length === 0 || !pod.constraints.termsPair) continue;
      const number = (t: (typeof allowed.terms)[number]) => allowed.terms.indexOf(t) + 1;
      const intended = union(...constraining.map((t) => t.allowed));
      const others = [...allowed.universe].filter((a) => !intended.has(a));
      if (others.length === 0) continue; // the arch terms allow every target anyway: the other terms widen nothing
      const lackingNames = lacking.map((t) => `term ${number(t)}`).join(', ');
      const fixes: Fix[] = [];
      if (intended.size > 0) {
        const edits = requiredAffinityEdits(ctx.text, pod, [...intended].sort(), 'lacking');
        if (edits) fixes.push({ title: `Add kubernetes.io/arch In [${[...intended].sort().join(', ')}] to ${lackingNames}`, preferred: true, edits: constraintEdits(ctx, pod, edits) });
      }
      ctx.report({
        range: innerRange(ctx, pod.constraints.termsPair.key),
        messageId: 'partialTerms',
        data: {
          constraining: constraining.map((t) => `term ${number(t)}`).join(', '),
          constrainingCount: constraining.length,
          intended: intended.size > 0 ? listArchs(intended) : '',
          lacking: lackingNames,
          lackingCount: lacking.length,
          others: listArchs(others),
        },
        related: lacking.map((t) => ({ range: rangeOf(ctx, { start: t.term.node.start, end: t.term.node.start }), message: `term ${number(t)} has no kubernetes.io/arch expression` })),
        suppressionAnchors: anchors(ctx, workload),
        fixes,
      });
    }
  },
});
