/** Registry answers the Dockerfile registry-rule tables share, built directly (the ImageLookup contract). */
import type { ImageLookup, ImagePlatforms } from '../../../server/src/images/lookup';

export const D_INDEX = `sha256:${'a'.repeat(64)}`;
export const D_AMD = `sha256:${'b'.repeat(64)}`;

export function answer(reference: string, kind: ImagePlatforms['kind'], platforms: string[], digest = D_INDEX): ImageLookup {
  return {
    ok: true,
    image: {
      reference,
      digest,
      mediaType: kind === 'index' ? 'application/vnd.oci.image.index.v1+json' : 'application/vnd.oci.image.manifest.v1+json',
      kind,
      platforms: platforms.map((p) => {
        const [os, architecture, variant] = p.split('/');
        return { platform: variant ? { os, architecture, variant } : { os, architecture } };
      }),
      source: 'registry',
      fetchedAt: 0,
    },
  };
}

export const lookups = new Map<string, ImageLookup>([
  ['docker.io/library/golang:1.22', answer('docker.io/library/golang:1.22', 'index', ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7'])],
  ['docker.io/library/oldbase:1', answer('docker.io/library/oldbase:1', 'index', ['linux/amd64', 'linux/386'])],
  ['docker.io/acme/tool:2', answer('docker.io/acme/tool:2', 'manifest', ['linux/amd64'], D_AMD)],
  [`docker.io/library/alpine@${D_AMD}`, answer(`docker.io/library/alpine@${D_AMD}`, 'manifest', ['linux/amd64'], D_AMD)],
  ['docker.io/library/alpine:3.20', answer('docker.io/library/alpine:3.20', 'index', ['linux/amd64', 'linux/arm64'])],
  ['docker.io/library/private:1', { ok: false, error: { state: 'not-found-or-private', message: 'not found or private' } }],
]);
export const registryOpts = { file: 'Dockerfile', lookups };

