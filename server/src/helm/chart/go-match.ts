/**
 * Go's path.Match (filepath.Match with "/" as separator): the glob language `.helmignore` rules
 * and `helm template --show-only` use. `*` and `?` never cross "/", `[...]` classes take ranges
 * and `^` for negation, `\` escapes. A malformed pattern throws BadPatternError, as Go returns
 * ErrBadPattern.
 */

export class BadPatternError extends Error {
  constructor() {
    super('syntax error in pattern');
  }
}

const SPECIAL = /[*?[\\]/;

/** Whether `name` matches the whole `pattern`. Throws BadPatternError for a malformed pattern. */
export function goPathMatch(pattern: string, name: string): boolean {
  // Most .helmignore rules are a literal name or `*` and a literal suffix (`*.swp`), matched
  // against every file of the chart on each render: answered without the general matcher.
  if (!SPECIAL.test(pattern)) return pattern === name;
  const suffix = literalSuffix(pattern);
  if (suffix !== null) {
    // No string is made here: this runs for every rule and every file at each render.
    const head = name.length - suffix.length;
    return name.endsWith(suffix) && (head === 0 || name.lastIndexOf('/', head - 1) === -1);
  }
  return goPathMatchRunes(pattern, name);
}

/** Patterns that are `*` and a literal suffix, with that suffix (null for any other pattern). */
const suffixes = new Map<string, string | null>();
const MAX_SUFFIXES = 1024;

function literalSuffix(pattern: string): string | null {
  let suffix = suffixes.get(pattern);
  if (suffix === undefined) {
    suffix = pattern.charCodeAt(0) === 0x2a && !SPECIAL.test(pattern.slice(1)) ? pattern.slice(1) : null;
    if (suffixes.size >= MAX_SUFFIXES) suffixes.clear();
    suffixes.set(pattern, suffix);
  }
  return suffix;
}

function goPathMatchRunes(pattern: string, name: string): boolean {
  const p = [...pattern];
  const n = [...name];
  let pi = 0;
  let ni = 0;
  pattern: while (pi < p.length) {
    let star = false;
    while (pi < p.length && p[pi] === '*') {
      star = true;
      pi++;
    }
    const chunkStart = pi;
    pi = chunkEnd(p, pi);
    const chunk = p.slice(chunkStart, pi);
    if (star && chunk.length === 0) {
      // A trailing * matches the rest unless the rest holds a separator.
      return !n.slice(ni).includes('/');
    }
    const t = matchChunk(chunk, n, ni);
    if (t !== undefined && (t === n.length || pi < p.length)) {
      ni = t;
      continue;
    }
    if (star) {
      // Look for a match skipping i characters (never a separator).
      for (let i = ni; i < n.length && n[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, n, i + 1);
        if (t2 !== undefined) {
          if (pi === p.length && t2 !== n.length) continue;
          ni = t2;
          continue pattern;
        }
      }
    }
    // Before failing, check the rest of the pattern is well formed (Go reports ErrBadPattern).
    while (pi < p.length) {
      while (pi < p.length && p[pi] === '*') pi++;
      const s = pi;
      pi = chunkEnd(p, pi);
      matchChunk(p.slice(s, pi), [], 0);
    }
    return false;
  }
  return ni === n.length;
}

/** The end of the chunk starting at i: up to the next unescaped `*` outside a class. */
function chunkEnd(p: string[], i: number): number {
  let inRange = false;
  for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) return i;
        break;
    }
  }
  return i;
}

/**
 * Matches a star-free chunk at the start of n[from..]; the index after the match, or undefined.
 * Throws BadPatternError when the chunk is malformed, even if the text already failed to match.
 */
function matchChunk(chunk: string[], n: string[], from: number): number | undefined {
  let failed = false;
  let ni = from;
  let ci = 0;
  while (ci < chunk.length) {
    if (!failed && ni >= n.length) failed = true;
    switch (chunk[ci]) {
      case '[': {
        const r = failed ? '' : n[ni];
        if (!failed) ni++;
        ci++;
        let negated = false;
        if (ci < chunk.length && chunk[ci] === '^') {
          negated = true;
          ci++;
        }
        let match = false;
        let count = 0;
        for (;;) {
          if (ci < chunk.length && chunk[ci] === ']' && count > 0) {
            ci++;
            break;
          }
          const lo = classChar(chunk, ci);
          ci = lo.next;
          let hi = lo.ch;
          if (ci < chunk.length && chunk[ci] === '-') {
            const h = classChar(chunk, ci + 1);
            ci = h.next;
            hi = h.ch;
          }
          if (!failed && cp(lo.ch) <= cp(r) && cp(r) <= cp(hi)) match = true;
          count++;
        }
        if (match === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (n[ni] === '/') failed = true;
          ni++;
        }
        ci++;
        break;
      default: {
        // A backslash escapes the next character, which then matches itself.
        if (chunk[ci] === '\\') {
          ci++;
          if (ci >= chunk.length) throw new BadPatternError();
        }
        if (!failed) {
          if (chunk[ci] !== n[ni]) failed = true;
          ni++;
        }
        ci++;
      }
    }
  }
  return failed ? undefined : ni;
}

/** One (possibly escaped) character of a class; throws on the characters Go rejects there. */
function classChar(chunk: string[], i: number): { ch: string; next: number } {
  if (i >= chunk.length || chunk[i] === '-' || chunk[i] === ']') throw new BadPatternError();
  if (chunk[i] === '\\') {
    i++;
    if (i >= chunk.length) throw new BadPatternError();
  }
  // A class must be closed: Go rejects a pattern that ends inside one.
  if (i + 1 >= chunk.length) throw new BadPatternError();
  return { ch: chunk[i], next: i + 1 };
}

function cp(ch: string): number {
  return ch.codePointAt(0) ?? -1;
}
