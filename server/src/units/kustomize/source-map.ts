/**
 * Where a finding on a built overlay document is shown: where the user can change the outcome.
 * - An image an `images:` entry set → that entry (its `newName`, `newTag` or `digest` line).
 * - A finding about an image and the pod's constraint together (AL201, AL206, AL207, AL106) whose
 *   arch (or os) constraint a patch added → the patch's constraint line (a chart values entry
 *   counts like a patch: it is where the constraint was written).
 * - Anything else → the line that wrote the node: the base resource, the patch, the kustomization
 *   field, the chart template or values entry.
 * A finding shown in a file that is not the overlay's own (a base, a component) names the overlay
 * (its folder, relative to that file's): a base used by two overlays shows one finding per overlay.
 */
import type { Finding, FindingThrough } from '../../core/types';
import type { BuiltDocument, Role, Segment } from '../../kustomize';
import { dirnameOf, relativePath } from '../../kustomize/paths';
import { entryOf, parseTemplates, seqAt, type PMap, type PNode } from '../../kustomize/pnode';
import { extractModel } from '../../kubernetes/extract';
import type { KubernetesModel, PodTemplate } from '../../kubernetes/model';
import type { SourceMap, SourceSpan } from '../types';
import type { Ownership, OverlayContext } from './overlay-context';

/**
 * Rules whose finding is about an image AND the pod's constraint: `label` says which constraint
 * (the architecture, or for AL207 the OS) decides together with the image.
 */
const CONSTRAINT_DRIVEN: Record<string, 'arch' | 'os'> = { AL201: 'arch', AL206: 'arch', AL106: 'arch', AL207: 'os' };

/** Roles whose text is where the user wrote a value on purpose: a finding decided there is shown there. */
const DECIDING: ReadonlySet<Role> = new Set<Role>(['images-entry', 'patch', 'chart-values']);

/** The innermost segment covering [start, end) of a built document. */
export function coveringSegment(doc: BuiltDocument, start: number, end: number): Segment | undefined {
  const segments = doc.segments;
  // A block collection's node runs over its last line break; segments stop at its last character.
  const text = doc.text;
  while (end > start + 1 && /\s/.test(text[end - 1])) end--;
  let lo = 0;
  let hi = segments.length - 1;
  let last = -1;
  // Segments are in text order, outer before inner: the last covering one is the innermost.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].start <= start) { last = mid; lo = mid + 1; } else hi = mid - 1;
  }
  for (let i = last; i >= 0; i--) {
    const s = segments[i];
    if (s.end >= end && s.start <= start) return s;
  }
  return undefined;
}

/** The pod template of a model that holds `offset` (inside its spec). */
export function podAt(model: KubernetesModel, offset: number): PodTemplate | undefined {
  for (const w of model.workloads) {
    if (offset < w.root.start || offset > w.root.end) continue;
    for (const p of w.podTemplates) if (offset >= p.spec.start && offset <= p.spec.end) return p;
  }
  return undefined;
}

/** The nodes of a pod's constraint about `label`: nodeSelector values (or keys), then required arch expressions. */
export function constraintNodes(pod: PodTemplate, label: 'arch' | 'os'): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const e of pod.constraints.nodeSelector) if (e.label === label) out.push(e.value ?? e.key);
  for (const t of pod.constraints.terms) {
    for (const x of t.expressions) if (x.labelKind?.label === label) out.push(x.valuesPair?.value ?? x.node);
  }
  return out;
}

/** The `images:` entry of a kustomization starting at `entryStart`, as the kustomize engine reads it. */
export function imagesEntryAt(text: string, entryStart: number): PMap | undefined {
  for (const doc of parseTemplates(text)) {
    for (const item of seqAt(doc.root, 'images')?.items ?? []) {
      if (item.kind === 'map' && item.prov.origin.start === entryStart) return item;
    }
  }
  return undefined;
}

/**
 * The field of an `images:` entry a finding is about: the digest for AL205 (a pinned digest), else
 * the name when the entry renames the image (the name decides which platforms exist), else the tag,
 * else the digest; the whole entry when it has none of them.
 */
function entryField(entry: PMap, rule: string): PNode {
  const order = rule === 'AL205' ? ['digest', 'newTag', 'newName'] : ['newName', 'newTag', 'digest'];
  for (const key of order) {
    const value = entryOf(entry, key)?.value;
    if (value && value.kind === 'scalar' && value.tag !== 'null') return value;
  }
  return entry;
}

/** A built overlay document's source map (units/types.ts SourceMap): where a finding on it is shown. */
export class OverlaySourceMap implements SourceMap {
  private model?: KubernetesModel;

  constructor(
    private readonly doc: BuiltDocument,
    private readonly context: OverlayContext,
    private readonly ownership: Ownership,
  ) {}

  private modelOf(): KubernetesModel {
    this.model ??= extractModel(this.doc.text).model;
    return this.model;
  }

  /** Where the built text [start, end) was written; for a finding, where it is decided (see the module comment). */
  locate(start: number, end: number, finding?: Finding): SourceSpan | undefined {
    return (finding && this.decidingPlace(finding, start, end)) ?? this.written(start, end, finding?.rule ?? '');
  }

  /** The image as written, when the finding is shown elsewhere (at the patch that constrains the pod, at an `images:` entry). */
  explain(start: number, end: number, span: SourceSpan): Array<SourceSpan & { message: string }> {
    const own = this.written(start, end, '');
    const s = coveringSegment(this.doc, start, end);
    if (!own || !s || s.role === 'images-entry' || (own.file === span.file && own.start === span.start)) return [];
    return [{ ...own, message: 'the image, as written here' }];
  }

  /** A finding shown in a file that is not the overlay's own (a base, a component) names the overlay (its folder, from that file's). */
  through(span: SourceSpan): FindingThrough | undefined {
    if (this.ownership.isOverlayOwn(span.file)) return undefined;
    return { kind: 'overlay', names: [relativePath(dirnameOf(span.file), this.context.build.overlay)] };
  }

  /** Where the text [start, end) was written, narrowed to the field of an `images:` entry. */
  private written(start: number, end: number, rule: string): SourceSpan | undefined {
    const s = coveringSegment(this.doc, start, end);
    if (!s) return undefined;
    const span = { file: s.origin.file, start: s.origin.start, end: s.origin.end };
    if (s.role !== 'images-entry') return span;
    const text = this.context.read(span.file);
    const entry = text === undefined ? undefined : imagesEntryAt(text, span.start);
    if (!entry) return span;
    const field = entryField(entry, rule);
    return { file: span.file, start: field.prov.origin.start, end: field.prov.origin.end };
  }

  /** For an image finding a patch's constraint decides: that constraint's place. */
  private decidingPlace(finding: Finding, start: number, end: number): SourceSpan | undefined {
    const label = CONSTRAINT_DRIVEN[finding.rule];
    if (!label) return undefined;
    const imageSegment = coveringSegment(this.doc, start, end);
    if (!imageSegment || DECIDING.has(imageSegment.role)) return undefined;
    const pod = podAt(this.modelOf(), start);
    if (!pod) return undefined;
    for (const node of constraintNodes(pod, label)) {
      const s = coveringSegment(this.doc, node.start, node.end);
      if (s && DECIDING.has(s.role)) return this.written(node.start, node.end, finding.rule);
    }
    return undefined;
  }
}
