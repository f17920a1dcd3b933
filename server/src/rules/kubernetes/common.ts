/** Helpers shared by the Kubernetes rules: ranges, edits, anchors, descriptions, allowed sets. */
import type { RuleContext } from '../../core/rule';
import type { Range, TextEdit } from '../../core/types';
import { formatPlatform } from '../../images/platform';
import { computeAllowed, type AllowedArchs } from '../../kubernetes/allowed';
import type { OffsetEdit } from '../../kubernetes/fix-constraint';
import type { KNode } from '../../core/yaml/knode';
import type { Container, KubernetesModel, PodTemplate, Workload } from '../../kubernetes/model';

export type K8sContext = RuleContext<KubernetesModel>;

export function rangeOf(ctx: K8sContext, node: { start: number; end: number }): Range {
  return ctx.lines.range(node.start, node.end);
}

/** The range of a scalar's text without its quotes (what a user reads as the value). */
export function innerRange(ctx: K8sContext, node: KNode): Range {
  return node.type === 'scalar' ? ctx.lines.range(node.innerStart, node.innerEnd) : rangeOf(ctx, node);
}

/**
 * The text edits of a fix that changes a pod template's arch/os constraint. Such fixes interact:
 * each is computed from the constraint as it is, so two applied together can contradict each other
 * (AL103 adds `In [arm64]` to a term while AL106 adds `nodeSelector: amd64`: no node matches). Each
 * therefore also carries an empty edit at the pod spec's `spec` key; fix-all and `--fix` never apply
 * two edits at one point in one pass, so they apply one constraint fix per pod, re-check, and go on
 * (the convention the build-script fixes follow with their shared insertion points).
 */
export function constraintEdits(ctx: K8sContext, pod: PodTemplate, edits: readonly OffsetEdit[]): TextEdit[] {
  const marker = pod.specPair.key.start;
  return [{ start: marker, end: marker, newText: '' }, ...edits].map((e) => ({ range: ctx.lines.range(e.start, e.end), newText: e.newText }));
}

/**
 * Lines whose `# archlens ignore=` comment silences a finding: the workload's `kind:` line, the
 * object's first line (usually `apiVersion:`, where a comment at the top of a document sits), and
 * an image's line.
 */
export function anchors(ctx: K8sContext, workload: Workload, ...nodes: Array<KNode | undefined>): number[] {
  const lines = [ctx.lines.positionAt(workload.kindValue.start).line];
  const first = ctx.lines.positionAt(workload.root.start).line;
  if (first !== lines[0]) lines.push(first);
  for (const node of nodes) if (node) lines.push(ctx.lines.positionAt(node.start).line);
  return lines;
}

/** "Deployment web", "CronJob nightly (spec.jobTemplate.spec.template.spec)". */
export function describeWorkload(workload: Workload): string {
  return workload.name ? `${workload.kind} "${workload.name}"` : workload.kind;
}

/** The text with its first letter in upper case: a description that starts a sentence. */
export function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function describeContainer(container: Container): string {
  const kind = container.group === 'initContainers' ? 'init container' : container.group === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return container.name ? `${kind} "${container.name}"` : kind;
}

/** Allowed arch set of a pod template for the configured targets. */
export function allowedOf(ctx: K8sContext, pod: PodTemplate): AllowedArchs {
  return computeAllowed(pod.constraints, ctx.config.targets);
}

/** "linux/amd64, linux/arm64": the targets a finding was checked against. */
export function targetList(ctx: K8sContext): string[] {
  return ctx.config.targets.map((t) => formatPlatform(t));
}

export function* podTemplates(model: KubernetesModel): Generator<{ workload: Workload; pod: PodTemplate }> {
  for (const workload of model.workloads) for (const pod of workload.podTemplates) yield { workload, pod };
}

/** "amd64", "amd64 and arm64", "amd64, arm64 and s390x". */
export function listArchs(archs: Iterable<string>): string {
  const list = [...archs].sort();
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Related locations of a pod's arch constraint: nodeSelector arch keys and the required terms. */
export function constraintRelated(ctx: K8sContext, pod: PodTemplate): Array<{ range: Range; message: string }> {
  const out: Array<{ range: Range; message: string }> = [];
  for (const e of pod.constraints.nodeSelector) {
    if (e.label === 'arch') out.push({ range: innerRange(ctx, e.key), message: `the nodeSelector constraint${e.value ? ` (${e.value.text})` : ''}` });
  }
  const terms = pod.constraints.termsPair;
  if (terms && pod.constraints.terms.some((t) => t.expressions.some((x) => x.labelKind?.label === 'arch'))) {
    out.push({ range: innerRange(ctx, terms.key), message: 'the required node affinity' });
  }
  return out;
}
