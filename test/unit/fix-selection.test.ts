/**
 * selectFixes (core/fix-selection.ts) files taken spans by offset bucket so one pass over 20,000
 * fixes stays linear; it must choose exactly what the plain definition chooses: compared, for
 * random findings, with a direct implementation that checks each fix against every taken span.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { selectFixes } from '../../server/src/core/fix-selection';
import { LineIndex } from '../../server/src/core/text';
import { SEVERITIES, type Finding, type Severity } from '../../server/src/core/types';

/** The definition: most severe first, then by position, each fix against every span taken so far. */
function reference(findings: readonly Finding[], lines: LineIndex): Finding[] {
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  const order = findings.map((finding, index) => ({ finding, index }))
    .sort((a, b) => rank(a.finding) - rank(b.finding) || a.finding.range.start.line - b.finding.range.start.line
      || a.finding.range.start.character - b.finding.range.start.character || a.index - b.index);
  const taken: Array<[number, number]> = [];
  const clashes = (start: number, end: number) => taken.some(([s, e]) => (start < e && s < end) || start === s
    || (start === end && (start === e || start === s)) || (s === e && (s === start || s === end)));
  const chosen: Array<{ finding: Finding; index: number }> = [];
  for (const { finding, index } of order) {
    const fix = finding.fixes?.find((f) => f.preferred);
    if (!fix || fix.edits.length === 0) continue;
    const spans = fix.edits.map((e) => [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as [number, number]);
    if (spans.some(([s, e]) => clashes(s, e))) continue;
    const sorted = [...spans].sort((a, b) => a[0] - b[0]);
    if (sorted.some((span, k) => k > 0 && span[0] < sorted[k - 1][1])) continue;
    taken.push(...spans);
    chosen.push({ finding, index });
  }
  return chosen.sort((a, b) => a.index - b.index).map((c) => c.finding);
}

// A text of 40 lines of 100 characters: spans cross the 1024-character buckets often.
const TEXT = Array.from({ length: 40 }, () => 'x'.repeat(100)).join('\n');
const LINES = new LineIndex(TEXT);
const position = (offset: number) => LINES.positionAt(offset);

const span = fc.tuple(fc.nat(TEXT.length), fc.nat(60)).map(([start, length]) => ({
  range: { start: position(start), end: position(Math.min(TEXT.length, start + (length < 20 ? 0 : length))) },
  newText: 'y',
}));
const finding = fc.record({
  severity: fc.constantFrom<Severity>(...SEVERITIES),
  edits: fc.array(span, { minLength: 1, maxLength: 3 }),
  preferred: fc.boolean(),
}).map(({ severity, edits, preferred }): Finding => ({
  rule: 'AL000', name: 'test', severity, message: 'm', range: edits[0].range,
  fixes: [{ title: 'fix', preferred, edits }],
}));

describe('selectFixes (core/fix-selection.ts)', () => {
  it('chooses what checking every taken span chooses (random findings, spans across buckets)', () => {
    fc.assert(fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
      assert.deepEqual(selectFixes(findings, LINES).map((c) => c.finding), reference(findings, LINES));
    }), { numRuns: 300 });
  });

  it('two insertions at one point clash; spans that only touch do not', () => {
    const at = (s: number, e: number): Finding => ({
      rule: 'AL000', name: 'test', severity: 'error', message: 'm', range: { start: position(s), end: position(e) },
      fixes: [{ title: 't', preferred: true, edits: [{ range: { start: position(s), end: position(e) }, newText: 'z' }] }],
    });
    assert.equal(selectFixes([at(1023, 1023), at(1023, 1023)], LINES).length, 1);
    assert.equal(selectFixes([at(1000, 1024), at(1024, 1100)], LINES).length, 2);
    assert.equal(selectFixes([at(1000, 1024), at(1024, 1024)], LINES).length, 1);
  });
});
