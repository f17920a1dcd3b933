/**
 * Makefiles: each rule's recipe is one unit. Recipe lines lose their tab and `@`/`-`/`+` prefixes,
 * backslash continuations stay (the shell joins them), and Make references become shell expansions
 * (see source.ts), all without moving any offset.
 */
import type { ParseOutcome } from '../engine/analyzer';
import { LineIndex } from '../engine/text';
import type { ShellCommand } from '../shell/shell';
import { buildsInUnit } from './commands';
import type { BuildModel } from './model';
import { BUILD_TOOL_WORD, MAX_SCRIPT_CHARS, maskMakeReferences, parseRegion, tooLargeProblem } from './source';

const ASSIGNMENT = /^\s*(?:export\s+|override\s+)?[A-Za-z0-9_.\-/]+\s*(?::{1,3}=|\?=|\+=|!=|=)/;
const RULE = /^[^\t#=\s][^=]*?(?<!:):{1,2}(?!=)/;
const DIRECTIVE = /^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|export|unexport|vpath|override)\b/;

interface Recipe { start: number; end: number; lines: number[] }

/** The recipe lines of every rule, by line number. */
function findRecipes(lines: LineIndex): Recipe[] {
  const recipes: Recipe[] = [];
  let current: Recipe | undefined;
  let inDefine = false;
  let continuing: 'recipe' | 'other' | undefined;
  for (let l = 0; l < lines.lineCount; l++) {
    const text = lines.lineText(l);
    const continues = /(^|[^\\])(\\\\)*\\$/.test(text);
    if (continuing) {
      if (continuing === 'recipe' && current) current.lines.push(l);
      if (!continues) continuing = undefined;
      continue;
    }
    if (inDefine) { if (/^\s*endef\b/.test(text)) inDefine = false; continue; }
    if (/^\s*define\b/.test(text)) { inDefine = true; current = undefined; continue; }
    if (text.startsWith('\t')) {
      if (current) { current.lines.push(l); if (continues) continuing = 'recipe'; }
      else if (continues) continuing = 'other';
      continue;
    }
    if (text.trim() === '' || /^\s*#/.test(text) || DIRECTIVE.test(text) && !RULE.test(text)) {
      if (continues) continuing = 'other';
      continue;
    }
    current = undefined;
    if (!ASSIGNMENT.test(text) && RULE.test(text)) {
      current = { start: l, end: l, lines: [] };
      recipes.push(current);
      // `target: prereqs ; command` — the command after `;` is a recipe line too.
      if (/;/.test(text.replace(/#.*$/, ''))) current.lines.push(l);
    }
    if (continues) continuing = current && current.lines.includes(l) ? 'recipe' : 'other';
  }
  return recipes.filter((r) => r.lines.length > 0);
}

/** The recipe as the shell sees it, same length as the file span from its first to last line. */
function recipeScript(lines: LineIndex, recipe: Recipe): { script: string; offset: number } {
  const first = recipe.lines[0];
  const last = recipe.lines[recipe.lines.length - 1];
  const offset = lines.lineStarts[first];
  const keep = new Set(recipe.lines);
  let script = '';
  for (let l = first; l <= last; l++) {
    let text = lines.lineText(l);
    const eol = lines.text.slice(lines.lineEnd(l), l + 1 < lines.lineCount ? lines.lineStarts[l + 1] : lines.text.length);
    if (!keep.has(l)) text = ' '.repeat(text.length);
    else if (l === recipe.start) {
      const semi = text.indexOf(';');
      text = ' '.repeat(semi + 1) + text.slice(semi + 1);
    } else {
      const previousContinues = l > first && keep.has(l - 1) && /(^|[^\\])(\\\\)*\\$/.test(lines.lineText(l - 1));
      // Make strips the tab; on a recipe line's first physical line it also strips @, - and + prefixes.
      const prefix = previousContinues ? /^\t/.exec(text) : /^\t[\s@+-]*/.exec(text);
      if (prefix) text = ' '.repeat(prefix[0].length) + text.slice(prefix[0].length);
    }
    script += text + eol;
  }
  return { script: maskMakeReferences(script), offset };
}

export function parseMakefile(text: string): ParseOutcome<BuildModel> {
  const empty: BuildModel = { kind: 'makefile', builds: [], composePlatforms: [] };
  if (!BUILD_TOOL_WORD.test(text)) return { model: empty, problems: [] };
  if (text.length > MAX_SCRIPT_CHARS) return { model: empty, problems: [tooLargeProblem(text.length)] };
  const lines = new LineIndex(text);
  const builds = [];
  for (const recipe of findRecipes(lines)) {
    const { script, offset } = recipeScript(lines, recipe);
    const commands: ShellCommand[] = parseRegion(script, offset).commands;
    builds.push(...buildsInUnit(commands, lines));
  }
  return { model: { kind: 'makefile', builds, composePlatforms: [] }, problems: [] };
}
