/**
 * A pod spec in a source text that a relocated constraint fix edits: a base resource, a strategic
 * merge patch file, or a patch written inline in a kustomization (`patch: |` under `patches:`, or
 * a block scalar under `patchesStrategicMerge:`). Edits are computed on the text the pod was read
 * from and mapped back to the file: an inline patch's lines carry the block's indentation, which
 * every inserted line gets too.
 */
import type { KMap, KPair } from '../../core/yaml/knode';
import { pairOf, toKNode } from '../../core/yaml/knode';
import { podTemplateAt } from '../../kubernetes/extract';
import type { OffsetEdit } from '../../kubernetes/fix-constraint';
import type { PodTemplate } from '../../kubernetes/model';
import { parseChunk } from '../../kubernetes/parse-cache';
import { splitDocuments } from '../../kubernetes/split';
import { embeddedText, entryOf, parseTemplates, seqAt, type PScalar } from '../../kustomize/pnode';
import { isKustomizationFile } from '../../kustomize';

/** A text holding a pod spec, and how its offsets map to the file. */
export interface EditTarget {
  file: string;
  text: string;
  pod: PodTemplate;
  /** Edits of `text` as edits of the file; undefined when one cannot be placed exactly. */
  toFile(edits: readonly OffsetEdit[]): OffsetEdit[] | undefined;
}

/**
 * The pod spec at `path` ("spec.template.spec") of the document of `text` that holds `offset`.
 * Undefined when the document is not a map down that path.
 */
function podInText(text: string, offset: number, path: string): PodTemplate | undefined {
  const chunk = splitDocuments(text).find((c) => offset >= c.start && offset <= c.end);
  if (!chunk) return undefined;
  const parsed = parseChunk(chunk.text);
  if (parsed.errors.length > 0) return undefined;
  for (const doc of parsed.documents) {
    const root = toKNode(doc.contents, chunk.start, text, doc);
    if (root.type !== 'map' || offset < root.start || offset > root.end) continue;
    const keys = path.split('.');
    let holder: KMap = root;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = pairOf(holder, keys[i])?.value;
      if (next?.type !== 'map') return undefined;
      holder = next;
    }
    const specPair = pairOf(holder, keys[keys.length - 1]);
    if (specPair?.value.type !== 'map') return undefined;
    return podTemplateAt(text, root, holder, specPair as KPair & { value: KMap }, path);
  }
  return undefined;
}

/** The pod spec a base resource or patch file writes at `offset`, at `path`. */
export function fileTarget(file: string, text: string, offset: number, path: string): EditTarget | undefined {
  const pod = podInText(text, offset, path);
  if (!pod) return undefined;
  return { file, text, pod, toFile: (edits) => [...edits] };
}

/** The inline patch scalar of a kustomization that holds `offset`. */
function inlinePatchAt(text: string, offset: number): PScalar | undefined {
  for (const doc of parseTemplates(text)) {
    const candidates: PScalar[] = [];
    for (const item of seqAt(doc.root, 'patches')?.items ?? []) {
      const patch = item.kind === 'map' ? entryOf(item, 'patch')?.value : undefined;
      if (patch?.kind === 'scalar') candidates.push(patch);
    }
    for (const item of seqAt(doc.root, 'patchesStrategicMerge')?.items ?? []) if (item.kind === 'scalar') candidates.push(item);
    const hit = candidates.find((c) => offset >= c.prov.origin.start && offset <= c.prov.origin.end);
    if (hit) return hit;
  }
  return undefined;
}

/** The pod spec an inline patch of a kustomization writes at `offset` (a file offset), at `path`. */
export function inlineTarget(file: string, fileText: string, offset: number, path: string): EditTarget | undefined {
  const scalar = inlinePatchAt(fileText, offset);
  if (!scalar) return undefined;
  const embedded = embeddedText(fileText, { ...scalar, prov: { ...scalar.prov, origin: { ...scalar.prov.origin, file } } });
  // Only a literal block maps offset by offset; the block's content lines start at one column.
  if (!fileText.slice(scalar.prov.origin.start, scalar.prov.origin.end).startsWith('|')) return undefined;
  const [first] = embedded.map(0, 0);
  const indent = ' '.repeat(first - (fileText.lastIndexOf('\n', first - 1) + 1));
  // The offset in the embedded text: the line whose mapped start is the last at or before it.
  let inner = -1;
  for (let lineStart = 0; lineStart <= embedded.text.length;) {
    const [at] = embedded.map(lineStart, lineStart);
    if (at > offset) break;
    inner = lineStart + Math.max(0, offset - at);
    const nl = embedded.text.indexOf('\n', lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  if (inner < 0) return undefined;
  const pod = podInText(embedded.text, Math.min(inner, embedded.text.length), path);
  if (!pod) return undefined;
  return {
    file,
    text: embedded.text,
    pod,
    toFile: (edits) => edits.map((e) => {
      const [start, end] = embedded.map(e.start, e.end);
      // Every line the edit starts sits in the block: it needs the block's indentation in the file.
      return { start, end, newText: e.newText.replace(/\n/g, `\n${indent}`) };
    }),
  };
}

/** The target for a pod spec written at `offset` of `file`: inline in a kustomization, or the file itself. */
export function editTargetAt(file: string, text: string, offset: number, path: string): EditTarget | undefined {
  return isKustomizationFile(file) ? inlineTarget(file, text, offset, path) : fileTarget(file, text, offset, path);
}
