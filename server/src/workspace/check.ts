/**
 * Multi-file checks, shared by `archlens check` and the language server's "Check Workspace": the
 * walk (walk.ts) names the files; the units among them (Helm charts: units/) are rendered and
 * analysed as units, every other file is read (read.ts) and analysed (engine/analyze.ts) with the
 * configuration in force for it; then every image is looked up once and each registry phase runs.
 * No process.exit, no console: results and problems come back as values.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { ImageUse } from '../core/analyzer';
import { classifyFile } from '../engine/classify';
import type { ConfigLayer, EffectiveConfig } from '../core/config';
import { analyze, byPosition, resolveAll, type Analysis, type DocumentAnalysis } from '../engine/analyze';
import type { ImageRef } from '../images/reference';
import { prepareEngine } from '../engine/prepare';
import type { FileKind, Finding, InputProblem, InternalError } from '../core/types';
import { offlineResolver, type ImageLookup, type PlatformResolver } from '../images/lookup';
import { addDeployedImages, factsOfDocument, type FileFacts } from '../imagemap/facts';
import { imageMapOf, type ImageIndex } from '../imagemap/map';
import { ConfigResolver } from './config-files';
import { mayBeRead, readFileSafely, type ReadOutcome, type TextEncoding } from './read';
import { generatedFileChecker } from './generated';
import { testFragmentProblems, testInputFindings, testInputFolder, testInputProblems } from './test-inputs';
import { NO_FROM } from '../dockerfile/analyzer';
import { namedFragmentProblems, templateFragmentProblems } from './template-fragments';
import { walkPaths } from './walk';
import type { Discovery, UnitAnalysis, UnitRef, UnitResult, UnitSource } from '../units';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomize';
import { unitPassHere, withFallback, type UnitPass } from './unit-pass';
import { unitPassInWorker, unitPassWorkerPath } from './unit-pass-thread';
import { mergeThrough } from '../units/through';
import { diskSourceWith } from '../units/node-source';
import { isSuitePlace, isSuiteText } from '../units/helm/unittest-suites';

export interface FileResult {
  /** Absolute path. */
  file: string;
  /** Undefined when the file could not be read (see problems). */
  kind?: FileKind;
  findings: Finding[];
  problems: InputProblem[];
  /** Failures of archlens itself on this file (a bug to report), never counted as input problems. */
  internalErrors: InternalError[];
  /** How the file was read (see FileReader.outline): what a fix must leave as it was. */
  outline?: string[];
  images: ImageUse[];
  /** The text that was analysed (BOM removed), for fixes. */
  text?: string;
  /** True when the file on disk starts with a UTF-8 BOM (kept when fixes are written). */
  bom?: boolean;
  /** The file is UTF-16 (kept when fixes are written); absent for UTF-8. */
  encoding?: TextEncoding;
  config?: EffectiveConfig;
  /** The unit (a Helm chart) whose rendering the findings come from, for a file checked through one. */
  unit?: UnitRef;
}

/** A unit of the check (a chart) with its analysis, for `--fix`. */
export interface CheckedUnit {
  analysis: UnitAnalysis;
  result: UnitResult;
  config: EffectiveConfig;
  configDir?: string;
}

export interface CheckOptions {
  /** Folder relative paths and the fallback config base refer to (default process.cwd()). */
  cwd?: string;
  /** An explicit config file for every file (`--config`). */
  configFile?: string;
  /** Layers over the config files (CLI flags, editor settings). */
  overrides?: ConfigLayer[];
  /** Reuse a resolver (e.g. the language server's, already holding loaded configs). */
  configs?: ConfigResolver;
  /** Answers image look-ups; default: every image unknown. */
  resolver?: PlatformResolver;
  signal?: AbortSignal;
  /** After each file: how many are done, and the offline findings so far (registry rules run at the end). */
  onProgress?: (progress: { done: number; total: number; file: string; findings: number }) => void;
  /** The text of a file when it is not the disk's (an editor's unsaved buffer); undefined = read the disk. */
  readText?: (file: string) => string | undefined;
  /** Keep each file's text in its result (needed for fixes; default true). */
  keepText?: boolean;
  /** See AnalysisInput.lookupFailures: the editor's check leaves network failures to its status. */
  lookupFailures?: 'all' | 'about-image';
  /** Check vendored and generated code too (skipped by default: workspace/vendored.ts). */
  includeVendored?: boolean;
  /**
   * Run the charts and overlays in a worker thread beside the plain files (unit-pass-thread.ts): the
   * CLI's check, whose results need no analysis kept (not `--fix`). Ignored with `readText` or `signal`.
   */
  unitsInWorker?: boolean;
}

export interface CheckResult {
  /** Files archlens read, in path order (unrecognised files are left out). */
  files: FileResult[];
  /** Canonical reference → answer, for every image of every file. */
  images: Map<string, ImageLookup>;
  /** Given paths that do not exist. */
  missing: string[];
  /** Folders that could not be read. */
  walkProblems: Array<{ file: string; message: string }>;
  /** Files left out as vendored or generated code, with why (absent: none were). */
  vendored?: Array<{ file: string; reason: string }>;
  cancelled: boolean;
  /** The units checked (their files are in `files` too). */
  units?: CheckedUnit[];
  /** The workspace image map of the checked files (what they build, what deploys it). */
  imageMap?: ImageIndex;
}

/** Lets other work (an editor's requests, a cancellation) in at most every this many ms. */
const YIELD_EVERY_MS = 20;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Kinds whose analysers use the shell parser (its WASM is loaded only when needed). */
function needsShellParser(kind: FileKind): boolean {
  return kind !== 'kubernetes';
}

/** Checks files and folders: both phases for every file, each image looked up once. */
export async function checkFiles(paths: readonly string[], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const configs = options.configs ?? new ConfigResolver({ configFile: options.configFile, overrides: options.overrides, root: cwd });
  const resolver = options.resolver ?? offlineResolver;
  const keepText = options.keepText ?? true;
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(cwd, p));
  const walk = await walkPaths(targets, configs, { signal: options.signal, includeVendored: options.includeVendored });
  const result: CheckResult = {
    files: [],
    images: new Map(),
    missing: walk.missing.map((m) => path.relative(cwd, m) || m),
    walkProblems: walk.problems,
    vendored: walk.vendored,
    cancelled: false,
  };
  // Charts and overlays are checked as rendered units; their files are not checked one by one.
  const source = diskSourceWith(options.readText, undefined, generatedFileChecker());
  const candidates = walk.files;
  const facts = new Map<string, FileFacts>();
  const mayBeMember = memberFolders(source);
  const pass = unitPassFor(walk.files, mayBeMember, source, options, () => facts.values());
  try {
    return await checkWithUnits(pass);
  } finally {
    pass.dispose();
  }

  async function checkWithUnits(pass: UnitPass): Promise<CheckResult> {
    let known: KnownUnits | undefined;
    const discovered = pass.discovery.then((found) => (known = knownUnits(found, candidates)));
    // Settled at once when the units are found on this thread; a worker's answer comes while the
    // files that cannot be members are checked.
    await Promise.race([discovered, yieldToEventLoop()]);
    const isMember = (file: string) => known?.discovery.members.has(file) ?? false;
    // A chart's helm-unittest suites are left out of a folder check (units/helm/unittest-suites.ts); one named on its own is checked.
    const named = new Set(targets);
    const maybeSuite = (file: string) => known !== undefined && known.chartRoots.size > 0 && !named.has(file) && isSuitePlace(file, known.chartRoots);

    let preparing: Promise<void> | undefined;
    const slots = new Array<{ result: FileResult; analysis?: Analysis } | undefined>(candidates.length);

    let lastYield = Date.now();
    let findingsSoFar = 0;
    let done = 0;
    const run = async (indexes: readonly number[]): Promise<void> => {
      for (const index of indexes) {
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
        if (options.signal?.aborted) return;
        const file = candidates[index];
        if (isMember(file)) continue;
        if (mayBeRead(file)) {
          const buffered = options.readText?.(file);
          const outcome: ReadOutcome = buffered !== undefined ? { text: buffered, bom: false } : readFileSafely(file);
          const suite = !('problem' in outcome) && maybeSuite(file) && isSuiteText(outcome.text);
          slots[index] = suite ? undefined : await analyseOne(file, outcome);
          findingsSoFar += slots[index]?.result.findings.length ?? 0;
        }
        options.onProgress?.({ done: ++done, total: total(), file, findings: findingsSoFar });
      }
    };
    const total = () => (known ? known.plainCount + known.discovery.units.length : candidates.length);

    const analyseOne = async (file: string, outcome: ReadOutcome): Promise<{ result: FileResult; analysis?: Analysis } | undefined> => {
      if ('problem' in outcome) {
        return { result: { file, kind: classifyFile(file), findings: [], problems: [{ message: outcome.problem }], internalErrors: [], images: [] } };
      }
      const kind = classifyFile(file, firstLineOf(outcome.text));
      if (!kind) return undefined;
      if (needsShellParser(kind)) {
        preparing ??= prepareEngine();
        await preparing;
      }
      const { config } = configs.forPath(file);
      let analysis: Analysis;
      try {
        analysis = analyze({ documents: [{ file, text: outcome.text, kind }], config, ...(options.lookupFailures ? { lookupFailures: options.lookupFailures } : {}) });
      } catch (error) {
        // The engine catches parser and rule failures itself; this is the last line of defence.
        const internalErrors = [{ during: 'analysing the file', message: error instanceof Error ? error.message : String(error) }];
        return { result: { file, kind, findings: [], problems: [], internalErrors, images: [] } };
      }
      const [document] = analysis.documents;
      if (!document) return undefined;
      const result = fileResult(document, config, keepText ? outcome.text : undefined, outcome.bom);
      if (outcome.encoding) result.encoding = outcome.encoding;
      return { result, analysis };
    };

    // First the files no unit can hold (no Chart.yaml or kustomization in a folder above them), while
    // the units are discovered; then the others, once the units' members are known.
    const indexes = candidates.map((_, index) => index);
    await run(indexes.filter((index) => !mayBeMember(candidates[index])));
    const units = (await discovered).discovery;
    // The units render (in a worker: beside this thread) while the remaining plain files are checked.
    const rendering = pass.render(units.units.map((ref) => {
      const resolved = configs.forPath(ref.anchor);
      return { ref, config: resolved.config, configDir: resolved.baseDir };
    }), (job) => options.onProgress?.({ done: ++done, total: total(), file: job.ref.anchor, findings: findingsSoFar }));
    await run(indexes.filter((index) => mayBeMember(candidates[index])));
    // A file that is a member after all (a kustomization that may load files from anywhere) counts only through its unit.
    const offline = slots.flatMap((slot, index) => (slot !== undefined && !units.members.has(candidates[index]) ? [slot] : []));
    const rendered = await rendering;
    if (options.signal?.aborted) {
      result.cancelled = true;
      result.files = offline.map((o) => o.result);
      return result;
    }

    // The checked tree's image map: what its build files build, its Dockerfiles ship, its manifests
    // deploy — plain manifests, and what charts and overlays deploy once rendered (placed where the
    // user sets the image: a values key, an `images:` entry), from the offline analysis already made.
    for (const { result: file, analysis } of offline) {
      const [document] = analysis?.documents ?? [];
      const one = document && file.config ? factsOfDocument(document, file.config) : undefined;
      if (one) facts.set(one.file, one);
    }
    for (const unit of rendered) {
      if ('failure' in unit) continue;
      for (const { file, lines, uses } of unit.deployed) addDeployedImages(facts, file, lines, uses);
    }
    const workspace = imageMapOf(facts.values());
    result.imageMap = workspace;

    // Every image of every file is looked up once, all at once; then each file's registry phase.
    const refs = new Map<string, ImageRef>();
    for (const { analysis } of offline) for (const ref of analysis?.references ?? []) refs.set(ref.canonical, ref);
    for (const unit of rendered) if (!('failure' in unit)) for (const ref of unit.references) refs.set(ref.canonical, ref);
    result.images = await resolveAll([...refs.values()], resolver, options.signal);
    for (const { result: file, analysis } of offline) {
      const [document] = analysis ? analysis.complete(result.images, { workspace }).documents : [];
      result.files.push(document ? { ...file, findings: document.findings, problems: document.problems, internalErrors: document.internalErrors } : file);
    }
    const byFile = new Map(result.files.map((f) => [f.file, f]));
    for (const unit of await pass.complete(result.images, workspace)) {
      const { ref, config, configDir } = unit.job;
      if (!unit.result) {
        const failed: FileResult = { file: ref.anchor, findings: [], problems: [], internalErrors: [{ during: 'rendering the chart', message: unit.failure ?? 'not rendered' }], images: [], config, unit: ref };
        byFile.set(ref.anchor, mergeFileResults(byFile.get(ref.anchor), failed));
        continue;
      }
      const done = unit.result;
      if (unit.analysis) (result.units ??= []).push({ analysis: unit.analysis, result: done, config, configDir });
      for (const file of done.files.values()) {
        const fileResult: FileResult = {
          file: file.file, kind: classifyFile(file.file), findings: file.findings, problems: file.problems, internalErrors: file.internalErrors,
          images: done.images.get(file.file) ?? [], config, unit: ref,
        };
        byFile.set(file.file, mergeFileResults(byFile.get(file.file), fileResult));
      }
    }
    // A file several units build (a base of overlays): findings alike but for the unit shown once.
    for (const [file, r] of byFile) if (r.unit) byFile.set(file, { ...r, findings: mergeThrough(r.findings).sort(byPosition) });
    result.files = [...byFile.values()]
      .map((r) => {
        const folder = testInputFolder(r.file, targets);
        if (folder) return { ...r, findings: testInputFindings(r.findings, r.kind), problems: testInputProblems(r.problems, folder) };
        return r.kind === 'dockerfile' ? { ...r, problems: namedFragmentProblems(r.file, testFragmentProblems(r.file, targets, r.problems, NO_FROM), NO_FROM) } : r;
      })
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    result.files = withTemplateFragments(result.files, targets);
    result.cancelled = options.signal?.aborted ?? false;
    return result;
  }
}

/**
 * The FROM-less Dockerfiles that a Dockerfile template of the checked tree inserts get their
 * "no FROM" error as a note (template-fragments.ts). The templates are read only when such an
 * error is there to settle.
 */
function withTemplateFragments(files: FileResult[], targets: readonly string[]): FileResult[] {
  const noFrom = (r: FileResult) => r.kind === 'dockerfile' && r.problems.some((p) => p.message === NO_FROM && (p.severity ?? 'error') === 'error');
  if (!files.some(noFrom)) return files;
  const templates = new Map<string, string>();
  for (const r of files) {
    if (r.kind !== 'dockerfile') continue;
    const outcome = r.text !== undefined ? { text: r.text } : readFileSafely(r.file);
    if ('text' in outcome && /\{\{|\{%/.test(outcome.text)) templates.set(r.file, outcome.text);
  }
  return files.map((r) => {
    if (!noFrom(r)) return r;
    const root = targets.find((t) => r.file === t || r.file.startsWith(t + path.sep)) ?? path.dirname(r.file);
    return { ...r, problems: templateFragmentProblems(r.file, r.problems, NO_FROM, templates, root) };
  });
}

/**
 * One result per file: a file two units render (a base of two overlays) gets the findings of both,
 * and each of its problems once — a base that cannot be built says so the same way from every overlay.
 */
function mergeFileResults(a: FileResult | undefined, b: FileResult): FileResult {
  if (!a) return b;
  const known = new Set(a.problems.map(problemKey));
  const problems = [...a.problems, ...b.problems.filter((p) => !known.has(problemKey(p)))];
  return { ...a, findings: [...a.findings, ...b.findings], problems, internalErrors: [...a.internalErrors, ...b.internalErrors], images: [...a.images, ...b.images] };
}

function problemKey(p: InputProblem): string {
  const r = p.range;
  return `${p.severity ?? 'error'}\u0000${r ? `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}` : ''}\u0000${p.message}`;
}

function fileResult(document: DocumentAnalysis, config: EffectiveConfig, text: string | undefined, bom: boolean): FileResult {
  return {
    file: document.file,
    kind: document.kind,
    findings: document.findings,
    problems: document.problems,
    internalErrors: document.internalErrors,
    outline: document.outline,
    images: document.images,
    text,
    bom,
    config,
  };
}

/** What the plain-file pass needs to know of the units once they are found. */
interface KnownUnits {
  discovery: Discovery;
  /** Chart roots, where helm-unittest suites are left out. */
  chartRoots: Set<string>;
  /** How many of the walked files are checked as plain files (for progress). */
  plainCount: number;
}

function knownUnits(discovery: Discovery, candidates: readonly string[]): KnownUnits {
  return {
    discovery,
    chartRoots: new Set(discovery.units.filter((u) => u.kind === 'helm').map((u) => u.root)),
    plainCount: candidates.filter((file) => !discovery.members.has(file)).length,
  };
}

/**
 * Fewest files on each side (those a unit may hold, those none can) for the units to go to a worker
 * thread: starting one costs ~80 ms of CPU, and a check of one chart has nothing to do beside it.
 */
const MIN_FILES_EACH_SIDE = 20;

/** Where the units run: a worker thread when the caller asks for one and both sides have work, else here. */
function unitPassFor(files: readonly string[], mayBeMember: (file: string) => boolean, source: UnitSource, options: CheckOptions, facts: () => Iterable<FileFacts>): UnitPass {
  const here = () => unitPassHere(files, source, options.signal);
  // An editor's buffers and a cancellation stay on this thread; on one core a second thread only costs.
  if (!options.unitsInWorker || options.readText || options.signal || os.availableParallelism() < 2) return here();
  const inUnitFolders = files.filter(mayBeMember).length;
  if (inUnitFolders < MIN_FILES_EACH_SIDE || files.length - inUnitFolders < MIN_FILES_EACH_SIDE) return here();
  const worker = unitPassWorkerPath();
  return worker ? withFallback(unitPassInWorker(worker, files, facts), here) : here();
}

/**
 * Whether a file may be a unit's member: a folder above it holds a Chart.yaml or a kustomization
 * (Helm reads only the chart's folder; kustomize, under its default load restrictor, only files
 * below the kustomization's). Answers once per folder.
 */
function memberFolders(source: UnitSource): (file: string) => boolean {
  const byFolder = new Map<string, boolean>();
  const holdsUnit = (dir: string): boolean => {
    let answer = byFolder.get(dir);
    if (answer === undefined) {
      const names = source.list(dir) ?? [];
      const here = names.some((name) => name === 'Chart.yaml' || (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name));
      const parent = path.dirname(dir);
      answer = here || (parent !== dir && holdsUnit(parent));
      byFolder.set(dir, answer);
    }
    return answer;
  };
  return (file) => holdsUnit(path.dirname(file));
}

function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text.slice(0, 200) : text.slice(0, Math.min(end, 200));
}

/**
 * Both phases for one text already known to belong to `file` (after a fix, or an editor buffer):
 * answers in `images` are reused, references not in it are resolved and added to it.
 */
export async function checkText(
  file: string,
  text: string,
  config: EffectiveConfig,
  images: Map<string, ImageLookup>,
  resolver: PlatformResolver = offlineResolver,
  signal?: AbortSignal,
  /** The kind when the name cannot tell it (standard input); default: classified from `file`. */
  knownKind?: FileKind,
): Promise<FileResult | undefined> {
  const kind = knownKind ?? classifyFile(file, firstLineOf(text));
  if (!kind) return undefined;
  if (needsShellParser(kind)) await prepareEngine();
  const done = await analyze({ documents: [{ file, text, kind }], config }).registry(resolver, { signal, known: images });
  for (const [canonical, answer] of done.lookups) images.set(canonical, answer);
  const [document] = done.documents;
  return document ? fileResult(document, config, text, false) : undefined;
}
