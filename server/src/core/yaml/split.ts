/**
 * Splitting a YAML stream into its documents by text, before any parse: the manifest check parses
 * only the documents that can hold a pod template, and kustomize reads CRDs without their schemas.
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

/** `kind: CustomResourceDefinition` at the top level of a document. */
const CRD_KIND = /^kind:[ \t]*["']?CustomResourceDefinition["']?[ \t]*(?:#.*)?\r?$/m;

/** Whether a document's text declares a CustomResourceDefinition (its top-level `kind:`). */
export function declaresCrd(text: string): boolean {
  return text.includes('CustomResourceDefinition') && CRD_KIND.test(text);
}

/**
 * Files whose documents that cannot hold a pod template (Services, CRDs…) come to at most this size
 * have those parsed too (kubernetes/extract.ts), for their syntax errors only. Beyond it they are screened out by text
 * unparsed: a 2 MB install.yaml, mostly CRD schemas, must stay instant (bench/kubernetes.bench.ts),
 * and a syntax error there changes no finding. The pod documents do not count: fixes grow them, and
 * a fix that pushed the file over the bound would make the re-check skip a syntax error the original
 * reported (a document set that no longer matches), or miss one it made. (Kustomize builds read
 * CRDs of any size without their schemas: kustomize/crd-schemas.ts.)
 */
export const SYNTAX_CHECK_MAX_CHARS = 256 * 1024;
