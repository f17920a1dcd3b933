/**
 * The seam for the Helm engine: kustomize's HelmChartInflationGenerator renders each `helmCharts`
 * entry and adds the chart's resources after the kustomization's own, before its components and
 * transformers. archlens does not render charts itself; a renderer given in the build options
 * does, and its source map is kept for the chart's nodes.
 */
import { KUSTOMIZE_STOPS, type BuildHost, type LoadRestrictor, type Place } from './host';
import type { Kustomization } from './kustomization';
import { readResourcesPlaced } from './load-resources';
import type { Origin, Role, Segment } from './model';
import { toPlain, valueAt, type Placer, type Provenance } from './pnode';
import type { Resource } from './resource';

/** A `helmCharts` entry to render (kustomize's HelmChartInflationGenerator). */
export interface HelmChartRequest {
  /** The kustomization file holding the entry, and its directory. */
  kustomization: string;
  dir: string;
  /** The entry as written (name, repo, version, releaseName, namespace, valuesFile, valuesInline…). */
  chart: Record<string, unknown>;
  /** The kustomization's `helmGlobals` (chartHome, configHome). */
  globals?: Record<string, unknown>;
  /**
   * Where the entry's `valuesInline` map is written in the kustomization file (offsets), so that
   * values set there keep their place: a finding on an image set inline points at that line.
   */
  valuesInline?: { start: number; end: number };
  /** kustomize's `--load-restrictor` of the build (omitted = LoadRestrictionsRootOnly): whether values files outside `dir` may be read. */
  loadRestrictor?: LoadRestrictor;
}

export interface RenderedChartDocument {
  /** One rendered document. */
  text: string;
  /** Its source map (offsets into `text`); nodes no segment covers point at the helmCharts entry. */
  segments?: readonly Segment[];
  /**
   * Where the text [start, end) came from, when the renderer knows better than a covering segment
   * (an image written as `{{ .repo }}:{{ .tag }}` is covered by no one segment). Undefined = the entry.
   */
  locate?: (start: number, end: number) => { origin: Origin; role: Role } | undefined;
}

export interface HelmChartResult {
  documents: RenderedChartDocument[];
  /** Where `helm template` fails (a kustomize build then fails too). */
  problems?: Array<{ message: string; file?: string; start?: number; end?: number; /** Default error. */ severity?: 'error' | 'warning' }>;
  /** Files the render read (chart, values): inputs of the build. */
  files?: string[];
  /**
   * Why the chart was not rendered although nothing is wrong with the entry (a chart kustomize
   * would download first): said as an info, and the build counts as incomplete.
   */
  skipped?: string;
}

export interface ChartOptions {
  /**
   * Renders a `helmCharts` entry. Without it (or when it returns undefined) charts are not
   * rendered and reported as needing the Helm engine.
   */
  renderHelmChart?: (request: HelmChartRequest) => HelmChartResult | undefined;
}

/**
 * Provenance for a text written elsewhere: the innermost segment covering a range, else `fallback`.
 * Segments are searched backwards from the last one starting at or before the range.
 */
export function placerFromSegments(segments: readonly Segment[], fallback: Provenance): Placer {
  const sorted = [...segments].sort((a, b) => a.start - b.start || b.end - a.end);
  return (start, end) => {
    let lo = 0;
    let hi = sorted.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start <= start) { last = mid; lo = mid + 1; } else hi = mid - 1;
    }
    for (let i = last; i >= 0; i--) {
      const s = sorted[i];
      if (s.end >= end) return { origin: s.origin, role: s.role };
    }
    return fallback;
  };
}

/**
 * Renders the charts of `k` with `render`; returns their resources (to be appended like a
 * generator's). Charts the renderer declines are reported as not rendered.
 */
export function inflateCharts(host: BuildHost, k: Kustomization, render: NonNullable<ChartOptions['renderHelmChart']>): Array<{ entry: Kustomization['helmCharts'][number]; resources: Resource[] }> {
  const out: Array<{ entry: Kustomization['helmCharts'][number]; resources: Resource[] }> = [];
  for (const entry of k.helmCharts) {
    const chart = toPlain(entry) as Record<string, unknown>;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a name written as a map prints as JS prints it; kustomize would reject the file
    const name = String(chart.name ?? chart.chartName ?? '');
    const inline = valueAt(entry, 'valuesInline') ?? valueAt(entry, 'valuesLocal');
    const request: HelmChartRequest = { kustomization: k.file, dir: k.dir, loadRestrictor: host.loadRestrictor, chart, globals: k.helmGlobals ? (toPlain(k.helmGlobals) as Record<string, unknown>) : undefined };
    if (inline?.kind === 'map') request.valuesInline = { start: inline.prov.origin.start, end: inline.prov.origin.end };
    const result = render(request);
    if (!result) {
      host.report('helm-chart', 'info', `helmCharts: needs the Helm engine (chart ${name} not rendered)`, { file: k.file, node: entry });
      host.markIncomplete(`Helm chart ${name}`);
      continue;
    }
    for (const f of result.files ?? []) host.addInput(f);
    if (result.skipped !== undefined) {
      host.report('helm-chart', 'info', `helm chart ${name} not rendered: ${result.skipped}`, { file: k.file, node: entry });
      host.markIncomplete(`Helm chart ${name}`);
      continue;
    }
    for (const p of result.problems ?? []) {
      const place: Place = p.file ? { file: p.file, start: p.start, end: p.end } : { file: k.file, node: entry };
      if (p.severity === 'warning') host.report('helm-chart', 'warning', `helm chart ${name}: ${p.message}`, place);
      else host.report('kustomize-error', 'error', `helm chart ${name}: ${p.message}${KUSTOMIZE_STOPS}`, place);
    }
    const resources: Resource[] = [];
    for (const doc of result.documents) {
      const fallback: Provenance = { origin: entry.prov.origin, role: 'resource' };
      const locate = doc.locate;
      const placer: Placer = locate ? (start, end) => locate(start, end) ?? fallback : placerFromSegments(doc.segments ?? [], fallback);
      const read = readResourcesPlaced(doc.text, k.file, placer);
      for (const p of read.problems) host.report('kustomize-error', 'error', `helm chart ${name}: ${p.message}${KUSTOMIZE_STOPS}`, { file: k.file, node: entry });
      resources.push(...read.resources);
    }
    out.push({ entry, resources });
  }
  return out;
}
