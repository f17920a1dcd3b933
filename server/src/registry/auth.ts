/**
 * Challenge-driven auth per origin: anonymous first; on 401 the challenge decides (Bearer token
 * from the realm with scope repository:<path>:pull, or Basic). Tokens cached with their lifetime.
 */
import { bearerOf, basicOf, parseChallenges, type Challenge } from './challenge';
import type { CredentialStore, Credentials } from './credentials';
import { isDockerHub } from './credentials';
import { fail } from './failure';
import { hostnameOf, isLocalAddress, isLoopbackHost } from './hosts';
import { realmMayReceiveCredentials } from './realm-policy';
import { NetError, headerAll, type HttpResponse, type Transport } from './transport';
import type { RegistryLog } from './types';

interface Token {
  value: string;
  expiresAt: number;
}

interface Realm {
  realm: string;
  service?: string;
}

interface OriginState {
  basic?: string;
  /**
   * The realm a token was last obtained from: asked pre-emptively for repositories not challenged
   * yet. Only a realm that worked is kept here, so one repository's bad challenge stays its own.
   */
  bearer?: Realm;
  /** Each repository's own latest challenge. */
  repoBearer: Map<string, Realm>;
  tokens: Map<string, Token>;
  credentials?: Credentials;
  /** Token services the credentials were withheld from (another site; see realm-policy.ts). */
  withheldFrom?: string;
}

export interface AuthContext {
  /** origin (scheme://host[:port]) the request goes to. */
  origin: string;
  repo: string;
  /** Host whose stored credentials may be used there; undefined = anonymous only (another origin, a mirror without its own). */
  credHost?: string;
  insecureHosts: Set<string>;
  signal?: AbortSignal;
  /** The origin is a hop a non-local host sent us on (see SendRequest.publicSource). */
  publicSource?: string;
}

const TOKEN_MAX_BYTES = 1 << 20;

export class Authenticator {
  private readonly origins = new Map<string, OriginState>();

  constructor(
    private readonly transport: Transport,
    private readonly credentials: CredentialStore,
    private readonly now: () => number,
    private readonly log: RegistryLog,
  ) {}

  private state(ctx: AuthContext): OriginState {
    const key = `${ctx.origin}|${ctx.credHost ?? ''}`;
    let s = this.origins.get(key);
    if (!s) this.origins.set(key, (s = { tokens: new Map(), repoBearer: new Map() }));
    return s;
  }

  static scopeFor(repo: string): string {
    return `repository:${repo}:pull`;
  }

  /**
   * The Authorization value to send now, if any (a token refreshed 5 s before it expires);
   * `freshToken` when the token was fetched just now for this request (not reused from the cache).
   */
  async authorize(ctx: AuthContext): Promise<{ header?: string; freshToken?: boolean }> {
    const s = this.state(ctx);
    if (s.basic) return { header: s.basic };
    const own = s.repoBearer.get(ctx.repo);
    const realm = own ?? s.bearer;
    if (!realm) return {};
    const scope = Authenticator.scopeFor(ctx.repo);
    const token = s.tokens.get(scope);
    if (token && token.expiresAt - 5000 > this.now()) return { header: `Bearer ${token.value}` };
    // The origin is known to want a token: fetch it now rather than earn another 401.
    try {
      const fresh = await this.fetchToken(ctx, s, [scope], realm);
      return { header: `Bearer ${fresh.value}`, freshToken: true };
    } catch (error) {
      // The realm that worked for other repositories did not for this one: ask anonymously, and
      // let this repository's own challenge decide (never fail it on another repository's realm).
      if (own || ctx.signal?.aborted || (error instanceof NetError && error.kind === 'cancelled')) throw error;
      this.log('debug', `no token for ${scope} from ${safeHost(realm.realm)}; asking ${new URL(ctx.origin).host} for its own challenge`);
      return {};
    }
  }

  /**
   * A 401 arrived. `attempt` 0 = first 401 (set up auth), 1 = after auth (maybe re-scope once).
   * Returns when the request should be sent again; otherwise throws a LookupFailure with the right state.
   */
  async onUnauthorized(res: HttpResponse, ctx: AuthContext, attempt: number): Promise<void> {
    const challenges: Challenge[] = parseChallenges(headerAll(res.headers, 'www-authenticate'));
    const s = this.state(ctx);
    const bearer = bearerOf(challenges);
    const basic = basicOf(challenges);
    const host = new URL(ctx.origin).host;
    const login = loginHint(ctx);
    if (attempt === 0) {
      if (bearer) {
        const realm = { realm: bearer.params.realm, service: bearer.params.service };
        s.repoBearer.set(ctx.repo, realm);
        s.credentials = ctx.credHost ? await this.credentials.get(ctx.credHost) : undefined;
        s.tokens.delete(Authenticator.scopeFor(ctx.repo));
        await this.fetchToken(ctx, s, [Authenticator.scopeFor(ctx.repo)], realm);
        return;
      }
      if (basic) {
        const creds = ctx.credHost ? await this.credentials.get(ctx.credHost) : undefined;
        if (!creds || creds.username === undefined) fail('unauthorized', `${host} requires credentials and none were found (${login})`);
        if (new URL(ctx.origin).protocol !== 'https:' && !isLoopbackHost(host)) fail('unauthorized', `${host} asks for Basic credentials over plain http; refusing to send them`, { credentialSource: creds.source });
        s.credentials = creds;
        s.basic = `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
        return;
      }
      fail('unauthorized', `${host} requires authentication with an unsupported scheme (${challenges.map((c) => c.scheme).join(', ') || 'none given'})`);
    }
    if (bearer && !s.credentials && ctx.credHost && attempt === 1) {
      // Anonymous so far: credentials may have appeared since (a helper that failed a minute ago).
      const creds = await this.credentials.get(ctx.credHost);
      if (creds) {
        s.credentials = creds;
        const realm = { realm: bearer.params.realm, service: bearer.params.service ?? s.repoBearer.get(ctx.repo)?.service };
        s.repoBearer.set(ctx.repo, realm);
        await this.fetchToken(ctx, s, [Authenticator.scopeFor(ctx.repo)], realm);
        return;
      }
    }
    const source = s.credentials?.source;
    const extra = source ? { credentialSource: source } : {};
    // One re-scope, and only when the registry hints at a scope we did not ask for: asking again
    // for the same one (Docker Hub's answer for a missing or private repository) changes nothing.
    const scopes = [Authenticator.scopeFor(ctx.repo)];
    if (bearer?.params.scope) for (const sc of bearer.params.scope.split(' ')) if (sc && !scopes.includes(sc)) scopes.push(sc);
    if (bearer && bearer.params.error === 'insufficient_scope' && attempt === 1 && scopes.length > 1) {
      const realm = { realm: bearer.params.realm, service: bearer.params.service ?? s.repoBearer.get(ctx.repo)?.service };
      s.repoBearer.set(ctx.repo, realm);
      await this.fetchToken(ctx, s, scopes, realm);
      return;
    }
    if (bearer && s.credentials && s.withheldFrom && s.withheldFrom === safeHost(bearer.params.realm)) {
      fail('unauthorized', `${ctx.repo} on ${host}: anonymous access was refused, and the credentials from ${source} were not sent to the token service ${s.withheldFrom}, on another site than ${hostnameOf(host)}`, extra);
    }
    if (bearer?.params.error === 'insufficient_scope' || (!s.credentials && bearer)) {
      if (!s.credentials) fail('not-found-or-private', `${ctx.repo} on ${host}: not found or private — add credentials (${login})`);
      fail('denied', `${ctx.repo} on ${host}: not found, or the credentials from ${source} have no pull access`, extra);
    }
    if (s.credentials) fail('unauthorized', `${host} rejected the credentials from ${source}`, extra);
    fail('unauthorized', `${host} requires credentials and none were found (${login})`);
  }

  private async fetchToken(ctx: AuthContext, s: OriginState, scopes: string[], bearer: Realm): Promise<Token> {
    let realm: URL;
    try {
      realm = new URL(bearer.realm);
    } catch {
      fail('registry-error', `${new URL(ctx.origin).host} named an invalid token realm`);
    }
    const origin = new URL(ctx.origin);
    // The registry's credentials go to a realm on its own site only (realm-policy.ts): elsewhere, an anonymous token.
    const mayReceive = realmMayReceiveCredentials(origin.host, realm.host);
    const creds = mayReceive ? s.credentials : undefined;
    if (s.credentials && !mayReceive && s.withheldFrom !== realm.host) {
      s.withheldFrom = realm.host;
      this.log('warn', `not sending the credentials from ${s.credentials.source} for ${origin.host} to the token service ${realm.host} (another site); asking for an anonymous token`);
    }
    const plainOk = isLoopbackHost(realm.host) || ctx.insecureHosts.has(realm.host);
    if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && plainOk)) {
      fail('registry-error', `refusing token realm ${realm.protocol}//${realm.host}: not https`);
    }
    // A realm is a redirect by another name: a public registry never sends us into local addresses
    // (the transport refuses them at connect time). A realm on the origin's own host shares its verdict.
    const publicSource = realm.host === origin.host ? ctx.publicSource : isLocalAddress(origin.host) ? undefined : `the token realm named by ${origin.host}`;
    // Credentials (Basic or an identity token) only over https or to loopback, insecure hosts included.
    if (creds && realm.protocol !== 'https:' && !isLoopbackHost(realm.host)) {
      fail('unauthorized', `the token service ${realm.host} is plain http; refusing to send the credentials from ${creds.source}`, { credentialSource: creds.source });
    }
    const headers: Record<string, string> = { 'User-Agent': 'archlens', Accept: 'application/json' };
    let res: HttpResponse;
    if (creds?.identityToken) {
      // OAuth2 refresh-token form (Docker's identity tokens).
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: 'archlens', scope: scopes.join(' ') });
      if (bearer.service) form.set('service', bearer.service);
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      res = await this.transport.send({ method: 'POST', url: realm, headers, body: form.toString(), maxBytes: TOKEN_MAX_BYTES, signal: ctx.signal, publicSource });
    } else {
      const url = new URL(realm);
      if (bearer.service) url.searchParams.set('service', bearer.service);
      for (const sc of scopes) url.searchParams.append('scope', sc);
      if (creds?.username !== undefined) {
        headers.Authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password ?? ''}`).toString('base64')}`;
        url.searchParams.set('account', creds.username);
      }
      res = await this.transport.send({ method: 'GET', url, headers, maxBytes: TOKEN_MAX_BYTES, signal: ctx.signal, publicSource });
    }
    const extra = creds ? { credentialSource: creds.source } : {};
    if (res.status === 401 || res.status === 403) {
      if (creds) fail('unauthorized', `the token service ${realm.host} rejected the credentials from ${creds.source}`, extra);
      fail('unauthorized', `the token service ${realm.host} refused an anonymous token (${loginHint(ctx)})`);
    }
    if (res.status !== 200) fail('registry-error', `the token service ${realm.host} answered HTTP ${res.status}`, extra);
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(res.body.toString('utf8')) as typeof body;
    } catch {
      fail('invalid-response', `the token service ${realm.host} answered something that is not JSON`);
    }
    const value = typeof body.token === 'string' && body.token ? body.token : typeof body.access_token === 'string' ? body.access_token : '';
    if (!value) fail('invalid-response', `the token service ${realm.host} answered without a token`);
    const lifetime = Math.max(60, typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) ? body.expires_in : 60);
    const token = { value, expiresAt: this.now() + lifetime * 1000 };
    s.tokens.set(Authenticator.scopeFor(ctx.repo), token);
    s.bearer = bearer; // proven: offered to repositories not challenged yet
    this.log('debug', `token for ${scopes.join(' ')} from ${realm.host} (${lifetime}s)`);
    return token;
  }
}

/** What to tell the user to run: Docker Hub's login takes no host; others the registry (or mirror) host. */
function loginHint(ctx: AuthContext): string {
  const host = ctx.credHost ?? new URL(ctx.origin).host;
  return isDockerHub(host) ? 'docker login' : `docker login ${host}`;
}

/** The host of a realm URL for a log line (never its query); '?' when it does not parse. */
function safeHost(realm: string): string {
  try {
    return new URL(realm).host;
  } catch {
    return '?';
  }
}
