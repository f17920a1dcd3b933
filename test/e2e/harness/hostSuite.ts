/**
 * Runs the extension-host suite of `npm run test:desktop` (test/e2e/desktop/suite) inside
 * code-server's extension host: the workbench is opened with VS Code's `payload` URL parameter
 * naming the development extension (this checkout) and the tests, exactly as desktop VS Code gets
 * them from @vscode/test-electron. The suite writes its result to a file the runner reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareDesktopRun } from '../desktop/run';
import type { SuiteResult } from '../desktop/suite/index';
import { launchBrowser } from './browser';
import { startCodeServer, writeUserSettings, type CodeServerDirs } from './codeServer';
import { repoRoot, resultsDir } from './env';
import { run, waitFor } from './processes';

export interface HostSuiteRun { result: SuiteResult; shotsDir: string }

export async function runHostSuiteInCodeServer(scenario: string, timeoutMs = 240_000): Promise<HostSuiteRun> {
  const shotsDir = resultsDir(scenario);
  fs.rmSync(shotsDir, { recursive: true, force: true });
  fs.mkdirSync(shotsDir, { recursive: true });
  // The development extension is this checkout: its dist/ must be current.
  await run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: repoRoot });
  const prepared = await prepareDesktopRun();
  const dirs: CodeServerDirs = {
    userDataDir: path.join(prepared.root, 'user-data'),
    extensionsDir: path.join(prepared.root, 'extensions'),
    scratchDir: path.join(prepared.root, 'scratch'),
  };
  writeUserSettings(dirs, { ...prepared.userSettings, 'telemetry.telemetryLevel': 'off', 'extensions.ignoreRecommendations': true });
  const server = await startCodeServer(dirs, path.join(shotsDir, 'code-server.log'), prepared.suiteEnv).catch(async (error: unknown) => {
    await prepared.stop();
    throw error;
  });
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.stop();
    await prepared.stop();
    throw error;
  });
  const resultFile = prepared.suiteEnv.ARCHLENS_DESKTOP_RESULT;
  let ok = false;
  try {
    const authority = `127.0.0.1:${server.port}`;
    const remote = (file: string) => `vscode-remote://${authority}${file}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(prepared.suiteIndex)],
    ]);
    await browser.page.goto(`${server.urlFor(prepared.workspace)}&payload=${encodeURIComponent(payload)}`, { waitUntil: 'domcontentloaded' });
    const text = await waitFor(
      `the extension-host suite's result (${resultFile})`,
      () => (fs.existsSync(resultFile) ? fs.readFileSync(resultFile, 'utf8') : undefined),
      timeoutMs,
      500,
    );
    const result = JSON.parse(text) as SuiteResult;
    ok = result.failed.length === 0;
    return { result, shotsDir };
  } finally {
    await browser.page.screenshot({ path: path.join(shotsDir, '01-end.png') }).catch(() => undefined);
    if (!ok) fs.writeFileSync(path.join(shotsDir, 'browser-console.log'), browser.consoleLog.join('\n'));
    await browser.close();
    await server.stop();
    const logs = path.join(dirs.userDataDir, 'logs');
    if (!ok && fs.existsSync(logs)) fs.cpSync(logs, path.join(shotsDir, 'vscode-logs'), { recursive: true });
    await prepared.stop();
    if (ok) fs.rmSync(prepared.root, { recursive: true, force: true });
  }
}
