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
  parse(text, _file, lines) {
    const outcome = extractModel(text, lines);
    if (lines) outcome.model.memo.set(lineIndex, outcome.model, lines);
    return outcome;
  },
  outline: (model) => model.outline,
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
    const annotated = model.memo.get(annotatedWorkloads, model);
    if (annotated.length === 0) return false;
    const ids = idsAt(annotated, linesOf(model).offsetAt(finding.range.start));
    return ids !== undefined && (ids.has(finding.rule.toUpperCase()) || ids.has(finding.name.toUpperCase()) || ids.has('ALL'));
  },
};

/** A workload whose `archlens.dev/ignore` annotation (its own or a pod template's) silences ids. */
interface Annotated { start: number; end: number; ids: Set<string> }

/**
 * The annotated workloads in text order, read once per model: checking every finding against every
 * workload made a file of 20,000 pods quadratic.
 */
function annotatedWorkloads(model: KubernetesModel): Annotated[] {
  const out: Annotated[] = [];
  for (const w of model.workloads) {
    const ids = [...annotationIgnores(w.metadata), ...w.podTemplates.flatMap((p) => annotationIgnores(p.metadata))];
    if (ids.length > 0) out.push({ start: w.root.start, end: w.root.end, ids: new Set(ids) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The ids of the annotated workload holding `offset` (binary search: workloads do not overlap), if any. */
function idsAt(annotated: readonly Annotated[], offset: number): Set<string> | undefined {
  let lo = 0;
  let hi = annotated.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (annotated[mid].start <= offset) lo = mid; else hi = mid - 1;
  }
  const w = annotated[lo];
  return w.start <= offset && offset <= w.end ? w.ids : undefined;
}
