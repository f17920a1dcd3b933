/**
 * sprig's string functions (strings.go, functions.go) with Go's semantics: byte offsets where Go
 * slices bytes (trunc, substr, abbrev, wrap), Go's Unicode case mapping (one rune to one rune),
 * and the goutils/xstrings helpers sprig calls.
 */
import { createHash } from 'node:crypto';
import { type CallContext, type FunctionMap, formatValue, isTracked, quote as goQuote } from '../../template';
import { goFunc, goFuncWithContext, trackingFunc } from '../define';
import { goSliceItems, isAscii, utf8Length, utf8Slice } from '../go-values';
import { type ResolvedOptions, checkStringLength } from '../options';
import { type Text, escapeText, indentText, isGoSpace, joinTexts, replaceAllText, textOf, trimPrefixText, trimSpaceText, trimSuffixText, wrapText } from '../tracked-text';
import { camelCase, kebabCase, snakeCase } from './xstrings';

/** sprig's strslice: a list's non-nil items printed, nil as no items, anything else as one item. */
export function toStrings(v: unknown): string[] {
  const items = goSliceItems(v);
  if (items) return items.filter((x) => x !== null && x !== undefined).map(strval);
  if (v === null || v === undefined) return [];
  return [strval(v)];
}

/** sprig's strval: a string as is, a Stringer through String(), anything else as %v. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isTracked(v)) return v.text;
  return formatValue(v);
}

/** unicode.ToUpper / ToLower / ToTitle: simple one-rune mappings (JS full mappings like ß→SS are not Go's). */
function mapRunes(s: string, map: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = map(ch);
    out += [...m].length === 1 ? m : ch;
  }
  return out;
}

export const goToUpper = (s: string): string => (isAscii(s) ? s.toUpperCase() : mapRunes(s, (c) => c.toUpperCase()));
export const goToLower = (s: string): string => (isAscii(s) ? s.toLowerCase() : mapRunes(s, (c) => c.toLowerCase()));
const toTitleRune = (c: string): string => {
  // Title case differs from upper case only for the digraphs (ǆ → ǅ).
  const titles: Record<string, string> = { 'ǆ': 'ǅ', 'Ǆ': 'ǅ', 'ǅ': 'ǅ', 'ǉ': 'ǈ', 'Ǉ': 'ǈ', 'ǈ': 'ǈ', 'ǌ': 'ǋ', 'Ǌ': 'ǋ', 'ǋ': 'ǋ', 'ǳ': 'ǲ', 'Ǳ': 'ǲ', 'ǲ': 'ǲ' };
  return titles[c] ?? c.toUpperCase();
};

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const IS_LETTER = /\p{L}/u;
const IS_UPPER = /\p{Lu}/u;
const IS_LOWER = /\p{Ll}/u;
const IS_TITLE = /\p{Lt}/u;

/** strings.Title's word separators. */
function isTitleSeparator(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  if (c <= 0x7f) return !(/[0-9a-zA-Z_]/.test(ch));
  if (LETTER_OR_DIGIT.test(ch)) return false;
  return isGoSpace(ch);
}

export function goTitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const m = isTitleSeparator(prev) ? toTitleRune(ch) : ch;
    out += [...m].length === 1 ? m : ch;
    prev = ch;
  }
  return out;
}

/** goutils.Uncapitalize with whitespace delimiters. */
function untitle(s: string): string {
  let next = true;
  let out = '';
  for (const ch of s) {
    if (isGoSpace(ch)) {
      next = true;
      out += ch;
    } else if (next) {
      out += goToLower(ch);
      next = false;
    } else out += ch;
  }
  return out;
}

/** goutils.SwapCase. */
function swapCase(s: string): string {
  let whitespace = true;
  let out = '';
  for (const ch of s) {
    if (IS_UPPER.test(ch) || IS_TITLE.test(ch)) {
      out += goToLower(ch);
      whitespace = false;
    } else if (IS_LOWER.test(ch)) {
      out += whitespace ? mapRunes(ch, toTitleRune) : goToUpper(ch);
      whitespace = false;
    } else {
      out += ch;
      whitespace = isGoSpace(ch);
    }
  }
  return out;
}

/** Bytes of s as Go iterates `rune(str[i])`: each byte read as a Latin-1 character. */
function bytesAsRunes(s: string): string[] {
  return Array.from(Buffer.from(s, 'utf8'), (b) => String.fromCharCode(b));
}

/** goutils.Initials: per byte, as goutils does (a multi-byte letter yields its first byte as a Latin-1 rune). */
function initials(s: string): string {
  if (s === '') return s;
  let out = '';
  let gap = true;
  for (const ch of bytesAsRunes(s)) {
    if (isGoSpace(ch)) gap = true;
    else if (gap) {
      out += ch;
      gap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace: per byte, as goutils does. */
function deleteWhiteSpace(s: string): string {
  if (s === '') return s;
  const runes = bytesAsRunes(s);
  const kept = runes.filter((ch) => !isGoSpace(ch));
  return kept.length === runes.length ? s : kept.join('');
}

/** goutils.AbbreviateFull (byte offsets). */
function abbreviateFull(s: string, offset: number, maxWidth: number): string {
  if (s === '') return '';
  const len = utf8Length(s);
  if (maxWidth < 4) throw new Error('stringutils illegal argument: Minimum abbreviation width is 4');
  if (len <= maxWidth) return s;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return utf8Slice(s, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) throw new Error('stringutils illegal argument: Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < len) return '...' + abbreviateFull(utf8Slice(s, offset), 0, maxWidth - 3);
  return '...' + utf8Slice(s, len - (maxWidth - 3));
}

/** goutils.WrapCustom (byte offsets; words split at ' '). */
function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const b = Buffer.from(str, 'utf8');
  const n = b.length;
  const parts: Buffer[] = [];
  const nl = Buffer.from(newLine, 'utf8');
  let offset = 0;
  while (n - offset > wrapLength) {
    if (b[offset] === 0x20) {
      offset++;
      continue;
    }
    const end = Math.min(wrapLength + offset + 1, n);
    const space = b.subarray(offset, end).lastIndexOf(0x20);
    if (space >= 0) {
      parts.push(b.subarray(offset, offset + space), nl);
      offset = offset + space + 1;
    } else if (wrapLongWords) {
      parts.push(b.subarray(offset, wrapLength + offset), nl);
      offset += wrapLength;
    } else {
      const from = wrapLength + offset;
      const index = b.subarray(from).indexOf(0x20);
      if (index < 0) {
        parts.push(b.subarray(offset));
        offset = n;
      } else {
        parts.push(b.subarray(offset, index + from), nl);
        offset = index + from + 1;
      }
    }
  }
  parts.push(b.subarray(offset));
  return Buffer.concat(parts).toString('utf8');
}

/** Go's strings.Trim(s, cutset). */
function goTrim(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(cutset);
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && set.has(chars[start])) start++;
  while (end > start && set.has(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

function sliceBoundsError(message: string): Error {
  return new Error(`runtime error: slice bounds out of range ${message}`);
}

/** sprig's substr (byte offsets; Go's slice bounds panics). */
function substring(start: number, end: number, s: string): string {
  const len = utf8Length(s);
  if (start < 0) {
    if (end < 0) throw sliceBoundsError(`[:${end}]`);
    if (end > len) throw sliceBoundsError(`[:${end}] with length ${len}`);
    return utf8Slice(s, 0, end);
  }
  if (end < 0 || end > len) {
    if (start > len) throw sliceBoundsError(`[${start}:${len}]`);
    return utf8Slice(s, start);
  }
  if (start > end) throw sliceBoundsError(`[${start}:${end}]`);
  return utf8Slice(s, start, end);
}

function trunc(c: number, s: string): string {
  const len = utf8Length(s);
  if (c < 0 && len + c > 0) return utf8Slice(s, len + c);
  if (c >= 0 && len > c) return utf8Slice(s, 0, c);
  return s;
}

/** The random string helpers of goutils (CryptoRandom over ' '..'z' or a range). */
function randomString(options: ResolvedOptions, ctx: CallContext, count: number, start: number, end: number, letters: boolean, numbers: boolean): string {
  if (count === 0) return '';
  if (count < 0) throw new Error(`randomstringutils illegal argument: Requested random string length ${count} is less than 0.`);
  checkStringLength('rand', count, options, ctx);
  if (start === 0 && end === 0) {
    if (!letters && !numbers) end = 0x7fffffff;
    else {
      end = 0x7b; // 'z' + 1
      start = 0x20;
    }
  }
  let out = '';
  const gap = end - start;
  while (out.length < count) {
    const ch = String.fromCodePoint(options.random.int(gap) + start);
    if ((letters && IS_LETTER.test(ch)) || (numbers && /\p{Nd}/u.test(ch)) || (!letters && !numbers)) out += ch;
  }
  return out;
}

function hexHash(algorithm: string, s: string): string {
  return createHash(algorithm).update(s, 'utf8').digest('hex');
}

/** hash/adler32 of the UTF-8 bytes, as a decimal uint32. */
export function adler32(s: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

/** Go's strings.Split semantics (sep "" splits into runes; n < 0 = all). */
export function goSplit(s: string, sep: string, n = -1): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = Array.from(s);
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || n >= parts.length) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function splitToMap(parts: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  parts.forEach((p, i) => (out[`_${i}`] = p));
  return out;
}

/** xstrings.Shuffle: the runes in random order. */
function shuffle(s: string, options: ResolvedOptions): string {
  const runes = Array.from(s);
  for (let i = runes.length - 1; i > 0; i--) {
    const j = options.random.int(i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join('');
}

/** Length of indent(n, s): n spaces before every line (strings.Repeat panics on a negative count). */
function indentedLength(n: number, s: string): number {
  if (n < 0) throw new Error('strings: negative Repeat count');
  let lines = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) lines++;
  return s.length + Math.max(0, n) * lines;
}

export function stringFunctions(options: ResolvedOptions): FunctionMap {
  const repeat = (ctx: CallContext, count: number, s: string): string => {
    if (count < 0) throw new Error('strings: negative Repeat count');
    checkStringLength('repeat', count * s.length, options, ctx);
    return s.repeat(count);
  };
  const rand = (name: string, start: number, end: number, letters: boolean, numbers: boolean) =>
    goFuncWithContext(name, { params: ['int'] }, (ctx, n) => randomString(options, ctx, n as number, start, end, letters, numbers));
  return {
    hello: goFunc('hello', { params: [] }, () => 'Hello!'),
    abbrev: goFunc('abbrev', { params: ['int', 'string'] }, (width, s) => (width < 4 ? s : abbreviateFull(s, 0, width))),
    abbrevboth: goFunc('abbrevboth', { params: ['int', 'int', 'string'] }, (left, right, s) =>
      right < 4 || (left > 0 && right < 7) ? s : abbreviateFull(s, left, right)),
    trunc: goFunc('trunc', { params: ['int', 'string'] }, trunc),
    trim: trackingFunc('trim', { params: ['string'] }, (_ctx, s) => trimSpaceText(s as Text)),
    upper: goFunc('upper', { params: ['string'] }, goToUpper),
    lower: goFunc('lower', { params: ['string'] }, goToLower),
    title: goFunc('title', { params: ['string'] }, goTitle),
    untitle: goFunc('untitle', { params: ['string'] }, (s) => (s === '' ? s : untitle(s))),
    substr: goFunc('substr', { params: ['int', 'int', 'string'] }, substring),
    repeat: goFuncWithContext('repeat', { params: ['int', 'string'] }, (ctx, n, s) => repeat(ctx, n as number, s as string)),
    trimall: goFunc('trimall', { params: ['string', 'string'] }, (a, b) => goTrim(b, a)),
    trimAll: goFunc('trimAll', { params: ['string', 'string'] }, (a, b) => goTrim(b, a)),
    trimSuffix: trackingFunc('trimSuffix', { params: ['string', 'string'] }, (_ctx, a, b) => trimSuffixText(textOf(a as Text), b as Text)),
    trimPrefix: trackingFunc('trimPrefix', { params: ['string', 'string'] }, (_ctx, a, b) => trimPrefixText(textOf(a as Text), b as Text)),
    nospace: goFunc('nospace', { params: ['string'] }, deleteWhiteSpace),
    initials: goFunc('initials', { params: ['string'] }, initials),
    randAlphaNum: rand('randAlphaNum', 0, 0, true, true),
    randAlpha: rand('randAlpha', 0, 0, true, false),
    randAscii: rand('randAscii', 32, 127, false, false),
    randNumeric: rand('randNumeric', 0, 0, false, true),
    swapcase: goFunc('swapcase', { params: ['string'] }, (s) => (s === '' ? s : swapCase(s))),
    shuffle: goFunc('shuffle', { params: ['string'] }, (s) => shuffle(s, options)),
    snakecase: goFunc('snakecase', { params: ['string'] }, snakeCase),
    camelcase: goFunc('camelcase', { params: ['string'] }, camelCase),
    kebabcase: goFunc('kebabcase', { params: ['string'] }, kebabCase),
    wrap: goFunc('wrap', { params: ['int', 'string'] }, (l, s) => wrapCustom(s, l, '', false)),
    wrapWith: goFunc('wrapWith', { params: ['int', 'string', 'string'] }, (l, sep, s) => wrapCustom(s, l, sep, true)),
    contains: goFunc('contains', { params: ['string', 'string'] }, (sub, s) => s.includes(sub)),
    hasPrefix: goFunc('hasPrefix', { params: ['string', 'string'] }, (p, s) => s.startsWith(p)),
    hasSuffix: goFunc('hasSuffix', { params: ['string', 'string'] }, (p, s) => s.endsWith(p)),
    quote: trackingFunc('quote', { params: [], variadic: 'interface {}' }, (_ctx, ...xs) => joinTexts(
      xs.filter((x) => x !== null && x !== undefined).map((x) =>
        isTracked(x) ? escapeText(x, (s) => goQuote(s).slice(1, -1), '"', '"') : goQuote(strval(x))),
      ' ',
    )),
    squote: trackingFunc('squote', { params: [], variadic: 'interface {}' }, (_ctx, ...xs) => joinTexts(
      xs.filter((x) => x !== null && x !== undefined).map((x) => (isTracked(x) ? wrapText("'", x, "'") : `'${formatValue(x)}'`)),
      ' ',
    )),
    cat: goFunc('cat', { params: [], variadic: 'interface {}' }, (...xs) => xs.filter((x) => x !== null).map(formatValue).join(' ')),
    indent: trackingFunc('indent', { params: ['int', 'string'] }, (ctx, n, s) => {
      checkStringLength('indent', indentedLength(n as number, textOf(s as Text)), options, ctx);
      return indentText(n as number, s as Text);
    }),
    nindent: trackingFunc('nindent', { params: ['int', 'string'] }, (ctx, n, s) => {
      checkStringLength('nindent', indentedLength(n as number, textOf(s as Text)) + 1, options, ctx);
      return wrapText('\n', indentText(n as number, s as Text), '');
    }),
    replace: trackingFunc('replace', { params: ['string', 'string', 'string'] }, (_ctx, old, replacement, src) =>
      replaceAllText(src as Text, textOf(old as Text), textOf(replacement as Text))),
    plural: goFunc('plural', { params: ['string', 'string', 'int'] }, (one, many, count) => (count === 1 ? one : many)),
    sha1sum: goFunc('sha1sum', { params: ['string'] }, (s) => hexHash('sha1', s)),
    sha256sum: goFunc('sha256sum', { params: ['string'] }, (s) => hexHash('sha256', s)),
    sha512sum: goFunc('sha512sum', { params: ['string'] }, (s) => hexHash('sha512', s)),
    adler32sum: goFunc('adler32sum', { params: ['string'] }, (s) => String(adler32(s))),
    toString: trackingFunc('toString', { params: ['interface {}'] }, (_ctx, v) => (isTracked(v) ? v : strval(v))),
    join: goFunc('join', { params: ['string', 'interface {}'] }, (sep, v) => toStrings(v).join(sep)),
    split: goFunc('split', { params: ['string', 'string'] }, (sep, s) => splitToMap(goSplit(s, sep))),
    splitList: goFunc('splitList', { params: ['string', 'string'] }, (sep, s) => goSplit(s, sep)),
    splitn: goFunc('splitn', { params: ['string', 'int', 'string'] }, (sep, n, s) => splitToMap(goSplit(s, sep, n))),
  };
}


