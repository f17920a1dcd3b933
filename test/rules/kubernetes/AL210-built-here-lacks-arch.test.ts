/** AL210 built-here-lacks-arch: a manifest deploys an image this workspace builds for fewer architectures than the pod may run on. */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/core/text';
import { applyFixAndRelint, findingsOf, lint, rangeOf, type LintOptions } from '../../helpers/lint';
import { ruleTester } from '../../helpers/rule-tester';
import { failed, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import { releaseWorkflow as workflow } from '../../helpers/release-workflow';

const ROOT = '/repo';
const MANIFEST = `${ROOT}/k8s/api.yaml`;
const WORKFLOW = `${ROOT}/.github/workflows/release.yml`;
const DOCKERFILE = `${ROOT}/api/Dockerfile`;


const deployment = (image = 'ghcr.io/acme/api:1.4.2', spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
${spec}      containers:
      - name: api
        image: ${image}
`;

const GOOD_DOCKERFILE = 'FROM gcr.io/distroless/static\nCOPY api /api\n';
const ws = (files: Record<string, string>): LintOptions => ({ file: MANIFEST, workspace: { [DOCKERFILE]: GOOD_DOCKERFILE, ...files } });
const AFFINITY = `      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}
`;

const deployed = { container: 'container "api"', workload: 'Deployment "api"', image: '"ghcr.io/acme/api:1.4.2"' };
const IMAGE_RANGE = '9:15-9:37';
const CONSTRAINED_IMAGE_RANGE = '15:15-15:37';

ruleTester('AL210', { file: MANIFEST }).run({
  valid: [
    { name: 'the build makes every target', text: deployment(), ...ws({ [WORKFLOW]: workflow('linux/amd64,linux/arm64') }) },
    { name: 'the pod runs only where the build makes it', text: deployment(undefined, '      nodeSelector:\n        kubernetes.io/arch: amd64\n'), ...ws({ [WORKFLOW]: workflow('linux/amd64') }) },
    { name: 'another repository', text: deployment('ghcr.io/acme/web:1.4.2'), ...ws({ [WORKFLOW]: workflow('linux/amd64') }) },
    { name: 'a literal tag that is not the deployed one', text: deployment(), ...ws({ [WORKFLOW]: workflow('linux/amd64', 'ghcr.io/acme/api:edge') }) },
    { name: 'a digest names a published image, not a build', text: deployment(`ghcr.io/acme/api@sha256:${'a'.repeat(64)}`), ...ws({ [WORKFLOW]: workflow('linux/amd64') }) },
    {
      name: 'a Makefile build with no platform: the machine that runs make decides (no guess)',
      text: deployment(),
      ...ws({ [`${ROOT}/Makefile`]: 'REGISTRY ?= ghcr.io/acme\nrelease:\n\tdocker build -t $(REGISTRY)/api:$(VERSION) api\n\tdocker push $(REGISTRY)/api:$(VERSION)\n' }),
    },
    {
      name: 'a Makefile default a release workflow overrides on make\'s command line: the caller decides the platforms',
      text: deployment(),
      ...ws({
        [`${ROOT}/Makefile`]: 'PLATFORM ?= linux/amd64\nrelease:\n\tdocker buildx build --platform="$(PLATFORM)" -t ghcr.io/acme/api:$(VERSION) --push api\n',
        [WORKFLOW]: 'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          make release \\\n            VERSION=1.4.2 \\\n            PLATFORM="linux/amd64,linux/arm64"\n',
      }),
    },
    {
      // argo-cd: `make build-ui` builds argocd-ui for $(TARGET_ARCH) to copy files out of it; Tilt builds what manifests/dev-tilt deploys.
      name: 'a build that stays in the local image store (bare name, never pushed) is not what a manifest of that bare name deploys',
      text: deployment('argocd-ui'),
      ...ws({ [`${ROOT}/Makefile`]: 'TARGET_ARCH?=linux/amd64\nbuild-ui:\n\tdocker build -t argocd-ui --platform=$(TARGET_ARCH) --target argocd-ui api\n\tdocker run --rm argocd-ui cp -r /dist /out\n' }),
    },
    {
      // kuberay: the test job builds kuberay/apiserver, `docker save`s it and loads it into its own kind cluster; releases push elsewhere.
      name: 'a CI job builds the image and does not push it: it lives as long as the job, on the runner, so it is not what registries serve',
      text: deployment(),
      ...ws({
        [`${ROOT}/.github/workflows/test.yml`]: `on: pull_request
jobs:
  e2e:
    runs-on: ubuntu-latest
    steps:
      - run: |
          docker build -t ghcr.io/acme/api:\${{ github.sha }} -f api/Dockerfile .
          docker save -o /tmp/api.tar ghcr.io/acme/api:\${{ github.sha }}
`,
        [`${ROOT}/.gitlab-ci.yml`]: 'test:\n  script:\n    - docker build --platform linux/amd64 -t ghcr.io/acme/api:1.4.2 api\n    - docker run --rm ghcr.io/acme/api:1.4.2 /api --version\n',
      }),
    },
    {
      name: 'a repository name the file cannot settle matches nothing',
      text: deployment(),
      ...ws({ [`${ROOT}/build.sh`]: '#!/bin/sh\ndocker buildx build --platform linux/amd64 -t "$REGISTRY/api:1.4.2" --push api\n' }),
    },
    {
      name: 'several builds of one name: one of them makes arm64',
      text: deployment(),
      ...ws({ [WORKFLOW]: workflow('linux/amd64'), [`${ROOT}/build.sh`]: '#!/bin/sh\ndocker buildx build --platform linux/arm64,linux/amd64 -t ghcr.io/acme/api:1.4.2 --push api\n' }),
    },
    {
      name: 'a matrix: each row a build, together every target',
      text: deployment(),
      ...ws({
        [WORKFLOW]: `on: push
jobs:
  image:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        platform: [linux/amd64, linux/arm64]
    steps:
      - uses: docker/build-push-action@v6
        with:
          context: api
          platforms: \${{ matrix.platform }}
          push: true
          tags: ghcr.io/acme/api:1.4.2
`,
      }),
    },
    { name: 'a file checked alone: no workspace, no finding', text: deployment() },
  ],
  invalid: [
    {
      name: 'the same Makefile build under a registry name, pushed: the cluster pulls what it makes',
      text: deployment(),
      ...ws({ [`${ROOT}/Makefile`]: 'TARGET_ARCH?=linux/amd64\nimage:\n\tdocker build -t ghcr.io/acme/api:1.4.2 --platform=$(TARGET_ARCH) api\n\tdocker push ghcr.io/acme/api:1.4.2\n' }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: 'Makefile:3 (docker build)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: 'the same CI build pushed: the cluster pulls what it makes',
      text: deployment(),
      ...ws({ [`${ROOT}/.gitlab-ci.yml`]: 'release:\n  script:\n    - docker build --platform linux/amd64 -t ghcr.io/acme/api:1.4.2 api\n    - docker push ghcr.io/acme/api:1.4.2\n' }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: '.gitlab-ci.yml:3 (docker build)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
        severity: 'warning',
      }],
    },
    {
      name: 'a workflow builds amd64 only, the pod may run on every target',
      text: deployment(),
      ...ws({ [WORKFLOW]: workflow('linux/amd64') }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: '.github/workflows/release.yml:9 (docker/build-push-action)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
        severity: 'warning',
      }],
      output: deployment(undefined, '      nodeSelector:\n        kubernetes.io/arch: amd64\n'),
    },
    {
      name: "an error when the pod's constraint allows the missing architecture",
      text: deployment(undefined, AFFINITY),
      ...ws({ [WORKFLOW]: workflow('linux/amd64') }),
      errors: [{
        range: CONSTRAINED_IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: '.github/workflows/release.yml:9 (docker/build-push-action)', built: 'linux/amd64', constrained: true, allowed: 'amd64 and arm64', missing: 'arm64' },
        severity: 'error',
      }],
    },
    {
      name: 'no platforms named on a GitHub-hosted runner: the runner\'s own',
      text: deployment(),
      ...ws({ [WORKFLOW]: workflow(undefined) }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: '.github/workflows/release.yml:9 (docker/build-push-action)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: 'Make variables: $(VAR) and ${VAR} alike, ?= defaults, the tag a wildcard; the platforms fixed at their definition',
      text: deployment(),
      ...ws({ [`${ROOT}/Makefile`]: 'REGISTRY ?= ghcr.io/acme\nPLATFORMS ?= linux/amd64\nIMAGE = ${REGISTRY}/api:$(VERSION)\n\nrelease:\n\tdocker buildx build --platform=$(PLATFORMS) -t ${IMAGE} --push api\n' }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: 'Makefile:6 (docker buildx build)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: "a script's own assignments and ${X:-default}",
      text: deployment(),
      ...ws({ [`${ROOT}/scripts/release.sh`]: '#!/bin/bash\nREGISTRY="${REGISTRY:-ghcr.io/acme}"\nPLATFORM=linux/amd64\ndocker buildx build --platform "$PLATFORM" -t "${REGISTRY}/api:${TAG}" --push api\n' }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: 'scripts/release.sh:4 (docker buildx build)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: 'a workflow env and an input default',
      text: deployment(),
      ...ws({
        [WORKFLOW]: `on:
  workflow_dispatch:
    inputs:
      registry: {default: ghcr.io/acme}
env:
  PLATFORMS: linux/amd64
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker buildx build --platform "$PLATFORMS" -t "\${{ inputs.registry }}/api:\${{ github.ref_name }}" --push api
`,
      }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: '.github/workflows/release.yml:11 (docker buildx build)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: 'GitLab CI variables',
      text: deployment(),
      ...ws({ [`${ROOT}/.gitlab-ci.yml`]: 'variables:\n  IMAGE: ghcr.io/acme/api\nrelease:\n  script:\n    - docker buildx build --platform linux/amd64 -t $IMAGE:$CI_COMMIT_TAG --push api\n' }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: '.gitlab-ci.yml:5 (docker buildx build)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: 'Bake variables',
      text: deployment(),
      ...ws({ [`${ROOT}/docker-bake.hcl`]: 'variable "TAG" { default = "latest" }\nvariable "PLATFORM" { default = "linux/amd64" }\ntarget "api" {\n  context = "api"\n  tags = ["ghcr.io/acme/api:${TAG}"]\n  platforms = ["${PLATFORM}"]\n}\n' }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: 'docker-bake.hcl:3 (Bake target "api")', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: 'Compose interpolation defaults',
      text: deployment(),
      ...ws({ [`${ROOT}/compose.yaml`]: 'services:\n  api:\n    image: ${REGISTRY:-ghcr.io/acme}/api:${TAG:-dev}\n    build:\n      context: api\n      platforms: ["${PLATFORM:-linux/amd64}"]\n' }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'lacksArch',
        data: { ...deployed, build: 'compose.yaml:4 (Compose service "api")', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64' },
      }],
    },
    {
      name: 'the Dockerfile ships a binary for the build machine: an error where the pod may run on both built architectures',
      text: deployment(),
      ...ws({
        [WORKFLOW]: workflow('linux/amd64,linux/arm64'),
        [DOCKERFILE]: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static\nCOPY --from=build /out/api /api\n',
      }),
      errors: [{
        range: IMAGE_RANGE,
        messageId: 'shipsBuildMachineBinary',
        data: { ...deployed, build: '.github/workflows/release.yml:9 (docker/build-push-action)', archs: 'amd64 and arm64', rule: 'AL306', dockerfile: 'api/Dockerfile:2' },
        severity: 'error',
      }],
    },
  ],
});

describe('AL210 built-here-lacks-arch: fixes, related places, the registry rules', () => {
  const options = ws({ [WORKFLOW]: workflow('linux/amd64') });

  it('points at the build line, and offers both sides: constrain the pod (preferred) or build arm64 too (in the workflow, with QEMU)', () => {
    const text = deployment();
    const [f] = findingsOf(text, 'AL210', options);
    assert.deepEqual(f.related, [{ file: WORKFLOW, range: { start: { line: 8, character: 14 }, end: { line: 8, character: 41 } }, message: 'built here for linux/amd64 (docker/build-push-action)' }]);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred ?? false]), [
      ['Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64)', true],
      ['Require kubernetes.io/arch In [amd64] (node affinity)', false],
      ['Build linux/arm64 too (.github/workflows/release.yml:9) (and docker/setup-qemu-action before the step)', false],
    ]);
    const build = f.fixes[2];
    assert.ok(build.edits.every((e) => e.file === WORKFLOW));
    const fixedWorkflow = applyEdits(options.workspace![WORKFLOW], build.edits);
    assert.ok(fixedWorkflow.includes('          platforms: linux/amd64,linux/arm64\n'));
    assert.ok(fixedWorkflow.includes('      - name: Set up QEMU\n        uses: docker/setup-qemu-action@v3\n      - uses: docker/build-push-action@v6\n'));
    // With the workflow fixed, the manifest is clean.
    applyFixAndRelint(text, f, build, options);
    assert.deepEqual(findingsOf(text, 'AL210', { ...options, workspace: { ...options.workspace, [WORKFLOW]: fixedWorkflow } }), []);
  });

  it('still takes the Makefile default when make\'s command lines elsewhere set other variables only', () => {
    const make = 'PLATFORM ?= linux/amd64\nrelease:\n\tdocker buildx build --platform="$(PLATFORM)" -t ghcr.io/acme/api:$(VERSION) --push api\n';
    const release = 'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make release VERSION=1.4.2 && echo make PLATFORM=linux/arm64\n';
    const [f] = findingsOf(deployment(), 'AL210', ws({ [`${ROOT}/Makefile`]: make, [WORKFLOW]: release }));
    assert.ok(f, 'AL210 must fire');
    assert.equal(f.data && (f.data as { built: string }).built, 'linux/amd64');
  });

  it('takes a workflow env: of a make step as the caller\'s choice for a ?= default only', () => {
    const make = (op: string) => `PLATFORMS ${op} linux/amd64\nrelease:\n\tdocker buildx build --platform=$(PLATFORMS) -t ghcr.io/acme/api:$(VERSION) --push api\n`;
    const release = 'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    env:\n      PLATFORMS: linux/amd64,linux/arm64\n    steps:\n      - run: make release VERSION=1.4.2\n';
    assert.deepEqual(findingsOf(deployment(), 'AL210', ws({ [`${ROOT}/Makefile`]: make('?='), [WORKFLOW]: release })), []);
    // `:=` wins over the environment: the default is what make uses.
    const [f] = findingsOf(deployment(), 'AL210', ws({ [`${ROOT}/Makefile`]: make(':='), [WORKFLOW]: release }));
    assert.ok(f, 'AL210 must fire');
    assert.equal(f.data && (f.data as { built: string }).built, 'linux/amd64');
  });

  it('fixes the platforms where a Make variable defines them', () => {
    const make = 'PLATFORMS ?= linux/amd64\nrelease:\n\tdocker buildx build --platform=$(PLATFORMS) -t ghcr.io/acme/api:$(VERSION) --push api\n';
    const opts = ws({ [`${ROOT}/Makefile`]: make });
    const [f] = findingsOf(deployment(), 'AL210', opts);
    const build = f.fixes!.find((x) => x.title.startsWith('Build'))!;
    assert.equal(build.title, 'Build linux/arm64 too (Makefile:3)');
    assert.equal(applyEdits(make, build.edits), make.replace('PLATFORMS ?= linux/amd64', 'PLATFORMS ?= linux/amd64,linux/arm64'));
  });

  it('offers no build fix for a matrix row (the row is one of several builds of the step)', () => {
    const matrix = workflow('${{ matrix.platform }}').replace('    runs-on: ubuntu-latest\n', '    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        platform: [linux/amd64]\n');
    const [f] = findingsOf(deployment(), 'AL210', ws({ [WORKFLOW]: matrix }));
    assert.equal(f.data && (f.data as { built: string }).built, 'linux/amd64');
    assert.ok(!f.fixes!.some((x) => x.title.startsWith('Build')));
  });

  it('constrains the pod only to what its other images have too', () => {
    const text = deployment().replace('      containers:\n', '      containers:\n      - name: sidecar\n        image: docker.io/library/armonly:1\n');
    const answers = lookups({ 'docker.io/library/armonly:1': indexOf('docker.io/library/armonly:1', ['linux/arm64']) });
    const [f] = findingsOf(text, 'AL210', { ...options, lookups: answers });
    assert.ok(!f.fixes!.some((x) => x.preferred), 'no architecture is common to both images: no constraint to offer');
  });

  // The registry's answer refines the message; applying a fix then leaves what the registry still
  // says (a published image is only replaced by the next push), so these are asserted one by one.
  it('says whether the registry agrees; after the build fix the registry rule speaks for the image still published', () => {
    const text = deployment();
    const amdOnly = lookups({ 'ghcr.io/acme/api:1.4.2': singleOf('ghcr.io/acme/api:1.4.2', 'linux/amd64') });
    const [f] = findingsOf(text, 'AL210', { ...options, lookups: amdOnly });
    assert.equal(rangeOf(f), IMAGE_RANGE);
    assert.deepEqual(f.data, { ...deployed, build: '.github/workflows/release.yml:9 (docker/build-push-action)', built: 'linux/amd64', constrained: false, allowed: 'amd64 and arm64', missing: 'arm64', registry: 'agrees' });
    assert.ok(f.message.endsWith("The registry's image lacks arm64 too."));
    assert.equal(f.fixes?.find((x) => x.preferred)?.title, 'Run on amd64 nodes only (nodeSelector kubernetes.io/arch: amd64)');
    const fixedWorkflow = applyEdits(options.workspace![WORKFLOW], f.fixes.find((x) => x.title.startsWith('Build'))!.edits);
    const after = lint(text, { ...options, lookups: amdOnly, workspace: { ...options.workspace, [WORKFLOW]: fixedWorkflow } }).findings;
    assert.deepEqual(after.map((x) => x.rule), ['AL202']);
    assert.ok(after[0].message.endsWith('the published image predates the build configuration.'));
  });

  it('the registry has arm64 while the build drops it: the published image predates the build configuration, and no fix is preferred', () => {
    const both = lookups({ 'ghcr.io/acme/api:1.4.2': indexOf('ghcr.io/acme/api:1.4.2', ['linux/amd64', 'linux/arm64']) });
    const [f] = findingsOf(deployment(), 'AL210', { ...options, lookups: both });
    assert.equal((f.data as { registry?: string }).registry, 'predates');
    assert.ok(f.message.endsWith("The registry's image has arm64 now, but it predates the build configuration: the next push drops arm64."));
    // Pinning the pod to amd64 would give up arm64 the published image has (AL208): the user chooses.
    assert.ok(f.fixes!.length > 0 && f.fixes!.every((x) => !x.preferred));
    assert.deepEqual(findingsOf(deployment(), 'AL202', { ...options, lookups: both }), []);
  });

  it('the registry rules leave the cause to AL210, and say when the published image predates a build that has the arch', () => {
    const text = deployment();
    const amdOnly = lookups({ 'ghcr.io/acme/api:1.4.2': singleOf('ghcr.io/acme/api:1.4.2', 'linux/amd64') });
    assert.deepEqual(findingsOf(text, 'AL202', { ...options, lookups: amdOnly }), [], 'AL210 speaks for the build that lacks arm64');
    // AL210 turned off: the registry rule speaks again.
    assert.equal(findingsOf(text, 'AL202', { ...options, lookups: amdOnly, config: { rules: { AL210: 'off' } } }).length, 1);
    // The build makes both, the registry has amd64 only: AL202 speaks, and says why.
    const both = ws({ [WORKFLOW]: workflow('linux/amd64,linux/arm64') });
    const [al202] = findingsOf(text, 'AL202', { ...both, lookups: amdOnly });
    assert.equal((al202.data as { predates?: string }).predates, '"ghcr.io/acme/api:1.4.2" is built here by .github/workflows/release.yml:9 (docker/build-push-action) for linux/amd64 and linux/arm64: the published image predates the build configuration');
    assert.ok(al202.message.endsWith('the published image predates the build configuration.'));
    const constrained = deployment(undefined, AFFINITY);
    const [al201] = findingsOf(constrained, 'AL201', { ...both, lookups: amdOnly });
    assert.ok((al201.data as { predates?: string }).predates?.includes('predates the build configuration'));
  });

  it('AL209 stays silent for an image checked against its build (not pushed yet, private, offline)', () => {
    const notFound = lookups({ 'ghcr.io/acme/api:1.4.2': failed('not-found-or-private', 'not found or private') });
    assert.deepEqual(findingsOf(deployment(), 'AL209', { ...options, lookups: notFound }), []);
    assert.equal(findingsOf(deployment(), 'AL209', { lookups: notFound }).length, 1, 'alone, the image is unknown');
    const unknownBuild = ws({ [`${ROOT}/Makefile`]: 'release:\n\tdocker build -t ghcr.io/acme/api:$(V) api\n' });
    assert.equal(findingsOf(deployment(), 'AL209', { ...unknownBuild, lookups: notFound }).length, 1, 'a build whose platforms are unknown checks nothing');
  });

  it('the Dockerfile side: AL306 on the exported stage is raised to error and points at the manifest', () => {
    const dockerfile = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static\nCOPY --from=build /out/api /api\n';
    const result = lint(dockerfile, { file: DOCKERFILE, workspace: { [WORKFLOW]: workflow('linux/amd64,linux/arm64'), [MANIFEST]: deployment() } });
    const [al306] = result.findings.filter((f) => f.rule === 'AL306');
    assert.equal(al306.severity, 'error');
    assert.deepEqual(al306.related?.map((r) => [r.file, rangeOf(r), r.message]), [[MANIFEST, IMAGE_RANGE, 'a manifest deploys this image (ghcr.io/acme/api:1.4.2): pods there run this binary']]);
    // AL308 (a warning by default) is raised to error too; a severity the user set stands.
    const download = 'FROM alpine\nRUN wget https://example.com/tool-linux-amd64.tar.gz\n';
    const opts = { file: DOCKERFILE, workspace: { [WORKFLOW]: workflow('linux/amd64,linux/arm64'), [MANIFEST]: deployment() } };
    assert.equal(lint(download, opts).findings.find((f) => f.rule === 'AL308')?.severity, 'error');
    assert.equal(lint(download, { ...opts, config: { rules: { AL308: 'info' } } }).findings.find((f) => f.rule === 'AL308')?.severity, 'info');
    assert.equal(lint(download, { file: DOCKERFILE }).findings.find((f) => f.rule === 'AL308')?.severity, 'warning');
  });
});
