/**
 * Starts Debian's docker-registry (distribution 2.8) on 127.0.0.1:<free port> with temporary
 * storage, in one of three auth setups: anonymous, htpasswd (Basic, bcrypt) or token (a token
 * server in this process). Never the package's /etc/docker/registry/config.yml.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeCert, tempDir } from './certs';
import { startTokenServer, type TokenServer, type TokenServerOptions } from './token-server';

export type RegistryAuth =
  | { kind: 'none' }
  | { kind: 'htpasswd'; users: Record<string, string> }
  | { kind: 'token'; users: Record<string, string>; anonymousRepos: string[]; refreshTokens?: Record<string, string>; userRepos?: Record<string, string[]>; expiresIn?: number; accessTokenField?: boolean };

export interface StartOptions {
  auth?: RegistryAuth;
}

export interface TestRegistry {
  /** http://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT (as an image reference names it). */
  host: string;
  port: number;
  dir: string;
  auth: RegistryAuth;
  tokenServer?: TokenServer;
  /** Authorization header the harness uses to push to `repo` (admin user), or undefined. */
  pushAuthorization(repo: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

const ADMIN = { user: 'harness-admin', password: 'harness-admin-pw' };
const running = new Set<TestRegistry>();
const children = new Set<ChildProcess>();

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function bcryptLine(user: string, password: string): string {
  return execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }).trim();
}

async function waitReady(url: string, child: ChildProcess, logFile: string, spawnError: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const failed = spawnError();
    if (failed) throw failed;
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`${url}/v2/`);
      await res.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`docker-registry did not start: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function startRegistry(options: StartOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? { kind: 'none' };
  const dir = tempDir('registry');
  const port = await freePort();
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: archlens-test-secret',
  ];
  let tokenServer: TokenServer | undefined;
  if (auth.kind === 'htpasswd') {
    const file = path.join(dir, 'htpasswd');
    const users = { ...auth.users, [ADMIN.user]: ADMIN.password };
    fs.writeFileSync(file, Object.entries(users).map(([u, p]) => bcryptLine(u, p)).join('\n') + '\n');
    lines.push('auth:', '  htpasswd:', '    realm: archlens-test', `    path: ${file}`);
  } else if (auth.kind === 'token') {
    const cert = makeCert(dir, 'token-signer');
    const tokenOptions: TokenServerOptions = {
      cert,
      issuer: 'archlens-test-issuer',
      service: 'archlens-test-registry',
      users: { ...auth.users, [ADMIN.user]: ADMIN.password },
      refreshTokens: auth.refreshTokens,
      anonymousRepos: auth.anonymousRepos,
      pushers: [ADMIN.user],
      userRepos: auth.userRepos,
      expiresIn: auth.expiresIn,
      accessTokenField: auth.accessTokenField,
    };
    tokenServer = await startTokenServer(tokenOptions);
    lines.push('auth:', '  token:', `    realm: ${tokenServer.realm}`, `    service: ${tokenOptions.service}`, `    issuer: ${tokenOptions.issuer}`, `    rootcertbundle: ${cert.certFile}`);
  }
  const configFile = path.join(dir, 'config.yml');
  fs.writeFileSync(configFile, lines.join('\n') + '\n');
  const logFile = path.join(dir, 'registry.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', out, out] });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    // ENOENT: the docker-registry package is missing. Fail loudly (never a silent skip).
    spawnError = new Error(`cannot start docker-registry (${(error as NodeJS.ErrnoException).code ?? error.message}); install Debian's docker-registry package (.ci/run does)`);
  });
  fs.closeSync(out);
  children.add(child);
  child.once('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    running.delete(handle);
    if (child.exitCode === null && child.pid !== undefined && !spawnError) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await tokenServer?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const handle: TestRegistry = {
    url,
    host: `127.0.0.1:${port}`,
    port,
    dir,
    auth,
    tokenServer,
    async pushAuthorization(repo: string): Promise<string | undefined> {
      const basic = `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`;
      if (auth.kind === 'htpasswd') return basic;
      if (auth.kind !== 'token' || !tokenServer) return undefined;
      const res = await fetch(`${tokenServer.realm}?service=archlens-test-registry&scope=repository:${repo}:pull,push`, { headers: { Authorization: basic } });
      const body = (await res.json()) as { token: string };
      return `Bearer ${body.token}`;
    },
    stop,
  };
  running.add(handle);
  try {
    await waitReady(url, child, logFile, () => spawnError);
  } catch (error) {
    await stop();
    throw error;
  }
  return handle;
}

export async function stopRegistry(registry: TestRegistry | undefined): Promise<void> {
  await registry?.stop();
}

/** Stops every registry this process started (an after-all safety net). */
export async function stopAllRegistries(): Promise<void> {
  await Promise.allSettled([...running].map((r) => r.stop()));
}

process.once('exit', () => {
  // Last resort if a test run dies without its after hooks: no orphaned registry processes.
  for (const c of children) c.kill('SIGKILL');
  for (const r of running) fs.rmSync(r.dir, { recursive: true, force: true });
});
