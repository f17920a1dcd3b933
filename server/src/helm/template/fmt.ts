/**
 * Go's fmt.Sprint / Sprintln / Sprintf over the Go value model (values.ts): verbs
 * %v %+v %#v %T %t %d %b %o %O %x %X %c %q %U %e %E %f %F %g %G %s %p, width, precision, argument
 * indexes and the flags "-+# 0", with Go's error forms (%!d(string=x), %!s(MISSING),
 * %!(EXTRA …), %!(NOVERB), %!(BADWIDTH), %!(BADPREC), %!d(BADINDEX)).
 */
import { formatFloat, type FloatFormat } from './ftoa';
import { canBackquote, isPrint, quote, quoteRune, quoteToASCII } from './strconv';
import { TrackedString } from './tracked';
import { goTypeOf, isGoMap, sortedKeys, structTypeName } from './values';

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';

/** Stand-in for addresses (Go prints real pointers; they are never stable). */
const FAKE_POINTER = 0xc000010000n;

interface Flags {
  widPresent: boolean;
  precPresent: boolean;
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
}

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

type StructLike = { String?: () => unknown; Error?: () => unknown };

function isStruct(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TrackedString) && !isGoMap(v);
}

/** The exported fields of a class instance, in declaration order. */
function structFields(v: object): string[] {
  return Object.keys(v);
}

class Printer {
  buf = '';
  private f: Flags = newFlags();
  wid = 0;
  prec = 0;
  private erroring = false;
  private reordered = false;
  private goodArgNum = true;
  /** Print a top-level pointer to a struct as the struct (text/template's printableValue). */
  derefTop = false;

  private clearFlags(): void {
    this.f = newFlags();
    this.wid = 0;
    this.prec = 0;
  }

  // ---- padding ----

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero ? '0' : ' ').repeat(n);
  }

  private pad(s: string): void {
    if (!this.f.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  // ---- primitive formatters (format.go) ----

  private fmtBoolean(v: boolean): void {
    this.pad(v ? 'true' : 'false');
  }

  private fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.f.precPresent && this.prec > 4) prec = this.prec;
    let hex = BigInt.asUintN(64, u).toString(16).toUpperCase();
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = 'U+' + hex;
    if (this.f.sharp && u >= 0n && u <= 0x10ffffn && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  private fmtInteger(value: bigint, base: number, isSigned: boolean, verb: string, digits: string): void {
    let u = isSigned ? BigInt.asIntN(64, value) : BigInt.asUintN(64, value);
    const negative = isSigned && u < 0n;
    if (negative) u = -u;
    let prec = 0;
    if (this.f.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.f.zero;
        this.f.zero = false;
        this.writePadding(this.wid);
        this.f.zero = oldZero;
        return;
      }
    } else if (this.f.zero && this.f.widPresent) {
      prec = this.wid;
      if (negative || this.f.plus || this.f.space) prec--;
    }
    let s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    if (this.f.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.f.plus) s = '+' + s;
    else if (this.f.space) s = ' ' + s;
    const oldZero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = oldZero;
  }

  private truncate(s: string): string {
    if (this.f.precPresent) {
      let n = this.prec;
      let i = 0;
      while (i < s.length) {
        n--;
        if (n < 0) return s.slice(0, i);
        const c = s.charCodeAt(i);
        i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
      }
    }
    return s;
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtSx(s: string, digits: string): void {
    let bytes: Uint8Array = Buffer.from(s, 'utf8');
    let length = bytes.length;
    if (this.f.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.f.space) {
        if (this.f.sharp) width *= 2;
        width += length - 1;
      } else if (this.f.sharp) width += 2;
    } else {
      if (this.f.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.f.widPresent && this.wid > width && !this.f.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.f.sharp) out += '0' + digits[16];
    bytes = bytes.subarray(0, length);
    for (let i = 0; i < length; i++) {
      if (this.f.space && i > 0) {
        out += ' ';
        if (this.f.sharp) out += '0' + digits[16];
      }
      const c = bytes[i];
      out += digits[c >> 4] + digits[c & 0xf];
    }
    this.buf += out;
    if (this.f.widPresent && this.wid > width && this.f.minus) this.writePadding(this.wid - width);
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) {
      this.pad('`' + s + '`');
      return;
    }
    this.pad(this.f.plus ? quoteToASCII(s) : quote(s));
  }

  private fmtC(c: bigint): void {
    const r = c < 0n || c > 0x10ffffn || (c >= 0xd800n && c <= 0xdfffn) ? 0xfffd : Number(c);
    this.pad(String.fromCodePoint(r));
  }

  private fmtQc(c: bigint): void {
    const r = c > 0x10ffffn || c < 0n ? 0xfffd : Number(c);
    this.pad(quoteRune(r, this.f.plus));
  }

  private fmtFloatF(v: number, verb: string, prec: number): void {
    if (this.f.precPresent) prec = this.prec;
    let num = formatFloat(v, verb as FloatFormat, prec);
    if (num[0] === '-' || num[0] === '+') {
      /* keep */
    } else num = '+' + num;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.f.zero;
      this.f.zero = false;
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.pad(num);
      this.f.zero = oldZero;
      return;
    }
    if (this.f.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      let body = num;
      for (let i = 1; i < body.length; i++) {
        const ch = body[i];
        if (ch === '.') hasDecimalPoint = true;
        else if (ch === 'p' || ch === 'P') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else if ((ch === 'e' || ch === 'E') && verb !== 'x' && verb !== 'X') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (ch !== '0') sawNonzeroDigit = true;
          if (sawNonzeroDigit) digits--;
        }
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (this.f.plus || num[0] !== '+') {
      if (this.f.zero && this.f.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  // ---- print.go ----

  private badVerb(verb: string, value: unknown, hasValue: boolean): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (hasValue && value !== null && value !== undefined) {
      this.buf += goTypeOf(value) + '=';
      this.printArg(value, 'v');
    } else this.buf += '<nil>';
    this.buf += ')';
    this.erroring = false;
  }

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb, v, true);
  }

  private fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.f.sharp;
    this.f.sharp = leading0x;
    this.fmtInteger(v, 16, false, 'v', LDIGITS);
    this.f.sharp = sharp;
  }

  private fmtInt(v: bigint, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
      case 'd':
        this.fmtInteger(v, 10, true, verb, LDIGITS);
        return;
      case 'b':
        this.fmtInteger(v, 2, true, verb, LDIGITS);
        return;
      case 'o':
      case 'O':
        this.fmtInteger(v, 8, true, verb, LDIGITS);
        return;
      case 'x':
        this.fmtInteger(v, 16, true, verb, LDIGITS);
        return;
      case 'X':
        this.fmtInteger(v, 16, true, verb, UDIGITS);
        return;
      case 'c':
        this.fmtC(v);
        return;
      case 'q':
        if (v >= 0n && v <= 0x10ffffn) this.fmtQc(v);
        else this.badVerb(verb, arg, true);
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, arg, true);
    }
  }

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloatF(v, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatF(v, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatF(v, verb, 6);
        return;
      case 'F':
        this.fmtFloatF(v, 'f', 6);
        return;
      default:
        this.badVerb(verb, v, true);
    }
  }

  private fmtString(v: string, verb: string, arg: unknown): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        this.fmtS(v);
        return;
      case 'x':
        this.fmtSx(v, LDIGITS);
        return;
      case 'X':
        this.fmtSx(v, UDIGITS);
        return;
      case 'q':
        this.fmtQ(v);
        return;
      default:
        this.badVerb(verb, arg, true);
    }
  }

  private fmtPointer(value: unknown, verb: string): void {
    const u = value === null || value === undefined ? 0n : FAKE_POINTER;
    switch (verb) {
      case 'v':
        if (this.f.sharpV) {
          this.buf += '(' + goTypeOf(value) + ')(';
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) this.pad('<nil>');
        else this.fmt0x64(u, !this.f.sharp);
        return;
      case 'p':
        this.fmt0x64(u, !this.f.sharp);
        return;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtInteger(u, verb === 'b' ? 2 : verb === 'o' ? 8 : verb === 'd' ? 10 : 16, false, verb, verb === 'X' ? UDIGITS : LDIGITS);
        return;
      default:
        this.badVerb(verb, value, true);
    }
  }

  /** Stringer / error handling; true if the value printed itself. */
  private handleMethods(arg: object, verb: string): boolean {
    if (this.erroring) return false;
    if (this.f.sharpV) {
      const gs = (arg as { GoString?: () => unknown }).GoString;
      if (typeof gs === 'function') {
        this.fmtS(String(gs.call(arg)));
        return true;
      }
      return false;
    }
    if (verb === 'v' || verb === 's' || verb === 'x' || verb === 'X' || verb === 'q') {
      const s = arg as StructLike;
      const method = typeof s.Error === 'function' ? s.Error : typeof s.String === 'function' ? s.String : undefined;
      if (method) {
        const text = method.call(arg);
        this.fmtString(text instanceof TrackedString ? text.text : String(text), verb, arg);
        return true;
      }
    }
    return false;
  }

  printArg(arg: unknown, verb: string): void {
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg, false);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeOf(arg));
      return;
    }
    if (verb === 'p') {
      if (typeof arg === 'object' || typeof arg === 'function') this.fmtPointer(arg, 'p');
      else this.badVerb('p', arg, true);
      return;
    }
    switch (typeof arg) {
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
      case 'number':
        this.fmtFloat(arg, verb);
        return;
      case 'bigint':
        this.fmtInt(arg, verb, arg);
        return;
      case 'string':
        this.fmtString(arg, verb, arg);
        return;
      case 'function':
        this.fmtPointer(arg, verb);
        return;
    }
    if (arg instanceof TrackedString) {
      this.fmtString(arg.text, verb, arg.text);
      return;
    }
    if (isStruct(arg) && this.handleMethods(arg, verb)) return;
    this.printValue(arg, verb, 0);
  }

  /** Like printArg for nested values (elements of slices, maps and structs). */
  private printValue(value: unknown, verb: string, depth: number): void {
    if (depth > 0 && isStruct(value) && this.handleMethods(value, verb)) return;
    switch (typeof value) {
      case 'undefined':
        this.nilElement(verb, depth);
        return;
      case 'boolean':
        this.fmtBool(value, verb);
        return;
      case 'number':
        this.fmtFloat(value, verb);
        return;
      case 'bigint':
        this.fmtInt(value, verb, value);
        return;
      case 'string':
        this.fmtString(value, verb, value);
        return;
      case 'function':
        this.fmtPointer(value, verb);
        return;
    }
    if (value === null) {
      this.nilElement(verb, depth);
      return;
    }
    if (value instanceof TrackedString) {
      this.fmtString(value.text, verb, value.text);
      return;
    }
    if (Array.isArray(value)) {
      if (this.f.sharpV) {
        this.buf += '[]interface {}{';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) this.buf += ', ';
          this.printValue(value[i], verb, depth + 1);
        }
        this.buf += '}';
      } else {
        this.buf += '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) this.buf += ' ';
          this.printValue(value[i], verb, depth + 1);
        }
        this.buf += ']';
      }
      return;
    }
    if (isGoMap(value)) {
      this.buf += this.f.sharpV ? 'map[string]interface {}{' : 'map[';
      const keys = sortedKeys(value);
      for (let i = 0; i < keys.length; i++) {
        if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
        this.printValue(keys[i], verb, depth + 1);
        this.buf += ':';
        this.printValue(value[keys[i]], verb, depth + 1);
      }
      this.buf += this.f.sharpV ? '}' : ']';
      return;
    }
    // A class instance: a struct, or a pointer to one (goType '*…').
    if (typeof value !== 'object') return;
    const typeName = structTypeName(value);
    if (typeName.startsWith('*')) {
      if (depth === 0) {
        if (!this.derefTop) this.buf += '&';
        this.printStruct(value, typeName.slice(1), verb, depth + 1);
      } else this.fmtPointer(value, verb);
      return;
    }
    this.printStruct(value, typeName, verb, depth);
  }

  private nilElement(verb: string, depth: number): void {
    if (depth === 0) {
      // A nil interface at top level (printArg handles it; reached only via printValue(…, 0)).
      this.buf += '<invalid reflect.Value>';
      return;
    }
    this.buf += this.f.sharpV ? 'interface {}(nil)' : '<nil>';
    void verb;
  }

  private printStruct(value: object, typeName: string, verb: string, depth: number): void {
    if (this.f.sharpV) this.buf += typeName;
    this.buf += '{';
    const fields = structFields(value);
    const rec = value as Record<string, unknown>;
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) this.buf += this.f.sharpV ? ', ' : ' ';
      if (this.f.plusV || this.f.sharpV) this.buf += fields[i] + ':';
      this.printValue(rec[fields[i]], verb, depth + 1);
    }
    this.buf += '}';
  }

  // ---- Printf ----

  doPrintf(format: string, a: readonly unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format.charCodeAt(i) !== 0x25) i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++; // skip %
      this.clearFlags();
      simple: for (; i < end; i++) {
        const c = format[i];
        switch (c) {
          case '#':
            this.f.sharp = true;
            break;
          case '0':
            this.f.zero = !this.f.minus;
            break;
          case '+':
            this.f.plus = true;
            break;
          case '-':
            this.f.minus = true;
            this.f.zero = false;
            break;
          case ' ':
            this.f.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < a.length) {
              if (c === 'v') {
                this.f.sharpV = this.f.sharp;
                this.f.sharp = false;
                this.f.plusV = this.f.plus;
                this.f.plus = false;
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      // Argument index?
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      // Width
      if (i < end && format[i] === '*') {
        i++;
        let ok: boolean;
        [this.wid, ok, argNum] = intFromArg(a, argNum);
        this.f.widPresent = ok;
        if (!ok) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.f.minus = true;
          this.f.zero = false;
        }
        afterIndex = false;
      } else {
        let ok: boolean;
        [this.wid, ok, i] = parsenum(format, i, end);
        this.f.widPresent = ok;
        if (afterIndex && ok) this.goodArgNum = false;
      }
      // Precision
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === '*') {
          i++;
          let ok: boolean;
          [this.prec, ok, argNum] = intFromArg(a, argNum);
          this.f.precPresent = ok;
          if (this.prec < 0) {
            this.prec = 0;
            this.f.precPresent = false;
          }
          if (!this.f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          let ok: boolean;
          [this.prec, ok, i] = parsenum(format, i, end);
          this.f.precPresent = ok;
          if (!ok) {
            this.prec = 0;
            this.f.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const cp = format.codePointAt(i)!;
      const verb = String.fromCodePoint(cp);
      i += verb.length;
      if (verb === '%') this.buf += '%';
      else if (!this.goodArgNum) this.buf += '%!' + verb + '(BADINDEX)';
      else if (argNum >= a.length) this.buf += '%!' + verb + '(MISSING)';
      else {
        if (verb === 'v') {
          this.f.sharpV = this.f.sharp;
          this.f.sharp = false;
          this.f.plusV = this.f.plus;
          this.f.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < a.length) {
      this.clearFlags();
      this.buf += '%!(EXTRA ';
      for (let k = argNum; k < a.length; k++) {
        if (k > argNum) this.buf += ', ';
        const arg = a[k];
        if (arg === null || arg === undefined) this.buf += '<nil>';
        else {
          this.buf += goTypeOf(arg) + '=';
          this.printArg(arg, 'v');
        }
      }
      this.buf += ')';
    }
  }

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    const [index, wid, ok] = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrint(a: readonly unknown[]): void {
    let prevString = false;
    for (let k = 0; k < a.length; k++) {
      const arg = a[k];
      const isString = typeof arg === 'string' || arg instanceof TrackedString;
      if (k > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 'v');
      prevString = isString;
    }
  }

  doPrintln(a: readonly unknown[]): void {
    for (let k = 0; k < a.length; k++) {
      if (k > 0) this.buf += ' ';
      this.printArg(a[k], 'v');
    }
    this.buf += '\n';
  }
}

function newFlags(): Flags {
  return { widPresent: false, precPresent: false, minus: false, plus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false };
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39; i++) {
    if (tooLarge(num)) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 0x30);
    isnum = true;
  }
  return [num, isnum, i];
}

function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const [width, ok, newi] = parsenum(format, 1, i);
      if (!ok || newi !== i) return [0, i + 1, false];
      return [width - 1, i + 1, true];
    }
  }
  return [0, 1, false];
}

function intFromArg(a: readonly unknown[], argNum: number): [number, boolean, number] {
  let num = 0;
  let isInt = false;
  let newArgNum = argNum;
  if (argNum < a.length) {
    const v = a[argNum];
    if (typeof v === 'bigint' && v >= -(1n << 63n) && v < 1n << 63n) {
      num = Number(v);
      isInt = true;
    }
    newArgNum = argNum + 1;
    if (tooLarge(num)) {
      num = 0;
      isInt = false;
    }
  }
  return [num, isInt, newArgNum];
}

/** fmt.Sprintf */
export function sprintf(format: string, args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** fmt.Sprint */
export function sprint(args: readonly unknown[]): string {
  if (args.length === 1) {
    const a = args[0];
    if (typeof a === 'string') return a;
    if (a instanceof TrackedString) return a.text;
  }
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintln */
export function sprintln(args: readonly unknown[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/**
 * What `{{ . }}` prints for a non-nil value: fmt.Sprint of it, a pointer to a struct printed as
 * the struct (text/template indirects pointers before printing).
 */
export function formatPrintable(v: unknown): string {
  if (typeof v !== 'object' || v === null || v instanceof TrackedString) return formatValue(v);
  const p = new Printer();
  p.derefTop = true;
  p.printArg(v, 'v');
  return p.buf;
}

/** fmt.Sprint of one value. */
export function formatValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return BigInt.asIntN(64, v).toString();
    case 'number':
      // %v of a float64 is %g with the shortest digits: below 1e6 an integral value prints as is.
      if (Number.isInteger(v) && v > -1e6 && v < 1e6 && !Object.is(v, -0)) return String(v);
      return formatFloat(v, 'g', -1);
  }
  if (v instanceof TrackedString) return v.text;
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

export { formatFloat };
