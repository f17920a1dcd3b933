/**
 * Every message from the client is checked here before a handler sees it: it must be a JSON-RPC
 * request, notification or response, and the parameters of each method archlens handles must have
 * the shape the LSP specification gives them (JSON Schemas below, checked with ajv). A request that
 * fails is answered at once with a protocol error — InvalidRequest (-32600) or InvalidParams
 * (-32602) naming what is wrong — and never reaches a handler, so no handler's TypeError text can
 * reach the client; a notification that fails is logged and dropped (it has no answer).
 * Handlers can then rely on the shapes the protocol promises.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { AbstractMessageReader, ErrorCodes, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-languageserver/node';
import { ServerCommands } from './protocol';

type Schema = Record<string, unknown>;

const uinteger: Schema = { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 };
const integer: Schema = { type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
const string: Schema = { type: 'string' };
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema =>
  ({ type: 'object', properties, required });
const position = object({ line: uinteger, character: uinteger });
const range = object({ start: position, end: position });
const textDocumentIdentifier = object({ uri: string });
const diagnostic = object({
  range,
  message: { anyOf: [string, object({ kind: string, value: string })] },
}, ['range', 'message']);

/** `arguments: [first?]` of one command: its first argument, when given, is an object with these properties (or null). */
function commandArguments(command: string, properties: Record<string, Schema>): Schema {
  return {
    if: { properties: { command: { const: command } }, required: ['command'] },
    then: { properties: { arguments: { type: 'array', maxItems: 1, items: { type: ['object', 'null'], properties } } } },
  };
}

/** The parameters of the methods archlens handles (LSP 3.17); methods not listed pass as they are. */
export const PARAMS: Record<string, Schema> = {
  initialize: object({ capabilities: { type: 'object' } }, ['capabilities']),
  'textDocument/didOpen': object({ textDocument: object({ uri: string, languageId: string, version: integer, text: string }) }),
  'textDocument/didChange': object({
    textDocument: object({ uri: string, version: integer }),
    contentChanges: { type: 'array', items: object({ text: string, range }, ['text']) },
  }),
  'textDocument/didClose': object({ textDocument: textDocumentIdentifier }),
  'textDocument/didSave': object({ textDocument: textDocumentIdentifier }),
  'textDocument/hover': object({ textDocument: textDocumentIdentifier, position }),
  'textDocument/codeAction': object({
    textDocument: textDocumentIdentifier,
    range,
    context: object({ diagnostics: { type: 'array', items: diagnostic }, only: { type: 'array', items: string } }, ['diagnostics']),
  }),
  // Each archlens command's arguments (protocol.ts ServerCommands); other commands are answered null.
  'workspace/executeCommand': {
    type: 'object',
    required: ['command'],
    properties: { command: string, arguments: { type: 'array' } },
    allOf: [
      commandArguments(ServerCommands.checkWorkspace, { folders: { type: 'array', items: string }, progressId: { type: ['string', 'integer'] } }),
      commandArguments(ServerCommands.imagePlatforms, { image: string, uri: string, position }),
      commandArguments(ServerCommands.clearCache, {}),
    ],
  },
  'workspace/didChangeConfiguration': { type: 'object' },
  'workspace/didChangeWatchedFiles': object({ changes: { type: 'array', items: object({ uri: string, type: uinteger }) } }),
  'workspace/didChangeWorkspaceFolders': object({
    event: object({ added: { type: 'array', items: object({ uri: string, name: string }) }, removed: { type: 'array', items: object({ uri: string, name: string }) } }),
  }),
  '$/cancelRequest': object({ id: { type: ['integer', 'string'] } }),
  '$/setTrace': object({ value: { enum: ['off', 'messages', 'verbose'] } }),
};

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new Map<string, ValidateFunction>(Object.entries(PARAMS).map(([method, schema]) => [method, ajv.compile(schema)]));

/** An error answer to send, or a reason to drop a notification: what the guard decided about a message. */
export type Verdict =
  | { ok: true }
  | { ok: false; answer?: { jsonrpc: '2.0'; id: number | string | null; error: { code: number; message: string } }; log: string };

/** The guard's judgement of one incoming message. */
export function judgeMessage(message: unknown): Verdict {
  if (Array.isArray(message)) return invalid(null, 'batches of messages are not supported by the language server protocol');
  if (!message || typeof message !== 'object') return invalid(null, 'a message must be a JSON object');
  const m = message as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
  const id = typeof m.id === 'number' || typeof m.id === 'string' ? m.id : null;
  const hasId = m.id !== undefined;
  if (hasId && id === null && m.method !== undefined) return invalid(null, 'a request id must be a number or a string');
  if (m.method === undefined) {
    // A response to a request of ours.
    if (hasId && ('result' in m || 'error' in m)) return { ok: true };
    return invalid(id, 'a message needs a method (a request or notification) or a result or error (a response)');
  }
  if (typeof m.method !== 'string') return invalid(id, 'a method must be a string');
  const validate = validators.get(m.method);
  if (!validate || validate(m.params)) return { ok: true };
  const reason = `${m.method}: ${describeError(validate.errors?.[0])}`;
  if (!hasId) return { ok: false, log: `ignored a ${reason}` };
  return { ok: false, answer: { jsonrpc: '2.0', id, error: { code: ErrorCodes.InvalidParams, message: `invalid parameters: ${reason}` } }, log: `answered InvalidParams: ${reason}` };
}

function invalid(id: number | string | null, why: string): Verdict {
  return { ok: false, answer: { jsonrpc: '2.0', id, error: { code: ErrorCodes.InvalidRequest, message: `invalid message: ${why}` } }, log: `answered InvalidRequest: ${why}` };
}

/** "params.position.line must be integer": the first thing ajv found wrong, as a path into the parameters. */
function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'the parameters do not have the shape the protocol gives them';
  const where = `params${error.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`;
  if (error.keyword === 'required') return `${where} needs "${String((error.params as { missingProperty: string }).missingProperty)}"`;
  return `${where} ${error.message ?? 'is not valid'}`;
}

/**
 * A reader that passes on the messages the guard accepts; refused requests are answered through
 * `answer` and never dispatched, refused notifications are only logged.
 */
export class GuardedReader extends AbstractMessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly answer: (response: NonNullable<Extract<Verdict, { ok: false }>['answer']>) => void,
    private readonly log: (message: string) => void,
  ) {
    super();
    inner.onError((error) => this.fireError(error));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message: Message) => {
      const verdict = judgeMessage(message);
      if (verdict.ok) return callback(message);
      this.log(verdict.log);
      if (verdict.answer) this.answer(verdict.answer);
    });
  }

  override dispose(): void {
    this.inner.dispose();
    super.dispose();
  }
}
