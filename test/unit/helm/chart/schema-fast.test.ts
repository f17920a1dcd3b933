/**
 * The quick yes of values.schema.json checks (server/src/helm/chart/schema-fast.ts): a yes must be
 * ajv's yes; anything it cannot vouch for goes to ajv, which words failures as Helm does.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { surelyValid } from '../../../../server/src/helm/chart/schema-fast';
import { describeWithShared } from '../../../helpers/shared';

describe('helm/chart values.schema.json: the quick yes', () => {
  const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });
  const yes: Array<[string, unknown, unknown]> = [
    ['types, nested properties, items', object({ replicas: { type: 'integer' }, image: object({ tag: { type: ['string', 'null'] } }), args: { type: 'array', items: { type: 'string' } } }), { replicas: 2, image: { tag: null }, args: ['a'] }],
    ['a property the values leave out', object({ a: { type: 'string' } }), {}],
    ['enum, bounds, lengths, pattern, annotations, format (2020-12: an annotation)', object({ p: { enum: ['Always', 'IfNotPresent'], title: 'policy' }, n: { minimum: 1, maximum: 3 }, s: { minLength: 2, maxLength: 3, pattern: '^[a-z]+$', format: 'email' } }), { p: 'Always', n: 3, s: 'abc' }],
    ['required present, additionalProperties false with every key declared', object({ a: true }, { required: ['a'], additionalProperties: false }), { a: 1 }],
    ['a draft-07 schema', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, {}],
  ];
  const ask: Array<[string, unknown, unknown]> = [
    ['a wrong type', object({ replicas: { type: 'integer' } }), { replicas: 'three' }],
    ['a float where an integer is wanted', object({ replicas: { type: 'integer' } }), { replicas: 1.5 }],
    ['a missing required property', object({}, { required: ['a'] }), {}],
    ['an undeclared key under additionalProperties false', object({ a: true }, { additionalProperties: false }), { a: 1, b: 2 }],
    ['a keyword outside the set ($ref)', object({ a: { $ref: '#/$defs/x' } }, { $defs: { x: { type: 'string' } } }), { a: 'x' }],
    ['a combinator', { anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'x'],
    ['a type name the meta-schema refuses', { type: 'strin' }, 'x'],
    ['a title that is not a string', { title: 3, type: 'string' }, 'x'],
    ['a format under draft-07 (asserted there)', { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', format: 'email' }, 'x'],
    ['an unknown draft', { $schema: 'http://json-schema.org/draft-03/schema#' }, {}],
    ['a pattern that is not a regex', { pattern: '(' }, 'x'],
    ['a tuple items', { items: [{ type: 'string' }] }, ['x']],
    ['an enum with a repeated option', { enum: ['a', 'a'] }, 'a'],
  ];
  for (const [name, schema, value] of yes) it(`vouches: ${name}`, () => assert.equal(surelyValid(schema, value), true));
  for (const [name, schema, value] of ask) it(`asks ajv: ${name}`, () => assert.equal(surelyValid(schema, value), false));
});

describeWithShared('helm/chart values.schema.json: the quick yes against ajv on a real schema', ['corpus', 'realworld', 'external-secrets__external-secrets', 'deploy', 'charts', 'external-secrets'], (chart) => {
  it('never says yes where ajv says no (external-secrets values.schema.json, its defaults and 400 mutations of them)', function () {
    this.timeout(60000);
    const schema = JSON.parse(fs.readFileSync(path.join(chart, 'values.schema.json'), 'utf8')) as object;
    const defaults = parseYaml(fs.readFileSync(path.join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(schema);
    assert.equal(surelyValid(schema, defaults), true, 'the defaults are vouched for without ajv');
    assert.equal(ajv(defaults), true);
    const leaves: string[][] = [];
    const walk = (v: unknown, at: string[]) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
      else leaves.push(at);
    };
    walk(defaults, []);
    const odd: unknown[] = ['text', 7, 1.5, true, null, [], {}, -1];
    let said = 0;
    for (let i = 0; i < 400; i++) {
      const values = structuredClone(defaults);
      const at = leaves[(i * 7919) % leaves.length];
      let holder = values;
      for (const k of at.slice(0, -1)) holder = holder[k] as Record<string, unknown>;
      holder[at[at.length - 1]] = odd[i % odd.length];
      const quick = surelyValid(schema, values);
      if (quick) said++;
      assert.ok(!quick || ajv(values), `yes where ajv says no at ${at.join('.')} = ${JSON.stringify(odd[i % odd.length])}`);
    }
    assert.ok(said > 50 && said < 400, `the mutations are a mix of yes and ask (${said} yes)`);
  });
});
