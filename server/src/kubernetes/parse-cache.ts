/**
 * Parsing of one document chunk with `yaml`, cached by the chunk's text: when the language server
 * re-analyses a multi-document file after an edit, only the edited document is parsed again.
 */
import type { Document } from 'yaml';
import { isNestingError, parseYamlDocuments, yamlErrorMessage } from '../core/yaml/parse';
import { blankUnreadSections } from './prune';
import { clearCleanTexts, isKnownSyntaxClean } from '../core/yaml/clean-texts';
import { isPlainBlockYaml } from '../core/yaml/plain-block-yaml';

export interface ParsedChunk {
  documents: Document.Parsed[];
  /** Syntax errors (or the nesting bound: `nesting`) with offsets relative to the chunk text. */
  errors: Array<{ message: string; start: number; end: number; nesting?: true }>;
}

const MAX_ENTRIES = 64;
/** Chunks larger than this are parsed every time rather than pinned in memory. */
const MAX_CACHED_CHARS = 512 * 1024;
const cache = new Map<string, ParsedChunk>();

/** Parses a chunk (every document in it); errors are values, never throws. */
export function parseChunk(text: string): ParsedChunk {
  const hit = cache.get(text);
  if (hit) {
    // Map iteration order is insertion order: re-inserting makes this the most recently used.
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  if (text.length > MAX_CACHED_CHARS) return parseUncached(text);
  // The chunk is a slice of the file's text, and so are the parsed nodes' strings: kept as they are,
  // each entry would keep that whole version of the file alive (a 2 MB manifest per keystroke).
  const own = ownCopy(text);
  const parsed = parseUncached(own);
  cache.set(own, parsed);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return parsed;
}

/** `text` in a string of its own (V8 makes a slice a view of its parent; a flattened concatenation is a copy). */
function ownCopy(text: string): string {
  return (` ${text}`).slice(1);
}

let pruning = true;

/** For tests: parse documents whole (pruning off) to compare models. Clears the cache. */
export function setPruning(enabled: boolean): void {
  pruning = enabled;
  cache.clear();
}

function parseUncached(text: string): ParsedChunk {
  const pruned = pruning ? blankUnreadSections(text) : text;
  const fast = parseText(pruned);
  // Pruning keeps offsets; should it ever upset the parser, the original text decides (and its errors are the true ones).
  return fast.errors.length > 0 && pruned !== text ? parseText(text) : fast;
}

function parseText(text: string): ParsedChunk {
  // uniqueKeys off: a duplicated nodeSelector key is a finding (AL104), not a parse failure.
  const documents = parseYamlDocuments(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  const errors: ParsedChunk['errors'] = [];
  for (const doc of documents) {
    for (const error of doc.errors) {
      const [start, end] = error.pos;
      errors.push({ message: yamlErrorMessage(error), start, end: Math.max(end, start), ...(isNestingError(error) ? { nesting: true as const } : {}) });
    }
  }
  return { documents, errors };
}

/** Syntax errors of documents that are only checked, never modelled, by their text (errors only: small). */
const syntaxCache = new Map<string, ParsedChunk['errors']>();
const MAX_SYNTAX_ENTRIES = 256;
const NO_ERRORS: ParsedChunk['errors'] = Object.freeze([]) as unknown as ParsedChunk['errors'];

/** The syntax errors of a chunk that holds no pod template (parsed whole, unpruned; cached). */
export function syntaxErrors(text: string): ParsedChunk['errors'] {
  const hit = syntaxCache.get(text);
  if (hit) return hit;
  // Parsed whole already and clean under the same strictness (a rendered Helm document), or plainly
  // clean block YAML (most Services, ConfigMaps and other tools' configs): nothing to find.
  if (isKnownSyntaxClean(text) || isPlainBlockYaml(text)) return NO_ERRORS;
  const { errors } = parseText(text);
  syntaxCache.set(ownCopy(text), errors);
  if (syntaxCache.size > MAX_SYNTAX_ENTRIES) syntaxCache.delete(syntaxCache.keys().next().value as string);
  return errors;
}

/** For tests and benchmarks: forget every cached parse. */
export function clearParseCache(): void {
  cache.clear();
  syntaxCache.clear();
  clearCleanTexts();
}

export function parseCacheSize(): number {
  return cache.size;
}
