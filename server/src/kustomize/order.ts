/**
 * kustomize's output order (SortOrderTransformer): `legacy` by default — kinds in a fixed order
 * (Namespaces first, webhooks last), then by group/version/kind and by id — or `fifo` (as built).
 */
import type { Gvk, ResId } from './resid';
import { gvkString } from './resid';
import type { Resource } from './resource';

export const DEFAULT_ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role',
  'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange',
  'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
export const DEFAULT_ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function legacyGvkString(g: Gvk): string {
  return [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
}

function legacyIdString(id: ResId): string {
  return [gvkString(id.gvk), id.namespace || '~X', id.name || '~N'].join('|');
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The legacy order (stable here; kustomize's sort is not, but ids are unique so it is total). */
export function sortLegacy(resources: Resource[], orderFirst = DEFAULT_ORDER_FIRST, orderLast = DEFAULT_ORDER_LAST): Resource[] {
  const rank = new Map<string, number>();
  orderFirst.forEach((k, i) => rank.set(k, -orderFirst.length + i));
  orderLast.forEach((k, i) => rank.set(k, 1 + i));
  const keyed = resources.map((r) => ({ r, id: r.curId() }));
  keyed.sort((a, b) => {
    const ga = a.id.gvk;
    const gb = b.id.gvk;
    if (ga.group !== gb.group || ga.version !== gb.version || ga.kind !== gb.kind) {
      const ra = rank.get(ga.kind) ?? 0;
      const rb = rank.get(gb.kind) ?? 0;
      if (ra !== rb) return ra - rb;
      if (ga.kind === 'Namespace' && gb.kind === 'Namespace' && (ga.group === '' || gb.group === '')) {
        return -cmp(legacyGvkString(ga), legacyGvkString(gb));
      }
      return cmp(legacyGvkString(ga), legacyGvkString(gb));
    }
    return cmp(legacyIdString(a.id), legacyIdString(b.id));
  });
  return keyed.map((k) => k.r);
}
