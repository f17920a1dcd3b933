/** The bundled language server's entry point (dist/server.js): LSP wiring only, see lsp/main.ts. */
import { startLanguageServer } from './lsp/main';

startLanguageServer();
