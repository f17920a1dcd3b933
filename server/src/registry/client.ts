/**
 * Registry requests: URL building, the scheme (https, plain http only for loopback or insecure
 * hosts), auth, and redirects followed by hand with the safety rules below (never a credential to another host).
 */
import { Authenticator, type AuthContext } from './auth';
import { fail } from './failure';
import { isLocalAddress, isLoopbackHost } from './hosts';
import { NetError, header, headerAll, type HttpResponse, type Transport } from './transport';

export interface Endpoint {
  /** scheme://host[:port] of the registry or mirror API. */
  base: URL;
  /** Host whose stored credentials may be used (undefined: anonymous). */
  credHost?: string;
  /** Mirror requests carry ?ns=<upstream registry>. */
  ns?: string;
}

export interface FetchArgs {
  endpoint: Endpoint;
  repo: string;
  kind: 'manifests' | 'blobs';
  ref: string;
  method: 'HEAD' | 'GET';
  accept: string;
  maxBytes: number;
  signal?: AbortSignal;
}

const MAX_HOPS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class RegistryClient {
  /** Loopback or insecure hosts found to speak plain http (tried https first, as Docker does). */
  private readonly plainHttp = new Set<string>();

  constructor(
    private readonly transport: Transport,
    private readonly auth: Authenticator,
    private readonly insecureHosts: Set<string>,
  ) {}

  /**
   * Base URL for a registry API host: https, also for loopback and insecure hosts (unverified TLS
   * for those); `fetch` falls back to plain http when such a host turns out not to speak TLS.
   */
  endpointFor(apiHost: string, credHost: string): Endpoint {
    return { base: new URL(`${this.plainHttp.has(apiHost) ? 'http' : 'https'}://${apiHost}`), credHost };
  }

  async fetch(args: FetchArgs): Promise<HttpResponse> {
    if (args.endpoint.base.protocol === 'https:' && this.plainHttp.has(args.endpoint.base.host)) args = overPlainHttp(args);
    try {
      return await this.follow(args);
    } catch (error) {
      const host = args.endpoint.base.host;
      // A loopback or insecure registry without TLS answers a TLS hello with garbage (or hangs up): retry it over http.
      const plainAllowed = isLoopbackHost(host) || this.insecureHosts.has(host);
      if (error instanceof NetError && (error.kind === 'tls' || error.kind === 'reset') && /EPROTO|WRONG_VERSION|reset/i.test(error.message) && args.endpoint.base.protocol === 'https:' && plainAllowed) {
        this.plainHttp.add(host);
        return this.follow(overPlainHttp(args));
      }
      throw error;
    }
  }

  private async follow(args: FetchArgs): Promise<HttpResponse> {
    const { endpoint } = args;
    let url = new URL(`${endpoint.base.origin}/v2/${args.repo}/${args.kind}/${args.ref}`);
    if (endpoint.ns) url.searchParams.set('ns', endpoint.ns);
    let hops = 0;
    // Set once a non-local host has sent us to another host: that hop must not reach a local address
    // (the transport checks the addresses it connects to). A same-host redirect keeps the hop's verdict.
    let publicSource: string | undefined;
    const unauthorizedAt = new Map<string, number>();
    for (;;) {
      const home = url.origin === endpoint.base.origin;
      const ctx: AuthContext = {
        origin: url.origin,
        repo: args.repo,
        // Another origin (a redirect target) gets only its own anonymous challenge answered.
        credHost: home ? endpoint.credHost : undefined,
        insecureHosts: this.insecureHosts,
        signal: args.signal,
        publicSource,
      };
      const headers: Record<string, string> = { Accept: args.accept, 'User-Agent': 'archlens' };
      const { header: authorization, freshToken } = await this.auth.authorize(ctx);
      if (authorization) headers.Authorization = authorization;
      const res = await this.transport.send({ method: args.method, url, headers, maxBytes: args.maxBytes, signal: args.signal, countsAgainstPullLimit: args.kind === 'manifests' && args.method === 'GET', publicSource });
      if (REDIRECTS.has(res.status)) {
        const location = header(res.headers, 'location');
        if (!location) fail('registry-error', `${url.host} answered a redirect without a Location`);
        if (++hops > MAX_HOPS) fail('registry-error', `too many redirects (more than ${MAX_HOPS}) from ${endpoint.base.host}`);
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          fail('registry-error', `${url.host} redirected to an invalid URL`);
        }
        if (next.protocol !== 'https:' && next.protocol !== 'http:') fail('registry-error', `refused a redirect to a ${next.protocol} URL`);
        if (url.protocol === 'https:' && next.protocol === 'http:') fail('registry-error', `refused a redirect from https to plain http (${next.host})`);
        if (next.protocol === 'http:' && !isLoopbackHost(next.host) && !this.insecureHosts.has(next.host)) fail('registry-error', `refused a redirect to plain http on ${next.host} (neither loopback nor listed in registries.insecure)`);
        if (next.host !== url.host) publicSource = isLocalAddress(url.host) ? undefined : `a redirect from ${url.host}`;
        url = next;
        continue;
      }
      if (res.status === 401) {
        let attempt = unauthorizedAt.get(url.origin) ?? 0;
        // A token fetched just now for this request that lacks the scope: past the first answer already
        // (fetching the same token again changes nothing). A cached token may predate a change of access: refetched.
        if (attempt === 0 && freshToken && /insufficient_scope/.test(headerAll(res.headers, 'www-authenticate').join(','))) attempt = 1;
        unauthorizedAt.set(url.origin, attempt + 1);
        // Throws the final state (not found or private, credentials rejected…) when out of answers.
        await this.auth.onUnauthorized(res, ctx, Math.min(attempt, 2));
        continue;
      }
      return res;
    }
  }
}

function overPlainHttp(args: FetchArgs): FetchArgs {
  const base = new URL(args.endpoint.base);
  base.protocol = 'http:';
  return { ...args, endpoint: { ...args.endpoint, base } };
}
