/** AL102: `beta.kubernetes.io/arch` / `beta.kubernetes.io/os` used as a key: deprecated since Kubernetes 1.14. */
import { defineRule, type RuleContext } from '../../core/rule';
import type { Fix } from '../../core/types';
import type { KScalar } from '../../core/yaml/knode';
import type { KubernetesModel, LabelKind, MatchExpression, NodeSelectorTerm, Workload } from '../../kubernetes/model';
import { anchors, innerRange, podTemplates } from './common';
import { setScalarValue } from '../../core/yaml/scalar-edit';

const messages = {
  deprecated: (d: { key: string; where: string; current: string }) =>
    `${d.key} in ${d.where} is deprecated since Kubernetes 1.14 and nodes are not guaranteed to carry it; use ${d.current}.`,
  /** The same nodeSelector also has the current key: renaming would duplicate it. */
  deprecatedBesideCurrent: (d: { key: string; where: string; current: string }) =>
    `${d.key} in ${d.where} is deprecated since Kubernetes 1.14 and nodes are not guaranteed to carry it; use ${d.current}. (This nodeSelector already has ${d.current}: remove the beta key.)`,
};

export const AL102 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL102',
    name: 'deprecated-arch-label',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'beta.kubernetes.io/arch or beta.kubernetes.io/os used as a key: use kubernetes.io/arch and kubernetes.io/os.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const c = pod.constraints;
      for (const entry of c.nodeSelector) {
        if (!entry.beta) continue;
        // Renaming would duplicate a key the same nodeSelector already has.
        const clash = c.nodeSelector.some((e) => !e.beta && e.label === entry.label);
        report(ctx, workload, entry.key, entry, 'nodeSelector', !clash);
      }
      const expressions = (list: MatchExpression[], where: string) => {
        for (const e of list) if (e.labelKind?.beta && e.key) report(ctx, workload, e.key, e.labelKind, where, true);
      };
      for (const term of c.terms) {
        // A beta-key term ORed with the same term in GA keys is a fallback for old nodes: a node
        // without the beta labels still matches the GA term (pixie-io/pixie, sysdiglabs/charts).
        if (!c.terms.some((other) => other !== term && isGaTwin(term, other))) expressions(term.expressions, 'required node affinity');
      }
      for (const term of c.preferred) expressions(term.expressions, 'preferred node affinity');
      for (const t of c.tolerations) if (t.labelKind?.beta && t.key) report(ctx, workload, t.key, t.labelKind, 'a toleration', true);
    }
  },
});

/** `other` says what `term` says with every beta arch/os key in its GA form (and has some beta key to say it of). */
function isGaTwin(term: NodeSelectorTerm, other: NodeSelectorTerm): boolean {
  if (!term.expressions.some((e) => e.labelKind?.beta) || other.expressions.some((e) => e.labelKind?.beta)) return false;
  if (term.fieldCount > 0 || other.fieldCount > 0) return false;
  const canonical = (list: MatchExpression[]) => list.map((e) => {
    const key = e.labelKind ? `kubernetes.io/${e.labelKind.label}` : e.key?.text ?? '';
    return `${key} ${e.operator?.text ?? ''} ${e.values.map((v) => v.text).sort().join(',')}`;
  }).sort().join('\n');
  return canonical(term.expressions) === canonical(other.expressions);
}

function report(ctx: RuleContext<KubernetesModel, typeof messages>, workload: Workload, key: KScalar, kind: LabelKind, where: string, fixable: boolean): void {
  const current = `kubernetes.io/${kind.label}`;
  // A key shared through an alias is not edited (setScalarValue says so).
  const edit = fixable ? setScalarValue(ctx.text, key, current) : undefined;
  const fixes: Fix[] = edit ? [{ title: `Rename to ${current}`, preferred: true, edits: [{ range: ctx.lines.range(edit.start, edit.end), newText: edit.newText }] }] : [];
  ctx.report({
    range: innerRange(ctx, key),
    messageId: fixable ? 'deprecated' : 'deprecatedBesideCurrent',
    data: { key: key.text, where, current },
    suppressionAnchors: anchors(ctx, workload),
    fixes,
  });
}
