/**
 * A workflow job's `run:` scripts are parsed only when one of them may run a program whose commands
 * give build sites (commands.ts mayRunSitePrograms): the screen must never hide such a command, even
 * when quoting splits the program's name.
 */
import * as assert from 'node:assert/strict';
import { mayRunSitePrograms } from '../../../server/src/buildscripts/commands';
import { expectNone, findings } from './util';

const F = '.github/workflows/release.yml';
const job = (steps: string) => `on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
${steps}`;

describe('build scripts: which scripts are read for build sites', () => {
  it('names of builders, manifest-list and copy tools and kaniko, also when quoting or a line continuation splits them', () => {
    for (const script of ['docker build .', 'podman push a/b', 'buildah bud .', 'nerdctl build .', 'manifest-tool push from-spec x', 'crane copy a b',
      'skopeo copy a b', 'regctl index create x', '/kaniko/executor --destination a/b', 'do"ck"er build .', "d'ocker' build .", 'd\\ocker build .',
      'doc$\'\'ker build .', 'doc\\\nker build .', 'DOCKER=podman\n$DOCKER build .', 'sudo /usr/bin/docker build .']) {
      assert.equal(mayRunSitePrograms(script), true, script);
    }
  });

  it('scripts running none of them', () => {
    for (const script of ['make test', 'go build ./...', 'echo "${____________}"', 'kubectl apply -f x.yaml', '']) assert.equal(mayRunSitePrograms(script), false, script);
  });

  it('a job whose only docker command has its name split by quotes is still checked', () => {
    const list = findings(job('      - run: do"ck"er buildx build -t ghcr.io/acme/web --push .\n'), F, 'AL501');
    assert.equal(list.length, 1);
    assert.match(list[0].message, /pushes an image/);
  });

  it('a script running no build tool is still read when another script of its job runs one (the job is one unit)', () => {
    const build = '      - run: echo hi; docker buildx build -t ghcr.io/acme/web --push .\n';
    assert.equal(findings(job(build), F, 'AL501').length, 1);
    // The build reads the platforms the earlier step exported (no build tool in that step's script).
    expectNone(job(`      - run: export DOCKER_DEFAULT_PLATFORM=linux/amd64,linux/arm64\n${build}`), F, 'AL501');
  });

  it('a job with no build tool in any script has no build site', () => {
    expectNone(job('      - run: make test\n      - run: echo docker-less\n'), F, 'AL501');
  });
});
