/** A registry resolver wired for tests: temp cache, loopback hosts listed insecure, short timeouts. */
import * as fs from 'node:fs';
import { parseImageReference } from '../../../server/src/images/reference';
import type { ImageRef } from '../../../server/src/images/reference';
import { createRegistryResolver, type RegistryResolver, type RegistryResolverOptions } from '../../../server/src/registry';
import type { ResolverTuning } from '../../../server/src/registry/types';
import { tempDir } from './certs';

export interface TestResolverOptions extends Partial<Omit<RegistryResolverOptions, 'registries'>> {
  insecure?: string[];
  mirrors?: Record<string, string>;
  timeoutMs?: number;
  concurrency?: number;
  tuning?: ResolverTuning;
}

export interface TestResolver extends RegistryResolver {
  cacheDir: string;
  /** Log lines the resolver wrote (to check that no secret appears). */
  logs: string[];
}

export function testResolver(o: TestResolverOptions = {}): TestResolver {
  const cacheDir = o.cacheDir ?? tempDir('cache');
  const logs: string[] = [];
  const resolver = createRegistryResolver({
    ...o,
    registries: { mirrors: o.mirrors ?? {}, insecure: o.insecure ?? [], timeoutMs: o.timeoutMs ?? 5000, concurrency: o.concurrency ?? 8 },
    cacheDir,
    dockerConfigDir: o.dockerConfigDir ?? tempDir('docker-config'),
    podmanAuthFiles: o.podmanAuthFiles ?? [],
    env: o.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    log: (level, message) => logs.push(`${level}: ${message}`),
    tuning: { retries: 2, backoffBaseMs: 20, maxRetryAfterMs: 3000, ...o.tuning },
  });
  const close = resolver.close.bind(resolver);
  return Object.assign(resolver, {
    cacheDir,
    logs,
    async close() {
      await close();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  });
}

export function ref(text: string): ImageRef {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(`bad test reference ${text}: ${parsed.reason}`);
  return parsed.ref;
}

/** Writes a Docker config.json into a fresh folder; returns the folder. */
export function dockerConfig(config: unknown): string {
  const dir = tempDir('docker-config');
  fs.writeFileSync(`${dir}/config.json`, JSON.stringify(config));
  return dir;
}
