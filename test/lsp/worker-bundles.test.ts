/**
 * The server starts its worker threads from files beside its bundle. A name that does not match
 * what the build writes fails silently: the server falls back to working on its main thread (the
 * chart worker did, for a while, look for unit-worker.js while the build wrote unit-worker.mjs).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOnce, ROOT } from './harness';

describe('lsp: worker bundles', () => {
  it('every worker file the bundles start from __dirname is one the build writes', () => {
    buildOnce();
    const dist = path.join(ROOT, 'dist');
    const named = new Set<string>();
    for (const file of fs.readdirSync(dist).filter((f) => f.endsWith('.mjs'))) {
      const text = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const m of text.matchAll(/\bpath\d*\.join\(__dirname, "([^"]+-worker\.m?js)"\)/g)) named.add(m[1]);
    }
    assert.deepEqual([...named].sort(), ['analysis-worker.mjs', 'check-worker.mjs', 'map-worker.mjs', 'unit-worker.mjs']);
    for (const name of named) assert.ok(fs.existsSync(path.join(dist, name)), `the server starts ${name}, which the build does not write`);
  });
});
