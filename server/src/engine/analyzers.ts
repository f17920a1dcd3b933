/** Which analyser reads which file kind. Each analyser owns its model and its rules. */
import type { Analyzer } from './analyzer';
import type { FileKind } from './types';
import { kubernetesAnalyzer } from '../kubernetes/analyzer';
import { dockerfileAnalyzer } from '../dockerfile/analyzer';
import { buildScriptAnalyzers } from '../buildscripts/analyzers';

const ANALYZERS: Record<FileKind, Analyzer<any>> = { // eslint-disable-line @typescript-eslint/no-explicit-any -- each analyser has its own model type
  kubernetes: kubernetesAnalyzer,
  dockerfile: dockerfileAnalyzer,
  ...buildScriptAnalyzers,
};

export function analyzerFor(kind: FileKind): Analyzer<unknown> {
  return ANALYZERS[kind];
}

export function allAnalyzers(): Analyzer<unknown>[] {
  return Object.values(ANALYZERS);
}
