/**
 * Helm engine behaviour that lives in the template layer (include, tpl, their recursion limit and
 * error texts), ported from Helm's pkg/engine/engine_test.go
 * (/work/shared/oracles/helm/helm-golden/reference/engine_test.go). Helm's chart layer (values
 * coalescing, "<no value>" removal, error reformatting) is not exercised here; sprig functions the
 * cases need are small stand-ins registered in this test only.
 */
import * as assert from 'node:assert/strict';
import {
  concatTracked,
  FunctionMap,
  GoString,
  INCLUDE_FUNCTION,
  indentTracked,
  TemplateError,
  TemplateSet,
  textOf,
  TPL_FUNCTION,
} from '../../../../server/src/helm/template';

class Files {
  static goType = 'engine.files';
  constructor(private readonly files: Record<string, string>) {}
  Get(name: string): string {
    return this.files[name] ?? '';
  }
}

const funcs: FunctionMap = {
  include: INCLUDE_FUNCTION,
  tpl: TPL_FUNCTION,
  indent: { fn: (_c, n, s) => indentTracked(s as GoString, ' '.repeat(Number(n))), tracking: true, params: ['int', 'string'] },
  nindent: { fn: (_c, n, s) => concatTracked(['\n', indentTracked(s as GoString, ' '.repeat(Number(n)))]), tracking: true, params: ['int', 'string'] },
  quote: { fn: (_c, s) => JSON.stringify(textOf(s as GoString)), params: ['any'] },
  trunc: { fn: (_c, n, s) => (s as string).slice(0, Number(n)), params: ['int', 'string'] },
  trimSuffix: { fn: (_c, suf, s) => ((s as string).endsWith(suf as string) ? (s as string).slice(0, -(suf as string).length) : s), params: ['string', 'string'] },
  fail: {
    fn: (_c, msg) => {
      throw new Error(`HELM_ERR_START${String(msg)}HELM_ERR_END`);
    },
    params: ['string'],
  },
};

/** Helm's render loop: every file parsed into one set ("gotpl"), then each non-partial executed. */
function helmRender(files: Record<string, string>, vals: Record<string, unknown>, strict = false): Record<string, string> {
  const set = new TemplateSet(funcs);
  const names = Object.keys(files).sort();
  for (const name of names) set.add(name, files[name]);
  const out: Record<string, string> = {};
  for (const name of names) {
    if (name.split('/').pop()!.startsWith('_')) continue;
    const basePath = name.split('/').slice(0, -1).join('/');
    const data = { ...vals, Template: { Name: name, BasePath: basePath } };
    out[name] = set.execute(name, data, { missingKey: strict ? 'error' : 'zero' }).output.replaceAll('<no value>', '');
  }
  return out;
}

function helmError(files: Record<string, string>, vals: Record<string, unknown>, strict = false): TemplateError {
  try {
    helmRender(files, vals, strict);
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  assert.fail('expected an error');
}

describe('helm/template Helm engine (engine_test.go)', () => {
  it('TestAlterFuncMap_include', () => {
    const out = helmRender(
      { 'conrad/templates/quote': '{{include "conrad/templates/_partial" . | indent 2}} dead.', 'conrad/templates/_partial': '{{.Release.Name}} - he' },
      { Values: '', Release: { Name: 'Mistah Kurtz' } },
    );
    assert.equal(out['conrad/templates/quote'], '  Mistah Kurtz - he dead.');
    const e = helmError(
      { 'nested/templates/quote': '{{include "nested/templates/quote" . | indent 2}} dead.', 'nested/templates/_partial': '{{.Release.Name}} - he' },
      { Values: '', Release: { Name: 'Mistah Kurtz' } },
    );
    assert.ok(e.message.endsWith('rendering template has a nested reference name: nested/templates/quote: unable to execute template'), e.message.slice(-200));
  });

  it('TestRenderRecursionLimit: endless recursion is Helm\'s error; 4000 sequential includes are fine', () => {
    const e = helmError(
      { 'bad/templates/base': '{{include "recursion" . }}', 'bad/templates/recursion': '{{define "recursion"}}{{include "recursion" . }}{{end}}' },
      { Values: '', Release: { Name: 'TestRelease' } },
    );
    assert.ok(e.message.endsWith('rendering template has a nested reference name: recursion: unable to execute template'), e.message.slice(-200));
    assert.equal(e.kind, 'exec');
    assert.ok(e.message.startsWith('template: bad/templates/base:1:2: executing "bad/templates/base" at <include "recursion" .>: error calling include: template: bad/templates/recursion:1:24: executing "recursion"'));

    const phrase = 'All work and no play makes Jack a dull boy';
    const out = helmRender(
      { 'overlook/templates/quote': '{{include "overlook" . }}'.repeat(4000), 'overlook/templates/_function': `{{define "overlook"}}{{printf "${phrase}\\n"}}{{end}}` },
      { Values: '', Release: { Name: 'TestRelease' } },
    );
    assert.equal(out['overlook/templates/quote'], `${phrase}\n`.repeat(4000));
  });

  it('TestAlterFuncMap_tpl / tplfunc / tplinclude', () => {
    const vals = { Values: { value: 'myvalue' }, Release: { Name: 'TestRelease' } };
    assert.equal(helmRender({ 'TplFunction/templates/base': 'Evaluate tpl {{tpl "Value: {{ .Values.value}}" .}}' }, vals)['TplFunction/templates/base'], 'Evaluate tpl Value: myvalue');
    assert.equal(helmRender({ 'TplFunction/templates/base': 'Evaluate tpl {{tpl "Value: {{ .Values.value | quote}}" .}}' }, vals)['TplFunction/templates/base'], 'Evaluate tpl Value: "myvalue"');
    const out = helmRender(
      { 'TplFunction/templates/base': '{{ tpl "{{include `TplFunction/templates/_partial` .  | quote }}" .}}', 'TplFunction/templates/_partial': '{{.Template.Name}}' },
      vals,
    );
    assert.equal(out['TplFunction/templates/base'], '"TplFunction/templates/base"');
  });

  it('TestRenderLoadTemplateForTplFromFile: tpl of tpl sees defines of both', () => {
    const files = new Files({
      test: '{{ tpl (.Files.Get .Values.filename2) .}}',
      test2: '{{include "test-function" .}}{{define "nested-define"}}nested-define-content{{end}} {{include "nested-define" .}}',
    });
    const out = helmRender(
      { 'TplLoadFromFile/templates/base': '{{ tpl (.Files.Get .Values.filename) . }}', 'TplLoadFromFile/templates/_function': '{{define "test-function"}}test-function{{end}}' },
      { Values: { filename: 'test', filename2: 'test2' }, Files: files, Release: { Name: 'TestRelease' } },
    );
    assert.equal(out['TplLoadFromFile/templates/base'], 'test-function nested-define-content');
  });

  it('TestRenderTplEmpty', () => {
    const out = helmRender(
      {
        'TplEmpty/templates/empty-string': '{{tpl "" .}}',
        'TplEmpty/templates/empty-action': '{{tpl "{{ \\"\\"}}" .}}',
        'TplEmpty/templates/only-defines': '{{tpl "{{define \\"not-invoked\\"}}not-rendered{{end}}" .}}',
      },
      { Release: { Name: 'TestRelease' } },
    );
    assert.deepEqual(out, { 'TplEmpty/templates/empty-action': '', 'TplEmpty/templates/empty-string': '', 'TplEmpty/templates/only-defines': '' });
  });

  it('TestRenderTplTemplateNames', () => {
    const out = helmRender(
      {
        'TplTemplateNames/templates/default-basepath': '{{tpl "{{ .Template.BasePath }}" .}}',
        'TplTemplateNames/templates/default-name': '{{tpl "{{ .Template.Name }}" .}}',
        'TplTemplateNames/templates/modified-basepath': '{{tpl "{{ .Template.BasePath }}" .Values.dot}}',
        'TplTemplateNames/templates/modified-name': '{{tpl "{{ .Template.Name }}" .Values.dot}}',
        'TplTemplateNames/templates/modified-field': '{{tpl "{{ .Template.Field }}" .Values.dot}}',
      },
      { Values: { dot: { Template: { BasePath: 'path/to/template', Name: 'name-of-template', Field: 'extra-field' } } }, Release: { Name: 'TestRelease' } },
    );
    assert.deepEqual(out, {
      'TplTemplateNames/templates/default-basepath': 'TplTemplateNames/templates',
      'TplTemplateNames/templates/default-name': 'TplTemplateNames/templates/default-name',
      'TplTemplateNames/templates/modified-basepath': 'path/to/template',
      'TplTemplateNames/templates/modified-name': 'name-of-template',
      'TplTemplateNames/templates/modified-field': 'extra-field',
    });
  });

  it('TestRenderTplRedefines: a define inside tpl does not leak out', () => {
    const out = helmRender(
      {
        'TplRedefines/templates/_partials': '{{define "partial"}}original-in-partial{{end}}',
        'TplRedefines/templates/partial': 'before: {{include "partial" .}}\\n{{tpl .Values.partialText .}}\\nafter: {{include "partial" .}}',
        'TplRedefines/templates/manifest':
          '{{define "manifest"}}original-in-manifest{{end}}before: {{include "manifest" .}}\\n{{tpl .Values.manifestText .}}\\nafter: {{include "manifest" .}}',
        'TplRedefines/templates/manifest-only':
          '{{define "manifest-only"}}only-in-manifest{{end}}before: {{include "manifest-only" .}}\\n{{tpl .Values.manifestOnlyText .}}\\nafter: {{include "manifest-only" .}}',
        'TplRedefines/templates/nested':
          '{{define "nested"}}original-in-manifest{{end}}{{define "nested-outer"}}original-outer-in-manifest{{end}}before: {{include "nested" .}} {{include "nested-outer" .}}\\n{{tpl .Values.nestedText .}}\\nafter: {{include "nested" .}} {{include "nested-outer" .}}',
      },
      {
        Values: {
          partialText: '{{define "partial"}}redefined-in-tpl{{end}}tpl: {{include "partial" .}}',
          manifestText: '{{define "manifest"}}redefined-in-tpl{{end}}tpl: {{include "manifest" .}}',
          manifestOnlyText: 'tpl: {{include "manifest-only" .}}',
          nestedText:
            '{{define "nested"}}redefined-in-tpl{{end}}{{define "nested-outer"}}redefined-outer-in-tpl{{end}}before-inner-tpl: {{include "nested" .}} {{include "nested-outer" . }}\\n{{tpl .Values.innerText .}}\\nafter-inner-tpl: {{include "nested" .}} {{include "nested-outer" . }}',
          innerText: '{{define "nested"}}redefined-in-inner-tpl{{end}}inner-tpl: {{include "nested" .}} {{include "nested-outer" . }}',
        },
        Release: { Name: 'TestRelease' },
      },
    );
    assert.deepEqual(out, {
      'TplRedefines/templates/partial': 'before: original-in-partial\\ntpl: redefined-in-tpl\\nafter: original-in-partial',
      'TplRedefines/templates/manifest': 'before: original-in-manifest\\ntpl: redefined-in-tpl\\nafter: original-in-manifest',
      'TplRedefines/templates/manifest-only': 'before: only-in-manifest\\ntpl: only-in-manifest\\nafter: only-in-manifest',
      'TplRedefines/templates/nested':
        'before: original-in-manifest original-outer-in-manifest\\n' +
        'before-inner-tpl: redefined-in-tpl redefined-outer-in-tpl\\n' +
        'inner-tpl: redefined-in-inner-tpl redefined-outer-in-tpl\\n' +
        'after-inner-tpl: redefined-in-tpl redefined-outer-in-tpl\\n' +
        'after: original-in-manifest original-outer-in-manifest',
    });
  });

  it('TestRenderTplMissingKey and its strict variant', () => {
    const files = { 'TplMissingKey/templates/manifest': 'missingValue: {{tpl "{{.Values.noSuchKey}}" .}}' };
    const vals = { Values: {}, Release: { Name: 'TestRelease' } };
    assert.equal(helmRender(files, vals)['TplMissingKey/templates/manifest'], 'missingValue: ');
    const e = helmError(files, vals, true);
    assert.equal(
      e.message,
      'template: TplMissingKey/templates/manifest:1:16: executing "TplMissingKey/templates/manifest" at <tpl "{{.Values.noSuchKey}}" .>: error calling tpl: error during tpl function execution for "{{.Values.noSuchKey}}": template: gotpl:1:9: executing "gotpl" at <.Values.noSuchKey>: map has no entry for key "noSuchKey"',
    );
  });

  it('tpl parse errors are Helm\'s "cannot parse template"', () => {
    const e = helmError({ 't/templates/x': '{{ tpl "{{ .x " . }}' }, { Values: {} });
    assert.equal(e.message, 'template: t/templates/x:1:3: executing "t/templates/x" at <tpl "{{ .x " .>: error calling tpl: cannot parse template "{{ .x ": template: gotpl:1: unclosed action');
  });

  it('TestNestedHelpersProducesMultilineStacktrace (the raw text/template error Helm reformats)', () => {
    const e = helmError(
      {
        'NestedHelperFunctions/templates/svc.yaml': 'name: {{ include "nested_helper.name" . }}',
        'NestedHelperFunctions/templates/_helpers_1.tpl': '{{- define "nested_helper.name" -}}{{- include "common.names.get_name" . -}}{{- end -}}',
        'NestedHelperFunctions/charts/common/templates/_helpers_2.tpl':
          '{{- define "common.names.get_name" -}}{{- .Values.nonexistant.key | trunc 63 | trimSuffix "-" -}}{{- end -}}',
      },
      { Values: {} },
    );
    assert.equal(
      e.message,
      'template: NestedHelperFunctions/templates/svc.yaml:1:9: executing "NestedHelperFunctions/templates/svc.yaml" at <include "nested_helper.name" .>: error calling include: ' +
        'template: NestedHelperFunctions/templates/_helpers_1.tpl:1:39: executing "nested_helper.name" at <include "common.names.get_name" .>: error calling include: ' +
        'template: NestedHelperFunctions/charts/common/templates/_helpers_2.tpl:1:49: executing "common.names.get_name" at <.Values.nonexistant.key>: nil pointer evaluating interface {}.key',
    );
    // The innermost error keeps its own location for diagnostics.
    assert.equal(e.innermost.template, 'NestedHelperFunctions/charts/common/templates/_helpers_2.tpl');
    assert.deepEqual([e.innermost.line, e.innermost.column], [1, 49]);
  });

  it('TestMultilineNoTemplateAssociatedError (raw)', () => {
    const e = helmError(
      { 'multiline/templates/svc.yaml': 'name: {{ include "nested_helper.name" . }}', 'multiline/templates/test.yaml': '{{ .Values }}' },
      { Values: {} },
    );
    assert.equal(
      e.message,
      'template: multiline/templates/svc.yaml:1:9: executing "multiline/templates/svc.yaml" at <include "nested_helper.name" .>: error calling include: template: no template "nested_helper.name" associated with template "gotpl"',
    );
  });

  it('TestParseErrors: undefined function (raw)', () => {
    const set = new TemplateSet(funcs);
    assert.throws(() => set.add('undefined_function', '{{foo}}'), { message: 'template: undefined_function:1: function "foo" not defined' });
  });

  it('TestFailErrors / TestExecErrors: locations of function errors', () => {
    const e = helmError({ failtpl: 'All your base are belong to us{{ fail "This is an error" }}' }, { Values: {} });
    assert.equal(e.message, 'template: failtpl:1:33: executing "failtpl" at <fail "This is an error">: error calling fail: HELM_ERR_STARTThis is an errorHELM_ERR_END');
    const e2 = helmError(
      { issue6044: '{{ $someEmptyValue := "" }}\n{{ $myvar := "abc" }}\n{{- fail (printf "%s: something is missing" $myvar) | quote }}' },
      { Values: {} },
    );
    assert.ok(e2.message.startsWith('template: issue6044:3:4: '), e2.message);
    assert.ok(e2.message.endsWith('error calling fail: HELM_ERR_STARTabc: something is missingHELM_ERR_END'), e2.message);
  });
});
