/** Silencing Kubernetes findings: comments above kind:, the document or the line, and the archlens.dev/ignore annotation. */
import * as assert from 'node:assert/strict';
import { findingsOf, lint } from '../../helpers/lint';
import { pod } from './fixtures';

describe('Kubernetes suppression', () => {
  const text = pod('', 'amd64/nginx');
  it('`# archlens ignore=` above kind: or above the image silences the finding', () => {
    assert.equal(findingsOf(text, 'AL106').length, 1);
    assert.deepEqual(findingsOf(text.replace('kind: Pod', '# archlens ignore=AL106\nkind: Pod'), 'AL106'), []);
    assert.deepEqual(findingsOf(text.replace('    image:', '    # archlens ignore=arch-specific-image-name\n    image:'), 'AL106'), []);
    assert.equal(findingsOf(text.replace('kind: Pod', '# archlens ignore=AL101\nkind: Pod'), 'AL106').length, 1);
    assert.deepEqual(findingsOf(`---\n# archlens ignore=AL106\n${text}`, 'AL106'), [], 'a comment at the top of the document');
  });
  it('the archlens.dev/ignore annotation on the workload or its pod template silences the finding', () => {
    assert.deepEqual(findingsOf(text.replace('  name: p\n', '  name: p\n  annotations:\n    archlens.dev/ignore: "AL202, AL106"\n'), 'AL106'), []);
    const deploy = 'kind: Deployment\nspec:\n  template:\n    metadata:\n      annotations: {archlens.dev/ignore: arch-specific-image-name}\n    spec:\n      containers:\n      - image: amd64/nginx\n---\nkind: Pod\nspec:\n  containers:\n  - image: amd64/nginx\n';
    const found = lint(deploy).findings.filter((f) => f.rule === 'AL106');
    assert.deepEqual(found.map((f) => f.range.start.line), [12], 'only the un-annotated Pod in the second document reports');
  });
});
