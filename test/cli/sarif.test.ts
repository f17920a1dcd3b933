/** SARIF 2.1.0 structure the schema requires, checked on the formatter's output for edge cases. */
import * as assert from 'node:assert/strict';
import type { CheckResult } from '../../server/src/workspace/check';
import type { Finding } from '../../server/src/core/types';
import { formatSarif } from '../../server/src/output/sarif';

const at = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

function sarifOf(findings: Finding[]) {
  const result: CheckResult = {
    files: [{ file: '/repo/deploy.yaml', kind: 'kubernetes', findings, problems: [], internalErrors: [], images: [] }],
    images: new Map(), missing: [], walkProblems: [], cancelled: false,
  };
  return JSON.parse(formatSarif({ result, cwd: '/repo', version: '1.2.3' }));
}

describe('SARIF output (schema constraints)', () => {
  it('a fix without edits is left out (artifactChange.replacements needs at least one), and fixes are unique', () => {
    const edit = { range: at(8, 33, 39), newText: 'amd64' };
    const sarif = sarifOf([
      { rule: 'AL101', name: 'unknown-arch-value', severity: 'error', message: 'm', range: at(8, 33, 39), fixes: [{ title: 'nothing to do', edits: [] }] },
      { rule: 'AL101', name: 'unknown-arch-value', severity: 'error', message: 'm', range: at(9, 33, 39), fixes: [
        { title: 'Replace', preferred: true, edits: [edit] }, { title: 'nothing', edits: [] }, { title: 'Replace', preferred: true, edits: [edit] },
      ] },
    ]);
    const [first, second] = sarif.runs[0].results;
    assert.equal(first.fixes, undefined);
    assert.equal(second.fixes.length, 1);
    assert.deepEqual(second.fixes[0].artifactChanges[0].replacements, [{
      deletedRegion: { startLine: 9, startColumn: 34, endLine: 9, endColumn: 40 }, insertedContent: { text: 'amd64' },
    }]);
  });

  it('has what the schema requires of a log, a run, a tool, a result and an invocation', () => {
    const sarif = sarifOf([{ rule: 'AL102', name: 'deprecated-arch-label', severity: 'hint', message: 'm', range: at(0, 0, 0) }]);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'archlens');
    assert.equal(new Set(run.tool.driver.rules.map((r: { id: string }) => r.id)).size, run.tool.driver.rules.length, 'rules are unique');
    assert.equal(run.invocations[0].executionSuccessful, true);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/repo\/$/);
    const result = run.results[0];
    assert.equal(result.level, 'note');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'AL102');
  });
});
