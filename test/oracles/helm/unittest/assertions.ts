/**
 * helm-unittest's assertions (pkg/unittest/validators), with their pass/fail rules kept exactly:
 * every selected document must pass, a path that reaches nothing fails unless negated, strings
 * are compared after helm-unittest's clean-up, values compare like Go's reflect.DeepEqual (an
 * int is not a float). Failure texts are short summaries, not helm-unittest's layout.
 */
import { valuesAt } from './yamlpath';

export type Doc = Record<string, unknown>;

export interface ValidateContext {
  /** Every document of the template. */
  docs: Doc[];
  /** The documents selected (documentIndex / documentSelector), or all. */
  selected: Doc[];
  negative: boolean;
  /** helm-unittest's RenderError (set only when a render error could not be placed in a file). */
  renderError?: string;
}

export interface Verdict {
  passed: boolean;
  why?: string;
}

export type Validator = (p: Record<string, unknown>, ctx: ValidateContext) => Verdict;

interface AssertType {
  validate: Validator;
  antonym: boolean;
  requireRenderSuccess: boolean;
}

const pass: Verdict = { passed: true };
const failed = (why: string): Verdict => ({ passed: false, why });

/** reflect.DeepEqual over decoded YAML (bigint ints, number floats, plain maps and lists). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && deepEqual(ao[k], bo[k]));
}

/** uniformContent: spaces before line ends dropped, CRLF made LF, leading newlines trimmed. */
function uniform(s: string): string {
  return s.replace(/ +\r?\n/g, '\n').replace(/^\n+/, '');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Each selected manifest must pass; none selected passes only when negated. */
function eachManifest(ctx: ValidateContext, one: (doc: Doc) => Verdict): Verdict {
  if (ctx.selected.length === 0) return ctx.negative ? pass : failed('no manifest found');
  for (const doc of ctx.selected) {
    const v = one(doc);
    if (!v.passed) return v;
  }
  return pass;
}

/** Every value the path reaches must pass; reaching none fails unless negated. */
function eachValue(doc: Doc, path: string, ctx: ValidateContext, one: (v: unknown) => Verdict): Verdict {
  const values = valuesAt(doc, path);
  if (values.length === 0) return ctx.negative ? pass : failed(`unknown path ${path}`);
  for (const v of values) {
    const r = one(v);
    if (!r.passed) return r;
  }
  return pass;
}

function decode(s: string, base64: unknown): string {
  return base64 === true ? Buffer.from(s, 'base64').toString('utf8') : s;
}

const equal: Validator = (p, ctx) => eachManifest(ctx, (doc) => eachValue(doc, String(p.path ?? ''), ctx, (actual) => {
  const a = typeof actual === 'string' ? uniform(decode(actual, p.decodeBase64)) : actual;
  return deepEqual(p.value ?? null, a) === ctx.negative
    ? failed(`${String(p.path)}: expected${ctx.negative ? ' NOT' : ''} ${JSON.stringify(p.value, bigints)}, got ${JSON.stringify(a, bigints)}`)
    : pass;
}));

const exists: Validator = (p, ctx) => eachManifest(ctx, (doc) => {
  const found = valuesAt(doc, String(p.path ?? '')).length > 0;
  return found === ctx.negative ? failed(`${String(p.path)} expected to ${ctx.negative ? 'NOT ' : ''}exist`) : pass;
});

const contains: Validator = (p, ctx) => eachManifest(ctx, (doc) => eachValue(doc, String(p.path ?? ''), ctx, (actual) => {
  if (!Array.isArray(actual)) return failed(`expect '${String(p.path)}' to be an array`);
  let count = 0;
  for (const el of actual) {
    if (p.any === true && isMap(el) && isMap(p.content)) {
      if (Object.keys(p.content).every((k) => deepEqual(el[k], (p.content as Record<string, unknown>)[k]))) count++;
    } else if (deepEqual(el, p.content)) count++;
  }
  const found = count > 0;
  if (p.count === undefined) return found === ctx.negative ? failed(`${String(p.path)}: expected${ctx.negative ? ' NOT' : ''} to contain ${JSON.stringify(p.content, bigints)}`) : pass;
  return (found && BigInt(count) === BigInt(p.count as bigint)) === ctx.negative ? failed(`${String(p.path)}: count ${count}`) : pass;
}));

const isKind: Validator = (p, ctx) => eachManifest(ctx, (doc) =>
  (typeof doc.kind === 'string' && doc.kind === p.of) === ctx.negative ? failed(`expected kind ${String(p.of)}, got ${String(doc.kind)}`) : pass);

const hasDocuments: Validator = (p, ctx) => {
  const n = p.filterAware === true ? ctx.selected.length : ctx.docs.length;
  return (BigInt(n) === BigInt((p.count as bigint | undefined) ?? 0n)) !== ctx.negative ? pass : failed(`expected ${String(p.count)} documents, got ${n}`);
};

/** Go's RE2 syntax as JavaScript reads it (the patterns these suites use are common to both). */
function goRegExp(pattern: string): RegExp {
  return new RegExp(pattern.replace(/\(\?P</g, '(?<'), 'u');
}

const matchRegex: Validator = (p, ctx) => {
  if (!p.pattern) return failed("expected field 'pattern' to be filled");
  const re = goRegExp(String(p.pattern));
  return eachManifest(ctx, (doc) => eachValue(doc, String(p.path ?? ''), ctx, (actual) => {
    if (typeof actual !== 'string') return failed(`expect '${String(p.path)}' to be a string`);
    return re.test(decode(actual, p.decodeBase64)) === ctx.negative ? failed(`${String(p.path)}: ${JSON.stringify(actual)} vs /${String(p.pattern)}/`) : pass;
  }));
};

function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  return v === '' || v === 0 || v === 0n || v === false;
}

const isNullOrEmpty: Validator = (p, ctx) => eachManifest(ctx, (doc) => eachValue(doc, String(p.path ?? ''), ctx, (actual) =>
  isEmptyValue(actual) === ctx.negative ? failed(`${String(p.path)}: expected${ctx.negative ? ' NOT' : ''} to be null or empty`) : pass));

const lengthEqual: Validator = (p, ctx) => {
  const paths = Array.isArray(p.paths) ? (p.paths as string[]) : undefined;
  const single = typeof p.path === 'string' && p.path !== '' ? p.path : undefined;
  if (single && (p.count === undefined || (p.count as bigint) < 0n)) return failed("'count' field must be set if 'path' is used");
  if (single && paths) return failed("'paths' couldn't be used with 'path'");
  const lengthOf = (doc: Doc, path: string): Verdict & { length?: number } => {
    const values = valuesAt(doc, path);
    if (values.length === 0) return ctx.negative ? pass : failed(`unknown path ${path}`);
    let length = 0;
    for (const v of values) {
      if (!Array.isArray(v) && p.count === undefined) return failed(`${path} is not array`);
      length = Array.isArray(v) ? v.length : 0;
      if (p.count !== undefined && (BigInt(length) === BigInt(p.count as bigint)) === ctx.negative) return failed(`${path}: length ${length}`);
    }
    return { passed: true, length };
  };
  return eachManifest(ctx, (doc) => {
    if (single) return lengthOf(doc, single);
    const lengths = new Set<number>();
    for (const path of paths ?? []) {
      const r = lengthOf(doc, path);
      if (!r.passed) return r;
      lengths.add(r.length ?? 0);
    }
    return (lengths.size <= 1) === ctx.negative ? failed('lengths differ') : pass;
  });
};

const isSubset: Validator = (p, ctx) => eachManifest(ctx, (doc) => eachValue(doc, String(p.path ?? ''), ctx, (actual) => {
  if (!isMap(actual) || !isMap(p.content)) return failed(`expect '${String(p.path)}' to be an object`);
  const found = Object.keys(p.content).every((k) => deepEqual(actual[k], (p.content as Record<string, unknown>)[k]));
  return found === ctx.negative ? failed(`${String(p.path)}: expected${ctx.negative ? ' NOT' : ''} to contain ${JSON.stringify(p.content, bigints)}`) : pass;
}));

const failedTemplate: Validator = (p, ctx) => {
  const message = p.errorMessage as string | undefined;
  const pattern = p.errorPattern as string | undefined;
  if (message && pattern) return failed("single attribute 'errorMessage' or 'errorPattern' supported at the same time");
  const check = (actual: unknown): Verdict => {
    if (pattern) {
      let re: RegExp;
      try {
        re = goRegExp(pattern);
      } catch {
        re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      }
      return actual !== undefined && re.test(String(actual)) === ctx.negative ? failed(`error ${JSON.stringify(actual)} vs /${pattern}/`) : pass;
    }
    if (message) return (actual !== undefined && actual === message) === ctx.negative ? failed(`error ${JSON.stringify(actual)} vs ${JSON.stringify(message)}`) : pass;
    return pass;
  };
  if (ctx.renderError !== undefined) return check(ctx.renderError);
  if (ctx.selected.length === 0) return ctx.negative ? pass : failed('No failed document');
  for (const doc of ctx.selected) {
    if (!message && !pattern && !ctx.negative) continue;
    const v = check(doc.raw);
    if (!v.passed) return v;
  }
  return pass;
};

const containsDocument: Validator = (p, ctx) => {
  const matches = (doc: Doc): boolean => {
    if (typeof doc.kind === 'string' && doc.kind !== p.kind) return false;
    if (typeof doc.apiVersion === 'string' && doc.apiVersion !== p.apiVersion) return false;
    if (p.name && valuesAt(doc, 'metadata.name')[0] !== p.name) return false;
    if (p.namespace && valuesAt(doc, 'metadata.namespace')[0] !== p.namespace) return false;
    return true;
  };
  if (ctx.selected.length === 0) return ctx.negative ? pass : failed(`no document ${String(p.kind)}`);
  let ok = true;
  for (const doc of ctx.selected) {
    if (matches(doc) === ctx.negative) ok = false;
    else if ((p.any === true) !== ctx.negative) return pass;
  }
  return ok ? pass : failed(`expected${ctx.negative ? ' NOT' : ''} to contain document ${String(p.kind)} ${String(p.apiVersion)} ${String(p.name ?? '')}`);
};

/** matchSnapshot with no stored snapshot: helm-unittest records the new one and passes. */
const matchSnapshot: Validator = (p, ctx) => {
  if (ctx.selected.length === 0) return ctx.negative ? failed('no manifest') : pass;
  return eachManifest(ctx, (doc) => (valuesAt(doc, String(p.path ?? '')).length === 0 && !ctx.negative ? failed(`unknown path ${String(p.path)}`) : pass));
};

const unsupported = (name: string): Validator => () => {
  throw new Error(`assertion ${name} is not implemented by this runner`);
};

export const ASSERT_TYPES: Record<string, AssertType> = {
  equal: { validate: equal, antonym: false, requireRenderSuccess: true },
  notEqual: { validate: equal, antonym: true, requireRenderSuccess: true },
  exists: { validate: exists, antonym: false, requireRenderSuccess: true },
  notExists: { validate: exists, antonym: true, requireRenderSuccess: true },
  isNull: { validate: exists, antonym: true, requireRenderSuccess: true },
  isNotNull: { validate: exists, antonym: false, requireRenderSuccess: true },
  contains: { validate: contains, antonym: false, requireRenderSuccess: true },
  notContains: { validate: contains, antonym: true, requireRenderSuccess: true },
  isKind: { validate: isKind, antonym: false, requireRenderSuccess: true },
  hasDocuments: { validate: hasDocuments, antonym: false, requireRenderSuccess: true },
  matchRegex: { validate: matchRegex, antonym: false, requireRenderSuccess: true },
  notMatchRegex: { validate: matchRegex, antonym: true, requireRenderSuccess: true },
  isNullOrEmpty: { validate: isNullOrEmpty, antonym: false, requireRenderSuccess: true },
  isNotNullOrEmpty: { validate: isNullOrEmpty, antonym: true, requireRenderSuccess: true },
  isEmpty: { validate: isNullOrEmpty, antonym: false, requireRenderSuccess: true },
  isNotEmpty: { validate: isNullOrEmpty, antonym: true, requireRenderSuccess: true },
  lengthEqual: { validate: lengthEqual, antonym: false, requireRenderSuccess: true },
  notLengthEqual: { validate: lengthEqual, antonym: true, requireRenderSuccess: true },
  isSubset: { validate: isSubset, antonym: false, requireRenderSuccess: true },
  isNotSubset: { validate: isSubset, antonym: true, requireRenderSuccess: true },
  failedTemplate: { validate: failedTemplate, antonym: false, requireRenderSuccess: false },
  notFailedTemplate: { validate: failedTemplate, antonym: true, requireRenderSuccess: true },
  containsDocument: { validate: containsDocument, antonym: false, requireRenderSuccess: true },
  matchSnapshot: { validate: matchSnapshot, antonym: false, requireRenderSuccess: true },
  isAPIVersion: { validate: unsupported('isAPIVersion'), antonym: false, requireRenderSuccess: true },
  isType: { validate: unsupported('isType'), antonym: false, requireRenderSuccess: true },
  equalRaw: { validate: unsupported('equalRaw'), antonym: false, requireRenderSuccess: true },
  matchRegexRaw: { validate: unsupported('matchRegexRaw'), antonym: false, requireRenderSuccess: true },
};

function bigints(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}` : v;
}
