/**
 * define / template / block across texts of one set, ported from Go's text/template multi_test.go
 * (TestMultiParse, TestMultiExecute, TestParseFilesWithData, TestClone, TestAddParseTree,
 * TestRedefinition, TestTemplateLookUp, TestParse, TestEmptyTemplate, TestIssue19294).
 */
import * as assert from 'node:assert/strict';
import { TemplateError, TemplateSet } from '../../../../server/src/helm/template';
import { execFuncs, execute, tVal } from './go-fixtures';

const multiText1 = `
	{{define "x"}}TEXT{{end}}
	{{define "dotV"}}{{.V}}{{end}}
`;
const multiText2 = `
	{{define "dot"}}{{.}}{{end}}
	{{define "nested"}}{{template "dot" .}}{{end}}
`;

describe('helm/template define/template/block (Go multi_test.go)', () => {
  describe('TestMultiParse', () => {
    const tests: [string, string, boolean, string[]][] = [
      ['empty', '', true, []],
      ['one', '{{define "foo"}} FOO {{end}}', true, ['foo']],
      ['two', '{{define "foo"}} FOO {{end}}{{define "bar"}} BAR {{end}}', true, ['foo', 'bar']],
      ['missing end', '{{define "foo"}} FOO ', false, []],
      ['malformed name', '{{define "foo}} FOO ', false, []],
    ];
    for (const [name, input, ok, names] of tests) {
      it(name, () => {
        const set = new TemplateSet(execFuncs);
        if (!ok) {
          assert.throws(() => set.add('root', input), TemplateError);
          return;
        }
        set.add('root', input);
        assert.deepEqual(set.names().sort(), ['root', ...names].sort());
        for (const n of names) assert.equal(set.execute(n, null).output, ` ${n.toUpperCase()} `);
      });
    }
  });

  describe('TestMultiExecute', () => {
    const t = tVal();
    const cases: [string, string, string, unknown][] = [
      ['empty', '', '', null],
      ['text', 'some text', 'some text', null],
      ['invoke x', '{{template "x" .SI}}', 'TEXT', t],
      ['invoke x no args', '{{template "x"}}', 'TEXT', t],
      ['invoke dot int', '{{template "dot" .I}}', '17', t],
      ['invoke dot []int', '{{template "dot" .SI}}', '[3 4 5]', t],
      ['invoke dotV', '{{template "dotV" .U}}', 'v', t],
      ['invoke nested int', '{{template "nested" .I}}', '17', t],
      ['variable declared by template', '{{template "nested" $x:=.SI}},{{index $x 1}}', '[3 4 5],4', t],
      ['testFunc literal', '{{oneArg "joe"}}', 'oneArg=joe', t],
      ['testFunc .', '{{oneArg .}}', 'oneArg=joe', 'joe'],
    ];
    for (const [name, input, output, data] of cases) {
      it(name, () => {
        const set = new TemplateSet(execFuncs);
        set.add('root', multiText1);
        set.add('root2', multiText2);
        set.add(name, input);
        assert.equal(set.execute(name, data, { missingKey: 'default' }).output, output);
      });
    }
  });

  it('TestParseFilesWithData: templates defined in one file are used by another', () => {
    const set = new TemplateSet(execFuncs);
    set.add('tmpl1.tmpl', 'template1\n{{define "x"}}x{{end}}\n{{template "y"}}\n');
    set.add('tmpl2.tmpl', 'template2\n{{define "y"}}y{{end}}\n{{template "x"}}\n');
    set.add('test', '{{template "tmpl1.tmpl"}}{{template "tmpl2.tmpl"}}');
    assert.equal(set.execute('test', 0n).output, 'template1\n\ny\ntemplate2\n\nx\n');
  });

  it('TestClone: a later definition in another set does not leak back', () => {
    const root = new TemplateSet(execFuncs);
    root.add('root', '{{define "a"}}{{template "b"}}{{template "c"}}{{end}}');
    root.add('r2', '{{define "b"}}b{{end}}');
    root.add('r3', '{{define "c"}}root{{end}}');
    const clone = new TemplateSet(execFuncs);
    clone.add('root', '{{define "a"}}{{template "b"}}{{template "c"}}{{end}}');
    clone.add('r2', '{{define "b"}}b{{end}}');
    clone.add('r4', '{{define "c"}}clone{{end}}');
    assert.equal(root.execute('a', 0n).output, 'broot');
    assert.equal(clone.execute('a', 0n).output, 'bclone');
  });

  it('TestRedefinition: a later text may redefine a template', () => {
    const set = new TemplateSet(execFuncs);
    set.add('tmpl1', '{{define "test"}}foo{{end}}');
    set.add('tmpl1', '{{define "test"}}bar{{end}}');
    set.add('tmpl2', '{{define "test"}}bar{{end}}');
    assert.equal(set.execute('test', null).output, 'bar');
  });

  it('TestTemplateLookUp', () => {
    const set = new TemplateSet(execFuncs);
    assert.equal(set.has('foo'), false);
    set.add('t', '{{define "foo"}}test{{end}}');
    assert.equal(set.has('foo'), true);
  });

  it('TestParse: empty and comment-only redefinitions keep the earlier one', () => {
    const set = new TemplateSet(execFuncs);
    set.add('test', '{{define "test"}}{{end}}');
    set.add('test', '{{define "test"}}{{/* this is a comment */}}{{end}}');
    set.add('test', '{{define "test"}}foo{{end}}');
    assert.equal(set.execute('test', null).output, 'foo');
    set.add('x', '{{define "test"}}  {{end}}');
    assert.equal(set.execute('test', null).output, 'foo');
  });

  describe('TestEmptyTemplate (by name, as ExecuteTemplate resolves it)', () => {
    const cases: [string[], string, string][] = [
      [['x', 'y'], '', 'y'],
      [[''], 'once', ''],
      [['', ''], 'twice', ''],
      [['{{.}}', '{{.}}'], 'twice', 'twice'],
      [['{{/* a comment */}}', '{{/* a comment */}}'], 'comment', ''],
      // Go executes the last *Template object (empty); by name the non-empty one is kept.
      [['{{.}}', ''], 'twice', 'twice'],
    ];
    for (const [defs, input, want] of cases) {
      it(`${JSON.stringify(defs)} with ${JSON.stringify(input)}`, () => {
        const set = new TemplateSet(execFuncs);
        for (const d of defs) set.add(input, d);
        assert.equal(set.execute(input, input).output, want);
      });
    }
  });

  it('TestIssue19294: a define wins over an empty block body defined later', () => {
    const set = new TemplateSet(execFuncs);
    set.add('title.xhtml', '{{template "xhtml" .}}');
    set.add('stylesheet', '{{define "stylesheet"}}stylesheet{{end}}');
    set.add('xhtml', '{{block "stylesheet" .}}{{end}}');
    assert.equal(set.execute('title.xhtml', 0n).output, 'stylesheet');
  });

  it('a template missing from the set is Go\'s ExecuteTemplate error', () => {
    const set = new TemplateSet(execFuncs);
    assert.throws(() => set.execute('nope', null), { message: 'template: no template "nope" associated with template "gotpl"' });
    assert.equal(execute('t', '{{template "nope"}}', null).error?.message, 'template: t:1:11: executing "t" at <{{template "nope"}}>: template "nope" not defined');
  });
});
