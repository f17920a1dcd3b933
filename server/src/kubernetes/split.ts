/**
 * Pre-screening of the documents of a multi-document YAML stream (split by core/yaml/split.ts), so
 * only documents that can hold a pod template are parsed whole (a 2 MB install.yaml is mostly CRD
 * schemas).
 */
import { declaresCrd } from '../core/yaml/split';

export { splitDocuments, type Chunk } from '../core/yaml/split';

export type ChunkVerdict = 'parse' | 'no-pod-template' | 'crd' | 'template';

/** A Helm/Go template control line (`{{- if .Values.x }}`) outside any value: not YAML until rendered. */
const TEMPLATE_LINE = /^[ \t]*\{\{/m;

/**
 * Whether a chunk needs a full parse. Only documents mentioning `containers` can hold a pod
 * template; a CustomResourceDefinition mentions it in its schema and is never a workload.
 */
export function screenChunk(chunk: string): ChunkVerdict {
  if (!chunk.includes('containers')) return 'no-pod-template';
  if (declaresCrd(chunk)) return 'crd';
  if (chunk.includes('{{') && TEMPLATE_LINE.test(chunk)) return 'template';
  return 'parse';
}
