/** AL503 multiplatform-without-builder: a workflow builds several platforms, or a foreign one, without the setup steps. */
import * as assert from 'node:assert/strict';
import { findingsOf } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';

const F = '.github/workflows/release.yml';
const workflow = (steps: string, runsOn = 'ubuntu-latest') => `name: release\non: push\njobs:\n  image:\n    runs-on: ${runsOn}\n    steps:\n      - uses: actions/checkout@v4\n${steps}`;
const build = '      - name: Build\n        uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          push: true\n';
const setup = '      - uses: docker/setup-qemu-action@v3\n      - uses: docker/setup-buildx-action@v3\n';

/** A workflow of /repo building images/Dockerfile, and that Dockerfile in the workspace. */
const WF = `/repo/${F}`;
const withFile = (steps: string) => steps.replace('        with:\n', '        with:\n          file: images/Dockerfile\n');
const dockerfile = (text: string) => ({ file: WF, workspace: { '/repo/images/Dockerfile': text } });
/** Cross-compiled on the build platform; the exported stage only copies (multus-cni's images/Dockerfile). */
const CROSS = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETPLATFORM\nRUN ./hack/build-go.sh\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /src/bin /usr/src/bin\nENTRYPOINT ["/usr/src/bin/entrypoint"]\n';
const buildxOnly = '      - uses: docker/setup-buildx-action@v3\n';
/** Kong/kubernetes-ingress-controller: a cross-compiled image beside a FIPS builder that runs on the target platform. */
const TWO_BUILDERS = CROSS.replace('FROM gcr.io/distroless/base-debian12', 'FROM golang:1.18-boringcrypto AS builder-fips\nRUN make build.fips\nFROM gcr.io/distroless/base-debian12 AS distroless');
/** restatedev/restate's CLI image: a run step writes the Dockerfile (prebuilt binaries, nothing RUN on the target) with a heredoc. */
const heredoc = (dockerfile: string) => '      - run: |\n          cat > Dockerfile << \'EOF\'\n' + dockerfile.trimEnd().split('\n').map((l) => `          ${l}\n`).join('') + '          EOF\n';
const PREBUILT = 'FROM --platform=${BUILDPLATFORM} alpine as builder\nADD restate-aarch64.tar.xz /restate-arm64\nADD restate-x86_64.tar.xz /restate-amd64\nFROM alpine\nARG TARGETARCH\nCOPY --from=builder /restate-${TARGETARCH}/restate /usr/local/bin/restate\nENTRYPOINT ["restate"]\n';
/** dask/dask-docker: setup-docker-action turning on the containerd image store, whose default driver builds several platforms. */
const containerdDocker = (config: string) => `      - uses: docker/setup-qemu-action@v3\n      - uses: docker/setup-docker-action@v4\n        with:\n          daemon-config: |\n            {\n              "features": {\n                "containerd-snapshotter": ${config}\n              }\n            }\n`;
const withTarget = (target: string) => withFile(build).replace('          file: images/Dockerfile\n', `          file: images/Dockerfile\n          target: ${target}\n`);

ruleTester('AL503', { file: F }).run({
  valid: [
    { name: 'both setup steps before the build', text: workflow(setup + build) },
    { name: 'one native platform needs neither', text: workflow(build.replace('linux/amd64,linux/arm64', 'linux/amd64')) },
    { name: 'no QEMU needed when the Dockerfile runs nothing on the target platform', text: workflow(buildxOnly + withFile(build)), ...dockerfile(CROSS) },
    { name: 'no QEMU needed for a target stage that runs nothing on the target platform, whatever other stages run', text: workflow(buildxOnly + withTarget('distroless')), ...dockerfile(TWO_BUILDERS) },
    { name: 'no QEMU needed for a Dockerfile an earlier step writes with a heredoc that runs nothing on the target platform', text: workflow(buildxOnly + heredoc(PREBUILT) + build.replace('        with:\n', '        with:\n          context: .\n')) },
    { name: 'setup-docker-action with the containerd image store builds several platforms without buildx', text: workflow(containerdDocker('true') + build) },
  ],
  invalid: [
    {
      name: 'setup-docker-action without the containerd image store still needs buildx',
      text: workflow(containerdDocker('false') + build),
      errors: [{ range: '17:14-17:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', buildx: { platforms: 2 } } }],
    },
    {
      name: 'both setup steps missing: added before the step by the fix',
      text: workflow(build),
      errors: [{ range: '8:14-8:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', buildx: { platforms: 2 }, qemu: { foreign: 'arm64', runner: 'amd64' } }, severity: 'warning' }],
      output: workflow('      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n' + build),
    },
    {
      name: 'QEMU missing for a Dockerfile whose exported stage runs a command',
      text: workflow(buildxOnly + withFile(build)),
      ...dockerfile(CROSS.replace('ENTRYPOINT', 'RUN ["/usr/src/bin/entrypoint", "--version"]\nENTRYPOINT')),
      errors: [{ range: '9:14-9:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } }],
    },
    {
      name: 'QEMU missing for a target stage that needs a stage running on the target platform, or for the whole file',
      text: workflow(buildxOnly + withTarget('builder-fips') + buildxOnly + withFile(build)),
      ...dockerfile(TWO_BUILDERS),
      errors: [
        { range: '9:14-9:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } },
        { range: '17:14-17:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } },
      ],
    },
    {
      name: 'QEMU missing for a heredoc Dockerfile that runs a command on the target platform',
      text: workflow(buildxOnly + heredoc(PREBUILT.replace('ENTRYPOINT', 'RUN apk add --no-cache ca-certificates\nENTRYPOINT')) + build),
      errors: [{ range: '20:14-20:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } }],
    },
    {
      name: 'QEMU missing when the heredoc is written after the build',
      text: workflow(buildxOnly + build + heredoc(PREBUILT)),
      errors: [{ range: '9:14-9:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } }],
    },
    {
      name: 'QEMU missing when the heredoc writes another file than the one built',
      text: workflow(buildxOnly + heredoc(PREBUILT).replace('cat > Dockerfile', 'cat > other/Dockerfile') + build),
      errors: [{ range: '19:14-19:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } }],
    },
    {
      name: 'QEMU missing for a Dockerfile the workspace does not have',
      text: workflow(buildxOnly + withFile(build)),
      file: WF,
      workspace: { '/repo/Dockerfile': CROSS },
      errors: [{ range: '9:14-9:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } }],
    },
    {
      name: 'buildx alone is missing when the Dockerfile runs nothing on the target platform',
      text: workflow(withFile(build)),
      ...dockerfile(CROSS),
      errors: [{ range: '8:14-8:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', buildx: { platforms: 2 } } }],
      output: workflow('      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n' + withFile(build)),
    },
    {
      name: '`docker buildx build --target` in a run: script is judged on that stage too',
      text: workflow(buildxOnly + '      - run: |\n          docker buildx build --platform linux/amd64,linux/arm64 -f images/Dockerfile --target distroless -t org/app:1 --push .\n          docker buildx build --platform linux/amd64,linux/arm64 -f images/Dockerfile --target builder-fips -t org/app:fips --push .\n'),
      ...dockerfile(TWO_BUILDERS),
      errors: [{ range: '10:10-10:29', messageId: 'missingSetup', data: { what: 'docker buildx build', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } } }],
    },
    {
      name: 'only QEMU missing for a foreign platform on an arm64 runner',
      text: workflow('      - uses: docker/setup-buildx-action@v3\n' + build, 'ubuntu-24.04-arm'),
      errors: [{ range: '9:14-9:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'amd64', runner: 'arm64' } } }],
    },
  ],
});

describe('AL503: QEMU set up by qus, the qemu-user-static registration', () => {
  it('dbhi/qus/action, or the aptman/qus image run by a script, before the build is the QEMU setup (messense/cargo-zigbuild Release.yml:216)', () => {
    const action = workflow('      - name: Setup QEMU\n        uses: dbhi/qus/action@main\n' + buildxOnly + build);
    assert.deepEqual(findingsOf(action, 'AL503', { file: F }).map((f) => f.message), []);
    const image = workflow('      - run: docker run --rm --privileged aptman/qus -s -- -p aarch64\n' + buildxOnly + build);
    assert.deepEqual(findingsOf(image, 'AL503', { file: F }).map((f) => f.message), []);
  });
  it('must still fire: qus after the build, or an action only named like it', () => {
    assert.equal(findingsOf(workflow(buildxOnly + build + '      - uses: dbhi/qus/action@main\n'), 'AL503', { file: F }).length, 1);
    assert.equal(findingsOf(workflow('      - uses: someone/qusx-action@v1\n' + buildxOnly + build), 'AL503', { file: F }).length, 1);
  });
});

describe('AL503: setup done by the run: script itself, before its build', () => {
  const script = (...lines: string[]) => workflow(`      - name: Build the Docker image\n        run: |\n${lines.map((l) => `          ${l}\n`).join('')}`, '[self-hosted, linux, x64]');
  const buildx = "docker buildx build --platform='linux/amd64,linux/arm64' -t org/app:1 --push .";
  it('qemu-user-static (or tonistiigi/binfmt) and `docker buildx create --use` earlier in the script are the setup (qdrant)', () => {
    const qdrant = script('docker run --rm --privileged multiarch/qemu-user-static --reset -p yes', 'docker buildx create --use', buildx);
    assert.deepEqual(findingsOf(qdrant, 'AL503', { file: F }).map((f) => f.message), []);
    const binfmt = script('docker run --privileged --rm tonistiigi/binfmt --install all', 'docker buildx create --name multi', 'docker buildx use multi', buildx);
    assert.deepEqual(findingsOf(binfmt, 'AL503', { file: F }).map((f) => f.message), []);
  });
  it('must still fire: the setup comes after the build, or the builder is created but not used', () => {
    const after = findingsOf(script(buildx, 'docker buildx create --use', 'docker run --rm --privileged multiarch/qemu-user-static --reset -p yes'), 'AL503', { file: F });
    assert.deepEqual(after.map((f) => [f.data]), [[{ what: 'docker buildx build', job: 'image', buildx: { platforms: 2 }, qemu: { foreign: 'arm64', runner: 'amd64' } }]]);
    const notUsed = findingsOf(script('docker run --rm --privileged multiarch/qemu-user-static --reset -p yes', 'docker buildx create --name multi', buildx), 'AL503', { file: F });
    assert.deepEqual(notUsed.map((f) => [f.data]), [[{ what: 'docker buildx build', job: 'image', buildx: { platforms: 2 } }]]);
  });
});

describe('AL503: Docker Build Cloud builds each platform on a native node', () => {
  const cloud = (driver: string) => `      - uses: docker/setup-buildx-action@v3\n        with:\n          version: "lab:latest"\n          driver: ${driver}\n          endpoint: "acme/cloud-builder"\n`;
  it('setup-buildx-action with `driver: cloud` needs no QEMU (lowcoder-org/lowcoder docker-images.yml:120)', () => {
    assert.deepEqual(findingsOf(workflow(cloud('cloud') + build), 'AL503', { file: F }).map((f) => f.message), []);
    const script = workflow('      - run: |\n          docker buildx create --driver cloud acme/cloud-builder --use\n          docker buildx build --platform linux/amd64,linux/arm64 -t acme/app:1 --push .\n');
    assert.deepEqual(findingsOf(script, 'AL503', { file: F }).map((f) => f.message), []);
  });
  it('must still fire: another driver, or a cloud builder created but not used', () => {
    const container = findingsOf(workflow(cloud('docker-container') + build), 'AL503', { file: F });
    assert.deepEqual(container.map((f) => f.data), [{ what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'arm64', runner: 'amd64' } }]);
    const unused = findingsOf(workflow('      - run: |\n          docker buildx create --driver cloud acme/cloud-builder\n          docker buildx build --platform linux/amd64,linux/arm64 -t acme/app:1 --push .\n'), 'AL503', { file: F });
    assert.equal(unused.length, 1);
  });
});
