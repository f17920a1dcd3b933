/** STUB — replaced by the Kubernetes model task. */
import type { Analyzer } from '../engine/analyzer';
export const kubernetesAnalyzer: Analyzer<unknown> = {
  kind: 'kubernetes',
  parse: () => ({ model: undefined, problems: [] }),
  images: () => [],
  rules: [],
};
