/**
 * Loads a chart like Helm's pkg/chart/v2/loader: a folder is walked in lexical order with the
 * chart's .helmignore (plus Helm's default rule); the files are sorted into Chart.yaml, values,
 * schema, templates, subcharts (folders and .tgz archives under charts/) and plain Files; the
 * metadata is validated with Helm's messages. Nothing here reads the disk: files come through a
 * ChartSource.
 */
import { decodeMetadata, emptyMetadata, validateMetadata } from './metadata';
import type { ChartMetadata } from './metadata';
import { HelmIgnore } from './helmignore';
import { OriginTable } from './provenance';
import { readChartArchive } from './tar';
import { decodeUtf8, extName, joinPath, trimBom } from './source';
import type { ChartSource } from './source';
import { readValuesFile } from './values-file';
import type { Values } from './values-file';

export interface ChartFile {
  /** Path relative to the chart folder ("templates/deployment.yaml"). */
  name: string;
  data: Uint8Array;
}

/** A loaded chart. Treat it as immutable: rendering works on copies, so a chart can be rendered again. */
export interface Chart {
  metadata: ChartMetadata;
  templates: ChartFile[];
  /** The chart's default values (values.yaml). */
  values: Values;
  /** Where each entry of `values` (and of every map and list inside) was written. */
  valuesOrigins: OriginTable;
  /** values.schema.json, when the chart has one. */
  schema?: Uint8Array;
  /** Every file that is not a template, Chart.yaml, values.yaml, the schema or a subchart. */
  files: ChartFile[];
  /** Every file of the chart as loaded (subcharts' files included). */
  raw: ChartFile[];
  /** Subcharts found under charts/, in name order. */
  dependencies: Chart[];
  /** Where the chart was read from: its folder, or "<archive>.tgz" for a packaged subchart. */
  location: string;
}

/** A chart Helm itself would refuse to load; the message is Helm's. */
export class ChartLoadError extends Error {}

/** Loads the chart in folder `dir` (absolute). Throws ChartLoadError with Helm's message. */
export function loadChart(source: ChartSource, dir: string): Chart {
  const steps = loadChartSteps(source, dir);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** loadChart as steps: yields between file reads, so an editor can load a chart of hundreds of files between its requests. */
export function* loadChartSteps(source: ChartSource, dir: string): Generator<void, Chart, void> {
  const top = joinPath(dir);
  const chartYaml = source.read(joinPath(top, 'Chart.yaml'));
  if (chartYaml !== undefined) checkApiVersion(chartYaml);
  let rules = new HelmIgnore();
  const ignoreFile = source.read(joinPath(top, '.helmignore'));
  if (ignoreFile !== undefined) {
    try {
      rules = HelmIgnore.parse(decodeUtf8(ignoreFile));
    } catch (err) {
      throw new ChartLoadError((err as Error).message);
    }
  }
  rules.addDefaults();
  const files: ChartFile[] = [];
  yield* walk(source, top, '', rules, files);
  yield;
  return loadFiles(files, top);
}

/** Loads a packaged chart (.tgz bytes). `location` names it in origins and messages. */
export function loadChartArchive(bytes: Uint8Array, location: string): Chart {
  let files: ChartFile[];
  try {
    files = readChartArchive(bytes);
  } catch (err) {
    throw new ChartLoadError((err as Error).message);
  }
  return loadFiles(files, location);
}

function checkApiVersion(chartYaml: Uint8Array): void {
  const m = /^apiVersion:[ \t]*["']?([^"'\s#]*)/m.exec(decodeUtf8(chartYaml));
  const v = m ? m[1] : '';
  if (v !== '' && v !== 'v1' && v !== 'v2' && v !== 'v3') throw new ChartLoadError('unsupported chart version');
}

/** sympath.Walk: entries in lexical order, ignored folders skipped whole. */
function* walk(source: ChartSource, top: string, rel: string, rules: HelmIgnore, out: ChartFile[]): Generator<void, void, void> {
  const entries = source.list(rel === '' ? top : joinPath(top, rel));
  if (!entries) return;
  const named = entries.map((e) => ({ name: e.endsWith('/') ? e.slice(0, -1) : e, dir: e.endsWith('/') }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of named) {
    const n = rel === '' ? e.name : `${rel}/${e.name}`;
    if (rules.ignores(n, e.dir)) continue;
    if (e.dir) {
      yield* walk(source, top, n, rules, out);
      continue;
    }
    let data: Uint8Array | undefined;
    try {
      data = source.read(joinPath(top, n));
    } catch (err) {
      throw new ChartLoadError(`error reading ${n}: ${(err as Error).message}`);
    }
    if (data === undefined) continue;
    out.push({ name: n, data: trimBom(data) });
    if (out.length % 16 === 0) yield;
  }
}

/**
 * The last parse of each values file, by location. A chart's defaults are never modified
 * (rendering copies them), so an editor re-rendering after a template edit does not parse
 * values.yaml again. Only the last text of a file is kept: typing in values.yaml makes a new text
 * at every keystroke, and keeping old ones held a parsed copy of the file per keystroke (and made
 * every young-generation collection copy them).
 */
const valuesCache = new Map<string, { text: string; values: Values; origins: OriginTable }>();
const VALUES_CACHE_SIZE = 64;

function parseValuesCached(text: string, file: string): { values: Values; origins: OriginTable } {
  const hit = valuesCache.get(file);
  valuesCache.delete(file);
  if (hit && hit.text === text) {
    valuesCache.set(file, hit);
    return hit;
  }
  const origins = new OriginTable();
  const parsed = { text, values: readValuesFile(text, file, origins), origins };
  valuesCache.set(file, parsed);
  if (valuesCache.size > VALUES_CACHE_SIZE) valuesCache.delete(valuesCache.keys().next().value!);
  return parsed;
}

/** Helm's LoadFiles: sorts the files of one chart and loads its subcharts. */
export function loadFiles(files: ChartFile[], location: string): Chart {
  const chart: Chart = {
    metadata: emptyMetadata(),
    templates: [],
    values: {},
    valuesOrigins: new OriginTable(),
    files: [],
    raw: [],
    dependencies: [],
    location,
  };
  let hasMetadata = false;
  for (const f of files) {
    chart.raw.push(f);
    if (f.name === 'Chart.yaml') {
      hasMetadata = true;
      try {
        decodeMetadata(decodeUtf8(f.data), chart.metadata);
      } catch (err) {
        throw new ChartLoadError(`cannot load Chart.yaml: ${(err as Error).message}`);
      }
      // Helm 2 charts may omit apiVersion; Helm reads them as v1.
      if (chart.metadata.apiVersion === '') chart.metadata.apiVersion = 'v1';
    }
  }
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    if (f.name === 'Chart.yaml' || f.name === 'Chart.lock' || f.name === 'requirements.lock') {
      if (f.name === 'requirements.lock' && chart.metadata.apiVersion === 'v1') chart.files.push(f);
      continue;
    }
    if (f.name === 'values.yaml') {
      try {
        const parsed = parseValuesCached(decodeUtf8(f.data), `${location}/values.yaml`);
        chart.values = parsed.values;
        chart.valuesOrigins = parsed.origins;
      } catch (err) {
        throw new ChartLoadError(`cannot load values.yaml: ${(err as Error).message}`);
      }
    } else if (f.name === 'values.schema.json') {
      chart.schema = f.data;
    } else if (f.name === 'requirements.yaml') {
      hasMetadata = true;
      try {
        decodeMetadata(decodeUtf8(f.data), chart.metadata);
      } catch (err) {
        throw new ChartLoadError(`cannot load requirements.yaml: ${(err as Error).message}`);
      }
      if (chart.metadata.apiVersion === 'v1') chart.files.push(f);
    } else if (f.name.startsWith('templates/')) {
      chart.templates.push(f);
    } else if (f.name.startsWith('charts/')) {
      if (extName(f.name) === '.prov') {
        chart.files.push(f);
        continue;
      }
      const rest = f.name.slice('charts/'.length);
      const slash = rest.indexOf('/');
      const cname = slash === -1 ? rest : rest.slice(0, slash);
      let group = subcharts.get(cname);
      if (!group) subcharts.set(cname, (group = []));
      group.push({ name: rest, data: f.data });
    } else {
      chart.files.push(f);
    }
  }
  if (!hasMetadata) throw new ChartLoadError('Chart.yaml file is missing');
  try {
    validateMetadata(chart.metadata);
  } catch (err) {
    throw new ChartLoadError((err as Error).message);
  }

  // Go iterates the subchart map in random order; name order keeps results reproducible.
  for (const cname of [...subcharts.keys()].sort()) {
    if (cname.startsWith('_') || cname.startsWith('.')) continue;
    const group = subcharts.get(cname)!;
    try {
      if (extName(cname) === '.tgz') {
        const file = group[0];
        if (file.name !== cname) {
          throw new ChartLoadError(`error unpacking subchart tar in ${chart.metadata.name}: expected ${cname}, got ${file.name}`);
        }
        chart.dependencies.push(loadChartArchive(file.data, `${location}/charts/${cname}`));
      } else {
        const inner: ChartFile[] = [];
        for (const f of group) {
          const slash = f.name.indexOf('/');
          if (slash === -1) continue;
          inner.push({ name: f.name.slice(slash + 1), data: f.data });
        }
        chart.dependencies.push(loadFiles(inner, `${location}/charts/${cname}`));
      }
    } catch (err) {
      if (err instanceof ChartLoadError && err.message.startsWith('error unpacking subchart tar')) throw err;
      throw new ChartLoadError(`error unpacking subchart ${cname} in ${chart.metadata.name}: ${(err as Error).message}`);
    }
  }
  return chart;
}
