import * as assert from 'node:assert/strict';
import { readText, snapshotSource } from '../../../server/src/units/source';
import type { UnitSource } from '../../../server/src/units/types';

/** A source over a table of texts that counts how often each path is read and listed. */
function countingSource(files: Record<string, string>): { source: UnitSource; reads: Map<string, number>; lists: Map<string, number> } {
  const reads = new Map<string, number>();
  const lists = new Map<string, number>();
  const encoder = new TextEncoder();
  const source: UnitSource = {
    read(path) {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      const text = files[path];
      // A new array per read, as the disk source gives.
      return text === undefined ? undefined : encoder.encode(text);
    },
    list(dir) {
      lists.set(dir, (lists.get(dir) ?? 0) + 1);
      const names = Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1));
      return names.length > 0 ? names : undefined;
    },
  };
  return { source, reads, lists };
}

describe('snapshotSource: one read of each file per check run', () => {
  it('reads a file and lists a folder from the base once, however often asked, missing ones included', () => {
    const { source, reads, lists } = countingSource({ '/w/a.yaml': 'a: 1\n', '/w/b.yaml': 'b: 2\n' });
    const snap = snapshotSource(source);
    for (let i = 0; i < 3; i++) {
      assert.equal(readText(snap, '/w/a.yaml'), 'a: 1\n');
      assert.equal(snap.read('/w/missing.yaml'), undefined);
      assert.deepEqual(snap.list('/w'), ['a.yaml', 'b.yaml']);
    }
    assert.equal(reads.get('/w/a.yaml'), 1);
    assert.equal(reads.get('/w/missing.yaml'), 1);
    assert.equal(lists.get('/w'), 1);
  });

  it('hands out a copy of a listing: a caller changing it does not change the next', () => {
    const { source } = countingSource({ '/w/a.yaml': 'a: 1\n' });
    const snap = snapshotSource(source);
    snap.list('/w')!.push('changed');
    assert.deepEqual(snap.list('/w'), ['a.yaml']);
  });

  it('keeps no more than its byte budget: files beyond it are read from the base each time', () => {
    const { source, reads } = countingSource({ '/w/small.yaml': 'a: 1\n', '/w/large.yaml': 'x'.repeat(100) });
    const snap = snapshotSource(source, 10);
    for (let i = 0; i < 2; i++) {
      assert.equal(readText(snap, '/w/small.yaml'), 'a: 1\n');
      assert.equal(readText(snap, '/w/large.yaml'), 'x'.repeat(100));
    }
    assert.equal(reads.get('/w/small.yaml'), 1);
    assert.equal(reads.get('/w/large.yaml'), 2);
  });
});
