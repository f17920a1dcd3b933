/**
 * CustomResourceDefinitions among a build's resources, read without their schemas.
 *
 * A CRD's `spec` is its OpenAPI schema: tens to hundreds of kilobytes (external-secrets' SecretStore
 * CRD is 690 KB, KEDA's ScaledJob 667 KB) that no archlens rule reads (overlay renders skip CRDs) and
 * that kustomize's transformers seldom reach into. So every CRD is parsed with the lines of its
 * top-level `spec:` blanked (one comment of the same length, so every offset stays), and its `spec`
 * is parsed from the real text only when something reads it (a transformer, a patch, the
 * document's text). In corpus/realworld the builds' CRDs under 256 KB (33 files, 747 KB: consul-k8s's
 * acceptance overlays) took ~0.45 s of a check's ~6 s of CPU to parse whole.
 *
 * What this gives up: a syntax error inside a schema that nothing reads is not reported by the
 * build (kustomize would fail on it). The rest of the CRD is parsed as before, and an error there
 * is reported; a generated schema broken by hand is for `kubectl apply` to refuse, not a question
 * of architectures. (The plain-file check still looks for syntax errors in CRD files it reads,
 * up to its bound: kubernetes/extract.ts.)
 *
 * Only the blanked region differs from the text, and it lies inside the `spec` value: every other
 * node, and the document's extent, are read from the text itself. The region's last line is kept,
 * so `spec` still ends where it ends in the text. Anything unexpected (a parse error anywhere, a
 * `spec` key not where the line was) and the text is parsed whole, as before.
 */
import { declaresCrd, splitDocuments } from '../core/yaml/split';
import { deferEntryValue, entryOf, instantiateWith, parseTemplates, type ParsedDocument, type Placer, type PNode } from './pnode';

/** A text with the schemas of its CRDs blanked, and where each blanked `spec:` key starts. */
interface Blanked {
  text: string;
  /** Offset of each blanked document's `spec` key. */
  specKeys: number[];
}

/** A top-level `spec:` whose value is a block on the following lines. */
const SPEC_LINE = /^spec:[ \t]*\r?$/m;

/** The same text with the value of a CRD chunk's top-level `spec:` blanked (its last line kept), or undefined. */
function blankSpec(chunk: string): { blanked: string; specKey: number } | undefined {
  const spec = SPEC_LINE.exec(chunk);
  if (!spec) return undefined;
  const from = chunk.indexOf('\n', spec.index) + 1;
  if (from === 0) return undefined;
  // The value's lines: blank, or indented. A line starting in column 0 (the next key, a comment) ends it.
  let at = from;
  let lastContent = -1;
  while (at < chunk.length) {
    const nl = chunk.indexOf('\n', at);
    const end = nl === -1 ? chunk.length : nl;
    const line = chunk.slice(at, end);
    if (line.trim() !== '') {
      if (line[0] !== ' ') break;
      lastContent = at;
    }
    at = end + 1;
  }
  // The kept last line, read out of its context, must end where it ends in the text: no comment
  // (it might not belong to `spec` as parsed), no anchor, tag or alias.
  if (lastContent < 0 || /[#&!*]/.test(chunk.slice(lastContent, lineEnd(chunk, lastContent)))) return undefined;
  // One comment line of the same length (its line breaks become spaces): `yaml` lexes a comment line
  // with one indexOf, where a comment per line still cost 40-90 ms for a 690 KB schema. Offsets are
  // all that is read back from this parse (lines come from the real text), so they are what must stay.
  const length = lastContent - from;
  const blanked = length < 2 ? chunk : chunk.slice(0, from) + `#${' '.repeat(length - 2)}\n` + chunk.slice(lastContent);
  return { blanked, specKey: spec.index };
}

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl;
}

/** Blanked texts by text (a base several overlays build is read once per build). */
const blankings = new Map<string, { bound: number; blanked: Blanked | undefined }>();
const MAX_BLANKINGS = 8;

/** The text with its CRDs' schemas blanked; undefined when they come to `bound` characters or less (or it has none). */
function blankCrdSchemas(text: string, bound: number): Blanked | undefined {
  if (text.length <= bound || !text.includes('CustomResourceDefinition')) return undefined;
  const known = blankings.get(text);
  if (known?.bound === bound) return known.blanked;
  const blanked = blankChunks(text, bound);
  blankings.set(text, { bound, blanked });
  if (blankings.size > MAX_BLANKINGS) blankings.delete(blankings.keys().next().value as string);
  return blanked;
}

function blankChunks(text: string, bound: number): Blanked | undefined {
  const chunks = splitDocuments(text);
  const crds = new Set(chunks.filter((c) => declaresCrd(c.text)));
  let size = 0;
  for (const c of crds) size += c.text.length;
  if (size <= bound) return undefined;
  const specKeys: number[] = [];
  const parts = chunks.map((c) => {
    const b = crds.has(c) ? blankSpec(c.text) : undefined;
    if (!b) return c.text;
    specKeys.push(c.start + b.specKey);
    return b.blanked;
  });
  return specKeys.length > 0 ? { text: parts.join(''), specKeys } : undefined;
}

/** The documents of a resource text as templates, with CRDs read without their schemas (see above). */
export interface ResourceTemplates {
  documents: ParsedDocument[];
  /** The document's root placed by `place`; a CRD's `spec` read from the text when first asked for. */
  instantiate(doc: ParsedDocument, place: Placer): PNode;
}

/** The resource documents of `text`; `bound`: CRDs coming to this size or less are read whole (tests raise it: Infinity reads every CRD whole). */
export function resourceTemplates(text: string, bound = 0): ResourceTemplates {
  const whole = (): ResourceTemplates => ({ documents: parseTemplates(text), instantiate: (doc, place) => instantiateWith(doc.root!, place) });
  const blanked = blankCrdSchemas(text, bound);
  if (!blanked) return whole();
  const documents = parseTemplates(blanked.text);
  const specKeys = new Set(blanked.specKeys);
  const deferred = new Set<ParsedDocument>();
  for (const doc of documents) {
    if (doc.errors.length > 0) return whole();
    const spec = doc.root?.kind === 'map' ? entryOf(doc.root, 'spec') : undefined;
    if (spec && specKeys.has(spec.key.prov.origin.start)) deferred.add(doc);
  }
  if (deferred.size !== specKeys.size) return whole();
  return {
    documents,
    instantiate(doc, place) {
      const root = instantiateWith(doc.root!, place);
      if (!deferred.has(doc) || root.kind !== 'map') return root;
      const spec = entryOf(root, 'spec')!;
      const blankedValue = spec.value;
      deferEntryValue(root, spec, () => {
        const full = parseTemplates(text).find((d) => d.start === doc.start)?.root;
        const value = full?.kind === 'map' ? entryOf(full, 'spec')?.value : undefined;
        // A schema with a syntax error (not checked, as in a plain file): read as what was parsed.
        return value ? instantiateWith(value, place) : blankedValue;
      });
      return root;
    },
  };
}

/** For tests: forget the blanked texts. */
export function clearCrdSchemaCache(): void {
  blankings.clear();
}
