/**
 * Renders a chart the way `helm template` does (pkg/action install + pkg/engine): dependencies
 * processed, values coalesced and checked against the schemas, every template of the chart and
 * its subcharts parsed into one set in Helm's order (so later definitions override as in Helm),
 * each executed with its own chart's scoped values, `<no value>` removed, NOTES.txt set apart, and
 * the documents split and sorted in install order.
 *
 * Unlike Helm, rendering goes on after a template fails: each failure is reported (in Helm's
 * words, with file, line and column) and the other templates are still rendered, so an editor
 * can check the rest of the chart. `helmTemplateOutput` applies Helm's stop-at-first-error rules.
 */
import { TemplateError, TemplateSet, TrackedString, replaceTracked, sliceTracked } from '../template';
import type { ControlEvent, FunctionMap, Limits, OutputSegment, ValueProvenance } from '../template';
import { chartObject, Files, helmValues, makeCapabilities, releaseObject } from './builtins';
import { defaultHelmFunctions, helmToYaml } from './helm-functions';
import type { Capabilities, ToYaml } from './builtins';
import { coalesceValues } from './coalesce';
import type { CoalesceContext } from './coalesce';
import { enabledDependencies, missingDependencies, missingSubchartDependencies, processDependencies, WorkChart } from './dependencies';
import type { Chart } from './loader';
import { fileManifests, ManifestParseError, sortByKind } from './manifests';
import type { Hook, Manifest, ManifestHead } from './manifests';
import { buildProvenance, OriginTable } from './provenance';
import { schemaErrorMessage, schemaViolations } from './schema';
import { isCompatibleRange } from './semver';
import { mergeUserValues } from './values-input';
import type { ValuesInput } from './values-input';
import type { Values } from './values-file';
import { decodeUtf8 } from './source';

export interface RenderOptions extends ValuesInput {
  /** .Release.Name; `helm template` uses "release-name". */
  releaseName?: string;
  /** .Release.Namespace; "default" unless given. */
  namespace?: string;
  revision?: number;
  isUpgrade?: boolean;
  /** --kube-version. */
  kubeVersion?: string;
  /** --api-versions (added to Helm's defaults unless replaceApiVersions). */
  apiVersions?: readonly string[];
  replaceApiVersions?: boolean;
  skipSchemaValidation?: boolean;
  /** User values already merged (as helm-unittest passes them); files and --set lines apply over them. */
  values?: Values;
  /**
   * Refuse a chart whose Chart.yaml names subcharts missing from charts/ (as `helm template` does).
   * Default true. When false, the chart renders as if the missing ones were disabled, and
   * `missingDependencies` lists those the values would have enabled.
   */
  checkDependencies?: boolean;
  /** Refuse library charts (`helm template` does). Default true. */
  checkInstallable?: boolean;
  /** Refuse a chart whose kubeVersion the Kubernetes version does not satisfy (`helm template` does). Default true. */
  checkKubeVersion?: boolean;
  /** Render only the templates this accepts (partials are always parsed); helm-unittest's template selection. */
  selectTemplate?: (name: string) => boolean;
  /** The template functions; Helm's by default. */
  functions?: FunctionMap;
  /** How `.Files.AsConfig`/`AsSecrets` write YAML; Helm's toYAML by default. */
  toYaml?: ToYaml;
  limits?: Partial<Limits>;
  signal?: AbortSignal;
  /** missingkey=error (helm --strict lint); Helm renders with missingkey=zero. */
  strict?: boolean;
  /**
   * Keep the nulls of the chart's own values.yaml, as Helm 3 and Helm 4 before 4.2 do (Helm 4.2
   * drops them, helm/helm#32530). Default false.
   */
  keepChartNulls?: boolean;
}

/** Where a render problem stopped Helm. */
export type RenderStage = 'install' | 'dependencies' | 'values' | 'schema' | 'kube-version' | 'parse' | 'exec' | 'yaml';

export interface ChartRenderError {
  stage: RenderStage;
  /** Helm's message for this failure. */
  message: string;
  /** For template errors: the file (template name) and where in it. */
  template?: string;
  line?: number;
  column?: number;
  offset?: number;
  /** The file Helm's message names first (the outermost template of an include chain). */
  reportedIn?: string;
  /**
   * Exec errors: the template Helm was rendering. Not always `reportedIn`: a named template that
   * `template` (not `include`) calls fails under its own file's name (_helpers.tpl), which renders nothing.
   */
  rendering?: string;
  /** Template errors: 'limit' when a runaway template was stopped, 'internal' for a program error. */
  kind?: 'parse' | 'exec' | 'limit' | 'internal';
  /** The chart refused the values itself: `required` or `fail`, or a schema's required properties the values lack. */
  refusedByChart?: boolean;
}

/**
 * Go's fmt prints a nil operand as `%!s(<nil>)`: a `printf "%s-tls" .Values.ingress.hostname` whose
 * value the defaults leave null (teable's dockers/examples/helm ingress.yaml). At the start of a
 * YAML value its `%` is a directive indicator, so Helm fails on the output; the chart wants a value
 * there, like a `required`, rather than being broken.
 */
function nilPrintedAtValueStart(content: string, message: string): boolean {
  return message.includes('directive indicator character %') && /%!\w\(<nil>\)/.test(content);
}

/** One rendered document, as `helm template` prints it, with its source map. */
export interface RenderedManifest {
  /** The template path, e.g. "mychart/templates/deployment.yaml" (or "mychart/crds/x.yaml"). */
  name: string;
  /** The document text (without the "---" and "# Source:" lines). */
  text: string;
  /** Source map of `text` (offsets into `text`). */
  segments: OutputSegment[];
  /** Control flow evaluated while producing this document (offsets into `text`). */
  events: ControlEvent[];
  head: ManifestHead;
  /** Hook events when the document is a Helm hook (e.g. ["test"]). */
  hook?: string[];
  /** A file from crds/ (not a template): no segments. */
  crd?: boolean;
}

/** A template's whole rendered output. */
export interface RenderedTemplate {
  output: string;
  segments: OutputSegment[];
  events: ControlEvent[];
}

export interface ChartRender {
  /** Documents in install order, then hooks (as `helm template` prints them). */
  manifests: RenderedManifest[];
  /** The root chart's NOTES.txt, rendered. */
  notes?: string;
  /** Problems, in the order Helm meets them. Empty when Helm would succeed. */
  errors: ChartRenderError[];
  /** What Helm logs while coalescing values (e.g. "warning: cannot overwrite table with non table for …"). */
  warnings: string[];
  /** Every non-partial template's output by template name (NOTES.txt included). */
  templates: Map<string, RenderedTemplate>;
  /** Template names in the order Helm executes them. */
  executionOrder: string[];
  /**
   * Where each template name (as segments and errors name it, e.g. "web/charts/db/templates/x.yaml")
   * was read from: the chart's location plus the file's path in the chart.
   */
  templatePaths: Map<string, string>;
  /** CRD files of the chart and its subcharts (`--include-crds`). */
  crds: Array<{ name: string; text: string }>;
  /** The coalesced values (.Values of the root chart) and where each entry came from. */
  values?: Values;
  provenance?: ValueProvenance;
  /** The chart as processed (aliases applied, disabled subcharts removed). */
  chart?: WorkChart;
  /**
   * With `checkDependencies: false`: the Chart.yaml names of dependencies missing from charts/
   * that the values enable (their templates are not rendered). Disabled ones are not listed:
   * without them the render is the one Helm makes with them.
   */
  missingDependencies: string[];
  /** The alias of each of `missingDependencies` ('' for none): one chart listed twice is told apart by it. */
  missingDependencyAliases: string[];
  /**
   * Dependencies the values enable in a subchart (at any depth) that it does not hold, by path
   * (`certManager/common`): Helm does not check them, and the templates needing them fail.
   */
  missingSubchartDependencies: string[];
}

/** Render one chart. Never throws for a problem of the chart: see `errors`. */
export function renderChart(chart: Chart, options: RenderOptions): ChartRender {
  const steps = renderChartSteps(chart, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * renderChart as steps: yields after each template parsed and executed, so an editor can render a
 * chart of hundreds of templates in slices between its requests.
 */
export function* renderChartSteps(chart: Chart, options: RenderOptions): Generator<void, ChartRender, void> {
  const result: ChartRender = { manifests: [], errors: [], warnings: [], templates: new Map(), executionOrder: [], templatePaths: new Map(), crds: [], missingDependencies: [], missingDependencyAliases: [], missingSubchartDependencies: [] };
  const fail = (stage: RenderStage, message: string): ChartRender => {
    result.errors.push({ stage, message });
    return result;
  };

  const type = chart.metadata.type;
  if (options.checkInstallable !== false && type !== '' && type !== 'application') return fail('install', `${type} charts are not installable`);
  const missing = missingDependencies(chart);
  if (options.checkDependencies !== false && missing.length > 0) {
    return fail('dependencies', `an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.map((d) => d.name).join(', ')}`);
  }

  const origins = new OriginTable(collectOriginTables(chart));
  const ctx: CoalesceContext = { origins, warn: (m) => result.warnings.push(m) };
  let userValues: Values;
  try {
    userValues = mergeUserValues(options, origins, options.values);
  } catch (err) {
    return fail('values', (err as Error).message);
  }

  const root = new WorkChart(chart);
  try {
    processDependencies(ctx, root, userValues);
  } catch (err) {
    return fail('dependencies', `chart dependencies processing failed: ${(err as Error).message}`);
  }
  result.chart = root;
  const enabled = enabledDependencies(root, missing);
  result.missingDependencies = enabled.map((d) => d.name);
  result.missingDependencyAliases = enabled.map((d) => d.alias);
  result.missingSubchartDependencies = missingSubchartDependencies(root);

  let values: Values;
  try {
    values = coalesceValues(ctx, root, userValues, options.keepChartNulls === true);
  } catch (err) {
    return fail('values', (err as Error).message);
  }
  if (!options.skipSchemaValidation) {
    const violations = schemaViolations(schemaTree(root), values);
    if (violations !== undefined) {
      result.errors.push({ stage: 'schema', message: schemaErrorMessage(violations.report), ...(violations.onlyMissing && { refusedByChart: true }) });
      return result;
    }
  }
  result.values = values;
  const provenance = buildProvenance(values, origins);
  result.provenance = provenance;

  let caps: Capabilities;
  try {
    caps = makeCapabilities(options);
  } catch (err) {
    return fail('install', `invalid kube version '${options.kubeVersion}': ${(err as Error).message}`);
  }
  if (options.checkKubeVersion !== false && root.metadata.kubeVersion !== '' && !isCompatibleRange(root.metadata.kubeVersion, caps.KubeVersion.String())) {
    return fail('kube-version', `chart requires kubeVersion: ${root.metadata.kubeVersion} which is incompatible with Kubernetes ${caps.KubeVersion.Version}`);
  }
  result.crds = crdFiles(root);

  const top = {
    Capabilities: caps,
    Release: releaseObject({ name: options.releaseName ?? 'release-name', namespace: options.namespace ?? 'default', revision: options.revision, isUpgrade: options.isUpgrade }),
    Values: values,
  };
  const renderables = new Map<string, Renderable>();
  collectTemplates(root, renderables, top, options.toYaml ?? helmToYaml);
  for (const [name, r] of renderables) result.templatePaths.set(name, r.file);

  const set = new TemplateSet(options.functions ?? defaultHelmFunctions(), { limits: options.limits });
  const order = sortTemplates([...renderables.keys()]);
  const parsed: string[] = [];
  for (const name of order) {
    const r = renderables.get(name)!;
    if (!isPartial(name) && options.selectTemplate && !options.selectTemplate(name)) continue;
    try {
      set.add(name, r.text);
      parsed.push(name);
    } catch (err) {
      result.errors.push(templateError('parse', err, parseErrorMessage(name, err)));
    }
    yield;
  }

  const rendered: Array<{ name: string; content: string }> = [];
  for (const name of parsed) {
    if (isPartial(name)) continue;
    if (options.signal?.aborted) {
      result.errors.push({ stage: 'exec', kind: 'limit', message: 'rendering was cancelled' });
      return result;
    }
    const r = renderables.get(name)!;
    r.data.Template = { Name: name, BasePath: r.basePath };
    result.executionOrder.push(name);
    let out: RenderedTemplate;
    try {
      const res = set.execute(name, r.data, { provenance, missingKey: options.strict ? 'error' : 'zero', signal: options.signal });
      out = withoutNoValue(res);
    } catch (err) {
      const error = { ...templateError('exec', err, execErrorMessage(name, err)), rendering: name };
      if (err instanceof TemplateError && error.kind === 'exec' && WARN.test(err.message)) error.refusedByChart = true;
      result.errors.push(error);
      continue;
    }
    result.templates.set(name, out);
    yield;
    if (name.endsWith('NOTES.txt')) {
      if (name === `${root.name}/templates/NOTES.txt`) result.notes = out.output;
      continue;
    }
    rendered.push({ name, content: out.output });
  }

  // Documents of every readable file (in name order); a file Helm cannot read is reported and left out.
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  rendered.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of rendered) {
    try {
      const docs = fileManifests(f);
      hooks.push(...docs.hooks);
      manifests.push(...docs.manifests);
    } catch (err) {
      if (!(err instanceof ManifestParseError)) throw err;
      const error: ChartRenderError = { stage: 'yaml', message: err.message, template: f.name };
      if (nilPrintedAtValueStart(f.content, err.message)) error.refusedByChart = true;
      result.errors.push(error);
    }
    // Reading every document's head parses it whole (as Helm does): a chart of CRDs is seconds of it.
    yield;
  }
  for (const m of [...sortByKind(manifests), ...sortByKind(hooks)]) result.manifests.push(toRendered(m, result.templates.get(m.name)!));
  return result;
}

/** The loaded charts' origin tables, the render's table reads through them. */
function collectOriginTables(chart: Chart): OriginTable[] {
  const out: OriginTable[] = [chart.valuesOrigins];
  for (const d of chart.dependencies) out.push(...collectOriginTables(d));
  return out;
}

function schemaTree(c: WorkChart): { name: string; schema?: Uint8Array; dependencies: ReturnType<typeof schemaTree>[] } {
  return { name: c.name, schema: c.chart.schema, dependencies: c.dependencies.map(schemaTree) };
}

interface Renderable {
  /** Where the template was read from. */
  file: string;
  text: string;
  data: Record<string, unknown>;
  basePath: string;
}

/** recAllTpls: every template with the data its chart sees (.Values scoped to the chart). */
function collectTemplates(c: WorkChart, out: Map<string, Renderable>, parent: Record<string, unknown>, toYaml: ToYaml): Record<string, unknown> {
  const subcharts: Record<string, unknown> = {};
  const parentValues = parent.Values as Values | undefined;
  let chartValues: Values = {};
  if (c.isRoot()) chartValues = parentValues ?? {};
  else if (parentValues && isPlainMap(parentValues[c.name])) chartValues = parentValues[c.name] as Values;
  const next: Record<string, unknown> = {
    Chart: chartObject(c.metadata, c.isRoot()),
    Files: new Files(c.chart.files, toYaml),
    Release: parent.Release,
    Capabilities: parent.Capabilities,
    Values: helmValues(chartValues, toYaml),
    Subcharts: subcharts,
  };
  for (const child of c.dependencies) subcharts[child.name] = collectTemplates(child, out, next, toYaml);
  const fullPath = c.fullPath();
  for (const t of c.chart.templates) {
    // A library chart lends its partials only.
    if (c.isLibrary() && !baseOf(t.name).startsWith('_')) continue;
    out.set(`${fullPath}/${t.name}`, { file: `${c.chart.location}/${t.name}`, text: decodeUtf8(t.data), data: next, basePath: `${fullPath}/templates` });
  }
  return next;
}


function isPlainMap(v: unknown): v is Values {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p: unknown = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function isPartial(name: string): boolean {
  return baseOf(name).startsWith('_');
}

/** sortTemplates: deeper paths first; at one depth, reverse name order. Later parses win. */
export function sortTemplates(names: string[]): string[] {
  const depth = (s: string) => s.split('/').length - 1;
  return [...names].sort((a, b) => {
    const da = depth(a);
    const db = depth(b);
    if (da !== db) return db - da;
    return a < b ? 1 : a > b ? -1 : 0;
  });
}

/** Helm deletes every "<no value>" from a template's output (missingkey=zero still prints it). */
function withoutNoValue(res: { output: string; segments: OutputSegment[]; events: ControlEvent[] }): RenderedTemplate {
  if (!res.output.includes('<no value>')) return res;
  const t = replaceTracked(new TrackedString(res.output, res.segments, res.events), '<no value>', '');
  return { output: t.text, segments: [...t.segments], events: [...t.events] };
}

function toRendered(m: Manifest | Hook, out: RenderedTemplate): RenderedManifest {
  const piece = sliceTracked(new TrackedString(out.output, out.segments, out.events), m.offset, m.offset + m.content.length);
  const r: RenderedManifest = { name: m.name, text: m.content, segments: [...piece.segments], events: [...piece.events], head: m.head };
  if ('events' in m) r.hook = m.events;
  return r;
}

/** Chart.CRDObjects: crds/*.{yaml,yml,json} of the chart, then of its subcharts. */
function crdFiles(c: WorkChart): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const f of c.chart.files) {
    if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name)) out.push({ name: `${c.fullPath()}/${f.name}`, text: decodeUtf8(f.data) });
  }
  for (const d of c.dependencies) out.push(...crdFiles(d));
  return out;
}

function templateError(stage: 'parse' | 'exec', err: unknown, message: string): ChartRenderError {
  if (err instanceof TemplateError) {
    const inner = err.innermost;
    return {
      stage, message, template: inner.template, line: inner.line, column: inner.column, offset: inner.offset, reportedIn: err.template,
      kind: err.kind === 'limit' || err.kind === 'internal' ? err.kind : stage,
    };
  }
  return { stage, message, kind: 'internal' };
}

/** cleanupParseError: "parse error at (file:line): message". */
function parseErrorMessage(name: string, err: unknown): string {
  const msg = (err as Error).message;
  const tokens = msg.split(': ');
  if (tokens.length === 1) return `parse error in (${name}): ${msg}`;
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

const WARN = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

/** reformatExecErrorMsg: fail/required as "execution error at (…): msg", others as Helm 4's trace. */
export function execErrorMessage(name: string, err: unknown): string {
  if (!(err instanceof TemplateError) || err.kind === 'limit' || err.kind === 'internal') {
    return err instanceof Error ? err.message : String(err);
  }
  const msg = err.message;
  const tokens = splitN(msg, ': ', 3);
  if (tokens.length !== 3) return `execution error in (${name}): ${msg}`;
  const warn = WARN.exec(tokens[2]);
  if (warn) return `execution error at (${tokens[1]}): ${warn[1]}`;
  // Helm walks Go's error chain and gives up (keeping Go's one-line text) at the first error that
  // is not a template error: the error a function returned, unless it is include's own template
  // error (tpl wraps its error in "error during tpl function execution").
  const traces: Trace[] = [];
  for (let e: TemplateError | undefined = err; e; e = e.inner) {
    const t = parseTrace(e.message);
    if (!t) return msg;
    const calling = /^error calling (\S+): /.exec(t.message + ' ');
    if (calling && !(calling[1] === 'include' && e.inner)) return msg;
    const last = traces[traces.length - 1];
    if (!last || last.location !== t.location || last.message !== t.message || last.fn !== t.fn) traces.push(t);
  }
  let s = '';
  for (const t of traces) {
    if (t.location !== '') s += `${t.location}\n  `;
    if (t.fn !== '') s += `${t.fn}\n    `;
    if (t.message !== '') s += `${t.message}\n`;
  }
  return s.trim();
}

interface Trace {
  location: string;
  message: string;
  fn: string;
}

/** parseTemplateExecErrorString: one level of a Go template error. */
function parseTrace(s: string): Trace | undefined {
  const prefix = 'template: ';
  if (!s.startsWith(prefix)) return undefined;
  const rest = s.slice(prefix.length);
  if (rest.startsWith('no template ')) return { location: '', message: s, fn: '' };
  const exec = rest.indexOf(': executing ');
  if (exec !== -1) {
    const location = rest.slice(0, exec);
    const after = rest.slice(exec + ': executing '.length);
    if (after.startsWith('"')) {
      const endQuote = after.indexOf('"', 1);
      if (endQuote !== -1) {
        const fnName = after.slice(1, endQuote);
        const afterFn = after.slice(endQuote + 1);
        if (afterFn.startsWith(' at <')) {
          const afterAt = afterFn.slice(' at <'.length);
          const cut = afterAt.indexOf('>: ');
          if (cut !== -1) {
            let message = afterAt.slice(cut + 3);
            const chained = message.indexOf(' template:');
            if (chained !== -1) message = message.slice(0, chained);
            return { location, message, fn: `executing "${fnName}" at <${afterAt.slice(0, cut)}>:` };
          }
        }
      }
    }
    return undefined;
  }
  const sep = rest.lastIndexOf(': ');
  if (sep === -1) return undefined;
  let message = rest.slice(sep + 2);
  const chained = message.indexOf(' template:');
  if (chained !== -1) message = message.slice(0, chained);
  return { location: rest.slice(0, sep), message, fn: '' };
}

/** strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i === -1) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

export type { Hook, Manifest };
