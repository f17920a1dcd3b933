/**
 * Where each values entry was written. The values loader records, for every map and list it
 * builds, the text range of each entry; coalescing copies those records along with the entries;
 * at the end `buildProvenance` walks the final values once and answers the engine's
 * `refOf(container, key)` with the entry's path from the values root and its origin.
 *
 * The interfaces mirror the Helm contract (docs: /work/notes/HELM-CONTRACT.md); they are
 * structural, so the template engine's own declarations accept these objects.
 */

/** Where a values entry was written. Offsets are into that file's text. */
export interface ValueOrigin {
  file: string;
  start: number;
  end: number;
  keyStart?: number;
  keyEnd?: number;
}

/** A value reached from .Values: its path from the values root, and where it was set (if anywhere). */
export interface ValueRef {
  path: readonly (string | number)[];
  origin?: ValueOrigin;
}

/** Supplied by the chart loader: the ref of container[key] for every map/array reachable from .Values. */
export interface ValueProvenance {
  refOf(container: object, key: string | number): ValueRef | undefined;
}

type Key = string | number;

/**
 * Origins of entries, per container object (compared by identity). A table may read through to
 * other tables (a render's table over the loaded charts' tables, which are never written again).
 */
export class OriginTable {
  private readonly table = new WeakMap<object, Map<Key, ValueOrigin>>();

  constructor(private readonly fallbacks: readonly OriginTable[] = []) {}

  set(container: object, key: Key, origin: ValueOrigin): void {
    let entries = this.table.get(container);
    if (!entries) this.table.set(container, (entries = new Map<Key, ValueOrigin>()));
    entries.set(key, origin);
  }

  get(container: object, key: Key): ValueOrigin | undefined {
    const own = this.table.get(container);
    if (own) return own.get(key);
    for (const f of this.fallbacks) {
      const o = f.get(container, key);
      if (o) return o;
    }
    return undefined;
  }

  delete(container: object, key: Key): void {
    this.table.get(container)?.delete(key);
  }

  /** container[key] now holds what from[fromKey] held: it came from the same place. */
  copy(from: object, fromKey: Key, to: object, toKey: Key = fromKey): void {
    const origin = this.get(from, fromKey);
    if (origin) this.set(to, toKey, origin);
    else this.delete(to, toKey);
  }

  /** Every entry of `from` is now also an entry of `to` (a copy of a container). */
  copyAll(from: object, to: object): void {
    const entries = this.entries(from);
    if (!entries) return;
    for (const [k, o] of entries) this.set(to, k, o);
  }

  private entries(container: object): Map<Key, ValueOrigin> | undefined {
    const own = this.table.get(container);
    if (own) return own;
    for (const f of this.fallbacks) {
      const e = f.entries(container);
      if (e) return e;
    }
    return undefined;
  }
}

/**
 * The provenance of a values tree: paths are computed by one walk from the root (the first path
 * that reaches a container wins when a container is shared, as globals can be).
 */
export function buildProvenance(root: Record<string, unknown>, origins: OriginTable): ValueProvenance {
  const pathOf = new WeakMap<object, readonly Key[]>();
  const stack: Array<[object, readonly Key[]]> = [[root, []]];
  pathOf.set(root, []);
  while (stack.length > 0) {
    const [container, path] = stack.pop()!;
    const entries: Array<[Key, unknown]> = Array.isArray(container)
      ? container.map((v, i) => [i, v] as [Key, unknown])
      : Object.entries(container);
    for (const [k, v] of entries) {
      if (v !== null && typeof v === 'object' && !pathOf.has(v) && isContainer(v)) {
        const p = [...path, k];
        pathOf.set(v, p);
        stack.push([v, p]);
      }
    }
  }
  const cache = new WeakMap<object, Map<Key, ValueRef>>();
  return {
    refOf(container: object, key: Key): ValueRef | undefined {
      const base = pathOf.get(container);
      if (!base) return undefined;
      let refs = cache.get(container);
      if (!refs) cache.set(container, (refs = new Map<Key, ValueRef>()));
      let ref = refs.get(key);
      if (!ref) {
        const origin = origins.get(container, key);
        ref = origin ? { path: [...base, key], origin } : { path: [...base, key] };
        refs.set(key, ref);
      }
      return ref;
    },
  };
}

function isContainer(v: object): boolean {
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
