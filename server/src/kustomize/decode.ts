/**
 * Typed reading of a kustomization, strict the way kustomize is: it converts the YAML to JSON
 * (YAML 1.1 scalar rules: `yes` is a boolean, `1.20` a number) and decodes it into Go structs that
 * refuse unknown fields. Errors keep Go's wording, e.g.
 * `json: cannot unmarshal number into Go struct field Image.images.newTag of type string`.
 * Unlike kustomize, reading goes on after an error: every bad field is reported, the good ones used.
 */
import type { PMap, PNode, PScalar } from './pnode';

export interface DecodeError {
  message: string;
  node: PNode;
}

/** Where a value sits, for messages: the innermost struct and the JSON path from the top. */
export interface FieldPath {
  struct: string;
  path: string;
}

type JsonType = 'string' | 'number' | 'bool' | 'null' | 'array' | 'object';

const YAML11_BOOL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const YAML11_NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const YAML11_NUMBER = /^(?:[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*)|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** The JSON type sigs.k8s.io/yaml gives a node (plain scalars resolved by YAML 1.1 rules). */
export function jsonTypeOf(node: PNode): JsonType {
  if (node.kind === 'map') return 'object';
  if (node.kind === 'seq') return 'array';
  const raw = node.raw;
  const plain = raw !== undefined && !raw.startsWith('"') && !raw.startsWith("'");
  if (!plain) return node.tag === 'null' ? 'null' : 'string';
  const text = raw.trim();
  if (YAML11_NULL.has(text)) return 'null';
  if (YAML11_BOOL.has(text)) return 'bool';
  if (YAML11_NUMBER.test(text)) return 'number';
  return 'string';
}

export class Decoder {
  readonly errors: DecodeError[] = [];

  private typeError(node: PNode, at: FieldPath, want: string): void {
    this.errors.push({
      message: `json: cannot unmarshal ${jsonTypeOf(node)} into Go struct field ${at.struct}.${at.path} of type ${want}`,
      node,
    });
  }

  /** A string field; undefined when absent or null. */
  string(node: PNode | undefined, at: FieldPath): PScalar | undefined {
    if (!node) return undefined;
    const type = jsonTypeOf(node);
    if (type === 'null') return undefined;
    if (type !== 'string' || node.kind !== 'scalar') {
      this.typeError(node, at, 'string');
      return undefined;
    }
    return node;
  }

  bool(node: PNode | undefined, at: FieldPath): boolean | undefined {
    if (!node) return undefined;
    const type = jsonTypeOf(node);
    if (type === 'null') return undefined;
    if (type !== 'bool' || node.kind !== 'scalar') {
      this.typeError(node, at, 'bool');
      return undefined;
    }
    return /^(?:y|yes|true|on)$/i.test(node.value.trim());
  }

  int(node: PNode | undefined, at: FieldPath): { value: number; node: PScalar } | undefined {
    if (!node) return undefined;
    const type = jsonTypeOf(node);
    if (type === 'null') return undefined;
    const value = node.kind === 'scalar' ? Number(node.value.replace(/_/g, '')) : NaN;
    if (type !== 'number' || node.kind !== 'scalar' || !Number.isInteger(value)) {
      this.typeError(node, at, 'int64');
      return undefined;
    }
    return { value, node };
  }

  /** A list whose items are each read by `item`; undefined when absent or null. */
  list<T>(node: PNode | undefined, at: FieldPath, goType: string, item: (n: PNode) => T | undefined): T[] | undefined {
    if (!node) return undefined;
    const type = jsonTypeOf(node);
    if (type === 'null') return undefined;
    if (node.kind !== 'seq') {
      this.typeError(node, at, `[]${goType}`);
      return undefined;
    }
    const out: T[] = [];
    for (const n of node.items) {
      const v = item(n);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  stringList(node: PNode | undefined, at: FieldPath): PScalar[] | undefined {
    return this.list(node, at, 'string', (n) => {
      if (jsonTypeOf(n) === 'null') return undefined;
      return this.string(n, at);
    });
  }

  /** A map[string]string field: its pairs with both nodes. */
  stringMap(node: PNode | undefined, at: FieldPath): Array<{ key: PScalar; value: PScalar }> | undefined {
    if (!node) return undefined;
    const type = jsonTypeOf(node);
    if (type === 'null') return undefined;
    if (node.kind !== 'map') {
      this.typeError(node, at, 'map[string]string');
      return undefined;
    }
    const out: Array<{ key: PScalar; value: PScalar }> = [];
    for (const e of node.entries) {
      if (jsonTypeOf(e.value) === 'null') {
        const empty: PScalar = { kind: 'scalar', value: '', tag: 'string', prov: e.value.prov };
        out.push({ key: e.key, value: empty });
        continue;
      }
      if (e.value.kind !== 'scalar' || jsonTypeOf(e.value) !== 'string') {
        this.typeError(e.value, at, 'string');
        continue;
      }
      out.push({ key: e.key, value: e.value });
    }
    return out;
  }

  /**
   * A struct: its fields by JSON name (matched exactly, else case-insensitively, as encoding/json
   * does); unknown fields are errors. Undefined when absent, null or not a map.
   */
  struct(node: PNode | undefined, at: FieldPath, goType: string, fields: readonly string[]): Map<string, PNode> | undefined {
    if (!node) return undefined;
    const type = jsonTypeOf(node);
    if (type === 'null') return undefined;
    if (node.kind !== 'map') {
      this.typeError(node, at, goType);
      return undefined;
    }
    return this.fieldsOf(node, fields);
  }

  fieldsOf(map: PMap, fields: readonly string[]): Map<string, PNode> {
    const out = new Map<string, PNode>();
    for (const e of map.entries) {
      const key = e.key.value;
      const name = fields.includes(key) ? key : fields.find((f) => f.toLowerCase() === key.toLowerCase());
      if (!name) {
        this.errors.push({ message: `json: unknown field "${key}"`, node: e.key });
        continue;
      }
      out.set(name, e.value);
    }
    return out;
  }
}
