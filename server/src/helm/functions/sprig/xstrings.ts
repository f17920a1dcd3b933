/**
 * huandu/xstrings' case conversions as sprig uses them: ToSnakeCase, ToKebabCase and
 * ToPascalCase (sprig's camelcase; "http_server" → "HttpServer").
 */
import { isGoSpace } from '../tracked-text';

const UPPER = /\p{Lu}/u;
const LETTER = /\p{L}/u;
const NUMBER = /\p{N}/u;
const PUNCT = /\p{P}/u;

function isConnector(r: string): boolean {
  return r === '-' || r === '_' || isGoSpace(r);
}

const isUpper = (r: string): boolean => UPPER.test(r);
/** xstrings' isAlphabet: a letter, except CJK ideographs. */
function isAlphabet(r: string): boolean {
  if (!LETTER.test(r)) return false;
  const c = r.codePointAt(0) ?? 0;
  if (c < 0x3400) return true;
  if (c >= 0x4e00 && c <= 0x9fcc) return false;
  if (c >= 0x3400 && c <= 0x4d85) return false;
  if (c >= 0x20000 && c <= 0x2b81d) return false;
  return true;
}

/** ToPascalCase (xstrings' upper camel case). */
export function camelCase(str: string): string {
  const runes = Array.from(str);
  if (runes.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  // Leading connectors appear in the output.
  for (; i < runes.length; i++) {
    r0 = runes[i];
    if (!isConnector(r0)) {
      r0 = toUpperRune(r0);
      i++;
      break;
    }
    out += r0;
    if (i === runes.length - 1) return out;
  }
  if (i >= runes.length) return out + r0;
  for (; i < runes.length; i++) {
    const r1 = r0;
    r0 = runes[i];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) r0 = toUpperRune(r0);
    else out += r1;
  }
  return out + r0;
}

function toUpperRune(r: string): string {
  const u = r.toUpperCase();
  return [...u].length === 1 ? u : r;
}

function toLowerRune(r: string): string {
  const l = r.toLowerCase();
  return [...l].length === 1 ? l : r;
}

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

interface Word {
  type: WordType;
  word: string[];
  rest: string[];
}

function nextWord(str: string[]): Word {
  if (str.length === 0) return { type: 'invalid', word: [], rest: [] };
  const r = str[0];
  let n = 1;
  let type: WordType;
  const run = (pred: (c: string) => boolean): void => {
    while (n < str.length && pred(str[n])) n++;
  };
  if (isConnector(r)) {
    type = 'connector';
    run(isConnector);
  } else if (PUNCT.test(r)) {
    type = 'punct';
    run((c) => PUNCT.test(c));
  } else if (isUpper(r)) {
    type = 'upper';
    if (n < str.length) {
      const next = str[n];
      if (isUpper(next)) {
        run(isUpper);
        // "HTTPStatus" splits into "HTTP" and "Status".
        if (n < str.length && isAlphabet(str[n])) n--;
      } else if (isAlphabet(next)) {
        run((c) => isAlphabet(c) && !isUpper(c));
      }
    }
  } else if (isAlphabet(r)) {
    type = 'alphabet';
    run((c) => isAlphabet(c) && !isUpper(c));
  } else if (NUMBER.test(r)) {
    type = 'number';
    run((c) => NUMBER.test(c));
  } else {
    type = 'other';
    run((c) => !(isConnector(c) || isAlphabet(c) || NUMBER.test(c) || PUNCT.test(c)));
  }
  return { type, word: str.slice(0, n), rest: str.slice(n) };
}

function toLower(out: string[], type: WordType, word: string[], connector: string): void {
  if (type !== 'upper' && type !== 'connector') {
    out.push(...word);
    return;
  }
  for (const r of word) {
    if (isConnector(r)) out.push(connector);
    else if (isUpper(r)) out.push(toLowerRune(r));
    else out.push(r);
  }
}

function camelToLower(str: string, connector: string): string {
  if (str.length === 0) return '';
  const out: string[] = [];
  let { type: wt, word, rest } = nextWord(Array.from(str));
  while (rest.length > 0) {
    if (wt !== 'connector') toLower(out, wt, word, connector);
    const prev = wt;
    const last = word;
    ({ type: wt, word, rest } = nextWord(rest));
    switch (prev) {
      case 'number':
        while (wt === 'alphabet' || wt === 'number') {
          toLower(out, wt, word, connector);
          ({ type: wt, word, rest } = nextWord(rest));
        }
        if (wt !== 'invalid' && wt !== 'punct' && wt !== 'connector') out.push(connector);
        break;
      case 'connector':
        toLower(out, prev, last, connector);
        break;
      case 'punct':
        break;
      default: {
        if (wt !== 'number') {
          if (wt !== 'connector' && wt !== 'punct') out.push(connector);
          break;
        }
        if (rest.length === 0) break;
        const numberWord = word;
        ({ type: wt, word, rest } = nextWord(rest));
        // A number is part of the previous word ("Bld4Floor" → "bld4_floor")…
        if (wt !== 'alphabet') {
          toLower(out, 'number', numberWord, connector);
          if (wt !== 'connector' && wt !== 'punct') out.push(connector);
          break;
        }
        // …unless lower case letters follow it ("HTTP2xx" → "http_2xx").
        out.push(connector);
        toLower(out, 'number', numberWord, connector);
        while (wt === 'alphabet' || wt === 'number') {
          toLower(out, wt, word, connector);
          ({ type: wt, word, rest } = nextWord(rest));
        }
        if (wt !== 'invalid' && wt !== 'connector' && wt !== 'punct') out.push(connector);
      }
    }
  }
  toLower(out, wt, word, connector);
  return out.join('');
}

export const snakeCase = (s: string): string => camelToLower(s, '_');
export const kebabCase = (s: string): string => camelToLower(s, '-');
