/** AL501 push-without-platform: an image built and pushed with no platform list, in every kind of build file. */
import * as assert from 'node:assert/strict';
import { findingsOf } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';

const targets = 'linux/amd64, linux/arm64';
const data = (what: string, how: string, option = '--platform') => ({ what, how, option, targets });

/** An operator-sdk project: the bundle image holds manifests and metadata only (the bundle.Dockerfile operator-sdk writes). */
const ROOT = '/repo';
const MAKEFILE = `${ROOT}/Makefile`;
const BUNDLE_DOCKERFILE = `${ROOT}/bundle.Dockerfile`;
const BUNDLE = 'FROM scratch\n\n# Core bundle labels.\nLABEL operators.operatorframework.io.bundle.mediatype.v1=registry+v1\nLABEL operators.operatorframework.io.bundle.manifests.v1=manifests/\n\nCOPY bundle/manifests /manifests/\nCOPY bundle/metadata /metadata/\nCOPY bundle/tests/scorecard /tests/scorecard/\n';
const BUNDLE_MAKEFILE = 'BUNDLE_IMG ?= quay.io/acme/op-bundle:v1\n\n.PHONY: bundle-build\nbundle-build:\n\tdocker build -f bundle.Dockerfile -t $(BUNDLE_IMG) .\n\n.PHONY: bundle-push\nbundle-push: bundle-build\n\tdocker push $(BUNDLE_IMG)\n';
/** A workflow pushing images/Dockerfile, cross-compiled on the build platform; its exported stage only copies. */
const CROSS_WORKFLOW = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: images/Dockerfile\n          push: true\n          tags: ghcr.io/acme/web:1\n';
const CROSS_DOCKERFILE = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETPLATFORM\nRUN ./hack/build-go.sh\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /src/bin /usr/src/bin\nENTRYPOINT ["/usr/src/bin/entrypoint"]\n';
const bundleWorkspace = (dockerfile: string) => ({ file: MAKEFILE, workspace: { [BUNDLE_DOCKERFILE]: dockerfile } });

ruleTester('AL501').run({
  valid: [
    { name: 'a shell build with --platform', file: 'release.sh', text: 'docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n' },
    { name: 'a build with a variable platform list (the user decides)', file: 'release.sh', text: 'docker buildx build --platform "$PLATFORMS" -t a/b --push .\n' },
    { name: 'a build that is not pushed', file: 'release.sh', text: 'docker build -t a/b .\n' },
    {
      // kserve's Makefile: `ARCH ?=` (set as ARCH="--arch x86_64"), an argument of its own: it holds flags, and they choose the architecture.
      name: 'Makefile: a build given an ARCH variable as a whole argument (the user chooses the architecture)',
      file: 'Makefile',
      text: 'ENGINE ?= docker\nARCH ?=\n\ndocker-push-agent:\n\t${ENGINE} buildx build ${ARCH} --push -t $(KO_DOCKER_REPO)/agent -f agent.Dockerfile .\n\ndocker-build-router:\n\t${ENGINE} buildx build $(ARCH) -f router.Dockerfile . -t $(KO_DOCKER_REPO)/router\n\ndocker-push-router:\n\t${ENGINE} push $(KO_DOCKER_REPO)/router\n',
    },
    {
      // vectordotdev/vector scripts/test-e2e-kubernetes.sh: the image under test, pushed for the test cluster.
      name: 'a script named for the project\'s tests pushing the image under test',
      file: 'scripts/test-e2e-kubernetes.sh',
      text: 'CONTAINER_IMAGE="$CONTAINER_IMAGE_REPO:$VERSION_TAG-debug"\ndocker build --tag "$CONTAINER_IMAGE" -f tilt/Dockerfile .\ndocker push "$CONTAINER_IMAGE"\n',
    },
    {
      // grafana/k6-operator smoke-test.yaml: a sha-tagged image for the kind clusters of its later jobs.
      name: 'a workflow named for the project\'s tests (smoke-test.yaml)',
      file: '.github/workflows/smoke-test.yaml',
      text: 'on: push\njobs:\n  docker:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: Dockerfile.controller\n          push: true\n          tags: ghcr.io/acme/op:${{ github.sha }}\n',
    },
    { name: 'a shell build given "$DOCKER_ARCH" as a whole argument', file: 'release.sh', text: 'docker buildx build "$DOCKER_ARCH" -t a/b --push .\n' },
    { name: 'a tool named by a variable that is not a container tool', file: 'release.sh', text: 'TOOL=make\n$TOOL build -t a/b --push .\n' },
    {
      name: 'a job on Windows runners its matrix chooses (Windows containers)',
      file: '.github/workflows/release.yml',
      text: 'on: push\njobs:\n  image:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [windows-2022, windows-2025]\n    steps:\n      - run: docker build -t ghcr.io/acme/web:1 . && docker push ghcr.io/acme/web:1\n',
    },
    { name: 'per-arch pushes assembled into a manifest list', file: 'release.sh', text: 'docker build -t a/b:amd64 . && docker push a/b:amd64\ndocker manifest create a/b a/b:amd64\n' },
    {
      // kubernetes/kube-state-metrics Makefile: names made only of variables, matched by shape.
      name: 'Makefile: per-arch pattern-rule pushes a loop assembles into a manifest list',
      file: 'Makefile',
      text: 'DOCKER_CLI ?= docker\nALL_ARCH = amd64 arm64\n\ncontainer-%:\n\t${DOCKER_CLI} build --pull -t $(IMAGE)-$*:$(TAG) --build-arg GOARCH=$* .\n\nsub-push-%: container-% do-push-% ;\n\ndo-push-%:\n\t${DOCKER_CLI} push $(IMAGE)-$*:$(TAG)\n\npush: $(addprefix sub-push-,$(ALL_ARCH)) push-multi-arch;\n\npush-multi-arch:\n\t${DOCKER_CLI} manifest create --amend $(IMAGE):$(TAG) $(shell echo $(ALL_ARCH) | sed -e "s~[^ ]*~$(IMAGE)\\-&:$(TAG)~g")\n\t@for arch in $(ALL_ARCH); do ${DOCKER_CLI} manifest annotate --arch $${arch} $(IMAGE):$(TAG) $(IMAGE)-$${arch}:$(TAG); done\n',
    },
    {
      // kubernetes-sigs/prometheus-adapter Makefile: `push-%` runs `ARCH=$* $(MAKE) push`, which pushes the $(ARCH) image; a loop assembles them.
      name: 'Makefile: a push of the $(ARCH) image, run per architecture, that a loop assembles into a manifest list',
      file: 'Makefile',
      text: 'REGISTRY?=gcr.io/k8s-staging-prometheus-adapter\nIMAGE=prometheus-adapter\nARCH?=$(shell go env GOARCH)\nALL_ARCH=amd64 arm arm64 ppc64le s390x\n\ncontainer:\n\tdocker build -t $(REGISTRY)/$(IMAGE)-$(ARCH):$(TAG) --build-arg ARCH=$(ARCH) .\n\npush: container\n\tdocker push $(REGISTRY)/$(IMAGE)-$(ARCH):$(TAG)\n\npush-all: $(addprefix push-,$(ALL_ARCH)) push-multi-arch;\n\npush-%:\n\tARCH=$* $(MAKE) push\n\npush-multi-arch:\n\tdocker manifest create --amend $(REGISTRY)/$(IMAGE):$(TAG) $(shell echo $(ALL_ARCH) | sed -e "s~[^ ]*~$(REGISTRY)/$(IMAGE)\\-&:$(TAG)~g")\n\t@for arch in $(ALL_ARCH); do docker manifest annotate --arch $${arch} $(REGISTRY)/$(IMAGE):$(TAG) $(REGISTRY)/$(IMAGE)-$${arch}:$(TAG); done\n',
    },
    {
      // GoogleContainerTools/skaffold codelab php-redis Makefile (after the Kubernetes examples): the
      // per-arch name is a variable of its own, MULTI_ARCH_IMG = $(IMAGE)-$(ARCH), that a loop assembles.
      name: 'Makefile: a push of a variable holding the $(ARCH) name, that a loop assembles into a manifest list',
      file: 'Makefile',
      text: 'TAG = v6\nREGISTRY = gcr.io/acme\nARCH ?= $(shell go env GOARCH)\nALL_ARCH = amd64 arm arm64 ppc64le\nIMAGE = $(REGISTRY)/gb-frontend\nMULTI_ARCH_IMG = $(IMAGE)-$(ARCH)\n\nsub-push-%:\n\t$(MAKE) ARCH=$* push\n\nall-push: $(addprefix sub-push-,$(ALL_ARCH))\n\tdocker manifest create --amend $(IMAGE):$(TAG) $(shell echo $(ALL_ARCH) | sed -e "s~[^ ]*~$(IMAGE)\\-&:$(TAG)~g")\n\t@for arch in $(ALL_ARCH); do docker manifest annotate --arch $${arch} ${IMAGE}:${TAG} ${IMAGE}-$${arch}:${TAG}; done\n\ncontainer:\n\tdocker build -t $(MULTI_ARCH_IMG):$(TAG) .\n\npush: container\n\tdocker push $(MULTI_ARCH_IMG):$(TAG)\n',
    },
    {
      // grafana/tempo docker-ci-tools.yml: one job per architecture's runner pushes "$IMAGE_NAME:$TAG_ARCH",
      // the tag set in the script from the matrix row; a later job lists each row's tag in a manifest list.
      name: 'workflow: per-arch matrix jobs push a tag their script sets from the row, a later job assembles every row',
      file: '.github/workflows/ci-tools.yml',
      text: 'on: push\nenv:\n  IMAGE_NAME: us-docker.pkg.dev/acme/tools\njobs:\n  build:\n    strategy:\n      matrix:\n        runner_arch: [ { runner: r-amd64, arch: amd64 }, { runner: r-arm64, arch: arm64 } ]\n    runs-on: ${{ matrix.runner_arch.runner }}\n    env:\n      TAG: ${{ needs.tag.outputs.tag }}\n    steps:\n      - run: |\n          TAG_ARCH="$TAG-${{ matrix.runner_arch.arch }}"\n          docker build -t "$IMAGE_NAME:$TAG_ARCH" .\n          docker push "$IMAGE_NAME:$TAG_ARCH"\n  manifest:\n    needs: build\n    runs-on: ubuntu-latest\n    env:\n      TAG: ${{ needs.tag.outputs.tag }}\n    steps:\n      - run: |\n          docker manifest create "$IMAGE_NAME:$TAG" --amend "$IMAGE_NAME:$TAG-amd64" --amend "$IMAGE_NAME:$TAG-arm64"\n          docker manifest push "$IMAGE_NAME:$TAG"\n',
    },
    {
      // wodby/drupal 10/Makefile: CI runs `make && make push` with ARCH=amd64 / arm64 on native runners;
      // the tag takes the ARCH suffix when ARCH is given, and the file's imagetools target lists both.
      name: 'Makefile: a tag that a conditional suffixes with $(ARCH), both suffixes assembled by imagetools create',
      file: 'Makefile',
      text: 'REPO = acme/drupal\nTAG ?= 10-8.4\nIMAGETOOLS_TAG ?= $(TAG)\n\nifneq ($(ARCH),)\n\toverride TAG := $(TAG)-$(ARCH)\nendif\n\nbuild:\n\tdocker build -t $(REPO):$(TAG) ./\n\nbuildx-imagetools-create:\n\tdocker buildx imagetools create -t $(REPO):$(IMAGETOOLS_TAG) \\\n\t\t$(REPO):$(TAG)-amd64 \\\n\t\t$(REPO):$(TAG)-arm64\n\npush:\n\tdocker push $(REPO):$(TAG)\n\nrelease: build push\n',
    },
  ],
  invalid: [
    {
      name: 'a script in a test folder whose own name does not mark tests still fires',
      file: 'tests/release.sh',
      text: 'docker build -t ghcr.io/acme/web:1 .\ndocker push ghcr.io/acme/web:1\n',
      errors: [{ range: '0:0-0:12', messageId: 'noPlatform', data: data('docker build', 'docker push on line 2') }],
    },
    {
      name: 'workflow: per-arch matrix jobs push a tag set from the row, the later job assembles only one row\'s',
      file: '.github/workflows/ci-tools.yml',
      text: 'on: push\nenv:\n  IMAGE_NAME: us-docker.pkg.dev/acme/tools\njobs:\n  build:\n    strategy:\n      matrix:\n        runner_arch: [ { runner: r-amd64, arch: amd64 }, { runner: r-arm64, arch: arm64 } ]\n    runs-on: ${{ matrix.runner_arch.runner }}\n    env:\n      TAG: ${{ needs.tag.outputs.tag }}\n    steps:\n      - run: |\n          TAG_ARCH="$TAG-${{ matrix.runner_arch.arch }}"\n          docker build -t "$IMAGE_NAME:$TAG_ARCH" .\n          docker push "$IMAGE_NAME:$TAG_ARCH"\n  manifest:\n    needs: build\n    runs-on: ubuntu-latest\n    env:\n      TAG: ${{ needs.tag.outputs.tag }}\n    steps:\n      - run: |\n          docker manifest create "$IMAGE_NAME:$TAG" --amend "$IMAGE_NAME:$TAG-amd64"\n          docker manifest push "$IMAGE_NAME:$TAG"\n',
      errors: [{ range: '14:10-14:22', messageId: 'noPlatform', data: data('docker build', 'docker push on line 16') }],
    },
    {
      // openshift/ci-tools#4307, NVIDIA/gpu-operator#2206: a bundle pushed as an index of one platform cannot be pulled on the others.
      name: 'an OLM bundle image (scratch, manifests and metadata only): the message says what fails for an image that runs nowhere',
      text: BUNDLE_MAKEFILE,
      ...bundleWorkspace(BUNDLE),
      errors: [{ range: '4:1-4:13', messageId: 'noPlatformDataOnly', data: data('docker build', 'docker push on line 9') }],
    },
    {
      name: 'a workflow pushing a file-based catalog on scratch (ADD of the catalog folder, no command)',
      file: `${ROOT}/.github/workflows/catalog.yml`,
      text: 'on: push\njobs:\n  catalog:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: catalog.Dockerfile\n          push: true\n          tags: quay.io/acme/catalog:v1\n',
      workspace: { [`${ROOT}/catalog.Dockerfile`]: 'FROM scratch\nADD catalog /configs\nLABEL operators.operatorframework.io.index.configs.v1=/configs\n' },
      errors: [{ range: '5:14-5:41', messageId: 'noPlatformDataOnly', data: data('docker/build-push-action', 'push: true', 'platforms') }],
    },
    {
      // cloudnative-pg's olm-bundle target: the bundle.Dockerfile is written by operator-sdk, not kept in the repository.
      name: 'an OLM bundle whose bundle.Dockerfile operator-sdk generate bundle writes in the same recipe',
      file: 'Makefile',
      text: 'OPERATOR_SDK ?= $(LOCALBIN)/operator-sdk\n\nolm-bundle:\n\t$(KUSTOMIZE) build config/manifests | $(OPERATOR_SDK) generate bundle --overwrite --manifests --metadata --version "${VERSION}"\n\tDOCKER_BUILDKIT=1 docker build --push --no-cache -f bundle.Dockerfile -t ${BUNDLE_IMG} .\n',
      errors: [{ range: '4:19-4:31', messageId: 'noPlatformDataOnly', data: data('docker build', '--push') }],
    },
    {
      name: 'a scratch image with an entrypoint executes: the plain message',
      text: BUNDLE_MAKEFILE,
      ...bundleWorkspace('FROM scratch\nCOPY manager /manager\nENTRYPOINT ["/manager"]\n'),
      errors: [{ range: '4:1-4:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 9') }],
    },
    {
      name: 'a scratch image that copies a bin/ folder carries programs: the plain message',
      text: BUNDLE_MAKEFILE,
      ...bundleWorkspace('FROM scratch\nCOPY bin/ /usr/local/bin/\n'),
      errors: [{ range: '4:1-4:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 9') }],
    },
    {
      name: 'a scratch image that copies from a build stage carries its output: the plain message',
      text: BUNDLE_MAKEFILE,
      ...bundleWorkspace('FROM golang:1.22 AS build\nRUN go build -o /out/tool .\nFROM scratch\nCOPY --from=build /out/tool /tool\n'),
      errors: [{ range: '4:1-4:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 9') }],
    },
    {
      name: 'a Dockerfile the workspace does not have (generated before the build): the plain message',
      text: BUNDLE_MAKEFILE,
      file: MAKEFILE,
      workspace: { [`${ROOT}/Dockerfile`]: BUNDLE },
      errors: [{ range: '4:1-4:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 9') }],
    },
    {
      name: 'operator-sdk writing something else (generate kustomize manifests) says nothing of bundle.Dockerfile: the plain message',
      file: 'Makefile',
      text: 'bundle:\n\toperator-sdk generate kustomize manifests -q\n\tdocker build --push -f bundle.Dockerfile -t ${BUNDLE_IMG} .\n',
      errors: [{ range: '2:1-2:13', messageId: 'noPlatform', data: data('docker build', '--push') }],
    },
    {
      name: 'operator-sdk generate bundle, then a build of another Dockerfile: the plain message',
      file: 'Makefile',
      text: 'release:\n\toperator-sdk generate bundle --overwrite\n\tdocker build --push -f Dockerfile -t ${IMG} .\n',
      errors: [{ range: '2:1-2:13', messageId: 'noPlatform', data: data('docker build', '--push') }],
    },
    {
      // Must still fire: the variable holds no architecture variable, so every run pushes one name.
      name: 'Makefile: a push of a variable holding a name without the architecture, a loop assembling per-arch names',
      file: 'Makefile',
      text: 'TAG = v6\nREGISTRY = gcr.io/acme\nARCH ?= $(shell go env GOARCH)\nALL_ARCH = amd64 arm arm64 ppc64le\nIMAGE = $(REGISTRY)/gb-frontend\nMULTI_ARCH_IMG = $(IMAGE)-latest\n\nsub-push-%:\n\t$(MAKE) ARCH=$* push\n\nall-push: $(addprefix sub-push-,$(ALL_ARCH))\n\tdocker manifest create --amend $(IMAGE):$(TAG) $(shell echo $(ALL_ARCH) | sed -e "s~[^ ]*~$(IMAGE)\\-&:$(TAG)~g")\n\t@for arch in $(ALL_ARCH); do docker manifest annotate --arch $${arch} ${IMAGE}:${TAG} ${IMAGE}-$${arch}:${TAG}; done\n\ncontainer:\n\tdocker build -t $(MULTI_ARCH_IMG):$(TAG) .\n\npush: container\n\tdocker push $(MULTI_ARCH_IMG):$(TAG)\n',
      errors: [{ range: '15:1-15:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 19') }],
    },
    {
      // Must still fire: the assembly lists the amd64 image only, so the arm64 run pushes a name nothing assembles.
      name: 'Makefile: a tag suffixed with $(ARCH) when given, imagetools create listing one architecture only',
      file: 'Makefile',
      text: 'REPO = acme/drupal\nTAG ?= 10-8.4\nIMAGETOOLS_TAG ?= $(TAG)\n\nifneq ($(ARCH),)\n\toverride TAG := $(TAG)-$(ARCH)\nendif\n\nbuild:\n\tdocker build -t $(REPO):$(TAG) ./\n\nbuildx-imagetools-create:\n\tdocker buildx imagetools create -t $(REPO):$(IMAGETOOLS_TAG) \\\n\t\t$(REPO):$(TAG)-amd64\n\npush:\n\tdocker push $(REPO):$(TAG)\n\nrelease: build push\n',
      errors: [{ range: '9:1-9:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 17') }],
    },
    {
      // Must still fire: the conditional suffix is not the architecture, so every run pushes the same kind of name.
      name: 'Makefile: a tag a conditional suffixes with something other than the architecture',
      file: 'Makefile',
      text: 'REPO = acme/drupal\nTAG ?= 10-8.4\nIMAGETOOLS_TAG ?= $(TAG)\n\nifneq ($(FLAVOR),)\n\toverride TAG := $(TAG)-$(FLAVOR)\nendif\n\nbuild:\n\tdocker build -t $(REPO):$(TAG) ./\n\nbuildx-imagetools-create:\n\tdocker buildx imagetools create -t $(REPO):$(IMAGETOOLS_TAG) \\\n\t\t$(REPO):$(TAG)-amd64 \\\n\t\t$(REPO):$(TAG)-arm64\n\npush:\n\tdocker push $(REPO):$(TAG)\n\nrelease: build push\n',
      errors: [{ range: '9:1-9:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 18') }],
    },
    {
      name: 'Makefile: per-arch pattern-rule pushes, the loop assembling a name of another variable',
      file: 'Makefile',
      text: 'DOCKER_CLI ?= docker\nALL_ARCH = amd64 arm64\n\ncontainer-%:\n\t${DOCKER_CLI} build --pull -t $(IMAGE)-$*:$(TAG) --build-arg GOARCH=$* .\n\nsub-push-%: container-% do-push-% ;\n\ndo-push-%:\n\t${DOCKER_CLI} push $(IMAGE)-$*:$(TAG)\n\npush: $(addprefix sub-push-,$(ALL_ARCH)) push-multi-arch;\n\npush-multi-arch:\n\t${DOCKER_CLI} manifest create --amend $(IMAGE):$(TAG) $(shell echo $(ALL_ARCH) | sed -e "s~[^ ]*~$(IMAGE)\\-&:$(TAG)~g")\n\t@for arch in $(ALL_ARCH); do ${DOCKER_CLI} manifest annotate --arch $${arch} $(IMAGE):$(TAG) $(OTHER)-$${arch}:$(TAG); done\n',
      errors: [{ range: '4:1-4:20', messageId: 'noPlatform', data: data('${DOCKER_CLI} build', '${DOCKER_CLI} push on line 10') }],
    },
    {
      name: 'shell: buildx build --push on a multi-platform builder',
      file: 'release.sh',
      text: '#!/bin/sh\nset -e\ndocker buildx create --use\ndocker buildx build -t ghcr.io/acme/web:1.0 --push .\n',
      errors: [{ range: '3:0-3:19', messageId: 'noPlatform', data: data('docker buildx build', '--push'), severity: 'warning' }],
      output: '#!/bin/sh\nset -e\ndocker buildx create --use\ndocker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/acme/web:1.0 --push .\n',
    },
    {
      name: 'shell: a build and a later docker push of the same tag',
      file: 'release.sh',
      text: 'docker build -t registry.example.com/web:$VERSION .\necho built\ndocker push registry.example.com/web:$VERSION\n',
      errors: [{ range: '0:0-0:12', messageId: 'noPlatform', data: data('docker build', 'docker push on line 3') }],
    },
    {
      name: 'Makefile: a recipe that builds and pushes',
      file: 'Makefile',
      text: 'IMAGE := ghcr.io/acme/web:1\n\n.PHONY: release\nrelease:\n\t@echo building\n\tdocker build -t $(IMAGE) .\n\tdocker push $(IMAGE)\n',
      errors: [{ range: '5:1-5:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 7') }],
    },
    {
      name: 'Makefile: a push of the $(ARCH) image that no manifest list assembles still fires',
      file: 'Makefile',
      text: 'IMAGE=acme/app\nARCH?=amd64\n\ncontainer:\n\tdocker build -t $(IMAGE)-$(ARCH):$(TAG) .\n\npush: container\n\tdocker push $(IMAGE)-$(ARCH):$(TAG)\n\npush-list:\n\tdocker manifest create --amend $(IMAGE):$(TAG) $(IMAGE)-$${arch}-debug:$(TAG)\n',
      errors: [{ range: '4:1-4:13', messageId: 'noPlatform', data: data('docker build', 'docker push on line 8') }],
    },
    {
      name: 'Makefile: $(ARCH) inside the pushed name or the context (not an argument of its own) still fires',
      file: 'Makefile',
      text: 'ARCH ?=\n\npush:\n\tdocker buildx build -t acme/app-$(ARCH):1 --push images/$(ARCH)\n',
      errors: [{ range: '3:1-3:20', messageId: 'noPlatform', data: data('docker buildx build', '--push') }],
    },
    {
      name: 'GitLab CI: build in script, push in after_script of the same job',
      file: '.gitlab-ci.yml',
      text: 'release:\n  script:\n    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .\n  after_script:\n    - docker push "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"\n',
      errors: [{ range: '2:6-2:18', messageId: 'noPlatform', data: data('docker build', 'docker push on line 5') }],
    },
    {
      name: 'GitHub workflow: build-push-action with push: true and no platforms',
      file: '.github/workflows/release.yml',
      text: 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/web:1\n',
      errors: [{ range: '5:14-5:41', messageId: 'noPlatform', data: data('docker/build-push-action', 'push: true', 'platforms') }],
    },
    {
      // multus-cni's images/Dockerfile: every RUN on $BUILDPLATFORM, the exported stage only copies.
      name: 'GitHub workflow: the fix adds no QEMU step for a Dockerfile that runs nothing on the target platform',
      file: `${ROOT}/.github/workflows/release.yml`,
      text: CROSS_WORKFLOW,
      workspace: { [`${ROOT}/images/Dockerfile`]: CROSS_DOCKERFILE },
      errors: [{ range: '5:14-5:41', messageId: 'noPlatform', data: data('docker/build-push-action', 'push: true', 'platforms') }],
      output: CROSS_WORKFLOW.replace('      - uses: docker/build-push-action@v6\n', '      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n')
        .replace('          tags: ghcr.io/acme/web:1\n', '          tags: ghcr.io/acme/web:1\n          platforms: linux/amd64,linux/arm64\n'),
    },
    {
      name: 'GitHub workflow: the fix adds QEMU too when the exported stage runs a command',
      file: `${ROOT}/.github/workflows/release.yml`,
      text: CROSS_WORKFLOW,
      workspace: { [`${ROOT}/images/Dockerfile`]: CROSS_DOCKERFILE.replace('ENTRYPOINT', 'RUN ["/usr/src/bin/entrypoint", "--version"]\nENTRYPOINT') },
      errors: [{ range: '5:14-5:41', messageId: 'noPlatform', data: data('docker/build-push-action', 'push: true', 'platforms') }],
      output: CROSS_WORKFLOW.replace('      - uses: docker/build-push-action@v6\n', '      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n')
        .replace('          tags: ghcr.io/acme/web:1\n', '          tags: ghcr.io/acme/web:1\n          platforms: linux/amd64,linux/arm64\n'),
    },
    {
      name: 'GitHub workflow: a matrix of Linux and Windows runners still fires',
      file: '.github/workflows/release.yml',
      text: 'on: push\njobs:\n  image:\n    runs-on: ${{ matrix.os }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, windows-2022]\n    steps:\n      - run: docker build -t ghcr.io/acme/web:1 . && docker push ghcr.io/acme/web:1\n',
      errors: [{ range: '8:13-8:25', messageId: 'noPlatform', data: data('docker build', 'docker push on line 9') }],
    },
  ],
});

describe('AL501 in GitHub workflows: native builds per runner architecture, and tags that name one', () => {
  const F = '.github/workflows/release.yml';
  const matrixJob = (second: string) => [
    'on: push', 'jobs:', '  build:', '    strategy:', '      matrix:', '        os:', '          - image: ubuntu-24.04', '            arch: amd64', `          - image: ${second}`, '            arch: arm64',
    '    runs-on: ${{ matrix.os.image }}', '    steps:', '      - uses: docker/setup-buildx-action@v3',
    '      - id: meta', '        uses: docker/metadata-action@v5', '        with:', '          images: acme/db', '          tags: type=sha,suffix=-${{ matrix.os.arch }}',
    '      - uses: docker/build-push-action@v6', '        with:', '          push: true', '          tags: ${{ steps.meta.outputs.tags }}',
  ].join('\n') + '\n';
  const merge = ['  merge:', '    needs: build', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          docker manifest create acme/db:${GITHUB_SHA::7} --amend acme/db:${GITHUB_SHA::7}-amd64 --amend acme/db:${GITHUB_SHA::7}-arm64', '          docker manifest push acme/db:${GITHUB_SHA::7}'].join('\n') + '\n';
  it('a matrix over amd64 and arm64 runners whose file assembles a manifest list pushes per architecture on purpose (dragonfly)', () => {
    assert.deepEqual(findingsOf(matrixJob('ubuntu-24.04-arm') + merge, 'AL501', { file: F }).map((f) => f.message), []);
  });
  it('must still fire: runners of one architecture, or no manifest list assembled in the file', () => {
    assert.equal(findingsOf(matrixJob('ubuntu-22.04') + merge, 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(matrixJob('ubuntu-24.04-arm'), 'AL501', { file: F }).length, 1);
    const inspectOnly = merge.replace(/docker manifest create[^\n]*\n/, 'docker manifest inspect acme/db:latest\n').replace(/ *docker manifest push[^\n]*\n/, '');
    assert.equal(findingsOf(matrixJob('ubuntu-24.04-arm') + inspectOnly, 'AL501', { file: F }).length, 1);
  });
  it('a matrix over amd64 and arm64 runners whose every row pushes a tag naming its own runner\'s architecture pushes per architecture on purpose (LocalAI base-images.yml)', () => {
    const perRow = (armTag: string, armRunner = 'ubuntu-24.04-arm') => ['on: push', 'jobs:', '  base:', '    runs-on: ${{ matrix.runs-on }}', '    strategy:', '      matrix:', '        include:',
      "          - tag: 'base-grpc-amd64'", "            runs-on: 'ubuntu-latest'", "          - tag: 'base-grpc-cuda-12-amd64'", "            runs-on: 'ubuntu-latest'", `          - tag: '${armTag}'`, `            runs-on: '${armRunner}'`,
      '    steps:', '      - uses: docker/setup-buildx-action@v3', '      - uses: docker/build-push-action@v6', '        with:', '          file: ./backend/Dockerfile.base-grpc-builder', '          push: true', '          tags: quay.io/go-skynet/ci-cache:${{ matrix.tag }}'].join('\n') + '\n';
    assert.deepEqual(findingsOf(perRow('base-grpc-arm64'), 'AL501', { file: F }), []);
    // Must still fire: a row whose tag names no architecture, or another one than its runner's.
    assert.equal(findingsOf(perRow('base-grpc'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(perRow('base-grpc-amd64'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(perRow('base-grpc-arm64', 'ubuntu-22.04'), 'AL501', { file: F }).length, 1);
  });
  it("an image pushed for the workflow's own later jobs, which pull every tag of it on the same runners (appwrite ci.yml:280)", () => {
    const ci = (pull: string, testRunner = 'runs-on=${{ github.run_id }}/runner=4cpu-linux-x64') => ['on: pull_request', 'env:', '  IMAGE: appwrite-dev', 'jobs:', '  build:', '    runs-on: runs-on=${{ github.run_id }}/runner=4cpu-linux-x64', '    steps:',
      '      - uses: docker/setup-buildx-action@v3', '      - uses: docker/build-push-action@v6', '        with:', '          push: true', '          tags: ${{ env.RUNS_ON_ECR_CACHE }}:${{ env.IMAGE }}-${{ github.sha }}', '          target: development',
      '  unit:', `    runs-on: ${testRunner}`, '    needs: build', '    steps:', '      - name: Load image', '        run: |', `          docker pull ${pull}`, '          docker tag ${{ env.RUNS_ON_ECR_CACHE }}:${{ env.IMAGE }}-${{ github.sha }} ${{ env.IMAGE }}',
      '      - run: docker compose up -d --wait'].join('\n') + '\n';
    const tag = '${{ env.RUNS_ON_ECR_CACHE }}:${{ env.IMAGE }}-${{ github.sha }}';
    assert.deepEqual(findingsOf(ci(tag), 'AL501', { file: F }), []);
    assert.deepEqual(findingsOf(ci(`"${tag}"`), 'AL501', { file: F }), []);
    // The pull in a `- parallel:` group of steps, as appwrite writes it.
    const grouped = ci(tag).replace('      - name: Load image\n        run: |\n          docker pull', '      - parallel:\n          - name: Load image\n            run: |\n              docker pull');
    assert.deepEqual(findingsOf(grouped.replace(/\n {10}docker tag/, '\n              docker tag'), 'AL501', { file: F }), []);
    // Must still fire: the later job pulls another image, or runs on a runner of another architecture.
    assert.equal(findingsOf(ci('${{ env.RUNS_ON_ECR_CACHE }}:${{ env.IMAGE }}-latest'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(ci(tag, 'ubuntu-24.04-arm'), 'AL501', { file: F }).length, 1);
    // A build in a `- parallel:` group is read like any step.
    const parallelBuild = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - parallel:\n          - uses: docker/build-push-action@v6\n            with:\n              push: true\n              tags: ghcr.io/acme/web:1\n          - run: echo side\n';
    assert.equal(findingsOf(parallelBuild, 'AL501', { file: F }).length, 1);
  });
  it("an image handed on by digest to the workflow's later jobs, which run it on the same runners (home-assistant/operating-system build.yaml:188)", () => {
    const wf = (use: string, runner = 'ubuntu-22.04', output = 'ghcr.io/${{ github.repository_owner }}/haos-builder@${{ steps.build_haos_builder.outputs.digest }}') => ['on: push', 'jobs:', '  prepare:', '    runs-on: ubuntu-22.04', '    outputs:',
      `      build_container_image: ${output}`, '    steps:', '      - uses: docker/setup-buildx-action@v3', '      - name: Build and Push', '        uses: docker/build-push-action@v6', '        id: build_haos_builder', '        with:',
      '          context: .', '          tags: ghcr.io/${{ github.repository_owner }}/haos-builder', '          push: true',
      '  build:', '    needs: prepare', `    runs-on: ${runner}`, '    steps:', ...use.split('\n')].join('\n') + '\n';
    const action = '      - uses: ./.github/actions/haos-builder-command\n        with:\n          image: ${{ needs.prepare.outputs.build_container_image }}\n          command: make';
    assert.deepEqual(findingsOf(wf(action), 'AL501', { file: F }), []);
    assert.deepEqual(findingsOf(wf('      - run: docker run --rm ${{ needs.prepare.outputs.build_container_image }} make'), 'AL501', { file: F }), []);
    // Must still fire: a job of another architecture runs it, another use of the reference (signing), or the output names another image.
    assert.equal(findingsOf(wf(action, 'ubuntu-24.04-arm'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(wf(`${action}\n      - run: cosign sign \${{ needs.prepare.outputs.build_container_image }}`), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(wf(action, 'ubuntu-22.04', 'ghcr.io/acme/other@${{ steps.build_haos_builder.outputs.digest }}'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(wf('      - run: echo ${{ needs.prepare.outputs.build_container_image }}'), 'AL501', { file: F }).length, 1);
  });
  it("a run-step build and push whose every tag a later job pulls on the same runners (testdrivenio/fastapi-tdd-docker main.yml:28)", () => {
    const ci = (pull: string, testRunner = 'ubuntu-latest', extraTag = '') => ['on: [push]', 'env:', '  IMAGE: ghcr.io/acme/summarizer', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:',
      '      - run: |', '          docker build \\', '            --target builder \\', '            --cache-from ${{ env.IMAGE }}-builder:latest \\', `            --tag \${{ env.IMAGE }}-builder:latest ${extraTag}\\`, '            "./project"',
      '      - run: docker push ${{ env.IMAGE }}-builder:latest',
      '  test:', `    runs-on: ${testRunner}`, '    needs: build', '    steps:', '      - run: |', `          docker pull ${pull} || true`, '          docker build --cache-from ${{ env.IMAGE }}-builder:latest --tag ${{ env.IMAGE }}-builder:latest ./project'].join('\n') + '\n';
    const tag = '${{ env.IMAGE }}-builder:latest';
    assert.deepEqual(findingsOf(ci(tag), 'AL501', { file: F }), []);
    // Must still fire: the later job pulls another image, runs on a runner of another architecture, or the build also tags a name nobody pulls.
    assert.equal(findingsOf(ci('${{ env.IMAGE }}-final:latest'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(ci(tag, 'ubuntu-24.04-arm'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(ci(tag, 'ubuntu-latest', '--tag ${{ env.IMAGE }}:latest '), 'AL501', { file: F }).length, 1);
  });
  it('tags per row of a matrix over amd64 and arm64 runners, another part of them a job output not known here (docker-jitsi-meet unstable.yml:88)', () => {
    const jitsi = (armRunner: string, suffix = '-${{ matrix.config.arch }}') => ['on: workflow_dispatch', 'env:', '  JITSI_REPO: ghcr.io/jitsi', 'jobs:', '  base-arch:', '    runs-on: ${{ matrix.config.os }}', '    strategy:', '      matrix:', '        config:',
      '          - { os: ubuntu-24.04, arch: amd64 }', `          - { os: ${armRunner}, arch: arm64 }`, '    needs: version', '    steps:', '      - uses: docker/setup-buildx-action@v3', '        with:', '          driver: docker',
      '      - uses: docker/build-push-action@v6', '        with:', '          push: true', '          context: ./base', '          tags: |',
      `            \${{ env.JITSI_REPO }}/base:\${{ needs.version.outputs.base }}${suffix}`, `            \${{ env.JITSI_REPO }}/base:\${{ needs.version.outputs.date }}${suffix}`].join('\n') + '\n';
    assert.deepEqual(findingsOf(jitsi('ubuntu-24.04-arm'), 'AL501', { file: F }), []);
    // Must still fire: both rows on amd64 runners, or tags that name no architecture of their own.
    assert.equal(findingsOf(jitsi('ubuntu-24.04'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(jitsi('ubuntu-24.04-arm', ''), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(jitsi('ubuntu-24.04-arm', '-${{ needs.version.outputs.arch }}'), 'AL501', { file: F }).length, 1);
  });
  it("a runner picked by an expression over the matrix's arch key, tags per row of it, and a list assembled in the file: per-architecture on purpose (neon build-build-tools-image.yml)", () => {
    const neon = (runsOn: string, tag: string, assemble = true) => [
      'on: workflow_call', 'jobs:', '  build-image:', '    strategy:', '      matrix:', '        arch: ${{ fromJSON(needs.check-image.outputs.archs) }}',
      `    runs-on: ${runsOn}`, '    steps:', '      - uses: docker/setup-buildx-action@v3', '      - uses: docker/build-push-action@v6', '        with:', '          file: build-tools/Dockerfile', '          push: true',
      '          tags: |', `            ghcr.io/acme/build-tools:\${{ needs.check-image.outputs.tag }}-${tag}`,
      '  merge-images:', '    needs: [build-image]', '    runs-on: ubuntu-22.04', '    steps:', '      - run: |', '          for arch in x64 arm64; do tags+=("ghcr.io/acme/build-tools:${IMAGE_TAG}-${arch}"); done',
      `          docker buildx imagetools ${assemble ? 'create' : 'inspect'} -t ghcr.io/acme/build-tools:\${IMAGE_TAG} "\${tags[@]}"`,
    ].join('\n') + '\n';
    const picked = `\${{ fromJSON(format('["self-hosted", "{0}"]', matrix.arch == 'arm64' && 'large-arm64' || 'large')) }}`;
    assert.deepEqual(findingsOf(neon(picked, '${{ matrix.arch }}'), 'AL501', { file: F }), []);
    // Must still fire: a runner the key does not pick, a tag that is not per row, or no list assembled.
    assert.equal(findingsOf(neon('ubuntu-22.04', '${{ matrix.arch }}'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(neon(picked, 'latest'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(neon(picked, '${{ matrix.arch }}', false), 'AL501', { file: F }).length, 1);
  });
  it("a run-step build on a runner picked by the matrix's platform key, pushed under a name per row (through $GITHUB_ENV) that a later job assembles (langgenius/dify-plugin-daemon build-push.yml:80)", () => {
    const daemon = (runsOn: string, pair = 'PLATFORM_PAIR=${platform//\\//-}', pushed = '$tag-${{ matrix.scope }}-${{ env.PLATFORM_PAIR }}', assemble = true) => [
      'on: push', 'jobs:', '  build:', `    runs-on: ${runsOn}`, '    strategy:', '      matrix: ${{ fromJson(needs.matrix_prepare.outputs.matrix) }}', '    steps:',
      '      - name: Prepare', '        run: |', '          platform=${{ matrix.platform }}', `          echo "${pair}" >> $GITHUB_ENV`, '          echo "BRANCH_NAME=$(echo ${GITHUB_REF#refs/heads/})" >> $GITHUB_ENV',
      '      - run: docker build --build-arg PLATFORM=${{ matrix.scope }} -t dify-plugin-daemon -f ./docker/${{ matrix.scope }}.dockerfile .',
      '      - run: for tag in $(echo "${{ steps.meta.outputs.tags }}" | tr \',\' \'\\n\');', '          do', `          docker tag dify-plugin-daemon "${pushed}";`, '          done',
      '      - run: for tag in $(echo "${{ steps.meta.outputs.tags }}" | tr \',\' \'\\n\');', '          do', `          docker push ${pushed};`, '          done',
      '  create-manifest:', '    needs: build', '    runs-on: ubuntu-latest', '    strategy:', '      matrix:', '        scope: [serverless, local]', '    steps:',
      '      - run: for tag in $(echo "${{ steps.meta.outputs.tags }}" | tr \',\' \'\\n\');', '          do',
      `          docker manifest ${assemble ? 'create' : 'inspect'} $tag-\${{ matrix.scope }} $tag-\${{ matrix.scope }}-linux-amd64 $tag-\${{ matrix.scope }}-linux-arm64;`, '          done',
    ].join('\n') + '\n';
    const picked = "${{ matrix.platform == 'linux/arm64' && 'arm64_runner' || 'depot-ubuntu-24.04-4' }}";
    assert.deepEqual(findingsOf(daemon(picked), 'AL501', { file: F }), []);
    // The name per row written straight from the matrix key.
    assert.deepEqual(findingsOf(daemon(picked, 'X=1', '$tag-${{ matrix.platform }}'), 'AL501', { file: F }), []);
    // Must still fire: a runner the key does not pick, a pushed name the same in every row (the rows
    // overwrite each other; BRANCH_NAME is not per row), or no list assembled in the file.
    assert.equal(findingsOf(daemon('depot-ubuntu-24.04-4'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(daemon(picked, undefined, '$tag-${{ env.BRANCH_NAME }}'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(daemon(picked, 'PLATFORM_PAIR=linux', '$tag-${{ env.PLATFORM_PAIR }}'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(daemon(picked, undefined, undefined, false), 'AL501', { file: F }).length, 1);
  });
  it('a build whose tags (written over lines, with ${{ }} expressions) name one architecture, on a runner of it or of unknown labels, is that image (openobserve)', () => {
    const wf = (runsOn: string) => ['on: push', 'jobs:', '  pr:', `    runs-on: ${runsOn}`, '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          file: deploy/build/Dockerfile.pr.amd64', '          push: true', '          tags: |',
      '            public.ecr.aws/acme/app-dev:${{ env.GIT_TAG }}-${{ env.GIT_HASH}}-amd64', '            ghcr.io/acme/app-dev:${{ env.GIT_TAG }}-${{ env.GIT_HASH}}-amd64'].join('\n') + '\n';
    assert.deepEqual(findingsOf(wf("${{ github.event.client_payload.pull_request.head.repo.fork == true && 'ubuntu-2204-8-cores' || 'ubicloud-standard-8' }}"), 'AL501', { file: F }), []);
    assert.deepEqual(findingsOf(wf('ubuntu-latest'), 'AL501', { file: F }), []);
    // Must still fire: a runner of another architecture (the image would be arm64, tagged amd64), with
    // no preferred fix adding platforms; and an unnamed build, with the preferred fix.
    // no preferred fix adding platforms, but the preferred one naming the platform its name says.
    const [arm] = findingsOf(wf('ubuntu-24.04-arm'), 'AL501', { file: F });
    assert.deepEqual(arm.fixes?.map((x) => x.preferred ?? false), [true, false]);
    assert.match(arm.message, /says it is for amd64: the image gets the architecture of whatever machine runs the build, not necessarily linux\/amd64$/);
    assert.match(arm.fixes?.[0].title ?? '', /^Add platforms: linux\/amd64 \(and docker\/setup-qemu-action before the step\)$/);
    assert.match(arm.fixes?.[1].title ?? '', /named for amd64/);
    const unnamed = wf('ubuntu-latest').replace(/-amd64/g, '');
    assert.deepEqual(findingsOf(unnamed, 'AL501', { file: F })[0].fixes?.map((x) => x.preferred ?? false), [true]);
  });
  it('a build whose build-args set ARCH (TARGETARCH, GOARCH) to one architecture, through the env, on a runner of it: that image (rancher/fleet)', () => {
    // rancher/fleet e2e-rancher-upgrade-fleet-to-head-ci.yml: package/Dockerfile runs FROM --platform=linux/${ARCH}
    // and copies bin/fleet-linux-$ARCH, built before with GOARCH=amd64; the image goes to ttl.sh for the job's own k3d.
    const wf = (runsOn: string, arg: string) => ['on: push', 'env:', '  GOARCH: amd64', 'jobs:', '  e2e:', `    runs-on: ${runsOn}`, '    steps:', '      - uses: docker/setup-qemu-action@v3', '      - uses: docker/setup-buildx-action@v3',
      '      - uses: docker/build-push-action@v6', '        with:', '          file: package/Dockerfile', '          build-args: |', `            ${arg}`, '          push: true', '          tags: ttl.sh/acme/fleet-${{ steps.uuid.outputs.uuid }}:1h'].join('\n') + '\n';
    assert.deepEqual(findingsOf(wf('ubuntu-latest', 'ARCH=${{ env.GOARCH }}'), 'AL501', { file: F }), []);
    assert.deepEqual(findingsOf(wf('ubuntu-latest', 'TARGETARCH=x86_64'), 'AL501', { file: F }), []);
    // Must still fire: a runner of another architecture (no preferred fix), and a build argument that
    // chooses nothing, or one whose value the workflow does not settle (the preferred fix stays).
    const [arm] = findingsOf(wf('ubuntu-24.04-arm', 'ARCH=${{ env.GOARCH }}'), 'AL501', { file: F });
    assert.deepEqual(arm.fixes?.map((x) => x.preferred ?? false), [true, false]);
    assert.match(arm.fixes?.[0].title ?? '', /^Add platforms: linux\/amd64$/);
    for (const arg of ['VERSION=amd64', 'ARCH=${{ inputs.arch }}', 'ARCH=${{ env.NOPE }}']) {
      const [found] = findingsOf(wf('ubuntu-latest', arg), 'AL501', { file: F });
      assert.deepEqual(found?.fixes?.map((x) => x.preferred ?? false), [true], arg);
    }
  });
});

describe('AL501: names that say the machine\'s architecture (risingwave ci/scripts/docker.sh, docker-hdfs.sh)', () => {
  const F = 'ci/scripts/docker.sh';
  const script = (assign: string, ...tags: string[]) => `#!/usr/bin/env bash\n${assign}\ndocker build -f docker/Dockerfile ${tags.map((t) => `-t "${t}"`).join(' ')} .\n${tags.map((t) => `docker push "${t}"\n`).join('')}`;
  it('one image per machine under its own name: not reported', () => {
    assert.deepEqual(findingsOf(script('arch="$(uname -m)"', 'ghcr.io/acme/rw:${BUILDKITE_COMMIT}-${arch}'), 'AL501', { file: F }), []);
    assert.deepEqual(findingsOf(script('ARCH=`uname -m`; SUFFIX="-$ARCH"', 'acme/rw:1.0$SUFFIX', 'ghcr.io/acme/rw:1.0-$(uname -m)'), 'AL501', { file: F }), []);
  });
  it('must still fire: a name without it beside one with it, or a variable not set from a probe', () => {
    assert.equal(findingsOf(script('arch="$(uname -m)"', 'acme/rw:latest', 'acme/rw:1.0-${arch}'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(script('arch="${ARCH:-amd64}"', 'acme/rw:1.0-${arch}'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(script('GO=${GO:-go}; arch=$("${GO}" env GOOS)', 'acme/rw:1.0-${arch}'), 'AL501', { file: F }).length, 1);
  });
  it('go env GOARCH through a variable naming the go binary (`"${GO}" env GOARCH`): not reported', () => {
    assert.deepEqual(findingsOf(script('GO=${GO:-go}; arch=$("${GO}" env GOARCH)', 'acme/rw:1.0-${arch}'), 'AL501', { file: F }), []);
  });
});

describe('AL501: a name set from a repository script named for printing the machine\'s architecture (open-horizon/anax Makefile:365)', () => {
  const make = (arch: string) => `arch ?= $(shell ${arch})\nIMAGE_REPO ?= openhorizon\nAGBOT_IMAGE = $(IMAGE_REPO)/$(arch)_agbot:2.31\n\nagbot-image:\n\tdocker build -t $(AGBOT_IMAGE) -f Dockerfile_agbot.ubi .\n\tdocker push $(AGBOT_IMAGE)\n`;
  it('tools/arch-tag, hack/get-arch.sh: one image per machine under its own name, not reported', () => {
    for (const probe of ['tools/arch-tag', './hack/get-arch.sh', 'bash scripts/host_arch.sh']) assert.deepEqual(findingsOf(make(probe), 'AL501', { file: 'Makefile' }), [], probe);
  });
  it('must still fire: a script that is not named for the machine\'s architecture, or given arguments', () => {
    for (const probe of ['tools/version-tag', 'hack/target-arch.sh', 'tools/arch-tag amd64', 'echo arch']) assert.equal(findingsOf(make(probe), 'AL501', { file: 'Makefile' }).length, 1, probe);
  });
});

describe('AL501: a build the script reaches only on a machine of the asked platform (greptimedb .agents/skills/.../build_image.sh)', () => {
  const F = 'scripts/build_image.sh';
  const script = (probe: string, check: string, build = 'podman build -f "$dockerfile" -t "$image" "$context"') => `#!/usr/bin/env bash
platform="$1"
if command -v podman >/dev/null 2>&1; then
    native_platform="${probe}"
    ${check}
    ${build}
    podman push "$image"
fi
`;
  const EXIT = 'if [[ "$platform" != "$native_platform" ]]; then\n        printf "error: Buildx is required for %s\\n" "$platform" >&2\n        exit 1\n    fi';
  it('an earlier `if` at the build\'s level exits unless the machine is of the asked platform: not reported', () => {
    assert.deepEqual(findingsOf(script("$(podman info --format '{{.Host.Os}}/{{.Host.Arch}}' 2>/dev/null || true)", EXIT), 'AL501', { file: F }), []);
    assert.deepEqual(findingsOf(script('$(uname -m)', EXIT.replace('"$platform" != "$native_platform"', '"${native_platform}" != "${want}"')), 'AL501', { file: F }), []);
    assert.deepEqual(findingsOf(script("$(docker version --format '{{.Server.Arch}}')", EXIT, 'docker build -t "$image" .'), 'AL501', { file: F }), []);
  });
  it('must still fire: no exit, a test of a variable not set from a probe, the exit in another branch, or an equality test', () => {
    const probe = "$(podman info --format '{{.Host.Os}}/{{.Host.Arch}}')";
    assert.equal(findingsOf(script(probe, 'true'), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(script('${NATIVE:-linux/amd64}', EXIT), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(script(probe, EXIT.replace('exit 1', 'echo warn')), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(script(probe, EXIT.replace('!=', '==')), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(script(probe, 'if [ -n "$x" ]; then\n      ' + EXIT + '\n    fi'), 'AL501', { file: F }).length, 1);
  });
});

describe('AL501: Makefile names that say the machine\'s architecture through Make variables', () => {
  const makefile = (definitions: string, name: string) => `${definitions}\n\nimage:\n\tdocker build -t ${name} .\n\tdocker push ${name}\n`;
  it('ARCH set by $(shell go env GOARCH), $(shell uname -m), followed through other variables: not reported', () => {
    for (const [definitions, name] of [
      ['ARCH ?= $(shell go env GOARCH)\nIMG ?= example.com/app:v1-$(ARCH)', '$(IMG)'],
      ['ARCH := $(shell uname -m)', 'example.com/app:v1-$(ARCH)'],
      ['GO ?= go\nHOST_ARCH := $(shell $(GO) env GOHOSTARCH)', 'example.com/app:v1-${HOST_ARCH}'],
    ]) assert.deepEqual(findingsOf(makefile(definitions, name), 'AL501', { file: 'Makefile' }), [], definitions);
  });
  it('must still fire: another command\'s output, a literal, a probe set inside a conditional (ambiguous)', () => {
    for (const definitions of ['ARCH := $(shell git rev-parse --short HEAD)', 'ARCH ?= latest', 'ifeq ($(CI),true)\nARCH := $(shell uname -m)\nendif']) {
      assert.equal(findingsOf(makefile(definitions, 'example.com/app:v1-$(ARCH)'), 'AL501', { file: 'Makefile' }).length, 1, definitions);
    }
  });
});

describe('AL501: a script or Makefile build meant for one architecture (litmuschaos/litmus chaoscenter/Makefile)', () => {
  const makefile = (recipe: string, arg = ' --build-arg TARGETARCH=amd64') => `REPO ?= ghcr.io/acme\n\n${recipe}:\n\tdocker build . -f Dockerfile -t $(REPO)/portal:ci${arg}\ndocker-push-portal:\n\tdocker push $(REPO)/portal:ci\npush-portal: ${recipe} docker-push-portal\n`;
  it('names the platform its build argument or Make target says, as the preferred fix', () => {
    for (const [recipe, arg] of [['docker-build-portal', ' --build-arg TARGETARCH=amd64'], ['docker-build-portal-amd64', ''], ['docker-build-portal', ' --build-arg GOARCH=x86_64']]) {
      const [found, ...more] = findingsOf(makefile(recipe, arg), 'AL501', { file: 'Makefile' });
      assert.equal(more.length, 0);
      assert.equal(found.message, 'docker build pushes an image (docker push on line 6) with no --platform, while its name or a build argument says it is for amd64: the image gets the architecture of whatever machine runs the build, not necessarily linux/amd64');
      assert.deepEqual(found.fixes?.map((x) => [x.title.replace(/ — .*/, ''), x.preferred ?? false]), [['Add --platform linux/amd64', true], ['Add --platform linux/amd64,linux/arm64', false]]);
      assert.deepEqual(found.fixes?.[0].edits.map((e) => e.newText), [' --platform linux/amd64']);
    }
  });
  it('must still fire as before: a build argument that does not write the architecture out, or a 32-bit arm one (its variant unknown)', () => {
    for (const arg of [' --build-arg TARGETARCH=$(ARCH)', ' --build-arg VERSION=amd64', ' --build-arg ARCH=armhf']) {
      const [found] = findingsOf(makefile('docker-build-portal', arg), 'AL501', { file: 'Makefile' });
      assert.match(found.message, /while the targets are linux\/amd64, linux\/arm64$/, arg);
      assert.ok(!found.fixes?.some((x) => x.preferred && /--platform linux\/(?:amd64|arm64)$/.test(x.title)), arg);
    }
  });
});

describe('AL501: an arguments variable the Makefile settles (fluid-cloudnative/fluid Makefile:264)', () => {
  const makefile = (definition: string) => `${definition}\nIMG ?= ghcr.io/acme/dataset\n\ndocker-build-dataset:\n\tdocker build --build-arg VERSION=1 \${DOCKER_BUILD_ARGS} . -t \${IMG}:1\n\ndocker-push-dataset: docker-build-dataset\n\tdocker push \${IMG}:1\n`;
  it('holding build arguments only (values after their = may be unknown): it holds no platform, the build is reported', () => {
    const [found, ...more] = findingsOf(makefile('DOCKER_BUILD_ARGS := --build-arg HELM_VERSION=$(HELM_VERSION) --build-arg FLUID_VERSION=$(GIT_VERSION)'), 'AL501', { file: 'Makefile' });
    assert.equal(more.length, 0);
    assert.match(found.message, /^docker build pushes an image \(docker push on line 8\) with no --platform/);
  });
  it('still the user\'s choice: an empty default, a value naming a platform, an unknown flag word, no definition', () => {
    for (const definition of ['DOCKER_BUILD_ARGS ?=', 'DOCKER_BUILD_ARGS := --platform linux/amd64', 'DOCKER_BUILD_ARGS := $(EXTRA) --build-arg A=1', '']) {
      assert.deepEqual(findingsOf(makefile(definition), 'AL501', { file: 'Makefile' }), [], definition);
    }
  });
});

describe('AL501 in GitHub workflows: a push by digest from a runner picked per architecture', () => {
  // DefectDojo/django-DefectDojo release-x-manual-docker-containers.yml: called once per platform,
  // the runner chosen from the `platform` input, the image pushed by digest only; another workflow
  // merges the digests with `docker buildx imagetools create`.
  const F = '.github/workflows/release-containers.yml';
  const digestJob = (runsOn: string, outputs: string) => [
    'on:', '  workflow_call:', '    inputs:', '      platform:', '        type: string', 'jobs:', '  build:',
    `    runs-on: ${runsOn}`, '    steps:', '      - uses: docker/setup-buildx-action@v3',
    '      - uses: docker/build-push-action@v6', '        with:', '          push: true', '          context: .',
    `          outputs: ${outputs}`,
  ].join('\n') + '\n';
  const picked = "${{ inputs.platform == 'linux/arm64' && 'ubuntu-24.04-arm' || 'ubuntu-latest' }}";
  const byDigest = 'type=image,"name=acme/app",push-by-digest=true,name-canonical=true';
  it('is silent: each call pushes its runner\'s own platform for the merge', () => {
    assert.deepEqual(findingsOf(digestJob(picked, byDigest), 'AL501', { file: F }), []);
  });
  it('must still fire: a runner not picked per architecture, or a tagged push', () => {
    assert.equal(findingsOf(digestJob('ubuntu-latest', byDigest), 'AL501', { file: F }).length, 1);
    assert.equal(findingsOf(digestJob(picked, 'type=image,name=acme/app:1'), 'AL501', { file: F }).length, 1);
  });
});

describe('AL501 in GitHub workflows: a push named per architecture from a runner picked by the same input', () => {
  // memgraph/memgraph reusable_build_mgbench_client.yml: called once per `arch` (amd, arm) by
  // release_mgbench_client.yaml, which then joins the `-amd64` and `-arm64` tags with `docker manifest create`.
  const F = '.github/workflows/reusable_build_image.yml';
  const job = (tag: string) => [
    'on:', '  workflow_call:', '    inputs:', '      arch:', '        type: string', 'jobs:', '  image:',
    `    runs-on: \${{ (inputs.arch == 'arm') && fromJSON('["self-hosted", "ARM64"]') || fromJSON('["self-hosted", "X64"]') }}`,
    '    steps:', '      - name: Tag', '        run: |', `          repo_tag="${tag}"`, '          echo "REPO_TAG=${repo_tag}" >> $GITHUB_ENV',
    '      - name: Build', '        run: docker buildx build --tag ${{ env.REPO_TAG }} --load .',
    '      - name: Push', '        run: docker push ${{ env.REPO_TAG }}',
  ].join('\n') + '\n';
  it('is silent: each call pushes its own runner\'s image under a name of its own, for a list made by the caller', () => {
    assert.deepEqual(findingsOf(job('acme/bench:1-${{ inputs.arch }}64'), 'AL501', { file: F }), []);
  });
  it('must still fire: one name for every call (each runner overwrites the other\'s image)', () => {
    assert.equal(findingsOf(job('acme/bench:1'), 'AL501', { file: F }).length, 1);
  });
  it('is silent for a build-push-action whose tags carry the input too', () => {
    const action = job('x').replace(/      - name: Build\n[^]*$/, '      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: acme/bench:1-${{ inputs.arch }}64\n');
    assert.deepEqual(findingsOf(action, 'AL501', { file: F }), []);
    assert.equal(findingsOf(action.replace('1-${{ inputs.arch }}64', '1'), 'AL501', { file: F }).length, 1);
  });
  it('must still fire: a name per input on a runner the input does not pick', () => {
    assert.equal(findingsOf(job('acme/bench:1-${{ inputs.arch }}64').replace(/runs-on: .*/, 'runs-on: ubuntu-latest'), 'AL501', { file: F }).length, 1);
  });
});

describe('AL501 in GitHub workflows: the setup steps a fix adds go before the first build that fix-all changes', () => {
  // hstreamdb/hstream publish.yml: a plain `docker build` whose `docker push` is a later step (its fix
  // is never applied), then a build and push in one step (folded into `buildx build --push`). The
  // setup-buildx-action makes its builder the current one, so a plain `docker build` after it keeps
  // no image for the later `docker push`: the steps must not go before the first build.
  const F = '.github/workflows/publish.yml';
  const wf = [
    'on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:',
    '      - name: Docker build', '        run: docker build . -t acme/app:1',
    '      - name: Push image', '        run: docker push acme/app:1',
    '      - name: Build and push builder', '        run: |', '          docker build . --target builder -t acme/builder:latest', '          docker push acme/builder:latest',
  ].join('\n') + '\n';
  it('inserts them before the folded build\'s step, after the plain build and its push', () => {
    const findings = findingsOf(wf, 'AL501', { file: F });
    const folded = findings.find((f) => f.range.start.line === 11);
    const fix = folded?.fixes?.find((x) => x.preferred);
    assert.ok(fix, JSON.stringify(findings.map((f) => f.fixes?.map((x) => x.title))));
    const setup = fix.edits.find((e) => e.newText.includes('docker/setup-buildx-action'));
    assert.equal(setup?.range.start.line, 9);
  });
  it('must still share one place among builds whose fixes add them', () => {
    const both = wf.replace('        run: docker build . -t acme/app:1\n      - name: Push image\n        run: docker push acme/app:1', '        run: docker buildx build . -t acme/app:1 --push\n      - name: Push image\n        run: echo done');
    const lines = findingsOf(both, 'AL501', { file: F }).map((f) => f.fixes?.find((x) => x.preferred)?.edits.find((e) => e.newText.includes('docker/setup-buildx-action'))?.range.start.line);
    assert.deepEqual(lines, [5, 5]);
  });
});

describe('AL501: another workflow builds the same Dockerfile per architecture on native runners (tursodatabase/libsql server-pr-images.yml:63)', () => {
  // libsql's publish-server.yml compiles the Rust server for linux/arm64 on ubuntu-24.04-arm; its PR-image
  // workflow pushes from ubuntu-latest with no platforms. Adding arm64 there means hours of Rust under QEMU.
  const PR = `${ROOT}/.github/workflows/server-pr-images.yml`;
  const PUBLISH = `${ROOT}/.github/workflows/publish-server.yml`;
  const DOCKERFILE = 'FROM rust:slim-bullseye AS builder\nCOPY . .\nRUN cargo build --release -p server\nFROM debian:bullseye-slim\nCOPY --from=builder /target/release/server /bin/server\n';
  const pr = 'on: pull_request\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v5\n        with:\n          context: .\n          push: true\n          tags: ghcr.io/acme/server-devel:pr\n';
  const nativeJob = (name: string, runsOn: string, platform: string) => `  ${name}:\n    runs-on: ${runsOn}\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v5\n        with:\n          context: .\n          platforms: ${platform}\n          push: true\n          tags: ghcr.io/acme/server:${name}\n`;
  const publish = (arm: string) => `on: push\njobs:\n${nativeJob('build-amd64', 'ubuntu-latest', 'linux/amd64')}${nativeJob('build-arm64', arm, 'linux/arm64')}`;
  it('keeps the finding, but the fix adding QEMU-emulated platforms is not preferred', () => {
    const [f] = findingsOf(pr, 'AL501', { file: PR, workspace: { [`${ROOT}/Dockerfile`]: DOCKERFILE, [PUBLISH]: publish('ubuntu-24.04-arm') } });
    assert.equal(f.fixes?.[0].preferred, undefined, f.fixes?.[0].title);
    assert.match(f.fixes?.[0].title ?? '', /publish-server\.yml builds the same Dockerfile for arm64 on a native runner \(job "build-arm64"\)/);
  });
  it('must still prefer the fix: the other workflow builds arm64 under emulation, or builds another Dockerfile', () => {
    const [emulated] = findingsOf(pr, 'AL501', { file: PR, workspace: { [`${ROOT}/Dockerfile`]: DOCKERFILE, [PUBLISH]: publish('ubuntu-latest') } });
    assert.equal(emulated.fixes?.[0].preferred, true, emulated.fixes?.[0].title);
    const other = publish('ubuntu-24.04-arm').replace(/context: \./g, 'context: .\n          file: other/Dockerfile');
    const [elsewhere] = findingsOf(pr, 'AL501', { file: PR, workspace: { [`${ROOT}/Dockerfile`]: DOCKERFILE, [`${ROOT}/other/Dockerfile`]: DOCKERFILE, [PUBLISH]: other } });
    assert.equal(elsewhere.fixes?.[0].preferred, true, elsewhere.fixes?.[0].title);
  });
});

describe("AL501 in GitLab CI: an image the pipeline's other jobs run in, on runners like the build's (bram2w/baserow .gitlab-ci.yml:105)", () => {
  const F = '.gitlab-ci.yml';
  const pipeline = (consumers: string, builderTags = '') => `variables:\n  CI_UTIL_IMAGE: $CI_REGISTRY/ci/ci_util_image:latest\n  CI_DIND_IMAGE: $CI_REGISTRY/ci/ci_dind_image:latest\n\nbuild-ci-util-image:\n  image: docker:20.10.18\n${builderTags}  script:\n    - docker build -t $CI_UTIL_IMAGE .\n    - docker push $CI_UTIL_IMAGE\n\nbuild-ci-dind-image:\n  image: docker:20.10.18\n  script:\n    - docker build -t $CI_DIND_IMAGE .\n    - docker push $CI_DIND_IMAGE\n\n${consumers}`;
  const consumers = '.docker-test:\n  services:\n    - name: ${CI_DIND_IMAGE}\n      alias: docker\n\ncoverage:\n  image: $CI_UTIL_IMAGE\n  script:\n    - coverage combine\n\nstartup-test:\n  extends: .docker-test\n  script:\n    - docker run app\n';
  it("is not reported: every pushed name is another job's image or service (through extends)", () => {
    assert.deepEqual(findingsOf(pipeline(consumers), 'AL501', { file: F }).map((f) => f.message), []);
    const mapped = consumers.replace('  image: $CI_UTIL_IMAGE\n', '  image:\n    name: $CI_UTIL_IMAGE\n    entrypoint: [""]\n');
    assert.deepEqual(findingsOf(pipeline(mapped), 'AL501', { file: F }).map((f) => f.message), []);
  });
  it('must still fire: a name no other job runs, or consumers on runners of another architecture', () => {
    const onlyUtil = findingsOf(pipeline(consumers.replace('    - name: ${CI_DIND_IMAGE}\n', '    - name: docker:dind\n')), 'AL501', { file: F });
    assert.deepEqual(onlyUtil.map((f) => f.range.start.line), [13]);
    const arm = findingsOf(pipeline(consumers.replace('coverage:\n', 'coverage:\n  tags: [saas-linux-small-arm64]\n')), 'AL501', { file: F });
    assert.deepEqual(arm.map((f) => f.range.start.line), [7]);
    const builderArm = findingsOf(pipeline(consumers, '  tags: [saas-linux-small-arm64]\n'), 'AL501', { file: F });
    assert.deepEqual(builderArm.map((f) => f.range.start.line), [8]);
  });
});
