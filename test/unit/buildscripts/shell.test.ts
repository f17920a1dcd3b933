/** AL501/AL502 in shell scripts: the command model (tools, flags, chains, continuations, push matching). */
import * as assert from 'node:assert/strict';
import { expectNone, expectOne, findings, fixed } from './util';

const F = 'scripts/release.sh';
const AL501_MSG = (what: string, how: string) =>
  `${what} pushes an image (${how}) with no --platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64, linux/arm64`;

describe('build scripts: shell', () => {
  describe('AL501 push-without-platform', () => {
    it('fires on docker buildx build --push, fix adds the targets', () => {
      const text = '#!/bin/sh\nset -e\ndocker buildx build -t ghcr.io/acme/web:1.0 --push .\n';
      const f = expectOne(text, F, 'AL501', 'warning', '2:0-2:19', AL501_MSG('docker buildx build', '--push'));
      assert.equal(fixed(text, F, f), '#!/bin/sh\nset -e\ndocker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/acme/web:1.0 --push .\n');
    });

    it('fires on a build and a later docker push of the same tag, with the push as related information', () => {
      const text = 'docker build -t registry.example.com/web:$VERSION .\necho built\ndocker push registry.example.com/web:$VERSION\n';
      const f = expectOne(text, F, 'AL501', 'warning', '0:0-0:12', AL501_MSG('docker build', 'docker push on line 3'));
      assert.deepEqual(f.related?.map((r) => `${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character} ${r.message}`), ['2:0-2:45 pushed here']);
      assert.equal(fixed(text, F, f), 'docker buildx build --platform linux/amd64,linux/arm64 --push -t registry.example.com/web:$VERSION .\necho built\n');
    });

    it('is silent on pushes to a registry on this machine\'s loopback interface (scylla-operator hack/kind/lib.sh: the kind cluster\'s local registry)', () => {
      for (const text of [
        'docker build -t localhost:5001/acme/op:latest . && docker push localhost:5001/acme/op:latest\n',
        'docker buildx build -t 127.0.0.1:5000/acme/op:1 --push .\n',
        // A name under .localhost, loopback by RFC 6761: k3d's registry (gethomepage/homepage k3d/k3d-deploy.sh).
        'DOCKER_BUILDKIT=1 docker build -t k3d-registry.localhost:55000/homepage:local ..\ndocker push k3d-registry.localhost:55000/homepage:local\n',
        // Through variables, a function's `local` among them.
        'KIND_REGISTRY_HOST="localhost"\nKIND_REGISTRY_PORT="${KIND_REGISTRY_PORT:-5001}"\nfunction build-and-push {\n  local tag_ref="${KIND_REGISTRY_HOST}:${KIND_REGISTRY_PORT}/acme/op:latest"\n  podman build --format docker -t "${tag_ref}" .\n  podman push --tls-verify=false "${tag_ref}"\n}\n',
      ]) expectNone(text, F, 'AL501');
    });

    it('still fires when a push leaves this machine: a remote registry through variables, a host named localhost.*, one remote push of two', () => {
      for (const text of [
        'REG=registry.example.com\nbuild() {\n  local ref="${REG}:5000/acme/op"\n  docker build -t "$ref" . && docker push "$ref"\n}\n',
        'docker build -t localhost.example.com/acme/op . && docker push localhost.example.com/acme/op\n',
        'docker build -t registry.localhost.example.com:5000/op . && docker push registry.localhost.example.com:5000/op\n',
        'docker build -t localhost:5000/op . && docker tag localhost:5000/op ghcr.io/acme/op && docker push localhost:5000/op && docker push ghcr.io/acme/op\n',
        'docker buildx build -t localhost:5000/op -t ghcr.io/acme/op --push .\n',
      ]) assert.equal(findings(text, F, 'AL501').length, 1, text);
    });

    it('fires in && and ; chains and through docker tag aliases', () => {
      const text = 'docker build -t web . && docker tag web ghcr.io/acme/web:1; docker push ghcr.io/acme/web:1\n';
      expectOne(text, F, 'AL501', 'warning', '0:0-0:12', AL501_MSG('docker build', 'docker push on line 1'));
    });

    it('recognises every build spelling and pushing output', () => {
      const cases: Array<[string, string, string]> = [
        ['docker image build -t a/b --push .', '0:0-0:18', 'docker image build'],
        ['docker buildx b -t a/b --push .', '0:0-0:15', 'docker buildx b'],
        ['docker build --output type=registry -t a/b .', '0:0-0:12', 'docker build'],
        ['docker build -t a/b --push .', '0:0-0:12', 'docker build'],
        ['docker buildx build -o type=image,name=a/b,push=true .', '0:0-0:19', 'docker buildx build'],
        ['docker buildx build --output=type=registry,ref=a/b .', '0:0-0:19', 'docker buildx build'],
        ['nerdctl build -t a/b . && nerdctl push a/b', '0:0-0:13', 'nerdctl build'],
        ['podman build -t a/b . && podman push a/b', '0:0-0:12', 'podman build'],
        ['docker build -t a/b "$CONTEXT_DIR" && docker push a/b', '0:0-0:12', 'docker build'],
        ['buildah bud -t a/b . && buildah push a/b docker://a/b', '0:0-0:11', 'buildah bud'],
        ['buildah build -t a/b . ; buildah push a/b', '0:0-0:13', 'buildah build'],
        ['sudo -E docker build -t a/b . && sudo docker push a/b', '0:8-0:20', 'docker build'],
        ['docker --context prod build --tag=a/b . && docker image push a/b', '0:0-0:27', 'docker build'],
        ['docker buildx --builder multi build -t a/b --push .', '0:0-0:35', 'docker buildx build'],
        ['docker buildx --builder=multi --debug b -t a/b --push .', '0:0-0:39', 'docker buildx b'],
        ['sudo -u ci -E docker buildx build -t a/b --push .', '0:14-0:33', 'docker buildx build'],
        ['timeout -k 5 30m env -u HOME docker build -t a/b . && docker push a/b', '0:29-0:41', 'docker build'],
        ['nice -n 10 docker buildx build -t a/b --push .', '0:11-0:30', 'docker buildx build'],
      ];
      for (const [line, range, what] of cases) {
        const list = findings(line + '\n', F, 'AL501');
        assert.equal(list.length, 1, line);
        assert.equal(`${list[0].range.start.line}:${list[0].range.start.character}-${list[0].range.end.line}:${list[0].range.end.character}`, range, line);
        assert.ok(list[0].message.startsWith(`${what} pushes an image`), `${line}: ${list[0].message}`);
        assert.match(fixed(line + '\n', F, list[0]), /\b(?:build|bud|b) --platform linux\/amd64,linux\/arm64 /, line);
      }
    });

    it('matches podman/buildah manifest push to a build into that manifest', () => {
      const text = 'podman build --platform linux/amd64 --manifest localhost/web:1 .\npodman manifest push localhost/web:1 docker://quay.io/acme/web:1\n';
      expectOne(text, F, 'AL502', 'info', '0:24-0:35', 'podman build pushes only linux/amd64 (podman manifest push on line 2); the targets also include linux/arm64, where this image will not run');
      expectNone('podman build --platform linux/amd64,linux/arm64 --manifest web .\nbuildah manifest push --all web docker://quay.io/acme/web\n', F, 'AL502');
      expectOne('buildah bud --manifest web .\nbuildah manifest push --all web docker://quay.io/acme/web\n', F, 'AL501', 'warning', '0:0-0:11', AL501_MSG('buildah bud', 'buildah manifest push on line 2'));
    });

    it('reads the tool from a variable naming it ($DOCKER, ${DOCKER:-podman} defaults)', () => {
      const text = 'DOCKER="${DOCKER:-podman}"\n$DOCKER build -t a/b . && "${DOCKER}" push a/b\n';
      const f = expectOne(text, F, 'AL501', 'warning', '1:0-1:13', AL501_MSG('$DOCKER build', '${DOCKER} push on line 2'));
      assert.equal(fixed(text, F, f), 'DOCKER="${DOCKER:-podman}"\n$DOCKER build --platform linux/amd64,linux/arm64 -t a/b . && "${DOCKER}" push a/b\n');
      expectNone('TOOL=make\n$TOOL build -t a/b --push .\n', F, 'AL501');
    });

    it('judges builds into a podman manifest by their platforms, per-arch builds into one manifest as assembled', () => {
      const text = 'podman manifest create web\npodman build --platform linux/amd64 --manifest web .\npodman manifest push web docker://quay.io/acme/web\n';
      expectOne(text, F, 'AL502', 'info', '1:24-1:35', 'podman build pushes only linux/amd64 (podman manifest push on line 3); the targets also include linux/arm64, where this image will not run');
      expectNone('podman manifest create web\npodman build --platform linux/amd64 --manifest web .\npodman build --platform linux/arm64 --manifest web .\npodman manifest push web docker://quay.io/acme/web\n', F, 'AL502');
    });

    it('matches docker push --all-tags to any tag of the repository', () => {
      const text = 'docker build -t acme/web:1 -t acme/web:latest .\ndocker push --all-tags acme/web\n';
      expectOne(text, F, 'AL501', 'warning', '0:0-0:12', AL501_MSG('docker build', 'docker push on line 2'));
    });

    it('reads continuation lines and reports on the first line', () => {
      const text = 'docker buildx build \\\n  --tag ghcr.io/acme/web:1 \\\n  --push \\\n  .\n';
      const f = expectOne(text, F, 'AL501', 'warning', '0:0-0:19', AL501_MSG('docker buildx build', '--push'));
      assert.equal(fixed(text, F, f), 'docker buildx build --platform linux/amd64,linux/arm64 \\\n  --tag ghcr.io/acme/web:1 \\\n  --push \\\n  .\n');
    });

    it('is silenced by # archlens ignore=AL501 (or the name) on the line above', () => {
      expectNone('# archlens ignore=AL501\ndocker buildx build -t a/b --push .\n', F, 'AL501');
      expectNone('# archlens ignore=push-without-platform\ndocker buildx build -t a/b --push .\n', F, 'AL501');
      expectNone('# archlens global ignore=AL501\necho\ndocker buildx build -t a/b --push .\n', F, 'AL501');
    });

    it('does not fire without a push, with a platform, a variable platform, --load, or a push of another tag', () => {
      for (const text of [
        'docker build -t ghcr.io/acme/web:1 .\n',
        'docker buildx build --load -t a/b .\n',
        'docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n',
        'docker buildx build --platform "$PLATFORMS" -t a/b --push .\n',
        'docker buildx build --platform=${PLATFORMS} -t a/b --push .\n',
        'docker buildx build $BUILD_FLAGS -t a/b --push .\n',
        'docker buildx build ${EXTRA_ARGS:-} -t a/b --push .\n',
        'docker buildx build "$@" -t a/b --push .\n',
        'docker buildx build ${@} --push .\n',
        'docker build -t a/b .\ndocker push a/c\n',
        'docker push a/b\ndocker build -t a/b .\n',
        'docker buildx build --push=false -t a/b .\n',
        'docker buildx build --output type=local,dest=out .\n',
        'docker buildx bake --push\n',
        'echo "docker buildx build --push ."\n',
        '# docker buildx build --push .\n',
      ]) expectNone(text, F, 'AL501');
    });

    it('a script that only inspects manifests does not assemble one', () => {
      for (const inspect of ['docker manifest inspect alpine:3.20', 'docker buildx imagetools inspect alpine:3.20', 'crane digest alpine:3.20', 'regctl image inspect alpine:3.20', 'podman manifest inspect alpine:3.20']) {
        expectOne(`${inspect}\ndocker buildx build -t a/b --push .\n`, F, 'AL501', 'warning', '1:0-1:19', AL501_MSG('docker buildx build', '--push'));
      }
      for (const assemble of ['crane index append -t a/b -m a/b:amd64 -m a/b:arm64', 'regctl index create a/b --ref a/b:amd64 --ref a/b:arm64', 'manifest-tool push from-spec spec.yml', 'podman manifest create a/b a/b:amd64 a/b:arm64']) {
        expectNone(`docker build -t a/b:amd64 .\ndocker push a/b:amd64\n${assemble}\n`, F, 'AL501');
      }
    });

    it('leaves per-architecture pushes alone when the script assembles the manifest list itself', () => {
      expectNone('docker build -t a/b:amd64 .\ndocker push a/b:amd64\ndocker manifest create a/b a/b:amd64 a/b:arm64\ndocker manifest push a/b\n', F, 'AL501');
      expectNone('docker buildx build --platform linux/amd64 -t a/b:amd64 --push .\ndocker buildx imagetools create -t a/b a/b:amd64 a/b:arm64\n', F, 'AL502');
    });
  });

  describe('AL502 single-platform-push', () => {
    const msg = (what: string, listed: string, how: string, missing: string) =>
      `${what} pushes only ${listed} (${how}); the targets also include ${missing}, where this image will not run`;

    it('fires on the --platform value and the fix appends the missing targets', () => {
      const text = 'docker buildx build --platform linux/amd64 -t a/b --push .\n';
      const f = expectOne(text, F, 'AL502', 'info', '0:31-0:42', msg('docker buildx build', 'linux/amd64', '--push', 'linux/arm64'));
      assert.equal(fixed(text, F, f), 'docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n');
    });

    it('reads the words of a bash array the build expands, and fixes the value where the array writes it', () => {
      const text = 'ARGS=(\n  --platform linux/amd64 # one for now\n  -t a/b --push .\n)\ndocker buildx build "${ARGS[@]}"\n';
      const f = expectOne(text, F, 'AL502', 'info', '1:13-1:24', msg('docker buildx build', 'linux/amd64', '--push', 'linux/arm64'));
      assert.equal(fixed(text, F, f), text.replace('linux/amd64', 'linux/amd64,linux/arm64'));
      // A plain $ARGS is the array's first word only: not the list.
      expectNone(text.replace('"${ARGS[@]}"', '$ARGS'), F, 'AL502');
    });

    it('reads --platform= and quoted values, and keeps the quotes in the fix', () => {
      const text = 'docker buildx build --platform="linux/arm64" -t a/b --push .\n';
      const f = expectOne(text, F, 'AL502', 'info', '0:31-0:44', msg('docker buildx build', 'linux/arm64', '--push', 'linux/amd64'));
      assert.equal(fixed(text, F, f), 'docker buildx build --platform="linux/arm64,linux/amd64" -t a/b --push .\n');
    });

    it('adds repeated --platform flags together', () => {
      expectNone('docker buildx build --platform linux/amd64 --platform linux/arm64 -t a/b --push .\n', F, 'AL502');
      expectNone('docker buildx build --platform linux/amd64,linux/arm64/v8 -t a/b --push .\n', F, 'AL502');
      const text = 'docker buildx build --platform linux/amd64 --platform linux/386 -t a/b --push .\n';
      const f = expectOne(text, F, 'AL502', 'info', '0:31-0:63', msg('docker buildx build', 'linux/amd64, linux/386', '--push', 'linux/arm64'));
      assert.equal(fixed(text, F, f), 'docker buildx build --platform linux/amd64 --platform linux/386,linux/arm64 -t a/b --push .\n');
    });

    it('reads DOCKER_DEFAULT_PLATFORM (prefix or exported earlier) as the platform list', () => {
      const text = 'export DOCKER_DEFAULT_PLATFORM=linux/amd64\ndocker build -t a/b .\ndocker push a/b\n';
      const f = expectOne(text, F, 'AL502', 'info', '0:31-0:42', msg('docker build', 'linux/amd64', 'docker push on line 3', 'linux/arm64'));
      assert.equal(fixed(text, F, f), 'export DOCKER_DEFAULT_PLATFORM=linux/amd64,linux/arm64\ndocker buildx build --push -t a/b .\n');
      expectNone(text, F, 'AL501');
      expectNone('DOCKER_DEFAULT_PLATFORM=linux/amd64,linux/arm64 docker buildx build -t a/b --push .\n', F, 'AL502');
      expectNone('DOCKER_DEFAULT_PLATFORM=linux/amd64,linux/arm64 docker buildx build -t a/b --push .\n', F, 'AL501');
      expectNone('export DOCKER_DEFAULT_PLATFORM="$P"\ndocker buildx build -t a/b --push .\n', F, 'AL501');
      expectOne('export DOCKER_DEFAULT_PLATFORM=\ndocker buildx build -t a/b --push .\n', F, 'AL501', 'warning', '1:0-1:19', AL501_MSG('docker buildx build', '--push'));
      expectOne('export DOCKER_DEFAULT_PLATFORM=linux/amd64,linux/arm64\nunset DOCKER_DEFAULT_PLATFORM\ndocker buildx build -t a/b --push .\n', F, 'AL501', 'warning', '2:0-2:19', AL501_MSG('docker buildx build', '--push'));
      expectOne('export DOCKER_DEFAULT_PLATFORM=linux/amd64,linux/arm64\nDOCKER_DEFAULT_PLATFORM= docker buildx build -t a/b --push .\n', F, 'AL501', 'warning', '1:25-1:44', AL501_MSG('docker buildx build', '--push'));
    });

    it('follows the configured targets', () => {
      const config = { targets: [{ os: 'linux', architecture: 'amd64' }] };
      expectNone('docker buildx build --platform linux/amd64 -t a/b --push .\n', F, 'AL502', { config });
      const f = expectOne('docker buildx build -t a/b --push .\n', F, 'AL501', 'warning', '0:0-0:19',
        'docker buildx build pushes an image (--push) with no --platform: it gets the architecture of whatever machine runs the build, while the targets are linux/amd64', { config });
      assert.equal(f.fixes?.[0].title, 'Add --platform linux/amd64');
    });

    it('is silenced from the line above a multi-line command', () => {
      expectNone('# archlens ignore=AL502\ndocker buildx build \\\n  --platform linux/amd64 \\\n  -t a/b --push .\n', F, 'AL502');
    });

    it('does not fire for a local single-platform build', () => {
      expectNone('docker buildx build --platform linux/arm64 --load -t a/b .\n', F, 'AL502');
    });
  });
});
