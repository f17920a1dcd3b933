/**
 * The user's registry credentials: Docker's config.json (credHelpers ▸ credsStore ▸ auths) and
 * podman's auth.json. Read lazily, only for a host that challenged; helpers run without a shell,
 * with a timeout, answers cached. Nothing here is ever logged or written anywhere.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RegistryLog } from './types';

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (Docker's identity token). */
  identityToken?: string;
  /** Where they came from, for messages; never the secret. */
  source: string;
}

export interface CredentialOptions {
  dockerConfigDir?: string;
  podmanAuthFiles?: string[];
  env: NodeJS.ProcessEnv;
  log: RegistryLog;
  helperTimeoutMs?: number;
  /** Clock for how long a failed helper run is remembered (default Date.now). */
  now?: () => number;
}

/** A helper that failed (timed out, crashed, answered garbage) is not asked again for this long; an answer is kept for good. */
const HELPER_FAILURE_MEMORY_MS = 60_000;

interface Found {
  creds?: Credentials;
  /** A helper failed on the way: the absence of credentials is not an answer to keep. */
  helperFailed?: boolean;
}

interface ConfigFile {
  file: string;
  auths: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers: Record<string, string>;
  credsStore?: string;
}

const HUB_KEY = 'https://index.docker.io/v1/';
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export function isDockerHub(host: string): boolean {
  return HUB_HOSTS.has(host.toLowerCase());
}

/** The key Docker stores a registry's credentials under. */
export function credentialKey(registry: string): string {
  return HUB_HOSTS.has(registry) ? HUB_KEY : registry;
}

/** A config key ("https://host:5000/v1/", "host/ns") reduced to host[:port], lowercase. */
function keyHost(key: string): string {
  let k = key.trim().toLowerCase().replace(/^[a-z]+:\/\//, '');
  k = k.split('/')[0];
  return HUB_HOSTS.has(k) ? 'docker.io' : k;
}

function readConfig(file: string, log: RegistryLog): ConfigFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const obj = (v: unknown): Record<string, never> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, never>) : {});
    return {
      file,
      auths: obj(raw.auths),
      credHelpers: obj(raw.credHelpers),
      credsStore: typeof raw.credsStore === 'string' && raw.credsStore ? raw.credsStore : undefined,
    };
  } catch {
    log('warn', `ignoring ${file}: not valid JSON`);
    return undefined;
  }
}

export class CredentialStore {
  private files: ConfigFile[] | undefined;
  private readonly answers = new Map<string, { found: Promise<Found>; retryAfter?: number }>();

  constructor(private readonly o: CredentialOptions) {}

  private load(): ConfigFile[] {
    if (this.files) return this.files;
    const env = this.o.env;
    const home = env.HOME || os.homedir();
    const dockerDir = this.o.dockerConfigDir ?? env.DOCKER_CONFIG ?? path.join(home, '.docker');
    const podman = this.o.podmanAuthFiles ?? [
      ...(env.REGISTRY_AUTH_FILE ? [env.REGISTRY_AUTH_FILE] : []),
      ...(env.XDG_RUNTIME_DIR ? [path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')] : []),
      path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'containers', 'auth.json'),
    ];
    this.files = [path.join(dockerDir, 'config.json'), ...podman].map((f) => readConfig(f, this.o.log)).filter((f): f is ConfigFile => !!f);
    return this.files;
  }

  /** Credentials for one registry host (host[:port] as in the reference; docker.io for Hub). Cached. */
  async get(registry: string): Promise<Credentials | undefined> {
    const key = registry.toLowerCase();
    const now = this.o.now ?? Date.now;
    let entry = this.answers.get(key);
    if (!entry || (entry.retryAfter !== undefined && now() >= entry.retryAfter)) {
      const e: { found: Promise<Found>; retryAfter?: number } = { found: this.lookup(key).catch(() => ({ helperFailed: true })) };
      void e.found.then((f) => {
        if (!f.creds && f.helperFailed) e.retryAfter = now() + HELPER_FAILURE_MEMORY_MS;
      });
      this.answers.set(key, (entry = e));
    }
    return (await entry.found).creds;
  }

  private async lookup(registry: string): Promise<Found> {
    const serverKey = credentialKey(registry);
    const host = keyHost(serverKey);
    let helperFailed = false;
    for (const file of this.load()) {
      const helper = file.credHelpers[serverKey] ?? file.credHelpers[registry] ?? Object.entries(file.credHelpers).find(([k]) => keyHost(k) === host)?.[1];
      if (helper) return this.runHelper(helper, serverKey);
      if (file.credsStore) {
        const fromStore = await this.runHelper(file.credsStore, serverKey);
        if (fromStore.creds) return fromStore;
        helperFailed ||= !!fromStore.helperFailed;
      }
      const entry = file.auths[serverKey] ?? file.auths[registry] ?? Object.entries(file.auths).find(([k]) => keyHost(k) === host)?.[1];
      const creds = entry && fromAuthEntry(entry, `auths in ${file.file}`);
      if (creds) return { creds };
    }
    return { helperFailed };
  }

  private runHelper(name: string, serverUrl: string): Promise<Found> {
    const program = `docker-credential-${name}`;
    const source = `credential helper '${name}'`;
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
      this.o.log('warn', `ignoring credential helper with an unsafe name`);
      return Promise.resolve({});
    }
    return new Promise((resolve) => {
      // execFile: no shell, so nothing in the server URL or helper name is interpreted. node:child_process
      // is loaded here, by the first helper run: an offline check never starts one (issue 13: start-up).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load of a built-in module
      const { execFile } = require('node:child_process') as typeof import('node:child_process');
      const child = execFile(program, ['get'], { timeout: this.o.helperTimeoutMs ?? 10_000, env: this.o.env, maxBuffer: 1 << 20, windowsHide: true }, (error, stdout, stderr) => {
        const text = `${stdout}\n${stderr}`;
        if (/credentials not found/i.test(text)) return resolve({});
        if (error) {
          const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
          const why = missing ? 'not installed' : (error as { killed?: boolean }).killed ? 'timed out' : 'failed';
          this.o.log('warn', `${source} ${why}; continuing without credentials`);
          return resolve({ helperFailed: !missing });
        }
        try {
          const out = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
          const user = typeof out.Username === 'string' ? out.Username : '';
          const secret = typeof out.Secret === 'string' ? out.Secret : '';
          if (!secret) return resolve({});
          if (user === '<token>') return resolve({ creds: { identityToken: secret, source } });
          resolve({ creds: { username: user, password: secret, source } });
        } catch {
          this.o.log('warn', `${source} answered something that is not JSON`);
          resolve({ helperFailed: true });
        }
      });
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(serverUrl);
    });
  }
}

function fromAuthEntry(entry: { auth?: string; username?: string; password?: string; identitytoken?: string }, source: string): Credentials | undefined {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) return { identityToken: entry.identitytoken, source };
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
    return undefined;
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username) {
    return { username: entry.username, password: entry.password, source };
  }
  return undefined;
}
