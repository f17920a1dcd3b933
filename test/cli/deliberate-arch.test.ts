/**
 * AL308 across files (docs/rules/AL308.md, imagemap/deliberate.ts): a Dockerfile whose every build in
 * the workspace makes one architecture on purpose — the build pins it with `--platform`, or first
 * builds, for that architecture, the binaries the image copies in from the build context — downloads
 * that architecture's files by design, as external-secrets' e2e image does (issue 12). Each case is a
 * real workspace on disk checked with checkFiles, as `archlens check` does.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFiles } from '../../server/src/workspace/check';
import { workspace } from './helpers';

const KUBECTL = 'RUN curl -LO https://dl.k8s.io/release/v1.34.1/bin/linux/amd64/kubectl && install -m 0755 kubectl /usr/local/bin/kubectl\n';
/** The e2e image: an amd64 download beside test binaries the build made (external-secrets/e2e). */
const E2E_DOCKERFILE = `FROM alpine:3.20\n${KUBECTL}ADD suites/provider/provider.test /provider.test\nCMD ["/provider.test"]\n`;
const E2E_MAKEFILE = (goarch: string, build = 'docker build -t ghcr.io/acme/e2e:dev -f Dockerfile .') =>
  `e2e-bin:\n\tGOWORK=off CGO_ENABLED=0 GOOS=linux GOARCH=${goarch} go tool ginkgo build ./suites/...\n\ne2e-image: e2e-bin\n\t${build}\n`;

/** A workflow with one job running `command`, with a strategy (`matrix` lines) and extra triggers when given. */
const WORKFLOW = (command: string, matrix?: string, triggers = '') =>
  `on:\n  push:\n${triggers}jobs:\n  image:\n    runs-on: ubuntu-latest\n${matrix ? `    strategy:\n${matrix}` : ''}    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/setup-buildx-action@v3\n      - run: ${command}\n`;

interface Case {
  name: string;
  files: Record<string, string>;
}

/**
 * A reusable workflow building `context` with `platforms: ${{ inputs.platforms || 'linux/amd64' }}`
 * (m1k1o/neko's image_app.yml), triggered only by its callers unless `triggers` adds others.
 */
const CALLED = (triggers = '') => `on:\n  workflow_call:\n    inputs:\n      name:\n        type: string\n        required: true\n      platforms:\n        type: string\n        default: linux/amd64\n${triggers}jobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/setup-qemu-action@v3\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          context: apps/\${{ inputs.name }}\n          push: true\n          tags: ghcr.io/acme/\${{ inputs.name }}:latest\n          platforms: \${{ inputs.platforms || 'linux/amd64' }}\n`;
/** A workflow calling it once per matrix row (`rows`: the matrix's include entries). */
const CALLER = (rows: string, platforms = '${{ matrix.platforms }}') => `on:\n  push:\n    tags: ['v*']\njobs:\n  apps:\n    uses: ./.github/workflows/image_app.yml\n    strategy:\n      matrix:\n        include:\n${rows}    with:\n      name: \${{ matrix.name }}\n      platforms: ${platforms}\n    secrets: inherit\n`;
const APP = `FROM debian:12\n${KUBECTL}`;

/** The image is that one architecture by construction: no AL308 on its downloads of it. */
const MUST_NOT_FIRE: Case[] = [
  { name: 'the only build (a Make target) has a prerequisite that builds the added binaries with GOARCH=amd64', files: { 'Makefile': E2E_MAKEFILE('amd64'), 'Dockerfile': E2E_DOCKERFILE } },
  { name: 'the same in one script, with an x86_64 download', files: {
    'build.sh': '#!/bin/sh\nGOARCH=amd64 go build -o bin/app ./cmd/app\ndocker build -t ghcr.io/acme/app:1 .\n',
    'Dockerfile': 'FROM debian:12\nRUN curl -fsSL https://example.com/tool-1.0-x86_64.tar.gz | tar -xz -C /usr/local/bin\nCOPY bin/app /app\n',
  } },
  { name: 'every build of it pins --platform linux/amd64', files: {
    'Makefile': 'image:\n\tdocker build --platform linux/amd64 -t ghcr.io/acme/tool:1 .\nimage-ci:\n\tdocker buildx build --platform=linux/amd64 -t ghcr.io/acme/tool:ci --push .\n',
    'Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
  { name: 'its only build is a Bake file of another name, run with bake --file from the root, that pins linux/amd64 (frigate docker/synaptics/synaptics.hcl)', files: {
    'Makefile': 'board:\n\tdocker buildx bake --file=docker/board/board.hcl board --load\n',
    'docker/board/board.hcl': 'target board {\n  dockerfile = "docker/board/Dockerfile"\n  platforms = ["linux/amd64"]\n}\n',
    'docker/board/Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
  { name: 'its only build is in a Makefile part the Makefile includes (grafana/pyroscope Makefile.examples)', files: {
    'Makefile': 'include Makefile.examples\n',
    'Makefile.examples': 'tools/update_examples:\n\tdocker buildx build --platform linux/amd64 -t update_examples -f tools/Dockerfile tools\n',
    'tools/Dockerfile': `FROM ubuntu:22.04\n${KUBECTL}`,
  } },
  { name: 'the reusable workflow that builds it is called for it with platforms linux/amd64 only (m1k1o/neko ghcr.yml, image_app.yml)', files: {
    '.github/workflows/ghcr.yml': CALLER('          - name: opera\n            platforms: linux/amd64\n          - name: firefox\n            platforms: linux/amd64,linux/arm64\n'),
    '.github/workflows/image_app.yml': CALLED(),
    'apps/opera/Dockerfile': APP,
  } },
  { name: 'its matrix row gives no platforms, so the called workflow\'s fallback linux/amd64 holds (m1k1o/neko ghcr_nvidia.yml)', files: {
    '.github/workflows/ghcr_nvidia.yml': CALLER('          - name: opera\n            dockerfile: Dockerfile\n'),
    '.github/workflows/image_app.yml': CALLED(),
    'apps/opera/Dockerfile': APP,
  } },
  { name: 'its only builds take --platform from a one-row CI matrix of linux/amd64 (mikenye/docker-picard deploy.yml and tests.yml)', files: {
    '.github/workflows/deploy.yml': WORKFLOW('docker buildx build --push -t ghcr.io/acme/tool:1 --platform "${{ matrix.docker-platform }}" .', '      matrix:\n        docker-platform:\n          - linux/amd64\n'),
    'Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
];

/** Nothing makes the image one architecture on purpose, or the builds disagree: AL308 stands. */
const MUST_FIRE: Case[] = [
  { name: 'the Dockerfile alone: no build in the workspace says anything', files: { 'Dockerfile': E2E_DOCKERFILE } },
  { name: 'the binaries are built for arm64: the amd64 download is the wrong one', files: { 'Makefile': E2E_MAKEFILE('arm64'), 'Dockerfile': E2E_DOCKERFILE } },
  { name: 'GOARCH comes from a variable the caller sets', files: { 'Makefile': `ARCH ?= amd64\n${E2E_MAKEFILE('$(ARCH)')}`, 'Dockerfile': E2E_DOCKERFILE } },
  { name: 'the image copies nothing from the build context (the prebuilt binaries do not go in)', files: {
    'Makefile': E2E_MAKEFILE('amd64'), 'Dockerfile': `FROM golang:1.23 AS b\nRUN go build -o /app ./...\nFROM alpine:3.20\n${KUBECTL}COPY --from=b /app /app\n`,
  } },
  { name: 'the build asks for two platforms', files: { 'Makefile': E2E_MAKEFILE('amd64', 'docker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/acme/e2e:dev --push -f Dockerfile .'), 'Dockerfile': E2E_DOCKERFILE } },
  { name: 'the build pins the other architecture', files: { 'Makefile': 'image:\n\tdocker build --platform linux/arm64 -t ghcr.io/acme/tool:1 .\n', 'Dockerfile': `FROM alpine:3.20\n${KUBECTL}` } },
  { name: 'a second build of the same Dockerfile makes whatever the machine is', files: {
    'Makefile': `${E2E_MAKEFILE('amd64')}\nlocal:\n\tdocker build -t ghcr.io/acme/e2e:local .\n`, 'Dockerfile': E2E_DOCKERFILE,
  } },
  { name: 'a Bake file of another name pins the other architecture', files: {
    'docker/board/board.hcl': 'target board {\n  dockerfile = "docker/board/Dockerfile"\n  platforms = ["linux/arm64"]\n}\n',
    'docker/board/Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
  { name: 'a Makefile part builds it again for whatever the machine is', files: {
    'Makefile': 'image:\n\tdocker build --platform linux/amd64 -t ghcr.io/acme/tool:1 .\n',
    'Makefile.release': 'release:\n\tdocker build -t ghcr.io/acme/tool:2 .\n',
    'Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
  { name: 'a CI runner\'s own architecture is not a choice', files: {
    '.github/workflows/ci.yml': 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/acme/tool:1 .\n',
    'Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
  { name: 'the CI matrix has a row for each architecture', files: {
    '.github/workflows/deploy.yml': WORKFLOW('docker buildx build --push -t ghcr.io/acme/tool:1 --platform "${{ matrix.docker-platform }}" .', '      matrix:\n        docker-platform:\n          - linux/amd64\n          - linux/arm64\n'),
    'Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
  { name: 'the reusable workflow is called for it with two platforms, though its default is linux/amd64', files: {
    '.github/workflows/ghcr.yml': CALLER('          - name: opera\n            platforms: linux/amd64,linux/arm64\n'),
    '.github/workflows/image_app.yml': CALLED(),
    'apps/opera/Dockerfile': APP,
  } },
  { name: 'the caller passes platforms from its own input, whose default its runs may change', files: {
    '.github/workflows/ghcr.yml': CALLER('          - name: opera\n', '${{ inputs.platforms }}').replace('on:\n  push:\n', 'on:\n  workflow_dispatch:\n    inputs:\n      platforms:\n        default: linux/amd64\n  push:\n'),
    '.github/workflows/image_app.yml': CALLED(),
    'apps/opera/Dockerfile': APP,
  } },
  { name: 'the called workflow also runs on its own (workflow_dispatch), with a default a run may change', files: {
    '.github/workflows/ghcr.yml': CALLER('          - name: opera\n            platforms: linux/amd64\n'),
    '.github/workflows/image_app.yml': CALLED('  workflow_dispatch:\n    inputs:\n      name:\n        default: opera\n'),
    'apps/opera/Dockerfile': APP,
  } },
  { name: 'the platform is a workflow_dispatch input\'s default, which a run may change', files: {
    '.github/workflows/deploy.yml': WORKFLOW('docker buildx build --push -t ghcr.io/acme/tool:1 --platform "${{ inputs.platform }}" .', undefined, '  workflow_dispatch:\n    inputs:\n      platform:\n        default: linux/amd64\n'),
    'Dockerfile': `FROM alpine:3.20\n${KUBECTL}`,
  } },
];

async function al308Lines(files: Record<string, string>): Promise<number[]> {
  const root = workspace(files);
  try {
    const result = await checkFiles(['.'], { cwd: root });
    const dockerfile = result.files.find((f) => path.basename(f.file) === 'Dockerfile' && !f.file.includes(`${path.sep}apps${path.sep}firefox`));
    assert.ok(dockerfile, 'the Dockerfile is checked');
    return dockerfile.findings.filter((f) => f.rule === 'AL308').map((f) => f.range.start.line + 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('AL308: a Dockerfile its builds make one architecture on purpose (across files)', () => {
  for (const c of MUST_NOT_FIRE) {
    it(`no finding: ${c.name}`, async () => {
      assert.deepEqual(await al308Lines(c.files), []);
    });
  }
  for (const c of MUST_FIRE) {
    it(`fires: ${c.name}`, async () => {
      const download = (c.files['Dockerfile'] ?? c.files['docker/board/Dockerfile'] ?? c.files['apps/opera/Dockerfile']).split('\n').findIndex((l) => l.includes('linux/amd64/kubectl')) + 1;
      assert.deepEqual(await al308Lines(c.files), [download]);
    });
  }
});

/** The AL308 lines of one file of a workspace on disk. */
async function al308LinesOf(files: Record<string, string>, file: string): Promise<number[]> {
  const root = workspace(files);
  try {
    const result = await checkFiles(['.'], { cwd: root });
    const found = result.files.find((f) => path.relative(root, path.resolve(root, f.file)).split(path.sep).join('/') === file);
    assert.ok(found, `${file} is checked`);
    return found.findings.filter((f) => f.rule === 'AL308').map((f) => f.range.start.line + 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('AL308: the unmarked Dockerfile of a per-architecture set is the amd64 one', () => {
  const cmake = (arch: string) => `FROM debian:12\nADD https://github.com/Kitware/CMake/releases/download/v3.22.0/cmake-3.22.0-linux-${arch}.tar.gz /opt/\n`;
  it('no finding on its amd64 download beside an ARM variant (typesense docker/development-arm.Dockerfile, manticoresearch aarch64/<distro>/ and cmake_320_arm/)', async () => {
    assert.deepEqual(await al308LinesOf({ 'docker/development.Dockerfile': cmake('x86_64'), 'docker/development-arm.Dockerfile': cmake('aarch64') }, 'docker/development.Dockerfile'), []);
    assert.deepEqual(await al308LinesOf({ 'retired/bionic/cmake_320/Dockerfile': cmake('x86_64'), 'retired/aarch64/bionic/cmake_320/Dockerfile': cmake('aarch64') }, 'retired/bionic/cmake_320/Dockerfile'), []);
    assert.deepEqual(await al308LinesOf({ 'bionic/cmake_320/Dockerfile': cmake('x86_64'), 'bionic/cmake_320_arm/Dockerfile': cmake('aarch64') }, 'bionic/cmake_320/Dockerfile'), []);
  });
  it('fires: no variant beside it, a variant of another name, an ARM download in it, or a build of it asking for two platforms', async () => {
    assert.deepEqual(await al308LinesOf({ 'docker/development.Dockerfile': cmake('x86_64') }, 'docker/development.Dockerfile'), [2]);
    assert.deepEqual(await al308LinesOf({ 'docker/development.Dockerfile': cmake('x86_64'), 'docker/bazel-arm.Dockerfile': cmake('aarch64') }, 'docker/development.Dockerfile'), [2]);
    assert.deepEqual(await al308LinesOf({ 'docker/development.Dockerfile': cmake('aarch64'), 'docker/development-arm.Dockerfile': cmake('aarch64') }, 'docker/development.Dockerfile'), [2]);
    assert.deepEqual(await al308LinesOf({
      'docker/development.Dockerfile': cmake('x86_64'), 'docker/development-arm.Dockerfile': cmake('aarch64'),
      'build.sh': '#!/bin/sh\ndocker buildx build --platform linux/amd64,linux/arm64 -f docker/development.Dockerfile -t acme/dev:1 --push .\n',
    }, 'docker/development.Dockerfile'), [2]);
  });
});

/** The AL303 lines of the Dockerfile of a workspace on disk. */
async function al303Lines(files: Record<string, string>): Promise<number[]> {
  const root = workspace(files);
  try {
    const result = await checkFiles(['.'], { cwd: root });
    const dockerfile = result.files.find((f) => path.basename(f.file) === 'Dockerfile.packages');
    assert.ok(dockerfile, 'the Dockerfile is checked');
    return dockerfile.findings.filter((f) => f.rule === 'AL303').map((f) => f.range.start.line + 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('AL303: a stage pinned to the one architecture every build of the Dockerfile makes on purpose', () => {
  // ethereum-optimism's ops/docker/Dockerfile.packages: stages pinned to linux/amd64, and the one Bake
  // target that builds the file says `platforms = ["linux/amd64"]` (with a comment saying why).
  const dockerfile = 'FROM --platform=linux/amd64 debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y make\nRUN make build\n';
  const bake = (platforms: string) => `target "contracts" {\n  dockerfile = "./ops/docker/Dockerfile.packages"\n  context = "."\n  platforms = ${platforms}\n  tags = ["ghcr.io/acme/contracts:1"]\n}\n`;
  it('no finding when every build pins that platform', async () => {
    assert.deepEqual(await al303Lines({ 'docker-bake.hcl': bake('["linux/amd64"]'), 'ops/docker/Dockerfile.packages': dockerfile }), []);
  });
  it('fires: no build, a build of two platforms, a build pinning the other architecture', async () => {
    assert.deepEqual(await al303Lines({ 'ops/docker/Dockerfile.packages': dockerfile }), [1]);
    assert.deepEqual(await al303Lines({ 'docker-bake.hcl': bake('["linux/amd64", "linux/arm64"]'), 'ops/docker/Dockerfile.packages': dockerfile }), [1]);
    assert.deepEqual(await al303Lines({ 'docker-bake.hcl': bake('["linux/arm64"]'), 'ops/docker/Dockerfile.packages': dockerfile }), [1]);
  });
});

describe('AL303: a stage pinned on purpose that a build of the workspace asks for other architectures too', () => {
  // ArchiveBox's Dockerfile: `FROM --platform=linux/amd64 ubuntu:24.04` ("Chrome for Linux is only
  // distributed for amd64") installing an amd64 .deb, while .github/workflows/docker.yml builds it
  // for linux/amd64,linux/arm64: the arm64 image holds amd64 binaries.
  const dockerfile = 'FROM --platform=linux/amd64 ubuntu:24.04\nRUN curl -fsSLO https://dl.google.com/linux/direct/google-chrome-stable_current_amd64.deb && apt-get install -y ./google-chrome-stable_current_amd64.deb\n';
  const workflow = (platforms: string) => `on: push\njobs:\n  docker:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/setup-qemu-action@v3\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          push: true\n          tags: ghcr.io/acme/archive:dev\n${platforms ? `          platforms: ${platforms}\n` : ''}`;
  async function al303(files: Record<string, string>): Promise<Array<{ line: number; messageId?: string; related?: string }>> {
    const root = workspace(files);
    try {
      const result = await checkFiles(['.'], { cwd: root });
      const found = result.files.find((f) => path.basename(f.file) === 'Dockerfile');
      assert.ok(found, 'the Dockerfile is checked');
      return found.findings.filter((f) => f.rule === 'AL303').map((f) => ({
        line: f.range.start.line + 1,
        messageId: f.messageId,
        related: f.related?.map((r) => `${path.relative(root, r.file ?? '')}:${r.range.start.line + 1} ${r.message}`).join('; '),
      }));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
  it('fires, pointing at the build, when a workflow builds it for linux/amd64 and linux/arm64 (ArchiveBox)', async () => {
    const found = await al303({ 'Dockerfile': dockerfile, '.github/workflows/docker.yml': workflow('linux/amd64,linux/arm64') });
    assert.deepEqual(found, [{ line: 1, messageId: 'pinnedBuiltForOthers', related: '.github/workflows/docker.yml:9 builds it for linux/arm64' }]);
  });
  it('no finding when its builds ask for linux/amd64 only, for the runner\'s own platform, or there is no build', async () => {
    assert.deepEqual(await al303({ 'Dockerfile': dockerfile, '.github/workflows/docker.yml': workflow('linux/amd64') }), []);
    assert.deepEqual(await al303({ 'Dockerfile': dockerfile, '.github/workflows/docker.yml': workflow('') }), []);
    assert.deepEqual(await al303({ 'Dockerfile': dockerfile }), []);
  });
  it('no finding for a stage named for its architecture that an ARG-selected FROM picks per target (TykTechnologies/tyk plugin-compiler-ng Dockerfile.release)', async () => {
    const tyk = 'ARG BASE_IMAGE\nFROM --platform=linux/amd64 tykio/golang-cross:1.26 AS go-src-amd64\nFROM --platform=$BUILDPLATFORM debian:bookworm-slim AS go-src-arm64\nRUN curl -fsSLo /tmp/go.tgz https://go.dev/dl/go1.26.linux-arm64.tar.gz && tar -C /usr/local -xzf /tmp/go.tgz\nFROM go-src-${TARGETARCH} AS go-toolchain\nFROM ${BASE_IMAGE}\nCOPY --from=go-toolchain /usr/local/go /usr/local/go\n';
    const found = await al303({ 'Dockerfile': tyk, '.github/workflows/docker.yml': workflow('linux/amd64,linux/arm64') });
    assert.ok(found.every((f) => f.messageId !== 'pinnedBuiltForOthers'), JSON.stringify(found));
  });
  it('no finding for a pinned builder stage whose output is copied (its image is not the pin\'s)', async () => {
    const builder = 'FROM --platform=linux/amd64 debian:12 AS fetch\nRUN curl -fsSLO https://example.com/tool_linux_amd64.tar.gz && tar -xzf tool_linux_amd64.tar.gz\nFROM alpine:3.20\nCOPY --from=fetch /tool /usr/local/bin/tool\n';
    const found = await al303({ 'Dockerfile': builder, '.github/workflows/docker.yml': workflow('linux/amd64,linux/arm64') });
    assert.ok(found.every((f) => f.messageId !== 'pinnedBuiltForOthers'), JSON.stringify(found));
  });
});

/** The AL307 lines of one file of a workspace on disk. */
async function al307LinesOf(files: Record<string, string>, file: string): Promise<number[]> {
  const root = workspace(files);
  try {
    const result = await checkFiles(['.'], { cwd: root });
    const found = result.files.find((f) => path.relative(root, path.resolve(root, f.file)).split(path.sep).join('/') === file);
    assert.ok(found, `${file} is checked`);
    return found.findings.filter((f) => f.rule === 'AL307').map((f) => f.range.start.line + 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('AL307: a target constant of the one architecture every build of the Dockerfile makes on purpose', () => {
  // daytona's hack/computer-use: a Dockerfile that compiles with GOARCH=amd64, built only by
  // build-computer-use-amd64.sh with `docker build --platform linux/amd64`, to copy the binary out.
  const dockerfile = (goarch: string) => `FROM ubuntu:22.04\nCOPY --from=golang:1.23 /usr/local/go /usr/local/go\nCOPY . /app\nRUN cd /app && CGO_ENABLED=1 GOOS=linux GOARCH=${goarch} go build -o /app/tool main.go\n`;
  const script = (flags: string) => `#!/bin/bash\nset -e\ndocker build ${flags}-t tool-amd64:build -f hack/tool/Dockerfile .\ndocker run --rm -v "$(pwd)/dist:/dist" tool-amd64:build\n`;
  it('no finding when every build pins that platform (daytona hack/computer-use)', async () => {
    assert.deepEqual(await al307LinesOf({ 'hack/tool/build.sh': script('--platform linux/amd64 '), 'hack/tool/Dockerfile': dockerfile('amd64') }, 'hack/tool/Dockerfile'), []);
  });
  it('fires: no build, a build for whatever the machine is, a build pinning the other architecture', async () => {
    assert.deepEqual(await al307LinesOf({ 'hack/tool/Dockerfile': dockerfile('amd64') }, 'hack/tool/Dockerfile'), [4]);
    assert.deepEqual(await al307LinesOf({ 'hack/tool/build.sh': script(''), 'hack/tool/Dockerfile': dockerfile('amd64') }, 'hack/tool/Dockerfile'), [4]);
    assert.deepEqual(await al307LinesOf({ 'hack/tool/build.sh': script('--platform linux/arm64 '), 'hack/tool/Dockerfile': dockerfile('amd64') }, 'hack/tool/Dockerfile'), [4]);
    assert.deepEqual(await al307LinesOf({ 'hack/tool/build.sh': script('--platform linux/amd64 '), 'hack/tool/Dockerfile': dockerfile('arm64') }, 'hack/tool/Dockerfile'), [4]);
  });
});
