/** URIs ↔ paths and which analyser reads an open document. */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { classifyFile } from '../engine/classify';
import { CONFIG_FILE_NAMES } from '../workspace/config-files';
import type { FileKind } from '../core/types';

/** A file path for a URI: the real path for file: URIs, the URI's path part otherwise (untitled:, vscode-vfs:). */
export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through: a malformed file URI still has a usable path part
    }
  }
  const colon = uri.indexOf(':');
  let rest = colon >= 0 ? uri.slice(colon + 1) : uri;
  if (rest.startsWith('//')) rest = rest.slice(rest.indexOf('/', 2) >>> 0);
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(path.resolve(file)).href;
}

export function isFileUri(uri: string): boolean {
  return uri.startsWith('file:');
}

/**
 * The kind of an open document. The path decides first (a `docker-compose.yml` is Compose whatever
 * the language id); the language id decides for names that say nothing (untitled buffers,
 * `build` scripts, `Dockerfile.prod` opened as dockerfile).
 */
export function kindForDocument(uri: string, languageId: string, text: string): FileKind | undefined {
  const file = uriToPath(uri);
  // archlens's own config is validated as a config (lintConfigDocument), never analysed as a manifest.
  if (CONFIG_FILE_NAMES.includes(path.basename(file))) return undefined;
  const end = text.indexOf('\n');
  const firstLine = (end === -1 ? text : text.slice(0, end)).slice(0, 200);
  const byPath = classifyFile(file, firstLine);
  // VS Code's ids, and those of other editors (Neovim/Helix/Emacs: sh, bash, make, yaml.docker-compose …).
  switch (languageId) {
    case 'dockerfile':
    case 'containerfile':
      return 'dockerfile';
    case 'shellscript':
    case 'sh':
    case 'bash':
    case 'zsh':
      return 'shell';
    case 'makefile':
    case 'make':
      return 'makefile';
    case 'yaml':
    case 'dockercompose':
    case 'github-actions-workflow':
      return byPath ?? 'kubernetes';
    default:
      return languageId.startsWith('yaml.') ? byPath ?? 'kubernetes' : byPath;
  }
}
