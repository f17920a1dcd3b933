/** AL502 single-platform-push: a pushed image names fewer platforms than the targets. */
import * as assert from 'node:assert/strict';
import { findingsOf } from '../../helpers/lint';
import { expectFindings, ruleTester } from '../../helpers/rule-tester';

/** A workflow with one job (`key`, optionally a `name:`) on ubuntu-latest that sets up buildx before `steps`. */
const WF = (key: string, steps: string, name?: string) =>
  `on: push\njobs:\n  ${key}:\n${name ? `    name: ${name}\n` : ''}    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n${steps}`;

/** A Makefile pushing one platform of the image bundle.Dockerfile makes, and that Dockerfile in the workspace. */
const BUNDLE_MAKEFILE = 'bundle-push:\n\tdocker buildx build --platform linux/amd64 -f bundle.Dockerfile -t quay.io/acme/op-bundle:v1 --push .\n';
const bundle = (dockerfile: string) => ({ file: '/repo/Makefile', text: BUNDLE_MAKEFILE, workspace: { '/repo/bundle.Dockerfile': dockerfile } });

ruleTester('AL502').run({
  valid: [
    {
      // kubernetes/dashboard e2e-base-image.yml: the image its own e2e tests run in.
      name: 'an image for the project\'s tests (context packages/e2e/…) listed for one platform',
      file: '.github/workflows/e2e-base-image.yml',
      text: 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64\n          context: packages/e2e/base-image\n          push: true\n          tags: ghcr.io/acme/dashboard-base:latest\n',
    },
    {
      // Altinity/clickhouse-operator tests/image/build_docker.sh: the name in --output, a test runner.
      name: 'an image for the project\'s tests named in --output type=image,name=…',
      file: 'build_docker.sh',
      text: 'IMG=${IMG:="registry.gitlab.com/acme/operator-test-runner:latest"}\ndocker buildx build --platform=linux/amd64 -f Dockerfile --output="type=image,name=${IMG}" . --push\n',
    },
    {
      // tilt-dev/tilt scripts/build-tilt-ci.sh: the image CircleCI's jobs run in (its digest goes into .circleci/config.yml).
      name: 'a CI executor image built from .circleci/ listed for one platform',
      file: 'scripts/build-tilt-ci.sh',
      text: 'docker buildx build --push --pull --platform linux/amd64 -t tiltdev/tilt-ci -f .circleci/Dockerfile .circleci\n',
    },
    {
      // camunda/camunda-platform-helm build-ci-runner-image.yaml: the containers its workflow jobs run in, tags from a step's output.
      name: 'a CI runner image built from .github/ listed for one platform',
      file: '.github/workflows/build-ci-runner-image.yaml',
      text: WF('build-ci-runner', '      - uses: docker/build-push-action@v6\n        with:\n          context: .github/docker/ci-runner\n          file: .github/docker/ci-runner/Dockerfile\n          push: true\n          tags: ${{ steps.tags.outputs.ci-tags }}\n          platforms: linux/amd64\n'),
    },
    {
      // tilt-dev/tilt scripts/build-tilt-integration-ci.sh: the name says ci as a word.
      name: 'a CI image whose name says ci as a word, listed for one platform',
      file: 'scripts/build-ci-image.sh',
      text: 'docker buildx build --push --platform linux/amd64 -t docker.io/acme/app-integration-ci -f images/Dockerfile.integration images\n',
    },
    { name: 'every target', file: 'release.sh', text: 'docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n' },
    { name: 'a single platform that is not pushed', file: 'release.sh', text: 'docker buildx build --platform linux/amd64 -t a/b --load .\n' },
    { name: 'a tag that names the one architecture pushed', file: 'release.sh', text: 'docker buildx build --platform linux/amd64 -t ghcr.io/acme/web:1.0-amd64 --push .\n' },
    {
      name: 'a workflow step named for the one architecture pushed (fluent-bit "Build the AMD64 image")',
      file: '.github/workflows/images.yml',
      text: WF('integration', '      - name: Build the AMD64 image\n        uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64\n          push: true\n          tags: ghcr.io/acme/web:test\n'),
    },
    {
      name: 'a workflow job named for the one architecture pushed',
      file: '.github/workflows/images.yml',
      text: WF('build-arm64', '      - name: Build\n        uses: docker/build-push-action@v6\n        with:\n          platforms: linux/arm64\n          push: true\n          tags: ghcr.io/acme/web:test\n'),
    },
    {
      name: "a workflow job's name: names the architecture; a run step",
      file: '.github/workflows/images.yml',
      text: WF('image', '      - run: docker buildx build --platform linux/arm64 -t ghcr.io/acme/web:test --push .\n', 'Build ARM64 image'),
    },
    { name: 'a GitLab job named for the one architecture pushed', file: '.gitlab-ci.yml', text: 'build-amd64:\n  script: [docker buildx build --platform linux/amd64 -t a/b --push .]\n' },
    {
      // kube-vip's Makefile: "This build a local docker image (x86 only) for quick testing".
      name: 'a Makefile target whose name runs the architecture into other words (dockerx86Dev:, x86 being amd64)',
      file: 'Makefile',
      text: 'dockerx86Dev:\n\t@docker buildx build  --platform linux/amd64 --push -t $(REPOSITORY)/$(TARGET):dev .\n',
    },
    { name: 'a Makefile target named for the one architecture pushed (image-arm64:)', file: 'Makefile', text: 'image-arm64:\n\tdocker buildx build --platform linux/arm64 -t ghcr.io/acme/web:1 --push .\n' },
    { name: 'per-arch builds into one podman manifest', file: 'release.sh', text: 'podman manifest create web\npodman build --platform linux/amd64 --manifest web .\npodman build --platform linux/arm64 --manifest web .\npodman manifest push web docker://quay.io/acme/web\n' },
  ],
  invalid: [
    {
      // Must still fire: the workflow lives in .github/, the product image it pushes does not.
      name: 'a product image pushed by a workflow in .github/workflows, from a context outside .github/',
      file: '.github/workflows/release.yaml',
      text: WF('release', '      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: deploy/Dockerfile\n          push: true\n          tags: ghcr.io/acme/web:1\n          platforms: linux/amd64\n'),
      errors: [{ range: '12:21-12:32', messageId: 'fewerPlatforms', data: { what: 'docker/build-push-action', listed: 'linux/amd64', how: 'push: true', missing: 'linux/arm64' } }],
    },
    {
      name: 'a product image named in --output type=image,name=… still fires',
      file: 'release.sh',
      text: 'docker buildx create --use\ndocker buildx build --platform linux/amd64 --output=type=image,name=ghcr.io/acme/web:1 --push .\n',
      errors: [{ range: '1:31-1:42', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
    {
      // openshift/ci-tools#4307: a bundle built as a manifest list for amd64 only could not be used on arm nodes.
      name: 'an OLM bundle image (scratch, manifests and metadata only): the message says the pull fails, not the program',
      ...bundle('FROM scratch\nLABEL operators.operatorframework.io.bundle.mediatype.v1=registry+v1\nCOPY bundle/manifests /manifests/\nCOPY bundle/metadata /metadata/\n'),
      errors: [{ range: '1:32-1:43', messageId: 'fewerPlatformsDataOnly', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
    {
      name: 'the same manifests on a base image that has programs: the plain message',
      ...bundle('FROM alpine:3.20\nCOPY bundle/manifests /manifests/\n'),
      errors: [{ range: '1:32-1:43', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
    {
      name: 'ci inside a word of the name (cilium, circle), in a variable\'s name ($CI_REGISTRY_IMAGE), or a ci/ folder holding the product Dockerfile, still fires',
      file: 'release.sh',
      text: 'docker buildx build --platform linux/amd64 -t quay.io/acme/cilium-agent:1 --push .\ndocker buildx build --platform linux/amd64 -f ci/Dockerfile -t quay.io/acme/web:1 --push ci\ndocker buildx build --platform linux/amd64 -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG" --push .\n',
      errors: [
        { range: '0:31-0:42', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } },
        { range: '1:31-1:42', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } },
        { range: '2:31-2:42', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } },
      ],
    },
    {
      name: 'a Makefile target named for another architecture than the one pushed still fires',
      file: 'Makefile',
      text: 'image-arm64:\n\tdocker buildx build --platform linux/amd64 -t ghcr.io/acme/web:1 --push .\n',
      errors: [{ range: '1:32-1:43', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
    {
      name: 'a Makefile target whose name only contains an architecture as part of a word (pushx86info:) still fires',
      file: 'Makefile',
      text: 'pushx86info:\n\tdocker buildx build --platform linux/amd64 -t ghcr.io/acme/web:1 --push .\n',
      errors: [{ range: '1:32-1:43', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
    {
      name: "a build in a prerequisite's recipe reads that target's name, not the caller's (release-amd64: build)",
      file: 'Makefile',
      text: 'build:\n\tdocker buildx build --platform linux/amd64 -t ghcr.io/acme/web:1 --push .\n\nrelease-amd64: build\n',
      errors: [{ range: '1:32-1:43', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
    {
      name: 'shell: one platform pushed on a multi-platform builder, the fix adds the other target',
      file: 'release.sh',
      text: 'docker buildx create --use\ndocker buildx build --platform linux/amd64 -t a/b --push .\n',
      errors: [{ range: '1:31-1:42', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' }, severity: 'info' }],
      output: 'docker buildx create --use\ndocker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n',
    },
    {
      name: 'shell: a podman build into a manifest that is pushed',
      file: 'release.sh',
      text: 'podman build --platform linux/amd64 --manifest localhost/web:1 .\npodman manifest push localhost/web:1 docker://quay.io/acme/web:1\n',
      errors: [{ range: '0:24-0:35', messageId: 'fewerPlatforms', data: { what: 'podman build', listed: 'linux/amd64', how: 'podman manifest push on line 2', missing: 'linux/arm64' } }],
    },
    {
      name: 'GitLab CI: one platform in a job',
      file: '.gitlab-ci.yml',
      text: 'publish:\n  script: [docker buildx build --platform linux/amd64 -t a/b --push .]\n',
      errors: [{ range: '1:42-1:53', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
    {
      name: 'a step named for another architecture than the one pushed still fires',
      file: '.github/workflows/images.yml',
      text: WF('image', '      - name: Build the ARM64 image\n        uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64\n          push: true\n          tags: ghcr.io/acme/web:test\n'),
      errors: [{ range: '9:21-9:32', messageId: 'fewerPlatforms', data: { what: 'docker/build-push-action', listed: 'linux/amd64', how: 'push: true', missing: 'linux/arm64' } }],
    },
    {
      name: 'an unnamed single-platform push in a workflow still fires',
      file: '.github/workflows/images.yml',
      text: WF('image', '      - name: Build the image\n        uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64\n          push: true\n          tags: ghcr.io/acme/web:test\n'),
      errors: [{ range: '9:21-9:32', messageId: 'fewerPlatforms', data: { what: 'docker/build-push-action', listed: 'linux/amd64', how: 'push: true', missing: 'linux/arm64' } }],
    },
  ],
});

describe('AL502: one platform beside a build of the same file for several (qdrant GPU images)', () => {
  const script = (gpu: string) => [
    'docker buildx create --use',
    "docker buildx build --platform='linux/amd64,linux/arm64' -t qdrant/qdrant:v1 --push .",
    `docker buildx build --build-arg GPU=${gpu} --platform='linux/amd64' -t qdrant/qdrant:v1-gpu-${gpu} --push .`,
  ].join('\n') + '\n';
  it('the finding stands, the fix adding platforms is not preferred: the file builds several where its author can', () => {
    const [f] = findingsOf(script('amd'), 'AL502', { file: 'release.sh' });
    assert.equal(f.range.start.line, 2);
    assert.deepEqual(f.fixes?.map((x) => [x.preferred ?? false, x.title]), [[false, 'Add linux/arm64 to --platform — not applied by --fix: line 2 builds for several platforms, this build for amd64 alone: a choice, it seems']]);
  });
  it('must stay preferred when no build of the file lists several platforms', () => {
    const alone = 'docker buildx create --use\ndocker buildx build --platform linux/amd64 -t acme/web:1 --push .\n';
    const [f] = findingsOf(alone, 'AL502', { file: 'release.sh' });
    assert.deepEqual(f.fixes?.map((x) => [x.preferred ?? false, x.title]), [[true, 'Add linux/arm64 to --platform']]);
  });
});

describe('AL502: a quick single-platform variant of a push the file also makes for every target (openfaas/faas-netes)', () => {
  // openfaas/faas-netes Makefile: publish-buildx pushes linux/amd64, publish-buildx-all the same image for all.
  const recipe = (target: string, platforms: string, tag = '$(SERVER)/$(OWNER)/$(IMG_NAME):$(TAG)') => `${target}:\n\t@docker buildx create --use --name=multiarch && \\\n\tdocker buildx build \\\n\t\t--platform ${platforms} \\\n\t\t--push=true \\\n\t\t--tag ${tag} \\\n\t\t.\n`;
  const makefile = (all: string) => 'SERVER?=ttl.sh\nOWNER?=openfaas\nIMG_NAME?=faas-netes\nTAG?=latest\n\n' + all + '\n' + recipe('publish-buildx', 'linux/amd64');
  it('is not reported', () => {
    assert.deepEqual(findingsOf(makefile(recipe('publish-buildx-all', 'linux/amd64,linux/arm/v7,linux/arm64')), 'AL502', { file: 'Makefile' }), []);
  });
  it('must still fire: the other push misses a target too, or pushes another image', () => {
    assert.equal(findingsOf(makefile(recipe('publish-buildx-all', 'linux/amd64,linux/arm/v7')), 'AL502', { file: 'Makefile' }).length, 2);
    assert.equal(findingsOf(makefile(recipe('publish-buildx-all', 'linux/amd64,linux/arm64', '$(SERVER)/$(OWNER)/other:$(TAG)')), 'AL502', { file: 'Makefile' }).length, 1);
  });
});

describe('AL502 fix: QEMU a local action is only assumed to set up', () => {
  // kserve's custom-model-grpc-publish.yml: `uses: ./.github/actions/free-up-disk-space` before the
  // build, no docker/setup-qemu-action, ubuntu-latest: adding linux/arm64 would run pip install for
  // arm64 on an amd64 runner without emulation.
  const localAction = '      - uses: ./.github/actions/free-up-disk-space\n';
  const build = '      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64\n          push: true\n          tags: ghcr.io/acme/web:1\n';
  const data = { what: 'docker/build-push-action', listed: 'linux/amd64', how: 'push: true', missing: 'linux/arm64' };

  it('is offered, not preferred, saying why', () => {
    const [finding] = expectFindings(WF('image', localAction + build), 'AL502', [{ range: '9:21-9:32', messageId: 'fewerPlatforms', data }], { file: '.github/workflows/images.yml' });
    const fix = finding.fixes?.[0];
    assert.ok(fix);
    assert.equal(fix.preferred, undefined);
    assert.match(fix.title, /not applied by --fix: no step before it visibly sets up QEMU \(only \.\/\.github\/actions\/free-up-disk-space, which archlens cannot see into\): RUN steps for arm64 fail/);
  });

  it('stays preferred when a step visibly sets up QEMU, the local action aside', () => {
    const qemu = '      - uses: docker/setup-qemu-action@v3\n';
    const [finding] = expectFindings(WF('image', localAction + qemu + build), 'AL502', [{ range: '10:21-10:32', messageId: 'fewerPlatforms', data }], { file: '.github/workflows/images.yml' });
    assert.equal(finding.fixes?.[0]?.preferred, true);
  });
});

describe('AL502: an image named for a Raspberry Pi, listing ARM platforms alone', () => {
  // bluenviron/mediamtx scripts/dockerhub.mk: the -rpi images beside the all-platform one.
  const recipe = (file: string, platforms: string, tag: string) =>
    `dockerhub:\n\tdocker build --builder=builder \\\n\t-f docker/${file} . \\\n\t--platform=${platforms} \\\n\t-t $(DOCKER_REPOSITORY):${tag} \\\n\t--push\n`;
  it('is not reported (tag or Dockerfile name)', () => {
    assert.deepEqual(findingsOf(recipe('rpi.Dockerfile', 'linux/arm/v6,linux/arm/v7,linux/arm64', '$(VERSION)-rpi'), 'AL502', { file: 'scripts/dockerhub.mk' }), []);
    assert.deepEqual(findingsOf(recipe('Dockerfile', 'linux/arm/v7', 'latest-raspberrypi'), 'AL502', { file: 'Makefile' }), []);
    assert.deepEqual(findingsOf(recipe('rpi.Dockerfile', 'linux/arm64', '$(VERSION)'), 'AL502', { file: 'Makefile' }), []);
  });
  it('must still fire without a board in the names, or when the list holds a non-ARM platform', () => {
    assert.equal(findingsOf(recipe('standard.Dockerfile', 'linux/arm/v6,linux/arm/v7,linux/arm64', '$(VERSION)'), 'AL502', { file: 'Makefile' }).length, 1);
    assert.equal(findingsOf(recipe('rpi.Dockerfile', 'linux/amd64', '$(VERSION)-rpi'), 'AL502', { file: 'Makefile' }).length, 1);
    assert.equal(findingsOf(recipe('Dockerfile', 'linux/arm64', '$(VERSION)-spirit'), 'AL502', { file: 'Makefile' }).length, 1);
  });
});

describe('AL502: an image named for an ARM-only SoC family (Rockchip, Jetson), listing ARM platforms alone', () => {
  // AlexxIT/go2rtc .github/workflows/build.yml:275: docker/rockchip.Dockerfile for linux/arm64, tag
  // suffix -rockchip, beside the all-platform image; Rockchip and Jetson boards are ARM only.
  const step = (file: string, platforms: string) => WF('docker', `      - uses: docker/setup-qemu-action@v3\n      - uses: docker/build-push-action@v5\n        with:\n          context: .\n          file: ${file}\n          platforms: ${platforms}\n          push: true\n          tags: acme/go2rtc:1\n`);
  const F = '.github/workflows/build.yml';
  it('is not reported', () => {
    assert.deepEqual(findingsOf(step('docker/rockchip.Dockerfile', 'linux/arm64'), 'AL502', { file: F }), []);
    assert.deepEqual(findingsOf(step('docker/Dockerfile.rk3588', 'linux/arm64'), 'AL502', { file: F }), []);
    assert.deepEqual(findingsOf(step('docker/jetson.Dockerfile', 'linux/arm64'), 'AL502', { file: F }), []);
  });
  it('must still fire for an amd64 list, or a name that only contains the word', () => {
    assert.equal(findingsOf(step('docker/rockchip.Dockerfile', 'linux/amd64'), 'AL502', { file: F }).length, 1);
    assert.equal(findingsOf(step('docker/hardware.Dockerfile', 'linux/amd64'), 'AL502', { file: F }).length, 1);
    assert.equal(findingsOf(step('docker/jetsonic.Dockerfile', 'linux/arm64'), 'AL502', { file: F }).length, 1);
  });
});

describe('AL502: one platform pushed by digest, merged by another job of the workflow (k3s-io/helm-controller)', () => {
  // release.yml: the amd64 job pushes by digest only from ubuntu-latest, an arm job pushes the ARM
  // platforms the same way, and merge-manifests runs `docker buildx imagetools create` over the digests.
  const F = '.github/workflows/release.yml';
  const release = (outputs: string, merge: boolean) => [
    'on:', '  release:', '    types: [created]', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:',
    '      - uses: docker/setup-buildx-action@v3', '      - id: build', '        uses: docker/build-push-action@v6', '        with:',
    '          platforms: linux/amd64', '          context: .', `          outputs: ${outputs}`,
    ...(merge ? ['  merge-manifests:', '    runs-on: ubuntu-latest', '    needs: [build]', '    steps:',
      '      - uses: docker/setup-buildx-action@v3',
      '      - run: docker buildx imagetools create -t acme/app:1 $(printf \'acme/app@sha256:%s \' *)'] : []),
  ].join('\n') + '\n';
  const byDigest = 'type=image,"name=acme/app",push-by-digest=true,name-canonical=true,push=true';
  it('is silent: the digest is one platform of the list the merge job assembles', () => {
    assert.deepEqual(findingsOf(release(byDigest, true), 'AL502', { file: F }), []);
  });
  it('must still fire: no merge in the workflow, or a tagged push beside the merge', () => {
    assert.equal(findingsOf(release(byDigest, false), 'AL502', { file: F }).length, 1);
    assert.equal(findingsOf(release('type=image,name=acme/app:1,push=true', true), 'AL502', { file: F }).length, 1);
  });
});

describe('AL502: a missing platform commented out of the list (foxcpp/maddy release.yml:147)', () => {
  const step = (list: string) => WF('docker', `      - uses: docker/setup-qemu-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          platforms: ${list}\n          push: true\n          tags: foxcpp/maddy:1\n`);
  it('the finding stands, the fix adding the platform back is not preferred: its author took it out', () => {
    const [f] = findingsOf(step('linux/amd64 #,linux/arm64  Temporary disabled due to SIGSEGV in gcc.'), 'AL502', { file: '.github/workflows/release.yml' });
    assert.ok(f);
    assert.ok(f.fixes && f.fixes.length > 0 && f.fixes.every((x) => !x.preferred), JSON.stringify(f.fixes?.map((x) => x.title)));
  });
  it('must stay preferred when the comment names no missing platform', () => {
    const [f] = findingsOf(step('linux/amd64 # the image for our servers'), 'AL502', { file: '.github/workflows/release.yml' });
    assert.ok(f?.fixes?.some((x) => x.preferred));
  });
});

describe('AL502: a build-push-action that lists only Windows platforms (prometheus-community/windows_exporter release.yml:243)', () => {
  // A Windows HostProcess image built on ubuntu with buildx: the Linux targets are not for it.
  const push = (platforms: string) => WF('docker', `      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          push: \${{ github.event_name != 'pull_request' }}\n          tags: ghcr.io/acme/windows-exporter:latest\n          platforms: ${platforms}\n`);
  it('is silent: the image is a Windows one', () => {
    assert.deepEqual(findingsOf(push('windows/amd64'), 'AL502', { file: '.github/workflows/release.yml' }), []);
  });
  it('must still fire on a Linux platform, or Windows beside one Linux platform', () => {
    assert.equal(findingsOf(push('linux/amd64'), 'AL502', { file: '.github/workflows/release.yml' }).length, 1);
    assert.equal(findingsOf(push('windows/amd64,linux/amd64'), 'AL502', { file: '.github/workflows/release.yml' }).length, 1);
  });
});

describe('AL502: an image pushed only to ttl.sh, the anonymous registry whose images expire (gogs/gogs docker.yml:140)', () => {
  const step = (tags: string) => `      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          platforms: linux/amd64\n          push: true\n          tags: |\n${tags.split(',').map((t) => `            ${t}\n`).join('')}      - uses: aquasecurity/trivy-action@0.35.0\n`;
  it('is not reported: an image for the run to scan or test within hours, never deployed', () => {
    assert.deepEqual(findingsOf(WF('buildx-pull-request', step('ttl.sh/gogs/gogs-${{ steps.short-sha.outputs.sha }}:7d')), 'AL502', { file: '.github/workflows/docker.yml' }), []);
    assert.deepEqual(findingsOf('scan:\n\tdocker buildx build --platform linux/amd64 -t ttl.sh/acme-$(SHA):1h --push .\n', 'AL502', { file: 'Makefile' }), []);
  });
  it('must still fire: another tag of the build goes to a lasting registry, or ttl.sh is only part of a name', () => {
    assert.equal(findingsOf(WF('pr', step('ttl.sh/gogs/gogs-${{ github.sha }}:7d,gogs/gogs:next')), 'AL502', { file: '.github/workflows/docker.yml' }).length, 1);
    assert.equal(findingsOf(WF('pr', step('registry.example.com/ttl.sh/gogs:1')), 'AL502', { file: '.github/workflows/docker.yml' }).length, 1);
  });
});
