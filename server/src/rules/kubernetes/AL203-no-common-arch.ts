/** AL203: the containers of one pod share no architecture: no node can run the whole pod. */
import type { Rule } from '../../core/rule';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, describeWorkload, innerRange, podTemplates, targetList } from './common';
import { describePlatforms, evaluatePod, shownImage } from './registry-eval';

export const AL203: Rule<KubernetesModel> = {
  meta: {
    code: 'AL203',
    name: 'no-common-arch',
    kind: 'registry',
    defaultSeverity: 'error',
    fileKinds: ['kubernetes'],
    summary: 'The containers of one pod share no architecture: no node can run it.',
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      if (!ev.noCommon) continue;
      const [first, ...rest] = ev.known;
      const each = ev.known.map((e) => `${describeContainer(e.container)} ${shownImage(e)} publishes ${describePlatforms(e, ev.allowed.os)}`);
      ctx.report({
        range: innerRange(ctx, first.image),
        message: `The containers of ${describeWorkload(workload)} share no architecture among the targets: ${each.join('; ')}. Every node fails at least one of them (a failed pull or "exec format error"). Use images that publish a common architecture.`,
        related: rest.map((e) => ({ range: innerRange(ctx, e.image), message: `${describeContainer(e.container)}: ${describePlatforms(e, ev.allowed.os)}` })),
        suppressionAnchors: anchors(ctx, workload, first.image),
        targets: targetList(ctx),
      });
    }
  },
};
