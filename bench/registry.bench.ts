/**
 * Registry look-ups: 200 distinct images (100 indexes, 100 single manifests) pushed to a real
 * docker-registry on loopback, behind the fault proxy adding 50 ms to every response. Cold cache:
 * archlens resolving all 200 (as `archlens check` does: concurrently, per-host limit = the default
 * registries.concurrency) against Debian's `skopeo inspect --raw` (containers/image) resolving the
 * same 200 one after another, in the same run. Goal: ≥ 10× faster, with no more requests than
 * 1 HEAD + 1 GET per index and 1 HEAD + 1 GET + 1 blob GET per single manifest.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { defaultConfig } from '../server/src/core/config';
import { resolveAll } from '../server/src/engine/analyze';
import { parseImageReference, type ImageRef } from '../server/src/images/reference';
import { createRegistryResolver } from '../server/src/registry';
import { tempDir } from '../test/helpers/registry/certs';
import { startFaultProxy } from '../test/helpers/registry/proxy';
import { pushImage } from '../test/helpers/registry/push';
import { startRegistry } from '../test/helpers/registry/registry';
import { table, writeSection, type Measurement } from './lib';

const run = promisify(execFile);
const IMAGES = 200;
const LATENCY_MS = 50;
const ROUNDS = Number(process.env.ARCHLENS_BENCH_ROUNDS ?? 3);

function stats(times: number[]): Measurement {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1], rounds: sorted.length };
}

async function main(): Promise<void> {
  const registry = await startRegistry();
  const proxy = await startFaultProxy({ target: registry.url });
  try {
    // Push (no latency yet), a few at a time.
    const names: string[] = [];
    for (let i = 0; i < IMAGES; i++) names.push(i % 2 === 0 ? `bench/index-${i}:v1` : `bench/single-${i}:v1`);
    for (let i = 0; i < names.length; i += 10) {
      await Promise.all(names.slice(i, i + 10).map((n) => {
        const [repo, tag] = n.split(':');
        return n.includes('index')
          ? pushImage(registry, repo, tag, { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] })
          : pushImage(registry, repo, tag, { single: { os: 'linux', architecture: 'arm64' } });
      }));
    }
    const refs: ImageRef[] = names.map((n) => {
      const parsed = parseImageReference(`${proxy.host}/${n}`);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.ref;
    });
    proxy.latencyMs = LATENCY_MS;
    const config = defaultConfig();

    const measureOurs = async (concurrency: number): Promise<{ m: Measurement; requests: number; failures: number }> => {
      const times: number[] = [];
      let requests = 0;
      let failures = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const cacheDir = tempDir('bench-cache');
        const resolver = createRegistryResolver({ registries: { ...config.registries, concurrency, insecure: [proxy.host] }, cacheDir, dockerConfigDir: tempDir('bench-docker'), podmanAuthFiles: [] });
        proxy.requests.length = 0;
        const start = performance.now();
        const answers = await resolveAll(refs, resolver);
        times.push(performance.now() - start);
        requests = Math.max(requests, proxy.requests.length);
        failures += [...answers.values()].filter((a) => !a.ok).length;
        await resolver.close();
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
      return { m: stats(times), requests, failures };
    };
    const byDefault = await measureOurs(config.registries.concurrency);
    const narrower = await measureOurs(8);
    // Like for like with skopeo: one look-up after another (one round), same requests.
    const seqCache = tempDir('bench-cache');
    const sequential = createRegistryResolver({ registries: { ...config.registries, insecure: [proxy.host] }, cacheDir: seqCache, dockerConfigDir: tempDir('bench-docker'), podmanAuthFiles: [] });
    const seqStart = performance.now();
    for (const r of refs) await sequential.resolve(r);
    const sequentialMs = performance.now() - seqStart;
    await sequential.close();
    fs.rmSync(seqCache, { recursive: true, force: true });
    const expected = (IMAGES / 2) * 2 + (IMAGES / 2) * 3;

    // skopeo: one process per image, one after another (its own cache is per-process).
    proxy.requests.length = 0;
    const skopeoStart = performance.now();
    const skopeoPer: number[] = [];
    for (const n of names) {
      const t = performance.now();
      await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${proxy.host}/${n}`], { env: { ...process.env, HOME: tempDir('skopeo-home') } });
      skopeoPer.push(performance.now() - t);
    }
    const skopeoTotal = performance.now() - skopeoStart;
    const skopeoRequests = proxy.requests.length;

    const ours = byDefault.m;
    const oursRequests = Math.max(byDefault.requests, narrower.requests);
    const failures = byDefault.failures + narrower.failures;
    const baseline: Measurement = { median: skopeoTotal, min: skopeoTotal, max: skopeoTotal, rounds: 1 };
    const per = stats(skopeoPer);
    const speedup = skopeoTotal / ours.median;
    const md = [
      `${IMAGES} distinct images (${IMAGES / 2} OCI indexes, ${IMAGES / 2} single manifests) on Debian's docker-registry behind a proxy adding ${LATENCY_MS} ms to every response; cold cache each round.`,
      '',
      table([
        { what: `resolve ${IMAGES} images, cold (concurrency ${config.registries.concurrency}/host, the default)`, ours, baseline, baselineName: 'skopeo inspect --raw ×200, sequential', goal: '≤ 0.1× (≥ 10× faster)' },
        { what: `resolve ${IMAGES} images, cold (registries.concurrency: 8)`, ours: narrower.m, baseline, baselineName: 'skopeo inspect --raw ×200, sequential', goal: '≤ 0.1× (≥ 10× faster)' },
      ]),
      '',
      `- speed-up: **${speedup.toFixed(1)}×** at the default concurrency, **${(skopeoTotal / narrower.m.median).toFixed(1)}×** at 8 (archlens medians of ${ours.rounds} rounds: ${ours.min.toFixed(0)}–${ours.max.toFixed(0)} ms and ${narrower.m.min.toFixed(0)}–${narrower.m.max.toFixed(0)} ms; skopeo one round, per image median ${per.median.toFixed(0)} ms)`,
      `- one look-up after another (like skopeo, one round): ${sequentialMs.toFixed(0)} ms (${(skopeoTotal / sequentialMs).toFixed(2)}× skopeo): the gain is concurrency with a bounded per-host limit, in one process`,
      `- lower bound at ${config.registries.concurrency} requests/host: ${expected} requests × ${LATENCY_MS} ms / ${config.registries.concurrency} = ${((expected * LATENCY_MS) / config.registries.concurrency).toFixed(0)} ms`,
      `- requests: archlens **${oursRequests}** (budget ${expected} = ${IMAGES / 2}×(HEAD+GET) + ${IMAGES / 2}×(HEAD+GET+blob)); skopeo ${skopeoRequests} (it also pings /v2/ per process; --raw skips the config blob)`,
      `- failed look-ups: ${failures}`,
    ].join('\n');
    writeSection('Registry', md);
    if (failures > 0 || oursRequests > expected) process.exitCode = 1;
  } finally {
    await proxy.stop();
    await registry.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
