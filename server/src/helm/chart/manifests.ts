/**
 * What Helm does with rendered templates before printing them (pkg/release/v1/util): each file is
 * split into documents at lines starting with "---", every document is read as YAML for its
 * head (apiVersion, kind, metadata.name, metadata.annotations) — a document that is not valid
 * YAML fails the whole release with "YAML parse error on <file>: …" — documents annotated
 * `helm.sh/hook` become hooks, and both lists are sorted by kind in install order, stably, files
 * taken in name order.
 */
import { formatFloat32G } from '../functions/encoding/go-float';
import type { Document } from 'yaml';
import { checkJsonable, GoYamlError, mapEntries, nodeToJson, parseYamlDocumentNotingClean } from './go-yaml';
import { isMap } from './values-file';
import { TextKeyedCache } from '../text-keyed-cache';

/** InstallOrder: kinds earlier in the list are installed (and printed) first; unknown kinds last. */
export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
];
const ORDER_INDEX = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

/** A document's head as Helm reads it (SimpleHead). */
export interface ManifestHead {
  apiVersion: string;
  kind: string;
  name: string;
  annotations: Record<string, string>;
}

/** One document of a rendered file. */
export interface SplitDoc {
  /** The document as Helm keeps it (leading blanks removed, trailing ones kept). */
  content: string;
  /** Offset of `content` in the rendered file. */
  offset: number;
}

export interface Manifest {
  /** The template path ("chart/templates/deployment.yaml"). */
  name: string;
  content: string;
  /** Offset of the document in the template's rendered output. */
  offset: number;
  head: ManifestHead;
}

export interface Hook extends Manifest {
  events: string[];
  weight: number;
  deletePolicies: string[];
}

/** Hook event names Helm knows ("test-success" is the Helm 2 spelling of "test"). */
const HOOK_EVENTS = new Map([
  ['pre-install', 'pre-install'], ['post-install', 'post-install'], ['pre-delete', 'pre-delete'],
  ['post-delete', 'post-delete'], ['pre-upgrade', 'pre-upgrade'], ['post-upgrade', 'post-upgrade'],
  ['pre-rollback', 'pre-rollback'], ['post-rollback', 'post-rollback'], ['test', 'test'], ['test-success', 'test'],
]);

/** Go's unicode.IsSpace. */
export function isGoSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function leftSpace(s: string, from = 0): number {
  let i = from;
  while (i < s.length && isGoSpace(s.charCodeAt(i))) i++;
  return i;
}

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  const start = leftSpace(s);
  let end = s.length;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

const SEPARATOR = /(?<=^|\n)---[ \t]*/g;

/** SplitManifests: the documents of a rendered file, in order, empty ones dropped. */
export function splitManifests(text: string): SplitDoc[] {
  const base = leftSpace(text);
  const docs: SplitDoc[] = [];
  const body = text.slice(base);
  SEPARATOR.lastIndex = 0;
  const pieces: Array<[number, number]> = [];
  let last = 0;
  for (let m = SEPARATOR.exec(body); m !== null; m = SEPARATOR.exec(body)) {
    if (m[0].length === 0) {
      SEPARATOR.lastIndex++;
      continue;
    }
    pieces.push([last, m.index]);
    last = m.index + m[0].length;
  }
  pieces.push([last, body.length]);
  for (const [s, e] of pieces) {
    const start = leftSpace(body, s);
    if (start >= e) continue;
    const piece = body.slice(start, e);
    if (goTrimSpace(piece) === '') continue;
    docs.push({ content: piece, offset: base + start });
  }
  return docs;
}

/** A document Helm cannot read; the message is Helm's "YAML parse error on …". */
export class ManifestParseError extends Error {}

/** The head of one document, read like sigs.k8s.io/yaml into SimpleHead. Throws the inner message. */
export function readHead(content: string): ManifestHead {
  const known = headCache.get(content);
  if (known) return { ...known, annotations: { ...known.annotations } };
  const head = readHeadUncached(content);
  headCache.set(content, { ...head, annotations: { ...head.annotations } });
  return head;
}

/**
 * Heads by document text. After an edit of values.yaml most documents render as before: their
 * heads are known, and the YAML parse Helm's sort needs is spent on the changed ones only.
 */
const headCache = new TextKeyedCache<ManifestHead>(4096, 16 * 1024 * 1024);

function readHeadUncached(content: string): ManifestHead {
  let json: unknown;
  try {
    // Noting a clean text: the manifest analyser checks this document's syntax again once rendered.
    const doc = parseYamlDocumentNotingClean(content);
    checkJsonable(doc);
    json = headJson(doc);
  } catch (err) {
    if (err instanceof GoYamlError) throw new Error(`error converting YAML to JSON: ${err.message}`);
    throw err;
  }
  const head: ManifestHead = { apiVersion: '', kind: '', name: '', annotations: {} };
  if (json === null) return head;
  const fail = (v: unknown, where: string, type: string): never => {
    throw new Error(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into ${where} of type ${type}`);
  };
  if (!isMap(json)) fail(json, 'Go value', 'util.SimpleHead');
  const obj = json as Record<string, unknown>;
  const str = (v: unknown, where: string): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') fail(v, where, 'string');
    return goScalarText(v);
  };
  head.apiVersion = str(field(obj, 'apiVersion'), 'Go struct field SimpleHead.apiVersion');
  head.kind = str(field(obj, 'kind'), 'Go struct field SimpleHead.kind');
  const md = field(obj, 'metadata');
  if (md !== null && md !== undefined) {
    if (!isMap(md)) fail(md, 'Go struct field SimpleHead.metadata', 'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }');
    const m = md as Record<string, unknown>;
    head.name = str(field(m, 'name'), 'Go struct field .metadata.name');
    const ann = field(m, 'annotations');
    if (ann !== null && ann !== undefined) {
      if (!isMap(ann)) fail(ann, 'Go struct field .metadata.annotations', 'map[string]string');
      for (const [k, v] of Object.entries(ann as Record<string, unknown>)) head.annotations[k] = str(v, 'Go struct field .metadata.annotations');
    }
  }
  return head;
}

/**
 * The document as JSON, as far as the head needs it: the top-level keys that can name apiVersion,
 * kind or metadata (encoding/json matches them in any case) are converted, the rest left out.
 */
function headJson(doc: Document.Parsed): unknown {
  const entries = mapEntries(doc, doc.contents);
  if (entries === undefined) return nodeToJson(doc, doc.contents, { file: '' });
  const obj: Record<string, unknown> = {};
  for (const [k, node] of entries) {
    const lower = k.toLowerCase();
    if (lower === 'apiversion' || lower === 'kind' || lower === 'metadata') obj[k] = nodeToJson(doc, node as never, { file: '' });
  }
  return obj;
}

/** encoding/json field matching: the exact key, else a case-insensitive one. */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

/** A JSON scalar as sigs.k8s.io/yaml writes it into a string field. */
function goScalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : formatFloat32G(v);
  return String(v);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v !== null && typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

export interface RenderedFile {
  name: string;
  content: string;
}

/**
 * SortManifests: documents of every non-partial, non-empty file (files in name order), split
 * into hooks and plain manifests, each list sorted by kind in install order.
 */
export function sortManifests(files: readonly RenderedFile[]): { hooks: Hook[]; manifests: Manifest[] } {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) {
    const docs = fileManifests(f);
    hooks.push(...docs.hooks);
    manifests.push(...docs.manifests);
  }
  return { hooks: sortByKind(hooks), manifests: sortByKind(manifests) };
}

/** The documents of one rendered file, in file order; throws ManifestParseError as Helm fails. */
export function fileManifests(f: RenderedFile): { hooks: Hook[]; manifests: Manifest[] } {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  const base = f.name.slice(f.name.lastIndexOf('/') + 1);
  if (base.startsWith('_') || goTrimSpace(f.content) === '') return { hooks, manifests };
  for (const doc of splitManifests(f.content)) {
    let head: ManifestHead;
    try {
      head = readHead(doc.content);
    } catch (err) {
      throw new ManifestParseError(`YAML parse error on ${f.name}: ${(err as Error).message}`);
    }
    const m: Manifest = { name: f.name, content: doc.content, offset: doc.offset, head };
    const hookTypes = Object.prototype.hasOwnProperty.call(head.annotations, 'helm.sh/hook') ? head.annotations['helm.sh/hook'] : undefined;
    if (hookTypes === undefined) {
      manifests.push(m);
      continue;
    }
    const events: string[] = [];
    let unknown = false;
    for (const t of hookTypes.split(',')) {
      const e = HOOK_EVENTS.get(t.trim().toLowerCase());
      if (e === undefined) {
        unknown = true; // Helm drops a document with an unknown hook type altogether
        break;
      }
      events.push(e);
    }
    if (unknown) continue;
    const weightText = head.annotations['helm.sh/hook-weight'] ?? '';
    const weight = /^[+-]?\d+$/.test(weightText) ? Number(weightText) : 0;
    const deletePolicies = (head.annotations['helm.sh/hook-delete-policy'] ?? '').split(',').map((x) => x.trim().toLowerCase()).filter((x) => x !== '');
    hooks.push({ ...m, events, weight, deletePolicies });
  }
  return { hooks, manifests };
}

/** A stable sort by install order; unknown kinds last, alphabetically among themselves. */
export function sortByKind<T extends { head: ManifestHead }>(items: T[]): T[] {
  const indexed = items.map((item, i) => ({ item, i }));
  indexed.sort((a, b) => {
    const c = compareKinds(a.item.head.kind, b.item.head.kind);
    return c !== 0 ? c : a.i - b.i;
  });
  return indexed.map((x) => x.item);
}

function compareKinds(a: string, b: string): number {
  const ia = ORDER_INDEX.get(a);
  const ib = ORDER_INDEX.get(b);
  if (ia === undefined && ib === undefined) return a === b ? 0 : a < b ? -1 : 1;
  if (ia === undefined) return 1;
  if (ib === undefined) return -1;
  return ia - ib;
}
