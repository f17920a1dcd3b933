/**
 * Values coalescing exactly as Helm's pkg/chart/common/util/coalesce.go does it (Helm 4): the
 * user's values win over the chart's defaults, maps merge, a null deletes a key when coalescing
 * (and stays when merging), chart defaults' own nulls are dropped, globals are copied down into
 * every subchart, and subchart defaults fill in under the subchart's name. The functions mutate
 * their destination in place like Helm's, including Helm's shallow copies, so aliasing effects
 * come out the same.
 *
 * Every assignment also carries the entry's origin (OriginTable) so the final values can say
 * which file and which node set each value.
 */
import { setKey } from './go-yaml';
import type { OriginTable } from './provenance';
import { isMap } from './values-file';
import type { Values } from './values-file';

/** What coalescing needs of a chart: its name (alias applied), defaults and subcharts. */
export interface ValuesChart {
  readonly name: string;
  readonly values: Values;
  readonly dependencies: readonly ValuesChart[];
}

/** Collects Helm's coalescing warnings (log.Printf in Helm: stderr, never the output). */
export type Warn = (message: string) => void;

export interface CoalesceContext {
  origins: OriginTable;
  warn: Warn;
}

const GLOBAL = 'global';

/** CoalesceValues: the chart's values (with its subcharts') under the user's `vals`. */
export function coalesceValues(ctx: CoalesceContext, chart: ValuesChart, vals: Values | null, keepOwnNulls = false): Values {
  const dest = vals ? (deepCopy(vals, ctx.origins) as Values) : {};
  return coalesce(ctx, chart, dest, '', false, keepOwnNulls);
}

/** MergeValues: like coalesceValues, but nulls are kept (used while processing dependencies). */
export function mergeValues(ctx: CoalesceContext, chart: ValuesChart, vals: Values | null): Values {
  const dest = vals ? (deepCopy(vals, ctx.origins) as Values) : {};
  return coalesce(ctx, chart, dest, '', true);
}

/** `keepOwnNulls`: the nulls of this chart's own defaults stay (Helm 3 and Helm 4 before 4.2), not its subcharts'. */
function coalesce(ctx: CoalesceContext, chart: ValuesChart, dest: Values, prefix: string, merge: boolean, keepOwnNulls = false): Values {
  coalesceChartValues(ctx, chart, dest, prefix, merge || keepOwnNulls, merge);
  return coalesceDeps(ctx, chart, dest, prefix, merge);
}

function coalesceDeps(ctx: CoalesceContext, chart: ValuesChart, dest: Values, prefix: string, merge: boolean): Values {
  for (const sub of chart.dependencies) {
    if (!has(dest, sub.name)) {
      setKey(dest, sub.name, {});
      ctx.origins.delete(dest, sub.name);
    } else if (!isMap(dest[sub.name])) {
      throw new Error(`type mismatch on ${sub.name}: %!t(${goTypeOf(dest[sub.name])}=${goV(dest[sub.name])})`);
    }
    const dvmap = dest[sub.name] as Values;
    const subPrefix = concatPrefix(prefix, chart.name);
    coalesceGlobals(ctx, dvmap, dest, subPrefix);
    setKey(dest, sub.name, coalesce(ctx, sub, dvmap, subPrefix, merge));
  }
  return dest;
}

/** Copies the globals of `src` down into `dest` (the subchart's values). */
function coalesceGlobals(ctx: CoalesceContext, dest: Values, src: Values, prefix: string): void {
  let dg: Values;
  if (!has(dest, GLOBAL)) dg = {};
  else if (isMap(dest[GLOBAL])) dg = dest[GLOBAL];
  else {
    ctx.warn(`warning: skipping globals because destination ${GLOBAL} is not a table.`);
    return;
  }
  let sg: Values;
  if (!has(src, GLOBAL)) sg = {};
  else if (isMap(src[GLOBAL])) sg = src[GLOBAL];
  else {
    ctx.warn(`warning: skipping globals because source ${GLOBAL} is not a table.`);
    return;
  }
  for (const key of Object.keys(sg)) {
    const val = sg[key];
    if (isMap(val)) {
      const vv = copyMap(val, ctx.origins);
      if (!has(dg, key)) {
        setKey(dg, key, vv);
        ctx.origins.copy(sg, key, dg, key);
      } else if (!isMap(dg[key])) {
        ctx.warn(`Conflict: cannot merge map onto non-map for ${JSON.stringify(key)}. Skipping.`);
      } else {
        // Top-down: the parent's globals win over what the subchart already has.
        coalesceTablesFullKey(ctx, vv, dg[key], concatPrefix(prefix, key), true);
        setKey(dg, key, vv);
        ctx.origins.copy(sg, key, dg, key);
      }
    } else if (has(dg, key) && isMap(dg[key])) {
      ctx.warn(`key ${key} is table. Skipping`);
    } else {
      setKey(dg, key, val);
      ctx.origins.copy(sg, key, dg, key);
    }
  }
  if (!has(dest, GLOBAL) || dest[GLOBAL] !== dg) {
    setKey(dest, GLOBAL, dg);
    if (has(src, GLOBAL)) ctx.origins.copy(src, GLOBAL, dest, GLOBAL);
  }
}

/** Fills `v` (values given for this chart) with the chart's defaults. */
function coalesceChartValues(ctx: CoalesceContext, chart: ValuesChart, v: Values, prefix: string, keepNulls: boolean, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, chart.name);
  // Helm deep-copies the defaults first so coalescing never alters the chart.
  const vc = deepCopy(chart.values, ctx.origins) as Values;
  for (const key of Object.keys(vc)) {
    const val = vc[key];
    if (has(v, key)) {
      const value = v[key];
      if (value === null && !merge) {
        // A null from the user removes the key (and the chart's default with it).
        delete v[key];
        ctx.origins.delete(v, key);
      } else if (isMap(value)) {
        if (!isMap(val)) {
          if (val !== null) ctx.warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const childMerge = isSubchart(chart, key) ? true : merge;
          if (!childMerge && !keepNulls) cleanNilValues(val);
          coalesceTablesFullKey(ctx, value, val, concatPrefix(subPrefix, key), childMerge);
        }
      }
    } else {
      if (!keepNulls) {
        if (val === null) continue;
        if (isMap(val)) cleanNilValues(val);
      }
      setKey(v, key, val);
      ctx.origins.copy(vc, key, v, key);
    }
  }
}

function isSubchart(chart: ValuesChart, key: string): boolean {
  return chart.dependencies.some((d) => d.name === key);
}

/** CoalesceTables: `src` fills `dst` (dst wins); nulls in dst delete when coalescing. */
export function coalesceTables(ctx: CoalesceContext, dst: Values | null, src: Values | null): Values | null {
  return coalesceTablesFullKey(ctx, dst, src, '', false);
}

/** MergeTables: like coalesceTables, keeping nulls. */
export function mergeTables(ctx: CoalesceContext, dst: Values | null, src: Values | null): Values | null {
  return coalesceTablesFullKey(ctx, dst, src, '', true);
}

function coalesceTablesFullKey(ctx: CoalesceContext, dst: Values | null, src: Values | null, prefix: string, merge: boolean): Values | null {
  if (src === null) return dst;
  if (dst === null) return src;
  const srcOriginalNonNil = new Set<string>();
  for (const key of Object.keys(src)) if (src[key] !== null) srcOriginalNonNil.add(key);
  for (const key of Object.keys(dst)) if (dst[key] === null) setKey(src, key, null);
  for (const key of Object.keys(src)) {
    const val = src[key];
    const fullKey = concatPrefix(prefix, key);
    const ok = has(dst, key);
    const dv = ok ? dst[key] : undefined;
    if (ok && !merge && dv === null && srcOriginalNonNil.has(key)) {
      // The user nulls a chart default: the key goes.
      delete dst[key];
      ctx.origins.delete(dst, key);
    } else if (!ok) {
      setKey(dst, key, val);
      ctx.origins.copy(src, key, dst, key);
    } else if (isMap(val)) {
      if (isMap(dv)) coalesceTablesFullKey(ctx, dv, val, fullKey, merge);
      else ctx.warn(`warning: cannot overwrite table with non table for ${fullKey} (${goV(val)})`);
    } else if (isMap(dv) && val !== null) {
      ctx.warn(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${goV(val)})`);
    }
  }
  return dst;
}

/** Removes nulls from a map and its nested maps, in place. */
export function cleanNilValues(m: Values): void {
  for (const key of Object.keys(m)) {
    const val = m[key];
    if (val === null) delete m[key];
    else if (isMap(val)) cleanNilValues(val);
  }
}

/** A deep copy of maps and lists (copystructure.Copy), origins included. */
export function deepCopy(v: unknown, origins: OriginTable): unknown {
  if (Array.isArray(v)) {
    const out = v.map((x) => deepCopy(x, origins));
    origins.copyAll(v, out);
    return out;
  }
  if (isMap(v)) {
    const out: Values = {};
    for (const k of Object.keys(v)) setKey(out, k, deepCopy(v[k], origins));
    origins.copyAll(v, out);
    return out;
  }
  return v;
}

function copyMap(src: Values, origins: OriginTable): Values {
  const out: Values = {};
  for (const k of Object.keys(src)) setKey(out, k, src[k]);
  origins.copyAll(src, out);
  return out;
}

function has(m: Values, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** Go's %v of a value, for warnings. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v)) {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  }
  // What is left of a values tree is a scalar.
  const scalar = v as string | number | boolean | bigint;
  return String(scalar);
}

function goTypeOf(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'interface {}';
}
