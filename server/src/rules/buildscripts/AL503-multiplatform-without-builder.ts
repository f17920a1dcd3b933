/**
 * AL503 (GitHub workflows): a multi-platform build without `docker/setup-buildx-action` (the default
 * docker driver refuses several platforms), or a build for another architecture than the runner's
 * without `docker/setup-qemu-action` (its RUN steps cannot execute).
 */
import type { Rule } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { missingSetup, setupStepsEdit } from './setup';

export const AL503: Rule<BuildModel> = {
  meta: {
    code: 'AL503',
    name: 'multiplatform-without-builder',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['github-workflow'],
    summary: 'A workflow builds several platforms without docker/setup-buildx-action, or a foreign one without docker/setup-qemu-action.',
  },
  check(ctx) {
    for (const build of ctx.model.builds) {
      const wf = build.workflow;
      if (!wf || build.platforms.kind !== 'list') continue;
      const listed = build.platforms.items.map((i) => i.text);
      const missing = missingSetup(build, listed);
      if (!missing) continue;
      const reasons: string[] = [];
      if (missing.buildx) reasons.push(`builds ${listed.length} platforms without docker/setup-buildx-action earlier in job "${wf.job}": the default docker driver refuses multi-platform builds`);
      if (missing.qemu) reasons.push(`builds for ${missing.foreign.join(', ')} on an ${wf.runnerArch} runner without docker/setup-qemu-action earlier in job "${wf.job}": RUN steps for ${missing.foreign.join(', ')} fail with exec format error`);
      const setup = setupStepsEdit(build, missing, ctx.lines);
      ctx.report({
        range: build.range,
        message: `${build.what} ${reasons.join('; and it ')}`,
        suppressionAnchors: build.anchors,
        fixes: setup ? [{ title: `Add ${setup.names} before this step`, preferred: true, edits: [setup.edit] }] : undefined,
      });
    }
  },
};
