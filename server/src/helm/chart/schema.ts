/**
 * values.schema.json checks as Helm makes them (pkg/chart/common/util/jsonschema.go): every chart
 * with a schema validates its own values, subcharts theirs, and the failures are reported in the
 * words of the validator Helm uses (santhosh-tekuri/jsonschema v6), e.g.
 *
 *   values don't meet the specifications of the schema(s) in the following chart(s):
 *   mychart:
 *   - at '/replicaCount': got string, want integer
 *
 * ajv does the validating: the draft follows `$schema` (2020-12 when absent, as in Helm) and
 * formats are asserted only before draft 2019-09, as Helm's validator does. ajv's flat error list
 * is then arranged into the validator's tree (one error per failing instance location, "validation
 * failed" over several, combinators over their branches). Remote `$ref`s (which Helm would
 * download) are taken as satisfied: nothing here goes to the network.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { formatFloatG } from '../functions/encoding/go-float';
import { isMap } from './values-file';
import { surelyValid } from './schema-fast';
import type { Values } from './values-file';

interface AjvModules {
  Ajv: typeof import('ajv').default;
  Ajv2019: typeof import('ajv/dist/2019').default;
  Ajv2020: typeof import('ajv/dist/2020').default;
  AjvDraft04: typeof import('ajv-draft-04').default;
  addFormats: typeof import('ajv-formats').default;
  draft06: object;
}
let ajvModules: AjvModules | undefined;

/**
 * ajv and its drafts, loaded with the first chart that has a schema: most charts have none, and
 * evaluating them is a good part of the CLI's start-up.
 */
function loadAjv(): AjvModules {
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy loads; esbuild bundles them */
  ajvModules ??= {
    Ajv: (require('ajv') as typeof import('ajv')).default,
    Ajv2019: (require('ajv/dist/2019') as typeof import('ajv/dist/2019')).default,
    Ajv2020: (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default,
    AjvDraft04: (require('ajv-draft-04') as typeof import('ajv-draft-04')).default,
    addFormats: (require('ajv-formats') as typeof import('ajv-formats')).default,
    draft06: require('ajv/dist/refs/json-schema-draft-06.json') as object,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return ajvModules;
}

/** What schema validation needs of a chart. */
export interface SchemaChart {
  readonly name: string;
  readonly schema?: Uint8Array;
  readonly dependencies: readonly SchemaChart[];
}

/** Values a schema refuses: Helm's report, and whether they only leave out properties a schema requires. */
export interface SchemaViolations {
  report: string;
  /**
   * Every failure is something the values leave out (a `required` property, a string left "" under
   * `minLength`, an anyOf/oneOf some branch of which fails only so): at a chart's default values,
   * the chart asks for a value on purpose, like a template's `required`.
   */
  onlyMissing: boolean;
}

/** ValidateAgainstSchema: the report for the chart and its subcharts, or undefined when all is valid. */
export function validateAgainstSchema(chart: SchemaChart, values: Values): string | undefined {
  return schemaViolations(chart, values)?.report;
}

/** validateAgainstSchema, also saying whether the values only lack required properties. */
export function schemaViolations(chart: SchemaChart, values: Values): SchemaViolations | undefined {
  let sb = '';
  let onlyMissing = true;
  if (chart.schema !== undefined) {
    const err = validateSingleSchema(values, chart.schema);
    if (err !== undefined) {
      sb += `${chart.name}:\n${err.text}`;
      onlyMissing &&= err.onlyMissing;
    }
  }
  for (const sub of chart.dependencies) {
    if (!Object.prototype.hasOwnProperty.call(values, sub.name)) continue;
    const raw = values[sub.name];
    if (raw === null || raw === undefined) continue;
    if (!isMap(raw)) {
      sb += `${sub.name}:\ninvalid type for values: expected object (map), got ${goTypeName(raw)}\n`;
      onlyMissing = false;
      continue;
    }
    const err = schemaViolations(sub, raw);
    if (err !== undefined) {
      sb += err.report;
      onlyMissing &&= err.onlyMissing;
    }
  }
  return sb === '' ? undefined : { report: sb, onlyMissing };
}

/** The full Helm error for values that break a schema. */
export function schemaErrorMessage(report: string): string {
  return `values don't meet the specifications of the schema(s) in the following chart(s):\n${report}`;
}

const compiled = new Map<string, ValidateFunction | Error>();
const parsed = new Map<string, { schema: unknown } | Error>();

/** The schema text parsed, or why it is not JSON, once per text (the quick yes and ajv's compile both read it). */
function parsedSchema(text: string): { schema: unknown } | Error {
  let result = parsed.get(text);
  if (result) return result;
  try {
    result = { schema: JSON.parse(text) };
  } catch (err) {
    result = new Error((err as Error).message);
  }
  if (parsed.size > 64) parsed.clear();
  parsed.set(text, result);
  return result;
}

/** ValidateSingleSchema: the error text (ending in "\n"), or undefined when valid. */
function validateSingleSchema(values: Values, schemaBytes: Uint8Array): { text: string; onlyMissing: boolean } | undefined {
  const text = new TextDecoder().decode(schemaBytes);
  const json = asJson(values);
  const schema = parsedSchema(text);
  // Most values meet their schema: a walk of the schema says so without compiling it (schema-fast.ts).
  if (!(schema instanceof Error) && surelyValid(schema.schema, json)) return undefined;
  let validate = compiled.get(text);
  if (validate === undefined) {
    validate = schema instanceof Error ? schema : compile(schema.schema);
    if (compiled.size > 64) compiled.clear();
    compiled.set(text, validate);
  }
  if (validate instanceof Error) return { text: validate.message, onlyMissing: false };
  if (validate(json)) return undefined;
  const errors = validate.errors ?? [];
  return { text: formatErrors(errors, json) + '\n', onlyMissing: errors.length > 0 && onlyMissingErrors(errors) };
}

/**
 * Whether the values fail only for what they leave out: a required property, a string left ""
 * where one of at least a character is wanted, or an anyOf/oneOf of which some branch fails only
 * so (splunk-otel-collector-chart: `splunkPlatform.endpoint` or `splunkObservability.realm`, both ""
 * by default; sysdiglabs/charts' shield: `access_key` or `access_key_existing_secret`). An `if`
 * is judged by its `then` errors, which ajv reports beside it.
 */
function onlyMissingErrors(errors: ErrorObject[]): boolean {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inside = (e: ErrorObject, c: ErrorObject) => e !== c && e.schemaPath.startsWith(c.schemaPath + '/');
  return errors.every((e) => {
    if (combinators.some((c) => inside(e, c)) || e.keyword === 'if' || e.keyword === '$ref') return true;
    if (e.keyword === 'required' || (e.keyword === 'minLength' && e.data === '')) return true;
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') return false;
    // A oneOf that more than one branch passes is not cured by adding values.
    if ((e.params as { passingSchemas?: unknown }).passingSchemas) return false;
    const branches = new Map<string, ErrorObject[]>();
    for (const b of errors.filter((o) => inside(o, e))) {
      const key = b.schemaPath.slice(e.schemaPath.length + 1).split('/')[0];
      branches.set(key, [...branches.get(key) ?? [], b]);
    }
    return [...branches.values()].some(onlyMissingErrors);
  });
}

function compile(schema: unknown): ValidateFunction | Error {
  const draft = isMap(schema) && typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  // code.optimize off: ajv's optimising passes over the generated code are most of a large schema's
  // compile time (a 50 KB values.schema.json: ~250 ms → ~160 ms), and each validator runs once or
  // twice per render, so the unoptimised code never costs that back. What it accepts and reports is
  // the same: the passes only drop unused names and dead branches.
  const options = { strict: false, allErrors: true, verbose: true, validateSchema: true, validateFormats: false, logger: false as const, code: { optimize: false } };
  const { Ajv, Ajv2019, Ajv2020, AjvDraft04, addFormats, draft06 } = loadAjv();
  let ajv: Ajv;
  let assertFormats = true;
  if (/draft-04/.test(draft)) ajv = new AjvDraft04(options);
  else if (/draft-06/.test(draft)) {
    ajv = new Ajv(options);
    ajv.addMetaSchema(draft06);
  } else if (/draft-07/.test(draft)) ajv = new Ajv(options);
  else if (/2019-09/.test(draft)) {
    ajv = new Ajv2019(options);
    assertFormats = false;
  } else {
    ajv = new Ajv2020(options);
    assertFormats = false;
  }
  if (assertFormats) {
    (ajv.opts as { validateFormats: boolean }).validateFormats = true;
    addFormats(ajv);
  }
  try {
    return ajv.compile(withKnownMetaSchema(withoutNullable(withoutRemoteRefs(schema))) as object);
  } catch (err) {
    return new Error(`jsonschema: ${(err as Error).message}`);
  }
}

/** Values as JSON: --set integers (bigint) become numbers, as they are JSON numbers to Helm's validator. */
function asJson(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(asJson);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = asJson(x);
    return out;
  }
  return v;
}

/**
 * The meta-schemas Helm's validator knows by any of their addresses (santhosh-tekuri/jsonschema
 * reads `http://` and `https://` alike, with or without the empty fragment, and `…/schema` as the
 * latest draft), under the one address ajv registered each draft's meta-schema at.
 */
const META_SCHEMAS: ReadonlyArray<[RegExp, string]> = [
  [/^json-schema\.org\/draft-04\/schema$/, 'http://json-schema.org/draft-04/schema#'],
  [/^json-schema\.org\/draft-06\/schema$/, 'http://json-schema.org/draft-06/schema#'],
  [/^json-schema\.org\/draft-07\/schema$/, 'http://json-schema.org/draft-07/schema#'],
  [/^json-schema\.org\/draft\/2019-09\/schema$/, 'https://json-schema.org/draft/2019-09/schema'],
  [/^json-schema\.org\/(?:draft\/2020-12\/)?schema$/, 'https://json-schema.org/draft/2020-12/schema'],
];

/**
 * The schema with its `$schema` written as ajv knows it: `https://json-schema.org/draft-07/schema#`
 * or `https://json-schema.org/schema#` (common in charts, accepted by Helm) are not ajv's keys, and
 * compiling failed with "no schema with key or ref", as if Helm refused the chart. Other addresses
 * are left as written.
 */
function withKnownMetaSchema(schema: unknown): unknown {
  if (!isMap(schema) || typeof schema['$schema'] !== 'string') return schema;
  const address = schema['$schema'].replace(/^https?:\/\//, '').replace(/#$/, '');
  const known = META_SCHEMAS.find(([pattern]) => pattern.test(address))?.[1];
  return known === undefined || known === schema['$schema'] ? schema : { ...schema, $schema: known };
}

/** A copy of the schema whose references to other documents accept anything. */
function withoutRemoteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutRemoteRefs);
  if (!isMap(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(v) && !v.startsWith('#')) continue;
    out[k] = withoutRemoteRefs(v);
  }
  return out;
}

/** Keywords whose value maps names to schemas: a key there is a name, not a keyword. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);
/** Keywords whose value is data (values to compare), left as written. */
const DATA = new Set(['const', 'enum', 'default', 'examples']);

/**
 * A copy of the schema without OpenAPI's `nullable`, which JSON Schema does not have: Helm's
 * validator ignores it as an unknown keyword, but ajv reads it, and refuses to compile a schema
 * where it stands without `type` ("nullable" cannot be used without "type"), failing a chart Helm
 * renders (camunda/camunda-platform-helm puts it beside an anyOf of string and null). Dropped, a
 * null meets `{type: string, nullable: true}` in ajv no more than in Helm.
 */
function withoutNullable(schema: unknown, names = false): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withoutNullable(s));
  if (!isMap(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!names && k === 'nullable' && typeof v === 'boolean') continue;
    out[k] = names ? withoutNullable(v) : DATA.has(k) ? v : withoutNullable(v, SCHEMA_MAPS.has(k) && isMap(v));
  }
  return out;
}

// ---- the validator's error tree ----

interface Node {
  /** Instance location (JSON pointer). */
  at: string;
  message: string;
  causes: Node[];
}

const SHORT_CIRCUIT = ['type', 'const', 'enum', 'format'];
const KEYWORD_ORDER = [
  'type', 'const', 'enum', 'format', 'minProperties', 'maxProperties', 'required', 'dependencies',
  'additionalProperties', 'propertyNames', 'dependentRequired', 'minItems', 'maxItems', 'uniqueItems',
  'contains', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'not', 'allOf', 'anyOf', 'oneOf', 'false schema',
];

function formatErrors(errors: ErrorObject[], root: unknown): string {
  const nodes = buildNodes(errors.filter((e) => e.keyword !== 'if' && e.keyword !== '$ref'), root);
  const lines: string[] = [];
  const display = (n: Node, indent: number): void => {
    lines.push(`${'  '.repeat(indent)}- at ${quote(n.at)}: ${n.message}`);
    for (const c of n.causes) display(c, indent + 1);
  };
  for (const n of nodes) display(n, 0);
  return lines.join('\n');
}

/** Errors arranged the way the validator reports them: per instance location, combinators nested. */
function buildNodes(errors: ErrorObject[], root: unknown): Node[] {
  // Errors inside a combinator's branches belong under that combinator.
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'not');
  const nestedUnder = new Map<ErrorObject, ErrorObject[]>();
  const nested = new Set<ErrorObject>();
  for (const c of combinators) {
    const inside = errors.filter((e) => e !== c && e.schemaPath.startsWith(c.schemaPath + '/'));
    nestedUnder.set(c, inside);
    for (const e of inside) nested.add(e);
  }
  const top = errors.filter((e) => !nested.has(e));
  return arrange(top, '', root, nestedUnder);
}

function arrange(errors: ErrorObject[], at: string, root: unknown, nestedUnder: Map<ErrorObject, ErrorObject[]>): Node[] {
  const own = errors.filter((e) => e.instancePath === at);
  const deeper = errors.filter((e) => e.instancePath !== at && e.instancePath.startsWith(at + '/'));
  const items: Node[] = [];
  for (const n of ownNodes(own, at, root, nestedUnder)) items.push(n);
  // One entry per child location, in the instance's key order.
  const children: string[] = [];
  for (const e of deeper) {
    const rest = e.instancePath.slice(at.length + 1);
    const child = `${at}/${rest.split('/')[0]}`;
    if (!children.includes(child)) children.push(child);
  }
  for (const child of children) {
    const sub = arrange(
      deeper.filter((e) => e.instancePath === child || e.instancePath.startsWith(child + '/')),
      child,
      root,
      nestedUnder,
    );
    if (sub.length === 1) items.push(sub[0]);
    else if (sub.length > 1) items.push({ at: child, message: 'validation failed', causes: sub });
  }
  return items;
}

function ownNodes(own: ErrorObject[], at: string, root: unknown, nestedUnder: Map<ErrorObject, ErrorObject[]>): Node[] {
  // type, const, enum and format stop the validator at their schema: only the first one counts.
  const bySchema = new Map<string, ErrorObject[]>();
  for (const e of own) {
    const parent = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
    let list = bySchema.get(parent);
    if (!list) bySchema.set(parent, (list = []));
    list.push(e);
  }
  const kept: ErrorObject[] = [];
  for (const list of bySchema.values()) {
    const stopper = SHORT_CIRCUIT.map((k) => list.find((e) => e.keyword === k)).find((e) => e !== undefined);
    if (stopper) kept.push(stopper);
    else kept.push(...list);
  }
  kept.sort((a, b) => rank(a.keyword) - rank(b.keyword));
  const nodes: Node[] = [];
  const merged = new Set<ErrorObject>();
  for (const e of kept) {
    if (merged.has(e)) continue;
    if (e.keyword === 'required' || e.keyword === 'additionalProperties') {
      // The validator reports all missing (or extra) properties of one object in one error.
      const same = kept.filter((o) => o.keyword === e.keyword && o.schemaPath === e.schemaPath);
      for (const o of same) merged.add(o);
      const names = same.map((o) => String((o.params as Record<string, unknown>)[e.keyword === 'required' ? 'missingProperty' : 'additionalProperty']));
      nodes.push({
        at,
        message: e.keyword === 'required'
          ? names.length === 1 ? `missing property ${quote(names[0])}` : `missing properties ${names.map(quote).join(', ')}`
          : `additional properties ${names.map(quote).join(', ')} not allowed`,
        causes: [],
      });
      continue;
    }
    const inner = nestedUnder.get(e);
    const causes = inner ? branchNodes(e, inner, root, nestedUnder) : [];
    nodes.push({ at, message: message(e, root), causes });
  }
  return nodes;
}

/** Each failing branch of a combinator is one cause (several errors in a branch: "validation failed"). */
function branchNodes(c: ErrorObject, inner: ErrorObject[], root: unknown, nestedUnder: Map<ErrorObject, ErrorObject[]>): Node[] {
  const branches = new Map<string, ErrorObject[]>();
  for (const e of inner) {
    const rest = e.schemaPath.slice(c.schemaPath.length + 1);
    const branch = c.keyword === 'not' ? '' : rest.split('/')[0];
    let list = branches.get(branch);
    if (!list) branches.set(branch, (list = []));
    list.push(e);
  }
  const out: Node[] = [];
  for (const list of branches.values()) {
    const direct = list.filter((e) => !list.some((o) => o !== e && (o.keyword === 'anyOf' || o.keyword === 'oneOf') && e.schemaPath.startsWith(o.schemaPath + '/')));
    const nodes = arrange(direct, c.instancePath, root, nestedUnder);
    if (nodes.length === 1) out.push(nodes[0]);
    else if (nodes.length > 1) out.push({ at: c.instancePath, message: 'validation failed', causes: nodes });
  }
  return out;
}

function rank(keyword: string): number {
  const i = KEYWORD_ORDER.indexOf(keyword);
  return i === -1 ? KEYWORD_ORDER.length : i;
}

function message(e: ErrorObject, _root: unknown): string {
  const p = e.params as Record<string, unknown>;
  const data = e.data;
  switch (e.keyword) {
    case 'type': {
      const want = Array.isArray(p.type) ? (p.type as string[]) : String(p.type).split(',');
      const order = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];
      return `got ${jsonTypeOf(data)}, want ${order.filter((t) => want.includes(t)).join(' or ')}`;
    }
    case 'const':
      return isPrimitive(p.allowedValue) ? `value must be ${display(p.allowedValue)}` : 'const failed';
    case 'enum': {
      const values = (p.allowedValues as unknown[]) ?? [];
      if (!values.every(isPrimitive)) return 'enum failed';
      return values.length === 1 ? `value must be ${display(values[0])}` : `value must be one of ${values.map(display).join(', ')}`;
    }
    case 'format':
      return `${display(data)} is not valid ${quote(String(p.format))}`;
    case 'minProperties':
    case 'maxProperties':
      return `${e.keyword}: got ${Object.keys(data as object).length}, want ${String(p.limit)}`;
    case 'minItems':
    case 'maxItems':
      return `${e.keyword}: got ${(data as unknown[]).length}, want ${String(p.limit)}`;
    case 'minLength':
    case 'maxLength':
      return `${e.keyword}: got ${[...String(data)].length}, want ${String(p.limit)}`;
    case 'pattern':
      return `${quote(String(data))} does not match pattern ${quote(String(p.pattern))}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return `${e.keyword}: got ${formatFloatG(Number(data))}, want ${formatFloatG(Number(p.limit ?? p.multipleOf))}`;
    case 'uniqueItems':
      return `items at ${Math.min(Number(p.i), Number(p.j))} and ${Math.max(Number(p.i), Number(p.j))} are equal`;
    case 'dependencies':
    case 'dependentRequired':
      return `properties ${quote(String(p.missingProperty))} required, if ${quote(String(p.property))} exists`;
    case 'propertyNames':
      return `invalid propertyName ${quote(String(p.propertyName))}`;
    case 'not':
      return 'not failed';
    case 'anyOf':
      return 'anyOf failed';
    case 'oneOf': {
      const passing = p.passingSchemas as number[] | null | undefined;
      return Array.isArray(passing) && passing.length >= 2 ? `oneOf failed, subschemas ${passing[0]}, ${passing[1]} matched` : 'oneOf failed, none matched';
    }
    case 'false schema':
      return 'false schema';
    default:
      return e.message ?? e.keyword;
  }
}

function jsonTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/** The validator's display(): strings quoted, containers as "value", the rest as Go's %v. */
function display(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (v !== null && typeof v === 'object') return 'value';
  if (typeof v === 'number') return formatFloatG(v);
  if (v === null) return '<nil>';
  // ajv validates JSON: what is left is a boolean.
  const bool = v as boolean;
  return String(bool);
}

/** The validator's quote(): Go's %q with ' as the quote character. */
function quote(s: string): string {
  const q = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${q}'`;
}

function goTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}
