/** AL502 single-platform-push: a pushed image names fewer platforms than the targets. */
import { ruleTester } from '../../helpers/rule-tester';

ruleTester('AL502').run({
  valid: [
    { name: 'every target', file: 'release.sh', text: 'docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n' },
    { name: 'a single platform that is not pushed', file: 'release.sh', text: 'docker buildx build --platform linux/amd64 -t a/b --load .\n' },
    { name: 'per-arch builds into one podman manifest', file: 'release.sh', text: 'podman manifest create web\npodman build --platform linux/amd64 --manifest web .\npodman build --platform linux/arm64 --manifest web .\npodman manifest push web docker://quay.io/acme/web\n' },
  ],
  invalid: [
    {
      name: 'shell: one platform pushed, the fix adds the other target',
      file: 'release.sh',
      text: 'docker buildx build --platform linux/amd64 -t a/b --push .\n',
      errors: [{ range: '0:31-0:42', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' }, severity: 'info' }],
      output: 'docker buildx build --platform linux/amd64,linux/arm64 -t a/b --push .\n',
    },
    {
      name: 'shell: a podman build into a manifest that is pushed',
      file: 'release.sh',
      text: 'podman build --platform linux/amd64 --manifest localhost/web:1 .\npodman manifest push localhost/web:1 docker://quay.io/acme/web:1\n',
      errors: [{ range: '0:24-0:35', messageId: 'fewerPlatforms', data: { what: 'podman build', listed: 'linux/amd64', how: 'podman manifest push on line 2', missing: 'linux/arm64' } }],
    },
    {
      name: 'GitLab CI: one platform in a job',
      file: '.gitlab-ci.yml',
      text: 'publish:\n  script: [docker buildx build --platform linux/amd64 -t a/b --push .]\n',
      errors: [{ range: '1:42-1:53', messageId: 'fewerPlatforms', data: { what: 'docker buildx build', listed: 'linux/amd64', how: '--push', missing: 'linux/arm64' } }],
    },
  ],
});
