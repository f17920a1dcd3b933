/** The bundled language server's entry point (dist/server.mjs): LSP wiring only, see lsp/main.ts. */
import { startLanguageServer } from './lsp/main';

startLanguageServer();
