/**
 * The user's values for one render, gathered like Helm's values.Options.MergeValues: values files
 * first (merged in order), then --set-json, --set, --set-string, --set-file and --set-literal.
 * Values files keep their origins, so findings can point into them.
 */
import { deepCopy } from './coalesce';
import type { OriginTable } from './provenance';
import {
  parseSetFileInto, parseSetInto, parseSetJsonInto, parseSetLiteralInto, parseSetStringInto,
} from './strvals';
import { isMap, mergeMaps, readValuesFile } from './values-file';
import type { Values } from './values-file';

export interface ValuesFileInput {
  /** The path shown in messages and recorded in origins (absolute for files on disk). */
  path: string;
  text: string;
}

export interface ValuesInput {
  /** -f/--values, in order. */
  files?: readonly ValuesFileInput[];
  /** --set-json lines (a JSON object, or key=json pairs). */
  setJson?: readonly string[];
  /** --set lines. */
  set?: readonly string[];
  /** --set-string lines. */
  setString?: readonly string[];
  /** --set-file lines, with how to read each named file. */
  setFile?: readonly string[];
  readFile?: (path: string) => string;
  /** --set-literal lines. */
  setLiteral?: readonly string[];
}

/** MergeValues: the user-supplied values; throws with Helm's message for bad input. */
export function mergeUserValues(input: ValuesInput, origins: OriginTable, start: Values = {}): Values {
  // --set lines modify the map in place: work on a copy of what the caller gave.
  let base = deepCopy(start, origins) as Values;
  for (const f of input.files ?? []) {
    let current: Values;
    try {
      current = readValuesFile(f.text, f.path, origins);
    } catch (err) {
      throw new Error(`failed to parse ${f.path}: ${(err as Error).message}`);
    }
    base = mergeMaps(base, current, origins);
  }
  for (const line of input.setJson ?? []) {
    const trimmed = line.trim();
    if (trimmed.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw new Error(`failed parsing --set-json data JSON: ${line}`);
      }
      if (!isMap(parsed)) throw new Error(`failed parsing --set-json data JSON: ${line}`);
      base = mergeMaps(base, parsed, origins);
    } else {
      try {
        parseSetJsonInto(line, base);
      } catch {
        throw new Error(`failed parsing --set-json data ${line}`);
      }
    }
  }
  const apply = (lines: readonly string[] | undefined, flag: string, fn: (line: string, dest: Values) => void): void => {
    for (const line of lines ?? []) {
      try {
        fn(line, base);
      } catch (err) {
        throw new Error(`failed parsing ${flag} data: ${(err as Error).message}`);
      }
    }
  };
  apply(input.set, '--set', parseSetInto);
  apply(input.setString, '--set-string', parseSetStringInto);
  const read = input.readFile ?? ((p: string) => {
    throw new Error(`open ${p}: no such file or directory`);
  });
  apply(input.setFile, '--set-file', (line, dest) => parseSetFileInto(line, dest, read));
  apply(input.setLiteral, '--set-literal', parseSetLiteralInto);
  return base;
}
