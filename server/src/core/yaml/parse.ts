/**
 * The one way archlens parses YAML (and JSON, which is YAML): `yaml`'s parser and composer with the
 * nesting of every document bounded first.
 *
 * `yaml` composes collections recursively: a document nested a thousand levels deep (`[[[[…`,
 * `- - - - …`) exhausts the call stack, which it reports as a "syntax error" whose position and
 * depth depend on how deep the caller's own stack already is — and near the limit V8 can even
 * abort the process. Its concrete syntax tree (the `Parser` stage) is built without recursion, so
 * each document's depth is measured there and a document nested deeper than MAX_YAML_NESTING is
 * not composed at all: it becomes an empty document carrying one clear error. Cost: one pass over
 * the syntax tree, no second parse.
 */
import { Composer, Parser, YAMLParseError, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/** Real files nest a few dozen levels at most (a CRD schema); `yaml` overflows the stack near a thousand. */
export const MAX_YAML_NESTING = 256;

/** The error code of a document that is nested too deeply to be read. */
export const NESTING_ERROR_CODE = 'RESOURCE_EXHAUSTION';

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Every document of a YAML stream; never throws on input. */
export function parseYamlDocuments(text: string, options: YamlOptions = {}): Document.Parsed[] {
  const composer = new Composer(options);
  const docs = Array.from(composer.compose(boundedTokens(new Parser(options.lineCounter?.addNewLine).parse(text))));
  docs.forEach(markNestingErrors);
  return docs;
}

/** The first document of a YAML text (a config file); a second document is an error, as `yaml`'s parseDocument says. */
export function parseYamlDocument(text: string, options: YamlOptions = {}): Document.Parsed {
  const composer = new Composer(options);
  let first: Document.Parsed | undefined;
  for (const doc of composer.compose(boundedTokens(new Parser(options.lineCounter?.addNewLine).parse(text)), true, text.length)) {
    if (!first) { first = doc; continue; }
    first.errors.push(new YAMLParseError(doc.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
    break;
  }
  // compose(…, forceDoc = true) always yields a document.
  markNestingErrors(first!);
  return first!;
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
      const { key, value } = item as CST.CollectionItem;
      if (isCollection(key)) stack.push([key, depth + 1]);
      if (isCollection(value)) stack.push([value, depth + 1]);
    }
  }
  return undefined;
}
