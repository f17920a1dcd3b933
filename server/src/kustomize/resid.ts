/**
 * Resource identity as kustomize (kyaml/resid) defines it: group/version/kind, name and namespace,
 * with the namespace compared "effectively" (none = `default`; cluster-scoped kinds have none).
 */
import { CLUSTER_SCOPED } from './schema/patch-schema.generated';

export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

export interface ResId {
  gvk: Gvk;
  name: string;
  namespace: string;
}

/** kustomize's resid.TotallyNotANamespace. */
export const NOT_A_NAMESPACE = '_non_namespaceable_';
export const DEFAULT_NAMESPACE = 'default';

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const at = apiVersion.indexOf('/');
  return at >= 0 ? { group: apiVersion.slice(0, at), version: apiVersion.slice(at + 1) } : { group: '', version: apiVersion };
}

export function apiVersionOf(gvk: Gvk): string {
  return gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
}

/** Known built-in cluster-scoped types only: anything else (custom resources) counts as namespaced. */
export function isClusterScoped(gvk: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${apiVersionOf(gvk)}|${gvk.kind}`);
}

export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id.gvk)) return NOT_A_NAMESPACE;
  return id.namespace === '' ? DEFAULT_NAMESPACE : id.namespace;
}

export function gvkEquals(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/** kustomize's ResId.Equals. */
export function idEquals(a: ResId, b: ResId): boolean {
  return a.name === b.name && gvkEquals(a.gvk, b.gvk) && effectiveNamespace(a) === effectiveNamespace(b);
}

/** A key equal for ids that idEquals (for maps). */
export function idKey(id: ResId): string {
  return `${gvkString(id.gvk)}/${id.name}.${effectiveNamespace(id)}`;
}

/** kustomize's Gvk.String(): `Deployment.v1.apps`. */
export function gvkString(gvk: Gvk): string {
  return [gvk.kind || '[noKind]', gvk.version || '[noVer]', gvk.group || '[noGrp]'].join('.');
}

/** kustomize's ResId.String(): `Deployment.v1.apps/web.[noNs]`. */
export function idString(id: ResId): string {
  return `${gvkString(id.gvk)}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

/** Gvk.IsSelected: every non-empty part of the selector must equal. */
export function gvkSelected(gvk: Gvk, selector: Partial<Gvk>): boolean {
  return (!selector.group || selector.group === gvk.group)
    && (!selector.version || selector.version === gvk.version)
    && (!selector.kind || selector.kind === gvk.kind);
}
