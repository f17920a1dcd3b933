/** AL505 mirror-flattens-index: an image mirrored with pull, tag and push keeps only the puller's platform. */
import * as assert from 'node:assert/strict';
import { findingsOf } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'mirror.sh';
const mirror = (tool: string, x: string, y: string) => `${tool} pull ${x}\n${tool} tag ${x} ${y}\n${tool} push ${y}\n`;
const data = (tool: string, source: string, target: string) => ({ tool, source, target });
/** A workflow job on `runsOn` with a `matrix` (its lines) that mirrors x to y, TAG set from `matrix.tag`. */
const windowsJob = (runsOn: string, matrix: string, x: string, y: string) =>
  `on: push\njobs:\n  promote:\n    runs-on: ${runsOn}\n    strategy:\n      matrix:\n${matrix || '        tag: [x]\n'}    steps:\n      - run: |\n          docker pull ${x}\n          docker tag ${x} ${y}\n          docker push ${y}\n        env:\n          SRC: ghcr.io/acme/staging\n          DST: ghcr.io/acme/release\n          TAG: \${{ matrix.tag }}\n`;

ruleTester('AL505', { file: F }).run({
  valid: [
    { name: 'a pull without a push', text: 'docker pull nginx:1.27\ndocker tag nginx:1.27 r.local/nginx:1.27\n' },
    { name: 'a different image pushed', text: 'docker pull nginx:1.27\ndocker tag alpine:3 r.local/alpine:3\ndocker push r.local/alpine:3\n' },
    { name: 'a pull of a chosen platform', text: 'docker pull --platform linux/arm64 nginx:1.27\ndocker tag nginx:1.27 r.local/nginx:1.27-arm64\ndocker push r.local/nginx:1.27-arm64\n' },
    { name: 'per-platform pushes assembled into a manifest list', text: mirror('docker', 'a:1', 'r/a:1') + 'docker manifest create r/a:all r/a:1\n' },
    { name: 'a copy from registry to registry', text: 'crane copy nginx:1.27 r.local/nginx:1.27\n' },
    { name: 'a built image tagged and pushed (AL501 speaks)', text: 'docker build -t a:1 .\ndocker tag a:1 r/a:1\ndocker push r/a:1\n' },
    {
      name: 'a job on a Windows runner chosen by the matrix (fluent-bit "Release Windows images")',
      file: '.github/workflows/release.yml',
      text: windowsJob('${{ matrix.runs_on }}', '        include:\n          - {tag: "ltsc2022-${{ inputs.version }}", runs_on: windows-latest}\n          - {tag: "ltsc2025-${{ inputs.version }}", runs_on: windows-2025}\n', '"$SRC:$TAG"', '"$DST:$TAG"'),
    },
    { name: 'a job on windows-latest', file: '.github/workflows/release.yml', text: windowsJob('windows-latest', '', 'a/b:1', 'ghcr.io/a/b:1') },
    {
      name: 'a tag that names Windows through every matrix row, on a runner the file does not name',
      file: '.github/workflows/release.yml',
      text: windowsJob('${{ inputs.runner }}', '        tag: [windows-2022-1.0, windows-nano-2025-1.0]\n', '"$SRC:$TAG"', '"$DST:$TAG"'),
    },
    { name: 'a tag written with windows', text: mirror('docker', 'fluent/fluent-bit:3.0-windows-2022', 'r/fluent-bit:3.0-windows-2022') },
    {
      // kubernetes-sigs/sig-storage-local-static-provisioner hack/run-e2e.sh: the image under test re-pushed for the GCE test project.
      name: 'a script named for the project\'s tests (run-e2e.sh) re-publishing the image under test',
      file: 'hack/run-e2e.sh',
      text: 'docker pull $PROVISIONER_E2E_IMAGE\nPROVISIONER_IMAGE_NAME=gcr.io/$PROJECT/local-volume-provisioner:$VERSION\ndocker tag $PROVISIONER_E2E_IMAGE $PROVISIONER_IMAGE_NAME\ndocker push $PROVISIONER_IMAGE_NAME\n',
    },
    { name: 'a test script named with a Windows path', file: 'C:\\src\\hack\\run-e2e.sh', text: mirror('docker', 'nginx:1.27', 'registry.local/nginx:1.27') },
    {
      // supabase/postgres dockerhub-release-aio.yml: the matrix pushed `${image_tag}_amd64` for linux/amd64 alone.
      name: 'a pulled name that says one architecture (a per-architecture tag)',
      file: '.github/workflows/release.yml',
      text: 'on: push\njobs:\n  fly:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker pull ${{ needs.settings.outputs.image_tag }}_amd64\n          docker tag ${{ needs.settings.outputs.image_tag }}_amd64 "registry.fly.io/prod-${{ needs.settings.outputs.fly_image_tag }}"\n          docker push "registry.fly.io/prod-${{ needs.settings.outputs.fly_image_tag }}"\n',
    },
    { name: 'a nanoserver image', text: mirror('docker', 'mcr.microsoft.com/windows/nanoserver:ltsc2022', 'r/nanoserver:ltsc2022') },
    { name: 'silenced above the pull', text: '# archlens ignore=AL505\n' + mirror('docker', 'a:1', 'r/a:1') },
    // A registry on this machine feeds clusters on this machine (kind, k3d, local VMs): the puller's architecture is theirs.
    { name: 'a push to a registry on localhost', text: mirror('docker', 'nginx:1.27', 'localhost:5001/nginx:1.27') },
    { name: 'a push to 127.0.0.1 through a variable set from it', text: 'docker pull "$image"\nimg=$(echo "$image" | sed -E "s#^[^/]+/#127.0.0.1:5000/#")\ndocker tag "$image" "$img"\ndocker push "$img"\n' },
    {
      name: 'kube-ovn makefiles/talos.mk: a registry mirror for a local Talos cluster',
      file: 'Makefile',
      text: 'talos-prepare-images:\n\t@for image in $(IMAGES); do \\\n\t\tdocker pull $$image || exit 1; \\\n\t\timg=$$(echo $$image | sed -E \'s#^[^/]+/#127.0.0.1:$(TALOS_REGISTRY_MIRROR_PORT)/#\'); \\\n\t\tdocker tag $$image $$img; \\\n\t\tdocker push --quiet $$img || exit 1; \\\n\tdone\n',
    },
    {
      // harness/drone web/cypress/scripts/e2e/registry/docker.sh: the e2e test of its own registry (the split $H/$S/$R word too).
      name: 'the pushed name pulled back by the same script: a round trip through the registry, not a mirror',
      file: 'web/scripts/registry/docker.sh',
      text: mirror('docker', '$ARTIFACT:$VERSION', '$DOCKER_LOCAL_HOST/$SPACE_REF/$REGISTRY/$ARTIFACT:$VERSION')
        + 'docker rmi $DOCKER_LOCAL_HOST/$SPACE_REF/$REGISTRY/$ARTIFACT:$VERSION\ndocker pull $DOCKER_LOCAL_HOST/$SPACE_REF/$REGISTRY/$ARTIFACT:$VERSION\n',
    },
    {
      // harness/gitness web/cypress/scripts/e2e/upstream/docker.sh: pushes to the upstream, then pulls it through the registry proxy under test.
      name: 'the pushed repository pulled back through another registry host: a round trip, not a mirror',
      file: 'web/scripts/upstream/docker.sh',
      text: mirror('docker', '$ARTIFACT:$VERSION', '$UPSTREAM_URL/$UPSTREAM_PROJECT/$ARTIFACT:$VERSION')
        + 'docker rmi $UPSTREAM_URL/$UPSTREAM_PROJECT/$ARTIFACT:$VERSION\ndocker pull $DOCKER_LOCAL_HOST/$SPACE_REF/$REGISTRY/$UPSTREAM_PROJECT/$ARTIFACT:$VERSION\n',
    },
  ],
  invalid: [
    {
      name: 'a later pull of another image with the same bare name under another host is no round trip',
      text: mirror('docker', 'nginx:1.27', 'registry.local/nginx:1.27') + 'docker pull mirror.gcr.io/nginx:1.27\n',
      errors: [{ range: '2:0-2:37', messageId: 'flattens', data: data('docker', 'nginx:1.27', 'registry.local/nginx:1.27') }],
    },
    {
      name: 'a later pull of the mirror\'s own source (same namespace path) is no round trip',
      text: mirror('docker', 'docker.io/acme/app:1', 'registry.local/acme/app:1') + 'docker pull docker.io/acme/app:1\n',
      errors: [{ range: '2:0-2:37', messageId: 'flattens', data: data('docker', 'docker.io/acme/app:1', 'registry.local/acme/app:1') }],
    },
    {
      name: 'the source pulled again (not the pushed name) and the split $H/$S/$R word shown whole',
      text: mirror('docker', '$ARTIFACT:$VERSION', '$HOST/$SPACE/$ARTIFACT:$VERSION') + 'docker pull $ARTIFACT:$VERSION\n',
      errors: [{ range: '2:0-2:43', messageId: 'flattens', data: data('docker', '$ARTIFACT:$VERSION', '$HOST/$SPACE/$ARTIFACT:$VERSION') }],
    },
    {
      name: 'a script in a test folder whose own name does not mark tests still fires (mirroring for production)',
      file: 'test/tools/mirror-release.sh',
      text: mirror('docker', 'nginx:1.27', 'registry.local/nginx:1.27'),
      errors: [{ range: '2:0-2:37', messageId: 'flattens', data: data('docker', 'nginx:1.27', 'registry.local/nginx:1.27') }],
    },
    {
      name: 'only the script\'s own name counts, with a Windows path too (its folder says tests, its name does not)',
      file: 'C:\\src\\tests\\mirror-release.sh',
      text: mirror('docker', 'nginx:1.27', 'registry.local/nginx:1.27'),
      errors: [{ range: '2:0-2:37', messageId: 'flattens', data: data('docker', 'nginx:1.27', 'registry.local/nginx:1.27') }],
    },
    {
      name: 'docker: pull, tag, push; the fix copies with imagetools',
      text: mirror('docker', 'nginx:1.27', 'registry.local/nginx:1.27'),
      errors: [{ range: '2:0-2:37', messageId: 'flattens', data: data('docker', 'nginx:1.27', 'registry.local/nginx:1.27'), severity: 'warning' }],
      output: 'docker pull nginx:1.27\ndocker tag nginx:1.27 registry.local/nginx:1.27\ndocker buildx imagetools create -t registry.local/nginx:1.27 nginx:1.27\n',
    },
    {
      name: 'docker image pull/tag/push with quoted variables',
      text: 'docker image pull "$SRC" && docker image tag "$SRC" "$DST" && docker image push "$DST"\n',
      errors: [{ range: '0:62-0:86', messageId: 'flattens', data: data('docker', '"$SRC"', '"$DST"') }],
      output: 'docker image pull "$SRC" && docker image tag "$SRC" "$DST" && docker buildx imagetools create -t "$DST" "$SRC"\n',
    },
    {
      name: 'podman: no fix unless the file runs a copy tool',
      text: mirror('podman', 'a:1', 'r/a:1'),
      errors: [{ range: '2:0-2:17', messageId: 'flattens', data: data('podman', 'a:1', 'r/a:1') }],
    },
    {
      name: 'podman where the file runs skopeo: skopeo copy --all',
      text: 'skopeo inspect docker://a:1\n' + mirror('podman', 'a:1', 'r/a:1'),
      errors: [{ range: '3:0-3:17', messageId: 'flattens', data: data('podman', 'a:1', 'r/a:1') }],
      output: 'skopeo inspect docker://a:1\npodman pull a:1\npodman tag a:1 r/a:1\nskopeo copy --all docker://a:1 docker://r/a:1\n',
    },
    {
      name: 'docker where the file runs crane: crane copy preferred',
      text: mirror('docker', 'a:1', 'r/a:1') + 'crane digest r/a:1\n',
      errors: [{ range: '2:0-2:17', messageId: 'flattens', data: data('docker', 'a:1', 'r/a:1') }],
      output: 'docker pull a:1\ndocker tag a:1 r/a:1\ncrane copy a:1 r/a:1\ncrane digest r/a:1\n',
    },
    {
      name: 'regctl where the file runs it',
      text: 'regctl version\n' + mirror('docker', 'a:1', 'r/a:1'),
      errors: [{ range: '3:0-3:17', messageId: 'flattens', data: data('docker', 'a:1', 'r/a:1') }],
      output: 'regctl version\ndocker pull a:1\ndocker tag a:1 r/a:1\nregctl image copy a:1 r/a:1\n',
    },
    {
      name: 'a Makefile recipe with the tool in a variable',
      file: 'Makefile',
      text: 'DOCKER ?= docker\nmirror:\n\t$(DOCKER) pull $(SRC)\n\t$(DOCKER) tag $(SRC) $(DST)\n\t$(DOCKER) push $(DST)\n',
      errors: [{ range: '4:1-4:22', messageId: 'flattens', data: data('$(DOCKER)', '$(SRC)', '$(DST)') }],
      output: 'DOCKER ?= docker\nmirror:\n\t$(DOCKER) pull $(SRC)\n\t$(DOCKER) tag $(SRC) $(DST)\n\t$(DOCKER) buildx imagetools create -t $(DST) $(SRC)\n',
    },
    {
      name: 'a GitLab CI job',
      file: '.gitlab-ci.yml',
      text: 'mirror:\n  script:\n    - docker pull "$UPSTREAM/app:$TAG"\n    - docker tag "$UPSTREAM/app:$TAG" "$MIRROR/app:$TAG"\n    - docker push "$MIRROR/app:$TAG"\n',
      errors: [{ range: '4:6-4:36', messageId: 'flattens', data: data('docker', '"$UPSTREAM/app:$TAG"', '"$MIRROR/app:$TAG"') }],
    },
    {
      name: 'a GitHub workflow run step',
      file: '.github/workflows/mirror.yml',
      text: 'on: push\njobs:\n  mirror:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker pull nginx:1.27\n          docker tag nginx:1.27 ghcr.io/acme/nginx:1.27\n          docker push ghcr.io/acme/nginx:1.27\n',
      errors: [{ range: '8:10-8:45', messageId: 'flattens', data: data('docker', 'nginx:1.27', 'ghcr.io/acme/nginx:1.27') }],
    },
    {
      name: 'a matrix that runs on Linux as well as Windows still fires',
      file: '.github/workflows/release.yml',
      text: windowsJob('${{ matrix.runs_on }}', '        runs_on: [ubuntu-latest, windows-latest]\n', 'a/b:1', 'ghcr.io/a/b:1'),
      errors: [{ range: '11:10-11:35', messageId: 'flattens', data: data('docker', 'a/b:1', 'ghcr.io/a/b:1') }],
    },
    {
      name: 'a tag that names Windows in only some matrix rows still fires',
      file: '.github/workflows/release.yml',
      text: windowsJob('ubuntu-latest', '        tag: [windows-2022, linux]\n', '"$SRC:$TAG"', '"$DST:$TAG"'),
      errors: [{ range: '11:10-11:33', messageId: 'flattens', data: data('docker', '"$SRC:$TAG"', '"$DST:$TAG"') }],
    },
    {
      name: 'a variable set to a remote registry still fires',
      text: 'docker pull "$image"\nimg=$(echo "$image" | sed -E "s#^[^/]+/#registry.example.com:5000/#")\ndocker tag "$image" "$img"\ndocker push "$img"\n',
      errors: [{ range: '3:0-3:18', messageId: 'flattens', data: data('docker', '"$image"', '"$img"') }],
    },
    {
      name: 'a host that only starts with localhost still fires',
      text: mirror('docker', 'a:1', 'localhost.example.com/a:1'),
      errors: [{ range: '2:0-2:37', messageId: 'flattens', data: data('docker', 'a:1', 'localhost.example.com/a:1') }],
    },
    {
      name: 'a push with flags of its own: no fix',
      text: 'docker pull a:1\ndocker tag a:1 r/a:1\ndocker push --quiet r/a:1\n',
      errors: [{ range: '2:0-2:25', messageId: 'flattens', data: data('docker', 'a:1', 'r/a:1') }],
    },
  ],
});

describe('AL505: an image this script built for one platform, tagged through a variable of -t flags (qdrant GPU images)', () => {
  const script = (platforms: string, tags = 'TAGS="-t ${DOCKERHUB_TAG} -t ${DOCKERHUB_TAG_LATEST}"') => [
    'DOCKERHUB_TAG="qdrant/qdrant:${VERSION}-gpu-nvidia"',
    'DOCKERHUB_TAG_LATEST="qdrant/qdrant:gpu-nvidia-latest"',
    tags,
    'GITHUB_TAG="docker.pkg.github.com/qdrant/qdrant/qdrant:${VERSION}-gpu-nvidia"',
    `docker buildx build --build-arg GPU=nvidia --platform='${platforms}' $TAGS --push .`,
    'docker pull $DOCKERHUB_TAG',
    'docker tag $DOCKERHUB_TAG $GITHUB_TAG',
    'docker push $GITHUB_TAG',
  ].join('\n') + '\n';
  it('loses no platform: not reported; the build is tagged with the names the variable holds', () => {
    assert.deepEqual(findingsOf(script('linux/amd64'), 'AL505', { file: F }).map((f) => f.message), []);
    assert.deepEqual(findingsOf(script('linux/amd64', 'TAGS="--tag=${DOCKERHUB_TAG} -t ${DOCKERHUB_TAG_LATEST}"'), 'AL505', { file: F }).map((f) => f.message), []);
  });
  it('must still fire: the build made several platforms, or the variable holds other flags (its words are not read as tags)', () => {
    assert.equal(findingsOf(script('linux/amd64,linux/arm64'), 'AL505', { file: F }).length, 1);
    assert.equal(findingsOf(script('linux/amd64', 'TAGS="-t ${DOCKERHUB_TAG} --load"'), 'AL505', { file: F }).length, 1);
    assert.equal(findingsOf(script('linux/amd64', 'TAGS="-t $(cat tag) -t ${DOCKERHUB_TAG}"'), 'AL505', { file: F }).length, 1);
  });
});

describe('AL505: a re-published name that says the machine\'s architecture (risingwave ci/scripts/docker.sh:21)', () => {
  const retag = (assign: string, target: string) => `#!/usr/bin/env bash\n${assign}\ndocker pull ghcr.io/acme/rw:\${ORIGINAL_IMAGE_TAG}\ndocker tag ghcr.io/acme/rw:\${ORIGINAL_IMAGE_TAG} ${target}\ndocker push ${target}\n`;
  it('keeps the platform its name says: not reported', () => {
    assert.deepEqual(findingsOf(retag('arch="$(uname -m)"', 'ghcr.io/acme/rw:${NEW_IMAGE_TAG}-${arch}'), 'AL505', { file: F }), []);
    assert.deepEqual(findingsOf(retag('', 'ghcr.io/acme/rw:${NEW_IMAGE_TAG}-$(dpkg --print-architecture)'), 'AL505', { file: F }), []);
  });
  it('must still fire: a variable that is not a probe of the machine, or none in the name', () => {
    assert.equal(findingsOf(retag('arch="${ARCH:-amd64}"', 'ghcr.io/acme/rw:${NEW_IMAGE_TAG}-${arch}'), 'AL505', { file: F }).length, 1);
    assert.equal(findingsOf(retag('arch="$(uname -m)"', 'ghcr.io/acme/rw:${NEW_IMAGE_TAG}'), 'AL505', { file: F }).length, 1);
  });
});

describe('AL505: a Makefile\'s re-published name that says the machine\'s architecture through its variables (open-horizon/anax Makefile:387)', () => {
  const make = (arch: string, base = '$(IMAGE_REPO)/$(arch)_anax') => `arch ?= $(shell ${arch})\nIMAGE_REPO ?= openhorizon\nANAX_IMAGE_BASE = ${base}\nANAX_IMAGE = $(ANAX_IMAGE_BASE):2.31\nANAX_IMAGE_PROD = $(ANAX_IMAGE_BASE):stable\n\npromote-anax:\n\tdocker pull $(ANAX_IMAGE)\n\tdocker tag $(ANAX_IMAGE) $(ANAX_IMAGE_PROD)\n\tdocker push $(ANAX_IMAGE_PROD)\n`;
  it('arch from uname -m or a script named for it: not reported', () => {
    for (const probe of ['uname -m', 'go env GOARCH', 'tools/arch-tag']) assert.deepEqual(findingsOf(make(probe), 'AL505', { file: 'Makefile' }), [], probe);
  });
  it('must still fire: a variable not set from a probe, or a name without it', () => {
    assert.equal(findingsOf(make('cat VERSION'), 'AL505', { file: 'Makefile' }).length, 1);
    assert.equal(findingsOf(make('uname -m', '$(IMAGE_REPO)/anax'), 'AL505', { file: 'Makefile' }).length, 1);
  });
});
