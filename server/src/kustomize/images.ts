/**
 * kustomize's `images:` transformer (api/filters/imagetag): an entry's `name` is matched against the
 * image reference as a regular expression (unescaped, as kustomize does: `^name(:tag)?(@sha256:…)?$`),
 * and the name, tag and digest are replaced. It runs twice per entry, like kustomize: the legacy
 * walk over every `containers`/`initContainers` list anywhere in a resource, then the default field
 * specs. Each image it sets remembers the `images:` entry that set it.
 */
import { applyFieldSpec, FieldSpecError } from './fieldspec';
import { IMAGES_SPECS } from './fieldspecs';
import type { ImageEntry } from './kustomization';
import { makeScalar, provOf, type PNode } from './pnode';
import type { Resource } from './resource';

/** kustomize's image.Split: name, tag and digest of a reference (the port of a registry is not a tag). */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  let slash = image.indexOf('/');
  let search = image;
  if (slash > 0) search = image.slice(slash);
  else slash = 0;
  let at = search.indexOf('@');
  let colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) {
    at += slash;
    return { name: image.slice(0, at), tag: '', digest: image.slice(at + 1) };
  }
  if (at >= 0 && colon >= 0) {
    at += slash;
    colon += slash;
    return { name: image.slice(0, colon), tag: image.slice(colon + 1, at), digest: image.slice(at + 1) };
  }
  colon += slash;
  return { name: image.slice(0, colon), tag: image.slice(colon + 1), digest: '' };
}

const patterns = new Map<string, RegExp | null>();

/**
 * kustomize's image.IsImageMatched. The name is a Go regular expression; one that does not compile
 * matches nothing (kustomize itself would crash on it).
 */
export function isImageMatched(image: string, name: string): boolean {
  let re = patterns.get(name);
  if (re === undefined) {
    try {
      re = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
    } catch {
      re = null;
    }
    if (patterns.size > 1000) patterns.clear();
    patterns.set(name, re);
  }
  return re !== null && re.test(image);
}

/** The new reference for `image` under `entry`, or undefined when the entry does not apply. */
export function applyImageEntry(image: string, entry: Pick<ImageEntry, 'name' | 'newName' | 'newTag' | 'digest' | 'tagSuffix'>): string | undefined {
  if (!isImageMatched(image, entry.name)) return undefined;
  let { name, tag, digest } = splitImage(image);
  if (entry.newName) name = entry.newName;
  if (entry.newTag && entry.digest) {
    tag = entry.newTag;
    digest = entry.digest;
  } else if (entry.newTag) {
    tag = entry.newTag;
    digest = '';
  } else if (entry.digest) {
    tag = '';
    digest = entry.digest;
  } else if (entry.tagSuffix) {
    tag += entry.tagSuffix;
    digest = '';
  }
  if (tag) name += `:${tag}`;
  if (digest) name += `@${digest}`;
  return name;
}

export interface ImageProblem {
  message: string;
}

/** Runs one `images:` entry over the resources; problems where kustomize would fail. */
export function transformImages(resources: readonly Resource[], entry: ImageEntry): ImageProblem[] {
  const problems: ImageProblem[] = [];
  const prov = provOf(entry.node, 'images-entry');
  const update = (node: PNode, replace: (n: PNode) => void): void => {
    if (node.kind !== 'scalar') {
      problems.push({ message: `wrong node kind: expected ScalarNode but got ${node.kind === 'map' ? 'MappingNode' : 'SequenceNode'}` });
      return;
    }
    const next = applyImageEntry(node.value, entry);
    if (next !== undefined) replace(makeScalar(next, prov));
  };
  for (const r of resources) {
    if (r.kind === 'CustomResourceDefinition') continue;
    legacyWalk(r.root, update);
    for (const fs of IMAGES_SPECS) {
      try {
        applyFieldSpec(r.root, fs, update, { prov });
      } catch (error) {
        if (!(error instanceof FieldSpecError)) throw error;
        problems.push({ message: error.message });
      }
    }
  }
  return problems;
}


/** imagetag's LegacyFilter: every `containers`/`initContainers` list at any depth, each element's `image`. */
function legacyWalk(node: PNode, update: (node: PNode, replace: (n: PNode) => void) => void): void {
  if (node.kind === 'seq') {
    for (const item of node.items) legacyWalk(item, update);
    return;
  }
  if (node.kind !== 'map') return;
  for (const e of node.entries) {
    legacyWalk(e.value, update);
    if ((e.key.value === 'containers' || e.key.value === 'initContainers') && e.value.kind === 'seq') {
      for (const c of e.value.items) {
        if (c.kind !== 'map') continue;
        const image = c.entries.find((x) => x.key.value === 'image');
        if (image && image.value.kind === 'scalar' && image.value.tag !== 'null') update(image.value, (n) => { image.value = n; });
      }
    }
  }
}
