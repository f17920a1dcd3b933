/**
 * EDGE: a repository's .gitignore files, read from the disk: which paths the folder walk leaves
 * out, and whether a file that is not there is one the repository means not to commit (a file its
 * build generates, such as a patch `make` writes before `kustomize build`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface IgnoreLayer { dir: string; rules: Ignore }

export function readGitignore(file: string): Ignore | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return ignore().add(text);
  } catch {
    return undefined; // An unreadable .gitignore ignores nothing, like git.
  }
}

/** The .gitignore files between the repository root (the folder holding `.git`) and a walk's start, outermost first. */
export function gitignoresAbove(start: string): IgnoreLayer[] {
  if (fs.existsSync(path.join(start, '.git'))) return []; // The walk starts at the root: its own .gitignore is read by the walk.
  const chain: string[] = [];
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (fs.existsSync(path.join(dir, '.git'))) break;
    if (path.dirname(dir) === dir) return []; // Not inside a repository: no .gitignore above applies.
  }
  const layers: IgnoreLayer[] = [];
  for (const dir of chain) {
    const rules = fs.existsSync(path.join(dir, '.gitignore')) ? readGitignore(path.join(dir, '.gitignore')) : undefined;
    if (rules) layers.push({ dir, rules });
  }
  return layers;
}

/** The nearest .gitignore that has an opinion decides, like git's precedence. */
export function gitIgnored(layers: readonly IgnoreLayer[], absolute: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const relative = toPosix(path.relative(layer.dir, absolute));
    if (!relative || relative.startsWith('..')) continue;
    const verdict = layer.rules.test(isDirectory ? `${relative}/` : relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Whether the repository's .gitignore files (from its root, the folder holding `.git`, down to the
 * file's folder) leave out a file, there or not. Outside a repository: false. The layers of each
 * folder are read once per checker.
 */
export function gitIgnoredChecker(): (file: string) => boolean {
  const layersOf = new Map<string, IgnoreLayer[]>();
  return (file) => {
    const absolute = path.resolve(file);
    const dir = path.dirname(absolute);
    let layers = layersOf.get(dir);
    if (!layers) {
      // From the file itself: the chain then ends with its own folder's .gitignore.
      layers = gitignoresAbove(absolute);
      layersOf.set(dir, layers);
    }
    return gitIgnored(layers, absolute, false);
  };
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
