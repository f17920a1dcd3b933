/**
 * AL210: a manifest deploys an image this workspace builds (the workspace image map), and the build
 * makes fewer architectures than the pod may run on — its constraint, else the targets. Known before
 * the image is ever pushed; when the registry also answers, the message says whether it agrees.
 * Also: the image's Dockerfile ships a binary for the build machine (AL306/AL308 on its exported
 * stage) while the pod may run on several of the architectures the build makes.
 */
import { defineRule } from '../../core/rule';
import type { Fix, TextEdit } from '../../core/types';
import type { BuildEntry } from '../../imagemap/types';
import { archSetOfPlatforms } from '../../images/archset';
import { formatPlatform } from '../../images/platform';
import { constrainEdits, nodeSelectorArchEdits, requiredAffinityEdits } from '../../kubernetes/fix-constraint';
import type { Container, KubernetesModel, PodTemplate } from '../../kubernetes/model';
import type { AllowedArchs } from '../../kubernetes/allowed';
import { insertionFix } from '../buildscripts/fix';
import { allowedOf, anchors, constraintEdits, describeContainer, describeWorkload, innerRange, listArchs, podTemplates, targetList, type K8sContext } from './common';
import { buildPlace, builtHere, builtHereNote, listPlatforms, sharedRelative, type BuiltHere } from './built-here';

interface Deployed { container: string; workload: string; image: string; build: string }

const messages = {
  /**
   * `build`: where and how it is built ("Makefile:245 (docker buildx build)"); `built`: its platforms;
   * `allowed`: what the pod may run on (its constraint when `constrained`, else the targets);
   * `registry`: what the registry's answer says, when there is one: `agrees` (it lacks them too) or
   * `predates` (it has them: the image was published before the build configuration changed).
   */
  lacksArch: (d: Deployed & { built: string; constrained: boolean; allowed: string; missing: string; registry?: 'agrees' | 'predates' }) =>
    `${d.container} of ${d.workload}: ${d.image} is built here by ${d.build} for ${d.built} only, but ${d.constrained ? "the pod's constraints allow" : 'the pod may run on'} ${d.allowed}: on ${d.missing} nodes there is no image for it (the pull fails, or a single-platform image fails with "exec format error").`
    + (d.registry === 'predates' ? ` The registry's image has ${d.missing} now, but it predates the build configuration: the next push drops ${d.missing}.` : '')
    + (d.registry === 'agrees' ? ` The registry's image lacks ${d.missing} too.` : ''),
  /** `dockerfile`: the Dockerfile and the finding there ("src/api/Dockerfile:12, AL306"); `archs`: the pod's architectures the build makes. */
  shipsBuildMachineBinary: (d: Deployed & { dockerfile: string; rule: string; archs: string }) =>
    `${d.container} of ${d.workload}: ${d.image} is built here by ${d.build} for ${d.archs}, but its Dockerfile ships a binary built for the build machine (${d.rule} at ${d.dockerfile}): pods on every other architecture than the build machine's fail with "exec format error".`,
};

export const AL210 = defineRule<KubernetesModel>()({
  meta: {
    code: 'AL210',
    name: 'built-here-lacks-arch',
    kind: 'offline',
    refinedByRegistry: true,
    defaultSeverity: 'warning',
    severityNote: "error when the pod's constraint allows the missing architecture, or the Dockerfile ships a build-machine binary",
    fileKinds: ['kubernetes'],
    summary: 'A manifest deploys an image this workspace builds for fewer architectures than the pod may run on.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const { workload, pod } of podTemplates(ctx.model)) {
      const allowed = allowedOf(ctx, pod);
      const needed = allowed.constrained ? allowed.allowed : allowed.universe;
      if (needed.size === 0) continue; // no node at all: AL104's finding
      const built = new Map<Container, BuiltHere>();
      for (const container of pod.containers) {
        const ref = container.reference?.ok ? container.reference.ref : undefined;
        const b = ref && builtHere(ctx, ref, allowed.os);
        if (b) built.set(container, b);
      }
      for (const [container, b] of built) {
        if (!b.archs || !container.image) continue;
        const ref = container.reference!.ok ? container.reference!.ref : undefined;
        const deployed: Deployed = {
          container: describeContainer(container),
          workload: describeWorkload(workload),
          image: `"${container.image.text}"`,
          build: buildPlace(b.entries[0], ctx.file) + ` (${b.entries[0].what})` + (b.entries.length > 1 ? ` and ${b.entries.length - 1} other build${b.entries.length > 2 ? 's' : ''}` : ''),
        };
        const base = { range: innerRange(ctx, container.image), suppressionAnchors: anchors(ctx, workload, container.image), targets: targetList(ctx) };
        const missing = [...needed].filter((a) => !b.archs!.has(a)).sort();
        if (missing.length > 0) {
          const lookup = ref ? ctx.images.get(ref) : undefined;
          const published = lookup?.ok ? archSetOfPlatforms(lookup.image.platforms, allowed.os) : undefined;
          const registry = published === undefined ? undefined : missing.some((a) => published.has(a)) ? 'predates' as const : 'agrees' as const;
          const builtPlatforms = [...new Set(b.entries.flatMap((e) => (e.platforms.kind === 'known' ? e.platforms.platforms : [])))];
          ctx.report({
            ...base,
            messageId: 'lacksArch',
            data: { ...deployed, built: listPlatforms(builtPlatforms), constrained: allowed.constrained, allowed: listArchs(needed), missing: listArchs(missing), ...(registry ? { registry } : {}) },
            severity: allowed.constrained ? 'error' : undefined,
            related: b.entries.slice(0, 5).map((e) => ({ file: e.file, range: e.range, message: builtHereNote(e) })),
            // The published image has what the build drops: pinning the pod would give that up; the user chooses.
            fixes: [...podFixes(ctx, pod, container, allowed, needed, b, built).map((f) => (registry === 'predates' ? { ...f, preferred: false } : f)), ...buildFixes(ctx, b, missing, allowed.os)],
          });
          continue;
        }
        // Every architecture the pod needs is built: a binary for the build machine breaks all but one of them.
        if (needed.size < 2) continue;
        const shipped = firstShipped(ctx, b.entries);
        if (!shipped) continue;
        const { entry, binary } = shipped;
        ctx.report({
          ...base,
          messageId: 'shipsBuildMachineBinary',
          data: { ...deployed, archs: listArchs(needed), rule: binary.rule, dockerfile: `${sharedRelative(entry.dockerfile.file, ctx.file)}:${binary.range.start.line + 1}` },
          severity: 'error',
          related: [
            { file: entry.dockerfile.file, range: binary.range, message: `${binary.rule}: ${binary.message}` },
            { file: entry.file, range: entry.range, message: builtHereNote(entry) },
          ],
        });
      }
    }
  },
});

function firstShipped(ctx: K8sContext, entries: readonly BuildEntry[]) {
  for (const entry of entries) {
    if (!('file' in entry.dockerfile)) continue;
    const [binary] = ctx.workspace.shippedBinaries(entry.dockerfile.file);
    if (binary) return { entry: entry as BuildEntry & { dockerfile: { file: string } }, binary };
  }
  return undefined;
}

/**
 * Constrain the pod to what every image of it has: the build's architectures, and those the other
 * images are known to have (built here, or published). Preferred, as AL201/AL202's are.
 */
function podFixes(ctx: K8sContext, pod: PodTemplate, container: Container, allowed: AllowedArchs, needed: ReadonlySet<string>, b: BuiltHere, built: ReadonlyMap<Container, BuiltHere>): Fix[] {
  let common = [...needed].filter((a) => b.archs!.has(a));
  for (const other of pod.containers) {
    if (other === container || !other.reference?.ok) continue;
    const otherBuilt = built.get(other);
    if (otherBuilt) {
      if (otherBuilt.archs) common = common.filter((a) => otherBuilt.archs!.has(a));
      continue;
    }
    const lookup = ctx.images.get(other.reference.ref);
    if (lookup?.ok && lookup.image.platforms.length > 0) {
      const archs = archSetOfPlatforms(lookup.image.platforms, allowed.os);
      common = common.filter((a) => archs.has(a));
    }
  }
  common.sort();
  if (common.length === 0) return [];
  if (allowed.constrained) {
    const edits = constrainEdits(ctx.text, pod, common, allowed);
    return edits ? [{ title: `Allow only ${listArchs(common)} (what the build makes)`, preferred: true, edits: constraintEdits(ctx, pod, edits) }] : [];
  }
  const fixes: Fix[] = [];
  if (common.length === 1) {
    const ns = nodeSelectorArchEdits(ctx.text, pod, common[0]);
    if (ns) fixes.push({ title: `Run on ${common[0]} nodes only (nodeSelector kubernetes.io/arch: ${common[0]})`, preferred: true, edits: constraintEdits(ctx, pod, ns) });
  }
  const affinity = requiredAffinityEdits(ctx.text, pod, common);
  if (affinity) fixes.push({ title: `Require kubernetes.io/arch In [${common.join(', ')}] (node affinity)`, preferred: fixes.length === 0, edits: constraintEdits(ctx, pod, affinity) });
  return fixes;
}

/**
 * Add the missing platforms where the build names them (AL501/AL502's fix builders and conventions:
 * the `--platform` list, build-push-action `platforms:`, the setup steps a workflow then needs), or
 * at the variable definition that holds them. Never preferred: the edit is in another file, and the
 * Dockerfile may not build for the new platforms.
 */
function buildFixes(ctx: K8sContext, b: BuiltHere, missing: readonly string[], os: string): Fix[] {
  const platforms = missing.map((arch) => {
    const target = ctx.config.targets.find((t) => t.os === os && t.architecture === arch);
    return target ? formatPlatform(target) : `${os}/${arch}`;
  });
  const fixes: Fix[] = [];
  const seen = new Set<string>();
  for (const entry of b.entries) {
    const site = entry.site;
    if (!site || entry.platforms.kind !== 'known' || entry.matrix !== undefined) continue;
    const key = `${entry.file}:${entry.range.start.line}:${entry.range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const title = `Build ${listPlatforms(platforms)} too (${buildPlace(entry, ctx.file)})`;
    let fix: Fix | undefined;
    if (site.platforms.kind === 'list' && site.platforms.append) {
      fix = insertionFix(title, site.platforms.append, platforms, entry.lines, site, site.platforms.items.map((i) => i.text));
    } else if (site.platforms.kind === 'none' && site.addPlatforms && entry.platforms.from === 'runner') {
      fix = insertionFix(title, site.addPlatforms, [...entry.platforms.platforms, ...platforms], entry.lines, site, []);
    } else if (entry.platforms.from === 'variable') {
      const edit = definitionEdit(entry, platforms);
      if (edit) fix = { title, edits: [edit] };
    }
    if (fix) fixes.push({ ...fix, preferred: false, edits: fix.edits.map((e): TextEdit => ({ ...e, file: entry.file })) });
  }
  return fixes;
}

/** `BUILD_PLATFORMS ?= linux/amd64` → `…,linux/arm64`: when one definition holds the whole comma list. */
function definitionEdit(entry: BuildEntry, platforms: readonly string[]): TextEdit | undefined {
  const spec = entry.output?.platforms;
  if (spec?.kind !== 'list') return undefined;
  const pieces = spec.items.flat();
  const definition = pieces[0]?.definition;
  if (!definition || definition.valueStart === undefined || definition.valueEnd === undefined) return undefined;
  if (!pieces.every((p) => p.definition === definition)) return undefined;
  const written = entry.lines.text.slice(definition.valueStart, definition.valueEnd);
  const items = spec.items.map((i) => i.map((p) => p.text).join(''));
  if (written.split(',').map((s) => s.trim()).join(',') !== items.join(',')) return undefined;
  const at = entry.lines.positionAt(definition.valueEnd);
  return { range: { start: at, end: at }, newText: platforms.map((p) => `,${p}`).join('') };
}
