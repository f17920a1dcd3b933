/** Checks that run over a folder of real files: the vendored fixtures (always) and the full shared corpus (when it is there). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setPruning } from '../../server/src/kubernetes/parse-cache';
import { analyze } from '../../server/src/engine/analyze';
import { defaultConfig } from '../../server/src/core/config';

/** Every file under `dir` whose name matches, sorted. */
export function filesUnder(dir: string, pattern = /\.ya?ml$/): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (pattern.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Pruning unread blocks before parsing changes no finding, image range or problem of any of the files. */
export function assertPruningChangesNothing(files: readonly string[]): void {
  assert.ok(files.length > 0, 'no files');
  const run = () => files.map((file) => {
    const [a] = analyze({ documents: [{ file, text: fs.readFileSync(file, 'utf8'), kind: 'kubernetes' }], config: defaultConfig() }).documents;
    return JSON.stringify({ f: a.findings, i: a.images, p: a.problems });
  });
  try {
    setPruning(true);
    const pruned = run();
    setPruning(false);
    const whole = run();
    assert.equal(pruned.length, files.length);
    for (let i = 0; i < files.length; i++) assert.equal(pruned[i], whole[i], files[i]);
  } finally {
    setPruning(true);
  }
}
