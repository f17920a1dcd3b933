/**
 * The `archlens.dev/ignore: "AL202,AL206"` annotation on a workload or its pod template, read and
 * written here: teams that keep manifests generated silence findings in the object itself.
 */
import type { LineIndex } from '../core/text';
import type { Range, TextEdit } from '../core/types';
import { mapAt, pairOf, scalarAt, textAt, toKNode, type KNode } from '../core/yaml/knode';
import { parseYamlDocument } from '../core/yaml/parse';

export const IGNORE_ANNOTATION = 'archlens.dev/ignore';

/** Codes/names (upper case) listed by the annotation of a metadata map. */
export function annotationIgnores(metadata: KNode | undefined): string[] {
  const value = scalarAt(mapAt(metadata, 'annotations'), IGNORE_ANNOTATION);
  return value ? value.text.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase()) : [];
}

function pointAt(line: number, character = 0): Range {
  return { start: { line, character }, end: { line, character } };
}

/**
 * Adds `code` to the annotation of the Kubernetes object (YAML document) containing `line`.
 * Undefined when that object has no block-style `metadata` map to edit safely, or already says it.
 */
export function ignoreAnnotationEdit(lines: LineIndex, code: string | readonly string[], line: number): TextEdit | undefined {
  const wanted = typeof code === 'string' ? [code] : [...new Set(code)];
  const span = yamlDocumentSpan(lines, line);
  if (!span) return undefined;
  const startOffset = lines.lineStarts[span.start];
  const endOffset = span.end < lines.lineCount ? lines.lineStarts[span.end] : lines.text.length;
  const doc = parseYamlDocument(lines.text.slice(startOffset, endOffset), { keepSourceTokens: false });
  if (doc.errors.length > 0) return undefined;
  const root = toKNode(doc.contents, startOffset, lines.text, doc);
  if (root.type !== 'map' || textAt(root, 'kind') === undefined) return undefined;
  const metadataPair = pairOf(root, 'metadata');
  const metadata = metadataPair?.value;
  if (!metadataPair || metadata?.type !== 'map' || metadata.flow) return undefined;
  const pos = (offset: number) => lines.positionAt(offset);
  const annotationsPair = pairOf(metadata, 'annotations');
  if (annotationsPair) {
    const annotations = annotationsPair.value;
    if (annotations.type !== 'map' || annotations.flow || annotations.pairs.length === 0) return undefined;
    const existing = pairOf(annotations, IGNORE_ANNOTATION);
    if (existing) {
      const value = existing.value;
      if (value.type !== 'scalar' || value.isNull || value.shared) return undefined;
      const codes = value.text.split(/[\s,]+/).filter(Boolean);
      const add = wanted.filter((w) => !codes.some((c) => c.toUpperCase() === w.toUpperCase()));
      if (add.length === 0) return undefined;
      return { range: { start: pos(value.start), end: pos(value.end) }, newText: JSON.stringify([...codes, ...add].join(',')) };
    }
    const keyPos = pos(annotations.pairs[0].key.start);
    const indent = lines.lineText(keyPos.line).slice(0, keyPos.character);
    if (indent.trim() !== '') return undefined;
    return { range: pointAt(keyPos.line), newText: `${indent}${IGNORE_ANNOTATION}: ${JSON.stringify(wanted.join(','))}${lines.eol}` };
  }
  const firstKey = metadata.pairs[0]?.key;
  if (!firstKey) return undefined;
  const keyPos = pos(firstKey.start);
  const indent = lines.lineText(keyPos.line).slice(0, keyPos.character);
  if (indent.trim() !== '') return undefined;
  // One nesting step = how far metadata's keys sit right of `metadata:` itself.
  const metaColumn = pos(metadataPair.key.start).character;
  const step = ' '.repeat(Math.max(2, indent.length - metaColumn));
  return {
    range: pointAt(keyPos.line),
    newText: `${indent}annotations:${lines.eol}${indent}${step}${IGNORE_ANNOTATION}: ${JSON.stringify(wanted.join(','))}${lines.eol}`,
  };
}

/** Lines [start, end) of the YAML document (between `---` markers) containing `line`. */
function yamlDocumentSpan(lines: LineIndex, line: number): { start: number; end: number } | undefined {
  if (line < 0 || line >= lines.lineCount) return undefined;
  const isMarker = (l: number) => /^---(\s|$)/.test(lines.lineText(l)) || /^\.\.\.\s*$/.test(lines.lineText(l));
  let start = line;
  while (start > 0 && !isMarker(start - 1)) start--;
  let end = line + 1;
  while (end < lines.lineCount && !isMarker(end)) end++;
  return { start, end };
}
