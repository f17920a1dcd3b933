/**
 * What one file tells the workspace image map: the builds of a build file, the exported-stage
 * binaries for the build machine of a Dockerfile, the images a manifest deploys. Read from an
 * analysis the caller already has (the CLI, an open editor buffer), or from a text alone (the
 * editor's index of files that are not open, the benchmark). Pure: texts in, facts out.
 */
import * as path from 'node:path';
import type { ImageUse } from '../core/analyzer';
import type { EffectiveConfig } from '../core/config';
import { LineIndex } from '../core/text';
import type { FileKind, Range } from '../core/types';
import type { BuildModel, BuildOutput, BuildSite } from '../buildscripts/model';
import type { DockerfileModel } from '../dockerfile/model';
import { reachFor } from '../dockerfile/model';
import { analyze, type DocumentAnalysis } from '../engine/analyze';
import { analyzerFor } from '../engine/analyzers';
import { classifyFile } from '../engine/classify';
import type { ImageRef } from '../images/reference';
import type { ShippedBinary } from './types';
import { archOfDownload, copiesFromContext } from './deliberate';
import { imageContentOf, type ImageContent } from './content';
import { makeOverridesOf, type MakeOverride } from './make-overrides';
import { makeEnvironmentOfText } from '../buildscripts/github-make-env';
import { CALLS_LOCAL_WORKFLOW } from '../buildscripts/github-calls';
import { mayNameBuildTool } from '../buildscripts/commands';
import type { CalledBuilds } from './workflow-calls';

/** A build as its file has it, before the map resolves paths and names. */
export interface RawBuild {
  what: string;
  range: Range;
  pushed: boolean;
  output: BuildOutput;
  site?: BuildSite;
  /** The site's place among the file's builds (BuildModel.builds): what its rules find it by, wherever a fix moved it. */
  siteIndex?: number;
}

export interface FileFacts {
  file: string;
  kind: FileKind;
  lines: LineIndex;
  builds: RawBuild[];
  shipped: ShippedBinary[];
  images: Array<{ ref: ImageRef; range: Range; written: string }>;
  /** A Dockerfile whose image copies files from the build context (where prebuilt binaries come in). */
  copiesContext?: boolean;
  /** A Dockerfile's image content: whether anything in it executes, whether its build runs commands on the target platform. */
  content?: ImageContent;
  /** Make variables a build file sets on make's command line (make-overrides.ts); absent when none. */
  makeOverrides?: MakeOverride[];
  /** A workflow's calls of reusable workflows of its repository, the called file's path resolved (workflow-calls.ts); absent when none. */
  workflowCalls?: CalledWorkflow[];
  /** A reusable workflow's builds for its callers' runs, once read (workflow-calls.ts), with the runs they were read for. */
  calledFor?: { key: string; builds: CalledBuilds | undefined };
}

/** A call of a reusable workflow: the called file and the inputs of each run (null: not known). */
export interface CalledWorkflow {
  file: string;
  line: number;
  runs: Array<Record<string, string | null>>;
}

const BUILD_KINDS: ReadonlySet<FileKind> = new Set(['shell', 'makefile', 'github-workflow', 'gitlab-ci', 'compose', 'bake']);
/** Rules whose finding on an exported stage means a binary for the build machine ships in the image. */
const SHIPPING_RULES = new Set(['AL306', 'AL308']);

/** Kinds that build without naming a tool: Compose `build:`, Bake targets. */
const TOOLLESS_BUILD_KINDS: ReadonlySet<FileKind> = new Set(['compose', 'bake']);

/** Whether a build file's text may hold a build (false: it names no build tool, so its model has none). */
export function mayBuild(kind: FileKind, text: string): boolean {
  return !BUILD_KINDS.has(kind) || TOOLLESS_BUILD_KINDS.has(kind) || mayNameBuildTool(text) || (kind === 'github-workflow' && CALLS_LOCAL_WORKFLOW.test(text));
}

/** The workflow calls of a workflow's model, each called file resolved from the repository's root (the folder holding `.github`). */
function calledWorkflows(file: string, model: BuildModel): CalledWorkflow[] {
  const marker = `${path.sep}.github${path.sep}workflows${path.sep}`;
  const at = file.lastIndexOf(marker);
  if (at === -1 || !model.workflowCalls) return [];
  const root = file.slice(0, at);
  return model.workflowCalls.map((call) => ({ file: path.join(root, call.workflow), line: call.line, runs: call.runs }));
}

/** Whether a file of this kind can tell the map anything. */
export function mattersToMap(kind: FileKind): boolean {
  return BUILD_KINDS.has(kind) || kind === 'dockerfile' || kind === 'kubernetes';
}

/** The facts of an analysed document (its model and offline findings); undefined for kinds the map does not read. */
export function factsOfDocument(document: DocumentAnalysis, config: EffectiveConfig): FileFacts | undefined {
  if (!mattersToMap(document.kind)) return undefined;
  const facts: FileFacts = { file: document.file, kind: document.kind, lines: document.lines, builds: [], shipped: [], images: [] };
  addMakeOverrides(facts, document.model as BuildModel | undefined);
  if (document.model === undefined) return facts;
  if (BUILD_KINDS.has(document.kind)) {
    facts.builds = rawBuildsOf(document.model as BuildModel);
    const calls = calledWorkflows(document.file, document.model as BuildModel);
    if (calls.length > 0) facts.workflowCalls = calls;
  }
  else if (document.kind === 'dockerfile') {
    facts.shipped = shippedOf(document.model as DockerfileModel, document, config);
    if (copiesFromContext(document.model as DockerfileModel, config.dockerTarget)) facts.copiesContext = true;
    facts.content = imageContentOf(document.model as DockerfileModel);
  }
  else {
    for (const use of document.images) {
      if (use.reference.ok) facts.images.push({ ref: use.reference.ref, range: use.range, written: use.reference.ref.original });
    }
  }
  return facts;
}

/**
 * What a unit (a chart, an overlay) deploys, as facts of the files its images are placed in: the
 * images after rendering and `images:` overrides, at the place the user edits them (the values key,
 * the `images:` entry). Added to `into`, one FileFacts per file, each place and image once — a base
 * several overlays build, or two units placing the same image at one line, read once.
 */
export function addDeployedImages(into: Map<string, FileFacts>, file: string, lines: LineIndex, uses: readonly ImageUse[]): void {
  let facts = into.get(file);
  if (!facts) into.set(file, (facts = { file, kind: 'kubernetes', lines, builds: [], shipped: [], images: [] }));
  const seen = new Set(facts.images.map(deployedKey));
  for (const use of uses) {
    if (!use.reference.ok) continue;
    const image = { ref: use.reference.ref, range: use.range, written: use.reference.ref.original };
    const key = deployedKey(image);
    if (seen.has(key)) continue;
    seen.add(key);
    facts.images.push(image);
  }
}

function deployedKey(image: FileFacts['images'][number]): string {
  const { start, end } = image.range;
  return `${start.line}:${start.character}-${end.line}:${end.character}\u0000${image.ref.canonical}`;
}

/** The facts of a file from its text alone (parsing only what the map needs). The shell parser must be ready (prepareEngine). */
export function factsOfText(file: string, text: string, config: EffectiveConfig, kind?: FileKind): FileFacts | undefined {
  const firstLine = text.slice(0, Math.min(200, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')));
  const k = kind ?? classifyFile(file, firstLine);
  if (!k || !mattersToMap(k)) return undefined;
  const lines = new LineIndex(text);
  const empty = (): FileFacts => {
    const facts: FileFacts = { file, kind: k, lines, builds: [], shipped: [], images: [] };
    addMakeOverrides(facts);
    return facts;
  };
  // The Dockerfile facts are findings: they need the rules (and their suppressions and settings).
  if (k === 'dockerfile') {
    const [document] = analyze({ documents: [{ file, text, kind: k }], config }).documents;
    return document ? factsOfDocument(document, config) : empty();
  }
  // A manifest without `image` deploys nothing; a build file naming no tool builds nothing.
  if (k === 'kubernetes' && !text.includes('image')) return empty();
  if (!mayBuild(k, text)) return empty();
  const reader = analyzerFor(k);
  let model: unknown;
  try {
    model = reader.parse(text, file, lines).model;
  } catch {
    return empty(); // a parser failure is reported when the file itself is checked
  }
  if (model === undefined) return empty();
  return factsOfDocument({ file, text, kind: k, lines, problems: [], internalErrors: [], outline: [], images: k === 'kubernetes' ? reader.images(model) : [], findings: [], model }, config);
}

/**
 * A build file's make command-line variables, read from its text whether or not it builds anything
 * itself; a workflow's make environment from its model when it was parsed, else from its text.
 */
function addMakeOverrides(facts: FileFacts, model?: BuildModel): void {
  if (!BUILD_KINDS.has(facts.kind)) return;
  const overrides = makeOverridesOf(facts.lines.text);
  if (facts.kind === 'github-workflow') {
    const environment = model ? model.makeEnvironment ?? [] : makeEnvironmentOfText(facts.lines);
    for (const entry of environment) overrides.push({ ...entry, environment: true });
  }
  if (overrides.length > 0) facts.makeOverrides = overrides;
}

/** The builds of a build file's model, as the map reads them. */
export function rawBuildsOf(model: BuildModel): RawBuild[] {
  const out: RawBuild[] = [];
  model.builds.forEach((site, siteIndex) => {
    for (const output of site.outputs ?? []) out.push({ what: site.what, range: site.range, pushed: site.push !== undefined, output, site, siteIndex });
  });
  for (const list of model.manifestLists ?? []) {
    out.push({
      what: list.what,
      range: list.range,
      pushed: true,
      output: {
        names: [list.name],
        paths: 'cwd',
        contextUnknown: 'a manifest list is assembled from other images',
        platforms: { kind: 'list', items: [[{ text: '', unknown: `it is assembled by ${list.what} from images whose platforms archlens does not follow` }]] },
      },
    });
  }
  return out;
}

/** AL306/AL308 findings on stages that reach the exported image (AL306 only fires on those). */
function shippedOf(model: DockerfileModel, document: DocumentAnalysis, config: EffectiveConfig): ShippedBinary[] {
  const reach = reachFor(model, config.dockerTarget);
  const out: ShippedBinary[] = [];
  for (const finding of document.findings) {
    if (!SHIPPING_RULES.has(finding.rule) || finding.file !== undefined) continue;
    const offset = document.lines.offsetAt(finding.range.start);
    let stage: number | undefined;
    for (const s of model.stages) if (s.from.start <= offset) stage = s.index;
    if (stage === undefined || !reach.stages.has(stage)) continue;
    const arch = archOfDownload(finding);
    out.push({ rule: finding.rule, range: finding.range, message: finding.message, ...(arch ? { arch } : {}) });
  }
  return out;
}
