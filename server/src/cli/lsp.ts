/** `archlens lsp --stdio`: the language server in this process, for editors other than VS Code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './io';

/**
 * Loads the language server bundle that ships beside the CLI bundle (dist/server.js starts the
 * server when loaded). Loaded at run time, not bundled into the CLI: every `archlens check` would
 * otherwise pay for parsing the whole server.
 */
export function runLsp(): void {
  const candidates = [
    path.join(__dirname, 'server.js'),                  // dist/cli.js → dist/server.js
    path.join(__dirname, '..', '..', '..', 'dist', 'server.js'), // sources run with tsx
  ];
  const bundle = candidates.find((file) => fs.existsSync(file));
  if (!bundle) throw new UsageError('the language server is not built (run npm run build)');
  const load: (id: string) => unknown = require; // A plain function call: the bundler leaves the path alone.
  load(bundle);
}
