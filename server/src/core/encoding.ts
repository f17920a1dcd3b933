/**
 * Text files stored as UTF-16 with a byte-order mark (what Windows PowerShell's `>` writes).
 * kubectl's and kustomize's YAML readers decode them by the mark, so the file check
 * (workspace/read.ts) and the units' reads (units/source.ts: kustomize resources) do too.
 */
import { TextDecoder } from 'node:util';

export type TextEncoding = 'utf-16le' | 'utf-16be';

const decoders: Record<TextEncoding, TextDecoder> = {
  // ignoreBOM false: the decoder drops the mark.
  'utf-16le': new TextDecoder('utf-16le', { ignoreBOM: false }),
  'utf-16be': new TextDecoder('utf-16be', { ignoreBOM: false }),
};

/** The encoding a UTF-16 byte-order mark announces, if the bytes start with one (and pair up). */
export function utf16Of(bytes: Uint8Array): TextEncoding | undefined {
  if (bytes.byteLength < 2 || bytes.byteLength % 2 !== 0) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** UTF-16 text from its bytes, the byte-order mark removed. */
export function decodeUtf16(bytes: Uint8Array, encoding: TextEncoding): string {
  return decoders[encoding].decode(bytes);
}
