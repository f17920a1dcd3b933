import * as assert from 'node:assert/strict';
import { LineIndex, applyEdits } from '../../server/src/core/text';
import { parseSuppressions, isSuppressed } from '../../server/src/core/suppression';
import { classifyFile } from '../../server/src/engine/classify';
import type { Finding } from '../../server/src/core/types';

describe('text utilities', () => {
  it('maps offsets and positions, keeping \\r out of line text', () => {
    const index = new LineIndex('a: 1\r\nbb: 2\r\n');
    assert.deepEqual(index.positionAt(6), { line: 1, character: 0 });
    assert.equal(index.offsetAt({ line: 1, character: 2 }), 8);
    assert.equal(index.lineText(0), 'a: 1');
    assert.equal(index.eol, '\r\n');
    assert.equal(new LineIndex('x\ny').eol, '\n');
  });

  it('applies edits in any order and refuses overlapping ones', () => {
    const text = 'one\ntwo\nthree\n';
    const out = applyEdits(text, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }, newText: 'THREE' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# top\n' },
    ]);
    assert.equal(out, '# top\none\ntwo\nTHREE\n');
    assert.throws(() => applyEdits(text, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, newText: 'x' },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 2 } }, newText: 'y' },
    ]), /overlapping/);
  });
});

describe('suppression comments', () => {
  const finding = (line: number, anchors?: number[]): Finding => ({
    rule: 'AL202', name: 'unconstrained-single-arch', severity: 'warning', message: 'm',
    range: { start: { line, character: 0 }, end: { line, character: 1 } }, suppressionAnchors: anchors,
  });
  const text = ['kind: Deployment', '# archlens ignore=unconstrained-single-arch', 'image: a', 'image: b', '# archlens ignore=AL101', 'x: 1'].join('\n');
  const lines = new LineIndex(text);
  const s = parseSuppressions(lines);

  it('silences the line below by code or name, and nothing else', () => {
    assert.equal(isSuppressed(finding(2), s, lines), true);
    assert.equal(isSuppressed(finding(3), s, lines), false);
    assert.equal(isSuppressed(finding(5), s, lines), false, 'AL101 directive does not silence AL202');
  });

  it('honours anchors such as the workload kind line', () => {
    assert.equal(isSuppressed(finding(3, [2]), s, lines), true);
  });

  it('honours a global directive anywhere', () => {
    const g = new LineIndex('a: 1\n# archlens global ignore=AL202, AL101\n');
    assert.equal(isSuppressed(finding(0), parseSuppressions(g), g), true);
  });
});

describe('file classification', () => {
  const cases: Array<[string, string | undefined, string?]> = [
    ['deploy/web.yaml', 'kubernetes'],
    ['.github/workflows/ci.yml', 'github-workflow'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
    ['.gitlab-ci.yaml', 'gitlab-ci'],
    ['ci/docker.gitlab-ci.yml', 'gitlab-ci'],
    ['.gitlab/ci/release.yml', 'gitlab-ci'],
    ['.gitlab/agents/prod/config.yaml', 'kubernetes'],
    ['docker-compose.prod.yml', 'compose'],
    ['compose.yaml', 'compose'],
    ['Dockerfile', 'dockerfile'],
    ['Dockerfile.alpine', 'dockerfile'],
    ['app/vmui/Dockerfile-web', 'dockerfile'],
    ['Dockerfile-web.dockerignore', undefined],
    // An underscore joins the variant too (PX4/PX4-containers docker/Dockerfile_nuttx-focal, open-horizon/anax Dockerfile_agbot.ubi).
    ['docker/Dockerfile_nuttx-focal', 'dockerfile'],
    ['anax-in-container/Dockerfile_agbot.ubi', 'dockerfile'],
    ['Dockerfile_notes.md', undefined],
    // Source code about Dockerfiles is not one (semgrep's languages/dockerfile/generic/Dockerfile_to_generic.ml).
    ['languages/dockerfile/generic/Dockerfile_to_generic.ml', undefined],
    ['languages/dockerfile/generic/Dockerfile_to_generic.mli', undefined],
    ['Dockerfile-parser.rs', undefined],
    ['Dockerfiles', undefined],
    ['build/app.Dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['docker-bake.hcl', 'bake'],
    ['Makefile', 'makefile'],
    ['rules.mk', 'makefile'],
    ['Makefile.examples', 'makefile'],
    ['build/Makefile.common', 'makefile'],
    ['Makefile.am', undefined],
    ['Makefile.in', undefined],
    ['Makefile.PL', undefined],
    ['Makefile.toml', undefined],
    ['Makefile.local.example', undefined],
    // An EmPy template the real Makefiles are rendered from (osrf/docker_images ros/.config/ros2/Makefile.em).
    ['ros/.config/ros2/Makefile.em', undefined],
    ['Makefile.emu', 'makefile'],
    ['scripts/build.sh', 'shell'],
    ['scripts/release', 'shell', '#!/usr/bin/env bash'],
    ['scripts/release', undefined, '#!/usr/bin/env python3'],
    ['README.md', undefined],
  ];
  for (const [file, kind, first] of cases) {
    it(`${file}${first ? ` (${first})` : ''} → ${kind}`, () => assert.equal(classifyFile(file, first), kind));
  }
});
