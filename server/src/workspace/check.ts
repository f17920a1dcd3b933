/**
 * Multi-file checks, shared by `archlens check` and the language server's "Check Workspace": the
 * walk (walk.ts) names the files, each is read (read.ts) and analysed (engine/analyze.ts) with the
 * configuration in force for it; then every image of every file is looked up once and each file's
 * registry phase runs. No process.exit, no console: results and problems come back as values.
 */
import * as path from 'node:path';
import type { ImageUse } from '../core/analyzer';
import { classifyFile } from '../engine/classify';
import type { ConfigLayer, EffectiveConfig } from '../core/config';
import { analyze, resolveAll, type Analysis, type DocumentAnalysis } from '../engine/analyze';
import type { ImageRef } from '../images/reference';
import { prepareEngine } from '../engine/prepare';
import type { FileKind, Finding, InputProblem, InternalError } from '../core/types';
import { offlineResolver, type ImageLookup, type PlatformResolver } from '../images/lookup';
import { factsOfDocument, type FileFacts } from '../imagemap/facts';
import { imageMapOf, type ImageIndex } from '../imagemap/map';
import { ConfigResolver } from './config-files';
import { mayBeRead, readFileSafely, type ReadOutcome } from './read';
import { walkPaths } from './walk';

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
  config?: EffectiveConfig;
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
  cancelled: boolean;
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
  const walk = await walkPaths(targets, configs, options.signal);
  const result: CheckResult = {
    files: [],
    images: new Map(),
    missing: walk.missing.map((m) => path.relative(cwd, m) || m),
    walkProblems: walk.problems,
    cancelled: false,
  };

  let preparing: Promise<void> | undefined;
  const slots: Array<{ result: FileResult; analysis?: Analysis } | undefined> = new Array(walk.files.length);

  let lastYield = Date.now();
  let findingsSoFar = 0;
  const run = async (): Promise<void> => {
    for (let index = 0; index < walk.files.length; index++) {
      if (Date.now() - lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
      if (options.signal?.aborted) return;
      const file = walk.files[index];
      if (mayBeRead(file)) {
        const buffered = options.readText?.(file);
        const outcome: ReadOutcome = buffered !== undefined ? { text: buffered, bom: false } : readFileSafely(file);
        slots[index] = await analyseOne(file, outcome);
        findingsSoFar += slots[index]?.result.findings.length ?? 0;
      }
      options.onProgress?.({ done: index + 1, total: walk.files.length, file, findings: findingsSoFar });
    }
  };

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
      analysis = analyze({ documents: [{ file, text: outcome.text, kind }], config });
    } catch (error) {
      // The engine catches parser and rule failures itself; this is the last line of defence.
      const internalErrors = [{ during: 'analysing the file', message: error instanceof Error ? error.message : String(error) }];
      return { result: { file, kind, findings: [], problems: [], internalErrors, images: [] } };
    }
    const [document] = analysis.documents;
    if (!document) return undefined;
    return { result: fileResult(document, config, keepText ? outcome.text : undefined, outcome.bom), analysis };
  };

  await run();
  const offline = slots.filter((slot) => slot !== undefined);
  if (options.signal?.aborted) {
    result.cancelled = true;
    result.files = offline.map((o) => o.result);
    return result;
  }

  // The checked tree's image map: what its build files build, its Dockerfiles ship, its manifests deploy.
  const facts: FileFacts[] = [];
  for (const { result: file, analysis } of offline) {
    const [document] = analysis?.documents ?? [];
    const one = document && file.config ? factsOfDocument(document, file.config) : undefined;
    if (one) facts.push(one);
  }
  const workspace = imageMapOf(facts);
  result.imageMap = workspace;

  // Every image of every file is looked up once, all at once; then each file's registry phase.
  const refs = new Map<string, ImageRef>();
  for (const { analysis } of offline) for (const ref of analysis?.references ?? []) refs.set(ref.canonical, ref);
  result.images = await resolveAll([...refs.values()], resolver, options.signal);
  for (const { result: file, analysis } of offline) {
    const [document] = analysis ? analysis.complete(result.images, { workspace }).documents : [];
    result.files.push(document ? { ...file, findings: document.findings, problems: document.problems, internalErrors: document.internalErrors } : file);
  }
  result.cancelled = options.signal?.aborted ?? false;
  return result;
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

function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text.slice(0, 200) : text.slice(0, Math.min(end, 200));
}
