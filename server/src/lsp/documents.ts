/**
 * Open documents: analysed as they open and change (a `.archlens.yaml` is validated instead),
 * their diagnostics cleared on close, and the requests that read their analysis (code actions, hover).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './code-actions';
import type { CommandHandler } from './commands';
import type { ConfigProblems } from './config-problems';
import { isConfigFileUri, type ServerContext } from './context';
import { hover } from './hover';
import { uriToPath } from './paths';
import type { WorkspaceCheckHandler } from './workspace-check-handler';

export class DocumentHandler {
  constructor(
    private readonly ctx: ServerContext,
    private readonly configProblems: ConfigProblems,
    private readonly workspaceCheck: WorkspaceCheckHandler,
    private readonly commands: CommandHandler,
  ) {}

  register(): void {
    const { ctx } = this;
    const changed = (doc: TextDocument, edit: boolean) => ctx.guard(() => {
      if (isConfigFileUri(doc.uri)) this.configProblems.lintDocument(doc);
      // A chart's file (values.yaml, a template) is checked through the rendered chart.
      else if (ctx.units.claims(doc.uri)) ctx.units.changed(doc.uri);
      else if (edit) ctx.analyses.edited(doc.uri);
      else ctx.analyses.schedule(doc.uri);
    });
    // TextDocuments fires onDidChangeContent for an open too (after onDidOpen): only later versions are edits.
    const openedAt = new Map<string, number>();
    ctx.documents.onDidOpen((e) => openedAt.set(e.document.uri, e.document.version));
    ctx.documents.onDidChangeContent((e) => changed(e.document, openedAt.get(e.document.uri) !== e.document.version));
    // Saving says "this is what I mean": its references are looked up without waiting.
    ctx.documents.onDidSave((e) => ctx.guard(() => {
      if (!isConfigFileUri(e.document.uri)) ctx.analyses.saved(e.document.uri);
    }));
    ctx.documents.onDidClose((e) => ctx.guard(() => {
      openedAt.delete(e.document.uri);
      ctx.analyses.closed(e.document.uri);
      // A chart's file: the chart is rendered again from the disk and keeps showing its findings.
      if (ctx.units.claims(e.document.uri)) { ctx.units.changed(e.document.uri); return; }
      // A file the workspace check reported keeps those findings; others are cleared.
      void ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: this.workspaceCheck.diagnosticsWhenClosed(e.document.uri) });
    }));
    ctx.connection.onCodeAction(async (params) => ctx.safe('codeAction', [], async () => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const state = await ctx.analyses.current(doc.uri);
      return codeActions(params, doc, state, {
        documentChanges: ctx.capabilities.workspace?.workspaceEdit?.documentChanges === true,
        ...(ctx.ruleDocsCommand ? { ruleDocsCommand: ctx.ruleDocsCommand } : {}),
        trusted: ctx.trusted,
        createFiles: ctx.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true,
        // The build file's text the fix was made against: the open version the map read, else the disk's.
        versionOf: (uri) => ctx.images.versionOf(uriToPath(uri)),
      }, (uri) => ctx.documents.get(uri)?.version ?? null);
    }));
    ctx.connection.onHover(async (params) => ctx.safe('hover', null, async () => {
      // A chart's file: what its last render says, never waiting for a render in progress.
      if (ctx.units.claims(params.textDocument.uri)) return ctx.units.hover(params.textDocument.uri, params.position, this.commands.hoverContext()) ?? null;
      const state = await ctx.analyses.current(params.textDocument.uri);
      if (!state) return null;
      return hover(state, params.position, this.commands.hoverContext()) ?? null;
    }));
  }
}
