/**
 * Records the platform cache shipped in examples/.archlens-cache, so `archlens check examples/
 * --offline --cache-dir examples/.archlens-cache` shows the registry rules on a machine without
 * internet. Pushes the images of images.json to a real registry (Debian's docker-registry) on
 * loopback, then lets the real registry client look each one up through a mirror setting, writing
 * its cache. Run: node --import tsx examples/registry/record-cache.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePlatform, type Platform } from '../../server/src/images/platform';
import { parseImageReference } from '../../server/src/images/reference';
import { createRegistryResolver } from '../../server/src/registry';
import { pushImage } from '../../test/helpers/registry/push';
import { startRegistry, stopAllRegistries } from '../../test/helpers/registry/registry';

const CACHE = path.resolve(__dirname, '..', '.archlens-cache');

async function main(): Promise<void> {
  const images = JSON.parse(fs.readFileSync(path.join(__dirname, 'images.json'), 'utf8')) as Record<string, string[] | string>;
  const registry = await startRegistry();
  try {
    const hosts = new Set<string>();
    for (const [name, platforms] of Object.entries(images)) {
      if (name === '//' || typeof platforms === 'string') continue;
      const parsed = parseImageReference(name);
      if (!parsed.ok || !parsed.ref.tag) throw new Error(`${name}: not a tagged reference`);
      const list = platforms.map((p) => parsePlatform(p) ?? fail(`${name}: bad platform ${p}`));
      await pushImage(registry, parsed.ref.repository, parsed.ref.tag, list.length === 1 ? { single: list[0] } : { platforms: list });
      hosts.add(parsed.ref.registry);
    }
    fs.rmSync(CACHE, { recursive: true, force: true });
    const resolver = createRegistryResolver({
      registries: {
        mirrors: Object.fromEntries([...hosts].map((h) => [h, registry.url])),
        insecure: [registry.host],
        timeoutMs: 10_000,
        concurrency: 4,
      },
      cacheDir: CACHE,
    });
    for (const name of Object.keys(images)) {
      if (name === '//') continue;
      const parsed = parseImageReference(name);
      if (!parsed.ok) continue;
      const answer = await resolver.resolve(parsed.ref);
      if (!answer.ok) throw new Error(`${name}: ${answer.error.state}: ${answer.error.message}`);
      process.stdout.write(`${parsed.ref.canonical}  ${answer.image.platforms.map((p) => format(p.platform)).join(', ')}\n`);
    }
    await resolver.close();
  } finally {
    await stopAllRegistries();
  }
}

function format(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((error) => {
  process.stderr.write(`record-cache: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
