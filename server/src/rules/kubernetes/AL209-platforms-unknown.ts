/** AL209: an image's platforms could not be found; the other registry rules leave it out and this says why. */
import { defineRule } from '../../core/rule';
import type { KubernetesModel } from '../../kubernetes/model';
import { anchors, describeContainer, innerRange, podTemplates, targetList } from './common';
import { evaluatePod, shownImage } from './registry-eval';

const messages = {
  /** `reason`: why the platforms are unknown (the look-up's error, or why the reference cannot be looked up). */
  platformsUnknown: (d: { container: string; image: string; reason: string }) =>
    `Platforms of ${d.image} unknown: ${d.reason}. The architecture rules skip this image of ${d.container}.`,
};

export const AL209 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL209',
    name: 'platforms-unknown',
    kind: 'registry',
    defaultSeverity: 'info',
    fileKinds: ['kubernetes'],
    summary: 'An image\'s platforms could not be found (not found, unauthorized, rate-limited, offline, unsupported reference, …).',
    messages,
    fixable: false,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const ev = evaluatePod(ctx, pod);
      for (const e of ev.images) {
        // Checked against the build that makes it (AL210), whatever the registry says.
        if (e.built?.archs && ctx.config.rules.AL210 !== 'off') continue;
        let reason: string | undefined;
        if (!e.parsed.ok) reason = `not a reference archlens can look up: ${e.parsed.reason}`;
        else if (e.lookup && !e.lookup.ok) {
          const err = e.lookup.error;
          reason = err.message + (err.credentialSource ? ` (credentials tried: ${err.credentialSource})` : '');
        } else if (e.lookup?.ok && e.lookup.image.platforms.length === 0) reason = 'the registry lists no runnable platform for it';
        if (!reason) continue;
        ctx.report({
          range: innerRange(ctx, e.image),
          messageId: 'platformsUnknown',
          data: { container: describeContainer(e.container), image: shownImage(e), reason },
          suppressionAnchors: anchors(ctx, workload, e.image),
          targets: targetList(ctx),
        });
      }
    }
  },
});
