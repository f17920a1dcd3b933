/** AL104: the allowed arch set is empty: no node can run the pod, it stays Pending. */
import type { Rule } from '../../core/rule';
import type { RelatedLocation } from '../../core/types';
import { archOfValue, computeAllowed, type AllowedArchs } from '../../kubernetes/allowed';
import type { KubernetesModel, PodTemplate } from '../../kubernetes/model';
import { allowedOf, anchors, innerRange, listArchs, podTemplates, targetList, type K8sContext } from './common';

export const AL104: Rule<KubernetesModel> = {
  meta: {
    code: 'AL104',
    name: 'unsatisfiable-arch-constraint',
    kind: 'offline',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'The arch constraints allow no architecture: nodeSelector and affinity disagree, In and NotIn cancel, an empty term, a duplicated key.',
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const allowed = allowedOf(ctx, pod);
      if (allowed.allowed.size > 0) continue;
      // Empty only because a value maps to no architecture (`banana`): AL101's finding, reported once.
      if (allowed.unmapped && computeAllowed(pod.constraints, ctx.config.targets, { ignoreUnmapped: true }).allowed.size > 0) continue;
      const explained = explain(ctx, pod, allowed);
      if (!explained) continue;
      ctx.report({ ...explained, suppressionAnchors: anchors(ctx, workload) });
    }
  },
};

const PENDING = 'no node matches, so the pod stays Pending (FailedScheduling)';

function explain(ctx: K8sContext, pod: PodTemplate, allowed: AllowedArchs): { range: ReturnType<typeof innerRange>; message: string; related?: RelatedLocation[] } | undefined {
  const c = pod.constraints;
  const targets = targetList(ctx).join(', ');
  const ns = allowed.nodeSelector;
  if (ns) {
    const valued = ns.entries.filter((e) => e.value && archOfValue(e.value.text));
    const values = [...new Set(valued.map((e) => archOfValue(e.value!.text)!))];
    if (ns.duplicate && values.length > 1) {
      const [first, second] = [valued[0], valued[valued.length - 1]];
      return {
        range: innerRange(ctx, second.key),
        message: `${second.key.text} is set twice in nodeSelector (${values.map((v) => `"${v}"`).join(' and ')}): a node has one architecture: ${PENDING}; and YAML readers keep only one of the two. To allow several architectures, use required node affinity with operator In.`,
        related: [{ range: innerRange(ctx, first.key), message: 'first occurrence' }],
      };
    }
    if (values.length > 1) {
      const [first, second] = [valued[0], valued.find((e) => archOfValue(e.value!.text) !== values[0])!];
      return {
        range: innerRange(ctx, second.value!),
        message: `nodeSelector requires both ${first.key.text}=${first.value!.text} and ${second.key.text}=${second.value!.text}: a node has one architecture: ${PENDING}.`,
        related: [{ range: innerRange(ctx, first.value!), message: 'the other requirement' }],
      };
    }
    const entry = valued[0];
    if (ns.allowed.size === 0 && entry) {
      return {
        range: innerRange(ctx, entry.value!),
        message: `nodeSelector requires ${entry.key.text}=${entry.value!.text}, which none of the target platforms (${targets}) has: ${PENDING}.`,
      };
    }
    if (allowed.affinity && entry && c.termsPair) {
      return {
        range: innerRange(ctx, entry.value!),
        message: `nodeSelector requires ${entry.key.text}=${entry.value!.text} but the required node affinity allows ${allowed.affinity.size > 0 ? `only ${listArchs(allowed.affinity)}` : 'no architecture'}: ${PENDING}.`,
        related: [{ range: innerRange(ctx, c.termsPair.key), message: 'the required node affinity' }],
      };
    }
  }
  if (!c.termsPair) return undefined;
  const reasons = allowed.terms.map((t, i) => {
    if (t.empty) return `term ${i + 1} has no expressions and matches no node`;
    const ops = t.term.expressions.filter((e) => e.labelKind?.label === 'arch').map((e) => e.operator?.text);
    if (ops.includes('DoesNotExist')) return `term ${i + 1} requires that nodes have no arch label, which every node has`;
    if (ops.includes('In') && ops.includes('NotIn')) return `term ${i + 1}'s In and NotIn cancel out`;
    return `term ${i + 1} allows no target architecture (targets: ${targets})`;
  });
  return {
    range: innerRange(ctx, c.termsPair.key),
    message: `The required node affinity allows no architecture: ${reasons.join('; ')}. ${PENDING[0].toUpperCase()}${PENDING.slice(1)}.`,
    related: allowed.terms.map((t, i) => ({ range: ctx.lines.range(t.term.node.start, t.term.node.start), message: reasons[i] })),
  };
}
