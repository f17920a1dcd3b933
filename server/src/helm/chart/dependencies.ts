/**
 * Helm's dependency processing (pkg/chart/v2/util/dependencies.go): subcharts named in
 * Chart.yaml are matched by name and version range, aliased, switched on or off by `tags` and
 * `condition`, and their `import-values` (both the "exports" string form and the child/parent
 * form) are copied into the parent's values. It works on a WorkChart, a per-render copy of the
 * loaded chart tree, because Helm rewrites names, dependency lists and values as it goes.
 */
import { coalesceTables, coalesceValues, deepCopy, mergeTables, mergeValues } from './coalesce';
import type { CoalesceContext, ValuesChart } from './coalesce';
import type { Chart } from './loader';
import type { ChartDependency, ChartMetadata } from './metadata';
import { isCompatibleRange } from './semver';
import { setKey } from './go-yaml';
import { isMap } from './values-file';
import type { Values } from './values-file';

/** A chart as one render sees it: names may be aliases, values may hold imported values. */
export class WorkChart implements ValuesChart {
  metadata: ChartMetadata;
  values: Values;
  dependencies: WorkChart[] = [];
  parent: WorkChart | undefined;

  constructor(readonly chart: Chart, metadata?: ChartMetadata) {
    this.metadata = metadata ?? copyMetadata(chart.metadata);
    this.values = chart.values;
    for (const d of chart.dependencies) this.addDependency(new WorkChart(d));
  }

  get name(): string {
    return this.metadata.name;
  }

  addDependency(c: WorkChart): void {
    c.parent = this;
    this.dependencies.push(c);
  }

  setDependencies(charts: WorkChart[]): void {
    this.dependencies = [];
    for (const c of charts) this.addDependency(c);
  }

  isRoot(): boolean {
    return this.parent === undefined;
  }

  /** Chart.ChartFullPath: "parent/charts/child" (with aliases). */
  fullPath(): string {
    return this.parent ? `${this.parent.fullPath()}/charts/${this.name}` : this.name;
  }

  isLibrary(): boolean {
    return this.metadata.type.toLowerCase() === 'library';
  }

  /** A shallow copy, as getAliasDependency makes: own metadata, copied children re-parented. */
  shallowCopy(): WorkChart {
    const out = Object.create(WorkChart.prototype) as WorkChart;
    out.metadata = copyMetadata(this.metadata);
    out.values = this.values;
    out.parent = undefined;
    out.dependencies = [];
    (out as { chart: Chart }).chart = this.chart;
    for (const d of this.dependencies) {
      const cpy = Object.assign(Object.create(WorkChart.prototype) as WorkChart, d);
      out.addDependency(cpy);
    }
    return out;
  }
}

function copyMetadata(md: ChartMetadata): ChartMetadata {
  return {
    ...md,
    dependencies: md.dependencies ? md.dependencies.map((d) => (d ? { ...d } : null)) : null,
  };
}

/** ProcessDependencies: enable/disable subcharts, then import values (merging, as Helm 4 does). */
export function processDependencies(ctx: CoalesceContext, root: WorkChart, vals: Values): void {
  processDependencyEnabled(ctx, root, vals, '');
  processDependencyImportValues(ctx, root, true);
}

/**
 * Helm's CheckDependencies: the Chart.yaml entries no chart in charts/ answers. Helm matches by
 * name alone here (a version mismatch is not "missing"), and only at the top level.
 */
export function missingDependencies(chart: Chart): ChartDependency[] {
  const present = new Set(chart.dependencies.map((c) => c.metadata.name));
  return (chart.metadata.dependencies ?? []).filter((d): d is ChartDependency => d !== null && !present.has(d.name));
}

/**
 * Of the `missing` entries (as Chart.yaml writes them), those processDependencies left enabled in
 * `root`: the subcharts Helm would have rendered, had they been in charts/. Entries are known
 * by the name they render under once processed (the alias, when there is one).
 */
export function enabledDependencies(root: WorkChart, missing: readonly ChartDependency[]): ChartDependency[] {
  const enabled = new Set((root.metadata.dependencies ?? []).filter((d) => d !== null).map((d) => d.name));
  return missing.filter((d) => enabled.has(d.alias !== '' ? d.alias : d.name));
}

/**
 * Enabled dependencies of subcharts, at any depth, that the subchart does not hold, each named by
 * its path from the top chart (`certManager/common`): Helm checks only the top level, then fails on
 * every template that needs them. A local subchart (`file://`) is read from its own folder, whose
 * charts/ a repository commits as seldom as the top chart's. Call after processDependencies (it
 * leaves the enabled entries, named by their aliases). Linear in the subcharts and their entries.
 */
export function missingSubchartDependencies(root: WorkChart): string[] {
  const out: string[] = [];
  const walk = (node: WorkChart, path: string): void => {
    if (path !== '') {
      const present = new Set(node.dependencies.map((d) => d.name));
      for (const req of node.metadata.dependencies ?? []) if (req !== null && !present.has(req.name)) out.push(`${path}/${req.name}`);
    }
    for (const d of node.dependencies) walk(d, path === '' ? d.name : `${path}/${d.name}`);
  };
  walk(root, '');
  return out;
}

function processDependencyEnabled(ctx: CoalesceContext, c: WorkChart, v: Values, path: string): void {
  const reqs = c.metadata.dependencies;
  if (reqs === null) return;
  const chartDependencies: WorkChart[] = [];
  // Subcharts Chart.yaml does not name stay as they are.
  for (const existing of c.dependencies) {
    const named = reqs.some((req) => req !== null && existing.name === req.name && isCompatibleRange(req.version, existing.metadata.version));
    if (!named) chartDependencies.push(existing);
  }
  for (const req of reqs) {
    if (req === null) continue;
    const found = aliasDependency(c.dependencies, req);
    if (found) chartDependencies.push(found);
    if (req.alias !== '') req.name = req.alias;
  }
  c.setDependencies(chartDependencies);

  for (const req of reqs) if (req) req.enabled = true;
  const cvals = coalesceValues(ctx, c, v);
  processDependencyTags(ctx, reqs, cvals);
  processDependencyConditions(ctx, reqs, cvals, path);

  const removed = new Set(reqs.filter((r): r is ChartDependency => r !== null && !r.enabled).map((r) => r.name));
  const kept = c.dependencies.filter((d) => !removed.has(d.name));
  const keptMeta = reqs.filter((r) => r === null || !removed.has(r.name));
  for (const t of kept) processDependencyEnabled(ctx, t, cvals, `${path}${t.name}.`);
  c.metadata.dependencies = keptMeta;
  c.setDependencies(kept);
}

function aliasDependency(charts: WorkChart[], dep: ChartDependency): WorkChart | undefined {
  for (const c of charts) {
    if (c.name !== dep.name) continue;
    if (!isCompatibleRange(dep.version, c.metadata.version)) continue;
    const out = c.shallowCopy();
    if (dep.alias !== '') out.metadata.name = dep.alias;
    return out;
  }
  return undefined;
}

function processDependencyTags(ctx: CoalesceContext, reqs: Array<ChartDependency | null>, cvals: Values): void {
  const tags = table(cvals, 'tags');
  if (!tags) return;
  for (const r of reqs) {
    if (!r) continue;
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags ?? []) {
      if (!Object.prototype.hasOwnProperty.call(tags, k)) continue;
      const b = tags[k];
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else {
        ctx.warn(`returned non-bool value tag=${k} chart=${r.name}`);
      }
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

function processDependencyConditions(ctx: CoalesceContext, reqs: Array<ChartDependency | null>, cvals: Values, cpath: string): void {
  for (const r of reqs) {
    if (!r) continue;
    for (const c of r.condition.trim().split(',')) {
      if (c === '') continue;
      const found = pathValue(cvals, cpath + c);
      if (found.ok) {
        if (typeof found.value === 'boolean') {
          r.enabled = found.value;
          break;
        }
        ctx.warn(`returned non-bool value path=${c} chart=${r.name}`);
      }
    }
  }
}

function processDependencyImportValues(ctx: CoalesceContext, c: WorkChart, merge: boolean): void {
  for (const d of c.dependencies) processDependencyImportValues(ctx, d, merge);
  processImportValues(ctx, c, merge);
}

function processImportValues(ctx: CoalesceContext, c: WorkChart, merge: boolean): void {
  const reqs = c.metadata.dependencies;
  if (reqs === null) return;
  let cvals = merge ? mergeValues(ctx, c, null) : coalesceValues(ctx, c, null);
  let b: Values = {};
  const combine = (dst: Values, src: Values): Values => (merge ? mergeTables(ctx, dst, src) : coalesceTables(ctx, dst, src)) as Values;
  for (const r of reqs) {
    if (!r) continue;
    const outiv: unknown[] = [];
    for (const riv of r.importValues ?? []) {
      if (isMap(riv)) {
        const child = goSprintV(riv['child']);
        const parent = goSprintV(riv['parent']);
        outiv.push({ child, parent });
        const vv = table(cvals, `${r.name}.${child}`);
        if (!vv) {
          ctx.warn(`ImportValues missing table from chart ${r.name}: ${child}`);
          continue;
        }
        b = combine(b, pathToMap(parent, vv));
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        outiv.push({ child, parent: '.' });
        const vm = table(cvals, `${r.name}.${child}`);
        if (!vm) {
          ctx.warn(`ImportValues missing table: ${child}`);
          continue;
        }
        b = combine(b, vm);
      }
    }
    r.importValues = outiv;
  }
  // Imported values rank below the parent's own: b is merged into cvals, not the other way round.
  if (merge) {
    cvals = deepCopy(cvals, ctx.origins) as Values;
    c.values = mergeTables(ctx, cvals, b) as Values;
  } else {
    cvals = trimNilValues(cvals, ctx);
    c.values = coalesceTables(ctx, cvals, b) as Values;
  }
}

function trimNilValues(vals: Values, ctx: CoalesceContext): Values {
  const copy = deepCopy(vals, ctx.origins) as Values;
  const trim = (m: Values): void => {
    for (const k of Object.keys(m)) {
      if (m[k] === null) delete m[k];
      else if (isMap(m[k])) trim(m[k]);
    }
  };
  trim(copy);
  return copy;
}

/** pathToMap: {a: {b: data}} for "a.b"; data itself for ".". */
function pathToMap(path: string, data: Values): Values {
  if (path === '.') return data;
  let cur: Values = data;
  for (const seg of path.split('.').reverse()) {
    const next: Values = {};
    setKey(next, seg, cur);
    cur = next;
  }
  return cur;
}

/** Values.Table: the map at a dotted path, or undefined (ErrNoTable). */
export function table(v: Values, name: string): Values | undefined {
  let t: Values = v;
  for (const seg of name.split('.')) {
    if (!Object.prototype.hasOwnProperty.call(t, seg)) return undefined;
    const next = t[seg];
    if (!isMap(next)) return undefined;
    t = next;
  }
  return t;
}

/** Values.PathValue: a non-map value at a dotted path. */
export function pathValue(v: Values, path: string): { ok: true; value: unknown } | { ok: false } {
  if (path === '') return { ok: false };
  const parts = path.split('.');
  const key = parts.pop()!;
  const t = parts.length === 0 ? v : table(v, parts.join('.'));
  if (!t || !Object.prototype.hasOwnProperty.call(t, key) || isMap(t[key])) return { ok: false };
  return { ok: true, value: t[key] };
}

/** fmt.Sprintf("%v") of a JSON value from Chart.yaml (import-values child/parent). */
function goSprintV(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a map or list here prints as JS prints it, not as Go's %v (it names no value either way)
  return String(v);
}
