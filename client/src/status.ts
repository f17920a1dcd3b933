/** The status bar item: look-up state (resolved / pending / failed / rate-limited until …) and trust. */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/lsp/protocol';

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(command: string) {
    this.item = vscode.window.createStatusBarItem('archlens.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'archlens';
    this.item.command = command;
    this.item.text = '$(loading~spin) archlens';
    this.item.tooltip = 'archlens: starting';
    this.item.show();
  }

  update(s: StatusParams, now = Date.now()): void {
    const limited = Object.entries(s.rateLimitedUntil).filter(([, until]) => until > now);
    const lines = [`archlens — ${s.trusted ? 'trusted workspace' : 'untrusted workspace'}`];
    if (!s.trusted) {
      this.item.text = '$(shield) archlens: offline rules';
      lines.push('Registry look-ups are off until the workspace is trusted; only offline rules run.');
      this.item.backgroundColor = undefined;
    } else if (limited.length > 0) {
      const until = new Date(Math.max(...limited.map(([, u]) => u)));
      this.item.text = `$(clock) archlens: rate limited until ${until.toLocaleTimeString()}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      for (const [host, u] of limited) lines.push(`${host}: rate limited until ${new Date(u).toLocaleTimeString()}`);
    } else if (s.pending > 0) {
      this.item.text = `$(sync~spin) archlens: ${s.pending} look-up${s.pending === 1 ? '' : 's'}`;
      this.item.backgroundColor = undefined;
    } else if (s.failed > 0) {
      this.item.text = `$(warning) archlens: ${s.resolved} ✓ ${s.failed} ✗`;
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = s.resolved > 0 ? `$(check) archlens: ${s.resolved} look-up${s.resolved === 1 ? '' : 's'} ✓` : '$(check) archlens';
      this.item.backgroundColor = undefined;
    }
    lines.push(`Look-ups: ${s.resolved} resolved, ${s.failed} failed, ${s.pending} pending${s.offline ? ' (offline mode)' : ''}`);
    lines.push('Click to show the log.');
    this.item.tooltip = lines.join('\n');
  }

  stopped(reason: string): void {
    this.item.text = '$(error) archlens';
    this.item.tooltip = `archlens: ${reason}`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
