/**
 * A table per rule, in the manner of ESLint's RuleTester: texts that must not fire, and texts
 * that must, each with every finding of the rule asserted exactly — code, range, message id and
 * data (and severity when given) — and every fix of every finding applied, re-parsed and re-linted.
 */
import * as assert from 'node:assert/strict';
import { formatMessage, type RuleMeta } from '../../server/src/core/rule';
import type { Finding, Severity } from '../../server/src/core/types';
import { applyEdits } from '../../server/src/core/text';
import { allRuleMetas } from '../../server/src/rules/catalog';
import { applyFixAndRelint, lint, rangeOf, type LintOptions } from './lint';

/** One finding a case expects: its range as "line:col-line:col" (0-based), its message id and data. */
export interface ExpectedFinding {
  range: string;
  messageId: string;
  data: unknown;
  severity?: Severity;
}

export interface ValidCase extends LintOptions {
  name?: string;
  text: string;
}

export interface InvalidCase extends LintOptions {
  name: string;
  text: string;
  errors: ExpectedFinding[];
  /** The text after the first finding's preferred fix, when the case pins it down. */
  output?: string;
}

function metaOf(code: string): RuleMeta {
  const meta = allRuleMetas().find((m) => m.code === code);
  assert.ok(meta, `no rule ${code}`);
  return meta;
}

/** Asserts a finding's message id and data, and that its message is that message formatted with that data. */
export function assertMessage(finding: Finding, messageId: string, data: unknown): void {
  assert.equal(finding.messageId, messageId, `${finding.rule} message id`);
  assert.deepEqual(finding.data, data, `${finding.rule} ${messageId} data`);
  assert.equal(finding.message, formatMessage(metaOf(finding.rule), messageId, data));
}

/** The findings of `code` in `text`, asserted against `expected` one by one; every fix applied and re-linted. */
export function expectFindings(text: string, code: string, expected: readonly ExpectedFinding[], options: LintOptions = {}): Finding[] {
  const result = lint(text, options);
  assert.deepEqual(result.problems, [], 'unexpected input problems');
  const found = result.findings.filter((f) => f.rule === code);
  const actual = found.map((f, i) => ({
    range: rangeOf(f),
    messageId: f.messageId,
    data: f.data,
    ...(expected[i]?.severity !== undefined ? { severity: f.severity } : {}),
  }));
  assert.deepEqual(actual, expected.map((e) => ({ range: e.range, messageId: e.messageId, data: e.data, ...(e.severity !== undefined ? { severity: e.severity } : {}) })), `${code} findings`);
  for (const f of found) {
    assert.equal(f.message, formatMessage(metaOf(code), f.messageId!, f.data));
    for (const fix of f.fixes ?? []) applyFixAndRelint(text, f, fix, options);
  }
  return found;
}

/** `ruleTester('AL101', { file: 'Dockerfile' }).run({ valid: [...], invalid: [...] })`: one mocha test per case. */
export function ruleTester(code: string, defaults: LintOptions = {}) {
  return {
    run(cases: { valid: ReadonlyArray<ValidCase | string>; invalid: readonly InvalidCase[] }): void {
      const meta = metaOf(code);
      describe(`${code} ${meta.name}`, () => {
        describe('does not fire', () => {
          cases.valid.forEach((c, i) => {
            const { name, text, ...options } = typeof c === 'string' ? { text: c } : c;
            it(name ?? `valid #${i + 1}`, () => {
              const result = lint(text, { ...defaults, ...options });
              assert.deepEqual(result.problems, [], 'unexpected input problems');
              assert.deepEqual(result.findings.filter((f) => f.rule === code).map((f) => `${rangeOf(f)} ${f.message}`), []);
            });
          });
        });
        describe('fires', () => {
          for (const { name, text, errors, output, ...options } of cases.invalid) {
            it(name, () => {
              const found = expectFindings(text, code, errors, { ...defaults, ...options });
              if (output !== undefined) {
                const fix = found[0]?.fixes?.find((f) => f.preferred);
                assert.ok(fix, `${code}: no preferred fix`);
                assert.equal(applyEdits(text, fix.edits), output);
              }
            });
          }
        });
      });
    },
  };
}
