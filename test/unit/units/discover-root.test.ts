/**
 * An editor can open a file directly in the file system's root (file:///x.yaml). Looking for the
 * overlays around it must not search `/`: that read every folder of the machine on the language
 * server's request loop, and the server stopped answering (found by `npm run fuzz`).
 */
import * as assert from 'node:assert/strict';
import { memorySource, type KustomizeSource } from '../../../server/src/kustomize/source';
import { kustomizationTreeAround } from '../../../server/src/units/kustomize/discover';

function counting(files: Record<string, string>): { source: KustomizeSource; listed: string[] } {
  const inner = memorySource(files);
  const listed: string[] = [];
  return { listed, source: { ...inner, list: (dir) => { listed.push(dir); return inner.list(dir); } } };
}

describe('units: the kustomization tree around an opened file', () => {
  it('a file in the root: no search below /, even when kustomizations exist elsewhere', () => {
    const { source, listed } = counting({ '/srv/app/kustomization.yaml': 'resources: []\n' });
    assert.deepEqual(kustomizationTreeAround(source, '/'), []);
    assert.deepEqual(listed, ['/'], 'only the root itself is looked at (for .git), never walked');
  });

  it('a file one level down still finds the kustomizations beside it (the bound is the root only)', () => {
    const { source } = counting({ '/srv/kustomization.yaml': 'resources: []\n' });
    assert.deepEqual(kustomizationTreeAround(source, '/srv'), ['/srv']);
  });

  it('inside an open folder of the editor: never above it, however much its parent holds (a workspace in /tmp read all of /tmp)', () => {
    const { source, listed } = counting({
      '/tmp/ws/k8s/kustomization.yaml': 'resources: [api.yaml]\n',
      '/tmp/ws/k8s/api.yaml': 'kind: Deployment\n',
      '/tmp/other-repo/deploy/kustomization.yaml': 'resources: []\n',
    });
    assert.deepEqual(kustomizationTreeAround(source, '/tmp/ws/k8s', ['/tmp/ws']), ['/tmp/ws/k8s']);
    assert.ok(!listed.some((dir) => dir === '/tmp' || dir.startsWith('/tmp/other-repo')), `listed ${listed.join(', ')}`);
    // A file outside every open folder: its own folder only.
    assert.deepEqual(kustomizationTreeAround(source, '/tmp/other-repo/deploy', ['/tmp/ws']), ['/tmp/other-repo/deploy']);
    // No open folders known (an editor without a workspace): its parent, where a base's overlays sit.
    assert.deepEqual(kustomizationTreeAround(source, '/tmp/ws/k8s'), ['/tmp/ws/k8s']);
    assert.deepEqual(kustomizationTreeAround(source, '/tmp/other-repo/deploy'), ['/tmp/other-repo/deploy']);
  });

  it('a search reads at most 5,000 folders, nearest first (a home folder, a folder of many checkouts)', () => {
    const files: Record<string, string> = { '/big/near/kustomization.yaml': 'resources: []\n' };
    for (let i = 0; i < 3_000; i++) files[`/big/far/${i}/deeper/x.yaml`] = 'a: 1\n';
    const { source, listed } = counting(files);
    assert.deepEqual(kustomizationTreeAround(source, '/big/near'), ['/big/near']);
    const walked = new Set(listed).size;
    assert.ok(walked <= 5_010, `read ${walked} folders`);
  });
});
