/**
 * Drives the VS Code workbench in the browser the way a person does — keyboard and mouse — and
 * reads back what is on screen. Every step is screenshotted, so a failure can be looked at.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { PageDocument, PageElement, PageMutationObserver } from './dom';
import { waitFor } from './processes';

// Page-side callbacks run in the browser: these name the page's globals for this module only.
declare const document: PageDocument;
declare const window: unknown;
declare const NodeFilter: { SHOW_TEXT: number };
declare const MutationObserver: new (callback: () => void) => PageMutationObserver;

export interface Box { x: number; y: number; width: number; height: number }

export interface ProblemRow {
  /** The row's visible text, e.g. "AL202 message archlens(AL202) [Ln 9, Col 16]". */
  text: string;
  /** The accessible label VS Code gives the row (carries severity, line and column). */
  ariaLabel: string;
  /** 1 = file row, 2 = a problem in that file. */
  level: number;
}

export interface Squiggle { severity: 'error' | 'warning' | 'info' | 'hint'; box: Box }

/**
 * The longest any one step may take to reach the state it waits for. Steps wait on state (an
 * entry listed, a panel row, a status item), never for a fixed time: on an idle machine they
 * return in a moment, on a loaded one they take what they need, up to this.
 */
export const PATIENCE_MS = Number(process.env.ARCHLENS_E2E_PATIENCE_MS ?? 90_000);

export class Workbench {
  private step = 0;
  readonly shots: string[] = [];

  constructor(readonly page: Page, readonly shotsDir: string) {
    fs.mkdirSync(shotsDir, { recursive: true });
  }

  /** Saves test-results/e2e/<scenario>/NN-<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.step += 1;
    const file = path.join(this.shotsDir, `${String(this.step).padStart(2, '0')}-${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await this.page.screenshot({ path: file }).catch(() => undefined); // a dead page must not hide the real failure
    this.shots.push(file);
    return file;
  }

  /** Waits for the workbench shell, the explorer of the opened folder and a settled editor area. */
  async waitForWorkbench(folderName: string, timeoutMs = 2 * PATIENCE_MS): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
    // The explorer shows the folder's name once the workspace is open.
    await this.page
      .locator('.part.sidebar .pane-header, .part.sidebar .title-label')
      .filter({ hasText: new RegExp(escapeRegExp(folderName), 'i') })
      .first()
      .waitFor({ state: 'visible', timeout: timeoutMs });
    // ...and its files once the file service has read the folder.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: timeoutMs });
    await this.screenshot('workbench');
  }

  // ---------------------------------------------------------------- quick input -------------------

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Types into the open quick input and picks the first row matching `row`. A palette opened
   * before the extension's contributions (or the file index) were ready lists nothing: the query
   * is typed again until the entry shows, within PATIENCE_MS.
   */
  private async pickFromQuickInput(typed: string, row: RegExp, what: string, reopen: () => Promise<void>, staysOpen = false): Promise<void> {
    const deadline = Date.now() + PATIENCE_MS;
    const match = this.quickInput().locator('.monaco-list-row').filter({ hasText: row }).first();
    for (let attempt = 0; ; attempt++) {
      const input = this.quickInput().locator('input');
      // A key press sent while the workbench was busy (a loaded machine) can be lost: open the
      // quick input again every few seconds until it shows, rather than waiting on one press.
      while (!(await input.isVisible())) {
        if (Date.now() > deadline) throw new Error(`${what}: the quick input never opened within ${PATIENCE_MS} ms`);
        await reopen();
        await input.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      }
      // The widget can close between the check above and the fill (a report tab or a notification
      // taking the focus on a loaded machine): open it again rather than wait on a hidden input.
      if (!(await input.fill('', { timeout: 5_000 }).then(() => true, () => false))) {
        if (Date.now() > deadline) throw new Error(`${what}: the quick input kept closing before it could be typed in, for ${PATIENCE_MS} ms`);
        continue;
      }
      await this.page.keyboard.type(typed, { delay: 15 });
      const shown = await match.waitFor({ state: 'visible', timeout: Math.min(15_000 * (attempt + 1), Math.max(1000, deadline - Date.now())) }).then(() => true, () => false);
      if (shown) break;
      if (Date.now() > deadline) {
        await this.screenshot(`no-${what}`);
        throw new Error(`${what}: no entry matching ${row} after typing "${typed}" for ${PATIENCE_MS} ms`);
      }
      await this.page.keyboard.press('Escape');
    }
    await match.click();
    if (staysOpen) {
      // The next quick pick replaces this one: wait until the query typed here is gone from the input.
      await waitFor(`${what}: the next quick pick`, async () => ((await this.quickInput().locator('input').inputValue().catch(() => typed)) !== typed ? true : undefined), PATIENCE_MS, 200);
      return;
    }
    await this.quickInput().waitFor({ state: 'hidden', timeout: PATIENCE_MS });
  }

  /** Ctrl+P, type the path, pick it: the file opens in the active editor. */
  async openFile(relativePath: string): Promise<void> {
    await this.focusWorkbench();
    const open = () => this.page.keyboard.press('Control+P');
    await open();
    const base = path.basename(relativePath);
    await this.pickFromQuickInput(relativePath, new RegExp(escapeRegExp(base)), 'quick open', open);
    await this.page
      .locator('.tabs-container .tab.active')
      .filter({ hasText: base })
      .waitFor({ state: 'visible', timeout: PATIENCE_MS });
    await this.activeEditor().locator('.view-lines').waitFor({ state: 'visible', timeout: PATIENCE_MS });
    await this.screenshot(`open-${base}`);
  }

  /** F1, type the command's title, pick it. */
  /** `opensQuickInput`: the command shows a quick pick of its own (the palette does not close, it is replaced). */
  async runCommand(title: string, options: { opensQuickInput?: boolean } = {}): Promise<void> {
    await this.focusWorkbench();
    const open = () => this.page.keyboard.press('F1');
    await open();
    // F1 opens the palette with its ">" prefix; the query is typed whole (with it) when typed again.
    await this.pickFromQuickInput(`>${title}`, new RegExp(`^\\s*${escapeRegExp(title)}`, 'i'), 'command palette', open, options.opensQuickInput === true);
    await this.screenshot(`command-${title}`);
  }

  /** Escape closes a stale widget (hover, menu) so the next shortcut reaches the workbench. */
  private async focusWorkbench(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  // ---------------------------------------------------------------- editor -----------------------

  /** The visible, focused editor (the active group's). */
  activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** The text of the active editor's visible lines, as rendered. */
  async editorText(): Promise<string> {
    return this.activeEditor().evaluate((editor: PageElement) =>
      [...editor.querySelectorAll('.view-lines .view-line')]
        .map((line) => ({ top: parseFloat(line.style.top || '0'), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join('\n'),
    );
  }

  /** Screen box of the first occurrence of `needle` on one rendered line of the active editor. */
  async textBox(needle: string): Promise<Box> {
    return waitFor(`"${needle}" rendered in the editor`, () =>
      this.activeEditor().evaluate((editor: PageElement, text: string) => {
        for (const line of editor.querySelectorAll('.view-lines .view-line')) {
          const content = (line.textContent ?? '').replace(/\u00a0/g, ' ');
          const at = content.indexOf(text);
          if (at < 0) continue;
          // The line is split into token spans: walk its text nodes to map offsets to a Range.
          const range = document.createRange();
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          let seen = 0;
          let startSet = false;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent?.length ?? 0;
            if (!startSet && at < seen + length) {
              range.setStart(node, at - seen);
              startSet = true;
            }
            if (startSet && at + text.length <= seen + length) {
              range.setEnd(node, at + text.length - seen);
              const r = range.getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height };
            }
            seen += length;
          }
        }
        return undefined;
      }, needle),
    PATIENCE_MS);
  }

  /** Squiggles (diagnostic decorations) currently drawn in the active editor. */
  async squiggles(): Promise<Squiggle[]> {
    return this.activeEditor().evaluate((editor: PageElement) => {
      const found: { severity: 'error' | 'warning' | 'info' | 'hint'; box: { x: number; y: number; width: number; height: number } }[] = [];
      for (const severity of ['error', 'warning', 'info', 'hint'] as const) {
        for (const el of editor.querySelectorAll(`.squiggly-${severity}`)) {
          const r = el.getBoundingClientRect();
          found.push({ severity, box: { x: r.x, y: r.y, width: r.width, height: r.height } });
        }
      }
      return found;
    });
  }

  /** Waits for a squiggle lying under `needle` (same line, overlapping it); returns it. */
  async squiggleUnder(needle: string, timeoutMs = PATIENCE_MS): Promise<Squiggle> {
    return waitFor(`a squiggle under "${needle}"`, async () => {
      const box = await this.textBox(needle);
      return (await this.squiggles()).find((s) => overlaps(s.box, box));
    }, timeoutMs, 300);
  }

  /** Places the caret on `needle` with a click. */
  async clickOn(needle: string): Promise<void> {
    const box = await this.textBox(needle);
    await this.page.mouse.click(box.x + Math.min(box.width / 2, 6), box.y + box.height / 2);
  }

  /** Moves the mouse onto `needle` and returns the hover's text once it shows `expect`. */
  async hover(needle: string, expect: RegExp, timeoutMs = PATIENCE_MS): Promise<string> {
    const box = await this.textBox(needle);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expect }).first();
    return waitFor(`a hover matching ${expect} over "${needle}"`, async () => {
      // Wiggle so the editor (re)computes the hover after a previous one went away.
      await this.page.mouse.move(box.x + 2, box.y + box.height / 2);
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      return hover.innerText();
    }, timeoutMs, 500);
  }

  /** The tables in the visible hover, as rows of trimmed cell texts (header row first). */
  async hoverTables(): Promise<string[][][]> {
    return this.page.locator('.monaco-hover:not(.hidden) table').evaluateAll((tables) =>
      tables.map((table: PageElement) =>
        [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
      ),
    );
  }

  /**
   * Clicks on `needle`, presses Ctrl+. and picks the action whose title matches `choice` with the
   * arrow keys and Enter (the menu ignores clicks until the mouse has moved over it).
   * Returns every action title offered.
   */
  async quickFix(needle: string, choice: RegExp): Promise<string[]> {
    const widget = this.page.locator('.action-widget');
    const actions = widget.locator('.monaco-list-row.action'); // not the group headers
    // A menu asked for while the editor was still taking the server's latest diagnostics comes up
    // empty ("No code actions available"): ask again until it lists actions.
    const titles = await waitFor('quick fixes listed', async () => {
      await this.page.keyboard.press('Escape');
      await this.clickOn(needle);
      await this.page.keyboard.press('Control+.');
      const shown = await widget.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      if (!shown) return undefined;
      const labels = await waitFor('the menu filled', async () => {
        const found = await actions.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? (r as PageElement).innerText));
        return found.length > 0 ? found : undefined;
      }, 5000, 200).catch(() => undefined);
      return labels;
    }, PATIENCE_MS, 500);
    await this.screenshot('quick-fix-menu');
    const target = titles.findIndex((t) => choice.test(t));
    if (target < 0) throw new Error(`no quick fix matching ${choice}; offered: ${JSON.stringify(titles)}`);
    for (let i = 0; i < titles.length + 1; i++) {
      const focused = await widget.locator('.monaco-list-row.action.focused').getAttribute('aria-label').catch(() => null);
      if (focused !== null && choice.test(focused)) break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: PATIENCE_MS });
    return titles;
  }

  /**
   * The active editor shows unsaved changes. A quick fix's edit reaches the editor after its menu
   * closes (the client applies the server's workspace edit asynchronously): a save before that
   * writes the old text, and the edit then arrives unsaved (CI, under load, once).
   */
  async waitForUnsavedChanges(): Promise<void> {
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'attached', timeout: PATIENCE_MS });
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    // The tab loses its "dirty" mark once the file is written.
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: PATIENCE_MS });
  }

  // ---------------------------------------------------------------- problems panel ----------------

  /** Opens the Problems panel (Ctrl+Shift+M toggles it, so only when it is not showing). */
  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible', timeout: PATIENCE_MS });
    }
  }

  /** The rows the Problems panel renders (it is virtualised: the visible ones). */
  async problems(): Promise<ProblemRow[]> {
    await this.showProblems();
    return this.page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({
        text: (row as PageElement).innerText.replace(/\s+/g, ' ').trim(),
        ariaLabel: row.getAttribute('aria-label') ?? '',
        level: Number(row.getAttribute('aria-level') ?? '0'),
      })),
    );
  }

  /** Waits until some Problems row satisfies `match`. */
  async waitForProblem(what: string, match: (row: ProblemRow) => boolean, timeoutMs = PATIENCE_MS): Promise<ProblemRow> {
    return waitFor(`a Problems entry: ${what}`, async () => (await this.problems()).find(match), timeoutMs, 400);
  }

  // ---------------------------------------------------------------- notifications -----------------

  /**
   * Starts recording every notification text that appears (progress notifications can be brief:
   * a MutationObserver in the page sees them even when a screenshot would miss them).
   */
  async recordNotifications(): Promise<void> {
    // No named functions inside: tsx compiles with keepNames, whose __name helper does not exist
    // in the page.
    await this.page.evaluate(() => {
      const w = window as { __archlensNotes?: string[] };
      if (w.__archlensNotes) return;
      const seen: string[] = [];
      w.__archlensNotes = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('.notification-toast, .notifications-center .notification-list-item')) {
          const text = el.innerText.replace(/\s+/g, ' ').trim();
          const busy = el.querySelector('.monaco-progress-container.active, .monaco-progress-container.infinite, .monaco-progress-container.discrete');
          const entry = busy ? `${text} [progress]` : text;
          if (text && !seen.includes(entry)) seen.push(entry);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }

  async notificationsSeen(): Promise<string[]> {
    return this.page.evaluate(() => (window as { __archlensNotes?: string[] }).__archlensNotes ?? []);
  }

  /**
   * The text of a webview (Markdown preview, report) whose content matches `match`: webviews are
   * nested iframes, so every frame of the page is looked at.
   */
  async webviewText(match: RegExp, timeoutMs = PATIENCE_MS): Promise<string> {
    return (await this.webview(match, timeoutMs)).text;
  }

  /** Text and links (anchor text → href) of the webview whose content matches `match`. */
  async webview(match: RegExp, timeoutMs = PATIENCE_MS): Promise<{ text: string; links: { text: string; href: string }[] }> {
    return waitFor(`a webview showing ${match}`, async () => {
      // Not the main frame: the workbench itself shows the same words (Problems, explorer).
      for (const frame of this.page.frames().filter((f) => f !== this.page.mainFrame())) {
        const content = await frame
          .evaluate(() => ({
            text: document.body?.innerText ?? '',
            links: [...document.querySelectorAll('a')].map((a) => ({ text: a.innerText.trim(), href: a.getAttribute('href') ?? '' })),
          }))
          .catch(() => undefined);
        if (content && match.test(content.text)) return content;
      }
      return undefined;
    }, timeoutMs, 500);
  }

  /** Titles of the open editor tabs, active first. */
  async tabs(): Promise<{ title: string; active: boolean }[]> {
    return this.page.locator('.tabs-container .tab').evaluateAll((tabs) =>
      tabs.map((t) => ({ title: (t.getAttribute('aria-label') ?? (t as PageElement).innerText).trim(), active: t.classList.contains('active') })),
    );
  }

  /** The status bar entries' texts (their accessible names). */
  async statusBar(): Promise<string[]> {
    return this.page.locator('.part.statusbar .statusbar-item').evaluateAll((items) =>
      items.map((i) => (i.getAttribute('aria-label') || (i as PageElement).innerText).trim()).filter(Boolean),
    );
  }
}

// ---------------------------------------------------------------- more of the workbench ----------

export interface Notice { text: string; buttons: string[] }

/** Toasts on screen now: their text and buttons. */
export async function visibleNotifications(page: Page): Promise<Notice[]> {
  return page.locator('.notification-toast').evaluateAll((toasts) =>
    toasts.map((t) => ({
      text: ((t as PageElement).querySelector('.notification-list-item-message'))?.innerText.replace(/\s+/g, ' ').trim() ?? '',
      buttons: [...(t as PageElement).querySelectorAll('.monaco-button')].map((b) => (b).innerText.trim()).filter(Boolean),
    })),
  );
}

export function overlaps(a: Box, b: Box): boolean {
  const horizontal = a.x < b.x + b.width && b.x < a.x + a.width;
  // Squiggles are drawn in the lower part of the line box: same line = vertical centres close.
  const vertical = Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < Math.max(a.height, b.height);
  return horizontal && vertical;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
