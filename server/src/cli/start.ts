/**
 * What bin/archlens.js runs before it loads the CLI (dist/cli.mjs), bundled apart as
 * dist/cli-start.cjs: for `archlens check`, V8 tuned for a one-shot run (cli/v8-tuning.ts) and the
 * chunks compiled through the code cache (cli/compile-cache.ts).
 *
 * Only the check: it is the command run over and over (a pre-commit hook, CI, a shell loop) where
 * start-up counts, and V8 accepts a cache only under the flags it was made with — a cache written
 * by another command, without the tuning, would be rejected by every check and written again.
 */
import * as path from 'node:path';
import { publishCodeCacheFolders, type CodeCacheFolders } from '../core/code-cache-folders';
import { defaultCodeCacheRoot, installCompileCache, runtimeFolder } from './compile-cache';
import { tuneV8ForOneShotCheck } from './v8-tuning';

export function prepareCli(distDir: string, argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): void {
  if (argv[0] !== 'check') return;
  // Before the first chunk is compiled: the flags are part of what V8 checks a cache against.
  tuneV8ForOneShotCheck();
  const folders: CodeCacheFolders = {
    distDir,
    folder: runtimeFolder(defaultCodeCacheRoot(env)),
    // The cache `npm run build` made (build.mjs): the first check after an install compiles nothing either.
    seedFolder: runtimeFolder(path.join(distDir, 'code-cache')),
  };
  const { flush } = installCompileCache(distDir, folders.folder, { seedFolder: folders.seedFolder });
  publishCodeCacheFolders(folders);
  process.once('exit', flush);
}

/** In a check's worker thread, before it loads any chunk: the same caches, read only (the main thread writes them). */
export function prepareWorker(folders: CodeCacheFolders): void {
  installCompileCache(folders.distDir, folders.folder, { seedFolder: folders.seedFolder, write: false });
}
