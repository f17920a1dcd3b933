/** The build model's mirrors: an image pulled, tagged and pushed under another name within one unit (AL505 reads them). */
import * as assert from 'node:assert/strict';
import { parseShellScript } from '../../../server/src/buildscripts/shellscript';
import { parseMakefile } from '../../../server/src/buildscripts/makefile';
import { parseGitlabCi } from '../../../server/src/buildscripts/gitlab';
import type { MirrorSite } from '../../../server/src/buildscripts/model';

const span = (r: MirrorSite['range']) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const mirrorsOf = (text: string) => parseShellScript(text).model!.mirrors.map((m) => [m.shown, m.source, m.target, span(m.range), m.replace ? span(m.replace) : undefined]);

describe('build model: mirrors (pull, tag, push)', () => {
  it('follows the pulled image through its tags to the push, in every spelling', () => {
    assert.deepEqual(mirrorsOf('docker pull nginx:1.27\ndocker tag nginx:1.27 registry.local/nginx:1.27\ndocker push registry.local/nginx:1.27\n'),
      [['docker', 'nginx:1.27', 'registry.local/nginx:1.27', '2:0-2:37', '2:0-2:37']]);
    assert.deepEqual(mirrorsOf('docker image pull "$SRC" && docker image tag "$SRC" "$DST" && docker image push "$DST"\n'),
      [['docker', '"$SRC"', '"$DST"', '0:62-0:86', '0:62-0:86']]);
    assert.deepEqual(mirrorsOf('podman pull a:1\npodman tag a:1 b:1\npodman tag b:1 c:1\npodman push c:1\n').map((m) => m.slice(0, 3)), [['podman', 'a:1', 'c:1']]);
  });
  it('a push with flags of its own gets no place for a copy command', () => {
    assert.deepEqual(mirrorsOf('docker pull a:1\ndocker tag a:1 b:1\ndocker push --quiet b:1\n').map((m) => m[4]), [undefined]);
  });
  it('is no mirror: a pull without a push, another image pushed, a chosen platform, a unit that assembles a manifest list', () => {
    for (const text of [
      'docker pull a:1\ndocker tag a:1 b:1\n',
      'docker pull a:1\ndocker tag c:1 b:1\ndocker push b:1\n',
      'docker pull --platform linux/arm64 a:1\ndocker tag a:1 b:1-arm64\ndocker push b:1-arm64\n',
      'docker pull a:1\ndocker tag a:1 b:1\ndocker push b:1\ndocker manifest create b:all b:1 b:2\n',
      'docker build -t a:1 .\ndocker tag a:1 b:1\ndocker push b:1\n',
    ]) assert.deepEqual(mirrorsOf(text), [], text);
  });
  it('is no mirror when the pushed name was written again after the pull: docker commit, a build (loxilb basic-sanity-ubuntu-22.yml)', () => {
    // loxilb pulls its image, runs it, copies new eBPF objects in, commits the container to the same
    // name, tags and pushes: what goes out is a new image, which a registry-to-registry copy would lose.
    for (const text of [
      'docker pull r/a:latest\ndocker run -d --name a r/a:latest\ndocker commit a r/a:latest\ndocker tag r/a:latest r/a:u22\ndocker push r/a:u22\n',
      'docker pull r/a:1\ndocker tag r/a:1 r/b:1\ndocker container commit -m "with objs" a r/b:1\ndocker push r/b:1\n',
      'podman pull r/a:1\npodman build -t r/a:1 .\npodman tag r/a:1 r/b:1\npodman push r/b:1\n',
    ]) assert.deepEqual(mirrorsOf(text), [], text);
    // Still a mirror: a commit to another name leaves the pulled image as it was.
    assert.deepEqual(mirrorsOf('docker pull r/a:1\ndocker commit c r/other:1\ndocker tag r/a:1 r/b:1\ndocker push r/b:1\n').map((m) => m.slice(1, 3)), [['r/a:1', 'r/b:1']]);
  });
  it('is no mirror when a Compose build ran between the pull and the push: the pull warmed its cache (wemake-django-template .gitlab-ci.yml)', () => {
    // The Compose file names the service's image (`image: app:dev`), which the unit does not see: what is pushed is the build's output.
    for (const text of [
      'docker pull "${IMAGE_FULL_NAME}:dev" || true\ndocker tag "${IMAGE_FULL_NAME}:dev" "${CI_PROJECT_NAME}:dev" || true\ndocker compose --progress=plain build --build-arg BUILDKIT_INLINE_CACHE=1 web\ndocker tag "${CI_PROJECT_NAME}:dev" "${IMAGE_FULL_NAME}:dev"\ndocker push "${IMAGE_FULL_NAME}:dev"\n',
      'docker pull r/a:1\ndocker tag r/a:1 app:1\ndocker-compose -f docker-compose.yml up -d --build\ndocker tag app:1 r/b:1\ndocker push r/b:1\n',
    ]) assert.deepEqual(mirrorsOf(text), [], text);
    // Still mirrors: a Compose command that builds nothing, and a pull after the build.
    assert.deepEqual(mirrorsOf('docker pull r/a:1\ndocker compose pull\ndocker compose up -d\ndocker tag r/a:1 r/b:1\ndocker push r/b:1\n').map((m) => m.slice(1, 3)), [['r/a:1', 'r/b:1']]);
    assert.deepEqual(mirrorsOf('docker compose build\ndocker pull r/a:1\ndocker tag r/a:1 r/b:1\ndocker push r/b:1\n').map((m) => m.slice(1, 3)), [['r/a:1', 'r/b:1']]);
    const job = 'test:\n  before_script:\n    - docker pull "$IMG:dev" || true\n    - docker tag "$IMG:dev" "$NAME:dev" || true\n  script:\n    - docker compose build web\n    - docker tag "$NAME:dev" "$IMG:dev"\n    - docker push "$IMG:dev"\n';
    assert.deepEqual(parseGitlabCi(job).model!.mirrors, []);
  });
  it('is no mirror when the pulled name says one architecture: a per-architecture tag (supabase/postgres dockerhub-release-aio.yml)', () => {
    // The matrix pushed `${IMAGE}_amd64` built for linux/amd64 only; re-pushing it under another name loses no platform.
    for (const text of [
      'docker pull "${IMAGE_TAG}_amd64"\ndocker tag "${IMAGE_TAG}_amd64" "registry.fly.io/app-$TAG"\ndocker push "registry.fly.io/app-$TAG"\n',
      'docker pull r/app-arm64:1.0\ndocker tag r/app-arm64:1.0 other/app:1.0\ndocker push other/app:1.0\n',
    ]) assert.deepEqual(mirrorsOf(text), [], text);
    // Still mirrors: a name with no architecture, and one that names two (qemu-user-static's `x86_64-aarch64`).
    assert.deepEqual(mirrorsOf('docker pull "${IMAGE}_latest"\ndocker tag "${IMAGE}_latest" r/b:1\ndocker push r/b:1\n').map((m) => m.slice(1, 3)), [['"${IMAGE}_latest"', 'r/b:1']]);
    assert.deepEqual(mirrorsOf('docker pull multiarch/qemu-user-static:x86_64-aarch64\ndocker tag multiarch/qemu-user-static:x86_64-aarch64 r/q:1\ndocker push r/q:1\n').map((m) => m.slice(2, 3)), [['r/q:1']]);
  });
  it('reads Makefile recipes and CI jobs as units, and notes the copy tools a file runs', () => {
    const make = parseMakefile('mirror:\n\tdocker pull $(SRC)\n\tdocker tag $(SRC) $(DST)\n\tdocker push $(DST)\n\ncopy:\n\tcrane copy a b\n').model!;
    assert.deepEqual(make.mirrors.map((m) => [m.source, m.target, m.anchors]), [['$(SRC)', '$(DST)', [1, 2, 3]]]);
    assert.deepEqual(make.copyTools, ['crane']);
    const ci = parseGitlabCi('mirror:\n  script:\n    - docker pull a:1\n    - docker tag a:1 r/a:1\n    - docker push r/a:1\n').model!;
    assert.deepEqual(ci.mirrors.map((m) => span(m.range)), ['4:6-4:23']);
  });
});
