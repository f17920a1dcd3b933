/**
 * Folder walks for `archlens check` and "Check Workspace": which files under the given paths
 * archlens may read, honouring .gitignore at every level (and those above, up to the repository
 * root) and the config's `ignore`; `.git` and `node_modules` are never entered. Both kinds of
 * pattern are matched by one implementation of gitignore's rules (the `ignore` package): the
 * config's globs are gitignore lines relative to the config file's folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { gitIgnored, gitignoresAbove, readGitignore, type IgnoreLayer } from './gitignore';
import { classifyFile, needsFirstLine } from '../engine/classify';
import type { ConfigResolver } from './config-files';
import { mayBeRead } from './read';
import { attributeVerdict, readAttributes, vendoredFolder, type AttributeLayer } from './vendored';


/** Folders never walked into: VCS internals and installed dependencies. */
const NEVER_WALK = new Set(['.git', 'node_modules']);

export interface WalkResult {
  /** Absolute paths of files archlens may read, sorted. */
  files: string[];
  /** Files archlens would read that are vendored or generated code (vendored.ts), left out, with why; sorted. */
  vendored: Array<{ file: string; reason: string }>;
  /** Given paths that do not exist. */
  missing: string[];
  /** Folders that could not be read, with why. */
  problems: Array<{ file: string; message: string }>;
}

export interface WalkOptions {
  signal?: AbortSignal;
  /** Read vendored and generated code too (`--include-vendored`). */
  includeVendored?: boolean;
}

/**
 * Walks files and folders. Named files are always included; walked ones only when archlens may
 * read them, and not when they are vendored or generated code (unless `includeVendored`).
 */
export async function walkPaths(paths: readonly string[], configs: ConfigResolver, options: WalkOptions = {}): Promise<WalkResult> {
  const { signal } = options;
  const files = new Set<string>();
  const vendored = new Map<string, string>();
  const missing: string[] = [];
  const problems: WalkResult['problems'] = [];
  const configRules = new Map<string, Ignore>();

  const configIgnored = (absolute: string, isDirectory: boolean): boolean => {
    const resolved = configs.forPath(absolute, isDirectory);
    if (resolved.config.ignore.length === 0) return false;
    let relative = toPosix(path.relative(resolved.baseDir, absolute));
    if (relative.startsWith('..')) relative = toPosix(path.relative(configs.root, absolute));
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const key = resolved.config.ignore.join('\0');
    let rules = configRules.get(key);
    if (!rules) {
      rules = ignore().add(resolved.config.ignore.map(gitignoreLine));
      configRules.set(key, rules);
    }
    return rules.ignores(isDirectory ? `${relative}/` : relative);
  };

  const walkDir = async (dir: string, layers: IgnoreLayer[], start: string, attributes: AttributeLayer[], vendoredBy: string | undefined): Promise<void> => {
    if (signal?.aborted) return;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === start || !configIgnored(dir, true)) problems.push({ file: dir, message: `folder cannot be read: ${errorCode(error)}` });
      return;
    }
    configs.noteListing(dir, entries.map((e) => e.name));
    // A folder's config `ignore` is decided once its listing is noted (the resolver then needs no stat here).
    if (dir !== start && configIgnored(dir, true)) return;
    const here = [...layers];
    if (entries.some((e) => e.name === '.gitignore' && (e.isFile() || e.isSymbolicLink()))) {
      const rules = readGitignore(path.join(dir, '.gitignore'));
      if (rules) here.push({ dir, rules });
    }
    let attributesHere = attributes;
    if (!options.includeVendored && entries.some((e) => e.name === '.gitattributes')) {
      const layer = readAttributes(dir, entries.some((e) => e.name === '.git'));
      if (layer) attributesHere = [...attributes, layer];
    }
    const folderReason = options.includeVendored ? undefined : vendoredBy ?? vendoredFolder(dir, start, entries);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Linked files are read; linked folders are not followed (they can loop or leave the tree).
        try {
          isFile = fs.statSync(absolute).isFile();
        } catch {
          isFile = false;
        }
        isDirectory = false;
      }
      if (isDirectory && NEVER_WALK.has(entry.name)) continue;
      if (!isDirectory && !isFile) continue;
      if (gitIgnored(here, absolute, isDirectory)) continue;
      if (!isDirectory && configIgnored(absolute, false)) continue;
      if (isDirectory) await walkDir(absolute, here, start, attributesHere, folderReason);
      else if (classifyFile(absolute) !== undefined || needsFirstLine(absolute)) {
        const marked = attributesHere.length > 0 ? attributeVerdict(attributesHere, absolute) : undefined;
        const reason = marked ? (marked.vendored ? `marked ${marked.attribute} in .gitattributes` : undefined) : folderReason;
        if (reason === undefined) files.add(absolute);
        // An extensionless file counts only when its first line makes it one archlens reads.
        else if (classifyFile(absolute) !== undefined || mayBeRead(absolute)) vendored.set(absolute, reason);
      }
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(absolute);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory()) await walkDir(absolute, gitignoresAbove(absolute), absolute, [], undefined);
    else files.add(absolute);
  }
  for (const file of files) vendored.delete(file); // Named files are always read.
  return {
    files: [...files].sort(),
    vendored: [...vendored].map(([file, reason]) => ({ file, reason })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    missing,
    problems,
  };
}

/** A config `ignore` glob as a gitignore line: `./x` (this folder's x) is written `/x` there. */
function gitignoreLine(glob: string): string {
  return glob.trim().replace(/^\.\//, '/');
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? (e instanceof Error ? e.message : String(error));
}

