/** --fix's choice of fixes per pass: never two that touch the same text; files written atomically. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseFixes, writeAtomically } from '../../server/src/cli/fix';
import type { Finding, Range } from '../../server/src/core/types';
import { applyEdits } from '../../server/src/core/text';
import { lint } from '../helpers/lint';
import { PARTIAL_TERMS_POD, REGISTRY } from '../unit/kubernetes/lookups';
import { workspace } from './helpers';

const TEXT = 'line one\nline two\nline three\n';
const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
function finding(rule: string, edits: Array<[Range, string]>, preferred = true, extra = false, severity: Finding['severity'] = 'warning'): Finding {
  const fixes = [{ title: `${rule} fix`, preferred, edits: edits.map(([range, newText]) => ({ range, newText })) }];
  if (extra) fixes.push({ title: 'other', preferred: false, edits: [{ range: r(0, 0, 0, 0), newText: 'x' }] });
  return { rule, name: rule.toLowerCase(), severity, message: rule, range: edits[0]?.[0] ?? r(0, 0, 0, 0), fixes };
}

describe('--fix: choosing fixes', () => {
  it('takes non-overlapping preferred fixes in order and defers clashing ones to the next pass', () => {
    const chosen = chooseFixes([
      finding('A', [[r(0, 0, 0, 4), 'LINE']]),
      finding('B', [[r(0, 2, 0, 6), 'xx']]),              // overlaps A
      finding('C', [[r(1, 0, 1, 0), '# ']]),              // insertion
      finding('D', [[r(1, 0, 1, 0), '## ']]),             // same insertion point as C
      finding('E', [[r(2, 5, 2, 10), 'THREE']], false, true), // two fixes, none preferred: not applied
      finding('F', [[r(2, 0, 2, 4), 'LINE']], false),      // the only fix, not preferred: left to the user, like the editor's Fix all
      finding('G', [[r(2, 0, 2, 4), 'LINE']]),
    ], TEXT);
    assert.deepEqual(chosen.map((c) => c.finding.rule), ['A', 'C', 'G']);
  });

  it('among clashing fixes takes the most severe finding\'s first (error > warning > info > hint), then position', () => {
    const chosen = chooseFixes([
      finding('HINT', [[r(0, 0, 0, 4), 'h']], true, false, 'hint'),
      finding('WARN', [[r(0, 2, 0, 6), 'w']], true, false, 'warning'),   // overlaps HINT
      finding('ERR', [[r(0, 3, 0, 8), 'e']], true, false, 'error'),      // overlaps both: wins
      finding('INFO', [[r(1, 0, 1, 0), 'i']], true, false, 'info'),
      finding('WARN2', [[r(1, 0, 1, 0), 'w2']], true, false, 'warning'), // same insertion point as INFO: wins
      finding('INFO2', [[r(2, 0, 2, 0), 'a']], true, false, 'info'),
      finding('INFO3', [[r(2, 0, 2, 0), 'b']], true, false, 'info'),     // same severity: the earlier wins
    ], TEXT);
    // Reported in position order.
    assert.deepEqual(chosen.map((c) => c.finding.rule), ['ERR', 'WARN2', 'INFO2']);
  });

  it('a pod with partial arch terms and an image lacking an allowed arch: AL201 (error) is fixed before AL103 (warning), and the file ends clean', () => {
    // AL103's fix (In [arm64] on term 2) taken first would leave AL201 with no fix at all.
    const text = PARTIAL_TERMS_POD;
    const first = lint(text, REGISTRY).findings;
    assert.deepEqual(first.map((f) => `${f.rule}/${f.severity}`), ['AL103/warning', 'AL201/error']);
    assert.deepEqual(chooseFixes(first, text).map((c) => c.finding.rule), ['AL201']);
    let fixed = text;
    for (let pass = 0; pass < 10; pass++) {
      const chosen = chooseFixes(lint(fixed, REGISTRY).findings, fixed);
      if (chosen.length === 0) break;
      fixed = applyEdits(fixed, chosen.flatMap((c) => c.fix.edits));
    }
    assert.deepEqual(lint(fixed, REGISTRY), { findings: [], problems: [] }, fixed);
    assert.match(fixed, /^spec:\n  nodeSelector:\n    kubernetes\.io\/arch: amd64\n  affinity:/m);
  });

  it('skips a fix whose own edits overlap', () => {
    const chosen = chooseFixes([finding('A', [[r(0, 0, 0, 4), 'a'], [r(0, 2, 0, 6), 'b']])], TEXT);
    assert.deepEqual(chosen, []);
  });

  it('writes atomically, keeping the file mode and leaving no temp file', () => {
    const dir = workspace({ 'run.sh': '#!/bin/sh\necho hi\n' });
    try {
      const file = path.join(dir, 'run.sh');
      fs.chmodSync(file, 0o755);
      writeAtomically(file, '#!/bin/sh\necho bye\n');
      assert.equal(fs.readFileSync(file, 'utf8'), '#!/bin/sh\necho bye\n');
      assert.equal(fs.statSync(file).mode & 0o777, 0o755);
      assert.deepEqual(fs.readdirSync(dir), ['run.sh']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes through a symlink: the link stays a link and its target gets the fix', () => {
    const dir = workspace({ 'real/pod.yaml': 'old\n' });
    try {
      const link = path.join(dir, 'pod.yaml');
      fs.symlinkSync(path.join('real', 'pod.yaml'), link);
      writeAtomically(link, 'new\n');
      assert.ok(fs.lstatSync(link).isSymbolicLink());
      assert.equal(fs.readFileSync(path.join(dir, 'real', 'pod.yaml'), 'utf8'), 'new\n');
      assert.deepEqual(fs.readdirSync(path.join(dir, 'real')), ['pod.yaml']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
