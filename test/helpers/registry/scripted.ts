/**
 * A registry client on a scripted transport, for the safety rules that need non-loopback hosts the
 * tests cannot reach. Only `send` is used by RegistryClient and Authenticator, so the stand-in keeps
 * these tests about the rules, not about sockets; every other registry test uses the real transport.
 */
import * as assert from 'node:assert/strict';
import { Authenticator } from '../../../server/src/registry/auth';
import { RegistryClient } from '../../../server/src/registry/client';
import { CredentialStore } from '../../../server/src/registry/credentials';
import { LookupFailure } from '../../../server/src/registry/failure';
import type { HttpResponse, SendRequest, Transport } from '../../../server/src/registry/transport';
import { dockerConfig } from './resolver';

export interface Scripted { status: number; headers?: Record<string, string>; body?: string }
export type Script = (req: SendRequest) => Scripted;

/** A client whose every request is answered by `script`; `sent` records what it sent. */
export function scriptedClient(script: Script, o: { configDir?: string; insecure?: string[] } = {}): { client: RegistryClient; sent: SendRequest[] } {
  const sent: SendRequest[] = [];
  const transport = {
    requests: 0,
    async send(req: SendRequest): Promise<HttpResponse> {
      sent.push(req);
      const r = script(req);
      return { status: r.status, headers: Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])), body: Buffer.from(r.body ?? ''), url: req.url };
    },
  } as unknown as Transport;
  const creds = new CredentialStore({ dockerConfigDir: o.configDir ?? dockerConfig({}), podmanAuthFiles: [], env: {}, log: () => undefined });
  const auth = new Authenticator(transport, creds, Date.now, () => undefined);
  return { client: new RegistryClient(transport, auth, new Set(o.insecure ?? [])), sent };
}

/** The typed failure a fetch ended with (fails the test when it succeeded). */
export async function failure(p: Promise<unknown>): Promise<{ state: string; message: string }> {
  try {
    await p;
  } catch (error) {
    if (error instanceof LookupFailure) return error.error;
    throw error;
  }
  assert.fail('expected a failure');
}

/** A manifest GET of team/app:v1 on `apiHost`, with credentials looked up for `credHost`. */
export function manifestFetch(c: RegistryClient, apiHost = 'registry.example.com', credHost = apiHost) {
  return {
    endpoint: c.endpointFor(apiHost, credHost),
    repo: 'team/app',
    kind: 'manifests' as const,
    ref: 'v1',
    method: 'GET' as const,
    accept: '*/*',
    maxBytes: 1024,
  };
}
