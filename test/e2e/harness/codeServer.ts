/** code-server: VS Code's workbench and extension host served on loopback for the browser. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerBin } from './env';
import { freePort } from './ports';
import { run, startLogged, waitFor, type Running } from './processes';

export interface CodeServerDirs {
  /** --user-data-dir: settings, state, logs of this session only. */
  userDataDir: string;
  /** --extensions-dir: where the .vsix is installed. */
  extensionsDir: string;
  /** HOME-like scratch folder for code-server's own config (XDG_CONFIG_HOME / XDG_DATA_HOME). */
  scratchDir: string;
}

/** The environment code-server runs with: no link to an outer VS Code, loopback never proxied. */
function childEnv(dirs: CodeServerDirs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // VSCODE_IPC_HOOK_CLI & co. would make code-server hand the folder to the VS Code the tests
    // were started from instead of serving it.
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  env.XDG_CONFIG_HOME = path.join(dirs.scratchDir, 'config');
  env.XDG_DATA_HOME = path.join(dirs.scratchDir, 'data');
  env.NO_PROXY = ['127.0.0.1', 'localhost', env.NO_PROXY].filter(Boolean).join(',');
  env.no_proxy = env.NO_PROXY;
  return { ...env, ...extra };
}

function commonArgs(dirs: CodeServerDirs): string[] {
  return ['--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir, '--disable-telemetry', '--disable-update-check'];
}

/** Installs the .vsix into dirs.extensionsDir; returns the extension's folder name(s) there. */
export async function installExtension(dirs: CodeServerDirs, vsix: string): Promise<string[]> {
  const output = await run(codeServerBin(), [...commonArgs(dirs), '--install-extension', vsix, '--force'], {
    env: childEnv(dirs),
    timeoutMs: 120_000,
  });
  if (!/successfully installed/i.test(output)) throw new Error(`--install-extension did not confirm:\n${output}`);
  const installed = fs.readdirSync(dirs.extensionsDir).filter((name) => name.startsWith('archlens.'));
  if (installed.length === 0) throw new Error(`no archlens.* folder in ${dirs.extensionsDir} after install:\n${output}`);
  return installed;
}

/** Writes the user settings.json code-server reads at start. */
export function writeUserSettings(dirs: CodeServerDirs, settings: Record<string, unknown>): void {
  const userDir = path.join(dirs.userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export interface CodeServer {
  port: number;
  /** URL that opens `folder` in the workbench. */
  urlFor(folder: string): string;
  process: Running;
  stop(): Promise<void>;
}

/**
 * Starts code-server on a free loopback port and waits until it answers /healthz. `extraEnv`
 * reaches the extension host too (it is a child of code-server).
 */
export async function startCodeServer(dirs: CodeServerDirs, logFile: string, extraEnv: Record<string, string> = {}): Promise<CodeServer> {
  for (const dir of [dirs.userDataDir, dirs.extensionsDir, dirs.scratchDir]) fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = [
    ...commonArgs(dirs),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--ignore-last-opened',
    '--disable-getting-started-override',
    // No --disable-workspace-trust: trust stays on, and each scenario's settings decide it.
  ];
  const proc = startLogged(codeServerBin(), args, logFile, { env: childEnv(dirs, extraEnv) });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    `code-server to answer ${base}/healthz (log: ${logFile})`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`code-server exited with ${proc.child.exitCode}; see ${logFile}`);
      const response = await fetch(`${base}/healthz`);
      return response.ok ? true : undefined;
    },
    60_000,
    250,
  );
  return {
    port,
    urlFor: (folder: string) => `${base}/?folder=${encodeURIComponent(folder)}`,
    process: proc,
    stop: () => proc.stop(),
  };
}
