/** AL504 compose-platform-mismatch: a Compose service asks for a platform its image does not publish. */
import type { ImageLookup } from '../../../server/src/images/lookup';
import type { Platform } from '../../../server/src/images/platform';
import { ruleTester } from '../../helpers/rule-tester';

const canonical = 'docker.io/library/postgres:16';
const answer = (kind: 'index' | 'manifest', platforms: Platform[]): Map<string, ImageLookup> => new Map([[canonical, {
  ok: true,
  image: { reference: canonical, digest: 'sha256:' + '0'.repeat(64), mediaType: 'application/vnd.oci.image.index.v1+json', kind, platforms: platforms.map((platform) => ({ platform })), source: 'registry', fetchedAt: 0 },
}]]);
const amd64 = { os: 'linux', architecture: 'amd64' };
const arm64v8 = { os: 'linux', architecture: 'arm64', variant: 'v8' };
const text = 'services:\n  db:\n    image: postgres:16\n    platform: linux/arm64\n';
const data = (index: boolean) => ({ service: 'db', platform: 'linux/arm64', image: 'postgres:16', published: 'linux/amd64', index });

ruleTester('AL504', { file: 'docker-compose.yml' }).run({
  valid: [
    { name: 'the image publishes the platform (variant v8 serves linux/arm64)', text, lookups: answer('index', [amd64, arm64v8]) },
    { name: 'the platforms are unknown', text, lookups: new Map() },
  ],
  invalid: [
    { name: 'an index lacking the platform: the pull fails', text, lookups: answer('index', [amd64]), errors: [{ range: '3:14-3:25', messageId: 'notPublished', data: data(true), severity: 'warning' }] },
    { name: 'a single-platform image: it runs and fails', text, lookups: answer('manifest', [amd64]), errors: [{ range: '3:14-3:25', messageId: 'notPublished', data: data(false) }] },
  ],
});
