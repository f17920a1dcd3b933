/**
 * A quick proof that a YAML document holds no syntax error, for documents that are checked for
 * syntax errors only (kubernetes/parse-cache.ts syntaxErrors): the Services, ConfigMaps and CRDs of
 * a manifest, and the YAML of other tools (`mkdocs.yml`, a fluent-bit config) that archlens reads
 * to say whether it is broken. Parsing them with `yaml` was ~0.5 s of a check of corpus/realworld,
 * most of it on files that are plainly fine.
 *
 * One pass over the lines, proving the text is made of the plainest block YAML only: block maps
 * with simple keys, block sequences (compact ones under a key too), one-line plain and quoted
 * scalars, `[]`/`{}` and one-line flow sequences of simple items, literal and folded block scalars,
 * comments. Indentation is followed as YAML's block structure is. Anything else — anchors, aliases,
 * tags, complex keys, a plain scalar continued on the next line, a multi-line quoted scalar or flow
 * collection, tabs, control characters, an indentation indicator, a second document — and the
 * answer is false: not proven, and the parser decides. So false never means broken, and true is
 * given only where `yaml` (with duplicate keys allowed, as syntaxErrors reads) reports no error:
 * test/unit/yaml-plain-block.test.ts holds it to that on every YAML file of the corpus and
 * thousands of broken variants of them.
 */

/** Characters no plain text of this kind holds: tab, C0/C1 controls, DEL, BOM, YAML 1.1's line breaks, a lone CR. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const AWKWARD_CHARACTERS = /[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\ufeff\u2028\u2029]|\r(?!\n)/;

/** A simple block map key (bare, or quoted without escapes) followed by `:` and a space or the end of the line; sticky: read at a column, no slice. */
const KEY = /(?:[A-Za-z0-9_$/.][\w./$@+~()-]*|"[^"\\]*"|'[^']*')(?=:(?: |$))/y;

/** Far below the nesting the parse bounds (core/yaml/parse.ts MAX_YAML_NESTING); deeper is left to it. */
const MAX_DEPTH = 64;

/** `yaml` refuses an implicit key longer than 1024 characters. */
const MAX_KEY_LENGTH = 1000;

/** A literal or folded block scalar's header, with chomping but no indentation indicator. */
const BLOCK_SCALAR_HEADER = /^[|>][-+]?(?: +#.*| *)$/;

/** What may follow a closed quoted scalar or flow collection on its line: spaces, a comment after a space. */
const LINE_END = /^(?: +#.*| *)$/;

/** The escapes YAML 1.2 allows in a double-quoted scalar (one-letter ones; \x, \u, \U with their hex digits). */
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\[0abtnvfre "/\\N_LP]|\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*"/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'/;

/** A flow sequence item: a quoted scalar, or a plain one with no flow indicator, colon or comment in it. */
const FLOW_ITEM = /^(?:"(?:[^"\\]|\\["\\/nrt])*"|'(?:[^']|'')*'|[A-Za-z0-9_./$+=~(][^,[\]{}:#"']*)$/;

/** A plain scalar's first character: none of YAML's indicators (`-` only before a non-space: `-1`). */
const PLAIN_START = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|-\S)/;

type Kind = 'map' | 'seq';

interface Level {
  indent: number;
  kind: Kind;
  /** A sequence at its parent key's own indentation (`key:\n- a`): a key at that column ends it. */
  compact: boolean;
}

/** True when `text` is a document of plain block YAML with no syntax error (see above); false when not proven. */
export function isPlainBlockYaml(text: string): boolean {
  if (AWKWARD_CHARACTERS.test(text)) return false;
  const lines = text.split('\n');
  const stack: Level[] = [];
  /** An entry whose value, if any, is on the lines below: a key (`key:`) or a sequence item (`-`). */
  let pending: { indent: number; afterKey: boolean } | undefined;
  let started = false;
  let content = false;
  for (let index = 0; index < lines.length; index++) {
    const line = withoutCr(lines[index]);
    const indent = leadingSpaces(line);
    if (indent === line.length || line[indent] === '#') continue;
    if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) {
      // A chunk may start with its document marker; anything else of the kind is left to the parser.
      if (started || content || !/^---(?: +#.*| *)$/.test(line)) return false;
      started = true;
      continue;
    }
    const kind = nodeKind(line, indent);
    if (kind === undefined) return false;
    if (pending && indent > pending.indent) {
      stack.push({ indent, kind, compact: false });
    } else if (pending && indent === pending.indent && pending.afterKey && kind === 'seq') {
      stack.push({ indent, kind, compact: true });
    } else {
      if (!content) {
        if (indent !== 0) return false;
        stack.push({ indent, kind, compact: false });
      }
      while (stack.length > 0 && stack[stack.length - 1].indent > indent) stack.pop();
      let top = stack[stack.length - 1];
      if (top?.compact && top.indent === indent && kind === 'map') {
        stack.pop();
        top = stack[stack.length - 1];
      }
      if (!top || top.indent !== indent || top.kind !== kind) return false;
    }
    pending = undefined;
    content = true;
    const entry = readEntry(line, indent, stack);
    if (entry === undefined || stack.length > MAX_DEPTH) return false;
    if (entry.pending) pending = entry.pending;
    if (entry.blockScalarParent !== undefined) {
      const next = skipBlockScalar(lines, index + 1, entry.blockScalarParent);
      if (next === undefined) return false;
      index = next - 1;
    }
  }
  return true;
}

/** What starts at `column`: a sequence item, a map entry, or neither (undefined). */
function nodeKind(line: string, column: number): Kind | undefined {
  if (line[column] === '-' && (column + 1 === line.length || line[column + 1] === ' ')) return 'seq';
  const length = keyLength(line, column);
  return length !== undefined && length <= MAX_KEY_LENGTH ? 'map' : undefined;
}

/** The length of the simple key at `column`, or undefined. */
function keyLength(line: string, column: number): number | undefined {
  KEY.lastIndex = column;
  return KEY.exec(line)?.[0].length;
}

interface Entry {
  /** The line leaves its last node's value to the lines below. */
  pending?: { indent: number; afterKey: boolean };
  /** The line ends in a block scalar header; the column its content must be deeper than. */
  blockScalarParent?: number;
}

/**
 * Reads the nodes of one line from `column` (where a node of the stack's top level starts):
 * sequence items (`- - a`), then a key, then the value; nodes that open on this line are pushed.
 */
function readEntry(line: string, start: number, stack: Level[]): Entry | undefined {
  let column = start;
  for (;;) {
    // `- - - …` on one line nests a level per dash: bounded here, as a long line of them would be long to read.
    if (stack.length > MAX_DEPTH) return undefined;
    if (nodeKind(line, column) === 'seq') {
      const after = leadingSpaces(line, column + 1);
      if (after === line.length || line[after] === '#') return { pending: { indent: column, afterKey: false } };
      const inner = nodeKind(line, after);
      if (inner === undefined) return valueOf(line.slice(after), column);
      stack.push({ indent: after, kind: inner, compact: false });
      column = after;
      continue;
    }
    const key = keyLength(line, column);
    if (key === undefined) return undefined;
    const rest = line.slice(column + key + 1);
    if (LINE_END.test(rest)) return { pending: { indent: column, afterKey: true } };
    if (rest[0] !== ' ') return undefined;
    return valueOf(rest.trimStart(), column);
  }
}

/** A scalar or flow collection that ends on its line (`parent`: the column of its key or `-`). */
function valueOf(value: string, parent: number): Entry | undefined {
  const first = value[0];
  if (first === '"' || first === "'") {
    const quoted = (first === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED).exec(value);
    return quoted && LINE_END.test(value.slice(quoted[0].length)) ? {} : undefined;
  }
  if (first === '[') return flowSequence(value) ? {} : undefined;
  if (first === '{') return /^\{\}/.test(value) && LINE_END.test(value.slice(2)) ? {} : undefined;
  if (first === '|' || first === '>') return BLOCK_SCALAR_HEADER.test(value) ? { blockScalarParent: parent } : undefined;
  if (!PLAIN_START.test(value)) return undefined;
  const comment = value.indexOf(' #');
  const body = (comment === -1 ? value : value.slice(0, comment)).trimEnd();
  return body.includes(': ') || body.endsWith(':') ? undefined : {};
}

/** `[]`, or `[a, "b", 'c']` on one line, then the end of the line. */
function flowSequence(value: string): boolean {
  const close = value.indexOf(']');
  if (close === -1 || !LINE_END.test(value.slice(close + 1))) return false;
  const inside = value.slice(1, close);
  if (inside.trim() === '') return true;
  return inside.split(',').every((item) => FLOW_ITEM.test(item.trim()));
}

/**
 * The index of the first line after a block scalar whose header's node starts at `parent`: its
 * content lines are deeper than `parent`, none shallower than the first; undefined where that is
 * not plainly so (a more-indented empty line before the content needs an indentation indicator).
 */
function skipBlockScalar(lines: string[], from: number, parent: number): number | undefined {
  let contentIndent: number | undefined;
  let index = from;
  for (; index < lines.length; index++) {
    const line = withoutCr(lines[index]);
    const indent = leadingSpaces(line);
    if (indent === line.length) {
      if (contentIndent === undefined && indent > 0) return undefined;
      continue;
    }
    if (indent <= parent) break;
    contentIndent ??= indent;
    if (indent < contentIndent) return undefined;
  }
  return index;
}

/** The column of the first character other than a space at or after `from` (the indentation, from 0). */
function leadingSpaces(line: string, from = 0): number {
  let n = from;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
