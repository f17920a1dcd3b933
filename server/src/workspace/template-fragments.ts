/**
 * A Dockerfile with no FROM that a Dockerfile template of the workspace inserts is a fragment of
 * that template, not a Dockerfile of its own: dotnet/dotnet-docker's eng/dockerfile-templates keep
 * `ENV` blocks and `RUN` steps in files such as `sdk/Dockerfile.envs` and
 * `Dockerfile.windows.set-path`, which `sdk/Dockerfile.windows` pulls in with
 * `{{InsertTemplate("Dockerfile.envs")}}` or `{{InsertTemplate("../Dockerfile.windows.set-path")}}`.
 * No build reads the fragment alone, so its "no FROM" error is said as a note. The template must
 * name the fragment's own path, quoted, inside its markup (`{{ ... }}` or `{% ... %}`), relative to
 * its folder or to a folder above it (Jinja's `{% include %}` names paths from the loader's root);
 * a FROM-less Dockerfile that no template names still fails the run.
 */
import * as path from 'node:path';
import type { InputProblem } from '../core/types';

/** A quoted path in a template (the quotes and what they hold, on one line). */
const QUOTED = /(["'])([^"'\n]+)\1/g;

/** Whether offset `at` of `text` is inside template markup: an opener before it, not closed since. */
function insideMarkup(text: string, at: number): boolean {
  const before = text.slice(0, at);
  return before.lastIndexOf('{{') > before.lastIndexOf('}}') || before.lastIndexOf('{%') > before.lastIndexOf('%}');
}

/** Whether `dir` is `root` or inside it. */
function within(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The template (absolute path) that inserts `fragment`, among `templates` (absolute path to text),
 * looking no higher than `root` (the checked folder), or undefined.
 */
export function includerOf(fragment: string, templates: ReadonlyMap<string, string>, root: string): string | undefined {
  const base = path.basename(fragment);
  for (const [file, text] of templates) {
    if (file === fragment || !text.includes(base) || !/\{\{|\{%/.test(text)) continue;
    for (const m of text.matchAll(QUOTED)) {
      const named = m[2];
      if (path.basename(named) !== base || !insideMarkup(text, m.index)) continue;
      for (let dir = path.dirname(file); within(dir, root); dir = path.dirname(dir)) {
        if (path.resolve(dir, named) === fragment) return file;
        if (path.dirname(dir) === dir) break;
      }
    }
  }
  return undefined;
}

/** The problems of `file` with its "no FROM" error made a note when a template inserts it. */
export function templateFragmentProblems(file: string, problems: readonly InputProblem[], noFrom: string, templates: ReadonlyMap<string, string>, root: string): InputProblem[] {
  if (!problems.some((p) => p.message === noFrom && (p.severity ?? 'error') === 'error')) return [...problems];
  const includer = includerOf(file, templates, root);
  if (!includer) return [...problems];
  const by = path.relative(root, includer) || path.basename(includer);
  return problems.map((p) => (p.message === noFrom && (p.severity ?? 'error') === 'error'
    ? { ...p, severity: 'info' as const, message: `${p.message} (a fragment that the template ${by.split(path.sep).join('/')} inserts: noted, not counted as an error)` }
    : p));
}

/**
 * The words a Dockerfile's name uses for a piece of another Dockerfile (growthbook's
 * preview/Dockerfile.append, which its preview workflow appends with `cat Dockerfile
 * preview/Dockerfile.append > preview/Dockerfile.generated`): one of the name's dot, dash or
 * underscore separated parts, whole.
 */
const PIECE_WORDS = new Set(['append', 'fragment', 'partial', 'snippet']);

/**
 * The problems of `file` with its "no FROM" error made a note when its name says it is a piece of
 * another Dockerfile: no build reads it alone. Its other problems, and a FROM-less Dockerfile of
 * any other name, still fail the run.
 */
export function namedFragmentProblems(file: string, problems: readonly InputProblem[], noFrom: string): InputProblem[] {
  const parts = path.basename(file).toLowerCase().split(/[._-]/);
  if (!parts.some((p) => PIECE_WORDS.has(p))) return [...problems];
  return problems.map((p) => (p.message === noFrom && (p.severity ?? 'error') === 'error'
    ? { ...p, severity: 'info' as const, message: `${p.message} (its name says it is a piece of another Dockerfile: noted, not counted as an error)` }
    : p));
}
