/**
 * The mutation kinds of issue 18 as fast-check arbitraries: each is a named, shrinkable edit of a
 * text (its parameters shrink towards smaller, earlier, fewer). An input is a seed, read under its
 * own name or another kind's, with one to three mutations applied in turn.
 */
import fc from 'fast-check';
import { KIND_NAMES, loadSeeds } from './seeds';

export interface Mutation {
  kind: MutationKind;
  apply(text: string): string;
}

export const MUTATION_KINDS = [
  'none', 'byte-flip', 'truncate', 'deep-nesting', 'huge-line', 'anchors-merge-keys', 'tabs', 'line-breaks',
  'invalid-utf8', 'bom', 'many-documents', 'open-heredoc', 'splice',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** A generated input for the engine. */
export interface FuzzInput {
  seed: number;
  /** The seed's own name or another kind's (KIND_NAMES). */
  file: string;
  mutations: Mutation[];
  /** Drives the registry answers the registry rules get (engine-property.ts). */
  answers: number;
}

/**
 * The largest input generated: big enough for "thousands of documents" (2,500 of 100 bytes) and for
 * a 200,000-character line, small enough for 100,000 runs in 30 minutes (inputs of 256-512 KB were 2%
 * of the inputs and half the CPU time). Linear cost on larger files is what bench/many-documents measures.
 */
export const MAX_INPUT_CHARS = 256 * 1024;

/** An offset into a text given as a fraction (shrinks towards the start). */
const at = fc.double({ min: 0, max: 1, noNaN: true });
const pos = (text: string, fraction: number) => Math.min(text.length, Math.floor(fraction * (text.length + 1)));
/** The start of the line holding `offset`. */
const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;

function bytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

const byteFlip: fc.Arbitrary<Mutation> = fc.array(fc.tuple(at, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
  .map((flips) => ({
    kind: 'byte-flip' as const,
    apply: (text: string) => {
      const b = bytes(text);
      if (b.length === 0) return text;
      for (const [fraction, value] of flips) b[Math.min(b.length - 1, Math.floor(fraction * b.length))] = value;
      return b.toString('utf8'); // invalid sequences read as U+FFFD, as a file read from disk would
    },
  }));

const truncate: fc.Arbitrary<Mutation> = at.map((fraction) => ({
  kind: 'truncate' as const,
  apply: (text: string) => text.slice(0, pos(text, fraction)),
}));

const NESTINGS = {
  flowSeq: (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`,
  flowMap: (n: number) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`,
  openFlow: (n: number) => '['.repeat(n),
  blockSeq: (n: number) => `\n${'- '.repeat(n)}x`,
  // Indentation grows with depth: 800 levels are 320,000 characters already.
  blockMap: (n: number) => Array.from({ length: Math.min(n, 800) }, (_, i) => `\n${' '.repeat(i + 1)}k${i}:`).join('') + ' v',
  json: (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`,
  shell: (n: number) => `${'$('.repeat(n)}x${')'.repeat(n)}`,
};
const deepNesting: fc.Arbitrary<Mutation> = fc.record({
  shape: fc.constantFrom(...(Object.keys(NESTINGS) as Array<keyof typeof NESTINGS>)),
  // Around the 256-level bound, and far beyond it.
  depth: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 300 }), weight: 3 }, { arbitrary: fc.integer({ min: 300, max: 20_000 }), weight: 1 }),
  where: at,
}).map(({ shape, depth, where }) => ({
  kind: 'deep-nesting' as const,
  apply: (text: string) => {
    const p = lineStart(text, pos(text, where));
    // As the value of a key of its own line (YAML), or raw (JSON, shell, Dockerfile).
    return `${text.slice(0, p)}deep: ${NESTINGS[shape](depth)}\n${text.slice(p)}`;
  },
}));

const hugeLine: fc.Arbitrary<Mutation> = fc.record({
  length: fc.integer({ min: 1_000, max: 200_000 }),
  fill: fc.constantFrom('a', 'x86_64 ', '{', '"', '\\', ' ', '#', 'é', '- '),
  where: at,
  asValue: fc.boolean(),
}).map(({ length, fill, where, asValue }) => ({
  kind: 'huge-line' as const,
  apply: (text: string) => {
    const p = asValue ? text.indexOf('\n', pos(text, where)) : pos(text, where);
    const at2 = p === -1 ? text.length : p;
    return `${text.slice(0, at2)}${asValue ? ' ' : ''}${fill.repeat(Math.ceil(length / fill.length)).slice(0, length)}${text.slice(at2)}`;
  },
}));

const ANCHOR_EDITS = [
  (line: string) => line.replace(/^(\s*(?:- )?[\w./-]+:)(\s*)$/, '$1 &anc$2'), // an anchor on a map key's block value
  (line: string) => line.replace(/^(\s*(?:- )?[\w./-]+:) (\S.*)$/, '$1 &anc $2'), // an anchor on a value
  (line: string) => line.replace(/^(\s*(?:- )?[\w./-]+:) (\S.*)$/, '$1 *anc'), // a value replaced by an alias
  (line: string) => line.replace(/^(\s*)(- )?([\w./-]+:)/, '$1$2<<: *anc\n$1$3'), // a merge key before a key
  (line: string) => line.replace(/^(\s*)(- )?([\w./-]+:)/, '$1$2<<: [*anc, *other]\n$1$3'),
  (line: string) => line.replace(/^(\s*)(- )?([\w./-]+:)/, '$1$2<<: *\n$1?\n$1$3'), // the empty alias
  (line: string) => `${line} &`,
  (line: string) => line.replace(/:\s*(\S)/, ': *missing $1'),
];
const anchorsMergeKeys: fc.Arbitrary<Mutation> = fc.array(fc.tuple(at, fc.integer({ min: 0, max: ANCHOR_EDITS.length - 1 })), { minLength: 1, maxLength: 6 })
  .map((edits) => ({
    kind: 'anchors-merge-keys' as const,
    apply: (text: string) => {
      const lines = text.split('\n');
      for (const [fraction, which] of edits) {
        const i = Math.min(lines.length - 1, Math.floor(fraction * lines.length));
        lines[i] = ANCHOR_EDITS[which](lines[i]);
      }
      return lines.join('\n');
    },
  }));

const tabs: fc.Arbitrary<Mutation> = fc.record({ every: fc.integer({ min: 1, max: 10 }), mode: fc.constantFrom('indent', 'after-colon', 'anywhere') })
  .map(({ every, mode }) => ({
    kind: 'tabs' as const,
    apply: (text: string) => text.split('\n').map((line, i) => {
      if (i % every !== 0) return line;
      if (mode === 'indent') return line.replace(/^( {2})+/, (m) => '\t'.repeat(m.length / 2));
      if (mode === 'after-colon') return line.replace(/: /, ':\t');
      return line.replace(/ /, '\t');
    }).join('\n'),
  }));

const lineBreaks: fc.Arbitrary<Mutation> = fc.record({
  mode: fc.constantFrom('crlf', 'cr', 'mixed', 'nul', 'lone-cr', 'u2028'),
  where: fc.array(at, { minLength: 1, maxLength: 5 }),
}).map(({ mode, where }) => ({
  kind: 'line-breaks' as const,
  apply: (text: string) => {
    if (mode === 'crlf') return text.replace(/\n/g, '\r\n');
    if (mode === 'cr') return text.replace(/\n/g, '\r');
    if (mode === 'mixed') return text.split('\n').map((l, i) => (i % 3 === 0 ? `${l}\r` : l)).join('\n');
    const insert = mode === 'nul' ? '\u0000' : mode === 'lone-cr' ? '\r' : '\u2028';
    let out = text;
    for (const fraction of where) { const p = pos(out, fraction); out = out.slice(0, p) + insert + out.slice(p); }
    return out;
  },
}));

const INVALID = [[0xc3, 0x28], [0xff], [0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf]];
const invalidUtf8: fc.Arbitrary<Mutation> = fc.record({
  inserts: fc.array(fc.tuple(at, fc.integer({ min: 0, max: INVALID.length - 1 })), { minLength: 1, maxLength: 6 }),
  loneSurrogate: fc.boolean(),
}).map(({ inserts, loneSurrogate }) => ({
  kind: 'invalid-utf8' as const,
  apply: (text: string) => {
    let b = bytes(text);
    for (const [fraction, which] of inserts) {
      const p = Math.floor(fraction * b.length);
      b = Buffer.concat([b.subarray(0, p), Buffer.from(INVALID[which]), b.subarray(p)]);
    }
    const decoded = b.toString('utf8');
    // An editor can hand over a lone surrogate (UTF-16) that no file read produces.
    if (!loneSurrogate) return decoded;
    const p = pos(decoded, inserts[0][0]);
    return `${decoded.slice(0, p)}\ud800${decoded.slice(p)}`;
  },
}));

const bom: fc.Arbitrary<Mutation> = fc.record({ where: fc.constantFrom('start', 'each-document', 'middle'), at }).map(({ where, at: fraction }) => ({
  kind: 'bom' as const,
  apply: (text: string) => {
    if (where === 'start') return `\ufeff${text}`;
    if (where === 'each-document') return `\ufeff${text.replace(/\n---/g, '\n\ufeff---')}`;
    const p = pos(text, fraction);
    return `${text.slice(0, p)}\ufeff${text.slice(p)}`;
  },
}));

const manyDocuments: fc.Arbitrary<Mutation> = fc.record({ copies: fc.oneof(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 200, max: 5_000 })), separator: fc.constantFrom('---\n', '--- \n', '...\n---\n', '---\r\n') })
  .map(({ copies, separator }) => ({
    kind: 'many-documents' as const,
    apply: (text: string) => {
      const one = text.endsWith('\n') ? text : `${text}\n`;
      const n = Math.max(1, Math.min(copies, Math.floor(MAX_INPUT_CHARS / Math.max(1, one.length + separator.length))));
      return Array.from({ length: n }, () => one).join(separator);
    },
  }));

const HEREDOCS = ['RUN <<EOF\necho unterminated\n', 'RUN cat <<-"END" > /x\n\tline\n', 'cat <<EOF\n$(uname -m)\n', '  script:\n    - |\n      cat <<EOF\n      x86_64\n', 'RUN echo "unterminated\n', "docker buildx build --platform 'linux/amd64 .\n", 'COPY <<EOF /a\n'];
const openHeredoc: fc.Arbitrary<Mutation> = fc.record({ which: fc.integer({ min: 0, max: HEREDOCS.length - 1 }), where: at }).map(({ which, where }) => ({
  kind: 'open-heredoc' as const,
  apply: (text: string) => {
    const p = lineStart(text, pos(text, where));
    return text.slice(0, p) + HEREDOCS[which] + text.slice(p);
  },
}));

const splice: fc.Arbitrary<Mutation> = fc.record({ other: fc.nat(), from: at, length: fc.integer({ min: 1, max: 4_000 }), where: at }).map(({ other, from, length, where }) => ({
  kind: 'splice' as const,
  apply: (text: string) => {
    const seeds = loadSeeds();
    const source = seeds[other % seeds.length].text;
    const start = pos(source, from);
    const p = pos(text, where);
    return text.slice(0, p) + source.slice(start, start + length) + text.slice(p);
  },
}));

const none: fc.Arbitrary<Mutation> = fc.constant({ kind: 'none' as const, apply: (text: string) => text });

/** Weights: cheap mutations often, the size-heavy ones (many documents, huge lines, deep nesting) rarely but always. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: byteFlip, weight: 8 },
  { arbitrary: truncate, weight: 6 },
  { arbitrary: deepNesting, weight: 3 },
  { arbitrary: hugeLine, weight: 1 },
  { arbitrary: anchorsMergeKeys, weight: 8 },
  { arbitrary: tabs, weight: 4 },
  { arbitrary: lineBreaks, weight: 6 },
  { arbitrary: invalidUtf8, weight: 4 },
  { arbitrary: bom, weight: 2 },
  { arbitrary: manyDocuments, weight: 1 },
  { arbitrary: openHeredoc, weight: 4 },
  { arbitrary: splice, weight: 6 },
  { arbitrary: none, weight: 2 },
);

/** A seed (by index), the name it is read under, one to three mutations, and the registry answers' driver. */
export function fuzzInput(): fc.Arbitrary<FuzzInput> {
  const seeds = loadSeeds();
  return fc.record({
    seed: fc.integer({ min: 0, max: seeds.length - 1 }),
    // Mostly its own name; one input in five is read as another kind.
    rename: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.constantFrom(...KIND_NAMES), weight: 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    answers: fc.nat(),
  }).map(({ seed, rename, mutations, answers }) => ({ seed, file: rename ?? seeds[seed].name, mutations, answers }));
}

/** The text an input stands for (capped at MAX_INPUT_CHARS after each mutation). */
export function render(input: FuzzInput): string {
  let text = loadSeeds()[input.seed].text;
  for (const m of input.mutations) text = m.apply(text).slice(0, MAX_INPUT_CHARS);
  return text;
}

/** "deep-nesting+tabs": the mutation kinds of an input, for counting. */
export function kindsOf(input: FuzzInput): MutationKind[] {
  return [...new Set(input.mutations.map((m) => m.kind))];
}
