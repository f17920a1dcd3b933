/** Shell scripts (`*.sh`, `*.bash`, shebang files): the whole file is one unit. */
import type { ParseOutcome } from '../core/analyzer';
import { LineIndex } from '../core/text';
import type { InputProblem } from '../core/types';
import { sitesInUnit } from './commands';
import { emptyBuildModel, type BuildModel } from './model';
import { BUILD_TOOL_WORD, MAX_SCRIPT_CHARS, parseRegion, tooLargeProblem } from './source';
import { scriptVariables } from './shell-variables';
import { expandShell } from './values';

export function parseShellScript(text: string): ParseOutcome<BuildModel> {
  const empty = emptyBuildModel('shell');
  if (!BUILD_TOOL_WORD.test(text)) return { model: empty, problems: [] };
  if (text.length > MAX_SCRIPT_CHARS) return { model: empty, problems: [tooLargeProblem(text.length)] };
  const lines = new LineIndex(text);
  const script = parseRegion(text, 0);
  const problems: InputProblem[] = [];
  if (script.errors.length > 0) {
    const first = script.errors[0];
    const more = script.errors.length > 1 ? ` (and ${script.errors.length - 1} more)` : '';
    problems.push({
      message: `shell syntax error on line ${lines.positionAt(first.start).line + 1}: ${first.message}${more}; build commands after it may be missed`,
      range: lines.range(first.start, first.end),
    });
  }
  const variables = scriptVariables(script.commands, lines);
  const resolve = (written: string) => expandShell(written, (name) => variables.get(name));
  const sites = sitesInUnit(script.commands, lines, { resolve, paths: 'cwd' });
  return { model: { kind: 'shell', builds: sites.builds, composePlatforms: [], mirrors: sites.mirrors, copyTools: [...sites.copyTools], manifestLists: sites.manifestLists }, problems };
}
