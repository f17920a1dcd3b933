/**
 * `.archlens.yaml` text → a configuration layer, validated against the one schema
 * (config-schema.ts, config-validate.ts) with each problem placed at its line and column. Bad
 * values are reported and left out; this module never throws on user input and never reads the
 * disk (workspace/config-files.ts does).
 */
import { isMap, isScalar, isSeq, LineCounter, type Node as YamlNode } from 'yaml';
import { isNestingError, parseYamlDocument, yamlErrorMessage } from '../core/yaml/parse';
import type { ConfigLayer, ConfigProblem } from '../core/config';
import { layerFromValue, validateConfigValue, type Violation } from './config-validate';

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
  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // The first syntax error only: those after it are mostly its consequences (an unclosed bracket
  // is reported once per enclosing collection).
  for (const error of doc.errors.slice(0, 1)) {
    at(error.pos[0], isNestingError(error) ? `${yamlErrorMessage(error)}: this configuration is not read` : `invalid YAML: ${yamlErrorMessage(error)}`);
  }
  for (const warning of doc.warnings) at(warning.pos[0], firstLine(warning.message), 'warning');
  if (doc.errors.length > 0) return { file, layer: {}, problems };
  const root = doc.contents;
  if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { file, layer: {}, problems }; // An empty config file is a valid "all defaults".
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    at(root.range?.[0], `invalid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`);
    return { file, layer: {}, problems };
  }
  const violations = validateConfigValue(value);
  // In the order they appear in the file.
  const placed = violations.map((v) => ({ v, offset: offsetOf(root, v) ?? 0 })).sort((a, b) => a.offset - b.offset);
  for (const { v, offset } of placed) at(offset, v.message, v.severity);
  return { file, layer: layerFromValue(value, violations), problems };
}

/**
 * Where a violation points: the value's node, or the key's for an unknown key. An empty value
 * (`rules:`) has no node of its own: its key then.
 */
function offsetOf(root: YamlNode, violation: Violation): number | undefined {
  let node: unknown = root;
  let key: unknown;
  for (const step of violation.path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      key = pair?.key;
      node = pair?.value;
    } else if (isSeq(node) && typeof step === 'number') {
      key = undefined;
      node = node.items[step];
    } else break;
  }
  const empty = node === null || node === undefined || (isScalar(node) && node.value === null && !node.source);
  const target = violation.at === 'key' || empty ? (key ?? node) : node;
  return (target as YamlNode | undefined)?.range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
