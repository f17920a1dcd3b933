/**
 * A Makefile's variables as `make` would set them with nothing on its command line: `=`, `:=`,
 * `::=` set; `?=` sets only what is not set yet; `+=` appends with a space. A variable set inside a
 * conditional, per target, by `!=` or `define`, or passed to a recursive `$(MAKE)` by the Makefile
 * itself (`ARCH=$* $(MAKE) container`) has no single static value: it is ambiguous, never guessed.
 */
import type { LineIndex } from '../core/text';
import type { Binding, Definition } from './values';

const CONDITIONAL_OPEN = /^\s*(?:ifeq|ifneq|ifdef|ifndef)\b/;
const CONDITIONAL_ELSE = /^\s*else\b/;
const CONDITIONAL_CLOSE = /^\s*endif\b/;
const DEFINE = /^\s*(?:(?:export|override|private)\s+)*define\s+([A-Za-z0-9_.\-/]+)/;
const ENDEF = /^\s*endef\b/;
const ASSIGNMENT = /^(\s*(?:(?:export|override|private)\s+)*)([A-Za-z0-9_.\-/]+)\s*(:{1,3}=|\?=|\+=|!=|=)/;
/** `target …: VAR = value`: a target-specific variable. */
const TARGET_SPECIFIC = /^[^\t#=:]+?:(?!=)\s*(?:(?:export|override|private)\s+)*([A-Za-z0-9_.\-/]+)\s*(?::{1,3}=|\?=|\+=|!=|=)/;
/** A recipe that runs make again with variables set: `V=x $(MAKE) …` or `$(MAKE) … V=x`. */
const RECURSIVE = /(?:\$\(MAKE\)|\$\{MAKE\}|(?<![\w/-])make(?![\w-]))/;

const continues = (line: string) => /(^|[^\\])(\\\\)*\\$/.test(line);

/** Strips a comment (an unescaped `#`) from a value. */
function withoutComment(value: string): string {
  const m = /(^|[^\\])#/.exec(value);
  return m ? value.slice(0, m.index + m[1].length) : value;
}

/** The variables of a Makefile by name. */
export function makeVariables(lines: LineIndex): Map<string, Binding> {
  const vars = new Map<string, Binding>();
  const ambiguous = (name: string, why: string) => vars.set(name, { ambiguous: `$(${name}) ${why}` });
  let depth = 0;
  let inDefine = false;
  for (let l = 0; l < lines.lineCount; l++) {
    let text = lines.lineText(l);
    const first = l;
    // A backslash-newline and the blanks around it become one space (Make's rule for variable values).
    while (continues(text) && l + 1 < lines.lineCount) text = text.slice(0, -1).trimEnd() + ' ' + lines.lineText(++l).trimStart();
    if (inDefine) { if (ENDEF.test(text)) inDefine = false; continue; }
    if (text.startsWith('\t')) {
      recipeOverrides(text, ambiguous);
      continue;
    }
    const define = DEFINE.exec(text);
    if (define) { inDefine = true; ambiguous(define[1], 'is a multi-line define'); continue; }
    if (CONDITIONAL_OPEN.test(text)) { depth++; continue; }
    if (CONDITIONAL_CLOSE.test(text)) { depth = Math.max(0, depth - 1); continue; }
    if (CONDITIONAL_ELSE.test(text)) continue;
    const m = ASSIGNMENT.exec(text);
    if (!m) {
      const target = TARGET_SPECIFIC.exec(text);
      if (target) ambiguous(target[1], 'is set per target');
      // `target: ; recipe` lines may run make again too.
      else if (text.includes(';')) recipeOverrides(text.slice(text.indexOf(';') + 1), ambiguous);
      continue;
    }
    const [whole, , name, op] = m;
    if (depth > 0) { ambiguous(name, 'is set inside a conditional'); continue; }
    if (op === '!=') { ambiguous(name, 'is the output of a shell command'); continue; }
    const rawValue = withoutComment(text.slice(whole.length));
    const value = rawValue.trim();
    const definition: Definition = { line: first };
    if (first === l) {
      const lineStart = lines.lineStarts[first];
      const lead = rawValue.length - rawValue.trimStart().length;
      definition.valueStart = lineStart + whole.length + lead;
      definition.valueEnd = definition.valueStart + value.length;
    }
    const previous = vars.get(name);
    if (previous && 'ambiguous' in previous) continue;
    if (op === '?=') { if (!previous) vars.set(name, { value, definition }); continue; }
    if (op === '+=' && previous) {
      // The appended text is written elsewhere: no single span to edit.
      vars.set(name, { value: previous.value === '' ? value : value === '' ? previous.value : `${previous.value} ${value}`, definition: { line: first } });
      continue;
    }
    vars.set(name, { value, definition });
  }
  return vars;
}

/** Variables a recipe line sets for a recursive make: their value there is not the Makefile's. */
function recipeOverrides(text: string, ambiguous: (name: string, why: string) => void): void {
  if (!RECURSIVE.test(text)) return;
  for (const m of text.matchAll(/(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=/g)) ambiguous(m[1], 'is set by the Makefile when it runs make again');
}
