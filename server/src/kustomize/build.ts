/**
 * The part of `kustomize build` that decides what is deployed, in-process (kustomize's KustTarget
 * and ResAccumulator): resources, bases and nested kustomizations, components applied into their
 * parent, then the parent's transformers in kustomize's order — strategic merge patches, `patches`,
 * namespace, name prefix and suffix, labels, annotations, JSON 6902 patches, replicas, images —
 * and the legacy output order. Where kustomize would stop the whole build, this reports the
 * error in kustomize's words and builds the rest.
 */
import { emitDocument } from './emit';
import { KUSTOMIZE_STOPS, type BuildHost, type Place } from './host';
import { transformImages } from './images';
import { loadKustomization, type Kustomization } from './kustomization';
import { readResources, readResourcesPlaced } from './load-resources';
import type { BuiltDocument, OverlayBuild, Problem, ProblemKind, Segment } from './model';
import { sortLegacy } from './order';
import { isAbsolutePath, isWithin, joinPath, normalizePath } from './paths';
import { PatchRunner } from './patches';
import { entryOf, IDENTITY_MAP, makeScalar, toPlain, type Placer, type PNode, type Provenance, type PScalar } from './pnode';
import { fixNameReferences } from './namereference';
import { isRemoteFile, isRepoSpec } from './remote';
import { idEquals, idKey, idString, type ResId } from './resid';
import type { Resource } from './resource';
import type { KustomizeSource } from './source';
import {
  transformCommonAnnotations, transformCommonLabels, transformLabelEntry, transformNameAffix, transformNamespace, transformReplicas,
  type TransformProblem,
} from './transformers';

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** Text of a plugin configuration or replacement that may change images or node constraints. */
const ARCH_TEXT = /\b(?:image|images|containers|initContainers|nodeSelector|affinity|tolerations|ImageTagTransformer|PatchTransformer|PatchStrategicMergeTransformer|PatchJson6902Transformer|ReplacementTransformer)\b/;

/** A `helmCharts` entry to render (kustomize's HelmChartInflationGenerator). */
export interface HelmChartRequest {
  /** The kustomization file holding the entry, and its directory. */
  kustomization: string;
  dir: string;
  /** The entry as written (name, repo, version, releaseName, namespace, valuesFile, valuesInline…). */
  chart: Record<string, unknown>;
  /** The kustomization's `helmGlobals` (chartHome, configHome). */
  globals?: Record<string, unknown>;
}

export interface RenderedChartDocument {
  /** One rendered document. */
  text: string;
  /** Its source map (offsets into `text`); nodes no segment covers point at the helmCharts entry. */
  segments?: readonly Segment[];
}

export interface HelmChartResult {
  documents: RenderedChartDocument[];
  /** Where `helm template` fails (a kustomize build then fails too). */
  problems?: Array<{ message: string; file?: string; start?: number; end?: number }>;
  /** Files the render read (chart, values): inputs of the build. */
  files?: string[];
}

export interface BuildOptions {
  /**
   * Renders a `helmCharts` entry. Without it (or when it returns undefined) charts are not
   * rendered and reported as needing the Helm engine.
   */
  renderHelmChart?: (request: HelmChartRequest) => HelmChartResult | undefined;
}

class Build implements BuildHost {
  readonly files = new Set<string>();
  readonly problems: Problem[] = [];
  private readonly seenProblems = new Set<string>();
  private readonly generated: ResId[] = [];
  private readonly incomplete: string[] = [];
  readonly source: KustomizeSource;

  constructor(private readonly disk: KustomizeSource, private readonly options: BuildOptions = {}) {
    this.source = {
      read: (p) => this.readFile(p),
      list: (d) => disk.list(d),
      isDirectory: (p) => disk.isDirectory(p),
    };
  }

  readFile(path: string): string | undefined {
    this.files.add(path);
    return this.disk.read(path);
  }

  report(kind: ProblemKind, level: Problem['level'], message: string, place?: Place): void {
    const problem: Problem = { message, kind, level };
    if (place) {
      problem.file = place.file;
      const start = place.node?.prov.origin.start ?? place.start;
      const end = place.node?.prov.origin.end ?? place.end;
      if (start !== undefined && end !== undefined) {
        problem.start = start;
        problem.end = end;
      }
    }
    const key = `${kind}|${problem.file}|${problem.start}|${message}`;
    if (this.seenProblems.has(key)) return;
    this.seenProblems.add(key);
    this.problems.push(problem);
  }

  isGenerated(id: ResId): boolean {
    return this.generated.some((g) => idEquals(g, id));
  }

  incompleteBecause(): string | undefined {
    return this.incomplete.length > 0 ? this.incomplete.join('; ') : undefined;
  }

  private fail(message: string, k: Kustomization, node?: PNode): void {
    this.report('kustomize-error', 'error', `${message}${KUSTOMIZE_STOPS}`, { file: k.file, node });
  }

  /** Loads the kustomization of `dir`, reporting its errors; undefined when there is none to build. */
  load(dir: string, from?: { k: Kustomization; entry: PScalar; context: string }): Kustomization | undefined {
    const result = loadKustomization(this.source, dir);
    if (result.error) {
      if (from) this.fail(`${from.context}: couldn't make target for path '${dir}': ${result.error.message}`, from.k, from.entry);
      else this.report('kustomize-error', 'error', result.error.message, result.file ? { file: result.file } : undefined);
      return undefined;
    }
    const loaded = result.loaded;
    if (!loaded) return undefined;
    const k = loaded.kustomization;
    for (const e of loaded.errors) this.fail(e.message, k, e.node);
    for (const field of k.ignored) {
      if (field.kind === 'helm-chart' && this.options.renderHelmChart) continue;
      const louder = field.kind === 'ignored' && this.mayCarryArchitecture(k, field.value);
      const reason = louder ? `${field.reason}, and they may set images or scheduling constraints` : field.reason;
      const message = field.kind === 'helm-chart' ? `${field.key.value}: ${reason}` : `${field.key.value} ignored: ${reason}`;
      this.report(field.kind, louder ? 'warning' : 'info', message, { file: k.file, node: field.key });
      if (field.kind === 'helm-chart' && field.key.value !== 'helmGlobals') this.incomplete.push(`Helm charts of ${k.file}`);
    }
    this.generated.push(...k.generated);
    return k;
  }

  /**
   * Whether an ignored field (plugin configurations, replacements, vars) may write images or
   * scheduling constraints: its inline text, or the local files its entries name, mention them.
   */
  private mayCarryArchitecture(k: Kustomization, value: PNode): boolean {
    const items = value.kind === 'seq' ? value.items : [value];
    for (const item of items) {
      const path = item.kind === 'map' ? entryOf(item, 'path')?.value : item;
      if (path?.kind === 'scalar' && !path.value.includes('\n')) {
        // A file of the plugin configuration or replacement (remote ones stay unread).
        const file = joinPath(k.dir, path.value);
        if (isRemoteFile(path.value) || !isWithin(k.dir, file)) continue;
        const text = this.readFile(file);
        if (text !== undefined && ARCH_TEXT.test(text)) return true;
        continue;
      }
      if (ARCH_TEXT.test(k.text.slice(item.prov.origin.start, item.prov.origin.end))) return true;
    }
    return false;
  }

  /** kustomize's accumulateTarget: `ra` is the kustomization's own list (or its parent's, for a component). */
  accumulate(k: Kustomization, ra: Resource[], chain: string[]): void {
    this.accumulateResources(k, ra, chain);
    for (const crd of k.crds) {
      const file = joinPath(k.dir, crd.value);
      if (this.readFile(file) === undefined) this.fail(`loading CRDs [${crd.value}]: lstat ${file}: no such file or directory`, k, crd);
    }
    this.inflateCharts(k, ra);
    for (const entry of k.components) this.accumulateComponent(k, entry, ra, chain);
    this.transform(k, ra);
  }

  /** Renders the kustomization's charts with the renderer given, their resources appended like a generator's. */
  private inflateCharts(k: Kustomization, ra: Resource[]): void {
    const render = this.options.renderHelmChart;
    if (!render || k.helmCharts.length === 0) return;
    const ids = new Set(ra.map((r) => idKey(r.curId())));
    for (const entry of k.helmCharts) {
      const chart = toPlain(entry) as Record<string, unknown>;
      const name = String(chart.name ?? chart.chartName ?? '');
      const result = render({ kustomization: k.file, dir: k.dir, chart, globals: k.helmGlobals ? (toPlain(k.helmGlobals) as Record<string, unknown>) : undefined });
      if (!result) {
        this.report('helm-chart', 'info', `helmCharts: needs the Helm engine (chart ${name} not rendered)`, { file: k.file, node: entry });
        this.incomplete.push(`Helm chart ${name}`);
        continue;
      }
      for (const f of result.files ?? []) this.files.add(f);
      for (const p of result.problems ?? []) {
        const place: Place = p.file ? { file: p.file, start: p.start, end: p.end } : { file: k.file, node: entry };
        this.report('kustomize-error', 'error', `helm chart ${name}: ${p.message}${KUSTOMIZE_STOPS}`, place);
      }
      const resources: Resource[] = [];
      for (const doc of result.documents) {
        const read = readResourcesPlaced(doc.text, k.file, placerFromSegments(doc.segments ?? [], { origin: entry.prov.origin, role: 'resource' }));
        for (const p of read.problems) this.report('kustomize-error', 'error', `helm chart ${name}: ${p.message}${KUSTOMIZE_STOPS}`, { file: k.file, node: entry });
        resources.push(...read.resources);
      }
      this.appendAll(ra, ids, resources, k, entry as PScalar, 'merging from generator HelmChartInflationGenerator');
    }
  }

  private remote(k: Kustomization, entry: PScalar): void {
    this.report('remote-resource', 'info', `remote resource not fetched: ${entry.value}`, { file: k.file, node: entry });
    this.incomplete.push(`remote resource ${entry.value}`);
  }

  private accumulateResources(k: Kustomization, ra: Resource[], chain: string[]): void {
    // Ids do not change while resources accumulate: one index for the whole list.
    const ids = new Set(ra.map((r) => idKey(r.curId())));
    for (const entry of k.resources) {
      const path = entry.value;
      if (isRemoteFile(path)) {
        this.remote(k, entry);
        continue;
      }
      const file = this.tryFile(k, entry);
      if (typeof file !== 'string') {
        this.appendAll(ra, ids, file, k, entry, `merging resources from '${path}'`);
        continue;
      }
      if (isRepoSpec(path)) {
        this.remote(k, entry);
        continue;
      }
      if (isAbsolutePath(path)) {
        this.fail(`accumulating resources from '${path}': new root '${path}' cannot be absolute`, k, entry);
        continue;
      }
      const dir = joinPath(k.dir, path);
      if (!this.disk.isDirectory(dir)) {
        this.fail(`accumulating resources from '${path}': ${file}`, k, entry);
        continue;
      }
      if (this.cycle(k, entry, dir, chain)) continue;
      const sub = this.load(dir, { k, entry, context: `accumulating resources from '${path}'` });
      if (!sub) continue;
      if (sub.kind === 'Component') {
        this.fail(`accumulating resources from '${path}': expected kind != 'Component' for path '${dir}'`, k, entry);
        continue;
      }
      const subRa: Resource[] = [];
      this.accumulate(sub, subRa, [...chain, dir]);
      this.appendAll(ra, ids, subRa, k, entry, `recursed merging from path '${dir}'`);
    }
  }

  private cycle(k: Kustomization, entry: PScalar, dir: string, chain: string[]): boolean {
    for (let i = chain.length - 1; i >= 0; i--) {
      if (isWithin(dir, chain[i])) {
        this.fail(`cycle detected: candidate root '${dir}' contains visited root '${chain[chain.length - 1]}'`, k, entry);
        return true;
      }
    }
    return false;
  }

  /** A resource entry read as a file: its resources, or why it is not one (kustomize then tries a directory). */
  private tryFile(k: Kustomization, entry: PScalar): Resource[] | string {
    const file = joinPath(k.dir, entry.value);
    const text = this.readFile(file);
    if (text === undefined) return this.disk.isDirectory(file) ? `'${file}' must resolve to a file` : `lstat ${file}: no such file or directory`;
    if (!isWithin(k.dir, file)) return `security; file '${file}' is not in or below '${k.dir}'`;
    const read = readResources(text, file, IDENTITY_MAP, 'resource');
    for (const p of read.problems) {
      this.report('kustomize-error', 'error', `accumulating resources from '${entry.value}': ${p.message}${KUSTOMIZE_STOPS}`, { file, start: p.start, end: p.end });
    }
    return read.resources;
  }

  /** Appends, refusing ids already present (kustomize's resWrangler.Append). */
  private appendAll(ra: Resource[], ids: Set<string>, add: Resource[], k: Kustomization, entry: PNode, context: string): void {
    for (const r of add) {
      const key = idKey(r.curId());
      if (ids.has(key)) {
        this.fail(`${context}: may not add resource with an already registered id: ${idString(r.curId())}`, k, entry);
        continue;
      }
      ids.add(key);
      ra.push(r);
    }
  }

  private accumulateComponent(k: Kustomization, entry: PScalar, ra: Resource[], chain: string[]): void {
    const path = entry.value;
    if (isRemoteFile(path) || isRepoSpec(path)) {
      this.remote(k, entry);
      return;
    }
    const dir = joinPath(k.dir, path);
    if (!this.disk.isDirectory(dir)) {
      this.fail(`accumulating components: loader.New "must build at directory: not a valid directory: lstat ${dir}: no such file or directory"`, k, entry);
      return;
    }
    if (this.cycle(k, entry, dir, chain)) return;
    const sub = this.load(dir, { k, entry, context: 'accumulating components' });
    if (!sub) return;
    if (sub.kind !== 'Component') {
      this.fail(`accumulating components: accumulateDirectory: "expected kind 'Component' for path '${dir}' but got '${sub.kind}'"`, k, entry);
      return;
    }
    this.accumulate(sub, ra, [...chain, dir]);
  }

  private reportTransform(k: Kustomization, problems: TransformProblem[]): void {
    for (const p of problems) this.fail(p.message, k, p.node);
  }

  /** kustomize's builtin transformers, in its order (configureBuiltinTransformers). */
  private transform(k: Kustomization, ra: Resource[]): void {
    const patches = new PatchRunner(this, k);
    patches.runPatchesStrategicMerge(ra);
    patches.runPatches(ra);
    if (k.namespace) this.reportTransform(k, transformNamespace(ra, k.namespace));
    if (k.namePrefix) this.reportTransform(k, transformNameAffix(ra, k.namePrefix, 'prefix'));
    if (k.nameSuffix) this.reportTransform(k, transformNameAffix(ra, k.nameSuffix, 'suffix'));
    for (const entry of k.labels) this.reportTransform(k, transformLabelEntry(ra, entry));
    if (k.commonLabels.length > 0) this.reportTransform(k, transformCommonLabels(ra, k.commonLabels));
    if (k.commonAnnotations.length > 0) this.reportTransform(k, transformCommonAnnotations(ra, k.commonAnnotations));
    patches.runPatchesJson6902(ra);
    for (const entry of k.replicas) {
      for (const p of transformReplicas(ra, entry)) {
        const incomplete = this.incompleteBecause();
        if (incomplete && p.message.startsWith('resource with name')) {
          this.report('no-match', 'info', `${p.message}; it may be among the resources not built (${incomplete})`, { file: k.file, node: p.node });
        } else this.fail(p.message, k, p.node);
      }
    }
    for (const entry of k.images) {
      for (const p of transformImages(ra, entry)) this.fail(p.message, k, entry.node);
    }
  }

  /**
   * kustomize's final steps (makeCustomizedResMap, Kustomizer.Run): name references follow the
   * renames, local-config resources are dropped, annotations are rewritten as strings, the output
   * order is applied.
   */
  finish(k: Kustomization, ra: Resource[]): Resource[] {
    for (const message of fixNameReferences(ra)) this.fail(message, k);
    for (const r of ra) stringifyAnnotations(r);
    const kept = ra.filter((r) => {
      const v = r.annotations().get(LOCAL_CONFIG);
      return v === undefined || v === 'false';
    });
    const sort = k.sortOptions;
    if (!sort) return sortLegacy(kept);
    if (sort.order === 'fifo') {
      if (sort.orderFirst || sort.orderLast) this.fail("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'", k, sort.node);
      return kept;
    }
    if (sort.order !== 'legacy') {
      this.fail("the field 'sortOptions.order' must be one of [fifo, legacy]", k, sort.node);
      return sortLegacy(kept);
    }
    return sort.orderFirst || sort.orderLast ? sortLegacy(kept, sort.orderFirst ?? [], sort.orderLast ?? []) : sortLegacy(kept);
  }
}

/**
 * kustomize rewrites the annotations of every resource that has some (RemoveBuildAnnotations):
 * each value becomes the string its node held — `null` the string "null", a map "".
 */
function stringifyAnnotations(r: Resource): void {
  const meta = entryOf(r.root, 'metadata')?.value;
  const annotations = meta?.kind === 'map' ? entryOf(meta, 'annotations')?.value : undefined;
  if (annotations?.kind !== 'map' || annotations.entries.length === 0) return;
  for (const e of annotations.entries) {
    const v = e.value;
    if (v.kind === 'scalar' && v.tag === 'string') continue;
    e.value = makeScalar(v.kind === 'scalar' ? v.value : '', v.prov);
  }
}

/**
 * Provenance for a text written elsewhere: the innermost segment covering a range, else `fallback`.
 * Segments are searched backwards from the last one starting at or before the range.
 */
function placerFromSegments(segments: readonly Segment[], fallback: Provenance): Placer {
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
 * A built document whose text and source map are written on first use: a CRD bundle is megabytes
 * that the rules never read (they skip CRDs), so it is not written unless asked for.
 */
function lazyDocument(r: Resource): BuiltDocument {
  const id = r.curId();
  let emitted: { text: string; segments: Segment[] } | undefined;
  const emit = () => (emitted ??= emitDocument(r.root));
  const doc = { id: { group: id.gvk.group, version: id.gvk.version, kind: id.gvk.kind, name: id.name, namespace: id.namespace } } as BuiltDocument;
  Object.defineProperty(doc, 'text', { enumerable: true, get: () => emit().text });
  Object.defineProperty(doc, 'segments', { enumerable: true, get: () => emit().segments });
  return doc;
}

/**
 * Builds the kustomization in `dir` (an absolute '/'-separated path) as `kubectl kustomize` would,
 * with a source map for every emitted node. Never throws for bad input: problems say what is wrong.
 */
export function buildKustomization(source: KustomizeSource, dir: string, options: BuildOptions = {}): OverlayBuild {
  const overlay = normalizePath(dir);
  const b = new Build(source, options);
  const k = b.load(overlay);
  if (!k) return { overlay, documents: [], problems: b.problems, files: [...b.files] };
  const ra: Resource[] = [];
  b.accumulate(k, ra, [overlay]);
  const out = b.finish(k, ra);
  const documents = out.map((r) => lazyDocument(r));
  return { overlay, kustomizationFile: k.file, documents, problems: b.problems, files: [...b.files] };
}
