/** Shell scripts (`*.sh`, `*.bash`, shebang files): the whole file is one unit. */
import type { ParseOutcome } from '../engine/analyzer';
import { LineIndex } from '../engine/text';
import type { InputProblem } from '../engine/types';
import { buildsInUnit } from './commands';
import type { BuildModel } from './model';
import { parseRegion } from './source';

export function parseShellScript(text: string): ParseOutcome<BuildModel> {
  const lines = new LineIndex(text);
  const script = parseRegion(text, 0);
  const problems: InputProblem[] = [];
  if (script.errors.length > 0) {
    const first = script.errors[0];
    const more = script.errors.length > 1 ? ` (and ${script.errors.length - 1} more)` : '';
    problems.push({
      message: `shell syntax error: ${first.message}${more}; build commands after it may be missed`,
      range: lines.range(first.start, first.end),
    });
  }
  return { model: { kind: 'shell', builds: buildsInUnit(script.commands, lines), composePlatforms: [] }, problems };
}
