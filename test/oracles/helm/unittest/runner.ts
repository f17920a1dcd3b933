/**
 * A helm-unittest runner over the in-process renderer: test suites (tests/*_test.yaml) parsed as
 * helm-unittest parses them, each test's values gathered like helm-unittest's getUserValues (values
 * files, then the suite's `set`, then the test's, through JSON), the chart rendered as helm-unittest
 * renders it (Helm v3's engine on the suite's templates plus every partial, release RELEASE-NAME in
 * NAMESPACE, the test's capabilities and only its API versions), render errors turned into a
 * failed-template document, and the assertions applied.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { Chart } from '../../../../server/src/helm/chart/loader';
import { mergeTables } from '../../../../server/src/helm/chart/coalesce';
import { OriginTable } from '../../../../server/src/helm/chart/provenance';
import { renderChart } from '../../../../server/src/helm/chart/render';
import type { RenderOptions } from '../../../../server/src/helm/chart/render';
import type { Values } from '../../../../server/src/helm/chart/values-file';
import { ASSERT_TYPES, deepEqual } from './assertions';
import { valuesAt } from './yamlpath';
import type { Doc } from './assertions';

export interface TestResult {
  name: string;
  passed: boolean;
  failures: string[];
}

export interface SuiteResult {
  file: string;
  name: string;
  tests: TestResult[];
}

type Dict = Record<string, unknown>;

/** helm-unittest's suite splitter: parts separated by "---" lines. */
const SPLITTER = /(?:^|\s*\n)---\s*/;

/** YAML as go-yaml v3 decodes it into interface{}: ints stay ints (bigint here), floats floats. */
export function parseYamlV3(text: string): unknown {
  const doc = parseDocument(text, { intAsBigInt: true, merge: true });
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  return doc.toJS({ maxAliasCount: -1 });
}

/** parseYamlFile: the non-empty documents of a rendered template. */
export function renderedDocs(text: string): Doc[] {
  const docs: Doc[] = [];
  for (const part of text.replace(/(?:^|\s*\n)---\s*/g, '\n---\n').split(/\n---\n/)) {
    if (part.trim() === '') continue;
    const v = parseYamlV3(part);
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) docs.push(v as Doc);
  }
  return docs;
}

export interface RunnerOptions {
  chart: Chart;
  /** Chart folder on disk (suite values files are read relative to their suite). */
  chartDir: string;
  /** RenderOptions the runner does not decide (functions, toYaml). */
  render: Pick<RenderOptions, 'functions' | 'toYaml'>;
  /** Default Kubernetes version of the helm-unittest build this emulates (client-go 0.35 → 1.35). */
  kubeMajor?: string;
  kubeMinor?: string;
}

/** Runs one suite file. */
export function runSuiteFile(file: string, opts: RunnerOptions): SuiteResult[] {
  const text = fs.readFileSync(file, 'utf8');
  const results: SuiteResult[] = [];
  for (const part of text.split(SPLITTER)) {
    if (part.trim() === '') continue;
    const suite = parseYamlV3(part) as Dict;
    results.push(runSuite(suite, file, opts));
  }
  return results;
}

function runSuite(suite: Dict, file: string, opts: RunnerOptions): SuiteResult {
  const result: SuiteResult = { file, name: String(suite.suite ?? ''), tests: [] };
  const tests = (suite.tests as Dict[] | undefined) ?? [];
  for (const test of tests) {
    const name = String(test.it ?? '');
    if (isSkipped(suite) || isSkipped(test)) {
      result.tests.push({ name, passed: true, failures: ['skipped'] });
      continue;
    }
    try {
      result.tests.push({ name, ...runTest(suite, test, file, opts) });
    } catch (err) {
      result.tests.push({ name, passed: false, failures: [`error: ${(err as Error).message}`] });
    }
  }
  return result;
}

function isSkipped(d: Dict): boolean {
  const skip = d.skip as Dict | undefined;
  return !!skip && typeof skip.reason === 'string' && skip.reason !== '';
}

/** getUserValues: values files, then the suite's set, then the test's; MergeTables(new, base) each time. */
function userValues(suite: Dict, test: Dict, file: string): Values {
  const ctx = { origins: new OriginTable(), warn: () => undefined };
  let base: Values = {};
  const files = [...((suite.values as string[] | undefined) ?? []), ...((test.values as string[] | undefined) ?? [])];
  for (const f of files) {
    const p = path.isAbsolute(f) ? f : path.join(path.dirname(file), f);
    const v = (parseYamlV3(fs.readFileSync(p, 'utf8')) ?? {}) as Values;
    base = mergeTables(ctx, asJson(v) as Values, base) as Values;
  }
  for (const set of [suite.set as Dict | undefined, test.set as Dict | undefined]) {
    for (const [p, v] of Object.entries(set ?? {})) base = mergeTables(ctx, buildSetPath(asJson(v), p), base) as Values;
  }
  return asJson(base) as Values;
}

/** Values after helm-unittest's JSON round trip: integers become float64 numbers. */
function asJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(asJson);
  if (v !== null && typeof v === 'object') {
    const out: Dict = {};
    for (const [k, x] of Object.entries(v)) Object.defineProperty(out, k, { value: asJson(x), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** BuildValueOfSetPath: `a.b[0].c` or `a["x.y"]` with the value at the end. */
function buildSetPath(value: unknown, p: string): Values {
  const cursors: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g;
  for (let m = re.exec(p); m !== null; m = re.exec(p)) {
    if (m[1] !== undefined) cursors.push(m[1]);
    else if (m[2] !== undefined) cursors.push(Number(m[2]));
    else cursors.push(m[3]);
  }
  const root: Values = {};
  let current: Dict | unknown[] = root;
  cursors.forEach((cursor, depth) => {
    const last = depth === cursors.length - 1;
    const nextCursor = cursors[depth + 1];
    const next: unknown = last ? value : typeof nextCursor === 'number' ? new Array(nextCursor + 1).fill(null) : {};
    if (typeof cursor === 'number') (current as unknown[])[cursor] = next;
    else (current as Dict)[cursor] = next;
    current = next as Dict;
  });
  return root;
}

/** getTemplateFileName: names without templates/, charts/, crds/ or ** are under templates/. */
function templateFileName(f: string): string {
  return /^(templates|charts|crds|\*\*)/.test(f) ? f : `templates/${f}`;
}

/** getTemplateFileNamePattern (helm-unittest matches it unanchored). */
function templatePattern(f: string): RegExp {
  let p = f.replace(/\./g, '\\.').replace(/\+/g, '\\+').replace(/\[/g, '\\[').replace(/\]/g, '\\]');
  p = p.replace(/\*\*/g, '[0-9a-zA-Z_\\-/\\.]+').replace(/\*/g, '[0-9a-zA-Z_\\-_/\\.]*');
  p = p.replace(/\?/g, '\\?').replace(/\(/g, '\\(').replace(/\)/g, '\\)').replace(/\|/g, '\\|');
  p = p.replace(/\{/g, '\\{').replace(/\}/g, '\\}').replace(/\^/g, '\\^').replace(/\$/g, '\\$');
  return new RegExp(p);
}

function capabilityText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return '';
}

function runTest(suite: Dict, test: Dict, file: string, opts: RunnerOptions): { passed: boolean; failures: string[] } {
  const chartName = opts.chart.metadata.name;
  const suiteTemplates = (suite.templates as string[] | undefined) ?? [];
  const defaultTemplates = suiteTemplates.length > 0 ? suiteTemplates : ['**'];
  const excluded = (suite.excludeTemplates as string[] | undefined) ?? [];
  const asserts = ((test.asserts as Dict[] | undefined) ?? []).filter((a) => a !== null);
  const parsedAsserts = asserts.map(parseAssert);
  const requireRenderSuccess = parsedAsserts.every((a) => a.type.requireRenderSuccess);

  const release = { ...((suite.release as Dict | undefined) ?? {}), ...stripEmpty((test.release as Dict | undefined) ?? {}) };
  const suiteCaps = (suite.capabilities as Dict | undefined) ?? {};
  const testCaps = (test.capabilities as Dict | undefined) ?? {};
  const major = capabilityText(testCaps.majorVersion) || capabilityText(suiteCaps.majorVersion) || opts.kubeMajor || '1';
  const minor = capabilityText(testCaps.minorVersion) || capabilityText(suiteCaps.minorVersion) || opts.kubeMinor || '35';
  let apiVersions: string[] = Array.isArray(testCaps.apiVersions) ? (testCaps.apiVersions as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  if (Array.isArray(suiteCaps.apiVersions) && !(('apiVersions' in testCaps) && testCaps.apiVersions === null)) apiVersions = [...apiVersions, ...(suiteCaps.apiVersions as string[])];

  const selectPatterns = defaultTemplates.map((t) => templatePattern(`${chartName}/${templateFileName(t)}`));
  const excludePatterns = excluded.map((t) => templatePattern(`${chartName}/${templateFileName(t)}`));
  const render = renderChart(opts.chart, {
    ...opts.render,
    values: userValues(suite, test, file),
    releaseName: typeof release.name === 'string' && release.name !== '' ? release.name : 'RELEASE-NAME',
    namespace: typeof release.namespace === 'string' && release.namespace !== '' ? release.namespace : 'NAMESPACE',
    revision: Number(release.revision ?? 0),
    isUpgrade: release.upgrade === true,
    kubeVersion: `v${major}.${minor}.0`,
    apiVersions,
    replaceApiVersions: true,
    checkDependencies: false,
    checkInstallable: false,
    checkKubeVersion: false,
    selectTemplate: (name) => selectPatterns.some((re) => re.test(name)) && !excludePatterns.some((re) => re.test(name)),
  });

  // Helm v3's Render stops at the first error and returns no output but that error.
  const first = render.errors[0];
  const outputs = new Map<string, Doc[]>();
  let renderSucceed = true;
  if (first !== undefined) {
    if (first.stage !== 'parse' && first.stage !== 'exec') return { passed: false, failures: [`error: ${first.message}`] };
    renderSucceed = false;
    if (requireRenderSuccess) return { passed: false, failures: [`render error: ${first.message}`] };
    const parsed = parseRenderError(first.message);
    if (!parsed) return { passed: false, failures: [`render error: ${first.message}`] };
    const doc = { raw: parsed.raw };
    if (path.posix.basename(parsed.file).startsWith('_')) {
      for (const t of defaultTemplates) outputs.set(`${chartName}/${templateFileName(t)}`, [doc]);
    } else outputs.set(parsed.file, [doc]);
  } else {
    for (const [name, out] of render.templates) {
      const ext = path.posix.extname(name);
      if (ext === '.yaml' || ext === '.yml' || ext === '.tpl') outputs.set(name, renderedDocs(out.output));
      else if (ext === '.txt') outputs.set(name, [{ raw: out.output }]);
    }
  }

  const failures: string[] = [];
  const testDocIndex = typeof test.documentIndex === 'bigint' ? Number(test.documentIndex) : undefined;
  parsedAsserts.forEach((a, i) => {
    const templates = a.template !== undefined ? [a.template]
      : Array.isArray(test.templates) && (test.templates as string[]).length > 0 ? (test.templates as string[])
        : typeof test.template === 'string' && test.template !== '' ? [test.template]
          : defaultTemplates.some((t) => t.includes('*')) ? undefined : defaultTemplates;
    const names = templates ? templates.map((t) => `${chartName}/${templateFileName(t)}`) : [...outputs.keys()];
    const verdict = applyAssert(a, names, outputs, renderSucceed, testDocIndex, (test.documentSelector as Dict | undefined));
    if (!verdict.passed) failures.push(`#${i} ${a.name}: ${verdict.why ?? ''}`);
  });
  return { passed: failures.length === 0, failures };
}

/**
 * parseRenderError: the file helm-unittest blames and the text it keeps. Its Go pattern is
 * `(?msU)^(?:.+: |.+ \()(?:(.+):\d+:\d+).+(?:.+>)*: (.+)$` — U makes every repetition lazy.
 */
function parseRenderError(message: string): { file: string; raw: string } | undefined {
  const m = /^(?:.+?: |.+? \()(?:(.+?):\d+:\d+).+?(?:.+?>)*?: (.+?)$/ms.exec(message);
  if (!m) return undefined;
  const newline = message.indexOf('\n');
  return { file: m[1], raw: newline !== -1 ? message.slice(newline + 1) : m[2] };
}

function stripEmpty(d: Dict): Dict {
  const out: Dict = {};
  for (const [k, v] of Object.entries(d)) if (v !== '' && v !== null && v !== 0n && v !== false) out[k] = v;
  return out;
}

interface ParsedAssert {
  name: string;
  type: (typeof ASSERT_TYPES)[string];
  params: Dict;
  not: boolean;
  template?: string;
  documentIndex: number;
  documentSelector?: Dict;
}

function parseAssert(def: Dict): ParsedAssert {
  const names = Object.keys(def).filter((k) => k in ASSERT_TYPES);
  if (names.length === 0) throw new Error(`no assertion type defined in ${Object.keys(def).join(', ')}`);
  if (names.length > 1) throw new Error(`assertion type \`${names[0]}\` and \`${names[1]}\` is declared duplicately`);
  const name = names[0];
  return {
    name,
    type: ASSERT_TYPES[name],
    params: (def[name] as Dict | null) ?? {},
    not: def.not === true,
    template: typeof def.template === 'string' ? def.template : undefined,
    documentIndex: typeof def.documentIndex === 'bigint' ? Number(def.documentIndex) : -1,
    documentSelector: def.documentSelector as Dict | undefined,
  };
}

function applyAssert(
  a: ParsedAssert, templates: string[], outputs: Map<string, Doc[]>, renderSucceed: boolean,
  testDocIndex: number | undefined, testSelector: Dict | undefined,
): { passed: boolean; why?: string } {
  const byTemplate = new Map<string, Doc[] | undefined>(templates.map((t) => [t, outputs.get(t)]));
  const docIndex = testDocIndex ?? a.documentIndex;
  const selector = a.documentSelector ?? testSelector;
  const selected = new Map<string, Doc[]>();
  if (selector && typeof selector.path === 'string' && selector.path !== '') {
    let count = 0;
    for (const [t, docs] of byTemplate) {
      const hits = (docs ?? []).filter((d) => valuesAt(d, selector.path as string).some((v) => selector.value === undefined || selector.value === null || deepEqual(selector.value, v)));
      if (hits.length > 1 && selector.matchMany !== true) return { passed: false, why: 'multiple indexes found' };
      count += hits.length;
      if (hits.length === 0 && selector.skipEmptyTemplates !== true) return { passed: false, why: 'document not found' };
      if (count > 1 && selector.matchMany !== true) return { passed: false, why: 'multiple indexes found' };
      if (hits.length > 0 || selector.skipEmptyTemplates !== true) selected.set(t, hits);
    }
    if (selected.size === 0 && selector.skipEmptyTemplates === true) return { passed: true };
  } else if (docIndex !== -1) {
    for (const [t, docs] of byTemplate) {
      const list = docs ?? [];
      if (docIndex >= list.length) return { passed: false, why: `document index ${docIndex} is out of range` };
      selected.set(t, [list[docIndex]]);
    }
  } else {
    for (const [t, docs] of byTemplate) selected.set(t, docs ?? []);
  }
  const negative = a.not !== a.type.antonym;
  const names = [...selected.keys()].sort();
  if (names.length === 0) {
    if (a.type.requireRenderSuccess !== renderSucceed) return { passed: false, why: 'rendered manifest is empty' };
    return a.type.validate(a.params, { docs: [], selected: [], negative });
  }
  for (const t of names) {
    const rendered = outputs.get(t);
    if (rendered === undefined && a.type.requireRenderSuccess) return { passed: false, why: `template "${t}" not exists or not selected in test suite` };
    if (a.type.requireRenderSuccess !== renderSucceed) return { passed: false, why: `invalid rendering: ${String(rendered?.[0]?.raw ?? 'rendered manifest is empty')}` };
    const v = a.type.validate(a.params, { docs: rendered ?? [], selected: selected.get(t) ?? [], negative });
    if (!v.passed) return { passed: false, why: `${t}: ${v.why ?? ''}` };
  }
  return { passed: true };
}
