/**
 * `helmCharts:` of a kustomization rendered through archlens's Helm engine, as kustomize's
 * HelmChartInflationGenerator runs `helm template`:
 * - the chart is looked for where kustomize looks: `<chartHome>/<name>` under the kustomization
 *   (`chartHome` from `helmGlobals`, default `charts`), or `<chartHome>/<name>-<version>/<name>`
 *   when both `version` and `repo` are given. A chart that is not there would be downloaded first:
 *   archlens downloads nothing, so it is skipped with that reason (and without a `repo`, kustomize
 *   itself fails: "no repo specified for pull, no chart found");
 * - values: `valuesFile` (default the chart's own values.yaml), merged with `valuesInline` as
 *   `valuesMerge` says (override — the default —, merge, replace), then `additionalValuesFiles`;
 *   every values entry keeps its place, so a finding can point at the `valuesInline` line;
 * - `releaseName` (kustomize lets Helm generate one when absent; archlens uses `release-name`, as
 *   `helm template` does), `namespace`, `kubeVersion`, `apiVersions`, `includeCRDs`, `skipHooks`,
 *   `skipTests`;
 * - the legacy `helmChartInflationGenerator` fields (chartName, chartVersion, chartRepoUrl,
 *   chartHome, values, valuesLocal, releaseName, releaseNamespace) mean the same.
 */
import { ChartLoadError, loadChart, renderChart, type ChartRender, type ChartSource, type RenderedManifest, type RenderOptions } from '../../helm/chart';
import type { ValuesFileInput } from '../../helm/chart';
import { loadRestrictionError, type HelmChartRequest, type HelmChartResult, type Origin, type Role } from '../../kustomize';
import { isAbsolutePath, isWithin, joinPath } from '../../kustomize/paths';
import type { OutputSegment } from '../../helm/template';

export interface ChartRendererSources {
  /** Chart files as bytes (a packaged subchart is an archive). */
  charts: ChartSource;
  /** Text files (values files, the kustomization itself). */
  read(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

/** The fields of one `helmCharts` entry, legacy names mapped (kustomize's SplitHelmParameters). */
interface ChartEntry {
  name: string;
  version: string;
  repo: string;
  releaseName: string;
  namespace: string;
  valuesFile: string;
  additionalValuesFiles: string[];
  valuesMerge: string;
  includeCRDs: boolean;
  skipHooks: boolean;
  skipTests: boolean;
  kubeVersion: string;
  apiVersions: string[];
  chartHome: string;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str).filter((s) => s !== '') : [];
}

function readEntry(request: HelmChartRequest): ChartEntry {
  const c = request.chart;
  const g = request.globals ?? {};
  const legacy = c.chartName !== undefined && c.name === undefined;
  return {
    name: str(legacy ? c.chartName : c.name),
    version: str(legacy ? c.chartVersion : c.version),
    repo: str(legacy ? c.chartRepoUrl : c.repo),
    releaseName: str(c.releaseName),
    namespace: str(legacy ? c.releaseNamespace : c.namespace),
    valuesFile: str(legacy ? c.values : c.valuesFile),
    additionalValuesFiles: strings(c.additionalValuesFiles),
    valuesMerge: str(c.valuesMerge),
    includeCRDs: c.includeCRDs === true,
    skipHooks: c.skipHooks === true,
    skipTests: c.skipTests === true,
    kubeVersion: str(c.kubeVersion),
    apiVersions: strings(c.apiVersions),
    chartHome: str(legacy ? c.chartHome : undefined) || str(g.chartHome),
  };
}

/** kustomize's absChartHome: the folder that holds the chart's folder. */
function chartHomeOf(request: HelmChartRequest, entry: ChartEntry): string {
  const home = entry.chartHome || 'charts';
  const base = isAbsolutePath(home) ? home : joinPath(request.dir, home);
  return entry.version && entry.repo ? joinPath(base, `${entry.name}-${entry.version}`) : base;
}

const MERGE_OPTIONS = ['merge', 'override', 'replace'];

/**
 * The kustomization text with everything outside the `valuesInline` map blanked (line breaks
 * kept): read as a values file, each entry's origin is then its place in the kustomization.
 */
function inlineValuesFile(kustomization: string, text: string, span: { start: number; end: number }): ValuesFileInput {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  const shown = blank(text.slice(0, lineStart)) + blank(text.slice(lineStart, span.start)) + text.slice(span.start, span.end) + blank(text.slice(span.end));
  return { path: kustomization, text: shown };
}

type Failure = { message: string; start?: number; end?: number; file?: string };

/** A renderer for the kustomize engine's `renderHelmChart` seam. */
export function helmChartRenderer(sources: ChartRendererSources): (request: HelmChartRequest) => HelmChartResult {
  return (request) => {
    const entry = readEntry(request);
    const files: string[] = [];
    const fail = (message: string, extra: Omit<Failure, 'message'> = {}): HelmChartResult => ({ documents: [], problems: [{ message, ...extra }], files });
    if (!entry.name) return fail('chart name cannot be empty');
    if (entry.valuesMerge && !MERGE_OPTIONS.includes(entry.valuesMerge)) return fail(`valuesMerge must be one of [${MERGE_OPTIONS.join(' ')}]`);
    const home = chartHomeOf(request, entry);
    const chartDir = joinPath(home, entry.name);
    files.push(joinPath(chartDir, 'Chart.yaml'), joinPath(chartDir, 'values.yaml'));
    if (!sources.isDirectory(chartDir)) {
      if (!entry.repo) return fail(`no repo specified for pull, no chart found at '${chartDir}'`);
      return { documents: [], files, skipped: `the chart is not in ${chartDir}: kustomize would download ${entry.name}${entry.version ? ` ${entry.version}` : ''} from ${entry.repo} first, and archlens downloads no charts (run \`helm pull --untar --untardir ${home} …\` to have it checked)` };
    }

    // Values files are read through the kustomization's loader: in or below its folder unless the restrictor is off.
    const valuesFiles: ValuesFileInput[] = [];
    const readValues = (rel: string, what: string): ValuesFileInput | Failure => {
      const file = joinPath(request.dir, rel);
      files.push(file);
      const refused = loadRestrictionError(request.loadRestrictor ?? 'LoadRestrictionsRootOnly', request.dir, file);
      if (refused) return { message: `${what}: ${refused}` };
      const text = sources.read(file);
      if (text === undefined) return { message: `${what}: open ${file}: no such file or directory` };
      return { path: file, text };
    };
    let valuesFile: ValuesFileInput | undefined;
    if (entry.valuesFile) {
      const read = readValues(entry.valuesFile, 'could not load valuesFile');
      if ('message' in read) return fail(read.message);
      valuesFile = read;
    }
    const inline = request.valuesInline ? sources.read(request.kustomization) : undefined;
    const inlineFile = inline !== undefined && request.valuesInline ? inlineValuesFile(request.kustomization, inline, request.valuesInline) : undefined;
    // The chart's own values.yaml is Helm's default under everything: given again it changes nothing.
    if (inlineFile && entry.valuesMerge === 'replace') valuesFiles.push(inlineFile);
    else if (inlineFile && entry.valuesMerge === 'merge') valuesFiles.push(inlineFile, ...(valuesFile ? [valuesFile] : []));
    else valuesFiles.push(...(valuesFile ? [valuesFile] : []), ...(inlineFile ? [inlineFile] : []));
    for (const rel of entry.additionalValuesFiles) {
      const read = readValues(rel, 'could not load additionalValuesFile');
      if ('message' in read) return fail(read.message);
      valuesFiles.push(read);
    }

    let chart;
    try {
      chart = loadChart(sources.charts, chartDir);
    } catch (error) {
      if (error instanceof ChartLoadError) return fail(`helm template: ${error.message}`);
      throw error;
    }
    const options: RenderOptions = { releaseName: entry.releaseName || 'release-name', files: valuesFiles };
    if (entry.namespace) options.namespace = entry.namespace;
    if (entry.kubeVersion) options.kubeVersion = entry.kubeVersion;
    if (entry.apiVersions.length > 0) options.apiVersions = entry.apiVersions;
    // Dependencies not in charts/ are downloaded by `helm dependency build` before kustomize runs,
    // as for a chart archlens renders on its own: rendered without them, a warning when enabled.
    const render = renderChart(chart, { ...options, checkDependencies: false });
    for (const path of render.templatePaths.values()) files.push(path);
    const result: HelmChartResult = { documents: [], files, problems: [] };
    let errors = render.errors;
    const missing = [...render.missingDependencies, ...render.missingSubchartDependencies];
    if (missing.length > 0) {
      // A template needing a missing subchart (its named templates, its values) fails: counted in the warning.
      const withoutSubchart = (e: ChartRender['errors'][number]): boolean => e.stage === 'exec' && e.kind !== 'limit' && e.kind !== 'internal';
      const failed = errors.filter(withoutSubchart).length;
      errors = errors.filter((e) => !withoutSubchart(e));
      result.problems!.push({ severity: 'warning', message: missingDependenciesMessage(missing, failed) });
    }
    result.problems!.push(...errors.map((e) => renderProblem(render, e)));
    if (entry.includeCRDs) for (const crd of render.crds) result.documents.push({ text: crd.text });
    for (const m of render.manifests) {
      if (m.hook && (entry.skipHooks || (entry.skipTests && m.hook.includes('test')))) continue;
      result.documents.push({ text: m.text, locate: locator(render, m, chartDir) });
    }
    return result;
  };
}

function missingDependenciesMessage(missing: readonly string[], failed: number): string {
  const one = missing.length === 1;
  const also = failed === 0 ? '' : `, nor ${failed} ${failed === 1 ? 'template' : 'templates'} that failed without ${one ? 'it' : 'them'}`;
  return `${one ? 'dependency' : 'dependencies'} ${missing.join(', ')} ${one ? 'is' : 'are'} enabled but not in charts/: ${one ? 'its' : 'their'} templates were not checked${also} (run \`helm dependency build\` in the chart's folder to download ${one ? 'it' : 'them'})`;
}

function renderProblem(render: ChartRender, e: ChartRender['errors'][number]): Failure {
  const file = e.template ? render.templatePaths.get(e.template) : undefined;
  // One line, as every problem is said (Helm's own spreads an include chain over several).
  const out: Failure = { message: e.message.replace(/\s*\n\s*/g, ' ') };
  if (file) {
    out.file = file;
    if (e.offset !== undefined) {
      out.start = e.offset;
      out.end = e.offset;
    }
  }
  return out;
}

/**
 * Where a piece of a rendered chart document came from: a values entry that fed the text (the
 * place to change it), else the template text. A node covered by one segment maps through it (text
 * copied verbatim maps offset by offset); a value several segments make up on one line
 * (`{{ .repo }}:{{ .tag }}`) maps to the first values entry among them; anything else (a block
 * collection the template writes around values) to its first template piece.
 */
function locator(render: ChartRender, m: RenderedManifest, chartDir: string): (start: number, end: number) => { origin: Origin; role: Role } | undefined {
  const segments = [...m.segments].sort((a, b) => a.start - b.start || b.end - a.end);
  const fromValues = (s: OutputSegment): { origin: Origin; role: Role } | undefined => {
    const v = s.values?.find((x) => x.origin);
    if (!v?.origin) return undefined;
    // A default of the chart itself is not a value the kustomization chose.
    const role: Role = isWithin(chartDir, v.origin.file) ? 'chart-default' : 'chart-values';
    return { origin: { file: v.origin.file, start: v.origin.start, end: v.origin.end }, role };
  };
  const fromTemplate = (s: OutputSegment, start: number, end: number): { origin: Origin; role: Role } | undefined => {
    const file = render.templatePaths.get(s.template);
    if (!file) return undefined;
    if (s.kind === 'text') {
      const from = s.tplStart + Math.max(0, start - s.start);
      return { origin: { file, start: from, end: Math.min(s.tplEnd, from + (end - start)) }, role: 'chart-template' };
    }
    return { origin: { file, start: s.tplStart, end: s.tplEnd }, role: 'chart-template' };
  };
  return (start, end) => {
    // The last segment starting at or before `start` (binary search), then back to a covering one.
    let lo = 0;
    let hi = segments.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].start <= start) { last = mid; lo = mid + 1; } else hi = mid - 1;
    }
    let covering: OutputSegment | undefined;
    for (let i = last; i >= 0 && !covering; i--) if (segments[i].end >= end) covering = segments[i];
    if (covering) return fromValues(covering) ?? fromTemplate(covering, start, end);
    const oneLine = !m.text.slice(start, end).includes('\n');
    let firstTemplate: { origin: Origin; role: Role } | undefined;
    for (let i = Math.max(last, 0); i < segments.length && segments[i].start < end; i++) {
      const s = segments[i];
      if (s.end <= start) continue;
      const v = oneLine ? fromValues(s) : undefined;
      if (v) return v;
      firstTemplate ??= fromTemplate(s, Math.max(start, s.start), Math.min(end, s.end));
      if (!oneLine) break;
    }
    return firstTemplate;
  };
}
