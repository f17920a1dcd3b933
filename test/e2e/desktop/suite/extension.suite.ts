/**
 * The extension-host half of the e2e scenarios, run inside desktop VS Code (see ../run.ts): the
 * same fixtures and expectations as the code-server scenarios, checked through the VS Code API.
 * Named *.suite.ts, not *.test.ts: it needs the `vscode` module and cannot run under plain mocha.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DesktopExpectations } from '../expectations';

function loadExpectations(): { expect: DesktopExpectations; workspace: string } {
  const file = process.env.ARCHLENS_DESKTOP_EXPECT;
  const workspace = process.env.ARCHLENS_DESKTOP_WORKSPACE;
  if (!file || !workspace) throw new Error('run through `npm run test:desktop` (ARCHLENS_DESKTOP_EXPECT / _WORKSPACE unset)');
  return { expect: JSON.parse(fs.readFileSync(file, 'utf8')) as DesktopExpectations, workspace };
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

/** Resolves with the first diagnostic of `rule` on `uri` (waits for the server's publication). */
async function diagnosticOf(uri: vscode.Uri, rule: string, timeoutMs = 90_000): Promise<vscode.Diagnostic> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === rule && d.source === 'archlens');
    if (found) return found;
    if (Date.now() > deadline) {
      const got = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)} ${d.message}`);
      throw new Error(`no ${rule} on ${uri.fsPath} within ${timeoutMs} ms; diagnostics: ${JSON.stringify(got)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitGone(uri: vscode.Uri, rule: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === rule)) {
    if (Date.now() > deadline) throw new Error(`${rule} still on ${uri.fsPath} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function assertRange(actual: vscode.Range, expected: DesktopExpectations['al301']['range']): void {
  assert.deepEqual(
    { start: { line: actual.start.line, character: actual.start.character }, end: { line: actual.end.line, character: actual.end.character } },
    expected,
  );
}

/** Applies the quick fix titled `title` at the diagnostic, then saves the document. */
async function applyQuickFix(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no quick fix "${title}"; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'the edit applies');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  assert.ok(await doc.save(), 'the document saves');
}

export function registerSuite(): void {
  describe('archlens in desktop VS Code', function () {
    this.timeout(90_000);
    const { expect, workspace } = loadExpectations();
    const uriOf = (relative: string) => vscode.Uri.file(path.join(workspace, relative));

    before(async () => {
      const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'archlens');
      assert.ok(extension, 'the archlens extension is loaded');
      await extension.activate();
    });

    it('Dockerfile: AL301 with the engine message and range; its fix inserts the ARG', async () => {
      const doc = await vscode.workspace.openTextDocument(uriOf(expect.files.dockerfile));
      await vscode.window.showTextDocument(doc);
      const d = await diagnosticOf(doc.uri, 'AL301');
      assert.equal(d.message, expect.al301.message);
      assertRange(d.range, expect.al301.range);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      await applyQuickFix(doc, d, expect.al301.fix.title);
      assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), expect.al301.fix.fixedText);
      await waitGone(doc.uri, 'AL301');
    });

    it('Deployment: AL202 on the single-arch image, hover lists linux/amd64 only, nodeSelector fix', async () => {
      const doc = await vscode.workspace.openTextDocument(uriOf(expect.files.deployment));
      await vscode.window.showTextDocument(doc);
      const d = await diagnosticOf(doc.uri, 'AL202');
      assert.equal(d.message, expect.al202.message);
      assertRange(d.range, expect.al202.range);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);

      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, d.range.start.translate(0, 1));
      const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      const rows = markdown.split('\n').filter((l) => /^\|\s*linux\s*\|/.test(l));
      assert.equal(rows.length, 1, `one platform row expected in:\n${markdown}`);
      assert.match(rows[0], /^\|\s*linux\s*\|\s*amd64\s*\|/);

      await applyQuickFix(doc, d, expect.al202.fix.title);
      assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), expect.al202.fix.fixedText);
      await waitGone(doc.uri, 'AL202');
    });

    it('Check Workspace: findings for a file never opened', async () => {
      const never = uriOf(expect.files.neverOpened);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === never.fsPath), 'the file is not open');
      await vscode.commands.executeCommand('archlens.checkWorkspace');
      const d = await diagnosticOf(never, expect.neverOpenedRule, 60_000);
      assert.equal(d.source, 'archlens');
    });
  });
}
