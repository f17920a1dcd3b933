/** AL303: `FROM --platform=linux/amd64 …` on a stage the exported image needs: the result is single-arch whatever the build asks. */
import type { Rule } from '../../core/rule';
import type { Fix } from '../../core/types';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { compilesWithoutTarget } from './AL306-build-platform-compile-without-target';
import { COMPILE_PREFILTER, compileOf } from './compile';
import { anchors, onExportChain, rangeOf, reaches, removeFlagEdit, runCommands, stageLabel, type Ctx } from './util';

/** The stage compiles, and every compile is set up for the target platform. */
function crossBuilder(ctx: Ctx, stage: Stage): boolean {
  for (const rc of runCommands(stage, COMPILE_PREFILTER)) if (compileOf(rc)) return compilesWithoutTarget(ctx, stage).length === 0;
  return false;
}

export const AL303: Rule<DockerfileModel> = {
  meta: {
    code: 'AL303',
    name: 'constant-from-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'FROM --platform with a constant value on a stage that reaches the exported image: the image is single-arch whatever the build asks for.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const flag = stage.platformFlag;
      if (!flag || stage.base.kind === 'stage' || stage.ownPlatform.kind !== 'constant' || stage.windows) continue;
      if (!reaches(ctx, stage)) continue;
      const value = stage.ownPlatform.value!;
      const through = flag.raw !== flag.resolved ? ` (${flag.raw} through its ARG default)` : '';
      const chain = onExportChain(ctx, stage);
      const remove: Fix = { title: 'Remove the --platform flag', edits: [removeFlagEdit(ctx, flag.start, flag.end)] };
      const fixes: Fix[] = [];
      if (chain) {
        remove.preferred = true;
        fixes.push(remove);
      } else {
        const build: Fix = { title: 'Build this stage on the build machine (--platform=$BUILDPLATFORM)', edits: [{ range: rangeOf(ctx, flag.valueStart, flag.valueEnd), newText: '$BUILDPLATFORM' }] };
        // $BUILDPLATFORM is right for a cross-compiling builder only: packages it installs, or a
        // compile without target settings (AL306), would hand the build machine's binaries to the image.
        if (crossBuilder(ctx, stage)) build.preferred = true;
        else remove.preferred = true;
        fixes.push(build, remove);
      }
      const what = chain ? 'the exported image is' : `its output, copied into the exported image, is`;
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        message: `--platform pins ${stageLabel(stage)} to ${value}${through}: ${what} ${value} whatever platforms the build asks for, so nodes of another architecture get exec format error.`,
        fixes,
      });
    }
  },
};
