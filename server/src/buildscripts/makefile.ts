/**
 * Makefiles: a target's recipe, preceded by the recipes of its prerequisites (transitively, in
 * order: what `make target` runs), is one unit for push matching — `push: build` pushes what the
 * `build` recipe built. Recipe lines lose their tab and `@`/`-`/`+` prefixes,
 * backslash continuations stay (the shell joins them), and Make references become shell expansions
 * (see source.ts), all without moving any offset.
 */
import type { ParseOutcome } from '../core/analyzer';
import { LineIndex } from '../core/text';
import type { ShellCommand } from '../shell/shell';
import { assemblyPatterns, mayRunSitePrograms, sitesInUnit, toolVariable } from './commands';
import { emptyBuildModel, type BuildModel, type ManifestListSite, type MirrorSite } from './model';
import { BUILD_TOOL_WORD, MAX_SCRIPT_CHARS, maskMakeReferences, parseRegion, tooLargeProblem } from './source';
import { makeVariables } from './make-variables';
import { expandMake, unquoted } from './values';
import { archNamedInTarget } from './names';

const ASSIGNMENT = /^\s*(?:export\s+|override\s+)?[A-Za-z0-9_.\-/]+\s*(?::{1,3}=|\?=|\+=|!=|=)/;
const RULE = /^[^\t#=\s][^=]*?(?<!:):{1,2}(?!=)/;
const TOOL_ASSIGNMENT = /^\s*(?:export\s+|override\s+)?([A-Za-z0-9_]+)\s*(?::{1,3}=|\?=|=)\s*(\S+)\s*(?:#.*)?$/;
const SPECIAL_TARGET = /^\.[A-Z_]+$/;
/** `VAR := $(VAR)-$(ARCH)`: a variable that takes the architecture variable as a suffix of its own value. */
const ARCH_SUFFIX = /^\s*(?:override\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:{0,3}=\s*(\$[({]\1[)}][-_.]\$[({](?:[A-Za-z0-9]+_)?(?:GO|TARGET)?ARCH[)}])\s*$/i;
const DIRECTIVE = /^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|export|unexport|vpath|override)\b/;

interface Recipe {
  start: number;
  end: number;
  lines: number[];
  targets: string[];
  prerequisites: string[];
}

/** Targets and prerequisites of a rule line (`a b: c d | e ; cmd`). */
function ruleNames(text: string): { targets: string[]; prerequisites: string[] } {
  const code = text.replace(/#.*$/, '').split(';')[0];
  const m = /^([^:]*?)::?(?!=)(.*)$/.exec(code);
  if (!m) return { targets: [], prerequisites: [] };
  const words = (t: string) => t.split(/\s+/).filter((w) => w && w !== '|');
  return { targets: words(m[1]), prerequisites: words(m[2]) };
}

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
      current = { start: l, end: l, lines: [], ...ruleNames(text) };
      recipes.push(current);
      // `target: prereqs ; command` — the command after `;` is a recipe line too.
      if (/;/.test(text.replace(/#.*$/, ''))) current.lines.push(l);
    }
    if (continues) continuing = current && current.lines.includes(l) ? 'recipe' : 'other';
  }
  return recipes;
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

export function parseMakefile(text: string, file = 'Makefile'): ParseOutcome<BuildModel> {
  const empty = emptyBuildModel('makefile');
  if (!BUILD_TOOL_WORD.test(text)) return { model: empty, problems: [] };
  if (text.length > MAX_SCRIPT_CHARS) return { model: empty, problems: [tooLargeProblem(text.length)] };
  const lines = new LineIndex(text);
  const rules = findRecipes(lines);
  const byTarget = new Map<string, Recipe[]>();
  for (const rule of rules) for (const t of rule.targets) byTarget.set(t, [...(byTarget.get(t) ?? []), rule]);
  const parsed = new Map<Recipe, ShellCommand[]>();
  const commandsOf = (rule: Recipe): ShellCommand[] => {
    let commands = parsed.get(rule);
    if (!commands) {
      commands = rule.lines.length === 0 ? [] : (() => { const { script, offset } = recipeScript(lines, rule); return parseRegion(script, offset).commands; })();
      parsed.set(rule, commands);
    }
    return commands;
  };
  /** The rules `make target` runs, in order: prerequisites first (each once), then the target's own. */
  const unitOf = (target: string, seen: Set<string>, out: Recipe[]): Recipe[] => {
    if (seen.has(target)) return out;
    seen.add(target);
    const own = byTarget.get(target) ?? [];
    for (const rule of own) for (const p of rule.prerequisites) unitOf(p, seen, out);
    out.push(...own);
    return out;
  };
  // `DOCKER ?= docker`, `CONTAINER_TOOL := podman`: recipes run `$(DOCKER) build …`.
  const toolVariables = new Map<string, string>();
  for (let l = 0; l < lines.lineCount; l++) {
    const m = TOOL_ASSIGNMENT.exec(lines.lineText(l));
    if (m) for (const [k, v] of toolVariable(m[1], m[2], true)) toolVariables.set(k, v);
  }
  // A recipe that names no build tool, directly or through one of those variables, gives no site: a
  // unit of such recipes only is not parsed (most targets of a Makefile: test, lint, generate…).
  const runsTools = new Map<Recipe, boolean>();
  const mayRunTools = (rule: Recipe): boolean => {
    let runs = runsTools.get(rule);
    if (runs === undefined) {
      const written = rule.lines.length === 0 ? '' : text.slice(lines.lineStarts[rule.lines[0]], lines.lineEnd(rule.lines[rule.lines.length - 1]));
      runs = written !== '' && (mayRunSitePrograms(written) || [...toolVariables.keys()].some((k) => written.includes(k)));
      runsTools.set(rule, runs);
    }
    return runs;
  };
  // Manifest lists assembled by any target: `push-multi-arch` lists what `push-amd64` pushed.
  const assemblies = assemblyPatterns(rules.filter(mayRunTools).flatMap(commandsOf), lines, toolVariables);
  const builds = [];
  const mirrors: MirrorSite[] = [];
  const manifestLists: ManifestListSite[] = [];
  const copyTools = new Set<string>();
  const reported = new Set<string>();
  const variables = makeVariables(lines);
  // Make expands `$(X)` and `${X}` alike before the recipe's shell runs; `$$X` is the shell's.
  // $(CURDIR) is the folder make runs in: where the recipe's relative paths start too.
  const lookup = (name: string) => variables.get(name) ?? (name === 'CURDIR' ? { value: '.' } : undefined);
  const resolve = (written: string) => unquoted(expandMake(written, lookup));
  // `override TAG := $(TAG)-$(ARCH)` (in an `ifneq ($(ARCH),)`, often tab-indented): when the
  // architecture is given, the name is per-architecture; matching pushes against manifest lists uses that.
  const archSuffixed = new Map<string, string>();
  for (let l = 0; l < lines.lineCount; l++) {
    const m = ARCH_SUFFIX.exec(lines.lineText(l));
    if (m) archSuffixed.set(m[1], m[2]);
  }
  const makeValue = (name: string) => {
    const binding = variables.get(name);
    return archSuffixed.get(name) ?? (binding && 'value' in binding ? binding.value.trim() : undefined);
  };
  // A Makefile runs in its own folder; an included `*.mk` runs in its includer's, which the file does not say.
  const paths = /\.mk$/i.test(file) ? 'cwd' : 'file';
  for (const target of byTarget.keys()) {
    // Special targets (`.PHONY: build push`) name other targets; Make never runs those as one unit.
    const unitRules = SPECIAL_TARGET.test(target) ? byTarget.get(target) ?? [] : unitOf(target, new Set(), []);
    if (!unitRules.some(mayRunTools)) continue;
    const unit = unitRules.flatMap(commandsOf);
    if (unit.length === 0) continue;
    const sites = sitesInUnit(unit, lines, { toolVariables, make: true, assemblies, resolve, paths, makeValue });
    sites.copyTools.forEach((t) => copyTools.add(t));
    for (const list of sites.manifestLists) {
      const key = `list:${list.range.start.line}:${list.range.start.character}`;
      if (!reported.has(key)) { reported.add(key); manifestLists.push(list); }
    }
    for (const mirror of sites.mirrors) {
      const key = `mirror:${mirror.range.start.line}:${mirror.range.start.character}`;
      if (reported.has(key)) continue;
      reported.add(key);
      mirrors.push(mirror);
    }
    for (const site of sites.builds) {
      // A recipe runs in several targets' units: keep one site per distinct outcome.
      const key = `${site.range.start.line}:${site.range.start.character}:${site.push ? 'push' : ''}:${site.assembled ?? ''}`;
      if (reported.has(key)) continue;
      reported.add(key);
      builds.push(site);
    }
  }
  // A build in the recipe of a target named for an architecture (`docker-arm64:`, `dockerx86Dev:`) makes that one on purpose.
  const ruleOfLine = new Map<number, Recipe>();
  for (const rule of rules) for (const l of rule.lines) ruleOfLine.set(l, rule);
  for (const site of builds) {
    if (site.namedArch) continue;
    const owner = ruleOfLine.get(site.range.start.line);
    const named = owner?.targets.map(archNamedInTarget).find((a) => a !== undefined);
    if (named) site.namedArch = named;
  }
  // A build that some target pushes is reported once, as pushed.
  const pushed = new Set(builds.filter((b) => b.push).map((b) => `${b.range.start.line}:${b.range.start.character}`));
  const kept = builds.filter((b) => b.push || !pushed.has(`${b.range.start.line}:${b.range.start.character}`));
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model: { kind: 'makefile', builds: kept, composePlatforms: [], mirrors, copyTools: [...copyTools], manifestLists }, problems: [] };
}
