/**
 * Text edits that silence a finding: `# archlens ignore=ALnnn` above the right line, `# archlens
 * global ignore=ALnnn` for the file, or the `archlens.dev/ignore` annotation on a Kubernetes
 * workload. Every edit keeps the file valid: comments are never put inside a shell line
 * continuation, above a Dockerfile parser directive, or before a shebang.
 */
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';
import type { LineIndex } from '../core/text';
import type { FileKind, Range, TextEdit } from '../core/types';

const IGNORE_LINE = /^(\s*)#\s*archlens\s+ignore\s*=\s*([A-Za-z0-9_,\s-]*?)\s*$/;
const GLOBAL_LINE = /^(\s*)#\s*archlens\s+global\s+ignore\s*=\s*([A-Za-z0-9_,\s-]*?)\s*$/;
const DOCKER_DIRECTIVE = /^#\s*[A-Za-z][A-Za-z0-9]*\s*=/;

function pointAt(line: number, character = 0): Range {
  return { start: { line, character }, end: { line, character } };
}

function indentOf(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/** True when the line continues onto the next one (`\` at the end), so nothing may go between. */
function continues(lines: LineIndex, line: number): boolean {
  return line >= 0 && /\\\s*$/.test(lines.lineText(line));
}

/** Silences `code` for the finding starting at `line` (with its suppression anchors). */
export function ignoreHereEdit(lines: LineIndex, code: string, line: number, anchors: readonly number[] = []): TextEdit | undefined {
  // Candidates nearest the finding first; the line above must not be a continued line.
  const candidates = [line, ...[...anchors].filter((a) => a !== line).sort((a, b) => b - a)];
  for (const target of candidates) {
    if (target < 0 || target >= lines.lineCount) continue;
    if (continues(lines, target - 1)) continue;
    // An `ignore=` comment already right above: add the code to it.
    const above = target - 1 >= 0 ? lines.lineText(target - 1) : '';
    const existing = IGNORE_LINE.exec(above);
    if (existing) {
      const codes = existing[2].split(/[\s,]+/).filter(Boolean);
      if (codes.some((c) => c.toUpperCase() === code.toUpperCase())) return undefined;
      const start = lines.lineText(target - 1).length - above.trimStart().length;
      return {
        range: { start: { line: target - 1, character: start }, end: { line: target - 1, character: above.length } },
        newText: `# archlens ignore=${[...codes, code].join(',')}`,
      };
    }
    return { range: pointAt(target), newText: `${indentOf(lines.lineText(target))}# archlens ignore=${code}${lines.eol}` };
  }
  return undefined;
}

/** Silences `code` for the whole file. */
export function ignoreInFileEdit(lines: LineIndex, code: string, kind: FileKind): TextEdit | undefined {
  for (let l = 0; l < lines.lineCount; l++) {
    const text = lines.lineText(l);
    const m = GLOBAL_LINE.exec(text);
    if (!m) continue;
    const codes = m[2].split(/[\s,]+/).filter(Boolean);
    if (codes.some((c) => c.toUpperCase() === code.toUpperCase())) return undefined;
    return { range: { start: { line: l, character: m[1].length }, end: { line: l, character: text.length } }, newText: `# archlens global ignore=${[...codes, code].join(',')}` };
  }
  // After a shebang, and in a Dockerfile after the parser directives (a comment before them
  // would turn `# syntax=…` into a plain comment).
  let at = 0;
  if (lines.lineText(0).startsWith('#!')) at = 1;
  if (kind === 'dockerfile') {
    while (at < lines.lineCount && DOCKER_DIRECTIVE.test(lines.lineText(at).trim())) at++;
  }
  // A file whose first line is a comment-less YAML directive (%YAML) is fine: comments may precede it.
  return { range: pointAt(at), newText: `# archlens global ignore=${code}${lines.eol}` };
}

const ANNOTATION = 'archlens.dev/ignore';

/**
 * Adds `code` to the `archlens.dev/ignore` annotation of the Kubernetes object (YAML document)
 * containing `line`. Undefined when that object has no block-style `metadata` map to edit safely.
 */
export function ignoreAnnotationEdit(lines: LineIndex, code: string, line: number): TextEdit | undefined {
  const span = yamlDocumentSpan(lines, line);
  if (!span) return undefined;
  const startOffset = lines.lineStarts[span.start];
  const endOffset = span.end < lines.lineCount ? lines.lineStarts[span.end] : lines.text.length;
  const text = lines.text.slice(startOffset, endOffset);
  let doc;
  try {
    doc = parseDocument(text, { keepSourceTokens: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const kind = doc.contents.get('kind');
  if (typeof kind !== 'string') return undefined;
  const metadataPair = findPair(doc.contents, 'metadata');
  if (!metadataPair || !isMap(metadataPair.value) || metadataPair.value.flow) return undefined;
  const metadata = metadataPair.value as YAMLMap;
  const pos = (offset: number) => lines.positionAt(startOffset + offset);
  const annotationsPair = findPair(metadata, 'annotations');
  if (annotationsPair) {
    const annotations = annotationsPair.value;
    if (!isMap(annotations) || annotations.flow || annotations.items.length === 0) return undefined;
    const existing = findPair(annotations, ANNOTATION);
    if (existing) {
      if (!isScalar(existing.value) || !existing.value.range) return undefined;
      const current = String(existing.value.value ?? '');
      const codes = current.split(/[\s,]+/).filter(Boolean);
      if (codes.some((c) => c.toUpperCase() === code.toUpperCase())) return undefined;
      const [s, e] = existing.value.range;
      return { range: { start: pos(s), end: pos(e) }, newText: JSON.stringify([...codes, code].join(',')) };
    }
    const first = annotations.items[0];
    const keyNode = first.key as { range?: [number, number, number] } | null;
    if (!keyNode?.range) return undefined;
    const keyPos = pos(keyNode.range[0]);
    const indent = lines.lineText(keyPos.line).slice(0, keyPos.character);
    if (indent.trim() !== '') return undefined;
    return { range: pointAt(keyPos.line), newText: `${indent}${ANNOTATION}: ${JSON.stringify(code)}${lines.eol}` };
  }
  const firstKey = metadata.items[0]?.key as { range?: [number, number, number] } | null | undefined;
  if (!firstKey?.range) return undefined;
  const keyPos = pos(firstKey.range[0]);
  const indent = lines.lineText(keyPos.line).slice(0, keyPos.character);
  if (indent.trim() !== '') return undefined;
  // One nesting step = how far metadata's keys sit right of `metadata:` itself.
  const metaKey = metadataPair.key as { range?: [number, number, number] } | null;
  const metaColumn = metaKey?.range ? pos(metaKey.range[0]).character : 0;
  const step = ' '.repeat(Math.max(2, indent.length - metaColumn));
  return {
    range: pointAt(keyPos.line),
    newText: `${indent}annotations:${lines.eol}${indent}${step}${ANNOTATION}: ${JSON.stringify(code)}${lines.eol}`,
  };
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
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

