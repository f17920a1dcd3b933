/** The Dockerfile's images with their stage and the platforms a registry rule checks them against (AL401, AL402). */
import type { ImageRef } from '../../images/reference';
import { formatPlatform, normalizePlatform, parsePlatform, type Platform } from '../../images/platform';
import type { ImageSource, Stage } from '../../dockerfile/model';
import type { Ctx } from './util';

export interface StageImage { stage: Stage; source: ImageSource; ref: ImageRef }

/** Every image source whose name resolves to a reference (ARG defaults applied). */
export function* stageImages(ctx: Ctx): Generator<StageImage> {
  for (const stage of ctx.model.stages) {
    for (const source of stage.images) {
      if (source.reference.ok) yield { stage, source, ref: source.reference.ref };
    }
  }
}

/** The platforms the stage is built for: the targets for $TARGETPLATFORM, the constant, or none (build/unknown). */
export function neededPlatforms(ctx: Ctx, stage: Stage): Platform[] {
  if (stage.platform.kind === 'target') return ctx.config.targets.map((t) => normalizePlatform(t));
  if (stage.platform.kind === 'constant') {
    const p = parsePlatform(stage.platform.value ?? '');
    return p ? [p] : [];
  }
  return [];
}

/** Whether an image platform serves a needed one: same OS and architecture, and variant when one is asked for. */
export function serves(image: Platform, needed: Platform): boolean {
  const a = normalizePlatform(image);
  const b = normalizePlatform(needed);
  return a.os === b.os && a.architecture === b.architecture && (!b.variant || (a.variant ?? '') === b.variant);
}

export function formatList(platforms: Platform[]): string {
  return [...new Set(platforms.map(formatPlatform))].join(', ');
}

/** The text of the digest (`sha256:…`) inside the image as written, as offsets. */
export function digestSpan(source: ImageSource): { start: number; end: number } | undefined {
  if (source.raw !== source.resolved) return undefined;
  const at = source.raw.indexOf('@');
  if (at === -1) return undefined;
  return { start: source.start + at + 1, end: source.end };
}
