/** AL203: the containers of one pod share no architecture: no node can run the whole pod. */
import { defineRule } from '../../core/rule';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, describeWorkload, innerRange, podTemplates, targetList, cap } from './common';
import { describePlatforms, evaluatePod, shownImage } from './registry-eval';

const messages = {
  /** `images`: each container, its image and what it publishes. */
  noCommonArch: (d: { workload: string; images: string[] }) =>
    `No node can run ${d.workload}: its containers share no architecture among the targets. ${cap(d.images.join('; '))}. Every node fails at least one of them (a failed pull or "exec format error"). Use images that publish a common architecture.`,
};

export const AL203 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL203',
    name: 'no-common-arch',
    kind: 'registry',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'The containers of one pod share no architecture: no node can run it.',
    messages,
    fixable: false,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      if (!ev.noCommon) continue;
      const [first, ...rest] = ev.known;
      const each = ev.known.map((e) => `${describeContainer(e.container)} ${shownImage(e)} publishes ${describePlatforms(e, ev.allowed.os)}`);
      ctx.report({
        range: innerRange(ctx, first.image),
        messageId: 'noCommonArch',
        data: { workload: describeWorkload(workload), images: each },
        related: rest.map((e) => ({ range: innerRange(ctx, e.image), message: `${describeContainer(e.container)}: ${describePlatforms(e, ev.allowed.os)}` })),
        suppressionAnchors: anchors(ctx, workload, first.image),
        targets: targetList(ctx),
      });
    }
  },
});
