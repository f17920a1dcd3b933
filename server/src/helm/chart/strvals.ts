/**
 * `--set` and its siblings parsed like Helm's pkg/strvals: `a.b=1,c={x,y},d[0].e=z`, backslash
 * escapes, integers as int64 (bigint here), true/false/null, `{…}` lists; `--set-string` keeps
 * every value a string; `--set-json` takes JSON values; `--set-literal` takes the rest of the
 * line as one string; `--set-file` reads each value from a file. Errors are Helm's.
 */
import { setKey } from './go-yaml';
import { isMap } from './values-file';
import type { Values } from './values-file';

/** strvals.MaxIndex and MaxNestedNameLevel. */
const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

class EOF extends Error {
  constructor() {
    super('EOF');
  }
}
class NotList extends Error {
  constructor() {
    super('not a list');
  }
}

type ValueReader = (runes: string) => unknown;

/** A rune reader over a string, like bytes.Buffer's ReadRune/UnreadRune. */
class Scanner {
  private pos = 0;
  private lastSize = 0;
  constructor(readonly text: string) {}

  /** The next character, or undefined at the end. */
  read(): string | undefined {
    if (this.pos >= this.text.length) {
      this.lastSize = 0;
      return undefined;
    }
    const cp = this.text.codePointAt(this.pos)!;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    this.lastSize = ch.length;
    return ch;
  }

  unread(): void {
    this.pos -= this.lastSize;
    this.lastSize = 0;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }

  skip(n: number): void {
    this.pos += n;
  }
}

interface Until {
  text: string;
  last: string | undefined;
  eof: boolean;
}

/** runesUntil: reads up to a stop character; `\` escapes the next one (unless literal). */
function runesUntil(sc: Scanner, stop: string, literal = false): Until {
  let text = '';
  for (;;) {
    const r = sc.read();
    if (r === undefined) return { text, last: undefined, eof: true };
    if (stop.includes(r)) return { text, last: r, eof: false };
    if (r === '\\' && !literal) {
      const next = sc.read();
      if (next === undefined) return { text, last: undefined, eof: true };
      text += next;
      continue;
    }
    text += r;
  }
}

/** typedVal: true/false/null (any case), int64 integers not starting with 0 (and "0"), else the string. */
export function typedVal(v: string, forceString: boolean): unknown {
  if (forceString) return v;
  const lower = v.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (v === '0') return 0n;
  if (v !== '' && v[0] !== '0' && /^[+-]?[0-9]+$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
  }
  return v;
}

type Mode = { kind: 'typed'; forceString: boolean } | { kind: 'json' } | { kind: 'file'; read: ValueReader } | { kind: 'literal' };

/** strvals.ParseInto: merges one --set line into dest. */
export function parseSetInto(line: string, dest: Values): void {
  parse(line, dest, { kind: 'typed', forceString: false });
}

/** strvals.ParseIntoString (--set-string). */
export function parseSetStringInto(line: string, dest: Values): void {
  parse(line, dest, { kind: 'typed', forceString: true });
}

/** strvals.ParseJSON (--set-json in key=value form). */
export function parseSetJsonInto(line: string, dest: Values): void {
  parse(line, dest, { kind: 'json' });
}

/** strvals.ParseIntoFile (--set-file): `read` returns a file's content for a path. */
export function parseSetFileInto(line: string, dest: Values, read: (path: string) => string): void {
  parse(line, dest, { kind: 'file', read });
}

/** strvals.ParseLiteralInto (--set-literal). */
export function parseSetLiteralInto(line: string, dest: Values): void {
  parse(line, dest, { kind: 'literal' });
}

function parse(line: string, dest: Values, mode: Mode): void {
  const p = new Parser(new Scanner(line), mode);
  for (;;) {
    try {
      p.key(dest, 0);
    } catch (err) {
      if (err instanceof EOF) return;
      throw err;
    }
  }
}

class Parser {
  constructor(
    private readonly sc: Scanner,
    private readonly mode: Mode,
  ) {}

  private get literal(): boolean {
    return this.mode.kind === 'literal';
  }

  private reader(runes: string): unknown {
    switch (this.mode.kind) {
      case 'typed':
        return typedVal(runes, this.mode.forceString);
      case 'file':
        return this.mode.read(runes);
      default:
        return runes;
    }
  }

  key(data: Values, level: number): void {
    const stop = this.literal ? '=[.' : '=[,.';
    const { text: k, last, eof } = runesUntil(this.sc, stop, this.literal);
    if (eof) {
      if (k.length === 0) throw new EOF();
      throw new Error(`key ${goQuote(k)} has no value`);
    }
    switch (last) {
      case '[': {
        const i = this.keyIndex();
        let list: unknown[] = [];
        if (has(data, k)) list = asList(data[k]);
        try {
          list = this.listItem(list, i, level);
        } finally {
          set(data, k, list);
        }
        return;
      }
      case '=':
        return this.value(data, k);
      case ',':
        set(data, k, '');
        throw new Error(`key ${goQuote(k)} has no value (cannot end with ,)`);
      case '.': {
        level++;
        if (level > MAX_NESTED_NAME_LEVEL) throw new Error(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        let inner: Values = {};
        if (has(data, k)) inner = asMap(data[k]);
        try {
          this.key(inner, level);
        } finally {
          // What was parsed before a failure is kept, as Helm keeps it.
          if (Object.keys(inner).length !== 0) set(data, k, inner);
        }
        if (Object.keys(inner).length === 0) throw new Error(`key map ${goQuote(k)} has no value`);
        return;
      }
    }
  }

  /** The value after "key=". */
  private value(data: Values, k: string): void {
    if (this.mode.kind === 'literal') {
      set(data, k, runesUntil(this.sc, '', true).text);
      return;
    }
    if (this.mode.kind === 'json') {
      if (this.emptyVal()) {
        set(data, k, null);
        return;
      }
      set(data, k, this.jsonValue());
      this.emptyVal();
      return;
    }
    let vl: unknown[];
    try {
      vl = this.valList();
    } catch (e) {
      if (e instanceof EOF) {
        set(data, k, '');
        throw e;
      }
      if (e instanceof NotList) {
        const { text } = runesUntil(this.sc, ',');
        set(data, k, this.reader(text));
        return;
      }
      throw e;
    }
    set(data, k, vl);
  }

  private keyIndex(): number {
    const { text, eof } = runesUntil(this.sc, ']', this.literal);
    if (eof) throw new Error('error parsing index: EOF');
    if (!/^[+-]?[0-9]+$/.test(text)) throw new Error(`error parsing index: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`);
    return Number(text);
  }

  private listItem(list: unknown[], i: number, level: number): unknown[] {
    if (i < 0) throw new Error(`negative ${i} index not allowed`);
    const { text: k, last, eof } = runesUntil(this.sc, '[.=', this.literal);
    if (k.length > 0) throw new Error(`unexpected data at end of array index: ${goQuote(k)}`);
    if (eof) throw new EOF();
    switch (last) {
      case '=': {
        if (this.mode.kind === 'literal') return setIndex(list, i, runesUntil(this.sc, '', true).text);
        if (this.mode.kind === 'json') {
          if (this.emptyVal()) return setIndex(list, i, null);
          const out = setIndex(list, i, this.jsonValue());
          this.emptyVal();
          return out;
        }
        try {
          return setIndex(list, i, this.valList());
        } catch (e) {
          if (e instanceof EOF) return setIndex(list, i, '');
          if (e instanceof NotList) {
            const { text } = runesUntil(this.sc, ',');
            return setIndex(list, i, this.reader(text));
          }
          throw e;
        }
      }
      case '[': {
        const nextI = this.keyIndex();
        let crt: unknown[] = [];
        if (list.length > i && list[i] !== null && list[i] !== undefined) crt = asList(list[i]);
        const list2 = this.listItem(crt, nextI, level);
        return setIndex(list, i, list2);
      }
      case '.': {
        let inner: Values = {};
        if (list.length > i) {
          if (isMap(list[i])) inner = list[i];
          else list[i] = inner; // indices out of order
        }
        this.key(inner, level);
        return setIndex(list, i, inner);
      }
      default:
        throw new Error(`parse error: unexpected token ${last}`);
    }
  }

  /** `{a,b}` after "=": the list, or NotList (the reader is left at the value). */
  private valList(): unknown[] {
    const r = this.sc.read();
    if (r === undefined) throw new EOF();
    if (r !== '{') {
      this.sc.unread();
      throw new NotList();
    }
    const list: unknown[] = [];
    for (;;) {
      const { text, last, eof } = runesUntil(this.sc, ',}');
      if (eof) throw new Error("list must terminate with '}'");
      if (last === '}') {
        const after = this.sc.read();
        if (after !== undefined && after !== ',') this.sc.unread();
        list.push(this.reader(text));
        return list;
      }
      list.push(this.reader(text));
    }
  }

  /** Skips blanks; true (and the comma consumed) when the value is empty. */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.sc.read();
      if (r === undefined || r === ',') return true;
      if (!/\s/.test(r)) {
        this.sc.unread();
        return false;
      }
    }
  }

  /** One JSON value from the front of the rest of the line (json.Decoder.Decode). */
  private jsonValue(): unknown {
    const rest = this.sc.rest();
    const end = jsonValueEnd(rest);
    const value: unknown = JSON.parse(rest.slice(0, end));
    this.sc.skip(end);
    return fromJson(value);
  }
}

/** Numbers from JSON are float64 in Go; keep objects plain and safe from "__proto__". */
function fromJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v !== null && typeof v === 'object') {
    const out: Values = {};
    for (const [k, x] of Object.entries(v)) setKey(out, k, fromJson(x));
    return out;
  }
  return v;
}

/** Offset just past the first JSON value in `s` (leading blanks allowed). */
function jsonValueEnd(s: string): number {
  let i = 0;
  while (i < s.length && /\s/.test(s[i])) i++;
  if (i >= s.length) throw new Error('unexpected end of JSON input');
  const c = s[i];
  if (c === '"') return stringEnd(s, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '"') {
        i = stringEnd(s, i) - 1;
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    throw new Error('unexpected end of JSON input');
  }
  const m = /^(true|false|null|-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)/.exec(s.slice(i));
  if (!m) throw new Error(`invalid character ${goQuote(c)} looking for beginning of value`);
  return i + m[0].length;
}

function stringEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
  }
  throw new Error('unexpected end of JSON input');
}

function setIndex(list: unknown[], index: number, val: unknown): unknown[] {
  if (index < 0) throw new Error(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new Error(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  while (list.length <= index) list.push(null);
  list[index] = val;
  return list;
}

function set(data: Values, key: string, val: unknown): void {
  if (key === '') return;
  setKey(data, key, val);
}

function has(data: Values, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(data, key);
}

/** Go's type assertion data[k].([]any), which panics (recovered by Helm) when it is not a list. */
function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw new Error(`unable to parse key: interface conversion: interface {} is ${goTypeName(v)}, not []interface {}`);
}

function asMap(v: unknown): Values {
  if (isMap(v)) return v;
  throw new Error(`unable to parse key: interface conversion: interface {} is ${goTypeName(v)}, not map[string]interface {}`);
}

function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}
