/**
 * Renders a chart unit: the chart loaded once, each variant rendered as `helm template` would (in
 * steps, one template at a time), its documents with their source maps, and what Helm refuses in
 * Helm's words at the place it is about.
 */
import { ChartLoadError, DEFAULT_KUBE_VERSION, loadChartSteps, renderChartSteps, type Chart, type ChartRender, type ChartRenderError, type RenderedManifest } from '../../helm/chart';
import { isCompatibleRange } from '../../helm/chart/semver';
import { escapeRegExp } from '../../core/text';
import { readText } from '../source';
import type { RenderContext, RenderedUnit, RenderedVariant, Steps, UnitDocument, UnitProblem, UnitRef } from '../types';
import { isChartMember } from './discover';
import type { HelmDocumentData } from './fixes';
import { installValuesOf, nilPointerPath, setsMap, type InstallValues } from './install-values';
import { withLocalDependencies } from './local-dependencies';
import { generatedValuesProblem, loadProblem, missingDependenciesProblem, missingSubchartDependenciesProblem, refusedDefaultsProblem, renderProblem } from './problems';
import { HelmSourceMap, type SegmentLookup } from './source-map';
import { chartVariants, DEFAULT_VARIANT } from './variants';

/** A rendered chart document: the framework's view, and what the Helm driver needs for fixes. */
export class HelmDocument implements UnitDocument {
  constructor(
    readonly id: string,
    readonly text: string,
    readonly map: HelmSourceMap,
    readonly data: HelmDocumentData,
  ) {}
}

/** Findings never land inside a packaged subchart (its files are not files one can open). */
function showable(file: string): boolean {
  return !/\.tgz\//.test(file);
}

export function* renderChartUnit(ref: UnitRef, context: RenderContext): Steps<RenderedUnit> {
  const { source } = context;
  const files = new Set<string>([ref.anchor]);
  let chart: Chart;
  try {
    chart = yield* loadChartSteps(source, ref.root);
  } catch (error) {
    const problem: UnitProblem = error instanceof ChartLoadError
      ? loadProblem(ref, error.message, source)
      : { file: ref.anchor, message: `the chart could not be loaded: ${error instanceof Error ? error.message : String(error)}`, internal: true };
    return { ref, variants: [], problems: [problem], files: [...files] };
  }
  for (const f of chart.raw) if (isChartMember(f.name) && showable(f.name)) files.add(`${ref.root}/${f.name}`);
  // A library chart lends templates to other charts; alone it renders nothing (Helm: "not installable").
  if (chart.metadata.type === 'library') return { ref, variants: [], problems: [], files: [...files].sort() };
  const local = yield* withLocalDependencies(chart, ref.root, source, source.folders);
  chart = local.chart;
  // Editing a local subchart renders this chart again.
  for (const dependency of chart.dependencies) {
    if (!local.locations.includes(dependency.location)) continue;
    for (const f of dependency.raw) if (isChartMember(f.name)) files.add(`${dependency.location}/${f.name}`);
  }

  const valuesTexts = new Map<string, string | undefined>();
  const valuesText = (file: string): string | undefined => {
    if (!valuesTexts.has(file)) valuesTexts.set(file, readText(source, file));
    return valuesTexts.get(file);
  };
  const variants: RenderedVariant[] = [];
  let install: InstallValues[] | undefined;
  const hasValuesYaml = chart.raw.some((f) => f.name === 'values.yaml');
  const valuesMadeBy = hasValuesYaml ? undefined : source.generatedBy?.(`${ref.root}/values.yaml`);
  for (const variant of chartVariants(ref.root, ref.anchor, context)) {
    for (const f of variant.files) files.add(f);
    const problems = [...variant.problems];
    if (valuesMadeBy !== undefined && variant.name === DEFAULT_VARIANT) {
      variants.push({ name: variant.name, documents: [], problems: [...problems, generatedValuesProblem(ref, valuesMadeBy)] });
      continue;
    }
    // Helm refuses a chart whose subcharts are not in charts/, but repositories seldom commit them
    // (`helm dependency build` downloads them, usually after a check runs): the chart is rendered
    // as if they were disabled, and only those the values enable are worth a warning.
    let rendered = yield* renderChartSteps(chart, { ...variant.options, signal: context.signal, checkDependencies: false });
    let namespace = variant.options.namespace;
    // `helm template` renders in the 'default' namespace, which some charts refuse with a `fail`
    // (NVIDIA/k8s-device-plugin: "Running in the 'default' namespace is not recommended"); they are
    // installed with --namespace, so the defaults are rendered as there, in a namespace of the chart's name.
    if (variant.name === DEFAULT_VARIANT && variant.options.namespace === undefined && rendered.errors.some((e) => e.refusedByChart && /\bnamespace\b/i.test(e.message))) {
      const own = yield* renderChartSteps(chart, { ...variant.options, namespace: chart.metadata.name, signal: context.signal, checkDependencies: false });
      if (own.errors.length < rendered.errors.length) {
        rendered = own;
        namespace = chart.metadata.name;
      }
    }
    // Helm 4.2 drops the nulls of a chart's own values.yaml (helm/helm#32530); Helm 3 keeps them, and
    // a chart that leaves a value null for the user to fill in may check it with a `fail` that only
    // then is reached (temporalio/helm-charts: `datastores.default:` null, "No valid driver
    // configured"; dropped, `hasKey` gets "" and fails with a type error). A default render that a
    // template error stops is rendered again keeping them, and that render is kept when fewer
    // errors are not the chart's own refusal.
    if (variant.name === DEFAULT_VARIANT && unrefusedExecErrors(rendered) > 0) {
      const kept = yield* renderChartSteps(chart, { ...variant.options, namespace, keepChartNulls: true, signal: context.signal, checkDependencies: false });
      if (unrefusedExecErrors(kept) < unrefusedExecErrors(rendered)) rendered = kept;
    }
    // archlens picks the Kubernetes version `helm template` sees (Helm's newest); a chart whose
    // kubeVersion stops below it (allegroai/clearml-helm-charts: `>= 1.21.0-0 < 1.32.0-0`) is
    // installed on older clusters, so its defaults are rendered for the newest version it allows.
    if (variant.options.kubeVersion === undefined && rendered.errors.some((e) => e.stage === 'kube-version')) {
      const allowed = newestAllowedKubeVersion(chart.metadata.kubeVersion);
      if (allowed) rendered = yield* renderChartSteps(chart, { ...variant.options, kubeVersion: allowed, signal: context.signal, checkDependencies: false });
    }
    // A chart with no values.yaml that ships values files beside Chart.yaml instead (ovn-kubernetes's
    // values-single-node-zone.yaml, values-no-ic.yaml: each install passes one with -f) fails at
    // defaults nobody renders; the first such file stands in for them, and a note says so.
    let shipped: string | undefined;
    if (variant.name === DEFAULT_VARIANT && valuesMadeBy === undefined && !hasValuesYaml && rendered.errors.some((e) => e.stage === 'exec')) {
      const name = shippedValuesFiles(chart)[0];
      const text = name === undefined ? undefined : readText(source, `${ref.root}/${name}`);
      if (name !== undefined && text !== undefined) {
        const path = `${ref.root}/${name}`;
        const withFile = yield* renderChartSteps(chart, { ...variant.options, files: [...(variant.options.files ?? []), { path, text }], signal: context.signal, checkDependencies: false });
        if (withFile.errors.length < rendered.errors.length) {
          rendered = withFile;
          shipped = path;
          files.add(path);
          problems.push({ file: ref.anchor, message: `values.yaml is not in the chart: its defaults were rendered with ${name}, the first of its values files (name others in .archlens.yaml helm.charts)`, severity: 'info' });
        }
      }
    }
    let errors = rendered.errors;
    if (rendered.missingDependencies.length > 0 || rendered.missingSubchartDependencies.length > 0) {
      // A template that needs a missing subchart (its named templates, its values) fails: the
      // warning names it, rather than an error the user cannot act on before the download.
      const withoutSubchart = (e: ChartRenderError): boolean => e.stage === 'exec' && e.kind !== 'limit' && e.kind !== 'internal';
      let failed = failedTemplates(ref, rendered, errors.filter(withoutSubchart));
      errors = errors.filter((e) => !withoutSubchart(e));
      if (rendered.missingDependencies.length > 0) {
        problems.push(missingDependenciesProblem(ref, rendered.missingDependencies, rendered.missingDependencyAliases, failed, source));
        failed = [];
      }
      if (rendered.missingSubchartDependencies.length > 0) {
        problems.push(missingSubchartDependenciesProblem(ref, chart, rendered.missingSubchartDependencies, failed, source));
      }
    }
    for (const error of errors) {
      const problem = renderProblem(ref, error, rendered, source);
      // Only the chart's defaults: values the user named in .archlens.yaml and the chart refuses are their mistake.
      if (variant.name !== DEFAULT_VARIANT) {
        problems.push(problem);
        continue;
      }
      const refused = error.refusedByChart || askedAtInstall(chart, error);
      const installed = refused ? undefined : installedWith(error, () => (install ??= installValuesOf(ref.root, source)));
      problems.push(refused || installed ? refusedDefaultsProblem(problem, ciValues(chart), error.stage === 'schema' ? 'the chart' : 'this template', installed) : problem);
    }
    const own = new Set(shipped ? [...variant.files, shipped] : variant.files);
    const lookup: SegmentLookup = { fileOf: (template) => rendered.templatePaths.get(template), showable, overrides: (file) => own.has(file) };
    const documents = rendered.manifests
      .filter((m) => !m.crd)
      .map((m) => helmDocument(m, lookup, ref.root, valuesText));
    variants.push({ name: variant.name, documents, problems });
  }
  return { ref, variants, problems: [], files: [...files].sort() };
}

/** The newest `v1.N.0` at or below archlens's default that a chart's kubeVersion constraint accepts. */
function newestAllowedKubeVersion(constraint: string): string | undefined {
  const newest = Number(/^v1\.(\d+)\./.exec(DEFAULT_KUBE_VERSION)?.[1] ?? 0);
  for (let minor = newest; minor >= 0; minor--) {
    if (isCompatibleRange(constraint, `v1.${minor}.0`)) return `v1.${minor}.0`;
  }
  return undefined;
}

/**
 * A nil pointer at a value that the chart's Rancher install form (questions.yml) asks for: the
 * defaults leave it out because the installer supplies it (microsoft/mssql-docker linux/rancher:
 * `.Values.mssql.sa.password`), so the chart asks for it like a `required` would.
 */
function askedAtInstall(chart: Chart, error: ChartRenderError): boolean {
  const path = error.stage === 'exec' ? /at <\.Values\.([\w.-]+)>:\s*nil pointer evaluating/.exec(error.message)?.[1] : undefined;
  const questions = path === undefined ? undefined : chart.raw.find((f) => /^questions\.ya?ml$/.test(f.name));
  if (!path || !questions) return false;
  return new RegExp(String.raw`^\s*-?\s*variable:\s*["']?${escapeRegExp(path)}["']?\s*(?:#.*)?$`, 'm').test(new TextDecoder().decode(questions.data));
}

/**
 * A nil pointer at a value that a values file an install script of the repository passes sets
 * (install-values.ts): why the defaults leave it out, as a phrase, or undefined.
 */
function installedWith(error: ChartRenderError, install: () => InstallValues[]): string | undefined {
  const read = error.stage === 'exec' ? nilPointerPath(error.message) : undefined;
  if (!read || read.length < 2) return undefined;
  const parent = read.slice(0, -1);
  const by = install().find((i) => setsMap(i.values, parent));
  return by && `${by.script} installs it with ${by.file}, which sets ${parent.join('.')}`;
}

/** Template errors of a render that are not the chart refusing its values on purpose (`fail`, `required`). */
function unrefusedExecErrors(render: ChartRender): number {
  return render.errors.filter((e) => e.stage === 'exec' && !e.refusedByChart && e.kind !== 'limit' && e.kind !== 'internal').length;
}

/**
 * Values files at the top of a chart (`values-prod.yaml`, `prod-values.yaml`, `values.prod.yaml`),
 * sorted. A template of values.yaml (`values.tmpl.yaml`, envoyproxy/gateway's, which its Makefile
 * fills in with envsubst) is not one: what it becomes is not in the repository.
 */
function shippedValuesFiles(chart: Chart): string[] {
  return chart.raw.map((f) => f.name)
    .filter((name) => /^(?:values[-_.][^/]+|[^/]+[-_.]values)\.ya?ml$/.test(name) && !/[-_.](?:tmpl|template|tpl|in|example|sample)[-_.]/.test(name))
    .sort();
}

/** The chart's chart-testing values files (helm/chart-testing reads ci/*-values.yaml), relative to the chart. */
function ciValues(chart: Chart): string[] {
  return chart.raw.map((f) => f.name).filter((name) => /^ci\/[^/]+-values\.ya?ml$/.test(name)).sort();
}

/**
 * The chart files (relative to the chart) of the templates that `errors` stopped, in order, once
 * each. NOTES.txt is left out: it holds no manifest, so nothing in it would have been checked.
 */
function failedTemplates(ref: UnitRef, render: ChartRender, errors: ChartRenderError[]): string[] {
  const files = new Set<string>();
  for (const e of errors) {
    const file = e.template === undefined ? undefined : render.templatePaths.get(e.rendering ?? e.reportedIn ?? e.template);
    if (file && !file.endsWith('/NOTES.txt')) files.add(file.startsWith(`${ref.root}/`) ? file.slice(ref.root.length + 1) : file);
  }
  return [...files];
}

function helmDocument(m: RenderedManifest, lookup: SegmentLookup, root: string, valuesText: (file: string) => string | undefined): HelmDocument {
  const id = `${m.name}: ${m.head.kind || '?'}/${m.head.name || '?'}`;
  const data: HelmDocumentData = { text: m.text, segments: m.segments, events: m.events, lookup, root };
  return new HelmDocument(id, m.text, new HelmSourceMap(m.text, m.segments, lookup, valuesText), data);
}
