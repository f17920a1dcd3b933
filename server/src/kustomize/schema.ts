/**
 * Navigation of the Kubernetes schema kustomize's strategic merge consults (kyaml openapi
 * ResourceSchema: Field, Elements, PatchStrategyAndKeyList), over the generated table.
 */
import { DEFINITIONS, RESOURCE_TYPES, type SchemaField } from './schema/patch-schema.generated';

export type SchemaNode =
  | { t: 'obj'; def: string }
  | { t: 'map'; values: SchemaNode }
  | { t: 'list'; items: SchemaNode; strategy?: string; keys?: readonly string[] }
  | { t: 'prim' };

const PRIM: SchemaNode = { t: 'prim' };
const nodes = new Map<SchemaField, SchemaNode>();

function fromField(f: SchemaField): SchemaNode {
  let done = nodes.get(f);
  if (done) return done;
  const ref: SchemaNode = f[1] ? { t: 'obj', def: f[1] } : PRIM;
  if (f[0] === 'o') done = ref;
  else if (f[0] === 'm') done = { t: 'map', values: ref };
  else done = f.length === 4 ? { t: 'list', items: ref, strategy: f[2], keys: f[3] } : { t: 'list', items: ref };
  nodes.set(f, done);
  return done;
}

/** The schema of a built-in type (kyaml's SchemaForResourceType), by exact apiVersion and kind. */
export function schemaForType(apiVersion: string, kind: string): SchemaNode | undefined {
  const def = RESOURCE_TYPES[`${apiVersion}|${kind}`];
  return def ? { t: 'obj', def } : undefined;
}

/** ResourceSchema.Field: a property, or the value schema of a map. */
export function fieldSchema(s: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!s) return undefined;
  if (s.t === 'map') return s.values;
  if (s.t !== 'obj') return undefined;
  const f = DEFINITIONS[s.def]?.[key];
  return f ? fromField(f) : undefined;
}

/** ResourceSchema.Elements: the item schema of a list. */
export function elementSchema(s: SchemaNode | undefined): SchemaNode | undefined {
  return s?.t === 'list' ? s.items : undefined;
}

/** schema.IsAssociative for a known schema: its patch strategy includes `merge`. */
export function isAssociative(s: SchemaNode | undefined): boolean {
  return s?.t === 'list' && (s.strategy ?? '').split(',').includes('merge');
}

export function mergeKeys(s: SchemaNode | undefined): readonly string[] {
  return s?.t === 'list' ? s.keys ?? [] : [];
}
