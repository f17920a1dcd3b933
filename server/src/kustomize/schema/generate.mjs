#!/usr/bin/env node
/**
 * Generates patch-schema.generated.ts: the part of the Kubernetes OpenAPI schema that kustomize's
 * strategic merge (kyaml merge2/walk) consults — for each built-in resource type, which fields are
 * objects, maps or lists, and which lists merge by key (x-kubernetes-patch-strategy,
 * x-kubernetes-patch-merge-key, x-kubernetes-list-map-keys).
 *
 * Input: the schema kustomize v5 compiles in, kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb from a
 * checkout of kubernetes-sigs/kustomize (tag kustomize/v5.5.0):
 *   node server/src/kustomize/schema/generate.mjs /path/to/kustomize/kyaml/openapi/kubernetesapi/v1_21_2/swagger.pb
 * The file is gnostic's OpenAPI v2 protobuf; it is decoded here from the wire format with the few
 * field numbers it needs (Document.paths = 8 {path = 2}, PathItem.get = 2, Operation.vendor_extension =
 * 13, Document.definitions = 9, NamedSchema {name = 1, value = 2}, Schema
 * {_ref = 1, additional_properties = 21, type = 22, items = 23, properties = 25,
 * vendor_extension = 31}, NamedAny {name = 1, value = 2}, Any {yaml = 2}).
 */
import fs from 'node:fs';
import path from 'node:path';

const input = process.argv[2];
if (!input) {
  console.error('usage: generate.mjs path/to/swagger.pb');
  process.exit(2);
}
const buf = fs.readFileSync(input);

function varint(b, p) {
  let r = 0;
  let mul = 1;
  for (;;) {
    const x = b[p++];
    r += (x & 0x7f) * mul;
    mul *= 128;
    if (!(x & 0x80)) return [r, p];
  }
}
function fields(b) {
  const out = [];
  let p = 0;
  while (p < b.length) {
    let key;
    [key, p] = varint(b, p);
    const f = Math.floor(key / 8);
    const w = key & 7;
    if (w === 0) { let v; [v, p] = varint(b, p); out.push([f, v]); }
    else if (w === 2) { let l; [l, p] = varint(b, p); out.push([f, b.subarray(p, p + l)]); p += l; }
    else if (w === 1) { out.push([f, b.subarray(p, p + 8)]); p += 8; }
    else if (w === 5) { out.push([f, b.subarray(p, p + 4)]); p += 4; }
    else throw new Error(`wire type ${w} at ${p}`);
  }
  return out;
}
const one = (fs_, n) => fs_.find(([f]) => f === n)?.[1];
const all = (fs_, n) => fs_.filter(([f]) => f === n).map(([, v]) => v);
const str = (b) => (b ? b.toString('utf8') : undefined);

/** Parsed Schema: { ref, type, items: Schema, additional: Schema, properties: Map, ext: {} } */
function schemaOf(b) {
  const s = fields(b);
  const out = { ref: str(one(s, 1))?.replace('#/definitions/', ''), ext: {} };
  const type = one(s, 22);
  if (type) out.type = all(fields(type), 1).map(str)[0];
  const items = one(s, 23);
  if (items) { const first = all(fields(items), 1)[0]; if (first) out.items = schemaOf(first); }
  const add = one(s, 21);
  if (add) { const sch = one(fields(add), 1); if (sch) out.additional = schemaOf(sch); }
  const props = one(s, 25);
  if (props) {
    out.properties = new Map();
    for (const named of all(fields(props), 1)) {
      const n = fields(named);
      out.properties.set(str(one(n, 1)), schemaOf(one(n, 2)));
    }
  }
  for (const named of all(s, 31)) {
    const n = fields(named);
    const any = fields(one(n, 2));
    out.ext[str(one(n, 1))] = str(one(any, 2));
  }
  return out;
}

const doc = fields(buf);
const definitions = new Map();
for (const named of all(fields(one(doc, 9)), 1)) {
  const n = fields(named);
  definitions.set(str(one(n, 1)), schemaOf(one(n, 2)));
}

/** The YAML the extensions hold is tiny: a scalar line, or "- a\n- b\n" lists of maps/scalars. */
function yamlScalar(y) { return y.trim().replace(/^['"]|['"]$/g, ''); }
function yamlList(y) { return y.split('\n').filter((l) => l.startsWith('- ')).map((l) => yamlScalar(l.slice(2))); }
function gvks(y) {
  const out = [];
  let cur;
  for (const line of y.split('\n')) {
    const m = /^(- | {2})(group|kind|version): ?(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === '- ') { cur = {}; out.push(cur); }
    cur[m[2]] = yamlScalar(m[3]);
  }
  return out;
}

const types = {};
for (const [name, def] of definitions) {
  const y = def.ext['x-kubernetes-group-version-kind'];
  if (!y) continue;
  for (const g of gvks(y)) {
    const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
    // kyaml indexes the first definition for a type; keep the first.
    types[`${apiVersion}|${g.kind}`] ??= name;
  }
}

/** A field's compact form: [kind, ref?, strategy?, keys?]; kind o = object, m = map, l = list. */
function fieldOf(s) {
  if (s.ref) return ['o', s.ref];
  if (s.type === 'array') {
    const entry = ['l', s.items?.ref ?? ''];
    const strategy = s.ext['x-kubernetes-patch-strategy'];
    if (strategy) {
      entry.push(yamlScalar(strategy));
      const mapKeys = s.ext['x-kubernetes-list-map-keys'];
      const key = s.ext['x-kubernetes-patch-merge-key'];
      entry.push(mapKeys ? yamlList(mapKeys) : key ? [yamlScalar(key)] : []);
    }
    return entry;
  }
  if (s.additional) return ['m', s.additional.ref ?? ''];
  return undefined;
}

const out = {};
const queue = Object.values(types);
const seen = new Set();
while (queue.length) {
  const name = queue.shift();
  if (seen.has(name)) continue;
  seen.add(name);
  const def = definitions.get(name);
  if (!def?.properties) continue;
  const fs_ = {};
  for (const [field, s] of def.properties) {
    const f = fieldOf(s);
    if (!f) continue;
    fs_[field] = f;
    if (f[1]) queue.push(f[1]);
  }
  if (Object.keys(fs_).length) out[name] = fs_;
}

/** Namespace scope, as kyaml's findNamespaceability derives it from the GET paths. */
const namespaced = {};
for (const named of all(fields(one(doc, 8)), 2)) {
  const n = fields(named);
  const route = str(one(n, 1));
  const get = one(fields(one(n, 2)), 2);
  if (!get) continue;
  for (const ext of all(fields(get), 13)) {
    const e = fields(ext);
    if (str(one(e, 1)) !== 'x-kubernetes-group-version-kind') continue;
    const g = {};
    for (const line of str(one(fields(one(e, 2)), 2)).split('\n')) {
      const m = /^(group|kind|version): ?(.*)$/.exec(line);
      if (m) g[m[1]] = yamlScalar(m[2]);
    }
    const key = `${g.group ? `${g.group}/${g.version}` : g.version}|${g.kind}`;
    if (route.includes('namespaces/{namespace}')) namespaced[key] = true;
    else namespaced[key] ??= false;
  }
}
const clusterScoped = Object.keys(namespaced).filter((k) => !namespaced[k]).sort();

const short = (n) => n.replace(/^io\.k8s\./, '');
const shortFields = Object.fromEntries(Object.entries(out).map(([k, v]) => [short(k), Object.fromEntries(Object.entries(v).map(([f, e]) => [f, e[1] ? [e[0], short(e[1]), ...e.slice(2)] : e]))]));
const shortTypes = Object.fromEntries(Object.entries(types).map(([k, v]) => [k, short(v)]));

const target = path.join(path.dirname(new URL(import.meta.url).pathname), 'patch-schema.generated.ts');
fs.writeFileSync(target, `// Generated by generate.mjs from kustomize v5.5.0's compiled-in Kubernetes v1.21.2 OpenAPI schema. Do not edit.
// For each built-in type: its object (o), map (m) and list (l) fields; lists carry kyaml's patch
// strategy and merge keys when the schema gives them.

export type SchemaField = ['o' | 'm', string] | ['l', string] | ['l', string, string, string[]];

/** "apiVersion|kind" → definition. */
export const RESOURCE_TYPES: Record<string, string> = ${JSON.stringify(shortTypes, null, 0)};

/** "apiVersion|kind" of the built-in types that are cluster-scoped (kyaml's IsCertainlyClusterScoped). */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(${JSON.stringify(clusterScoped)});

/** definition → field → shape. */
export const DEFINITIONS: Record<string, Record<string, SchemaField>> = ${JSON.stringify(shortFields, null, 0)};
`);
console.log(`${clusterScoped.length} cluster-scoped types, ${Object.keys(types).length} resource types, ${Object.keys(out).length} definitions → ${target}`);
