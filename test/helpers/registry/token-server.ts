/**
 * A Docker-style token server (distribution's `auth.token`): GET realm?service&scope (Basic
 * credentials optional) and the OAuth2 POST refresh-token form, answering ES256 JWTs with an x5c
 * header. Anonymous callers get `pull` only on `anonymousRepos`, reproducing Docker Hub's
 * 401 insufficient_scope for private and missing repositories.
 */
import { createPrivateKey, randomUUID, sign } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCert } from './certs';

export interface TokenServerOptions {
  cert: TestCert;
  issuer: string;
  service: string;
  /** username → password. */
  users: Record<string, string>;
  /** refresh token → username (identity tokens). */
  refreshTokens?: Record<string, string>;
  /** Repositories anonymous callers may pull. */
  anonymousRepos: string[];
  /** Users allowed to push (the harness's own pushes). */
  pushers?: string[];
  /** Users limited to these repositories (others: all). */
  userRepos?: Record<string, string[]>;
  expiresIn?: number;
  /** Answer with access_token instead of token. */
  accessTokenField?: boolean;
}

export interface TokenRequestLog {
  method: string;
  scope: string[];
  account?: string;
  grant?: string;
}

export interface TokenServer {
  url: string;
  realm: string;
  requests: TokenRequestLog[];
  stop(): Promise<void>;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export async function startTokenServer(o: TokenServerOptions, host = '127.0.0.1'): Promise<TokenServer> {
  const key = createPrivateKey(o.cert.keyPem);
  const requests: TokenRequestLog[] = [];
  const grant = (account: string | undefined, scopes: string[]): Array<{ type: string; name: string; actions: string[] }> => {
    const access: Array<{ type: string; name: string; actions: string[] }> = [];
    for (const scope of scopes) {
      const [type, name, actions] = scope.split(':');
      if (type !== 'repository' || !name || !actions) continue;
      const wanted = actions.split(',');
      let allowed: string[] = [];
      if (account) {
        const limited = o.userRepos?.[account];
        if (!limited || limited.includes(name)) allowed = wanted.filter((a) => a === 'pull' || (o.pushers ?? []).includes(account));
      } else if (o.anonymousRepos.includes(name)) {
        allowed = wanted.filter((a) => a === 'pull');
      }
      access.push({ type, name, actions: allowed });
    }
    return access;
  };
  const jwt = (account: string | undefined, scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const headerPart = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [o.cert.derBase64] }));
    const claims = b64url(JSON.stringify({ iss: o.issuer, aud: o.service, sub: account ?? '', exp: now + 600, nbf: now - 10, iat: now, jti: randomUUID(), access: grant(account, scopes) }));
    const signature = sign('sha256', Buffer.from(`${headerPart}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
    return `${headerPart}.${claims}.${b64url(signature)}`;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const reply = (status: number, body: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let account: string | undefined;
      let scopes: string[];
      if (req.method === 'POST') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        requests.push({ method: 'POST', scope: scopes, grant: form.get('grant_type') ?? undefined });
        const user = o.refreshTokens?.[form.get('refresh_token') ?? ''];
        if (form.get('grant_type') !== 'refresh_token' || !user) return reply(401, { error: 'invalid_grant' });
        account = user;
        const body = { access_token: jwt(account, scopes), expires_in: o.expiresIn ?? 300, scope: scopes.join(' ') };
        return reply(200, body);
      }
      scopes = url.searchParams.getAll('scope');
      const auth = req.headers.authorization;
      if (auth?.startsWith('Basic ')) {
        const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const user = decoded.slice(0, colon);
        if (o.users[user] === undefined || o.users[user] !== decoded.slice(colon + 1)) {
          requests.push({ method: 'GET', scope: scopes, account: user });
          return reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
        }
        account = user;
      }
      requests.push({ method: 'GET', scope: scopes, account });
      const token = jwt(account, scopes);
      reply(200, o.accessTokenField ? { access_token: token, expires_in: o.expiresIn ?? 300 } : { token, expires_in: o.expiresIn ?? 300, issued_at: new Date().toISOString() });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  return {
    url,
    realm: `${url}/token`,
    requests,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
