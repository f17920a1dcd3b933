/** Problems of `.archlens.yaml` files as diagnostics on those files (line and column), never a crash. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigProblem } from '../core/config';
import { parseConfigText } from '../engine/config-text';
import type { ServerContext } from './context';
import { pathToUri, uriToPath } from './paths';

export class ConfigProblems {
  /** Config file → the problems last published for it. */
  private readonly published = new Map<string, string>();

  constructor(private readonly ctx: ServerContext) {}

  /** An open `.archlens.yaml` is validated as the user types (the saved file is what applies). */
  lintDocument(doc: TextDocument): void {
    const { problems } = parseConfigText(doc.getText(), uriToPath(doc.uri));
    void this.ctx.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: problems.map(configDiagnostic) });
  }

  /** The problems of a config file a document's configuration was read from, published when they changed. */
  publish(file: string, problems: ConfigProblem[]): void {
    const key = JSON.stringify(problems);
    if (this.published.get(file) === key) return;
    this.published.set(file, key);
    for (const p of problems) this.ctx.log('warn', `${p.file}:${p.line}:${p.column}: ${p.message}`);
    const uri = pathToUri(file);
    if (this.ctx.documents.get(uri)) return; // the config file open in the editor is not ours to lint live
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: problems.map(configDiagnostic) });
  }

  /** The files changed on disk: publish again whatever they say now. */
  forget(): void {
    this.published.clear();
  }
}

function configDiagnostic(p: ConfigProblem): Diagnostic {
  const line = Math.max(0, p.line - 1);
  const character = Math.max(0, p.column - 1);
  return {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'archlens',
    message: p.message,
  };
}
