/**
 * AL311 across files (imagemap/deliberate.ts withoutReplacedArgBases): a base image named only by an
 * ARG default (`ARG BASEIMAGE=amd64/alpine` … `FROM ${BASEIMAGE}`) that every build of the
 * Dockerfile in the workspace replaces with `--build-arg BASEIMAGE=…` is never what the workspace
 * builds with — flannel's images/iperf3, whose Makefile passes the amd64/, arm64v8/ or ppc64le/ image
 * for each ARCH. Each case is a real workspace on disk checked with checkFiles, as `archlens check` does.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFiles } from '../../server/src/workspace/check';
import { workspace } from './helpers';

const DOCKERFILE = 'ARG BASEIMAGE=amd64/alpine:3.24\n\nFROM ${BASEIMAGE}\n\nRUN apk add --update iperf3\nENTRYPOINT ["/usr/bin/iperf3"]\n';
/** flannel's images/iperf3/Makefile, shortened: the base for each ARCH, passed to a classic build. */
const MAKEFILE = (build: string) => `ARCH ?= amd64\nifeq ($(ARCH),amd64)\n\tBASEIMAGE=amd64/alpine:3.24\nendif\nifeq ($(ARCH),arm64)\n\tBASEIMAGE=arm64v8/alpine:3.24\nendif\n\ncontainer:\n\t${build}\n`;
const BUILD = 'docker build --pull -t iperf3:latest --build-arg BASEIMAGE=$(BASEIMAGE) -f Dockerfile .';

async function al311Lines(files: Record<string, string>): Promise<number[]> {
  const root = workspace(files);
  try {
    const result = await checkFiles(['.'], { cwd: root });
    const dockerfile = result.files.find((f) => path.basename(f.file) === 'Dockerfile');
    assert.ok(dockerfile, 'the Dockerfile is checked');
    return dockerfile.findings.filter((f) => f.rule === 'AL311').map((f) => f.range.start.line + 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('AL311: a base image ARG that every build replaces (across files)', () => {
  it('no finding when the only build sets the ARG (flannel images/iperf3)', async () => {
    assert.deepEqual(await al311Lines({ 'Makefile': MAKEFILE(BUILD), 'Dockerfile': DOCKERFILE }), []);
  });
  it('no finding when every build sets it, written as --build-arg NAME (from the environment) too', async () => {
    const script = '#!/bin/sh\nexport BASEIMAGE=arm64v8/alpine:3.24\ndocker build --build-arg BASEIMAGE -t iperf3:arm64 .\n';
    assert.deepEqual(await al311Lines({ 'Makefile': MAKEFILE(BUILD), 'build.sh': script, 'Dockerfile': DOCKERFILE }), []);
  });
  it('reads the build arguments from a bash array the builds expand (pypa/manylinux build.sh)', async () => {
    // Shortened from pypa/manylinux: the arguments live in an array, extended under CI by one that expands it.
    const array = (buildArgs: string) => `#!/bin/bash
BUILD_ARGS_COMMON=(
\t"--platform=linux/\${GOARCH}"
\t${buildArgs}
\t--rm -t "\${MANYLINUX_IMAGE}"
\t-f docker/Dockerfile docker/
)
if [ "\${CI:-}" == "true" ]; then
\tBUILD_ARGS_COMMON=(--progress plain "\${BUILD_ARGS_COMMON[@]}")
fi
if [ "\${MANYLINUX_BUILD_FRONTEND}" == "docker" ]; then
\tdocker build "\${BUILD_ARGS_COMMON[@]}"
else
\tdocker buildx build --load "\${BUILD_ARGS_COMMON[@]}"
fi
`;
    assert.deepEqual(await al311Lines({ 'build.sh': array('--build-arg POLICY --build-arg BASEIMAGE'), 'docker/Dockerfile': DOCKERFILE }), []);
    // Must still fire: the array does not set BASEIMAGE.
    assert.deepEqual(await al311Lines({ 'build.sh': array('--build-arg POLICY'), 'docker/Dockerfile': DOCKERFILE }), [3]);
  });
  it('fires on the Dockerfile alone, when a build does not set the ARG, or when the builds set another one', async () => {
    assert.deepEqual(await al311Lines({ 'Dockerfile': DOCKERFILE }), [3]);
    assert.deepEqual(await al311Lines({ 'Makefile': `${MAKEFILE(BUILD)}\nlocal:\n\tdocker build -t iperf3:local .\n`, 'Dockerfile': DOCKERFILE }), [3]);
    assert.deepEqual(await al311Lines({ 'Makefile': MAKEFILE('docker build --build-arg VERSION=1 -t iperf3:latest .'), 'Dockerfile': DOCKERFILE }), [3]);
  });
  it('fires on a namespace written in the FROM itself, whatever the builds set', async () => {
    const written = 'ARG BASEIMAGE=alpine:3.24\nFROM amd64/alpine:3.24\nRUN apk add iperf3\n';
    assert.deepEqual(await al311Lines({ 'Makefile': MAKEFILE(BUILD), 'Dockerfile': written }), [2]);
  });
});
