/**
 * Parse tree of a template (text/template/parse/node.go). Every node knows its tree (for the source
 * text and the name errors report) and its position `pos` as Go computes it (a JS string index).
 * Actions additionally record the range of their whole `{{ … }}` text (`start`/`end`), which the
 * executor reports in OutputSegments and ControlEvents.
 */
import { quote } from './strconv';

export enum NodeType {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Else,
  End,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
}

export interface Tree {
  /** The template's name ({{define "name"}} or the name it was added under). */
  name: string;
  /** The name of the top-level text being parsed (the file), for error locations and segments. */
  parseName: string;
  /** The full text this tree was parsed from. */
  text: string;
  root: ListNode;
  leftDelim: string;
  rightDelim: string;
}

interface Base {
  pos: number;
  tree: Tree;
}

export interface TextNode extends Base {
  type: NodeType.Text;
  text: string;
}
export interface CommentNode extends Base {
  type: NodeType.Comment;
  text: string;
}
export interface ListNode extends Base {
  type: NodeType.List;
  nodes: Node[];
}
export interface PipeNode extends Base {
  type: NodeType.Pipe;
  line: number;
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
/** Where a `{{ … }}` action sits in its text: [start, end) from the left to after the right delimiter. */
export interface ActionRange {
  start: number;
  end: number;
}
export interface ActionNode extends Base, ActionRange {
  type: NodeType.Action;
  line: number;
  pipe: PipeNode;
}
export interface CommandNode extends Base {
  type: NodeType.Command;
  args: ArgNode[];
}
export interface IdentifierNode extends Base {
  type: NodeType.Identifier;
  ident: string;
}
export interface VariableNode extends Base {
  type: NodeType.Variable;
  ident: string[];
}
export interface DotNode extends Base {
  type: NodeType.Dot;
}
export interface NilNode extends Base {
  type: NodeType.Nil;
}
export interface FieldNode extends Base {
  type: NodeType.Field;
  ident: string[];
}
export interface ChainNode extends Base {
  type: NodeType.Chain;
  node: ArgNode;
  field: string[];
}
export interface BoolNode extends Base {
  type: NodeType.Bool;
  value: boolean;
}
export interface NumberNode extends Base {
  type: NodeType.Number;
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
  /** Real and imaginary parts of a complex constant (kept only for error messages). */
  complex: [number, number];
  text: string;
}
export interface StringNode extends Base {
  type: NodeType.String;
  quoted: string;
  text: string;
}
export interface EndNode extends Base {
  type: NodeType.End;
}
export interface ElseNode extends Base {
  type: NodeType.Else;
  line: number;
}
export interface BranchNode extends Base, ActionRange {
  type: NodeType.If | NodeType.Range | NodeType.With;
  line: number;
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface BreakNode extends Base {
  type: NodeType.Break;
  line: number;
}
export interface ContinueNode extends Base {
  type: NodeType.Continue;
  line: number;
}
export interface TemplateNode extends Base, ActionRange {
  type: NodeType.Template;
  line: number;
  name: string;
  pipe: PipeNode | null;
}

/** Nodes that can appear as arguments of a command. */
export type ArgNode =
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export type Node =
  | TextNode
  | CommentNode
  | ListNode
  | PipeNode
  | ActionNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | BranchNode
  | BreakNode
  | ContinueNode
  | TemplateNode;

/**
 * node.String() as Go writes it (used in error messages). `quoteText` writes text nodes quoted,
 * as Go's parse tests do (textFormat = "%q").
 */
export function nodeToString(n: Node, quoteText = false): string {
  const parts: string[] = [];
  textQuoted = quoteText;
  try {
    writeNode(n, parts);
  } finally {
    textQuoted = false;
  }
  return parts.join('');
}

let textQuoted = false;

function writeNode(n: Node, sb: string[]): void {
  switch (n.type) {
    case NodeType.Text:
      sb.push(textQuoted ? quote(n.text) : n.text);
      return;
    case NodeType.Comment:
      sb.push(n.tree.leftDelim, n.text, n.tree.rightDelim);
      return;
    case NodeType.List:
      for (const c of n.nodes) writeNode(c, sb);
      return;
    case NodeType.Pipe:
      writePipe(n, sb);
      return;
    case NodeType.Action:
      sb.push(n.tree.leftDelim);
      writePipe(n.pipe, sb);
      sb.push(n.tree.rightDelim);
      return;
    case NodeType.Command:
      n.args.forEach((arg, i) => {
        if (i > 0) sb.push(' ');
        if (arg.type === NodeType.Pipe) {
          sb.push('(');
          writePipe(arg, sb);
          sb.push(')');
        } else writeNode(arg, sb);
      });
      return;
    case NodeType.Identifier:
      sb.push(n.ident);
      return;
    case NodeType.Variable:
      sb.push(n.ident.join('.'));
      return;
    case NodeType.Dot:
      sb.push('.');
      return;
    case NodeType.Nil:
      sb.push('nil');
      return;
    case NodeType.Field:
      for (const id of n.ident) sb.push('.', id);
      return;
    case NodeType.Chain:
      if (n.node.type === NodeType.Pipe) {
        sb.push('(');
        writePipe(n.node, sb);
        sb.push(')');
      } else writeNode(n.node, sb);
      for (const f of n.field) sb.push('.', f);
      return;
    case NodeType.Bool:
      sb.push(n.value ? 'true' : 'false');
      return;
    case NodeType.Number:
      sb.push(n.text);
      return;
    case NodeType.String:
      sb.push(n.quoted);
      return;
    case NodeType.End:
      sb.push(n.tree.leftDelim, 'end', n.tree.rightDelim);
      return;
    case NodeType.Else:
      sb.push(n.tree.leftDelim, 'else', n.tree.rightDelim);
      return;
    case NodeType.If:
    case NodeType.Range:
    case NodeType.With: {
      const name = n.type === NodeType.If ? 'if' : n.type === NodeType.Range ? 'range' : 'with';
      sb.push(n.tree.leftDelim, name, ' ');
      writePipe(n.pipe, sb);
      sb.push(n.tree.rightDelim);
      writeNode(n.list, sb);
      if (n.elseList) {
        sb.push(n.tree.leftDelim, 'else', n.tree.rightDelim);
        writeNode(n.elseList, sb);
      }
      sb.push(n.tree.leftDelim, 'end', n.tree.rightDelim);
      return;
    }
    case NodeType.Break:
      sb.push(n.tree.leftDelim, 'break', n.tree.rightDelim);
      return;
    case NodeType.Continue:
      sb.push(n.tree.leftDelim, 'continue', n.tree.rightDelim);
      return;
    case NodeType.Template:
      sb.push(n.tree.leftDelim, 'template ', quote(n.name));
      if (n.pipe) {
        sb.push(' ');
        writePipe(n.pipe, sb);
      }
      sb.push(n.tree.rightDelim);
      return;
  }
}

function writePipe(p: PipeNode, sb: string[]): void {
  if (p.decl.length > 0) {
    p.decl.forEach((v, i) => {
      if (i > 0) sb.push(', ');
      writeNode(v, sb);
    });
    sb.push(p.isAssign ? ' = ' : ' := ');
  }
  p.cmds.forEach((c, i) => {
    if (i > 0) sb.push(' | ');
    writeNode(c, sb);
  });
}

/** Text made only of unicode.IsSpace characters (bytes.TrimSpace leaves nothing). */
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** parse.IsEmptyTree: only space and comments. */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case NodeType.Comment:
      return true;
    case NodeType.List:
      return n.nodes.every(isEmptyTree);
    case NodeType.Text:
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}
