/** ImageLookup values built directly, as the registry client would answer them. */
import type { ImageLookup, LookupErrorState } from '../../../server/src/images/lookup';
import { parsePlatform } from '../../../server/src/images/platform';

export const DIGEST = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

/** An index with the given platforms ("linux/amd64", …); child digests DIGEST(100+i). */
export function indexOf(reference: string, platforms: string[], digest = DIGEST(1)): ImageLookup {
  return {
    ok: true,
    image: {
      reference, digest, mediaType: 'application/vnd.oci.image.index.v1+json', kind: 'index', source: 'registry', fetchedAt: 0,
      platforms: platforms.map((p, i) => ({ platform: parsePlatform(p)!, digest: DIGEST(100 + i), mediaType: 'application/vnd.oci.image.manifest.v1+json' })),
    },
  };
}

export function singleOf(reference: string, platform: string, digest = DIGEST(2)): ImageLookup {
  return {
    ok: true,
    image: {
      reference, digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', kind: 'manifest', source: 'registry', fetchedAt: 0,
      platforms: [{ platform: parsePlatform(platform)! }],
    },
  };
}

export function failed(state: LookupErrorState, message: string, credentialSource?: string): ImageLookup {
  return { ok: false, error: credentialSource ? { state, message, credentialSource } : { state, message } };
}

export function lookups(entries: Record<string, ImageLookup>): Map<string, ImageLookup> {
  return new Map(Object.entries(entries));
}

/**
 * A pod whose order of fixes matters: its required terms constrain the arch in term 1 only (AL103,
 * warning) and its image publishes only amd64, which term 1 does not allow (AL201, error, with REGISTRY).
 */
export const PARTIAL_TERMS_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: kubernetes.io/arch, operator: In, values: [arm64]}
        - matchExpressions:
          - {key: zone, operator: In, values: [a]}
  containers:
  - name: app
    image: amdonly:1
`;
export const REGISTRY = { lookups: lookups({ 'docker.io/library/amdonly:1': indexOf('docker.io/library/amdonly:1', ['linux/amd64']) }) };
