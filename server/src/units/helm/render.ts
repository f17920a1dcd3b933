/**
 * Renders a chart unit: the chart loaded once, each variant rendered as `helm template` would (in
 * steps, one template at a time), its documents with their source maps, and what Helm refuses in
 * Helm's words at the place it is about.
 */
import { ChartLoadError, loadChartSteps, renderChartSteps, type Chart, type ChartRender, type RenderedManifest } from '../../helm/chart';
import { readText } from '../source';
import type { RenderContext, RenderedUnit, RenderedVariant, Steps, UnitDocument, UnitProblem, UnitRef } from '../types';
import { isChartMember } from './discover';
import type { HelmDocumentData } from './fixes';
import { loadProblem, renderProblem } from './problems';
import { HelmSourceMap, type SegmentLookup } from './source-map';
import { chartVariants } from './variants';

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

  const valuesTexts = new Map<string, string | undefined>();
  const valuesText = (file: string): string | undefined => {
    if (!valuesTexts.has(file)) valuesTexts.set(file, readText(source, file));
    return valuesTexts.get(file);
  };
  const variants: RenderedVariant[] = [];
  for (const variant of chartVariants(ref.root, ref.anchor, context)) {
    for (const f of variant.files) files.add(f);
    const problems = [...variant.problems];
    let render: ChartRender = yield* renderChartSteps(chart, { ...variant.options, signal: context.signal });
    if (render.errors[0]?.stage === 'dependencies') {
      // Helm refuses a chart whose subcharts are not in charts/ (`helm dependency build` fetches
      // them): said as Helm says it, and the chart's own templates are still checked without them.
      problems.push(renderProblem(ref, render.errors[0], render, source));
      render = yield* renderChartSteps(chart, { ...variant.options, signal: context.signal, checkDependencies: false });
      // A template that needs the missing subchart fails: that is the same problem, said once above.
      render.errors = render.errors.filter((e) => e.stage !== 'exec' || e.kind === 'limit');
    }
    for (const error of render.errors) problems.push(renderProblem(ref, error, render, source));
    const rendered = render;
    const own = new Set(variant.files);
    const lookup: SegmentLookup = { fileOf: (template) => rendered.templatePaths.get(template), showable, overrides: (file) => own.has(file) };
    const documents = rendered.manifests
      .filter((m) => !m.crd)
      .map((m) => helmDocument(m, lookup, ref.root, valuesText));
    variants.push({ name: variant.name, documents, problems });
  }
  return { ref, variants, problems: [], files: [...files].sort() };
}

function helmDocument(m: RenderedManifest, lookup: SegmentLookup, root: string, valuesText: (file: string) => string | undefined): HelmDocument {
  const id = `${m.name}: ${m.head.kind || '?'}/${m.head.name || '?'}`;
  const data: HelmDocumentData = { text: m.text, segments: m.segments, events: m.events, lookup, root };
  return new HelmDocument(id, m.text, new HelmSourceMap(m.text, m.segments, lookup, valuesText), data);
}
