/** AL206: arm64 is allowed but the image only has 32-bit arm: containerd may pull it, and it fails on CPUs without AArch32. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { intersect } from '../../images/archset';
import { constrainEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, constraintRelated, describeContainer, describeWorkload, innerRange, listArchs, podTemplates, targetList, constraintEdits, cap } from './common';
import { describePlatforms, evaluatePod, shownImage } from './registry-eval';

const messages = {
  arm32FallbackOnly: (d: { container: string; workload: string; image: string; platforms: string }) =>
    `${d.image} has no arm64 build, yet the pod may run on arm64 nodes. ${cap(d.container)} of ${d.workload}: it publishes ${d.platforms}; containerd falls back to the 32-bit arm image on arm64 nodes, which fails with "exec format error" on CPUs without AArch32 support (AWS Graviton 2+, Ampere, most newer server cores); CRI-O refuses the pull.`,
};

export const AL206 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL206',
    name: 'arm32-fallback-only',
    kind: 'registry',
    defaultSeverity: 'warning',
    fileKinds: ['kubernetes'],
    summary: 'arm64 nodes are allowed but the image only has linux/arm/v6|v7: it may be pulled and fail on CPUs without AArch32.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      if (ev.noCommon || !ev.allowed.allowed.has('arm64')) continue;
      for (const e of ev.known) {
        if (!e.arm32Fallback) continue;
        // What every image really has (no fallback), within what the pod allows.
        let real = intersect(ev.allowed.allowed, e.osArchs);
        for (const other of ev.known) if (other !== e) real = intersect(real, other.effective);
        real.delete('arm64');
        const archs = [...real].sort();
        const fixes: Fix[] = [];
        if (archs.length > 0) {
          const edits = constrainEdits(ctx.text, pod, archs, ev.allowed);
          if (edits) fixes.push({ title: `Allow only ${listArchs(archs)} (what the image really has)`, preferred: true, edits: constraintEdits(ctx, pod, edits) });
        }
        ctx.report({
          range: innerRange(ctx, e.image),
          messageId: 'arm32FallbackOnly',
          data: { container: describeContainer(e.container), workload: describeWorkload(workload), image: shownImage(e), platforms: describePlatforms(e, ev.allowed.os) },
          related: constraintRelated(ctx, pod),
          suppressionAnchors: anchors(ctx, workload, e.image),
          targets: targetList(ctx),
          fixes,
        });
      }
    }
  },
});
