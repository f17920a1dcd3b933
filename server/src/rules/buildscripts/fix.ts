/**
 * The fix that adds platforms to a build (AL501, AL502), fitted to the build's context. It is
 * preferred only where the result is a working multi-platform image:
 * - not when the architecture comes from a build argument or a binary built before for one
 *   architecture (the other platforms' images would hold the wrong binaries);
 * - not when the build is named for one architecture (a step "Build the AMD64 image", a tag `-arm64`);
 * - not when a separate push follows a build into the local image store: Docker's classic store
 *   keeps one platform, so that needs the containerd image store (offered as such);
 * - not when Docker's default builder would refuse several platforms (no `docker buildx create --use`);
 * - in a workflow, with the setup steps the new list needs, following the file's pinning convention.
 */
import type { LineIndex } from '../../core/text';
import type { Fix } from '../../core/types';
import type { BuildSite, Insertion } from '../../buildscripts/model';
import { renderInsertion } from '../../buildscripts/platforms';
import { missingSetup, setupStepsEdit } from './setup';

/** Why adding platforms to this build would not give a working multi-platform image, as a title note. */
function contextProblem(build: BuildSite, total: number): string | undefined {
  // One platform in the end: any builder and image store hold it.
  if (total <= 1) return undefined;
  if (build.singleArchInputs) return `${build.singleArchInputs}: build those for each platform first`;
  if (build.namedArch) return `this build is named for ${build.namedArch}: a separate build per architecture may be intended`;
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
  // Only what the added platforms newly need: an existing lack stays AL503's finding.
  const after = missingSetup(build, [...before, ...platforms]);
  const already = missingSetup(build, before);
  const missing = after && { ...after, buildx: after.buildx && !already?.buildx, qemu: after.qemu && !already?.qemu };
  const setup = missing && (missing.buildx || missing.qemu) ? setupStepsEdit(build, missing, lines) : undefined;
  if (setup?.edit) {
    fix.edits.push(setup.edit);
    fix.title += ` (and ${setup.names} before the step)`;
  }
  const problem = contextProblem(build, before.length + platforms.length) ?? setup?.problem;
  if (problem) {
    delete fix.preferred;
    fix.title += ` — not applied by --fix: ${problem}`;
  }
  return fix;
}
