/**
 * sprig's regex functions over Go's regexp semantics: RE2 syntax and leftmost-first matching
 * (re2js, a port of RE2, gives Go's parse errors too), Go's rules for successive and empty
 * matches (FindAll, ReplaceAll, Split), and Go's $name / ${name} expansion in replacements.
 */
import type { RE2JS } from 're2js';
import { type FunctionMap, quote } from '../../template';
import { canBackquote } from '../../template/strconv';
import { goFunc } from '../define';

let re2: typeof RE2JS | undefined;

/** re2js (270 kB of bundle) is read with the first regex a template compiles: most charts have none (issue 13). */
function re2js(): typeof RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; esbuild bundles it (build.mjs lazyVendors)
  re2 ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return re2;
}

const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 500;

/** regexp.Compile: a compiled pattern, or Go's error ("error parsing regexp: missing closing ): `a(`"). */
export function compileRegexp(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = re2js().compile(pattern);
  } catch (e) {
    throw new Error(e instanceof Error ? e.message : String(e));
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** regexp.MustCompile: panics with the pattern quoted as Go quotes it. */
function mustCompile(pattern: string): RE2JS {
  try {
    return compileRegexp(pattern);
  } catch (e) {
    const q = canBackquote(pattern) ? '`' + pattern + '`' : quote(pattern);
    throw new Error(`regexp: Compile(${q}): ${(e as Error).message}`);
  }
}

/** Submatch positions of the leftmost match at or after `pos`, or null. */
function execAt(re: RE2JS, s: string, pos: number): number[] | null {
  const m = re.matcher(s);
  if (!m.find(pos)) return null;
  const groups = m.groupCount();
  const out = new Array<number>(2 * (groups + 1));
  for (let i = 0; i <= groups; i++) {
    out[2 * i] = m.start(i);
    out[2 * i + 1] = m.end(i);
  }
  return out;
}

function runeWidth(s: string, pos: number): number {
  if (pos >= s.length) return 0;
  const c = s.charCodeAt(pos);
  return c >= 0xd800 && c <= 0xdbff && pos + 1 < s.length ? 2 : 1;
}

/** Go's allMatches: successive non-overlapping matches; an empty match right after a match is skipped. */
function allMatches(re: RE2JS, s: string, n: number): number[][] {
  if (n < 0) n = s.length + 1;
  const out: number[][] = [];
  let pos = 0;
  let prevMatchEnd = -1;
  while (out.length < n && pos <= s.length) {
    const m = execAt(re, s, pos);
    if (!m) break;
    let accept = true;
    if (m[1] === pos) {
      if (m[0] === prevMatchEnd) accept = false;
      const width = runeWidth(s, pos);
      pos = width > 0 ? pos + width : s.length + 1;
    } else pos = m[1];
    prevMatchEnd = m[1];
    if (accept) out.push(m);
  }
  return out;
}

/** Go's regexp extract for $name / ${name}. */
function extractName(t: string): { name: string; num: number; rest: string } | undefined {
  if (t === '') return undefined;
  let brace = false;
  if (t[0] === '{') {
    brace = true;
    t = t.slice(1);
  }
  const m = /^[\p{L}\p{Nd}_]+/u.exec(t);
  if (!m) return undefined;
  const name = m[0];
  let i = name.length;
  if (brace) {
    if (t[i] !== '}') return undefined;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 8 ? Number(name) : -1;
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: t.slice(i) };
}

/** Regexp.ExpandString of `template` for one match. */
function expand(re: RE2JS, template: string, src: string, match: number[]): string {
  let out = '';
  let t = template;
  for (;;) {
    const at = t.indexOf('$');
    if (at < 0) break;
    out += t.slice(0, at);
    t = t.slice(at + 1);
    if (t[0] === '$') {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = extractName(t);
    if (!ref) {
      out += '$';
      continue;
    }
    t = ref.rest;
    let group = ref.num;
    if (group < 0) group = groupIndex(re, ref.name);
    if (group >= 0 && 2 * group < match.length && match[2 * group] >= 0) out += src.slice(match[2 * group], match[2 * group + 1]);
  }
  return out + t;
}

function groupIndex(re: RE2JS, name: string): number {
  const groups = re.namedGroups();
  return Object.prototype.hasOwnProperty.call(groups, name) ? groups[name] : -1;
}

/** Go's replaceAll loop: the replacement is skipped for an empty match right after a match. */
function replaceAll(re: RE2JS, src: string, repl: (match: number[]) => string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    const a = execAt(re, src, searchPos);
    if (!a) break;
    out += src.slice(lastMatchEnd, a[0]);
    if (a[1] > lastMatchEnd || a[0] === 0) out += repl(a);
    lastMatchEnd = a[1];
    const width = runeWidth(src, searchPos);
    if (searchPos + width > a[1]) searchPos += width;
    else if (searchPos + 1 > a[1]) searchPos++;
    else searchPos = a[1];
  }
  return out + src.slice(lastMatchEnd);
}

function split(re: RE2JS, pattern: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (pattern.length > 0 && s.length === 0) return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(re, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0];
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function findAll(re: RE2JS, s: string, n: number): string[] {
  return n === 0 ? [] : allMatches(re, s, n).map((m) => s.slice(m[0], m[1]));
}

function find(re: RE2JS, s: string): string {
  const m = execAt(re, s, 0);
  return m ? s.slice(m[0], m[1]) : '';
}

function matches(re: RE2JS, s: string): boolean {
  return execAt(re, s, 0) !== null;
}

export function regexFunctions(): FunctionMap {
  const ss = { params: ['string', 'string'] } as const;
  const ssi = { params: ['string', 'string', 'int'] } as const;
  const sss = { params: ['string', 'string', 'string'] } as const;
  return {
    regexMatch: goFunc('regexMatch', ss, (p, s) => {
      try {
        return matches(compileRegexp(p), s);
      } catch {
        return false;
      }
    }),
    mustRegexMatch: goFunc('mustRegexMatch', ss, (p, s) => matches(compileRegexp(p), s)),
    regexFindAll: goFunc('regexFindAll', ssi, (p, s, n) => findAll(mustCompile(p), s, n)),
    mustRegexFindAll: goFunc('mustRegexFindAll', ssi, (p, s, n) => findAll(compileRegexp(p), s, n)),
    regexFind: goFunc('regexFind', ss, (p, s) => find(mustCompile(p), s)),
    mustRegexFind: goFunc('mustRegexFind', ss, (p, s) => find(compileRegexp(p), s)),
    regexReplaceAll: goFunc('regexReplaceAll', sss, (p, s, r) => {
      const re = mustCompile(p);
      return replaceAll(re, s, (m) => expand(re, r, s, m));
    }),
    mustRegexReplaceAll: goFunc('mustRegexReplaceAll', sss, (p, s, r) => {
      const re = compileRegexp(p);
      return replaceAll(re, s, (m) => expand(re, r, s, m));
    }),
    regexReplaceAllLiteral: goFunc('regexReplaceAllLiteral', sss, (p, s, r) => replaceAll(mustCompile(p), s, () => r)),
    mustRegexReplaceAllLiteral: goFunc('mustRegexReplaceAllLiteral', sss, (p, s, r) => replaceAll(compileRegexp(p), s, () => r)),
    regexSplit: goFunc('regexSplit', ssi, (p, s, n) => split(mustCompile(p), p, s, n)),
    mustRegexSplit: goFunc('mustRegexSplit', ssi, (p, s, n) => split(compileRegexp(p), p, s, n)),
    regexQuoteMeta: goFunc('regexQuoteMeta', { params: ['string'] }, quoteMeta),
  };
}
