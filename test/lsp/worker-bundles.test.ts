/**
 * The modules the editor's worker threads load hold only Latin-1 characters. V8 keeps each module's
 * source for as long as its thread runs, and a source with a single character beyond Latin-1 (a
 * `→` in a comment esbuild keeps, in a class body) is held as two bytes per character: the chart
 * worker's two largest modules cost 1.5 MB more that way, in every worker that loads them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOnce, ROOT } from './harness';

const DIST = path.join(ROOT, 'dist');
/** Imports and requires of chunks and of the vendor files (build.mjs names both `./…` beside the bundle; the chunks, CommonJS, require each other). */
const LOADS = /(?:from\s+|import\(|\brequire\(|__require\()"\.\/([\w.-]+\.(?:mjs|cjs))"/g;

/** The bundle and every module it can load, by file name. */
function moduleGraph(entry: string): string[] {
  const seen = new Set<string>([entry]);
  for (const file of seen) {
    for (const m of fs.readFileSync(path.join(DIST, file), 'utf8').matchAll(LOADS)) seen.add(m[1]);
  }
  return [...seen];
}

/** Where the first character beyond Latin-1 is, or undefined. */
function beyondLatin1(text: string): string | undefined {
  const at = text.search(/[^\u0000-\u00ff]/);
  if (at < 0) return undefined;
  const line = text.slice(0, at).split('\n').length;
  return `line ${line}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`;
}

describe('lsp: the worker bundles are held one byte per character', function () {
  this.timeout(120_000);
  before(() => buildOnce());

  for (const worker of ['unit-worker.mjs', 'map-worker.mjs', 'analysis-worker.mjs']) {
    it(`${worker} and the modules it loads`, () => {
      const modules = moduleGraph(worker);
      assert.ok(modules.length > 2, `${worker} loads ${modules.join(', ')}`);
      const wide = modules
        .map((file) => [file, beyondLatin1(fs.readFileSync(path.join(DIST, file), 'utf8'))])
        .filter(([, where]) => where !== undefined);
      assert.deepEqual(wide, []);
    });
  }
});
