/**
 * What the workspace image map says about a deployed image, for the Kubernetes rules: the builds of
 * this workspace that make it and the architectures they make for the pod's OS — known only when
 * every such build's platforms are (several builds of one name: whichever pushed last is deployed,
 * so an architecture is missing only when none of them makes it).
 */
import * as path from 'node:path';
import type { BuildEntry } from '../../imagemap/types';
import { parsePlatform } from '../../images/platform';
import type { ImageRef } from '../../images/reference';
import type { K8sContext } from './common';

export interface BuiltHere {
  entries: readonly BuildEntry[];
  /** The architectures (of the pod's OS) the builds make; undefined when a build's platforms are not known. */
  archs?: Set<string>;
  /** Why they are not known: the first build that leaves its platforms to the run. */
  unknown?: { entry: BuildEntry; reason: string };
}

/** The builds of this workspace that make `ref`, or undefined when it is not built here. */
export function builtHere(ctx: K8sContext, ref: ImageRef, os: string): BuiltHere | undefined {
  const entries = ctx.workspace.buildsOf(ref);
  if (entries.length === 0) return undefined;
  const archs = new Set<string>();
  for (const entry of entries) {
    if (entry.platforms.kind === 'unknown') return { entries, unknown: { entry, reason: entry.platforms.reason } };
    for (const p of entry.platforms.platforms) {
      const platform = parsePlatform(p);
      if (platform && platform.os === os) archs.add(platform.architecture);
    }
  }
  return { entries, archs };
}

/**
 * True when AL210 speaks for this architecture of this image: it is built here, every build's
 * platforms are known and none makes it (the registry rules then leave that cause to AL210).
 */
export function al210Speaks(ctx: K8sContext, built: BuiltHere | undefined, arch: string): boolean {
  return ctx.config.rules.AL210 !== 'off' && built?.archs !== undefined && !built.archs.has(arch);
}

/** "Makefile:245", ".github/workflows/release.yml:42": the build file from the folder it shares with the manifest. */
export function buildPlace(entry: BuildEntry, from: string): string {
  return `${sharedRelative(entry.file, from)}:${entry.range.start.line + 1}`;
}

/** `file` relative to the deepest folder it shares with `from` (the repository, for files of one repository). */
export function sharedRelative(file: string, from: string): string {
  if (!path.isAbsolute(file) || !path.isAbsolute(from)) return file;
  const a = path.dirname(path.resolve(from)).split(path.sep);
  const b = path.resolve(file).split(path.sep);
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return i <= 1 ? file : b.slice(i).join('/');
}

/** "linux/amd64 and linux/arm64" */
export function listPlatforms(platforms: readonly string[]): string {
  if (platforms.length <= 1) return platforms.join('');
  return `${platforms.slice(0, -1).join(', ')} and ${platforms[platforms.length - 1]}`;
}

/** "built here for linux/amd64 (docker buildx build)": a related location's message at the build. */
export function builtHereNote(entry: BuildEntry): string {
  const platforms = entry.platforms.kind === 'known' ? `for ${listPlatforms(entry.platforms.platforms)}` : 'for platforms unknown until it runs';
  return `built here ${platforms} (${entry.what}${entry.matrix ? `, matrix ${entry.matrix}` : ''})`;
}

/** "built here by Makefile:245 (docker buildx build) for linux/amd64": a build in a sentence. */
export function describeBuild(entry: BuildEntry, from: string): string {
  const platforms = entry.platforms.kind === 'known' ? `for ${listPlatforms(entry.platforms.platforms)}` : 'for platforms unknown until it runs';
  return `${buildPlace(entry, from)} (${entry.what}${entry.matrix ? `, matrix ${entry.matrix}` : ''}) ${platforms}`;
}
