/** Helpers for the build-invocation tests: lint a file of a given name and pick findings. */
import * as assert from 'node:assert/strict';
import { applyFixAndRelint, lint, rangeOf, type LintOptions } from '../../helpers/lint';
import type { Finding } from '../../../server/src/core/types';

export const TARGETS_MSG = 'linux/amd64, linux/arm64';

/** Findings of `rule` in `text` read as `file`. */
export function findings(text: string, file: string, rule: string, options: LintOptions = {}): Finding[] {
  const result = lint(text, { file, ...options });
  assert.deepEqual(result.problems, [], 'unexpected input problems');
  return result.findings.filter((f) => f.rule === rule);
}

/** The one finding of `rule`, asserted exactly: severity, range ("l:c-l:c", 0-based) and message; its fixes applied and re-linted. */
export function expectOne(text: string, file: string, rule: string, severity: string, range: string, message: string, options: LintOptions = {}): Finding {
  const list = findings(text, file, rule, options);
  assert.equal(list.length, 1, `expected one ${rule}, got ${list.length}: ${list.map((f) => `${rangeOf(f)} ${f.message}`).join(' | ')}`);
  const f = list[0];
  assert.equal(f.rule, rule);
  assert.equal(f.severity, severity);
  assert.equal(rangeOf(f), range);
  assert.equal(f.message, message);
  // Every fix of every must-fire fixture is applied, re-parsed and re-linted.
  for (const fix of f.fixes ?? []) applyFixAndRelint(text, f, fix, { file, ...options });
  return f;
}

export function expectNone(text: string, file: string, rule: string, options: LintOptions = {}): void {
  const list = findings(text, file, rule, options);
  assert.deepEqual(list.map((f) => `${rangeOf(f)} ${f.message}`), [], `expected no ${rule}`);
}

/** Applies the finding's preferred fix, re-lints (finding gone, nothing else changed) and returns the fixed text. */
export function fixed(text: string, file: string, finding: Finding, options: LintOptions = {}): string {
  const fix = finding.fixes?.find((f) => f.preferred) ?? finding.fixes?.[0];
  return applyFixAndRelint(text, finding, fix, { file, ...options });
}
