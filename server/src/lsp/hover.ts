/**
 * Hover: on an image, the builds of this workspace that make it (where, for which platforms) and
 * what its registry publishes (platform table, digest, index or single manifest, where the answer
 * came from and how old it is, what the targets miss); on a Dockerfile
 * stage or a platform ARG reference, the effective platform and where the ARG comes from.
 */
import type { Hover, Position } from 'vscode-languageserver/node';
import type { ImageUse } from '../core/analyzer';
import { comparePositions } from '../core/text';
import { causeOf, type ImageLookup, type ImagePlatforms } from '../images/lookup';
import { formatPlatform, nodeAcceptance, type Platform } from '../images/platform';
import { parseDockerfile } from '../dockerfile/analyzer';
import { declaredIn, isPlatformArg, reachFor, type DockerfileModel, type Stage } from '../dockerfile/model';
import { scanVarRefs } from '../dockerfile/vars';
import type { DocumentState } from './analysis';
import { lookupErrorText } from '../registry/format';
import { age, digestText, escapeMarkdown } from './markdown';
import type { BuildEntry } from '../imagemap/types';
import { buildPlace, listPlatforms } from '../rules/kubernetes/built-here';
import { pathToUri } from './paths';

export interface HoverContext {
  trusted: boolean;
  offline: boolean;
  /** Look-ups still running for this document. */
  pending: boolean;
  /** The latest answer known for a canonical reference (from any document). */
  lookup(canonical: string): ImageLookup | undefined;
}

export function hover(state: DocumentState, position: Position, context: HoverContext): Hover | undefined {
  const use = state.analysis.images.find((u) => contains(u.range, position));
  if (use) return { contents: { kind: 'markdown', value: imageHover(use, state, context) }, range: use.range };
  if (state.kind === 'dockerfile') {
    try {
      return dockerfileHover(state, position);
    } catch {
      return undefined; // the model is best effort here; a hover is never worth an error
    }
  }
  return undefined;
}

function contains(range: { start: Position; end: Position }, p: Position): boolean {
  return comparePositions(range.start, p) <= 0 && comparePositions(p, range.end) <= 0;
}

/** The Markdown for one image (also used by the Show Image Platforms command and a chart's values hover): the point first, then the image it is about. */
export function imageHover(use: ImageUse, state: DocumentState | undefined, context: HoverContext, targetsIfNoState: readonly Platform[] = []): string {
  if (!use.reference.ok) {
    return [`**Cannot check this image** — ${escapeMarkdown(use.reference.reason)}`, '', subjectLine(use.reference.original)].join('\n');
  }
  const ref = use.reference.ref;
  // What the workspace builds is known offline, trusted or not, published or not: shown under the verdict.
  const built = state ? builtHereMarkdown(state.workspace.buildsOf(ref), state.analysis.file) : [];
  const subject = [...(built.length > 0 ? [...built, ''] : []), subjectLine(ref.canonical)].join('\n');
  if (!context.trusted) {
    return ['**Not checked** — registry look-ups are off: this workspace is not trusted, so only offline checks run.', '', subject].join('\n');
  }
  const lookup = state?.lookups.get(ref.canonical) ?? context.lookup(ref.canonical);
  if (!lookup) {
    return [context.pending ? 'Looking up the platforms this image publishes…' : 'Platforms not looked up yet.', '', subject].join('\n');
  }
  return lookupMarkdown(lookup, state?.config.targets ?? targetsIfNoState, context.offline, Date.now(), subject);
}

/** At most this many builds of one image are listed in a hover. */
const MAX_BUILDS_SHOWN = 5;

/** "Built here by [.github/workflows/release.yml:42](…) (docker/build-push-action) for linux/amd64.", one line per build. */
function builtHereMarkdown(entries: readonly BuildEntry[], from: string): string[] {
  const lines = entries.slice(0, MAX_BUILDS_SHOWN).map((entry) => {
    const place = `[${escapeMarkdown(buildPlace(entry, from))}](${pathToUri(entry.file)}#L${entry.range.start.line + 1})`;
    const how = `${entry.what}${entry.matrix ? `, matrix ${entry.matrix}` : ''}`;
    const platforms = entry.platforms.kind === 'known'
      ? `for ${listPlatforms(entry.platforms.platforms)}${entry.platforms.from === 'runner' ? " (the CI runner's own: no platform named)" : ''}`
      : `for platforms unknown until it runs (${entry.platforms.reason})`;
    return `Built here by ${place} (${escapeMarkdown(how)}) ${escapeMarkdown(platforms)}.`;
  });
  if (entries.length > MAX_BUILDS_SHOWN) lines.push(`… and ${entries.length - MAX_BUILDS_SHOWN} more builds.`);
  // Markdown joins consecutive lines into one paragraph: a blank line between builds.
  return lines.flatMap((line, i) => (i === 0 ? [line] : ['', line]));
}

function subjectLine(image: string): string {
  return `archlens · ${escapeMarkdown(image)}`;
}

/**
 * The verdict first — "Covers every target", "Missing linux/arm64", or why the platforms are
 * unknown — then the platform table and the facts behind it (digest, kind, source, age).
 */
export function lookupMarkdown(lookup: ImageLookup, targets: readonly Platform[], offline = false, now = Date.now(), subject?: string): string {
  const out: string[] = [];
  if (!lookup.ok) {
    out.push(`**Platforms unknown** — ${escapeMarkdown(lookupErrorText(lookup.error))}`);
    if (subject) out.push('', subject);
    const cause = causeOf(lookup.error);
    if (offline) out.push('', 'Offline mode: answers come from the cache only.');
    else if (cause === 'network') out.push('', 'The registry could not be reached: this is about the network, not this file. **Retry look-up** is in the quick fixes (Ctrl+.).');
    else if (cause === 'registry') out.push('', 'The registry failed to answer: this is not a problem in this file. **Retry look-up** is in the quick fixes (Ctrl+.).');
    if (lookup.error.retryAfter) out.push('', `Rate limited until ${new Date(lookup.error.retryAfter).toISOString()}.`);
    if (lookup.error.credentialSource) out.push('', `Credentials tried: ${escapeMarkdown(lookup.error.credentialSource)}`);
    return out.join('\n');
  }
  const image = lookup.image;
  const verdict = verdictOf(image, targets);
  if (verdict) out.push(verdict, '');
  if (subject) out.push(subject, '');
  out.push('| os | arch | variant | os.version |', '|---|---|---|---|');
  for (const entry of image.platforms) {
    const p = entry.platform;
    out.push(`| ${escapeMarkdown(p.os)} | ${escapeMarkdown(p.architecture)} | ${escapeMarkdown(p.variant ?? '')} | ${escapeMarkdown(p.osVersion ?? '')} |`);
  }
  if (image.platforms.length === 0) out.push('| *(no runnable platform)* | | | |');
  out.push('');
  const kind = image.kind === 'index'
    ? `index of ${image.platforms.length} platform${image.platforms.length === 1 ? '' : 's'}`
    : image.kind === 'schema1' ? 'schema 1 manifest (deprecated)' : 'single-platform manifest';
  out.push(`Digest ${digestText(image.digest)} · ${kind}`, '');
  const source = image.source === 'cache' ? `cache, fetched ${age(image.fetchedAt, now)}` : `registry, ${age(image.fetchedAt, now)}`;
  out.push(`Source: ${source}${image.via ? ` via ${escapeMarkdown(image.via)}` : ''}${offline ? ' (offline mode)' : ''}`);
  for (const warning of image.warnings ?? []) out.push('', `⚠ ${escapeMarkdown(warning)}`);
  return out.join('\n');
}

/** One line: does the image cover the targets, and what happens where it does not. */
function verdictOf(image: ImagePlatforms, targets: readonly Platform[]): string | undefined {
  if (targets.length === 0) return undefined;
  const missing: string[] = [];
  const fallback: string[] = [];
  for (const target of targets) {
    const accept = image.platforms.map((e) => nodeAcceptance(target, e.platform));
    if (accept.includes('exact')) continue;
    if (accept.includes('fallback')) fallback.push(formatPlatform(target));
    else missing.push(formatPlatform(target));
  }
  if (missing.length === 0 && fallback.length === 0) return `**Covers every target** (${targets.map(formatPlatform).join(', ')}).`;
  const lines: string[] = [];
  if (missing.length > 0) {
    const what = image.kind === 'index'
      ? 'the pull fails there (no match for platform in manifest)'
      : 'a single-platform image is pulled anyway and fails with exec format error';
    lines.push(`**Missing ${missing.join(', ')}** — ${what}.`);
  }
  if (fallback.length > 0) lines.push(`**Only through a compatibility fallback on ${fallback.join(', ')}** — it may fail on CPUs without that mode.`);
  return lines.join('\n\n');
}

function dockerfileHover(state: DocumentState, position: Position): Hover | undefined {
  const text = state.analysis.lines.text;
  const { model } = parseDockerfile(text);
  if (!model) return undefined;
  const offset = state.analysis.lines.offsetAt(position);
  const stage = stageAt(model, offset);
  if (!stage) return undefined;
  // A platform ARG reference under the cursor.
  const ins = model.instructions.find((i) => i.start <= offset && offset <= i.end);
  if (ins && ins.keyword !== 'FROM') {
    const refs = scanVarRefs(text.slice(ins.argsStart, ins.end), ins.argsStart, model.escape);
    const ref = refs.find((r) => r.start <= offset && offset <= r.end && isPlatformArg(r.name));
    if (ref) {
      return {
        contents: { kind: 'markdown', value: argHover(model, stage, ref.name, ref.start, state) },
        range: model.lines.range(ref.start, ref.end),
      };
    }
    return undefined;
  }
  if (ins && ins.keyword === 'FROM' && ins === stage.from) {
    return { contents: { kind: 'markdown', value: stageHover(model, stage, state) }, range: model.lines.range(ins.start, ins.end) };
  }
  return undefined;
}

function stageAt(model: DockerfileModel, offset: number): Stage | undefined {
  let found: Stage | undefined;
  for (const s of model.stages) if (s.from.start <= offset) found = s;
  return found;
}

function stageName(s: Stage): string {
  return s.name ? `\`${escapeMarkdown(s.name)}\`` : `${s.index} (unnamed)`; // as the diagnostics name it
}

function platformText(model: DockerfileModel, s: Stage, state: DocumentState): string {
  const targets = state.config.targets.map(formatPlatform).join(', ');
  const p = s.platform;
  const inherited = p.inheritedFrom !== undefined ? ` (inherited from stage ${stageName(model.stages[p.inheritedFrom])})` : '';
  switch (p.kind) {
    case 'target': return `**$TARGETPLATFORM** — built once per target (${escapeMarkdown(targets)})${inherited}`;
    case 'build': return `**$BUILDPLATFORM** — the machine running the build${inherited}`;
    case 'constant': return `**${escapeMarkdown(p.value ?? '')}** — the same whatever the build asks${inherited}`;
    default: return `unknown until build time (${escapeMarkdown(p.value ?? '')})${inherited}`;
  }
}

function stageHover(model: DockerfileModel, s: Stage, state: DocumentState): string {
  const out = [`**archlens** · stage ${stageName(s)}`, '', `Runs on ${platformText(model, s, state)}.`];
  // The configured build target decides the exported stage, as it does for the rules.
  const reach = reachFor(model, state.config.dockerTarget);
  if (reach.exported === s.index) out.push('', 'This is the exported stage (the image the build produces).');
  else out.push('', reach.stages.has(s.index) ? 'Its output reaches the exported image.' : 'Its output does not reach the exported image.');
  return out.join('\n');
}

function argHover(model: DockerfileModel, s: Stage, name: string, offset: number, state: DocumentState): string {
  const out = [`**archlens** · \`$${name}\` in stage ${stageName(s)}`, ''];
  const build = name.startsWith('BUILD');
  if (!declaredIn(model, s, name, offset)) {
    out.push(`Not declared in this stage: it expands to an **empty string** here. Add \`ARG ${name}\` after the stage's FROM.`);
    return out.join('\n');
  }
  const local = s.args.find((a) => a.name === name && a.start < offset);
  const where = local
    ? `declared on line ${local.instruction.line + 1}${local.value !== undefined ? ` with default \`${escapeMarkdown(local.value)}\` (this overrides what BuildKit sets)` : ''}`
    : 'inherited from the stage this one is built FROM';
  out.push(`Set by BuildKit for ${build ? 'the build machine' : 'each target platform'}; ${where}.`);
  out.push('', `Stage platform: ${platformText(model, s, state)}.`);
  return out.join('\n');
}
