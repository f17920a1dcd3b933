/**
 * lsp/memory.ts heapKeeper: a long batch (the map build, the chart worker between replies) calls
 * `check` between its steps; the heap is collected once it has grown past the slack.
 */
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { heapKeeper, releaseMemory } from '../../server/src/lsp/memory';

const MB = 1024 * 1024;
const used = () => v8.getHeapStatistics().used_heap_size;

describe('lsp memory: heapKeeper', () => {
  it('collects a heap that has grown past the slack', () => {
    // The keeper's ceiling is the heap it starts on: only live data, or the garbage the tests before
    // left would be collected during the loop below and the heap never pass it (182 MB both sides).
    releaseMemory();
    const keeper = heapKeeper(16);
    // Held while made, so that it reaches the old generation; garbage once let go.
    let made: Array<{ n: number; text: string }> | undefined = [];
    for (let i = 0; i < 400_000; i++) made.push({ n: i, text: `entry ${i}` });
    made = undefined;
    const grown = used();
    keeper.check();
    const after = used();
    assert.ok(after < grown - 16 * MB, `heap ${(grown / MB).toFixed(0)} MB before the check, ${(after / MB).toFixed(0)} MB after`);
  });
});
