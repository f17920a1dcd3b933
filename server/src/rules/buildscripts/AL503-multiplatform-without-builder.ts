/**
 * AL503 (GitHub workflows): a multi-platform build without `docker/setup-buildx-action` (the default
 * docker driver refuses several platforms), or a build for another architecture than the runner's
 * without `docker/setup-qemu-action` (its RUN steps cannot execute).
 */
import { defineRule } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { missingSetup, setupStepsEdit } from './setup';
import { mayRunOnTarget } from './built-content';

const messages = {
  /** `buildx`: it builds `platforms` platforms with no buildx builder set up; `qemu`: it builds `foreign` on a `runner` runner with no QEMU. */
  missingSetup: (d: { what: string; job: string; buildx?: { platforms: number }; qemu?: { foreign: string; runner: string } }) =>
    `${d.what} ${[
      d.buildx ? `builds ${d.buildx.platforms} platforms without docker/setup-buildx-action earlier in job "${d.job}": the default docker driver refuses multi-platform builds` : undefined,
      d.qemu ? `builds for ${d.qemu.foreign} on an ${d.qemu.runner} runner without docker/setup-qemu-action earlier in job "${d.job}": RUN steps for ${d.qemu.foreign} fail with exec format error` : undefined,
    ].filter((r) => r !== undefined).join('; and it ')}`,
};

export const AL503 = defineRule<BuildModel>()({
  meta: {
    code: 'AL503',
    name: 'multiplatform-without-builder',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['github-workflow'],
    summary: 'A workflow builds several platforms without docker/setup-buildx-action, or a foreign one without docker/setup-qemu-action.',
    messages,
    fixable: true,
    refinedByWorkspace: true,
  },
  check(ctx) {
    for (const build of ctx.model.builds) {
      const wf = build.workflow;
      if (!wf || build.windows || build.platforms.kind !== 'list') continue;
      const listed = build.platforms.items.map((i) => i.text);
      // QEMU runs the RUN steps of a foreign platform: a Dockerfile that runs none there needs none.
      const missing = missingSetup(build, listed, mayRunOnTarget(ctx, build));
      if (!missing) continue;
      const setup = setupStepsEdit(build, missing, ctx.lines);
      ctx.report({
        range: build.range,
        messageId: 'missingSetup',
        data: {
          what: build.what,
          job: wf.job,
          ...(missing.buildx ? { buildx: { platforms: listed.length } } : {}),
          ...(missing.qemu ? { qemu: { foreign: missing.foreign.join(', '), runner: String(wf.runnerArch) } } : {}),
        },
        suppressionAnchors: build.anchors,
        fixes: setup?.edit ? [{
          title: `Add ${setup.names} before this step${setup.problem ? ` — not applied by --fix: ${setup.problem}` : ''}`,
          ...(setup.problem ? {} : { preferred: true }),
          edits: [setup.edit],
        }] : undefined,
      });
    }
  },
});
