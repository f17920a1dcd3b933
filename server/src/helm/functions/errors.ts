/**
 * Errors the functions raise, in Go's words.
 *
 * Go's text/template checks a call's argument count and types before calling the function and
 * reports those without the "error calling NAME:" prefix it puts on errors a function returns or
 * panics with. The map of functions carries no Go signatures, so the functions check their own
 * arguments and raise ArgumentError for what Go's evalArgs would reject; every other Error a
 * function throws is a call error.
 */

export class ArgumentError extends Error {
  override readonly name = 'ArgumentError';
}

/** Helm wraps the messages of `required` and `fail` so that it can find them in Go's error text. */
export const HELM_ERR_START = 'HELM_ERR_START';
export const HELM_ERR_END = 'HELM_ERR_END';

export function helmWarnWrap(message: string): string {
  return HELM_ERR_START + message + HELM_ERR_END;
}
