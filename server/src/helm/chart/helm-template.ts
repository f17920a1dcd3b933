/**
 * `helm template` as a function: the same flags, the same standard output and the same error
 * (pkg/cmd/template.go over pkg/action install). Used by the oracle tests against Helm's golden
 * outputs, and by anything that wants exactly Helm's text.
 */
import { TemplateSet } from '../template';
import type { FunctionMap } from '../template';
import type { ToYaml } from './builtins';
import { goPathMatch } from './go-match';
import { defaultHelmFunctions } from './helm-functions';
import { ChartLoadError, loadChart } from './loader';
import { goTrimSpace, splitManifests } from './manifests';
import { renderChart } from './render';
import type { RenderOptions } from './render';
import { decodeUtf8, joinPath } from './source';
import type { ChartSource } from './source';

export interface HelmTemplateFlags {
  /** Positional arguments: [NAME] CHART. */
  args: string[];
  nameTemplate?: string;
  namespace?: string;
  valuesFiles?: string[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setFile?: string[];
  setLiteral?: string[];
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  showOnly?: string[];
  skipTests?: boolean;
  isUpgrade?: boolean;
  noHooks?: boolean;
  skipSchemaValidation?: boolean;
  debug?: boolean;
}

export interface HelmEnvironment {
  /** Where the files are read from. */
  source: ChartSource;
  /** The working folder relative paths are taken from (absolute). */
  cwd: string;
  /** Helm's template functions (the default map when absent). */
  functions?: FunctionMap;
  /** What --name-template is rendered with (Helm: sprig's functions; default: Helm's map). */
  sprigFunctions?: FunctionMap;
  toYaml?: ToYaml;
  /** The Kubernetes version when --kube-version is not given (Helm's own test builds use v1.20.0). */
  defaultKubeVersion?: string;
}

export interface HelmTemplateResult {
  /** What Helm writes to standard output. */
  stdout: string;
  /** The error Helm ends with (printed as "Error: <message>"), if any. */
  error?: string;
}

/** Parses `helm template` command-line arguments (pflag syntax) into flags. */
export function parseHelmTemplateArgs(argv: readonly string[]): HelmTemplateFlags {
  const flags: HelmTemplateFlags = { args: [] };
  const push = (k: 'valuesFiles' | 'set' | 'setString' | 'setJson' | 'setFile' | 'setLiteral' | 'showOnly' | 'apiVersions', v: string) => {
    (flags[k] ??= []).push(v);
  };
  const valued: Record<string, (v: string) => void> = {
    '--name-template': (v) => (flags.nameTemplate = v),
    '--namespace': (v) => (flags.namespace = v),
    '-n': (v) => (flags.namespace = v),
    '--values': (v) => v.split(',').forEach((x) => push('valuesFiles', x)),
    '-f': (v) => v.split(',').forEach((x) => push('valuesFiles', x)),
    '--set': (v) => push('set', v),
    '--set-string': (v) => push('setString', v),
    '--set-json': (v) => push('setJson', v),
    '--set-file': (v) => push('setFile', v),
    '--set-literal': (v) => push('setLiteral', v),
    '--kube-version': (v) => (flags.kubeVersion = v),
    '--api-versions': (v) => v.split(',').forEach((x) => push('apiVersions', x)),
    '-a': (v) => v.split(',').forEach((x) => push('apiVersions', x)),
    '--show-only': (v) => push('showOnly', v),
    '-s': (v) => push('showOnly', v),
  };
  const bools: Record<string, keyof HelmTemplateFlags> = {
    '--include-crds': 'includeCrds', '--skip-tests': 'skipTests', '--is-upgrade': 'isUpgrade',
    '--no-hooks': 'noHooks', '--skip-schema-validation': 'skipSchemaValidation', '--debug': 'debug',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq === -1 ? a : a.slice(0, eq);
    if (valued[name]) {
      const v = eq !== -1 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new Error(`flag needs an argument: ${name}`);
      valued[name](v);
    } else if (bools[name]) {
      (flags as unknown as Record<string, boolean>)[bools[name]] = eq === -1 ? true : a.slice(eq + 1) !== 'false';
    } else if (a.startsWith('-') && a !== '-') {
      throw new Error(`unknown flag: ${name}`);
    } else {
      flags.args.push(a);
    }
  }
  return flags;
}

const USAGE = 'Usage:  helm template [NAME] [CHART] [flags]';
const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Runs `helm template` with these flags. */
export function helmTemplateOutput(env: HelmEnvironment, flags: HelmTemplateFlags): HelmTemplateResult {
  if (flags.args.length < 1) return { stdout: '', error: `"helm template" requires at least 1 argument\n\n${USAGE}` };
  if (flags.args.length > 2) return { stdout: '', error: `expected at most two arguments, unexpected arguments: ${flags.args.slice(2).join(', ')}` };

  let releaseName = 'release-name';
  let chartRef: string;
  if (flags.args.length === 2) {
    if (flags.nameTemplate) return { stdout: '', error: 'cannot set --name-template and also specify a name' };
    [releaseName, chartRef] = flags.args;
  } else {
    chartRef = flags.args[0];
    if (flags.nameTemplate) {
      try {
        const set = new TemplateSet(env.sprigFunctions ?? env.functions ?? defaultHelmFunctions(), { name: 'name-template' });
        set.add('name-template', flags.nameTemplate);
        releaseName = set.execute('name-template', null).output;
      } catch (err) {
        return { stdout: '', error: (err as Error).message };
      }
    }
  }

  const read = (p: string): string => {
    const bytes = env.source.read(joinPath(env.cwd, p));
    if (bytes === undefined) throw new Error(`open ${p}: no such file or directory`);
    return decodeUtf8(bytes);
  };
  let valuesFiles: Array<{ path: string; text: string }>;
  try {
    valuesFiles = (flags.valuesFiles ?? []).map((p) => ({ path: joinPath(env.cwd, p), text: read(p) }));
  } catch (err) {
    return { stdout: '', error: (err as Error).message };
  }

  let chart;
  try {
    chart = loadChart(env.source, joinPath(env.cwd, chartRef));
  } catch (err) {
    if (err instanceof ChartLoadError) return { stdout: '', error: err.message };
    throw err;
  }

  if (releaseName === '') return { stdout: '', error: `release name check failed: release name "": no name provided` };
  if (releaseName.length > 53 || !VALID_NAME.test(releaseName)) {
    return { stdout: '', error: `release name check failed: release name ${JSON.stringify(releaseName)}: invalid release name, must match regex ${VALID_NAME.source} and the length must not be longer than 53` };
  }

  const options: RenderOptions = {
    releaseName,
    namespace: flags.namespace ?? 'default',
    isUpgrade: flags.isUpgrade,
    kubeVersion: flags.kubeVersion ?? env.defaultKubeVersion,
    apiVersions: flags.apiVersions,
    skipSchemaValidation: flags.skipSchemaValidation,
    files: valuesFiles,
    set: flags.set,
    setString: flags.setString,
    setJson: flags.setJson,
    setFile: flags.setFile,
    readFile: read,
    setLiteral: flags.setLiteral,
    functions: env.functions,
    toYaml: env.toYaml,
  };
  const r = renderChart(chart, options);

  const first = r.errors[0];
  // Failures from rendering on come with a release (its manifest may hold the files as rendered).
  const withRelease = first === undefined || first.stage === 'kube-version' || first.stage === 'parse' || first.stage === 'exec' || first.stage === 'yaml';
  let installError: string | undefined;
  let manifest = '';
  let hooks: Array<{ name: string; text: string; hook?: string[] }> = [];
  if (first !== undefined) {
    installError = first.message;
    if (first.stage === 'yaml') {
      // Helm prints every rendered file as it was, to help find the broken YAML.
      const names = [...r.templates.keys()].filter((n) => !n.endsWith('NOTES.txt')).sort();
      for (const n of names) {
        const content = r.templates.get(n)!.output;
        if (goTrimSpace(content) === '') continue;
        manifest += `---\n# Source: ${n}\n${content}\n`;
      }
      hooks = r.manifests.filter((m) => m.hook && m.name < first.template!).map((m) => ({ name: m.name, text: m.text, hook: m.hook }));
    }
  } else {
    if (flags.includeCrds) for (const c of r.crds) manifest += `---\n# Source: ${c.name}\n${c.text}\n`;
    for (const m of r.manifests) {
      if (m.hook) hooks.push(m);
      else manifest += `---\n# Source: ${m.name}\n${m.text}\n`;
    }
  }

  if (installError !== undefined && !flags.debug) {
    return { stdout: '', error: withRelease ? `${installError}\n\nUse --debug flag to render out invalid YAML` : installError };
  }
  if (!withRelease) return { stdout: '', error: installError };

  let manifests = `${goTrimSpace(manifest)}\n`;
  if (!flags.noHooks) {
    for (const h of hooks) {
      if (flags.skipTests && h.hook?.includes('test')) continue;
      manifests += `---\n# Source: ${h.name}\n${h.text}\n`;
    }
  }

  if (flags.showOnly && flags.showOnly.length > 0) {
    const docs = splitManifests(manifests).map((d) => d.content);
    let stdout = '';
    const chosen: string[] = [];
    for (const f of flags.showOnly) {
      let missing = true;
      for (const doc of docs) {
        const m = /# Source: [^/]+\/(.+)/.exec(doc);
        if (!m) continue;
        let matched = false;
        try {
          matched = goPathMatch(f, m[1]);
        } catch {
          matched = false;
        }
        if (!matched) continue;
        chosen.push(doc);
        missing = false;
      }
      if (missing) {
        if (installError !== undefined && flags.debug) return { stdout: '', error: installError };
        return { stdout: '', error: `could not find template ${f} in chart` };
      }
    }
    for (const doc of chosen) stdout += `---\n${doc}\n`;
    return { stdout, error: installError };
  }
  return { stdout: manifests, error: installError };
}
