/**
 * What a constraint fix on a built document means, so that it can be written somewhere else. The
 * Kubernetes rules build their fixes for the document they read; the overlay's source is another
 * text (a base, a patch, a new patch). Every fix that changes a pod's arch/os constraint carries
 * an empty edit at the pod spec's `spec` key (rules/kubernetes/common.ts, constraintEdits): that
 * names the pod. The fix is applied to the built text, and the pod's constraint before and after
 * is compared; the difference is the intent — set a nodeSelector label, drop the arch pin, or
 * require some architectures through node affinity — which the same fix builders then write into
 * the source that holds (or will hold) the constraint.
 */
import { applyEdits, LineIndex } from '../../core/text';
import type { Fix } from '../../core/types';
import { archOfValue } from '../../kubernetes/allowed';
import { extractModel } from '../../kubernetes/extract';
import {
  nodeSelectorEdits, removeNodeSelectorArchEdits, requiredAffinityEdits, type OffsetEdit,
} from '../../kubernetes/fix-constraint';
import type { KubernetesModel, NodeSelectorTerm, PodTemplate } from '../../kubernetes/model';

export type ConstraintIntent =
  /** `nodeSelector` `<label>` set to `value` (every key of that label, beta keys included). */
  | { kind: 'node-selector'; label: 'arch' | 'os'; value: string }
  /** The one nodeSelector arch key removed (a widening fix). */
  | { kind: 'remove-arch-selector' }
  /** `kubernetes.io/arch In archs` required: in the terms lacking one, or in every term. */
  | { kind: 'require-archs'; archs: string[]; which: 'lacking' | 'all' };

export interface ConstraintFix {
  /** The pod of the built document the fix constrains, before and after the fix. */
  pod: PodTemplate;
  after: PodTemplate;
  /** The built text with the fix applied (where the constraint after the fix can be read). */
  afterText: string;
  intents: ConstraintIntent[];
}

function pods(model: KubernetesModel): PodTemplate[] {
  return model.workloads.flatMap((w) => w.podTemplates);
}

function selectorValues(pod: PodTemplate, label: 'arch' | 'os'): string[] {
  return pod.constraints.nodeSelector.filter((e) => e.label === label).map((e) => e.value?.text ?? '');
}

/** The arch `In` expressions of a term, each as its sorted values ("amd64,arm64"). */
function archExpressions(term: NodeSelectorTerm): string[] {
  return term.expressions
    .filter((x) => x.labelKind?.label === 'arch' && x.operator?.text === 'In')
    .map((x) => x.values.map((v) => archOfValue(v.text) ?? v.text).sort().join(','));
}

function isEmptyTerm(term: NodeSelectorTerm): boolean {
  return term.expressions.length === 0 && term.fieldCount === 0;
}

/** The intent of a constraint fix on `text` (a built document), or undefined when the fix is not one. */
export function constraintFixOf(text: string, model: KubernetesModel, fix: Fix): ConstraintFix | undefined {
  const lines = new LineIndex(text);
  const [marker] = fix.edits;
  if (!marker || marker.newText !== '' || lines.offsetAt(marker.range.start) !== lines.offsetAt(marker.range.end)) return undefined;
  const at = lines.offsetAt(marker.range.start);
  const before = pods(model);
  const index = before.findIndex((p) => p.specPair.key.start === at);
  if (index < 0) return undefined;
  let afterText: string;
  try {
    afterText = applyEdits(text, fix.edits);
  } catch {
    return undefined;
  }
  const after = pods(extractModel(afterText).model)[index];
  if (!after) return undefined;
  const pod = before[index];
  const intents: ConstraintIntent[] = [];

  for (const label of ['arch', 'os'] as const) {
    const was = selectorValues(pod, label);
    const now = selectorValues(after, label);
    if (now.length > 0 && (was.length === 0 || was.some((v) => v !== now[0]))) intents.push({ kind: 'node-selector', label, value: now[0] });
    else if (label === 'arch' && was.length > 0 && now.length === 0) intents.push({ kind: 'remove-arch-selector' });
  }

  const wasTerms = pod.constraints.terms;
  const nowTerms = after.constraints.terms;
  if (nowTerms.length === Math.max(wasTerms.length, 1) || nowTerms.length === wasTerms.length) {
    let added: string | undefined;
    let changed = 0;
    let hadArch = 0;
    for (let i = 0; i < nowTerms.length; i++) {
      const was = wasTerms[i] ? archExpressions(wasTerms[i]) : [];
      const now = archExpressions(nowTerms[i]);
      if (was.length > 0) hadArch++;
      const extra = now.find((x) => !was.includes(x) || now.filter((y) => y === x).length > was.filter((y) => y === x).length);
      if (extra === undefined) continue;
      if (added !== undefined && added !== extra) return undefined; // not one expression added: not a fix this knows
      added = extra;
      changed++;
    }
    if (added !== undefined) {
      const nonEmpty = wasTerms.filter((t) => !isEmptyTerm(t)).length;
      const which = hadArch > 0 && changed === nonEmpty ? 'all' : 'lacking';
      intents.push({ kind: 'require-archs', archs: added.split(','), which });
    }
  }
  return intents.length > 0 ? { pod, after, afterText, intents } : undefined;
}

/** The edits that carry out `intents` on another text's pod (a base, a patch); undefined when one cannot be made. */
export function intentEdits(text: string, pod: PodTemplate, intents: readonly ConstraintIntent[]): OffsetEdit[] | undefined {
  const edits: OffsetEdit[] = [];
  for (const intent of intents) {
    let some: OffsetEdit[] | undefined;
    if (intent.kind === 'node-selector') some = nodeSelectorEdits(text, pod, intent.label, intent.value);
    else if (intent.kind === 'remove-arch-selector') some = removeNodeSelectorArchEdits(text, pod);
    else some = requiredAffinityEdits(text, pod, intent.archs, intent.which);
    if (!some) return undefined;
    edits.push(...some);
  }
  // Two intents editing one place (a nodeSelector and an affinity both inserted first in the spec)
  // would be one insertion in the original; as two, their order is the intents' order.
  return edits;
}
