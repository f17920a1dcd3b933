/**
 * The one way archlens parses YAML (and JSON, which is YAML): `yaml`'s parser and composer with the
 * nesting of every document bounded first.
 *
 * `yaml` composes collections recursively: a document nested a thousand levels deep (`[[[[…`,
 * `- - - - …`) exhausts the call stack, which it reports as a "syntax error" whose position and
 * depth depend on how deep the caller's own stack already is — and near the limit V8 can even
 * abort the process. So:
 * - each document's depth is measured on its concrete syntax tree (the `Parser` stage), without
 *   recursion, and a document nested deeper than MAX_YAML_NESTING is not composed: it becomes an
 *   empty document carrying one clear error. Cost: one pass over the syntax tree, no second parse;
 * - that `Parser` stage itself recurses when many block collections close at once (about 2,000
 *   levels), so a text whose block structure could be that deep is not parsed at all: a linear
 *   scan of indentation and compact indicators (`- - -`) bounds it first (blockNestingBound).
 *
 * And quoted scalars and flow collections are read as the Go tools read them (goYamlParser): `yaml`
 * follows the spec and ends them at a continuation line indented no deeper than their parent key,
 * while libyaml — go-yaml, so kubectl, kustomize and Helm — ignores indentation inside quotes and
 * inside `[…]`/`{…}`.
 */
import { reportDuplicateKeys } from './unique-keys';
import { Composer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, Lexer, type ParseOptions, type SchemaOptions } from 'yaml';

/** Real files nest a few dozen levels at most (a CRD schema); `yaml` overflows the stack near a thousand. */
export const MAX_YAML_NESTING = 256;

/** The error code of a document that is nested too deeply to be read. */
export const NESTING_ERROR_CODE = 'RESOURCE_EXHAUSTION';

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/**
 * Runs a parse without stack traces on the errors it creates: `yaml` makes one error object per
 * bad token, and a long line of `{` made tens of thousands, whose stack captures cost seconds.
 */
function withoutStacks<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Every document of a YAML stream; never throws on input. */
export function parseYamlDocuments(text: string, options: YamlOptions = {}): Document.Parsed[] {
  return withoutStacks(() => parseAll(text, options));
}

/** The first document of a YAML text (a config file); a second document is an error, as `yaml`'s parseDocument says. */
export function parseYamlDocument(text: string, options: YamlOptions = {}): Document.Parsed {
  return withoutStacks(() => parseFirst(text, options));
}

function parseAll(text: string, options: YamlOptions): Document.Parsed[] {
  const tooDeep = blockNestingBound(text, BLOCK_GUARD);
  if (tooDeep !== undefined) return [unreadDocument(tooDeep, options)];
  const composer = new Composer(composeOptions(options));
  let docs: Document.Parsed[];
  try {
    docs = Array.from(composer.compose(boundedTokens(goYamlParser(options.lineCounter?.addNewLine).parse(text))));
  } catch (error) {
    // The scan above over-estimates nesting; should a text still outrun it, the answer is the same.
    if (!(error instanceof RangeError)) throw error;
    return [unreadDocument(0, options)];
  }
  docs.forEach(markNestingErrors);
  if (checksUniqueKeys(options)) docs.forEach(reportDuplicateKeys);
  return docs;
}

function parseFirst(text: string, options: YamlOptions): Document.Parsed {
  const tooDeep = blockNestingBound(text, BLOCK_GUARD);
  if (tooDeep !== undefined) return unreadDocument(tooDeep, options);
  const composer = new Composer(composeOptions(options));
  let first: Document.Parsed | undefined;
  try {
    for (const doc of composer.compose(boundedTokens(goYamlParser(options.lineCounter?.addNewLine).parse(text)), true, text.length)) {
      if (!first) { first = doc; continue; }
      first.errors.push(new YAMLParseError(doc.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return unreadDocument(0, options);
  }
  // compose(…, forceDoc = true) always yields a document.
  markNestingErrors(first!);
  if (checksUniqueKeys(options)) reportDuplicateKeys(first!);
  return first!;
}

/** `uniqueKeys: true` is `yaml`'s default; a custom equality (a function) stays with `yaml`. */
function checksUniqueKeys(options: YamlOptions): boolean {
  return (options.uniqueKeys ?? true) === true;
}

/** `yaml`'s own duplicate-key check is quadratic in a map's size: reportDuplicateKeys does it instead. */
function composeOptions(options: YamlOptions): YamlOptions {
  return checksUniqueKeys(options) ? { ...options, uniqueKeys: false } : options;
}

/** The parts of `yaml`'s lexer that decide where quoted scalars and flow collections end (private in its typings). */
interface GoLenientLexer {
  buffer: string;
  /** The indentation a continuation line needs (0: none). */
  indentNext: number;
  continueScalar(offset: number): number;
  parseQuotedScalar(): Generator<string, string>;
  parseFlowCollection(): Generator<string, string>;
}

/** The same three steps as `yaml`'s Lexer has them, to call on a lexer of ours. */
interface LexerSteps {
  continueScalar: (this: GoLenientLexer, offset: number) => number;
  parseQuotedScalar: (this: GoLenientLexer) => Generator<string, string>;
  parseFlowCollection: (this: GoLenientLexer) => Generator<string, string>;
}

/**
 * A `yaml` Lexer that reads as libyaml does:
 * - a quoted scalar's continuation line may be indented less than the spec asks (`description: 'a
 *   long\n  text'` under a key at the same indentation, common in generated CRDs);
 * - so may the lines of a flow collection (`command: [ "/bin/sh",\n  "-c", … ]` in the old stable/minio
 *   chart), and multi-line plain scalars inside it;
 * only a document marker (`---`, `...` at the start of a line) ends them. Block structure is unchanged.
 *
 * One class, made once: every parse calls the same three methods. (Closures made per parse, as
 * own properties of each lexer, gave V8 a new call target per file, and it threw away and
 * recompiled the lexer's optimised code again and again.) Undefined when another version of
 * `yaml` lacks these internals: its lexer then reads by the spec (the tests of yaml-go-lenient
 * fail then), stricter than kubectl, never a crash.
 */
const GoLexer = ((): (new () => Lexer) | undefined => {
  const { continueScalar, parseQuotedScalar, parseFlowCollection } = Lexer.prototype as unknown as LexerSteps;
  if (typeof continueScalar !== 'function' || typeof parseQuotedScalar !== 'function' || typeof parseFlowCollection !== 'function') return undefined;
  const LenientBase = Lexer as unknown as new () => GoLenientLexer;
  class GoLenient extends LenientBase {
    /** True during the first step of a quoted scalar, when the lexer looks for its end. */
    private quoted = false;

    // Each step of a flow collection starts from "no indentation needed"; the block's own comes back after.
    override *parseFlowCollection(): Generator<string, string> {
      const blockIndent = this.indentNext;
      this.indentNext = 0;
      try {
        return yield* parseFlowCollection.call(this);
      } finally {
        this.indentNext = blockIndent;
      }
    }

    override continueScalar(offset: number): number {
      if (!this.quoted) return continueScalar.call(this, offset);
      let at = offset;
      while (this.buffer[at] === ' ' || this.buffer[at] === '\t') at++;
      if (at === offset && /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(this.buffer.slice(offset, offset + 4))) return -1;
      return at;
    }

    override *parseQuotedScalar(): Generator<string, string> {
      // The lexer looks for the scalar's end before it yields anything: only that first step is lenient.
      const steps = parseQuotedScalar.call(this);
      this.quoted = true;
      let step: IteratorResult<string, string>;
      try {
        step = steps.next();
      } finally {
        this.quoted = false;
      }
      while (!step.done) {
        yield step.value;
        step = steps.next();
      }
      return step.value;
    }
  }
  return GoLenient as unknown as new () => Lexer;
})();

/** A `yaml` Parser whose lexer reads quoted scalars and flow collections as libyaml does (GoLexer). */
export function goYamlParser(onNewLine?: (offset: number) => void): Parser {
  const parser = new Parser(onNewLine);
  // The lexer is private in yaml's typings: the parser only calls its `lex`.
  if (GoLexer) (parser as unknown as { lexer: Lexer }).lexer = new GoLexer();
  return parser;
}

/** A syntax error of `yaml`, or the nesting bound: the message to show (first line only). */
export function yamlErrorMessage(error: YAMLParseError): string {
  return error.message.split('\n')[0].trim();
}

/** True for the error parseYaml* put on a document nested too deeply (and for `yaml`'s own stack overflow, should one still happen). */
export function isNestingError(error: YAMLParseError): boolean {
  return error.code === NESTING_ERROR_CODE;
}

const NESTING_MESSAGE = `nesting deeper than ${MAX_YAML_NESTING} levels`;

/** The composer files an error token as UNEXPECTED_TOKEN: give the nesting bound its own code. */
function markNestingErrors(doc: Document.Parsed): void {
  for (const error of doc.errors) if (error.message.startsWith(NESTING_MESSAGE)) error.code = NESTING_ERROR_CODE;
}

/** Too-deep documents are passed on with an empty body and the error recorded for the composer to attach. */
function* boundedTokens(tokens: Iterable<CST.Token>): Generator<CST.Token> {
  for (const token of tokens) {
    if (token.type !== 'document' || !token.value) { yield token; continue; }
    const deepAt = firstTooDeep(token.value, MAX_YAML_NESTING);
    if (deepAt === undefined) { yield token; continue; }
    const value = token.value;
    // An empty plain scalar where the body was, then the error as a token the composer puts on this document.
    const empty: CST.FlowScalar = { type: 'scalar', offset: value.offset, indent: 0, source: '' };
    yield { ...token, value: empty, end: [] };
    yield {
      type: 'error',
      offset: deepAt,
      source: '',
      message: NESTING_MESSAGE,
    };
  }
}

type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCollection(token: CST.Token | null | undefined): token is Collection {
  return !!token && (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection');
}

/** Offset of the first collection nested deeper than `limit` (depth 1 = the document's own collection), without recursion. */
function firstTooDeep(root: CST.Token, limit: number): number | undefined {
  if (!isCollection(root)) return undefined;
  const stack: Array<[Collection, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > limit) return node.offset;
    for (const item of node.items) {
      const { key, value } = item;
      if (isCollection(key)) stack.push([key, depth + 1]);
      if (isCollection(value)) stack.push([value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Above this bound of block nesting the text is not handed to `yaml` at all. Twice the nesting
 * limit: the bound counts an indentation level as two collections (a map and the sequence a key
 * may hold at the same indentation), and stays far below where `yaml`'s parser overflows.
 */
export const BLOCK_GUARD = 2 * MAX_YAML_NESTING;

/** An empty document carrying the nesting error at `offset` (the whole text left unread). */
function unreadDocument(offset: number, options: YamlOptions): Document.Parsed {
  const doc = Array.from(new Composer(options).compose(new Parser().parse(''), true, 0))[0];
  doc.errors.push(new YAMLParseError([offset, offset], NESTING_ERROR_CODE, NESTING_MESSAGE));
  return doc;
}

const SPACE = 0x20;
const TAB = 0x09;

/**
 * The offset of the first line whose block structure could be nested deeper than `limit`, if any.
 * Over-estimates, never under-estimates: each more indented line opens at most two collections
 * (indentations still open are kept on a stack: a line pops the deeper ones), and each compact
 * indicator at the start of a line (`- `, `? `, `: `, with anchors and tags between) one more.
 * Lines of a block scalar (`key: |`) are text, skipped; so are blank and comment lines.
 */
export function blockNestingBound(text: string, limit: number): number | undefined {
  const open: number[] = [];
  let scalarIndent = -1; // inside a block scalar: lines indented more than this are its text
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    let i = start;
    while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
    const indent = i - start;
    const first = text.charCodeAt(i);
    const blank = i >= end || first === 0x0d || first === 0x23; // empty, CR only, or a comment
    if (!blank && !(scalarIndent >= 0 && indent > scalarIndent)) {
      scalarIndent = -1;
      while (open.length > 0 && open[open.length - 1] > indent) open.pop();
      if (open.length === 0 || open[open.length - 1] < indent) open.push(indent);
      let compact = 0;
      for (;;) {
        const c = text.charCodeAt(i);
        const next = text.charCodeAt(i + 1);
        const separated = i + 1 >= end || next === SPACE || next === TAB || next === 0x0d;
        if ((c === 0x2d || c === 0x3f || c === 0x3a) && separated) compact++; // - ? :
        else if (c !== 0x26 && c !== 0x21) break; // & anchor, ! tag: skip the token
        while (i < end && text.charCodeAt(i) !== SPACE && text.charCodeAt(i) !== TAB) i++;
        while (i < end && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
        if (i >= end) break;
      }
      if (2 * open.length + compact > limit) return start;
      if (opensBlockScalar(text, start, end)) scalarIndent = indent;
    }
    start = end + 1;
  }
  return undefined;
}

/** A line ending in a block scalar header after an indicator or alone (`key: |`, `- >-`, `? !!str |2+ # note`, `|`). */
const BLOCK_HEADER = /(?:^|[:?-])[ \t]+(?:[&!]\S*[ \t]+)*[|>][0-9+-]{0,2}[ \t]*(?:#.*)?\r?$|^[ \t]*[|>][0-9+-]{0,2}[ \t]*(?:#.*)?\r?$/;

function opensBlockScalar(text: string, start: number, end: number): boolean {
  // This line only: `lastIndexOf('|', end)` scans back through the whole text when the line has no
  // `|`, which made a file without one quadratic in its number of lines.
  for (let i = end - 1; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x7c || c === 0x3e) return BLOCK_HEADER.test(text.slice(start, end)); // | >
  }
  return false;
}
