/** AL501/AL502 in .gitlab-ci.yml: a job's before_script + script + after_script is one script. */
import * as assert from 'node:assert/strict';
import { expectNone, expectOne, fixed } from './util';

const F = '.gitlab-ci.yml';
const AL501_MSG = (what: string, how: string) =>
  `${what} pushes an image (${how}) with no --platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64`;

describe('build scripts: GitLab CI', () => {
  it('AL501: build in script, push in after_script of the same job; fixed', () => {
    const text = `stages: [build]
release:
  stage: build
  image: docker:27
  services: [docker:27-dind]
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .
  after_script:
    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"
`;
    const f = expectOne(text, F, 'AL501', 'warning', '6:6-6:18', AL501_MSG('docker build', 'docker push on line 9'));
    assert.ok(fixed(text, F, f).includes('    - docker build --platform linux/amd64,linux/arm64 -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .\n'));
  });

  it('AL501 in files the pipeline includes (*.gitlab-ci.yml, .gitlab/ci/, .gitlab-ci.yaml)', () => {
    const text = 'release:\n  script:\n    - docker buildx build -t "$CI_REGISTRY_IMAGE" --push .\n';
    for (const file of ['ci/docker.gitlab-ci.yml', '.gitlab/ci/release.yml', '.gitlab-ci.yaml']) {
      expectOne(text, file, 'AL501', 'warning', '2:6-2:25', AL501_MSG('docker buildx build', '--push'));
    }
  });

  it('AL501: a build in a hidden template reached through extends, push in the job; reported once for two jobs', () => {
    const text = `.build:
  before_script:
    - docker login -u "$U" -p "$P" "$CI_REGISTRY"
  script:
    - docker build -t $IMAGE .
web:
  extends: .build
  after_script:
    - docker push $IMAGE
api:
  extends: [.build]
  after_script:
    - docker push $IMAGE
`;
    expectOne(text, F, 'AL501', 'warning', '4:6-4:18', AL501_MSG('docker build', 'docker push on line 9'));
  });

  it('AL501: YAML anchors, a multi-line script item, default: before_script and !reference', () => {
    const text = `default:
  before_script:
    - docker buildx create --use
.push: &push
  - docker push $IMAGE
.common:
  script:
    - |
      docker buildx build \\
        -t $IMAGE \\
        --push .
publish:
  script:
    - !reference [.common, script]
    - *push
`;
    expectOne(text, F, 'AL501', 'warning', '8:6-8:25', AL501_MSG('docker buildx build', '--push'));
  });

  it('AL502: a single platform in a job; fixed', () => {
    const text = `publish:
  script:
    - docker buildx build --platform=linux/arm64 -t $IMAGE --push .
`;
    const f = expectOne(text, F, 'AL502', 'info', '2:37-2:48', 'docker buildx build pushes only linux/arm64 (--push); the targets also include linux/amd64, where this image will not run');
    assert.ok(fixed(text, F, f).includes('--platform=linux/arm64,linux/amd64 '));
  });

  it('a script in a flow sequence: the fix repeats --platform (a comma would split the YAML item); no list to append to', () => {
    const text = 'publish:\n  script: [docker buildx build -t a/b --push ., echo done]\n';
    const f = expectOne(text, F, 'AL501', 'warning', '1:11-1:30', AL501_MSG('docker buildx build', '--push'));
    assert.equal(fixed(text, F, f), 'publish:\n  script: [docker buildx build --platform linux/amd64 --platform linux/arm64 -t a/b --push ., echo done]\n');
    const quoted = 'publish:\n  script: ["docker buildx build -t a/b --push ."]\n';
    const g = expectOne(quoted, F, 'AL501', 'warning', '1:12-1:31', AL501_MSG('docker buildx build', '--push'));
    assert.equal(fixed(quoted, F, g), 'publish:\n  script: ["docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push ."]\n');
    const single = expectOne('publish: {script: docker buildx build --platform linux/arm64 -t a/b --push .}\n', F, 'AL502', 'info', '0:49-0:60',
      'docker buildx build pushes only linux/arm64 (--push); the targets also include linux/amd64, where this image will not run');
    assert.equal(single.fixes, undefined);
  });

  it('reads DOCKER_DEFAULT_PLATFORM from the job\'s variables (through extends) or the file\'s', () => {
    const text = `variables:
  DOCKER_DEFAULT_PLATFORM: linux/amd64
.multi:
  variables:
    DOCKER_DEFAULT_PLATFORM: linux/amd64,linux/arm64
all:
  extends: .multi
  script:
    - docker buildx build -t $CI_REGISTRY_IMAGE/all --push .
one:
  script:
    - docker buildx build -t $CI_REGISTRY_IMAGE/one --push .
`;
    const f = expectOne(text, F, 'AL502', 'info', '1:27-1:38', 'docker buildx build pushes only linux/amd64 (--push); the targets also include linux/arm64, where this image will not run');
    assert.ok(fixed(text, F, f).startsWith('variables:\n  DOCKER_DEFAULT_PLATFORM: linux/amd64,linux/arm64\n'));
    expectNone(text, F, 'AL501');
  });

  it('AL501/AL502 for kaniko: one platform per run, so no fix is offered', () => {
    const text = `build:
  image: { name: gcr.io/kaniko-project/executor:debug, entrypoint: [""] }
  script:
    - /kaniko/executor --context "$CI_PROJECT_DIR" --destination "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG"
`;
    const f = expectOne(text, F, 'AL501', 'warning', '3:6-3:22',
      'kaniko pushes an image (--destination $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG) with no --custom-platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
    assert.equal(f.fixes, undefined);
    const g = expectOne(text.replace('/kaniko/executor', '/kaniko/executor --custom-platform=linux/arm64'), F, 'AL502', 'info', '3:41-3:52',
      'kaniko pushes only linux/arm64 (--destination $CI_REGISTRY_IMAGE:$CI_COMMIT_TAG); the targets also include linux/amd64, where this image will not run');
    assert.equal(g.fixes, undefined);
    expectNone(text.replace('/kaniko/executor', '/kaniko/executor --no-push'), F, 'AL501');
  });

  it('is silenced by a comment above the script item', () => {
    expectNone('publish:\n  script:\n    # archlens ignore=AL501\n    - docker buildx build -t $IMAGE --push .\n', F, 'AL501');
    expectNone('publish:\n  script:\n    # archlens ignore=AL501\n    - |\n      echo start\n      docker buildx build -t $IMAGE --push .\n', F, 'AL501');
  });

  it('does not fire: push in another job, hidden jobs alone, variable platforms, local builds', () => {
    for (const text of [
      'build:\n  script:\n    - docker build -t $IMAGE .\npush:\n  script:\n    - docker push $IMAGE\n',
      '.tmpl:\n  script:\n    - docker buildx build -t $IMAGE --push .\n',
      'publish:\n  script:\n    - docker buildx build --platform $PLATFORMS -t $IMAGE --push .\n',
      'test:\n  script:\n    - docker build -t test .\n    - docker run test\n',
      'variables:\n  CMD: docker buildx build --push .\n',
    ]) {
      expectNone(text, F, 'AL501');
      expectNone(text, F, 'AL502');
    }
  });
});

describe('GitLab CI: merge keys read as YAML reads them', () => {
  // `<<: [*multi, *single]`: of several merge sources the earlier wins (the YAML merge type, and
  // the `yaml` package's toJS), so the job's variables are *multi's and name both platforms.
  const merged = `.multi: &multi
  variables:
    DOCKER_DEFAULT_PLATFORM: linux/amd64,linux/arm64
.single: &single
  image: docker:27
  variables:
    GIT_DEPTH: "1"
release:
  <<: [*multi, *single]
  script:
    - docker buildx build -t registry.example.com/app:1 --push .
`;

  it('no AL501 when the earlier merge source names the platforms', () => {
    expectNone(merged, F, 'AL501');
    expectNone(merged, F, 'AL502');
  });

  it('the later source is read only for keys the earlier one lacks: AL501 when neither names platforms', () => {
    const text = merged.replace('DOCKER_DEFAULT_PLATFORM: linux/amd64,linux/arm64', 'GIT_STRATEGY: clone');
    expectOne(text, F, 'AL501', 'warning', '10:6-10:25', AL501_MSG('docker buildx build', '--push'));
  });

  it('reading the same text twice gives the same answer (the reader never reorders the document)', () => {
    const jobs = `${merged}release-2:
  <<: [*multi, *single]
  script:
    - docker buildx build -t registry.example.com/app:2 --push .
`;
    expectNone(jobs, F, 'AL501');
    expectNone(jobs, F, 'AL501');
  });
});
