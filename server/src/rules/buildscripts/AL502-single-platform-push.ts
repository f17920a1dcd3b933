/** AL502: a pushed image names fewer platforms than the targets. */
import type { Rule } from '../../core/rule';
import type { BuildModel } from '../../buildscripts/model';
import { formatPlatform, missingTargets } from '../../buildscripts/platforms';
import { rangeOfFinding } from './range';
import { insertionFix } from './fix';

export const AL502: Rule<BuildModel> = {
  meta: {
    code: 'AL502',
    name: 'single-platform-push',
    kind: 'offline',
    defaultSeverity: 'info',
    fileKinds: ['shell', 'makefile', 'github-workflow', 'gitlab-ci', 'compose', 'bake'],
    summary: 'A pushed image names fewer platforms than the targets.',
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const build of ctx.model.builds) {
      const platforms = build.platforms;
      if (!build.push || build.assembled || platforms.kind !== 'list') continue;
      const missing = missingTargets(platforms.items.map((i) => i.text), ctx.config.targets);
      if (missing.length === 0) continue;
      const key = rangeOfFinding(platforms.range);
      if (reported.has(key)) continue;
      reported.add(key);
      const listed = platforms.items.map((i) => i.text).join(', ') || 'no platform';
      ctx.report({
        range: platforms.range,
        message: `${build.what} pushes only ${listed} (${build.push.how}); the targets also include ${missing.join(', ')}, where this image will not run`,
        suppressionAnchors: [build.range.start.line, ...build.anchors],
        targets: ctx.config.targets.map(formatPlatform),
        fixes: platforms.append ? [insertionFix(`Add ${missing.join(', ')} to ${build.option}`, platforms.append, missing, ctx.lines, build, platforms.items.map((i) => i.text))] : undefined,
      });
    }
  },
};
