/**
 * The server's end of the connection, for the transport named on the command line (`--stdio`,
 * `--node-ipc`, `--socket=N`, `--pipe=NAME`, as vscode-languageserver reads them), with archlens's
 * two protections in front of the handlers: stdio is read by the re-synchronising framing
 * (framing.ts: a wrong Content-Length costs one message; sockets and pipes keep vscode-jsonrpc's
 * reader, and node-ipc has no framing to get wrong), and every message on every transport passes
 * the protocol guard (message-guard.ts: malformed requests get protocol errors, never a handler).
 */
import {
  createServerPipeTransport, createServerSocketTransport, ErrorCodes, IPCMessageReader, IPCMessageWriter, StreamMessageWriter,
  type Connection, type MessageReader, type MessageWriter, type ResponseMessage,
} from 'vscode-languageserver/node';
import { ResyncingStreamReader, type FramingProblem } from './framing';
import { GuardedReader } from './message-guard';

export interface ServerTransport {
  reader: MessageReader;
  writer: MessageWriter;
  /** Routes the transport's log lines to the client's log once the connection exists; for stdio, console output too. */
  attach(connection: Connection): void;
  /** The client asked to shut down: the end of the input is then an orderly exit (code 0). */
  shutdownReceived(): void;
}

export function serverTransport(argv: readonly string[] = process.argv.slice(2)): ServerTransport {
  const pending: string[] = [];
  let log = (line: string): void => { pending.push(line); };
  let shutdown = false;
  let writer: MessageWriter;
  let raw: MessageReader;
  let stdio = false;
  const framingProblem = (problem: FramingProblem): void => {
    log(`protocol: ${problem.message}`);
    // A body that is not JSON could have been a request: answer as JSON-RPC says, id unknown.
    if (problem.kind === 'not-json') void writer.write(errorResponse(null, ErrorCodes.ParseError, `parse error: ${problem.message}`));
  };
  const option = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i === -1) return undefined;
    return argv[i].includes('=') ? argv[i].slice(name.length + 1) : argv[i + 1];
  };
  if (argv.includes('--node-ipc')) {
    raw = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
  } else if (option('--socket') !== undefined || option('--pipe') !== undefined) {
    const port = option('--socket');
    [raw, writer] = port !== undefined ? createServerSocketTransport(Number(port)) : createServerPipeTransport(option('--pipe')!);
  } else {
    // --stdio, and the default when nothing is named: an editor's command line gives no flag at all.
    stdio = true;
    raw = new ResyncingStreamReader(process.stdin, framingProblem);
    writer = new StreamMessageWriter(process.stdout);
    // The connection does not own the streams when given a reader: the end of the input ends the server here.
    const end = (): void => process.exit(shutdown ? 0 : 1);
    process.stdin.on('end', end);
    process.stdin.on('close', end);
  }
  const reader = new GuardedReader(raw, (response) => { void writer.write(errorResponse(response.id, response.error.code, response.error.message)); }, (line) => log(`protocol: ${line}`));
  return {
    reader,
    writer,
    attach(connection) {
      log = (line) => connection.console.warn(line);
      for (const line of pending.splice(0)) log(line);
      // On stdio, stdout is the protocol: anything the process prints goes to the client's log instead.
      if (stdio) {
        const toLog = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
        console.log = toLog;
        console.info = toLog;
        console.debug = toLog;
        console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
        console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
      }
    },
    shutdownReceived() { shutdown = true; },
  };
}

/** A JSON-RPC error response (the Message type of vscode-jsonrpc names no fields). */
function errorResponse(id: number | string | null, code: number, message: string): ResponseMessage {
  return { jsonrpc: '2.0', id, error: { code, message } };
}
