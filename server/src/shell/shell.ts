/**
 * A shell view of scripts (Dockerfile RUN, shell scripts, Makefile recipes, CI `run:` steps), on
 * tree-sitter-bash (WASM through web-tree-sitter): error-tolerant — a broken script still yields
 * the commands that can be read — with exact ranges, and fast enough to run on every keystroke.
 * Offsets are UTF-16 offsets into the parsed text (web-tree-sitter indexes JS strings that way).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser, Node } from 'web-tree-sitter';
import { repairForGrammar } from './repairs';

export interface ShellWord {
  /** The word's value with quotes removed; expansions kept verbatim (`$TARGETARCH`, `${X}`, `$(…)`). */
  text: string;
  /** The word as written. */
  raw: string;
  start: number;
  end: number;
  /** True when the word holds an expansion (`$X`, `${X}`, `$(…)`, backticks). */
  dynamic: boolean;
}

export interface ShellAssignment {
  name: string;
  value?: ShellWord;
  /** The words of an array assignment (`ARGS=(-f docker/Dockerfile docker/)`), comments left out. */
  items?: ShellWord[];
  start: number;
  end: number;
}

/** A `case WORD in` or `if`/`[ … ]` that a command sits inside, e.g. `case "$TARGETARCH"`. */
export interface ShellGuard {
  kind: 'case' | 'if';
  /** The text tested: the case subject, or the `if` condition. */
  subject: string;
  start: number;
  end: number;
}

export interface ShellCommand {
  /** The command name (`go`, `docker`, `export`…); absent for a bare assignment (`A=1`). */
  name?: ShellWord;
  args: ShellWord[];
  /** Prefix assignments (`GOARCH=arm64 go build`) or, for `export`/`declare`/`local`/`unset`, the names they declare or unset. */
  assignments: ShellAssignment[];
  start: number;
  end: number;
  guards: ShellGuard[];
  /** Order of the command in the script (0-based), nested substitutions included. */
  index: number;
}

export interface ShellSyntaxError { start: number; end: number; message: string }

export interface ShellScript {
  commands: ShellCommand[];
  errors: ShellSyntaxError[];
}

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * The WASM files sit next to the bundle in dist/ (copied by build.mjs); when running from
 * sources (tests) they come from node_modules.
 */
function wasmBytes(fileName: string, packagePath: string): Uint8Array {
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return fs.readFileSync(beside);
  return fs.readFileSync(require.resolve(packagePath));
}

/** Loads the WASM parser once. Idempotent; call before the first parseShell (prepareEngine does). */
export function initShellParser(): Promise<void> {
  loading ??= (async () => {
    // Read here, not at start-up: a run with no shell script to parse never needs it (build.mjs lazyVendors).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; esbuild bundles it
    const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');
    await Parser.init({ wasmBinary: wasmBytes('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm') });
    const bash = await Language.load(wasmBytes('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'));
    const p = new Parser();
    p.setLanguage(bash);
    parser = p;
  })();
  return loading;
}

export function isShellParserReady(): boolean {
  return parser !== undefined;
}

const EXPANSIONS = new Set(['simple_expansion', 'expansion', 'command_substitution', 'process_substitution', 'arithmetic_expansion']);
const DECLARATIONS = new Set(['declaration_command', 'unset_command']);

/**
 * Parses a script; never throws: syntax errors come back in `errors` with what could be read. A
 * script with errors is parsed once more from a same-length repair of constructs bash accepts and
 * the grammar does not (repairs.ts); the reading with fewer errors is kept.
 */
export function parseShell(text: string): ShellScript {
  if (!parser) throw new Error('shell parser not initialised: await prepareEngine() first');
  let repaired = text;
  const first = parseOnce(text, (root) => { repaired = repairForGrammar(text, root); });
  if (first.errors.length === 0 || repaired === text) return first;
  const second = parseOnce(repaired);
  return second.errors.length < first.errors.length ? second : first;
}

function parseOnce(text: string, onErrors?: (root: Node) => void): ShellScript {
  const tree = parser!.parse(text);
  if (!tree) return { commands: [], errors: [{ start: 0, end: text.length, message: 'could not parse the script' }] };
  const script: ShellScript = { commands: [], errors: [] };
  try {
    collect(tree.rootNode, [], script, text);
    if (script.errors.length > 0) onErrors?.(tree.rootNode);
  } catch (error) {
    // Pathological nesting (thousands of `$(` levels) exhausts the stack: keep what was read.
    if (!(error instanceof RangeError)) throw error;
    script.errors.push({ start: 0, end: text.length, message: 'script nested too deeply to read completely' });
  } finally {
    tree.delete(); // WASM memory is not garbage-collected
  }
  // Nested ERROR nodes can repeat one span.
  script.errors = script.errors.filter((e, i, all) => all.findIndex((o) => o.start === e.start && o.message === e.message) === i);
  return script;
}

/**
 * `cmd >/dev/null 2>&1 <<<"$x"`: the grammar reads a here-string after another redirection as an
 * error token `<<` followed by a `<` redirection of the same word. Bash accepts it, and the reading
 * is right for archlens (the word is redirected input, not an argument).
 */
function hereStringAfterRedirect(node: Node): boolean {
  if (node.text !== '<<') return false;
  const next = node.nextSibling;
  return next !== null && next.type === 'file_redirect' && next.startIndex === node.endIndex && next.text.startsWith('<');
}

/**
 * `root@host:~/src# make push` (a shell prompt pasted into a script): bash runs a command named
 * `root@host:~/src#`; the grammar reads `root` as an ERROR holding a variable name, then a command
 * whose name starts at the `@`. The ERROR is the start of that command's name, not a mistake.
 */
function gluedCommandNameStart(node: Node): boolean {
  const next = node.nextSibling;
  return node.childCount === 1 && node.child(0)?.type === 'variable_name'
    && next !== null && next.type === 'command' && next.startIndex === node.endIndex && next.text.startsWith('@');
}

function collect(node: Node, guards: ShellGuard[], script: ShellScript, text: string): void {
  if (node.isMissing) {
    // A missing closing quote is reported where the string opens: that is the quote to fix.
    const opening = node.type === '"' && node.parent?.type === 'string' ? node.parent.startIndex : undefined;
    script.errors.push(opening !== undefined
      ? { start: opening, end: opening + 1, message: 'unterminated double quote' }
      : { start: node.startIndex, end: node.endIndex, message: `missing '${node.type}'` });
    return;
  }
  switch (node.type) {
    case 'ERROR': {
      if (hereStringAfterRedirect(node) || gluedCommandNameStart(node)) return;
      const quote = unterminatedQuoteAt(node, text);
      // When the parser could not reduce a whole region (often the whole file: an ERROR from line 1),
      // the errors inside it are where it went wrong; the region's own start is only where it began.
      if (quote || !node.children.some((c) => c?.hasError)) {
        script.errors.push(quote ?? { start: node.startIndex, end: Math.max(node.endIndex, node.startIndex + 1), message: 'syntax error' });
      }
      break;
    }
    case 'command': {
      const command = toCommand(node, guards, script.commands.length);
      const glued = node.previousSibling;
      if (glued?.type === 'ERROR' && gluedCommandNameStart(glued) && command.name) {
        command.start = glued.startIndex;
        command.name = { ...command.name, text: glued.text + command.name.text, raw: glued.text + command.name.raw, start: glued.startIndex };
      }
      script.commands.push(command);
      break;
    }
    case 'variable_assignment':
      // A bare assignment statement (`A=1`); assignments of commands are read by toCommand.
      if (node.parent?.type !== 'command' && !DECLARATIONS.has(node.parent?.type ?? '') && node.parent?.type !== 'variable_assignments') {
        script.commands.push({ args: [], assignments: [toAssignment(node)], start: node.startIndex, end: node.endIndex, guards, index: script.commands.length });
      }
      break; // children may hold substitutions: `A=$(uname -m)`
    case 'variable_assignments':
      script.commands.push({ args: [], assignments: node.namedChildren.filter(isNode).filter((c) => c.type === 'variable_assignment').map(toAssignment), start: node.startIndex, end: node.endIndex, guards, index: script.commands.length });
      break;
    case 'declaration_command':
    case 'unset_command':
      script.commands.push(toDeclaration(node, guards, script.commands.length));
      break;
    case 'case_statement': {
      const subject = node.childForFieldName('value');
      const guard: ShellGuard = { kind: 'case', subject: subject ? wordOf(subject).text : '', start: node.startIndex, end: node.endIndex };
      for (const child of node.namedChildren.filter(isNode)) {
        if (child === subject || child.type !== 'case_item') collect(child, guards, script, text);
        else collect(child, [...guards, guard], script, text);
      }
      return;
    }
    case 'list': {
      // `a && b || c …` nests to the left; walk the chain flat (a long chain must not recurse per
      // link). A test earlier in it (`[ "$TARGETARCH" = amd64 ] && curl …`) decides whether what
      // follows runs, like an `if`.
      const elements: Node[] = [];
      let left: Node | undefined = node;
      while (left?.type === 'list') {
        const kids: Node[] = left.namedChildren.filter(isNode);
        if (kids.length !== 2) {
          elements.push(...kids.reverse());
          left = undefined;
        } else {
          elements.push(kids[1]);
          left = kids[0];
        }
      }
      if (left) elements.push(left);
      elements.reverse();
      let inner = guards;
      const tests: string[] = [];
      for (const element of elements) {
        collect(element, inner, script, text);
        if (isTest(element)) {
          tests.push(element.text);
          inner = [...guards, { kind: 'if', subject: tests.join(' '), start: node.startIndex, end: node.endIndex }];
        }
      }
      return;
    }
    case 'if_statement':
    case 'elif_clause': {
      const condition = node.childForFieldName('condition');
      const guard: ShellGuard = { kind: 'if', subject: condition ? condition.text : '', start: node.startIndex, end: node.endIndex };
      for (const child of node.namedChildren.filter(isNode)) {
        collect(child, child.startIndex === condition?.startIndex && child.endIndex === condition?.endIndex ? guards : [...guards, guard], script, text);
      }
      return;
    }
  }
  for (const child of node.children) if (child) collect(child, guards, script, text);
}

/** `[ … ]`, `[[ … ]]` or `test …`. */
function isTest(node: Node): boolean {
  if (node.type === 'test_command') return true;
  if (node.type !== 'command') return false;
  const name = node.childForFieldName('name')?.text;
  return name === 'test' || name === '[';
}

/** An ERROR node that starts at a quote never closed (tree-sitter's recovery from `echo 'x` and `echo "a⏎b`). */
function unterminatedQuoteAt(node: Node, text: string): ShellSyntaxError | undefined {
  const q = text[node.startIndex];
  if (q !== '"' && q !== "'") return undefined;
  if (q === "'" ? text.indexOf("'", node.startIndex + 1) !== -1 : /(?:^|[^\\])(?:\\\\)*"/.test(text.slice(node.startIndex + 1))) return undefined;
  return { start: node.startIndex, end: node.startIndex + 1, message: `unterminated ${q === '"' ? 'double' : 'single'} quote` };
}

function isNode(n: Node | null): n is Node {
  return n !== null;
}

function toCommand(node: Node, guards: ShellGuard[], index: number): ShellCommand {
  const command: ShellCommand = { args: [], assignments: [], start: node.startIndex, end: node.endIndex, guards, index };
  for (const child of node.namedChildren.filter(isNode)) {
    if (child.type === 'variable_assignment') command.assignments.push(toAssignment(child));
    else if (child.type === 'command_name') command.name = wordOf(child.namedChild(0) ?? child);
    else if (child.type.endsWith('redirect') || child.type === 'herestring_redirect') continue;
    else if (child.type !== 'comment') command.args.push(wordOf(child));
  }
  command.args = joinAdjacent(command.args);
  return command;
}

/**
 * Arguments with nothing between them are one word to bash. The grammar sometimes splits one:
 * `$H/$S/$R` comes back as `$H/$` and `S/$R` (harness/drone's web/cypress/scripts/e2e/registry/docker.sh,
 * whose pushed name read `$DOCKER_LOCAL_HOST/$`).
 */
function joinAdjacent(args: ShellWord[]): ShellWord[] {
  const out: ShellWord[] = [];
  for (const word of args) {
    const last = out[out.length - 1];
    if (last && last.end === word.start) {
      out[out.length - 1] = { text: last.text + word.text, raw: last.raw + word.raw, start: last.start, end: word.end, dynamic: last.dynamic || word.dynamic };
    } else out.push(word);
  }
  return out;
}

function toDeclaration(node: Node, guards: ShellGuard[], index: number): ShellCommand {
  const keyword = node.child(0);
  const command: ShellCommand = { args: [], assignments: [], start: node.startIndex, end: node.endIndex, guards, index };
  if (keyword) command.name = { text: keyword.text, raw: keyword.text, start: keyword.startIndex, end: keyword.endIndex, dynamic: false };
  for (const child of node.namedChildren.filter(isNode)) {
    if (child.type === 'variable_assignment') command.assignments.push(toAssignment(child));
    else if (child.type === 'variable_name') command.assignments.push({ name: child.text, start: child.startIndex, end: child.endIndex });
    else command.args.push(wordOf(child));
  }
  return command;
}

function toAssignment(node: Node): ShellAssignment {
  const name = node.childForFieldName('name') ?? node.namedChild(0);
  const value = node.childForFieldName('value');
  const items = value?.type === 'array' ? value.namedChildren.filter(isNode).filter((c) => c.type !== 'comment').map(wordOf) : undefined;
  return { name: name?.text ?? '', value: value ? wordOf(value) : undefined, ...(items ? { items } : {}), start: node.startIndex, end: node.endIndex };
}

function wordOf(node: Node): ShellWord {
  return { text: unquote(node), raw: node.text, start: node.startIndex, end: node.endIndex, dynamic: hasExpansion(node) };
}

function hasExpansion(node: Node): boolean {
  if (EXPANSIONS.has(node.type)) return true;
  if (node.type === 'raw_string' || node.type === 'ansi_c_string') return false;
  for (const child of node.namedChildren) if (child && hasExpansion(child)) return true;
  return false;
}

/** Quote removal that keeps expansions as written. */
function unquote(node: Node): string {
  switch (node.type) {
    case 'raw_string':
      return node.text.slice(1, node.text.endsWith("'") && node.text.length > 1 ? -1 : undefined);
    case 'ansi_c_string':
      return node.text.slice(2, node.text.endsWith("'") && node.text.length > 2 ? -1 : undefined);
    case 'string': {
      const raw = node.text;
      const inner = raw.slice(1, raw.length > 1 && raw.endsWith('"') ? -1 : undefined);
      return inner.replace(/\\([$`"\\\n])/g, '$1');
    }
    case 'concatenation':
      return node.children.map((c) => (c ? unquote(c) : '')).join('');
    case 'word':
      return node.text.replace(/\\(.)/gs, '$1');
    default:
      return node.text;
  }
}
