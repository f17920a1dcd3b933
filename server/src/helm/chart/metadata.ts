/**
 * Chart.yaml (and a v1 chart's requirements.yaml) decoded as Helm decodes them: sigs.k8s.io/yaml
 * into the chart.Metadata struct. YAML scalars land in string fields as their Go text (so
 * `appVersion: 1.10` becomes "1.1", the well-known surprise), keys match field names without
 * regard to case, and type mismatches fail with encoding/json's message. `validateMetadata` is
 * Metadata.Validate with Helm's "validation: …" messages.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, Node as YamlNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isValidSemver } from './semver';
import { baseName } from './source';
import { formatFloat32G } from '../functions/encoding/go-float';
import { GoYamlError, nodeToJson, parseYamlDocument, resolveScalar, scalarText } from './go-yaml';

export interface Maintainer {
  name: string;
  email: string;
  url: string;
}

export interface ChartDependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[] | null;
  enabled: boolean;
  importValues: unknown[] | null;
  alias: string;
}

export interface ChartMetadata {
  name: string;
  home: string;
  sources: string[] | null;
  version: string;
  description: string;
  keywords: string[] | null;
  maintainers: Array<Maintainer | null> | null;
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  annotations: Record<string, string> | null;
  kubeVersion: string;
  dependencies: Array<ChartDependency | null> | null;
  type: string;
}

export function emptyMetadata(): ChartMetadata {
  return {
    name: '', home: '', sources: null, version: '', description: '', keywords: null, maintainers: null, icon: '',
    apiVersion: '', condition: '', tags: '', appVersion: '', deprecated: false, annotations: null, kubeVersion: '',
    dependencies: null, type: '',
  };
}

/**
 * Chart.yaml decoded, by text: the editor loads a chart again after every edit, and Chart.yaml
 * seldom changes. Only decodes into an empty metadata are kept (requirements.yaml decodes on top
 * of Chart.yaml, and json.Unmarshal merges into what is there); each use gets its own copy, since
 * validation sanitizes the metadata in place. Small objects, few entries.
 */
const decodedMetadata = new Map<string, ChartMetadata>();
const DECODED_METADATA_ENTRIES = 64;
const EMPTY_METADATA = JSON.stringify(emptyMetadata());

/** Decodes Chart.yaml text into `into` (fields absent from the text keep their value), as json.Unmarshal does. */
export function decodeMetadata(text: string, into: ChartMetadata): void {
  const fresh = JSON.stringify(into) === EMPTY_METADATA;
  const known = fresh ? decodedMetadata.get(text) : undefined;
  if (known) {
    Object.assign(into, structuredClone(known));
    return;
  }
  decodeMetadataText(text, into);
  if (fresh) {
    decodedMetadata.set(text, structuredClone(into));
    if (decodedMetadata.size > DECODED_METADATA_ENTRIES) decodedMetadata.delete(decodedMetadata.keys().next().value!);
  }
}

function decodeMetadataText(text: string, into: ChartMetadata): void {
  let doc: Document.Parsed;
  try {
    doc = parseYamlDocument(text);
  } catch (err) {
    if (err instanceof GoYamlError) throw new Error(`error converting YAML to JSON: ${err.message}`);
    throw err;
  }
  const d = new Decoder(doc);
  try {
    d.struct(doc.contents, METADATA, into as unknown as Record<string, unknown>, 'v2.Metadata', '');
  } catch (err) {
    if (err instanceof GoYamlError) throw new Error(`error converting YAML to JSON: ${err.message}`);
    throw err;
  }
}

type FieldType =
  | { t: 'string' }
  | { t: 'bool' }
  | { t: 'strings'; goType: string }
  | { t: 'stringMap' }
  | { t: 'any[]' }
  | { t: 'structs'; goType: string; elemType: string; fields: Fields; make: () => Record<string, unknown> };

interface Fields {
  [jsonName: string]: { prop: string; type: FieldType };
}

const MAINTAINER: Fields = {
  name: { prop: 'name', type: { t: 'string' } },
  email: { prop: 'email', type: { t: 'string' } },
  url: { prop: 'url', type: { t: 'string' } },
};

const DEPENDENCY: Fields = {
  name: { prop: 'name', type: { t: 'string' } },
  version: { prop: 'version', type: { t: 'string' } },
  repository: { prop: 'repository', type: { t: 'string' } },
  condition: { prop: 'condition', type: { t: 'string' } },
  tags: { prop: 'tags', type: { t: 'strings', goType: '[]string' } },
  enabled: { prop: 'enabled', type: { t: 'bool' } },
  'import-values': { prop: 'importValues', type: { t: 'any[]' } },
  alias: { prop: 'alias', type: { t: 'string' } },
};

const METADATA: Fields = {
  name: { prop: 'name', type: { t: 'string' } },
  home: { prop: 'home', type: { t: 'string' } },
  sources: { prop: 'sources', type: { t: 'strings', goType: '[]string' } },
  version: { prop: 'version', type: { t: 'string' } },
  description: { prop: 'description', type: { t: 'string' } },
  keywords: { prop: 'keywords', type: { t: 'strings', goType: '[]string' } },
  maintainers: {
    prop: 'maintainers',
    type: { t: 'structs', goType: '[]*v2.Maintainer', elemType: 'Maintainer', fields: MAINTAINER, make: () => ({ name: '', email: '', url: '' }) },
  },
  icon: { prop: 'icon', type: { t: 'string' } },
  apiVersion: { prop: 'apiVersion', type: { t: 'string' } },
  condition: { prop: 'condition', type: { t: 'string' } },
  tags: { prop: 'tags', type: { t: 'string' } },
  appVersion: { prop: 'appVersion', type: { t: 'string' } },
  deprecated: { prop: 'deprecated', type: { t: 'bool' } },
  annotations: { prop: 'annotations', type: { t: 'stringMap' } },
  kubeVersion: { prop: 'kubeVersion', type: { t: 'string' } },
  dependencies: {
    prop: 'dependencies',
    type: {
      t: 'structs', goType: '[]*v2.Dependency', elemType: 'Dependency', fields: DEPENDENCY,
      make: () => ({ name: '', version: '', repository: '', condition: '', tags: null, enabled: false, importValues: null, alias: '' }),
    },
  },
  type: { prop: 'type', type: { t: 'string' } },
};

class Decoder {
  constructor(private readonly doc: Document.Parsed) {}

  private deref(node: YamlNode | null | undefined): YamlNode | null {
    if (node && isAlias(node)) return (node.resolve(this.doc) as YamlNode | undefined) ?? null;
    return node ?? null;
  }

  /** The JSON kind encoding/json names in "cannot unmarshal X into ...". */
  private jsonKind(node: YamlNode | null): 'null' | 'object' | 'array' | 'string' | 'number' | 'bool' {
    const n = this.deref(node);
    if (n === null) return 'null';
    if (isMap(n)) return 'object';
    if (isSeq(n)) return 'array';
    const s = this.scalar(n as Scalar);
    if (s.kind === 'null') return 'null';
    if (s.kind === 'bool') return 'bool';
    if (s.kind === 'int' || s.kind === 'float') return 'number';
    return 'string';
  }

  private scalar(n: Scalar) {
    return resolveScalar(scalarText(n), n.tag ?? '', n.type === 'PLAIN' || n.type === undefined);
  }

  private fail(node: YamlNode | null, struct: string, field: string, goType: string): never {
    const where = field === '' ? `Go value of type ${goType}` : `Go struct field ${struct}.${field} of type ${goType}`;
    throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${this.jsonKind(node)} into ${where}`);
  }

  struct(node: YamlNode | null, fields: Fields, into: Record<string, unknown>, structName: string, path: string): void {
    const n = this.deref(node);
    if (n === null || this.jsonKind(n) === 'null') return;
    if (!isMap(n)) this.fail(n, structName, path, path === '' ? structName : structName);
    const shortName = structName.replace(/^.*\./, '');
    for (const pair of n.items) {
      const keyNode = this.deref(pair.key as YamlNode | null);
      if (!isScalar(keyNode)) continue;
      const key = scalarText(keyNode);
      const field = fields[key] ?? Object.entries(fields).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      if (!field) continue;
      const jsonName = Object.keys(fields).find((k) => fields[k] === field)!;
      const fieldPath = path === '' ? jsonName : `${path}.${jsonName}`;
      into[field.prop] = this.value(pair.value as YamlNode | null, field.type, into[field.prop], shortName, fieldPath);
    }
  }

  private value(node: YamlNode | null, type: FieldType, current: unknown, struct: string, path: string): unknown {
    const n = this.deref(node);
    const kind = this.jsonKind(n);
    switch (type.t) {
      case 'string':
        if (kind === 'null') return current;
        if (kind === 'object' || kind === 'array') this.fail(n, struct, path, 'string');
        return this.goText(n as Scalar);
      case 'bool': {
        if (kind === 'null') return current;
        if (kind !== 'bool') this.fail(n, struct, path, 'bool');
        return (this.scalar(n as Scalar) as { value: boolean }).value;
      }
      case 'strings':
        if (kind === 'null') return null;
        if (kind !== 'array') this.fail(n, struct, path, type.goType);
        return (n as YAMLSeq).items.map((item) => {
          const ik = this.jsonKind(item as YamlNode | null);
          if (ik === 'null') return '';
          if (ik === 'object' || ik === 'array') this.fail(item as YamlNode, struct, path, 'string');
          return this.goText(this.deref(item as YamlNode) as Scalar);
        });
      case 'stringMap': {
        if (kind === 'null') return null;
        if (kind !== 'object') this.fail(n, struct, path, 'map[string]string');
        const out: Record<string, string> = {};
        for (const pair of (n as YAMLMap).items) {
          const k = this.deref(pair.key as YamlNode | null);
          const key = isScalar(k) ? this.goText(k) : '';
          const vk = this.jsonKind(pair.value as YamlNode | null);
          if (vk === 'object' || vk === 'array') this.fail(pair.value as YamlNode, struct, path, 'string');
          out[key] = vk === 'null' ? '' : this.goText(this.deref(pair.value as YamlNode) as Scalar);
        }
        return out;
      }
      case 'any[]':
        if (kind === 'null') return null;
        if (kind !== 'array') this.fail(n, struct, path, '[]interface {}');
        return nodeToJson(this.doc, n as never, { file: '' });
      case 'structs': {
        if (kind === 'null') return null;
        if (kind !== 'array') this.fail(n, struct, path, type.goType);
        return (n as YAMLSeq).items.map((item) => {
          if (this.jsonKind(item as YamlNode | null) === 'null') return null;
          const obj = type.make();
          this.struct(item as YamlNode, type.fields, obj, type.elemType, path);
          return obj;
        });
      }
    }
  }

  /** A scalar as sigs.k8s.io/yaml puts it in a string field: its Go value's text. */
  private goText(n: Scalar): string {
    const s = this.scalar(n);
    switch (s.kind) {
      case 'str':
        return s.value;
      case 'int':
        return s.value.toString();
      case 'float':
        return formatFloat32G(s.value);
      case 'bool':
        return s.value ? 'true' : 'false';
      case 'null':
        return '';
    }
  }
}

/** Helm's ValidationError text. */
export class ValidationError extends Error {
  constructor(message: string) {
    super(`validation: ${message}`);
  }
}

const ALIAS_NAME = /^[a-zA-Z0-9_-]+$/;

/** Metadata.Validate: sanitises strings in place and throws Helm's first validation error. */
export function validateMetadata(md: ChartMetadata): void {
  md.name = sanitize(md.name);
  md.description = sanitize(md.description);
  md.home = sanitize(md.home);
  md.icon = sanitize(md.icon);
  md.condition = sanitize(md.condition);
  md.tags = sanitize(md.tags);
  md.appVersion = sanitize(md.appVersion);
  md.kubeVersion = sanitize(md.kubeVersion);
  if (md.sources) md.sources = md.sources.map(sanitize);
  if (md.keywords) md.keywords = md.keywords.map(sanitize);

  if (md.apiVersion === '') throw new ValidationError('chart.metadata.apiVersion is required');
  if (md.name === '') throw new ValidationError('chart.metadata.name is required');
  if (md.name === '.' || md.name === '..') throw new ValidationError(`chart.metadata.name ${goQuote(md.name)} is not allowed`);
  if (md.name !== baseName(md.name)) throw new ValidationError(`chart.metadata.name ${goQuote(md.name)} is invalid`);
  if (md.version === '') throw new ValidationError('chart.metadata.version is required');
  if (!isValidSemver(md.version)) throw new ValidationError(`chart.metadata.version ${goQuote(md.version)} is invalid`);
  if (md.type !== '' && md.type !== 'application' && md.type !== 'library') throw new ValidationError('chart.metadata.type must be application or library');

  for (const m of md.maintainers ?? []) {
    if (m === null) throw new ValidationError('maintainers must not contain empty or null nodes');
    m.name = sanitize(m.name);
    m.email = sanitize(m.email);
    m.url = sanitize(m.url);
  }
  const seen = new Set<string>();
  for (const d of md.dependencies ?? []) {
    if (d === null) throw new ValidationError('dependencies must not contain empty or null nodes');
    d.name = sanitize(d.name);
    d.version = sanitize(d.version);
    d.repository = sanitize(d.repository);
    d.condition = sanitize(d.condition);
    if (d.tags) d.tags = d.tags.map(sanitize);
    if (d.alias !== '' && !ALIAS_NAME.test(d.alias)) throw new ValidationError(`dependency ${goQuote(d.name)} has disallowed characters in the alias`);
    const key = d.alias !== '' ? d.alias : d.name;
    if (seen.has(key)) throw new ValidationError(`more than one dependency with name or alias ${goQuote(key)}`);
    seen.add(key);
  }
}

/** Helm's sanitizeString: whitespace becomes a space, non-printable characters go. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function sanitize(s: string): string {
  // Printable ASCII is kept as it is (letters, digits, punctuation, symbols, the space): the
  // common case, without compiling the Unicode classes below (a cost at every CLI start).
  if (PRINTABLE_ASCII.test(s)) return s;
  let out = '';
  for (const ch of s) {
    if (/\s/u.test(ch)) out += ' ';
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u.test(ch)) out += ch;
  }
  return out;
}

/** Go's %q for the plain strings these messages quote. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
