/**
 * kustomize's patch transformers: `patches:` (PatchTransformer: strategic merge or JSON 6902,
 * told apart by parsing, with an optional `target` selector), the legacy `patchesStrategicMerge`
 * (by the patch's own id) and `patchesJson6902` (by target). Patch text comes from a file next to
 * the kustomization or from a block scalar inside it; either way its nodes keep their place in the
 * file they were written in.
 */
import { KUSTOMIZE_STOPS, loadRestrictionError, type BuildHost, type Place } from './host';
import { applyJsonPatch, JsonPatchError, readOperations, type JsonOperation } from './json-patch';
import type { Kustomization, PatchEntry, Selector } from './kustomization';
import { parseLabelSelector, selectorMatches } from './label-selector';
import { readDocuments } from './load-resources';
import { joinPath } from './paths';
import { cloneNode, embeddedText, entryOf, IDENTITY_MAP, makeMap, type PEntry, type PMap, type PNode, type PScalar, type RangeMap } from './pnode';
import { effectiveNamespace, idEquals, idString, parseApiVersion, type ResId } from './resid';
import type { Resource } from './resource';
import { schemaForType } from './schema';
import { MergeError, strategicMerge } from './smp';

/** The text of a patch and where it was written. */
interface PatchText {
  text: string;
  file: string;
  map: RangeMap;
  /** How kustomize names the patch in messages: `[path: "x.yaml"]` or `[patch: "…"]`. */
  label: string;
}

type Parsed =
  | { kind: 'smp'; patches: PMap[] }
  | { kind: 'json'; ops: JsonOperation[] }
  | { kind: 'none' };

function placeOf(node: PNode | undefined, k: Kustomization): Place {
  return { file: k.file, node };
}

/** Reads a patch file the kustomization names: in or below its directory unless the load restrictor is off. */
function readPatchFile(host: BuildHost, k: Kustomization, path: PScalar): PatchText | string {
  const file = joinPath(k.dir, path.value);
  const refused = loadRestrictionError(host.loadRestrictor, k.dir, file);
  if (refused) return refused;
  const text = host.readFile(file);
  if (text === undefined) return `lstat ${file}: no such file or directory`;
  return { text, file, map: IDENTITY_MAP, label: `[path: "${path.value}"]` };
}

function inlinePatch(k: Kustomization, node: PScalar): PatchText {
  const embedded = embeddedText(k.text, node);
  // kustomize trims the inline patch; keep the offsets of the trimmed text.
  const lead = embedded.text.length - embedded.text.trimStart().length;
  const text = embedded.text.trim();
  const map: RangeMap = (s, e) => embedded.map(s + lead, e + lead);
  return { text, file: k.file, map, label: `[patch: ${JSON.stringify(text)}]` };
}

/** Parses a patch as kustomize does: strategic merge when every document is a resource, JSON 6902 when it is a list of operations. */
function parsePatch(patch: PatchText): Parsed | string {
  const read = readDocuments(patch.text, patch.file, patch.map, 'patch');
  const { problems } = read;
  if (problems.length > 0) return `unable to parse SM or JSON patch from ${patch.label}: ${problems[0].message}`;
  // A repeated key (kustomize reads patches leniently): JSON 6902 operations are decoded as JSON, where
  // the last value wins; a strategic merge patch walks kyaml's fields, where the first one does.
  const json = read.nodes.length === 1 && read.nodes[0].kind === 'seq';
  const nodes = read.nodes.map((n) => withoutRepeatedKeys(n, json ? 'last' : 'first'));
  if (json) {
    try {
      return { kind: 'json', ops: readOperations(nodes[0]) };
    } catch {
      return `unable to parse SM or JSON patch from ${patch.label}`;
    }
  }
  const maps: PMap[] = [];
  for (const n of nodes) {
    if (n.kind !== 'map') return `unable to parse SM or JSON patch from ${patch.label}`;
    if (n.entries.length === 0) continue;
    const kind = stringOf(n, 'kind');
    const name = stringOf(entryOf(n, 'metadata')?.value, 'name');
    if (!kind || (!name && !kind.endsWith('List'))) return `unable to parse SM or JSON patch from ${patch.label}`;
    maps.push(n);
  }
  return maps.length > 0 ? { kind: 'smp', patches: maps } : { kind: 'none' };
}

/** `node` with one entry per key in every map under it, the first or the last of each (unchanged when no key repeats). */
function withoutRepeatedKeys(node: PNode, keep: 'first' | 'last'): PNode {
  if (node.kind === 'seq') {
    const items = node.items.map((item) => withoutRepeatedKeys(item, keep));
    return items.every((item, i) => item === node.items[i]) ? node : { ...node, items };
  }
  if (node.kind !== 'map') return node;
  const kept = new Map<string, PEntry>();
  for (const entry of node.entries) if (keep === 'last' || !kept.has(entry.key.value)) kept.set(entry.key.value, entry);
  const entries = [...kept.values()].map((entry) => {
    const value = withoutRepeatedKeys(entry.value, keep);
    return value === entry.value ? entry : { ...entry, value };
  });
  const same = entries.length === node.entries.length && entries.every((entry, i) => entry === node.entries[i]);
  return same ? node : { ...node, entries };
}

function stringOf(node: PNode | undefined, key: string): string {
  if (node?.kind !== 'map') return '';
  const v = entryOf(node, key)?.value;
  return v?.kind === 'scalar' && v.tag !== 'null' ? v.value : '';
}

function patchId(patch: PMap): ResId {
  const { group, version } = parseApiVersion(stringOf(patch, 'apiVersion'));
  const meta = entryOf(patch, 'metadata')?.value;
  return { gvk: { group, version, kind: stringOf(patch, 'kind') }, name: stringOf(meta, 'name'), namespace: stringOf(meta, 'namespace') };
}

/** kustomize's resWrangler.Select over a patch `target`. Throws on a bad pattern or label selector. */
export function selectResources(resources: readonly Resource[], selector: Selector): Resource[] {
  const re = (pattern: string | undefined): RegExp | undefined => (pattern ? new RegExp(`^(?:${pattern})$`) : undefined);
  const group = re(selector.group);
  const version = re(selector.version);
  const kind = re(selector.kind);
  const name = re(selector.name);
  const namespace = re(selector.namespace);
  const labels = selector.labelSelector ? parseLabelSelector(selector.labelSelector) : undefined;
  const annotations = selector.annotationSelector ? parseLabelSelector(selector.annotationSelector) : undefined;
  return resources.filter((r) => {
    const cur = r.curId();
    const org = r.orgId();
    if (namespace && !namespace.test(effectiveNamespace(org)) && !namespace.test(effectiveNamespace(cur))) return false;
    if (name && !name.test(org.name) && !name.test(cur.name)) return false;
    if (group && !group.test(cur.gvk.group)) return false;
    if (version && !version.test(cur.gvk.version)) return false;
    if (kind && !kind.test(cur.gvk.kind)) return false;
    if (labels && !selectorMatches(labels, r.labels())) return false;
    if (annotations && !selectorMatches(annotations, r.annotations())) return false;
    return true;
  });
}

function describeSelector(s: Selector): string {
  const parts = Object.entries(s).map(([k, v]) => `${k}: ${v}`);
  return `{${parts.join(', ')}}`;
}

/**
 * Applies a strategic merge patch to one resource as Resource.ApplySmPatch does: the resource keeps
 * its kind, name and namespace unless the patch options allow a change. Returns false when the
 * patch deleted the resource.
 */
function applySmp(r: Resource, patch: PMap, entry: { allowNameChange: boolean; allowKindChange: boolean }): boolean {
  const metadata = entryOf(r.root, 'metadata')?.value;
  const kindNode = entryOf(r.root, 'kind')?.value;
  const nameNode = metadata?.kind === 'map' ? entryOf(metadata, 'name')?.value : undefined;
  const namespaceNode = metadata?.kind === 'map' ? entryOf(metadata, 'namespace')?.value : undefined;
  if (entry.allowNameChange || entry.allowKindChange) r.storePreviousId();
  const merged = strategicMerge(r.root, patch);
  if (merged === undefined || merged.kind !== 'map' || merged.entries.length === 0) return false;
  r.root = merged;
  if (!entry.allowKindChange && kindNode) setTop(r.root, 'kind', kindNode);
  const meta = ensureMap(r.root, 'metadata');
  if (!entry.allowNameChange && nameNode) setTop(meta, 'name', nameNode);
  if (namespaceNode && !(namespaceNode.kind === 'scalar' && namespaceNode.tag === 'null')) setTop(meta, 'namespace', namespaceNode);
  else meta.entries = meta.entries.filter((e) => e.key.value !== 'namespace');
  return true;
}

function setTop(map: PMap, key: string, value: PNode): void {
  const e = entryOf(map, key);
  if (e) e.value = value;
  else map.entries.push({ key: { kind: 'scalar', value: key, tag: 'string', prov: value.prov }, value });
}

function ensureMap(map: PMap, key: string): PMap {
  const e = entryOf(map, key);
  if (e?.value.kind === 'map') return e.value;
  const m = makeMap(map.prov);
  if (e) e.value = m;
  else map.entries.push({ key: { kind: 'scalar', value: key, tag: 'string', prov: map.prov }, value: m });
  return m;
}

/** A copy of `patch` addressed to `r` (kustomize sets the target's apiVersion on it). */
function patchFor(r: Resource, patch: PMap): PMap {
  const copy = cloneNode(patch);
  const apiVersion = entryOf(r.root, 'apiVersion')?.value;
  if (apiVersion) setTop(copy, 'apiVersion', cloneNode(apiVersion));
  return copy;
}

/** The resources after `patched`, in order, without those a patch deleted. */
function withoutDeleted(resources: Resource[], deleted: Set<Resource>): void {
  if (deleted.size === 0) return;
  const kept = resources.filter((r) => !deleted.has(r));
  resources.length = 0;
  resources.push(...kept);
}

export class PatchRunner {
  constructor(private readonly host: BuildHost, private readonly k: Kustomization) {}

  private fail(message: string, node: PNode | undefined): void {
    this.host.report('kustomize-error', 'error', `${message}${KUSTOMIZE_STOPS}`, placeOf(node, this.k));
  }

  /**
   * A patch of `r` that fails where kustomize may succeed: the kustomization names schemas archlens
   * does not read (`openapi:`, `crds:`) and `r` is of a kind with no built-in schema, so an earlier
   * strategic merge here replaced a list that kustomize, given those merge keys, merges by key
   * (seldon-core's helm-components-sc: SeldonConfig `components` keyed by name, then JSON patches
   * at /spec/components/N/...). Not a failure of the user's build: said at info level.
   */
  private failOrSchemaUnread(message: string, node: PNode | undefined, r: Resource): void {
    const unread = this.k.ignored.find((f) => f.key.value === 'openapi' || f.key.value === 'crds');
    if (!unread || schemaForType(r.apiVersion, r.kind)) {
      this.fail(message, node);
      return;
    }
    this.host.report('kustomize-error', 'info', `${message}: ${r.kind} ${r.name} may merge by the keys of the schemas \`${unread.key.value}\` names, which archlens does not read; kustomize may build this (archlens checks the rest)`, placeOf(node, this.k));
  }

  private noMatch(message: string, node: PNode | undefined, kustomizeFails: boolean): void {
    const incomplete = this.host.incompleteBecause();
    if (incomplete) {
      this.host.report('no-match', 'info', `${message}; its target may be among the resources not built (${incomplete})`, placeOf(node, this.k));
      return;
    }
    if (kustomizeFails) this.fail(message, node);
    // A component is written for several overlays, each holding some of its targets: a patch that
    // finds nothing in one of them is how components are meant to be used (node-feature-discovery's
    // components/common patches nfd-worker and nfd-master, and overlays deploy one or both).
    else if (this.k.kind === 'Component') this.host.report('no-match', 'info', `${message} in this overlay: the component's patch changes nothing here`, placeOf(node, this.k));
    else this.host.report('no-match', 'warning', `${message}: the patch changes nothing (kustomize builds without it)`, placeOf(node, this.k));
  }

  /** Applies strategic merge patches found by their own id (patchesStrategicMerge, untargeted `patches`). */
  private applyById(resources: Resource[], patches: PMap[], node: PNode, patchTransformer: boolean, options: PatchEntry | undefined): void {
    const deleted = new Set<Resource>();
    for (const patch of patches) {
      const id = patchId(patch);
      const live = resources.filter((r) => !deleted.has(r));
      const matches = live.filter((r) => r.allIds().some((x) => idEquals(x, id)));
      if (matches.length !== 1) {
        if (matches.length === 0 && this.host.isGenerated(id)) continue;
        const what = matches.length === 0 ? 'no matches' : 'multiple matches';
        const core = `${what} for Id ${idString(id)}; failed to find unique target for patch ${idString(id)}`;
        const message = patchTransformer ? `no resource matches strategic merge patch "${idString(id)}": ${core}` : core;
        if (matches.length === 0) this.noMatch(message, node, true);
        else this.fail(message, node);
        continue;
      }
      const target = matches[0];
      try {
        if (!applySmp(target, patchFor(target, patch), options ?? { allowNameChange: false, allowKindChange: false })) deleted.add(target);
      } catch (error) {
        if (!(error instanceof MergeError)) throw error;
        this.fail(error.message, node);
      }
    }
    withoutDeleted(resources, deleted);
  }

  /** `patchesStrategicMerge`: each entry an inline patch or a file. */
  runPatchesStrategicMerge(resources: Resource[]): void {
    for (const entry of this.k.patchesStrategicMerge) {
      // Like kustomize: the entry is a patch when it reads as resources, else the path of one.
      const inlineText = inlinePatch(this.k, entry);
      const asInline = parsePatch(inlineText);
      const text = typeof asInline !== 'string' && asInline.kind === 'smp' ? inlineText : readPatchFile(this.host, this.k, entry);
      if (typeof text === 'string') {
        this.fail(`trouble configuring builtin PatchStrategicMergeTransformer: ${text}`, entry);
        continue;
      }
      const parsed = parsePatch(text);
      if (typeof parsed === 'string' || parsed.kind !== 'smp') {
        this.fail(typeof parsed === 'string' ? parsed : `patch appears to be empty; files=[${entry.value}]`, entry);
        continue;
      }
      this.applyById(resources, parsed.patches, entry, false, undefined);
    }
  }

  /** `patches:` entries. */
  runPatches(resources: Resource[]): void {
    for (const entry of this.k.patches) this.runPatchEntry(resources, entry, false);
  }

  /** `patchesJson6902:` entries (a target with a name is required). */
  runPatchesJson6902(resources: Resource[]): void {
    for (const entry of this.k.patchesJson6902) this.runPatchEntry(resources, entry, true);
  }

  private runPatchEntry(resources: Resource[], entry: PatchEntry, legacyJson: boolean): void {
    const builtin = legacyJson ? 'PatchJson6902Transformer' : 'PatchTransformer';
    if (legacyJson && !entry.target?.name) {
      this.fail(`trouble configuring builtin ${builtin}: must specify the target name`, entry.node);
      return;
    }
    if (!entry.path && !entry.patch) {
      this.fail(legacyJson ? `trouble configuring builtin ${builtin}: empty file path and empty jsonOp` : `trouble configuring builtin ${builtin}: must specify one of patch and path`, entry.node);
      return;
    }
    if (entry.path && entry.patch) {
      this.fail(legacyJson ? `trouble configuring builtin ${builtin}: must specify a file path or jsonOp, not both` : `trouble configuring builtin ${builtin}: patch and path can't be set at the same time`, entry.node);
      return;
    }
    let text: PatchText | string;
    if (entry.path) {
      const read = readPatchFile(this.host, this.k, entry.path);
      text = typeof read === 'string' ? `trouble configuring builtin ${builtin}: failed to get the patch file from path(${entry.path.value}): ${read}` : read;
    } else text = inlinePatch(this.k, entry.patch as PScalar);
    const at = entry.path ?? entry.patch ?? entry.node;
    if (typeof text === 'string') {
      this.fail(text, at);
      return;
    }
    const parsed = parsePatch(text);
    if (typeof parsed === 'string') {
      this.fail(parsed, at);
      return;
    }
    if (legacyJson && parsed.kind !== 'json') {
      this.fail(`trouble configuring builtin ${builtin}: json: cannot unmarshal object into Go value of type jsonpatch.Patch`, at);
      return;
    }
    let selected: Resource[] | undefined;
    if (entry.target) {
      try {
        selected = selectResources(resources, entry.target);
      } catch (error) {
        this.fail(`unable to find patch target ${describeSelector(entry.target)} in \`resources\`: ${(error as Error).message}`, entry.node);
        return;
      }
      if (selected.length === 0 && parsed.kind !== 'none') {
        this.noMatch(`patch target ${describeSelector(entry.target)} matches no resource`, entry.node, false);
        return;
      }
    }
    if (parsed.kind === 'none') {
      if (!entry.target) this.fail(`must specify a target for JSON patch ${text.label}`, entry.node);
      return;
    }
    if (parsed.kind === 'json') {
      if (!selected) {
        this.fail(`must specify a target for JSON patch ${text.label}`, entry.node);
        return;
      }
      for (const r of selected) {
        try {
          applyJsonPatch(r.root, parsed.ops);
        } catch (error) {
          if (!(error instanceof JsonPatchError)) throw error;
          this.failOrSchemaUnread(error.message, at, r);
          return;
        }
      }
      return;
    }
    if (!selected) {
      this.applyById(resources, parsed.patches, at, true, entry);
      return;
    }
    if (parsed.patches.length > 1) {
      this.fail(`Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${text.label}`, entry.node);
      return;
    }
    const deleted = new Set<Resource>();
    for (const r of selected) {
      const patch = patchFor(r, parsed.patches[0]);
      try {
        if (!applySmp(r, patch, entry)) deleted.add(r);
      } catch (error) {
        if (!(error instanceof MergeError)) throw error;
        this.failOrSchemaUnread(error.message, at, r);
      }
    }
    withoutDeleted(resources, deleted);
  }
}

