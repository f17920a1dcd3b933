/**
 * The registry campaign: the real registry client (createRegistryResolver) against the fault proxy
 * of test/helpers/registry on loopback, answering from generated scripts — valid indexes, manifests
 * and configs, then mutated: statuses and Retry-After, wrong or missing Content-Type and digests,
 * truncated, flipped, deeply nested or huge bodies, an index naming itself, redirect loops and
 * redirects elsewhere, resets, odd auth challenges, control characters in platform strings.
 * Property "registry answer typed": every look-up ends in time with platforms or a typed error
 * (never a throw), and what `archlens platforms` prints of it holds no raw control character.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { createRegistryResolver, formatPlatformsJson, formatPlatformsText, type RegistryResolver } from '../../server/src/registry/index';
import type { ImageLookup, LookupErrorState } from '../../server/src/images/lookup';
import { parseImageReference } from '../../server/src/images/reference';
import { startFaultProxy, type FaultAction, type FaultProxy, type FaultRule } from '../helpers/registry/proxy';
import { DOCKER_LIST, DOCKER_MANIFEST, OCI_CONFIG, OCI_INDEX, OCI_MANIFEST, sha256 } from '../helpers/registry/push';
import type { CampaignOptions } from './campaign';
import type { Failure } from './engine-property';

const STATES: readonly LookupErrorState[] = [
  'not-found', 'not-found-or-private', 'unauthorized', 'denied', 'rate-limited', 'registry-error', 'timeout', 'unreachable', 'offline',
  'untrusted-workspace', 'tls', 'not-runnable', 'unsupported-reference', 'invalid-response', 'cancelled',
];
const TIMEOUT_MS = 1000;
/** A look-up is a hang past this: retries and back-off included, with room for a loaded machine. */
const HANG_MS = 20_000;

export interface RegistryScript {
  platforms: string[];
  shape: 'index' | 'docker-list' | 'manifest' | 'schema1';
  /** Mutations of the answers, in order: each names what it changes. */
  faults: Array<{ target: 'tag' | 'child' | 'config' | 'ping'; fault: Fault }>;
}

type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; challenge?: string }
  | { kind: 'reset' }
  | { kind: 'redirect'; to: 'self' | 'other-host' | 'https' | 'relative-loop' }
  | { kind: 'content-type'; value: string | null }
  | { kind: 'digest'; value: 'wrong' | 'missing' | 'garbage' }
  | { kind: 'body'; edit: 'truncate' | 'flip' | 'nest' | 'huge' | 'not-json' | 'self-index' | 'wrong-types' | 'empty'; at: number };

const platformString = fc.oneof(
  { arbitrary: fc.constantFrom('linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm64/v8', 'windows/amd64', 'linux/386', 'linux/s390x', 'unknown/unknown'), weight: 8 },
  { arbitrary: fc.constantFrom('linux/\u001b[31mamd64', 'linux/amd64\n::error::x', 'lin\u0000ux/arm64', 'linux/\u202eamd64', `linux/${'a'.repeat(5000)}`, 'linux/', '/', 'linux/arm/v7/extra'), weight: 1 },
);

const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    kind: fc.constant('status' as const),
    status: fc.constantFrom(200, 201, 204, 301, 400, 401, 403, 404, 405, 408, 429, 500, 502, 503, 504),
    retryAfter: fc.option(fc.constantFrom('0', '1', '999999999', '-5', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', '1e309'), { nil: undefined }),
    challenge: fc.option(fc.constantFrom(
      'Bearer realm="http://127.0.0.1:1/token",service="x"', 'Bearer realm="https://evil.example/token",service="r"', 'Basic realm="x"',
      'Bearer', 'Bearer realm=', 'Bearer realm="http://127.0.0.1:1/t\\"oken",scope=', 'Negotiate', `Bearer realm="${'r'.repeat(10_000)}"`,
    ), { nil: undefined }),
  }),
  fc.constant({ kind: 'reset' as const }),
  fc.record({ kind: fc.constant('redirect' as const), to: fc.constantFrom('self', 'other-host', 'https', 'relative-loop') }),
  fc.record({ kind: fc.constant('content-type' as const), value: fc.constantFrom(null, 'text/html', 'application/json', OCI_MANIFEST, OCI_INDEX, DOCKER_LIST, 'application/vnd.docker.distribution.manifest.v1+prettyjws', `${OCI_INDEX}; charset=utf-8`, OCI_INDEX.toUpperCase()) }),
  fc.record({ kind: fc.constant('digest' as const), value: fc.constantFrom('wrong', 'missing', 'garbage') }),
  fc.record({ kind: fc.constant('body' as const), edit: fc.constantFrom('truncate', 'flip', 'nest', 'huge', 'not-json', 'self-index', 'wrong-types', 'empty'), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

export const registryScript: fc.Arbitrary<RegistryScript> = fc.record({
  platforms: fc.array(platformString, { minLength: 0, maxLength: 5 }),
  shape: fc.constantFrom('index', 'docker-list', 'manifest', 'schema1'),
  faults: fc.array(fc.record({ target: fc.constantFrom('tag', 'child', 'config', 'ping'), fault }), { maxLength: 3 }),
});

/** The answers for one repository: tag → index or manifest, children and configs by digest. */
function rulesFor(repo: string, script: RegistryScript, proxy: FaultProxy): FaultRule[] {
  const configFor = (p: string) => {
    const [os, architecture, variant] = p.split('/');
    return JSON.stringify({ architecture, os, ...(variant ? { variant } : {}), rootfs: { type: 'layers', diff_ids: [] } });
  };
  const manifestFor = (config: string) => JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: sha256(config), size: config.length }, layers: [],
  });
  const served = new Map<string, { body: string; contentType: string }>(); // path → document
  const base = `/v2/${repo}`;
  let tag: { body: string; contentType: string };
  if (script.shape === 'index' || script.shape === 'docker-list') {
    const children = script.platforms.map((p) => {
      const config = configFor(p);
      const manifest = manifestFor(config);
      served.set(`${base}/blobs/${sha256(config)}`, { body: config, contentType: OCI_CONFIG });
      served.set(`${base}/manifests/${sha256(manifest)}`, { body: manifest, contentType: OCI_MANIFEST });
      const [os, architecture, variant] = p.split('/');
      return { mediaType: OCI_MANIFEST, digest: sha256(manifest), size: manifest.length, platform: { os, architecture, ...(variant ? { variant } : {}) } };
    });
    const mediaType = script.shape === 'index' ? OCI_INDEX : DOCKER_LIST;
    tag = { body: JSON.stringify({ schemaVersion: 2, mediaType, manifests: children }), contentType: mediaType };
  } else if (script.shape === 'manifest') {
    const config = configFor(script.platforms[0] ?? 'linux/amd64');
    served.set(`${base}/blobs/${sha256(config)}`, { body: config, contentType: OCI_CONFIG });
    tag = { body: manifestFor(config).replace(OCI_MANIFEST, DOCKER_MANIFEST), contentType: DOCKER_MANIFEST };
  } else {
    tag = { body: JSON.stringify({ schemaVersion: 1, name: repo, tag: 'v1', architecture: (script.platforms[0] ?? 'linux/amd64').split('/')[1], fsLayers: [], history: [{ v1Compatibility: '{"os":"linux"}' }] }), contentType: 'application/vnd.docker.distribution.manifest.v1+json' };
  }

  const rules: FaultRule[] = [];
  const pathFor = (target: 'tag' | 'child' | 'config' | 'ping'): string => {
    if (target === 'ping') return '/v2/';
    if (target === 'tag') return `${base}/manifests/`; // the tag and the tag's digest
    const key = [...served.keys()].find((k) => k.includes(target === 'child' ? '/manifests/' : '/blobs/'));
    return key ?? `${base}/manifests/v1`;
  };
  const documentAt = (p: string) => (p === `${base}/manifests/` ? tag : served.get(p));
  for (const { target, fault } of script.faults) {
    const at = pathFor(target);
    const doc = documentAt(at);
    const action = faultAction(fault, at, doc, proxy);
    if (action) rules.push({ path: target === 'ping' ? /^\/v2\/$/ : at, action, times: 2 });
    if (fault.kind === 'body' && fault.edit === 'self-index' && action && 'serve' in action) {
      // The child's path answers the index again, with a header claiming the asked-for digest.
      rules.push({ path: `${base}/manifests/${SELF_DIGEST}`, action: { serve: { ...action.serve, digest: SELF_DIGEST } } });
    }
  }
  // The tag, and the same document by its digest (a client may ask HEAD for the digest, then GET by digest).
  rules.push({ path: `${base}/manifests/v1`, action: { serve: { body: tag.body, contentType: tag.contentType, digest: sha256(tag.body) } } });
  rules.push({ path: `${base}/manifests/${sha256(tag.body)}`, action: { serve: { body: tag.body, contentType: tag.contentType, digest: sha256(tag.body) } } });
  for (const [p, doc] of served) rules.push({ path: p, action: { serve: { body: doc.body, contentType: doc.contentType, digest: sha256(doc.body) } } });
  rules.push({ path: /^\/v2\/$/, action: { status: 200, body: '{}' } });
  return rules;
}

const SELF_DIGEST = `sha256:${'0'.repeat(64)}`;

function faultAction(f: Fault, at: string, doc: { body: string; contentType: string } | undefined, proxy: FaultProxy): FaultAction | undefined {
  const body = doc?.body ?? '{}';
  const contentType = doc?.contentType ?? 'application/json';
  switch (f.kind) {
    case 'status': {
      const headers: Record<string, string> = {};
      if (f.retryAfter !== undefined) headers['Retry-After'] = f.retryAfter;
      if (f.challenge !== undefined) headers['WWW-Authenticate'] = f.challenge.replace('127.0.0.1:1', proxy.host);
      return { status: f.status, headers, body: f.status === 200 ? body : '{"errors":[{"code":"X","message":"fuzz"}]}' };
    }
    case 'reset': return { reset: true };
    case 'redirect':
      return { redirect: f.to === 'self' ? `http://${proxy.host}${at}` : f.to === 'relative-loop' ? at : f.to === 'https' ? `https://${proxy.host}${at}` : `http://127.0.0.2:${proxy.port}${at}`, status: 307 };
    case 'content-type':
      return { serve: { body, ...(f.value === null ? {} : { contentType: f.value }), digest: sha256(body) } };
    case 'digest':
      return { serve: { body, contentType, ...(f.value === 'missing' ? {} : { digest: f.value === 'wrong' ? sha256(`${body} `) : 'sha256:zz' }) } };
    case 'body': {
      const cut = Math.floor(f.at * body.length);
      const edited = f.edit === 'truncate' ? body.slice(0, cut)
        : f.edit === 'flip' ? `${body.slice(0, cut)}\u0001${body.slice(cut + 1)}`
        : f.edit === 'nest' ? `${'['.repeat(100_000)}${']'.repeat(100_000)}`
        : f.edit === 'huge' ? undefined
        : f.edit === 'not-json' ? '<html>not a manifest</html>'
        : f.edit === 'self-index' ? JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_INDEX, digest: 'SELF', size: 1, platform: { os: 'linux', architecture: 'amd64' } }] })
        : f.edit === 'wrong-types' ? JSON.stringify({ schemaVersion: '2', mediaType: 7, manifests: 'none', config: [], platform: 1 })
        : '';
      if (edited === undefined) return { hugeBody: 12 * 1024 * 1024 + Math.floor(f.at * 40 * 1024 * 1024), declareLength: f.at > 0.5 };
      if (f.edit === 'self-index') {
        // An index whose only child is the index itself, by its own digest.
        const self = edited.replace('SELF', SELF_DIGEST);
        return { serve: { body: self, contentType: OCI_INDEX, digest: sha256(self) } };
      }
      return { serve: { body: edited, contentType, digest: sha256(edited) } };
    }
  }
}

export interface RegistryCampaign extends Pick<CampaignOptions<RegistryScript>, 'name' | 'arbitrary' | 'run' | 'reproducer'> {
  stop(): Promise<void>;
}

/** Starts the fault proxy and a resolver (a fresh one every 200 look-ups: a long run holds no state). */
export async function registryCampaign(): Promise<RegistryCampaign> {
  const proxy = await startFaultProxy({});
  const dockerConfigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-fuzz-docker-'));
  let resolver: RegistryResolver | undefined;
  let used = 0;
  let repoCounter = 0;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
  process.on('unhandledRejection', onUnhandled);
  const fresh = async (): Promise<RegistryResolver> => {
    if (resolver && used < 200) return resolver;
    await resolver?.close();
    used = 0;
    resolver = createRegistryResolver({
      registries: { mirrors: {}, insecure: [proxy.host], timeoutMs: TIMEOUT_MS, concurrency: 4 },
      noCache: true, dockerConfigDir, podmanAuthFiles: [], env: {},
      tuning: { retries: 1, backoffBaseMs: 1, maxRetryAfterMs: 200, maxBackoffMs: 100, negativeTtlMs: 0 },
    });
    return resolver;
  };
  return {
    name: 'registry',
    arbitrary: registryScript,
    async run(script, stats) {
      const client = await fresh();
      used++;
      const repo = `fuzz/r${repoCounter++}`;
      proxy.clear();
      proxy.rules.push(...rulesFor(repo, script, proxy));
      const parsed = parseImageReference(`${proxy.host}/${repo}:v1`);
      if (!parsed.ok) throw new Error(`bad reference ${proxy.host}/${repo}:v1`);
      const failures: Failure[] = [];
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<'hang'>((resolve) => { timer = setTimeout(() => resolve('hang'), HANG_MS); });
      let answer: ImageLookup | 'hang';
      try {
        answer = await Promise.race([client.resolve(parsed.ref), hang]);
      } catch (error) {
        answer = { ok: false, error: { state: 'registry-error', message: '' } };
        failures.push({ property: 'registry answer typed', detail: `resolve threw: ${error instanceof Error ? error.message : String(error)}` });
      } finally {
        clearTimeout(timer);
      }
      const ms = performance.now() - started;
      stats.timed({ what: `registry: ${script.shape}, ${script.faults.map((f) => `${f.target} ${f.fault.kind}${'edit' in f.fault ? ` ${f.fault.edit}` : ''}`).join(', ') || 'no fault'}`, chars: 0, ms });
      for (const f of script.faults) stats.kind(`registry ${f.fault.kind}`);
      if (script.faults.length === 0) stats.kind('registry none');
      if (answer !== 'hang') stats.kind(`registry answer: ${answer.ok ? `platforms (${answer.image.kind})` : answer.error.state}`);
      if (answer === 'hang') {
        failures.push({ property: 'no hang', detail: `registry look-up still running after ${HANG_MS} ms` });
      } else {
        failures.push(...typedAnswerProblems(answer));
        try {
          const text = formatPlatformsText([{ name: `${proxy.host}/${repo}:v1`, lookup: answer }]);
          // Line breaks separate lines; any other control character would reach a terminal raw.
          if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text)) {
            failures.push({ property: 'registry answer typed', detail: `archlens platforms would print a raw control character: ${JSON.stringify(text.slice(0, 200))}` });
          }
          JSON.parse(formatPlatformsJson([{ name: 'x', lookup: answer }]));
        } catch (error) {
          failures.push({ property: 'registry answer typed', detail: `formatting the answer threw: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
      for (const reason of unhandled.splice(0)) {
        failures.push({ property: 'registry answer typed', detail: `unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}` });
      }
      stats.checked('registry: answer typed', failures.some((f) => f.property === 'registry answer typed'));
      stats.checked('registry: no hang', failures.some((f) => f.property === 'no hang'));
      return failures;
    },
    async reproducer(script) {
      return { file: 'script.json', text: `${JSON.stringify(script, null, 2)}\n` };
    },
    async stop() {
      process.off('unhandledRejection', onUnhandled);
      await resolver?.close();
      await proxy.stop();
      fs.rmSync(dockerConfigDir, { recursive: true, force: true });
    },
  };
}

/** What is wrong with an answer's shape: platforms with an os and architecture, or an error of a known state with a message. */
export function typedAnswerProblems(answer: ImageLookup): Failure[] {
  const problems: string[] = [];
  if (answer.ok) {
    if (!Array.isArray(answer.image.platforms)) problems.push('platforms is not a list');
    for (const p of answer.image.platforms ?? []) {
      if (typeof p.platform?.os !== 'string' || typeof p.platform?.architecture !== 'string') problems.push(`a platform without os/architecture: ${JSON.stringify(p).slice(0, 100)}`);
    }
  } else {
    if (!STATES.includes(answer.error.state)) problems.push(`unknown error state ${String(answer.error.state)}`);
    if (typeof answer.error.message !== 'string' || answer.error.message === '') problems.push('an error without a message');
    if (/TypeError|Cannot read prop|is not a function|undefined is not/.test(answer.error.message)) problems.push(`an internal error as the answer: ${answer.error.message}`);
  }
  return problems.map((detail) => ({ property: 'registry answer typed' as const, detail }));
}
