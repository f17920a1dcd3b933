/**
 * The registry side of a pod template, computed once per rule from the look-up answers: each
 * image's architectures for the pod's OS, and the pod-level causes that decide which rule speaks
 * (one finding per cause: the most specific rule speaks).
 */
import { archSetOfPlatforms, intersect } from '../../images/archset';
import type { ImageLookup, ImagePlatforms } from '../../images/lookup';
import { formatPlatform, normalizePlatform } from '../../images/platform';
import type { ParsedReference } from '../../images/reference';
import type { AllowedArchs } from '../../kubernetes/allowed';
import type { KScalar } from '../../core/yaml/knode';
import type { Container, MatchExpression, PodTemplate } from '../../kubernetes/model';
import { allowedOf, type K8sContext } from './common';
import { builtHere, describeBuild, type BuiltHere } from './built-here';

export interface ImageEval {
  container: Container;
  image: KScalar;
  parsed: ParsedReference;
  /** Undefined when the reference was not looked up (unparseable, or no resolver answer). */
  lookup?: ImageLookup;
  platforms?: ImagePlatforms;
  /** Architectures published for the pod's OS. */
  osArchs: Set<string>;
  /** Platforms exist but none for the pod's OS (AL207). */
  osMismatch: boolean;
  /** arm64 may run on the pod's nodes, the image has no arm64 but a 32-bit arm build (AL206). */
  arm32Fallback: boolean;
  /** osArchs, plus arm64 when only the arm32 fallback provides it (AL206 speaks for that arch). */
  effective: Set<string>;
  /** A single-platform manifest: pulled anywhere, then exec format error. */
  single: boolean;
  /** The builds of this workspace that make the image (the workspace image map), when it is built here. */
  built?: BuiltHere;
}

export interface PodEval {
  allowed: AllowedArchs;
  images: ImageEval[];
  /** Images with platforms for the pod's OS: the ones that enter the set computations. */
  known: ImageEval[];
  /** ∩ of the known images' effective archs, within the universe (the universe when none is known). */
  common: Set<string>;
  /** AL203: two or more known images and no architecture they all have. */
  noCommon: boolean;
  /** Arch expressions in preferred node affinity (AL204). */
  preferredArch: MatchExpression[];
}

/** The last evaluation of a pod, with the answers and configuration it was made with. */
interface LastEvaluation { images?: K8sContext['images']; config?: K8sContext['config']; workspace?: K8sContext['workspace']; ev?: PodEval }
const lastEvaluation = (_pod: PodTemplate): LastEvaluation => ({});

/**
 * Nine registry rules read the same evaluation of a pod: it is computed once per registry phase
 * (same answers, same configuration) and kept in the model's memo. Pods may outlive one analysis
 * through the parse cache, so the answers and configuration it was made with are part of the key.
 */
export function evaluatePod(ctx: K8sContext, pod: PodTemplate): PodEval {
  const last = ctx.model.memo.get(lastEvaluation, pod);
  if (last.ev && last.images === ctx.images && last.config === ctx.config && last.workspace === ctx.workspace) return last.ev;
  const ev = computeEvaluation(ctx, pod);
  Object.assign(last, { images: ctx.images, config: ctx.config, workspace: ctx.workspace, ev });
  return ev;
}

function computeEvaluation(ctx: K8sContext, pod: PodTemplate): PodEval {
  const allowed = allowedOf(ctx, pod);
  const images: ImageEval[] = [];
  for (const container of pod.containers) {
    if (!container.image || !container.reference) continue;
    const parsed = container.reference;
    const lookup = parsed.ok ? ctx.images.get(parsed.ref) : undefined;
    const e: ImageEval = {
      container, image: container.image, parsed, osArchs: new Set(), osMismatch: false, arm32Fallback: false, effective: new Set(), single: false,
    };
    if (lookup) e.lookup = lookup;
    const built = parsed.ok ? builtHere(ctx, parsed.ref, allowed.os) : undefined;
    if (built) e.built = built;
    if (lookup?.ok) {
      const platforms = lookup.image;
      e.platforms = platforms;
      e.single = platforms.kind !== 'index';
      e.osArchs = archSetOfPlatforms(platforms.platforms, allowed.os);
      e.osMismatch = platforms.platforms.length > 0 && e.osArchs.size === 0;
      e.effective = new Set(e.osArchs);
      if (allowed.universe.has('arm64') && !e.osArchs.has('arm64') && e.osArchs.has('arm')) {
        e.arm32Fallback = true;
        e.effective.add('arm64');
      }
    }
    images.push(e);
  }
  const known = images.filter((e) => e.platforms && !e.osMismatch && e.platforms.platforms.length > 0);
  let common = new Set(allowed.universe);
  for (const e of known) common = intersect(common, e.effective);
  const noCommon = known.length >= 2 && common.size === 0;
  const preferredArch = pod.constraints.preferred.flatMap((t) => t.expressions.filter((x) => x.labelKind?.label === 'arch'));
  return { allowed, images, known, common, noCommon, preferredArch };
}

/** "linux/amd64 and linux/arm/v7 (an image index)" — what an image publishes for an OS. */
export function describePlatforms(e: ImageEval, os: string): string {
  const platforms = e.platforms?.platforms ?? [];
  const forOs = platforms.map((p) => normalizePlatform(p.platform)).filter((p) => p.os === os);
  const shown = (forOs.length > 0 ? forOs : platforms.map((p) => normalizePlatform(p.platform))).map((p) => formatPlatform(p));
  const list = [...new Set(shown)];
  const joined = list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
  const what = e.platforms?.kind === 'index' ? 'an image index' : 'a single-platform manifest';
  return `${forOs.length > 0 || list.length > 0 ? `only ${joined}` : 'no platform'} (${what})`;
}

/** What happens when this image meets a node of `arch` it lacks. */
export function consequence(e: ImageEval, arch: string): string {
  return e.single
    ? `on ${arch} nodes it is pulled and then fails with "exec format error" (CrashLoopBackOff)`
    : `on ${arch} nodes the pull fails with "ErrImagePull: no match for platform in manifest"`;
}

/**
 * When the published image lacks `archs` but this workspace builds them all: "… is built here by
 * Makefile:245 (docker buildx build) for linux/amd64 and linux/arm64: the published image predates
 * the build configuration". Undefined otherwise.
 */
export function predatesNote(ctx: K8sContext, e: ImageEval, archs: readonly string[]): string | undefined {
  const built = e.built;
  if (!built?.archs || archs.length === 0 || !archs.every((a) => built.archs!.has(a))) return undefined;
  return `${shownImage(e)} is built here by ${describeBuild(built.entries[0], ctx.file)}: the published image predates the build configuration`;
}

/** The image as the user wrote it, quoted. */
export function shownImage(e: ImageEval): string {
  return `"${e.image.text}"`;
}
