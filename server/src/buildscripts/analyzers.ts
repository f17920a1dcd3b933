/** STUB — replaced by the build-invocations task. */
import type { Analyzer } from '../engine/analyzer';
import type { FileKind } from '../engine/types';

function stub(kind: FileKind): Analyzer<unknown> {
  return { kind, parse: () => ({ model: undefined, problems: [] }), images: () => [], rules: [] };
}

export const buildScriptAnalyzers: Record<'shell' | 'makefile' | 'github-workflow' | 'gitlab-ci' | 'compose' | 'bake', Analyzer<unknown>> = {
  shell: stub('shell'),
  makefile: stub('makefile'),
  'github-workflow': stub('github-workflow'),
  'gitlab-ci': stub('gitlab-ci'),
  compose: stub('compose'),
  bake: stub('bake'),
};
