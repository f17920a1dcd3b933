/**
 * Make variables that some build file of the workspace sets on make's command line:
 * `make release PLATFORM="linux/amd64,linux/arm64"` in a workflow's `run:`, a script, another
 * Makefile's recipe (or `PLATFORM=… make release`, which overrides a `?=` default the same way).
 * A Makefile build whose platforms come from such a variable builds what its caller asks for, not
 * what the Makefile's default says — a release workflow that passes every platform is the common
 * case — so the map does not take the default for the build's platforms.
 *
 * Read from raw text, split roughly as a shell would: a miss leaves the default in force (as
 * before), a spurious hit only makes the map say less. Linear in the text.
 */

export interface MakeOverride {
  /** The variable's name. */
  name: string;
  /** 0-based line of the make command (of the `env:` entry for `environment`). */
  line: number;
  /**
   * Set in the environment of a workflow step that runs make (`env:` of the workflow, the job or the
   * step): it overrides only what the Makefile sets with `?=`, not `=` or `:=`.
   */
  environment?: boolean;
}

/** The make program as a command word: `make`, `gmake`, `$(MAKE)`, `${MAKE}`, `$MAKE`. */
const MAKE_WORD = /^(?:g?make|\$\(MAKE\)|\$\{MAKE\}|\$MAKE)$/;
/** `NAME=value` (quotes around the whole word or the value alike). */
const ASSIGNMENT_WORD = /^["']?([A-Za-z_][A-Za-z0-9_]*)\+?=/;
/** Where one simple command ends. */
const COMMAND_END = new Set([';', '&&', '||', '|', '&', '(', ')', '`']);
/** Words after which the command word is still to come. */
const PASS_THROUGH = new Set(['env', 'sudo', 'time', 'exec', 'nohup', 'then', 'do', 'else', 'if', 'while', 'until', '!', '{']);

const continues = (line: string) => /(^|[^\\])(\\\\)*\\\s*$/.test(line);

/** Words of a command line, quotes kept inside a word; `;`, `&&`, `||`, `|`, `&` and parentheses as words of their own. */
function words(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let quote: string | undefined;
  const flush = () => { if (word) out.push(word); word = ''; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { word += c; if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === "'") { quote = c; word += c; continue; }
    if (c === '#' && word === '') break;
    // `$(MAKE)`, `$(shell …)`, `${X}`: one piece of a word, parentheses and all.
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const close = text[i + 1] === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === text[i + 1]) depth++;
        else if (text[j] === close && --depth === 0) break;
      }
      word += text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (/\s/.test(c)) { flush(); continue; }
    if (c === ';' || c === '(' || c === ')' || c === '`') { flush(); out.push(c); continue; }
    if ((c === '&' || c === '|') && !word.endsWith('>')) {
      flush();
      if (text[i + 1] === c) { out.push(c + c); i++; } else out.push(c);
      continue;
    }
    word += c;
  }
  flush();
  return out;
}

/** The variables each make command of `text` sets on its command line (or in its environment prefix). */
export function makeOverridesOf(text: string): MakeOverride[] {
  if (!/make/i.test(text)) return [];
  const out: MakeOverride[] = [];
  const lines = text.split(/\r?\n/);
  for (let l = 0; l < lines.length; l++) {
    const first = l;
    // A logical line, joined once at the end: joining as it grows was quadratic in its length.
    const parts = [lines[l]];
    while (continues(parts[parts.length - 1]) && l + 1 < lines.length) {
      parts[parts.length - 1] = parts[parts.length - 1].replace(/\\\s*$/, ' ');
      parts.push(lines[++l]);
    }
    const line = parts.join('');
    if (!/make/i.test(line)) continue;
    // A YAML list item or key in front of the command (`- make …`, `run: make …`, `script: |`).
    const command = line.replace(/^\s*(?:-\s+)?(?:[A-Za-z_-]+:\s+(?:[|>][-+]?\s*)?)?/, '');
    // The simple command being read: before its command word (`prefix`: its environment
    // assignments), inside make's arguments, or inside another command's.
    let state: 'start' | 'make' | 'other' = 'start';
    let prefix: string[] = [];
    for (const w of words(command)) {
      if (COMMAND_END.has(w)) { state = 'start'; prefix = []; continue; }
      if (state === 'other') continue;
      const assignment = ASSIGNMENT_WORD.exec(w);
      if (state === 'make') { if (assignment) out.push({ name: assignment[1], line: first }); continue; }
      if (assignment) { prefix.push(assignment[1]); continue; }
      if (MAKE_WORD.test(w.replace(/^["']|["']$/g, ''))) {
        state = 'make';
        for (const name of prefix) out.push({ name, line: first });
        continue;
      }
      // `env A=b make`, `sudo make`, `then make`: the command word is still to come.
      if (!PASS_THROUGH.has(w)) state = 'other';
    }
  }
  return out;
}

