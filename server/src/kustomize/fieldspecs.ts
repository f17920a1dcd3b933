/**
 * kustomize's default field specs (api/internal/konfig/builtinpluginconsts): where each builtin
 * transformer writes. Kept as data, in kustomize's own order.
 */
import type { FieldSpecLike } from './fieldspec';

const fs = (path: string, create: boolean, kind?: string, group?: string, version?: string): FieldSpecLike => ({ path, create, kind, group, version });

export const NAME_PREFIX_SPECS: FieldSpecLike[] = [fs('metadata/name', false)];
export const NAME_SUFFIX_SPECS: FieldSpecLike[] = [fs('metadata/name', false)];

export const NAMESPACE_SPECS: FieldSpecLike[] = [
  fs('metadata/name', true, 'Namespace'),
  fs('spec/service/namespace', true, 'APIService', 'apiregistration.k8s.io'),
  fs('spec/conversion/webhook/clientConfig/service/namespace', false, 'CustomResourceDefinition', 'apiextensions.k8s.io'),
];

export const IMAGES_SPECS: FieldSpecLike[] = [
  fs('spec/containers[]/image', true),
  fs('spec/initContainers[]/image', true),
  fs('spec/template/spec/containers[]/image', true),
  fs('spec/template/spec/initContainers[]/image', true),
];

export const REPLICAS_SPECS: FieldSpecLike[] = [
  fs('spec/replicas', true, 'Deployment'),
  fs('spec/replicas', true, 'ReplicationController'),
  fs('spec/replicas', true, 'ReplicaSet'),
  fs('spec/replicas', true, 'StatefulSet'),
];

const METADATA_LABELS_SPECS: FieldSpecLike[] = [
  fs('metadata/labels', true),
  fs('spec/template/metadata/labels', true, 'ReplicationController', undefined, 'v1'),
  fs('spec/template/metadata/labels', true, 'Deployment'),
  fs('spec/template/metadata/labels', true, 'ReplicaSet'),
  fs('spec/template/metadata/labels', true, 'DaemonSet'),
  fs('spec/template/metadata/labels', true, 'StatefulSet', 'apps'),
  fs('spec/volumeClaimTemplates[]/metadata/labels', true, 'StatefulSet', 'apps'),
  fs('spec/template/metadata/labels', true, 'Job', 'batch'),
  fs('spec/jobTemplate/metadata/labels', true, 'CronJob', 'batch'),
  fs('spec/jobTemplate/spec/template/metadata/labels', true, 'CronJob', 'batch'),
];

export const TEMPLATE_LABELS_SPECS: FieldSpecLike[] = METADATA_LABELS_SPECS;

const AFFINITY_SELECTORS = (kind: string): FieldSpecLike[] => [
  fs('spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels', false, kind, 'apps'),
  fs('spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels', false, kind, 'apps'),
  fs('spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels', false, kind, 'apps'),
  fs('spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels', false, kind, 'apps'),
  fs('spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels', false, kind, 'apps'),
];

export const COMMON_LABELS_SPECS: FieldSpecLike[] = [
  fs('spec/selector', true, 'Service', undefined, 'v1'),
  fs('spec/selector', true, 'ReplicationController', undefined, 'v1'),
  fs('spec/selector/matchLabels', true, 'Deployment'),
  ...AFFINITY_SELECTORS('Deployment'),
  fs('spec/selector/matchLabels', true, 'ReplicaSet'),
  fs('spec/selector/matchLabels', true, 'DaemonSet'),
  fs('spec/selector/matchLabels', true, 'StatefulSet', 'apps'),
  ...AFFINITY_SELECTORS('StatefulSet'),
  fs('spec/selector/matchLabels', false, 'Job', 'batch'),
  fs('spec/jobTemplate/spec/selector/matchLabels', false, 'CronJob', 'batch'),
  fs('spec/selector/matchLabels', false, 'PodDisruptionBudget', 'policy'),
  fs('spec/podSelector/matchLabels', false, 'NetworkPolicy', 'networking.k8s.io'),
  fs('spec/ingress/from/podSelector/matchLabels', false, 'NetworkPolicy', 'networking.k8s.io'),
  fs('spec/egress/to/podSelector/matchLabels', false, 'NetworkPolicy', 'networking.k8s.io'),
  ...METADATA_LABELS_SPECS,
];

export const COMMON_ANNOTATIONS_SPECS: FieldSpecLike[] = [
  fs('metadata/annotations', true),
  fs('spec/template/metadata/annotations', true, 'ReplicationController', undefined, 'v1'),
  fs('spec/template/metadata/annotations', true, 'Deployment'),
  fs('spec/template/metadata/annotations', true, 'ReplicaSet'),
  fs('spec/template/metadata/annotations', true, 'DaemonSet'),
  fs('spec/template/metadata/annotations', true, 'StatefulSet'),
  fs('spec/template/metadata/annotations', true, 'Job', 'batch'),
  fs('spec/jobTemplate/metadata/annotations', true, 'CronJob', 'batch'),
  fs('spec/jobTemplate/spec/template/metadata/annotations', true, 'CronJob', 'batch'),
];

/** FsSlice.MergeAll: specs with the same gvk and path are one (the first kept). */
export function mergeFieldSpecs(base: FieldSpecLike[], extra: FieldSpecLike[]): FieldSpecLike[] {
  const out = [...base];
  const key = (s: FieldSpecLike) => `${s.group ?? ''}|${s.version ?? ''}|${s.kind ?? ''}|${s.path}`;
  const seen = new Set(out.map(key));
  for (const s of extra) {
    if (seen.has(key(s))) continue;
    seen.add(key(s));
    out.push(s);
  }
  return out;
}
