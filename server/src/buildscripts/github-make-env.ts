/**
 * The `env:` entries a GitHub workflow gives the steps that run make: the workflow's, those of a job
 * with such a step, and the step's own. The workspace image map reads them as make variables set
 * for the Makefile (imagemap/make-overrides.ts: they override its `?=` defaults).
 *
 * Read from the documents the workflow reader has parsed already (github.ts), not from a parse of
 * its own: the workflows of a repository were otherwise parsed twice by every check (~0.3 s of
 * corpus/realworld's 219 workflows).
 */
import type { LineIndex } from '../core/text';
import { readYamlDocuments } from '../core/yaml/documents';
import { entriesOf, seqAt, textOf, valueOf, type KNode } from '../core/yaml/knode';

/** A make command somewhere in a script (a word of its own, so `cmake` is not one). */
export const MAKE_COMMAND = /(?:^|[\s;&|(])(?:g?make|\$\(MAKE\)|\$\{MAKE\})(?=\s|$)/m;

export interface MakeEnvironmentEntry {
  /** The variable's name. */
  name: string;
  /** 0-based line of its first `env:` entry. */
  line: number;
}

/** Whether a workflow's text may give make steps an environment at all (spares the walk). */
export function mayGiveMakeEnvironment(text: string): boolean {
  return /make/i.test(text) && /\benv\s*:/.test(text);
}

/**
 * The environment of the workflow's make steps. None for a workflow that does not parse, or that is
 * not one document holding a map (GitHub reads neither).
 */
export function makeEnvironmentOf(roots: readonly KNode[], parsedCleanly: boolean, lines: LineIndex): MakeEnvironmentEntry[] {
  if (!parsedCleanly || roots.length !== 1 || roots[0].type !== 'map' || !mayGiveMakeEnvironment(lines.text)) return [];
  const workflow = roots[0];
  const found = new Map<string, number>();
  const addEnvironmentOf = (node: KNode | undefined): void => {
    for (const entry of entriesOf(valueOf(node, 'env'))) {
      if (entry.keyText === undefined) continue;
      const line = lines.positionAt(entry.key.start).line;
      const known = found.get(entry.keyText);
      if (known === undefined || line < known) found.set(entry.keyText, line);
    }
  };
  const runsMake = (step: KNode): boolean => {
    const run = textOf(valueOf(step, 'run'));
    return run !== undefined && MAKE_COMMAND.test(run);
  };
  let any = false;
  for (const job of entriesOf(valueOf(workflow, 'jobs'))) {
    const makeSteps = (seqAt(job.value, 'steps')?.items ?? []).filter(runsMake);
    if (makeSteps.length === 0) continue;
    any = true;
    addEnvironmentOf(job.value);
    for (const step of makeSteps) addEnvironmentOf(step);
  }
  if (!any) return [];
  addEnvironmentOf(workflow);
  return [...found].map(([name, line]) => ({ name, line }));
}

/** The same for a workflow the reader has not parsed (the image map skips a workflow that names no build tool). */
export function makeEnvironmentOfText(lines: LineIndex): MakeEnvironmentEntry[] {
  if (!mayGiveMakeEnvironment(lines.text)) return [];
  const { roots, problems } = readYamlDocuments(lines.text, lines);
  return makeEnvironmentOf(roots, problems.length === 0, lines);
}
