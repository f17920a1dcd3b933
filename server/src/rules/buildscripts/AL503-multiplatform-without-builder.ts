/**
 * AL503 (GitHub workflows): a multi-platform build without `docker/setup-buildx-action` (the default
 * docker driver refuses several platforms), or a build for another architecture than the runner's
 * without `docker/setup-qemu-action` (its RUN steps cannot execute).
 */
import type { Rule } from '../../engine/rule';
import type { BuildModel } from '../../buildscripts/model';
import { architectures } from '../../buildscripts/platforms';
import type { Fix } from '../../engine/types';

const SETUP = {
  qemu: { name: 'Set up QEMU', uses: 'docker/setup-qemu-action@v3' },
  buildx: { name: 'Set up Docker Buildx', uses: 'docker/setup-buildx-action@v3' },
};

/** Architectures a runner executes without emulation. */
function native(runner: string, arch: string): boolean {
  return arch === runner || (runner === 'amd64' && arch === '386');
}

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
      const archs = architectures(listed);
      const needBuildx = listed.length > 1 && !wf.hasBuildx;
      const foreign = wf.runnerArch ? archs.filter((a) => !native(wf.runnerArch!, a)) : [];
      const needQemu = foreign.length > 0 && !wf.hasQemu;
      if (!needBuildx && !needQemu) continue;
      const reasons: string[] = [];
      if (needBuildx) reasons.push(`builds ${listed.length} platforms without docker/setup-buildx-action earlier in job "${wf.job}": the default docker driver refuses multi-platform builds`);
      if (needQemu) reasons.push(`builds for ${foreign.join(', ')} on an ${wf.runnerArch} runner without docker/setup-qemu-action earlier in job "${wf.job}": RUN steps for ${foreign.join(', ')} fail with exec format error`);
      let fixes: Fix[] | undefined;
      if (wf.stepInsert) {
        const eol = ctx.lines.eol;
        const { dashIndent, keyIndent, offset } = wf.stepInsert;
        const steps = [needQemu ? SETUP.qemu : undefined, needBuildx ? SETUP.buildx : undefined].filter((s) => s !== undefined);
        const text = steps.map((s) => `${dashIndent}- name: ${s.name}${eol}${keyIndent}uses: ${s.uses}${eol}`).join('');
        const at = ctx.lines.positionAt(offset);
        fixes = [{ title: `Add ${steps.map((s) => s.uses.replace(/@.*/, '')).join(' and ')} before this step`, preferred: true, edits: [{ range: { start: at, end: at }, newText: text }] }];
      }
      ctx.report({
        range: build.range,
        message: `${build.what} ${reasons.join('; and it ')}`,
        suppressionAnchors: build.anchors,
        fixes,
      });
    }
  },
};
