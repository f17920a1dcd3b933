/**
 * Which files form a Helm chart unit. A chart root is a folder holding Chart.yaml that is not a
 * subchart (a chart inside another chart's `charts/` belongs to that chart's unit). Its members —
 * Chart.yaml, the values files at its root, values.schema.json, templates/** and charts/** — are
 * what Helm reads to render it; they are checked through the rendered chart, never as plain files.
 * Anything else in the folder (ci/ values, crds/, docs) stays a plain file, but for its helm-unittest
 * suites (tests/**\/*_test.yaml), which a folder check leaves out (unittest-suites.ts).
 */
import type { Discovery, UnitRef, UnitSource } from '../types';

const CHART_FILE = 'Chart.yaml';

/** Parent folder of an absolute path ('/' stays '/'). */
export function parentDir(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether a file (relative to its chart root, '/'-separated) is one Helm reads to render the chart. */
export function isChartMember(relative: string): boolean {
  if (relative === CHART_FILE || relative === 'Chart.lock' || relative === 'requirements.yaml' || relative === 'values.schema.json') return true;
  if (!relative.includes('/') && /^values[^/]*\.ya?ml$/i.test(relative)) return true;
  return relative.startsWith('templates/') || relative.startsWith('charts/');
}

/** Answers "is there a chart here" once per folder for one discovery. */
export class ChartRoots {
  private readonly hasChart = new Map<string, boolean>();
  private readonly rootOfDir = new Map<string, string | undefined>();

  constructor(private readonly source: UnitSource) {}

  private chartIn(dir: string): boolean {
    let known = this.hasChart.get(dir);
    if (known === undefined) {
      known = (this.source.list(dir) ?? []).includes(CHART_FILE);
      this.hasChart.set(dir, known);
    }
    return known;
  }

  /** The root of the chart a folder is in: the nearest chart folder, then up through `charts/` to the outermost chart. */
  rootOfFolder(dir: string): string | undefined {
    if (this.rootOfDir.has(dir)) return this.rootOfDir.get(dir);
    let root: string | undefined;
    if (this.chartIn(dir)) root = dir;
    else if (dir !== '/') root = this.rootOfFolder(parentDir(dir));
    // A chart in <chart>/charts/ is that chart's subchart: the unit is the outer chart.
    while (root !== undefined && root !== '/') {
      const holder = parentDir(root);
      if (baseName(holder) !== 'charts' || holder === '/') break;
      const outer = parentDir(holder);
      if (!this.chartIn(outer)) break;
      root = outer;
    }
    this.rootOfDir.set(dir, root);
    return root;
  }

  /** The chart unit a file is a member of, if any. */
  unitOf(file: string): UnitRef | undefined {
    const root = this.rootOfFolder(parentDir(file));
    if (root === undefined) return undefined;
    const relative = file.slice(root.length + 1);
    if (!isChartMember(relative)) return undefined;
    return chartRef(root);
  }
}

export function chartRef(root: string): UnitRef {
  return { kind: 'helm', root, anchor: `${root === '/' ? '' : root}/${CHART_FILE}` };
}

/** The charts among walked files, and the walked files that belong to one. */
export function discoverCharts(files: readonly string[], source: UnitSource): Discovery {
  const roots = new ChartRoots(source);
  const units = new Map<string, UnitRef>();
  const members = new Set<string>();
  for (const file of files) {
    const unit = roots.unitOf(file);
    if (!unit) continue;
    members.add(file);
    if (!units.has(unit.root)) units.set(unit.root, unit);
  }
  return { units: [...units.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0)), members };
}
