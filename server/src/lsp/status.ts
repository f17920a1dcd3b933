/** `archlens/status` for a status bar: trust, offline mode and look-up counts, sent only when they change. */
import { causeOf } from '../images/lookup';
import type { ServerContext } from './context';
import { Notifications, type StatusParams } from './protocol';

export class StatusReporter {
  private timer?: NodeJS.Timeout;
  private last = '';
  /** archlens.offline of the last configuration read (for status and hover). */
  offline = false;

  constructor(private readonly ctx: ServerContext) {}

  /** Soon, once: bursts of look-up changes send one notification. */
  soon(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.send();
    }, 100);
  }

  send(): void {
    if (!this.ctx.statusNotifications) return;
    const s = this.ctx.pool.stats();
    // Counts of the open documents' images, not totals since start: closing a file takes its images away.
    const open = this.ctx.analyses.summary();
    const status: StatusParams = {
      trusted: this.ctx.trusted,
      offline: this.offline,
      pending: open.pending,
      resolved: open.resolved,
      failed: open.failed,
      unverified: open.unverified,
      ...(open.trouble ? { trouble: { cause: causeOf(open.trouble) === 'network' ? 'network' : 'registry', message: open.trouble.message } } : {}),
      rateLimitedUntil: s.rateLimitedUntil,
      documents: this.ctx.analyses.checkedUris().sort(),
    };
    const key = JSON.stringify(status);
    if (key === this.last) return;
    this.last = key;
    void this.ctx.connection.sendNotification(Notifications.status, status);
  }
}
