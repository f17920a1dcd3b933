/**
 * Which walked files are vendored or generated code — third-party trees the project's maintainers
 * do not edit, so findings there are noise to them. Skipped by default (`--include-vendored` checks
 * them), following GitHub linguist's conventions (lib/linguist/vendor.yml, .gitattributes
 * overrides); the README's "Vendored and generated code" is the user's account of these rules.
 *
 * A file is vendored when, in this order:
 * 1. a `.gitattributes` sets `linguist-vendored` or `linguist-generated` for it, or for a folder
 *    it is in (unsetting them, `-linguist-vendored` or `=false`, keeps it first-party whatever the
 *    folder rules say);
 * 2. it sits in a folder named by linguist's vendoring conventions: `vendor/`, `vendors/`,
 *    `third_party/` (`third-party`, `thirdparty`), `3rdparty/`, `extern/`, `external/`,
 *    `bower_components/`, `Godeps/_workspace/`, and `deps/` at the top of the walk;
 * 3. it sits in a copied third-party tree: a folder below the walk's start that carries its own
 *    licence file (LICENSE, LICENCE, COPYING…) and either has a version in its name
 *    (`nghttp2-1.65.0`, `wasm-micro-runtime-WAMR-2.4.1`, `snappy-fef67ac`) or sits directly in a
 *    dependency folder (`lib/`, `libs/`, `deps/`). A licence alone does not make a copy (first-party
 *    packages of a monorepo often carry one), nor does a version alone (`tools-1.2/`), nor a
 *    versioned folder right below the walk's start (a project checked from its parent folder).
 *
 * linguist's `extern(al)?/` is followed as it is, so a first-party folder so named is skipped too;
 * `-linguist-vendored` in `.gitattributes` (or `--include-vendored`) brings it back.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Folder names linguist's vendor.yml treats as vendored anywhere in a path. */
const VENDOR_FOLDER = /^(?:vendors?|third[-_]?party|3rd[-_]?party|extern(?:al)?|bower_components)$/i;
/** Vendored only at the top of the repository (linguist: `^deps/`). */
const TOP_VENDOR_FOLDER = /^deps$/;
/** Folders whose direct subfolders with their own licence are copies of other projects. */
const DEPENDENCY_FOLDER = /^(?:lib|libs|deps)$/;
const LICENCE_FILE = /^(?:LICEN[CS]E|COPYING|UNLICENSE)(?:[-._].*)?$/i;
/** `name-1.2.3`, `name-v2.4.1`, `name-0.7.1-custom`; or a commit: `snappy-fef67ac`. */
const VERSIONED = /[-_.]v?\d+(?:\.\d+)+(?:[-.+][0-9A-Za-z]+)*$/;
const COMMIT_SUFFIX = /[-_](?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,40}$/;

/** Why a folder is vendored (its subtree with it), or undefined. */
export function vendoredFolder(dir: string, start: string, entries: readonly fs.Dirent[]): string | undefined {
  if (dir === start) return undefined;
  const name = path.basename(dir);
  const relative = path.relative(start, dir).split(path.sep);
  if (VENDOR_FOLDER.test(name)) return `in a ${name}/ folder`;
  if (relative.length === 1 && TOP_VENDOR_FOLDER.test(name)) return `in the top-level ${name}/ folder`;
  if (name === '_workspace' && path.basename(path.dirname(dir)) === 'Godeps') return 'in Godeps/_workspace/';
  const licence = entries.find((e) => (e.isFile() || e.isSymbolicLink()) && LICENCE_FILE.test(e.name));
  if (!licence) return undefined;
  const shown = relative.join('/');
  // A folder right below the walk's start is taken for a project of its own (a release tarball
  // `app-1.2.0/` checked from its parent), not a copy inside one.
  if ((VERSIONED.test(name) || COMMIT_SUFFIX.test(name)) && relative.length > 1) return `a copied third-party tree (${shown}/ has its own ${licence.name} and a version in its name)`;
  if (DEPENDENCY_FOLDER.test(path.basename(path.dirname(dir)))) return `a copied third-party tree (${shown}/ has its own ${licence.name} in a dependency folder)`;
  return undefined;
}

/** One `.gitattributes` line about the linguist attributes: its pattern and what it sets. */
interface AttributeRule { matcher: Ignore; vendored?: boolean; generated?: boolean }

/** The rules of one `.gitattributes`, relative to its folder. */
export interface AttributeLayer { dir: string; rules: AttributeRule[] }

/** A pattern that matches every file of the folder: `*`, `**`, `/*`, `/**`. */
const EVERY_FILE = /^\/?\*\*?$/;

/**
 * The linguist rules of a `.gitattributes` file; undefined when it has none (or cannot be read).
 * `repositoryRoot`: the file is the repository's own (its folder holds `.git`). There a rule marking
 * every file vendored or generated is a language-statistics setting (openebs: `* linguist-vendored`
 * then `*.go linguist-vendored=false`, so that GitHub counts only Go), not a statement that the
 * repository is someone else's code: it is not followed. In another folder it marks that folder.
 */
export function readAttributes(dir: string, repositoryRoot = false): AttributeLayer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitattributes'), 'utf8');
  } catch {
    return undefined;
  }
  const rules: AttributeRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || !line.includes('linguist-')) continue;
    const [pattern, ...attributes] = line.split(/\s+/);
    if (repositoryRoot && EVERY_FILE.test(pattern)) continue;
    // A gitattributes pattern matches as a gitignore line does — and so a folder pattern
    // (`vendor_jsonnet/ linguist-generated=true`, sealed-secrets) marks the files in it. Git gives a
    // folder pattern to no file (only `dir/**` reaches them), so such a line does nothing in git:
    // its only meaning is its author's, who marked that folder.
    const rule: AttributeRule = { matcher: ignore().add(pattern) };
    for (const a of attributes) {
      const m = /^([-!]?)linguist-(vendored|generated)(?:=(.*))?$/.exec(a);
      if (!m) continue;
      const value = m[1] === '' && m[3] !== 'false';
      if (m[2] === 'vendored') rule.vendored = value; else rule.generated = value;
    }
    if (rule.vendored !== undefined || rule.generated !== undefined) rules.push(rule);
  }
  return rules.length > 0 ? { dir, rules } : undefined;
}

/**
 * What the `.gitattributes` files (outermost first) say about a file: vendored (by
 * `linguist-vendored` or `linguist-generated`), explicitly first-party (`-linguist-vendored`), or
 * undefined (no opinion). For each attribute the last matching rule wins, the innermost file last.
 */
export function attributeVerdict(layers: readonly AttributeLayer[], file: string): { vendored: boolean; attribute: string } | undefined {
  let vendored: boolean | undefined;
  let generated: boolean | undefined;
  for (const layer of layers) {
    const relative = path.relative(layer.dir, file).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) continue;
    for (const rule of layer.rules) {
      if (!rule.matcher.ignores(relative)) continue;
      if (rule.vendored !== undefined) vendored = rule.vendored;
      if (rule.generated !== undefined) generated = rule.generated;
    }
  }
  if (vendored === true) return { vendored: true, attribute: 'linguist-vendored' };
  if (generated === true) return { vendored: true, attribute: 'linguist-generated' };
  if (vendored === false) return { vendored: false, attribute: 'linguist-vendored' };
  return undefined;
}
