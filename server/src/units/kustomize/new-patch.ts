/**
 * A new strategic merge patch in an overlay, when the constraint to change lives nowhere the overlay
 * may edit (nothing constrains the pod, or only a base several overlays share). It follows the
 * overlay's own conventions:
 * - patch files when its patches are files (`patches: - path:`, `patchesStrategicMerge: - x.yaml`,
 *   `patchesJson6902: - path:`): a new file beside them, named like them (`…-patch.yaml`,
 *   `patch-….yaml`), and a `patches:` entry naming it;
 * - otherwise an inline entry (`patch: |-`) in `patches:`;
 * - list items indented as the kustomization indents its lists.
 * The entry targets the resource by kind and by the name it has when the overlay's patches run
 * (its final name without the overlay's own namePrefix/nameSuffix), so it applies whatever the
 * base's namespace. The patch holds only what the fix sets: a nodeSelector key (strategic merge
 * merges it into the base's), or the whole list of required node selector terms (a list without
 * merge key: the patch's replaces the base's, which is why all of it is written).
 */
import { flowScalar } from '../../core/yaml/scalar-edit';
import type { OffsetEdit } from '../../kubernetes/fix-constraint';
import type { PodTemplate } from '../../kubernetes/model';
import { basenameOf, dirnameOf, joinPath } from '../../kustomize/paths';
import { entryOf, parseTemplates, type PMap, type PNode } from '../../kustomize/pnode';
import type { ConstraintIntent } from './fix-intent';

/** An edit of a file; a file that does not exist yet is created with `newText` (start = end = 0). */
export interface FileEdit extends OffsetEdit {
  file: string;
  /** The file does not exist: the edit creates it. */
  create?: true;
}

export interface NewPatchRequest {
  /** The overlay's kustomization file and its text. */
  kustomization: string;
  text: string;
  /** Whether a file exists (a new patch file never overwrites one). */
  exists(file: string): boolean;
  /** The resource to patch. */
  apiVersion: string;
  kind: string;
  /** The resource's final name (the overlay's own affixes are taken off). */
  name: string;
  /** The pod spec's path in the resource ("spec.template.spec"). */
  path: string;
  intents: readonly ConstraintIntent[];
  /** The pod before the fix (its selector keys) and after it, with the text it was read from (its terms). */
  before: PodTemplate;
  after: PodTemplate;
  afterText: string;
}

export interface NewPatch {
  edits: FileEdit[];
  /** The new patch file, when the patch is one (else it is inline in the kustomization). */
  file?: string;
}

interface Conventions {
  form: 'file' | 'inline';
  /** Folder of new patch files, relative to the kustomization ('' = beside it). */
  dir: string;
  name(base: string): string;
  /** Inline entries: `patch:` before `target:`. */
  patchFirst: boolean;
  /** Columns a list item's `-` sits right of its key. */
  seqIndent: number;
}

function scalarText(node: PNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.tag !== 'null' ? node.value : undefined;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = v;
  return best;
}

/** How the overlay writes its patches and lists. */
function conventionsOf(root: PMap, text: string): Conventions {
  const files: string[] = [];
  let inline = 0;
  let patchFirst = true;
  const patches = entryOf(root, 'patches')?.value;
  for (const item of patches?.kind === 'seq' ? patches.items : []) {
    if (item.kind !== 'map') continue;
    const path = scalarText(entryOf(item, 'path')?.value);
    if (path) files.push(path);
    else if (entryOf(item, 'patch')) {
      inline++;
      patchFirst = item.entries[0]?.key.value === 'patch';
    }
  }
  const legacy = entryOf(root, 'patchesStrategicMerge')?.value;
  for (const item of legacy?.kind === 'seq' ? legacy.items : []) {
    const v = scalarText(item);
    if (v === undefined) continue;
    if (v.includes('\n')) inline++;
    else files.push(v);
  }
  const json = entryOf(root, 'patchesJson6902')?.value;
  for (const item of json?.kind === 'seq' ? json.items : []) {
    const path = item.kind === 'map' ? scalarText(entryOf(item, 'path')?.value) : undefined;
    if (path) files.push(path);
  }
  const dir = mostCommon(files.map((f) => (f.includes('/') ? dirnameOf(f.replace(/^\.\//, '')) : ''))) ?? '';
  const names = files.map(basenameOf);
  const ext = mostCommon(names.map((n) => /\.ya?ml$/i.exec(n)?.[0] ?? '.yaml')) ?? '.yaml';
  const suffixed = names.filter((n) => /[-_]patch\.ya?ml$/i.test(n)).length;
  const prefixed = names.filter((n) => /^patch[-_]/i.test(n)).length;
  const sep = mostCommon(names.map((n) => (n.includes('_') && !n.includes('-') ? '_' : '-'))) ?? '-';
  const name = (base: string): string => {
    if (suffixed > 0 && suffixed >= prefixed) return `${base}${sep}arch${sep}patch${ext}`;
    if (prefixed > 0) return `patch${sep}${base}${sep}arch${ext}`;
    return `${base}${sep}arch${ext}`;
  };
  return { form: files.length > inline ? 'file' : 'inline', dir, name, patchFirst, seqIndent: listIndent(root, text) };
}

/** Columns between a top-level list key and its items (`resources:` then `- x` or `  - x`). */
function listIndent(root: PMap, text: string): number {
  for (const e of root.entries) {
    if (e.value.kind !== 'seq' || e.value.items.length === 0) continue;
    const keyCol = columnOf(text, e.key.prov.origin.start);
    const dash = text.lastIndexOf('-', e.value.items[0].prov.origin.start);
    if (dash < 0) continue;
    const itemCol = columnOf(text, dash);
    if (itemCol >= keyCol && itemCol - keyCol <= 8) return itemCol - keyCol;
  }
  return 0;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

const pad = (n: number) => ' '.repeat(n);

/** The constraint lines of the patch, relative to the pod spec. */
function constraintLines(request: NewPatchRequest): string[] | undefined {
  const lines: string[] = [];
  const selector: string[] = [];
  for (const intent of request.intents) {
    if (intent.kind === 'node-selector') {
      const keys = request.before.constraints.nodeSelector.filter((e) => e.label === intent.label).map((e) => (e.key.type === 'scalar' ? e.key.text : ''));
      for (const key of keys.length > 0 ? [...new Set(keys)] : [`kubernetes.io/${intent.label}`]) selector.push(`  ${key}: ${flowScalar(intent.value)}`);
    } else if (intent.kind === 'remove-arch-selector') {
      for (const e of request.before.constraints.nodeSelector) if (e.label === 'arch' && e.key.type === 'scalar') selector.push(`  ${e.key.text}: null`);
    }
  }
  if (selector.length > 0) lines.push('nodeSelector:', ...selector);
  if (request.intents.some((i) => i.kind === 'require-archs')) {
    const terms = request.after.constraints.termsPair?.value;
    if (!terms) return undefined;
    const text = request.afterText;
    const lineStart = text.lastIndexOf('\n', terms.start - 1) + 1;
    const column = terms.start - lineStart;
    const body = text.slice(lineStart, terms.end).split(/\r?\n/);
    if (body.some((l) => l.trim() !== '' && l.length - l.trimStart().length < column)) return undefined;
    lines.push('affinity:', '  nodeAffinity:', '    requiredDuringSchedulingIgnoredDuringExecution:', '      nodeSelectorTerms:',
      ...body.filter((l) => l.trim() !== '').map((l) => pad(6) + l.slice(column)));
  }
  return lines.length > 0 ? lines : undefined;
}

/** The patch document: the resource's identity, then the pod spec path down to the constraint. */
function patchDocument(request: NewPatchRequest): string[] | undefined {
  const constraint = constraintLines(request);
  if (!constraint) return undefined;
  const lines = [`apiVersion: ${flowScalar(request.apiVersion)}`, `kind: ${flowScalar(request.kind)}`, 'metadata:', `  name: ${flowScalar(request.name)}`];
  const keys = request.path.split('.');
  keys.forEach((key, depth) => lines.push(`${pad(2 * depth)}${key}:`));
  lines.push(...constraint.map((l) => pad(2 * keys.length) + l));
  return lines;
}

function targetLines(request: NewPatchRequest): string[] {
  return ['target:', `  kind: ${flowScalar(request.kind)}`, `  name: ${flowScalar(request.name)}`];
}

/** A file name beside the others that no file has yet. */
function freeName(request: NewPatchRequest, conventions: Conventions): string | undefined {
  const base = request.name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'workload';
  const first = conventions.name(base);
  for (let n = 1; n < 100; n++) {
    const name = n === 1 ? first : first.replace(/(\.ya?ml)$/i, `-${n}$1`);
    const rel = conventions.dir ? `${conventions.dir}/${name}` : name;
    if (!request.exists(joinPath(dirnameOf(request.kustomization), rel))) return rel;
  }
  return undefined;
}

/** The new patch's edits: a patch file and its entry, or an inline entry. Undefined when it cannot be written safely. */
export function newPatch(request: NewPatchRequest): NewPatch | undefined {
  const [parsed] = parseTemplates(request.text);
  if (!parsed || parsed.errors.length > 0 || parsed.root?.kind !== 'map') return undefined;
  const root = parsed.root;
  const text = request.text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const conventions = conventionsOf(root, text);
  const document = patchDocument(request);
  if (!document) return undefined;

  const edits: FileEdit[] = [];
  let item: string[];
  let file: string | undefined;
  if (conventions.form === 'file') {
    const rel = freeName(request, conventions);
    if (!rel) return undefined;
    file = joinPath(dirnameOf(request.kustomization), rel);
    edits.push({ file, start: 0, end: 0, newText: document.map((l) => l + eol).join(''), create: true });
    item = [`path: ${flowScalar(rel)}`, ...targetLines(request)];
  } else {
    const patch = ['patch: |-', ...document.map((l) => `  ${l}`)];
    item = conventions.patchFirst ? [...patch, ...targetLines(request)] : [...targetLines(request), ...patch];
  }

  const patches = root.entries.find((e) => e.key.value === 'patches');
  if (patches && patches.value.kind === 'seq' && patches.value.items.length > 0) {
    // After the last item of the block list, at the items' column.
    const seq = patches.value;
    const firstDash = text.lastIndexOf('-', seq.items[0].prov.origin.start);
    if (firstDash < 0 || text.slice(firstDash, seq.items[0].prov.origin.start).trim() !== '-') return undefined; // a flow list
    const col = columnOf(text, firstDash);
    const last = seq.items[seq.items.length - 1].prov.origin.end;
    const lineEnd = text.indexOf('\n', last);
    const at = lineEnd < 0 ? text.length : lineEnd + 1;
    const lead = lineEnd < 0 ? eol : '';
    edits.push({ file: request.kustomization, start: at, end: at, newText: lead + itemText(item, col, eol) });
  } else if (patches && ((patches.value.kind === 'scalar' && patches.value.tag === 'null') || patches.value.kind === 'seq')) {
    // `patches:` with no items (`patches:`, `patches: []`): the list replaces its value.
    const keyEnd = patches.key.prov.origin.end;
    const colon = text.indexOf(':', keyEnd);
    if (colon < 0) return undefined;
    const valueEnd = patches.value.prov.origin.end > colon ? patches.value.prov.origin.end : colon + 1;
    const col = columnOf(text, patches.key.prov.origin.start) + conventions.seqIndent;
    edits.push({ file: request.kustomization, start: colon + 1, end: valueEnd, newText: eol + itemText(item, col, eol).replace(new RegExp(`${eol}$`), '') });
  } else if (patches) {
    return undefined; // `patches:` holding something else than a list: kustomize refuses it anyway
  } else {
    const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
    edits.push({ file: request.kustomization, start: text.length, end: text.length, newText: `${lead}patches:${eol}${itemText(item, conventions.seqIndent, eol)}` });
  }
  return file ? { edits, file } : { edits };
}

function itemText(lines: readonly string[], col: number, eol: string): string {
  return lines.map((l, i) => `${pad(col)}${i === 0 ? '- ' : '  '}${l}${eol}`).join('');
}
