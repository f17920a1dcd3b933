/**
 * A port of the block-style parts of libyaml's emitter as go-yaml carries it (emitterc.go): scalar
 * analysis, style selection, quoting and escaping, line folding at the best width, indentation of
 * block sequences and mappings, and the flow style of empty collections. It walks a small tree
 * instead of an event stream, keeping the emitter's state variables (column, whitespace,
 * indention, indent stack, contexts) so that its output matches go-yaml byte for byte.
 *
 * go-yaml v2 (sigs.k8s.io/yaml, Helm's toYaml) and v3 (Helm's toYamlPretty) share this emitter;
 * they differ in indentation width, in whether a block sequence inside a mapping is indented, and
 * in line width, all of which are options.
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export interface YamlScalar {
  readonly kind: 'scalar';
  readonly value: string;
  /** The style the encoder asks for; the emitter may fall back to a quoted style. */
  readonly style: ScalarStyle;
  /** Opaque data handed back through `onScalar` with the scalar's output range. */
  readonly mark?: unknown;
}
export interface YamlSequence {
  readonly kind: 'sequence';
  readonly items: readonly YamlNode[];
}
export interface YamlMapping {
  readonly kind: 'mapping';
  readonly entries: ReadonlyArray<readonly [YamlNode, YamlNode]>;
}
export type YamlNode = YamlScalar | YamlSequence | YamlMapping;

export interface EmitterOptions {
  /** Spaces per indentation level (go-yaml's best_indent: 2 for v2, SetIndent for v3). */
  indent: number;
  /** Column after which plain and quoted scalars fold at a space (best_width; -1 for never). */
  width: number;
  /**
   * v3 only: a block sequence that is a mapping value is indented (`key:\n  - a`); v2 writes it
   * at the key's column (`key:\n- a`).
   */
  indentSequencesInMappings?: boolean;
  /** Told where each scalar carrying a mark was written (UTF-16 offsets into the result). */
  onScalar?: (mark: unknown, start: number, end: number) => void;
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const MAX_SIMPLE_KEY_LENGTH = 128;

/** Emits `root` as one YAML document, as go-yaml's Marshal does (implicit start and end). */
export function emitYaml(root: YamlNode, options: EmitterOptions): string {
  const emitter = new Emitter(options);
  emitter.node(root, false, false);
  emitter.writeIndent(); // document end
  return emitter.result();
}

class Emitter {
  private readonly out: string[] = [];
  private offset = 0;
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private readonly bestIndent: number;
  private readonly bestWidth: number;

  constructor(private readonly options: EmitterOptions) {
    this.bestIndent = options.indent < 2 || options.indent > 9 ? 2 : options.indent;
    let width = options.width;
    if (width >= 0 && width <= this.bestIndent * 2) width = 80;
    this.bestWidth = width < 0 ? 2 ** 31 - 1 : width;
  }

  result(): string {
    return this.out.join('');
  }

  node(node: YamlNode, mapping: boolean, simpleKey: boolean, analysis?: ScalarAnalysis): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (node.kind === 'scalar') return this.scalar(node, analysis ?? analyzeScalar(node.value));
    if (node.kind === 'sequence') {
      if (this.flowLevel > 0 || node.items.length === 0) return this.flowEmpty('[', ']');
      return this.blockSequence(node);
    }
    if (this.flowLevel > 0 || node.entries.length === 0) return this.flowEmpty('{', '}');
    return this.blockMapping(node);
  }

  private flowEmpty(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(node: YamlSequence): void {
    const indentless = this.mappingContext && !this.indention && !this.options.indentSequencesInMappings;
    this.increaseIndent(false, indentless);
    for (const item of node.items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false);
    }
    this.popIndent();
  }

  private blockMapping(node: YamlMapping): void {
    this.increaseIndent(false, false);
    for (const [key, value] of node.entries) {
      this.writeIndent();
      const analysis = key.kind === 'scalar' ? analyzeScalar(key.value) : undefined;
      if (isSimpleKey(key, analysis)) {
        this.node(key, true, true, analysis);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, true, false, analysis);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, true, false);
    }
    this.popIndent();
  }

  private scalar(node: YamlScalar, analysis: ScalarAnalysis): void {
    const style = this.selectStyle(node, analysis);
    this.increaseIndent(true, false);
    // Every style starts with at most one separating space, which is not part of the scalar.
    const start = this.offset + (this.whitespace ? 0 : 1);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(node.value, allowBreaks);
        break;
      case 'single':
        this.writeSingleQuoted(node.value, allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(node.value, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(node.value);
        break;
    }
    if (node.mark !== undefined && this.options.onScalar) this.options.onScalar(node.mark, start, this.offset);
    this.popIndent();
  }

  private selectStyle(node: YamlScalar, a: ScalarAnalysis): ScalarStyle {
    let style = node.style;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (node.value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    return style;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  // ---- low-level writing (emitterc.go: put, put_break, write, write_indent, write_indicator)

  private put(s: string): void {
    this.out.push(s);
    this.offset += s.length;
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.offset += 1;
    this.column = 0;
  }

  /** Copies a line break from the value: `\n` as the emitter's break, others verbatim. */
  private writeBreak(ch: string): void {
    if (ch === '\n') return this.putBreak();
    this.out.push(ch);
    this.offset += ch.length;
    this.column = 0;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    if (this.column < indent) {
      const pad = ' '.repeat(indent - this.column);
      this.out.push(pad);
      this.offset += pad.length;
      this.column = indent;
    }
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out.push(indicator);
    this.offset += indicator.length;
    this.column += indicator.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = Array.from(value);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = Array.from(value);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') {
          this.writeIndent();
        } else this.put(ch);
        spaces = true;
      } else if (isBreak(ch)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (ch === "'") this.put("'");
        this.put(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = Array.from(value);
    const startsWithBom = chars[0] === '\ufeff';
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      const cp = ch.codePointAt(0) ?? 0;
      if (!isPrintable(cp) || startsWithBom || isBreak(ch) || ch === '"' || ch === '\\') {
        this.put('\\');
        this.putEscape(cp);
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private putEscape(cp: number): void {
    const short = SHORT_ESCAPES.get(cp);
    if (short !== undefined) return this.put(short);
    const [letter, digits] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
    this.put(letter);
    const hex = cp.toString(16).toUpperCase().padStart(digits, '0');
    for (const digit of hex) this.put(digit);
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockScalarHints(value);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const ch of value) {
      if (isBreak(ch)) {
        this.writeBreak(ch);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }

  private writeBlockScalarHints(value: string): void {
    const chars = Array.from(value);
    if (chars[0] === ' ' || (chars.length > 0 && isBreak(chars[0]))) {
      this.writeIndicator(String(this.bestIndent), false, false, false);
    }
    let chomp = '';
    const last = chars.length - 1;
    if (chars.length === 0 || !isBreak(chars[last])) chomp = '-';
    else if (last === 0 || isBreak(chars[last - 1])) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }
}

const SHORT_ESCAPES = new Map<number, string>([
  [0x00, '0'], [0x07, 'a'], [0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0b, 'v'], [0x0c, 'f'],
  [0x0d, 'r'], [0x1b, 'e'], [0x22, '"'], [0x5c, '\\'], [0x85, 'N'], [0xa0, '_'], [0x2028, 'L'], [0x2029, 'P'],
]);

function isBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r' || ch === '\u0085' || ch === '\u2028' || ch === '\u2029';
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

/** libyaml's is_printable, on code points: characters above U+FFFF are not "printable". */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** yaml_emitter_check_simple_key for a key node. */
function isSimpleKey(key: YamlNode, analysis: ScalarAnalysis | undefined): boolean {
  if (key.kind === 'scalar') {
    if ((analysis ?? analyzeScalar(key.value)).multiline) return false;
    return utf8Bytes(key.value) <= MAX_SIMPLE_KEY_LENGTH;
  }
  if (key.kind === 'sequence') return key.items.length === 0;
  return key.entries.length === 0;
}

/** Text every style can carry as is: no indicators, spaces, breaks or special characters. */
const SAFE_PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./=+-]*$/;
const ALL_ALLOWED: Readonly<ScalarAnalysis> = Object.freeze({
  multiline: false, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true,
});

/** yaml_emitter_analyze_scalar: which styles can carry `value` unchanged. */
export function analyzeScalar(value: string): ScalarAnalysis {
  if (SAFE_PLAIN.test(value)) return ALL_ALLOWED;
  if (value.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  const chars = Array.from(value);
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      switch (ch) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!':
        case '|': case '>': case "'": case '"': case '%': case '@': case '`':
          flowIndicators = true;
          blockIndicators = true;
          break;
        case '?': case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '-':
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (ch) {
        case ',': case '?': case '[': case ']': case '{': case '}':
          flowIndicators = true;
          break;
        case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '#':
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(ch.codePointAt(0) ?? 0)) specialCharacters = true;
    if (ch === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(ch) || isBreak(ch) || ch === '\0';
  }

  const a: ScalarAnalysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}
