/**
 * The built-in objects templates see besides .Values, shaped as Helm 4 exposes them:
 * `.Chart` (the metadata as a map with Go field names, plus IsRoot), `.Release` (a map),
 * `.Capabilities` (a struct: KubeVersion with Version/Major/Minor and GitVersion, APIVersions with
 * Has, HelmVersion), `.Files` (Get, GetBytes, Glob, Lines, AsConfig, AsSecrets) and `.Template`.
 *
 * Go structs are class instances whose capitalised properties are fields and capitalised methods
 * are Go methods (the value model of the template engine).
 */
import { declareMethodSignature, declareSignature, isGoMap, withMapMethods } from '../template';
import type { GoMap } from '../template';
import { baseName } from './source';
import type { ChartFile } from './loader';
import type { ChartMetadata } from './metadata';

/** Kubernetes version as Helm's common.KubeVersion. */
export class KubeVersion {
  static goType = 'common.KubeVersion';
  /** Full version as given ("v1.33.4-gke.1245000"). */
  readonly Version: string;
  readonly Major: string;
  readonly Minor: string;
  readonly #normalized: string;

  constructor(version: string, major: string, minor: string, normalized: string) {
    this.Version = version;
    this.Major = major;
    this.Minor = minor;
    this.#normalized = normalized;
  }

  /** The normalised version (suffixes dropped), as printed and as checked against constraints. */
  String(): string {
    return this.#normalized !== '' ? this.#normalized : this.Version;
  }

  /** Deprecated in Helm: the full version. */
  GitVersion(): string {
    return this.Version;
  }
}

/** ParseKubeVersion (apimachinery's ParseGeneric): "1.16", "v1.16.0", "1.33.4-gke.1245000". */
export function parseKubeVersion(text: string): KubeVersion {
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s.exec(text);
  if (!m) throw new Error(`could not parse ${JSON.stringify(text)} as version`);
  const comps = m[1].split('.');
  if (comps.length < 2) throw new Error(`illegal version string ${JSON.stringify(text)}`);
  if (comps[0].startsWith('0') && comps[0] !== '0') throw new Error(`illegal zero-prefixed version component ${JSON.stringify(comps[0])} in ${JSON.stringify(text)}`);
  const numbers = comps.map((c) => BigInt(c).toString());
  const git = text.startsWith('v') ? text : `v${text}`;
  return new KubeVersion(git, numbers[0], numbers[1], `v${numbers.join('.')}`);
}

/**
 * Capabilities.APIVersions: Go's VersionSet, a []string with a Has method: a class around the
 * list, whose `list()` (the GoCollection protocol, template/values.ts) lets `range`, `len` and the
 * list functions see the slice.
 */
export class VersionSet {
  static goType = 'common.VersionSet';
  readonly #versions: readonly string[];

  constructor(versions: Iterable<string>) {
    this.#versions = [...versions];
  }

  /** Whether the set holds the version ("apps/v1", "networking.k8s.io/v1/Ingress"). */
  Has(apiVersion: string): boolean {
    return this.#versions.includes(apiVersion);
  }

  /** The versions, in order. */
  list(): readonly string[] {
    return this.#versions;
  }

  /** Go prints a []string as [a b c]. */
  String(): string {
    return `[${this.#versions.join(' ')}]`;
  }
}

/** Helm's version.BuildInfo. */
export class BuildInfo {
  static goType = 'version.BuildInfo';
  constructor(
    readonly Version: string,
    readonly GitCommit: string,
    readonly GitTreeState: string,
    readonly GoVersion: string,
    readonly KubeClientVersion: string,
  ) {}
}

export class Capabilities {
  static goType = '*common.Capabilities';
  constructor(
    readonly KubeVersion: KubeVersion,
    readonly APIVersions: VersionSet,
    readonly HelmVersion: BuildInfo,
  ) {}
}

/** The Helm release these objects describe (what `helm template` passes to the engine). */
export const HELM_VERSION = new BuildInfo('v4.2.4', '', '', 'go1.26.0', 'v1.36');

/**
 * Helm's default Kubernetes version: one minor above the client-go it is built with (v1.36 for
 * Helm 4.2). Helm's own tests use v1.20.0; the golden oracle passes that explicitly.
 */
export const DEFAULT_KUBE_VERSION = 'v1.36.0';

/**
 * The API versions Helm assumes under `helm template`: every group version of client-go's scheme
 * (v0.36) plus apiextensions.k8s.io. Helm lists them in map order; the order carries no meaning.
 */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1', 'apps/v1beta1', 'apps/v1beta2',
  'authentication.k8s.io/v1', 'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1',
  'autoscaling/v1', 'autoscaling/v2',
  'batch/v1', 'batch/v1beta1',
  'certificates.k8s.io/v1', 'certificates.k8s.io/v1alpha1', 'certificates.k8s.io/v1beta1',
  'coordination.k8s.io/v1', 'coordination.k8s.io/v1alpha2', 'coordination.k8s.io/v1beta1',
  'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1', 'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1', 'networking.k8s.io/v1beta1',
  'node.k8s.io/v1', 'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1',
  'policy/v1', 'policy/v1beta1',
  'rbac.authorization.k8s.io/v1', 'rbac.authorization.k8s.io/v1alpha1', 'rbac.authorization.k8s.io/v1beta1',
  'resource.k8s.io/v1', 'resource.k8s.io/v1alpha3', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1beta2',
  'scheduling.k8s.io/v1', 'scheduling.k8s.io/v1alpha2', 'scheduling.k8s.io/v1beta1',
  'storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storage.k8s.io/v1beta1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1',
];

export interface CapabilitiesOptions {
  /** --kube-version; Helm's default when absent. */
  kubeVersion?: string;
  /** --api-versions, added to the defaults. */
  apiVersions?: readonly string[];
  /** Replace (not extend) the default API versions (helm-unittest does). */
  replaceApiVersions?: boolean;
}

export function makeCapabilities(options: CapabilitiesOptions = {}): Capabilities {
  const kube = parseKubeVersion(options.kubeVersion ?? DEFAULT_KUBE_VERSION);
  const api = options.replaceApiVersions ? [...(options.apiVersions ?? [])] : [...DEFAULT_API_VERSIONS, ...(options.apiVersions ?? [])];
  return new Capabilities(kube, new VersionSet(api), HELM_VERSION);
}

/** `.Release`: a map in Helm 4 (Revision is a Go int). */
export interface ReleaseOptions {
  name: string;
  namespace: string;
  revision?: number;
  isUpgrade?: boolean;
}

export function releaseObject(r: ReleaseOptions): Record<string, unknown> {
  return {
    Name: r.name,
    Namespace: r.namespace,
    IsUpgrade: r.isUpgrade ?? false,
    IsInstall: !(r.isUpgrade ?? false),
    Revision: BigInt(r.revision ?? 1),
    Service: 'Helm',
  };
}

/** `.Chart`: structToMap of the metadata (Go field names), plus IsRoot. */
export function chartObject(md: ChartMetadata, isRoot: boolean): Record<string, unknown> {
  const strings = (a: string[] | null): unknown[] => (a ? [...a] : []);
  return {
    Name: md.name,
    Home: md.home,
    Sources: strings(md.sources),
    Version: md.version,
    Description: md.description,
    Keywords: strings(md.keywords),
    Maintainers: (md.maintainers ?? []).map((m) => (m ? { Name: m.name, Email: m.email, URL: m.url } : null)),
    Icon: md.icon,
    APIVersion: md.apiVersion,
    Condition: md.condition,
    Tags: md.tags,
    AppVersion: md.appVersion,
    Deprecated: md.deprecated,
    Annotations: md.annotations ? { ...md.annotations } : {},
    KubeVersion: md.kubeVersion,
    Dependencies: (md.dependencies ?? []).map((d) =>
      d
        ? {
            Name: d.name,
            Version: d.version,
            Repository: d.repository,
            Condition: d.condition,
            Tags: strings(d.tags),
            Enabled: d.enabled,
            ImportValues: d.importValues ? [...d.importValues] : [],
            Alias: d.alias,
          }
        : null,
    ),
    Type: md.type,
    IsRoot: isRoot,
  };
}

/** How Files turns a map into YAML (Helm's toYAML); supplied by the function library. */
export type ToYaml = (value: unknown) => string;

/**
 * `.Values` as Helm's chartutil.Values, a named map type whose methods templates call:
 * `.Values.AsMap` (gotohelm's charts, redpanda-operator's: `$values := $dot.Values.AsMap`),
 * `.Values.Table "a.b"`, `.Values.YAML`. The map itself is unchanged; the methods go with it.
 */
export function helmValues(values: GoMap, toYaml: ToYaml): GoMap {
  return withMapMethods(values, valuesMethods(toYaml));
}

const methodsByToYaml = new WeakMap<ToYaml, Readonly<Record<string, (...args: never[]) => unknown>>>();

function valuesMethods(toYaml: ToYaml): Readonly<Record<string, (...args: never[]) => unknown>> {
  let methods = methodsByToYaml.get(toYaml);
  if (methods) return methods;
  methods = {
    // Go returns the map itself (a new empty one when it is empty).
    AsMap: declareSignature(function AsMap(this: GoMap): GoMap {
      return Object.keys(this).length === 0 ? {} : this;
    }, []),
    // Each dotted part must name a map: `"x" is not a table` when absent, `"x" is not a value` when not a map.
    // The table is returned as the plain map it is inside the values: giving it the methods would give
    // them to `.Values.x` too (methods go by identity), where Go has a plain map.
    Table: declareSignature(function Table(this: GoMap, name: string): GoMap {
      return name.split('.').reduce<GoMap>((table, part) => {
        if (!Object.prototype.hasOwnProperty.call(table, part)) throw new Error(`${JSON.stringify(part)} is not a table`);
        const next = table[part];
        if (!isGoMap(next)) throw new Error(`${JSON.stringify(part)} is not a value`);
        return next;
      }, this);
    }, ['string']),
    // yaml.Marshal keeps the final newline that toYaml trims.
    YAML: declareSignature(function YAML(this: GoMap): string {
      const text = toYaml(this);
      return text === '' || text.endsWith('\n') ? text : `${text}\n`;
    }, []),
  };
  methodsByToYaml.set(toYaml, methods);
  return methods;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `.Files`: Helm's `files` type, a map of path → bytes with methods. It is a Go map, so
 * `range $path, $bytes := .Files.Glob "x/*"` walks it in path order; methods come first, as Go
 * resolves a method before a map key.
 */
export class Files {
  static goType = 'engine.files';
  readonly #files: Map<string, Uint8Array>;
  readonly #toYaml: ToYaml;

  constructor(files: Iterable<ChartFile> | Map<string, Uint8Array>, toYaml: ToYaml) {
    this.#files = files instanceof Map ? files : new Map([...files].map((f) => [f.name, f.data]));
    this.#toYaml = toYaml;
  }

  /** The file names in Go's map iteration order for printing and range (sorted). */
  keys(): string[] {
    return [...this.#files.keys()].sort();
  }

  /** The GoCollection protocol (template/values.ts): `range $path, $bytes := .Files.Glob "x/*"` walks the files in path order. */
  goEntries(): Array<[string, Uint8Array]> {
    return this.keys().map((name) => [name, this.#files.get(name)!]);
  }

  entry(name: string): Uint8Array | undefined {
    return this.#files.get(name);
  }

  get size(): number {
    return this.#files.size;
  }

  /** The raw bytes of a file; an empty slice when there is none. */
  GetBytes(name: string): Uint8Array {
    return this.#files.get(name) ?? new Uint8Array(0);
  }

  /** The text of a file; "" when there is none. */
  Get(name: string): string {
    return utf8.decode(this.GetBytes(name));
  }

  /** The files whose path matches a gobwas/glob pattern ("*" stays within a folder, "**" crosses). */
  Glob(pattern: string): Files {
    let match: (name: string) => boolean;
    try {
      match = compileGlob(pattern);
    } catch {
      match = () => true; // Helm falls back to "**"
    }
    const out = new Map<string, Uint8Array>();
    for (const [name, data] of this.#files) if (match(name)) out.set(name, data);
    return new Files(out, this.#toYaml);
  }

  /** The files as ConfigMap data: base name -> text, as YAML. */
  AsConfig(): string {
    const m: Record<string, string> = {};
    for (const name of this.keys()) m[baseName(name)] = utf8.decode(this.#files.get(name));
    return this.#toYaml(m);
  }

  /** The files as Secret data: base name -> base64 of the bytes, as YAML. */
  AsSecrets(): string {
    const m: Record<string, string> = {};
    for (const name of this.keys()) m[baseName(name)] = Buffer.from(this.#files.get(name)!).toString('base64');
    return this.#toYaml(m);
  }

  /** The lines of a file (a final newline does not make an empty last line). */
  Lines(path: string): string[] {
    const data = this.#files.get(path);
    if (!data || data.length === 0) return [];
    let s = utf8.decode(data);
    if (s.endsWith('\n')) s = s.slice(0, -1);
    return s.split('\n');
  }
}

/**
 * gobwas/glob with "/" as separator, the syntax Files.Glob takes: `*` (not across "/"), `**`
 * (across), `?`, `[abc]`, `[!abc]`, `[a-z]`, `{a,b}` alternatives and `\` escapes.
 */
export function compileGlob(pattern: string): (name: string) => boolean {
  let re = '';
  let i = 0;
  let braces = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 >= pattern.length) throw new Error('unexpected end of pattern');
      re += escapeRe(pattern[i + 1]);
      i += 2;
      continue;
    }
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i += 2;
      } else {
        re += '[^/]*';
        i++;
      }
      continue;
    }
    if (c === '?') {
      re += '[^/]';
      i++;
      continue;
    }
    if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) throw new Error('unclosed [');
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end + 1;
      continue;
    }
    if (c === '{') {
      braces++;
      re += '(?:';
      i++;
      continue;
    }
    if (c === '}' && braces > 0) {
      braces--;
      re += ')';
      i++;
      continue;
    }
    if (c === ',' && braces > 0) {
      re += '|';
      i++;
      continue;
    }
    re += escapeRe(c);
    i++;
  }
  if (braces > 0) throw new Error('unclosed {');
  const rx = new RegExp(`^${re}$`, 's');
  return (name) => rx.test(name);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Go signatures of the built-in objects' methods, so a wrong call fails with Go's words
// (`wrong number of args for Get: want 1 got 0`, `wrong type for value; expected string; got …`).
declareMethodSignature(KubeVersion.prototype, 'String', []);
declareMethodSignature(KubeVersion.prototype, 'GitVersion', []);
declareMethodSignature(VersionSet.prototype, 'Has', ['string']);
declareMethodSignature(VersionSet.prototype, 'String', []);
declareMethodSignature(Files.prototype, 'GetBytes', ['string']);
declareMethodSignature(Files.prototype, 'Get', ['string']);
declareMethodSignature(Files.prototype, 'Glob', ['string']);
declareMethodSignature(Files.prototype, 'AsConfig', []);
declareMethodSignature(Files.prototype, 'AsSecrets', []);
declareMethodSignature(Files.prototype, 'Lines', ['string']);
