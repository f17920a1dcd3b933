/**
 * Where a check's V8 code cache is, as bin/archlens.js's start-up (cli/start.ts, bundled apart as
 * dist/cli-start.cjs) leaves it for the check's worker threads: the two bundles share no module,
 * so the folders travel through a global under a registered symbol.
 */
export interface CodeCacheFolders { distDir: string; folder: string; seedFolder: string }

const CODE_CACHE_KEY = Symbol.for('archlens.codeCache');

export function publishCodeCacheFolders(folders: CodeCacheFolders): void {
  (globalThis as Record<symbol, unknown>)[CODE_CACHE_KEY] = folders;
}

/** The folders, when this process compiles through the code cache (an `archlens check`). */
export function codeCacheFolders(): CodeCacheFolders | undefined {
  return (globalThis as Record<symbol, CodeCacheFolders | undefined>)[CODE_CACHE_KEY];
}
