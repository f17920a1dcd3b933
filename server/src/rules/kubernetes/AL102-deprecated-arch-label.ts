/** AL102: `beta.kubernetes.io/arch` / `beta.kubernetes.io/os` used as a key: deprecated since Kubernetes 1.14. */
import type { Rule } from '../../core/rule';
import type { Fix } from '../../core/types';
import type { KScalar } from '../../core/yaml/knode';
import type { KubernetesModel, LabelKind, MatchExpression, Workload } from '../../kubernetes/model';
import { anchors, innerRange, podTemplates, type K8sContext } from './common';
import { setScalarValue } from '../../core/yaml/scalar-edit';

export const AL102: Rule<KubernetesModel> = {
  meta: {
    code: 'AL102',
    name: 'deprecated-arch-label',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'beta.kubernetes.io/arch or beta.kubernetes.io/os used as a key: use kubernetes.io/arch and kubernetes.io/os.',
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
      for (const term of c.terms) expressions(term.expressions, 'required node affinity');
      for (const term of c.preferred) expressions(term.expressions, 'preferred node affinity');
      for (const t of c.tolerations) if (t.labelKind?.beta && t.key) report(ctx, workload, t.key, t.labelKind, 'a toleration', true);
    }
  },
};

function report(ctx: K8sContext, workload: Workload, key: KScalar, kind: LabelKind, where: string, fixable: boolean): void {
  const current = `kubernetes.io/${kind.label}`;
  // A key shared through an alias is not edited (setScalarValue says so).
  const edit = fixable ? setScalarValue(ctx.text, key, current) : undefined;
  const fixes: Fix[] = edit ? [{ title: `Rename to ${current}`, preferred: true, edits: [{ range: ctx.lines.range(edit.start, edit.end), newText: edit.newText }] }] : [];
  ctx.report({
    range: innerRange(ctx, key),
    message: `${key.text} in ${where} is deprecated since Kubernetes 1.14 and nodes are not guaranteed to carry it; use ${current}.`
      + (fixable ? '' : ` (This nodeSelector already has ${current}: remove the beta key.)`),
    suppressionAnchors: anchors(ctx, workload),
    fixes,
  });
}
