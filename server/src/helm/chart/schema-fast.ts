/**
 * A quick yes for values.schema.json checks: whether JSON values surely meet a schema written with
 * the plain keywords chart schemas are mostly made of (`type`, `properties`, `required`, `items`,
 * `enum`, bounds, `pattern`). For external-secrets' 50 KB schema, loading ajv took 32-64 ms and
 * compiling the schema 67-78 ms, to validate the values once; walking it took 1.2 ms. Only a yes is trusted: a
 * keyword outside that set, a keyword value the meta-schema would refuse, or a value that fails
 * makes the caller ask ajv (schema.ts), which then words the failures as Helm does. So a schema
 * error, or values that break the schema, are never decided here.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keywords that never fail a value (annotations), with the shape each draft's meta-schema gives them. */
const ANNOTATIONS: Record<string, (v: unknown) => boolean> = {
  $schema: (v) => typeof v === 'string',
  $id: (v) => typeof v === 'string',
  $comment: (v) => typeof v === 'string',
  title: (v) => typeof v === 'string',
  description: (v) => typeof v === 'string',
  default: () => true,
  examples: (v) => Array.isArray(v),
  deprecated: (v) => typeof v === 'boolean',
  readOnly: (v) => typeof v === 'boolean',
  writeOnly: (v) => typeof v === 'boolean',
};
const TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);
/** The drafts whose meaning of the supported keywords is the same; `format` is an annotation from 2019-09. */
const DRAFTS: ReadonlyArray<[RegExp, boolean]> = [
  [/^https?:\/\/json-schema\.org\/draft-0[467]\/schema#?$/, true],
  [/^https?:\/\/json-schema\.org\/draft\/(?:2019-09|2020-12)\/schema#?$/, false],
];

/** True only when `value` surely meets `schema` (see above); false means "ask ajv", not "invalid". */
export function surelyValid(schema: unknown, value: unknown): boolean {
  if (!isObject(schema)) return typeof schema === 'boolean' && schema;
  const draft = schema['$schema'];
  let formatAsserted = false;
  if (draft !== undefined) {
    const known = typeof draft === 'string' ? DRAFTS.find(([re]) => re.test(draft)) : undefined;
    if (!known) return false;
    formatAsserted = known[1];
  }
  return meets(schema, value as Json, formatAsserted, 0);
}

function meets(schema: unknown, value: Json, formatAsserted: boolean, depth: number): boolean {
  if (typeof schema === 'boolean') return schema;
  if (!isObject(schema) || depth > 64) return false;
  for (const [keyword, rule] of Object.entries(schema)) {
    const annotation = ANNOTATIONS[keyword];
    if (annotation) {
      if (!annotation(rule)) return false;
      continue;
    }
    if (keyword === 'format' && !formatAsserted && typeof rule === 'string') continue;
    if (!KEYWORDS[keyword]?.(rule, value, schema, formatAsserted, depth)) return false;
  }
  return true;
}

type Check = (rule: unknown, value: Json, schema: Record<string, unknown>, formatAsserted: boolean, depth: number) => boolean;

const KEYWORDS: Record<string, Check> = {
  type: (rule, value) => {
    const types = Array.isArray(rule) ? rule : [rule];
    return types.length > 0 && types.every((t) => typeof t === 'string' && TYPES.has(t)) && types.some((t) => hasType(value, t as string));
  },
  properties: (rule, value, _schema, formatAsserted, depth) => {
    if (!isObject(rule) || !Object.values(rule).every(isSchema)) return false;
    if (!isObject(value)) return true;
    return Object.entries(rule).every(([key, sub]) => !Object.prototype.hasOwnProperty.call(value, key) || meets(sub, value[key], formatAsserted, depth + 1));
  },
  additionalProperties: (rule, value, schema, formatAsserted, depth) => {
    if (!isSchema(rule) || schema.patternProperties !== undefined) return false;
    if (!isObject(value)) return true;
    const declared = isObject(schema.properties) ? schema.properties : {};
    return Object.keys(value).every((key) => Object.prototype.hasOwnProperty.call(declared, key) || meets(rule, value[key], formatAsserted, depth + 1));
  },
  required: (rule, value) => {
    // Draft-04's meta-schema wants at least one name; none is allowed later. Either way, ask ajv.
    if (!Array.isArray(rule) || rule.length === 0 || !rule.every((r) => typeof r === 'string') || new Set(rule).size !== rule.length) return false;
    return !isObject(value) || rule.every((key) => Object.prototype.hasOwnProperty.call(value, key));
  },
  items: (rule, value, _schema, formatAsserted, depth) => {
    // The array form (a tuple before 2020-12, an error in it) is left to ajv.
    if (!isSchema(rule)) return false;
    return !Array.isArray(value) || value.every((item) => meets(rule, item, formatAsserted, depth + 1));
  },
  enum: (rule, value) => Array.isArray(rule) && rule.length > 0 && unique(rule as Json[]) && rule.some((option) => sameJson(option as Json, value)),
  minimum: (rule, value) => typeof rule === 'number' && (typeof value !== 'number' || value >= rule),
  maximum: (rule, value) => typeof rule === 'number' && (typeof value !== 'number' || value <= rule),
  minLength: (rule, value) => isCount(rule) && (typeof value !== 'string' || codePoints(value) >= rule),
  maxLength: (rule, value) => isCount(rule) && (typeof value !== 'string' || codePoints(value) <= rule),
  minItems: (rule, value) => isCount(rule) && (!Array.isArray(value) || value.length >= rule),
  maxItems: (rule, value) => isCount(rule) && (!Array.isArray(value) || value.length <= rule),
  pattern: (rule, value) => {
    if (typeof rule !== 'string') return false;
    let re: RegExp;
    try {
      // As ajv builds it (its default RegExp with the `u` flag).
      re = new RegExp(rule, 'u');
    } catch {
      return false;
    }
    return typeof value !== 'string' || re.test(value);
  },
};

function hasType(value: Json, type: string): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'boolean': return typeof value === 'boolean';
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'array': return Array.isArray(value);
    default: return isObject(value);
  }
}

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isSchema(v: unknown): boolean {
  return typeof v === 'boolean' || isObject(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** No two equal items (draft-04's meta-schema asks it of `enum`). */
function unique(items: Json[]): boolean {
  return items.every((a, i) => items.every((b, j) => j <= i || !sameJson(a, b)));
}

/** JSON equality, as `enum` compares (1 and 1.0 alike, key order ignored). */
function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
  }
  return false;
}
