/** What a platform look-up answers: the contract between the registry client and the rules. */
import type { Platform } from './platform';
import type { ImageRef } from './reference';

/** The error states REGISTRY.md lists, as values (never thrown across module edges). */
export type LookupErrorState =
  | 'not-found'
  | 'not-found-or-private'
  | 'unauthorized'        // credentials rejected
  | 'denied'              // authenticated but access denied
  | 'rate-limited'
  | 'registry-error'
  | 'timeout'
  | 'unreachable'
  | 'offline'
  | 'untrusted-workspace'
  | 'tls'
  | 'not-runnable'
  | 'unsupported-reference'
  | 'invalid-response'
  | 'cancelled';

/**
 * Why a look-up failed, for the editor: `network` (nothing is known about the image: offline, DNS,
 * refused or reset connections, time-outs, proxies, TLS — one status for the session, not a
 * squiggle per image), `reference` (the answer is about this image: not found, private, denied,
 * unsupported, not runnable) or `registry` (the registry misbehaved: 5xx, bad answers, rate limits).
 */
export type LookupCause = 'network' | 'reference' | 'registry';

export interface LookupError {
  state: LookupErrorState;
  /** Set by the registry client; `causeOf` (registry/failure.ts) derives it from `state` where absent. */
  cause?: LookupCause;
  /** One sentence for the user; never a credential or token. */
  message: string;
  /** Epoch ms until which the registry asked us to wait (rate limits). */
  retryAfter?: number;
  /** Which credential source was tried ("credential helper 'ecr-login'", "auths in ~/.docker/config.json"); never the secret. */
  credentialSource?: string;
}

export interface PlatformEntry {
  platform: Platform;
  /** The child manifest's digest (indexes only). */
  digest?: string;
  mediaType?: string;
}

export interface ImagePlatforms {
  /** Canonical reference that was looked up. */
  reference: string;
  digest: string;
  mediaType: string;
  /** An index / manifest list, a single image manifest, or a deprecated schema1 manifest. */
  kind: 'index' | 'manifest' | 'schema1';
  /** Runnable platforms, attestations excluded, duplicates collapsed. */
  platforms: PlatformEntry[];
  source: 'cache' | 'registry';
  /** When the answer was fetched from the registry (epoch ms). */
  fetchedAt: number;
  /** Where the request went when not the image's own registry (a mirror). */
  via?: string;
  warnings?: string[];
}

export type ImageLookup = { ok: true; image: ImagePlatforms } | { ok: false; error: LookupError };

export interface ResolveOptions {
  signal?: AbortSignal;
}

/** Answers "which platforms does this image publish?". The engine only knows this interface. */
export interface PlatformResolver {
  resolve(ref: ImageRef, options?: ResolveOptions): Promise<ImageLookup>;
}

/** The resolver used when no registry access is configured: every image is "unknown". */
export const offlineResolver: PlatformResolver = {
  async resolve() {
    return { ok: false, error: { state: 'offline', message: 'registry look-ups are not enabled' } };
  },
};
