/**
 * Moving a fix computed on a rendered chart document to the chart's files (quick fixes edit the
 * place the value came from):
 * 1. a constraint the template passes through from values (`{{- with .Values.nodeSelector }}
 *    nodeSelector: {{ toYaml . | nindent 8 }}{{- end }}`, taken or not, `{}` or missing): the fix's
 *    effect on the pod's nodeSelector is read by comparing the pod before and after the rendered
 *    edit, and written into the values file at that path;
 * 2. a value printed from a values file (an arch label value, a digest): the values scalar is edited;
 * 3. otherwise the template, where the rendered edit falls in text copied from it (exact offsets,
 *    and a new line only where the line's indentation is the template's own);
 * anything else has no safe mapping: no fix. What comes out is verified by the framework (applied,
 * re-rendered, re-analysed) before it is offered.
 */
import { LineIndex } from '../../core/text';
import { extractModel } from '../../kubernetes/extract';
import type { PodTemplate, Workload } from '../../kubernetes/model';
import type { ControlEvent, OutputSegment, ValueRef } from '../../helm/template';
import { setScalarValue } from '../../core/yaml/scalar-edit';
import { readText } from '../source';
import type { FixRequest, SourceEdit, UnitSource } from '../types';
import { segmentsIn, writtenRef, type SegmentLookup } from './source-map';
import { scalarStartingAt, setMapEntries, type ValuesPath } from './values-edit';

/** What a rendered chart document keeps for fixes besides its text. */
export interface HelmDocumentData {
  text: string;
  segments: readonly OutputSegment[];
  events: readonly ControlEvent[];
  lookup: SegmentLookup;
  /** The chart root (its values.yaml takes entries no values file sets yet). */
  root: string;
}

interface RenderedEdit { start: number; end: number; newText: string }

/** The fix's edits moved to the chart's files, or undefined when no safe mapping exists. */
export function relocateHelmFix(data: HelmDocumentData, request: FixRequest): SourceEdit[] | undefined {
  // A rule's fix edits the document it was found in: an edit naming another file has no place here.
  if (request.fix.edits.some((e) => e.file !== undefined)) return undefined;
  const lines = new LineIndex(data.text);
  const edits: RenderedEdit[] = request.fix.edits
    .map((e) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText }))
    // An empty edit is a marker (rules/kubernetes/common.ts constraintEdits), not a change.
    .filter((e) => e.start !== e.end || e.newText !== '');
  if (edits.length === 0) return undefined;
  const throughValues = nodeSelectorThroughValues(data, edits, request.source);
  if (throughValues !== 'not a nodeSelector change') return throughValues;
  const out: SourceEdit[] = [];
  for (const edit of edits) {
    const moved = valueScalarEdit(data, edit, request.source) ?? templateTextEdit(data, edit, request.source);
    if (!moved) return undefined;
    out.push(moved);
  }
  return out;
}

function applyRendered(text: string, edits: readonly RenderedEdit[]): string | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) return undefined;
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

interface PodAt { workload: number; pod: number; template: PodTemplate; owner: Workload }

function pods(text: string): PodAt[] {
  const out: PodAt[] = [];
  extractModel(text).model.workloads.forEach((owner, workload) => owner.podTemplates.forEach((template, pod) => out.push({ workload, pod, template, owner })));
  return out;
}

/** The pod spec region: from its `spec` key to the end of the spec (a not-taken `with` sits right after `spec:`). */
function specRegion(pod: PodTemplate, text: string): [number, number] {
  return [pod.specPair.key.start, blockEnd(text, pod.specPair.key.start, pod.spec.end) + 1];
}

/**
 * Where a key's block value really ends in the text: its node may end early, as the model is read
 * from a copy whose unread blocks (`volumes:`, `securityContext:`… prune.ts) are blanked. Lines
 * indented deeper than the key belong to it; blank and comment lines decide nothing. Without this, a
 * `{{- with .Values.nodeSelector }}` after the pod's volumes (prometheus-community's jiralert chart)
 * fell outside the spec and the fix went into the template instead of values.yaml.
 */
function blockEnd(text: string, keyStart: number, nodeEnd: number): number {
  const keyColumn = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
  let end = nodeEnd;
  for (let newline = text.indexOf('\n', nodeEnd); newline !== -1;) {
    const next = text.indexOf('\n', newline + 1);
    const lineEnd = next === -1 ? text.length : next;
    const line = text.slice(newline + 1, lineEnd).replace(/\r$/, '');
    const content = line.trimStart();
    if (content !== '' && !content.startsWith('#')) {
      if (line.length - content.length <= keyColumn) break;
      end = newline + 1 + line.length;
    }
    newline = next;
  }
  return end;
}

function nodeSelectorEntries(pod: PodTemplate): Map<string, string> {
  const out = new Map<string, string>();
  const value = pod.constraints.nodeSelectorPair?.value;
  if (value?.type !== 'map') return out;
  for (const p of value.pairs) if (p.keyText !== undefined && p.value.type === 'scalar') out.set(p.keyText, p.value.text);
  return out;
}

function constraintText(text: string, pod: PodTemplate): string {
  const c = pod.constraints;
  const slice = (p: { key: { start: number }; value: { end: number } } | undefined) => (p ? text.slice(p.key.start, p.value.end) : '');
  return JSON.stringify([slice(c.affinityPair), c.tolerations.map((t) => text.slice(t.node.start, t.node.end))]);
}

/**
 * Case 1: the fix adds or changes nodeSelector entries of one pod and nothing else of its
 * constraints, and that pod's nodeSelector comes from (or would come from) a values path.
 */
function nodeSelectorThroughValues(data: HelmDocumentData, edits: readonly RenderedEdit[], source: UnitSource): SourceEdit[] | undefined | 'not a nodeSelector change' {
  const no = 'not a nodeSelector change' as const;
  const afterText = applyRendered(data.text, edits);
  if (afterText === undefined) return no;
  const before = pods(data.text);
  const pod = before.find((p) => {
    const [from, to] = specRegion(p.template, data.text);
    return edits.every((e) => e.start >= from && e.end <= to);
  });
  if (!pod) return no;
  const after = pods(afterText).find((p) => p.workload === pod.workload && p.pod === pod.pod);
  if (!after) return no;
  const was = nodeSelectorEntries(pod.template);
  const now = nodeSelectorEntries(after.template);
  const changed: Array<[string, string]> = [];
  for (const [k, v] of now) if (was.get(k) !== v) changed.push([k, v]);
  if (changed.length === 0 || [...was.keys()].some((k) => !now.has(k))) return no;
  if (constraintText(data.text, pod.template) !== constraintText(afterText, after.template)) return no;

  const path = nodeSelectorPath(data, pod.template);
  if (!path) return no; // the template writes the nodeSelector itself: its text is edited (case 3)
  const file = valuesFileFor(data, path.ref);
  const text = file === undefined ? undefined : readText(source, file);
  if (file === undefined || text === undefined) return undefined;
  const moved = setMapEntries(text, path.ref.path, changed);
  return moved?.map((e) => ({ file, ...e }));
}

/** The values path the pod's nodeSelector is rendered from, if a template passes one through. */
function nodeSelectorPath(data: HelmDocumentData, pod: PodTemplate): { ref: ValueRef } | undefined {
  const pair = pod.constraints.nodeSelectorPair;
  if (pair) {
    // Rendered: the refs of what printed its value (toYaml gives the map's own ref to the text between entries).
    let best: ValueRef | undefined;
    for (const s of segmentsIn(data.segments, pair.value.start, Math.max(pair.value.end, pair.value.start + 1))) {
      for (const r of s.values ?? []) if (!best || r.path.length < best.path.length) best = r;
    }
    return best && isMapPath(best.path) ? { ref: best } : undefined;
  }
  // Not rendered: a `with`/`if` on a values path named like a nodeSelector, not taken, where the pod spec is.
  const [from, to] = specRegion(pod, data.text);
  for (const event of data.events) {
    if (event.taken || event.kind === 'range' || event.at < from || event.at > to) continue;
    const ref = event.values.find((r) => isMapPath(r.path) && /nodeselector$/i.test(String(r.path[r.path.length - 1])));
    if (ref) return { ref };
  }
  return undefined;
}

function isMapPath(path: ValuesPath): boolean {
  return path.length > 0 && path.every((p) => typeof p === 'string');
}

/**
 * The values file to write a path into: the one that set it, unless that is a subchart's own
 * values (vendored: the parent's values.yaml overrides it), else the chart's values.yaml.
 */
function valuesFileFor(data: HelmDocumentData, ref: ValueRef): string | undefined {
  const origin = ref.origin?.file;
  if (origin && data.lookup.showable(origin) && !origin.startsWith(`${data.root}/charts/`)) return origin;
  return `${data.root}/values.yaml`;
}

/** Case 2: the edit falls in a value printed from a values file, exactly as written there. */
function valueScalarEdit(data: HelmDocumentData, edit: RenderedEdit, source: UnitSource): SourceEdit | undefined {
  const segments = segmentsIn(data.segments, edit.start, edit.end);
  if (segments.length !== 1) return undefined;
  const [segment] = segments;
  if (segment.kind !== 'action' || edit.start < segment.start || edit.end > segment.end) return undefined;
  const ref = writtenRef(segment, data.lookup);
  const origin = ref?.origin;
  if (!origin || origin.file.startsWith(`${data.root}/charts/`)) return undefined;
  const text = readText(source, origin.file);
  if (text === undefined) return undefined;
  const isKey = origin.keyStart !== undefined && /^[ \t]*:(?:\s|$)/.test(data.text.slice(segment.end, segment.end + 3));
  const scalar = scalarStartingAt(text, isKey ? origin.keyStart! : origin.start);
  const printed = data.text.slice(segment.start, segment.end);
  if (!scalar || scalar.text !== printed) return undefined;
  const value = printed.slice(0, edit.start - segment.start) + edit.newText + printed.slice(edit.end - segment.start);
  const moved = setScalarValue(text, scalar, value);
  return moved && { file: origin.file, ...moved };
}

/**
 * Case 3: the edit falls in text copied from a template; a new line only where the indentation is
 * the template's own. Whole lines inserted at the start of a line an action indents (`{{- include
 * "pod" . | nindent 6 }}`) go instead at the end of the template text of the line before, each after
 * a line break (what the action then prints follows them, as it followed that line).
 */
function templateTextEdit(data: HelmDocumentData, edit: RenderedEdit, source: UnitSource): SourceEdit | undefined {
  return templateTextEditAt(data, edit, source) ?? linesAfterPreviousLine(data, edit, source);
}

function linesAfterPreviousLine(data: HelmDocumentData, edit: RenderedEdit, source: UnitSource): SourceEdit | undefined {
  const eol = /\r?\n$/.exec(edit.newText)?.[0];
  const atLineStart = edit.start === edit.end && edit.start > 0 && data.text[edit.start - 1] === '\n';
  if (!eol || !atLineStart) return undefined;
  const previousEnd = edit.start - (data.text[edit.start - 2] === '\r' ? 2 : 1);
  const lines = edit.newText.slice(0, -eol.length);
  return templateTextEditAt(data, { start: previousEnd, end: previousEnd, newText: eol + lines }, source);
}

function templateTextEditAt(data: HelmDocumentData, edit: RenderedEdit, source: UnitSource): SourceEdit | undefined {
  const candidates = segmentsIn(data.segments, edit.start, edit.end);
  let segment = candidates.find((s) => s.start <= edit.start && edit.start < s.end) ?? candidates[0];
  // An insertion at the end of a text segment belongs to that text.
  if (edit.start === edit.end && segment && segment.start === edit.start && segment.kind !== 'text') {
    const before = segmentsIn(data.segments, edit.start - 1, edit.start)[0];
    if (before?.kind === 'text' && before.end === edit.start) segment = before;
  }
  if (!segment || segment.kind !== 'text' || edit.start < segment.start || edit.end > segment.end) return undefined;
  const file = data.lookup.fileOf(segment.template);
  const text = file === undefined ? undefined : readText(source, file);
  if (file === undefined || text === undefined) return undefined;
  const at = segment.tplStart + (edit.start - segment.start);
  if (/[\r\n]/.test(edit.newText)) {
    const lineStart = data.text.lastIndexOf('\n', edit.start - 1) + 1;
    if (lineStart < segment.start) return undefined; // the line's indentation was added by an action (nindent)
    const tplLineStart = segment.tplStart + (lineStart - segment.start);
    if (tplLineStart > 0 && text[tplLineStart - 1] !== '\n') return undefined;
  }
  return { file, start: at, end: at + (edit.end - edit.start), newText: edit.newText };
}
