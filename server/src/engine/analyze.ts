/**
 * The one analysis pipeline the CLI, the check worker and the language server share: text →
 * findings, in two phases. The offline phase (parse, offline rules) is synchronous and needs no
 * network; the registry phase runs the registry rules once the image look-ups of the offline
 * phase's references have answered, so an editor can publish twice. The engine never reads the disk:
 * it takes text and, for the registry phase, a platform resolver.
 *
 * The input is a unit of documents with a placement hook: a file is a unit of one document shown
 * where it was found; a unit that renders documents from several files (a Helm chart, a Kustomize
 * overlay) feeds its rendered documents and places each finding back where the user can change it.
 */
import { allAnalyzers, analyzerFor } from './analyzers';
import { classifyFile } from './classify';
import type { ImageUse } from '../core/analyzer';
import type { EffectiveConfig } from '../core/config';
import { formatMessage, type ImageTable, type RuleContext, type RuleMeta } from '../core/rule';
import { isSuppressed, parseSuppressions } from '../core/suppression';
import { LineIndex } from '../core/text';
import type { FileKind, Finding, InputProblem, InternalError } from '../core/types';
import { invalidRangeIn } from './valid-range';
import { failureIsAboutImage, type ImageLookup, type PlatformResolver } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import { NO_WORKSPACE_IMAGES, type WorkspaceImages } from '../imagemap/types';
import { linkShippedBinaries } from '../imagemap/link';
import { withoutDeliberateArchDownloads, withoutReplacedArgBases } from '../imagemap/deliberate';

/** Files above this size get a clear message instead of an analysis that would stall the editor. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** One text to analyse: a file as it is on disk or in an editor, or a document a chart or overlay renders. */
export interface SourceDocument {
  /** Path (absolute or relative) used for classification, rule contexts and reports. */
  file: string;
  text: string;
  /** Forces a kind (e.g. an LSP languageId, a rendered manifest); otherwise classified from the path and first line. */
  kind?: FileKind;
}

/**
 * Where a finding computed on a document is shown: undefined drops it. Plain files keep findings
 * where they were found; a rendering unit maps the range (and the fixes' edits) back to its
 * sources, naming another file in `Finding.file` when the place is not the rendered document.
 */
export type Placement = (finding: Finding, document: DocumentAnalysis) => Finding | undefined;

export interface AnalysisInput {
  documents: readonly SourceDocument[];
  config: EffectiveConfig;
  place?: Placement;
  /**
   * 'about-image': a failed look-up whose cause is not the image (network, a misbehaving registry)
   * leaves the image unchecked, as if not looked up, instead of reaching the rules (AL209). The
   * editor reports those once for the session; the CLI ('all', the default) reports each.
   */
  lookupFailures?: 'all' | 'about-image';
  /** What the workspace builds (the workspace image map), for the offline phase; none = the files alone. */
  workspace?: WorkspaceImages;
}

/** What the registry phase runs with besides the answers. */
export interface CompleteOptions {
  /** The workspace image map for the registry phase (default: the offline phase's). */
  workspace?: WorkspaceImages;
}

/** One document after a phase: its input problems, image references and findings so far. */
export interface DocumentAnalysis {
  file: string;
  text: string;
  kind: FileKind;
  lines: LineIndex;
  problems: InputProblem[];
  /** Failures of archlens itself on this document (never the input's fault): reported apart from problems. */
  internalErrors: InternalError[];
  /** How the text was read (FileReader.outline): what a fix must leave as it was. */
  outline: string[];
  images: ImageUse[];
  /** Severity applied, suppressions removed, placed, sorted by position. */
  findings: Finding[];
  /** The file kind's model (undefined when the text could not be read as that kind): workspace-level indexes read it. */
  model?: unknown;
}

/** Both phases done: every document's offline and registry findings, and the answers they used. */
export interface CompleteAnalysis {
  documents: DocumentAnalysis[];
  /** Canonical reference → answer, for every reference of the unit. */
  lookups: Map<string, ImageLookup>;
}

/** The offline phase done, the registry phase to come. */
export interface Analysis {
  /** The documents of a kind archlens reads (others are left out), with their offline findings. */
  readonly documents: readonly DocumentAnalysis[];
  /** Distinct references the registry phase needs: each pinned `tag@digest` also needs its tag. */
  readonly references: readonly ImageRef[];
  /** The registry phase with the answers in hand (synchronous): references without one count as not looked up. */
  complete(lookups: ReadonlyMap<string, ImageLookup>, options?: CompleteOptions): CompleteAnalysis;
  /** The registry phase: looks up the references `known` has no answer for, then completes. */
  registry(resolver: PlatformResolver, options?: { signal?: AbortSignal; known?: ReadonlyMap<string, ImageLookup> } & CompleteOptions): Promise<CompleteAnalysis>;
}

/** Findings of one phase, with the failures of archlens met while making them. */
interface PhaseResult {
  findings: Finding[];
  internalErrors: InternalError[];
}

interface Prepared {
  document: DocumentAnalysis;
  /** The offline phase's findings before any workspace link (the registry phase links them again). */
  offline: Finding[];
  /** The registry rules of the document, run against a table of answers (none when it could not be read). */
  runRegistry: (images: ImageTable, workspace: WorkspaceImages) => PhaseResult;
}

const NOTHING: PhaseResult = { findings: [], internalErrors: [] };

/** Runs the offline phase of a unit and returns the handle for its registry phase. */
export function analyze(input: AnalysisInput): Analysis {
  const prepared: Prepared[] = [];
  const offlineWorkspace = input.workspace ?? NO_WORKSPACE_IMAGES;
  for (const document of input.documents) {
    const one = offlinePhase(document, input.config, input.place, offlineWorkspace);
    if (one) prepared.push(one);
  }
  const documents = prepared.map((p) => p.document);
  const references = referencesToResolve(documents.flatMap((d) => d.images));
  const complete = (lookups: ReadonlyMap<string, ImageLookup>, options: CompleteOptions = {}): CompleteAnalysis => {
    const table = imageTable(lookups, input.lookupFailures ?? 'all');
    const workspace = options.workspace ?? offlineWorkspace;
    const done = prepared.map(({ document, offline, runRegistry }) => {
      // A document without images has nothing for the registry rules to read, nor without a map for the rules refined by it.
      const registry = document.images.length > 0 || (readsWorkspace(document.kind) && workspace !== NO_WORKSPACE_IMAGES) ? runRegistry(table, workspace) : NOTHING;
      // Rules refined by the registry ran again: their registry-phase findings replace the offline ones.
      const kept = registry === NOTHING ? offline : offline.filter((f) => !REFINED.has(f.rule));
      const findings = linkWorkspace(document, [...kept, ...registry.findings].sort(byPosition), workspace, input.config);
      if (findings.length === document.findings.length && findings.every((f, i) => f === document.findings[i]) && registry.internalErrors.length === 0) return document;
      return {
        ...document,
        findings,
        internalErrors: [...document.internalErrors, ...registry.internalErrors],
      };
    });
    const answers = new Map<string, ImageLookup>();
    for (const ref of references) {
      const answer = lookups.get(ref.canonical);
      if (answer) answers.set(ref.canonical, answer);
    }
    return { documents: done, lookups: answers };
  };
  return {
    documents,
    references,
    complete,
    async registry(resolver, options = {}) {
      const known = options.known ?? new Map<string, ImageLookup>();
      const missing = references.filter((ref) => !known.has(ref.canonical));
      const answers = missing.length > 0 ? await resolveAll(missing, resolver, options.signal) : new Map<string, ImageLookup>();
      for (const [canonical, answer] of known) if (!answers.has(canonical)) answers.set(canonical, answer);
      return complete(answers, { workspace: options.workspace });
    },
  };
}

/** Offline rules that run again in the registry phase (RuleMeta.refinedByRegistry, refinedByWorkspace). */
const refinedLater = (meta: RuleMeta) => meta.refinedByRegistry === true || meta.refinedByWorkspace === true;
const REFINED: ReadonlySet<string> = new Set(allAnalyzers().flatMap((a) => a.rules.filter((r) => refinedLater(r.meta)).map((r) => r.meta.code)));
/** File kinds with a rule that reads the workspace image map. */
const WORKSPACE_KINDS: ReadonlySet<FileKind> = new Set(allAnalyzers().filter((a) => a.rules.some((r) => r.meta.refinedByWorkspace)).map((a) => a.kind));
function readsWorkspace(kind: FileKind): boolean {
  return WORKSPACE_KINDS.has(kind);
}

/**
 * A Dockerfile's findings as the workspace reads them: without the downloads of the one architecture
 * its builds make on purpose and the AL311 of a base every build replaces (imagemap/deliberate.ts),
 * linked to the manifests that deploy its image (imagemap/link.ts).
 */
function linkWorkspace(document: DocumentAnalysis, findings: Finding[], workspace: WorkspaceImages, config: EffectiveConfig): Finding[] {
  if (document.kind !== 'dockerfile' || workspace === NO_WORKSPACE_IMAGES) return findings;
  const kept = withoutReplacedArgBases(withoutDeliberateArchDownloads(findings, workspace.deliberateArchOf(document.file)), workspace.argsEveryBuildSets(document.file));
  return linkShippedBinaries(document.file, kept, workspace, config);
}

const EMPTY_TABLE: ImageTable = { get: () => undefined, getTag: () => undefined };

function looksBinary(text: string): boolean {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  return head.includes('\u0000');
}

/** Parses one document and runs its offline rules. Undefined when it is of no kind archlens reads. */
function offlinePhase(input: SourceDocument, config: EffectiveConfig, place: Placement | undefined, workspace: WorkspaceImages): Prepared | undefined {
  const kind = input.kind ?? classifyFile(input.file, firstLine(input.text));
  if (!kind) return undefined;
  const analyzer = analyzerFor(kind);
  const lines = new LineIndex(input.text);
  const document: DocumentAnalysis = { file: input.file, text: input.text, kind, lines, problems: [], internalErrors: [], outline: [], images: [], findings: [] };
  const unreadable = (message: string): Prepared => ({ document: { ...document, problems: [{ message }] }, offline: [], runRegistry: () => NOTHING });

  if (input.text.length > MAX_FILE_BYTES) {
    const mb = (input.text.length / 1024 / 1024).toFixed(1);
    return unreadable(`file is too large to analyse (${mb} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)`);
  }
  if (looksBinary(input.text)) return unreadable('binary content: not a text file');

  let outcome;
  try {
    outcome = analyzer.parse(input.text, input.file, lines);
  } catch (error) {
    // A parser returns what it cannot read as problems: a throw is archlens's own failure.
    document.internalErrors.push(internalError('reading the file', error));
    return { document, offline: [], runRegistry: () => NOTHING };
  }
  const { model, problems } = outcome;
  document.problems = problems;
  if (model === undefined) return { document, offline: [], runRegistry: () => NOTHING };
  document.model = model;

  const suppressions = parseSuppressions(lines);
  const run = (phase: 'offline' | 'registry', images: ImageTable, workspace: WorkspaceImages): PhaseResult => {
    const findings: Finding[] = [];
    const internalErrors: InternalError[] = [];
    for (const rule of analyzer.rules) {
      if (rule.meta.kind !== phase && !(phase === 'registry' && refinedLater(rule.meta))) continue;
      const configured = config.rules[rule.meta.code];
      if (configured === 'off') continue;
      const context: RuleContext<unknown> = {
        file: input.file,
        text: input.text,
        lines,
        model,
        config,
        images,
        workspace,
        report: (report) => {
          const { severity, messageId, data } = report;
          // The report's own fields in its order, then the engine's: copied in a loop, as object
          // rest and spread here cost most of a 20,000-document check (bench/many-documents).
          const finding = {} as Finding & Record<string, unknown>;
          for (const key in report) {
            if (key !== 'severity' && key !== 'messageId' && key !== 'data') finding[key] = (report as unknown as Record<string, unknown>)[key];
          }
          finding.rule = rule.meta.code;
          finding.name = rule.meta.name;
          finding.severity = configured ?? severity ?? rule.meta.defaultSeverity;
          finding.message = formatMessage(rule.meta, messageId, data);
          finding.messageId = messageId;
          finding.data = data;
          // The one place findings are made: an impossible range is a bug of the rule, never shown as a finding.
          const invalid = invalidRangeIn(finding, lines);
          if (invalid) { internalErrors.push(internalError(`rule ${rule.meta.code}`, `reported ${invalid}`)); return; }
          if (isSuppressed(finding, suppressions, lines)) return;
          if (analyzer.isSuppressed?.(model, finding)) return;
          const placed = place ? place(finding, document) : finding;
          if (placed) findings.push(placed);
        },
      };
      try {
        rule.check(context);
      } catch (error) {
        internalErrors.push(internalError(`rule ${rule.meta.code}`, error));
      }
    }
    return { findings: findings.sort(byPosition), internalErrors };
  };

  try {
    document.images = analyzer.images(model);
  } catch (error) {
    document.internalErrors.push(internalError('collecting image references', error));
  }
  try {
    document.outline = analyzer.outline?.(model) ?? [];
  } catch (error) {
    document.internalErrors.push(internalError('outlining the file', error));
  }
  const offline = run('offline', EMPTY_TABLE, workspace);
  document.findings = linkWorkspace(document, offline.findings, workspace, config);
  document.internalErrors.push(...offline.internalErrors);
  return { document, offline: offline.findings, runRegistry: (table, ws) => run('registry', table, ws) };
}

/** Distinct references to resolve for a set of image uses: each pinned `tag@digest` also needs its tag. */
export function referencesToResolve(uses: readonly ImageUse[]): ImageRef[] {
  const refs = new Map<string, ImageRef>();
  for (const use of uses) {
    if (!use.reference.ok) continue;
    const ref = use.reference.ref;
    refs.set(ref.canonical, ref);
    const tagOnly = tagReference(ref);
    if (tagOnly) refs.set(tagOnly.canonical, tagOnly);
  }
  return [...refs.values()];
}

/** For `name:tag@digest`, the reference to `name:tag`; undefined otherwise. */
export function tagReference(ref: ImageRef): ImageRef | undefined {
  if (!ref.digest || !ref.tag) return undefined;
  const canonical = `${ref.registry}/${ref.repository}:${ref.tag}`;
  return { registry: ref.registry, repository: ref.repository, tag: ref.tag, canonical, original: ref.original };
}

/** An ImageTable over a map of canonical reference → answer (failures not about the image left out for 'about-image'). */
function imageTable(lookups: ReadonlyMap<string, ImageLookup>, failures: 'all' | 'about-image'): ImageTable {
  const answer = (canonical: string): ImageLookup | undefined => {
    const found = lookups.get(canonical);
    if (found && !found.ok && failures === 'about-image' && !failureIsAboutImage(found.error)) return undefined;
    return found;
  };
  return {
    get: (ref) => answer(ref.canonical),
    getTag: (ref) => {
      const tagRef = tagReference(ref);
      return tagRef ? answer(tagRef.canonical) : undefined;
    },
  };
}

/**
 * Resolves references concurrently; failures come back as error values, never throws. A check of
 * many files looks up the references of all their analyses at once, then completes each.
 */
export async function resolveAll(
  refs: readonly ImageRef[],
  resolver: PlatformResolver,
  signal?: AbortSignal,
): Promise<Map<string, ImageLookup>> {
  const answers = await Promise.all(
    refs.map(async (ref): Promise<[string, ImageLookup]> => {
      try {
        return [ref.canonical, await resolver.resolve(ref, { signal })];
      } catch (error) {
        return [ref.canonical, { ok: false, error: { state: 'registry-error', message: describe(error) } }];
      }
    }),
  );
  return new Map(answers);
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character
    || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text.slice(0, 200) : text.slice(0, Math.min(end, 200));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function internalError(during: string, error: unknown): InternalError {
  return { during, message: describe(error) };
}
