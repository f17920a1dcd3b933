/**
 * Validates configuration values against the one schema (config-schema.ts) with ajv, and turns
 * what is valid into a configuration layer. Config files, editor settings and command-line flags
 * all come through here, so a bad value reads the same wherever it was written; only the place
 * (`rules.AL999`, `archlens.rules.AL999`, `--rule AL999=error`) differs.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseSeveritySetting, parseTargetPlatform, type ConfigLayer, type HelmSettings, type HelmVariantSettings, type RegistrySettings } from '../core/config';
import type { Platform } from '../images/platform';
import type { SeveritySetting } from '../core/types';
import { allRuleMetas, ruleCodeFor } from '../rules/catalog';
import { configSchema, type SchemaNode } from './config-schema';

/** One thing wrong with a configuration value, at a path inside it. */
export interface Violation {
  /** Keys (and list indexes) from the root to the offending value; for an unknown key, to that key. */
  path: Array<string | number>;
  /** The text after the place, e.g. `unknown rule "AL999" (see \`archlens rules\`)`. */
  message: string;
  /** 'warning': left out, the rest applies (an unknown key); 'error': the value is wrong. */
  severity: 'error' | 'warning';
  /** Where a position should point: the key of the entry, or its value. */
  at: 'key' | 'value';
}

type MessageId =
  | 'severity' | 'unknownRule' | 'notAPlatform' | 'noTargets' | 'notAStringList' | 'entryNotAString'
  | 'positiveNumber' | 'mirrorUrl' | 'notAMapping' | 'rootNotAMapping' | 'unknownKey' | 'stageName'
  | 'helmVariant' | 'scalarValue' | 'nonEmptyString';

interface MessageInput {
  /** `rules.AL101`, `registries.mirrors.docker.io`: the dotted path of the value (list indexes left out). */
  where: string;
  value: unknown;
  /** The key an additionalProperties failure is about. */
  key?: string;
  /** The schema node whose failure this is. */
  schema: SchemaNode;
}

/** The wording of every configuration problem, by the id the schema names. */
const MESSAGES: Record<MessageId, (m: MessageInput) => string> = {
  severity: ({ where }) => `${where}: severity must be one of error, warning, info, hint, off`,
  unknownRule: ({ where, key }) => `${where}: unknown rule "${key}" (see \`archlens rules\`)`,
  notAPlatform: ({ where, value }) => `${where}: ${String(parseTargetPlatform(String(value)))}`,
  noTargets: ({ where }) => `${where} must name at least one platform`,
  notAStringList: ({ where }) => `${where} must be a list of strings`,
  entryNotAString: ({ where }) => `${where}: each entry must be a string`,
  positiveNumber: ({ where, schema }) => `${where} must be a number greater than 0 and at most ${String(schema.maximum)}`,
  mirrorUrl: ({ where }) => `${where}: must be an http:// or https:// URL`,
  notAMapping: ({ where }) => `${where} must be a mapping`,
  rootNotAMapping: () => 'the configuration must be a mapping of keys (targets, rules, ignore, registries, cache)',
  unknownKey: ({ where, key, schema }) => `unknown key "${where ? `${where}.${key}` : String(key)}" (known: ${Object.keys(schema.properties as object).join(', ')})`,
  stageName: ({ where }) => `${where} must be a stage name`,
  helmVariant: ({ where }) => `${where} must be a variant (a mapping of values, set, releaseName, namespace, kubeVersion, apiVersions) or a list of them`,
  scalarValue: ({ where }) => `${where} must be a string, a number or a boolean`,
  nonEmptyString: ({ where }) => `${where} must be a non-empty string`,
};

let compiled: { schema: SchemaNode; validate: ValidateFunction } | undefined;

/** The schema and its validator, compiled on first use (most runs have no configuration to check). */
function validator(): { schema: SchemaNode; validate: ValidateFunction } {
  if (!compiled) {
    const schema = configSchema(allRuleMetas());
    // Union types (a string or a list) are how the file is written, on purpose; a rule's code
    // matches both its property and the any-case pattern, with the same severity schema.
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, allowMatchingProperties: true });
    ajv.addVocabulary(['x-message', 'x-messages', 'enumDescriptions', 'markdownDescription']);
    ajv.addFormat('archlens-platform', (text: string) => typeof parseTargetPlatform(text) !== 'string');
    compiled = { schema, validate: ajv.compile(schema) };
  }
  return compiled;
}

/** How a place in the value is named in messages: `rules.AL101` in a file, `--rule AL101=loud` on the command line. */
export type PlaceNamer = (path: ReadonlyArray<string | number>) => string;

/** The place as a config file names it: its keys, dotted (list indexes left out). */
export const dottedPlace: PlaceNamer = (path) => path.filter((p) => typeof p === 'string').join('.');

/** What is wrong with a configuration value (the parsed `.archlens.yaml`, or settings and flags shaped like it). */
export function validateConfigValue(value: unknown, place: PlaceNamer = dottedPlace): Violation[] {
  const { schema, validate } = validator();
  if (validate(value)) return [];
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const error of validate.errors ?? []) {
    const violation = describeError(error, schema, value, place);
    if (!violation) continue;
    const key = `${violation.path.join('\u0000')}\u0001${violation.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(violation);
  }
  return out;
}

function describeError(error: ErrorObject, root: SchemaNode, value: unknown, place: PlaceNamer): Violation | undefined {
  const path = error.instancePath.split('/').slice(1).map(unescapePointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const found = messageFor(error, root);
  if (!found) return undefined;
  const key = error.keyword === 'additionalProperties' ? String((error.params as { additionalProperty: string }).additionalProperty) : undefined;
  const where = place(path);
  const message = MESSAGES[found.id]({ where, value: valueAt(value, path), key, schema: found.schema });
  if (found.id === 'unknownKey') return { path: [...path, key!], message, severity: 'warning', at: 'key' };
  if (found.id === 'unknownRule') return { path: [...path, key!], message, severity: 'error', at: 'value' };
  return { path, message, severity: 'error', at: 'value' };
}

/**
 * The message for a failure: from the deepest schema node on the failure's schema path that names
 * one for the failing keyword (`x-messages`) or for anything under it (`x-message`).
 */
function messageFor(error: ErrorObject, root: SchemaNode): { id: MessageId; schema: SchemaNode } | undefined {
  const segments = error.schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).map(unescapePointer);
  const nodes: SchemaNode[] = [root];
  let node: unknown = root;
  for (const segment of segments) {
    node = (node as Record<string, unknown> | undefined)?.[segment];
    if (node && typeof node === 'object' && !Array.isArray(node)) nodes.push(node as SchemaNode);
  }
  for (let i = nodes.length - 1; i >= 0; i--) {
    const byKeyword = nodes[i]['x-messages'] as Record<string, MessageId> | undefined;
    if (byKeyword?.[error.keyword]) return { id: byKeyword[error.keyword], schema: nodes[i] };
    const any = nodes[i]['x-message'] as MessageId | undefined;
    if (any) return { id: any, schema: nodes[i] };
  }
  return undefined;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = value;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

/** True when `path` is `prefix` or below it. */
function under(path: ReadonlyArray<string | number>, prefix: ReadonlyArray<string | number>): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/**
 * The configuration layer a value means, leaving out what the violations are about: a bad target
 * drops that target, a bad severity that rule's entry, an unknown key that key.
 */
export function layerFromValue(value: unknown, violations: readonly Violation[]): ConfigLayer {
  const layer: ConfigLayer = {};
  if (!isRecord(value)) return layer;
  const bad = (...path: Array<string | number>) => violations.some((v) => under(path, v.path));
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  const text = (v: unknown) => String(v);

  if (value.targets !== undefined && !bad('targets')) {
    const targets: Platform[] = [];
    list(value.targets).forEach((entry, i) => {
      if (Array.isArray(value.targets) && bad('targets', i)) return;
      const parsed = parseTargetPlatform(text(entry));
      if (typeof parsed !== 'string') targets.push(parsed);
    });
    if (targets.length > 0) layer.targets = targets;
  }
  if (isRecord(value.rules)) {
    const rules: Record<string, SeveritySetting> = {};
    for (const [name, setting] of Object.entries(value.rules)) {
      if (bad('rules', name)) continue;
      const code = ruleCodeFor(name);
      const severity = typeof setting === 'string' ? parseSeveritySetting(setting) : undefined;
      if (code && severity) rules[code] = severity;
    }
    layer.rules = rules;
  }
  if (value.ignore !== undefined && !bad('ignore')) layer.ignore = list(value.ignore).map(text);
  if (isRecord(value.registries)) {
    const r = value.registries;
    const registries: Partial<RegistrySettings> = {};
    if (isRecord(r.mirrors)) {
      const mirrors: Record<string, string> = {};
      for (const [host, url] of Object.entries(r.mirrors)) if (!bad('registries', 'mirrors', host)) mirrors[host] = text(url);
      registries.mirrors = mirrors;
    }
    if (r.insecure !== undefined && !bad('registries', 'insecure')) registries.insecure = list(r.insecure).map(text);
    if (typeof r.timeoutMs === 'number' && !bad('registries', 'timeoutMs')) registries.timeoutMs = r.timeoutMs;
    if (typeof r.concurrency === 'number' && !bad('registries', 'concurrency')) registries.concurrency = Math.floor(r.concurrency);
    layer.registries = registries;
  }
  if (isRecord(value.cache) && typeof value.cache.ttlHours === 'number' && !bad('cache', 'ttlHours')) layer.cache = { ttlHours: value.cache.ttlHours };
  if (value.dockerTarget !== undefined && value.dockerTarget !== null && !bad('dockerTarget')) layer.dockerTarget = text(value.dockerTarget);
  if (isRecord(value.helm) && isRecord(value.helm.charts)) {
    const charts: HelmSettings['charts'] = {};
    for (const [chart, entry] of Object.entries(value.helm.charts)) {
      // A chart with a wrong variant is not rendered with what is left of it (unknown keys only warn).
      if (violations.some((v) => v.severity === 'error' && under(v.path, ['helm', 'charts', chart]))) continue;
      charts[chart] = (Array.isArray(entry) ? entry : [entry]).filter(isRecord).map(helmVariant);
    }
    layer.helm = { charts };
  }
  return layer;
}

/** A valid variant entry as settings (validation has vouched for each field's type). */
function helmVariant(v: Record<string, unknown>): HelmVariantSettings {
  const list = (x: unknown): string[] => (Array.isArray(x) ? x : [x]).map((e) => String(e));
  const out: HelmVariantSettings = {};
  if (typeof v.name === 'string') out.name = v.name;
  if (v.values !== undefined) out.values = list(v.values);
  if (isRecord(v.set)) out.set = Object.fromEntries(Object.entries(v.set).filter(([, x]) => ['string', 'number', 'boolean'].includes(typeof x))) as HelmVariantSettings['set'];
  if (typeof v.releaseName === 'string') out.releaseName = v.releaseName;
  if (typeof v.namespace === 'string') out.namespace = v.namespace;
  if (typeof v.kubeVersion === 'string') out.kubeVersion = v.kubeVersion;
  if (v.apiVersions !== undefined) out.apiVersions = list(v.apiVersions);
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
