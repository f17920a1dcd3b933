/**
 * Fix builders that constrain a pod template's architecture by editing the text (never by
 * re-serialising): comments, quoting, key order, flow/block style, indentation and line endings
 * stay as they are; new lines use the pod spec's own indentation and sequence style.
 *
 * - one arch → `nodeSelector` (a line added to an existing block map; `{}`/empty → block map;
 *   `{a: b}` → `{kubernetes.io/arch: X, a: b}`), or the value of an existing arch key replaced;
 * - several archs → `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution` with
 *   `kubernetes.io/arch In [...]`, merged into what is there: the expression is added to EVERY
 *   term lacking an arch expression (terms are ORed, a new term would widen placement); never a
 *   new term beside existing ones, never an empty term; podAffinity/podAntiAffinity untouched.
 * A shape the builders cannot edit safely (flow-style affinity, …) gets no fix, and neither does a
 * constraint that needs an edit of a node shared through an alias or merge key (`nodeSelector: *sel`,
 * `<<: *x`, or the anchored node itself): that edit would change every place sharing it.
 */
import type { KMap, KNode, KPair } from '../core/yaml/knode';
import { flowScalar, setScalarValue, type OffsetEdit } from '../core/yaml/scalar-edit';
import type { PodTemplate } from './model';
import { columnOf } from './extract';
import type { AllowedArchs } from './allowed';
import { loneCarriageReturnsAsLineFeeds } from '../core/text';

export type { OffsetEdit };

const ARCH_KEY = 'kubernetes.io/arch';


interface Ctx { text: string; eol: string; step: number; seqIndent: number }

function ctxFor(source: string, pod: PodTemplate): Ctx {
  // New lines end as the file's first line does (\r\n, \n, or a lone \r: classic Mac line ends).
  const eol = /\r\n|\r|\n/.exec(source)?.[0] ?? '\n';
  // Lines read as the manifest model reads them (extract.ts), so a lone \r ends one here too.
  const text = loneCarriageReturnsAsLineFeeds(source);
  return { text, eol, step: pod.style.step, seqIndent: pod.style.seqIndent };
}

const sp = (n: number) => ' '.repeat(n);

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the `:` that follows a key. */
function colonAfter(text: string, key: KNode): number | undefined {
  let i = key.end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text[i] === ':' ? i + 1 : undefined;
}

/**
 * The start of the comment block directly above a line (comment lines indented at `col`): that block
 * belongs to the entry below it, so new entries go above it.
 */
function aboveComments(text: string, lineStart: number, col: number): number {
  while (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prev = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    const indent = prev.length - prev.trimStart().length;
    if (!prev.trimStart().startsWith('#') || indent !== col) break;
    lineStart = prevStart;
  }
  return lineStart;
}

/**
 * Inserts `lines` (relative indentation, first line at the map's key column) as the first entries
 * of a block map. A key at the start of its line gets the new lines above it (and above the
 * comment block right over it, which belongs to that key); a key after `- ` gets them at the key.
 */
function insertFirstKeys(ctx: Ctx, map: KMap, lines: string[]): OffsetEdit | undefined {
  if (map.shared || map.flow || map.pairs.length === 0) return undefined;
  const key = map.pairs[0].key;
  const col = columnOf(ctx.text, key.start);
  let lineStart = lineStartOf(ctx.text, key.start);
  if (ctx.text.slice(lineStart, key.start).trim() === '') {
    lineStart = aboveComments(ctx.text, lineStart, col);
    return { start: lineStart, end: lineStart, newText: lines.map((l) => sp(col) + l + ctx.eol).join('') };
  }
  return { start: key.start, end: key.start, newText: lines.map((l, i) => (i === 0 ? '' : sp(col)) + l).join(ctx.eol) + ctx.eol + sp(col) };
}

/**
 * Sets a pair's empty value (`key:`, `key: ~`, `key: {}`, `key: []`) to a block of lines, indented
 * `step` under the key (`seq` lines are indented by the sequence style instead).
 */
function fillEmptyValue(ctx: Ctx, pair: KPair, lines: string[], seq: boolean): OffsetEdit | undefined {
  if (pair.key.shared || pair.value.shared) return undefined;
  const colon = colonAfter(ctx.text, pair.key);
  if (colon === undefined) return undefined;
  const v = pair.value;
  const empty = (v.type === 'scalar' && v.isNull) || (v.type === 'map' && v.pairs.length === 0) || (v.type === 'seq' && v.items.length === 0);
  if (!empty) return undefined;
  const col = columnOf(ctx.text, pair.key.start) + (seq ? ctx.seqIndent : ctx.step);
  const end = v.end > colon ? v.end : colon;
  return { start: colon, end, newText: lines.map((l) => ctx.eol + sp(col) + l).join('') };
}

function valuesLines(ctx: Ctx, archs: readonly string[]): string[] {
  return ['values:', ...archs.map((a) => `${sp(ctx.seqIndent)}- ${flowScalar(a)}`)];
}

/** One block sequence item: the arch expression, relative to the `-` column. */
function expressionItem(ctx: Ctx, archs: readonly string[]): string[] {
  return [`- key: ${ARCH_KEY}`, '  operator: In', ...valuesLines(ctx, archs).map((l) => `  ${l}`)];
}

function flowExpression(archs: readonly string[]): string {
  return `{key: ${ARCH_KEY}, operator: In, values: [${archs.map(flowScalar).join(', ')}]}`;
}

function indent(lines: string[], n: number): string[] {
  return lines.map((l) => sp(n) + l);
}

function termsLines(ctx: Ctx, archs: readonly string[]): string[] {
  const s = ctx.seqIndent;
  return ['nodeSelectorTerms:', `${sp(s)}- matchExpressions:`, ...indent(expressionItem(ctx, archs), s + 2 + s)];
}
function requiredLines(ctx: Ctx, archs: readonly string[]): string[] {
  return ['requiredDuringSchedulingIgnoredDuringExecution:', ...indent(termsLines(ctx, archs), ctx.step)];
}
function nodeAffinityLines(ctx: Ctx, archs: readonly string[]): string[] {
  return ['nodeAffinity:', ...indent(requiredLines(ctx, archs), ctx.step)];
}
function affinityLines(ctx: Ctx, archs: readonly string[]): string[] {
  return ['affinity:', ...indent(nodeAffinityLines(ctx, archs), ctx.step)];
}


/**
 * `nodeSelector: {<key>: <value>}` for a pod: adds the entry, or replaces the value of existing
 * entries of that label (beta keys included). `label` picks which entries count as existing.
 */
export function nodeSelectorEdits(text: string, pod: PodTemplate, label: 'arch' | 'os', value: string): OffsetEdit[] | undefined {
  const ctx = ctxFor(text, pod);
  const existing = pod.constraints.nodeSelector.filter((e) => e.label === label);
  if (existing.length > 0) {
    // An edited deprecated key (`beta.kubernetes.io/arch`) is renamed as well, unless the GA key is
    // beside it (a rename would duplicate it): a fix never leaves the label AL102 would fix.
    const ga = existing.some((e) => !e.beta);
    const edits = existing.flatMap((e) => [
      e.value ? setScalarValue(text, e.value, value) : undefined,
      ...(e.beta && !ga && existing.length === 1 ? [setScalarValue(text, e.key, `kubernetes.io/${label}`)] : []),
    ]);
    return edits.every((e) => e !== undefined) ? edits : undefined;
  }
  const pair = pod.constraints.nodeSelectorPair;
  // Label values are strings: `386` written plain would be a number the API server rejects.
  const entry = `kubernetes.io/${label}: ${flowScalar(value)}`;
  if (!pair) {
    const edit = insertFirstKeys(ctx, pod.spec, ['nodeSelector:', sp(ctx.step) + entry]);
    return edit && [edit];
  }
  const map = pair.value;
  if (pair.key.shared || map.shared) return undefined;
  if (map.type === 'map' && map.flow) {
    if (map.pairs.length === 0) {
      const edit = fillEmptyValue(ctx, pair, [entry], false);
      return edit && [edit];
    }
    return [{ start: map.start + 1, end: map.start + 1, newText: `${entry}, ` }];
  }
  if (map.type === 'map') {
    const edit = insertFirstKeys(ctx, map, [entry]);
    return edit && [edit];
  }
  const edit = fillEmptyValue(ctx, pair, [entry], false);
  return edit && [edit];
}

/** The file's line break: CRLF when its first line ends so. */
function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Edits that make the mapping held by `pair` (a chart's `nodeSelector:` in values.yaml) hold
 * `entries`, written as nodeSelectorEdits writes a pod's: an existing key gets its value replaced,
 * a new one a line in a block map (`{}` and empty values become a block map, indented `step` under
 * the key); a flow map gets it at its start. Undefined for a shape that cannot be edited safely.
 */
export function mapEntriesEdits(text: string, pair: KPair, entries: ReadonlyArray<readonly [string, string]>, step: number): OffsetEdit[] | undefined {
  if (pair.key.shared || pair.value.shared) return undefined;
  const ctx: Ctx = { text, eol: eolOf(text), step, seqIndent: 0 };
  const map = pair.value;
  const existing = map.type === 'map' ? map.pairs : [];
  const edits: OffsetEdit[] = [];
  const added: string[] = [];
  for (const [key, value] of entries) {
    const current = existing.find((p) => p.keyText === key);
    if (!current) { added.push(`${flowScalar(key)}: ${flowScalar(value)}`); continue; }
    if (current.value.type !== 'scalar') return undefined;
    const edit = setScalarValue(text, current.value, value);
    if (!edit) return undefined;
    edits.push(edit);
  }
  if (added.length === 0) return edits;
  if (map.type === 'map' && map.flow) {
    if (map.pairs.length === 0) {
      const edit = fillEmptyValue(ctx, pair, added, false);
      return edit && [...edits, edit];
    }
    return [...edits, { start: map.start + 1, end: map.start + 1, newText: added.map((a) => `${a}, `).join('') }];
  }
  const edit = map.type === 'map' ? insertFirstKeys(ctx, map, added) : fillEmptyValue(ctx, pair, added, false);
  return edit && [...edits, edit];
}

/**
 * Inserts `lines` (relative indentation, the first at the map's key column) as the first entries of
 * a block map, above the comment block over its first key. Undefined for a flow, empty or shared map.
 */
export function insertFirstEntries(text: string, map: KMap, lines: string[]): OffsetEdit | undefined {
  return insertFirstKeys({ text, eol: eolOf(text), step: 2, seqIndent: 0 }, map, lines);
}

/** `nodeSelector: {kubernetes.io/arch: arch}`: adds the key or replaces an existing arch key's value. */
export function nodeSelectorArchEdits(text: string, pod: PodTemplate, arch: string): OffsetEdit[] | undefined {
  return nodeSelectorEdits(text, pod, 'arch', arch);
}

/** Adds the arch `In` expression to one term (a map, block or flow); undefined if the shape is not editable. */
function addExpressionToTerm(ctx: Ctx, term: KNode, archs: readonly string[]): OffsetEdit | undefined {
  if (term.type !== 'map' || term.shared) return undefined;
  const me = term.pairs.find((p) => p.keyText === 'matchExpressions');
  if (me && (me.key.shared || me.value.shared)) return undefined;
  if (term.flow) {
    if (me) {
      if (me.value.type !== 'seq' || !me.value.flow) return undefined;
      const sep = me.value.items.length > 0 ? ', ' : '';
      return { start: me.value.start + 1, end: me.value.start + 1, newText: flowExpression(archs) + sep };
    }
    if (term.pairs.length === 0) return undefined; // an empty term stays empty: filling it would widen placement
    return { start: term.start + 1, end: term.start + 1, newText: `matchExpressions: [${flowExpression(archs)}], ` };
  }
  if (!me) return insertFirstKeys(ctx, term, ['matchExpressions:', ...indent(expressionItem(ctx, archs), ctx.seqIndent)]);
  const seq = me.value;
  if (seq.type === 'seq' && seq.flow) {
    const sep = seq.items.length > 0 ? ', ' : '';
    return { start: seq.start + 1, end: seq.start + 1, newText: flowExpression(archs) + sep };
  }
  if (seq.type === 'seq' && seq.items.length > 0) {
    // Insert a new first item at the `-` of the current first item, keeping its column.
    const dash = seq.start;
    const lineStart = lineStartOf(ctx.text, dash);
    if (ctx.text.slice(lineStart, dash).trim() !== '') return undefined;
    const col = dash - lineStart;
    const at = aboveComments(ctx.text, lineStart, col);
    return { start: at, end: at, newText: expressionItem(ctx, archs).map((l) => sp(col) + l + ctx.eol).join('') };
  }
  return fillEmptyValue(ctx, me, expressionItem(ctx, archs), true);
}

/**
 * Requires `kubernetes.io/arch In archs` through required node affinity. `which` = 'lacking' adds
 * the expression to the terms without an arch expression (AL103, AL202); 'all' adds it to every
 * non-empty term, which narrows (AL201).
 */
export function requiredAffinityEdits(text: string, pod: PodTemplate, archs: readonly string[], which: 'lacking' | 'all' = 'lacking'): OffsetEdit[] | undefined {
  const ctx = ctxFor(text, pod);
  const c = pod.constraints;
  const single = (edit: OffsetEdit | undefined) => (edit ? [edit] : undefined);
  if (!c.affinityPair) return single(insertFirstKeys(ctx, pod.spec, affinityLines(ctx, archs)));
  const affinity = c.affinityPair.value;
  if (affinity.type !== 'map' || affinity.flow) return single(fillEmptyValue(ctx, c.affinityPair, nodeAffinityLines(ctx, archs), false));
  if (!c.nodeAffinityPair) return single(insertFirstKeys(ctx, affinity, nodeAffinityLines(ctx, archs)));
  const nodeAffinity = c.nodeAffinityPair.value;
  if (nodeAffinity.type !== 'map' || nodeAffinity.flow) return single(fillEmptyValue(ctx, c.nodeAffinityPair, requiredLines(ctx, archs), false));
  if (!c.requiredPair) return single(insertFirstKeys(ctx, nodeAffinity, requiredLines(ctx, archs)));
  const required = c.requiredPair.value;
  if (required.type !== 'map' || required.flow) return single(fillEmptyValue(ctx, c.requiredPair, termsLines(ctx, archs), false));
  if (!c.termsPair) return single(insertFirstKeys(ctx, required, termsLines(ctx, archs)));
  const terms = c.termsPair.value;
  if (terms.shared) return undefined;
  if (terms.type !== 'seq' || terms.items.length === 0) {
    if (terms.type === 'seq' && terms.flow) {
      return [{ start: terms.start, end: terms.end, newText: `[{matchExpressions: [${flowExpression(archs)}]}]` }];
    }
    const s = ctx.seqIndent;
    return single(fillEmptyValue(ctx, c.termsPair, [`- matchExpressions:`, ...indent(expressionItem(ctx, archs), 2 + s)], true));
  }
  const edits: OffsetEdit[] = [];
  for (const term of c.terms) {
    const hasArch = term.expressions.some((e) => e.labelKind?.label === 'arch');
    const isEmpty = term.expressions.length === 0 && term.fieldCount === 0;
    if (isEmpty) continue;
    if (which === 'lacking' && hasArch) continue;
    const edit = addExpressionToTerm(ctx, term.node, archs);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return edits.length > 0 ? edits : undefined;
}

/**
 * Edits that make the pod's allowed set exactly `archs` (a non-empty subset of what it allows now,
 * or any set when unconstrained): one arch → nodeSelector (ANDed with any affinity, so it also
 * narrows); several → the affinity expression, on every term when the pod is already constrained.
 */
export function constrainEdits(text: string, pod: PodTemplate, archs: readonly string[], allowed: AllowedArchs): OffsetEdit[] | undefined {
  const sorted = [...new Set(archs)].sort();
  if (sorted.length === 0) return undefined;
  if (sorted.length === 1) return nodeSelectorArchEdits(text, pod, sorted[0]);
  // A nodeSelector arch key allows one arch at most; several cannot be expressed beside it.
  if (allowed.nodeSelector) return undefined;
  return requiredAffinityEdits(text, pod, sorted, allowed.constrained ? 'all' : 'lacking');
}

/** Start of the line after the one holding `offset` (or the text's end). */
function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * Removes the pod's only nodeSelector arch entry (AL208's widening, when every image publishes
 * every target): its line from a block map — with the `nodeSelector:` line when it was the only
 * entry — or the entry from a flow map. Undefined for any other shape.
 */
export function removeNodeSelectorArchEdits(text: string, pod: PodTemplate): OffsetEdit[] | undefined {
  const entries = pod.constraints.nodeSelector.filter((e) => e.label === 'arch');
  const pair = pod.constraints.nodeSelectorPair;
  if (entries.length !== 1 || !pair || pair.value.type !== 'map' || !entries[0].value || pair.key.shared || pair.value.shared) return undefined;
  const map = pair.value;
  const entry = entries[0];
  const index = map.pairs.indexOf(entry.pair);
  if (index < 0) return undefined;
  const valueEnd = entry.value!.end;
  if (map.flow) {
    if (map.pairs.length === 1) return [{ start: map.start, end: map.end, newText: '{}' }];
    if (index < map.pairs.length - 1) return [{ start: entry.key.start, end: map.pairs[index + 1].key.start, newText: '' }];
    return [{ start: map.pairs[index - 1].value.end, end: valueEnd, newText: '' }];
  }
  const onlyIndentBefore = (offset: number) => text.slice(lineStartOf(text, offset), offset).trim() === '';
  if (!onlyIndentBefore(entry.key.start)) return undefined;
  if (text.slice(valueEnd, nextLineStart(text, valueEnd)).trim().replace(/^#.*/, '') !== '') return undefined;
  if (map.pairs.length > 1) return [{ start: lineStartOf(text, entry.key.start), end: nextLineStart(text, valueEnd), newText: '' }];
  if (!onlyIndentBefore(pair.key.start)) return undefined;
  return [{ start: lineStartOf(text, pair.key.start), end: nextLineStart(text, valueEnd), newText: '' }];
}
