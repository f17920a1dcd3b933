/** Variable references (`$X`, `${X}`, `${X:-d}`) in Dockerfile text, and their expansion through ARG defaults. */

/** The ARGs BuildKit sets itself for every build; a stage must still declare them to see them. */
export const PLATFORM_ARGS: readonly string[] = [
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
];
export const PLATFORM_ARG_SET: ReadonlySet<string> = new Set(PLATFORM_ARGS);

export interface VarRef {
  name: string;
  /** Offsets of the whole reference (`$X` or `${X…}`) in the scanned text, plus the caller's base. */
  start: number;
  end: number;
}

const REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Every `$NAME` / `${NAME…}` not escaped with a backslash (or the Dockerfile's escape character). */
export function scanVarRefs(text: string, base = 0, escape = '\\'): VarRef[] {
  if (!text.includes('$')) return [];
  const refs: VarRef[] = [];
  REF.lastIndex = 0;
  for (let m = REF.exec(text); m; m = REF.exec(text)) {
    const before = text[m.index - 1];
    if (before === '\\' || before === escape) continue;
    refs.push({ name: m[1] ?? m[2], start: base + m.index, end: base + m.index + m[0].length });
  }
  return refs;
}

/**
 * Expands `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}` with known values. Names with no
 * known value are left as written, so callers can tell an unresolved value by its `$`.
 */
export function expand(text: string, values: ReadonlyMap<string, string | undefined>): string {
  if (!text.includes('$')) return text;
  return text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const known = values.has(name);
      const value = values.get(name);
      if (!op) return known && value !== undefined ? value : whole;
      const set = known && value !== undefined && (op.startsWith(':') ? value !== '' : true);
      if (op.endsWith('-')) return set ? value : (known ? (word ?? '') : whole);
      return set ? (word ?? '') : (known ? '' : whole);
    });
}

/** Removes one level of matching quotes around a value, as the Dockerfile parser does for ARG/ENV values. */
export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

export interface WordToken { text: string; start: number; end: number }

/**
 * Splits instruction arguments into words the way ARG/ENV read them: whitespace separates,
 * quotes group, an escaped newline (line continuation) is whitespace. A continuation line that
 * starts with # is a comment BuildKit drops: its words (quotes included) belong to no name or value.
 */
export function splitWords(text: string, base: number, escape = '\\'): WordToken[] {
  const words: WordToken[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (i < n && text[i] === escape && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (i >= n) break;
    if (text[i] === '#' && atLineStart(text, i)) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    let quote: string | undefined;
    while (i < n) {
      const c = text[i];
      if (quote) {
        if (c === escape && quote === '"') { i += 2; continue; }
        if (c === quote) quote = undefined;
        i++;
        continue;
      }
      if (c === '"' || c === "'") { quote = c; i++; continue; }
      if (/\s/.test(c)) break;
      if (c === escape) { i += 2; continue; }
      i++;
    }
    i = Math.min(i, n);
    words.push({ text: text.slice(start, i), start: base + start, end: base + i });
  }
  return words;
}

/** Only blanks between the last newline and `at` (the first line of the text is never a line start: it follows the keyword). */
function atLineStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i >= 0 && text[i] === '\n';
}

const EXPANSION = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Every value a text may take in a stage whose ENV values are `env` (fixed for the build), or
 * undefined when one of its variables could hold anything (an ARG the build may pass) or there are
 * more than `limit` values. A variable nothing fixes still gives two values under `${X:+word}`
 * (unset: empty; set: word): qdrant's `ENV DIR=${SOURCES:+/qdrant/src}` then
 * `COPY --from=builder ${DIR:-/null?} $DIR/` copies `/null?` or `/qdrant/src`, nothing else.
 */
export function possibleValues(text: string, env: ReadonlyMap<string, string>, limit = 16): string[] | undefined {
  return valuesOf(text, env, limit, 0);
}

function valuesOf(text: string, env: ReadonlyMap<string, string>, limit: number, depth: number): string[] | undefined {
  if (!text.includes('$')) return [text];
  if (depth > 4) return undefined;
  let results = [''];
  let at = 0;
  const join = (alternatives: readonly string[]): boolean => {
    const next: string[] = [];
    for (const r of results) for (const a of alternatives) next.push(r + a);
    results = [...new Set(next)];
    return results.length <= limit;
  };
  for (const m of text.matchAll(EXPANSION)) {
    if (!join([text.slice(at, m.index)])) return undefined;
    at = m.index + m[0].length;
    const name = m[1] ?? m[4];
    const op = m[2];
    // An ENV's own earlier value (`ENV PATH=$PATH:/x`) is not known here: the name is left out.
    const inner = new Map(env);
    inner.delete(name);
    const own = env.has(name) ? valuesOf(env.get(name)!, inner, limit, depth + 1) : undefined;
    const word = op ? valuesOf(m[3], env, limit, depth + 1) : undefined;
    let alternatives: string[] | undefined;
    if (!op) alternatives = own;
    else if (op === ':-') alternatives = own && word && own.flatMap((v) => (v === '' ? word : [v]));
    else if (op === '-') alternatives = own;
    else if (op === ':+') alternatives = word && (own ? own.flatMap((v) => (v === '' ? [''] : word)) : ['', ...word]);
    else alternatives = word && (own ? word : ['', ...word]);
    if (!alternatives || !join(alternatives)) return undefined;
  }
  return join([text.slice(at)]) ? results : undefined;
}
