/**
 * What the Dockerfiles a build reads put in their images, from the workspace image map: the
 * build-file rules need it to say what goes wrong with a push of an image that holds no programs
 * (AL501, AL502: not exec format error, but an index nodes of other architectures cannot pull), and
 * to tell a build that runs foreign commands from one that only copies (AL503's QEMU).
 * Without the map (a file checked alone, the CLI's offline phase) nothing is known, and the rules
 * report as if every image executed code on the target platform.
 */
import type { RuleContext } from '../../core/rule';
import type { BuildModel, BuildSite } from '../../buildscripts/model';
import { imageContentOf, type ImageContent } from '../../imagemap/content';
import { buildModel } from '../../dockerfile/model';
import { parseImageReference } from '../../images/reference';
import { sharedRelative } from '../kubernetes/built-here';
import * as path from 'node:path';

type Ctx = Pick<RuleContext<BuildModel>, 'workspace' | 'file' | 'model'>;

/** The content of each image this build makes that the map knows (undefined for a Dockerfile it does not); none when the map read another version of the file. */
function knownContents(ctx: Ctx, build: BuildSite): Array<ImageContent | undefined> {
  const entries = ctx.workspace.buildsOfSite(ctx.file, ctx.model.builds.indexOf(build));
  // The map read this file as it is (or as it was before a fix that moved no build): the same builds in the same order.
  if (entries.some((e) => e.what !== build.what)) return [];
  return entries.map((entry) => ('file' in entry.dockerfile ? ctx.workspace.contentOf(entry.dockerfile.file) : undefined));
}

/** The content of every image this build makes; undefined when the map does not know every Dockerfile it reads. */
export function builtContent(ctx: Ctx, build: BuildSite): ImageContent[] | undefined {
  const contents = knownContents(ctx, build);
  return contents.length > 0 && contents.every((c): c is ImageContent => c !== undefined) ? contents : undefined;
}

/** Every image the build makes holds nothing that executes (its file says so, or its Dockerfiles do): its bytes suit every platform. */
export function buildsDataOnly(ctx: Ctx, build: BuildSite): boolean {
  return build.dataOnly !== undefined || builtContent(ctx, build)?.every((c) => c.dataOnly) === true;
}

/** Whether the build may run commands on its target platforms: true unless every Dockerfile it reads is known to run none there. */
export function mayRunOnTarget(ctx: Ctx, build: BuildSite): boolean {
  // A Dockerfile an earlier step writes with a heredoc is the one built, whatever the workspace holds.
  const contents = build.inlineDockerfile !== undefined ? [imageContentOf(buildModel(build.inlineDockerfile))] : builtContent(ctx, build);
  return contents?.every((c) => !runsOnTargetOf(c, build.target)) !== true;
}

/** Whether building `target` (the whole file's answer for no target, or a stage the file does not name) runs commands on the target platform. */
function runsOnTargetOf(content: ImageContent, target: string | undefined): boolean {
  return (target === undefined ? undefined : content.runsOnTargetFor?.[target.toLowerCase()]) ?? content.runsOnTarget;
}

/**
 * The build as the fixes adding platforms see it: with the reason a Dockerfile it reads would put one
 * architecture's download into every platform's image (imagemap/content.ts), when the map knows one,
 * and whether its Dockerfiles run nothing on the target platform (then the fix adds no QEMU step).
 */
export function withBuiltContent(ctx: Ctx, build: BuildSite): BuildSite {
  const contents = knownContents(ctx, build);
  const oneArchContent = contents.find((c) => c?.oneArchDownload)?.oneArchDownload ?? oneArchBase(ctx, contents);
  const dockerfileUnknown = unknownDockerfile(ctx, build);
  const runsNothingOnTarget = !mayRunOnTarget(ctx, build);
  const nativeRunnersElsewhere = runsNothingOnTarget ? undefined : nativeBuildElsewhere(ctx, build);
  if (!oneArchContent && !dockerfileUnknown && !runsNothingOnTarget && !nativeRunnersElsewhere) return build;
  return {
    ...build, ...(oneArchContent ? { oneArchContent } : {}), ...(dockerfileUnknown ? { dockerfileUnknown } : {}),
    ...(runsNothingOnTarget ? { runsNothingOnTarget: true as const } : {}), ...(nativeRunnersElsewhere ? { nativeRunnersElsewhere } : {}),
  };
}

/**
 * A base image of the build's Dockerfiles that this workspace builds from a Dockerfile downloading one
 * architecture's file whatever the platform (AL308), directly or through its own base, up to three
 * deep: osrf/docker_images' nightly-rmw is `FROM osrf/ros2:nightly`, whose Dockerfile fetches the
 * amd64 ROS 2 tarball. Adding platforms here would ask that base for platforms it does not have: the
 * reason, or undefined.
 */
function oneArchBase(ctx: Ctx, contents: ReadonlyArray<ImageContent | undefined>, depth = 0): string | undefined {
  for (const base of new Set(contents.flatMap((c) => c?.targetBases ?? []))) {
    const parsed = parseImageReference(base);
    if (!parsed.ok) continue;
    for (const entry of ctx.workspace.buildsOf(parsed.ref)) {
      if (!('file' in entry.dockerfile)) continue;
      const content = ctx.workspace.contentOf(entry.dockerfile.file);
      if (!content) continue;
      // "its Dockerfile downloads ..." (content.ts) said of the base's own Dockerfile.
      if (content.oneArchDownload) return `its base ${base} is built here from ${sharedRelative(entry.dockerfile.file, ctx.file)}, which ${content.oneArchDownload.replace(/^its Dockerfile /, '')}`;
      const deeper = depth < 2 ? oneArchBase(ctx, [content], depth + 1) : undefined;
      if (deeper) return `its base ${base} is built here, and ${deeper}`;
    }
  }
  return undefined;
}

/**
 * A build in another workflow of the workspace that makes this build's Dockerfile for one platform
 * foreign to this build's runner, on a runner of that platform (tursodatabase/libsql: publish-server.yml
 * builds linux/arm64 on `ubuntu-24.04-arm`, so its Rust compile runs natively; its PR-image workflow
 * pushes from `ubuntu-latest` with no platforms). There QEMU-emulated platforms added to this build
 * are not what the project does: named as "file, job" for the fix's title; undefined otherwise.
 */
function nativeBuildElsewhere(ctx: Ctx, build: BuildSite): string | undefined {
  const runner = build.workflow?.runnerArch;
  if (!runner) return undefined;
  const entries = ctx.workspace.buildsOfSite(ctx.file, ctx.model.builds.indexOf(build));
  if (entries.length === 0 || entries.some((e) => e.what !== build.what)) return undefined;
  for (const entry of entries) {
    if (!('file' in entry.dockerfile)) continue;
    for (const other of ctx.workspace.buildsOfDockerfile?.(entry.dockerfile.file) ?? []) {
      if (other.file === ctx.file || other.kind !== 'github-workflow' || other.platforms.kind !== 'known') continue;
      const [only, ...more] = other.platforms.platforms;
      const arch = only?.split('/')[1];
      const otherRunner = other.site?.workflow?.runnerArch;
      if (more.length === 0 && arch && arch !== runner && arch === otherRunner) {
        return `${path.basename(other.file)} builds the same Dockerfile for ${arch} on a native runner (job "${other.site?.workflow?.job}")`;
      }
    }
  }
  return undefined;
}

/**
 * Why the map could not tell which Dockerfile the build reads (text-generation-inference's
 * `file: ${{ env.DOCKERFILE }}`, which a step writes to GITHUB_ENV per hardware), or undefined.
 */
function unknownDockerfile(ctx: Ctx, build: BuildSite): string | undefined {
  const entries = ctx.workspace.buildsOfSite(ctx.file, ctx.model.builds.indexOf(build));
  if (entries.some((e) => e.what !== build.what)) return undefined;
  for (const entry of entries) if ('unknown' in entry.dockerfile) return entry.dockerfile.unknown;
  return undefined;
}
