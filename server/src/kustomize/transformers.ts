/**
 * kustomize's builtin transformers configured by kustomization fields: namespace, namePrefix and
 * nameSuffix, labels/commonLabels, commonAnnotations and replicas (api/internal/builtins and
 * api/filters). What each writes carries the provenance of the kustomization field that asked.
 */
import { applyFieldSpec, FieldSpecError, type FieldSpecLike, type Setter } from './fieldspec';
import {
  COMMON_ANNOTATIONS_SPECS, COMMON_LABELS_SPECS, mergeFieldSpecs, NAME_PREFIX_SPECS, NAME_SUFFIX_SPECS, NAMESPACE_SPECS,
  REPLICAS_SPECS, TEMPLATE_LABELS_SPECS,
} from './fieldspecs';
import type { LabelEntry, Pair, ReplicaEntry } from './kustomization';
import { makeScalar, provOf, setField, type PNode, type PScalar, type Provenance } from './pnode';
import { gvkSelected, idKey, isClusterScoped, type Gvk } from './resid';
import type { Resource } from './resource';

/** A message where kustomize fails, with the kustomization node it is about. */
export interface TransformProblem {
  message: string;
  node?: PNode;
}

function scalarSetter(value: string, prov: Provenance, tag: PScalar['tag'] = 'string'): Setter {
  return (node, replace) => {
    if (node.kind !== 'scalar') throw new FieldSpecError(`wrong node kind: expected ScalarNode but got ${node.kind === 'map' ? 'MappingNode' : 'SequenceNode'}`);
    replace(makeScalar(value, prov, tag));
  };
}

function run(problems: TransformProblem[], node: PNode | undefined, apply: () => void): void {
  try {
    apply();
  } catch (error) {
    if (!(error instanceof FieldSpecError)) throw error;
    problems.push({ message: error.message, node });
  }
}

/** The namespace transformer (kustomize's NamespaceTransformer with its default settings). */
export function transformNamespace(resources: Resource[], namespace: PScalar): TransformProblem[] {
  const problems: TransformProblem[] = [];
  const prov = provOf(namespace, 'transformer');
  const set = scalarSetter(namespace.value, prov);
  for (const r of resources) {
    r.storePreviousId();
    const gvk = r.gvk();
    // The namespace field specs less metadata/namespace (always handled below) and, for other
    // apiVersions than v1, metadata/name (only a v1 Namespace is renamed to the namespace).
    const specs = NAMESPACE_SPECS.filter((fs) => fs.path !== 'metadata/namespace' && (r.apiVersion === 'v1' || fs.path !== 'metadata/name'));
    run(problems, namespace, () => {
      if (!isClusterScoped(gvk)) applyFieldSpec(r.root, { path: 'metadata/namespace', create: true }, set, { kind: 'scalar', prov });
      if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') setDefaultSubjectNamespaces(r, namespace.value, prov);
      for (const fs of specs) applyFieldSpec(r.root, fs, set, { kind: 'scalar', prov });
    });
  }
  const seen = new Set<string>();
  for (const r of resources) {
    const key = idKey(r.curId());
    if (seen.has(key)) problems.push({ message: `namespace transformation produces ID conflict: ${key}`, node: namespace });
    seen.add(key);
  }
  return problems;
}

/** Role binding subjects named `default` get the namespace (setRoleBindingSubjects: defaultOnly). */
function setDefaultSubjectNamespaces(r: Resource, namespace: string, prov: Provenance): void {
  const subjects = r.root.entries.find((e) => e.key.value === 'subjects')?.value;
  if (subjects?.kind !== 'seq') return;
  for (const s of subjects.items) {
    if (s.kind !== 'map') continue;
    const name = s.entries.find((e) => e.key.value === 'name')?.value;
    if (name?.kind !== 'scalar' || name.value !== 'default') continue;
    setField(s, 'namespace', makeScalar(namespace, prov), prov);
  }
}

const PREFIX_SKIP: Array<Partial<Gvk>> = [
  { kind: 'CustomResourceDefinition' },
  { group: 'apiregistration.k8s.io', kind: 'APIService' },
  { kind: 'Namespace' },
];

/** namePrefix / nameSuffix. */
export function transformNameAffix(resources: Resource[], affix: PScalar, where: 'prefix' | 'suffix'): TransformProblem[] {
  const problems: TransformProblem[] = [];
  const prov = provOf(affix, 'transformer');
  const specs = where === 'prefix' ? NAME_PREFIX_SPECS : NAME_SUFFIX_SPECS;
  for (const r of resources) {
    const id = r.orgId();
    if (PREFIX_SKIP.some((skip) => gvkSelected(id.gvk, skip))) continue;
    for (const fs of specs) {
      if (!gvkSelected(id.gvk, fs)) continue;
      if (fs.path === 'metadata/name') {
        (where === 'prefix' ? r.prefixes : r.suffixes).push(affix.value);
        r.storePreviousId();
      }
      const setter: Setter = (node, replace) => {
        if (node.kind !== 'scalar') throw new FieldSpecError('wrong node kind: expected ScalarNode');
        replace(makeScalar(where === 'prefix' ? `${affix.value}${node.value}` : `${node.value}${affix.value}`, prov));
      };
      run(problems, affix, () => applyFieldSpec(r.root, fs, setter, { kind: 'scalar', prov }));
    }
  }
  return problems;
}

/** Sets label or annotation pairs (sorted by key, as kustomize does) at every matching field spec. */
function transformPairs(resources: Resource[], pairs: Pair[], specs: FieldSpecLike[], anchor: PNode | undefined): TransformProblem[] {
  const problems: TransformProblem[] = [];
  const sorted = [...pairs].sort((a, b) => (a.key.value < b.key.value ? -1 : a.key.value > b.key.value ? 1 : 0));
  for (const r of resources) {
    for (const pair of sorted) {
      const keyProv = provOf(pair.key, 'transformer');
      const valueProv = provOf(pair.value, 'transformer');
      const setter: Setter = (node) => {
        if (node.kind !== 'map') throw new FieldSpecError(`wrong node kind: expected MappingNode but got ${node.kind === 'seq' ? 'SequenceNode' : 'ScalarNode'}`);
        setField(node, pair.key.value, makeScalar(pair.value.value, valueProv), keyProv);
      };
      for (const fs of specs) run(problems, anchor ?? pair.key, () => applyFieldSpec(r.root, fs, setter, { kind: 'map', prov: keyProv }));
    }
  }
  return problems;
}

/** A `labels:` entry: metadata only, or templates too, or selectors too, plus its own fields. */
export function transformLabelEntry(resources: Resource[], entry: LabelEntry): TransformProblem[] {
  let specs: FieldSpecLike[] = entry.fields;
  if (entry.includeSelectors) specs = mergeFieldSpecs(specs, COMMON_LABELS_SPECS);
  else {
    if (entry.includeTemplates) specs = mergeFieldSpecs(specs, TEMPLATE_LABELS_SPECS);
    specs = mergeFieldSpecs(specs, [{ path: 'metadata/labels', create: true }]);
  }
  return transformPairs(resources, entry.pairs, specs, entry.node);
}

export function transformCommonLabels(resources: Resource[], pairs: Pair[]): TransformProblem[] {
  return transformPairs(resources, pairs, COMMON_LABELS_SPECS, undefined);
}

export function transformCommonAnnotations(resources: Resource[], pairs: Pair[]): TransformProblem[] {
  return transformPairs(resources, pairs, COMMON_ANNOTATIONS_SPECS, undefined);
}

/** A `replicas:` entry: the count on every workload of that name (any of its ids). */
export function transformReplicas(resources: Resource[], entry: ReplicaEntry): TransformProblem[] {
  const problems: TransformProblem[] = [];
  const prov = provOf(entry.countNode, 'transformer');
  let found = false;
  for (const fs of REPLICAS_SPECS) {
    const matches = resources.filter((r) => r.allIds().some((id) => id.name === entry.name && gvkSelected(id.gvk, fs)));
    if (matches.length === 0) continue;
    found = true;
    for (const r of matches) {
      run(problems, entry.node, () => applyFieldSpec(r.root, fs, scalarSetter(String(entry.count), prov, 'number'), { kind: 'scalar', prov }));
    }
  }
  if (!found) {
    const gvks = REPLICAS_SPECS.map((fs) => `${fs.kind}.[noVer].[noGrp]`).join(' ');
    problems.push({ message: `resource with name ${entry.name} does not match a config with the following GVK [${gvks}]`, node: entry.node });
  }
  return problems;
}
