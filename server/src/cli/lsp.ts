/** `archlens lsp --stdio`: the language server in this process, for editors other than VS Code. */
import { UsageError } from './io';

interface LspModule { startLanguageServer?: () => void | Promise<void> }

export async function runLsp(): Promise<void> {
  let mod: LspModule;
  try {
    // A require in a try block: the bundler includes the server when it exists and leaves the CLI working when it does not.
    mod = require('../lsp/main') as LspModule; // eslint-disable-line @typescript-eslint/no-require-imports
  } catch {
    throw new UsageError('the language server is not part of this build');
  }
  if (typeof mod.startLanguageServer !== 'function') throw new UsageError('the language server is not part of this build');
  await mod.startLanguageServer();
}
