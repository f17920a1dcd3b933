/**
 * The fix that adds platforms to a build (AL501, AL502), fitted to the build's context. It is
 * preferred only where the result is a working multi-platform image:
 * - not when the architecture comes from a build argument or a binary built before for one
 *   architecture, or the Dockerfile downloads one architecture's file whatever the platform (the
 *   other platforms' images would hold the wrong binaries), or which Dockerfile it reads is not known;
 * - not when the build is named for one architecture (a step "Build the AMD64 image", a tag `-arm64`);
 * - not in a workflow whose other jobs build per architecture on native runners (a runs-on matrix),
 *   nor when another workflow builds the same Dockerfile for a foreign platform on a native runner;
 * - not when a separate push follows a build into the local image store: Docker's classic store
 *   keeps one platform, so that needs the containerd image store (offered as such);
 * - not when Docker's default builder would refuse several platforms (no `docker buildx create --use`);
 * - in a workflow, with the setup steps the new list needs, following the file's pinning convention;
 *   not when the job's QEMU is only assumed from a local action archlens cannot see into.
 */
import type { LineIndex } from '../../core/text';
import type { Fix, TextEdit } from '../../core/types';
import type { BuildSite, Insertion } from '../../buildscripts/model';
import { renderInsertion } from '../../buildscripts/platforms';
import { missingSetup, setupStepsEdit, unseenQemu, type SetupEdit } from './setup';

/** Why adding platforms to this build would not give a working multi-platform image, as a title note. */
function contextProblem(build: BuildSite, total: number): string | undefined {
  // One platform in the end: any builder and image store hold it.
  if (total <= 1) return undefined;
  if (build.singleArchInputs) return `${build.singleArchInputs}: build those for each platform first`;
  if (build.oneArchContent) return `${build.oneArchContent}: choose it per platform first`;
  if (build.dockerfileUnknown) return `${build.dockerfileUnknown}, so whether it builds for the added platforms is not known`;
  if (build.namedArch) return `this build is named for ${build.namedArch}: a separate build per architecture may be intended`;
  if (build.nativeRunnersElsewhere !== undefined) return `${build.nativeRunnersElsewhere}: build there too, or keep this one single-platform on purpose`;
  if (build.nativeRunnersJob !== undefined) return `this workflow builds other architectures on native runners (job "${build.nativeRunnersJob}"'s matrix): run this build there too, or keep it single-platform on purpose`;
  if (build.push?.separate) return 'the push after the build needs an image store that keeps several platforms: Docker\'s containerd image store, or a podman --manifest list';
  if (build.multiPlatformBuilder === false) return 'needs a builder for several platforms: `docker buildx create --use` before it, or Docker\'s containerd image store';
  return undefined;
}

/**
 * A fix inserting platforms; in a GitHub workflow it also adds the setup steps the new platform
 * list newly needs, so the fix does not trade this finding for an AL503.
 */
export function insertionFix(title: string, insertion: Insertion, platforms: readonly string[], lines: LineIndex, build: BuildSite, before: readonly string[]): Fix {
  const edit = renderInsertion(insertion, platforms);
  const fix: Fix = { title, preferred: true, edits: [{ range: lines.range(edit.start, edit.end), newText: edit.text }] };
  const setup = addSetup(fix, build, lines, platforms, before);
  return notPreferredIf(fix, contextProblem(build, before.length + platforms.length) ?? setup?.problem ?? unseenQemu(build, platforms, before, build.runsNothingOnTarget !== true));
}

/**
 * Adds the workflow setup steps the added platforms newly need (an existing lack stays AL503's
 * finding): no QEMU for Dockerfiles known to run nothing on the target platform, as AL503 judges.
 */
function addSetup(fix: Fix, build: BuildSite, lines: LineIndex, platforms: readonly string[], before: readonly string[]): SetupEdit | undefined {
  const runsOnTarget = build.runsNothingOnTarget !== true;
  const after = missingSetup(build, [...before, ...platforms], runsOnTarget);
  const already = missingSetup(build, before, runsOnTarget);
  const missing = after && { ...after, buildx: after.buildx && !already?.buildx, qemu: after.qemu && !already?.qemu };
  const setup = missing && (missing.buildx || missing.qemu) ? setupStepsEdit(build, missing, lines) : undefined;
  if (setup?.edit) {
    fix.edits.push(setup.edit);
    fix.title += ` (and ${setup.names} before the step)`;
  }
  return setup;
}

/** The fix, no longer preferred when there is a problem, which its title then names. */
export function notPreferredIf(fix: Fix, problem: string | undefined): Fix {
  if (problem) {
    delete fix.preferred;
    fix.title += ` — not applied by --fix: ${problem}`;
  }
  return fix;
}

/**
 * The fix for a build that a separate push follows (buildscripts/fold-push.ts): build and push in
 * one step with `docker buildx build --platform … --push`, the `docker push` commands removed — no
 * image store has to keep several platforms. `platforms` are those added; `before` those listed.
 * Undefined when the push cannot be folded safely (then only the containerd-store alternative is left).
 */
export function foldPushFix(build: BuildSite, lines: LineIndex, platforms: readonly string[], before: readonly string[]): Fix | undefined {
  const fold = build.foldPush;
  if (!fold) return undefined;
  const edits: TextEdit[] = [];
  let flags = ' --push';
  if (build.platforms.kind === 'list') {
    if (!build.platforms.append) return undefined;
    const edit = renderInsertion(build.platforms.append, platforms);
    edits.push({ range: lines.range(edit.start, edit.end), newText: edit.text });
  } else flags = ` --platform ${platforms.join(',')}${flags}`;
  if (fold.verb) edits.push({ range: lines.range(fold.verb.start, fold.verb.end), newText: `buildx build${flags}` });
  else edits.push({ range: lines.range(fold.at, fold.at), newText: flags });
  for (const cut of fold.removals) edits.push({ range: lines.range(cut.start, cut.end), newText: '' });
  const all = [...before, ...platforms];
  const pushes = fold.lines.length === 1 ? `the push on line ${fold.lines[0]}` : `the pushes on lines ${fold.lines.join(', ')}`;
  const fix: Fix = { title: `Build and push in one step: buildx build --platform ${all.join(',')} --push (${pushes} removed)`, preferred: true, edits };
  const setup = addSetup(fix, build, lines, platforms, before);
  const builder = build.multiPlatformBuilder === false && !build.workflow
    ? 'a buildx build of several platforms needs a builder for them: `docker buildx create --use` before it, or Docker\'s containerd image store'
    : undefined;
  const problem = all.length <= 1 ? undefined
    : build.singleArchInputs ? `${build.singleArchInputs}: build those for each platform first`
      : build.oneArchContent ? `${build.oneArchContent}: choose it per platform first`
      : build.namedArch ? `this build is named for ${build.namedArch}: a separate build per architecture may be intended`
        : builder ?? setup?.problem ?? unseenQemu(build, platforms, before, build.runsNothingOnTarget !== true);
  return notPreferredIf(fix, problem);
}
