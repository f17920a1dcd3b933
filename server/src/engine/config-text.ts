/**
 * `.archlens.yaml` text → a configuration layer: validated with line numbers. Bad values are
 * reported as problems (file, line, what is wrong) and left out; this module never throws on user
 * input and never reads the disk (workspace/config-files.ts does).
 */
import { isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, type Pair } from 'yaml';
import { isNestingError, parseYamlDocument, yamlErrorMessage } from '../core/yaml/parse';
import { parseSeveritySetting, parseTargetPlatform, type ConfigLayer, type ConfigProblem, type RegistrySettings } from '../core/config';
import type { Platform } from '../images/platform';
import type { SeveritySetting } from '../core/types';
import { ruleCodeFor } from '../rules/catalog';

export interface LoadedConfigFile {
  file: string;
  layer: ConfigLayer;
  problems: ConfigProblem[];
}

/** Validates config text (exported for the language server's unsaved buffers and for tests). */
export function parseConfigText(text: string, file: string): LoadedConfigFile {
  const lineCounter = new LineCounter();
  const problems: ConfigProblem[] = [];
  const said = new Set<string>();
  const at = (offset: number | undefined, message: string, severity: 'error' | 'warning' = 'error') => {
    const pos = lineCounter.linePos(offset ?? 0);
    // One node can be reached twice (an alias); each problem is said once.
    const key = `${pos.line}:${pos.col}:${severity}:${message}`;
    if (said.has(key)) return;
    said.add(key);
    problems.push({ file, line: pos.line, column: pos.col, message, severity });
  };
  // An empty value (`rules:`) has no node of its own: point at its key instead.
  let currentKey: unknown;
  const nodeAt = (node: unknown, message: string, severity: 'error' | 'warning' = 'error') => {
    const empty = node === null || node === undefined || (isScalar(node) && node.value === null && !node.source);
    const target = empty ? currentKey : node;
    at((target as YamlNode | undefined)?.range?.[0], message, severity);
  };

  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // The first syntax error only: those after it are mostly its consequences (an unclosed bracket
  // is reported once per enclosing collection).
  for (const error of doc.errors.slice(0, 1)) {
    at(error.pos[0], isNestingError(error) ? `${yamlErrorMessage(error)}: this configuration is not read` : `invalid YAML: ${yamlErrorMessage(error)}`);
  }
  for (const warning of doc.warnings) at(warning.pos[0], firstLine(warning.message), 'warning');
  const layer: ConfigLayer = {};
  if (doc.errors.length > 0) return { file, layer, problems };
  const root = doc.contents;
  if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { file, layer, problems }; // An empty config file is a valid "all defaults".
  }
  if (!isMap(root)) {
    nodeAt(root, 'the configuration must be a mapping of keys (targets, rules, ignore, registries, cache)');
    return { file, layer, problems };
  }

  const stringOf = (node: unknown): string | undefined =>
    isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
  const stringList = (node: unknown, what: string): string[] | undefined => {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) { nodeAt(node, `${what} must be a list of strings`); return undefined; }
    const out: string[] = [];
    for (const item of node.items) {
      const value = stringOf(item);
      if (value === undefined) nodeAt(item, `${what}: each entry must be a string`);
      else out.push(value);
    }
    return out;
  };
  const positiveNumber = (node: unknown, what: string, max: number): number | undefined => {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
      nodeAt(node, `${what} must be a number greater than 0 and at most ${max}`);
      return undefined;
    }
    return value;
  };
  const eachPair = (map: unknown, what: string, visit: (key: string, value: unknown, pair: Pair) => void) => {
    if (!isMap(map)) { nodeAt(map, `${what} must be a mapping`); return; }
    for (const pair of map.items) {
      const key = stringOf(pair.key);
      if (key === undefined) { nodeAt(pair.key, `${what}: keys must be strings`); continue; }
      currentKey = pair.key;
      visit(key, pair.value, pair);
      currentKey = pair.key;
    }
  };

  eachPair(root, 'the configuration', (key, value, pair) => {
    switch (key) {
      case 'targets': {
        const list = stringList(value, 'targets');
        if (!list) break;
        const targets: Platform[] = [];
        const items = isSeq(value) ? value.items : [value];
        list.forEach((entry, i) => {
          const parsed = parseTargetPlatform(entry);
          if (typeof parsed === 'string') nodeAt(items[i], `targets: ${parsed}`);
          else targets.push(parsed);
        });
        if (targets.length > 0) layer.targets = targets;
        else if (list.length === 0) nodeAt(value, 'targets must name at least one platform');
        break;
      }
      case 'rules': {
        const rules: Record<string, SeveritySetting> = {};
        eachPair(value, 'rules', (rule, setting) => {
          const code = ruleCodeFor(rule);
          const severity = stringOf(setting) !== undefined ? parseSeveritySetting(stringOf(setting)!) : undefined;
          if (!code) nodeAt(setting ?? pair.value, `rules: unknown rule "${rule}" (see \`archlens rules\`)`);
          else if (!severity) nodeAt(setting, `rules.${rule}: severity must be one of error, warning, info, hint, off`);
          else rules[code] = severity;
        });
        layer.rules = rules;
        break;
      }
      case 'ignore': {
        const list = stringList(value, 'ignore');
        if (list) layer.ignore = list;
        break;
      }
      case 'registries': {
        const registries: Partial<RegistrySettings> = {};
        eachPair(value, 'registries', (sub, subValue) => {
          switch (sub) {
            case 'mirrors': {
              const mirrors: Record<string, string> = {};
              eachPair(subValue, 'registries.mirrors', (host, url) => {
                const target = stringOf(url);
                if (target === undefined || !/^https?:\/\/[^\s/]+/.test(target)) {
                  nodeAt(url, `registries.mirrors.${host}: must be an http:// or https:// URL`);
                } else mirrors[host] = target;
              });
              registries.mirrors = mirrors;
              break;
            }
            case 'insecure': {
              const list = stringList(subValue, 'registries.insecure');
              if (list) registries.insecure = list;
              break;
            }
            case 'timeoutMs': {
              const n = positiveNumber(subValue, 'registries.timeoutMs', 600_000);
              if (n !== undefined) registries.timeoutMs = n;
              break;
            }
            case 'concurrency': {
              const n = positiveNumber(subValue, 'registries.concurrency', 256);
              if (n !== undefined) registries.concurrency = Math.floor(n);
              break;
            }
            default:
              nodeAt(pairKey(value, sub), `unknown key "registries.${sub}" (known: mirrors, insecure, timeoutMs, concurrency)`, 'warning');
          }
        });
        layer.registries = registries;
        break;
      }
      case 'cache': {
        eachPair(value, 'cache', (sub, subValue) => {
          if (sub === 'ttlHours') {
            const n = positiveNumber(subValue, 'cache.ttlHours', 24 * 365);
            if (n !== undefined) layer.cache = { ttlHours: n };
          } else nodeAt(pairKey(value, sub), `unknown key "cache.${sub}" (known: ttlHours)`, 'warning');
        });
        break;
      }
      case 'dockerTarget': {
        const target = stringOf(value);
        if (target === undefined || target === '') nodeAt(value ?? pair.key, 'dockerTarget must be a stage name');
        else layer.dockerTarget = target;
        break;
      }
      default:
        nodeAt(pair.key, `unknown key "${key}" (known: targets, rules, ignore, registries, cache, dockerTarget)`, 'warning');
    }
  });
  return { file, layer, problems };
}

function pairKey(map: unknown, key: string): unknown {
  if (!isMap(map)) return map;
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

