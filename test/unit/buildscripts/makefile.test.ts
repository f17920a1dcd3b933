/** AL501/AL502 in Makefiles: recipes (prefixes, continuations), Make variables, one unit per recipe. */
import * as assert from 'node:assert/strict';
import { expectNone, expectOne, fixed } from './util';

const F = 'Makefile';
const AL501_MSG = (what: string, how: string) =>
  `${what} pushes an image (${how}) with no --platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64`;

describe('build scripts: Makefile', () => {
  it('AL501: a recipe that builds $(IMAGE) and pushes it (prefixes stripped), fixed', () => {
    const text = 'IMAGE ?= ghcr.io/acme/web:$(VERSION)\n\n.PHONY: release\nrelease: test\n\t@echo releasing\n\t@docker build -t $(IMAGE) .\n\t-docker push $(IMAGE)\n';
    const f = expectOne(text, F, 'AL501', 'warning', '5:2-5:14', AL501_MSG('docker build', 'docker push on line 7'));
    // The push folded into the build (fix.ts: offered, not preferred, with no multi-platform builder set up).
    assert.equal(fixed(text, F, f), 'IMAGE ?= ghcr.io/acme/web:$(VERSION)\n\n.PHONY: release\nrelease: test\n\t@echo releasing\n\t@docker buildx build --platform linux/amd64,linux/arm64 --push -t $(IMAGE) .\n');
  });

  it('AL501: the tool named by a variable ($(DOCKER), ${CONTAINER_TOOL}), fixed', () => {
    const text = 'CONTAINER_TOOL ?= podman # or docker\nIMAGE := ghcr.io/acme/web\nbuild:\n\t$(CONTAINER_TOOL) build -t $(IMAGE) .\npush: build\n\t${CONTAINER_TOOL} push $(IMAGE)\n';
    const f = expectOne(text, F, 'AL501', 'warning', '3:1-3:24', AL501_MSG('$(CONTAINER_TOOL) build', '${CONTAINER_TOOL} push on line 6'));
    assert.ok(fixed(text, F, f).includes('\t$(CONTAINER_TOOL) build --platform linux/amd64,linux/arm64 -t $(IMAGE) .\n'));
    expectNone('GO ?= go\nrelease:\n\t$(GO) build -t a/b --push .\n', F, 'AL501');
  });

  it('AL501: silent on a push to a loopback registry named through Make variables (opensearch-k8s-operator: LOCAL_IMG ?= $(LOCAL_REGISTRY)/op, LOCAL_REGISTRY ?= localhost:5000)', () => {
    const text = 'IMG ?= controller:latest\nLOCAL_REGISTRY ?= localhost:5000\nLOCAL_IMG ?= $(LOCAL_REGISTRY)/op:$(VERSION)\n\ndocker-build:\n\tdocker build -t ${IMG} .\n\ndocker-push-local: docker-build\n\tdocker tag $(IMG) $(LOCAL_IMG)\n\tdocker push $(LOCAL_IMG)\n';
    expectNone(text, F, 'AL501');
    expectNone('push:\n\tdocker buildx build -t $(LOCAL_IMG) --push .\nLOCAL_IMG := localhost:5001/op\n', F, 'AL501');
    // Must still fire: the same layout whose registry is remote.
    const remote = text.replace('localhost:5000', 'registry.example.com');
    expectOne(remote, F, 'AL501', 'warning', '5:1-5:13', AL501_MSG('docker build', 'docker push on line 10'));
  });

  it('AL501: silent on a push to a k3d registry or a *.localhost name (ory/oathkeeper docker-k3d: k3d-localhost:5111)', () => {
    const text = 'docker-k3d:\n\tCGO_ENABLED=0 GOOS=linux go build\n\tDOCKER_BUILDKIT=1 docker build -t k3d-localhost:5111/oryd/oathkeeper:dev --push -f .docker/Dockerfile-distroless-static .\n';
    expectNone(text, F, 'AL501');
    expectNone('push:\n\tdocker build -t k3d-myregistry.localhost:12345/op:dev --push .\n', F, 'AL501');
    expectNone('REG ?= registry.localhost:5000\npush:\n\tdocker buildx build -t $(REG)/op --push .\n', F, 'AL501');
    // Must still fire: a k3d- name with no port (not k3d's published registry), a host that only starts with localhost.
    expectOne(text.replace('k3d-localhost:5111', 'k3d-localhost'), F, 'AL501', 'warning', '2:19-2:31', AL501_MSG('docker build', '--push'));
    expectOne(text.replace('k3d-localhost:5111', 'localhost.example.com'), F, 'AL501', 'warning', '2:19-2:31', AL501_MSG('docker build', '--push'));
    expectOne(text.replace('k3d-localhost:5111', 'registry.k3d-prod.example.com:5000'), F, 'AL501', 'warning', '2:19-2:31', AL501_MSG('docker build', '--push'));
  });

  it('AL501: Make automatic variables are values, not the shell\'s "$@"', () => {
    expectOne('push-%:\n\tdocker buildx build --push -t a/$* $@\n', F, 'AL501', 'warning', '1:1-1:20', AL501_MSG('docker buildx build', '--push'));
  });

  it('AL501: recipe continuations and ${VAR} references, in a *.mk file', () => {
    const text = 'push:\n\t+docker buildx build \\\n\t\t--tag $${REGISTRY}/web:${TAG} \\\n\t\t--push .\n';
    expectOne(text, 'build/docker.mk', 'AL501', 'warning', '1:2-1:21', AL501_MSG('docker buildx build', '--push'));
  });

  it('AL501: an inline recipe after `;`', () => {
    const text = 'push: ; docker buildx build -t a/b --push .\n';
    expectOne(text, F, 'AL501', 'warning', '0:8-0:27', AL501_MSG('docker buildx build', '--push'));
  });

  it('AL501: a push recipe whose prerequisite recipe builds the tag (what `make push` runs)', () => {
    const text = 'IMAGE := registry.example.com/web\n\nbuild:\n\tdocker build -t $(IMAGE) .\n\npush: build\n\tdocker push $(IMAGE)\n\nrelease: | push\n';
    const f = expectOne(text, F, 'AL501', 'warning', '3:1-3:13', AL501_MSG('docker build', 'docker push on line 7'));
    assert.equal(f.related?.[0].range.start.line, 6);
    const text2 = 'all: build push\nbuild:\n\tdocker build -t $(IMAGE) .\npush:\n\tdocker push $(IMAGE)\n';
    expectOne(text2, F, 'AL501', 'warning', '2:1-2:13', AL501_MSG('docker build', 'docker push on line 5'));
  });

  it('AL502: --platform with one platform in a recipe, fixed', () => {
    const text = 'publish:\n\tdocker buildx build --platform linux/amd64 -t $(IMAGE) --push .\n';
    const f = expectOne(text, F, 'AL502', 'info', '1:32-1:43', 'docker buildx build pushes only linux/amd64 (--push); the targets also include linux/arm64, where this image will not run');
    assert.equal(fixed(text, F, f), 'publish:\n\tdocker buildx build --platform linux/amd64,linux/arm64 -t $(IMAGE) --push .\n');
  });

  it('is silenced by a comment above the recipe line (Make or shell comment)', () => {
    expectNone('release:\n# archlens ignore=AL501\n\tdocker buildx build -t a/b --push .\n', F, 'AL501');
    expectNone('release:\n\t# archlens ignore=AL501\n\tdocker buildx build -t a/b --push .\n', F, 'AL501');
  });

  it('does not fire: variable platforms, builds and pushes in unrelated recipes or in the wrong order, variables and directives that look like commands', () => {
    for (const text of [
      'PLATFORMS ?= linux/amd64\nrelease:\n\tdocker buildx build --platform $(PLATFORMS) -t $(IMAGE) --push .\n',
      'build:\n\tdocker build -t $(IMAGE) .\npush:\n\tdocker push $(IMAGE)\n',
      // A special target lists targets; Make never runs them as one unit.
      '.PHONY: build push\nbuild:\n\tdocker build -t $(IMAGE) .\npush:\n\tdocker push $(IMAGE)\n',
      'push: login\n\tdocker push $(IMAGE)\nbuild: push\n\tdocker build -t $(IMAGE) .\n',
      'CMD = docker buildx build --push .\nifeq ($(CI),true)\nX = 1\nendif\n',
      'define RELEASE\n\tdocker buildx build -t a/b --push .\nendef\n',
      'build:\n\tdocker build -t $(IMAGE) .\n',
      'release:\n\tdocker buildx build $(if $(P),--platform $(P)) -t a/b --push .\n',
    ]) {
      expectNone(text, F, 'AL501');
      expectNone(text, F, 'AL502');
    }
  });
});
