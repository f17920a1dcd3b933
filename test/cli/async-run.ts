/** The built CLI run without blocking this process (servers the test runs here keep answering). */
import { spawn } from 'node:child_process';
import { BIN, testCacheHome, type CliRun } from './helpers';

/**
 * `archlens ARGS` in a child process, awaited without blocking this process: the fault proxies
 * live here (helpers.archlens uses spawnSync, which would stall them). A hang is killed after
 * `timeoutMs` and shows as a signal.
 */
export function archlensAsync(args: string[], cwd: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: testCacheHome(cwd), ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

