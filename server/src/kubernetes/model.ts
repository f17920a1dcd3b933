/**
 * The Kubernetes model: workloads, their pod templates, containers and arch/os constraints, each
 * with the source nodes (absolute offsets) that rules report on and fix builders edit.
 */
import type { Memo } from '../core/memo';
import type { KMap, KNode, KPair, KScalar, KSeq } from '../core/yaml/knode';
import type { ParsedReference } from '../images/reference';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface Container {
  group: ContainerGroup;
  name?: string;
  node: KMap;
  /** The `image` value when it is a non-empty scalar. */
  image?: KScalar;
  /** The image reference, parsed once: set exactly when `image` is. */
  reference?: ParsedReference;
}

/** What a label key is about: `kubernetes.io/arch`, `kubernetes.io/os`, or their deprecated beta forms. */
export interface LabelKind {
  label: 'arch' | 'os';
  beta: boolean;
}

export interface SelectorEntry extends LabelKind {
  pair: KPair;
  key: KScalar;
  /** Undefined when the value is not a scalar. */
  value?: KScalar;
}

export interface MatchExpression {
  node: KMap;
  key?: KScalar;
  /** Set when the key is an arch or os label. */
  labelKind?: LabelKind;
  operator?: KScalar;
  /** The `values` pair (absent for Exists / DoesNotExist). */
  valuesPair?: KPair;
  values: KScalar[];
}

export interface NodeSelectorTerm {
  node: KNode;
  matchExpressionsPair?: KPair;
  expressions: MatchExpression[];
  matchFieldsPair?: KPair;
  fieldCount: number;
}

export interface PreferredTerm {
  node: KMap;
  preferencePair?: KPair;
  matchExpressionsPair?: KPair;
  expressions: MatchExpression[];
}

export interface Toleration {
  node: KMap;
  key?: KScalar;
  labelKind?: LabelKind;
  value?: KScalar;
  operator?: KScalar;
}

export type MisplacedWhere = 'workload labels' | 'workload annotations' | 'pod template labels' | 'pod template annotations' | 'selector.matchLabels';

/** An arch/os key where it selects no node (AL105). */
export interface MisplacedLabel extends LabelKind {
  where: MisplacedWhere;
  pair: KPair;
  key: KScalar;
  value?: KScalar;
}

export interface PodConstraints {
  /** The pod spec's `nodeSelector` pair. */
  nodeSelectorPair?: KPair;
  /** nodeSelector entries whose key is an arch or os label (duplicates kept, in order). */
  nodeSelector: SelectorEntry[];
  affinityPair?: KPair;
  nodeAffinityPair?: KPair;
  requiredPair?: KPair;
  /** `nodeSelectorTerms` under the required node affinity. */
  termsPair?: KPair;
  terms: NodeSelectorTerm[];
  preferredPair?: KPair;
  preferred: PreferredTerm[];
  tolerations: Toleration[];
}

export interface PodTemplate {
  /** The object holding `metadata` and `spec` (the workload itself for a Pod). */
  holder: KMap;
  metadata?: KMap;
  /** The `spec` pair whose value is the pod spec. */
  specPair: KPair;
  spec: KMap;
  /** "spec.template.spec", "spec.jobTemplate.spec.template.spec", … (for messages and tests). */
  path: string;
  containers: Container[];
  constraints: PodConstraints;
  /** Arch/os keys in labels, annotations or selector.matchLabels (AL105). */
  misplaced: MisplacedLabel[];
  /** Indentation unit and sequence style of this part of the file, for inserted text. */
  style: { step: number; seqIndent: number };
}

export interface Workload {
  kind: string;
  kindValue: KScalar;
  name?: string;
  root: KMap;
  metadata?: KMap;
  podTemplates: PodTemplate[];
  /** Absolute offsets of the document (chunk) holding the workload. */
  documentStart: number;
  documentEnd: number;
}

export interface KubernetesModel {
  text: string;
  workloads: Workload[];
  stats: { documents: number; parsed: number; skippedTemplates: number; skippedCrds: number };
  /** How each document of the stream was read ("parsed: 1 document(s), Pod/web", "template …", "crd"…), in order. */
  outline: string[];
  /** Facts rules derive from the model, computed once (core/memo.ts). */
  memo: Memo;
}

export type { KMap, KNode, KPair, KScalar, KSeq };
