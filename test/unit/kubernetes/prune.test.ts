import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { blankUnreadSections } from '../../../server/src/kubernetes/prune';
import { assertPruningChangesNothing, filesUnder } from '../../helpers/corpus';
import { FIXTURES } from '../../helpers/shared';

const CORPUS = path.join(FIXTURES, 'corpus', 'kubernetes');

describe('pruning unread blocks before parsing', () => {
  it('blanks env/volumeMounts/probes in place, keeping offsets and siblings', () => {
    const text = 'spec:\r\n  containers:\r\n  - name: app\r\n    env:\r\n    - name: A\r\n      value: "1"\r\n    # keep me\r\n    image: x\r\n  volumes:\r\n  - name: v\r\n    emptyDir: {}\r\n  nodeSelector: {a: b}\r\n';
    const pruned = blankUnreadSections(text);
    assert.equal(pruned.length, text.length);
    // Each block one comment line of the block's length (one indexOf for the lexer); the text around it unchanged.
    assert.equal(pruned, `spec:\r\n  containers:\r\n  - name: app\r\n    env:\r\n${'#'.padEnd(31)}\r\n    # keep me\r\n    image: x\r\n  volumes:\r\n${'#'.padEnd(29)}\r\n  nodeSelector: {a: b}\r\n`);
  });
  it('leaves multi-line flow values, inline values and documents with anchors alone', () => {
    const flow = 'c:\n  args: [\n    "a",\n  ]\n  env: []\n  command:\n  - x\n';
    assert.equal(blankUnreadSections(flow), 'c:\n  args: [\n    "a",\n  ]\n  env: []\n  command:\n#    \n');
    const anchored = 'a:\n  env: &e\n  - name: x\nb:\n  env: *e\n';
    assert.equal(blankUnreadSections(anchored), anchored);
  });
  it('gives the same findings and image ranges as parsing whole documents, on real manifests (test/fixtures/corpus)', function () {
    this.timeout(60000);
    assertPruningChangesNothing(filesUnder(CORPUS));
  });
});
