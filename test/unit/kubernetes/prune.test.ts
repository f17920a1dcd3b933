import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blankUnreadSections } from '../../../server/src/kubernetes/prune';
import { setPruning } from '../../../server/src/kubernetes/parse-cache';
import { analyze } from '../../../server/src/engine/analyze';
import { defaultConfig } from '../../../server/src/core/config';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'kubernetes');

describe('pruning unread blocks before parsing', () => {
  it('blanks env/volumeMounts/probes in place, keeping offsets, line breaks and siblings', () => {
    const text = 'spec:\r\n  containers:\r\n  - name: app\r\n    env:\r\n    - name: A\r\n      value: "1"\r\n    # keep me\r\n    image: x\r\n  volumes:\r\n  - name: v\r\n    emptyDir: {}\r\n  nodeSelector: {a: b}\r\n';
    const pruned = blankUnreadSections(text);
    assert.equal(pruned.length, text.length);
    assert.deepEqual([...pruned.matchAll(/\r\n/g)].map((m) => m.index), [...text.matchAll(/\r\n/g)].map((m) => m.index));
    assert.equal(pruned, 'spec:\r\n  containers:\r\n  - name: app\r\n    env:\r\n             \r\n                \r\n    # keep me\r\n    image: x\r\n  volumes:\r\n           \r\n                \r\n  nodeSelector: {a: b}\r\n');
  });
  it('leaves multi-line flow values, inline values and documents with anchors alone', () => {
    const flow = 'c:\n  args: [\n    "a",\n  ]\n  env: []\n  command:\n  - x\n';
    assert.equal(blankUnreadSections(flow), 'c:\n  args: [\n    "a",\n  ]\n  env: []\n  command:\n     \n');
    const anchored = 'a:\n  env: &e\n  - name: x\nb:\n  env: *e\n';
    assert.equal(blankUnreadSections(anchored), anchored);
  });
  it('gives the same findings and image ranges as parsing whole documents, on the whole corpus', function () {
    this.timeout(60000);
    if (!fs.existsSync(CORPUS)) {
      if (process.env.ARCHLENS_ALLOW_MISSING_CORPUS === '1') this.skip();
      throw new Error(`the shared corpus is missing at ${CORPUS} (set ARCHLENS_ALLOW_MISSING_CORPUS=1 to skip)`);
    }
    const files: string[] = [];
    const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/\.ya?ml$/.test(e.name)) files.push(p); } };
    walk(CORPUS);
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
  });
});
