/**
 * The loopback registry the scenarios look images up in: Debian's docker-registry (started by the
 * registry tests' harness), behind a recording proxy so a scenario can count the requests that
 * reached it. The extension's settings send docker.io look-ups there as a mirror.
 */
import type { Platform } from '../../../server/src/images/platform';
import { startFaultProxy, type FaultProxy } from '../../helpers/registry/proxy';
import { pushImage } from '../../helpers/registry/push';
import { startRegistry, type TestRegistry } from '../../helpers/registry/registry';

/** An image to push, named as a docker.io reference would name it (without "docker.io/"). */
export interface E2EImage {
  repo: string;
  tag: string;
  /** One platform → a single manifest; several → an OCI index. */
  platforms: Platform[];
}

export interface E2ERegistry {
  registry: TestRegistry;
  proxy: FaultProxy;
  /** User settings pointing archlens at the proxy as docker.io's mirror. */
  settings: Record<string, unknown>;
  /** Requests that reached the registry side so far (through the proxy). */
  requestCount(): number;
  stop(): Promise<void>;
}

/** The images every scenario's fixtures use. */
export const SCENARIO_IMAGES: E2EImage[] = [
  { repo: 'acme/billing', tag: '1.4.2', platforms: [{ os: 'linux', architecture: 'amd64' }] },
  { repo: 'acme/api', tag: '2.0.0', platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] },
  { repo: 'acme/builder', tag: '1.22', platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] },
  { repo: 'acme/runtime', tag: '3.20', platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] },
];

export async function startE2ERegistry(images: E2EImage[] = SCENARIO_IMAGES): Promise<E2ERegistry> {
  const registry = await startRegistry();
  let proxy: FaultProxy | undefined;
  try {
    for (const image of images) {
      const [first] = image.platforms;
      if (image.platforms.length === 1 && first) await pushImage(registry, image.repo, image.tag, { single: first });
      else await pushImage(registry, image.repo, image.tag, { platforms: image.platforms });
    }
    proxy = await startFaultProxy({ target: registry.url });
    proxy.clear(); // pushes went to the registry directly; count only what the extension sends
  } catch (error) {
    await proxy?.stop();
    await registry.stop();
    throw error;
  }
  const p = proxy;
  return {
    registry,
    proxy: p,
    settings: {
      'archlens.registries.mirrors': { 'docker.io': p.url },
      'archlens.registries.insecure': [p.host],
      'archlens.targets': ['linux/amd64', 'linux/arm64'],
    },
    requestCount: () => p.requests.length,
    stop: async () => {
      await p.stop();
      await registry.stop();
    },
  };
}
