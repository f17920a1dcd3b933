import * as assert from 'node:assert/strict';
import {
  parseSetFileInto, parseSetInto, parseSetJsonInto, parseSetLiteralInto, parseSetStringInto,
} from '../../../../server/src/helm/chart/strvals';
import type { Values } from '../../../../server/src/helm/chart/values-file';

const parse = (s: string): Values => {
  const out: Values = {};
  parseSetInto(s, out);
  return out;
};

// Helm's pkg/strvals TestParseSet, as a table (integers are int64: bigint here).
const OK: Array<[string, Values]> = [
  ['name1=null,f=false,t=true', { name1: null, f: false, t: true }],
  ['name1=value1', { name1: 'value1' }],
  ['name1=value1,name2=value2', { name1: 'value1', name2: 'value2' }],
  ['name1=value1,name2=value2,', { name1: 'value1', name2: 'value2' }],
  ['name1=,name2=value2', { name1: '', name2: 'value2' }],
  ['leading_zeros=00009', { leading_zeros: '00009' }],
  ['zero_int=0', { zero_int: 0n }],
  ['long_int=1234567890', { long_int: 1234567890n }],
  ['boolean=true', { boolean: true }],
  ['is_null=null', { is_null: null }],
  ['name1=one\\,two,name2=three\\,four', { name1: 'one,two', name2: 'three,four' }],
  ['name1=one\\=two,name2=three\\=four', { name1: 'one=two', name2: 'three=four' }],
  ['name1=one two three,name2=three two one', { name1: 'one two three', name2: 'three two one' }],
  ['outer.inner=value', { outer: { inner: 'value' } }],
  ['outer.middle.inner=value', { outer: { middle: { inner: 'value' } } }],
  ['outer.inner1=value,outer.inner2=value2', { outer: { inner1: 'value', inner2: 'value2' } }],
  ['outer.inner1=value,outer.middle.inner=value', { outer: { inner1: 'value', middle: { inner: 'value' } } }],
  ['name1.name2=', { name1: { name2: '' } }],
  ['name1={value1,value2}', { name1: ['value1', 'value2'] }],
  ['name1={value1,value2},name2={value1,value2}', { name1: ['value1', 'value2'], name2: ['value1', 'value2'] }],
  ['name1={1021,902}', { name1: [1021n, 902n] }],
  ['name1.name2={value1,value2}', { name1: { name2: ['value1', 'value2'] } }],
  ['list[0]=foo', { list: ['foo'] }],
  ['list[0].foo=bar', { list: [{ foo: 'bar' }] }],
  ['list[0].foo=bar,list[0].hello=world', { list: [{ foo: 'bar', hello: 'world' }] }],
  ['list[0]=foo,list[1]=bar', { list: ['foo', 'bar'] }],
  ['list[0]=foo,list[1]=bar,', { list: ['foo', 'bar'] }],
  ['list[0]=foo,list[3]=bar', { list: ['foo', null, null, 'bar'] }],
  ['noval[0]', { noval: [] }],
  ['noval[0]=', { noval: [''] }],
  ['nested[0][0]=1', { nested: [[1n]] }],
  ['nested[1][1]=1', { nested: [null, [null, 1n]] }],
  ['name1.name2[0].foo=bar,name1.name2[1].foo=bar', { name1: { name2: [{ foo: 'bar' }, { foo: 'bar' }] } }],
  ['name1.name2[1].foo=bar,name1.name2[0].foo=bar', { name1: { name2: [{ foo: 'bar' }, { foo: 'bar' }] } }],
  ['name1.name2[1].foo=bar', { name1: { name2: [null, { foo: 'bar' }] } }],
];

const ERR = [
  'name1=value1,,,,name2=value2,', 'name1,name2=', 'name1,name2=value2', 'name1,name2=value2\\', 'name1,name2',
  'name1.name2', 'name1.name2,name1.name3', 'name1.=name2', 'name1.,name2', 'name1={1021,902',
  'list[0].foo=bar,list[-30].hello=world', 'list[0]=foo,list[-20]=bar', 'illegal[0]name.foo=bar', ']={}].',
];

describe('helm/chart --set (strvals)', () => {
  for (const [s, want] of OK) it(s, () => assert.deepEqual(parse(s), want));
  for (const s of ERR) it(`${s} fails`, () => assert.throws(() => parse(s)));

  it('words errors as Helm does', () => {
    assert.throws(() => parse('name1,name2'), { message: 'key "name1" has no value (cannot end with ,)' });
    assert.throws(() => parse('name1.name2'), { message: 'key "name2" has no value' });
    assert.throws(() => parse('a[x]=1'), { message: 'error parsing index: strconv.Atoi: parsing "x": invalid syntax' });
    assert.throws(() => parse('a[70000]=1'), { message: 'index of 70000 is greater than maximum supported index of 65536' });
    assert.throws(() => parse(`${'a.'.repeat(31)}b=1`), /nested level is greater than maximum supported nested level of 30/);
    assert.throws(() => parse('a=1,a.b=2'), /interface conversion: interface \{\} is int64, not map\[string\]interface \{\}/);
  });

  it('merges into existing values (ParseInto), --set-string keeps strings', () => {
    const dest: Values = { outer: { inner1: 'overwrite', inner2: 'value2' } };
    parseSetInto('outer.inner1=value1,outer.inner3=value3,outer.inner4=4', dest);
    assert.deepEqual(dest, { outer: { inner1: 'value1', inner2: 'value2', inner3: 'value3', inner4: 4n } });
    const s: Values = {};
    parseSetStringInto('long_int_string=1234567890,boolean=true,is_null=null,zero=0', s);
    assert.deepEqual(s, { long_int_string: '1234567890', boolean: 'true', is_null: 'null', zero: '0' });
  });

  it('--set-json (Helm\'s TestParseJSON)', () => {
    const got: Values = { outer: { inner1: 'overwrite', inner2: 'value2' } };
    parseSetJsonInto('outer.inner1="1",outer.inner3=3,outer.inner4=true,outer.inner5="true"', got);
    assert.deepEqual(got, { outer: { inner1: '1', inner2: 'value2', inner3: 3, inner4: true, inner5: 'true' } });
    const got2: Values = { outer: { inner1: { x: 'overwrite' }, inner2: 'value2' } };
    parseSetJsonInto('outer.inner1=,outer.inner3={"aa":"1","bb":2,"cc":[1,2,3]},outer.inner3.cc[1]=null', got2);
    assert.deepEqual(got2, { outer: { inner1: null, inner2: 'value2', inner3: { aa: '1', bb: 2, cc: [1, null, 3] } } });
    assert.throws(() => parseSetJsonInto('a={"x":1}]', {}));
  });

  it('--set-literal takes the rest of the line; --set-file reads each value', () => {
    const lit: Values = {};
    parseSetLiteralInto('a.b=x,y=z\\n', lit);
    assert.deepEqual(lit, { a: { b: 'x,y=z\\n' } });
    const files: Values = {};
    parseSetFileInto('cfg=/f/config.txt', files, (p) => `content of ${p}`);
    assert.deepEqual(files, { cfg: 'content of /f/config.txt' });
  });
});
