/**
 * Go's encoding/json output: json.Marshal (HTML-escaped), json.MarshalIndent, and an Encoder with
 * SetEscapeHTML(false) (sprig's toRawJson). Input is a JsonNode (see json-tree.ts).
 */
import { JsonNumber, type JsonNode, toJsonTree } from './json-tree';

export interface JsonWriteOptions {
  /** Escape <, > and & as \u003c, \u003e, \u0026 (json.Marshal does; toRawJson does not). */
  escapeHTML: boolean;
  /** MarshalIndent's indent string (prefix is always empty in sprig/Helm); none when compact. */
  indent?: string;
}

/** Optional callback told where each key and scalar landed in the output (for provenance). */
export type JsonPlacement = (source: object, key: string | number, part: 'key' | 'value', start: number, end: number) => void;

/** json.Marshal(value) (or MarshalIndent): throws GoJsonError where Go returns an error. */
export function marshalJson(value: unknown, options: JsonWriteOptions, place?: JsonPlacement): string {
  return writeJson(toJsonTree(value), options, place);
}

export function writeJson(root: JsonNode, options: JsonWriteOptions, place?: JsonPlacement): string {
  const out: string[] = [];
  let length = 0;
  const emit = (s: string): void => {
    out.push(s);
    length += s.length;
  };
  const indent = options.indent;
  const newline = (depth: number): void => {
    if (indent !== undefined) emit('\n' + indent.repeat(depth));
  };
  const scalar = (node: Exclude<JsonNode, object> | JsonNumber): string => {
    if (node === null) return 'null';
    if (node instanceof JsonNumber) return node.text;
    if (typeof node === 'boolean') return node ? 'true' : 'false';
    return quoteJsonString(node, options.escapeHTML);
  };
  const walk = (node: JsonNode, depth: number, source?: object, key?: string | number): void => {
    if (node !== null && typeof node === 'object' && !(node instanceof JsonNumber)) {
      if (node.kind === 'array') {
        if (node.items.length === 0) return emit('[]');
        emit('[');
        node.items.forEach((item, i) => {
          if (i > 0) emit(',');
          newline(depth + 1);
          walk(item, depth + 1, node.source, i);
        });
        newline(depth);
        return emit(']');
      }
      if (node.entries.length === 0) return emit('{}');
      emit('{');
      node.entries.forEach(([k, v], i) => {
        if (i > 0) emit(',');
        newline(depth + 1);
        const start = length;
        emit(quoteJsonString(k, options.escapeHTML));
        if (place && node.source) place(node.source, k, 'key', start, length);
        emit(indent === undefined ? ':' : ': ');
        walk(v, depth + 1, node.source, k);
      });
      newline(depth);
      return emit('}');
    }
    const start = length;
    emit(scalar(node));
    if (place && source && key !== undefined) place(source, key, 'value', start, length);
  };
  walk(root, 0);
  return out.join('');
}

const HEX = '0123456789abcdef';

/** A JSON string literal as Go's encoding/json writes it. */
export function quoteJsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let escaped: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 0x08: escaped = '\\b'; break;
        case 0x0c: escaped = '\\f'; break;
        case 0x0a: escaped = '\\n'; break;
        case 0x0d: escaped = '\\r'; break;
        case 0x09: escaped = '\\t'; break;
        default: escaped = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = '\\\\';
    else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) escaped = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
    else if (c === 0x2028 || c === 0x2029) escaped = c === 0x2028 ? '\\u2028' : '\\u2029';
    if (escaped !== undefined) {
      out += s.slice(from, i) + escaped;
      from = i + 1;
    }
  }
  return out + s.slice(from) + '"';
}
