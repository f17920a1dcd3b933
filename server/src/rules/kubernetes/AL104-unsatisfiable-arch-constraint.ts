/** AL104: the allowed arch set is empty: no node can run the pod, it stays Pending. */
import { defineRule, type RuleReport } from '../../core/rule';
import { archOfValue, computeAllowed, type AllowedArchs } from '../../kubernetes/allowed';
import type { KubernetesModel, PodTemplate } from '../../kubernetes/model';
import { allowedOf, anchors, innerRange, listArchs, podTemplates, targetList, type K8sContext } from './common';

const PENDING = 'no node matches, so the pod stays Pending (FailedScheduling)';

const messages = {
  /** `values`: the two architectures, quoted and joined ("\"amd64\" and \"arm64\""). */
  duplicateKey: (d: { key: string; values: string }) =>
    `${d.key} is set twice in nodeSelector (${d.values}): a node has one architecture: ${PENDING}; and YAML readers keep only one of the two. To allow several architectures, use required node affinity with operator In.`,
  twoArchitectures: (d: { first: string; second: string }) =>
    `nodeSelector requires both ${d.first} and ${d.second}: a node has one architecture: ${PENDING}.`,
  noTarget: (d: { requirement: string; targets: string }) =>
    `nodeSelector requires ${d.requirement}, which none of the target platforms (${d.targets}) has: ${PENDING}.`,
  /** `affinityAllows`: "only amd64", or "no architecture". */
  selectorVsAffinity: (d: { requirement: string; affinityAllows: string }) =>
    `nodeSelector requires ${d.requirement} but the required node affinity allows ${d.affinityAllows}: ${PENDING}.`,
  /** `reasons`: why each term matches no target node, one per term. */
  noTerm: (d: { reasons: string[] }) =>
    `The required node affinity allows no architecture: ${d.reasons.join('; ')}. ${PENDING[0].toUpperCase()}${PENDING.slice(1)}.`,
};

export const AL104 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL104',
    name: 'unsatisfiable-arch-constraint',
    kind: 'offline',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'The arch constraints allow no architecture: nodeSelector and affinity disagree, In and NotIn cancel, an empty term, a duplicated key.',
    messages,
    fixable: false,
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
});

function explain(ctx: K8sContext, pod: PodTemplate, allowed: AllowedArchs): RuleReport<typeof messages> | undefined {
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
        messageId: 'duplicateKey',
        data: { key: second.key.text, values: values.map((v) => `"${v}"`).join(' and ') },
        related: [{ range: innerRange(ctx, first.key), message: 'first occurrence' }],
      };
    }
    if (values.length > 1) {
      const [first, second] = [valued[0], valued.find((e) => archOfValue(e.value!.text) !== values[0])!];
      return {
        range: innerRange(ctx, second.value!),
        messageId: 'twoArchitectures',
        data: { first: `${first.key.text}=${first.value!.text}`, second: `${second.key.text}=${second.value!.text}` },
        related: [{ range: innerRange(ctx, first.value!), message: 'the other requirement' }],
      };
    }
    const entry = valued[0];
    if (ns.allowed.size === 0 && entry) {
      return {
        range: innerRange(ctx, entry.value!),
        messageId: 'noTarget',
        data: { requirement: `${entry.key.text}=${entry.value!.text}`, targets },
      };
    }
    if (allowed.affinity && entry && c.termsPair) {
      return {
        range: innerRange(ctx, entry.value!),
        messageId: 'selectorVsAffinity',
        data: { requirement: `${entry.key.text}=${entry.value!.text}`, affinityAllows: allowed.affinity.size > 0 ? `only ${listArchs(allowed.affinity)}` : 'no architecture' },
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
    messageId: 'noTerm',
    data: { reasons },
    related: allowed.terms.map((t, i) => ({ range: ctx.lines.range(t.term.node.start, t.term.node.start), message: reasons[i] })),
  };
}
