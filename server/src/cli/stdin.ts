/**
 * `archlens check -`: one text from standard input, checked like a file. `--stdin-filename NAME`
 * gives its kind, the name findings are shown under and where `.archlens.yaml` is looked up from
 * (as ESLint's and Prettier's flags do); without it the kind is told from the content. A stream
 * that names its templates (`helm template`) has its findings shown in those templates.
 */
import * as path from 'node:path';
import { LineIndex } from '../core/text';
import { classifyFile } from '../engine/classify';
import { detectKind } from '../engine/detect-kind';
import { byPosition, MAX_FILE_BYTES } from '../engine/analyze';
import type { FileKind } from '../core/types';
import type { ImageLookup, PlatformResolver } from '../images/lookup';
import type { ConfigResolver } from '../workspace/config-files';
import { checkText, type CheckResult, type FileResult } from '../workspace/check';
import { fixText, type AppliedFix, type RefusedFix } from './fix';
import { UsageError, type StdinText } from './io';
import { hasRenderedSources, RenderedSourceMap, renderedDocuments } from './rendered-sources';

/** How standard input is named when --stdin-filename does not name it. */
export const STDIN_NAME = '<stdin>';

export interface StdinCheck {
  input: StdinText;
  /** --stdin-filename, as given. */
  filename?: string;
  cwd: string;
  configs: ConfigResolver;
  resolver: PlatformResolver;
  fix: boolean;
}

export interface StdinOutcome {
  result: CheckResult;
  /** With --fix: the text to print (fixed, or as it came when nothing could be fixed). */
  output?: string;
  applied: AppliedFix[];
  /** Fixes the safety check turned down, each with its reason. */
  refused: RefusedFix[];
  fixError?: string;
}

export async function checkStdin(options: StdinCheck): Promise<StdinOutcome> {
  const { input, cwd } = options;
  const file = path.resolve(cwd, options.filename ?? STDIN_NAME);
  const result: CheckResult = { files: [], images: new Map<string, ImageLookup>(), missing: [], walkProblems: [], cancelled: false };
  const unchanged = options.fix && !input.tooLarge ? (input.bom ? '\ufeff' : '') + input.text : undefined;
  const outcome: StdinOutcome = { result, output: unchanged, applied: [], refused: [] };
  if (input.tooLarge) {
    result.files.push({ file, findings: [], problems: [{ message: `standard input is too large to analyse (more than ${MAX_FILE_BYTES / 1024 / 1024} MB)` }], internalErrors: [], images: [] });
    return outcome;
  }
  if (input.text.trim() === '') return outcome;

  const kind = kindOf(input.text, options.filename);
  const { config } = options.configs.forPath(file);
  let checked = await checkText(file, input.text, config, result.images, options.resolver, undefined, kind);
  if (!checked) return outcome;
  checked = { ...checked, bom: input.bom };

  if (options.fix) {
    const fixed = await fixText(checked, result.images, options.resolver);
    if (fixed) {
      checked = fixed.result;
      outcome.applied = fixed.applied;
      outcome.refused = fixed.refused;
      outcome.fixError = fixed.error;
      outcome.output = (input.bom ? '\ufeff' : '') + checked.text!;
    }
  }
  result.files = kind === 'kubernetes' ? placeInTemplates(checked, cwd) : [checked];
  return outcome;
}

/** The name decides when it can; otherwise the content; otherwise the user is asked to name it. */
function kindOf(text: string, filename: string | undefined): FileKind {
  if (filename !== undefined) {
    const named = classifyFile(filename, text.slice(0, 200).split(/\r?\n|\r/, 1)[0]);
    if (named) return named;
  }
  const detected = detectKind(text);
  if (detected) return detected;
  const told = filename !== undefined ? `"${filename}" is not a name archlens recognises and the content does not say either` : 'the content does not say';
  throw new UsageError(`cannot tell what kind of file standard input is (${told}); name it with --stdin-filename, e.g. --stdin-filename deploy.yaml or --stdin-filename Dockerfile`);
}

/**
 * `helm template` output: each document's findings, problems and images move to the template
 * its `# Source:` comment names. Every named template counts as a checked file.
 */
function placeInTemplates(checked: FileResult, cwd: string): FileResult[] {
  const documents = renderedDocuments(new LineIndex(checked.text ?? ''), cwd);
  if (!hasRenderedSources(documents)) return [checked];
  const map = new RenderedSourceMap(documents, checked.file);
  const byFile = new Map<string, FileResult>();
  const entry = (file: string): FileResult => {
    let found = byFile.get(file);
    if (!found) {
      found = { file, kind: checked.kind, findings: [], problems: [], internalErrors: [], images: [], config: checked.config };
      byFile.set(file, found);
    }
    return found;
  };
  for (const source of map.sources()) entry(source);
  for (const finding of checked.findings) {
    const placed = map.placeFinding(finding);
    entry(placed.file ?? checked.file).findings.push(placed);
  }
  for (const problem of checked.problems) {
    const placed = map.placeProblem(problem);
    entry(placed.file).problems.push(placed.problem);
  }
  for (const image of checked.images) {
    const placed = map.place(image.range);
    entry(placed.file).images.push({ ...image, range: placed.range });
  }
  // A template that renders several documents gets findings from each: in its own line order.
  for (const file of byFile.values()) file.findings.sort(byPosition);
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
}
