/**
 * A script's variables as its own assignments set them (`IMAGE=…`, `export TAG=…`, `readonly X=…`),
 * for the workspace image map. A variable assigned more than once to different values has no
 * single static value (ambiguous); one the script never assigns comes from its environment.
 */
import type { LineIndex } from '../core/text';
import type { ShellAssignment, ShellCommand } from '../shell/shell';
import type { Binding } from './values';

const DECLARING = new Set(['export', 'readonly', 'declare', 'typeset', 'local']);

/** The assignments of a list of commands (a script, a CI job's scripts) by name. */
export function scriptVariables(commands: readonly ShellCommand[], lines: LineIndex, base: ReadonlyMap<string, Binding> = new Map()): Map<string, Binding> {
  const vars = new Map<string, Binding>(base);
  const own = new Set<string>();
  for (const command of commands) {
    // A prefix assignment (`X=1 docker build …`) is for that one command only.
    if (command.name && !DECLARING.has(command.name.text)) continue;
    // An assignment under an `if`/`case` may not run: its value is a default, not certain.
    for (const a of command.assignments) assign(vars, own, a, lines, command.guards.length === 0);
  }
  return vars;
}

function assign(vars: Map<string, Binding>, own: Set<string>, a: ShellAssignment, lines: LineIndex, fixed: boolean): void {
  if (!a.value) return; // `export X` names a variable, it does not set one
  const value = lines.text.slice(a.value.start, a.value.end);
  const previous = vars.get(a.name);
  if (own.has(a.name) && previous && !('ambiguous' in previous) && previous.value !== value) {
    vars.set(a.name, { ambiguous: `$${a.name} is assigned several values in the script` });
    return;
  }
  if (own.has(a.name) && previous && 'ambiguous' in previous) return;
  own.add(a.name);
  vars.set(a.name, { value, fixed, definition: { line: lines.positionAt(a.start).line, valueStart: a.value.start, valueEnd: a.value.end } });
}
