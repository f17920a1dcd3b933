/** The build-invocation analysers: one per file kind, one model and one rule list for all. */
import type { Analyzer, ImageUse, ParseOutcome } from '../engine/analyzer';
import type { FileKind } from '../engine/types';
import { parsePlatform } from '../images/platform';
import { buildScriptRules } from '../rules/buildscripts';
import { parseBakeHcl, parseBakeJson } from './bake';
import { parseCompose } from './compose';
import { parseGithubWorkflow } from './github';
import { parseGitlabCi } from './gitlab';
import { parseMakefile } from './makefile';
import type { BuildModel } from './model';
import { parseShellScript } from './shellscript';

type BuildKind = 'shell' | 'makefile' | 'github-workflow' | 'gitlab-ci' | 'compose' | 'bake';

/** Compose services that pull an image for a given platform: the only registry look-ups these files need (AL504). */
function images(model: BuildModel): ImageUse[] {
  return model.composePlatforms.map((use) => ({ reference: use.image, range: use.imageRange, platform: parsePlatform(use.platform.text) }));
}

function analyzer(kind: FileKind, parse: (text: string, file: string) => ParseOutcome<BuildModel>): Analyzer<BuildModel> {
  return { kind, parse, images, rules: buildScriptRules.filter((r) => r.meta.fileKinds.includes(kind)) };
}

export const buildScriptAnalyzers: Record<BuildKind, Analyzer<BuildModel>> = {
  shell: analyzer('shell', parseShellScript),
  makefile: analyzer('makefile', parseMakefile),
  'github-workflow': analyzer('github-workflow', parseGithubWorkflow),
  'gitlab-ci': analyzer('gitlab-ci', parseGitlabCi),
  compose: analyzer('compose', parseCompose),
  bake: analyzer('bake', (text, file) => (/\.json$/i.test(file) ? parseBakeJson(text) : parseBakeHcl(text))),
};
