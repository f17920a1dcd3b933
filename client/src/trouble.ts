/**
 * When registries cannot be reached (offline, DNS, time-outs, a proxy), archlens says so once per
 * session — one notification, not a squiggle per image — and offers what helps: work offline
 * from the cache, configure a proxy or mirror, or read the log.
 */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol';

export const WORK_OFFLINE = 'Work offline';
export const CONFIGURE = 'Configure proxy or mirror';
export const SHOW_LOG = 'Show log';

/** The settings that decide how registries are reached (the Settings editor's `@id:` filter takes a list). */
export const NETWORK_SETTINGS_QUERY = '@id:archlens.offline,archlens.proxy,archlens.registries.mirrors,archlens.extraCaCerts,archlens.cacheDir,http.proxy';

export class LookupTrouble {
  private notified = false;
  private message = '';

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Every status: the first network trouble of the session (trusted, online) is notified. */
  onStatus(s: StatusParams): void {
    if (s.trouble) this.message = s.trouble.message;
    if (this.notified || !s.trusted || s.offline || s.trouble?.cause !== 'network') return;
    this.notified = true;
    this.log.warn(`registries cannot be reached: ${s.trouble.message}`);
    void this.offer();
  }

  /** The notification with its choices (also when the person clicks the status item). */
  async offer(): Promise<void> {
    const detail = this.message ? ` (${this.message})` : '';
    const choice = await vscode.window.showWarningMessage(
      `archlens cannot reach the image registry, so image platforms are not checked. Your files are not at fault${detail}.`,
      WORK_OFFLINE, CONFIGURE, SHOW_LOG,
    );
    if (choice === WORK_OFFLINE) await workOffline(this.log);
    else if (choice === CONFIGURE) await vscode.commands.executeCommand('workbench.action.openSettings', NETWORK_SETTINGS_QUERY);
    else if (choice === SHOW_LOG) this.log.show(true);
  }
}

/** archlens.offline on, for this workspace when one is open: answers come from the cache only. */
export async function workOffline(log: vscode.LogOutputChannel): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('archlens').update('offline', true, target);
  log.info('offline mode on (archlens.offline): image platforms come from the cache only');
  void vscode.window.showInformationMessage('archlens: working offline — image platforms come from the cache only. Turn off with the setting archlens.offline.');
}
