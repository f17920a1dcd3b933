/**
 * The one JSON Schema of `.archlens.yaml`, built from the rule catalog and the configuration's
 * shape. The same object validates config files (engine/config-text.ts, with ajv), editor settings
 * and `--rule`/`--target` flags (engine/config-values.ts), and is written to
 * schemas/archlens.schema.json for editors (`npm run generate`).
 *
 * Two annotations of ours say how a failure reads: `x-message` names the message (in
 * config-messages.ts) for any failure at or under a node, `x-messages` one per keyword of the node
 * itself (e.g. an unknown key). Editors ignore them.
 */
import type { RuleMeta } from '../core/rule';

/** A JSON Schema node (draft-07) as this module writes it. */
export type SchemaNode = { [keyword: string]: unknown };

/** The severity settings, as written in a config: canonical first (what completion offers). */
export const SEVERITY_SETTINGS = ['error', 'warning', 'info', 'hint', 'off'] as const;
export const SEVERITY_DESCRIPTIONS = [
  'Shown as an error',
  'Shown as a warning',
  'Shown as information',
  'Shown as a hint (dots under the text; not listed in the Problems panel)',
  'The rule does not run',
];
/** Other spellings archlens accepts: any case, `warn`, `information`, `none`. */
const SEVERITY_ALIASES = ['warn', 'information', 'none'];

/** A pattern matching `words` in any letter case, with blanks around (as parseSeveritySetting reads them). */
function anyCase(words: readonly string[]): string {
  const word = (w: string) => [...w].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
  return `^\\s*(?:${words.map(word).join('|')})\\s*$`;
}

export function severitySchema(description?: string): SchemaNode {
  return {
    ...(description ? { description } : {}),
    'x-message': 'severity',
    anyOf: [
      { enum: [...SEVERITY_SETTINGS], enumDescriptions: SEVERITY_DESCRIPTIONS },
      { type: 'string', pattern: anyCase([...SEVERITY_SETTINGS, ...SEVERITY_ALIASES]) },
    ],
  };
}

/** `rules:` — a severity per rule, by code (any case) or name. */
function rulesSchema(metas: readonly RuleMeta[]): SchemaNode {
  const properties: Record<string, SchemaNode> = {};
  for (const m of metas) properties[m.code] = severitySchema(`${m.code} ${m.name}: ${m.summary}`);
  for (const m of metas) properties[m.name] = severitySchema(`${m.name} (${m.code}): ${m.summary}`);
  const digits = metas.map((m) => m.code.slice(2)).join('|');
  return {
    type: 'object',
    description: 'Severity per rule, by code or name: error, warning, info, hint or off.',
    properties,
    patternProperties: { [`^[Aa][Ll](?:${digits})$`]: severitySchema() },
    additionalProperties: false,
    'x-messages': { type: 'notAMapping', additionalProperties: 'unknownRule' },
    default: {},
  };
}

/** A string, or a list of strings (one entry may be written without the list). */
function stringsSchema(description: string, item: SchemaNode = {}): SchemaNode {
  return {
    type: ['string', 'array'],
    description,
    ...item,
    // A number reads as its text (`targets: [386]`, as YAML would write a bare 386).
    items: { type: ['string', 'number'], ...item, 'x-messages': { type: 'entryNotAString' } },
    'x-messages': { type: 'notAStringList' },
  };
}

function positiveNumber(description: string, maximum: number): SchemaNode {
  return { type: 'number', description, exclusiveMinimum: 0, maximum, 'x-message': 'positiveNumber' };
}

/** The schema of `.archlens.yaml` for the rules in `metas`. */
export function configSchema(metas: readonly RuleMeta[]): SchemaNode {
  return {
    // No $id: an editor would fetch a schema by its id from the network instead of the packaged file.
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'archlens configuration (.archlens.yaml)',
    description: 'CPU-architecture checks for Kubernetes manifests, Dockerfiles and build scripts. The nearest .archlens.yaml above a checked file applies.',
    type: 'object',
    additionalProperties: false,
    'x-messages': { type: 'rootNotAMapping', additionalProperties: 'unknownKey' },
    properties: {
      targets: {
        ...stringsSchema('The platforms of the cluster\'s nodes (os/arch[/variant]); default linux/amd64 and linux/arm64.', { format: 'archlens-platform' }),
        minItems: 1,
        examples: [['linux/amd64', 'linux/arm64']],
        'x-messages': { type: 'notAStringList', minItems: 'noTargets', format: 'notAPlatform' },
      },
      rules: rulesSchema(metas),
      ignore: stringsSchema('Globs of paths to leave out of folder walks (gitignore lines, relative to this file\'s folder; a name without a slash matches at any depth).'),
      registries: {
        type: 'object',
        description: 'How registries are reached.',
        additionalProperties: false,
        'x-messages': { type: 'notAMapping', additionalProperties: 'unknownKey' },
        properties: {
          mirrors: {
            type: 'object',
            description: 'Registry host → a mirror URL asked first for its images.',
            additionalProperties: { type: 'string', pattern: '^https?://[^\\s/]+', 'x-message': 'mirrorUrl' },
            'x-messages': { type: 'notAMapping' },
          },
          insecure: stringsSchema('Registry hosts (host:port) where plain http or an unverified TLS certificate is allowed.'),
          timeoutMs: positiveNumber('Timeout of one registry request in milliseconds (default 10000).', 600_000),
          concurrency: positiveNumber('Requests in flight at once, per registry host (default 16; a fraction is rounded down).', 256),
        },
      },
      cache: {
        type: 'object',
        description: 'The platform cache.',
        additionalProperties: false,
        'x-messages': { type: 'notAMapping', additionalProperties: 'unknownKey' },
        properties: {
          ttlHours: positiveNumber('How long a tag → digest answer is trusted before a registry is asked again (default 24; digests never expire).', 24 * 365),
        },
      },
      dockerTarget: {
        type: ['string', 'number'],
        description: 'The Dockerfile stage that is exported, if not the last.',
        minLength: 1,
        'x-message': 'stageName',
      },
    },
  };
}
