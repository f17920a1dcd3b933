/** Registry answers and manifests the Kubernetes registry-rule tables share. */
import type { LintOptions } from '../../helpers/lint';
import { failed, indexOf, lookups, singleOf } from '../../unit/kubernetes/lookups';
import type { Platform } from '../../../server/src/images/platform';

export const AMD = 'docker.io/library/amdonly:1';
export const MULTI = 'docker.io/library/multi:1';
export const ARM = 'docker.io/library/armonly:1';
export const ARM32 = 'docker.io/library/arm32:1';
export const WIN = 'docker.io/library/win:1';
export const table = lookups({
  [AMD]: singleOf(AMD, 'linux/amd64'),
  [MULTI]: indexOf(MULTI, ['linux/amd64', 'linux/arm64', 'unknown/unknown'].filter((p) => p !== 'unknown/unknown')),
  [ARM]: indexOf(ARM, ['linux/arm64']),
  [ARM32]: indexOf(ARM32, ['linux/amd64', 'linux/arm/v7']),
  [WIN]: indexOf(WIN, ['windows/amd64']),
  'docker.io/library/s390:1': indexOf('s390', ['linux/amd64', 'linux/s390x']),
  'docker.io/library/gone:1': failed('not-found-or-private', 'not found or private: add credentials for docker.io', 'auths in ~/.docker/config.json'),
});
export const opts: LintOptions = { lookups: table };
export const THREE: Platform[] = [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 's390x' }];

export const deploy = (specBody: string, images: string[], kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
  template:
    spec:
${specBody}      containers:
${images.map((img, i) => `      - name: c${i}\n        image: ${img}\n`).join('')}`;

