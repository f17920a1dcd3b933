/** The Kubernetes reader: model, image references and the `archlens.dev/ignore` annotation. */
import type { FileReader, ImageUse } from '../core/analyzer';
import { LineIndex } from '../core/text';
import type { Finding } from '../core/types';
import { extractModel } from './extract';
import { annotationIgnores } from './ignore-annotation';
import type { KubernetesModel } from './model';

const lineIndex = (model: KubernetesModel): LineIndex => new LineIndex(model.text);

/** The model's line index, built once on first use. */
export function linesOf(model: KubernetesModel): LineIndex {
  return model.memo.get(lineIndex, model);
}


export const kubernetesReader: FileReader<KubernetesModel> = {
  kind: 'kubernetes',
  parse(text) {
    return extractModel(text);
  },
  images(model) {
    const uses: ImageUse[] = [];
    const lines = model.workloads.length > 0 ? linesOf(model) : undefined;
    for (const workload of model.workloads) {
      for (const pod of workload.podTemplates) {
        for (const container of pod.containers) {
          if (!container.image || !container.reference || !lines) continue;
          uses.push({
            reference: container.reference,
            range: lines.range(container.image.innerStart, container.image.innerEnd),
          });
        }
      }
    }
    return uses;
  },
  isSuppressed(model: KubernetesModel, finding: Finding) {
    const candidates = model.workloads.filter((w) => annotationIgnores(w.metadata).length > 0 || w.podTemplates.some((p) => annotationIgnores(p.metadata).length > 0));
    if (candidates.length === 0) return false;
    const offset = linesOf(model).offsetAt(finding.range.start);
    for (const workload of candidates) {
      if (offset < workload.root.start || offset > workload.root.end) continue;
      const ids = [...annotationIgnores(workload.metadata), ...workload.podTemplates.flatMap((p) => annotationIgnores(p.metadata))];
      if (ids.includes(finding.rule.toUpperCase()) || ids.includes(finding.name.toUpperCase()) || ids.includes('ALL')) return true;
    }
    return false;
  },
};
