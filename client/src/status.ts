/**
 * The status bar item: the look-up state of the images in the open files archlens checks (known,
 * not found, not checked and why, in flight), trust and offline mode. Shown only while the active
 * editor holds a file archlens checks.
 */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol';

/** Commands the item runs when clicked. */
export interface StatusCommands {
  /** The usual: show the log. */
  log: string;
  /** When registries cannot be reached: the choices of the trouble notification. */
  trouble: string;
}

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: StatusParams | undefined;
  private stoppedReason: string | undefined;

  /** `isChecked(uri)`: the server's document list names the editor's document (URIs as the client sends them). */
  constructor(private readonly commands: StatusCommands, private readonly isChecked: (doc: vscode.TextDocument, documents: readonly string[]) => boolean) {
    this.item = vscode.window.createStatusBarItem('archlens.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'archlens';
    this.item.command = commands.log;
    this.item.text = '$(loading~spin) archlens';
    this.item.tooltip = 'archlens: starting';
  }

  update(s: StatusParams, now = Date.now()): void {
    this.last = s;
    this.stoppedReason = undefined;
    this.render(now);
    this.refreshVisibility();
  }

  /** The active editor changed (or the status did): shown for files archlens checks only. */
  refreshVisibility(editor = vscode.window.activeTextEditor): void {
    if (this.stoppedReason !== undefined) {
      this.item.show();
      return;
    }
    const documents = this.last?.documents ?? [];
    if (editor && this.isChecked(editor.document, documents)) this.item.show();
    else this.item.hide();
  }

  private render(now: number): void {
    const s = this.last;
    if (!s) return;
    const limited = Object.entries(s.rateLimitedUntil).filter(([, until]) => until > now);
    const lines = [`archlens — ${s.trusted ? 'trusted workspace' : 'untrusted workspace'}${s.offline ? ', offline mode' : ''}`];
    this.item.backgroundColor = undefined;
    this.item.command = this.commands.log;
    const counts = `${s.resolved} ✓${s.failed ? ` ${s.failed} ✗` : ''}${s.unverified ? ` ${s.unverified} ?` : ''}`;
    if (!s.trusted) {
      this.item.text = '$(shield) archlens: offline rules';
      lines.push('Registry look-ups are off until the workspace is trusted; only offline rules run.');
    } else if (limited.length > 0) {
      const until = new Date(Math.max(...limited.map(([, u]) => u)));
      this.item.text = `$(clock) archlens: rate limited until ${until.toLocaleTimeString()}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      for (const [host, u] of limited) lines.push(`${host}: rate limited until ${new Date(u).toLocaleTimeString()}`);
    } else if (s.offline) {
      this.item.text = `$(cloud-offline) archlens: offline${s.unverified ? ` · ${s.unverified} not in cache` : ''}`;
      lines.push('Offline mode: platforms come from the cache only (archlens.offline).');
    } else if (s.pending > 0) {
      this.item.text = `$(sync~spin) archlens: ${s.pending} look-up${s.pending === 1 ? '' : 's'}`;
    } else if (s.trouble?.cause === 'network') {
      this.item.text = `$(cloud-offline) archlens: registry unreachable`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.command = this.commands.trouble;
      lines.push(`${s.unverified} image${s.unverified === 1 ? '' : 's'} not checked: ${s.trouble.message}`, 'This is about the network, not your files. Click for options.');
    } else if (s.trouble) {
      this.item.text = `$(warning) archlens: ${counts}`;
      lines.push(`${s.unverified} image${s.unverified === 1 ? '' : 's'} not checked, the registry failed: ${s.trouble.message}`);
    } else if (s.failed > 0) {
      this.item.text = `$(warning) archlens: ${counts}`;
    } else {
      this.item.text = s.resolved > 0 ? `$(check) archlens: ${counts}` : '$(check) archlens';
    }
    lines.push(`Images in the open files: ${s.resolved} with platforms, ${s.failed} not found or denied, ${s.unverified} not checked, ${s.pending} being looked up.`);
    if (this.item.command === this.commands.log) lines.push('Click to show the log.');
    this.item.tooltip = lines.join('\n');
    this.labelForScreenReaders();
  }

  /** What a screen reader says: the text without its icon. */
  private labelForScreenReaders(): void {
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
  }

  stopped(reason: string): void {
    this.stoppedReason = reason;
    this.item.text = '$(error) archlens';
    this.item.tooltip = `archlens: ${reason}`;
    this.item.accessibilityInformation = { label: `archlens: ${reason}` };
    this.item.command = this.commands.log;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
