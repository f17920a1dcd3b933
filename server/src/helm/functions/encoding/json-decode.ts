/**
 * Go's json.Unmarshal into interface{}: objects become maps, numbers float64, with Go's syntax
 * error messages (its scanner checks the whole input before decoding, so a syntax error anywhere
 * wins over a type mismatch).
 */
import { JsonNumber } from './json-tree';
import { setEntry } from '../go-values';

export class GoJsonSyntaxError extends Error {}

export interface JsonDecodeOptions {
  /** Keep numbers as their text (JsonNumber), as json.Decoder.UseNumber does; default float64. */
  keepNumberText?: boolean;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** json.Unmarshal(text, &v) with v interface{}. Throws GoJsonSyntaxError / Error with Go's message. */
export function unmarshalJson(text: string, options: JsonDecodeOptions = {}): unknown {
  return new JsonParser(text, options).parseDocument();
}

/** Go's quoteChar in the scanner's error messages. */
function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const quoted = JSON.stringify(ch);
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  return `'${quoted.slice(1, -1)}'`;
}

class JsonParser {
  private pos = 0;

  constructor(private readonly text: string, private readonly options: JsonDecodeOptions) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.value('looking for beginning of value');
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.invalid('after top-level value');
    return value;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.has(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private eof(): GoJsonSyntaxError {
    return new GoJsonSyntaxError('unexpected end of JSON input');
  }

  private invalid(context: string): GoJsonSyntaxError {
    if (this.pos >= this.text.length) return this.eof();
    const ch = String.fromCodePoint(this.text.codePointAt(this.pos) ?? 0);
    return new GoJsonSyntaxError(`invalid character ${quoteChar(ch)} ${context}`);
  }

  private value(context: string): unknown {
    if (this.pos >= this.text.length) throw this.eof();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    throw this.invalid(context);
  }

  private literal<T>(word: string, value: T): T {
    for (let i = 0; i < word.length; i++, this.pos++) {
      if (this.pos >= this.text.length) throw this.eof();
      if (this.text[this.pos] !== word[i]) throw this.invalid(`in literal ${word} (expecting '${word[i]}')`);
    }
    return value;
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++; // {
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.pos >= this.text.length) throw this.eof();
      if (this.text[this.pos] !== '"') throw this.invalid('looking for beginning of object key string');
      const key = this.string();
      this.skipWhitespace();
      if (this.pos >= this.text.length) throw this.eof();
      if (this.text[this.pos] !== ':') throw this.invalid('after object key');
      this.pos++;
      this.skipWhitespace();
      setEntry(out, key, this.value('looking for beginning of value'));
      this.skipWhitespace();
      if (this.pos >= this.text.length) throw this.eof();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      throw this.invalid('after object key:value pair');
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++; // [
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value('looking for beginning of value'));
      this.skipWhitespace();
      if (this.pos >= this.text.length) throw this.eof();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        this.skipWhitespace();
        continue;
      }
      if (c === ']') {
        this.pos++;
        return out;
      }
      throw this.invalid('after array element');
    }
  }

  private string(): string {
    this.pos++; // "
    let out = '';
    let from = this.pos;
    for (;;) {
      if (this.pos >= this.text.length) throw this.eof();
      const code = this.text.charCodeAt(this.pos);
      if (code === 0x22) {
        out += this.text.slice(from, this.pos);
        this.pos++;
        return toWellFormedString(out);
      }
      if (code < 0x20) throw this.invalid('in string literal');
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      out += this.text.slice(from, this.pos);
      this.pos++;
      if (this.pos >= this.text.length) throw this.eof();
      const e = this.text[this.pos];
      const simple = ({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e];
      if (simple !== undefined) {
        out += simple;
        this.pos++;
      } else if (e === 'u') {
        this.pos++;
        out += String.fromCharCode(this.hex4());
      } else throw this.invalid('in string escape code');
      from = this.pos;
    }
  }

  private hex4(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      if (this.pos >= this.text.length) throw this.eof();
      const d = parseInt(this.text[this.pos], 16);
      if (Number.isNaN(d)) throw this.invalid('in \\u hexadecimal character escape');
      v = v * 16 + d;
      this.pos++;
    }
    return v;
  }

  private number(): unknown {
    const start = this.pos;
    const digits = (): number => {
      const from = this.pos;
      while (this.pos < this.text.length && this.text[this.pos] >= '0' && this.text[this.pos] <= '9') this.pos++;
      return this.pos - from;
    };
    if (this.text[this.pos] === '-') {
      this.pos++;
      if (this.pos >= this.text.length) throw this.eof();
      if (!(this.text[this.pos] >= '0' && this.text[this.pos] <= '9')) throw this.invalid('in numeric literal');
    }
    if (this.text[this.pos] === '0') this.pos++;
    else digits();
    if (this.text[this.pos] === '.') {
      this.pos++;
      if (this.pos >= this.text.length) throw this.eof();
      if (digits() === 0) throw this.invalid('after decimal point in numeric literal');
    }
    if (this.text[this.pos] === 'e' || this.text[this.pos] === 'E') {
      this.pos++;
      if (this.text[this.pos] === '+' || this.text[this.pos] === '-') this.pos++;
      if (this.pos >= this.text.length) throw this.eof();
      if (digits() === 0) throw this.invalid('in exponent of numeric literal');
    }
    const literal = this.text.slice(start, this.pos);
    if (this.options.keepNumberText) return new JsonNumber(literal);
    const f = Number(literal);
    if (!Number.isFinite(f)) throw new Error(`json: cannot unmarshal number ${literal} into Go value of type float64`);
    return f;
  }
}

function toWellFormedString(s: string): string {
  return /[\ud800-\udfff]/.test(s) ? Buffer.from(s, 'utf8').toString('utf8') : s;
}
