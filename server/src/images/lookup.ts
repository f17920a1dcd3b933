/** What a platform look-up answers: the contract between the registry client and the rules. */
import type { Platform } from './platform';
import type { ImageRef } from './reference';

/** The states a failed look-up ends in, as values (never thrown across module edges). */
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
  /** Set by the registry client; `causeOf` derives it from `state` where absent. */
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
  /** Ask again even if a recent "not found" / "denied" answer is cached (the editor's "Retry look-up"). */
  fresh?: boolean;
  /**
   * false: a "not found" / "denied" answer is not written to the negative cache. The editor's
   * look-ups of references that were just typed use it: a name being written is not a fact worth keeping.
   */
  rememberFailure?: boolean;
}

/** The cause a state has when nothing more is known (a reset reports registry-error, yet is the network's: the client sets `cause`). */
const STATE_CAUSE: Record<LookupErrorState, LookupCause> = {
  'not-found': 'reference',
  'not-found-or-private': 'reference',
  unauthorized: 'reference',
  denied: 'reference',
  'unsupported-reference': 'reference',
  'not-runnable': 'reference',
  'rate-limited': 'registry',
  'registry-error': 'registry',
  'invalid-response': 'registry',
  timeout: 'network',
  unreachable: 'network',
  offline: 'network',
  tls: 'network',
  // No look-up happened (an untrusted workspace, a cancelled request): nothing is known about the image, as offline.
  'untrusted-workspace': 'network',
  cancelled: 'network',
};

/** The cause of a look-up error: its own when set, else its state's. */
export function causeOf(error: Pick<LookupError, 'state' | 'cause'>): LookupCause {
  return error.cause ?? STATE_CAUSE[error.state] ?? 'registry';
}

/** True when a failed look-up is about the image itself (the file's concern), not about reaching the registry. */
export function failureIsAboutImage(error: Pick<LookupError, 'state' | 'cause'>): boolean {
  return causeOf(error) === 'reference';
}

/** Answers "which platforms does this image publish?". The engine only knows this interface. */
export interface PlatformResolver {
  resolve(ref: ImageRef, options?: ResolveOptions): Promise<ImageLookup>;
}

/** The resolver used when no registry access is configured: every image is "unknown". */
export const offlineResolver: PlatformResolver = {
  resolve() {
    return Promise.resolve({ ok: false, error: { state: 'offline', message: 'registry look-ups are not enabled' } });
  },
};
