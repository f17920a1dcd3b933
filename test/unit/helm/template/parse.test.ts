/**
 * Parser tables ported from Go's text/template/parse/parse_test.go: TestNumberParse, TestParse,
 * TestParseWithComments, TestDelimsStringRoundtrip, TestKeywordsAndFuncs, TestSkipFuncCheck,
 * TestIsEmpty, TestErrors, TestBlock, TestLineNum.
 */
import * as assert from 'node:assert/strict';
import { ActionNode, isEmptyTree, NodeType, nodeToString, NumberNode } from '../../../../server/src/helm/template/ast';
import { TemplateError } from '../../../../server/src/helm/template/errors';
import { parse, ParseOptions } from '../../../../server/src/helm/template/parse';

const builtinsOnly = (names: string[]): ParseOptions['hasFunction'] => (name) => names.includes(name);
const goBuiltins = ['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne'];

// [text, isInt, isUint, isFloat, isComplex, int64, uint64, float64]; complex parts are not kept
// (complex constants are not supported at execution), only whether the literal is complex.
type NumberCase = [string, boolean, boolean, boolean, boolean, bigint, bigint, number];
const numberTests: NumberCase[] = [
  ['0', true, true, true, false, 0n, 0n, 0],
  ['-0', true, true, true, false, 0n, 0n, 0],
  ['73', true, true, true, false, 73n, 73n, 73],
  ['7_3', true, true, true, false, 73n, 73n, 73],
  ['0b10_010_01', true, true, true, false, 73n, 73n, 73],
  ['0B10_010_01', true, true, true, false, 73n, 73n, 73],
  ['073', true, true, true, false, 0o73n, 0o73n, 0o73],
  ['0o73', true, true, true, false, 0o73n, 0o73n, 0o73],
  ['0O73', true, true, true, false, 0o73n, 0o73n, 0o73],
  ['0x73', true, true, true, false, 0x73n, 0x73n, 0x73],
  ['0X73', true, true, true, false, 0x73n, 0x73n, 0x73],
  ['0x7_3', true, true, true, false, 0x73n, 0x73n, 0x73],
  ['-73', true, false, true, false, -73n, 0n, -73],
  ['+73', true, false, true, false, 73n, 0n, 73],
  ['100', true, true, true, false, 100n, 100n, 100],
  ['1e9', true, true, true, false, 1000000000n, 1000000000n, 1e9],
  ['-1e9', true, false, true, false, -1000000000n, 0n, -1e9],
  ['-1.2', false, false, true, false, 0n, 0n, -1.2],
  ['1e19', false, true, true, false, 0n, 10000000000000000000n, 1e19],
  ['1e1_9', false, true, true, false, 0n, 10000000000000000000n, 1e19],
  ['1E19', false, true, true, false, 0n, 10000000000000000000n, 1e19],
  ['-1e19', false, false, true, false, 0n, 0n, -1e19],
  ['0x_1p4', true, true, true, false, 16n, 16n, 16],
  ['0X_1P4', true, true, true, false, 16n, 16n, 16],
  ['0x_1p-4', false, false, true, false, 0n, 0n, 1 / 16],
  ['4i', false, false, false, true, 0n, 0n, 0],
  ['-1.2+4.2i', false, false, false, true, 0n, 0n, 0],
  ['073i', false, false, false, true, 0n, 0n, 0],
  ['0i', true, true, true, true, 0n, 0n, 0],
  ['-1.2+0i', false, false, true, true, 0n, 0n, -1.2],
  ['-12+0i', true, false, true, true, -12n, 0n, -12],
  ['13+0i', true, true, true, true, 13n, 13n, 13],
  ['0123', true, true, true, false, 0o123n, 0o123n, 0o123],
  ['-0x0', true, true, true, false, 0n, 0n, 0],
  ['0xdeadbeef', true, true, true, false, 0xdeadbeefn, 0xdeadbeefn, 0xdeadbeef],
  ["'a'", true, true, true, false, 97n, 97n, 97],
  ["'\\n'", true, true, true, false, 10n, 10n, 10],
  ["'\\\\'", true, true, true, false, 92n, 92n, 92],
  ["'\\''", true, true, true, false, 39n, 39n, 39],
  ["'\\xFF'", true, true, true, false, 0xffn, 0xffn, 0xff],
  ["'パ'", true, true, true, false, 0x30d1n, 0x30d1n, 0x30d1],
  ["'\\u30d1'", true, true, true, false, 0x30d1n, 0x30d1n, 0x30d1],
  ["'\\U000030d1'", true, true, true, false, 0x30d1n, 0x30d1n, 0x30d1],
  ['0xef', true, true, true, false, 0xefn, 0xefn, 0xef],
];
const brokenNumbers = ['+-2', '0x123.', '1e.', '0xi.', '1+2.', "'x", "'xx'", "'433937734937734969526500969526500'"];

function numberNode(text: string): NumberNode {
  const trees = parse('n', `{{ ${text} }}`, { hasFunction: () => false });
  const action = trees.get('n')!.root.nodes[0] as ActionNode;
  return action.pipe.cmds[0].args[0] as NumberNode;
}

// [name, input, ok, result]
const noError = true;
const hasError = false;
const parseTests: [string, string, boolean, string][] = [
  ['empty', '', noError, ''],
  ['comment', '{{/*\n\n\n*/}}', noError, ''],
  ['spaces', ' \t\n', noError, '" \\t\\n"'],
  ['text', 'some text', noError, '"some text"'],
  ['emptyAction', '{{}}', hasError, '{{}}'],
  ['field', '{{.X}}', noError, '{{.X}}'],
  ['simple command', '{{printf}}', noError, '{{printf}}'],
  ['$ invocation', '{{$}}', noError, '{{$}}'],
  ['variable invocation', '{{with $x := 3}}{{$x 23}}{{end}}', noError, '{{with $x := 3}}{{$x 23}}{{end}}'],
  ['variable with fields', '{{$.I}}', noError, '{{$.I}}'],
  ['multi-word command', '{{printf `%d` 23}}', noError, '{{printf `%d` 23}}'],
  ['pipeline', '{{.X|.Y}}', noError, '{{.X | .Y}}'],
  ['pipeline with decl', '{{$x := .X|.Y}}', noError, '{{$x := .X | .Y}}'],
  ['nested pipeline', '{{.X (.Y .Z) (.A | .B .C) (.E)}}', noError, '{{.X (.Y .Z) (.A | .B .C) (.E)}}'],
  ['field applied to parentheses', '{{(.Y .Z).Field}}', noError, '{{(.Y .Z).Field}}'],
  ['simple if', '{{if .X}}hello{{end}}', noError, '{{if .X}}"hello"{{end}}'],
  ['if with else', '{{if .X}}true{{else}}false{{end}}', noError, '{{if .X}}"true"{{else}}"false"{{end}}'],
  ['if with else if', '{{if .X}}true{{else if .Y}}false{{end}}', noError, '{{if .X}}"true"{{else}}{{if .Y}}"false"{{end}}{{end}}'],
  ['if else chain', '+{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+', noError, '"+"{{if .X}}"X"{{else}}{{if .Y}}"Y"{{else}}{{if .Z}}"Z"{{end}}{{end}}{{end}}"+"'],
  ['simple range', '{{range .X}}hello{{end}}', noError, '{{range .X}}"hello"{{end}}'],
  ['chained field range', '{{range .X.Y.Z}}hello{{end}}', noError, '{{range .X.Y.Z}}"hello"{{end}}'],
  ['nested range', '{{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}', noError, '{{range .X}}"hello"{{range .Y}}"goodbye"{{end}}{{end}}'],
  ['range with else', '{{range .X}}true{{else}}false{{end}}', noError, '{{range .X}}"true"{{else}}"false"{{end}}'],
  ['range over pipeline', '{{range .X|.M}}true{{else}}false{{end}}', noError, '{{range .X | .M}}"true"{{else}}"false"{{end}}'],
  ['range []int', '{{range .SI}}{{.}}{{end}}', noError, '{{range .SI}}{{.}}{{end}}'],
  ['range 1 var', '{{range $x := .SI}}{{.}}{{end}}', noError, '{{range $x := .SI}}{{.}}{{end}}'],
  ['range 2 vars', '{{range $x, $y := .SI}}{{.}}{{end}}', noError, '{{range $x, $y := .SI}}{{.}}{{end}}'],
  ['range with break', '{{range .SI}}{{.}}{{break}}{{end}}', noError, '{{range .SI}}{{.}}{{break}}{{end}}'],
  ['range with continue', '{{range .SI}}{{.}}{{continue}}{{end}}', noError, '{{range .SI}}{{.}}{{continue}}{{end}}'],
  ['constants', "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}", noError, "{{range .SI 1 -3.2i true false 'a' nil}}{{end}}"],
  ['template', '{{template `x`}}', noError, '{{template "x"}}'],
  ['template with arg', '{{template `x` .Y}}', noError, '{{template "x" .Y}}'],
  ['with', '{{with .X}}hello{{end}}', noError, '{{with .X}}"hello"{{end}}'],
  ['with with else', '{{with .X}}hello{{else}}goodbye{{end}}', noError, '{{with .X}}"hello"{{else}}"goodbye"{{end}}'],
  ['with with else with', '{{with .X}}hello{{else with .Y}}goodbye{{end}}', noError, '{{with .X}}"hello"{{else}}{{with .Y}}"goodbye"{{end}}{{end}}'],
  ['with else chain', '{{with .X}}X{{else with .Y}}Y{{else with .Z}}Z{{end}}', noError, '{{with .X}}"X"{{else}}{{with .Y}}"Y"{{else}}{{with .Z}}"Z"{{end}}{{end}}{{end}}'],
  ['trim left', 'x \r\n\t{{- 3}}', noError, '"x"{{3}}'],
  ['trim right', '{{3 -}}\n\n\ty', noError, '{{3}}"y"'],
  ['trim left and right', 'x \r\n\t{{- 3 -}}\n\n\ty', noError, '"x"{{3}}"y"'],
  ['trim with extra spaces', 'x\n{{-  3   -}}\ny', noError, '"x"{{3}}"y"'],
  ['comment trim left', 'x \r\n\t{{- /* hi */}}', noError, '"x"'],
  ['comment trim right', '{{/* hi */ -}}\n\n\ty', noError, '"y"'],
  ['comment trim left and right', 'x \r\n\t{{- /* */ -}}\n\n\ty', noError, '"x""y"'],
  ['block definition', '{{block "foo" .}}hello{{end}}', noError, '{{template "foo" .}}'],
  ['newline in assignment', '{{ $x \n := \n 1 \n }}', noError, '{{$x := 1}}'],
  ['newline in empty action', '{{\n}}', hasError, '{{\n}}'],
  ['newline in pipeline', '{{\n"x"\n|\nprintf\n}}', noError, '{{"x" | printf}}'],
  ['newline in comment', '{{/*\nhello\n*/}}', noError, ''],
  ['newline in comment', '{{-\n/*\nhello\n*/\n-}}', noError, ''],
  ['spaces around continue', '{{range .SI}}{{.}}{{ continue }}{{end}}', noError, '{{range .SI}}{{.}}{{continue}}{{end}}'],
  ['spaces around break', '{{range .SI}}{{.}}{{ break }}{{end}}', noError, '{{range .SI}}{{.}}{{break}}{{end}}'],
  // Errors.
  ['unclosed action', 'hello{{range', hasError, ''],
  ['unmatched end', '{{end}}', hasError, ''],
  ['unmatched else', '{{else}}', hasError, ''],
  ['unmatched else after if', '{{if .X}}hello{{end}}{{else}}', hasError, ''],
  ['multiple else', '{{if .X}}1{{else}}2{{else}}3{{end}}', hasError, ''],
  ['missing end', 'hello{{range .x}}', hasError, ''],
  ['missing end after else', 'hello{{range .x}}{{else}}', hasError, ''],
  ['undefined function', 'hello{{undefined}}', hasError, ''],
  ['undefined variable', '{{$x}}', hasError, ''],
  ['variable undefined after end', '{{with $x := 4}}{{end}}{{$x}}', hasError, ''],
  ['variable undefined in template', '{{template $v}}', hasError, ''],
  ['declare with field', '{{with $x.Y := 4}}{{end}}', hasError, ''],
  ['template with field ref', '{{template .X}}', hasError, ''],
  ['template with var', '{{template $v}}', hasError, ''],
  ['invalid punctuation', '{{printf 3, 4}}', hasError, ''],
  ['multidecl outside range', '{{with $v, $u := 3}}{{end}}', hasError, ''],
  ['too many decls in range', '{{range $u, $v, $w := 3}}{{end}}', hasError, ''],
  ['dot applied to parentheses', '{{printf (printf .).}}', hasError, ''],
  ['adjacent args', '{{printf 3`x`}}', hasError, ''],
  ['adjacent args with .', '{{printf `x`.}}', hasError, ''],
  ['extra end after if', '{{if .X}}a{{else if .Y}}b{{end}}{{end}}', hasError, ''],
  ['break outside range', '{{range .}}{{end}} {{break}}', hasError, ''],
  ['continue outside range', '{{range .}}{{end}} {{continue}}', hasError, ''],
  ['break in range else', '{{range .}}{{else}}{{break}}{{end}}', hasError, ''],
  ['continue in range else', '{{range .}}{{else}}{{continue}}{{end}}', hasError, ''],
  ['bug0a', '{{$x := 0}}{{$x}}', noError, '{{$x := 0}}{{$x}}'],
  ['bug0b', '{{$x += 1}}{{$x}}', hasError, ''],
  ['bug0c', '{{$x ! 2}}{{$x}}', hasError, ''],
  ['bug0d', '{{$x % 3}}{{$x}}', hasError, ''],
  ['bug0e', '{{range $x := $y := 3}}{{end}}', hasError, ''],
  ['bug1a', '{{$x:=.}}{{$x!2}}', hasError, ''],
  ['bug1b', '{{$x:=.}}{{$x+2}}', hasError, ''],
  ['bug1c', '{{$x:=.}}{{$x +2}}', noError, '{{$x := .}}{{$x +2}}'],
  ['bug2a', '{{range $x := 0}}{{$x}}{{end}}', noError, '{{range $x := 0}}{{$x}}{{end}}'],
  ['bug2b', '{{range $x = 0}}{{$x}}{{end}}', noError, '{{range $x = 0}}{{$x}}{{end}}'],
  ['dot after integer', '{{1.E}}', hasError, ''],
  ['dot after float', '{{0.1.E}}', hasError, ''],
  ['dot after boolean', '{{true.E}}', hasError, ''],
  ['dot after char', "{{'a'.any}}", hasError, ''],
  ['dot after string', '{{"hello".guys}}', hasError, ''],
  ['dot after dot', '{{..E}}', hasError, ''],
  ['dot after nil', '{{nil.E}}', hasError, ''],
  ['wrong pipeline dot', '{{12|.}}', hasError, ''],
  ['wrong pipeline number', '{{.|12|printf}}', hasError, ''],
  ['wrong pipeline string', '{{.|printf|"error"}}', hasError, ''],
  ['wrong pipeline char', "{{12|printf|'e'}}", hasError, ''],
  ['wrong pipeline boolean', '{{.|true}}', hasError, ''],
  ['wrong pipeline nil', "{{'c'|nil}}", hasError, ''],
  ['empty pipeline', '{{printf "%d" ( ) }}', hasError, ''],
  ['block definition', '{{block "foo"}}hello{{end}}', hasError, ''],
  // Expression nesting depth (Go sets maxStackDepth = 3 for these).
  ['paren nesting normal', '{{ (( 1 )) }}', noError, '{{((1))}}'],
  ['paren nesting at limit', '{{ ((( 1 ))) }}', noError, '{{(((1)))}}'],
  ['paren nesting exceeds limit', '{{ (((( 1 )))) }}', hasError, 'template: test:1: max expression depth exceeded'],
  ['paren nesting in pipeline', '{{ ((( 1 ))) | printf }}', noError, '{{(((1))) | printf}}'],
  ['paren nesting in pipeline exceeds limit', '{{ (((( 1 )))) | printf }}', hasError, 'template: test:1: max expression depth exceeded'],
  ['paren nesting with other constructs', '{{ if ((( true ))) }}YES{{ end }}', noError, '{{if (((true)))}}"YES"{{end}}'],
  ['paren nesting with other constructs exceeds limit', '{{ if (((( true )))) }}YES{{ end }}', hasError, 'template: test:1: max expression depth exceeded'],
];

// [name, input, text the error must contain]
const errorTests: [string, string, string][] = [
  ['unclosed1', 'line1\n{{', 'unclosed1:2: unclosed action'],
  ['unclosed2', 'line1\n{{define `x`}}line2\n{{', 'unclosed2:3: unclosed action'],
  ['unclosed3', 'line1\n{{"x"\n"y"\n', 'unclosed3:4: unclosed action started at unclosed3:2'],
  ['unclosed4', '{{\n\n\n\n\n', 'unclosed4:6: unclosed action started at unclosed4:1'],
  ['var1', 'line1\n{{\nx\n}}', 'var1:3: function "x" not defined'],
  ['function', '{{foo}}', 'function "foo" not defined'],
  ['comment1', '{{/*}}', 'comment1:1: unclosed comment'],
  ['comment2', '{{/*\nhello\n}}', 'comment2:1: unclosed comment'],
  ['lparen', '{{.X (1 2 3}}', 'unclosed left paren'],
  ['rparen', '{{.X 1 2 3 ) }}', 'unexpected right paren'],
  ['rparen2', '{{(.X 1 2 3', 'unclosed action'],
  ['space', '{{`x`3}}', 'in operand'],
  ['idchar', '{{a#}}', "'#'"],
  ['charconst', "{{'a}}", 'unterminated character constant'],
  ['stringconst', '{{"a}}', 'unterminated quoted string'],
  ['rawstringconst', '{{`a}}', 'unterminated raw quoted string'],
  ['number', '{{0xi}}', 'number syntax'],
  ['multidefine', '{{define `a`}}a{{end}}{{define `a`}}b{{end}}', 'multiple definition of template'],
  ['eof', '{{range .X}}', 'unexpected EOF'],
  ['variable', '{{$x := 23}}{{with $x.y := 3}}{{$x 23}}{{end}}', 'unexpected ":="'],
  ['multidecl', '{{$a,$b,$c := 23}}', 'too many declarations'],
  ['undefvar', '{{$a}}', 'undefined variable'],
  ['wrongdot', '{{true.any}}', 'unexpected . after term'],
  ['wrongpipeline', '{{12|false}}', 'non executable command in pipeline'],
  ['emptypipeline', '{{ ( ) }}', 'missing value for parenthesized pipeline'],
  ['multilinerawstring', '{{ $v := `\n` }} {{', 'multilinerawstring:2: unclosed action'],
  ['rangeundefvar', '{{range $k}}{{end}}', 'undefined variable'],
  ['rangeundefvars', '{{range $k, $v}}{{end}}', 'undefined variable'],
  ['rangemissingvalue1', '{{range $k,}}{{end}}', 'missing value for range'],
  ['rangemissingvalue2', '{{range $k, $v := }}{{end}}', 'missing value for range'],
  ['rangenotvariable1', '{{range $k, .}}{{end}}', 'range can only initialize variables'],
  ['rangenotvariable2', '{{range $k, 123 := .}}{{end}}', 'range can only initialize variables'],
];

describe('helm/template parser (Go parse_test.go)', () => {
  describe('TestNumberParse', () => {
    for (const [text, isInt, isUint, isFloat, isComplex, i64, u64, f64] of numberTests) {
      it(text, () => {
        const n = numberNode(text);
        assert.equal(n.type, NodeType.Number);
        assert.deepEqual(
          [n.isInt, n.isUint, n.isFloat, n.isComplex],
          [isInt, isUint, isFloat, isComplex],
        );
        if (isInt) assert.equal(n.int64, i64);
        if (isUint) assert.equal(n.uint64, u64);
        if (isFloat) assert.equal(n.float64, f64);
      });
    }
    for (const text of brokenNumbers) {
      it(`${text} is an error`, () => assert.throws(() => numberNode(text), TemplateError));
    }
  });

  describe('TestParse', () => {
    for (const [name, input, ok, result] of parseTests) {
      it(name + (ok ? '' : ' (error)'), () => {
        const opts: ParseOptions = { hasFunction: builtinsOnly(['printf', 'contains']), maxParenDepth: 3 };
        if (!ok) {
          assert.throws(() => parse(name === 'paren nesting exceeds limit' || name.includes('exceeds limit') ? 'test' : name, input, opts), (e: unknown) => {
            assert.ok(e instanceof TemplateError);
            assert.equal(e.kind, 'parse');
            if (result.startsWith('template:')) assert.equal(e.message, result);
            return true;
          });
          return;
        }
        const tree = parse(name, input, opts).get(name)!;
        assert.equal(nodeToString(tree.root, true), result);
      });
    }
  });

  describe('TestParseWithComments', () => {
    const tests: [string, string, string][] = [
      ['comment', '{{/*\n\n\n*/}}', '{{/*\n\n\n*/}}'],
      ['comment trim left', 'x \r\n\t{{- /* hi */}}', '"x"{{/* hi */}}'],
      ['comment trim right', '{{/* hi */ -}}\n\n\ty', '{{/* hi */}}"y"'],
      ['comment trim left and right', 'x \r\n\t{{- /* */ -}}\n\n\ty', '"x"{{/* */}}"y"'],
    ];
    for (const [name, input, result] of tests) {
      it(name, () => {
        const tree = parse(name, input, { hasFunction: () => false, parseComments: true }).get(name)!;
        assert.equal(nodeToString(tree.root, true), result);
      });
    }
  });

  it('TestDelimsStringRoundtrip', () => {
    for (const input of [
      '[[.X]]',
      '[[/* a comment */]]',
      '[[if .X]]y[[else]]z[[end]]',
      '[[range .X]][[break]][[continue]][[end]]',
      '[[with .X]]y[[end]]',
      '[[template "name" .]]',
    ]) {
      const tree = parse('test', input, { hasFunction: () => false, parseComments: true, leftDelim: '[[', rightDelim: ']]' }).get('test')!;
      assert.equal(nodeToString(tree.root), input);
    }
  });

  it('TestKeywordsAndFuncs: a function named break is a function, else break is a keyword', () => {
    const inp = '{{range .X}}{{break 20}}{{end}}';
    assert.doesNotThrow(() => parse('', inp, { hasFunction: builtinsOnly(['break']) }));
    assert.throws(() => parse('', inp, { hasFunction: () => false }), TemplateError);
  });

  it('TestSkipFuncCheck', () => {
    const tree = parse('skip func check', '{{fn 1 2}}', { hasFunction: () => false, skipFuncCheck: true }).get('skip func check')!;
    assert.equal(nodeToString(tree.root, true), '{{fn 1 2}}');
  });

  describe('TestIsEmpty', () => {
    const isEmptyTests: [string, string, boolean][] = [
      ['empty', '', true],
      ['nonempty', 'hello', false],
      ['spaces only', ' \t\n \t\n', true],
      ['comment only', '{{/* comment */}}', true],
      ['definition', '{{define "x"}}something{{end}}', true],
      ['definitions and space', '{{define `x`}}something{{end}}\n\n{{define `y`}}something{{end}}\n\n', true],
      ['definitions and text', '{{define `x`}}something{{end}}\nx\n{{define `y`}}something{{end}}\ny\n', false],
      ['definition and action', '{{define `x`}}something{{end}}{{if 3}}foo{{end}}', false],
    ];
    it('nil tree is empty', () => assert.equal(isEmptyTree(null), true));
    for (const [name, input, empty] of isEmptyTests) {
      it(name, () => assert.equal(isEmptyTree(parse('root', input, { hasFunction: () => false }).get('root')!.root), empty));
    }
  });

  describe('TestErrors', () => {
    for (const [name, input, result] of errorTests) {
      it(name, () => {
        assert.throws(() => parse(name, input, { hasFunction: builtinsOnly(goBuiltins) }), (e: unknown) => {
          assert.ok(e instanceof TemplateError, String(e));
          assert.ok(e.message.includes(result), `${e.message} does not contain ${result}`);
          return true;
        });
      });
    }
  });

  it('TestBlock: a block defines its template and calls it', () => {
    const trees = parse('outer', 'a{{block "inner" .}}bar{{.}}baz{{end}}b', { hasFunction: () => false });
    assert.equal(nodeToString(trees.get('outer')!.root), 'a{{template "inner" .}}b');
    assert.equal(nodeToString(trees.get('inner')!.root), 'bar{{.}}baz');
  });

  it('TestLineNum: actions and pipelines know their lines', () => {
    const text = '{{printf 1234}}\n'.repeat(3);
    const nodes = parse('bench', text, { hasFunction: builtinsOnly(['printf']) }).get('bench')!.root.nodes;
    for (let i = 0; i < nodes.length; i += 2) {
      const action = nodes[i] as ActionNode;
      assert.equal(action.line, 1 + i / 2);
      assert.equal(action.pipe.line, 1 + i / 2);
    }
  });

  it('records the source range of every action, including trim markers and else-if', () => {
    const text = 'a {{- if .X }}b{{ else if .Y -}} c{{ end }}';
    const tree = parse('r', text, { hasFunction: () => false }).get('r')!;
    const outer = tree.root.nodes[1] as unknown as { start: number; end: number; elseList: { nodes: { start: number; end: number }[] } };
    assert.equal(text.slice(outer.start, outer.end), '{{- if .X }}');
    const inner = outer.elseList.nodes[0];
    assert.equal(text.slice(inner.start, inner.end), '{{ else if .Y -}}');
  });

  it('a deeply nested template is a clear parse error, not a stack overflow', () => {
    const deep = '{{if 1}}'.repeat(5000) + '{{end}}'.repeat(5000);
    assert.throws(() => parse('deep', deep, { hasFunction: () => false }), /max block nesting depth exceeded/);
    const parens = '{{' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '}}';
    assert.throws(() => parse('deep', parens, { hasFunction: () => false }), /max expression depth exceeded/);
  });
});
