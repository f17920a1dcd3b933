/**
 * A values document read block by block, so that an edit in the editor parses only the block it
 * touched. A block is one top-level key: a line that starts at column 0, with every line after it
 * that is indented, a comment, blank or an indentless list item (`- x` under `key:`). Each block's
 * `yaml` parse is kept by its text for the next read of the same file; converting to values runs
 * every time (it is cheap, and the origins it records depend on where the block now starts).
 *
 * It must read exactly what the whole-document parse reads, so it gives up (returns undefined,
 * and the caller parses the document whole) whenever a block could depend on another or the
 * document is not a plain block map at column 0: directives and document markers, text before
 * the first key, a block that is not a map or does not parse alone (a flow collection or quoted
 * scalar running on at column 0 ends up here), and aliases (an anchor may sit in another block,
 * and go-yaml's alias budget is per document). Errors are always the whole-document parse's.
 */
import { isMap as isYamlMap, visit, type Document } from 'yaml';
import { nodeToJson, parseYamlDocument, setKey } from './go-yaml';
import type { OriginTable } from './provenance';

interface Block {
  text: string;
  start: number;
}

/** The parsed blocks of the last read of each file: an edit re-parses only the blocks whose text changed. */
const lastRead = new Map<string, Map<string, Document.Parsed>>();
/** Files remembered (the chart and its subcharts, the values files given): least recently read is forgotten. */
const MAX_FILES = 32;
/** Documents larger than this are not remembered: their syntax trees would outweigh what a re-parse costs. */
const MAX_REMEMBERED_CHARS = 1024 * 1024;

/**
 * The document `text` (starting at `offset` in `file`) as a values map, read block by block, or
 * undefined when only a whole-document parse can say what it holds.
 */
export function readValuesBlocks(text: string, file: string, offset: number, origins?: OriginTable): Record<string, unknown> | undefined {
  const blocks = splitBlocks(text);
  // No key at all: the whole parse says whether that is an empty document or an error.
  if (!blocks || blocks.length === 0) return undefined;
  const remembered = `${file}\u0000${offset}`;
  const previous = lastRead.get(remembered);
  const parsed = new Map<string, Document.Parsed>();
  const out: Record<string, unknown> = {};
  for (const block of blocks) {
    let doc = parsed.get(block.text) ?? previous?.get(block.text);
    if (!doc) {
      doc = parseBlock(block.text);
      if (!doc) return undefined;
    }
    parsed.set(block.text, doc);
    let entries: unknown;
    try {
      entries = nodeToJson(doc, doc.contents, { file, offset: offset + block.start, origins });
    } catch {
      return undefined; // the whole-document parse throws the error, worded as Helm words it
    }
    const map = entries as Record<string, unknown>;
    for (const key of Object.keys(map)) {
      // The same as the whole document's map: a repeated key keeps its first place and takes the last value.
      setKey(out, key, map[key]);
      origins?.copy(map, key, out, key);
    }
  }
  lastRead.delete(remembered);
  if (text.length <= MAX_REMEMBERED_CHARS) {
    lastRead.set(remembered, parsed);
    if (lastRead.size > MAX_FILES) lastRead.delete(lastRead.keys().next().value!);
  }
  return out;
}

/** For tests: forget every remembered block. */
export function forgetValuesBlocks(): void {
  lastRead.clear();
}

/** One block parsed alone: a map with no aliases and no errors, else undefined. */
function parseBlock(text: string): Document.Parsed | undefined {
  let doc: Document.Parsed;
  try {
    doc = parseYamlDocument(text);
  } catch {
    return undefined;
  }
  if (!isYamlMap(doc.contents)) return undefined;
  if ((text.includes('*') || text.includes('<<')) && hasAliasOrMerge(doc)) return undefined;
  return doc;
}

function hasAliasOrMerge(doc: Document.Parsed): boolean {
  let found = false;
  visit(doc, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
    Pair(_, pair) {
      // A merge pulls in another map, maybe from elsewhere: the whole document decides.
      const key = pair.key as { value?: unknown } | null;
      if (key && key.value === '<<') {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Cuts a document into top-level blocks, or undefined when it is not a plain block map at column 0. */
function splitBlocks(text: string): Block[] | undefined {
  const blocks: Block[] = [];
  let pos = 0;
  let current = -1;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const c = text.charCodeAt(pos);
    const continues = c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x23 /* # */ || c === 0x2d /* - */ || c === 0x3a; /* : */
    if (!continues) {
      // Directives, document markers and flow or quoted text at column 0 are the whole parse's to read.
      if (c === 0x25 /* % */ || c === 0x2e /* . */ || c === 0x7b /* { */ || c === 0x5b /* [ */ || c === 0x22 /* " */ || c === 0x27 /* ' */) return undefined;
      if (current >= 0) blocks.push({ text: text.slice(current, pos), start: current });
      current = pos;
    } else if (current < 0 && !/^[ \t]*(#.*)?\r?$/.test(text.slice(pos, nl))) {
      return undefined; // content before the first key: not a plain block map
    }
    pos = nl + 1;
  }
  if (current >= 0) blocks.push({ text: text.slice(current), start: current });
  return blocks;
}
