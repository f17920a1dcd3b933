/**
 * What Helm refuses, said in Helm's words where the user can act on it: a template error at the
 * template position (file, line, column of the innermost template), a values file that does not
 * parse at its line, values a schema refuses at the value, a dependency missing from charts/ at its
 * Chart.yaml entry (in archlens's words, as a warning, when the values enable it: the chart is
 * rendered without it), anything else about the chart at Chart.yaml.
 */
import { parseYamlDocument } from '../../core/yaml/parse';
import { escapeRegExp } from '../../core/text';
import type { Chart, ChartRender, ChartRenderError } from '../../helm/chart';
import { parsesOnceFilledIn } from '../../core/yaml/placeholders';
import { readText } from '../source';
import type { UnitProblem, UnitRef, UnitSource } from '../types';
import { segmentsIn } from './source-map';

/** The offset where 1-based line `line` starts in `text` (the end of the text when there are fewer lines). */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return offset;
}

function lineEnd(text: string, offset: number): number {
  const next = text.indexOf('\n', offset);
  return next === -1 ? text.length : next > 0 && text[next - 1] === '\r' ? next - 1 : next;
}

/** The whole line holding `offset`, without its indentation. */
function lineSpan(file: string, text: string, offset: number, message: string): UnitProblem {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = lineEnd(text, offset);
  const indent = /^[ \t]*/.exec(text.slice(start, end))![0].length;
  return { file, start: Math.min(start + indent, end), end, message };
}

/** A YAML library message's "line N" (go-yaml: "yaml: line 3: …"), 1-based. */
function yamlLine(message: string): number | undefined {
  const m = /\byaml: line (\d+):/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** A problem at a 1-based line of a file (its first line when the line is unknown or the file unreadable). */
function atLine(source: UnitSource, file: string, line: number | undefined, message: string): UnitProblem {
  const text = line === undefined ? undefined : readText(source, file);
  if (text === undefined || line === undefined) return { file, message };
  return lineSpan(file, text, lineStart(text, line), message);
}

/** Where a chart Helm refuses to load is shown: the file its message names (at its line), else Chart.yaml. */
export function loadProblem(ref: UnitRef, message: string, source: UnitSource): UnitProblem {
  const named = /^cannot load ([^:]+):/.exec(message) ?? /^error reading ([^:]+):/.exec(message);
  const file = named ? `${ref.root}/${named[1]}` : ref.anchor;
  // Helm never renders Chart.yaml: one holding `{{ }}` is another tool's template (rancher/fleet's
  // e2e assets have `repository: {{.HelmRepoUrl}}`, which its Go tests fill in), not a chart yet.
  if (named?.[1] === 'Chart.yaml' && readText(source, file)?.includes('{{')) {
    return { file, message: `skipped: Chart.yaml holds {{ }}, a template another tool fills in (Helm does not render Chart.yaml), so this chart was not checked (${message})`, severity: 'info' };
  }
  // A field holding one word in single braces (apache/doris-operator's `version: {operatorVersion}`,
  // which its release script replaces) is a placeholder, not a map Helm could read: YAML parses
  // it as a map, so Helm's error names the field as an object. A map with a value keeps the error.
  const field = named?.[1] === 'Chart.yaml' ? /cannot unmarshal object into Go struct field Metadata\.(\w+) of type string/.exec(message)?.[1] : undefined;
  if (field && new RegExp(`^${field}:[ \\t]*\\{[ \\t]*[A-Za-z_][\\w.-]*[ \\t]*\\}[ \\t]*(?:#.*)?\\r?$`, 'm').test(readText(source, file) ?? '')) {
    return { file, message: `skipped: Chart.yaml's ${field} is a placeholder another tool fills in, so this chart was not checked (${message})`, severity: 'info' };
  }
  // A values.yaml with placeholder lines another tool fills in (kubefirst/gitops-template's
  // registry/environments/*/metaphor/values.yaml: `<CERT_MANAGER_ISSUER_ANNOTATION_1>` under
  // `annotations:`, replaced by its CLI) is a template, not values Helm could read yet.
  if (named && /(?:^|\/)values\.ya?ml$/.test(named[1]) && parsesOnceFilledIn(readText(source, file) ?? '')) {
    return { file, message: `skipped: ${named[1]} holds placeholder lines another tool fills in, so this chart was not checked (${message})`, severity: 'info' };
  }
  // A Chart.yaml that names no chart (no name, no apiVersion) in a folder without templates/ is a
  // fragment a script merges into a chart (signalfx/splunk-otel-collector-chart's
  // eks_addon/overrides/Chart.yaml: `version: ${CHART_VERSION}` and `dependencies: []`), not a chart.
  if (message.startsWith('validation: chart.metadata.name is required') && !named) {
    const text = readText(source, file);
    if (text !== undefined && !/^(?:name|apiVersion)\s*:/m.test(text) && !(source.list(ref.root) ?? []).includes('templates')) {
      return { file, message: `skipped: Chart.yaml names no chart (no name, no apiVersion) and its folder has no templates/: a fragment another tool merges into a chart, so it was not checked (${message})`, severity: 'info' };
    }
  }
  return atLine(source, file, yamlLine(message), message);
}

/** Where a render problem is shown. Program errors (kind 'internal') are flagged as archlens's own. */
export function renderProblem(ref: UnitRef, error: ChartRenderError, render: ChartRender, source: UnitSource): UnitProblem {
  const message = error.message;
  if (error.kind === 'internal') return { file: ref.anchor, message, internal: true };
  switch (error.stage) {
    case 'parse':
    case 'exec':
      return templateProblem(ref, error, render, source);
    case 'yaml':
      return renderedYamlProblem(ref, error, render) ?? { file: ref.anchor, message };
    case 'values': {
      const named = /^failed to parse (\/[^:]+):/.exec(message);
      return named ? atLine(source, named[1], yamlLine(message), message) : { file: ref.anchor, message };
    }
    case 'schema':
      return schemaProblem(ref, message, source) ?? { file: ref.anchor, message };
    case 'dependencies': {
      const missing = /missing in charts\/ directory: (.+)$/.exec(message)?.[1].split(', ')[0];
      return (missing && dependencyEntry(ref, source, missing, message)) || { file: ref.anchor, message };
    }
    case 'kube-version':
      return chartYamlEntry(ref, source, /^kubeVersion:.*$/m, message) ?? { file: ref.anchor, message };
    default:
      return { file: ref.anchor, message };
  }
}

/**
 * Dependencies the values enable but charts/ does not hold: a warning (not Helm's refusal) at the
 * first one's Chart.yaml entry, saying what went unchecked (their templates, and the chart's own
 * templates that failed without them) and how to include them.
 */
export function missingDependenciesProblem(ref: UnitRef, names: readonly string[], aliases: readonly string[], failedTemplates: readonly string[], source: UnitSource): UnitProblem {
  const one = names.length === 1;
  const also = failedTemplates.length === 0 ? '' : `, nor ${failedTemplates.join(', ')}, which failed without ${one ? 'it' : 'them'}`;
  // A chart Chart.yaml lists twice (grafana-sampling: alloy as alloy-deployment and alloy-statefulset) is named by its aliases.
  const listed = names.map((name, i) => (aliases[i] && names.indexOf(name) !== names.lastIndexOf(name) ? `${name} (as ${aliases[i]})` : name));
  const message = `${one ? 'dependency' : 'dependencies'} ${listed.join(', ')} ${one ? 'is' : 'are'} enabled but not in charts/: ${one ? 'its' : 'their'} templates were not checked${also} (run \`helm dependency build\` in the chart's folder to download ${one ? 'it' : 'them'})`;
  const problem = dependencyEntry(ref, source, names[0], message) ?? { file: ref.anchor, message };
  return { ...problem, severity: 'warning' };
}

/**
 * A chart whose values.yaml the repository's build makes (the .gitignore lists it, a script beside
 * it writes it: envoyproxy/gateway's charts/gateway-helm, whose Makefile runs envsubst on
 * values.tmpl.yaml): without it every `.Values.a.b` fails, so the chart's defaults are not rendered,
 * and that is a warning naming why, not Helm's nil-pointer errors failing the run.
 */
export function generatedValuesProblem(ref: UnitRef, why: string): UnitProblem {
  return { file: ref.anchor, message: `values.yaml is not in the chart: ${why}, so the chart's defaults were not rendered and its templates were not checked (make values.yaml first, or name values in .archlens.yaml helm.charts)`, severity: 'warning' };
}

/**
 * Dependencies a subchart needs that its own charts/ does not hold (`paths`: `certManager/common`),
 * typically a local (`file://`) subchart whose folder was never `helm dependency build`-ed: a
 * warning at the top chart's entry for the first subchart, like a missing dependency of the chart
 * itself. Helm renders without them and fails on the templates that use them (`failedTemplates`).
 */
export function missingSubchartDependenciesProblem(ref: UnitRef, chart: Chart, paths: readonly string[], failedTemplates: readonly string[], source: UnitSource): UnitProblem {
  const one = paths.length === 1;
  // The subcharts' templates live in other folders: how many, rather than a list of long paths.
  const count = failedTemplates.length;
  const also = count === 0 ? '' : `, nor ${count} ${count === 1 ? 'template' : 'templates'} that failed without ${one ? 'it' : 'them'}`;
  const message = `subchart ${one ? 'dependency' : 'dependencies'} ${paths.join(', ')} ${one ? 'is' : 'are'} enabled but not in the subchart's charts/: ${one ? 'its' : 'their'} templates were not checked${also} (run \`helm dependency build\` in the subchart's folder to download ${one ? 'it' : 'them'})`;
  // The top chart's entry for the subchart: Chart.yaml names it by its chart name (the path by its alias).
  const first = paths[0].split('/')[0];
  const entry = (chart.metadata.dependencies ?? []).find((d) => d !== null && (d.alias !== '' ? d.alias : d.name) === first);
  const problem = dependencyEntry(ref, source, entry?.name ?? first, message) ?? { file: ref.anchor, message };
  return { ...problem, severity: 'warning' };
}

/**
 * A `required` or `fail` that stops the chart at its default values, or a schema property it
 * requires and its defaults leave out: the chart asks for values on purpose (its install
 * instructions pass them), so this is a warning that says what went unchecked (`unchecked`: the
 * template, or the whole chart for a schema) and how to give archlens values, not Helm's refusal as
 * an error that fails every run. `ciValues`: the chart's chart-testing values files
 * (ci/*-values.yaml), which show what it expects.
 */
export function refusedDefaultsProblem(problem: UnitProblem, ciValues: readonly string[], unchecked: 'this template' | 'the chart' = 'this template', why?: string): UnitProblem {
  const example = ciValues.length === 0 ? '' : ` (its ${ciValues.length === 1 ? 'test values file' : 'test values files'} ${ciValues.join(', ')} ${ciValues.length === 1 ? 'is one' : 'are some'})`;
  const message = `${problem.message.trimEnd()}: the chart needs values its defaults leave out${why ? ` (${why})` : ''}, so ${unchecked} was not checked; name values for it in .archlens.yaml (helm.charts)${example}`;
  return { ...problem, message, severity: 'warning' };
}

/** The `name:` line of a Chart.yaml dependency entry. */
function dependencyEntry(ref: UnitRef, source: UnitSource, name: string, message: string): UnitProblem | undefined {
  return chartYamlEntry(ref, source, new RegExp(`^\\s*-?\\s*name:\\s*["']?${escapeRegExp(name)}["']?\\s*(?:#.*)?$`, 'm'), message);
}

function chartYamlEntry(ref: UnitRef, source: UnitSource, pattern: RegExp, message: string): UnitProblem | undefined {
  const text = readText(source, ref.anchor);
  const m = text === undefined ? undefined : pattern.exec(text);
  if (!m || text === undefined) return undefined;
  return lineSpan(ref.anchor, text, m.index + (m[0].length - m[0].trimStart().length), message);
}

/** A template error at the innermost template's position, spanning the action it is in. */
function templateProblem(ref: UnitRef, error: ChartRenderError, render: ChartRender, source: UnitSource): UnitProblem {
  const message = error.message;
  for (const template of [error.template, error.reportedIn]) {
    const file = template === undefined ? undefined : render.templatePaths.get(template);
    if (!file) continue;
    const text = readText(source, file);
    if (text === undefined) return { file, message };
    if (template !== error.template || error.offset === undefined) {
      return error.line !== undefined && template === error.template ? lineSpan(file, text, lineStart(text, error.line), message) : { file, message };
    }
    // The action the error is in, `{{` to `}}`, when both are on the error's line.
    const at = Math.min(error.offset, text.length);
    const lineFrom = text.lastIndexOf('\n', at - 1) + 1;
    const open = text.lastIndexOf('{{', at);
    const start = open >= lineFrom ? open : at;
    const close = text.indexOf('}}', at);
    const end = close !== -1 && close < lineEnd(text, at) ? close + 2 : lineEnd(text, at);
    return { file, start, end: Math.max(end, start), message };
  }
  return { file: ref.anchor, message };
}

/** "YAML parse error on web/templates/x.yaml: … yaml: line 5: …": line 5 of that template's output, traced back to the template. */
function renderedYamlProblem(ref: UnitRef, error: ChartRenderError, render: ChartRender): UnitProblem | undefined {
  const template = error.template;
  if (!template) return undefined;
  const file = render.templatePaths.get(template);
  const output = render.templates.get(template);
  if (!file || !output) return undefined;
  const line = yamlLine(error.message);
  if (line === undefined) return { file, message: error.message };
  // Helm splits the output into documents first: the line counts from the failing document's start.
  const docStart = documentStartBefore(output.output, error.message);
  const at = lineStart(output.output.slice(docStart), line) + docStart;
  const [segment] = segmentsIn(output.segments, at, at + 1);
  if (!segment || segment.template !== template) return { file, message: error.message };
  const start = segment.kind === 'text' ? segment.tplStart + (at - segment.start) : segment.tplStart;
  return { file, start, end: segment.kind === 'text' ? start : segment.tplEnd, message: error.message };
}

/** Helm reports YAML errors per document of a template's output; without more to go on, the first document. */
function documentStartBefore(output: string, message: string): number {
  void message;
  const m = /^---[ \t]*\r?\n/.exec(output);
  return m ? m[0].length : 0;
}

/** Values a schema refuses: at the first value it names ("- at '/image/tag': …") when the chart's values.yaml sets it. */
function schemaProblem(ref: UnitRef, message: string, source: UnitSource): UnitProblem | undefined {
  const at = /- at '([^']*)'/.exec(message)?.[1];
  if (at === undefined) return undefined;
  const file = `${ref.root}/values.yaml`;
  const text = readText(source, file);
  if (text === undefined) return undefined;
  const path = at.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  // Only to find the value's position: whether values.yaml repeats a key is said elsewhere.
  const doc = parseYamlDocument(text, { uniqueKeys: false });
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  if (!range) return undefined;
  return { file, start: range[0], end: range[1], message };
}
