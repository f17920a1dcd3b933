/** AL501/AL502/AL503 in GitHub Actions workflows: build-push-action inputs, run steps, setup steps. */
import * as assert from 'node:assert/strict';
import { chooseFixes } from '../../../server/src/cli/fix';
import { applyEdits } from '../../../server/src/core/text';
import { lint } from '../../helpers/lint';
import { parseGithubWorkflow } from '../../../server/src/buildscripts/github';
import { expectNone, expectOne, findings, fixed } from './util';

const F = '.github/workflows/release.yml';

const workflow = (steps: string, runsOn = 'ubuntu-latest') => `name: release
on: push
jobs:
  image:
    runs-on: ${runsOn}
    steps:
      - uses: actions/checkout@v4
${steps}`;

describe('build scripts: GitHub workflows', () => {
  describe('AL501 push-without-platform', () => {
    it('is silent on the other branch of a shell if that pins one architecture, on a runner of another (infinity release.yml: arm64 by buildx --platform, the x64 rows by plain docker build)', () => {
      const step = (cond: string, runsOn = 'ubuntu-latest') => `name: release
on: push
jobs:
  build:
    strategy:
      matrix:
        target: [x64-v2, arm64]
    runs-on: ${runsOn}
    steps:
      - name: Build and push image
        run: |
          if [[ "\${{ matrix.target }}" == "${cond}" ]]; then
            docker buildx build --platform linux/arm64 -t acme/db:1-arm64 --push .
          else
            docker build -t acme/db:1-\${{ matrix.target }} .
            docker push acme/db:1-\${{ matrix.target }}
          fi
`;
      expectNone(step('arm64'), F, 'AL501');
      // Must still fire: a condition that does not choose by architecture, and an arm64 runner (its plain build is arm64 too).
      assert.equal(findings(step('release'), F, 'AL501').length, 1);
      assert.equal(findings(step('arm64', 'ubuntu-24.04-arm'), F, 'AL501').length, 1);
    });

    it('fires on the uses: line of build-push-action with push: true and no platforms; the fix adds a platforms input', () => {
      const text = workflow(`      - name: Build and push
        uses: docker/build-push-action@v6
        with:
          push: true
          tags: ghcr.io/acme/web:latest
`);
      const f = expectOne(text, F, 'AL501', 'warning', '8:14-8:41',
        'docker/build-push-action pushes an image (push: true) with no platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
      assert.equal(f.fixes?.[0].title, 'Add platforms: linux/amd64, linux/arm64 (and docker/setup-qemu-action and docker/setup-buildx-action before the step)');
      const out = fixed(text, F, f);
      assert.ok(out.endsWith('          tags: ghcr.io/acme/web:latest\n          platforms: linux/amd64,linux/arm64\n'), out);
      assert.ok(out.includes('      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n      - name: Build and push\n'), out);
    });

    it('is silent when every tag goes to a registry on the loopback interface (a job service registry), and fires when one does not', () => {
      // nitro's docker.yml: a `registry:2` service on localhost:5000 receives the image for the job's own test node.
      const step = (tags: string) => workflow(`      - uses: docker/build-push-action@v6
        with:
          push: true
          tags: ${tags}
`);
      expectNone(step('localhost:5000/nitro-node:latest'), F, 'AL501');
      expectNone(step('|\n            127.0.0.1:5000/app:dev\n            localhost:5000/app:latest'), F, 'AL501');
      assert.equal(findings(step('|\n            localhost:5000/app:dev\n            ghcr.io/acme/app:latest'), F, 'AL501').length, 1);
      assert.equal(findings(step('ghcr.io/acme/localhost:latest'), F, 'AL501').length, 1);
    });

    it('adds a with: block when the step has none, and reads a push expression as a push', () => {
      const text = workflow(`      - uses: docker/build-push-action@v6
        with:
      - uses: docker/build-push-action@v6
`);
      expectNone(text, F, 'AL501');
      const text2 = workflow(`      - uses: docker/build-push-action@v6
        with:
          push: \${{ github.event_name != 'pull_request' }}
          tags: |
            ghcr.io/acme/web:latest
            ghcr.io/acme/web:\${{ github.sha }}
`);
      const f = expectOne(text2, F, 'AL501', 'warning', '7:14-7:41',
        "docker/build-push-action pushes an image (push: ${{ github.event_name != 'pull_request' }}) with no platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64");
      const out = fixed(text2, F, f);
      assert.ok(out.includes('            ghcr.io/acme/web:${{ github.sha }}\n          platforms: linux/amd64,linux/arm64\n'), out);
    });

    it('fixes flow mappings and empty platforms inputs into valid YAML, without a second platforms key', () => {
      const msg = 'docker/build-push-action pushes an image (push: true) with no platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64';
      const config = { targets: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] };
      const cases: Array<[string, string, string]> = [
        ['      - uses: docker/build-push-action@v6\n        with: {push: true, tags: "ghcr.io/a/b"}\n', '7:14-7:41',
          '        with: {push: true, tags: "ghcr.io/a/b", platforms: "linux/amd64,linux/arm64"}\n'],
        ['      - {uses: docker/build-push-action@v6, with: {push: true,}}\n', '7:15-7:42',
          '      - {uses: docker/build-push-action@v6, with: {push: true, platforms: "linux/amd64,linux/arm64"}}\n'],
        ['      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          platforms: ""\n', '7:14-7:41',
          '          push: true\n          platforms: linux/amd64,linux/arm64\n'],
        ['      - uses: docker/build-push-action@v6\n        with:\n          platforms:   # set below\n          push: true\n', '7:14-7:41',
          '          platforms:   linux/amd64,linux/arm64 # set below\n          push: true\n'],
        ['      - uses: docker/build-push-action@v6\n        with: {platforms: , push: true}\n', '7:14-7:41',
          '        with: {platforms: "linux/amd64,linux/arm64", push: true}\n'],
      ];
      for (const [steps, range, expected] of cases) {
        const text = workflow(steps, 'ubuntu-24.04-arm');
        const f = expectOne(text, F, 'AL501', 'warning', range, msg, { config });
        const out = fixed(text, F, f, { config });
        assert.ok(out.includes(expected), out);
        assert.equal(out.match(/platforms:/g)?.length, 1, out);
      }
    });

    it('a run: in a one-line step: the fix repeats --platform (a comma would end the YAML value)', () => {
      const text = workflow('      - {name: push, run: docker buildx build -t a/b --push .}\n');
      const f = expectOne(text, F, 'AL501', 'warning', '7:26-7:45',
        'docker buildx build pushes an image (--push) with no --platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
      assert.ok(fixed(text, F, f).includes('      - {name: push, run: docker buildx build --platform linux/amd64 --platform linux/arm64 -t a/b --push .}\n'));
    });

    it('reads DOCKER_DEFAULT_PLATFORM from the step, job or workflow env: (innermost wins)', () => {
      const run = '      - run: docker build -t ghcr.io/a/b . && docker push ghcr.io/a/b\n';
      const withEnv = (workflowEnv: string, jobEnv: string, stepEnv = '') => `on: push
${workflowEnv ? `env:\n  DOCKER_DEFAULT_PLATFORM: ${workflowEnv}\n` : ''}jobs:
  image:
    runs-on: ubuntu-latest
${jobEnv ? `    env:\n      DOCKER_DEFAULT_PLATFORM: ${jobEnv}\n` : ''}    steps:
      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
${run}${stepEnv ? `        env:\n          DOCKER_DEFAULT_PLATFORM: ${stepEnv}\n` : ''}`;
      for (const text of [withEnv('', 'linux/amd64,linux/arm64'), withEnv('linux/amd64', 'linux/arm64,linux/amd64'), withEnv('', '', '${{ vars.PLATFORMS }}')]) {
        expectNone(text, F, 'AL501');
        expectNone(text, F, 'AL502');
      }
      const text = withEnv('"linux/amd64"', '');
      const f = expectOne(text, F, 'AL502', 'info', '2:27-2:40',
        'docker build pushes only linux/amd64 (docker push on line 10); the targets also include linux/arm64, where this image will not run');
      assert.ok(fixed(text, F, f).includes('  DOCKER_DEFAULT_PLATFORM: "linux/amd64,linux/arm64"\n'));
      expectOne(withEnv('linux/amd64', '', "''"), F, 'AL501', 'warning', '9:13-9:25',
        'docker build pushes an image (docker push on line 10) with no --platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
    });

    it('reads outputs: like --output (type=registry, or push=true on an image output)', () => {
      const step = (outputs: string) => workflow(`      - uses: docker/build-push-action@v6\n        with:\n          outputs: ${outputs}\n`);
      expectOne(step('type=image,name=ghcr.io/a/b,push=true'), F, 'AL501', 'warning', '7:14-7:41',
        'docker/build-push-action pushes an image (outputs: type=image,name=ghcr.io/a/b,push=true) with no platforms: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
      expectNone(step('type=local,dest=out'), F, 'AL501');
      expectNone(step('type=tar,dest=out.tar,push=true'), F, 'AL501');
    });

    it('fires on run: steps that build and push in one job, across steps', () => {
      const text = workflow(`      - run: docker build -t ghcr.io/acme/web:\${{ github.sha }} .
      - name: push
        run: |
          echo push
          docker push ghcr.io/acme/web:\${{ github.sha }}
`);
      const f = expectOne(text, F, 'AL501', 'warning', '7:13-7:25',
        'docker build pushes an image (docker push on line 12) with no --platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64');
      assert.ok(fixed(text, F, f).includes('      - run: docker build --platform linux/amd64,linux/arm64 -t ghcr.io/acme/web:${{ github.sha }} .\n'));
    });

    it('is silenced above the step or above the uses: line', () => {
      const step = `        uses: docker/build-push-action@v6
        with:
          push: true
`;
      expectNone(workflow(`      # archlens ignore=AL501\n      - name: Build\n${step}`), F, 'AL501');
      expectNone(workflow(`      - name: Build\n        # archlens ignore=AL501\n${step}`), F, 'AL501');
      expectNone(workflow('      # archlens ignore=AL501\n      - name: Release\n        run: |\n          echo go\n          docker buildx build -t a/b --push .\n'), F, 'AL501');
      expectNone(workflow('      - name: Release\n        # archlens ignore=AL501\n        run: |\n          echo go\n          docker buildx build -t a/b --push .\n'), F, 'AL501');
    });

    it('does not fire: no push, load, platforms from a matrix, pwsh steps, push in another job', () => {
      for (const steps of [
        '      - uses: docker/build-push-action@v6\n        with:\n          push: false\n',
        '      - uses: docker/build-push-action@v6\n        with:\n          load: true\n',
        '      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          platforms: ${{ matrix.platform }}\n',
        '      - run: docker buildx build --push -t a/b .\n        shell: pwsh\n',
        '      - run: docker buildx build --platform ${{ matrix.platform }} --push -t a/b .\n',
      ]) expectNone(workflow(steps), F, 'AL501');
      const twoJobs = `jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t a/b .
  push:
    runs-on: ubuntu-latest
    steps:
      - run: docker push a/b
`;
      expectNone(twoJobs, F, 'AL501');
      // Expressions of equal length are different tags: matched on the text as written.
      expectNone(workflow('      - run: |\n          docker build -t a/b:${{ env.A }} .\n          docker push a/b:${{ env.B }}\n'), F, 'AL501');
    });
    it('keeps the finding, but the QEMU fix is not preferred, when another job of the workflow builds on native runners of each architecture', () => {
      // apache/incubator-gluten's docker_image.yml: centos-8 images on a matrix of x64 and arm runners,
      // centos-7 ones on ubuntu-latest alone (hours of C++ under QEMU, bases that may lack arm64).
      const job = (name: string, runsOn: string, matrix: string) => `  ${name}:
    runs-on: ${runsOn}
${matrix}    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          file: dev/docker/Dockerfile.${name}
          push: true
          tags: apache/gluten:${name}
`;
      const centos7 = job('centos7', 'ubuntu-latest', '');
      const centos8 = job('centos8', '${{ matrix.os }}', '    strategy:\n      matrix:\n        os: [ ubuntu-latest, ubuntu-24.04-arm ]\n');
      const both = `name: images\non: push\njobs:\n${centos7}${centos8}`;
      const [f] = findings(both, F, 'AL501');
      assert.equal(f.range.start.line, 8);
      assert.equal(f.fixes?.[0].preferred, undefined, f.fixes?.[0].title);
      assert.match(f.fixes?.[0].title ?? '', /native runners \(job "centos8"'s matrix\)/);
      // Must still prefer the fix: the same job where no job of the file uses native runners.
      const [alone] = findings(`name: images\non: push\njobs:\n${centos7}`, F, 'AL501');
      assert.equal(alone.fixes?.[0].preferred, true, alone.fixes?.[0].title);
    });
  });

  describe('AL502 single-platform-push', () => {
    it('fires on the platforms: value and the fix appends to a comma list', () => {
      const text = workflow(`      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64
          push: true
`);
      const f = expectOne(text, F, 'AL502', 'info', '11:21-11:32',
        'docker/build-push-action pushes only linux/amd64 (push: true); the targets also include linux/arm64, where this image will not run');
      assert.ok(fixed(text, F, f).includes('          platforms: linux/amd64,linux/arm64\n'));
    });

    it('counts each line of a platforms: | block and appends a line', () => {
      const text = workflow(`      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          push: true
          platforms: |
            linux/arm64
`);
      const f = expectOne(text, F, 'AL502', 'info', '12:12-12:23',
        'docker/build-push-action pushes only linux/arm64 (push: true); the targets also include linux/amd64, where this image will not run');
      const out = fixed(text, F, f);
      assert.ok(out.endsWith('          platforms: |\n            linux/arm64\n            linux/amd64\n'), out);
      expectNone(text.replace('            linux/arm64\n', '            linux/arm64\n            linux/amd64\n'), F, 'AL502');
    });

    it('an arm64 runner that builds linux/arm64 alone does so on purpose (hexpm/bob), an amd64 runner does not', () => {
      const steps = `      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/arm64
          push: true
`;
      // GitHub's runners are amd64 unless the job asks for an ARM one: picking it is the choice.
      expectNone(workflow(steps, 'ubuntu-24.04-arm'), F, 'AL502');
      expectNone(workflow(steps, '[self-hosted, linux, arm64]'), F, 'AL502');
      // Must still fire: linux/arm64 alone on the default amd64 runner, and linux/amd64 alone on an ARM runner.
      expectOne(workflow(steps), F, 'AL502', 'info', '10:21-10:32',
        'docker/build-push-action pushes only linux/arm64 (push: true); the targets also include linux/amd64, where this image will not run');
      const f = expectOne(workflow(steps.replace('linux/arm64', 'linux/amd64'), 'ubuntu-24.04-arm'), F, 'AL502', 'info', '10:21-10:32',
        'docker/build-push-action pushes only linux/amd64 (push: true); the targets also include linux/arm64, where this image will not run');
      assert.equal(f.fixes?.[0].preferred, true);
      // The same for a run: step.
      const run = '      - run: docker buildx build --platform linux/arm64 -t ghcr.io/a/b --push .\n';
      expectNone(workflow(run, 'ubuntu-24.04-arm'), F, 'AL502');
      expectOne(workflow(run), F, 'AL502', 'info', '7:44-7:55',
        'docker buildx build pushes only linux/arm64 (--push); the targets also include linux/amd64, where this image will not run');
    });
  });

  describe('AL503 multiplatform-without-builder', () => {
    const msgBoth = 'docker/build-push-action builds 2 platforms without docker/setup-buildx-action earlier in job "image": the default docker driver refuses multi-platform builds; and it builds for arm64 on an amd64 runner without docker/setup-qemu-action earlier in job "image": RUN steps for arm64 fail with exec format error';

    it('fires on the uses: line when both setup steps are missing; the fix inserts them before the step', () => {
      const text = workflow(`      - name: Build
        uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
          push: true
`);
      const f = expectOne(text, F, 'AL503', 'warning', '8:14-8:41', msgBoth);
      const out = fixed(text, F, f);
      assert.ok(out.includes(`      - uses: actions/checkout@v4
      - name: Set up QEMU
        uses: docker/setup-qemu-action@v3
      - name: Set up Docker Buildx
        uses: docker/setup-buildx-action@v3
      - name: Build
`), out);
    });

    it('asks only for QEMU when buildx is set up, and only for buildx on a matching native runner', () => {
      const steps = `      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/arm64
`;
      const f = expectOne(workflow(steps), F, 'AL503', 'warning', '8:14-8:41',
        'docker/build-push-action builds for arm64 on an amd64 runner without docker/setup-qemu-action earlier in job "image": RUN steps for arm64 fail with exec format error');
      assert.ok(fixed(workflow(steps), F, f).includes('      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - uses: docker/build-push-action@v6\n'));
      expectNone(workflow(steps, 'ubuntu-24.04-arm'), F, 'AL503');
    });

    it('fires on a run: step multi-platform buildx build (4-space indentation)', () => {
      const text = `jobs:
    image:
        runs-on: ubuntu-24.04-arm
        steps:
            -   run: docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .
`;
      const f = expectOne(text, F, 'AL503', 'warning', '4:21-4:40',
        'docker buildx build builds 2 platforms without docker/setup-buildx-action earlier in job "image": the default docker driver refuses multi-platform builds; and it builds for amd64 on an arm64 runner without docker/setup-qemu-action earlier in job "image": RUN steps for amd64 fail with exec format error');
      assert.equal(fixed(text, F, f), `jobs:
    image:
        runs-on: ubuntu-24.04-arm
        steps:
            -   name: Set up QEMU
                uses: docker/setup-qemu-action@v3
            -   name: Set up Docker Buildx
                uses: docker/setup-buildx-action@v3
            -   run: docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .
`);
    });

    it('fixes of several builds in one job add each setup step once (fix-all, --fix)', () => {
      const text = workflow(`      - name: Web
        uses: docker/build-push-action@v6
        with:
          push: true
      - name: Worker
        uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
          push: true
      - run: |
          docker buildx build -t ghcr.io/acme/cli --push .
`);
      // What --fix and the editor's fix-all do: non-clashing preferred fixes together, re-lint, repeat.
      let out = text;
      for (let pass = 0; pass < 10; pass++) {
        const chosen = chooseFixes(lint(out, { file: F }).findings, out);
        if (chosen.length === 0) break;
        out = applyEdits(out, chosen.flatMap((c) => c.fix.edits));
      }
      assert.deepEqual(lint(out, { file: F }), { findings: [], problems: [] });
      assert.equal(out.match(/docker\/setup-qemu-action/g)?.length, 1, out);
      assert.equal(out.match(/docker\/setup-buildx-action/g)?.length, 1, out);
      assert.ok(out.includes(`      - uses: actions/checkout@v4
      - name: Set up QEMU
        uses: docker/setup-qemu-action@v3
      - name: Set up Docker Buildx
        uses: docker/setup-buildx-action@v3
      - name: Web
`), out);
    });

    it('inserts before a step whose dash stands alone on its line', () => {
      const text = workflow(`      -
        name: Build
        uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
`);
      const f = expectOne(text, F, 'AL503', 'warning', '9:14-9:41', msgBoth);
      assert.ok(fixed(text, F, f).includes('      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n      -\n        name: Build\n'));
    });

    it('does not fire: setup steps present, setup steps in another job, single native platform, self-hosted runner with one platform, not a workflow', () => {
      const ok = `      - uses: docker/setup-qemu-action@v3
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          platforms: linux/amd64,linux/arm64
`;
      expectNone(workflow(ok), F, 'AL503');
      const multi = '      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n';
      expectNone(workflow('      - uses: ./.github/actions/docker-setup\n' + multi), F, 'AL503');
      expectNone(workflow('      - run: |\n          docker run --privileged --rm tonistiigi/binfmt --install all\n          docker buildx create --name multi --use\n' + multi), F, 'AL503');
      expectOne(workflow(multi + '      - uses: docker/setup-buildx-action@v3\n'), F, 'AL503', 'warning', '7:14-7:41', msgBoth);
      expectNone(workflow('      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64\n'), F, 'AL503');
      expectNone(workflow('      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/arm64\n', '[self-hosted, linux]'), F, 'AL503');
      assert.deepEqual(findings('docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n', 'ci.sh', 'AL503'), []);
    });
  });

  describe('workflows that build nothing', () => {
    const tests = 'name: test\non: [push]\njobs:\n  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: |\n          npm ci\n          npm test\n';

    it('one that names no build tool, calls no workflow and runs no make is read as building nothing, with no problem', () => {
      const { model, problems } = parseGithubWorkflow(tests);
      assert.deepEqual({ builds: model?.builds, mirrors: model?.mirrors, problems }, { builds: [], mirrors: [], problems: [] });
    });

    it('its syntax errors are still reported, and a call of a local workflow or a make step with an environment is still read', () => {
      const broken = lint(tests.replace('runs-on: ubuntu-latest', 'runs-on: [ubuntu-latest'), { file: F });
      assert.equal(broken.problems.length, 1);
      assert.match(broken.problems[0].message, /^YAML: /);
      const calls = parseGithubWorkflow('on: [push]\njobs:\n  image:\n    uses: ./.github/workflows/image.yml\n    with:\n      arch: arm64\n');
      assert.equal(calls.model?.workflowCalls?.length, 1);
      const make = parseGithubWorkflow('on: [push]\nenv:\n  IMG: ghcr.io/acme/app\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make image\n');
      assert.deepEqual(make.model?.makeEnvironment?.map((e) => e.name), ['IMG']);
    });
  });
});
