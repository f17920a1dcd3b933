/**
 * Which analyser reads which file kind: each file kind's reader (its folder: text → model) bound to
 * the rules that read that model (rules/: the rules whose `fileKinds` name the kind).
 */
import type { Analyzer, FileReader } from '../core/analyzer';
import type { Rule } from '../core/rule';
import type { FileKind } from '../core/types';
import { kubernetesReader } from '../kubernetes/analyzer';
import { dockerfileReader } from '../dockerfile/analyzer';
import { buildScriptReaders } from '../buildscripts/analyzers';
import { kubernetesRules } from '../rules/kubernetes';
import { dockerfileRules } from '../rules/dockerfile';
import { buildScriptRules } from '../rules/buildscripts';

function bind<M>(reader: FileReader<M>, rules: readonly Rule<M>[]): Analyzer<M> {
  return { ...reader, rules: rules.filter((r) => r.meta.fileKinds.includes(reader.kind)) };
}

const ANALYZERS: Record<FileKind, Analyzer<unknown>> = {
  kubernetes: bind(kubernetesReader, kubernetesRules),
  dockerfile: bind(dockerfileReader, dockerfileRules),
  shell: bind(buildScriptReaders.shell, buildScriptRules),
  makefile: bind(buildScriptReaders.makefile, buildScriptRules),
  'github-workflow': bind(buildScriptReaders['github-workflow'], buildScriptRules),
  'gitlab-ci': bind(buildScriptReaders['gitlab-ci'], buildScriptRules),
  compose: bind(buildScriptReaders.compose, buildScriptRules),
  bake: bind(buildScriptReaders.bake, buildScriptRules),
};

export function analyzerFor(kind: FileKind): Analyzer<unknown> {
  return ANALYZERS[kind];
}

export function allAnalyzers(): Analyzer<unknown>[] {
  return Object.values(ANALYZERS);
}
