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
    const changed = (doc: TextDocument) => ctx.guard(() => {
      if (isConfigFileUri(doc.uri)) this.configProblems.lintDocument(doc);
      else ctx.analyses.schedule(doc.uri);
    });
    ctx.documents.onDidOpen((e) => changed(e.document));
    ctx.documents.onDidChangeContent((e) => changed(e.document));
    ctx.documents.onDidClose((e) => ctx.guard(() => {
      ctx.analyses.closed(e.document.uri);
      // A file the workspace check reported keeps those findings; others are cleared.
      ctx.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: this.workspaceCheck.diagnosticsWhenClosed(e.document.uri) });
    }));
    ctx.connection.onCodeAction(async (params) => ctx.safe('codeAction', [], async () => {
      const doc = ctx.documents.get(params.textDocument.uri);
      if (!doc) return [];
      const state = await ctx.analyses.current(doc.uri);
      return codeActions(params, doc, state, {
        documentChanges: ctx.capabilities.workspace?.workspaceEdit?.documentChanges === true,
        // The build file's text the fix was made against: the open version the map read, else the disk's.
        versionOf: (uri) => ctx.images.versionOf(uriToPath(uri)),
      });
    }));
    ctx.connection.onHover(async (params) => ctx.safe('hover', null, async () => {
      const state = await ctx.analyses.current(params.textDocument.uri);
      if (!state) return null;
      return hover(state, params.position, this.commands.hoverContext()) ?? null;
    }));
  }
}
