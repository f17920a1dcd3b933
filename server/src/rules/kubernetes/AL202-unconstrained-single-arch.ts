/** AL202: no arch constraint, and the images' common arch set does not cover every target. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { nodeSelectorArchEdits, requiredAffinityEdits } from '../../kubernetes/fix-constraint';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, describeWorkload, innerRange, listArchs, podTemplates, targetList, constraintEdits, cap } from './common';
import { consequence, describePlatforms, evaluatePod, predatesNote, shownImage } from './registry-eval';
import { al210Speaks } from './built-here';

const messages = {
  /**
   * `platforms`: what the first lacking image publishes; `others`: the other lacking images, each
   * described likewise; `consequences`: what happens on each uncovered arch; `daemonSet`: it runs
   * everywhere; `predates`: this workspace builds what the first image lacks (the image map).
   */
  unconstrained: (d: { container: string; workload: string; image: string; platforms: string; others: string[]; consequences: string[]; daemonSet: boolean; predates?: string }) =>
    `${d.image} may be scheduled on nodes it cannot run on: nothing constrains the pod's architecture. `
    + `${cap(d.container)} of ${d.workload}: it publishes ${d.platforms}`
    + (d.others.length > 0 ? `; ${d.others.join('; ')}` : '')
    + `: ${d.consequences.join('; ')}.`
    + (d.daemonSet ? ' A DaemonSet runs a pod on every node, so this fails for sure.' : '')
    + (d.predates ? ` ${d.predates}.` : ''),
};

export const AL202 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL202',
    name: 'unconstrained-single-arch',
    kind: 'registry',
    defaultSeverity: 'warning',
    severityNote: 'error for a DaemonSet',
    fileKinds: ['kubernetes'],
    summary: 'No arch constraint, and the images do not cover every target architecture (error for DaemonSets).',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      const { allowed } = ev;
      if (allowed.constrained || ev.noCommon || ev.known.length === 0) continue;
      if (ev.preferredArch.length > 0) continue; // AL204 speaks: the arch is only preferred
      // An arch missing only from images whose build here lacks it too is AL210's finding.
      const lacks = (e: (typeof ev.known)[number], a: string) => !e.effective.has(a) && !al210Speaks(ctx, e.built, a);
      const uncovered = [...allowed.universe].filter((a) => !ev.common.has(a) && ev.known.some((e) => lacks(e, a))).sort();
      if (uncovered.length === 0) continue;
      const lacking = ev.known.filter((e) => uncovered.some((a) => lacks(e, a)));
      const first = lacking[0];
      const daemonSet = workload.kind === 'DaemonSet';
      const common = [...ev.common].sort();
      const fixes: Fix[] = [];
      // Several common archs: only affinity can say "any of these" (a nodeSelector would over-pin, AL208).
      // One: nodeSelector is the simple form, affinity In [x] the alternative for teams that use affinity.
      if (common.length > 1) {
        const affinity = requiredAffinityEdits(ctx.text, pod, common);
        if (affinity) fixes.push({ title: `Require kubernetes.io/arch In [${common.join(', ')}] (node affinity)`, preferred: true, edits: constraintEdits(ctx, pod, affinity) });
      } else if (common.length === 1) {
        const ns = nodeSelectorArchEdits(ctx.text, pod, common[0]);
        if (ns) fixes.push({ title: `Run on ${common[0]} nodes only (nodeSelector kubernetes.io/arch: ${common[0]})`, preferred: true, edits: constraintEdits(ctx, pod, ns) });
        const affinity = requiredAffinityEdits(ctx.text, pod, common);
        if (affinity) fixes.push({ title: `Require kubernetes.io/arch In [${common[0]}] (node affinity)`, edits: constraintEdits(ctx, pod, affinity) });
      }
      const predates = predatesNote(ctx, first, uncovered.filter((a) => !first.effective.has(a)));
      const others = lacking.slice(1).map((e) => `${describeContainer(e.container)} ${shownImage(e)} publishes ${describePlatforms(e, allowed.os)}`);
      ctx.report({
        range: innerRange(ctx, first.image),
        messageId: 'unconstrained',
        data: {
          container: describeContainer(first.container),
          workload: describeWorkload(workload),
          image: shownImage(first),
          platforms: describePlatforms(first, allowed.os),
          others,
          consequences: uncovered.map((a) => consequence(lacking.find((e) => !e.effective.has(a)) ?? first, a)),
          daemonSet,
          ...(predates ? { predates } : {}),
        },
        related: lacking.slice(1).map((e) => ({ range: innerRange(ctx, e.image), message: `${describeContainer(e.container)} lacks ${listArchs(uncovered.filter((a) => !e.effective.has(a)))}` })),
        suppressionAnchors: anchors(ctx, workload, first.image),
        targets: targetList(ctx),
        severity: daemonSet ? 'error' : undefined,
        fixes,
      });
    }
  },
});
