/**
 * Lexer tables ported from Go's text/template/parse/lex_test.go (TestLex, TestDelims,
 * TestDelimsAlphaNumeric, TestDelimsAndMarkers, TestPos).
 */
import * as assert from 'node:assert/strict';
import { Item, ItemType as T, Lexer } from '../../../../server/src/helm/template/lex';

type Tok = [T, string];

function collect(input: string, left = '{{', right = '}}'): Item[] {
  const l = new Lexer(input, left, right);
  l.options = { emitComment: true, breakOK: true, continueOK: true };
  const items: Item[] = [];
  for (;;) {
    const item = l.nextItem();
    items.push(item);
    if (item.typ === T.EOF || item.typ === T.Error) return items;
  }
}

const tDot: Tok = [T.Dot, '.'];
const tEOF: Tok = [T.EOF, ''];
const tFor: Tok = [T.Identifier, 'for'];
const tLeft: Tok = [T.LeftDelim, '{{'];
const tLpar: Tok = [T.LeftParen, '('];
const tPipe: Tok = [T.Pipe, '|'];
const tQuote: Tok = [T.String, '"abc \\n\\t\\" "'];
const tRange: Tok = [T.Range, 'range'];
const tRight: Tok = [T.RightDelim, '}}'];
const tRpar: Tok = [T.RightParen, ')'];
const tSpace: Tok = [T.Space, ' '];
const raw = '`abc\\n\\t\\" `';
const rawNL = '`now is{{\n}}the time`';

const lexTests: [string, string, Tok[]][] = [
  ['empty', '', [tEOF]],
  ['spaces', ' \t\n', [[T.Text, ' \t\n'], tEOF]],
  ['text', 'now is the time', [[T.Text, 'now is the time'], tEOF]],
  ['text with comment', 'hello-{{/* this is a comment */}}-world', [[T.Text, 'hello-'], [T.Comment, '/* this is a comment */'], [T.Text, '-world'], tEOF]],
  ['punctuation', '{{,@% }}', [tLeft, [T.Char, ','], [T.Char, '@'], [T.Char, '%'], tSpace, tRight, tEOF]],
  ['parens', '{{((3))}}', [tLeft, tLpar, tLpar, [T.Number, '3'], tRpar, tRpar, tRight, tEOF]],
  ['empty action', '{{}}', [tLeft, tRight, tEOF]],
  ['for', '{{for}}', [tLeft, tFor, tRight, tEOF]],
  ['block', '{{block "foo" .}}', [tLeft, [T.Block, 'block'], tSpace, [T.String, '"foo"'], tSpace, tDot, tRight, tEOF]],
  ['quote', '{{"abc \\n\\t\\" "}}', [tLeft, tQuote, tRight, tEOF]],
  ['raw quote', '{{' + raw + '}}', [tLeft, [T.RawString, raw], tRight, tEOF]],
  ['raw quote with newline', '{{' + rawNL + '}}', [tLeft, [T.RawString, rawNL], tRight, tEOF]],
  ['numbers', '{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}', [
    tLeft, [T.Number, '1'], tSpace, [T.Number, '02'], tSpace, [T.Number, '0x14'], tSpace, [T.Number, '0X14'], tSpace,
    [T.Number, '-7.2i'], tSpace, [T.Number, '1e3'], tSpace, [T.Number, '1E3'], tSpace, [T.Number, '+1.2e-4'], tSpace,
    [T.Number, '4.2i'], tSpace, [T.Complex, '1+2i'], tSpace, [T.Number, '1_2'], tSpace, [T.Number, '0x1.e_fp4'], tSpace,
    [T.Number, '0X1.E_FP4'], tRight, tEOF,
  ]],
  ['characters', "{{'a' '\\n' '\\'' '\\\\' '\\u00FF' '\\xFF' '本'}}", [
    tLeft, [T.CharConstant, "'a'"], tSpace, [T.CharConstant, "'\\n'"], tSpace, [T.CharConstant, "'\\''"], tSpace,
    [T.CharConstant, "'\\\\'"], tSpace, [T.CharConstant, "'\\u00FF'"], tSpace, [T.CharConstant, "'\\xFF'"], tSpace,
    [T.CharConstant, "'本'"], tRight, tEOF,
  ]],
  ['bools', '{{true false}}', [tLeft, [T.Bool, 'true'], tSpace, [T.Bool, 'false'], tRight, tEOF]],
  ['dot', '{{.}}', [tLeft, tDot, tRight, tEOF]],
  ['nil', '{{nil}}', [tLeft, [T.Nil, 'nil'], tRight, tEOF]],
  ['dots', '{{.x . .2 .x.y.z}}', [tLeft, [T.Field, '.x'], tSpace, tDot, tSpace, [T.Number, '.2'], tSpace, [T.Field, '.x'], [T.Field, '.y'], [T.Field, '.z'], tRight, tEOF]],
  ['keywords', '{{range if else end with}}', [tLeft, [T.Range, 'range'], tSpace, [T.If, 'if'], tSpace, [T.Else, 'else'], tSpace, [T.End, 'end'], tSpace, [T.With, 'with'], tRight, tEOF]],
  ['variables', '{{$c := printf $ $hello $23 $ $var.Field .Method}}', [
    tLeft, [T.Variable, '$c'], tSpace, [T.Declare, ':='], tSpace, [T.Identifier, 'printf'], tSpace, [T.Variable, '$'], tSpace,
    [T.Variable, '$hello'], tSpace, [T.Variable, '$23'], tSpace, [T.Variable, '$'], tSpace, [T.Variable, '$var'], [T.Field, '.Field'],
    tSpace, [T.Field, '.Method'], tRight, tEOF,
  ]],
  ['variable invocation', '{{$x 23}}', [tLeft, [T.Variable, '$x'], tSpace, [T.Number, '23'], tRight, tEOF]],
  ['pipeline', 'intro {{echo hi 1.2 |noargs|args 1 "hi"}} outro', [
    [T.Text, 'intro '], tLeft, [T.Identifier, 'echo'], tSpace, [T.Identifier, 'hi'], tSpace, [T.Number, '1.2'], tSpace, tPipe,
    [T.Identifier, 'noargs'], tPipe, [T.Identifier, 'args'], tSpace, [T.Number, '1'], tSpace, [T.String, '"hi"'], tRight,
    [T.Text, ' outro'], tEOF,
  ]],
  ['declaration', '{{$v := 3}}', [tLeft, [T.Variable, '$v'], tSpace, [T.Declare, ':='], tSpace, [T.Number, '3'], tRight, tEOF]],
  ['2 declarations', '{{$v , $w := 3}}', [tLeft, [T.Variable, '$v'], tSpace, [T.Char, ','], tSpace, [T.Variable, '$w'], tSpace, [T.Declare, ':='], tSpace, [T.Number, '3'], tRight, tEOF]],
  ['field of parenthesized expression', '{{(.X).Y}}', [tLeft, tLpar, [T.Field, '.X'], tRpar, [T.Field, '.Y'], tRight, tEOF]],
  ['trimming spaces before and after', 'hello- {{- 3 -}} -world', [[T.Text, 'hello-'], tLeft, [T.Number, '3'], tRight, [T.Text, '-world'], tEOF]],
  ['trimming spaces before and after comment', 'hello- {{- /* hello */ -}} -world', [[T.Text, 'hello-'], [T.Comment, '/* hello */'], [T.Text, '-world'], tEOF]],
  // errors
  ['badchar', '#{{\x01}}', [[T.Text, '#'], tLeft, [T.Error, 'unrecognized character in action: U+0001']]],
  ['unclosed action', '{{', [tLeft, [T.Error, 'unclosed action']]],
  ['EOF in action', '{{range', [tLeft, tRange, [T.Error, 'unclosed action']]],
  ['unclosed quote', '{{"\n"}}', [tLeft, [T.Error, 'unterminated quoted string']]],
  ['unclosed raw quote', '{{`xx}}', [tLeft, [T.Error, 'unterminated raw quoted string']]],
  ['unclosed char constant', "{{'\n}}", [tLeft, [T.Error, 'unterminated character constant']]],
  ['bad number', '{{3k}}', [tLeft, [T.Error, 'bad number syntax: "3k"']]],
  ['unclosed paren', '{{(3}}', [tLeft, tLpar, [T.Number, '3'], [T.Error, 'unclosed left paren']]],
  ['extra right paren', '{{3)}}', [tLeft, [T.Number, '3'], [T.Error, 'unexpected right paren']]],
  ['long pipeline deadlock', '{{|||||}}', [tLeft, tPipe, tPipe, tPipe, tPipe, tPipe, tRight, tEOF]],
  ['text with bad comment', 'hello-{{/*/}}-world', [[T.Text, 'hello-'], [T.Error, 'unclosed comment']]],
  ['text with comment close separated from delim', 'hello-{{/* */ }}-world', [[T.Text, 'hello-'], [T.Error, 'comment ends before closing delimiter']]],
  ['unmatched right delimiter', 'hello-{.}}-world', [[T.Text, 'hello-{.}}-world'], tEOF]],
];

const tLeftDelim: Tok = [T.LeftDelim, '$$'];
const tRightDelim: Tok = [T.RightDelim, '@@'];

const lexDelimTests: [string, string, Tok[]][] = [
  ['punctuation', '$$,@%{{}}@@', [tLeftDelim, [T.Char, ','], [T.Char, '@'], [T.Char, '%'], [T.Char, '{'], [T.Char, '{'], [T.Char, '}'], [T.Char, '}'], tRightDelim, tEOF]],
  ['empty action', '$$@@', [tLeftDelim, tRightDelim, tEOF]],
  ['for', '$$for@@', [tLeftDelim, tFor, tRightDelim, tEOF]],
  ['quote', '$$"abc \\n\\t\\" "@@', [tLeftDelim, tQuote, tRightDelim, tEOF]],
  ['raw quote', '$$' + raw + '@@', [tLeftDelim, [T.RawString, raw], tRightDelim, tEOF]],
];

type PosTok = [T, number, string, number];

const lexPosTests: [string, string, PosTok[]][] = [
  ['empty', '', [[T.EOF, 0, '', 1]]],
  ['punctuation', '{{,@%#}}', [[T.LeftDelim, 0, '{{', 1], [T.Char, 2, ',', 1], [T.Char, 3, '@', 1], [T.Char, 4, '%', 1], [T.Char, 5, '#', 1], [T.RightDelim, 6, '}}', 1], [T.EOF, 8, '', 1]]],
  ['sample', '0123{{hello}}xyz', [[T.Text, 0, '0123', 1], [T.LeftDelim, 4, '{{', 1], [T.Identifier, 6, 'hello', 1], [T.RightDelim, 11, '}}', 1], [T.Text, 13, 'xyz', 1], [T.EOF, 16, '', 1]]],
  ['trimafter', '{{x -}}\n{{y}}', [[T.LeftDelim, 0, '{{', 1], [T.Identifier, 2, 'x', 1], [T.RightDelim, 5, '}}', 1], [T.LeftDelim, 8, '{{', 2], [T.Identifier, 10, 'y', 2], [T.RightDelim, 11, '}}', 2], [T.EOF, 13, '', 2]]],
  ['trimbefore', '{{x}}\n{{- y}}', [[T.LeftDelim, 0, '{{', 1], [T.Identifier, 2, 'x', 1], [T.RightDelim, 3, '}}', 1], [T.LeftDelim, 6, '{{', 2], [T.Identifier, 10, 'y', 2], [T.RightDelim, 11, '}}', 2], [T.EOF, 13, '', 2]]],
  ['longcomment', '{{/*\n*/}}\n{{undefinedFunction "test"}}', [
    [T.Comment, 2, '/*\n*/', 1], [T.Text, 9, '\n', 2], [T.LeftDelim, 10, '{{', 3], [T.Identifier, 12, 'undefinedFunction', 3],
    [T.Space, 29, ' ', 3], [T.String, 30, '"test"', 3], [T.RightDelim, 36, '}}', 3], [T.EOF, 38, '', 3],
  ]],
];

function shape(items: Item[]): Tok[] {
  return items.map((i) => [i.typ, i.val]);
}

describe('helm/template lexer (Go lex_test.go)', () => {
  for (const [name, input, want] of lexTests) {
    it(`TestLex: ${name}`, () => assert.deepEqual(shape(collect(input)), want));
  }
  for (const [name, input, want] of lexDelimTests) {
    it(`TestDelims: ${name}`, () => assert.deepEqual(shape(collect(input, '$$', '@@')), want));
  }
  it('TestDelimsAlphaNumeric', () => {
    assert.deepEqual(shape(collect('{{hub .host hub}}', '{{hub', 'hub}}')), [
      [T.LeftDelim, '{{hub'], [T.Space, ' '], [T.Field, '.host'], [T.Space, ' '], [T.RightDelim, 'hub}}'], tEOF,
    ]);
  });
  it('TestDelimsAndMarkers', () => {
    assert.deepEqual(shape(collect('{{- .x -}} {{- - .x - -}}', '{{- ', ' -}}')), [
      [T.LeftDelim, '{{- '], [T.Field, '.x'], [T.RightDelim, ' -}}'], [T.LeftDelim, '{{- '], [T.Field, '.x'], [T.RightDelim, ' -}}'], tEOF,
    ]);
  });
  for (const [name, input, want] of lexPosTests) {
    it(`TestPos: ${name}`, () => assert.deepEqual(collect(input).map((i) => [i.typ, i.pos, i.val, i.line]), want));
  }
  it('positions and lines are JS string indices over non-ASCII text', () => {
    const items = collect('é\n{{ "ü" }}');
    assert.deepEqual(items.map((i) => [i.typ, i.pos, i.line]), [
      [T.Text, 0, 1], [T.LeftDelim, 2, 2], [T.Space, 4, 2], [T.String, 5, 2], [T.Space, 8, 2], [T.RightDelim, 9, 2], [T.EOF, 11, 2],
    ]);
  });
});
