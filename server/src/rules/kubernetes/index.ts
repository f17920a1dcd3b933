/** The Kubernetes rules, in code order: the analyser runs this list. */
import type { Rule } from '../../core/rule';
import type { KubernetesModel } from '../../kubernetes/model';
import { AL101 } from './AL101-unknown-arch-value';
import { AL102 } from './AL102-deprecated-arch-label';
import { AL103 } from './AL103-partial-arch-terms';
import { AL104 } from './AL104-unsatisfiable-arch-constraint';
import { AL105 } from './AL105-arch-label-misplaced';
import { AL106 } from './AL106-arch-specific-image-name';
import { AL201 } from './AL201-image-lacks-allowed-arch';
import { AL202 } from './AL202-unconstrained-single-arch';
import { AL203 } from './AL203-no-common-arch';
import { AL204 } from './AL204-preferred-only-arch';
import { AL205 } from './AL205-digest-pins-one-platform';
import { AL206 } from './AL206-arm32-fallback-only';
import { AL207 } from './AL207-os-mismatch';
import { AL208 } from './AL208-over-pinned';
import { AL209 } from './AL209-platforms-unknown';

/**
 * A node shared through a YAML alias is read once per pod that uses it, at the anchor's offsets:
 * the same finding (same range, same message) is reported once.
 */
function reportingOnce(rule: Rule<KubernetesModel>): Rule<KubernetesModel> {
  return {
    meta: rule.meta,
    check(ctx) {
      const seen = new Set<string>();
      rule.check({
        ...ctx,
        report(report) {
          const r = report.range;
          const key = `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${report.messageId} ${JSON.stringify(report.data)}`;
          if (seen.has(key)) return;
          seen.add(key);
          ctx.report(report);
        },
      });
    },
  };
}

export const kubernetesRules: readonly Rule<KubernetesModel>[] = [
  AL101, AL102, AL103, AL104, AL105, AL106,
  AL201, AL202, AL203, AL204, AL205, AL206, AL207, AL208, AL209,
].map(reportingOnce);
