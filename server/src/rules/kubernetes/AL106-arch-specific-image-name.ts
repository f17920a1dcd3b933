/** AL106: the image's name says it is single-arch (`-amd64`, `arm64v8/`, `:1.2-arm64`) and the pod is not constrained to that arch. */
import { defineRule, type MessageData } from '../../core/rule';
import type { Fix } from '../../core/types';
import { findArchToken } from '../../images/arch-tokens';
import { nodeSelectorArchEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { mapAt, scalarAt } from '../../core/yaml/knode';
import type { PodTemplate, Workload } from '../../kubernetes/model';
import { universeFor } from '../../kubernetes/allowed';
import { allowedOf, anchors, describeContainer, innerRange, listArchs, podTemplates, targetList, constraintEdits } from './common';

const PLACE: Record<string, string> = { namespace: 'namespace', name: 'name', tag: 'tag' };

/**
 * A kubeadm static pod manifest (kind Pod in kube-system, labelled `tier: control-plane`): the
 * kubelet of the node whose manifest folder holds it runs it there, with no scheduling, and kubeadm
 * wrote the `-amd64` image for that node's own architecture (bridgecrewio/checkov's
 * tests/kubernetes/checks fixtures: kube-apiserver-amd64, etcd-amd64). No other node can get it.
 */
function staticControlPlanePod(workload: Workload): boolean {
  return workload.kind === 'Pod'
    && scalarAt(workload.metadata, 'namespace')?.text === 'kube-system'
    && scalarAt(mapAt(workload.metadata, 'labels'), 'tier')?.text === 'control-plane';
}

/**
 * A Windows HostProcess pod (`securityContext.windowsOptions.hostProcess: true`): its
 * containers run only on Windows nodes, whatever its node selectors say (microsoft/Windows-Containers
 * helpful_tools hostsysprocess.yaml pins a node by a custom label, not by OS).
 */
function windowsHostProcess(text: string, pod: PodTemplate): boolean {
  // Read from the text: the model prunes securityContext blocks (prune.ts). A container's
  // hostProcess counts too: Kubernetes wants every container of such a pod to be one.
  return HOST_PROCESS.test(text.slice(pod.spec.start, pod.spec.end));
}
const onlyArch = (archs: ReadonlySet<string>, arch: string) => archs.size === 1 && archs.has(arch);
const HOST_PROCESS = /^[ \t]*hostProcess:[ \t]*["']?true["']?[ \t]*(?:#.*)?\r?$/m;

/** `container`: 'container "web"'; `place`: which part of the name says it; `token`: what it says there. */
interface Named { container: string; image: string; place: string; arch: string; token: string }
const named = (d: Named) => `"${d.image}" looks built for ${d.arch} only (its ${d.place} says "${d.token}")`;
const CRASH = 'would be pulled and fail with "exec format error" (CrashLoopBackOff).';

const messages = {
  noTarget: (d: Named & { targets: string }) => `${named(d)}, and none of the target platforms (${d.targets}) is ${d.arch}: on every node ${d.container} ${CRASH}`,
  constrainedElsewhere: (d: Named & { allowed: string }) => `${named(d)}, but the pod is constrained to ${d.allowed}: there ${d.container} ${CRASH}`,
  /** `constrained`: the pod has a constraint (that allows `others` too). */
  mayRunElsewhere: (d: Named & { constrained: boolean; others: string }) => `${named(d)}, but the pod ${d.constrained ? 'may also' : 'can'} be scheduled on ${d.others} nodes: there ${d.container} ${CRASH}`,
};

export const AL106 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL106',
    name: 'arch-specific-image-name',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'The image name says it is built for one architecture and the pod is not constrained to it.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      if (staticControlPlanePod(workload)) continue;
      const allowed = allowedOf(ctx, pod);
      if (allowed.allowed.size === 0) continue; // unsatisfiable: AL104's finding
      for (const container of pod.containers) {
        const image = container.image;
        if (!image) continue;
        // A never-pulled image is whatever was loaded onto the node (`kind load` of a local build):
        // its name says nothing about its architecture, and nothing is pulled to fail.
        if (scalarAt(container.node, 'imagePullPolicy')?.text === 'Never') continue;
        const token = findArchToken(image.text);
        if (!token) continue;
        const arch = token.arch;
        if (allowed.allowed.size === 1 && allowed.allowed.has(arch)) continue;
        // A HostProcess pod lands only on Windows nodes: an image of their architecture fits every one it can run on.
        if (allowed.os !== 'windows' && windowsHostProcess(ctx.text, pod) && onlyArch(universeFor(ctx.config.targets, 'windows'), arch)) continue;
        const others = [...allowed.allowed].filter((a) => a !== arch);
        const what: Named = { container: describeContainer(container), image: image.text, place: PLACE[token.where], arch, token: token.token };
        let message:
          | { messageId: 'noTarget'; data: MessageData<typeof messages, 'noTarget'> }
          | { messageId: 'constrainedElsewhere'; data: MessageData<typeof messages, 'constrainedElsewhere'> }
          | { messageId: 'mayRunElsewhere'; data: MessageData<typeof messages, 'mayRunElsewhere'> };
        if (!allowed.universe.has(arch)) {
          message = { messageId: 'noTarget', data: { ...what, targets: targetList(ctx).join(', ') } };
        } else if (!allowed.allowed.has(arch)) {
          message = { messageId: 'constrainedElsewhere', data: { ...what, allowed: listArchs(allowed.allowed) } };
        } else {
          message = { messageId: 'mayRunElsewhere', data: { ...what, constrained: allowed.constrained, others: listArchs(others) } };
        }
        const fixes: Fix[] = [];
        // nodeSelector is ANDed with node affinity: it narrows only when the affinity lets the arch in.
        const affinityAllows = !allowed.affinity || allowed.affinity.has(arch);
        // A DaemonSet pinned to another arch: moving the pin changes which nodes it covers, and the
        // image may be the mistake. No safe fix (the README's own example).
        const pinnedDaemonSet = workload.kind === 'DaemonSet' && !allowed.allowed.has(arch);
        if (allowed.universe.has(arch) && affinityAllows && !pinnedDaemonSet) {
          const edits = nodeSelectorArchEdits(ctx.text, pod, arch);
          // Narrowing to the image's arch is the fix; moving a pod pinned elsewhere is offered, not preferred
          // (the image may be the mistake), so --fix never flips a pin.
          if (edits) fixes.push({ title: `Run on ${arch} nodes only (nodeSelector kubernetes.io/arch: ${arch})`, preferred: allowed.allowed.has(arch), edits: constraintEdits(ctx, pod, edits) });
        }
        ctx.report({
          range: innerRange(ctx, image),
          ...message,
          suppressionAnchors: anchors(ctx, workload, image),
          fixes,
        });
      }
    }
  },
});
