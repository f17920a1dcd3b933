/**
 * Resources from YAML text the way kustomize's resource factory reads them: empty documents
 * dropped, every document needing a kind and a metadata.name (lists excepted), `*List` kinds
 * expanded into their items — appended after the file's other documents, as kustomize does.
 */
import { IDENTITY_MAP, instantiate, parseTemplates, toPlain, type Placer, type PMap, type PNode, type RangeMap, type Role } from './pnode';
import { resourceTemplates } from './crd-schemas';
import { Resource } from './resource';

export interface ReadProblem {
  message: string;
  start: number;
  end: number;
}

export interface ReadResources {
  resources: Resource[];
  /** The parsed documents as trees (patch readers need them even when they are not valid resources). */
  problems: ReadProblem[];
}

/** A short dump for messages, as Go's %v of kustomize's ResourceMeta roughly shows it. */
function describe(node: PNode): string {
  const text = JSON.stringify(toPlain(node));
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function metaString(map: PMap, ...path: string[]): string {
  let node: PNode | undefined = map;
  for (const key of path) {
    if (node?.kind !== 'map') return '';
    node = node.entries.find((e) => e.key.value === key)?.value;
  }
  return node?.kind === 'scalar' && node.tag !== 'null' ? node.value : '';
}

/** The YAML documents of `text` as resources of `file`; `map` places offsets in that file. */
export function readResources(text: string, file: string, map: RangeMap, role: Role): ReadResources {
  // A resource file is read as it is (the identity map): no pair of offsets made per node.
  if (map === IDENTITY_MAP) return readResourcesPlaced(text, file, (start, end) => ({ origin: { file, start, end }, role }));
  return readResourcesPlaced(text, file, (s, e) => {
    const [start, end] = map(s, e);
    return { origin: { file, start, end }, role };
  });
}

/** The YAML documents of `text` as resources, each node placed by `place` (text written elsewhere, e.g. a rendered chart). */
export function readResourcesPlaced(text: string, file: string, place: Placer): ReadResources {
  const problems: ReadProblem[] = [];
  const queue: PNode[] = [];
  const templates = resourceTemplates(text);
  for (const doc of templates.documents) {
    // kustomize stops at a document's first YAML error: one problem, not one per broken line
    // (starrocks-kubernetes-operator's test/cluster sample, tab-indented: 18 errors for one file).
    for (const e of doc.errors.slice(0, 1)) {
      const { start, end } = place(e.start, e.end).origin;
      problems.push({ message: `MalformedYAMLError: yaml: ${e.message}`, start, end });
    }
    if (!doc.root) continue;
    queue.push(templates.instantiate(doc, place));
  }
  const resources: Resource[] = [];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    const { start, end } = node.prov.origin;
    if (node.kind !== 'map') {
      problems.push({ message: 'missing Resource metadata', start, end });
      continue;
    }
    if (node.entries.length === 0) continue;
    const kind = metaString(node, 'kind');
    if (kind === '') {
      problems.push({ message: `missing kind in object ${describe(node)}`, start, end });
      continue;
    }
    if (kind.endsWith('List')) {
      const items = node.entries.find((e) => e.key.value === 'items')?.value;
      if (items === undefined) {
        resources.push(new Resource(node, file));
        continue;
      }
      if (items.kind === 'scalar' && items.tag === 'null') continue;
      if (items.kind !== 'seq') {
        problems.push({ message: `expected array in ${kind}/items, but found ${items.kind === 'map' ? 'map[string]interface {}' : 'string'}`, start, end });
        continue;
      }
      queue.push(...items.items);
      continue;
    }
    if (metaString(node, 'metadata', 'name') === '') {
      problems.push({ message: `missing metadata.name in object ${describe(node)}`, start, end });
      continue;
    }
    resources.push(new Resource(node, file));
  }
  return { resources, problems };
}

/**
 * The parsed documents of a patch text, instantiated (no validation: patches are checked by their
 * readers). A repeated key is kept, as kustomize reads patches; patches.ts says which one counts.
 */
export function readDocuments(text: string, file: string, map: RangeMap, role: Role): { nodes: PNode[]; problems: ReadProblem[] } {
  const nodes: PNode[] = [];
  const problems: ReadProblem[] = [];
  for (const doc of parseTemplates(text, 'kept')) {
    for (const e of doc.errors.slice(0, 1)) { // the first, as kustomize reports it
      const [start, end] = map(e.start, e.end);
      problems.push({ message: `MalformedYAMLError: yaml: ${e.message}`, start, end });
    }
    if (doc.root) nodes.push(instantiate(doc.root, file, map, role));
  }
  return { nodes, problems };
}
