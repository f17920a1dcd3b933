/**
 * Moves a fix computed on a built overlay document to the files the user edits — where the value
 * came from:
 * - an image an `images:` entry set: that entry's `newName`/`newTag`/`digest` (a missing field is
 *   added to the entry);
 * - a value written verbatim in a patch or a resource: the same characters there;
 * - a constraint (a fix that changes the pod's nodeSelector or required node affinity): where the
 *   constraint is written — the patch that adds it, or the resource — and the same fix builders
 *   write it there, in that text's own layout. When nothing constrains the pod, or the constraint
 *   sits in a base other overlays use too, a NEW patch in the overlay (new-patch.ts): bases are
 *   often shared, and an overlay's patch changes that overlay only. A resource that is the
 *   overlay's own file is edited in place, as a plain manifest would be.
 * A fix that edits a file another overlay of the tree also builds is never preferred. Whatever
 * cannot be mapped exactly gets no fix. The framework then verifies every moved fix by rebuilding
 * the overlay with it (units/analyze.ts, through the one fix safety check).
 */
import { LineIndex } from '../../core/text';
import type { Finding, Fix } from '../../core/types';
import { flowScalar } from '../../core/yaml/scalar-edit';
import { extractModel } from '../../kubernetes/extract';
import type { KubernetesModel, PodTemplate } from '../../kubernetes/model';
import type { BuiltDocument, Segment } from '../../kustomize';
import { splitImage } from '../../kustomize/images';
import { loadKustomization } from '../../kustomize/kustomization';
import { dirnameOf, relativePath } from '../../kustomize/paths';
import { entryOf, type PMap } from '../../kustomize/pnode';
import { constraintFixOf, intentEdits, type ConstraintFix } from './fix-intent';
import { editTargetAt } from './edit-target';
import { newPatch, type FileEdit } from './new-patch';
import type { Ownership, OverlayContext } from './overlay-context';
import { constraintNodes, coveringSegment, imagesEntryAt } from './source-map';

export interface RelocatedFix {
  title: string;
  preferred: boolean;
  edits: FileEdit[];
}

/** Relocates the fixes of one built document's findings. */
export class FixRelocator {
  private model?: KubernetesModel;
  private readonly lines: LineIndex;

  constructor(
    private readonly doc: BuiltDocument,
    private readonly context: OverlayContext,
    private readonly ownership: Ownership,
  ) {
    this.lines = new LineIndex(doc.text);
    this.titlesFrom = context.build.overlay;
  }

  private modelOf(): KubernetesModel {
    this.model ??= extractModel(this.doc.text).model;
    return this.model;
  }

  /** The folder titles name files from: where the finding is shown. */
  private titlesFrom: string;

  /** The fix moved to the sources, or undefined when it cannot be moved exactly; titles name files from `shownIn`'s folder. */
  relocate(finding: Finding, fix: Fix, shownIn?: string): RelocatedFix | undefined {
    void finding;
    this.titlesFrom = shownIn ? dirnameOf(shownIn) : this.context.build.overlay;
    const constraint = constraintFixOf(this.doc.text, this.modelOf(), fix);
    const moved = constraint ? this.relocateConstraint(constraint) : this.relocateValues(fix);
    if (!moved) return undefined;
    const shared = moved.edits.some((e) => !e.create && this.ownership.otherUsers(e.file).length > 0);
    return { title: `${fix.title} — ${moved.where}`, preferred: (fix.preferred ?? false) && !shared, edits: moved.edits };
  }

  private shown(file: string): string {
    return relativePath(this.titlesFrom, file);
  }

  // ---- value edits ---------------------------------------------------------------------------

  /** Edits that replace characters of values: mapped one to one, or through the `images:` entry. */
  private relocateValues(fix: Fix): { edits: FileEdit[]; where: string } | undefined {
    const edits: FileEdit[] = [];
    for (const e of fix.edits) {
      const start = this.lines.offsetAt(e.range.start);
      const end = this.lines.offsetAt(e.range.end);
      if (start === end && e.newText === '') continue; // a marker
      const segment = coveringSegment(this.doc, start, end);
      if (!segment) return undefined;
      const moved = segment.role === 'images-entry' ? this.imageEntryEdits(segment, start, end, e.newText) : this.verbatimEdit(segment, start, end, e.newText);
      if (!moved) return undefined;
      edits.push(...moved);
    }
    if (edits.length === 0) return undefined;
    const files = [...new Set(edits.map((e) => this.shown(e.file)))];
    return { edits, where: `in ${files.join(', ')}` };
  }

  /** The edit at the same characters of the source, when the built text there is the source's as written. */
  private verbatimEdit(segment: Segment, start: number, end: number, newText: string): FileEdit[] | undefined {
    const source = this.context.read(segment.origin.file);
    if (source === undefined) return undefined;
    const built = this.doc.text.slice(segment.start, segment.end);
    if (source.slice(segment.origin.start, segment.origin.end) !== built) return undefined;
    const shift = segment.origin.start - segment.start;
    return [{ file: segment.origin.file, start: start + shift, end: end + shift, newText }];
  }

  /** An edit of an image an `images:` entry set, as edits of that entry's fields. */
  private imageEntryEdits(segment: Segment, start: number, end: number, newText: string): FileEdit[] | undefined {
    const file = segment.origin.file;
    const text = this.context.read(file);
    const entry = text === undefined ? undefined : imagesEntryAt(text, segment.origin.start);
    if (!entry || text === undefined) return undefined;
    const image = this.modelOf().workloads.flatMap((w) => w.podTemplates).flatMap((p) => p.containers)
      .map((c) => c.image).find((i) => i && i.innerStart <= start && end <= i.innerEnd);
    if (!image || image.style !== 'plain') return undefined;
    const old = image.text;
    const next = old.slice(0, start - image.innerStart) + newText + old.slice(end - image.innerStart);
    const a = splitImage(old);
    const b = splitImage(next);
    const edits: FileEdit[] = [];
    const fields: Array<[keyof typeof a, string]> = [['name', 'newName'], ['tag', 'newTag'], ['digest', 'digest']];
    for (const [part, key] of fields) {
      if (a[part] === b[part]) continue;
      if (b[part] === '') return undefined; // dropping a part would need a field removed: not done
      const edit = setEntryField(file, text, entry, key, b[part]);
      if (!edit) return undefined;
      edits.push(edit);
    }
    return edits.length > 0 ? edits : undefined;
  }

  // ---- constraint edits ----------------------------------------------------------------------

  /** The segment of the deepest existing node of the constraint the intents change. */
  private constraintHome(c: ConstraintFix): Segment | undefined {
    const k = c.pod.constraints;
    const nodes: Array<{ start: number; end: number } | undefined> = [];
    for (const intent of c.intents) {
      if (intent.kind === 'node-selector' || intent.kind === 'remove-arch-selector') {
        const label = intent.kind === 'node-selector' ? intent.label : 'arch';
        const entry = k.nodeSelector.find((e) => e.label === label);
        nodes.push(entry?.value ?? entry?.key, k.nodeSelectorPair?.key);
      } else {
        nodes.push(k.termsPair?.key, k.requiredPair?.key, k.nodeAffinityPair?.key, k.affinityPair?.key);
      }
    }
    // Else wherever the pod's constraint is written: a nodeSelector added beside a patch's affinity goes into that patch.
    const labels = new Set(c.intents.map((i) => (i.kind === 'node-selector' ? i.label : 'arch')));
    for (const label of labels) nodes.push(...constraintNodes(c.pod, label));
    for (const node of nodes) {
      if (!node) continue;
      const s = coveringSegment(this.doc, node.start, node.end);
      if (s) return s;
    }
    return undefined;
  }

  private relocateConstraint(c: ConstraintFix): { edits: FileEdit[]; where: string } | undefined {
    const home = this.constraintHome(c);
    const spec = coveringSegment(this.doc, c.pod.specPair.key.start, c.pod.specPair.key.end);
    if (home && (home.role === 'patch' || home.role === 'resource')) {
      const edits = this.editInPlace(c, home.origin.file, home.origin.start);
      // A constraint in a base (or a component's patch) other overlays share is overridden by a patch of this overlay.
      if (edits && this.ownership.otherUsers(home.origin.file).length === 0) {
        return { edits, where: `in ${this.shown(home.origin.file)}` };
      }
    } else if (!home && spec?.role === 'resource' && this.ownership.isOverlayOwn(spec.origin.file)) {
      const edits = this.editInPlace(c, spec.origin.file, spec.origin.start);
      if (edits) return { edits, where: `in ${this.shown(spec.origin.file)}` };
    }
    return this.inNewPatch(c);
  }

  /** The intents written into the pod spec of a resource or patch, in its own layout. */
  private editInPlace(c: ConstraintFix, file: string, offset: number): FileEdit[] | undefined {
    const text = this.context.read(file);
    if (text === undefined) return undefined;
    const target = editTargetAt(file, text, offset, c.pod.path);
    if (!target) return undefined;
    const edits = intentEdits(target.text, target.pod, c.intents);
    if (!edits || edits.length === 0) return undefined;
    // The marker of constraint fixes (rules/kubernetes/common.ts): one constraint fix per pod per pass.
    const marker = { start: target.pod.specPair.key.start, end: target.pod.specPair.key.start, newText: '' };
    const mapped = target.toFile([marker, ...edits]);
    return mapped?.map((e) => ({ file, ...e }));
  }

  private inNewPatch(c: ConstraintFix): { edits: FileEdit[]; where: string } | undefined {
    const kFile = this.context.build.kustomizationFile;
    const text = kFile === undefined ? undefined : this.context.read(kFile);
    if (kFile === undefined || text === undefined) return undefined;
    const workload = this.modelOf().workloads.find((w) => w.podTemplates.includes(c.pod));
    if (!workload) return undefined;
    const apiVersion = this.doc.id.group ? `${this.doc.id.group}/${this.doc.id.version}` : this.doc.id.version;
    const patch = newPatch({
      kustomization: kFile,
      text,
      exists: (f) => this.context.read(f) !== undefined,
      apiVersion,
      kind: this.doc.id.kind,
      name: this.nameWhenPatched(),
      path: c.pod.path,
      intents: c.intents,
      before: c.pod,
      after: c.after,
      afterText: c.afterText,
    });
    if (!patch) return undefined;
    return { edits: patch.edits, where: patch.file ? `as a new patch file ${this.shown(patch.file)}` : `as a new inline patch in ${this.shown(kFile)}` };
  }

  /** The resource's name when the overlay's patches run: before the overlay's own namePrefix/nameSuffix. */
  private nameWhenPatched(): string {
    let name = this.doc.id.name;
    const k = loadKustomization({ read: this.context.read, list: () => undefined, isDirectory: () => false }, this.context.build.overlay).loaded?.kustomization;
    const prefix = k?.namePrefix?.value ?? '';
    const suffix = k?.nameSuffix?.value ?? '';
    if (prefix && name.startsWith(prefix)) name = name.slice(prefix.length);
    if (suffix && name.endsWith(suffix)) name = name.slice(0, name.length - suffix.length);
    return name;
  }
}

/** The edit setting `key` of an `images:` entry to `value`: its value replaced, or a line added to the entry. */
function setEntryField(file: string, text: string, entry: PMap, key: string, value: string): FileEdit | undefined {
  const existing = entryOf(entry, key)?.value;
  if (existing && existing.kind !== 'scalar') return undefined;
  if (existing && (existing).tag !== 'null') {
    const { start, end } = existing.prov.origin;
    const written = text.slice(start, end);
    if (written.includes('\n')) return undefined;
    const newText = written.startsWith('"') ? JSON.stringify(value) : written.startsWith("'") ? `'${value.replace(/'/g, "''")}'` : plainValue(value);
    return { file, start, end, newText };
  }
  if (existing) return undefined; // `digest:` with no value: left to the user
  const first = entry.entries[0]?.key.prov.origin.start;
  if (first === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', first - 1) + 1;
  const column = first - lineStart;
  if (text.slice(lineStart, first).replace(/-/, ' ').trim() !== '') return undefined; // a flow entry
  const last = entry.prov.origin.end;
  const lineEnd = text.indexOf('\n', last);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const at = lineEnd < 0 ? text.length : lineEnd + 1;
  return { file, start: at, end: at, newText: `${lineEnd < 0 ? eol : ''}${' '.repeat(column)}${key}: ${plainValue(value)}${eol}` };
}

/** A value written plain when it reads back as itself: a digest (`sha256:…`) too, as kustomize's docs write it. */
function plainValue(value: string): string {
  return /^[a-z0-9]+:[a-f0-9]{32,}$/.test(value) ? value : flowScalar(value);
}

export type { PodTemplate };
