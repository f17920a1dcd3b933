/** STUB — replaced by the Dockerfile task. */
import type { Analyzer } from '../engine/analyzer';
export const dockerfileAnalyzer: Analyzer<unknown> = {
  kind: 'dockerfile',
  parse: () => ({ model: undefined, problems: [] }),
  images: () => [],
  rules: [],
};
