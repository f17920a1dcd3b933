/**
 * The kind of a text told from its content alone, for standard input without --stdin-filename
 * (`helm template … | archlens check -`). A name, when there is one, always wins: this is the
 * fallback, and it answers undefined rather than guess — a wrong kind means silent wrong results.
 */
import { LineIndex } from '../core/text';
import type { FileKind } from '../core/types';
import { isShellShebang } from './classify';

/** Dockerfile parser directives, only valid on the first lines (`# syntax=…`, `# escape=…`, `# check=…`). */
const DOCKERFILE_DIRECTIVE = /^#\s*(?:syntax|escape|check)\s*=/i;
/** A Dockerfile starts with FROM, or ARGs that FROM uses. */
const DOCKERFILE_FIRST_INSTRUCTION = /^\s*(?:FROM|ARG)\s+\S/i;
/** A Bake HCL block: `target "app" {`, `group "default" {`, `variable "TAG" {`, `function "f" {`. */
const BAKE_BLOCK = /^\s*(?:target|group|variable|function)\s+(?:"[^"]*"|[A-Za-z_][\w-]*)\s*\{/;
/** A make rule (`build:`, `a b: deps`), not an assignment (`X := 1`, `X ?= 1`) or a YAML key with a value. */
const MAKE_RULE = /^[^\s#:=][^:=]*::?(?!=)(?:\s|$)/;
/** A YAML mapping key at column 0: `key:`, `"key":`, `'key':`. */
const TOP_LEVEL_KEY = /^(?:"([^"]+)"|'([^']+)'|([A-Za-z_$.][\w$./-]*))\s*:(?:\s|$)/;
/** `helm template` names each document's template above it. */
const HELM_SOURCE = /^#\s*Source:\s*\S/;

export function detectKind(text: string): FileKind | undefined {
  const lines = new LineIndex(text.startsWith('\ufeff') ? text.slice(1) : text);
  const first = lines.lineText(0);
  if (first.startsWith('#!')) {
    if (isShellShebang(first)) return 'shell';
    return /\bmake\b/.test(first) ? 'makefile' : undefined;
  }
  if (DOCKERFILE_DIRECTIVE.test(first)) return 'dockerfile';

  const firstStatement = firstMeaningfulLine(lines);
  if (firstStatement === undefined) return undefined;
  if (DOCKERFILE_FIRST_INSTRUCTION.test(firstStatement)) return 'dockerfile';
  if (BAKE_BLOCK.test(firstStatement)) return 'bake';
  if (firstStatement.trimStart().startsWith('{')) return jsonKind(text);
  return makefileOrYaml(lines);
}

function firstMeaningfulLine(lines: LineIndex): string | undefined {
  for (let i = 0; i < lines.lineCount; i++) {
    const line = lines.lineText(i);
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === '---') continue;
    return line;
  }
  return undefined;
}

/** JSON is YAML: a manifest written as JSON, or a Bake file (`docker-bake.json`). */
function jsonKind(text: string): FileKind | undefined {
  if (/"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) return 'kubernetes';
  if (/"(?:target|group)"\s*:\s*\{/.test(text)) return 'bake';
  return undefined;
}

/**
 * One pass over the lines: a recipe line (tab-indented, after a rule) means a Makefile — YAML
 * forbids tabs for indentation; otherwise the top-level keys tell the YAML kinds apart.
 */
function makefileOrYaml(lines: LineIndex): FileKind | undefined {
  const keys = new Set<string>();
  let afterRule = false;
  let helm = false;
  let nestedScript = false;
  for (let i = 0; i < lines.lineCount; i++) {
    const line = lines.lineText(i);
    if (line.startsWith('\t')) {
      if (afterRule) return 'makefile';
      continue;
    }
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      if (HELM_SOURCE.test(line)) helm = true;
      continue;
    }
    const key = TOP_LEVEL_KEY.exec(line);
    if (key) keys.add(key[1] ?? key[2] ?? key[3]);
    else if (/^\s+script\s*:/.test(line)) nestedScript = true;
    afterRule = MAKE_RULE.test(line);
  }
  if (helm || (keys.has('apiVersion') && keys.has('kind'))) return 'kubernetes';
  if (keys.has('jobs') && (keys.has('on') || keys.has('true'))) return 'github-workflow';
  if (keys.has('services')) return 'compose';
  if (keys.has('stages') || (nestedScript && !keys.has('jobs'))) return 'gitlab-ci';
  return undefined;
}
