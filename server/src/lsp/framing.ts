/**
 * Reading LSP messages from a byte stream (stdio, a socket) so that a wrong `Content-Length` costs
 * one message, not the connection.
 *
 * vscode-jsonrpc's stream reader trusts the header: a length too large makes it wait for bytes
 * that are the next messages, so the server stays alive and never answers again; a length too
 * small leaves the rest of the body to be read as a header. This reader re-synchronises instead:
 * - a header block is `Name: value` lines ending in an empty line; anything else before one is
 *   skipped up to the next `Content-Length:` line (and said);
 * - a complete header block beginning inside the declared body (a `Content-Length` line ending
 *   in CRLF CRLF, which no JSON text can hold: JSON writes line breaks in strings as `\r\n`
 *   escapes) means the declared length was too large: the body ends where that header starts,
 *   whether the body is still arriving or the next message came in the same chunk;
 * - a body that is not JSON is reported (the server answers it as a parse error) and reading goes on.
 * Declared lengths above MAX_MESSAGE_BYTES are refused. Bytes are kept in one growing buffer and
 * each byte is scanned once: a 20 MB didOpen arriving in 64 KB chunks costs no more than it did.
 */
import { AbstractMessageReader, type DataCallback, type Disposable, type Message } from 'vscode-languageserver/node';

/** A message larger than this is not one an editor sends (a 20 MB manifest is 40 MB of JSON at most). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

/** A complete header block: a Content-Length line, other header lines, the empty line. */
const HEADER_BLOCK = /Content-Length:[ \t]*\d+[ \t]*\r\n(?:[!-9;-~]+:[^\r\n]*\r\n)*\r\n/i;
/** How far back a scan of new bytes looks, so a header block split across two chunks is still seen. */
const OVERLAP = 1024;

/** What the framing saw wrong, for the server to log (and answer, for a body that is not JSON). */
export interface FramingProblem {
  kind: 'header' | 'not-json' | 'length-mismatch' | 'too-large';
  message: string;
}

export class ResyncingStreamReader extends AbstractMessageReader {
  private bytes = Buffer.alloc(64 * 1024);
  /** bytes[start, end) is what has arrived and is not read yet. */
  private start = 0;
  private end = 0;
  /** The declared body length of the message being read, once its header is in; -1 before. */
  private bodyLength = -1;
  /** Where the body search for a stray header block has got to (an offset into `bytes`). */
  private scanned = 0;
  private callback?: DataCallback;

  constructor(private readonly stream: NodeJS.ReadableStream, private readonly onProblem: (problem: FramingProblem) => void) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.stream.on('data', onData);
    this.stream.on('error', onError);
    this.stream.on('close', onClose);
    return {
      dispose: () => {
        this.stream.off('data', onData);
        this.stream.off('error', onError);
        this.stream.off('close', onClose);
      },
    };
  }

  private onData(chunk: Buffer): void {
    this.append(chunk);
    for (;;) {
      if (this.bodyLength < 0 && !this.readHeader()) return;
      if (!this.readBody()) return;
    }
  }

  private append(chunk: Buffer): void {
    if (this.end + chunk.length > this.bytes.length) {
      const kept = this.end - this.start;
      const size = Math.max(this.bytes.length, 2 * (kept + chunk.length));
      const grown = size > this.bytes.length ? Buffer.allocUnsafe(size) : this.bytes;
      this.bytes.copy(grown, 0, this.start, this.end);
      this.scanned -= this.start;
      this.bytes = grown;
      this.start = 0;
      this.end = kept;
    }
    chunk.copy(this.bytes, this.end);
    this.end += chunk.length;
  }

  private text(from: number, to: number): string {
    return this.bytes.toString('latin1', from, to);
  }

  /** Reads a header block into bodyLength; false when more bytes are needed. */
  private readHeader(): boolean {
    const end = this.bytes.indexOf('\r\n\r\n', this.start, 'latin1');
    if (end === -1 || end + 4 > this.end) {
      // No header in 64 KB: noise. Keep only what could be the start of a header end.
      if (this.end - this.start > 64 * 1024) {
        this.onProblem({ kind: 'header', message: `skipped ${this.end - this.start - 3} bytes that were not a message header` });
        this.start = this.end - 3;
      }
      return false;
    }
    const header = this.text(this.start, end);
    const length = parseHeader(header);
    if (length === undefined) {
      // Not a header block (the rest of a body that was cut short, or noise): go to the next Content-Length line.
      const at = header.search(/Content-Length:/i);
      const skip = at > 0 ? at : end + 4 - this.start;
      this.onProblem({ kind: 'header', message: `skipped ${skip} bytes that were not a message header` });
      this.start += skip;
      return this.readHeader();
    }
    this.start = end + 4;
    if (length > MAX_MESSAGE_BYTES) {
      this.onProblem({ kind: 'too-large', message: `a message declared ${length} bytes (more than ${MAX_MESSAGE_BYTES / 1024 / 1024} MB): skipped up to the next header` });
      this.bodyLength = Infinity; // read as a body that ends at the next header block
    } else {
      this.bodyLength = length;
    }
    this.scanned = this.start;
    return true;
  }

  /** Reads the body (or up to a header block that shows the declared length was wrong); false when more bytes are needed. */
  private readBody(): boolean {
    let take = this.bodyLength;
    const complete = this.end - this.start >= take;
    // A whole header block beginning inside the declared body means the declared length was too
    // large: the body ends where that header starts. The next message may have arrived already
    // (then the declared body looks complete), so the scan looks OVERLAP bytes past its end, where
    // a header beginning inside it would end; it never looks further, so each byte is scanned about once.
    const from = Math.max(this.start, this.scanned - OVERLAP);
    const to = complete ? Math.min(this.end, this.start + take + OVERLAP) : this.end;
    const found = from < to ? HEADER_BLOCK.exec(this.text(from, to)) : null;
    this.scanned = to;
    if (found && from + found.index < this.start + take) {
      take = from + found.index - this.start;
      if (this.bodyLength !== Infinity) {
        this.onProblem({ kind: 'length-mismatch', message: `a message declared ${this.bodyLength} bytes but the next message began after ${take}` });
      }
    } else if (!complete) {
      return false;
    }
    const body = this.bytes.toString('utf8', this.start, this.start + take);
    this.start += take;
    const refused = this.bodyLength === Infinity;
    this.bodyLength = -1;
    if (this.start === this.end) this.start = this.end = this.scanned = 0;
    if (!refused) this.deliver(body, take);
    return true;
  }

  private deliver(body: string, bytes: number): void {
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      this.onProblem({ kind: 'not-json', message: `a message body of ${bytes} bytes is not JSON` });
      return;
    }
    this.callback?.(message as Message);
  }
}

/** The Content-Length of a header block of `Name: value` lines; undefined when it is not one. */
function parseHeader(header: string): number | undefined {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[!-9;-~]+$/.test(line.slice(0, colon))) return undefined;
    if (line.slice(0, colon).toLowerCase() === 'content-length') {
      const value = line.slice(colon + 1).trim();
      if (!/^\d+$/.test(value)) return undefined;
      length = Number(value);
    }
  }
  return length;
}
