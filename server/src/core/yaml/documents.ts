/** Every YAML document of a text as KNode views (core/yaml/knode.ts), with YAML errors as input problems. */
import type { LineIndex } from '../text';
import type { InputProblem } from '../types';
import { toKNode, type KNode } from './knode';
import { isNestingError, parseYamlDocuments, yamlErrorMessage } from './parse';

export interface YamlDocuments {
  /** The root of each document (an empty scalar for an empty document); they still carry what could be read. */
  roots: KNode[];
  /** The first error of each document that has one. */
  problems: InputProblem[];
}

/** Parses every document of the text; `language` names the format in problems ("YAML", "JSON"). */
export function readYamlDocuments(text: string, lines: LineIndex, language = 'YAML'): YamlDocuments {
  // uniqueKeys off: a duplicated key reads as yaml's toJS reads it (the last wins), not as a failure.
  const docs = parseYamlDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false });
  const problems: InputProblem[] = [];
  for (const doc of docs) {
    for (const error of doc.errors.slice(0, 1)) {
      const message = isNestingError(error) ? yamlErrorMessage(error) : `${language}: ${yamlErrorMessage(error)}`;
      problems.push({ message, range: lines.range(error.pos[0], error.pos[1]), ...(language === 'YAML' ? { syntax: 'yaml' as const } : {}) });
    }
  }
  return { roots: docs.map((doc) => toKNode(doc.contents, 0, text, doc)), problems };
}
