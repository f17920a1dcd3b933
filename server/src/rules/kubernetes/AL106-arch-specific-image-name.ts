/** AL106: the image's name says it is single-arch (`-amd64`, `arm64v8/`, `:1.2-arm64`) and the pod is not constrained to that arch. */
import type { Rule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { findArchToken } from '../../images/arch-tokens';
import { nodeSelectorArchEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { allowedOf, anchors, describeContainer, innerRange, listArchs, podTemplates, targetList, constraintEdits } from './common';

const PLACE: Record<string, string> = { namespace: 'namespace', name: 'name', tag: 'tag' };

export const AL106: Rule<KubernetesModel> = {
  meta: {
    code: 'AL106',
    name: 'arch-specific-image-name',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'The image name says it is built for one architecture and the pod is not constrained to it.',
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const allowed = allowedOf(ctx, pod);
      if (allowed.allowed.size === 0) continue; // unsatisfiable: AL104's finding
      for (const container of pod.containers) {
        const image = container.image;
        if (!image) continue;
        const token = findArchToken(image.text);
        if (!token) continue;
        const arch = token.arch;
        if (allowed.allowed.size === 1 && allowed.allowed.has(arch)) continue;
        const others = [...allowed.allowed].filter((a) => a !== arch);
        const named = `${describeContainer(container)} uses "${image.text}", whose ${PLACE[token.where]} says it is built for ${arch} only ("${token.token}")`;
        let message: string;
        if (!allowed.universe.has(arch)) {
          message = `${named}, and none of the target platforms (${targetList(ctx).join(', ')}) is ${arch}: on every node it would be pulled and fail with "exec format error" (CrashLoopBackOff).`;
        } else if (!allowed.allowed.has(arch)) {
          message = `${named}, but the pod is constrained to ${listArchs(allowed.allowed)}: there it would be pulled and fail with "exec format error" (CrashLoopBackOff).`;
        } else {
          message = `${named}, but the pod ${allowed.constrained ? 'may also' : 'can'} be scheduled on ${listArchs(others)} nodes: there it would be pulled and fail with "exec format error" (CrashLoopBackOff).`;
        }
        const fixes: Fix[] = [];
        // nodeSelector is ANDed with node affinity: it narrows only when the affinity lets the arch in.
        const affinityAllows = !allowed.affinity || allowed.affinity.has(arch);
        if (allowed.universe.has(arch) && affinityAllows) {
          const edits = nodeSelectorArchEdits(ctx.text, pod, arch);
          // Narrowing to the image's arch is the fix; moving a pod pinned elsewhere is offered, not preferred
          // (the image may be the mistake), so --fix never flips a pin.
          if (edits) fixes.push({ title: `Run on ${arch} nodes only (nodeSelector kubernetes.io/arch: ${arch})`, preferred: allowed.allowed.has(arch), edits: constraintEdits(ctx, pod, edits) });
        }
        ctx.report({
          range: innerRange(ctx, image),
          message,
          suppressionAnchors: anchors(ctx, workload, image),
          fixes,
        });
      }
    }
  },
};
