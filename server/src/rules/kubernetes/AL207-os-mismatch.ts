/** AL207: the image publishes no platform for the pod's OS (a Windows-only image on Linux nodes, or the reverse). */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { nodeSelectorEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { normalizePlatform } from '../../images/platform';
import { anchors, describeContainer, describeWorkload, innerRange, podTemplates, targetList, constraintEdits, cap } from './common';
import { describePlatforms, evaluatePod, shownImage } from './registry-eval';

const messages = {
  /** `os`: the pod's OS; `selected`: the pod names its OS (no "(no kubernetes.io/os selector)" note); `single`: a single-platform manifest. */
  osMismatch: (d: { container: string; workload: string; image: string; platforms: string; os: string; selected: boolean; single: boolean }) =>
    `${d.image} has no ${d.os} build, and the pod runs on ${d.os} nodes${d.selected ? '' : ' (no kubernetes.io/os selector)'}. ${cap(d.container)} of ${d.workload}: it publishes ${d.platforms}: `
    + (d.single ? `a ${d.os} node pulls it and cannot start it` : `on ${d.os} nodes the pull fails with "ErrImagePull: no match for platform in manifest"`) + '.',
};

export const AL207 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL207',
    name: 'os-mismatch',
    kind: 'registry',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'The image publishes no platform for the pod\'s OS.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      for (const e of ev.images) {
        if (!e.osMismatch || !e.platforms) continue;
        const oses = [...new Set(e.platforms.platforms.map((p) => normalizePlatform(p.platform).os))].sort();
        const fixes: Fix[] = [];
        const osInAffinity = pod.constraints.terms.some((t) => t.expressions.some((x) => x.labelKind?.label === 'os'));
        const chosen = pod.constraints.nodeSelector.some((x) => x.label === 'os');
        if (oses.length === 1 && !osInAffinity && ev.images.every((o) => o === e || !o.platforms || o.platforms.platforms.some((p) => normalizePlatform(p.platform).os === oses[0]))) {
          const edits = nodeSelectorEdits(ctx.text, pod, 'os', oses[0]);
          // Adding the selector the pod lacks is the fix; replacing an OS the author chose is offered, not preferred
          // (the image may be the mistake), so --fix never flips it.
          if (edits) fixes.push({ title: `Run on ${oses[0]} nodes (nodeSelector kubernetes.io/os: ${oses[0]})`, preferred: !chosen, edits: constraintEdits(ctx, pod, edits) });
        }
        ctx.report({
          range: innerRange(ctx, e.image),
          messageId: 'osMismatch',
          data: {
            container: describeContainer(e.container),
            workload: describeWorkload(workload),
            image: shownImage(e),
            platforms: describePlatforms(e, ev.allowed.os),
            os: ev.allowed.os,
            selected: chosen || osInAffinity,
            single: e.single,
          },
          suppressionAnchors: anchors(ctx, workload, e.image),
          targets: targetList(ctx),
          fixes,
        });
      }
    }
  },
});
