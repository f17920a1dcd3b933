/**
 * `archlens check` (the built CLI, offline) on a folder whose build files read Dockerfiles of the
 * same folder: the CLI's offline phase runs before the workspace image map exists, so AL501–AL503
 * must be decided again with it. An OLM bundle pushed without platforms holds only manifests (AL501
 * says what fails for it: an index nodes of other architectures cannot pull), a multi-platform
 * workflow build cross-compiled on the build platform needs no QEMU (no AL503); the operator image
 * pushed beside the bundle gets the plain AL501, and the same Makefile checked alone (no Dockerfile
 * to read) gets the plain message for both.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { archlens, assertNoStack, ensureBuilt, workspace } from './helpers';

interface JsonFinding { file: string; rule: string; message: string; range: { start: { line: number } } }

const FILES = {
  'bundle.Dockerfile': 'FROM scratch\nLABEL operators.operatorframework.io.bundle.mediatype.v1=registry+v1\nCOPY bundle/manifests /manifests/\nCOPY bundle/metadata /metadata/\n',
  Dockerfile: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /manager .\nFROM gcr.io/distroless/static\nCOPY --from=build /manager /manager\nENTRYPOINT ["/manager"]\n',
  Makefile: 'IMG ?= quay.io/acme/op:v1\nBUNDLE_IMG ?= quay.io/acme/op-bundle:v1\n\ndocker-build:\n\tdocker build -t $(IMG) .\n\ndocker-push: docker-build\n\tdocker push $(IMG)\n\nbundle-build:\n\tdocker build -f bundle.Dockerfile -t $(BUNDLE_IMG) .\n\nbundle-push: bundle-build\n\tdocker push $(BUNDLE_IMG)\n',
  '.github/workflows/release.yml': 'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n        with:\n          platforms: linux/amd64,linux/arm64\n          push: true\n          tags: quay.io/acme/op:v1\n',
};

describe('archlens check: build files read what their Dockerfiles put in the image (offline)', function () {
  this.timeout(120_000);
  let dir = '';
  before(() => {
    ensureBuilt();
    dir = workspace(FILES);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = (args: string[]) => {
    const run = archlens(['check', '--offline', '--format', 'json', '--fail-on', 'none', ...args], dir);
    assert.equal(run.code, 0, run.stderr);
    assertNoStack(run.stderr);
    return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings
      .filter((f) => /^AL50/.test(f.rule))
      .map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}${/nothing in it that executes/.test(f.message) ? ' (data only)' : ''}`);
  };

  it('the folder: the operator push fires, the bundle push says it holds nothing that executes, no QEMU step is asked for', () => {
    assert.deepEqual(check(['.']), ['AL501 Makefile:5', 'AL501 Makefile:11 (data only)']);
  });

  it('the Makefile alone: nothing tells what the bundle holds, both pushes fire', () => {
    assert.deepEqual(check(['Makefile']), ['AL501 Makefile:5', 'AL501 Makefile:11']);
  });

  it('--fix on the folder: the operator push gets its platforms, the bundle push (no fix: a separate push) stays as it was', () => {
    const fixDir = workspace({ ...FILES, Makefile: 'IMG ?= quay.io/acme/op:v1\nBUNDLE_IMG ?= quay.io/acme/op-bundle:v1\n\nrelease:\n\tdocker buildx create --use\n\tdocker buildx build -t ${IMG} --push .\n\nbundle-build:\n\tdocker build -f bundle.Dockerfile -t $(BUNDLE_IMG) .\n\nbundle-push: bundle-build\n\tdocker push $(BUNDLE_IMG)\n' });
    try {
      const run = archlens(['check', '--offline', '--fix', '--fail-on', 'none', '.'], fixDir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /fixed Makefile:6 {2}AL501 {2}Add --platform linux\/amd64,linux\/arm64/);
      assert.match(fs.readFileSync(`${fixDir}/Makefile`, 'utf8'), /\tdocker buildx build --platform linux\/amd64,linux\/arm64 -t \$\{IMG\} --push \.\n/);
      const after = archlens(['check', '--offline', '--format', 'json', '--fail-on', 'none', '.'], fixDir);
      assert.deepEqual((JSON.parse(after.stdout) as { findings: JsonFinding[] }).findings.filter((f) => /^AL50/.test(f.rule)).map((f) => `${f.rule} ${f.file}:${f.range.start.line + 1}`), ['AL501 Makefile:9']);
    } finally {
      fs.rmSync(fixDir, { recursive: true, force: true });
    }
  });

  it('--fix adds buildx alone when the Dockerfile runs nothing on the target, and the re-check (the step moved two lines down) agrees', () => {
    const noBuildx = FILES['.github/workflows/release.yml'].replace('      - uses: docker/setup-buildx-action@v3\n', '');
    const fixDir = workspace({ ...FILES, '.github/workflows/release.yml': noBuildx });
    try {
      const run = archlens(['check', '--offline', '--fix', '--fail-on', 'none', '.'], fixDir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /fixed \.github\/workflows\/release\.yml:7 {2}AL503 {2}Add docker\/setup-buildx-action before this step/);
      assert.doesNotMatch(run.stderr, /not applied/);
      assert.equal(fs.readFileSync(`${fixDir}/.github/workflows/release.yml`, 'utf8'), noBuildx.replace('      - uses: docker/build-push-action@v6\n', '      - name: Set up Docker Buildx\n        uses: docker/setup-buildx-action@v3\n      - uses: docker/build-push-action@v6\n'));
    } finally {
      fs.rmSync(fixDir, { recursive: true, force: true });
    }
  });

  it('the workflow alone: the Dockerfile is not read, so QEMU is asked for', () => {
    assert.deepEqual(check(['.github/workflows/release.yml']), ['AL503 .github/workflows/release.yml:8']);
  });
});
