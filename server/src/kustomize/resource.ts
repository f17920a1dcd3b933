/**
 * One resource being built: its tree and the ids it had before transformers renamed it (kustomize
 * keeps those in build annotations; here they are a field), so patches written against a base's
 * names still find the resource after a prefix or a namespace was applied.
 */
import { cloneNode, mapAt, stringAt, type PMap } from './pnode';
import { effectiveNamespace, parseApiVersion, type Gvk, type ResId } from './resid';

export class Resource {
  /** Earlier ids, oldest first (kustomize's PrevIds). */
  prevIds: ResId[] = [];
  /** Name prefixes and suffixes applied, in order (name references prefer referrals renamed alike). */
  prefixes: string[] = [];
  suffixes: string[] = [];

  constructor(public root: PMap, readonly file: string) {}

  get apiVersion(): string {
    return stringAt(this.root, 'apiVersion');
  }

  get kind(): string {
    return stringAt(this.root, 'kind');
  }

  get name(): string {
    return stringAt(mapAt(this.root, 'metadata'), 'name');
  }

  get namespace(): string {
    return stringAt(mapAt(this.root, 'metadata'), 'namespace');
  }

  gvk(): Gvk {
    return { ...parseApiVersion(this.apiVersion), kind: this.kind };
  }

  curId(): ResId {
    return { gvk: this.gvk(), name: this.name, namespace: this.namespace };
  }

  /** The id it was first read with. */
  orgId(): ResId {
    return this.prevIds[0] ?? this.curId();
  }

  /** Every id it answers to: the earlier ones, then the current. */
  allIds(): ResId[] {
    return [...this.prevIds, this.curId()];
  }

  /** kustomize's StorePreviousId: the current id, its namespace made effective. */
  storePreviousId(): void {
    const id = this.curId();
    this.prevIds.push({ gvk: id.gvk, name: id.name, namespace: effectiveNamespace(id) });
  }

  labels(): Map<string, string> {
    return stringMap(mapAt(mapAt(this.root, 'metadata'), 'labels'));
  }

  annotations(): Map<string, string> {
    return stringMap(mapAt(mapAt(this.root, 'metadata'), 'annotations'));
  }

  clone(): Resource {
    const copy = new Resource(cloneNode(this.root), this.file);
    copy.prevIds = this.prevIds.map((id) => ({ ...id, gvk: { ...id.gvk } }));
    copy.prefixes = [...this.prefixes];
    copy.suffixes = [...this.suffixes];
    return copy;
  }
}

function stringMap(map: PMap | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!map) return out;
  for (const e of map.entries) if (e.value.kind === 'scalar') out.set(e.key.value, e.value.tag === 'null' ? '' : e.value.value);
  return out;
}
