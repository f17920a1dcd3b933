/**
 * Embedded scripts (Makefile recipes, workflow `run:` blocks, CI script items) are handed to the
 * shell parser as same-length rewrites of a region of the file, so every offset the parser returns
 * is an offset in the file itself. Only length-preserving rewrites are allowed here.
 */
import { plainInFlow, valueOf, type KNode } from '../core/yaml/knode';
import { parseShell, type ShellCommand, type ShellSyntaxError, type ShellWord } from '../shell/shell';

/** `${{ expr }}` (GitHub) → `${____}`: an expansion the shell parser understands, same length. */
export function maskGithubExpressions(text: string): string {
  return text.replace(/\$\{\{[^\n]*?\}\}/g, (m) => '${' + '_'.repeat(m.length - 3) + '}');
}

/** Replaces a span with a same-length shell parameter expansion (`${___}`), newlines kept. */
function expansionOfLength(span: string): string {
  if (span.includes('\n')) return span.replace(/[^\n]/g, '_').replace(/^_/, '$');
  if (span.length >= 4) return '${' + '_'.repeat(span.length - 3) + '}';
  return '$' + '_'.repeat(span.length - 1);
}

/**
 * Make's own syntax in a recipe → shell the parser reads: `$(VAR)`/`${VAR}`/`$(fn …)` become
 * expansions (their value is Make's, so the shell sees a variable), `$$` becomes `_$` (a literal `$`
 * for the shell, kept inside the same word), and automatic variables (`$@`, `$*`, `$<`…) become
 * `$M`: a value, not the shell's `"$@"` (the caller's arguments, which may carry flags). Not `$_`:
 * the parser ends a word at `$_:${…}` (`$(IMAGE)-$*:$(TAG)` read as two words).
 */
export function maskMakeReferences(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) { out += c; continue; }
    const n = text[i + 1];
    if (n === '$') { out += '_$'; i++; continue; }
    if ('@*<^?+|%'.includes(n)) { out += '$M'; i++; continue; }
    if (n === '(' || n === '{') {
      const close = n === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === n) depth++;
        else if (text[j] === close && --depth === 0) break;
        else if (text[j] === '\n' && text[j - 1] !== '\\') break;
      }
      if (j < text.length && text[j] === close) {
        out += expansionOfLength(text.slice(i, j + 1));
        i = j;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Build tools whose commands the model reads; a script naming none of them has nothing to report. */
export const BUILD_TOOL_WORD = /\b(?:docker|podman|buildah|nerdctl)\b/;

/**
 * The tools whose commands the build models read (commands.ts: docker, podman, nerdctl, buildah,
 * kaniko; the manifest-list tools manifest-tool, crane, regctl; GitHub's docker/... actions). A
 * script, Makefile or CI file that names none of them builds nothing a model could record: most of
 * a repository's scripts and workflows (of the files a check of corpus/realworld reads: 121 of 169
 * workflows, 131 of 183 scripts and Makefiles). A tool behind a variable is named where the variable is set (`DOCKER ?= podman`); one
 * set elsewhere is unknown to the file's model anyway.
 */
export const BUILD_TOOL_NAMES = /docker|podman|nerdctl|buildah|kaniko|manifest-tool|crane|regctl/i;

/**
 * Scripts above this size are not parsed: a real build script is kilobytes, and parsing megabytes
 * of shell takes seconds, too long for an editor that re-analyses on each keystroke.
 */
export const MAX_SCRIPT_CHARS = 2 * 1024 * 1024;

/** The problem reported instead of parsing a script above MAX_SCRIPT_CHARS. */
export function tooLargeProblem(length: number): { message: string } {
  const mb = (length / 1024 / 1024).toFixed(1);
  return { message: `script is too large to check for build commands (${mb} MB; archlens reads scripts up to ${MAX_SCRIPT_CHARS / 1024 / 1024} MB)` };
}

export interface RegionScript {
  commands: ShellCommand[];
  errors: ShellSyntaxError[];
}

/** Parses `script` (the text of a file region starting at `offset`); offsets come back as file offsets. */
export function parseRegion(script: string, offset: number): RegionScript {
  const parsed = parseShell(script);
  if (offset === 0) return parsed;
  const shift = <T extends { start: number; end: number }>(x: T): T => ({ ...x, start: x.start + offset, end: x.end + offset });
  return {
    commands: parsed.commands.map((c) => ({
      ...shift(c),
      name: c.name && shift(c.name),
      args: c.args.map(shift),
      assignments: c.assignments.map((a) => ({ ...shift(a), value: a.value && shift(a.value) })),
      guards: c.guards.map(shift),
    })),
    errors: parsed.errors.map(shift),
  };
}

/**
 * `DOCKER_DEFAULT_PLATFORM` in a CI file's environment map (`env:`, `variables:`), as a word at its
 * place in the file: null when set empty, undefined when not set or not a plain string.
 */
export function platformVariable(map: KNode | undefined, text: string): ShellWord | null | undefined {
  const node = valueOf(map, 'DOCKER_DEFAULT_PLATFORM');
  if (node?.type !== 'scalar') return undefined;
  if (node.isNull || node.text.trim() === '') return null;
  const value = node.text;
  const { start, end } = node;
  // A plain value in a flow map (`env: {X: a}`) cannot take a comma: `raw` that differs from `text`
  // in more than quotes tells the fix there is no safe place to append.
  const raw = plainInFlow(node, map) ? `{${value}}` : text.slice(start, end);
  return { text: value, raw, start, end, dynamic: value.includes('$') };
}
