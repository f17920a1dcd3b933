/**
 * The Helm function map the oracle tests render with.
 *
 * TEMPORARY: the helmfuncs branch has not yet published Helm's full function map; until it does,
 * this assembles what it has published (sprig's string functions, go-yaml encoding) with the few
 * Helm functions the golden charts need. Replace with the branch's map as soon as it lands.
 */
import type { FunctionMap } from '../../../server/src/helm/template';
import { stringFunctions } from '../../../server/src/helm/functions/sprig/strings';
import { resolveOptions } from '../../../server/src/helm/functions/options';
import { marshalYamlV2 } from '../../../server/src/helm/functions/encoding/to-yaml';
import { fromYaml } from '../../../server/src/helm/functions/encoding/from-yaml';
import { helmWarnWrap } from '../../../server/src/helm/functions/errors';
import { isTrue } from '../../../server/src/helm/template';
import { semverCompare } from '../../../server/src/helm/functions/sprig/semver';
import type { HelmEnvironment } from '../../../server/src/helm/chart/helm-template';
import type { RenderOptions } from '../../../server/src/helm/chart/render';
import type { ChartSource } from '../../../server/src/helm/chart/source';

const toYaml = (v: unknown): string => marshalYamlV2(v).text.replace(/\n$/, '');

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** mergo.Merge as sprig's merge uses it: the destination wins unless its value is empty. */
function mergeInto(dst: Record<string, unknown>, src: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(src ?? {})) {
    if (isMap(dst[k]) && isMap(v)) mergeInto(dst[k] as Record<string, unknown>, v);
    else if (!isTrue(dst[k])) dst[k] = v;
  }
}

const SPRIG: FunctionMap = {
  ...stringFunctions(resolveOptions()),
  default: (_ctx, d, ...given) => (given.length === 0 || !isTrue(given[0]) ? d : given[0]),
  b64enc: { fn: (_ctx, s) => Buffer.from(String(s), 'utf8').toString('base64'), params: ['string'] },
  dict: (_ctx, ...kv) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < kv.length; i += 2) out[String(kv[i])] = i + 1 < kv.length ? kv[i + 1] : '';
    return out;
  },
  list: (_ctx, ...items) => items,
  set: (_ctx, m, k, v) => {
    (m as Record<string, unknown>)[String(k)] = v;
    return m;
  },
  merge: (_ctx, dst, ...srcs) => {
    for (const src of srcs) mergeInto(dst as Record<string, unknown>, src as Record<string, unknown>);
    return dst;
  },
  semverCompare: (_ctx, c, v) => semverCompare(String(c), String(v)),
  int: (_ctx, v) => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(Math.trunc(v)) : /^-?\d+$/.test(String(v)) ? BigInt(String(v)) : 0n),
  ternary: (_ctx, a, b, c) => (c === true ? a : b),
  hasKey: (_ctx, m, k) => isMap(m) && Object.prototype.hasOwnProperty.call(m, String(k)),
  first: (_ctx, l) => (Array.isArray(l) && l.length > 0 ? l[0] : null),
  empty: (_ctx, v) => !isTrue(v),
  fail: (_ctx, msg) => {
    throw new Error(String(msg));
  },
};

const HELM: FunctionMap = {
  ...SPRIG,
  include: (ctx, name, data) => ctx.include(String(name), data),
  tpl: (ctx, text, data) => ctx.tpl(String(text), data),
  toYaml: (_ctx, v) => toYaml(v),
  fromYaml: (_ctx, s) => fromYaml(String(s)),
  required: (_ctx, warn, val) => {
    if (val === null || val === undefined || val === '') throw new Error(helmWarnWrap(String(warn)));
    return val;
  },
  fail: (_ctx, msg) => {
    throw new Error(helmWarnWrap(String(msg)));
  },
};

export function helmEnvironment(source: ChartSource, cwd: string): HelmEnvironment {
  return { source, cwd, functions: HELM, sprigFunctions: SPRIG, toYaml };
}

export function helmRenderOptions(o: Partial<RenderOptions>): RenderOptions {
  return { functions: HELM, toYaml, ...o };
}
