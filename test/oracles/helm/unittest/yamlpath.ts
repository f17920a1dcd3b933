/**
 * The part of yaml-jsonpath that helm-unittest assertions use for `path:` — dotted children,
 * `[n]` (negative from the end), `["key"]`/`['key']` children, and `*`/`[*]` wildcards — over
 * decoded YAML values. A missing step yields no result (helm-unittest then says "unknown path").
 * Anything else (filters, slices, recursive descent) is refused loudly.
 */

type Step = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'all' };

export function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  if (path[i] === '.') i++;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (path[i + 1] === '.') throw new Error(`recursive descent is not supported in path ${path}`);
      i++;
      continue;
    }
    if (c === '[') {
      const end = closing(path, i);
      const inner = path.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^(".*"|'.*')$/s.test(inner)) steps.push({ kind: 'key', key: inner.slice(1, -1) });
      else throw new Error(`unsupported path segment [${inner}] in ${path}`);
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    const name = path.slice(i, j);
    steps.push(name === '*' ? { kind: 'all' } : { kind: 'key', key: name });
    i = j;
  }
  return steps;
}

function closing(path: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ']') return i;
  }
  throw new Error(`unclosed [ in path ${path}`);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** valueutils.GetValueOfSetPath: every value the path reaches (empty path: the document itself). */
export function valuesAt(doc: unknown, path: string): unknown[] {
  if (path === '') return [doc];
  let current: unknown[] = [doc];
  for (const step of parsePath(path)) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step.kind === 'key') {
        if (isMap(v) && Object.prototype.hasOwnProperty.call(v, step.key)) next.push(v[step.key]);
      } else if (step.kind === 'index') {
        if (Array.isArray(v)) {
          const i = step.index < 0 ? v.length + step.index : step.index;
          if (i >= 0 && i < v.length) next.push(v[i]);
        }
      } else if (Array.isArray(v)) next.push(...v);
      else if (isMap(v)) for (const k of Object.keys(v).sort()) next.push(v[k]);
    }
    current = next;
  }
  return current;
}
