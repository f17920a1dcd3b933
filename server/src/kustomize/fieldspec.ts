/**
 * kustomize's field specs (api/filters/fieldspec): a path like `spec/template/spec/containers[]/image`
 * walked through a resource, entering every element of a list on the way, optionally creating the
 * missing maps and the final field, then handing the node found to a setter.
 */
import { makeMap, makeScalar, type PMap, type PNode, type Provenance } from './pnode';
import { parseApiVersion } from './resid';

export interface FieldSpecLike {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create: boolean;
}

/** Replaces the node the setter was given (in its map or list). */
export type Replace = (node: PNode) => void;
export type Setter = (node: PNode, replace: Replace) => void;

export class FieldSpecError extends Error {}

/** kyaml's PathSplitter: `/`-separated, `\/` escapes a slash, a leading `/` allowed. */
export function splitFieldPath(path: string): string[] {
  let parts = path.split('/');
  if (parts.length > 1 && parts[0] === '') parts = parts.slice(1);
  const out: string[] = [parts[0]];
  for (let i = 1; i < parts.length; i++) {
    const last = out.length - 1;
    if (out[last].endsWith('\\')) out[last] = `${out[last].slice(0, -1)}/${parts[i]}`;
    else out.push(parts[i]);
  }
  return out;
}

/** fieldspec.isMatchGVK: compares the resource's own apiVersion and kind. */
export function fieldSpecMatches(fs: FieldSpecLike, root: PMap): boolean {
  const kind = stringField(root, 'kind');
  if (fs.kind && fs.kind !== kind) return false;
  const { group, version } = parseApiVersion(stringField(root, 'apiVersion'));
  if (fs.group && fs.group !== group) return false;
  if (fs.version && fs.version !== version) return false;
  return true;
}

function stringField(map: PMap, key: string): string {
  const e = map.entries.find((x) => x.key.value === key);
  return e?.value.kind === 'scalar' && e.value.tag !== 'null' ? e.value.value : '';
}

export interface CreateOptions {
  /** What to create for a missing last field (kustomize's CreateKind); none = never create. */
  kind?: 'scalar' | 'map';
  /** The provenance of anything created (the kustomization field that asked for it). */
  prov: Provenance;
}

/**
 * Applies one field spec to a resource. Throws FieldSpecError where kustomize fails (a scalar in the
 * middle of the path).
 */
export function applyFieldSpec(root: PMap, fs: FieldSpecLike, set: Setter, create: CreateOptions): void {
  if (!fieldSpecMatches(fs, root)) return;
  walk(root, splitFieldPath(fs.path), fs, set, create, () => undefined);
}

function walk(node: PNode, path: string[], fs: FieldSpecLike, set: Setter, create: CreateOptions, replace: Replace): void {
  if (path.length === 0) {
    set(node, replace);
    return;
  }
  if (node.kind === 'scalar') {
    if (node.tag === 'null') return;
    throw new FieldSpecError(`considering field '${fs.path}' of object: expected sequence or mapping node`);
  }
  if (node.kind === 'seq') {
    node.items.forEach((item, i) => walk(item, path, fs, set, create, (n) => { node.items[i] = n; }));
    return;
  }
  const raw = path[0];
  const isSeq = raw.endsWith('[]');
  const name = isSeq ? raw.slice(0, -2) : raw;
  if (name === '') throw new FieldSpecError('cannot set or create an empty field name');
  let entry = node.entries.find((e) => e.key.value === name);
  const createKind = !fs.create || !create.kind || isSeq ? undefined : path.length <= 1 ? create.kind : 'map';
  if (!entry) {
    if (!createKind) return;
    const value: PNode = createKind === 'map' ? makeMap(create.prov) : makeScalar('', create.prov);
    entry = { key: makeScalar(name, create.prov), value };
    node.entries.push(entry);
  } else if (createKind && entry.value.kind === 'scalar' && entry.value.tag === 'null') {
    // A null field becomes the kind that would have been created.
    entry.value = createKind === 'map' ? makeMap(create.prov) : makeScalar('', create.prov);
  }
  const found = entry;
  walk(found.value, path.slice(1), fs, set, create, (n) => { found.value = n; });
}
