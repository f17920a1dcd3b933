/**
 * The part of `kustomize build` that decides what is deployed, in-process (kustomize's KustTarget
 * and ResAccumulator): resources, bases and nested kustomizations, components applied into their
 * parent, then the parent's transformers in kustomize's order — strategic merge patches, `patches`,
 * namespace, name prefix and suffix, labels, annotations, JSON 6902 patches, replicas, images —
 * and the legacy output order. Where kustomize would stop the whole build, this reports the
 * error in kustomize's words and builds the rest.
 */
import { inflateCharts, type ChartOptions } from './helm-charts';
import { KUSTOMIZE_STOPS, loadRestrictionError, type BuildHost, type LoadRestrictor, type Place } from './host';
import { mayCarryArchitecture } from './ignored';
import { transformImages } from './images';
import { loadKustomization, type Kustomization } from './kustomization';
import { readResources } from './load-resources';
import { parsesOnceFilledIn } from '../core/yaml/placeholders';
import type { OverlayBuild, Problem, ProblemKind } from './model';
import { fixNameReferences } from './namereference';
import { lazyDocument, ordered, stringifyAnnotations, withoutLocalConfig } from './output';
import { isAbsolutePath, isWithin, joinPath, normalizePath } from './paths';
import { PatchRunner } from './patches';
import { IDENTITY_MAP, type PNode, type PScalar } from './pnode';
import { isRemoteFile, isRepoSpec } from './remote';
import { idEquals, idKey, idString, type ResId } from './resid';
import type { Resource } from './resource';
import type { KustomizeSource } from './source';
import {
  transformCommonAnnotations, transformCommonLabels, transformLabelEntry, transformNameAffix, transformNamespace, transformReplicas,
  type TransformProblem,
} from './transformers';

class Build implements BuildHost {
  readonly files = new Set<string>();
  readonly found = new Map<string, boolean>();
  readonly problems: Problem[] = [];
  private readonly seenProblems = new Set<string>();
  private readonly generated: ResId[] = [];
  private readonly incomplete: string[] = [];
  readonly source: KustomizeSource;
  readonly loadRestrictor: LoadRestrictor;

  constructor(private readonly disk: KustomizeSource, private readonly options: BuildOptions = {}) {
    this.loadRestrictor = options.loadRestrictor ?? 'LoadRestrictionsRootOnly';
    this.source = {
      read: (p) => this.readFile(p),
      list: (d) => disk.list(d),
      isDirectory: (p) => disk.isDirectory(p),
    };
  }

  readFile(path: string): string | undefined {
    this.files.add(path);
    const text = this.disk.read(path);
    this.found.set(path, text !== undefined);
    return text;
  }

  addInput(path: string): void {
    this.files.add(path);
  }

  markIncomplete(reason: string): void {
    this.incomplete.push(reason);
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
      else this.report('kustomize-error', 'error', result.error.message, result.file ? { file: result.file, start: result.error.start, end: result.error.end } : undefined);
      return undefined;
    }
    const loaded = result.loaded;
    if (!loaded) return undefined;
    const k = loaded.kustomization;
    for (const e of loaded.errors) this.fail(e.message, k, e.node);
    for (const field of k.ignored) {
      if (field.kind === 'helm-chart' && this.options.renderHelmChart) continue;
      const louder = field.kind === 'ignored' && mayCarryArchitecture(this, k, field.value);
      const reason = louder ? `${field.reason}, and they may set images or scheduling constraints` : field.reason;
      const message = field.kind === 'helm-chart' ? `${field.key.value}: ${reason}` : `${field.key.value} ignored: ${reason}`;
      this.report(field.kind, louder ? 'warning' : 'info', message, { file: k.file, node: field.key });
      if (field.kind === 'helm-chart' && field.key.value !== 'helmGlobals') this.markIncomplete(`Helm charts of ${k.file}`);
    }
    this.generated.push(...k.generated);
    return k;
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

  /** The kustomization's charts, rendered by the renderer given, appended like a generator's resources. */
  private inflateCharts(k: Kustomization, ra: Resource[]): void {
    const render = this.options.renderHelmChart;
    if (!render || k.helmCharts.length === 0) return;
    const ids = new Set(ra.map((r) => idKey(r.curId())));
    for (const { entry, resources } of inflateCharts(this, k, render)) {
      this.appendAll(ra, ids, resources, k, entry, 'merging from generator HelmChartInflationGenerator');
    }
  }

  private remote(k: Kustomization, entry: PScalar): void {
    this.report('remote-resource', 'info', `remote resource not fetched: ${entry.value}`, { file: k.file, node: entry });
    this.markIncomplete(`remote resource ${entry.value}`);
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
      // From here on a failure leaves resources out: patches that then find nothing are not news.
      const unread = (message: string) => {
        this.fail(message, k, entry);
        this.markIncomplete(`'${path}' could not be read`);
      };
      if (isAbsolutePath(path)) {
        unread(`accumulating resources from '${path}': new root '${path}' cannot be absolute`);
        continue;
      }
      const dir = joinPath(k.dir, path);
      if (!this.disk.isDirectory(dir)) {
        unread(`accumulating resources from '${path}': ${file}`);
        continue;
      }
      if (this.cycle(k, entry, dir, chain)) continue;
      const sub = this.load(dir, { k, entry, context: `accumulating resources from '${path}'` });
      if (!sub) {
        this.markIncomplete(`'${path}' could not be read`);
        continue;
      }
      if (sub.kind === 'Component') {
        unread(`accumulating resources from '${path}': expected kind != 'Component' for path '${dir}'`);
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
        this.fail(`cycle detected: candidate root '${dir}' contains visited root '${chain[i]}'`, k, entry);
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
    const refused = loadRestrictionError(this.loadRestrictor, k.dir, file);
    if (refused) return refused;
    const read = readResources(text, file, IDENTITY_MAP, 'resource');
    // A template whose placeholder lines another tool fills in (kubefirst/gitops-template's
    // `<CERT_MANAGER_ISSUER_ANNOTATION_1>` under `annotations:`) is not YAML yet: kustomize fails on
    // it as it is in the repository, but that is the template's nature, not a mistake to fail CI for.
    const template = read.problems.length > 0 && read.problems.every((p) => p.message.startsWith('MalformedYAMLError')) && parsesOnceFilledIn(text);
    for (const p of read.problems) {
      if (template) this.report('kustomize-error', 'info', `accumulating resources from '${entry.value}': ${p.message}: a template whose placeholder lines another tool fills in, not YAML until then (kustomize builds once they are filled in; archlens checks the rest)`, { file, start: p.start, end: p.end });
      else this.report('kustomize-error', 'error', `accumulating resources from '${entry.value}': ${p.message}${KUSTOMIZE_STOPS}`, { file, start: p.start, end: p.end });
    }
    if (read.problems.length > 0) this.markIncomplete(`'${entry.value}' could not be read whole`);
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
      this.markIncomplete(`component '${path}' could not be read`);
      return;
    }
    if (this.cycle(k, entry, dir, chain)) return;
    const sub = this.load(dir, { k, entry, context: 'accumulating components' });
    if (!sub) {
      this.markIncomplete(`component '${path}' could not be read`);
      return;
    }
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
   * kustomize's final steps: name references follow the renames, local-config resources are
   * dropped, annotations are rewritten as strings, the output order is applied.
   */
  finish(k: Kustomization, ra: Resource[]): Resource[] {
    for (const message of fixNameReferences(ra)) this.fail(message, k);
    for (const r of ra) stringifyAnnotations(r);
    return ordered(withoutLocalConfig(ra), k.sortOptions, (message) => this.fail(message, k, k.sortOptions?.node));
  }
}

/** How a build runs: the optional Helm renderer, and kustomize's `--load-restrictor` (default LoadRestrictionsRootOnly). */
export interface BuildOptions extends ChartOptions {
  loadRestrictor?: LoadRestrictor;
}

/**
 * Builds the kustomization in `dir` (an absolute '/'-separated path) as `kubectl kustomize` would,
 * with a source map for every emitted node. Never throws for bad input: problems say what is wrong.
 */
export function buildKustomization(source: KustomizeSource, dir: string, options: BuildOptions = {}): OverlayBuild {
  const overlay = normalizePath(dir);
  const b = new Build(source, options);
  const k = b.load(overlay);
  if (!k) return { overlay, documents: [], problems: b.problems, files: [...b.files], found: b.found };
  const ra: Resource[] = [];
  b.accumulate(k, ra, [overlay]);
  const out = b.finish(k, ra);
  const documents = out.map((r) => lazyDocument(r));
  return { overlay, kustomizationFile: k.file, documents, problems: b.problems, files: [...b.files], found: b.found };
}
