/** `archlens lsp --stdio`: the language server in this process, for editors other than VS Code. */

/**
 * Loads the language server on demand: in the bundle a dynamic import is a chunk of its own, so
 * `archlens check` never loads (or parses) the server.
 */
export async function runLsp(): Promise<void> {
  const { startLanguageServer } = await import('../lsp/main');
  startLanguageServer();
}
