/** One-time asynchronous set-up the synchronous engine needs (WASM parsers). Idempotent. */
import { initShellParser } from '../shell/shell';

let ready: Promise<void> | undefined;

export function prepareEngine(): Promise<void> {
  ready ??= initShellParser();
  return ready;
}
