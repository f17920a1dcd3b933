/**
 * One e2e session: a temporary workspace with fixture files, code-server with the packaged
 * extension installed and per-scenario user settings, and headless Chromium showing the folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, type BrowserSession } from './browser';
import { installExtension, startCodeServer, writeUserSettings, type CodeServer, type CodeServerDirs } from './codeServer';
import { resultsDir } from './env';
import { PATIENCE_MS, Workbench } from './workbench';

export interface SessionOptions {
  /** Folder name under test-results/e2e/ for the screenshots and logs. */
  scenario: string;
  /** Workspace files: relative path → content. */
  files: Record<string, string>;
  /** Workspace trust: false opens the folder in Restricted Mode. */
  trusted: boolean;
  /** Extra user settings (archlens.* for the scenario), merged over the base ones. */
  settings?: Record<string, unknown>;
  /** The .vsix to install; undefined runs the bare workbench (harness self-check). */
  vsix?: string;
  /** Environment for code-server and its extension host (e.g. PATH with a stand-in kubectl). */
  env?: Record<string, string>;
}

/** Settings that keep the workbench quiet and deterministic for screenshots and key presses. */
function baseSettings(trusted: boolean): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.hover.delay': 300,
    'editor.minimap.enabled': false,
    'problems.autoReveal': false,
    'remote.autoForwardPorts': false, // code-server would list the test registry's ports
    ...(trusted
      ? { 'security.workspace.trust.enabled': false } // everything trusted, no prompt
      : {
          'security.workspace.trust.enabled': true,
          'security.workspace.trust.startupPrompt': 'never', // never asked → the folder stays untrusted
          'security.workspace.trust.untrustedFiles': 'open',
          'security.workspace.trust.banner': 'always',
        }),
  };
}

export class E2ESession {
  private constructor(
    readonly options: SessionOptions,
    readonly root: string,
    readonly workspace: string,
    readonly dirs: CodeServerDirs,
    readonly server: CodeServer,
    readonly browser: BrowserSession,
    readonly workbench: Workbench,
    readonly shotsDir: string,
  ) {}

  static async start(options: SessionOptions): Promise<E2ESession> {
    const shotsDir = resultsDir(options.scenario);
    fs.rmSync(shotsDir, { recursive: true, force: true });
    fs.mkdirSync(shotsDir, { recursive: true });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `archlens-e2e-${options.scenario}-`));
    const workspace = path.join(root, `ws-${options.scenario}`);
    for (const [relative, content] of Object.entries(options.files)) {
      const file = path.join(workspace, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    fs.mkdirSync(workspace, { recursive: true });
    const dirs: CodeServerDirs = {
      userDataDir: path.join(root, 'user-data'),
      extensionsDir: path.join(root, 'extensions'),
      scratchDir: path.join(root, 'scratch'),
    };
    for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
    writeUserSettings(dirs, { ...baseSettings(options.trusted), ...options.settings });
    if (options.vsix) await installExtension(dirs, options.vsix);

    const server = await startCodeServer(dirs, path.join(shotsDir, 'code-server.log'), options.env);
    let browser: BrowserSession | undefined;
    try {
      browser = await launchBrowser();
      const workbench = new Workbench(browser.page, shotsDir);
      await browser.page.goto(server.urlFor(workspace), { waitUntil: 'domcontentloaded', timeout: 2 * PATIENCE_MS });
      await workbench.waitForWorkbench(path.basename(workspace));
      return new E2ESession(options, root, workspace, dirs, server, browser, workbench, shotsDir);
    } catch (error) {
      await browser?.page.screenshot({ path: path.join(shotsDir, '00-start-failed.png') }).catch(() => undefined);
      await browser?.close();
      await server.stop();
      copyLogs(dirs, shotsDir);
      throw new Error(`e2e session "${options.scenario}" did not start: ${String(error)}\n  screenshots and logs: ${shotsDir}`);
    }
  }

  /** A workspace file as it is on disk now. */
  readFile(relative: string): string {
    return fs.readFileSync(path.join(this.workspace, relative), 'utf8');
  }

  /** Where to look after a failure, appended to the failing test's message. */
  failureHint(): string {
    return `screenshots: ${this.shotsDir} (${this.workbench.shots.length} steps); code-server and extension host logs in the same folder`;
  }

  /** Stops browser and code-server; keeps the temporary folder after a failure for inspection. */
  async dispose(failed: boolean): Promise<void> {
    if (failed) {
      fs.writeFileSync(path.join(this.shotsDir, 'browser-console.log'), this.browser.consoleLog.join('\n'));
    }
    await this.browser.close();
    await this.server.stop();
    copyLogs(this.dirs, this.shotsDir);
    if (!failed) fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** code-server's own logs (extension host, window, the archlens output channel) next to the screenshots. */
function copyLogs(dirs: CodeServerDirs, shotsDir: string): void {
  const logs = path.join(dirs.userDataDir, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(shotsDir, 'vscode-logs'), { recursive: true });
}
