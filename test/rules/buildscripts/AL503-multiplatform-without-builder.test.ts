/** AL503 multiplatform-without-builder: a workflow builds several platforms, or a foreign one, without the setup steps. */
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

ruleTester('AL503', { file: F }).run({
  valid: [
    { name: 'both setup steps before the build', text: workflow(setup + build) },
    { name: 'one native platform needs neither', text: workflow(build.replace('linux/amd64,linux/arm64', 'linux/amd64')) },
    { name: 'no QEMU needed when the Dockerfile runs nothing on the target platform', text: workflow(buildxOnly + withFile(build)), ...dockerfile(CROSS) },
  ],
  invalid: [
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
      name: 'only QEMU missing for a foreign platform on an arm64 runner',
      text: workflow('      - uses: docker/setup-buildx-action@v3\n' + build, 'ubuntu-24.04-arm'),
      errors: [{ range: '9:14-9:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'amd64', runner: 'arm64' } } }],
    },
  ],
});
