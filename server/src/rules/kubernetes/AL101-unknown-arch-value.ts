/** AL101: an arch label value that is not a Go GOARCH name (`x86_64`, `aarch64`, `AMD64`, `linux/amd64`) matches no node. */
import { defineRule, type RuleContext } from '../../core/rule';
import { normalizeArchLabel } from '../../images/platform';
import type { KScalar } from '../../core/yaml/knode';
import { setScalarValue } from '../../core/yaml/scalar-edit';
import type { KubernetesModel, MatchExpression } from '../../kubernetes/model';
import { anchors, innerRange, podTemplates } from './common';
import type { Workload } from '../../kubernetes/model';

type Where = 'nodeSelector' | 'required node affinity' | 'preferred node affinity' | 'a toleration';

const effect = (where: Where) => (where === 'a toleration' ? 'so it tolerates no real taint' : 'so it matches no node');

const messages = {
  /** A spelling of an architecture (`x86_64`, `AMD64`, `linux/arm64`): `arch` is the label value it means. */
  otherSpelling: (d: { value: string; where: Where; arch: string }) =>
    `"${d.value}" in ${d.where} is not a kubernetes.io/arch value: nodes are labelled with Go architecture names, ${effect(d.where)}. The label value for this architecture is "${d.arch}".`,
  notAnArchitecture: (d: { value: string; where: Where }) =>
    `"${d.value}" in ${d.where} is not an architecture: nodes carry Go architecture names in kubernetes.io/arch (amd64, arm64, arm, 386, ppc64le, s390x, …), ${effect(d.where)}.`,
};

export const AL101 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL101',
    name: 'unknown-arch-value',
    kind: 'offline',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'An arch label value that is not a Go architecture name (x86_64, aarch64, …) matches no node.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const c = pod.constraints;
      for (const entry of c.nodeSelector) if (entry.label === 'arch' && entry.value) report(ctx, workload, entry.value, 'nodeSelector');
      const expressions = (list: MatchExpression[], where: Where) => {
        for (const e of list) if (e.labelKind?.label === 'arch') for (const v of e.values) report(ctx, workload, v, where);
      };
      for (const term of c.terms) expressions(term.expressions, 'required node affinity');
      for (const term of c.preferred) expressions(term.expressions, 'preferred node affinity');
      for (const t of c.tolerations) if (t.labelKind?.label === 'arch' && t.value) report(ctx, workload, t.value, 'a toleration');
    }
  },
});

function report(ctx: RuleContext<KubernetesModel, typeof messages>, workload: Workload, value: KScalar, where: Where): void {
  const label = normalizeArchLabel(value.text);
  if (label?.canonical) return;
  const written = value.text;
  if (label) {
    // Any style of scalar (`>-` then the value on the next line included); a value shared through an
    // alias gets no edit: the anchor may stand for other values too.
    const edit = setScalarValue(ctx.text, value, label.arch);
    ctx.report({
      range: innerRange(ctx, value),
      messageId: 'otherSpelling',
      data: { value: written, where, arch: label.arch },
      suppressionAnchors: anchors(ctx, workload),
      fixes: edit ? [{ title: `Replace "${written}" with "${label.arch}"`, preferred: true, edits: [{ range: ctx.lines.range(edit.start, edit.end), newText: edit.newText }] }] : [],
    });
  } else {
    ctx.report({
      range: innerRange(ctx, value),
      messageId: 'notAnArchitecture',
      data: { value: written, where },
      suppressionAnchors: anchors(ctx, workload),
    });
  }
}
