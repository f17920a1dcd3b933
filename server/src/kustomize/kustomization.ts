/**
 * Finding and reading a kustomization file the way kustomize does (api/internal/target
 * KustTarget.Load and types.Kustomization): exactly one of the recognised names, strict fields,
 * `bases` appended to `resources`, `imageTags` to `images`, kind and apiVersion checked. Every
 * value keeps its node, so problems and provenance point at the line that holds it.
 */
import { Decoder, type FieldPath } from './decode';
import { joinPath } from './paths';
import { IDENTITY_MAP, instantiate, parseTemplates, type PMap, type PNode, type PScalar } from './pnode';
import type { ResId } from './resid';
import { KUSTOMIZATION_FILE_NAMES, type KustomizeSource } from './source';

export const KUSTOMIZATION_VERSION = 'kustomize.config.k8s.io/v1beta1';
export const COMPONENT_VERSION = 'kustomize.config.k8s.io/v1alpha1';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface PatchEntry {
  /** The entry in the kustomization (for messages). */
  node: PNode;
  path?: PScalar;
  /** Inline patch text (a block scalar of the kustomization). */
  patch?: PScalar;
  target?: Selector;
  allowNameChange: boolean;
  allowKindChange: boolean;
}

export interface FieldSpec {
  group?: string;
  version?: string;
  kind?: string;
  path: string;
  create: boolean;
}

export interface Pair {
  key: PScalar;
  value: PScalar;
}

export interface LabelEntry {
  node: PNode;
  pairs: Pair[];
  includeSelectors: boolean;
  includeTemplates: boolean;
  fields: FieldSpec[];
}

export interface ImageEntry {
  node: PMap;
  name: string;
  newName: string;
  newTag: string;
  digest: string;
  tagSuffix: string;
}

export interface ReplicaEntry {
  node: PMap;
  name: string;
  count: number;
  countNode: PScalar;
}

export interface SortOptions {
  order: string;
  orderFirst?: string[];
  orderLast?: string[];
  node: PNode;
}

/** A field archlens reads but does not build, and why. */
export interface IgnoredField {
  key: PScalar;
  value: PNode;
  kind: 'helm-chart' | 'ignored';
  reason: string;
}

export interface Kustomization {
  dir: string;
  file: string;
  text: string;
  kind: 'Kustomization' | 'Component';
  /** `resources` then `bases` (kustomize's FixKustomization). */
  resources: PScalar[];
  components: PScalar[];
  crds: PScalar[];
  namespace?: PScalar;
  namePrefix?: PScalar;
  nameSuffix?: PScalar;
  commonLabels: Pair[];
  labels: LabelEntry[];
  commonAnnotations: Pair[];
  images: ImageEntry[];
  replicas: ReplicaEntry[];
  patches: PatchEntry[];
  patchesStrategicMerge: PScalar[];
  patchesJson6902: PatchEntry[];
  sortOptions?: SortOptions;
  ignored: IgnoredField[];
  /** Ids the (ignored) configMap/secret generators would make: patches may target them. */
  generated: ResId[];
  /** `helmCharts` and legacy `helmChartInflationGenerator` entries, and `helmGlobals`. */
  helmCharts: PNode[];
  helmGlobals?: PNode;
}

export interface LoadError {
  message: string;
  /** The node the message is about, when there is one. */
  node?: PNode;
}

export type FindResult = { file: string; text: string } | { error: string };

/** kustomize's LoadKustFile: exactly one recognised kustomization file in `dir`. */
export function findKustomizationFile(source: KustomizeSource, dir: string): FindResult {
  let found: { file: string; text: string } | undefined;
  let count = 0;
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = joinPath(dir, name);
    const text = source.read(file);
    if (text === undefined) continue;
    count++;
    found = { file, text };
  }
  if (count === 0) {
    return { error: `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${dir}'` };
  }
  if (count > 1 || !found) return { error: `Found multiple kustomization files under: ${dir}` };
  return found;
}

const TOP_FIELDS = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'components', 'crds', 'bases', 'configMapGenerator', 'secretGenerator',
  'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations', 'generators',
  'transformers', 'validators', 'buildMetadata',
] as const;
const IMAGE_FIELDS = ['name', 'newName', 'tagSuffix', 'newTag', 'digest'];
const REPLICA_FIELDS = ['name', 'count'];
const PATCH_FIELDS = ['path', 'patch', 'target', 'options'];
const SELECTOR_FIELDS = ['group', 'version', 'kind', 'name', 'namespace', 'annotationSelector', 'labelSelector'];
const LABEL_FIELDS = ['pairs', 'includeSelectors', 'includeTemplates', 'fields'];
const FIELDSPEC_FIELDS = ['group', 'version', 'kind', 'path', 'create'];
const SORT_FIELDS = ['order', 'legacySortOptions'];
const LEGACY_SORT_FIELDS = ['orderFirst', 'orderLast'];

/** Why each field archlens does not build is left out. */
const IGNORED: Record<string, { kind: 'helm-chart' | 'ignored'; reason: string }> = {
  configMapGenerator: { kind: 'ignored', reason: 'generated ConfigMaps carry no architecture' },
  secretGenerator: { kind: 'ignored', reason: 'generated Secrets carry no architecture' },
  generatorOptions: { kind: 'ignored', reason: 'generator options apply to the generators, which are not run' },
  generators: { kind: 'ignored', reason: 'generator plugins are not run' },
  transformers: { kind: 'ignored', reason: 'transformer plugin configurations are not run' },
  validators: { kind: 'ignored', reason: 'validators are not run' },
  vars: { kind: 'ignored', reason: 'vars are not substituted' },
  replacements: { kind: 'ignored', reason: 'replacements are not applied' },
  configurations: { kind: 'ignored', reason: 'custom transformer configurations are not read' },
  crds: { kind: 'ignored', reason: 'CRD schemas only extend name references, which carry no architecture' },
  openapi: { kind: 'ignored', reason: 'custom OpenAPI schemas are not read' },
  buildMetadata: { kind: 'ignored', reason: 'build metadata annotations carry no architecture' },
  helmCharts: { kind: 'helm-chart', reason: 'needs the Helm engine (not rendered yet)' },
  helmChartInflationGenerator: { kind: 'helm-chart', reason: 'needs the Helm engine (not rendered yet)' },
  helmGlobals: { kind: 'helm-chart', reason: 'needs the Helm engine (not rendered yet)' },
};

export interface LoadedKustomization {
  kustomization: Kustomization;
  errors: LoadError[];
}

/**
 * Reads the kustomization of `dir`. Like kustomize, errors name the first thing wrong; unlike it,
 * reading goes on, so what is valid is still built. Undefined (with the error) only when there is
 * no single kustomization file or it is not YAML.
 */
export function loadKustomization(source: KustomizeSource, dir: string): { loaded?: LoadedKustomization; file?: string; error?: LoadError } {
  const found = findKustomizationFile(source, dir);
  if ('error' in found) return { error: { message: found.error } };
  const { file, text } = found;
  const docs = parseTemplates(text);
  const errors: LoadError[] = [];
  const firstError = docs.flatMap((d) => d.errors)[0];
  if (firstError) {
    return { file, error: { message: `invalid Kustomization: yaml: ${firstError.message}` } };
  }
  const rootTemplate = docs.find((d) => d.root)?.root;
  const root = rootTemplate ? instantiate(rootTemplate, file, IDENTITY_MAP, 'transformer') : undefined;
  const k: Kustomization = {
    dir, file, text, kind: 'Kustomization', resources: [], components: [], crds: [], commonLabels: [], labels: [],
    commonAnnotations: [], images: [], replicas: [], patches: [], patchesStrategicMerge: [], patchesJson6902: [],
    ignored: [], generated: [], helmCharts: [],
  };
  if (root === undefined || root.kind !== 'map') {
    if (root) errors.push({ message: `invalid Kustomization: json: cannot unmarshal ${root.kind === 'seq' ? 'array' : 'string'} into Go value of type types.Kustomization`, node: root });
    else errors.push({ message: 'kustomization.yaml is empty' });
    return { file, loaded: { kustomization: k, errors } };
  }
  const d = new Decoder();
  const top = d.fieldsOf(root, TOP_FIELDS);
  const at = (path: string, struct = 'Kustomization'): FieldPath => ({ struct, path });

  const apiVersion = d.string(top.get('apiVersion'), at('apiVersion'))?.value ?? '';
  const kind = d.string(top.get('kind'), at('kind'))?.value ?? '';
  k.kind = kind === 'Component' ? 'Component' : 'Kustomization';
  k.resources = [...d.stringList(top.get('resources'), at('resources')) ?? [], ...d.stringList(top.get('bases'), at('bases')) ?? []];
  k.components = d.stringList(top.get('components'), at('components')) ?? [];
  k.crds = d.stringList(top.get('crds'), at('crds')) ?? [];
  k.namespace = nonEmpty(d.string(top.get('namespace'), at('namespace')));
  k.namePrefix = nonEmpty(d.string(top.get('namePrefix'), at('namePrefix')));
  k.nameSuffix = nonEmpty(d.string(top.get('nameSuffix'), at('nameSuffix')));
  k.commonLabels = d.stringMap(top.get('commonLabels'), at('commonLabels')) ?? [];
  k.commonAnnotations = d.stringMap(top.get('commonAnnotations'), at('commonAnnotations')) ?? [];
  k.labels = d.list(top.get('labels'), at('labels'), 'types.Label', (n) => readLabel(d, n)) ?? [];
  k.images = [
    ...d.list(top.get('images'), at('images'), 'types.Image', (n) => readImage(d, n, 'images')) ?? [],
    ...d.list(top.get('imageTags'), at('imageTags'), 'types.Image', (n) => readImage(d, n, 'imageTags')) ?? [],
  ];
  k.replicas = d.list(top.get('replicas'), at('replicas'), 'types.Replica', (n) => readReplica(d, n)) ?? [];
  k.patches = d.list(top.get('patches'), at('patches'), 'types.Patch', (n) => readPatch(d, n, 'patches')) ?? [];
  k.patchesJson6902 = d.list(top.get('patchesJson6902'), at('patchesJson6902'), 'types.Patch', (n) => readPatch(d, n, 'patchesJson6902')) ?? [];
  k.patchesStrategicMerge = d.stringList(top.get('patchesStrategicMerge'), at('patchesStrategicMerge')) ?? [];
  k.sortOptions = readSortOptions(d, top.get('sortOptions'));
  k.generated = generatedIds(top);
  for (const field of ['helmCharts', 'helmChartInflationGenerator']) {
    const list = top.get(field);
    if (list?.kind === 'seq') k.helmCharts.push(...list.items.filter((i) => i.kind === 'map'));
  }
  k.helmGlobals = top.get('helmGlobals');

  for (const entry of root.entries) {
    const why = IGNORED[entry.key.value];
    if (!why || entry.value.kind === 'scalar') continue;
    k.ignored.push({ key: entry.key, value: entry.value, kind: why.kind, reason: why.reason });
  }

  for (const e of d.errors) errors.push({ message: `invalid Kustomization: ${e.message}`, node: e.node });
  if (isEmpty(root)) errors.push({ message: 'kustomization.yaml is empty' });
  else errors.push(...enforceFields(dir, kind, apiVersion, top));
  return { file, loaded: { kustomization: k, errors } };
}

function nonEmpty(s: PScalar | undefined): PScalar | undefined {
  return s && s.value !== '' ? s : undefined;
}

/** kustomize's CheckEmpty: nothing set but apiVersion and kind (null values set nothing). */
function isEmpty(root: PMap): boolean {
  return root.entries.every((e) => e.key.value === 'apiVersion' || e.key.value === 'kind' || (e.value.kind === 'scalar' && e.value.tag === 'null'));
}

/** kustomize's EnforceFields, after FixKustomization filled the defaults. */
function enforceFields(dir: string, kind: string, apiVersion: string, top: Map<string, PNode>): LoadError[] {
  const errs: string[] = [];
  const effectiveKind = kind || 'Kustomization';
  if (effectiveKind !== 'Kustomization' && effectiveKind !== 'Component') errs.push('kind should be Kustomization or Component');
  const required = effectiveKind === 'Component' ? COMPONENT_VERSION : KUSTOMIZATION_VERSION;
  if (apiVersion !== '' && apiVersion !== required) errs.push(`apiVersion for ${effectiveKind} should be ${required}`);
  if (errs.length === 0) return [];
  const node = errs[0].startsWith('kind') ? top.get('kind') : top.get('apiVersion');
  return [{ message: `Failed to read kustomization file under ${dir}:\n${errs.join('\n')}`, node }];
}

function readImage(d: Decoder, n: PNode, field: string): ImageEntry | undefined {
  const f = d.struct(n, { struct: 'Kustomization', path: field }, 'types.Image', IMAGE_FIELDS);
  if (!f || n.kind !== 'map') return undefined;
  const s = (name: string) => d.string(f.get(name), { struct: 'Image', path: `${field}.${name}` })?.value ?? '';
  return { node: n, name: s('name'), newName: s('newName'), newTag: s('newTag'), digest: s('digest'), tagSuffix: s('tagSuffix') };
}

function readReplica(d: Decoder, n: PNode): ReplicaEntry | undefined {
  const f = d.struct(n, { struct: 'Kustomization', path: 'replicas' }, 'types.Replica', REPLICA_FIELDS);
  if (!f || n.kind !== 'map') return undefined;
  const name = d.string(f.get('name'), { struct: 'Replica', path: 'replicas.name' })?.value ?? '';
  const count = d.int(f.get('count'), { struct: 'Replica', path: 'replicas.count' });
  if (!count) return undefined;
  return { node: n, name, count: count.value, countNode: count.node };
}

function readSelector(d: Decoder, n: PNode | undefined, field: string): Selector | undefined {
  const f = d.struct(n, { struct: 'Patch', path: `${field}.target` }, 'types.Selector', SELECTOR_FIELDS);
  if (!f) return undefined;
  const out: Selector = {};
  for (const key of SELECTOR_FIELDS) {
    const v = d.string(f.get(key), { struct: 'Selector', path: `${field}.target.${key}` })?.value;
    if (v) (out as Record<string, string>)[key] = v;
  }
  return out;
}

function readPatch(d: Decoder, n: PNode, field: string): PatchEntry | undefined {
  const f = d.struct(n, { struct: 'Kustomization', path: field }, 'types.Patch', PATCH_FIELDS);
  if (!f) return undefined;
  const at = (name: string): FieldPath => ({ struct: 'Patch', path: `${field}.${name}` });
  const entry: PatchEntry = { node: n, allowNameChange: false, allowKindChange: false };
  entry.path = nonEmpty(d.string(f.get('path'), at('path')));
  entry.patch = nonEmpty(d.string(f.get('patch'), at('patch')));
  entry.target = readSelector(d, f.get('target'), field);
  const options = f.get('options');
  if (options && options.kind === 'map') {
    for (const e of options.entries) {
      const v = d.bool(e.value, at('options'));
      if (e.key.value === 'allowNameChange') entry.allowNameChange = v === true;
      if (e.key.value === 'allowKindChange') entry.allowKindChange = v === true;
    }
  } else if (options) d.struct(options, at('options'), 'map[string]bool', []);
  return entry;
}

function readLabel(d: Decoder, n: PNode): LabelEntry | undefined {
  const f = d.struct(n, { struct: 'Kustomization', path: 'labels' }, 'types.Label', LABEL_FIELDS);
  if (!f) return undefined;
  const at = (name: string): FieldPath => ({ struct: 'Label', path: `labels.${name}` });
  return {
    node: n,
    pairs: d.stringMap(f.get('pairs'), at('pairs')) ?? [],
    includeSelectors: d.bool(f.get('includeSelectors'), at('includeSelectors')) === true,
    includeTemplates: d.bool(f.get('includeTemplates'), at('includeTemplates')) === true,
    fields: d.list(f.get('fields'), at('fields'), 'types.FieldSpec', (x) => readFieldSpec(d, x)) ?? [],
  };
}

function readFieldSpec(d: Decoder, n: PNode): FieldSpec | undefined {
  const f = d.struct(n, { struct: 'Label', path: 'labels.fields' }, 'types.FieldSpec', FIELDSPEC_FIELDS);
  if (!f) return undefined;
  const at = (name: string): FieldPath => ({ struct: 'FieldSpec', path: `labels.fields.${name}` });
  const s = (name: string) => d.string(f.get(name), at(name))?.value || undefined;
  return { group: s('group'), version: s('version'), kind: s('kind'), path: s('path') ?? '', create: d.bool(f.get('create'), at('create')) === true };
}

function readSortOptions(d: Decoder, n: PNode | undefined): SortOptions | undefined {
  const f = d.struct(n, { struct: 'Kustomization', path: 'sortOptions' }, 'types.SortOptions', SORT_FIELDS);
  if (!f || !n) return undefined;
  const order = d.string(f.get('order'), { struct: 'SortOptions', path: 'sortOptions.order' })?.value ?? '';
  const legacy = d.struct(f.get('legacySortOptions'), { struct: 'SortOptions', path: 'sortOptions.legacySortOptions' }, 'types.LegacySortOptions', LEGACY_SORT_FIELDS);
  const list = (key: string) => d.stringList(legacy?.get(key), { struct: 'LegacySortOptions', path: `sortOptions.legacySortOptions.${key}` })?.map((s) => s.value);
  return { order, orderFirst: legacy ? list('orderFirst') ?? [] : undefined, orderLast: legacy ? list('orderLast') ?? [] : undefined, node: n };
}

/** The ConfigMaps and Secrets the generators would make (name and namespace as written). */
function generatedIds(top: Map<string, PNode>): ResId[] {
  const out: ResId[] = [];
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    const list = top.get(field);
    if (list?.kind !== 'seq') continue;
    for (const item of list.items) {
      if (item.kind !== 'map') continue;
      const name = item.entries.find((e) => e.key.value === 'name')?.value;
      const ns = item.entries.find((e) => e.key.value === 'namespace')?.value;
      if (name?.kind !== 'scalar') continue;
      out.push({ gvk: { group: '', version: 'v1', kind }, name: name.value, namespace: ns?.kind === 'scalar' ? ns.value : '' });
    }
  }
  return out;
}
