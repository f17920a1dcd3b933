/**
 * Values files read as Helm's loader.LoadValues reads them: the text is cut into documents at
 * lines that are exactly "---" (apimachinery's YAMLReader), each document must be a map (or
 * empty), and the documents are merged in order (loader.MergeMaps). Every entry keeps its origin.
 */
import { GoYamlError, nodeToJson, parseYamlDocument, setKey } from './go-yaml';
import type { OriginTable } from './provenance';
import { readValuesBlocks } from './values-blocks';

export type Values = Record<string, unknown>;

/** Reads a values file; throws with Helm's wording (the caller adds "cannot load values.yaml: "). */
export function readValuesFile(text: string, file: string, origins?: OriginTable): Values {
  let values: Values = {};
  for (const chunk of splitYamlReader(text)) {
    const blocks = readValuesBlocks(chunk.text, file, chunk.start, origins);
    if (blocks) {
      values = mergeMaps(values, blocks, origins);
      continue;
    }
    let doc;
    try {
      doc = parseYamlDocument(chunk.text);
    } catch (err) {
      // go-yaml counts lines from the start of the document it was given, and so does Helm.
      if (err instanceof GoYamlError) throw new Error(`error converting YAML to JSON: ${err.message}`);
      throw err;
    }
    let current: unknown;
    try {
      current = nodeToJson(doc, doc.contents, { file, offset: chunk.start, origins });
    } catch (err) {
      if (err instanceof GoYamlError) throw new Error(`error converting YAML to JSON: ${err.message}`);
      throw err;
    }
    if (current === null) continue;
    if (!isMap(current)) {
      const kind = Array.isArray(current) ? 'array' : typeof current === 'boolean' ? 'bool' : typeof current;
      throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
    }
    values = mergeMaps(values, current, origins);
  }
  return values;
}

/** loader.MergeMaps: b's entries win; maps present on both sides merge recursively. */
export function mergeMaps(a: Values, b: Values, origins?: OriginTable): Values {
  const out: Values = {};
  for (const k of Object.keys(a)) {
    setKey(out, k, a[k]);
    origins?.copy(a, k, out, k);
  }
  for (const k of Object.keys(b)) {
    const v = b[k];
    const existing = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    if (isMap(v) && isMap(existing)) {
      setKey(out, k, mergeMaps(existing, v, origins));
    } else {
      setKey(out, k, v);
    }
    origins?.copy(b, k, out, k);
  }
  return out;
}

export function isMap(v: unknown): v is Values {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

interface YamlChunk {
  text: string;
  /** Offset of the chunk's first character in the file. */
  start: number;
}

/** apimachinery's YAMLReader: documents end at lines that are "---" plus only whitespace. */
function splitYamlReader(text: string): YamlChunk[] {
  const chunks: YamlChunk[] = [];
  let docStart = 0;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    // Only lines starting "---" are cut out to look at: a values file has thousands of lines.
    if (text.startsWith('---', pos) && text.slice(pos + 3, nl).trim() === '') {
      if (pos > docStart) chunks.push({ text: text.slice(docStart, pos), start: docStart });
      docStart = nl + 1;
    }
    pos = nl + 1;
  }
  if (docStart < text.length) chunks.push({ text: text.slice(docStart), start: docStart });
  return chunks;
}

