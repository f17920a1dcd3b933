/**
 * Strategic merge exactly as kustomize does it (kyaml merge2 over walk, patch prepended to lists),
 * not as the API server does: lists whose schema says `merge` are merged by their keys, with the
 * patch's elements first and the resource's others after; other lists and every list of a custom
 * resource are replaced; `null` deletes; `$patch: delete|replace|merge` directives are honoured on
 * maps and lists; `$setElementOrder`, `$retainKeys` and `$deleteFromPrimitiveList` are not
 * understood by kustomize and land in the output as plain keys, here too. New keys are appended in
 * sorted order. The resource's nodes are merged in place; the patch's nodes keep their provenance.
 */
import { entryOf, isMissingOrNull, makeScalar, type PEntry, type PMap, type PNode, type PSeq } from './pnode';
import { elementSchema, fieldSchema, isAssociative, mergeKeys, schemaForType, type SchemaNode } from './schema';

export class MergeError extends Error {}

const CLEAR = Symbol('clear');
type Walked = PNode | undefined | typeof CLEAR;

const KIND_NAMES = { map: 'MappingNode', seq: 'SequenceNode', scalar: 'ScalarNode' } as const;

/**
 * Merges `patch` into `dest` (mutated) and returns the result: undefined when the patch deletes the
 * whole resource. Throws MergeError where kustomize fails.
 */
export function strategicMerge(dest: PMap, patch: PMap): PNode | undefined {
  const merger = new Merger();
  const out = merger.walk(dest, patch, undefined);
  return out === CLEAR ? undefined : out;
}

class Merger {
  /** Nulls a merge keeps (kyaml's persistent null: `key: null` in the resource, untouched by the patch). */
  private readonly persistent = new Set<PNode>();

  walk(dest: PNode | undefined, origin: PNode | undefined, inherited: SchemaNode | undefined): Walked {
    const schema = inherited ?? schemaFromMeta(dest) ?? schemaFromMeta(origin);
    const kind = [dest, origin].find((s) => !isMissingOrNull(s))?.kind;
    if (kind) {
      for (const s of [dest, origin]) {
        if (s && !isMissingOrNull(s) && s.kind !== kind) {
          throw new MergeError(`wrong node kind: expected ${KIND_NAMES[kind]} but got ${KIND_NAMES[s.kind]}: node contents:\n${contents(s)}`);
        }
      }
    }
    if (kind === 'seq') return isAssociative(schema) ? this.walkAssociative(dest, origin, schema) : origin ?? dest;
    if (kind === 'scalar') return origin ?? dest;
    return this.walkMap(dest, origin, schema);
  }

  private visitMap(dest: PNode | undefined, origin: PNode | undefined): Walked {
    if (isMissingOrNull(dest)) {
      if (directive(origin, false) === 'delete') return CLEAR;
      if (origin === undefined && dest !== undefined && dest.kind === 'scalar' && dest.value !== '') {
        this.persistent.add(dest);
        return dest;
      }
      return origin;
    }
    if (origin && origin.kind === 'scalar' && origin.tag === 'null') return CLEAR;
    const d = directive(origin, true);
    if (d === 'delete') return CLEAR;
    if (d === 'replace') return origin;
    return dest;
  }

  private walkMap(dest: PNode | undefined, origin: PNode | undefined, schema: SchemaNode | undefined): Walked {
    const d = this.visitMap(dest, origin);
    if (d === undefined || d === CLEAR || d.kind !== 'map') return d;
    const originMap = origin?.kind === 'map' ? origin : undefined;
    const destIndex = indexOf(d);
    const originIndex = originMap === d ? destIndex : originMap ? indexOf(originMap) : undefined;
    const names = new Set<string>(destIndex.keys());
    if (originIndex) for (const name of originIndex.keys()) names.add(name);
    const removed = new Set<PEntry>();
    const appended: PEntry[] = [];
    for (const name of [...names].sort(byteOrder)) {
      const destEntry = destIndex.get(name);
      const originEntry = originIndex?.get(name);
      const value = this.walk(destEntry?.value, originEntry?.value, fieldSchema(schema, name));
      // kyaml's FieldSetter: nothing or a plain null removes the field; a new field is appended.
      if (value === undefined || value === CLEAR || (isMissingOrNull(value) && !this.persistent.has(value))) {
        if (destEntry) removed.add(destEntry);
      } else if (destEntry) destEntry.value = value;
      else if (originEntry) appended.push({ key: { ...originEntry.key }, value });
    }
    if (removed.size > 0) d.entries = d.entries.filter((e) => !removed.has(e));
    if (appended.length > 0) d.entries.push(...appended);
    return d;
  }

  private visitAssociativeList(dest: PNode | undefined, origin: PNode | undefined): Walked {
    if (isMissingOrNull(dest)) return origin;
    if (origin && origin.kind === 'scalar' && origin.tag === 'null') return CLEAR;
    const d = directive(origin, true);
    if (d === 'delete') return CLEAR;
    if (d === 'replace') return origin;
    return dest;
  }

  private walkAssociative(dest: PNode | undefined, origin: PNode | undefined, schema: SchemaNode | undefined): Walked {
    const d = this.visitAssociativeList(dest, origin);
    if (d === undefined || d === CLEAR || d.kind !== 'seq') return d;
    const sources: Array<PNode | undefined> = [d, origin];
    const keys = mergeKeys(schema);
    const values = elementValues(sources, keys);
    if (values.length > 0 || keys.length > 0) return this.setElements(values, keys, d, sources, schema);
    return this.setElements(primitiveValues(sources), [''], d, sources, schema);
  }

  /** kyaml's setAssociativeSequenceElements with ListIncreaseDirection = prepend. */
  private setElements(valuesList: string[][], keys: readonly string[], dest: PSeq, sources: Array<PNode | undefined>, schema: SchemaNode | undefined): Walked {
    const items: PSeq = { kind: 'seq', items: [], prov: dest.prov };
    const elements = elementSchema(schema);
    if (keys.length > 1) valuesList = mergeValues(valuesList);
    let validKeys: string[] = [];
    let validValues: string[] = [];
    for (const values of valuesList) {
      if (values.length === 0) continue;
      [validKeys, validValues] = validateKeys(valuesList, values, keys);
      const [listKeys, listValues] = validateKeys([validValues], validValues, validKeys);
      const val = this.walk(elementList(sources[0], listKeys, listValues), elementList(sources[1], listKeys, listValues), elements);
      let exit = false;
      for (let i = 0; i < validKeys.length; i++) {
        if (val === undefined || val === CLEAR || isMissingOrNull(val) || (val.kind === 'map' && val.entries.length === 0)) {
          elementSetter(dest, undefined, validKeys, validValues);
          exit = true;
        } else if (val.kind === 'map' && !entryOf(val, validKeys[i]) && validValues[i] !== '') {
          val.entries.push({ key: makeScalar(validKeys[i], val.prov), value: makeScalar(validValues[i], val.prov) });
        }
      }
      if (exit || val === CLEAR) continue;
      elementSetter(items, val, validKeys, validValues);
    }
    let out: PSeq = dest;
    if (valuesList.length > 0) out = appendListNode(items, dest, validKeys);
    if (isMissingOrNull(out)) return undefined;
    return out;
  }
}

function indexOf(map: PMap): Map<string, PEntry> {
  const index = new Map<string, PEntry>();
  for (const e of map.entries) if (!index.has(e.key.value)) index.set(e.key.value, e);
  return index;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function schemaFromMeta(node: PNode | undefined): SchemaNode | undefined {
  if (node?.kind !== 'map') return undefined;
  const apiVersion = entryOf(node, 'apiVersion')?.value;
  const kind = entryOf(node, 'kind')?.value;
  if (apiVersion?.kind !== 'scalar' || kind?.kind !== 'scalar' || !apiVersion.value || !kind.value) return undefined;
  return schemaForType(apiVersion.value, kind.value);
}

/**
 * The `$patch` directive of a patch node, removed from it once read. Unknown directives are errors
 * (ignored, like kyaml, when `strict` is off).
 */
function directive(patch: PNode | undefined, strict: boolean): 'merge' | 'delete' | 'replace' | 'unknown' {
  if (!patch) return 'merge';
  if (patch.kind === 'map') {
    const e = entryOf(patch, '$patch');
    if (!e || e.value.kind !== 'scalar') return 'merge';
    const v = e.value.value;
    if (v === 'delete' || v === 'replace' || v === 'merge') {
      patch.entries = patch.entries.filter((x) => x !== e);
      return v;
    }
    if (strict) throw new MergeError(`unknown patch strategy '${v}'`);
    return 'unknown';
  }
  if (patch.kind === 'seq') {
    const holder = patch.items.find((i) => i.kind === 'map' && entryOf(i, '$patch')) as PMap | undefined;
    if (!holder || holder.entries.length > 1) return 'merge';
    const value = entryOf(holder, '$patch')?.value;
    if (!value || value.kind !== 'scalar') return 'merge';
    const v = value.value;
    if (v === 'delete' || v === 'replace' || v === 'merge') {
      elementSetter(patch, undefined, ['$patch'], [v]);
      return v;
    }
    if (strict) throw new MergeError(`unknown patch strategy '${v}'`);
    return 'unknown';
  }
  if (strict) throw new MergeError(`no implemented strategic merge patch strategy for '${patch.tag === 'null' ? '!!null' : '!!str'}' ('${patch.value}')`);
  return 'unknown';
}

/** yaml.Node.Value of a node: the scalar's text, '' for collections. */
function nodeValue(n: PNode | undefined): string {
  return n?.kind === 'scalar' ? n.value : '';
}

/** The value of field `key` of an element, '' when missing, null or empty (ElementValuesList). */
function keyValue(elem: PNode, key: string): string {
  if (elem.kind !== 'map') return '';
  const v = entryOf(elem, key)?.value;
  if (!v || isMissingOrNull(v)) return '';
  return nodeValue(v);
}

function sameTuple(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The key tuples of the patch's elements, then the resource's (prepend order), without repeats. */
function elementValues(sources: Array<PNode | undefined>, keys: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const src of [sources[1], sources[0]]) {
    if (src?.kind !== 'seq') continue;
    for (const elem of src.items) {
      const tuple = keys.map((k) => keyValue(elem, k));
      if (tuple.length === 0 || out.some((t) => sameTuple(t, tuple))) continue;
      out.push(tuple);
    }
  }
  return out;
}

function primitiveValues(sources: Array<PNode | undefined>): string[][] {
  const out: string[][] = [];
  const seen = new Set<string>();
  for (const src of [sources[1], sources[0]]) {
    if (src?.kind !== 'seq') continue;
    for (const item of src.items) {
      const v = nodeValue(item);
      if (seen.has(v)) continue;
      seen.add(v);
      out.push([v]);
    }
  }
  return out;
}

function mergeValues(valuesList: string[][]): string[][] {
  for (let i = 0; i < valuesList.length; i++) {
    for (let j = 0; j < valuesList.length; j++) {
      const merged = matchTuples(valuesList[i], valuesList[j]);
      if (merged) {
        valuesList[i] = merged;
        valuesList[j] = merged;
      }
    }
  }
  return valuesList;
}

function matchTuples(a: string[], b: string[]): string[] | undefined {
  if (a.length !== b.length) return undefined;
  let common = false;
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) {
      common = true;
      out.push(a[i]);
      continue;
    }
    if (a[i] !== '' && b[i] !== '') return undefined;
    out.push(a[i] !== '' ? a[i] : b[i]);
  }
  return common ? out : undefined;
}

/** kyaml's validateKeys: only the keys some element sets (all of them when none does). */
function validateKeys(valuesList: string[][], values: string[], keys: readonly string[]): [string[], string[]] {
  const valid = new Set<string>();
  for (const tuple of valuesList) tuple.forEach((v, i) => { if (v !== '') valid.add(keys[i]); });
  if (valid.size === 0) return [[...keys], [...values]];
  const validKeys = keys.filter((k) => valid.has(k));
  const validValues = values.filter((v, i) => v !== '' || valid.has(keys[i]));
  return [validKeys, validValues];
}

/** ElementMatcher: the first element whose keys have exactly these values ('' key: a primitive equal to the value). */
function elementList(src: PNode | undefined, keys: readonly string[], values: readonly string[]): PNode | undefined {
  if (src?.kind !== 'seq') return undefined;
  const k = keys.length > 0 ? keys : [''];
  const v = values.length > 0 ? values : [''];
  if (k[0] === '') return src.items.find((i) => nodeValue(i) === v[0]);
  return src.items.find((elem) => elem.kind === 'map' && k.every((key, i) => {
    const f = entryOf(elem, key)?.value;
    return f !== undefined && nodeValue(f) === v[i];
  }));
}

/** FieldMatcher{Name, StringValue}: the field (with that value when one is given). */
function fieldMatches(elem: PNode, name: string, value: string): boolean {
  if (isMissingOrNull(elem)) return false;
  if (name === '') return elem.kind === 'scalar' && elem.value === value;
  if (elem.kind !== 'map') return false;
  const f = entryOf(elem, name)?.value;
  if (!f) return false;
  return value === '' || nodeValue(f) === value;
}

/** kyaml's ElementSetter: replaces (or with no element, removes) the matching elements; appends when none matched. */
function elementSetter(list: PSeq, element: PNode | undefined, keysIn: readonly string[], values: readonly string[]): void {
  const keys = keysIn.length > 0 ? keysIn : [''];
  const mappingSetter = keys[0] !== '' && values.length > 0 && values[0] !== '';
  const next: PNode[] = [];
  let found = false;
  for (const elem of list.items) {
    if (isMissingOrNull(elem) || (elem.kind === 'map' && elem.entries.length === 0)) continue;
    if (elem.kind !== 'map' && mappingSetter) {
      next.push(elem);
      continue;
    }
    let matched = true;
    for (let j = 0; j < keys.length && j < values.length; j++) {
      if (!fieldMatches(elem, keys[j], values[j])) {
        matched = false;
        break;
      }
    }
    if (!matched) {
      if (values.length > 0) next.push(elem);
      continue;
    }
    found = true;
    if (element) next.push(element);
  }
  list.items = next;
  if (!element || isMissingOrNull(element)) return;
  if (!found) list.items.push(element);
}

/** appendListNode(itemsToBeAdded, dest): the resource's elements set into the merged list. */
function appendListNode(dst: PSeq, src: PSeq, keys: readonly string[]): PSeq {
  // The resource's elements were merged in place: with one key, those already in the list would
  // only replace themselves (with several keys kyaml removes and re-appends them: no shortcut).
  const present = keys.length <= 1 ? new Set(dst.items) : undefined;
  for (const elem of [...src.items]) {
    if (present?.has(elem) && !isMissingOrNull(elem) && !(elem.kind === 'map' && elem.entries.length === 0)) continue;
    if (keys.length > 0 && keys[0] === '') {
      elementSetter(dst, elem, [''], [nodeValue(elem)]);
      continue;
    }
    const v: string[] = [];
    for (const key of keys) {
      const field = elem.kind === 'map' ? entryOf(elem, key)?.value : undefined;
      if (!field) {
        dst.items.push(elem);
        continue;
      }
      v.push(nodeValue(field));
    }
    if (keys.length > 1) elementSetter(dst, undefined, keys, v);
    elementSetter(dst, elem, keys, v);
  }
  return dst;
}

/** A short rendering of a node for error messages. */
function contents(node: PNode): string {
  if (node.kind === 'scalar') return node.value;
  const text = JSON.stringify(toShort(node));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function toShort(node: PNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toShort);
  return Object.fromEntries(node.entries.map((e) => [e.key.value, toShort(e.value)]));
}

