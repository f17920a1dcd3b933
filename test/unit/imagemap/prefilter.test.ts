/**
 * factsOfText skips the build files that name no build tool (imagemap/facts.ts mayBuild: most
 * scripts and workflows of a repository, which the editor's map and the benchmark then need not
 * parse). The skip must never lose a build: over every build file of ../shared/corpus/realworld,
 * a file it skips has no build when fully analysed, and a file it keeps has the same builds either
 * way. Must-keep cases where the tool is behind a variable or an action are checked by name.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig } from '../../../server/src/core/config';
import { analyze } from '../../../server/src/engine/analyze';
import { classifyFile } from '../../../server/src/engine/classify';
import { prepareEngine } from '../../../server/src/engine/prepare';
import { factsOfDocument, factsOfText } from '../../../server/src/imagemap';
import { mayBuild } from '../../../server/src/imagemap/facts';
import { describeWithShared } from '../../helpers/shared';

const BUILD_KINDS = new Set(['shell', 'makefile', 'github-workflow', 'gitlab-ci', 'compose', 'bake']);

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) { if (entry.name !== '.git' && entry.name !== 'node_modules') walk(full, out); } else out.push(full);
  }
  return out;
}

describe('image map: build files that name no build tool are not parsed', () => {
  before(() => prepareEngine());

  it('keeps a tool behind a Make or shell variable, an action, kaniko, the manifest-list tools, Compose and Bake', () => {
    const kept: Array<[Parameters<typeof mayBuild>[0], string]> = [
      ['makefile', 'CONTAINER_TOOL ?= podman\nimage:\n\t$(CONTAINER_TOOL) build -t x .\n'],
      ['shell', 'BUILDER=${BUILDER:-buildah}\n$BUILDER bud -t x .\n'],
      ['github-workflow', 'jobs:\n  a:\n    steps:\n      - uses: docker/build-push-action@v6\n'],
      ['gitlab-ci', 'build:\n  script:\n    - /kaniko/executor --destination x\n'],
      ['shell', 'crane index append -t x -m a -m b\n'],
      ['compose', 'services:\n  api:\n    build: .\n'],
      ['bake', 'target "api" {\n  tags = ["x"]\n}\n'],
    ];
    for (const [kind, text] of kept) assert.equal(mayBuild(kind, text), true, `${kind}: ${text}`);
    assert.equal(mayBuild('shell', '#!/bin/sh\ngo test ./...\n'), false);
    assert.equal(mayBuild('github-workflow', 'jobs:\n  test:\n    steps:\n      - run: go test ./...\n'), false);
    assert.equal(mayBuild('dockerfile', 'FROM scratch\n'), true, 'only build files are judged by their words');
  });

  describeWithShared('over the real-world corpus: a skipped file has no build, a kept one the same builds', ['corpus', 'realworld'], function (root) {
    this.timeout(300_000);
    it('every build file', () => {
      const config = defaultConfig();
      let skipped = 0;
      let kept = 0;
      for (const file of walk(root)) {
        const text = fs.readFileSync(file, 'utf8');
        const kind = classifyFile(file, text.slice(0, 200).split('\n')[0]);
        if (!kind || !BUILD_KINDS.has(kind)) continue;
        const [document] = analyze({ documents: [{ file, text, kind }], config }).documents;
        const full = document ? factsOfDocument(document, config)?.builds.length ?? 0 : 0;
        if (!mayBuild(kind, text)) {
          skipped++;
          assert.equal(full, 0, `${path.relative(root, file)} was skipped but builds ${full} image(s)`);
        } else {
          kept++;
          assert.equal(factsOfText(file, text, config, kind)?.builds.length ?? 0, full, path.relative(root, file));
        }
      }
      assert.ok(skipped > 100 && kept > 50, `skipped ${skipped}, kept ${kept}`);
    });
  });
});
