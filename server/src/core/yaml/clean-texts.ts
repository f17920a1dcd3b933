/**
 * Texts already parsed whole and found free of YAML syntax errors, so that a later syntax-only
 * check of the same text needs no parse of its own. A document a Helm chart renders is parsed by
 * the chart's manifest sort (helm/chart/manifests.ts: Helm reads each document's head) and then
 * checked again by the manifest analyser (kubernetes/parse-cache.ts syntaxErrors): the same text,
 * twice, with different options.
 *
 * A text is recorded only where those readings cannot differ in their errors:
 * - the recording parse was strict (`strict: true` only adds errors, it never changes what is read)
 *   with `uniqueKeys: false`, as the syntax check's, and found no error;
 * - no tag (no `!` in the text, or no node of the parsed document carrying one: `yaml` puts every
 *   tag it resolves on its node), so the schema (the sort reads failsafe, the check core) decides
 *   no error — untagged scalars and collections resolve without one under both;
 * - no directive line (`%YAML 1.1` would switch on merge keys);
 * - nesting provably within MAX_YAML_NESTING, so the syntax check's own bound (core/yaml/parse.ts),
 *   which a plain parse does not apply, cannot fire: block nesting (blockNestingBound, an
 *   over-estimate) plus every `[` and `{` of the text (each opens at most one flow level) stays
 *   within it; else (a CRD's descriptions hold brackets, its validation rules `!=`) the parsed
 *   document's own depth does, and the block nesting bound stays within the syntax check's guard
 *   (BLOCK_GUARD).
 *   That depth is never below the one the bound measures on the syntax tree: each collection of
 *   the tree is composed into a collection node, a flow sequence's `a: b` item into one more.
 */
import { isMap, isNode, isPair, isSeq, type Document } from 'yaml';
import { BLOCK_GUARD, blockNestingBound, MAX_YAML_NESTING } from './parse';
import { splitDocuments } from './split';

/** Bounds on what the set pins in memory (an editor renders charts again on every edit). */
const MAX_ENTRIES = 4096;
const MAX_TOTAL_CHARS = 16 * 1024 * 1024;
/** Texts larger than this are not kept (nor checked). */
const MAX_TEXT_CHARS = 256 * 1024;

const clean = new Set<string>();
let totalChars = 0;

/**
 * Records `text` as free of syntax errors. The caller vouches that it parsed the whole text as one
 * YAML stream with `strict: true` and `uniqueKeys: false` and that the parse reported no error; the
 * other conditions (see above) are checked here.
 */
export function recordStrictCleanParse(text: string, doc: Document.Parsed): void {
  if (text.length > MAX_TEXT_CHARS || clean.has(text) || !cannotDifferInErrors(text, doc)) return;
  clean.add(text);
  totalChars += text.length;
  // A Set iterates in insertion order: drop the oldest.
  while (clean.size > MAX_ENTRIES || totalChars > MAX_TOTAL_CHARS) {
    const oldest = clean.values().next().value as string;
    clean.delete(oldest);
    totalChars -= oldest.length;
  }
}

/**
 * Records each document of a YAML stream that parsed without an error as a whole, as the manifest
 * check splits it (core/yaml/split.ts: at `---` lines). The caller vouches for the parse as for
 * recordStrictCleanParse, with `uniqueKeys` on or off (on only adds errors). Kustomize parses every
 * resource file before the plain-file check reads it again, for syntax errors only: the same text.
 *
 * A clean stream makes clean chunks: each `---` line starts a document, documents share nothing
 * but directives (a text with one is never recorded), so each chunk parses alone as it did in the
 * stream. A chunk holding more than one document (`...` then a bare one) is left to the check.
 */
export function recordStrictCleanStream(text: string, docs: readonly Document.Parsed[]): void {
  if (docs.some((doc) => doc.errors.length > 0)) return;
  let next = 0;
  for (const chunk of splitDocuments(text)) {
    const first = next;
    while (next < docs.length && docs[next].range[0] < chunk.end) next++;
    if (next - first === 1 && docs[first].range[0] >= chunk.start) recordStrictCleanParse(chunk.text, docs[first]);
  }
}

/** True when `text` was recorded: a strict parse of it (uniqueKeys off) reports no error. */
export function isKnownSyntaxClean(text: string): boolean {
  return clean.has(text);
}

/** For tests: forget every recorded text. */
export function clearCleanTexts(): void {
  clean.clear();
  totalChars = 0;
}

const HALF = MAX_YAML_NESTING / 2;

function cannotDifferInErrors(text: string, doc: Document.Parsed): boolean {
  if (text.startsWith('%') || text.includes('\n%')) return false;
  if (!text.includes('!') && fewFlowOpeners(text) && blockNestingBound(text, HALF) === undefined) return true;
  // The syntax check refuses a text whose block nesting bound exceeds BLOCK_GUARD before parsing it.
  return blockNestingBound(text, BLOCK_GUARD) === undefined && untaggedWithin(doc.contents, MAX_YAML_NESTING);
}

function fewFlowOpeners(text: string): boolean {
  let flowOpeners = 0;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++flowOpeners > HALF) return false;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++flowOpeners > HALF) return false;
  return true;
}

/**
 * Whether no node under `root` carries a tag and no collection is nested deeper than `limit` (the
 * root's own collection is depth 1); without recursion.
 */
function untaggedWithin(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isNode(node) && node.tag !== undefined) return false;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > limit) return false;
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return true;
}
