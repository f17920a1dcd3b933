/**
 * AL501/AL502/AL503 on the shapes real repositories use (issue 12): what must fire, what must not,
 * and when the fix that adds platforms may be preferred. Cases follow the structure of the real
 * files (keda's Makefile, metrics-server's manifest targets, fluent-bit's Windows job), not their text.
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types';
import { expectNone, findings, fixed } from './util';

const MK = 'Makefile';
const SH = 'release.sh';
const WF = '.github/workflows/release.yml';
const preferred = (f: Finding) => f.fixes?.find((x) => x.preferred);
const one = (text: string, file: string, rule: string): Finding => {
  const list = findings(text, file, rule);
  assert.equal(list.length, 1, `expected one ${rule}, got ${list.length}`);
  return list[0];
};

const workflow = (steps: string, runsOn = 'ubuntu-latest', checkout = 'actions/checkout@v4') => `name: release
on: push
jobs:
  image:
    runs-on: ${runsOn}
    steps:
      - uses: ${checkout}
${steps}`;

describe('build scripts on real-repository shapes', () => {
  describe('image names: how a variable is written does not matter', () => {
    it('Make: ${X} and $(X) are one reference (a build writes one, the push the other)', () => {
      const text = 'docker-build:\n\tdocker build . -t ${IMAGE_CONTROLLER}\n\tdocker build -f Dockerfile.adapter -t ${IMAGE_ADAPTER} .\npublish: docker-build\n\tdocker push $(IMAGE_CONTROLLER)\n\tdocker push $(IMAGE_ADAPTER)\n';
      assert.deepEqual(findings(text, MK, 'AL501').map((f) => f.range.start.line), [1, 2]);
      // Different variables are different images.
      expectNone('build:\n\tdocker build -t ${IMAGE_A} .\npush: build\n\tdocker push $(IMAGE_B)\n', MK, 'AL501');
    });

    it('shell: $X and ${X} are one reference', () => {
      one('docker build -t "$IMAGE" .\ndocker push "${IMAGE}"\n', SH, 'AL501');
      expectNone('docker build -t "$IMAGE" .\ndocker push "${IMAGE2}"\n', SH, 'AL501');
    });
  });

  describe('per-architecture pushes assembled elsewhere in the file', () => {
    const METRICS = [
      'container:',
      '\t${CONTAINER_CLI} build -t $(REGISTRY)/metrics-server-$(ARCH):$(CHECKSUM) .',
      'push: container',
      '\t${CONTAINER_CLI} tag $(REGISTRY)/metrics-server-$(ARCH):$(CHECKSUM) $(REGISTRY)/metrics-server-$(ARCH):$(GIT_TAG)',
      '\t${CONTAINER_CLI} push $(REGISTRY)/metrics-server-$(ARCH):$(GIT_TAG)',
      'push-all: $(PUSH_ARCH_TARGETS) push-multi-arch;',
      'push-multi-arch:',
      '\t${CONTAINER_CLI} manifest create --amend $(REGISTRY)/metrics-server:$(GIT_TAG) $(REGISTRY)/metrics-server-amd64:$(GIT_TAG)',
      '\t@for arch in $(ALL_ARCHITECTURES); do ${CONTAINER_CLI} manifest annotate --arch $${arch} $(REGISTRY)/metrics-server:$(GIT_TAG) $(REGISTRY)/metrics-server-$${arch}:${GIT_TAG}; done',
      '\t${CONTAINER_CLI} manifest push --purge $(REGISTRY)/metrics-server:$(GIT_TAG)',
      '',
    ].join('\n');

    it('Make: a push whose name a manifest create/annotate target lists is intended (docs/rules/AL501.md exemption)', () => {
      expectNone(`CONTAINER_CLI ?= docker\n${METRICS}`, MK, 'AL501');
    });

    it('Make: an assembly of another image does not exempt the push', () => {
      const other = METRICS.replace(/metrics-server(?=[-:])/g, (m, at: number) => (at > METRICS.indexOf('push-multi-arch:') ? 'other-server' : m));
      one(`CONTAINER_CLI ?= docker\n${other}`, MK, 'AL501');
    });

    it('workflow: per-arch jobs pushing what a later job assembles with imagetools create', () => {
      const text = `name: release
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker buildx build -t ghcr.io/acme/app:\${TAG}-amd64 --push .
  merge:
    runs-on: ubuntu-latest
    needs: build
    steps:
      - run: docker buildx imagetools create -t ghcr.io/acme/app:\${TAG} ghcr.io/acme/app:\${TAG}-amd64 ghcr.io/acme/app:\${TAG}-arm64
`;
      expectNone(text, WF, 'AL501');
      // A tag that names no architecture: only the assembly exempts it (one that names the runner's
      // architecture is that image whether or not a list is assembled: AL501 leaves it alone).
      const unnamed = text.replace(/-amd64/g, '-main').replace(/-arm64/g, '-next');
      expectNone(unnamed, WF, 'AL501');
      one(unnamed.replace(/imagetools create .*/, 'imagetools inspect ghcr.io/acme/app:${TAG}'), WF, 'AL501');
    });
  });

  describe('Windows containers are not for the Linux targets', () => {
    const steps = '      - run: |\n          docker build -t $IMAGE -f ./dockerfiles/Dockerfile.windows .\n          docker push $IMAGE\n';
    it('no AL501 in a job on a windows-* runner, or for a Dockerfile.windows', () => {
      expectNone(workflow(steps.replace('Dockerfile.windows', 'Dockerfile'), 'windows-${{ matrix.windows-base-version }}'), WF, 'AL501');
      expectNone(workflow(steps.replace('Dockerfile.windows', 'Dockerfile'), '[windows-2022]'), WF, 'AL501');
      expectNone(workflow(steps), WF, 'AL501');
      expectNone('docker build -f Dockerfile.windows -t a/b .\ndocker push a/b\n', SH, 'AL501');
      expectNone('docker buildx build --platform windows/amd64 -t a/b --push .\n', SH, 'AL502');
    });
    // grafana/agent update-build-images.yml: the windows-build job builds ./build-image/windows.
    it('no AL501 on a larger runner whose label names Windows as one of its words', () => {
      expectNone(workflow(steps.replace('Dockerfile.windows', 'Dockerfile'), 'github-hosted-windows-x64-large'), WF, 'AL501');
      expectNone(workflow(steps.replace('Dockerfile.windows', 'Dockerfile'), '[self-hosted, windows, x64]'), WF, 'AL501');
    });
    it('the same build on a Linux runner fires, also when its label only contains the letters windows', () => {
      one(workflow(steps.replace('Dockerfile.windows', 'Dockerfile'), 'github-hosted-ubuntu-x64-large'), WF, 'AL501');
      one(workflow(steps.replace('Dockerfile.windows', 'Dockerfile'), 'ubuntu-nowindows-8core'), WF, 'AL501');
      one(workflow(steps.replace('Dockerfile.windows', 'Dockerfile')), WF, 'AL501');
    });
  });

  describe('the fix fits its context (preferred only where the result is a working multi-platform image)', () => {
    it('a classic build with a separate push: offered, not preferred (the classic image store keeps one platform)', () => {
      const f = one('docker build -t a/b .\ndocker push a/b\n', SH, 'AL501');
      assert.equal(preferred(f), undefined);
      assert.match(f.fixes?.[0].title ?? '', /^Build and push in one step: .* not applied by --fix: a buildx build of several platforms needs a builder/);
      assert.match(f.fixes?.[1].title ?? '', /not applied by --fix: the push after the build needs an image store that keeps several platforms/);
    });

    it('buildx --push needs a builder for several platforms: preferred after `docker buildx create --use`, not before', () => {
      const bare = one('docker buildx build -t a/b --push .\n', SH, 'AL501');
      assert.equal(preferred(bare), undefined);
      assert.match(bare.fixes?.[0].title ?? '', /needs a builder for several platforms/);
      const text = 'docker buildx create --use --name multi\ndocker buildx build -t a/b --push .\n';
      const f = one(text, SH, 'AL501');
      assert.ok(preferred(f));
      assert.equal(fixed(text, SH, f), 'docker buildx create --use --name multi\ndocker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n');
      assert.ok(preferred(one('docker buildx build --builder multi -t a/b --push .\n', SH, 'AL501')));
      // podman builds several platforms without a builder.
      assert.ok(preferred(one('podman build --manifest a/b .\npodman manifest push a/b\n', SH, 'AL501')));
    });

    it('no preferred fix where the architecture comes from a build argument or a binary built before for one architecture', () => {
      const setup = 'docker buildx create --use\n';
      // A build argument that writes the architecture out: the preferred fix names that one platform, none adds others.
      const meant = one(`${setup}docker buildx build --build-arg TARGETARCH=amd64 -t a/b --push .\n`, SH, 'AL501');
      assert.equal(preferred(meant)?.title, 'Add --platform linux/amd64');
      assert.match(meant.fixes?.[1].title ?? '', /chosen by --build-arg TARGETARCH=amd64/);
      assert.equal(meant.fixes?.[1].preferred, undefined);
      for (const [script, why] of [
        ['docker buildx build --build-arg TARGETARCH=$ARCH -t a/b --push .\n', /chosen by --build-arg TARGETARCH=\$ARCH/],
        ['GOARCH=amd64 go build -o bin/app .\ndocker buildx build -t a/b --push .\n', /copies in binaries built before for one architecture \(GOARCH\)|`go build` built before/],
        ['cargo build --release\ndocker buildx build -t a/b --push .\n', /`cargo build` built before/],
        ['./build.sh --arch amd64\ndocker buildx build -t a/b --push .\n', /\(--arch\)/],
      ] as const) {
        const f = one(setup + script, SH, 'AL501');
        assert.equal(preferred(f), undefined, script);
        assert.match(f.fixes?.[0].title ?? '', why, script);
      }
      // An unrelated build argument leaves the fix preferred.
      assert.ok(preferred(one(`${setup}docker buildx build --build-arg VERSION=1 -t a/b --push .\n`, SH, 'AL501')));
      assert.ok(preferred(one(`${setup}docker buildx build --build-arg SEARCH_URL=x --build-arg MONARCH=1 -t a/b --push .\n`, SH, 'AL501')));
      assert.equal(preferred(one(`${setup}docker buildx build --build-arg ARCH=$(uname -m) -t a/b --push .\n`, SH, 'AL501')), undefined);
    });

    it('AL502: a build named for one architecture (tag or step name) is not reported, nor widened by --fix', () => {
      // Named for the one architecture it lists: deliberate, no finding (issue 12).
      expectNone('docker buildx create --use\ndocker buildx build --platform linux/amd64 -t a/b:1.0-amd64 --push .\n', SH, 'AL502');
      // Named for one architecture yet listing others: reported, and the fix is not preferred.
      const tagged = one('docker buildx create --use\ndocker buildx build --platform linux/amd64,linux/ppc64le -t a/b:1.0-amd64 --push .\n', SH, 'AL502');
      assert.equal(preferred(tagged), undefined);
      assert.match(tagged.fixes?.[0].title ?? '', /named for amd64/);
      const step = (name: string) => workflow(`      - uses: docker/setup-buildx-action@v3
      - name: ${name}
        uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64
          push: true
          tags: ghcr.io/acme/web:latest
`);
      expectNone(step('Build the AMD64 image'), WF, 'AL502');
      const f = one(step('Build the image'), WF, 'AL502');
      assert.ok(preferred(f), 'a step not named for an arch keeps the preferred fix');
    });

    it('AL502: a build whose comment says it is single-platform on purpose is not reported (cloudnativelabs/kube-router PR image)', () => {
      // kube-router's ci-container.yml: the PR image is amd64 alone, and the comment above the step says why.
      const commented = (comment: string) => workflow(`      - uses: docker/setup-buildx-action@v3
${comment}      - name: Build and push - New PR
        uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64
          push: true
          tags: ghcr.io/acme/web-git:PR-1
`);
      expectNone(commented('      # Build and push a single-arch (amd64) image tagged with the PR number for pull requests.\n      # Multi-arch is skipped here as it adds 30+ minutes to PR feedback time.\n'), WF, 'AL502');
      expectNone(commented('      # amd64 only: the PR image is for the x86 e2e cluster\n'), WF, 'AL502');
      // seaweedfs' container_foundationdb_version.yml: the comment sits in `with:`, right above `platforms:`.
      const inWith = (comment: string) => workflow(`      - uses: docker/setup-buildx-action@v3
      - name: Build and push image
        uses: docker/build-push-action@v7
        with:
          push: true
${comment}          platforms: linux/amd64
          tags: acme/seaweedfs:foundationdb
`);
      expectNone(inWith('          # Note: ARM64 support requires FoundationDB ARM64 packages which are not available for all versions\n'), WF, 'AL502');
      expectNone(inWith('          # Currently only building for amd64.\n'), WF, 'AL502');
      one(inWith('          # TODO: add arm64 once the runners are faster\n'), WF, 'AL502');
      expectNone('docker buildx create --use\n# one platform is enough for the nightly preview\ndocker buildx build --platform linux/amd64 -t a/b --push .\n', SH, 'AL502');
      // A comment that says nothing about platforms, or one separated from the step by a blank line, does not count.
      one(commented('      # Build and push the PR image\n'), WF, 'AL502');
      one(commented('      # TODO: build for more than one platform\n'), WF, 'AL502');
      one(commented('      # single-arch (amd64) PR image\n\n'), WF, 'AL502');
      // Only a build of one architecture is single-platform on purpose: two of three targets still fire.
      const three = { config: { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'ppc64le' }] } };
      assert.equal(findings('docker buildx create --use\n# single-arch builds are slow to assemble\ndocker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n', SH, 'AL502', three).length, 1);
    });
  });

  describe('setup steps a fix adds follow the workflow\'s convention', () => {
    const SHA = '0123456789abcdef0123456789abcdef01234567';
    const build = `      - name: Build and push
        uses: docker/build-push-action@${SHA} # v6.9.0
        with:
          push: true
          tags: ghcr.io/acme/web:latest
`;

    it('reuses the reference the file already has for the action (SHA pin and version comment kept)', () => {
      const text = workflow(`      - uses: docker/setup-qemu-action@${SHA} # v3.2.0
${build}  other:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/setup-buildx-action@${SHA} # v3.7.1
`, 'ubuntu-latest', `actions/checkout@${SHA} # v4`);
      const f = one(text, WF, 'AL501');
      assert.ok(preferred(f));
      const out = fixed(text, WF, f);
      assert.ok(out.includes(`      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@${SHA} # v3.7.1\n      - name: Build and push\n`), out);
      assert.equal(out.match(/setup-qemu-action/g)?.length, 1, 'QEMU is set up already: not added again');
    });

    it('a file that pins every action to a commit: a tag reference would break its rule, so not preferred', () => {
      const text = workflow(build, 'ubuntu-latest', `actions/checkout@${SHA}`);
      const f = one(text, WF, 'AL501');
      assert.equal(preferred(f), undefined);
      assert.match(f.fixes?.[0].title ?? '', /pin docker\/setup-qemu-action and docker\/setup-buildx-action to a commit/);
      // With tags elsewhere, a tag is the convention: preferred.
      assert.ok(preferred(one(workflow(build), WF, 'AL501')));
    });

    it('never a duplicate: a setup step later in the job must move, so AL503\'s fix is not preferred and adds nothing', () => {
      const text = workflow(`      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
          push: true
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
`);
      const f = one(text, WF, 'AL503');
      assert.equal(preferred(f), undefined);
      assert.deepEqual(f.fixes ?? [], []);
    });
  });
});
