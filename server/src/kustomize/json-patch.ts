/**
 * JSON patch (RFC 6902) as kustomize applies it (gopkg.in/evanphx/json-patch.v4): operations on
 * the resource tree with v4's semantics — negative array indexes count from the end, `replace` of
 * a missing map key adds it, error texts as v4 words them. Values inserted keep the provenance of
 * the patch text that holds them.
 */
import { cloneNode, entryOf, toPlain, type PMap, type PNode, type PScalar, type PSeq } from './pnode';

export class JsonPatchError extends Error {}

export interface JsonOperation {
  /** The operation map of the patch (for messages). */
  node: PMap;
  op: string;
  path?: string;
  from?: string;
  /** The `value` node; undefined when the operation has none. */
  value?: PNode;
}

/** Reads the operations of a parsed patch (a list of maps); throws when it is not one. */
export function readOperations(patch: PNode): JsonOperation[] {
  if (patch.kind !== 'seq') throw new JsonPatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return patch.items.map((item) => {
    if (item.kind !== 'map') throw new JsonPatchError('json: cannot unmarshal array into Go value of type jsonpatch.Operation');
    const str = (key: string): string | undefined => {
      const v = entryOf(item, key)?.value;
      return v?.kind === 'scalar' && v.tag !== 'null' ? v.value : undefined;
    };
    return { node: item, op: str('op') ?? 'unknown', path: str('path'), from: str('from'), value: entryOf(item, 'value')?.value };
  });
}

type Container = { kind: 'map'; node: PMap } | { kind: 'seq'; node: PSeq };

function decodeKey(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** findObject: the container holding the last segment of `path`, and that segment. */
function findObject(root: PNode, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let doc: PNode = root;
  for (const raw of split.slice(1, -1)) {
    const next = getChild(doc, decodeKey(raw));
    if (next === undefined || (next.kind !== 'map' && next.kind !== 'seq')) return undefined;
    doc = next;
  }
  if (doc.kind !== 'map' && doc.kind !== 'seq') return undefined;
  return { con: doc.kind === 'map' ? { kind: 'map', node: doc } : { kind: 'seq', node: doc }, key: decodeKey(split[split.length - 1]) };
}

function getChild(doc: PNode, key: string): PNode | undefined {
  if (doc.kind === 'map') return entryOf(doc, key)?.value;
  if (doc.kind === 'seq') {
    const idx = parseIndex(key);
    if (idx === undefined || idx < 0 || idx >= doc.items.length) return undefined;
    return doc.items[idx];
  }
  return undefined;
}

/** strconv.Atoi. */
function parseIndex(key: string): number | undefined {
  return /^[-+]?\d+$/.test(key) ? Number(key) : undefined;
}

function get(con: Container, key: string): PNode | undefined {
  if (con.kind === 'map') return entryOf(con.node, key)?.value;
  const idx = parseIndex(key);
  if (idx === undefined) throw new JsonPatchError(`strconv.Atoi: parsing "${key}": invalid syntax`);
  if (idx >= con.node.items.length || idx < 0) throw new JsonPatchError(`Unable to access invalid index: ${idx}: invalid index referenced`);
  return con.node.items[idx];
}

function set(con: Container, key: string, value: PNode, keyFrom: PNode): void {
  if (con.kind === 'map') {
    const e = entryOf(con.node, key);
    if (e) e.value = value;
    else con.node.entries.push({ key: keyScalar(key, keyFrom), value });
    return;
  }
  const idx = parseIndex(key);
  if (idx === undefined) throw new JsonPatchError(`strconv.Atoi: parsing "${key}": invalid syntax`);
  if (idx < 0 || idx >= con.node.items.length) throw new JsonPatchError(`Unable to access invalid index: ${idx}: invalid index referenced`);
  con.node.items[idx] = value;
}

function add(con: Container, key: string, value: PNode, keyFrom: PNode, path: string): void {
  if (con.kind === 'map') {
    set(con, key, value, keyFrom);
    return;
  }
  const items = con.node.items;
  if (key === '-') {
    items.push(value);
    return;
  }
  let idx = parseIndex(key);
  if (idx === undefined) throw new JsonPatchError(`error in add for path: '${path}': value was not a proper array index: '${key}': strconv.Atoi: parsing "${key}": invalid syntax`);
  const size = items.length + 1;
  if (idx >= size || idx < -size) throw new JsonPatchError(`error in add for path: '${path}': Unable to access invalid index: ${idx}: invalid index referenced`);
  if (idx < 0) idx += size;
  items.splice(idx, 0, value);
}

function remove(con: Container, key: string): PNode {
  if (con.kind === 'map') {
    const at = con.node.entries.findIndex((e) => e.key.value === key);
    if (at < 0) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
    return con.node.entries.splice(at, 1)[0].value;
  }
  let idx = parseIndex(key);
  if (idx === undefined) throw new JsonPatchError(`strconv.Atoi: parsing "${key}": invalid syntax`);
  const len = con.node.items.length;
  if (idx >= len || idx < -len) throw new JsonPatchError(`Unable to access invalid index: ${idx}: invalid index referenced`);
  if (idx < 0) idx += len;
  return con.node.items.splice(idx, 1)[0];
}

function keyScalar(key: string, from: PNode): PScalar {
  return { kind: 'scalar', value: key, tag: 'string', prov: from.prov };
}

function nullValue(op: JsonOperation): PNode {
  return { kind: 'scalar', value: 'null', tag: 'null', prov: op.node.prov };
}

/**
 * kustomize keeps its own bookkeeping annotations (internal.config.kubernetes.io/...) on every
 * resource while it builds and strips them on output, so `metadata.annotations` exists when a JSON
 * patch runs: `add /metadata/annotations/KEY` works on a resource that has none
 * (GoogleCloudPlatform/bank-of-anthos iac/acm-multienv-cicd-anthos-autopilot overlays add the
 * workload-identity annotation so). Labels have no such map: `add /metadata/labels/KEY` there still
 * fails. Returns the empty map put in place, to take out again if the patch leaves it empty.
 */
function bookkeepingAnnotations(root: PMap): PMap | undefined {
  const metadata = entryOf(root, 'metadata')?.value;
  if (metadata?.kind !== 'map') return undefined;
  const entry = entryOf(metadata, 'annotations');
  if (entry && !(entry.value.kind === 'scalar' && entry.value.tag === 'null')) return undefined;
  const annotations: PMap = { kind: 'map', entries: [], prov: metadata.prov };
  if (entry) entry.value = annotations;
  else metadata.entries.push({ key: keyScalar('annotations', metadata), value: annotations });
  return annotations;
}

/** Takes out the map bookkeepingAnnotations put in place when it is still there and empty, as kustomize's output has no empty annotations. */
function dropBookkeepingAnnotations(root: PMap, annotations: PMap | undefined): void {
  const metadata = entryOf(root, 'metadata')?.value;
  if (!annotations || annotations.entries.length > 0 || metadata?.kind !== 'map') return;
  const at = metadata.entries.findIndex((e) => e.key.value === 'annotations' && e.value === annotations);
  if (at >= 0) metadata.entries.splice(at, 1);
}

/** Applies the operations in order to `root` (mutated); throws JsonPatchError with v4's wording. */
export function applyJsonPatch(root: PMap, ops: readonly JsonOperation[]): void {
  const annotations = bookkeepingAnnotations(root);
  try {
    applyOperations(root, ops);
  } finally {
    dropBookkeepingAnnotations(root, annotations);
  }
}

function applyOperations(root: PMap, ops: readonly JsonOperation[]): void {
  for (const op of ops) {
    const path = op.path ?? 'unknown';
    switch (op.op) {
      case 'add': {
        if (op.path === undefined) throw new JsonPatchError('add operation failed to decode path: missing value');
        const target = findObject(root, path);
        if (!target) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": missing value`);
        const value = op.value ? cloneNode(op.value) : nullValue(op);
        add(target.con, target.key, value, op.value ?? op.node, path);
        break;
      }
      case 'remove': {
        if (op.path === undefined) throw new JsonPatchError('remove operation failed to decode path: missing value');
        const target = findObject(root, path);
        if (!target) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
        try {
          remove(target.con, target.key);
        } catch (error) {
          throw new JsonPatchError(`error in remove for path: '${path}': ${(error as Error).message}`);
        }
        break;
      }
      case 'replace': {
        if (op.path === undefined) throw new JsonPatchError('replace operation failed to decode path: missing value');
        const target = findObject(root, path);
        if (!target) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
        try {
          get(target.con, target.key);
        } catch {
          throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
        }
        set(target.con, target.key, op.value ? cloneNode(op.value) : nullValue(op), op.value ?? op.node);
        break;
      }
      case 'move':
      case 'copy': {
        if (op.from === undefined) throw new JsonPatchError(`${op.op} operation failed to decode from: missing value`);
        const source = findObject(root, op.from);
        if (!source) throw new JsonPatchError(`${op.op} operation does not apply: doc is missing from path: ${op.from}: missing value`);
        let value: PNode | undefined;
        try {
          value = get(source.con, source.key);
          if (op.op === 'move') remove(source.con, source.key);
        } catch (error) {
          throw new JsonPatchError(`error in ${op.op} for path: '${source.key}': ${(error as Error).message}`);
        }
        if (op.path === undefined) throw new JsonPatchError(`${op.op} operation failed to decode path: missing value`);
        const target = findObject(root, path);
        if (!target) throw new JsonPatchError(`${op.op} operation does not apply: doc is missing destination path: ${path}: missing value`);
        const moved = value === undefined ? nullValue(op) : op.op === 'copy' ? cloneNode(value) : value;
        add(target.con, target.key, moved, value ?? op.node, path);
        break;
      }
      case 'test': {
        const target = findObject(root, path);
        if (!target) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}: missing value`);
        let actual: PNode | undefined;
        try {
          actual = get(target.con, target.key);
        } catch (error) {
          throw new JsonPatchError(`error in test for path: '${path}': ${(error as Error).message}`);
        }
        const expected = op.value === undefined ? undefined : toPlain(op.value);
        // v4 passes `value: null` where the path holds nothing or null: the idiom "test that it is not
        // there, then add it" (cluster-api-provider-azure's CI templates add preKubeadmCommands so).
        if (expected === null && (actual === undefined || toPlain(actual) === null)) break;
        if (JSON.stringify(canonical(toPlain(actual))) !== JSON.stringify(canonical(expected))) {
          throw new JsonPatchError(`testing value ${path} failed: test failed`);
        }
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${op.op}`);
    }
  }
}

/** Key-sorted copy, so that map order does not decide equality. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}
