/** --fix's choice of fixes per pass: never two that touch the same text; files written atomically. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseFixes, writeAtomically } from '../../server/src/cli/fix';
import type { Finding, Range } from '../../server/src/engine/types';
import { workspace } from './helpers';

const TEXT = 'line one\nline two\nline three\n';
const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
function finding(rule: string, edits: Array<[Range, string]>, preferred = true, extra = false): Finding {
  const fixes = [{ title: `${rule} fix`, preferred, edits: edits.map(([range, newText]) => ({ range, newText })) }];
  if (extra) fixes.push({ title: 'other', preferred: false, edits: [{ range: r(0, 0, 0, 0), newText: 'x' }] });
  return { rule, name: rule.toLowerCase(), severity: 'warning', message: rule, range: edits[0]?.[0] ?? r(0, 0, 0, 0), fixes };
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
