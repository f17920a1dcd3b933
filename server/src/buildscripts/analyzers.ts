/** The build-invocation readers: one per file kind, one model for all. */
import type { FileReader, ImageUse, ParseOutcome } from '../core/analyzer';
import type { FileKind } from '../core/types';
import { parsePlatform } from '../images/platform';
import { isBakeFileName, parseBakeHcl, parseBakeJson } from './bake';
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

/**
 * The builds read, in order: a fix that adds a platform must not lose or merge one. `docker buildx
 * build` counts as the `docker build` it is (Docker runs one as the other): the fix folding a push
 * into its build turns the one into the other, and the build is still the same one.
 */
function outline(model: BuildModel): string[] {
  return model.builds.map((b) => b.what.replace(/ buildx build$/, ' build'));
}

function reader(kind: FileKind, parse: (text: string, file: string) => ParseOutcome<BuildModel>): FileReader<BuildModel> {
  return { kind, parse, images, outline };
}

export const buildScriptReaders: Record<BuildKind, FileReader<BuildModel>> = {
  shell: reader('shell', parseShellScript),
  makefile: reader('makefile', (text, file) => parseMakefile(text, file)),
  'github-workflow': reader('github-workflow', (text) => parseGithubWorkflow(text)),
  'gitlab-ci': reader('gitlab-ci', parseGitlabCi),
  compose: reader('compose', parseCompose),
  bake: reader('bake', (text, file) => (/\.json$/i.test(file) ? parseBakeJson(text) : parseBakeHcl(text, isBakeFileName(file)))),
};
