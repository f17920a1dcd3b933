/** Internal failure carrying a LookupError; converted to a value at the resolver's edge. */
import type { LookupCause, LookupError, LookupErrorState } from '../images/lookup';
import { NetError, type NetErrorKind } from './transport';

/** The cause a state has when nothing more is known (a reset reports registry-error, yet is the network's: see NET_CAUSE). */
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

const NET_CAUSE: Record<NetErrorKind, LookupCause> = {
  timeout: 'network',
  unreachable: 'network',
  tls: 'network',
  reset: 'network',
  proxy: 'network',
  cancelled: 'network',
  'too-large': 'registry',
  'rate-limited': 'registry',
  protocol: 'registry',
  'local-address': 'registry',
};

/** The cause of a look-up error: its own when set, else its state's. */
export function causeOf(error: Pick<LookupError, 'state' | 'cause'>): LookupCause {
  return error.cause ?? STATE_CAUSE[error.state] ?? 'registry';
}

export class LookupFailure extends Error {
  readonly error: LookupError;
  constructor(state: LookupErrorState, message: string, extra: Partial<LookupError> = {}) {
    super(message);
    this.error = { state, message, ...extra, cause: extra.cause ?? STATE_CAUSE[state] };
  }
}

export function fail(state: LookupErrorState, message: string, extra: Partial<LookupError> = {}): never {
  throw new LookupFailure(state, message, extra);
}

/** Any thrown value → a LookupError (never a stack or a header value). */
export function toLookupError(error: unknown): LookupError {
  if (error instanceof LookupFailure) return error.error;
  if (error instanceof NetError) return { ...netLookupError(error), cause: NET_CAUSE[error.kind] };
  return { state: 'registry-error', message: 'unexpected failure in the registry client', cause: 'registry' };
}

function netLookupError(error: NetError): LookupError {
  switch (error.kind) {
    case 'timeout':
      return { state: 'timeout', message: error.message };
    case 'unreachable':
    case 'proxy':
      return { state: 'unreachable', message: error.message };
    case 'tls':
      return { state: 'tls', message: error.message };
    case 'cancelled':
      return { state: 'cancelled', message: error.message };
    case 'too-large':
      return { state: 'invalid-response', message: error.message };
    case 'rate-limited':
      return { state: 'rate-limited', message: error.retryAfter ? `${error.message} until ${new Date(error.retryAfter).toISOString()}` : error.message, ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}) };
    case 'reset':
    case 'protocol':
    case 'local-address':
      return { state: 'registry-error', message: error.message };
  }
}
