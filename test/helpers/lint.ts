/** Shared test helpers: run the real engine on text, apply fixes, re-lint. */
import * as assert from 'node:assert/strict';
import { analyze } from '../../server/src/engine/analyze';
import { defaultConfig, type EffectiveConfig } from '../../server/src/core/config';
import { applyEdits } from '../../server/src/core/text';
import type { FileKind, Finding, Fix, InputProblem } from '../../server/src/core/types';
import type { ImageLookup } from '../../server/src/images/lookup';
import { factsOfText, imageMapOf, type FileFacts } from '../../server/src/imagemap';

export interface LintOptions {
  file?: string;
  kind?: FileKind;
  config?: Partial<EffectiveConfig>;
  /** Canonical reference → answer; when given, registry rules run too. */
  lookups?: Map<string, ImageLookup>;
  /**
   * Other files of the workspace (path → text): the workspace image map is built from them and the
   * linted text, as the CLI builds it for a checked tree. A fix's edits of these files are applied to them.
   */
  workspace?: Record<string, string>;
}

/** The workspace image map of `options.workspace` plus the linted text (undefined without a workspace). */
export function workspaceOf(text: string, options: LintOptions) {
  if (!options.workspace) return undefined;
  const config = { ...defaultConfig(), ...options.config };
  const file = options.file ?? 'test.yaml';
  const facts: FileFacts[] = [];
  for (const [path, content] of [...Object.entries(options.workspace).filter(([p]) => p !== file), [file, text] as const]) {
    const one = factsOfText(path, content, config, path === file ? options.kind : undefined);
    if (one) facts.push(one);
  }
  return imageMapOf(facts);
}

export interface LintResult { findings: Finding[]; problems: InputProblem[] }

export function lint(text: string, options: LintOptions = {}): LintResult {
  const config = { ...defaultConfig(), ...options.config };
  const workspace = workspaceOf(text, options);
  const unit = analyze({ documents: [{ file: options.file ?? 'test.yaml', text, kind: options.kind }], config, workspace });
  const [analysis] = options.lookups ? unit.complete(options.lookups).documents : unit.documents;
  if (!analysis) return { findings: [], problems: [] };
  // Every test that lints also checks that archlens did not fail on the text itself.
  assert.deepEqual(analysis.internalErrors, [], `archlens internal error on ${options.file ?? 'test.yaml'}`);
  return { findings: analysis.findings, problems: analysis.problems };
}

/** Findings of one rule. */
export function findingsOf(text: string, rule: string, options: LintOptions = {}): Finding[] {
  return lint(text, options).findings.filter((f) => f.rule === rule);
}

/** Compact "line:col-line:col" form of a finding's range, for exact-range assertions. */
export function rangeOf(f: { range: Finding['range'] }): string {
  const r = f.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/**
 * Applies a fix, re-lints, and asserts the finding is gone and no other finding appeared or vanished.
 * Returns the fixed text for further assertions.
 */
export function applyFixAndRelint(text: string, finding: Finding, fix: Fix | undefined, options: LintOptions = {}): string {
  assert.ok(fix, `finding ${finding.rule} has no fix`);
  const before = lint(text, options).findings;
  const file = options.file ?? 'test.yaml';
  const own = fix.edits.filter((e) => e.file === undefined || e.file === file);
  const fixed = applyEdits(text, own);
  // Edits of other files (AL210's at the build) go to those files of the workspace, which must still read cleanly.
  let afterOptions = options;
  const elsewhere = fix.edits.filter((e) => e.file !== undefined && e.file !== file);
  if (elsewhere.length > 0) {
    assert.ok(options.workspace, `${finding.rule}'s fix edits another file, and the test has no workspace`);
    const workspace = { ...options.workspace };
    for (const target of new Set(elsewhere.map((e) => e.file!))) {
      assert.ok(target in workspace, `${finding.rule}'s fix edits ${target}, which the workspace does not have`);
      workspace[target] = applyEdits(workspace[target], elsewhere.filter((e) => e.file === target));
      assert.deepEqual(lint(workspace[target], { ...options, file: target, kind: undefined, workspace }).problems, [], `the fixed ${target} no longer parses:\n${workspace[target]}`);
    }
    afterOptions = { ...options, workspace };
  }
  const after = lint(fixed, afterOptions);
  assert.deepEqual(after.problems, [], `the fixed text no longer parses:\n${fixed}`);
  const sameAs = (a: Finding, b: Finding) => a.rule === b.rule && a.message === b.message;
  assert.ok(!after.findings.some((f) => sameAs(f, finding) && f.range.start.line === finding.range.start.line),
    `${finding.rule} still reported after its fix:\n${fixed}`);
  const others = (list: Finding[]) => list.filter((f) => !(sameAs(f, finding))).map((f) => `${f.rule}: ${f.message}`).sort();
  assert.deepEqual(others(after.findings), others(before), `the fix changed other findings:\n${fixed}`);
  return fixed;
}
