/** The workspace image map: names as patterns, matching, Dockerfile locations, links, incremental changes, edited workspaces. */
import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/core/config';
import { editedWorkspace } from '../../../server/src/imagemap/edit';
import { factsOfText, imageMapOf, matchesPattern, namePattern, WorkspaceImageMap, type FileFacts } from '../../../server/src/imagemap';
import { parseImageReference, type ImageRef } from '../../../server/src/images/reference';

const config = defaultConfig();
const ref = (text: string): ImageRef => {
  const parsed = parseImageReference(text);
  assert.ok(parsed.ok, text);
  return parsed.ref;
};
const mapOf = (files: Record<string, string>) => imageMapOf(Object.entries(files).map(([f, t]) => factsOfText(f, t, config)).filter((f): f is FileFacts => f !== undefined));
const dockerfileOf = (files: Record<string, string>) => mapOf(files).entries.map((e) => ('file' in e.dockerfile ? e.dockerfile.file : `? ${e.dockerfile.unknown}`));

describe('workspace image map', () => {
  describe('names', () => {
    const pattern = (text: string, from?: string) => namePattern(from === undefined ? [{ text }] : [{ text }, { text: from, from: '$(V)' }]);

    it('canonicalises as the reference parser does (docker.io, library/, index.docker.io), a missing tag is latest', () => {
      assert.deepEqual([pattern('nginx'), pattern('index.docker.io/acme/api:1'), pattern('ghcr.io/acme/api@sha256:abc')].map((o) => o.ok && o.pattern.shown), [
        'docker.io/library/nginx:latest', 'docker.io/acme/api:1', 'ghcr.io/acme/api:latest',
      ]);
    });

    it('reads what a variable decides in the tag as *, a matrix row\'s value as written', () => {
      assert.equal(pattern('ghcr.io/acme/api:', '1.2').ok && (pattern('ghcr.io/acme/api:', '1.2') as { pattern: { tag: string } }).pattern.tag, '*');
      const row = namePattern([{ text: 'ghcr.io/acme/api:' }, { text: 'dev', from: '${{ inputs.v }}' }, { text: '-' }, { text: 'ad', from: '${{ matrix.s }}', fixed: true }]);
      assert.ok(row.ok && row.pattern.tag === '*-ad');
    });

    it('a whole name a variable holds: a plain default tag is a placeholder (*), a templated one keeps its literal text', () => {
      const tagOf = (value: Parameters<typeof namePattern>[0]) => {
        const outcome = namePattern(value);
        assert.ok(outcome.ok);
        return outcome.pattern.tag;
      };
      // kubebuilder's IMG ?= controller:latest, overridden for every release.
      assert.equal(tagOf([{ text: 'quay.io/acme/op:latest', from: '$(IMG)' }]), '*');
      // percona-xtradb-cluster-operator: BUNDLE_IMG ?= $(IMAGE_TAG_BASE):community-bundle-$(VERSION), the operator itself being $(IMAGE_TAG_BASE):main.
      const bundle = [{ text: 'perconalab/pxc-operator', from: '$(IMAGE_TAG_BASE)' }, { text: ':community-bundle-', from: '$(BUNDLE_IMG)' }, { text: '', unknown: '$(shell …) runs a command', from: '$(VERSION)' }];
      assert.equal(tagOf(bundle), 'community-bundle-*');
      const p = (namePattern(bundle) as { pattern: Parameters<typeof matchesPattern>[0] }).pattern;
      assert.deepEqual(['perconalab/pxc-operator:main', 'perconalab/pxc-operator:community-bundle-1-9-0'].map((r) => matchesPattern(p, ref(r))), [false, true]);
      // A tag variable's own default (TAG ?= dev-$(shell date)) is still any tag: the override replaces it whole.
      assert.equal(tagOf([{ text: 'ghcr.io/acme/api:' }, { text: 'dev-', from: '$(TAG)' }, { text: '', unknown: 'x', from: '$(DATE)' }]), '*');
    });

    it('leaves a name unresolved when its repository is not known, with why', () => {
      assert.deepEqual(namePattern([{ text: '', unknown: '$REG is not set in the script', from: '$REG' }, { text: '/api:1' }]), { ok: false, written: '$REG/api:1', reason: '$REG is not set in the script' });
      assert.deepEqual(namePattern([{ text: 'ghcr.io/acme/api' }, { text: '', unknown: 'x', from: '$(SUFFIX)' }]), { ok: false, written: 'ghcr.io/acme/api$(SUFFIX)', reason: 'x' });
      assert.equal(namePattern([{ text: 'ghcr.io/Acme/api:1' }]).ok, false);
    });

    it('matches registry and repository exactly and the tag as a glob; a digest alone matches no build', () => {
      const p = (namePattern([{ text: 'ghcr.io/acme/api:' }, { text: 'v', from: '$(V)' }, { text: '-ad' }]) as { pattern: Parameters<typeof matchesPattern>[0] }).pattern;
      assert.deepEqual(['ghcr.io/acme/api:1.2-ad', 'ghcr.io/acme/api:1.2-adx', 'ghcr.io/acme/web:1-ad', 'docker.io/acme/api:1-ad', `ghcr.io/acme/api@sha256:${'a'.repeat(64)}`].map((r) => matchesPattern(p, ref(r))), [true, false, false, false, false]);
      assert.ok(matchesPattern(p, ref(`ghcr.io/acme/api:2-ad@sha256:${'a'.repeat(64)}`)), 'a tag with a digest: the tag decides');
    });
  });

  describe('Dockerfiles', () => {
    it('docker build: -f relative to where it runs, else the context\'s Dockerfile (Containerfile when that is what exists)', () => {
      assert.deepEqual(dockerfileOf({
        '/r/Makefile': 'a:\n\tdocker build -f build/Dockerfile.api -t x/a .\nb:\n\tdocker build -t x/b sub\nc:\n\tpodman build -t x/c podman\n',
        '/r/podman/Containerfile': 'FROM alpine\n',
      }), ['/r/build/Dockerfile.api', '/r/sub/Dockerfile', '/r/podman/Containerfile']);
    });

    it('GitHub and GitLab CI: paths from the repository root; Compose and Bake: the Dockerfile inside the context', () => {
      assert.deepEqual(dockerfileOf({
        '/r/.github/workflows/ci.yml': 'jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with: {context: api, file: build/api.Dockerfile, tags: x/a}\n      - uses: docker/build-push-action@v6\n        with: {tags: x/b}\n',
        '/r/.gitlab/ci/images.yml': 'b:\n  script:\n    - docker build -t x/c web\n',
        '/r/deploy/compose.yaml': 'services:\n  a:\n    image: x/d\n    build: {context: ../api, dockerfile: Dockerfile.prod}\n',
        '/r/docker-bake.hcl': 'target "e" {\n  context = "svc"\n  dockerfile = "Dockerfile.e"\n  tags = ["x/e"]\n}\n',
      }), ['/r/build/api.Dockerfile', '/r/Dockerfile', '/r/web/Dockerfile', '/r/api/Dockerfile.prod', '/r/svc/Dockerfile.e']);
    });

    it('a script runs from anywhere: the one folder (the script\'s or a parent) where the Dockerfile exists, else unknown', () => {
      assert.deepEqual(dockerfileOf({ '/r/scripts/build.sh': '#!/bin/sh\ndocker build -t x/a -f docker/Dockerfile .\n', '/r/docker/Dockerfile': 'FROM alpine\n' }), ['/r/docker/Dockerfile']);
      assert.deepEqual(dockerfileOf({ '/r/scripts/build.sh': '#!/bin/sh\ndocker build -t x/a -f docker/Dockerfile .\n' }), ['? the script may run from any folder, and no Dockerfile of the workspace fits']);
      assert.deepEqual(dockerfileOf({ '/r/s/build.sh': '#!/bin/sh\ndocker build -t x/a .\n', '/r/s/Dockerfile': 'FROM a\n', '/r/Dockerfile': 'FROM b\n' }), ['? the script may run from several folders (2 Dockerfiles fit)']);
    });

    it('is unknown for a remote or piped context, or a context the command does not settle', () => {
      assert.deepEqual(dockerfileOf({ '/r/Makefile': 'a:\n\tdocker build -t x/a https://github.com/acme/api.git\nb:\n\tdocker build -t x/b - < Dockerfile\nc:\n\tdocker build -t x/c $(CTX)\nd:\n\tdocker build --weird-flag v -t x/d .\n' }), [
        '? the build context is remote (https://github.com/acme/api.git)',
        '? the build reads its context from standard input',
        '? the build context is not known statically: $(CTX) is not set in the Makefile',
        '? --weird-flag is a flag archlens does not know',
      ]);
    });
  });

  describe('the index', () => {
    const files = {
      '/r/Makefile': 'REG ?= ghcr.io/acme\nrelease:\n\tdocker buildx build --platform linux/amd64 -t $(REG)/api:$(V) --push api\n',
      '/r/api/Dockerfile': 'FROM --platform=$BUILDPLATFORM golang AS b\nRUN go build -o /x .\nFROM scratch\nCOPY --from=b /x /x\n',
      '/r/k8s/a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: a, image: "ghcr.io/acme/api:1"}\n',
      '/r/k8s/b.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  containers:\n  - {name: b, image: ghcr.io/acme/other:1}\n',
    };

    it('links deployed images to their builds, and Dockerfiles to the manifests that deploy them', () => {
      const map = mapOf(files);
      assert.deepEqual(map.links().map((l) => [l.deployment.file, l.deployment.image, l.entry.file, l.entry.range.start.line]), [['/r/k8s/a.yaml', 'ghcr.io/acme/api:1', '/r/Makefile', 2]]);
      assert.deepEqual(map.deploymentsOf('/r/api/Dockerfile').map((d) => [d.file, d.range.start.line]), [['/r/k8s/a.yaml', 5]]);
      assert.deepEqual(map.shippedBinaries('/r/api/Dockerfile').map((s) => [s.rule, s.range.start.line]), [['AL306', 1]]);
      assert.equal(map.buildsOf(ref('ghcr.io/acme/api:2'))[0].platforms.kind, 'known');
    });

    it('knows the one architecture every build of a Dockerfile makes on purpose, and ships no binary for it', () => {
      const dockerfile = 'FROM alpine:3.20\nRUN curl -LO https://dl.k8s.io/release/v1.34.1/bin/linux/amd64/kubectl\nCOPY bin/app /app\n';
      const prebuilt = (goarch: string) => ({ '/r/Makefile': `bin:\n\tGOARCH=${goarch} go build -o bin/app .\nimage: bin\n\tdocker build -t ghcr.io/acme/e2e:1 .\n`, '/r/Dockerfile': dockerfile });
      const amd = mapOf(prebuilt('amd64'));
      assert.deepEqual([amd.deliberateArchOf('/r/Dockerfile')?.arch, amd.deliberateArchOf('/r/Dockerfile')?.how], ['amd64', 'inputs']);
      assert.deepEqual(amd.shippedBinaries('/r/Dockerfile'), [], 'the amd64 download is what an amd64 image needs');
      const arm = mapOf(prebuilt('arm64'));
      assert.equal(arm.deliberateArchOf('/r/Dockerfile')?.arch, 'arm64');
      assert.deepEqual(arm.shippedBinaries('/r/Dockerfile').map((b) => [b.rule, b.arch]), [['AL308', 'amd64']], 'an amd64 download in an arm64 image ships');
      assert.equal(mapOf({ ...prebuilt('amd64'), '/r/Dockerfile': dockerfile.replace('COPY bin/app /app\n', '') }).deliberateArchOf('/r/Dockerfile'), undefined, 'nothing from the context goes in');
      assert.equal(mapOf({ '/r/Dockerfile': dockerfile }).deliberateArchOf('/r/Dockerfile'), undefined, 'no build says anything');
      assert.equal(mapOf({ '/r/build.sh': '#!/bin/sh\ndocker build --platform linux/arm64 -t a/b .\n', '/r/Dockerfile': dockerfile }).deliberateArchOf('/r/Dockerfile')?.how, 'platform');
    });

    it('changes incrementally: a file replaced says what it touched, and gives a new index', () => {
      const map = new WorkspaceImageMap();
      for (const [f, t] of Object.entries(files)) map.set(f, factsOfText(f, t, config));
      const before = map.images;
      assert.equal(map.images, before, 'the index is kept while nothing changes');
      const workflowOnly = map.set('/r/Makefile', factsOfText('/r/Makefile', files['/r/Makefile'].replace('linux/amd64', 'linux/amd64,linux/arm64'), config));
      assert.deepEqual(workflowOnly, { builds: true, deployments: false });
      assert.notEqual(map.images, before);
      assert.deepEqual(map.images.buildsOf(ref('ghcr.io/acme/api:1'))[0].platforms, { kind: 'known', platforms: ['linux/amd64', 'linux/arm64'], from: 'written' });
      assert.deepEqual(map.set('/r/k8s/b.yaml', factsOfText('/r/k8s/b.yaml', files['/r/k8s/b.yaml'].replace('other', 'api'), config)), { builds: false, deployments: true });
      assert.equal(map.images.deploymentsOf('/r/api/Dockerfile').length, 2);
      assert.deepEqual(map.set('/r/k8s/b.yaml', undefined), { builds: false, deployments: true });
      assert.deepEqual(map.set('/r/k8s/a.yaml', factsOfText('/r/k8s/a.yaml', `# a comment\n${files['/r/k8s/a.yaml']}`, config)), { builds: false, deployments: true }, 'its place moved');
    });

    it('the workspace as a fix of a build file would leave it; a fix that breaks the file is refused', () => {
      const map = mapOf(files);
      const edit = (newText: string) => [{ file: '/r/Makefile', range: { start: { line: 2, character: 43 }, end: { line: 2, character: 43 } }, newText }];
      const edited = editedWorkspace(map, edit(',linux/arm64'), config);
      assert.ok(!('error' in edited));
      assert.deepEqual(edited.buildsOf(ref('ghcr.io/acme/api:1'))[0].platforms, { kind: 'known', platforms: ['linux/amd64', 'linux/arm64'], from: 'written' });
      assert.deepEqual(map.buildsOf(ref('ghcr.io/acme/api:1'))[0].platforms, { kind: 'known', platforms: ['linux/amd64'], from: 'written' }, 'the original map is untouched');
      const broken = editedWorkspace(map, [{ file: '/r/Makefile', range: { start: { line: 2, character: 1 }, end: { line: 2, character: 13 } }, newText: 'echo' }], config);
      assert.deepEqual(broken, { error: 'the fixed /r/Makefile is not read as the same builds' });
      assert.deepEqual(editedWorkspace(map, [{ file: '/r/nowhere.sh', range: edit('')[0].range, newText: '' }], config), { error: '/r/nowhere.sh is not a build file archlens read' });
    });
  });
});
