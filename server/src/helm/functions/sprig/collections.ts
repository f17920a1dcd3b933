/**
 * sprig's list and dict functions (list.go, dict.go). Lists come back as []interface{} (JS
 * arrays); Go's random map order is replaced by sorted keys (`keys`, `values`). Errors and panics
 * carry Go's messages ("Cannot find first on type string", "interface conversion: …").
 */
import { type CallContext, type FunctionMap, compareGoStrings, goTypeOf, isGoMap } from '../../template';
import { goFunc, goFuncWithContext } from '../define';
import { goSliceItems, setEntry } from '../go-values';
import { type ResolvedOptions, checkListLength } from '../options';
import { deepEqual, isEmpty, listKind, toInt64 } from './cast';
import { mergeInto } from './mergo';
import { strval } from './strings';

type GoMap = Record<string, unknown>;

/** The elements of a Go slice or array argument, or the error sprig returns for other kinds. */
function listItems(v: unknown, message: (kind: string) => string): readonly unknown[] {
  const kind = listKind(v);
  const items = goSliceItems(v);
  if (!items) throw new Error(message(kind));
  return items;
}

/** A non-must sprig list function panics with the must-variant's error; both read the same in a template. */
function pair<A extends unknown[]>(name: string, mustName: string, params: Parameters<typeof goFunc>[1], impl: (...args: A) => unknown): FunctionMap {
  const spec = goFunc(name, params as never, impl as never);
  return { [name]: spec, [mustName]: spec };
}

function chunk(size: number, list: unknown): unknown[][] {
  const items = listItems(list, (k) => `Cannot chunk type ${k}`);
  if (size <= 0) throw new Error('runtime error: makeslice: len out of range');
  const out: unknown[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function goSliceBounds(length: number, start: number, end: number): void {
  if (start < 0 || end < start || end > length) throw new Error('reflect.Value.Slice: slice index out of bounds');
}

/** interface conversion panic text of a failed `x.(map[string]interface{})` / `x.(string)`. */
function interfaceConversion(v: unknown, want: string): Error {
  const got = v === null || v === undefined ? 'nil' : goTypeOf(v);
  return new Error(`interface conversion: interface {} is ${got}, not ${want}`);
}

function dig(ps: unknown[]): unknown {
  if (ps.length < 3) throw new Error('dig needs at least three arguments');
  const dict = ps[ps.length - 1];
  if (!isGoMap(dict)) throw interfaceConversion(dict, 'map[string]interface {}');
  const fallback = ps[ps.length - 2];
  const keys = ps.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw interfaceConversion(k, 'string');
    return k;
  });
  let current: GoMap = dict;
  for (let i = 0; i < keys.length; i++) {
    if (!Object.prototype.hasOwnProperty.call(current, keys[i])) return fallback;
    const step = current[keys[i]];
    if (i === keys.length - 1) return step;
    if (!isGoMap(step)) throw interfaceConversion(step, 'map[string]interface {}');
    current = step;
  }
  return fallback;
}

function get(d: GoMap | null, key: string): unknown {
  return d !== null && Object.prototype.hasOwnProperty.call(d, key) ? d[key] : '';
}

/** Keys of a map in Go's string order (Go's own order is random). */
function sortedKeys(d: GoMap | null): string[] {
  return d === null ? [] : Object.keys(d).sort(compareGoStrings);
}

/** mitchellh/copystructure.Copy over the value model: maps and lists copied deeply, other values shared. */
export function deepCopy(v: unknown, depth = 0): unknown {
  if (depth > 10_000) throw new Error('deepCopy: value nested too deeply');
  if (Array.isArray(v)) return v.map((x) => deepCopy(x, depth + 1));
  if (isGoMap(v)) {
    const out: GoMap = {};
    for (const k of Object.keys(v)) setEntry(out, k, deepCopy(v[k], depth + 1));
    return out;
  }
  return v;
}

function inList(haystack: readonly unknown[], needle: unknown): boolean {
  return haystack.some((h) => deepEqual(needle, h));
}

export function collectionFunctions(options: ResolvedOptions): FunctionMap {
  const until = (ctx: CallContext, count: number): bigint[] => untilStep(ctx, 0, count, count < 0 ? -1 : 1);
  const untilStep = (ctx: CallContext, start: number, stop: number, step: number): bigint[] => {
    const out: bigint[] = [];
    if (stop < start ? step >= 0 : step <= 0) return out;
    checkListLength('untilStep', Math.ceil(Math.abs((stop - start) / step)), options, ctx);
    if (stop < start) for (let i = start; i > stop; i += step) out.push(BigInt(i));
    else for (let i = start; i < stop; i += step) out.push(BigInt(i));
    return out;
  };
  const seq = (ctx: CallContext, ...params: number[]): string => {
    const join = (xs: bigint[]): string => xs.join(' ');
    switch (params.length) {
      case 1: {
        const end = params[0];
        const inc = end < 1 ? -1 : 1;
        return join(untilStep(ctx, 1, end + inc, inc));
      }
      case 2: {
        const [start, end] = params;
        const step = end < start ? -1 : 1;
        return join(untilStep(ctx, start, end + step, step));
      }
      case 3: {
        const [start, step, end] = params;
        let inc = 1;
        if (end < start) {
          inc = -1;
          if (step > 0) return '';
        }
        return join(untilStep(ctx, start, end + inc, step));
      }
    }
    return '';
  };

  return {
    list: goFunc('list', { params: [], variadic: 'interface {}' }, (...v) => v),
    tuple: goFunc('tuple', { params: [], variadic: 'interface {}' }, (...v) => v),
    ...pair('append', 'mustAppend', { params: ['interface {}', 'interface {}'] }, (list: unknown, v: unknown) =>
      [...listItems(list, (k) => `Cannot push on type ${k}`), v]),
    ...pair('push', 'mustPush', { params: ['interface {}', 'interface {}'] }, (list: unknown, v: unknown) =>
      [...listItems(list, (k) => `Cannot push on type ${k}`), v]),
    ...pair('prepend', 'mustPrepend', { params: ['interface {}', 'interface {}'] }, (list: unknown, v: unknown) =>
      [v, ...listItems(list, (k) => `Cannot prepend on type ${k}`)]),
    ...pair('first', 'mustFirst', { params: ['interface {}'] }, (list: unknown) => {
      const items = listItems(list, (k) => `Cannot find first on type ${k}`);
      return items.length === 0 ? null : items[0];
    }),
    ...pair('last', 'mustLast', { params: ['interface {}'] }, (list: unknown) => {
      const items = listItems(list, (k) => `Cannot find last on type ${k}`);
      return items.length === 0 ? null : items[items.length - 1];
    }),
    ...pair('rest', 'mustRest', { params: ['interface {}'] }, (list: unknown) =>
      listItems(list, (k) => `Cannot find rest on type ${k}`).slice(1)),
    ...pair('initial', 'mustInitial', { params: ['interface {}'] }, (list: unknown) =>
      listItems(list, (k) => `Cannot find initial on type ${k}`).slice(0, -1)),
    ...pair('reverse', 'mustReverse', { params: ['interface {}'] }, (list: unknown) =>
      listItems(list, (k) => `Cannot find reverse on type ${k}`).slice().reverse()),
    ...pair('compact', 'mustCompact', { params: ['interface {}'] }, (list: unknown) =>
      listItems(list, (k) => `Cannot compact on type ${k}`).filter((x) => !isEmpty(x))),
    ...pair('uniq', 'mustUniq', { params: ['interface {}'] }, (list: unknown) => {
      const out: unknown[] = [];
      for (const item of listItems(list, (k) => `Cannot find uniq on type ${k}`)) if (!inList(out, item)) out.push(item);
      return out;
    }),
    ...pair('without', 'mustWithout', { params: ['interface {}'], variadic: 'interface {}' }, (list: unknown, ...omit: unknown[]) =>
      listItems(list, (k) => `Cannot find without on type ${k}`).filter((x) => !inList(omit, x))),
    ...pair('has', 'mustHas', { params: ['interface {}', 'interface {}'] }, (needle: unknown, haystack: unknown) => {
      if (haystack === null || haystack === undefined) return false;
      return inList(listItems(haystack, (k) => `Cannot find has on type ${k}`), needle);
    }),
    ...pair('slice', 'mustSlice', { params: ['interface {}'], variadic: 'interface {}' }, (list: unknown, ...indices: unknown[]) => {
      const items = listItems(list, (k) => `list should be type of slice or array but ${k}`);
      if (items.length === 0) return [];
      const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
      const end = indices.length < 2 ? items.length : Number(toInt64(indices[1]));
      goSliceBounds(items.length, start, end);
      return items.slice(start, end);
    }),
    ...pair('chunk', 'mustChunk', { params: ['int', 'interface {}'] }, chunk),
    concat: goFunc('concat', { params: [], variadic: 'interface {}' }, (...lists) => {
      const out: unknown[] = [];
      for (const l of lists) out.push(...listItems(l, (k) => `Cannot concat type ${k} as list`));
      return out;
    }),
    sortAlpha: goFunc('sortAlpha', { params: ['interface {}'] }, (list) => {
      const items = goSliceItems(list);
      if (!items) return [strval(list)];
      return items.filter((x) => x !== null && x !== undefined).map(strval).sort(compareGoStrings);
    }),
    until: goFuncWithContext('until', { params: ['int'] }, (ctx, n) => until(ctx, n as number)),
    untilStep: goFuncWithContext('untilStep', { params: ['int', 'int', 'int'] }, (ctx, a, b, c) => untilStep(ctx, a as number, b as number, c as number)),
    seq: goFuncWithContext('seq', { params: [], variadic: 'int' }, (ctx, ...params) => seq(ctx, ...(params as number[]))),

    dict: goFunc('dict', { params: [], variadic: 'interface {}' }, (...v) => {
      const out: GoMap = {};
      for (let i = 0; i < v.length; i += 2) setEntry(out, strval(v[i]), i + 1 < v.length ? v[i + 1] : '');
      return out;
    }),
    get: goFunc('get', { params: ['map[string]interface {}', 'string'] }, get),
    set: goFunc('set', { params: ['map[string]interface {}', 'string', 'interface {}'] }, (d, key, value) => {
      if (d === null) throw new Error('assignment to entry in nil map');
      setEntry(d, key, value);
      return d;
    }),
    unset: goFunc('unset', { params: ['map[string]interface {}', 'string'] }, (d, key) => {
      if (d !== null) delete d[key];
      return d;
    }),
    hasKey: goFunc('hasKey', { params: ['map[string]interface {}', 'string'] }, (d, key) =>
      d !== null && Object.prototype.hasOwnProperty.call(d, key)),
    pluck: goFunc('pluck', { params: ['string'], variadic: 'map[string]interface {}' }, (key, ...dicts) =>
      dicts.filter((d) => d !== null && Object.prototype.hasOwnProperty.call(d, key)).map((d) => (d as GoMap)[key])),
    keys: goFunc('keys', { params: [], variadic: 'map[string]interface {}' }, (...dicts) => dicts.flatMap(sortedKeys)),
    pick: goFunc('pick', { params: ['map[string]interface {}'], variadic: 'string' }, (d, ...keys) => {
      const out: GoMap = {};
      for (const k of keys) if (d !== null && Object.prototype.hasOwnProperty.call(d, k)) setEntry(out, k, d[k]);
      return out;
    }),
    omit: goFunc('omit', { params: ['map[string]interface {}'], variadic: 'string' }, (d, ...keys) => {
      const out: GoMap = {};
      const omitted = new Set(keys);
      for (const k of sortedKeys(d)) if (!omitted.has(k)) setEntry(out, k, (d as GoMap)[k]);
      return out;
    }),
    values: goFunc('values', { params: ['map[string]interface {}'] }, (d) => sortedKeys(d).map((k) => (d as GoMap)[k])),
    merge: goFunc('merge', { params: ['map[string]interface {}'], variadic: 'map[string]interface {}' }, (dst, ...srcs) => merge(dst, srcs, false)),
    mustMerge: goFunc('mustMerge', { params: ['map[string]interface {}'], variadic: 'map[string]interface {}' }, (dst, ...srcs) => merge(dst, srcs, false)),
    mergeOverwrite: goFunc('mergeOverwrite', { params: ['map[string]interface {}'], variadic: 'map[string]interface {}' }, (dst, ...srcs) => merge(dst, srcs, true)),
    mustMergeOverwrite: goFunc('mustMergeOverwrite', { params: ['map[string]interface {}'], variadic: 'map[string]interface {}' }, (dst, ...srcs) => merge(dst, srcs, true)),
    deepCopy: goFunc('deepCopy', { params: ['interface {}'] }, (v) => deepCopy(v)),
    mustDeepCopy: goFunc('mustDeepCopy', { params: ['interface {}'] }, (v) => deepCopy(v)),
    dig: goFunc('dig', { params: [], variadic: 'interface {}' }, (...ps) => dig(ps)),
  };
}

function merge(dst: GoMap | null, srcs: Array<GoMap | null>, overwrite: boolean): GoMap {
  let target = dst;
  for (const src of srcs) {
    if (src === null) continue;
    if (target === null) target = {}; // mergo makes a map for a nil destination
    mergeInto(target, src, overwrite);
  }
  return target ?? {};
}
