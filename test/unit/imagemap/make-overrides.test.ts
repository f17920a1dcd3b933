/** Make variables set on make's command line anywhere in the workspace (imagemap/make-overrides.ts). */
import * as assert from 'node:assert/strict';
import { makeOverridesOf } from '../../../server/src/imagemap/make-overrides';
import { makeEnvironmentOfText } from '../../../server/src/buildscripts/github-make-env';
import { parseGithubWorkflow } from '../../../server/src/buildscripts/github';
import { LineIndex } from '../../../server/src/core/text';

const names = (text: string) => makeOverridesOf(text).map((o) => `${o.line}:${o.name}`);

describe('make command-line overrides', () => {
  it('reads VAR=value arguments of make, gmake and $(MAKE), across backslash continuations', () => {
    assert.deepEqual(names('make docker-buildx-release \\\n  VERSION=${TAG} \\\n  PLATFORM="linux/amd64,linux/arm64"\n'), ['0:VERSION', '0:PLATFORM']);
    assert.deepEqual(names('\t$(MAKE) -C api image ARCH=arm64\n'), ['0:ARCH']);
    assert.deepEqual(names('gmake all "PLATFORMS=linux/arm64"\n'), ['0:PLATFORMS']);
  });

  it('reads environment assignments in front of make (they override ?= defaults)', () => {
    assert.deepEqual(names('PLATFORM=linux/arm64 make image\nenv A=1 B=2 make x\n'), ['0:PLATFORM', '1:A', '1:B']);
  });

  it('reads commands in workflow run: lines and list items', () => {
    assert.deepEqual(names('      - run: make image PLATFORMS=linux/amd64,linux/arm64\n    script:\n      - make push ARCH=amd64\n'), ['0:PLATFORMS', '2:ARCH']);
  });

  it('ignores assignments that are not make\'s: another command\'s arguments, a plain assignment, make as a word in text', () => {
    assert.deepEqual(names('echo make PLATFORM=x\nPLATFORM=linux/amd64\ndocker build --build-arg ARCH=amd64 . && cmake -DX=1\n# make PLATFORM=y\n'), []);
  });

  it('starts over at each command of a line', () => {
    assert.deepEqual(names('cd api && make image ARCH=arm64; ls X=1 | make push TAG=1\n'), ['0:ARCH', '0:TAG']);
  });
});

describe('make command-line overrides on hostile input', () => {
  it('a make command continued over 20,000 lines costs linear time (joining as it grew took 7 s)', () => {
    const text = `release:\n\tmake build \\\n${'\t  VAR=1 \\\n'.repeat(20_000)}\t  LAST=2\n`;
    const started = process.cpuUsage();
    const found = makeOverridesOf(text);
    const used = process.cpuUsage(started);
    assert.equal(found.length, 20_001);
    assert.deepEqual(found[found.length - 1], { name: 'LAST', line: 1 });
    assert.ok((used.user + used.system) / 1000 < 2_000, `took ${Math.round((used.user + used.system) / 1000)} ms of CPU`);
  });
});

describe('workflow environment of make steps', () => {
  /** As the workflow reader's model records it, which the reading of an unparsed workflow's text must equal. */
  const env = (text: string) => {
    const listed = (entries: Array<{ name: string; line: number }>) => entries.map((o) => `${o.line}:${o.name}`).sort();
    const fromModel = listed(parseGithubWorkflow(text).model?.makeEnvironment ?? []);
    assert.deepEqual(listed(makeEnvironmentOfText(new LineIndex(text))), fromModel);
    return fromModel;
  };

  it('reads env: of the workflow, of a job that runs make and of the make step', () => {
    const text = [
      'on: push',
      'env:',
      '  REGISTRY: ghcr.io/acme',
      'jobs:',
      '  release:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      PLATFORMS: linux/amd64,linux/arm64',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: make docker-push',
      '        env:',
      '          TAG: v1',
      '  docs:',
      '    runs-on: ubuntu-latest',
      '    env:',
      '      DOCS_ONLY: "1"',
      '    steps:',
      '      - run: mkdocs build',
      '',
    ].join('\n');
    assert.deepEqual(env(text), ['12:TAG', '2:REGISTRY', '7:PLATFORMS']);
  });

  it('reads nothing from a workflow whose steps do not run make (cmake is not make), or that does not parse', () => {
    assert.deepEqual(env('on: push\nenv:\n  PLATFORMS: linux/arm64\njobs:\n  b:\n    steps:\n      - run: cmake --build . && echo done\n'), []);
    assert.deepEqual(env('on: push\nenv: [\njobs: make\n'), []);
  });

  it('points a variable set in several env: blocks at its first line, and reads keys a merge key brings in', () => {
    const text = [
      'on: push',
      'jobs:',
      '  release:',
      '    env: &common',
      '      IMG: ghcr.io/acme/app',
      '    steps:',
      '      - run: |',
      '          make docker-buildx',
      '        env:',
      '          <<: *common',
      '          IMG: ghcr.io/acme/other',
      '          PLATFORMS: linux/arm64',
      '',
    ].join('\n');
    assert.deepEqual(env(text), ['11:PLATFORMS', '4:IMG']);
  });
});
