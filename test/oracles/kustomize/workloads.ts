/**
 * What the oracle compares: per workload (any resource holding a pod template), its id, its
 * containers (name, image) and its node constraints — the part of a build that decides
 * architecture.
 */

export interface WorkloadSummary {
  id: string;
  containers: Array<{ name: unknown; image: unknown }>;
  initContainers: Array<{ name: unknown; image: unknown }>;
  nodeSelector: unknown;
  nodeAffinity: unknown;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((x, k) => (isObj(x) ? x[k] : undefined), v);

/** The pod spec of a resource: kustomize's conventional places (Pod, templates, CronJob, PodTemplate). */
function podSpec(doc: Obj): Obj | undefined {
  for (const path of [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['template', 'spec'], ['spec']]) {
    const spec = at(doc, ...path);
    if (isObj(spec) && Array.isArray(spec.containers)) return spec;
  }
  return undefined;
}

const containers = (list: unknown) => (Array.isArray(list) ? list.map((c) => ({ name: at(c, 'name'), image: at(c, 'image') })) : []);

/** Sorted by id, so that output order does not matter here (it is compared elsewhere). */
export function workloads(docs: readonly unknown[]): WorkloadSummary[] {
  const out: WorkloadSummary[] = [];
  for (const doc of docs) {
    if (!isObj(doc)) continue;
    const spec = podSpec(doc);
    if (!spec) continue;
    out.push({
      id: `${String(doc.apiVersion)}/${String(doc.kind)} ${String(at(doc, 'metadata', 'namespace') ?? '')}/${String(at(doc, 'metadata', 'name'))}`,
      containers: containers(spec.containers),
      initContainers: containers(spec.initContainers),
      nodeSelector: spec.nodeSelector ?? null,
      nodeAffinity: at(spec, 'affinity', 'nodeAffinity') ?? null,
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every resource id in output order. */
export function ids(docs: readonly unknown[]): string[] {
  return docs.filter(isObj).map((d) => `${String(d.apiVersion)}/${String(d.kind)} ${String(at(d, 'metadata', 'namespace') ?? '')}/${String(at(d, 'metadata', 'name'))}`);
}
