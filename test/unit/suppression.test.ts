/** Suppression comments: what the ignore edits write is what the engine reads (core/suppression.ts, one pattern). */
import * as assert from 'node:assert/strict';
import { ignoreHereEdit, ignoreInFileEdit, parseSuppressions, readDirective } from '../../server/src/core/suppression';
import { applyEdits, LineIndex } from '../../server/src/core/text';

describe('suppression comments', () => {
  it('a directive written above a line is read back for that line, extended in place', () => {
    const text = 'a: 1\nb: 2\n';
    const once = applyEdits(text, [ignoreHereEdit(new LineIndex(text), 'AL101', 1)!]);
    const twice = applyEdits(once, [ignoreHereEdit(new LineIndex(once), 'unconstrained-single-arch', 2)!]);
    assert.equal(twice, 'a: 1\n# archlens ignore=AL101,unconstrained-single-arch\nb: 2\n');
    assert.deepEqual([...parseSuppressions(new LineIndex(twice)).byLine], [[1, new Set(['AL101', 'UNCONSTRAINED-SINGLE-ARCH'])]]);
  });

  it('a file-wide directive written is read back as global', () => {
    const text = 'FROM alpine\n';
    const fixed = applyEdits(text, [ignoreInFileEdit(new LineIndex(text), 'AL311', 'dockerfile')!]);
    assert.deepEqual(parseSuppressions(new LineIndex(fixed)).global, new Set(['AL311']));
  });

  it('extending a directive keeps what follows it on the line', () => {
    const text = '# archlens ignore=AL102  # legacy node pool\nkubernetes.io/arch: x86_64\n';
    const fixed = applyEdits(text, [ignoreHereEdit(new LineIndex(text), 'AL101', 1)!]);
    assert.equal(fixed, '# archlens ignore=AL102,AL101  # legacy node pool\nkubernetes.io/arch: x86_64\n');
    assert.deepEqual(readDirective(fixed.split('\n')[0])?.ids, ['AL102', 'AL101']);
  });

  it('a directive after code on its line is read but not extended: a new comment goes above the finding', () => {
    const text = 'x: 1 # archlens ignore=AL102\ny: x86_64\n';
    assert.equal(readDirective('x: 1 # archlens ignore=AL102')?.ownLine, false);
    assert.equal(applyEdits(text, [ignoreHereEdit(new LineIndex(text), 'AL101', 1)!]), 'x: 1 # archlens ignore=AL102\n# archlens ignore=AL101\ny: x86_64\n');
  });
});
