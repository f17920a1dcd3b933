/** Markdown for hovers and reports. Everything a registry (or a file) sent is escaped before it goes in. */
import { escapeControls } from '../core/escape';

/**
 * Escapes text for Markdown prose and table cells: control characters become visible C-style
 * escapes (a line break would end a table row), then no link, image, HTML, emphasis or cell break survives.
 */
export function escapeMarkdown(text: string): string {
  return escapeControls(String(text))
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&"']/g, (c) => `\\${c}`);
}

/** A digest is shown as code only when it is one; otherwise it is escaped like any other text. */
export function digestText(digest: string | undefined): string {
  if (!digest) return '';
  return /^sha(256|512):[a-f0-9]{32,128}$/.test(digest) ? `\`${digest}\`` : escapeMarkdown(digest);
}

/** "3 min ago", "2 h ago", "5 days ago". */
export function age(fetchedAt: number, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - fetchedAt) / 60000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
