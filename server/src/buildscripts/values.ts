/**
 * Values a build file settles before the build runs — an image name, a platform list, a Dockerfile
 * path — resolved through the file's own static variables: Make variables, a script's assignments,
 * a workflow's `env`, `matrix` and `inputs` defaults, GitLab `variables`, Bake variables, Compose
 * `${X:-default}`. A value is a list of pieces that say where each part came from:
 * - written in place;
 * - from a variable (`from`): its default, which the environment or the command line may override
 *   (so a tag that comes from a variable is read as a wildcard);
 * - unknown (`unknown`: why) — a command substitution, a secret, a variable nothing defines.
 * Nothing is guessed: what cannot be read statically stays unknown.
 */

export interface Piece {
  /** The text (empty for an unknown piece). */
  text: string;
  /** The reference the text came from, as written (`$(VERSION)`, `${{ matrix.platform }}`). */
  from?: string;
  /** Why the piece cannot be known before the build runs. */
  unknown?: string;
  /** The definition whose value holds this text as written (the innermost variable it came through). */
  definition?: Definition;
  /** Came through a reference, yet certain: a matrix row's value is one build, not a default to override. */
  fixed?: boolean;
  /** An unknown piece that is the running machine's architecture (`$(uname -m)`, `$(shell go env GOARCH)`). */
  machineArch?: true;
}

export type Value = Piece[];

const GO_BINARY = String.raw`(?:go|"?\$\{?GO\}?"?|\$\(GO\))`;
/**
 * A command that prints the running machine's architecture: `uname -m`, `arch`, `dpkg
 * --print-architecture`, `apk --print-arch`, `go env GOARCH` or GOHOSTARCH (also through a variable
 * naming the go binary: `"${GO}" env GOARCH`, `$(GO) env GOARCH`).
 */
/**
 * A script of the repository named for printing the machine's architecture, run with no arguments:
 * open-horizon/anax's `arch ?= $(shell tools/arch-tag)` (`uname -m` mapped to Debian names),
 * `hack/get-arch.sh`, `scripts/host_arch`. A path, so not the `arch` command itself; a name such as
 * `target-arch.sh` says nothing of the machine.
 */
const ARCH_SCRIPT = String.raw`(?:(?:ba|z)?sh\s+)?(?:\.{1,2}/)?(?:[\w.-]+/)+(?:(?:get|host|detect|machine|native|current|local|print)[-_])?arch(?:[-_](?:tag|name|of-host))?(?:\.sh)?`;
export const MACHINE_ARCH_COMMAND = String.raw`(?:uname\s+-m|arch|dpkg\s+--print-architecture|apk\s+--print-arch|${GO_BINARY}\s+env\s+GO(?:HOST)?ARCH|${ARCH_SCRIPT})`;
const WHOLE_MACHINE_ARCH_COMMAND = new RegExp(String.raw`^\s*${MACHINE_ARCH_COMMAND}\s*$`);

/** The output of `command` (a command substitution's, a `$(shell ...)`'s) as an unknown piece. */
function commandOutput(command: string, reason: string, written: string): Piece {
  const piece = unknownPiece(reason, written);
  return WHOLE_MACHINE_ARCH_COMMAND.test(command) ? { ...piece, machineArch: true } : piece;
}

/** What a name is bound to: its value as written (in the file's syntax), or why it has no single value. */
export type Binding = {
  value: string;
  definition?: Definition;
  /**
   * The file sets the value for the run (a script's own assignment, a workflow's `env`): the text it
   * writes is certain, not a default the environment or a command line may override.
   */
  fixed?: boolean;
} | { ambiguous: string };

/** Where a variable is defined, for related information and for fixes that edit its value. */
export interface Definition {
  /** 0-based line of the definition. */
  line: number;
  /** Offsets of the value as written, when it is one span of one line. */
  valueStart?: number;
  valueEnd?: number;
}

/** A variable lookup: undefined when the file defines no such variable. */
export type Lookup = (name: string) => Binding | undefined;

export function literal(text: string): Value {
  return text === '' ? [] : [{ text }];
}

export function unknownPiece(reason: string, from?: string): Piece {
  return from === undefined ? { text: '', unknown: reason } : { text: '', unknown: reason, from };
}

/** The value's text (unknown pieces contribute nothing). */
export function textOfValue(value: Value): string {
  let out = '';
  for (const p of value) out += p.text;
  return out;
}

/** Why the value is not known, or undefined when every piece is. */
export function unknownIn(value: Value): string | undefined {
  return value.find((p) => p.unknown !== undefined)?.unknown;
}

/** Every piece marked as coming from `from` (the outermost reference wins: it is what the user wrote). */
function marked(value: Value, from: string): Value {
  return value.map((p) => ({ ...p, from }));
}

/** Splits a value at a separator written in place or inside a variable's value (`a,b` or `$(LIST)`). */
export function splitValue(value: Value, separator: RegExp): Value[] {
  const out: Value[] = [[]];
  for (const piece of value) {
    if (piece.unknown !== undefined) { out[out.length - 1].push(piece); continue; }
    const parts = piece.text.split(separator);
    parts.forEach((part, i) => {
      if (i > 0) out.push([]);
      if (part !== '') out[out.length - 1].push({ ...piece, text: part });
    });
  }
  return out.filter((v) => v.length > 0);
}

/** Drops shell quote characters from known pieces (image names and platforms never hold quotes). */
export function unquoted(value: Value): Value {
  return value.map((p) => (p.unknown === undefined ? { ...p, text: p.text.replace(/["']/g, '') } : p)).filter((p) => p.unknown !== undefined || p.text !== '');
}

/** Cycle guard and a bound on work per value: a pathological file resolves to unknown, never loops. */
interface Walk { seen: Set<string>; budget: { steps: number } }
const MAX_STEPS = 2000;
const newWalk = (): Walk => ({ seen: new Set(), budget: { steps: 0 } });

function spend(walk: Walk): boolean {
  return ++walk.budget.steps <= MAX_STEPS;
}

/** The index of the bracket closing the one at `open` (same kind, nesting counted), or -1. */
function closing(text: string, open: number): number {
  const o = text[open];
  const c = o === '(' ? ')' : o === '{' ? '}' : ']';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}

// ---- Make --------------------------------------------------------------------------------

const MAKE_NAME = /^[A-Za-z0-9_.\-/]+$/;

/**
 * Make's expansion of `text` (a recipe word or a variable's value): `$(X)` and `${X}` alike, `$$`
 * a literal `$` — which the recipe's shell then reads as its own variable: unknown here. Functions
 * (`$(shell …)`, `$(addprefix …)`), substitution references and automatic variables are unknown.
 */
export function expandMake(text: string, lookup: Lookup, walk: Walk = newWalk()): Value {
  const out: Value = [];
  let lit = '';
  const flush = () => { if (lit) out.push({ text: lit }); lit = ''; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) { lit += c; continue; }
    const n = text[i + 1];
    if (n === '$') {
      // `$$X` / `$${X}`: the shell's variable, set when the recipe runs.
      flush();
      const shell = /^\$\$(?:\{[^}]*\}|\(|[A-Za-z_][A-Za-z0-9_]*|.)/.exec(text.slice(i));
      const written = shell ? shell[0] : '$$';
      out.push(unknownPiece(`${written.slice(1)} is the shell's, set when the recipe runs`, written));
      i += written.length - 1;
      if (written.endsWith('(')) {
        const end = closing(text, i);
        i = end === -1 ? text.length - 1 : end;
      }
      continue;
    }
    flush();
    if (n === '(' || n === '{') {
      const end = closing(text, i + 1);
      if (end === -1) { out.push(unknownPiece(`an unclosed reference`, text.slice(i))); break; }
      const written = text.slice(i, end + 1);
      const inner = text.slice(i + 2, end);
      out.push(...makeReference(inner, written, lookup, walk));
      i = end;
      continue;
    }
    // `$X`: a one-character name; `$@`, `$<`… are the rule's automatic variables.
    const written = text.slice(i, i + 2);
    out.push(...(/[A-Za-z0-9_]/.test(n) ? makeReference(n, written, lookup, walk) : [unknownPiece(`${written} is set per rule by make`, written)]));
    i += 1;
  }
  flush();
  return out;
}

function makeReference(name: string, written: string, lookup: Lookup, walk: Walk): Value {
  if (!MAKE_NAME.test(name)) {
    const fn = /^([a-z-]+)[\s,]/.exec(name)?.[1];
    const reason = fn ? `$(${fn} …) is computed by make` : `${written} is computed by make`;
    return [fn === 'shell' ? commandOutput(name.slice('shell'.length), reason, written) : unknownPiece(reason, written)];
  }
  return variable(name, written, lookup, walk, (value) => expandMake(value, lookup, walk), 'the Makefile');
}

/** A variable's value, expanded in its own syntax; undefined names and cycles are unknown. */
function variable(name: string, written: string, lookup: Lookup, walk: Walk, expand: (value: string) => Value, where: string): Value {
  if (!spend(walk)) return [unknownPiece('too many nested references to follow', written)];
  if (walk.seen.has(name)) return [unknownPiece(`${written} refers to itself`, written)];
  const binding = lookup(name);
  if (!binding) return [unknownPiece(`${written} is not set in ${where}`, written)];
  if ('ambiguous' in binding) return [unknownPiece(binding.ambiguous, written)];
  walk.seen.add(name);
  try {
    const definition = binding.definition;
    // Text written in the value itself is as certain as the binding; text from nested references keeps its own say.
    return expand(binding.value).map((p) => ({
      ...p,
      from: written,
      ...(p.definition ?? definition ? { definition: p.definition ?? definition } : {}),
      ...((p.from === undefined ? binding.fixed : p.fixed) ? { fixed: true } : {}),
    }));
  } finally {
    walk.seen.delete(name);
  }
}

// ---- Shell -------------------------------------------------------------------------------

export interface ShellOptions {
  /** `${{ … }}` (a GitHub expression, replaced before the shell runs): its value. */
  expression?: (expression: string, written: string) => Value;
  /** Where variables come from, for messages ("the script", "the workflow's env"). */
  where?: string;
}

/**
 * The shell's expansion of one word: `$X`, `${X}`, and `${X:-default}` / `${X-default}` /
 * `${X:=default}` (the default when the file does not set X). Quotes are dropped; command
 * substitutions, arithmetic, positional and special parameters are unknown.
 */
export function expandShell(text: string, lookup: Lookup, options: ShellOptions = {}, walk: Walk = newWalk()): Value {
  const out: Value = [];
  const where = options.where ?? 'the script';
  let lit = '';
  const flush = () => { if (lit) out.push({ text: lit }); lit = ''; };
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") { if (c === "'") quote = undefined; else lit += c; continue; }
    if (c === "'" && !quote) { quote = "'"; continue; }
    if (c === '"') { quote = quote === '"' ? undefined : '"'; continue; }
    if (c === '\\' && i + 1 < text.length) { lit += text[++i]; continue; }
    if (c === '`') {
      flush();
      const end = text.indexOf('`', i + 1);
      const written = end === -1 ? text.slice(i) : text.slice(i, end + 1);
      out.push(commandOutput(written.slice(1, -1), `${written} is the output of a command`, written));
      i = end === -1 ? text.length : end;
      continue;
    }
    if (c !== '$' || i + 1 >= text.length) { lit += c; continue; }
    const n = text[i + 1];
    if (n === '{' && text[i + 2] === '{' && options.expression) {
      const end = text.indexOf('}}', i + 3);
      if (end !== -1) {
        flush();
        const written = text.slice(i, end + 2);
        out.push(...options.expression(text.slice(i + 3, end).trim(), written));
        i = end + 1;
        continue;
      }
    }
    if (n === '(') {
      flush();
      const end = closing(text, i + 1);
      const written = end === -1 ? text.slice(i) : text.slice(i, end + 1);
      out.push(written.startsWith('$((') ? unknownPiece(`${written} is computed by the shell`, written) : commandOutput(written.slice(2, -1), `${written} is the output of a command`, written));
      i = end === -1 ? text.length : end;
      continue;
    }
    if (n === '{') {
      const end = closing(text, i + 1);
      if (end === -1) { lit += c; continue; }
      flush();
      const written = text.slice(i, end + 1);
      out.push(...shellParameter(text.slice(i + 2, end), written, lookup, options, walk, where));
      i = end;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
    if (name) {
      flush();
      const written = `$${name}`;
      out.push(...variable(name, written, lookup, walk, (value) => expandShell(value, lookup, options, walk), where));
      i += name.length;
      continue;
    }
    if (/[0-9@*#?$!-]/.test(n)) {
      flush();
      out.push(unknownPiece(`$${n} is set when the script runs`, `$${n}`));
      i += 1;
      continue;
    }
    lit += c;
  }
  flush();
  return out;
}

function shellParameter(inner: string, written: string, lookup: Lookup, options: ShellOptions, walk: Walk, where: string): Value {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])(.*))?$/s.exec(inner);
  if (!m) return [unknownPiece(`${written} is computed by the shell`, written)];
  const [, name, op, fallback] = m;
  const binding = lookup(name);
  // `X=${X:-default}` is the common way to give a default: inside its own value, X is unset.
  if (op !== undefined && (!binding || walk.seen.has(name))) {
    return marked(expandShell(fallback, lookup, options, walk), written);
  }
  return variable(name, written, lookup, walk, (value) => expandShell(value, lookup, options, walk), where);
}

// ---- GitHub Actions expressions -------------------------------------------------------------

/** What a `${{ … }}` can read statically: `env`, `matrix` and `inputs` (their defaults). */
export interface ExpressionContext {
  env: Lookup;
  /** The matrix row of this build (objects for `matrix.a.b`), or undefined when the job has none that is static. */
  matrix?: Record<string, unknown>;
  /** `inputs.X` / `github.event.inputs.X`: the defaults of `workflow_call`/`workflow_dispatch` inputs, or what a caller gives. */
  inputs: WorkflowInputs;
}

/** A workflow's inputs; `given`: those a caller sets (github-calls.ts), certain for that run as a matrix value is. */
export type WorkflowInputs = ReadonlyMap<string, string> & { readonly given?: ReadonlySet<string> };

/** The value of one `${{ expression }}`; anything beyond property paths, strings and `||` is unknown. */
export function githubExpression(expression: string, written: string, context: ExpressionContext, walk: Walk = newWalk()): Value {
  if (!spend(walk)) return [unknownPiece('too many nested references to follow', written)];
  const alternatives = expression.split('||').map((s) => s.trim());
  if (alternatives.length > 1) {
    // `a || 'default'`: the first that is set and not empty. The fallback is certain for the run
    // when the value before it is certainly empty (a caller gave the input as empty, a static
    // matrix row lacks the key); the values before that were empty already.
    let emptiedForSure = false;
    for (const alternative of alternatives) {
      const value = githubExpression(alternative, written, context, walk);
      if (unknownIn(value) !== undefined) return value;
      if (textOfValue(value) !== '') return emptiedForSure ? value.map((piece) => ({ ...piece, fixed: true })) : value;
      emptiedForSure = value.length > 0 && value.every((piece) => piece.fixed === true);
    }
    return [];
  }
  const string = /^'((?:[^']|'')*)'$/.exec(expression);
  if (string) return [{ text: string[1].replace(/''/g, "'"), from: written }];
  const path = /^[A-Za-z_][\w-]*(?:\.[\w-]+)*$/.test(expression) ? expression.split('.') : undefined;
  if (!path) return [unknownPiece(`${written} is computed when the workflow runs`, written)];
  const [head, ...rest] = path;
  if (head === 'env' && rest.length === 1) {
    return variable(rest[0], written, context.env, walk, (value) => githubTemplate(value, context, walk), "the workflow's env");
  }
  const input = head === 'inputs' && rest.length === 1 ? rest[0] : head === 'github' && rest[0] === 'event' && rest[1] === 'inputs' && rest.length === 3 ? rest[2] : undefined;
  if (input !== undefined) {
    const value = context.inputs.get(input);
    if (value === undefined) return [unknownPiece(`${written} has no default`, written)];
    return [{ text: value, from: written, ...(context.inputs.given?.has(input) ? { fixed: true } : {}) }];
  }
  if (head === 'matrix' && rest.length > 0) {
    if (!context.matrix) return [unknownPiece(`${written} is not a value of a static matrix`, written)];
    let at: unknown = context.matrix;
    for (const key of rest) at = at && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined;
    if (typeof at === 'string' || typeof at === 'number' || typeof at === 'boolean') return [{ text: String(at), from: written, fixed: true }];
    // A key the row lacks is null, so empty, as GitHub reads it (a static matrix's rows are all known).
    if (at === undefined || at === null) return [{ text: '', from: written, fixed: true }];
    return [unknownPiece(`${written} is not a value of the matrix`, written)];
  }
  return [unknownPiece(`${written} is known only when the workflow runs`, written)];
}

/** A workflow string with `${{ … }}` in it (a `with:` input, an `env:` value). */
export function githubTemplate(text: string, context: ExpressionContext, walk: Walk = newWalk()): Value {
  const out: Value = [];
  let at = 0;
  const re = /\$\{\{([\s\S]*?)\}\}/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index) });
    out.push(...githubExpression(m[1].trim(), m[0], context, walk));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

// ---- Compose and Bake --------------------------------------------------------------------

/**
 * Compose interpolation: `${X:-default}` / `${X-default}` give their default (the environment or an
 * `.env` file may override it); `${X}` and `$X` come from the environment alone: unknown. `$$` is `$`.
 */
export function expandCompose(text: string): Value {
  const out: Value = [];
  let lit = '';
  const flush = () => { if (lit) out.push({ text: lit }); lit = ''; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) { lit += c; continue; }
    const n = text[i + 1];
    if (n === '$') { lit += '$'; i++; continue; }
    if (n === '{') {
      const end = closing(text, i + 1);
      if (end === -1) { lit += c; continue; }
      flush();
      const written = text.slice(i, end + 1);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s.exec(text.slice(i + 2, end));
      out.push(...(m?.[2] !== undefined ? marked(expandCompose(m[3]), written) : [unknownPiece(`${written} comes from the environment or an .env file`, written)]));
      i = end;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
    if (name) {
      flush();
      out.push(unknownPiece(`$${name} comes from the environment or an .env file`, `$${name}`));
      i += name.length;
      continue;
    }
    lit += c;
  }
  flush();
  return out;
}

/** Bake's `${NAME}` interpolation through its `variable` blocks' defaults; other expressions are unknown. */
export function expandBake(text: string, lookup: Lookup, walk: Walk = newWalk()): Value {
  const out: Value = [];
  let lit = '';
  const flush = () => { if (lit) out.push({ text: lit }); lit = ''; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$' && text[i + 2] === '{') { lit += '${'; i += 2; continue; }
    if (c !== '$' || text[i + 1] !== '{') { lit += c; continue; }
    const end = closing(text, i + 1);
    if (end === -1) { lit += c; continue; }
    flush();
    const written = text.slice(i, end + 1);
    const inner = text.slice(i + 2, end).trim();
    out.push(...(/^[A-Za-z_][A-Za-z0-9_-]*$/.test(inner)
      ? variable(inner, written, lookup, walk, (value) => expandBake(value, lookup, walk), 'the Bake file')
      : [unknownPiece(`${written} is computed by Bake`, written)]));
    i = end;
  }
  flush();
  return out;
}
