/**
 * Lexer for Go's text/template (a port of the state machine in text/template/parse/lex.go, written
 * as a pull lexer: the parser asks for one item at a time). Positions are JS string indices.
 */
import { isDigit, isLetter, isPrint, quote } from './strconv';

export enum ItemType {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords appear after all the rest.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map([
  ['.', ItemType.Dot],
  ['block', ItemType.Block],
  ['break', ItemType.Break],
  ['continue', ItemType.Continue],
  ['define', ItemType.Define],
  ['else', ItemType.Else],
  ['end', ItemType.End],
  ['if', ItemType.If],
  ['range', ItemType.Range],
  ['nil', ItemType.Nil],
  ['template', ItemType.Template],
  ['with', ItemType.With],
]);

/** item.String() as Go prints tokens in parse errors. */
export function itemString(i: Item): string {
  if (i.typ === ItemType.EOF) return 'EOF';
  if (i.typ === ItemType.Error) return i.val;
  if (i.typ > ItemType.Keyword) return `<${i.val}>`;
  // %.10q...: the first 10 runes, quoted.
  const runes = [...i.val];
  if (runes.length > 10) return quote(runes.slice(0, 10).join('')) + '...';
  return quote(i.val);
}

/** fmt's %#U of a rune: U+0078 'x' (the quoted form only when printable). */
export function formatSharpU(r: number): string {
  const hex = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(r) ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

const EOF = -1;

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

function isAlphaNumeric(r: number): boolean {
  return r === 0x5f || isLetter(r) || isDigit(r);
}

const SPACE_CHARS = ' \t\r\n';

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s.charCodeAt(at) === 0x2d && isSpace(s.charCodeAt(at + 1));
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpace(s.charCodeAt(at)) && s.charCodeAt(at + 1) === 0x2d;
}

const TRIM_MARKER_LEN = 2;
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

type StateFn = (l: Lexer) => StateFn | null;

export interface LexOptions {
  emitComment: boolean;
  breakOK: boolean;
  continueOK: boolean;
}

export class Lexer {
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private line = 1;
  private startLine = 1;
  private item: Item = { typ: ItemType.EOF, pos: 0, val: 'EOF', line: 1 };
  private insideAction = false;
  options: LexOptions = { emitComment: false, breakOK: true, continueOK: true };
  input: string;

  constructor(
    input: string,
    readonly leftDelim = '{{',
    readonly rightDelim = '}}',
  ) {
    this.input = input;
  }

  /** The next item (Go's nextItem). */
  nextItem(): Item {
    this.item = { typ: ItemType.EOF, pos: this.pos, val: 'EOF', line: this.startLine };
    let state: StateFn | null = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  // --- primitives (rune-based like Go's, over UTF-16) ---

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    if (this.pos >= this.input.length) return EOF;
    return this.input.codePointAt(this.pos)!;
  }

  backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const c = this.input.charCodeAt(this.pos - 1);
      this.pos -= c >= 0xdc00 && c <= 0xdfff && this.pos >= 2 && isHigh(this.input.charCodeAt(this.pos - 2)) ? 2 : 1;
      if (c === 0x0a) this.line--;
    }
  }

  private thisItem(t: ItemType): Item {
    const i: Item = { typ: t, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  emit(t: ItemType): null {
    this.item = this.thisItem(t);
    return null;
  }

  emitItem(i: Item): null {
    this.item = i;
    return null;
  }

  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    if (valid.includes(String.fromCodePoint(this.nextOrNUL()))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    while (valid.includes(String.fromCodePoint(this.nextOrNUL()))) {
      /* absorb */
    }
    this.backup();
  }

  /** next(), with EOF mapped to a rune that is in no accept set. */
  private nextOrNUL(): number {
    const r = this.next();
    return r === EOF ? 0 : r;
  }

  errorf(message: string): null {
    this.item = { typ: ItemType.Error, pos: this.start, val: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  // --- states ---

  static lexText(this: void, l: Lexer): StateFn | null {
    const x = l.input.indexOf(l.leftDelim, l.pos);
    if (x >= 0) {
      if (x > l.pos) {
        l.pos = x;
        let trimLength = 0;
        const delimEnd = l.pos + l.leftDelim.length;
        if (hasLeftTrimMarker(l.input, delimEnd)) trimLength = rightTrimLength(l.input, l.start, l.pos);
        l.pos -= trimLength;
        l.line += countNewlines(l.input, l.start, l.pos);
        const i = l.thisItem(ItemType.Text);
        l.pos += trimLength;
        l.ignore();
        if (i.val.length > 0) return l.emitItem(i);
      }
      return lexLeftDelim;
    }
    l.pos = l.input.length;
    if (l.pos > l.start) {
      l.line += countNewlines(l.input, l.start, l.pos);
      return l.emit(ItemType.Text);
    }
    return l.emit(ItemType.EOF);
  }

  atRightDelim(): { delim: boolean; trimSpaces: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(this.rightDelim, this.pos + TRIM_MARKER_LEN)) {
      return { delim: true, trimSpaces: true };
    }
    if (this.input.startsWith(this.rightDelim, this.pos)) return { delim: true, trimSpaces: false };
    return { delim: false, trimSpaces: false };
  }

  static lexLeftDelim(this: void, l: Lexer): StateFn | null {
    l.pos += l.leftDelim.length;
    const trimSpace = hasLeftTrimMarker(l.input, l.pos);
    const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
      l.pos += afterMarker;
      l.ignore();
      return lexComment;
    }
    const i = l.thisItem(ItemType.LeftDelim);
    l.insideAction = true;
    l.pos += afterMarker;
    l.ignore();
    l.parenDepth = 0;
    return l.emitItem(i);
  }

  static lexComment(this: void, l: Lexer): StateFn | null {
    l.pos += LEFT_COMMENT.length;
    const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
    if (x < 0) return l.errorf('unclosed comment');
    l.pos = x + RIGHT_COMMENT.length;
    const { delim, trimSpaces } = l.atRightDelim();
    if (!delim) return l.errorf('comment ends before closing delimiter');
    l.line += countNewlines(l.input, l.start, l.pos);
    const i = l.thisItem(ItemType.Comment);
    if (trimSpaces) l.pos += TRIM_MARKER_LEN;
    l.pos += l.rightDelim.length;
    if (trimSpaces) l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
    if (l.options.emitComment) return l.emitItem(i);
    return lexText;
  }

  static lexRightDelim(this: void, l: Lexer): StateFn | null {
    const { trimSpaces } = l.atRightDelim();
    if (trimSpaces) {
      l.pos += TRIM_MARKER_LEN;
      l.ignore();
    }
    l.pos += l.rightDelim.length;
    const i = l.thisItem(ItemType.RightDelim);
    if (trimSpaces) {
      l.pos += leftTrimLength(l.input, l.pos);
      l.ignore();
    }
    l.insideAction = false;
    return l.emitItem(i);
  }

  static lexInsideAction(this: void, l: Lexer): StateFn | null {
    const { delim } = l.atRightDelim();
    if (delim) {
      if (l.parenDepth === 0) return lexRightDelim;
      return l.errorf('unclosed left paren');
    }
    const r = l.next();
    if (r === EOF) return l.errorf('unclosed action');
    if (isSpace(r)) {
      l.backup();
      return lexSpace;
    }
    switch (r) {
      case 0x3d: // '='
        return l.emit(ItemType.Assign);
      case 0x3a: // ':'
        if (l.next() !== 0x3d) return l.errorf('expected :=');
        return l.emit(ItemType.Declare);
      case 0x7c: // '|'
        return l.emit(ItemType.Pipe);
      case 0x22: // '"'
        return lexQuote;
      case 0x60: // '`'
        return lexRawQuote;
      case 0x24: // '$'
        return lexVariable;
      case 0x27: // '\''
        return lexChar;
      case 0x28: // '('
        l.parenDepth++;
        return l.emit(ItemType.LeftParen);
      case 0x29: // ')'
        l.parenDepth--;
        if (l.parenDepth < 0) return l.errorf('unexpected right paren');
        return l.emit(ItemType.RightParen);
    }
    if (r === 0x2e) {
      // '.': special look-ahead for ".field" so we don't break backup().
      if (l.pos < l.input.length) {
        const c = l.input.charCodeAt(l.pos);
        if (c < 0x30 || c > 0x39) return lexField;
      }
      l.backup();
      return lexNumber;
    }
    if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
      l.backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      l.backup();
      return lexIdentifier;
    }
    if (r <= 0x7f && isPrint(r)) return l.emit(ItemType.Char);
    return l.errorf(`unrecognized character in action: ${formatSharpU(r)}`);
  }

  static lexSpace(this: void, l: Lexer): StateFn | null {
    let numSpaces = 0;
    for (;;) {
      const r = l.peek();
      if (!isSpace(r)) break;
      l.next();
      numSpaces++;
    }
    // Be careful about a trim-marked closing delimiter, which has a minus after a space.
    if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(l.rightDelim, l.pos - 1 + TRIM_MARKER_LEN)) {
      l.backup(); // Before the space.
      if (numSpaces === 1) return lexRightDelim;
    }
    return l.emit(ItemType.Space);
  }

  static lexIdentifier(this: void, l: Lexer): StateFn | null {
    for (;;) {
      const r = l.next();
      if (isAlphaNumeric(r)) continue;
      l.backup();
      const word = l.input.slice(l.start, l.pos);
      if (!l.atTerminator()) return l.errorf(`bad character ${formatSharpU(r)}`);
      const kw = KEYWORDS.get(word);
      if (kw !== undefined && kw > ItemType.Keyword) {
        if ((kw === ItemType.Break && !l.options.breakOK) || (kw === ItemType.Continue && !l.options.continueOK)) {
          return l.emit(ItemType.Identifier);
        }
        return l.emit(kw);
      }
      if (word[0] === '.') return l.emit(ItemType.Field);
      if (word === 'true' || word === 'false') return l.emit(ItemType.Bool);
      return l.emit(ItemType.Identifier);
    }
  }

  static lexField(this: void, l: Lexer): StateFn | null {
    return lexFieldOrVariable(l, ItemType.Field);
  }

  static lexVariable(this: void, l: Lexer): StateFn | null {
    if (l.atTerminator()) return l.emit(ItemType.Variable);
    return lexFieldOrVariable(l, ItemType.Variable);
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e:
      case 0x2c:
      case 0x7c:
      case 0x3a:
      case 0x29:
      case 0x28:
        return true;
    }
    return this.input.startsWith(this.rightDelim, this.pos);
  }

  static lexChar(this: void, l: Lexer): StateFn | null {
    for (;;) {
      let r = l.next();
      if (r === 0x5c) {
        r = l.next();
        if (r !== EOF && r !== 0x0a) continue;
        return l.errorf('unterminated character constant');
      }
      if (r === EOF || r === 0x0a) return l.errorf('unterminated character constant');
      if (r === 0x27) break;
    }
    return l.emit(ItemType.CharConstant);
  }

  static lexNumber(this: void, l: Lexer): StateFn | null {
    if (!l.scanNumber()) return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
    const sign = l.peek();
    if (sign === 0x2b || sign === 0x2d) {
      // Complex: 1+2i. No spaces, must end in 'i'.
      if (!l.scanNumber() || l.input.charCodeAt(l.pos - 1) !== 0x69) {
        return l.errorf(`bad number syntax: ${quote(l.input.slice(l.start, l.pos))}`);
      }
      return l.emit(ItemType.Complex);
    }
    return l.emit(ItemType.Number);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 10 + 1 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 16 + 6 + 1 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  static lexQuote(this: void, l: Lexer): StateFn | null {
    for (;;) {
      let r = l.next();
      if (r === 0x5c) {
        r = l.next();
        if (r !== EOF && r !== 0x0a) continue;
        return l.errorf('unterminated quoted string');
      }
      if (r === EOF || r === 0x0a) return l.errorf('unterminated quoted string');
      if (r === 0x22) break;
    }
    return l.emit(ItemType.String);
  }

  static lexRawQuote(this: void, l: Lexer): StateFn | null {
    for (;;) {
      const r = l.next();
      if (r === EOF) return l.errorf('unterminated raw quoted string');
      if (r === 0x60) break;
    }
    return l.emit(ItemType.RawString);
  }
}

function lexFieldOrVariable(l: Lexer, typ: ItemType): StateFn | null {
  if (l.atTerminator()) {
    if (typ === ItemType.Variable) return l.emit(ItemType.Variable);
    return l.emit(ItemType.Dot);
  }
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${formatSharpU(r)}`);
  return l.emit(typ);
}

const lexText = Lexer.lexText;
const lexLeftDelim = Lexer.lexLeftDelim;
const lexComment = Lexer.lexComment;
const lexRightDelim = Lexer.lexRightDelim;
const lexInsideAction = Lexer.lexInsideAction;
const lexSpace = Lexer.lexSpace;
const lexIdentifier = Lexer.lexIdentifier;
const lexField = Lexer.lexField;
const lexVariable = Lexer.lexVariable;
const lexChar = Lexer.lexChar;
const lexNumber = Lexer.lexNumber;
const lexQuote = Lexer.lexQuote;
const lexRawQuote = Lexer.lexRawQuote;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && SPACE_CHARS.includes(s[i - 1])) i--;
  return to - i;
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && SPACE_CHARS.includes(s[i])) i++;
  return i - from;
}
