/**
 * The language-server campaign: random message sequences to one spawned server — documents opened,
 * changed (ranges in and out of the text) and closed, requests with valid, corrupted or missing
 * parameters, unknown methods, cancellations, and broken frames (a Content-Length too small or too
 * large, a body that is not JSON, a batch). Property "protocol answers": every request is answered
 * in time, errors are protocol errors (never InternalError, never an internal message such as
 * "TypeError: …"), and after the sequence the server is alive and answers a hover.
 */
import fc from 'fast-check';
import type { CampaignOptions } from './campaign';
import type { Failure } from './engine-property';
import { loadSeeds } from './seeds';
import { RawLspServer, type Answer } from './raw-lsp';

const URIS = ['file:///fuzz/deploy.yaml', 'file:///fuzz/Dockerfile', 'file:///fuzz/.github/workflows/ci.yml'];
const LANGUAGES = ['yaml', 'dockerfile', 'yaml'];
/**
 * Error codes a request may be answered with (JSON-RPC and LSP); InternalError (-32603) is not one
 * of them. RequestFailed (-32803) is: a well-formed request that cannot be done, with the reason
 * for the user (Check Workspace with no folder open); its text is checked like every other.
 */
const PROTOCOL_ERRORS = new Set([-32700, -32600, -32601, -32602, -32800, -32801, -32802, -32803, -32002]);
const INTERNAL_TEXT = /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read prop|is not a function|is not iterable|of undefined|of null|\n\s+at /;
const ANSWER_MS = 15_000;

type Frame = 'short-length' | 'long-length' | 'huge-length' | 'bad-json' | 'not-an-object' | 'no-method' | 'batch' | 'no-header' | 'bad-length';

export type LspAction =
  | { type: 'open'; doc: number; seed: number; cut: number }
  | { type: 'change'; doc: number; range: unknown; text: string; version: unknown }
  | { type: 'close'; doc: number }
  | { type: 'request'; method: string; params: unknown }
  | { type: 'notify'; method: string; params: unknown }
  | { type: 'frame'; frame: Frame };

/** A value that is sometimes right and sometimes anything at all. */
const maybe = <T>(right: fc.Arbitrary<T>) => fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 });
const integer = fc.oneof(fc.integer({ min: -2, max: 200 }), fc.constantFrom(2 ** 31, -(2 ** 31), Number.MAX_SAFE_INTEGER, 1.5));
const position = maybe(fc.record({ line: maybe(integer), character: maybe(integer) }));
const range = maybe(fc.record({ start: position, end: position }));
const uri = fc.oneof(fc.constantFrom(...URIS), fc.constantFrom('file:///fuzz/missing.yaml', 'untitled:x', '', 'not a uri', 'file:///%E0%A4%A', 'http://x/y.yaml'));
const textDocument = maybe(fc.record({ uri }));

const request: fc.Arbitrary<LspAction> = fc.oneof(
  fc.record({ type: fc.constant('request' as const), method: fc.constant('textDocument/hover'), params: maybe(fc.record({ textDocument, position })) }),
  fc.record({ type: fc.constant('request' as const), method: fc.constant('textDocument/codeAction'), params: maybe(fc.record({
    textDocument, range,
    context: maybe(fc.record({ diagnostics: maybe(fc.array(maybe(fc.record({ range, message: maybe(fc.string()), code: maybe(fc.constantFrom('AL101', 'AL202', 7)), source: maybe(fc.constant('archlens')), data: fc.jsonValue({ maxDepth: 2 }) })), { maxLength: 3 })), only: maybe(fc.array(fc.constantFrom('quickfix', 'source.fixAll', 'source', 'x'))) })),
  })) }),
  fc.record({ type: fc.constant('request' as const), method: fc.constant('workspace/executeCommand'), params: maybe(fc.record({
    command: fc.constantFrom('archlens.server.checkWorkspace', 'archlens.server.imagePlatforms', 'archlens.server.clearCache', 'unknown.command', ''),
    arguments: maybe(fc.array(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('nginx:1.27', '', '\u001b[31m', 'a'.repeat(5000))), { maxLength: 2 })),
  })) }),
  fc.record({ type: fc.constant('request' as const), method: fc.constantFrom('textDocument/completion', 'textDocument/definition', 'archlens/unknown', 'workspace/symbol', '$/unknown'), params: fc.jsonValue({ maxDepth: 2 }) }),
);

const notification: fc.Arbitrary<LspAction> = fc.oneof(
  fc.record({ type: fc.constant('notify' as const), method: fc.constant('workspace/didChangeConfiguration'), params: maybe(fc.record({ settings: maybe(fc.record({ archlens: maybe(fc.record({ targets: maybe(fc.array(fc.constantFrom('linux/amd64', 'linux/arm64', 'x', ''))), rules: maybe(fc.dictionary(fc.constantFrom('AL101', 'AL202', 'nope'), fc.constantFrom('off', 'error', 'bad'))), offline: fc.constant(true) })) })) })) }),
  fc.record({ type: fc.constant('notify' as const), method: fc.constant('$/cancelRequest'), params: maybe(fc.record({ id: maybe(integer) })) }),
  fc.record({ type: fc.constant('notify' as const), method: fc.constantFrom('textDocument/didSave', 'workspace/didChangeWatchedFiles', 'textDocument/didOpen', 'textDocument/didClose', 'archlens/unknown', '$/setTrace'), params: fc.jsonValue({ maxDepth: 3 }) }),
);

export const lspActions: fc.Arbitrary<LspAction[]> = fc.array(fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('open' as const), doc: fc.integer({ min: 0, max: URIS.length - 1 }), seed: fc.nat(), cut: fc.double({ min: 0, max: 1, noNaN: true }) }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('change' as const), doc: fc.integer({ min: 0, max: URIS.length - 1 }), range, text: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('\r\n', '\u0000', '- - - [[[', 'kubernetes.io/arch: x86_64\n')), version: maybe(integer) }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('close' as const), doc: fc.integer({ min: 0, max: URIS.length - 1 }) }), weight: 1 },
  { arbitrary: request, weight: 4 },
  { arbitrary: notification, weight: 2 },
  { arbitrary: fc.record({ type: fc.constant('frame' as const), frame: fc.constantFrom<Frame>('short-length', 'long-length', 'huge-length', 'bad-json', 'not-an-object', 'no-method', 'batch', 'no-header', 'bad-length') }), weight: 1 },
), { minLength: 1, maxLength: 12 });

export interface LspCampaign extends Pick<CampaignOptions<LspAction[]>, 'name' | 'arbitrary' | 'run' | 'reproducer'> {
  stop(): Promise<void>;
}

/** One server for the whole campaign (restarted, and counted as a failure, when it dies). */
export async function lspCampaign(): Promise<LspCampaign> {
  let server = await RawLspServer.start();
  const versions = new Map<string, number>();
  return {
    name: 'lsp',
    arbitrary: lspActions,
    async run(actions, stats) {
      const failures: Failure[] = [];
      const fail = (detail: string) => failures.push({ property: 'protocol answers', detail });
      const answered = (what: string, answer: Answer): void => {
        if (answer === 'timeout') return void fail(`${what}: no answer within ${ANSWER_MS / 1000} s`);
        if (answer === 'exited') return void fail(`${what}: the server exited (${server.stderr.split('\n').filter(Boolean).slice(-2).join(' | ')})`);
        if ('error' in answer) {
          if (!PROTOCOL_ERRORS.has(answer.error.code)) fail(`${what}: answered with error code ${answer.error.code} (${answer.error.message.slice(0, 120)})`);
          if (INTERNAL_TEXT.test(answer.error.message)) fail(`${what}: an internal message reached the client: ${answer.error.message.slice(0, 160)}`);
        }
      };
      const pending: Array<Promise<void>> = [];
      for (const action of actions) {
        stats.kind(`lsp ${action.type === 'frame' ? `frame ${action.frame}` : action.type === 'request' || action.type === 'notify' ? action.method : action.type}`);
        switch (action.type) {
          case 'open': {
            const seeds = loadSeeds();
            const seed = seeds[action.seed % seeds.length];
            const text = seed.text.slice(0, Math.floor(action.cut * Math.min(seed.text.length, 60_000)));
            versions.set(URIS[action.doc], 1);
            server.notify('textDocument/didOpen', { textDocument: { uri: URIS[action.doc], languageId: LANGUAGES[action.doc], version: 1, text } });
            break;
          }
          case 'change': {
            const version = (versions.get(URIS[action.doc]) ?? 0) + 1;
            versions.set(URIS[action.doc], version);
            const change = action.range === undefined ? { text: action.text } : { range: action.range, text: action.text };
            server.notify('textDocument/didChange', { textDocument: { uri: URIS[action.doc], version: action.version ?? version }, contentChanges: [change] });
            break;
          }
          case 'close':
            server.notify('textDocument/didClose', { textDocument: { uri: URIS[action.doc] } });
            break;
          case 'request':
            pending.push(server.request(action.method, action.params, ANSWER_MS).then((a) => answered(action.method, a)));
            break;
          case 'notify':
            server.notify(action.method, action.params);
            break;
          case 'frame':
            pending.push(...brokenFrame(server, action.frame).map((p) => p.then((a) => answered(`after a frame with ${action.frame}`, a))));
            break;
        }
      }
      await Promise.all(pending);
      // Alive and answering: a hover on a document opened now.
      server.notify('textDocument/didOpen', { textDocument: { uri: 'file:///fuzz/probe.yaml', languageId: 'yaml', version: 1, text: 'kind: Pod\nspec:\n  containers: [{name: a, image: nginx}]\n' } });
      answered('a hover after the sequence', await server.request('textDocument/hover', { textDocument: { uri: 'file:///fuzz/probe.yaml' }, position: { line: 2, character: 32 } }, ANSWER_MS));
      server.notify('textDocument/didClose', { textDocument: { uri: 'file:///fuzz/probe.yaml' } });
      stats.checked('lsp: protocol answers', failures.length > 0);
      if (!server.alive || failures.some((f) => /no answer|exited/.test(f.detail))) {
        // A server that stopped answering is replaced: the next sequence starts clean.
        server.kill();
        server = await RawLspServer.start();
        versions.clear();
      }
      return failures;
    },
    async reproducer(actions) {
      return { file: 'actions.json', text: `${JSON.stringify(actions, null, 2)}\n` };
    },
    async stop() {
      await server.stop();
    },
  };
}

/**
 * Writes a broken frame, then a well-formed hover request right after it: the answers to wait for
 * (the server must recover in time for the request after a wrong Content-Length).
 */
function brokenFrame(server: RawLspServer, frame: Frame): Array<Promise<Answer>> {
  const id = server.id();
  const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri: URIS[0] }, position: { line: 0, character: 0 } } });
  const framed = (length: number | string, text: string) => `Content-Length: ${length}\r\n\r\n${text}`;
  const answers: Array<Promise<Answer>> = [];
  switch (frame) {
    case 'short-length': server.write(framed(Buffer.byteLength(body) - 7, body)); break;
    case 'long-length': server.write(framed(Buffer.byteLength(body) + 40, body)); break;
    case 'huge-length': server.write(framed(999_999_999, body)); break;
    case 'bad-length': server.write(framed('abc', body)); break;
    case 'no-header': server.write(`${body}\r\n\r\n`); break;
    case 'bad-json': server.write(framed(5, '{"a":')); answers.push(server.expect(id, ANSWER_MS)); server.send(JSON.parse(body)); return answers;
    case 'not-an-object': server.write(framed(2, '42')); break;
    case 'no-method': server.send({ jsonrpc: '2.0', id, params: {} }); answers.push(server.expect(id, ANSWER_MS)); return answers;
    case 'batch': server.send([JSON.parse(body)]); break;
  }
  // Whatever became of the broken one, the next well-formed request is answered.
  answers.push(server.request('textDocument/hover', { textDocument: { uri: URIS[0] }, position: { line: 0, character: 0 } }, ANSWER_MS));
  return answers;
}
