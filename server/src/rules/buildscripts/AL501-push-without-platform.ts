/** AL501: an image is built and pushed without naming platforms: it gets the build machine's architecture. */
import type { Rule } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { formatPlatform } from '../../buildscripts/platforms';
import { insertionFix } from './fix';

export const AL501: Rule<BuildModel> = {
  meta: {
    code: 'AL501',
    name: 'push-without-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['shell', 'makefile', 'github-workflow', 'gitlab-ci', 'compose', 'bake'],
    summary: 'An image is built and pushed with no platform list: it gets the architecture of the machine that ran the build.',
  },
  check(ctx) {
    const targets = ctx.config.targets.map(formatPlatform);
    for (const build of ctx.model.builds) {
      if (!build.push || build.assembled || build.platforms.kind !== 'none') continue;
      const flag = build.option.startsWith('--');
      const value = flag ? targets.join(',') : targets.join(', ');
      ctx.report({
        range: build.range,
        message: `${build.what} pushes an image (${build.push.how}) with no ${build.option}: it gets the architecture of whatever machine runs the build, while the targets are ${targets.join(', ')}`,
        related: build.push.range ? [{ range: build.push.range, message: 'pushed here' }] : undefined,
        suppressionAnchors: build.anchors,
        fixes: build.addPlatforms ? [insertionFix(flag ? `Add ${build.option} ${value}` : `Add ${build.option}: ${value}`, build.addPlatforms, targets, ctx.lines, build, [])] : undefined,
      });
    }
  },
};
