/**
 * AL501/AL502 on a build that a separate `docker push` follows (issue 12): Docker's classic image
 * store keeps one platform, so the preferred fix folds the push into the build —
 * `docker buildx build --platform … --push`, every push of its tags removed — where that is safe;
 * adding platforms in place stays on offer for Docker's containerd image store, never preferred.
 */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core/text';
import { ruleTester } from '../../helpers/rule-tester';
import { applyFixAndRelint, findingsOf } from '../../helpers/lint';

const targets = 'linux/amd64, linux/arm64';
const noPlatform = (how: string, what = 'docker build') => ({ messageId: 'noPlatform', data: { what, how, option: '--platform', targets } });
const BUILDER = 'docker buildx create --use\n';

ruleTester('AL501').run({
  valid: [],
  invalid: [
    {
      name: 'shell: build, another command, push: the push goes into the build',
      file: 'release.sh',
      text: `${BUILDER}docker build -t ghcr.io/acme/web:1 .\necho built\ndocker push ghcr.io/acme/web:1\n`,
      errors: [{ range: '1:0-1:12', ...noPlatform('docker push on line 4') }],
      output: `${BUILDER}docker buildx build --platform linux/amd64,linux/arm64 --push -t ghcr.io/acme/web:1 .\necho built\n`,
    },
    {
      name: 'shell: `build && push && next` keeps `build && next`',
      file: 'release.sh',
      text: `${BUILDER}docker build -t ghcr.io/acme/web:1 . && docker push ghcr.io/acme/web:1 && echo ok\n`,
      errors: [{ range: '1:0-1:12', ...noPlatform('docker push on line 2') }],
      output: `${BUILDER}docker buildx build --platform linux/amd64,linux/arm64 --push -t ghcr.io/acme/web:1 . && echo ok\n`,
    },
    {
      name: 'shell: two tags, two pushes: both removed (--push pushes every tag)',
      file: 'release.sh',
      text: `${BUILDER}docker build -t a/web:1 -t a/web:latest .\ndocker push a/web:1\ndocker push a/web:latest\n`,
      errors: [{ range: '1:0-1:12', ...noPlatform('docker push on line 3') }],
      output: `${BUILDER}docker buildx build --platform linux/amd64,linux/arm64 --push -t a/web:1 -t a/web:latest .\n`,
    },
    {
      name: 'Makefile: a recipe that builds and pushes, across a continuation line',
      file: 'Makefile',
      text: `IMAGE := ghcr.io/acme/web:1\nrelease:\n\t${BUILDER}\tdocker build -t $(IMAGE) . && \\\n\tdocker push $(IMAGE)\n`,
      errors: [{ range: '3:1-3:13', ...noPlatform('docker push on line 5') }],
      output: `IMAGE := ghcr.io/acme/web:1\nrelease:\n\t${BUILDER}\tdocker buildx build --platform linux/amd64,linux/arm64 --push -t $(IMAGE) .\n`,
    },
    {
      name: 'GitHub workflow: one run block, buildx set up; QEMU added for the foreign platform',
      file: '.github/workflows/release.yml',
      text: 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - run: |\n          docker build -t ghcr.io/acme/web:1 .\n          docker push ghcr.io/acme/web:1\n',
      errors: [{ range: '7:10-7:22', ...noPlatform('docker push on line 9') }],
      output: 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - run: |\n          docker buildx build --platform linux/amd64,linux/arm64 --push -t ghcr.io/acme/web:1 .\n',
    },
  ],
});

ruleTester('AL502').run({
  valid: [],
  invalid: [
    {
      name: 'shell: --platform linux/amd64 and a separate push: the missing platform added, the push folded',
      file: 'release.sh',
      text: `${BUILDER}docker build --platform linux/amd64 -t ghcr.io/acme/web:1 .\ndocker push ghcr.io/acme/web:1\n`,
      errors: [{ range: '1:24-1:35', messageId: 'fewerPlatforms', data: { what: 'docker build', listed: 'linux/amd64', how: 'docker push on line 3', missing: 'linux/arm64' } }],
      output: `${BUILDER}docker buildx build --push --platform linux/amd64,linux/arm64 -t ghcr.io/acme/web:1 .\n`,
    },
  ],
});

/** The fixes of the one AL501 finding of a text: titles, with `*` in front of the preferred one. */
function fixesOf(file: string, text: string): string[] {
  const [finding] = findingsOf(text, 'AL501', { file });
  assert.ok(finding, 'AL501 fires');
  for (const fix of finding.fixes ?? []) applyFixAndRelint(text, finding, fix, { file });
  return (finding.fixes ?? []).map((f) => `${f.preferred ? '* ' : ''}${f.title}`);
}

const CONTAINERD = 'Add --platform linux/amd64,linux/arm64 — not applied by --fix: the push after the build needs an image store that keeps several platforms: Docker\'s containerd image store, or a podman --manifest list';

describe('AL501/AL502 push folding: where it is not safe, not offered or not preferred', () => {
  it('the image is used from the local store after the build (docker tag): no fold, only the containerd-store alternative', () => {
    assert.deepEqual(fixesOf('release.sh', `${BUILDER}docker build -t a/b:1 .\ndocker tag a/b:1 a/b:latest\ndocker push a/b:1\ndocker push a/b:latest\n`), [CONTAINERD]);
  });

  it('the push is in another Make target than the build: folding would make `make build` push', () => {
    assert.deepEqual(fixesOf('Makefile', 'IMAGE := ghcr.io/acme/web:1\nbuild:\n\tdocker build -t $(IMAGE) .\npush: build\n\tdocker push $(IMAGE)\n'), [CONTAINERD]);
  });

  it('a push with flags of its own, a push inside an if, podman: no fold', () => {
    assert.deepEqual(fixesOf('release.sh', `${BUILDER}docker build -t a/b:1 .\ndocker push --quiet a/b:1\n`), [CONTAINERD]);
    assert.deepEqual(fixesOf('release.sh', `${BUILDER}docker build -t a/b:1 .\nif [ -n "$PUSH" ]; then docker push a/b:1; fi\n`), [CONTAINERD]);
    assert.deepEqual(fixesOf('release.sh', 'podman build -t a/b:1 .\npodman push a/b:1\n').length, 1);
  });

  it('no builder for several platforms is set up: the fold is offered, not preferred, and says what it needs', () => {
    const text = 'docker build -t a/b:1 .\ndocker push a/b:1\n';
    assert.deepEqual(fixesOf('release.sh', text), [
      'Build and push in one step: buildx build --platform linux/amd64,linux/arm64 --push (the push on line 2 removed) — not applied by --fix: a buildx build of several platforms needs a builder for them: `docker buildx create --use` before it, or Docker\'s containerd image store',
      CONTAINERD,
    ]);
    const [finding] = findingsOf(text, 'AL501', { file: 'release.sh' });
    assert.equal(applyEdits(text, finding.fixes![0].edits), 'docker buildx build --platform linux/amd64,linux/arm64 --push -t a/b:1 .\n');
  });

  it('the image copies in a binary built before for one architecture: no preferred fix', () => {
    const fixes = fixesOf('release.sh', `${BUILDER}GOARCH=amd64 go build -o bin/app .\ndocker build -t a/b:1 .\ndocker push a/b:1\n`);
    assert.equal(fixes.filter((f) => f.startsWith('* ')).length, 0, fixes.join('\n'));
    assert.match(fixes[0], /^Build and push in one step: .* not applied by --fix: the image copies in binaries built before for one architecture \(GOARCH\)/);
  });
});

describe('AL501/AL502: adding platforms to a build whose Dockerfile downloads one architecture whatever the platform', () => {
  // open-telemetry/opentelemetry-operator autoinstrumentation/apache-httpd: the vendor's SDK is x64 only.
  const WORKFLOW = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/setup-qemu-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          context: agent\n          platforms: linux/amd64\n          push: true\n          tags: ghcr.io/acme/agent:1\n';
  const dockerfile = (sdk: string) => `FROM alpine:3.20\nARG TARGETARCH\nRUN wget -q https://example.com/releases/sdk-${sdk}-linux.tgz && tar -xzf sdk-*.tgz\n`;
  const fixes = (sdk: string) => {
    const options = { file: '/repo/.github/workflows/release.yml', workspace: { '/repo/agent/Dockerfile': dockerfile(sdk) } };
    const [finding] = findingsOf(WORKFLOW, 'AL502', options);
    assert.ok(finding, 'AL502 fires');
    return (finding.fixes ?? []).map((f) => `${f.preferred ? '* ' : ''}${f.title}`);
  };

  it('the download names x64: adding linux/arm64 would put the x64 file in the arm64 image, so no preferred fix', () => {
    assert.deepEqual(fixes('x64'), ['Add linux/arm64 to platforms — not applied by --fix: its Dockerfile downloads the x64 build whatever the platform (line 3): choose it per platform first']);
  });

  it('the download follows ${TARGETARCH}: the fix stays preferred', () => {
    assert.deepEqual(fixes('${TARGETARCH}'), ['* Add linux/arm64 to platforms']);
  });

  it('AL501 (no platforms at all): the fix adding both is not preferred either', () => {
    const options = { file: '/repo/.github/workflows/release.yml', workspace: { '/repo/agent/Dockerfile': dockerfile('x64') } };
    const [finding] = findingsOf(WORKFLOW.replace('          platforms: linux/amd64\n', ''), 'AL501', options);
    assert.ok(finding, 'AL501 fires');
    assert.deepEqual((finding.fixes ?? []).map((f) => `${f.preferred ? '* ' : ''}${f.title}`), ['Add platforms: linux/amd64, linux/arm64 — not applied by --fix: its Dockerfile downloads the x64 build whatever the platform (line 3): choose it per platform first']);
  });

  it('a base image the workspace builds from such a Dockerfile, directly or through its own base: no preferred fix (osrf/docker_images trigger_nightly.yaml, nightly-rmw FROM osrf/ros2:nightly)', () => {
    const step = (context: string, tag: string) => `      - uses: docker/build-push-action@v6\n        with:\n          context: ${context}\n          push: true\n          tags: ${tag}\n`;
    const workflow = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/setup-qemu-action@v3\n'
      + step('nightly', 'osrf/ros2:nightly') + step('nightly-rmw', 'osrf/ros2:nightly-rmw') + step('nightly-rmw-nonfree', 'osrf/ros2:nightly-rmw-nonfree');
    const titles = (sdk: string) => findingsOf(workflow, 'AL501', { file: '/repo/.github/workflows/nightly.yml', workspace: {
      '/repo/nightly/Dockerfile': dockerfile(sdk),
      '/repo/nightly-rmw/Dockerfile': 'FROM osrf/ros2:nightly\nRUN apt-get update && apt-get install -y ros-rolling-rmw-zenoh-cpp\n',
      '/repo/nightly-rmw-nonfree/Dockerfile': 'FROM osrf/ros2:nightly-rmw\nRUN apt-get update && apt-get install -y ros-rolling-rmw-connextdds\n',
    } }).map((f) => (f.fixes ?? []).map((x) => `${x.preferred ? '* ' : ''}${x.title}`).join(' | '));
    const via = 'its base osrf/ros2:nightly is built here from nightly/Dockerfile, which downloads the x64 build whatever the platform (line 3): choose it per platform first';
    assert.deepEqual(titles('x64'), [
      'Add platforms: linux/amd64, linux/arm64 — not applied by --fix: its Dockerfile downloads the x64 build whatever the platform (line 3): choose it per platform first',
      `Add platforms: linux/amd64, linux/arm64 — not applied by --fix: ${via}`,
      `Add platforms: linux/amd64, linux/arm64 — not applied by --fix: its base osrf/ros2:nightly-rmw is built here, and ${via}`,
    ]);
    // must stay preferred when the base's download follows the platform: every build can add platforms
    assert.deepEqual(titles('${TARGETARCH}'), Array(3).fill('* Add platforms: linux/amd64, linux/arm64'));
  });

  it('a Dockerfile chosen at run time (text-generation-inference: file: ${{ env.DOCKERFILE }}, written to GITHUB_ENV per hardware): no preferred fix, it cannot be looked into', () => {
    const options = { file: '/repo/.github/workflows/release.yml', workspace: { '/repo/agent/Dockerfile': dockerfile('${TARGETARCH}') } };
    const chosen = WORKFLOW.replace('          context: agent\n', '          context: agent\n          file: ${{ env.DOCKERFILE }}\n');
    const [finding] = findingsOf(chosen, 'AL502', options);
    assert.ok(finding, 'AL502 fires');
    assert.deepEqual((finding.fixes ?? []).map((f) => `${f.preferred ? '* ' : ''}${f.title}`), ['Add linux/arm64 to platforms — not applied by --fix: the Dockerfile is not known statically: ${{ env.DOCKERFILE }} is not set in the workflow\'s env, so whether it builds for the added platforms is not known']);
  });

  it('a download on the build machine ($BUILDPLATFORM stage, a tool for the build) does not stop it', () => {
    const options = { file: '/repo/.github/workflows/release.yml', workspace: { '/repo/agent/Dockerfile': 'FROM --platform=$BUILDPLATFORM alpine:3.20 AS tools\nRUN wget -q https://example.com/protoc-linux-x86_64.zip\nFROM alpine:3.20\nCOPY app /app\n' } };
    const [finding] = findingsOf(WORKFLOW, 'AL502', options);
    assert.deepEqual((finding.fixes ?? []).map((f) => `${f.preferred ? '* ' : ''}${f.title}`), ['* Add linux/arm64 to platforms']);
  });
});

describe('AL502: adding platforms to a build whose Dockerfile copies in one architecture\'s binary from the context', () => {
  // gimlet-io/gimlet publish-cli.yml: docker/cli/Dockerfile ADDs bin/gimlet-linux-x86_64, pushed for linux/amd64 only.
  const WORKFLOW = 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make dist-cli\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/setup-qemu-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: docker/cli/Dockerfile\n          platforms: linux/amd64\n          push: true\n          tags: ghcr.io/acme/cli:1\n';
  const fixes = (dockerfile: string) => {
    const options = { file: '/repo/.github/workflows/publish-cli.yml', workspace: { '/repo/docker/cli/Dockerfile': dockerfile } };
    const [finding] = findingsOf(WORKFLOW, 'AL502', options);
    assert.ok(finding, 'AL502 fires');
    return (finding.fixes ?? []).map((f) => `${f.preferred ? '* ' : ''}${f.title}`);
  };

  it('ADD bin/gimlet-linux-x86_64: an arm64 image would hold the x86_64 binary, so no preferred fix', () => {
    const [fix, ...rest] = fixes('FROM alpine:3\nRUN apk add git\nADD bin/gimlet-linux-x86_64 /bin/gimlet\n');
    assert.deepEqual(rest, []);
    assert.match(fix, /^Add linux\/arm64 to platforms .*not applied by --fix: its Dockerfile copies bin\/gimlet-linux-x86_64, the x86_64 build, whatever the platform \(line 3\)/);
  });

  it('a copy chosen per platform, files of every architecture, or a copy from another stage: the fix stays preferred', () => {
    assert.deepEqual(fixes('FROM alpine:3\nARG TARGETARCH\nCOPY bin/gimlet-linux-${TARGETARCH} /bin/gimlet\n'), ['* Add linux/arm64 to platforms']);
    assert.deepEqual(fixes('FROM alpine:3\nCOPY bin/app-amd64 bin/app-arm64 /opt/\nCOPY entrypoint.sh /\n'), ['* Add linux/arm64 to platforms']);
    assert.deepEqual(fixes('FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3\nCOPY --from=build /out/app /bin/app\n'), ['* Add linux/arm64 to platforms']);
  });
});

describe('AL501: adding platforms to a build whose Dockerfile installs a musl.cc cross toolchain', () => {
  // krakend/krakend-ce release.yml: the plugin builder image, run on amd64 to cross-compile to arm64.
  const WORKFLOW = 'on: release\njobs:\n  builder:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v2\n        with:\n          context: .\n          file: Dockerfile-builder\n          push: true\n          tags: krakend/builder:2\n';
  const fixes = (dockerfile: string) => {
    const options = { file: '/repo/.github/workflows/release.yml', workspace: { '/repo/Dockerfile-builder': dockerfile } };
    const [finding] = findingsOf(WORKFLOW, 'AL501', options);
    assert.ok(finding, 'AL501 fires');
    return (finding.fixes ?? []).map((f) => `${f.preferred ? '* ' : ''}${f.title}`);
  };

  it('COPY --from=cache /aarch64-linux-musl-cross.tgz: an arm64 image would hold x86_64 compilers, so no preferred fix', () => {
    const [fix, ...rest] = fixes('FROM krakend/musl-cache AS cache\nFROM golang:1.22-alpine3.19\nRUN apk add make gcc musl-dev\nCOPY --from=cache /aarch64-linux-musl-cross.tgz /aarch64-linux-musl-cross.tgz\nRUN cd / && tar zxf aarch64-linux-musl-cross.tgz\n');
    assert.deepEqual(rest, []);
    assert.match(fix, /^Add platforms: linux\/amd64, linux\/arm64 .*not applied by --fix: its Dockerfile installs aarch64-linux-musl-cross, a cross toolchain that runs on x86_64 only, whatever the platform \(line 4\)/);
  });

  it('a musl compiler named for its target, or the cross toolchain in a $BUILDPLATFORM stage: the fix stays preferred', () => {
    assert.match(fixes('FROM golang:1.22-alpine3.19\nRUN apk add gcc musl-dev && CC=x86_64-linux-musl-gcc go build -o /app .\n')[0], /^\* Add platforms/);
    assert.match(fixes('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN wget https://musl.cc/aarch64-linux-musl-cross.tgz\nFROM alpine:3\nCOPY --from=build /out/app /app\n')[0], /^\* Add platforms/);
  });
});

describe('AL501 push folding on hostile input', () => {
  it('a line of 200,000 blanks before the push costs linear time (issue 18: it took 2 s of CPU at 70,000 and grew quadratically)', () => {
    const text = `# notes${' '.repeat(200_000)}\n${BUILDER}docker build -t a/b:1 . && docker push a/b:1\n`;
    const started = process.cpuUsage();
    const [finding] = findingsOf(text, 'AL501', { file: 'release.sh' });
    const used = process.cpuUsage(started);
    assert.ok(finding, 'AL501 fires');
    assert.equal(applyEdits(text, finding.fixes![0].edits).slice(-80), `${BUILDER}docker buildx build --platform linux/amd64,linux/arm64 --push -t a/b:1 .\n`.slice(-80));
    // The bound of issue 18 for a hang, far above the linear cost (a few ms), far below the quadratic one (tens of seconds).
    assert.ok((used.user + used.system) / 1000 < 2_000, `took ${Math.round((used.user + used.system) / 1000)} ms of CPU`);
  });
});
