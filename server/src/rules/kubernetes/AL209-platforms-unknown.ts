/** AL209: an image's platforms could not be found; the other registry rules leave it out and this says why. */
import type { Rule } from '../../core/rule';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, innerRange, podTemplates, targetList } from './common';
import { evaluatePod, shownImage } from './registry-eval';

export const AL209: Rule<KubernetesModel> = {
  meta: {
    code: 'AL209',
    name: 'platforms-unknown',
    kind: 'registry',
    defaultSeverity: 'info',
    fileKinds: ['kubernetes'],
    summary: 'An image\'s platforms could not be found (not found, unauthorized, rate-limited, offline, unsupported reference, …).',
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      for (const e of ev.images) {
        let reason: string | undefined;
        if (!e.parsed.ok) reason = `not a reference archlens can look up: ${e.parsed.reason}`;
        else if (e.lookup && !e.lookup.ok) {
          const err = e.lookup.error;
          reason = err.message + (err.credentialSource ? ` (credentials tried: ${err.credentialSource})` : '');
        } else if (e.lookup?.ok && e.lookup.image.platforms.length === 0) reason = 'the registry lists no runnable platform for it';
        if (!reason) continue;
        ctx.report({
          range: innerRange(ctx, e.image),
          message: `Cannot check the platforms of ${describeContainer(e.container)} image ${shownImage(e)}: ${reason}. The architecture rules skip this image.`,
          suppressionAnchors: anchors(ctx, workload, e.image),
          targets: targetList(ctx),
        });
      }
    }
  },
};
