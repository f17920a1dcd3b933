/**
 * The variants a chart is rendered with: its default values, plus each variant `.archlens.yaml`
 * names for it (`helm: { charts: { deploy/chart: { values: [values-prod.yaml], set: {…} } } }`),
 * turned into the options `helm template` would be given.
 */
import type { HelmVariantSettings } from '../../core/config';
import type { RenderOptions, ValuesFileInput } from '../../helm/chart';
import { readText } from '../source';
import type { RenderContext, UnitProblem } from '../types';

export const DEFAULT_VARIANT = 'default values';

export interface ChartVariant {
  name: string;
  options: RenderOptions;
  /** Values files the variant reads (findings may land in them). */
  files: string[];
  /** What is wrong with the variant's settings (a values file that does not exist). */
  problems: UnitProblem[];
}

/** Joins a path written in a config file to the config's folder ('/'-separated, normalised). */
export function resolvePath(base: string, written: string): string {
  const parts = (written.startsWith('/') ? written : `${base}/${written}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** The variant settings the config gives for the chart at `root` (none when it names the chart nowhere). */
export function configuredVariants(root: string, context: RenderContext): HelmVariantSettings[] {
  const base = context.configDir;
  if (!base) return [];
  const out: HelmVariantSettings[] = [];
  for (const [written, variants] of Object.entries(context.config.helm.charts)) {
    if (resolvePath(base, written) === root) out.push(...variants);
  }
  return out;
}

/** Every variant of the chart at `root`, the default values first. */
export function chartVariants(root: string, anchor: string, context: RenderContext): ChartVariant[] {
  const variants: ChartVariant[] = [{ name: DEFAULT_VARIANT, options: {}, files: [], problems: [] }];
  const taken = new Set([DEFAULT_VARIANT]);
  configuredVariants(root, context).forEach((settings, index) => {
    const variant = toVariant(settings, anchor, context);
    let name = settings.name ?? (settings.values?.length ? settings.values.map((v) => v.slice(v.lastIndexOf('/') + 1)).join(' + ') : `variant ${index + 1}`);
    for (let n = 2; taken.has(name); n++) name = `${settings.name ?? `variant ${index + 1}`} (${n})`;
    taken.add(name);
    variants.push({ ...variant, name });
  });
  return variants;
}

function toVariant(settings: HelmVariantSettings, anchor: string, context: RenderContext): Omit<ChartVariant, 'name'> {
  const problems: UnitProblem[] = [];
  const files: ValuesFileInput[] = [];
  for (const written of settings.values ?? []) {
    const path = resolvePath(context.configDir ?? '/', written);
    const text = readText(context.source, path);
    if (text === undefined) {
      problems.push({ file: anchor, message: `the values file ${written} that .archlens.yaml names for this chart does not exist (${path})` });
      continue;
    }
    files.push({ path, text });
  }
  const set: string[] = [];
  const setLiteral: string[] = [];
  for (const [key, value] of Object.entries(settings.set ?? {})) {
    // Numbers and booleans as --set types them; a string as written (--set would split it at commas).
    if (typeof value === 'string') setLiteral.push(`${key}=${value}`);
    else set.push(`${key}=${String(value)}`);
  }
  const options: RenderOptions = { files, set, setLiteral };
  if (settings.releaseName) options.releaseName = settings.releaseName;
  if (settings.namespace) options.namespace = settings.namespace;
  if (settings.kubeVersion) options.kubeVersion = settings.kubeVersion;
  if (settings.apiVersions?.length) options.apiVersions = settings.apiVersions;
  return { options, files: files.map((f) => f.path), problems };
}
