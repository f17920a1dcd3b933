/**
 * Runs "Check Workspace" in a worker thread (bundled as dist/check-worker.mjs): a check reads
 * hundreds of files, and when the worker ends every byte it used goes with it, so the editor's
 * long-lived server stays small. The parent sends the inputs; the worker sends progress, log
 * lines and the outcome back as plain messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigResolver } from '../workspace/config-files';
import type { ConfigLayer } from '../core/config';
import { prepareEngine } from '../engine/prepare';
import { offlineResolver } from '../images/lookup';
import { createRegistryResolver } from '../registry/index';
import type { CheckProgressParams } from './protocol';
import type { NetworkSettings } from './settings';
import { checkWorkspace, type WorkspaceCheckOutcome } from './workspace-check';
import type { RegistrySettings } from '../core/config';

export interface CheckWorkerInput {
  folders: string[];
  layer: ConfigLayer;
  registries: RegistrySettings;
  ttlHours: number;
  network: NetworkSettings;
  trusted: boolean;
  cacheDir?: string;
  /** Unsaved editor buffers: absolute path → text. */
  openTexts: Array<[string, string]>;
  lookupFailures: 'all' | 'about-image';
}

export type CheckWorkerMessage =
  | { type: 'progress'; progress: Omit<CheckProgressParams, 'progressId'> }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | { type: 'done'; result: WorkspaceCheckOutcome['result']; diagnostics: Array<[string, WorkspaceCheckOutcome['diagnostics'] extends Map<string, infer D> ? D : never]> }
  | { type: 'error'; message: string };

/** Parent → worker. */
export type CheckWorkerCommand = { type: 'cancel' };

async function run(port: NonNullable<typeof parentPort>, input: CheckWorkerInput): Promise<void> {
  const send = (m: CheckWorkerMessage) => port.postMessage(m);
  const abort = new AbortController();
  port.on('message', (m: CheckWorkerCommand) => { if (m?.type === 'cancel') abort.abort(); });
  await prepareEngine();
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => send({ type: 'log', level, message });
  const resolver = input.trusted
    ? createRegistryResolver({
      registries: input.registries,
      ttlHours: input.ttlHours,
      ...(input.cacheDir ? { cacheDir: input.cacheDir } : {}),
      offline: input.network.offline,
      ...(input.network.proxy ? { proxy: input.network.proxy } : {}),
      ...(input.network.noProxy ? { noProxy: input.network.noProxy } : {}),
      strictSSL: input.network.strictSSL,
      ...(input.network.extraCaCerts.length ? { extraCaCerts: input.network.extraCaCerts } : {}),
      log,
    })
    : undefined;
  const texts = new Map(input.openTexts);
  try {
    const outcome = await checkWorkspace({
      folders: input.folders,
      configs: new ConfigResolver({ overrides: [input.layer], root: input.folders[0] }),
      // Untrusted: no registry client at all, so nothing can reach the network.
      resolver: resolver ?? offlineResolver,
      trusted: input.trusted,
      signal: abort.signal,
      readText: (file) => texts.get(file),
      lookupFailures: input.lookupFailures,
      progress: (progress) => send({ type: 'progress', progress }),
    });
    send({ type: 'done', result: outcome.result, diagnostics: [...outcome.diagnostics] });
  } finally {
    await resolver?.close().catch(() => undefined);
  }
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as CheckWorkerInput).catch((error) => {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies CheckWorkerMessage);
  });
}
