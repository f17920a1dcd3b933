/**
 * The function map charts render with by default: Helm's (sprig plus Helm's own), created once so
 * the template engine's parse cache (kept per function map) serves every render.
 */
import type { FunctionMap, FunctionSpec, TemplateFunction } from '../template';
import { createHelmFunctions, marshalYamlV2 } from '../functions';
import { VersionSet } from './builtins';

/**
 * Functions that take a list and may be given `.Capabilities.APIVersions`. In Go that is a
 * []string with a Has method; the template engine calls methods only on struct-like objects, so
 * VersionSet is one, and these functions receive its list instead (`has "x" .Capabilities.APIVersions`).
 */
const LIST_TAKERS = [
  'has', 'mustHas', 'first', 'mustFirst', 'last', 'mustLast', 'rest', 'mustRest', 'initial', 'mustInitial',
  'join', 'sortAlpha', 'uniq', 'mustUniq', 'without', 'mustWithout', 'compact', 'mustCompact', 'reverse',
  'mustReverse', 'concat', 'toYaml', 'mustToYaml', 'toJson', 'mustToJson', 'toPrettyJson', 'toRawJson',
];

let helm: FunctionMap | undefined;

/** Helm's template functions. */
export function defaultHelmFunctions(): FunctionMap {
  if (helm) return helm;
  const map = createHelmFunctions();
  for (const name of LIST_TAKERS) {
    const f = map[name];
    if (f !== undefined) map[name] = withVersionSetsAsLists(f);
  }
  return (helm = map);
}

function withVersionSetsAsLists(f: TemplateFunction | FunctionSpec): TemplateFunction | FunctionSpec {
  const unwrap = (a: unknown): unknown => (a instanceof VersionSet ? [...a.list()] : a);
  if (typeof f === 'function') return (ctx, ...args) => f(ctx, ...args.map(unwrap));
  const fn = f.fn;
  return { ...f, fn: (ctx, ...args) => fn(ctx, ...args.map(unwrap)) };
}

/** Helm's toYAML (what Files.AsConfig and AsSecrets write with): sigs.k8s.io/yaml, last newline dropped. */
export function helmToYaml(value: unknown): string {
  try {
    return marshalYamlV2(value).text.replace(/\n$/, '');
  } catch {
    return ''; // Helm's toYAML gives "" when the value cannot be written
  }
}
