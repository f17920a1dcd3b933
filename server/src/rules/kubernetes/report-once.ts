/**
 * A node shared through a YAML alias is read once per pod that uses it, at the anchor's offsets:
 * the same finding (same range, same message and data) is reported once.
 */
import type { Rule } from '../../core/rule';
import type { KubernetesModel } from '../../kubernetes/model';

export function reportingOnce(rule: Rule<KubernetesModel>): Rule<KubernetesModel> {
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
