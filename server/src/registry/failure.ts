/** Internal failure carrying a LookupError; converted to a value at the resolver's edge. */
import type { LookupError, LookupErrorState } from '../images/lookup';
import { NetError } from './transport';

export class LookupFailure extends Error {
  readonly error: LookupError;
  constructor(state: LookupErrorState, message: string, extra: Partial<LookupError> = {}) {
    super(message);
    this.error = { state, message, ...extra };
  }
}

export function fail(state: LookupErrorState, message: string, extra: Partial<LookupError> = {}): never {
  throw new LookupFailure(state, message, extra);
}

/** Any thrown value → a LookupError (never a stack or a header value). */
export function toLookupError(error: unknown): LookupError {
  if (error instanceof LookupFailure) return error.error;
  if (error instanceof NetError) {
    switch (error.kind) {
      case 'timeout':
        return { state: 'timeout', message: error.message };
      case 'unreachable':
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
  return { state: 'registry-error', message: 'unexpected failure in the registry client' };
}
