/**
 * Parser for Go's text/template (a port of the grammar in text/template/parse/parse.go): builds
 * the trees of one text — the main template plus every {{define}}/{{block}} — with Go's error
 * messages (`template: NAME:LINE: unexpected … in …`).
 */
import {
  ActionNode,
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  isEmptyTree,
  ListNode,
  Node,
  NodeType,
  nodeToString,
  NumberNode,
  PipeNode,
  TemplateNode,
  Tree,
  VariableNode,
} from './ast';
import { TemplateError } from './errors';
import { Item, ItemType, itemString, Lexer } from './lex';
import { parseFloat64, parseInt64, parseUint, quote, SyntaxErr, unquote, unquoteCharConstant } from './strconv';

export interface ParseOptions {
  /** Whether a function of this name exists (parse-time check, as Go's funcs maps). */
  hasFunction: (name: string) => boolean;
  leftDelim?: string;
  rightDelim?: string;
  /** Keep comments as CommentNodes (Go's ParseComments mode). */
  parseComments?: boolean;
  /** Do not check that functions are defined (Go's SkipFuncCheck mode). */
  skipFuncCheck?: boolean;
  /** Maximum nesting of parenthesised pipelines (Go's maxStackDepth); default MAX_PAREN_DEPTH. */
  maxParenDepth?: number;
}

/**
 * Maximum nesting of parenthesised pipelines, and separately of control blocks. Go allows 10000
 * parentheses (and unbounded blocks) on its growable stacks; a JS stack holds less, so the bounds
 * are lower.
 */
export const MAX_PAREN_DEPTH = 1000;
export const MAX_BLOCK_DEPTH = 1000;

/** Thrown to stop parsing; converted to a TemplateError by parse(). */
class ParseAbort extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * Parses `text` as template `name` and returns every tree it defines (the main one under `name`).
 * Throws TemplateError (kind 'parse').
 */
export function parse(name: string, text: string, options: ParseOptions): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const p = new Parser(name, text, options, treeSet);
  try {
    p.parseTop();
  } catch (e) {
    if (e instanceof ParseAbort) {
      throw new TemplateError(e.message, { template: name, line: e.line, offset: e.offset, column: 0 }, 'parse');
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new TemplateError(`template: ${name}: template nesting too deep to parse`, { template: name }, 'limit');
    }
    throw e;
  }
  return treeSet;
}

class Parser {
  private readonly lex: Lexer;
  private readonly token: Item[] = [dummyItem(), dummyItem(), dummyItem()];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private parenDepth = 0;
  private blockDepth = 0;
  /** Where the action being parsed starts ({{) and where the last right delimiter ended. */
  private actionStart = 0;
  private lastRightDelimEnd = 0;
  /** The tree being built (the main one, or a define/block body). */
  private tree: Tree;
  private readonly leftDelim: string;
  private readonly rightDelim: string;

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly options: ParseOptions,
    private readonly treeSet: Map<string, Tree>,
  ) {
    this.leftDelim = options.leftDelim || '{{';
    this.rightDelim = options.rightDelim || '}}';
    this.lex = new Lexer(text, this.leftDelim, this.rightDelim);
    this.lex.options = {
      emitComment: !!options.parseComments,
      breakOK: !options.hasFunction('break'),
      continueOK: !options.hasFunction('continue'),
    };
    this.tree = this.newTree(name);
  }

  private newTree(name: string): Tree {
    return {
      name,
      parseName: this.name,
      text: this.text,
      root: null as unknown as ListNode,
      leftDelim: this.leftDelim,
      rightDelim: this.rightDelim,
    };
  }

  // ---- token stream ----

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    const tok = this.token[this.peekCount];
    if (tok.typ === ItemType.RightDelim) this.lastRightDelimEnd = tok.pos + tok.val.length;
    return tok;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === ItemType.Space);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // ---- errors ----

  private errorf(message: string): never {
    const tok = this.token[0];
    throw new ParseAbort(`template: ${this.name}:${tok.line}: ${message}`, tok.line, tok.pos);
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(e1: ItemType, e2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== e1 && token.typ !== e2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === ItemType.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  // ---- grammar ----

  parseTop(): void {
    this.tree.root = this.newList(this.peek().pos);
    while (this.peek().typ !== ItemType.EOF) {
      if (this.peek().typ === ItemType.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === ItemType.Define) {
          this.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) this.errorf(`unexpected ${nodeToString(n)}`);
      this.tree.root.nodes.push(n);
    }
    this.addTree(this.tree);
  }

  /** Tree.add: the first non-empty definition of a name wins within one text; two are an error. */
  private addTree(tree: Tree): void {
    const old = this.treeSet.get(tree.name);
    if (old === undefined || isEmptyTree(old.root)) {
      this.treeSet.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) this.errorf(`template: multiple definition of template ${quote(tree.name)}`);
  }

  /** {{define "name"}} ... {{end}}; "define" is already consumed. */
  private parseDefinition(): void {
    const context = 'define clause';
    const outer = this.tree;
    const savedVars = this.vars;
    const savedRangeDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const nameTok = this.expectOneOf(ItemType.String, ItemType.RawString, context);
    const tree = this.newTree('definition');
    try {
      tree.name = unquote(nameTok.val);
    } catch (e) {
      if (e instanceof SyntaxErr) this.errorf(e.message);
      throw e;
    }
    this.expect(ItemType.RightDelim, context);
    this.tree = tree;
    const [list, end] = this.itemList();
    if (end.type !== NodeType.End) this.errorf(`unexpected ${nodeToString(end)} in ${context}`);
    tree.root = list;
    this.addTree(tree);
    this.tree = outer;
    this.vars = savedVars;
    this.rangeDepth = savedRangeDepth;
  }

  /** textOrAction* up to {{end}} or {{else}}, which is returned separately. */
  private itemList(): [ListNode, Node] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Text:
        return { type: NodeType.Text, pos: token.pos, tree: this.tree, text: token.val };
      case ItemType.LeftDelim: {
        this.actionLine = token.line;
        this.actionStart = token.pos;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case ItemType.Comment:
        return { type: NodeType.Comment, pos: token.pos, tree: this.tree, text: token.val };
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Block:
        return this.blockControl();
      case ItemType.Break:
        return this.breakControl(token.pos, token.line);
      case ItemType.Continue:
        return this.continueControl(token.pos, token.line);
      case ItemType.Else:
        return this.elseControl();
      case ItemType.End:
        return this.endControl();
      case ItemType.If:
        return this.ifControl();
      case ItemType.Range:
        return this.rangeControl();
      case ItemType.Template:
        return this.templateControl();
      case ItemType.With:
        return this.withControl();
    }
    this.backup();
    const start = this.actionStart;
    const tok = this.peek();
    // Do not pop variables; they persist until "end".
    const pipe = this.pipeline('command', ItemType.RightDelim);
    const node: ActionNode = {
      type: NodeType.Action,
      pos: tok.pos,
      tree: this.tree,
      line: tok.line,
      pipe,
      start,
      end: this.lastRightDelimEnd,
    };
    return node;
  }

  private breakControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== ItemType.RightDelim) this.unexpected(token, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return { type: NodeType.Break, pos, line, tree: this.tree };
  }

  private continueControl(pos: number, line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== ItemType.RightDelim) this.unexpected(token, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return { type: NodeType.Continue, pos, line, tree: this.tree };
  }

  /** declarations? command ('|' command)* */
  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = {
      type: NodeType.Pipe,
      pos: token.pos,
      tree: this.tree,
      line: token.line,
      isAssign: false,
      decl: [],
      cmds: [],
    };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== ItemType.Variable) break;
      this.next();
      // Three-token look-ahead: in "$x foo", "$x" is an argument, not a declaration.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === ItemType.Assign || next.typ === ItemType.Declare) {
        pipe.isAssign = next.typ === ItemType.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === ItemType.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().typ;
          if (t === ItemType.Variable || t === ItemType.RightDelim || t === ItemType.RightParen) {
            continue decls; // second initialized variable in a range pipeline
          }
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.typ === ItemType.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const tok = this.nextNonSpace();
      switch (tok.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case ItemType.Bool:
        case ItemType.CharConstant:
        case ItemType.Complex:
        case ItemType.Dot:
        case ItemType.Field:
        case ItemType.Identifier:
        case ItemType.Number:
        case ItemType.Nil:
        case ItemType.RawString:
        case ItemType.String:
        case ItemType.Variable:
        case ItemType.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(tok, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case NodeType.Bool:
        case NodeType.Dot:
        case NodeType.Nil:
        case NodeType.Number:
        case NodeType.String:
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private enterBlock(): void {
    if (++this.blockDepth > MAX_BLOCK_DEPTH) this.errorf('max block nesting depth exceeded');
  }

  private parseControl(context: 'if' | 'range' | 'with'): BranchNode {
    const start = this.actionStart;
    const mark = this.vars.length;
    this.enterBlock();
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const end = this.lastRightDelimEnd;
    if (context === 'range') this.rangeDepth++;
    const [list, listEnd] = this.itemList();
    let next = listEnd;
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.type === NodeType.Else) {
      // "{{else if …" and "{{else with …" are treated as "{{else}}{{if …}}…{{end}}{{end}}".
      if (context === 'if' && this.peek().typ === ItemType.If) {
        this.next();
        elseList = this.newList(next.pos);
        elseList.nodes.push(this.ifControl());
      } else if (context === 'with' && this.peek().typ === ItemType.With) {
        this.next();
        elseList = this.newList(next.pos);
        elseList.nodes.push(this.withControl());
      } else {
        [elseList, next] = this.itemList();
        if (next.type !== NodeType.End) this.errorf(`expected end; found ${nodeToString(next)}`);
      }
    }
    this.blockDepth--;
    this.vars.length = mark;
    const type = context === 'if' ? NodeType.If : context === 'range' ? NodeType.Range : NodeType.With;
    return { type, pos: pipe.pos, tree: this.tree, line: pipe.line, pipe, list, elseList, start, end };
  }

  private ifControl(): Node {
    return this.parseControl('if');
  }

  private rangeControl(): Node {
    return this.parseControl('range');
  }

  private withControl(): Node {
    return this.parseControl('with');
  }

  private endControl(): Node {
    return { type: NodeType.End, pos: this.expect(ItemType.RightDelim, 'end').pos, tree: this.tree };
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === ItemType.If || peek.typ === ItemType.With) {
      return { type: NodeType.Else, pos: peek.pos, line: peek.line, tree: this.tree };
    }
    const token = this.expect(ItemType.RightDelim, 'else');
    return { type: NodeType.Else, pos: token.pos, line: token.line, tree: this.tree };
  }

  /** {{block "name" pipeline}} ... {{end}} */
  private blockControl(): Node {
    const context = 'block clause';
    const start = this.actionStart;
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const end = this.lastRightDelimEnd;
    const outer = this.tree;
    const block = this.newTree(name);
    this.tree = block;
    this.enterBlock();
    const savedVars = this.vars;
    const savedRangeDepth = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, endNode] = this.itemList();
    this.vars = savedVars;
    this.rangeDepth = savedRangeDepth;
    this.blockDepth--;
    if (endNode.type !== NodeType.End) this.errorf(`unexpected ${nodeToString(endNode)} in ${context}`);
    block.root = list;
    this.addTree(block);
    this.tree = outer;
    const node: TemplateNode = { type: NodeType.Template, pos: token.pos, tree: outer, line: token.line, name, pipe, start, end };
    return node;
  }

  /** {{template "name" pipeline?}} */
  private templateControl(): Node {
    const context = 'template clause';
    const start = this.actionStart;
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== ItemType.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, ItemType.RightDelim);
    }
    const node: TemplateNode = {
      type: NodeType.Template,
      pos: token.pos,
      tree: this.tree,
      line: token.line,
      name,
      pipe,
      start,
      end: this.lastRightDelimEnd,
    };
    return node;
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === ItemType.String || token.typ === ItemType.RawString) {
      try {
        return unquote(token.val);
      } catch (e) {
        if (e instanceof SyntaxErr) this.errorf(e.message);
        throw e;
      }
    }
    this.unexpected(token, context);
  }

  /** operand (space operand)* up to a pipe symbol or the end of the pipeline. */
  private command(): CommandNode {
    const cmd: CommandNode = { type: NodeType.Command, pos: this.peekNonSpace().pos, tree: this.tree, args: [] };
    for (;;) {
      this.peekNonSpace(); // skip leading spaces.
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === ItemType.Space) continue;
      if (token.typ === ItemType.RightDelim || token.typ === ItemType.RightParen) this.backup();
      else if (token.typ !== ItemType.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  /** term .Field* */
  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null) return null;
    if (this.peek().typ !== ItemType.Field) return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().typ === ItemType.Field) fields.push(this.next().val.slice(1));
    switch (node.type) {
      case NodeType.Field:
        return { type: NodeType.Field, pos: chainPos, tree: this.tree, ident: [...node.ident, ...fields] };
      case NodeType.Variable:
        return { type: NodeType.Variable, pos: chainPos, tree: this.tree, ident: [...node.ident, ...fields] };
      case NodeType.Bool:
      case NodeType.String:
      case NodeType.Number:
      case NodeType.Nil:
      case NodeType.Dot:
        this.errorf(`unexpected . after term ${quote(nodeToString(node))}`);
      default: {
        const chain: ChainNode = { type: NodeType.Chain, pos: chainPos, tree: this.tree, node, field: fields };
        return chain;
      }
    }
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Identifier:
        if (!this.options.skipFuncCheck && !this.options.hasFunction(token.val)) {
          this.errorf(`function ${quote(token.val)} not defined`);
        }
        return { type: NodeType.Identifier, pos: token.pos, tree: this.tree, ident: token.val };
      case ItemType.Dot:
        return { type: NodeType.Dot, pos: token.pos, tree: this.tree };
      case ItemType.Nil:
        return { type: NodeType.Nil, pos: token.pos, tree: this.tree };
      case ItemType.Variable:
        return this.useVar(token.pos, token.val);
      case ItemType.Field:
        return { type: NodeType.Field, pos: token.pos, tree: this.tree, ident: token.val.slice(1).split('.') };
      case ItemType.Bool:
        return { type: NodeType.Bool, pos: token.pos, tree: this.tree, value: token.val === 'true' };
      case ItemType.CharConstant:
      case ItemType.Complex:
      case ItemType.Number:
        return this.newNumber(token.pos, token.val, token.typ);
      case ItemType.LeftParen: {
        if (this.parenDepth >= (this.options.maxParenDepth ?? MAX_PAREN_DEPTH)) this.errorf('max expression depth exceeded');
        this.parenDepth++;
        const pipe = this.pipeline('parenthesized pipeline', ItemType.RightParen);
        this.parenDepth--;
        return pipe;
      }
      case ItemType.String:
      case ItemType.RawString:
        try {
          return { type: NodeType.String, pos: token.pos, tree: this.tree, quoted: token.val, text: unquote(token.val) };
        } catch (e) {
          if (e instanceof SyntaxErr) this.errorf(e.message);
          throw e;
        }
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${quote(v.ident[0])}`);
    return v;
  }

  private newVariable(pos: number, ident: string): VariableNode {
    return { type: NodeType.Variable, pos, tree: this.tree, ident: ident.split('.') };
  }

  private newList(pos: number): ListNode {
    return { type: NodeType.List, pos, tree: this.tree, nodes: [] };
  }

  private newNumber(pos: number, text: string, typ: ItemType): NumberNode {
    const n: NumberNode = {
      type: NodeType.Number,
      pos,
      tree: this.tree,
      isInt: false,
      isUint: false,
      isFloat: false,
      isComplex: false,
      int64: 0n,
      uint64: 0n,
      float64: 0,
      complex: [0, 0],
      text,
    };
    if (typ === ItemType.CharConstant) {
      let rune: number;
      let tail: string;
      try {
        ({ rune, tail } = unquoteCharConstant(text));
      } catch (e) {
        if (e instanceof SyntaxErr) this.errorf(e.message);
        throw e;
      }
      if (tail !== "'") this.errorf(`malformed character constant: ${text}`);
      n.int64 = BigInt(rune);
      n.isInt = true;
      n.uint64 = BigInt(rune);
      n.isUint = true;
      n.float64 = rune;
      n.isFloat = true;
      return n;
    }
    if (typ === ItemType.Complex) {
      // "1+2i": real and imaginary parts, each a float.
      const m = /^([+-]?[^+-]+(?:[eEpP][+-]?[^+-]+)?)([+-].+)i$/.exec(text);
      const re = m ? parseFloat64(m[1]) : undefined;
      const im = m ? parseFloat64(m[2]) : undefined;
      if (re === undefined || im === undefined) this.errorf(`expected integer; found ${text}`);
      n.isComplex = true;
      n.complex = [re, im];
      simplifyComplex(n);
      return n;
    }
    if (text.endsWith('i')) {
      const f = parseFloat64(text.slice(0, -1));
      if (f !== undefined) {
        n.isComplex = true;
        n.complex = [0, f];
        simplifyComplex(n);
        return n;
      }
    }
    const u = parseUint(text);
    if (u.ok) {
      n.isUint = true;
      n.uint64 = u.value;
    }
    const i = parseInt64(text);
    if (i.ok) {
      n.isInt = true;
      n.int64 = i.value;
      if (i.value === 0n) {
        n.isUint = true; // in case of -0.
        n.uint64 = u.ok ? u.value : 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseFloat64(text);
      if (f !== undefined) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quote(text)}`);
        n.isFloat = true;
        n.float64 = f;
        if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quote(text)}`);
    return n;
  }
}

function simplifyComplex(n: NumberNode): void {
  const [re, im] = n.complex;
  n.isFloat = im === 0;
  if (n.isFloat) {
    n.float64 = re;
    n.isInt = Number.isInteger(re) && Math.abs(re) < 2 ** 63;
    if (n.isInt) n.int64 = BigInt(re);
    n.isUint = Number.isInteger(re) && re >= 0 && re < 2 ** 64;
    if (n.isUint) n.uint64 = BigInt(re);
  }
}

function dummyItem(): Item {
  return { typ: ItemType.EOF, pos: 0, val: '', line: 0 };
}

/** All trees of a parse, in a stable order: the main tree first. */
export function treesOf(set: Map<string, Tree>): Tree[] {
  return [...set.values()];
}

export type { Tree };
