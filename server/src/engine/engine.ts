/**
 * The pure core both the CLI and the language server call: text → findings.
 * Phase 1 (offline rules) is synchronous and needs no network; phase 2 (registry rules) runs once
 * the image look-ups of phase 1's references have arrived, so the editor can publish twice.
 */
import { analyzerFor } from './analyzers';
import { classifyFile } from './classify';
import type { Analyzer, ImageUse } from '../core/analyzer';
import type { EffectiveConfig } from '../core/config';
import type { ImageTable, Rule, RuleContext } from '../core/rule';
import { isSuppressed, parseSuppressions } from '../core/suppression';
import { LineIndex } from '../core/text';
import type { FileKind, Finding, InputProblem, Severity } from '../core/types';
import type { ImageLookup, PlatformResolver } from '../images/lookup';
import type { ImageRef } from '../images/reference';

/** Files above this size get a clear message instead of an analysis that would stall the editor. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface FileInput {
  /** Path (absolute or relative) used for classification, config look-up and reports. */
  file: string;
  text: string;
  /** Forces a kind (e.g. an LSP languageId); otherwise classified from the path. */
  kind?: FileKind;
}

export interface OfflineAnalysis {
  file: string;
  kind: FileKind;
  lines: LineIndex;
  problems: InputProblem[];
  /** Offline findings, severity applied, suppressions removed. */
  findings: Finding[];
  images: ImageUse[];
  /** Runs the registry rules against the look-up answers (phase 2). */
  runRegistryRules(images: ImageTable): Finding[];
}

export interface FileAnalysis {
  file: string;
  kind: FileKind;
  problems: InputProblem[];
  findings: Finding[];
  images: ImageUse[];
  /** Canonical reference → answer, for every image the file references. */
  lookups: Map<string, ImageLookup>;
}

const EMPTY_TABLE: ImageTable = { get: () => undefined, getTag: () => undefined };

function looksBinary(text: string): boolean {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  return head.includes('\u0000');
}

/** Phase 1: parse and run the offline rules. Undefined when the file is of no kind archlens reads. */
export function analyzeOffline(input: FileInput, config: EffectiveConfig): OfflineAnalysis | undefined {
  const kind = input.kind ?? classifyFile(input.file, firstLine(input.text));
  if (!kind) return undefined;
  const analyzer = analyzerFor(kind) as Analyzer<unknown>;
  const lines = new LineIndex(input.text);
  const base = { file: input.file, kind, lines, findings: [] as Finding[], images: [] as ImageUse[], runRegistryRules: () => [] };

  if (input.text.length > MAX_FILE_BYTES) {
    const mb = (input.text.length / 1024 / 1024).toFixed(1);
    return { ...base, problems: [{ message: `file is too large to analyse (${mb} MB; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MB)` }] };
  }
  if (looksBinary(input.text)) {
    return { ...base, problems: [{ message: 'binary content: not a text file' }] };
  }

  let outcome;
  try {
    outcome = analyzer.parse(input.text, input.file);
  } catch (error) {
    return { ...base, problems: [{ message: `could not be analysed: ${describe(error)}` }] };
  }
  const { model, problems } = outcome;
  if (model === undefined) return { ...base, problems };

  const suppressions = parseSuppressions(lines);
  const run = (phase: 'offline' | 'registry', images: ImageTable): Finding[] => {
    const findings: Finding[] = [];
    for (const rule of analyzer.rules) {
      if (rule.meta.kind !== phase) continue;
      const configured = config.rules[rule.meta.code];
      if (configured === 'off') continue;
      const context: RuleContext<unknown> = {
        file: input.file,
        text: input.text,
        lines,
        model,
        config,
        images,
        report: (report) => {
          const { severity, ...rest } = report;
          const finding: Finding = {
            ...rest,
            rule: rule.meta.code,
            name: rule.meta.name,
            severity: (configured as Severity | undefined) ?? severity ?? rule.meta.defaultSeverity,
          };
          if (isSuppressed(finding, suppressions, lines)) return;
          if (analyzer.isSuppressed?.(model, finding)) return;
          findings.push(finding);
        },
      };
      try {
        (rule as Rule<unknown>).check(context);
      } catch (error) {
        problems.push({ message: `rule ${rule.meta.code} failed on this file: ${describe(error)}` });
      }
    }
    return findings.sort(byPosition);
  };

  let images: ImageUse[] = [];
  try {
    images = analyzer.images(model);
  } catch (error) {
    problems.push({ message: `could not collect image references: ${describe(error)}` });
  }
  return {
    ...base,
    problems,
    images,
    findings: run('offline', EMPTY_TABLE),
    runRegistryRules: (table) => run('registry', table),
  };
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

/** An ImageTable over a map of canonical reference → answer. */
export function imageTable(lookups: ReadonlyMap<string, ImageLookup>): ImageTable {
  return {
    get: (ref) => lookups.get(ref.canonical),
    getTag: (ref) => {
      const tagRef = tagReference(ref);
      return tagRef ? lookups.get(tagRef.canonical) : undefined;
    },
  };
}

/** Resolves references concurrently; failures come back as error values, never throws. */
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

/** Both phases for one file. */
export async function analyzeFile(
  input: FileInput,
  config: EffectiveConfig,
  resolver: PlatformResolver,
  signal?: AbortSignal,
): Promise<FileAnalysis | undefined> {
  const offline = analyzeOffline(input, config);
  if (!offline) return undefined;
  const lookups = await resolveAll(referencesToResolve(offline.images), resolver, signal);
  const registryFindings = offline.runRegistryRules(imageTable(lookups));
  return {
    file: offline.file,
    kind: offline.kind,
    problems: offline.problems,
    findings: [...offline.findings, ...registryFindings].sort(byPosition),
    images: offline.images,
    lookups,
  };
}

export function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line
    || a.range.start.character - b.range.start.character
    || a.rule.localeCompare(b.rule);
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text.slice(0, 200) : text.slice(0, Math.min(end, 200));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
