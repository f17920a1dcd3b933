/**
 * Cheap document splitting and pre-screening of multi-document YAML, so only documents that can
 * hold a pod template are parsed whole (a 2 MB install.yaml is mostly CRD schemas).
 *
 * Splitting at lines that start with `---` followed by a space, a tab or the end of the line is
 * not an approximation: YAML 1.2 (production c-forbidden) says such a line at column 0 ends any
 * scalar, block scalars and quoted scalars included, so it always starts a new document. A `...`
 * end marker followed by a bare document is left to the parser of that chunk (parseAllDocuments).
 */

export interface Chunk {
  /** Absolute offset of the chunk's first character (its `---` line, or 0). */
  start: number;
  end: number;
  text: string;
}

/** Documents of a YAML stream, split at `---` lines; each chunk keeps its own `---` line. */
export function splitDocuments(text: string): Chunk[] {
  const starts: number[] = [0];
  let from = 0;
  for (;;) {
    const at = text.indexOf('\n---', from);
    if (at === -1) break;
    const markerStart = at + 1;
    const after = text.charCodeAt(markerStart + 3);
    // "---" then end of text, space, tab, \r or \n: a document marker; "----" or "---x" is content.
    if (Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0d || after === 0x0a) starts.push(markerStart);
    from = markerStart + 3;
  }
  const chunks: Chunk[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    if (end > start) chunks.push({ start, end, text: text.slice(start, end) });
  }
  return chunks;
}

export type ChunkVerdict = 'parse' | 'no-pod-template' | 'crd' | 'template';

const CRD_KIND = /^kind:[ \t]*["']?CustomResourceDefinition["']?[ \t]*(?:#.*)?\r?$/m;
/** A Helm/Go template control line (`{{- if .Values.x }}`) outside any value: not YAML until rendered. */
const TEMPLATE_LINE = /^[ \t]*\{\{/m;

/**
 * Whether a chunk needs a full parse. Only documents mentioning `containers` can hold a pod
 * template; a CustomResourceDefinition mentions it in its schema and is never a workload.
 */
export function screenChunk(chunk: string): ChunkVerdict {
  if (!chunk.includes('containers')) return 'no-pod-template';
  if (chunk.includes('CustomResourceDefinition') && CRD_KIND.test(chunk)) return 'crd';
  if (chunk.includes('{{') && TEMPLATE_LINE.test(chunk)) return 'template';
  return 'parse';
}
