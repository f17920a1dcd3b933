/**
 * toYaml's encoder (sigs.k8s.io/yaml → go-yaml v2) and fromYaml's decoder. Expectations are
 * ported from go-yaml v2's encode_test.go (marshalTests, TestLineWrapping) and sigs.k8s.io/yaml's
 * yaml_test.go (TestYAMLToJSON, both directions), plus go-yaml's quoting rules worked out from
 * its emitter (emitterc.go: analyze_scalar / select_scalar_style) and resolver (resolve.go).
 */
import * as assert from 'node:assert/strict';
import { marshalYamlV2 } from '../../../../server/src/helm/functions/encoding/to-yaml';
import { fromYaml, fromYamlArray, unmarshalYaml } from '../../../../server/src/helm/functions/encoding/from-yaml';
import { unmarshalJson } from '../../../../server/src/helm/functions/encoding/json-decode';
import { marshalJson } from '../../../../server/src/helm/functions/encoding/json';

const yaml = (v: unknown): string => marshalYamlV2(v).text;

describe('helm functions: toYaml encoding (go-yaml v2 via JSON)', () => {
  it('writes go-yaml v2 marshalTests values as go-yaml does', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'null\n'],
      [{ v: 'hi' }, 'v: hi\n'],
      [{ v: 'true' }, 'v: "true"\n'],
      [{ v: 'false' }, 'v: "false"\n'],
      [{ v: true }, 'v: true\n'],
      [{ v: false }, 'v: false\n'],
      [{ v: 10n }, 'v: 10\n'],
      [{ v: -10n }, 'v: -10\n'],
      [{ v: 4294967296n }, 'v: 4294967296\n'],
      [{ v: '10' }, 'v: "10"\n'],
      [{ v: 0.1 }, 'v: 0.1\n'],
      [{ v: -0.1 }, 'v: -0.1\n'],
      [{ v: null }, 'v: null\n'],
      [{ v: '' }, 'v: ""\n'],
      [{ v: ['A', 'B'] }, 'v:\n- A\n- B\n'],
      [{ v: ['A', 'B\nC'] }, 'v:\n- A\n- |-\n  B\n  C\n'],
      [{ v: ['A', 1n, { B: [2n, 3n] }] }, 'v:\n- A\n- 1\n- B:\n  - 2\n  - 3\n'],
      [{ a: { b: 'c' } }, 'a:\n  b: c\n'],
      [{ a: '-' }, "a: '-'\n"],
      [{ a: '<foo>' }, 'a: <foo>\n'],
      [{ a: '1:1' }, 'a: "1:1"\n'],
      [{ a: '\x00' }, 'a: "\\0"\n'],
      [{ a: '你好' }, 'a: 你好\n'],
      [{ a: '2015-02-24T18:19:39Z' }, 'a: "2015-02-24T18:19:39Z"\n'],
      [{ a: 'b: c' }, "a: 'b: c'\n"],
      [{ a: 'Hello #comment' }, "a: 'Hello #comment'\n"],
      [{ a: '你好 #comment' }, "a: '你好 #comment'\n"],
    ];
    for (const [value, expected] of cases) assert.equal(yaml(value), expected, JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  });

  it('folds long plain and quoted strings at column 80 (TestLineWrapping)', () => {
    const v = { a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 ' };
    assert.equal(
      yaml(v),
      "a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz\n" +
        "  ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '\n",
    );
    // sigs.k8s.io/yaml "line-wrapped string value"
    assert.equal(
      yaml({ t: 'this is very long line with spaces and it must be longer than 80 so we will repeat that it must be longer that 80' }),
      't: this is very long line with spaces and it must be longer than 80 so we will repeat\n  that it must be longer that 80\n',
    );
    // a word longer than the line is never broken
    const word = 'x'.repeat(120);
    assert.equal(yaml({ k: word }), `k: ${word}\n`);
  });

  it('quotes strings that YAML 1.1 would read as something else', () => {
    const quoted = ['yes', 'Yes', 'no', 'on', 'ON', 'off', 'y', 'n', 'true', 'NULL', 'null', '~', '1.0', '012', '0x1F', '1e3',
      '.5', '-1', '+1', '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-12-14 21:59:43.10', '2001-12-14t21:59:43.10-05:00', '1:20', '0b101', '1_000'];
    for (const s of quoted) assert.equal(yaml({ k: s }), `k: "${s}"\n`, s);
    const plain = ['yess', 'NOPE', 'nil', 'None', '1.0.0', 'v1.2', '08x', '2001-13-14', '1e', '.x', 'a:b', ':x', 'a-b', '<<x', '0.0.0.0', '1.2.3-rc.1'];
    for (const s of plain) assert.equal(yaml({ k: s }), `k: ${s}\n`, s);
  });

  it('reads 08, 09 and 1e400 the way go-yaml does (a float, a float, a string)', () => {
    assert.equal(yaml({ k: '08' }), 'k: "08"\n');
    assert.equal(yaml({ k: '1e400' }), 'k: 1e400\n');
    assert.equal(yaml({ k: '<<' }), 'k: "<<"\n');
  });

  it('single-quotes strings that plain style cannot carry, double-quotes the rest', () => {
    const cases: Array<[string, string]> = [
      [' lead', "' lead'"],
      ['trail ', "'trail '"],
      ['- x', "'- x'"],
      ['-', "'-'"],
      ['? x', "'? x'"],
      ['key: value', "'key: value'"],
      ['a #b', "'a #b'"],
      ['#x', "'#x'"],
      ['*x', "'*x'"],
      ['&x', "'&x'"],
      ['!x', "'!x'"],
      ['%x', "'%x'"],
      ['@x', "'@x'"],
      ['`x', "'`x'"],
      ['|x', "'|x'"],
      ['>x', "'>x'"],
      ['[x]', "'[x]'"],
      ['{x}', "'{x}'"],
      ['---', "'---'"],
      ['...', "'...'"],
      ["it's", "it's"],
      ["'q'", "'''q'''"],
      ['"q"', `'"q"'`],
      ['a,b', 'a,b'],
      ['a#b', 'a#b'],
      ['x:', "'x:'"],
      ['tab\there', '"tab\\there"'],
      ['bell\x07', '"bell\\a"'],
      ['del\x7f', '"del\\x7F"'],
      ['nbsp\u00a0x', 'nbsp\u00a0x'],
      ['emoji 😀', '"emoji \\U0001F600"'],
      ['\ufeffbom', '"\\uFEFF\\x62\\x6F\\x6D"'],
      // U+2028 is a line break to libyaml but printable: single quotes, the break copied, then indentation
      ['line\u2028sep', "'line\u2028  sep'"],
      ['cr\rx', '"cr\\rx"'],
    ];
    for (const [s, expected] of cases) assert.equal(yaml({ k: s }), `k: ${expected}\n`, JSON.stringify(s));
  });

  it('writes multi-line strings as literal blocks with go-yaml chomping and indentation hints', () => {
    assert.equal(yaml({ k: 'a\nb' }), 'k: |-\n  a\n  b\n');
    assert.equal(yaml({ k: 'a\nb\n' }), 'k: |\n  a\n  b\n');
    assert.equal(yaml({ k: 'a\n\n' }), 'k: |+\n  a\n\n');
    assert.equal(yaml({ k: '\n' }), 'k: |4+\n\n'.replace('4', '2'));
    assert.equal(yaml({ k: '  indented\nx' }), 'k: |2-\n    indented\n  x\n');
    assert.equal(yaml({ k: 'a\n\nb' }), 'k: |-\n  a\n\n  b\n');
    assert.equal(yaml({ a: { b: 'x\ny', c: 'z' } }), 'a:\n  b: |-\n    x\n    y\n  c: z\n');
    assert.equal(yaml(['x\ny']), '- |-\n  x\n  y\n');
    // trailing spaces on a line rule out the block style: double quotes with escapes
    assert.equal(yaml({ k: 'a \nb' }), 'k: "a \\nb"\n');
    assert.equal(yaml({ k: 'a\n b' }), 'k: |-\n  a\n   b\n');
    assert.equal(yaml({ k: 'x\ttab\nnext' }), 'k: "x\\ttab\\nnext"\n');
  });

  it('sorts keys with go-yaml natural order and indents nested lists at the key column', () => {
    // non-letters sort before letters; a digit run sorts after a non-digit
    assert.equal(yaml({ b: 1n, a: 2n, B: 3n, _x: 4n, '1': 5n }), '_x: 4\n"1": 5\nB: 3\na: 2\nb: 1\n');
    assert.equal(yaml({ item10: 1n, item9: 2n, item1: 3n, 'item01': 4n }), 'item1: 3\nitem01: 4\nitem9: 2\nitem10: 1\n');
    assert.equal(yaml({ a: [[1n, 2n], [], {}], b: [{ c: 1n, d: [] }] }), 'a:\n- - 1\n  - 2\n- []\n- {}\nb:\n- c: 1\n  d: []\n');
    assert.equal(yaml({ containers: [{ name: 'app', ports: [{ containerPort: 80 }] }] }), 'containers:\n- name: app\n  ports:\n  - containerPort: 80\n');
  });

  it('writes numbers as the JSON round trip leaves them (ints, %g floats)', () => {
    assert.equal(yaml({ a: 1, b: 1.5, c: 1234567.5, d: 123456.5, e: 1e21, f: 1e20, g: 0.00001, h: 0.0001, i: -0 }),
      'a: 1\nb: 1.5\nc: 1.2345675e+06\nd: 123456.5\ne: 1e+21\nf: 1e+20\ng: 1e-05\nh: 0.0001\ni: 0\n');
    assert.equal(yaml({ max: 9223372036854775807n, u: 18446744073709551615n }), 'max: 9223372036854775807\nu: 18446744073709551615\n');
  });

  it('makes long and multi-line keys complex keys', () => {
    const long = 'k'.repeat(129);
    assert.equal(yaml({ [long]: 'v' }), `? ${long}\n: v\n`);
    assert.equal(yaml({ ['k'.repeat(128)]: 'v' }), `${'k'.repeat(128)}: v\n`);
    assert.equal(yaml({ 'a\nb': 'v' }), '? |-\n  a\n  b\n: v\n');
    assert.equal(yaml({ '': 'v' }), '"": v\n');
  });

  it('fails as json.Marshal does on NaN and cycles', () => {
    assert.throws(() => yaml({ v: Number.NaN }), { message: 'json: unsupported value: NaN' });
    assert.throws(() => yaml({ v: Infinity }), { message: 'json: unsupported value: +Inf' });
    const loop: Record<string, unknown> = { foo: 'bar' };
    loop.loop = [loop];
    assert.throws(() => yaml(loop), { message: 'json: unsupported value: encountered a cycle via []interface {}' });
  });

  it('uses toJSON of class instances (Go json.Marshaler)', () => {
    class Version {
      toJSON(): string {
        return '1.2.3';
      }
    }
    assert.equal(yaml({ v: new Version() }), 'v: 1.2.3\n');
  });
});

/** sigs.k8s.io/yaml TestYAMLToJSON: [yaml, json, yaml written back (when not the input), fails]. */
const YAML_TO_JSON: Array<[string, string, string?, boolean?]> = [
  ['t: a\n', '{"t":"a"}'],
  ['t: null\n', '{"t":null}'],
  ['t: True\n', '{"t":true}', 't: true\n'],
  ['t: no\n', '{"t":false}', 't: false\n'],
  ['t: 9007199254740993\n', '{"t":9007199254740993}', 't: 9007199254740993\n'],
  ['t: 1000000000000000000000000000000000000\n', '{"t":1e+36}', 't: 1e+36\n'],
  ['t: this is very long line with spaces and it must be longer than 80 so we will repeat\n  that it must be longer that 80\n',
    '{"t":"this is very long line with spaces and it must be longer than 80 so we will repeat that it must be longer that 80"}'],
  ['t: ', '{"t":null}', 't: null\n'],
  ['True: a', '{"true":"a"}', '"true": a\n'],
  ['no: a', '{"false":"a"}', '"false": a\n'],
  ['1: a', '{"1":"a"}', '"1": a\n'],
  ['1.2: a', '{"1.2":"a"}', '"1.2": a\n'],
  ['1000000000000000000000000000000000000: a', '{"1e+36":"a"}', '"1e+36": a\n'],
  ['1e+36: a', '{"1e+36":"a"}', '"1e+36": a\n'],
  ['"1e+36": a\n', '{"1e+36":"a"}'],
  ['"1.2": a\n', '{"1.2":"a"}'],
  ['- t: a\n', '[{"t":"a"}]'],
  ['- t: a\n- t:\n    b: 1\n    c: 2\n', '[{"t":"a"},{"t":{"b":1,"c":2}}]'],
  ['[{t: a}, {t: {b: 1, c: 2}}]', '[{"t":"a"},{"t":{"b":1,"c":2}}]', '- t: a\n- t:\n    b: 1\n    c: 2\n'],
  ['- t: ', '[{"t":null}]', '- t: null\n'],
  ['- t: null\n', '[{"t":null}]'],
  ['a: !!binary gIGC', '{"a":"\ufffd\ufffd\ufffd"}', 'a: \ufffd\ufffd\ufffd\n'],
  ['~: a', '{"null":"a"}', '"null": a\n', true],
  ['null: a', '{"null":"a"}', '"null": a\n', true],
];

describe('helm functions: YAML ⇄ JSON as sigs.k8s.io/yaml converts', () => {
  it('reads YAML into the JSON values sigs.k8s.io/yaml produces', () => {
    for (const [text, json, , fails] of YAML_TO_JSON) {
      if (fails) {
        assert.throws(() => unmarshalYaml(text), Error, text);
        continue;
      }
      assert.deepEqual(unmarshalYaml(text), JSON.parse(json), text);
    }
  });

  it('writes the JSON back as the YAML sigs.k8s.io/yaml produces', () => {
    for (const [text, json, back] of YAML_TO_JSON) {
      assert.equal(yaml(unmarshalJson(json, { keepNumberText: true })), back ?? text, json);
    }
  });
});

describe('helm functions: fromYaml / fromYamlArray (Helm funcs_test.go)', () => {
  it('reads maps and lists, numbers as float64', () => {
    assert.deepEqual(fromYaml('hello: world'), { hello: 'world' });
    assert.deepEqual(fromYamlArray('- one\n- 2\n- name: helm\n'), ['one', 2, { name: 'helm' }]);
    assert.deepEqual(fromYamlArray('["one", 2, { "name": "helm" }]'), ['one', 2, { name: 'helm' }]);
    assert.deepEqual(fromYaml(''), {});
  });

  it('puts the error in an Error key (or the only item) as Helm does', () => {
    const wantMap = 'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}';
    assert.deepEqual(fromYaml('- one\n- two\n'), { Error: wantMap });
    assert.deepEqual(fromYaml('["one", "two"]'), { Error: wantMap });
    assert.deepEqual(fromYamlArray('hello: world'), [
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}',
    ]);
    const broken = fromYaml('a: b: c');
    assert.match(String(broken.Error), /^error converting YAML to JSON: yaml: line 1: /);
  });

  it('applies YAML 1.1 types, merge keys and anchors as go-yaml v2 does', () => {
    assert.deepEqual(fromYaml('a: yes\nb: off\nc: 0777\nd: 0x1F\ne: 1_000\nf: 2001-12-14\ng: ~\nh: "yes"\ni: 1.5\nj: .inf_x'), {
      a: true, b: false, c: 511, d: 31, e: 1000, f: '2001-12-14', g: null, h: 'yes', i: 1.5, j: '.inf_x',
    });
    assert.deepEqual(fromYaml('base: &b {x: 1, z: 2}\nderived:\n  <<: *b\n  z: 3'), { base: { x: 1, z: 2 }, derived: { x: 1, z: 3 } });
    // go-yaml v2 reads the key y as the boolean true
    assert.deepEqual(fromYaml('y: 1\nn: 2'), { true: 1, false: 2 });
    assert.deepEqual(fromYaml('a: !!str 12\nb: !!float 1\nc: !custom text'), { a: '12', b: 1, c: 'text' });
    assert.match(String(fromYaml('a: .nan').Error), /json: unsupported value: NaN/);
  });

  it('reads quoted scalars and flow lists as go-yaml does, and says on which line an error is', () => {
    // A continuation line indented no deeper than its key: go-yaml reads on, the spec ends the scalar.
    assert.deepEqual(fromYaml("a:\n  b: 'one\n  two'\n  c: [x,\n  z]\n"), { a: { b: 'one two', c: ['x', 'z'] } });
    assert.match(String(fromYaml('a: 1\nb: c: d\ne: 1\n').Error), /^error converting YAML to JSON: yaml: line 2: /);
  });

  it('gives an error, not a stack overflow, for a text nested thousands of levels deep', () => {
    assert.match(String(fromYaml(`a: ${'['.repeat(5000)}${']'.repeat(5000)}`).Error), /nesting deeper than 256 levels/);
  });
});

describe('helm functions: JSON (Go encoding/json)', () => {
  it('marshals with sorted keys, HTML escaping and Go number formatting', () => {
    assert.equal(marshalJson({ b: 1, a: '<x&y>', c: [true, null, 1.5, 10n], d: {} }, { escapeHTML: true }),
      '{"a":"\\u003cx\\u0026y\\u003e","b":1,"c":[true,null,1.5,10],"d":{}}');
    assert.equal(marshalJson({ a: '<x>' }, { escapeHTML: false }), '{"a":"<x>"}');
    assert.equal(marshalJson([1e21, 1e-7, 123456789, 0.000001, -0], { escapeHTML: true }), '[1e+21,1e-7,123456789,0.000001,-0]');
    assert.equal(marshalJson('\u2028\b\f\x01', { escapeHTML: true }), '"\\u2028\\b\\f\\u0001"');
    assert.equal(marshalJson({ a: [1n, { b: 'c' }], e: [] }, { escapeHTML: true, indent: '  ' }),
      '{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ],\n  "e": []\n}');
  });

  it('unmarshals with Go syntax errors', () => {
    assert.deepEqual(unmarshalJson('{"hello":"world","n":[1,2.5]}'), { hello: 'world', n: [1, 2.5] });
    const cases: Array<[string, string]> = [
      ['', 'unexpected end of JSON input'],
      ['{', 'unexpected end of JSON input'],
      ['x', "invalid character 'x' looking for beginning of value"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
      ['[1 2]', "invalid character '2' after array element"],
      ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
      ['{} x', "invalid character 'x' after top-level value"],
      ['tru', 'unexpected end of JSON input'],
      ['trux', "invalid character 'x' in literal true (expecting 'e')"],
      ['-x', "invalid character 'x' in numeric literal"],
      ['1.x', "invalid character 'x' after decimal point in numeric literal"],
      ['"\\x"', "invalid character 'x' in string escape code"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
    ];
    for (const [text, message] of cases) assert.throws(() => unmarshalJson(text), { message }, text);
  });
});
