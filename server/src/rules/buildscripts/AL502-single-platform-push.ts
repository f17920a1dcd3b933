/** AL502: a pushed image names fewer platforms than the targets. */
import { defineRule } from '../../core/rule';
import type { BuildModel, BuildSite } from '../../buildscripts/model';
import { writtenOf } from '../../imagemap/names';
import { inCiConfigFolder, marksTests, namesCiImage } from '../../buildscripts/names';
import { hashCommentLinesAbove, type LineIndex } from '../../core/text';
import { architectures, formatPlatform, missingTargets } from '../../buildscripts/platforms';
import { rangeOfFinding } from './range';
import { foldPushFix, insertionFix, notPreferredIf } from './fix';
import type { Fix } from '../../core/types';
import { buildsDataOnly, withBuiltContent } from './built-content';

const messages = {
  /** `listed`: the platforms it pushes; `missing`: the targets it leaves out. */
  fewerPlatforms: (d: { what: string; listed: string; how: string; missing: string }) =>
    `${d.what} pushes only ${d.listed} (${d.how}); the targets also include ${d.missing}, where this image will not run`,
  /** The image holds nothing that executes (an OLM bundle): what fails is the pull of an index that lacks the node's platform. */
  fewerPlatformsDataOnly: (d: { what: string; listed: string; how: string; missing: string }) =>
    `${d.what} pushes only ${d.listed} (${d.how}) of an image with nothing in it that executes: its bytes suit every platform, but an index naming only ${d.listed} cannot be pulled by ${d.missing} nodes ("no match for platform in manifest")`,
};

export const AL502 = defineRule<BuildModel>()({
  meta: {
    code: 'AL502',
    name: 'single-platform-push',
    kind: 'offline',
    defaultSeverity: 'info',
    fileKinds: ['shell', 'makefile', 'github-workflow', 'gitlab-ci', 'compose', 'bake'],
    summary: 'A pushed image names fewer platforms than the targets.',
    messages,
    fixable: true,
    refinedByWorkspace: true,
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const build of ctx.model.builds) {
      const platforms = build.platforms;
      if (!build.push || build.assembled || build.windows || platforms.kind !== 'list') continue;
      const listed = platforms.items.map((i) => i.text);
      // A build whose step, job or tag names the one architecture it lists is single-arch on purpose
      // ("Build the AMD64 image", `build-arm64:`, `:1.0-arm64`): a finding would be noise.
      if (deliberate(build.namedArch, listed)) continue;
      // Likewise an image named for an ARM board (`:1-rpi`, `rpi.Dockerfile`) that lists ARM platforms alone.
      if (forArmBoard(build, listed)) continue;
      // An image for the project's own tests, listed for one platform: the CI's choice, not the users'.
      if (architectures(listed).length === 1 && forTestsOnly(build)) continue;
      // An image pushed to ttl.sh alone, whose images expire within hours or days: the run's own
      // scan or test image (gogs' PR job pushes it for trivy), not one nodes deploy.
      if (toEphemeralRegistryOnly(build)) continue;
      // One platform, and the comment right above says so on purpose: the author has weighed it.
      if (architectures(listed).length === 1 && commentedOnePlatform(build, ctx.lines)) continue;
      const missing = missingTargets(listed, ctx.config.targets);
      if (missing.length === 0) continue;
      if (pushedForEveryTarget(ctx.model.builds, build, ctx.config.targets)) continue;
      const key = rangeOfFinding(platforms.range);
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report({
        range: platforms.range,
        messageId: buildsDataOnly(ctx, build) ? 'fewerPlatformsDataOnly' : 'fewerPlatforms',
        data: { what: build.what, listed: listed.join(', ') || 'no platform', how: build.push.how, missing: missing.join(', ') },
        suppressionAnchors: [build.range.start.line, ...build.anchors],
        targets: ctx.config.targets.map(formatPlatform),
        fixes: takenOut(build, missing, ctx.lines, narrowedOnPurpose(ctx.model.builds, build, listed, ctx.lines, fixesFor(withBuiltContent(ctx, build), missing, listed, ctx.lines))),
      });
    }
  },
});

/**
 * The build's context, Dockerfile or image name (its tag aside: `:test` is any image's tag), as written,
 * marks an image for the project's own tests, or for its CI's jobs to run in (a `.circleci/` or `.github/`
 * context or Dockerfile, `ci` as a word of the name: tilt-dev/tilt's tiltdev/tilt-ci): the CI's machines decide.
 */
function forTestsOnly(build: BuildSite): boolean {
  return (build.outputs ?? []).some((o) => [o.context, o.dockerfile].some((w) => w !== undefined && (marksTests(writtenOf(w.value)) || inCiConfigFolder(writtenOf(w.value))))
    || o.names.some((n) => {
      const name = writtenOf(n.value).replace(/:[^/]*$/, '');
      return marksTests(name) || namesCiImage(name);
    }));
}

/** ttl.sh, the anonymous registry whose images expire after the time their tag names (`:1h`, `:7d`). */
const EPHEMERAL_REGISTRY = /^ttl\.sh\//i;

/**
 * Every name the build pushes is written on an ephemeral registry in the file itself (at least one
 * name). A registry a variable's default supplies (`SERVER?=ttl.sh` in openfaas/faas-netes' Makefile)
 * is only where a trial run goes: a release sets another.
 */
function toEphemeralRegistryOnly(build: BuildSite): boolean {
  const names = (build.outputs ?? []).flatMap((o) => o.names.map((n) => n.value));
  // The registry must be written in place: the first piece of the name, not from a variable.
  return names.length > 0 && names.every((v) => v.length > 0 && v[0].from === undefined && v[0].unknown === undefined && EPHEMERAL_REGISTRY.test(v[0].text));
}

/**
 * The same image (the same names, Dockerfile and context, as written) is pushed by another build of
 * the file for every target: this one is its quicker variant, single-platform on purpose
 * (openfaas/faas-netes's Makefile: publish-buildx for linux/amd64 beside publish-buildx-all).
 */
function pushedForEveryTarget(builds: readonly BuildSite[], build: BuildSite, targets: Parameters<typeof missingTargets>[1]): boolean {
  const shape = (b: BuildSite) => (b.outputs ?? []).map((o) => JSON.stringify([o.names.map((n) => writtenOf(n.value)).sort(), o.dockerfile && writtenOf(o.dockerfile.value), o.context && writtenOf(o.context.value)])).sort().join('\n');
  const own = shape(build);
  if (own === '' || !(build.outputs ?? []).some((o) => o.names.length > 0)) return false;
  return builds.some((b) => b !== build && b.push && !b.assembled && b.platforms.kind === 'list' && shape(b) === own
    && missingTargets(b.platforms.items.map((i) => i.text), targets).length === 0);
}

/**
 * Words of a comment that calls a build single-platform on purpose: "single-arch", "one platform",
 * "amd64 only", "multi-arch is skipped here" (cloudnativelabs/kube-router's PR image: "Build and push a
 * single-arch (amd64) image ... Multi-arch is skipped here as it adds 30+ minutes to PR feedback time"),
 * "only building for amd64", "ARM64 packages ... are not available" (seaweedfs' FoundationDB image).
 */
const ARCH = '(?:amd64|x86[_-]64|x64|arm64|aarch64)';
const ONE_PLATFORM_ON_PURPOSE = new RegExp([
  '(?<!than )\\b(?:single|one)[- ](?:arch(?:itecture)?|platform)s?\\b',
  `\\b${ARCH}[- ]only\\b`,
  `\\bonly (?:(?:build|push|publish)(?:s|ing)? )?(?:for |on )?${ARCH}\\b`,
  // The other architecture cannot be built: "ARM64 ... packages which are not available" (seaweedfs' FoundationDB image).
  `\\b${ARCH}\\b[^.;]{0,60}?\\b(?:not available|unavailable|not supported|unsupported)\\b`,
  '\\bmulti[- ]?(?:arch(?:itecture)?|platform)\\b[^.;]{0,30}?\\b(?:skip(?:ped)?|disabled|omitted|not)\\b',
  '\\b(?:skip|skips|skipping|no|not|without)\\b[^.;]{0,20}?\\bmulti[- ]?(?:arch|platform)',
].join('|'), 'i');

/**
 * A comment block right above the build's line, its step or its platform list (a comment in the
 * action's `with:`) says it builds one platform on purpose (archlens directives aside).
 */
function commentedOnePlatform(build: BuildSite, lines: LineIndex): boolean {
  const listLine = build.platforms.kind === 'list' ? [build.platforms.range.start.line] : [];
  return [build.range.start.line, ...build.anchors, ...listLine].some((line) => hashCommentLinesAbove(lines, line)
    .map((l) => lines.lineText(l))
    .some((c) => !/archlens\s/.test(c) && ONE_PLATFORM_ON_PURPOSE.test(c)));
}

/** The build is named for an architecture and lists that architecture alone. */
function deliberate(namedArch: string | undefined, listed: readonly string[]): boolean {
  if (!namedArch) return false;
  const archs = architectures(listed);
  return archs.length === 1 && archs[0] === namedArch;
}

/**
 * A Raspberry Pi, or an SoC family made only with ARM cores (Rockchip `rk3588`, Nvidia Jetson), as a
 * word of a tag or Dockerfile name: `latest-rpi`, `rpi.Dockerfile`, `raspbian`, `raspberrypi4`,
 * `rockchip.Dockerfile` (AlexxIT/go2rtc), `jetson`.
 */
const ARM_BOARD = /(?:^|[^a-z0-9])(?:rpi\d?|raspberry(?:[-_]?pi)?\d?|raspbian|raspios|rockchip|rk3\d{3}|jetson)(?:$|[^a-z0-9])/i;

/**
 * The build's tag or Dockerfile names a Raspberry Pi (or an ARM-only SoC), and every platform it lists is ARM
 * (bluenviron/mediamtx's `-rpi` images, built from docker/rpi.Dockerfile for linux/arm/v6,
 * linux/arm/v7 and linux/arm64 beside the all-platform image): an image for that board alone, on
 * purpose. An amd64 platform in the list, or no board in the names, keeps the finding.
 */
function forArmBoard(build: BuildSite, listed: readonly string[]): boolean {
  const archs = architectures(listed);
  if (archs.length === 0 || !archs.every((a) => a === 'arm' || a === 'arm64')) return false;
  return (build.outputs ?? []).some((o) => [o.dockerfile, ...o.names].some((w) => {
    if (!w) return false;
    const written = writtenOf(w.value);
    return ARM_BOARD.test(written.slice(written.lastIndexOf('/') + 1));
  }));
}

/**
 * The file builds another image for more platforms (qdrant's release job: the CPU image for
 * linux/amd64,linux/arm64, then the GPU images for linux/amd64 alone, on ROCm and CUDA bases): its
 * author builds several platforms where they can, so one listed platform here is a choice, and
 * adding the others could break the build. The finding stands; no preferred fix.
 */
function narrowedOnPurpose(builds: readonly BuildSite[], build: BuildSite, listed: readonly string[], lines: LineIndex, fixes: Fix[] | undefined): Fix[] | undefined {
  const archs = architectures(listed);
  if (!fixes || archs.length !== 1) return fixes;
  const wider = builds.find((b) => b !== build && b.platforms.kind === 'list' && !b.windows && architectures(b.platforms.items.map((i) => i.text)).length > 1);
  if (!wider) return fixes;
  const note = `line ${wider.range.start.line + 1} builds for several platforms, this build for ${archs[0]} alone: a choice, it seems`;
  return fixes.map((f) => notPreferredIf(f, f.preferred ? note : undefined));
}

/**
 * A missing platform written in a comment on the platform list's line or right above it (foxcpp/maddy's
 * release workflow: `platforms: linux/amd64 #,linux/arm64  Temporary disabled due to SIGSEGV in gcc.`):
 * the author took it out of the list, so adding it back is no safe default. The finding stands; no
 * preferred fix.
 */
function takenOut(build: BuildSite, missing: readonly string[], lines: LineIndex, fixes: Fix[] | undefined): Fix[] | undefined {
  if (!fixes || build.platforms.kind !== 'list') return fixes;
  const line = build.platforms.range.start.line;
  const own = lines.lineText(line);
  const trailing = /\s#(.*)$/.exec(own)?.[1] ?? '';
  const comments = [trailing, ...hashCommentLinesAbove(lines, line).map((l) => lines.lineText(l))].filter((c) => !/archlens\s/.test(c));
  const named = missing.find((p) => {
    const arch = p.split('/')[1];
    return arch !== undefined && comments.some((c) => new RegExp(`(?<![\\w-])(?:linux/)?${arch}(?![\\w-])`).test(c));
  });
  if (!named) return fixes;
  const note = `${named} is commented out on the platform list: taken out on purpose, it seems`;
  return fixes.map((f) => notPreferredIf(f, f.preferred ? note : undefined));
}

/** Folding a separate push into the build (where safe), then adding the missing platforms to its list. */
function fixesFor(build: BuildSite, missing: string[], listed: string[], lines: LineIndex): Fix[] | undefined {
  const platforms = build.platforms;
  return orNone([
    foldPushFix(build, lines, missing, listed),
    platforms.kind === 'list' && platforms.append ? insertionFix(`Add ${missing.join(', ')} to ${build.option}`, platforms.append, missing, lines, build, listed) : undefined,
  ]);
}

/** The fixes that exist, or undefined when none does. */
function orNone(fixes: Array<Fix | undefined>): Fix[] | undefined {
  const some = fixes.filter((f) => f !== undefined);
  return some.length > 0 ? some : undefined;
}
