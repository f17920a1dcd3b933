/**
 * kustomize's last steps before printing (makeCustomizedResMap, Kustomizer.Run): local-config
 * resources dropped, annotations rewritten as strings, the output order; and the documents,
 * written when first read.
 */
import { emitDocument } from './emit';
import type { SortOptions } from './kustomization';
import type { BuiltDocument, Segment } from './model';
import { sortLegacy } from './order';
import { entryOf, makeScalar } from './pnode';
import type { Resource } from './resource';

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/**
 * kustomize rewrites the annotations of every resource that has some (RemoveBuildAnnotations):
 * each value becomes the string its node held — `null` the string "null", a map "".
 */
export function stringifyAnnotations(r: Resource): void {
  const meta = entryOf(r.root, 'metadata')?.value;
  const annotations = meta?.kind === 'map' ? entryOf(meta, 'annotations')?.value : undefined;
  if (annotations?.kind !== 'map' || annotations.entries.length === 0) return;
  for (const e of annotations.entries) {
    const v = e.value;
    if (v.kind === 'scalar' && v.tag === 'string') continue;
    e.value = makeScalar(v.kind === 'scalar' ? v.value : '', v.prov);
  }
}

/** kustomize's IgnoreLocal: resources annotated config.kubernetes.io/local-config (not "false") are not output. */
export function withoutLocalConfig(resources: readonly Resource[]): Resource[] {
  return resources.filter((r) => {
    const v = r.annotations().get(LOCAL_CONFIG);
    return v === undefined || v === 'false';
  });
}

/** The output order: `sortOptions` of the top kustomization, else legacy. Errors are kustomize's. */
export function ordered(resources: Resource[], sort: SortOptions | undefined, fail: (message: string) => void): Resource[] {
  if (!sort) return sortLegacy(resources);
  if (sort.order === 'fifo') {
    if (sort.orderFirst || sort.orderLast) fail("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'");
    return resources;
  }
  if (sort.order !== 'legacy') {
    fail("the field 'sortOptions.order' must be one of [fifo, legacy]");
    return sortLegacy(resources);
  }
  return sort.orderFirst || sort.orderLast ? sortLegacy(resources, sort.orderFirst ?? [], sort.orderLast ?? []) : sortLegacy(resources);
}

/**
 * A built document whose text and source map are written on first use: a CRD bundle is megabytes
 * that the rules never read (they skip CRDs), so it is not written unless asked for.
 */
export function lazyDocument(r: Resource): BuiltDocument {
  const id = r.curId();
  let emitted: { text: string; segments: Segment[] } | undefined;
  const emit = () => (emitted ??= emitDocument(r.root));
  const doc = { id: { group: id.gvk.group, version: id.gvk.version, kind: id.gvk.kind, name: id.name, namespace: id.namespace } } as BuiltDocument;
  Object.defineProperty(doc, 'text', { enumerable: true, get: () => emit().text });
  Object.defineProperty(doc, 'segments', { enumerable: true, get: () => emit().segments });
  return doc;
}

