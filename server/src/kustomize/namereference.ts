/**
 * kustomize's name reference fix-up (nameReferenceTransformer with its default configuration):
 * after prefixes, suffixes and namespaces renamed resources, the fields that refer to them by
 * name follow — a pod's ConfigMaps, Secrets, ServiceAccount, claims and priority class, a
 * binding's role and subjects, a StatefulSet's service, an autoscaler's target. Candidates are
 * chosen as kustomize chooses them (earlier names, kind, namespace, same prefixes and suffixes).
 */
import { applyFieldSpec, FieldSpecError } from './fieldspec';
import { entryOf, makeScalar, provOf, type PMap, type PNode, type PScalar } from './pnode';
import { effectiveNamespace, gvkSelected, isClusterScoped, type Gvk } from './resid';
import type { Resource } from './resource';

interface Referrer {
  gvk: Partial<Gvk>;
  path: string;
}

interface BackReference {
  target: Partial<Gvk>;
  referrers: Referrer[];
}

/** Where a pod spec sits in each workload kind. */
const CONFIG_WORKLOADS: Array<[Partial<Gvk>, string]> = [
  [{ version: 'v1', kind: 'Pod' }, 'spec'],
  [{ kind: 'PodTemplate' }, 'template/spec'],
  [{ kind: 'Deployment' }, 'spec/template/spec'],
  [{ kind: 'ReplicaSet' }, 'spec/template/spec'],
  [{ kind: 'DaemonSet' }, 'spec/template/spec'],
  [{ kind: 'StatefulSet' }, 'spec/template/spec'],
  [{ kind: 'Job' }, 'spec/template/spec'],
  [{ kind: 'CronJob' }, 'spec/jobTemplate/spec/template/spec'],
];
const ACCOUNT_WORKLOADS: Array<[Partial<Gvk>, string]> = [
  [{ kind: 'Pod' }, 'spec'],
  [{ kind: 'StatefulSet' }, 'spec/template/spec'],
  [{ kind: 'Deployment' }, 'spec/template/spec'],
  [{ kind: 'ReplicationController' }, 'spec/template/spec'],
  [{ kind: 'CronJob' }, 'spec/jobTemplate/spec/template/spec'],
  [{ kind: 'Job' }, 'spec/template/spec'],
  [{ kind: 'DaemonSet' }, 'spec/template/spec'],
];

const inPods = (workloads: Array<[Partial<Gvk>, string]>, suffixes: string[]): Referrer[] =>
  workloads.flatMap(([gvk, prefix]) => suffixes.map((s) => ({ gvk, path: `${prefix}/${s}` })));

const ref = (kind: string, path: string, group?: string, version?: string): Referrer => ({ gvk: { kind, group, version }, path });
const HPA_TARGET = ref('HorizontalPodAutoscaler', 'spec/scaleTargetRef/name');

const BACK_REFERENCES: BackReference[] = [
  ...['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((kind) => ({ target: { kind }, referrers: [HPA_TARGET] })),
  {
    target: { version: 'v1', kind: 'ConfigMap' },
    referrers: [
      ...inPods(CONFIG_WORKLOADS, [
        'volumes/configMap/name', 'containers/env/valueFrom/configMapKeyRef/name', 'initContainers/env/valueFrom/configMapKeyRef/name',
        'containers/envFrom/configMapRef/name', 'initContainers/envFrom/configMapRef/name', 'volumes/projected/sources/configMap/name',
      ]),
      ref('Node', 'spec/configSource/configMap'),
      ref('Role', 'rules/resourceNames'),
      ref('ClusterRole', 'rules/resourceNames'),
      ref('Ingress', 'metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap'),
    ],
  },
  {
    target: { version: 'v1', kind: 'Secret' },
    referrers: [
      ...inPods(CONFIG_WORKLOADS, [
        'volumes/secret/secretName', 'containers/env/valueFrom/secretKeyRef/name', 'initContainers/env/valueFrom/secretKeyRef/name',
        'containers/envFrom/secretRef/name', 'initContainers/envFrom/secretRef/name', 'imagePullSecrets/name',
        'volumes/projected/sources/secret/name',
      ]),
      ref('Ingress', 'spec/tls/secretName'),
      ref('Ingress', 'metadata/annotations/ingress.kubernetes.io\\/auth-secret'),
      ref('Ingress', 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret'),
      ref('Ingress', 'metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret'),
      ref('ServiceAccount', 'imagePullSecrets/name'),
      ...['secretName', 'adminSecretName', 'userSecretName', 'secretRef'].map((p) => ref('StorageClass', `parameters/${p}`)),
      ref('Role', 'rules/resourceNames'),
      ref('ClusterRole', 'rules/resourceNames'),
      ref('Service', 'spec/template/spec/containers/env/valueFrom/secretKeyRef/name', 'serving.knative.dev', 'v1'),
      ref('PersistentVolume', 'spec/azureFile/secretName'),
    ],
  },
  {
    target: { version: 'v1', kind: 'Service' },
    referrers: [
      ref('StatefulSet', 'spec/serviceName', 'apps'),
      ref('Ingress', 'spec/rules/http/paths/backend/serviceName'),
      ref('Ingress', 'spec/backend/serviceName'),
      ref('Ingress', 'spec/rules/http/paths/backend/service/name'),
      ref('Ingress', 'spec/defaultBackend/service/name'),
      ref('APIService', 'spec/service/name', 'apiregistration.k8s.io'),
      ref('ValidatingWebhookConfiguration', 'webhooks/clientConfig/service', 'admissionregistration.k8s.io'),
      ref('MutatingWebhookConfiguration', 'webhooks/clientConfig/service', 'admissionregistration.k8s.io'),
    ],
  },
  { target: { group: 'rbac.authorization.k8s.io', kind: 'Role' }, referrers: [ref('RoleBinding', 'roleRef/name', 'rbac.authorization.k8s.io')] },
  {
    target: { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
    referrers: [ref('RoleBinding', 'roleRef/name', 'rbac.authorization.k8s.io'), ref('ClusterRoleBinding', 'roleRef/name', 'rbac.authorization.k8s.io')],
  },
  {
    target: { version: 'v1', kind: 'ServiceAccount' },
    referrers: [
      ref('RoleBinding', 'subjects', 'rbac.authorization.k8s.io'),
      ref('ClusterRoleBinding', 'subjects', 'rbac.authorization.k8s.io'),
      ...inPods(ACCOUNT_WORKLOADS, ['serviceAccountName']),
    ],
  },
  { target: { version: 'v1', kind: 'PersistentVolumeClaim' }, referrers: inPods(ACCOUNT_WORKLOADS, ['volumes/persistentVolumeClaim/claimName']) },
  { target: { version: 'v1', kind: 'PersistentVolume' }, referrers: [ref('PersistentVolumeClaim', 'spec/volumeName'), ref('ClusterRole', 'rules/resourceNames')] },
  {
    target: { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' },
    referrers: [ref('PersistentVolume', 'spec/storageClassName'), ref('PersistentVolumeClaim', 'spec/storageClassName'), ref('StatefulSet', 'spec/volumeClaimTemplates/spec/storageClassName')],
  },
  { target: { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' }, referrers: inPods(ACCOUNT_WORKLOADS, ['priorityClassName']) },
  { target: { group: 'networking.k8s.io/v1', version: 'v1', kind: 'IngressClass' }, referrers: [ref('Ingress', 'spec/ingressClassName')] },
  { target: { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' }, referrers: [ref('ValidatingAdmissionPolicyBinding', 'spec/policyName', 'admissionregistration.k8s.io')] },
];

/** utils.SameEndingSubSlice. */
function sameEnding(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const diff = long.length - short.length;
  if (short.length === 0) return diff === 0;
  for (let i = short.length - 1; i >= 0; i--) if (long[i + diff] !== short[i]) return false;
  return true;
}

function affixesEqual(r: Resource, o: Resource, allowEmpty: boolean): boolean {
  if (allowEmpty) {
    const prefixOk = r.prefixes.length === 0 || o.prefixes.length === 0 || sameEnding(r.prefixes, o.prefixes);
    const suffixOk = r.suffixes.length === 0 || o.suffixes.length === 0 || sameEnding(r.suffixes, o.suffixes);
    return prefixOk && suffixOk;
  }
  return sameEnding(r.prefixes, o.prefixes) && sameEnding(r.suffixes, o.suffixes);
}

export class NameReferenceError extends Error {}

/**
 * resWrangler.SubsetThatCouldBeReferencedByResource, as a test: cluster-scoped resources, those of
 * the referrer's namespace, and for a RoleBinding those of its service account subjects' namespaces.
 */
function couldBeReferencedBy(referrer: Resource): (r: Resource) => boolean {
  const id = referrer.curId();
  if (isClusterScoped(id.gvk)) return () => true;
  const ns = effectiveNamespace(id);
  const bindingNamespaces = new Set<string>();
  if (referrer.kind === 'RoleBinding') {
    const subjects = entryOf(referrer.root, 'subjects')?.value;
    if (subjects?.kind === 'seq') {
      for (const s of subjects.items) {
        if (s.kind !== 'map') continue;
        const kind = entryOf(s, 'kind')?.value;
        const sNs = entryOf(s, 'namespace')?.value;
        if (kind?.kind === 'scalar' && kind.value === 'ServiceAccount' && sNs?.kind === 'scalar') bindingNamespaces.add(sNs.value);
      }
    }
  }
  return (r) => {
    const cur = r.curId();
    return isClusterScoped(cur.gvk) || effectiveNamespace(cur) === ns || bindingNamespaces.has(r.namespace);
  };
}

/** Renamed resources by each of their earlier names (only a renamed resource can be a referral). */
function indexByPreviousName(resources: readonly Resource[]): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const r of resources) {
    for (const name of new Set(r.prevIds.map((id) => id.name))) {
      const list = index.get(name) ?? [];
      list.push(r);
      index.set(name, list);
    }
  }
  return index;
}

class Fixer {
  constructor(
    private readonly referrer: Resource,
    private readonly target: Partial<Gvk>,
    private readonly path: string,
    private readonly byPreviousName: Map<string, Resource[]>,
    private readonly inSubset: (r: Resource) => boolean,
    /** The original namespaces of the referrer's candidates (kustomize's GroupedByOriginalNamespace). */
    private readonly originalNamespaces: () => Set<string>,
  ) {}

  private select(oldName: string, inScope: (r: Resource) => boolean, identical: (rs: Resource[]) => boolean): Resource | undefined {
    let c = (this.byPreviousName.get(oldName) ?? []).filter((r) => this.inSubset(r) && inScope(r));
    c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id.gvk, this.target)));
    if (this.path.endsWith('roleRef/name')) {
      const roleRef = entryOf(this.referrer.root, 'roleRef')?.value;
      const group = roleRef?.kind === 'map' ? entryOf(roleRef, 'apiGroup')?.value : undefined;
      const kind = roleRef?.kind === 'map' ? entryOf(roleRef, 'kind')?.value : undefined;
      if (group?.kind === 'scalar' && kind?.kind === 'scalar') {
        c = c.filter((r) => r.prevIds.some((id) => gvkSelected(id.gvk, { group: group.value, kind: kind.value })));
      }
    }
    const referrerId = this.referrer.curId();
    if (!isClusterScoped(referrerId.gvk)) {
      const ns = effectiveNamespace(referrerId);
      c = c.filter((r) => isClusterScoped(r.curId().gvk) || r.kind === 'ServiceAccount' || effectiveNamespace(r.curId()) === ns);
    }
    if (c.length === 1) return c[0];
    c = c.filter((r) => affixesEqual(r, this.referrer, true));
    if (c.length > 1) c = c.filter((r) => affixesEqual(r, this.referrer, false));
    if (c.length === 1) return c[0];
    if (c.length === 0) return undefined;
    if (identical(c)) return c[0];
    throw new NameReferenceError(`found multiple possible referrals: ${c.map((r) => r.name).join(', ')}`);
  }

  setScalar(node: PScalar, replace: (n: PNode) => void): void {
    const referral = this.select(node.value, () => true, (rs) => rs.every((r) => r.name === rs[0].name));
    if (!referral || referral.name === node.value) return;
    replace(renamed(referral, node));
  }

  setMapping(node: PMap): void {
    const nameEntry = entryOf(node, 'name');
    if (!nameEntry) throw new NameReferenceError("path config error; no 'name' field in node");
    const nsNode = entryOf(node, 'namespace')?.value;
    const oldName = nameEntry.value.kind === 'scalar' ? nameEntry.value.value : '';
    let inScope: (r: Resource) => boolean = () => true;
    if (nsNode) {
      // The candidates of that namespace: by their original namespace when any has it, else their current one.
      const ns = nsNode.kind === 'scalar' ? nsNode.value : '';
      inScope = this.originalNamespaces().has(ns)
        ? (r) => effectiveNamespace(r.orgId()) === ns
        : (r) => effectiveNamespace(r.curId()) === ns;
    }
    const referral = this.select(oldName, inScope, (rs) => rs.every((r) => r.name === rs[0].name && r.namespace === rs[0].namespace));
    if (!referral) return;
    if (referral.name === oldName && referral.namespace === '') return;
    nameEntry.value = renamed(referral, nameEntry.value);
    if (referral.namespace === '') return;
    const ns = makeScalar(referral.namespace, provOf(metaValue(referral, 'namespace') ?? nameEntry.value, 'transformer'));
    const e = entryOf(node, 'namespace');
    if (e) e.value = ns;
    else node.entries.push({ key: makeScalar('namespace', ns.prov), value: ns });
  }

  set(node: PNode, replace: (n: PNode) => void): void {
    if (node.kind === 'scalar') {
      if (node.tag !== 'null') this.setScalar(node, replace);
      return;
    }
    if (node.kind === 'map') {
      this.setMapping(node);
      return;
    }
    node.items.forEach((item, i) => {
      if (item.kind === 'scalar' && item.tag !== 'null') this.setScalar(item, (n) => { node.items[i] = n; });
      else if (item.kind === 'map') this.setMapping(item);
      else if (item.kind === 'seq') throw new NameReferenceError('expected either a string or a map of string');
    });
  }
}

function metaValue(r: Resource, key: string): PNode | undefined {
  const meta = entryOf(r.root, 'metadata')?.value;
  return meta?.kind === 'map' ? entryOf(meta, key)?.value : undefined;
}

/** The reference's new value, placed where the referral's name was set (its prefix, its base…). */
function renamed(referral: Resource, old: PNode): PScalar {
  const nameNode = metaValue(referral, 'name');
  const prov = nameNode ? nameNode.prov : old.prov;
  return makeScalar(referral.name, prov.role === 'resource' ? { origin: prov.origin, role: 'transformer' } : prov);
}

/** Updates every name reference in `resources` (mutated); returns kustomize's errors. */
export function fixNameReferences(resources: readonly Resource[]): string[] {
  const errors: string[] = [];
  const byPreviousName = indexByPreviousName(resources);
  if (byPreviousName.size === 0) return errors;
  for (const referrer of resources) {
    const org = referrer.orgId();
    let inSubset: ((r: Resource) => boolean) | undefined;
    let namespaces: Set<string> | undefined;
    const originalNamespaces = (): Set<string> => {
      namespaces ??= new Set(resources.filter((r) => (inSubset as (r: Resource) => boolean)(r)).map((r) => effectiveNamespace(r.orgId())));
      return namespaces;
    };
    for (const back of BACK_REFERENCES) {
      for (const spec of back.referrers) {
        if (!gvkSelected(org.gvk, spec.gvk)) continue;
        inSubset ??= couldBeReferencedBy(referrer);
        const fixer = new Fixer(referrer, back.target, spec.path, byPreviousName, inSubset, originalNamespaces);
        try {
          applyFieldSpec(referrer.root, { path: spec.path, create: false }, (node, replace) => fixer.set(node, replace), { prov: referrer.root.prov });
        } catch (error) {
          if (!(error instanceof NameReferenceError) && !(error instanceof FieldSpecError)) throw error;
          errors.push(`updating name reference in '${spec.path}' field of '${referrer.kind}/${referrer.name}': ${error.message}`);
        }
      }
    }
  }
  return errors;
}
