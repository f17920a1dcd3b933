/**
 * Helm's own functions, ported from helm/helm pkg/engine/funcs_test.go (TestFuncs, the must*
 * cases, TestDurationHelpers, TestMerge), plus include/tpl/required/fail/lookup as engine.go
 * defines them.
 */
import * as assert from 'node:assert/strict';
import { GoDuration, HELM_ERR_END, HELM_ERR_START, createHelmFunctions } from '../../../../server/src/helm/functions';
import { TemplateError, TemplateSet } from '../../../../server/src/helm/template';
import { render, renderTemplate } from './helpers';

const MAX_INT64 = 2n ** 63n - 1n;
const maxDurationSeconds = MAX_INT64 / 1_000_000_000n;
const minDurationSeconds = -(2n ** 63n) / 1_000_000_000n;
const maxDurationSecondsFloat = Number(MAX_INT64) / 1e9;

describe('helm functions: Helm funcs_test.go TestFuncs', () => {
  /** [template, expected, data] */
  const cases: Array<[string, string, unknown]> = [
    ['{{ toYaml . }}', 'foo: bar', { foo: 'bar' }],
    ['{{ toYamlPretty . }}', 'baz:\n  - 1\n  - 2\n  - 3', { baz: [1n, 2n, 3n] }],
    ['{{ toToml . }}', 'foo = "bar"\n', { foo: 'bar' }],
    ['{{ fromToml . }}', 'map[hello:world]', 'hello = "world"'],
    ['{{ fromToml . }}', 'map[table:map[keyInTable:valueInTable subtable:map[keyInSubtable:valueInSubTable]]]',
      '\n[table]\nkeyInTable = "valueInTable"\n[table.subtable]\nkeyInSubtable = "valueInSubTable"'],
    ['{{ fromToml . }}', 'map[tableArray:[map[keyInElement0:valueInElement0] map[keyInElement1:valueInElement1]]]',
      '\n[[tableArray]]\nkeyInElement0 = "valueInElement0"\n[[tableArray]]\nkeyInElement1 = "valueInElement1"'],
    ['{{ toJson . }}', '{"foo":"bar"}', { foo: 'bar' }],
    ['{{ fromYaml . }}', 'map[hello:world]', 'hello: world'],
    ['{{ fromYamlArray . }}', '[one 2 map[name:helm]]', '- one\n- 2\n- name: helm\n'],
    ['{{ fromYamlArray . }}', '[one 2 map[name:helm]]', '["one", 2, { "name": "helm" }]'],
    ['{{ toToml . }}', '[mast]\n  sail = "white"\n', { mast: { sail: 'white' } }],
    ['{{ fromYaml . }}', 'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]', '- one\n- two\n'],
    ['{{ fromJson .}}', 'map[hello:world]', '{"hello":"world"}'],
    ['{{ fromJson . }}', 'map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]', '["one", "two"]'],
    ['{{ fromJsonArray . }}', '[one 2 map[name:helm]]', '["one", 2, { "name": "helm" }]'],
    ['{{ fromJsonArray . }}', '[json: cannot unmarshal object into Go value of type []interface {}]', '{"hello": "world"}'],
    ['{{ merge .dict (fromYaml .yaml) }}', 'map[a:map[b:c]]', { dict: { a: { b: 'c' } }, yaml: '{"a":{"b":"d"}}' }],
    ['{{ merge (fromYaml .yaml) .dict }}', 'map[a:map[b:d]]', { dict: { a: { b: 'c' } }, yaml: '{"a":{"b":"d"}}' }],
    ['{{ fromYaml . }}', 'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]', '["one", "two"]'],
    ['{{ fromYamlArray . }}', '[error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]', 'hello: world'],
    ['{{ lookup "v1" "Namespace" "" "unlikelynamespace99999999" }}', 'map[]', '["one", "two"]'],
  ];
  for (const [template, expected, data] of cases) {
    it(`${template} with ${JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}`, () => {
      assert.equal(render(template, data), expected);
    });
  }

  it("fromToml's error lands in the Error key (message wording is smol-toml's)", () => {
    assert.match(render('{{ fromToml . }}', 'one'), /^map\[Error:toml: line 1: .+\]$/);
  });
});

describe('helm functions: Helm funcs_test.go must* cases', () => {
  const loop: Record<string, unknown> = { foo: 'bar' };
  loop.loop = [loop];

  it('mustToYaml / mustToJson fail on a cycle; toYaml / toJson swallow it', () => {
    assert.match(renderTemplate('{{ mustToYaml . }}', loop).error ?? '', /error calling mustToYaml: error marshaling into JSON: json: unsupported value: encountered a cycle via/);
    assert.match(renderTemplate('{{ mustToJson . }}', loop).error ?? '', /error calling mustToJson: json: unsupported value: encountered a cycle via/);
    assert.equal(render('{{ toYaml . }}', loop), '');
    assert.equal(render('{{ toJson . }}', loop), '');
  });

  it('mustToDuration', () => {
    assert.equal(render('{{ mustToDuration 30 }}'), '30s');
    assert.equal(render('{{ mustToDuration "1m30s" }}'), '1m30s');
    assert.match(renderTemplate('{{ mustToDuration "foo" }}').error ?? '', /could not parse duration "foo"/);
  });

  it('mustToToml', () => {
    assert.equal(render('{{ mustToToml . }}', { foo: 'bar' }), 'foo = "bar"\n');
  });
});

describe('helm functions: Helm funcs_test.go TestDurationHelpers', () => {
  const cases: Array<[string, string, unknown?]> = [
    ['{{ durationSeconds "1m30s" }}', '90'],
    ['{{ durationSeconds "2.5" }}', '2.5'],
    ['{{ durationSeconds "  2.5  " }}', '2.5'],
    ['{{ durationSeconds 2 }}', '2'],
    ['{{ durationSeconds 2.5 }}', '2.5'],
    ['{{ durationSeconds . }}', '1.5', new GoDuration(1_500_000_000n)],
    ['{{ durationSeconds "nope" }}', '0'],
    ['{{ durationSeconds "" }}', '0'],
    ['{{ durationSeconds "   " }}', '0'],
    ['{{ durationSeconds . }}', '0', null],
    ['{{ durationSeconds . }}', '0', maxDurationSeconds + 1n],
    ['{{ durationSeconds . }}', '0', minDurationSeconds - 1n],
    ['{{ durationSeconds . }}', '0', maxDurationSecondsFloat + 0.5e3],
    ['{{ durationSeconds . }}', '0', -maxDurationSecondsFloat - 0.5e3],
    ['{{ durationSeconds . }}', '0', Number.NaN],
    ['{{ durationSeconds . }}', '0', Infinity],
    ['{{ durationMilliseconds 2 }}', '2000'],
    ['{{ durationMilliseconds 1.5 }}', '1500'],
    ['{{ durationMicroseconds 2 }}', '2000000'],
    ['{{ durationNanoseconds 2 }}', '2000000000'],
    ['{{ durationMinutes "90s" }}', '1.5'],
    ['{{ durationHours "90m" }}', '1.5'],
    ['{{ durationDays "36h" }}', '1.5'],
    ['{{ durationDays 86400 }}', '1'],
    ['{{ durationWeeks "168h" }}', '1'],
    ['{{ durationWeeks "252h" }}', '1.5'],
    ['{{ durationRoundTo 93 60 }}', '2m0s'],
    ['{{ durationTruncateTo 93 60 }}', '1m0s'],
    ['{{ durationRoundTo "93s" "1m" }}', '2m0s'],
    ['{{ durationTruncateTo "93s" "1m" }}', '1m0s'],
    ['{{ durationRoundTo "93s" "nope" }}', '1m33s'],
    ['{{ durationTruncateTo "93s" "nope" }}', '1m33s'],
    ['{{ durationRoundTo "93s" 0 }}', '1m33s'],
    ['{{ durationTruncateTo "93s" -1 }}', '1m33s'],
  ];
  for (const [template, expected, data] of cases) {
    it(`${template}${data === undefined ? '' : ` with ${String(data)}`}`, () => assert.equal(render(template, data ?? {}), expected));
  }

  it('mustToDuration fails where Helm fails', () => {
    const failing: Array<[string, unknown?]> = [
      ['{{ mustToDuration "nope" }}'], ['{{ mustToDuration "" }}'], ['{{ mustToDuration "   " }}'],
      ['{{ mustToDuration . }}', [1n, 2n, 3n]], ['{{ mustToDuration . }}', maxDurationSeconds + 1n],
      ['{{ mustToDuration . }}', minDurationSeconds - 1n], ['{{ mustToDuration . }}', maxDurationSecondsFloat * 2],
      ['{{ mustToDuration . }}', Number.NaN], ['{{ mustToDuration . }}', -Infinity],
    ];
    for (const [template, data] of failing) assert.ok(renderTemplate(template, data ?? {}).error, `${template} ${String(data)}`);
  });
});

describe('helm functions: Helm funcs_test.go TestMerge (mergo semantics)', () => {
  it('merges deeply, keeping destination values and lists', () => {
    const data = {
      src2: { h: 10n, i: 'i', j: 'j' },
      src1: { a: 1n, b: 2n, d: { e: 'four' }, g: [6n, 7n], i: 'aye', j: 'jay', k: { l: false } },
      dst: { a: 'one', c: 3n, d: { f: 5n }, g: [8n, 9n], i: 'eye', k: { l: true } },
    };
    render('{{ merge .dst .src1 .src2 }}', data);
    assert.deepEqual(data.dst, { a: 'one', b: 2n, c: 3n, d: { e: 'four', f: 5n }, g: [8n, 9n], h: 10n, i: 'eye', j: 'jay', k: { l: true } });
  });

  it('replaces empty destination values even without overwrite; mergeOverwrite replaces all', () => {
    assert.equal(render('{{ merge (dict "a" false "b" "" "c" 0 "d" "keep") (dict "a" true "b" "x" "c" 5 "d" "new") | toJson }}'), '{"a":true,"b":"x","c":5,"d":"keep"}');
    assert.equal(render('{{ mergeOverwrite (dict "a" "x" "n" (dict "p" 1 "q" 2)) (dict "a" "" "n" (dict "p" 3)) | toJson }}'), '{"a":"","n":{"p":3,"q":2}}');
    assert.equal(render('{{ mergeOverwrite (dict "a" "x") (dict "a" nil) | toJson }}'), '{"a":null}');
  });
});

describe("helm functions: include, tpl, required, fail, lookup (engine.go)", () => {
  it('include renders a named template with the given data', () => {
    assert.equal(render('{{- define "n" }}[{{ . }}]{{ end }}{{ include "n" "x" | upper }}'), '[X]');
  });

  it('tpl renders text with the data, removing <no value>, and wraps errors as Helm does', () => {
    assert.equal(render('{{ tpl "{{ .a }}-{{ .missing }}" . }}', { a: 'A' }), 'A-');
    assert.match(renderTemplate('{{ tpl "{{ .a" . }}').error ?? '', /error calling tpl: cannot parse template "\{\{ \.a":/);
    assert.match(renderTemplate('{{ tpl "{{ fail \\"x\\" }}" . }}').error ?? '', /error calling tpl: error during tpl function execution for/);
  });

  it('required fails on nil and "", wrapping the message for Helm to find', () => {
    for (const v of [null, '']) {
      assert.equal(renderTemplate('{{ required "a value is required" .v }}', { v }).error,
        `template: test:1:3: executing "test" at <required "a value is required" .v>: error calling required: ${HELM_ERR_START}a value is required${HELM_ERR_END}`);
    }
    assert.equal(render('{{ required "x" .v }}', { v: 0n }), '0');
    assert.equal(render('{{ required "x" .v }}', { v: false }), 'false');
    assert.equal(render('{{ required "x" .v }}', { v: 'ok' }, { lintMode: true }), 'ok');
    assert.equal(render('{{ required "x" .v }}', { v: null }, { lintMode: true }), '');
  });

  it('fail stops rendering with the message (lint mode lets it pass)', () => {
    assert.match(renderTemplate('{{ fail "bad values" }}').error ?? '', /error calling fail: HELM_ERR_STARTbad valuesHELM_ERR_END/);
    assert.equal(render('{{ fail "bad values" }}', {}, { lintMode: true }), '');
  });

  it('lookup returns an empty map and getHostByName an empty string, without touching the network', () => {
    assert.equal(render('{{ lookup "v1" "Secret" "ns" "name" | len }}'), '0');
    assert.equal(render('{{ (lookup "v1" "Secret" "ns" "name").data }}'), '<no value>');
    assert.equal(render('{{ getHostByName "example.com" }}'), '');
  });
});

describe('helm functions: named slice types with methods (Capabilities.APIVersions)', () => {
  /** Like Helm's VersionSet: a []string with a Has method, elements through list(). */
  class VersionSet {
    static goType = 'common.VersionSet';
    constructor(private readonly versions: string[]) {}
    Has(v: string): boolean {
      return this.versions.includes(v);
    }
    list(): readonly string[] {
      return this.versions;
    }
  }

  it('sprig list functions see its elements', () => {
    const data = { APIVersions: new VersionSet(['v1', 'monitoring.coreos.com/v1/ServiceMonitor']), none: new VersionSet([]) };
    assert.equal(render('{{ has "monitoring.coreos.com/v1/ServiceMonitor" .APIVersions }}', data), 'true');
    assert.equal(render('{{ has "x/v1" .APIVersions }}', data), 'false');
    assert.equal(render('{{ first .APIVersions }} {{ join "," .APIVersions }} {{ empty .none }}', data), 'v1 v1,monitoring.coreos.com/v1/ServiceMonitor true');
    assert.equal(render('{{ toJson .APIVersions }}', data), '["v1","monitoring.coreos.com/v1/ServiceMonitor"]');
  });
});

describe('helm functions: limits stop runaway templates', () => {
  it('until, untilStep, seq and repeat stop at the limits with a clear message, quickly', () => {
    const started = Date.now();
    for (const template of ['{{ until 100000000 }}', '{{ untilStep 0 1000000000 1 | len }}', '{{ seq 100000000 }}', '{{ repeat 1000000000 "x" }}', '{{ "x" | repeat 100000 | repeat 100000 }}']) {
      const error = renderTemplate(template).error ?? '';
      assert.match(error, /over the limit of \d+/, template);
    }
    assert.match(renderTemplate('{{ until 20 | len }}', {}, { maxListLength: 10 }).error ?? '', /until.*untilStep: the result would have 20 items, over the limit of 10|untilStep: the result would have 20 items/);
    assert.ok(Date.now() - started < 2000);
  });

  it('a limit error is a limit error to the engine, not the chart\'s mistake', () => {
    const set = new TemplateSet(createHelmFunctions(), { limits: { rangeItems: 1000 } });
    set.add('t', '{{ until 5000 | len }}');
    assert.throws(() => set.execute('t', {}), (e: unknown) => e instanceof TemplateError && e.kind === 'limit');
  });
});

describe("helm functions: include's recursion limit is Helm's", () => {
  it('a template including itself stops at 1000 nested calls with Helm\'s message', () => {
    const error = renderTemplate('{{- define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}').error ?? '';
    assert.match(error, /rendering template has a nested reference name: loop: unable to execute template/);
  });
});
