/**
 * What a GitHub workflow settles before it runs, for the workspace image map: `env` maps (step over
 * job over workflow), a job's `strategy.matrix` rows, and the defaults of `workflow_call` /
 * `workflow_dispatch` inputs.
 */
import type { LineIndex } from '../core/text';
import { entriesOf, textOf, valueOf, type KNode } from '../core/yaml/knode';
import type { Binding, Lookup } from './values';

/** A row of a job's matrix: its values (objects for `matrix.a.b`), and a label for messages. */
export interface MatrixRow {
  values: Record<string, unknown>;
  label: string;
}

/** More rows than this: the matrix is not expanded (GitHub itself allows 256 jobs per workflow run). */
const MAX_ROWS = 256;

/** An `env:` map's variables. */
export function envBindings(map: KNode | undefined, lines: LineIndex): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (const entry of entriesOf(map)) {
    const node = entry.value;
    if (entry.keyText === undefined || node.type !== 'scalar') continue;
    const inner = { valueStart: node.innerStart, valueEnd: node.innerEnd };
    // A workflow's env is set for the run: what it writes is certain (its `${{ }}` parts are judged on their own).
    out.set(entry.keyText, { value: node.text, fixed: true, definition: { line: lines.positionAt(node.start).line, ...(node.style === 'literal' || node.style === 'folded' ? {} : inner) } });
  }
  return out;
}

/** The innermost `env:` that sets a name. */
export function layered(...maps: ReadonlyArray<ReadonlyMap<string, Binding>>): Lookup {
  return (name) => {
    for (const map of maps) {
      const found = map.get(name);
      if (found) return found;
    }
    return undefined;
  };
}

/** Defaults of the inputs a workflow takes (`workflow_call`, `workflow_dispatch`); an input both give different defaults is left out. */
export function inputDefaults(root: KNode): Map<string, string> {
  const on = valueOf(root, 'on') ?? valueOf(root, 'true'); // YAML 1.1 reads a bare `on` key as true
  const out = new Map<string, string>();
  const conflicting = new Set<string>();
  for (const trigger of ['workflow_call', 'workflow_dispatch']) {
    for (const input of entriesOf(valueOf(valueOf(on, trigger), 'inputs'))) {
      const name = input.keyText;
      const value = textOf(valueOf(input.value, 'default'));
      if (name === undefined || value === undefined) continue;
      if (out.has(name) && out.get(name) !== value) conflicting.add(name);
      out.set(name, value);
    }
  }
  for (const name of conflicting) out.delete(name);
  return out;
}

/** A node as plain data: scalars as their text, maps as objects, sequences as arrays. */
function plain(node: KNode | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'scalar') return node.text;
  if (node.type === 'seq') return node.items.map(plain);
  if (node.type === 'map') {
    const out: Record<string, unknown> = {};
    for (const e of entriesOf(node)) if (e.keyText !== undefined) out[e.keyText] = plain(e.value);
    return out;
  }
  return undefined;
}

const isExpression = (value: unknown): boolean => typeof value === 'string' && value.includes('${{');

function matches(row: Record<string, unknown>, partial: Record<string, unknown>): boolean {
  return Object.entries(partial).every(([k, v]) => JSON.stringify(row[k]) === JSON.stringify(v));
}

/**
 * The rows of a job's `strategy.matrix` as GitHub expands it: the product of its lists, less the
 * `exclude` entries, with each `include` entry added to every row it does not contradict (or as a
 * row of its own). Undefined when the matrix is not static (`${{ fromJSON(…) }}`) or too large.
 * A value holding an expression (`windows-${{ inputs.version }}`) makes the matrix not static too,
 * unless `templates` is set: then it is kept as written, for readers that look only at its literal
 * text (a runner label's `windows-` prefix), never for values the image map settles.
 */
export function matrixRows(job: KNode, templates = false): MatrixRow[] | undefined {
  const matrix = valueOf(valueOf(job, 'strategy'), 'matrix');
  if (!matrix) return undefined;
  if (matrix.type !== 'map') return undefined;
  const axes: Array<[string, unknown[]]> = [];
  let include: unknown[] = [];
  let exclude: unknown[] = [];
  for (const entry of entriesOf(matrix)) {
    const key = entry.keyText;
    const value = plain(entry.value);
    if (key === undefined) continue;
    if (key === 'include' || key === 'exclude') {
      if (!Array.isArray(value)) return undefined;
      if (key === 'include') include = value; else exclude = value;
      continue;
    }
    if (!Array.isArray(value) || (!templates && value.some(isExpression))) return undefined;
    axes.push([key, value]);
  }
  let rows: Array<Record<string, unknown>> = axes.length > 0 ? [{}] : [];
  for (const [key, values] of axes) {
    const next: Array<Record<string, unknown>> = [];
    for (const row of rows) for (const v of values) next.push({ ...row, [key]: v });
    if (next.length > MAX_ROWS) return undefined;
    rows = next;
  }
  rows = rows.filter((row) => !exclude.some((e) => e && typeof e === 'object' && matches(row, e as Record<string, unknown>)));
  const original = new Set(axes.map(([k]) => k));
  const base = rows.map((row) => ({ ...row }));
  for (const entry of include) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
    const extra = entry as Record<string, unknown>;
    if (!templates && Object.values(extra).some(isExpression)) return undefined;
    let added = false;
    base.forEach((orig, i) => {
      // Added to a row when it overwrites none of the row's original matrix values.
      const fits = Object.entries(extra).every(([k, v]) => !original.has(k) || JSON.stringify(orig[k]) === JSON.stringify(v));
      if (fits) { rows[i] = { ...rows[i], ...extra }; added = true; }
    });
    if (!added) rows.push({ ...extra });
    if (rows.length > MAX_ROWS) return undefined;
  }
  if (rows.length === 0) return undefined;
  return rows.map((values) => ({ values, label: labelOf(values) }));
}

function compact(value: unknown): string {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map(compact) : Object.entries(value).map(([k, v]) => `${k}: ${compact(v)}`);
    return Array.isArray(value) ? `[${entries.join(', ')}]` : `{${entries.join(', ')}}`;
  }
  return String(value);
}

function labelOf(values: Record<string, unknown>): string {
  const text = Object.entries(values).map(([k, v]) => `${k}=${compact(v)}`).join(', ');
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
