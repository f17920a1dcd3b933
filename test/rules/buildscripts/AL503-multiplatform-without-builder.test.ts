/** AL503 multiplatform-without-builder: a workflow builds several platforms, or a foreign one, without the setup steps. */
import { ruleTester } from '../../helpers/rule-tester';

const F = '.github/workflows/release.yml';
const workflow = (steps: string, runsOn = 'ubuntu-latest') => `name: release\non: push\njobs:\n  image:\n    runs-on: ${runsOn}\n    steps:\n      - uses: actions/checkout@v4\n${steps}`;
const build = '      - name: Build\n        uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          push: true\n';
const setup = '      - uses: docker/setup-qemu-action@v3\n      - uses: docker/setup-buildx-action@v3\n';

ruleTester('AL503', { file: F }).run({
  valid: [
    { name: 'both setup steps before the build', text: workflow(setup + build) },
    { name: 'one native platform needs neither', text: workflow(build.replace('linux/amd64,linux/arm64', 'linux/amd64')) },
  ],
  invalid: [
    {
      name: 'both setup steps missing: added before the step by the fix',
      text: workflow(build),
      errors: [{ range: '8:14-8:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', buildx: { platforms: 2 }, qemu: { foreign: 'arm64', runner: 'amd64' } }, severity: 'warning' }],
      output: workflow('      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n' + build),
    },
    {
      name: 'only QEMU missing for a foreign platform on an arm64 runner',
      text: workflow('      - uses: docker/setup-buildx-action@v3\n' + build, 'ubuntu-24.04-arm'),
      errors: [{ range: '9:14-9:41', messageId: 'missingSetup', data: { what: 'docker/build-push-action', job: 'image', qemu: { foreign: 'amd64', runner: 'arm64' } } }],
    },
  ],
});
