/**
 * EDGE: whether a file the repository does not hold is one its build makes, read from the disk,
 * for the kustomize inputs a fresh clone lacks (UnitSource.generatedBy):
 * - the repository's .gitignore lists it (workspace/gitignore.ts);
 * - controller-gen's `webhook` generator writes it: `manifests.yaml` in the folder a Makefile's
 *   `controller-gen … webhook …` writes to — `output:webhook:artifacts:config=DIR`, else controller-gen's
 *   default `config/webhook` — relative to where the recipe runs (its folder, or a leading `cd DIR &&`).
 *   Kubebuilder scaffolds `config/webhook/kustomization.yaml` around that file, and controller-gen
 *   writes it only once the project has a webhook (logging-operator, keda-olm-operator);
 * - operator-sdk writes it: `<name>.clusterserviceversion.yaml` in the `bases` folder of the folder a
 *   Makefile's `operator-sdk generate kustomize manifests` writes to (`--output-dir`, else
 *   `config/manifests`), relative to where the recipe runs. The scaffolded config/manifests overlay
 *   lists that CSV, which `make bundle` writes first (k8ssandra-operator never commits it);
 * - a shell script beside it writes it (`cat <&0 > $BASEDIR/template.yaml` then `kustomize build
 *   $BASEDIR`: flink-kubernetes-operator's examples/kustomize/sidecar/render, Helm post-renderers whose
 *   kustomization lists the chart's output as template.yaml);
 * - its template lies beside it (`NAME.in`, `NAME.tmpl`, `NAME.template`), which a script fills in with
 *   sed or envsubst: kubevirtci's sriov-components/manifests list sriovdp-config.yaml and
 *   patch-node-selector.yaml, committed only as `.yaml.in` that sriov_components.sh fills in;
 * - a script in the hack/ or scripts/ folder of a folder above it, up to the repository's root, writes
 *   that very path from that folder (`> PATH`, `-o PATH`, variables from the script's own plain
 *   settings): k3s-io/helm-controller's scripts/package writes manifests/crd.yaml, which its root
 *   kustomization lists;
 * - a Makefile recipe of a folder above it, up to the repository's root, writes that very path
 *   (`-o PATH`, `--output PATH`, `> PATH`, relative to where the recipe runs: kubevela's `make
 *   manifests` runs `$(KUSTOMIZE) build config/crd -o config/crd/base/core.oam.dev_applications.yaml`
 *   and removes it after, so config/crd/kustomization.yaml lists a file no clone holds);
 * - its kustomization is a template a Makefile recipe or script rewrites into another folder's
 *   kustomization.yaml (`gojq ... "hack/image-patch/kustomization.yaml" > $(DIR)/kustomization.yaml`:
 *   cluster-api-provider-aws), or one a Go program embeds (`//go:embed data/kustomization.yaml`) and
 *   writes out beside the files it generates (its test/helpers/kubernetesversions);
 * - its kustomization is a fragment a script copies elsewhere to build (`cp hack/kustomization/whereabouts/*.yaml
 *   $tmp/whereabouts/doc/`, then kustomize there: kubevirtci's bump-whereabouts.sh lays it over the
 *   upstream checkout that holds the resources it lists). The scripts of the folders above it, up to
 *   the repository's root, and of their hack/ and scripts/ are read for a `cp` of its folder's files;
 * - its kustomization is a documentation example a README beside it tells the reader to copy into
 *   another project's checkout (a `git clone` line and the kustomization's file name): elastic-agent's
 *   docs/manifests/kustomize-autosharding lists kube-state-metrics' autosharding files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitIgnoredChecker } from './gitignore';

/** A Makefile line running controller-gen (as a tool, a variable, `go tool controller-gen`) with its webhook generator. */
const WEBHOOK_GENERATION = /(?:controller-gen|CONTROLLER_GEN)\b.*\swebhook(?:\s|$)/;
const WEBHOOK_OUTPUT = /\boutput:webhook:artifacts:config=("[^"]*"|'[^']*'|\S+)/;
/** A Makefile line running operator-sdk's CSV generator (the tool, a variable naming it: `$(OPSDK) generate kustomize manifests`). */
const CSV_GENERATION = /\bgenerate\s+kustomize\s+manifests\b/;
const CSV_OUTPUT = /\s--output-dir(?:=|\s+)("[^"]*"|'[^']*'|[^\s;&|]+)/;
const CSV_FILE = /\.clusterserviceversion\.ya?ml$/;
const LEADING_CD = /^\s*(?:@|-)*\s*cd\s+("[^"]*"|'[^']*'|[^\s;&|]+)\s*&&/;
const MAKEFILES = ['Makefile', 'makefile', 'GNUmakefile'];
/** The suffixes of a template that a build fills in to make the file named without it. */
const TEMPLATE_SUFFIXES = ['.in', '.tmpl', '.template'];

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Why a missing file is one the repository's build makes, or undefined; the folders' Makefiles are read once per checker. */
export function generatedFileChecker(): (file: string) => string | undefined {
  const gitIgnored = gitIgnoredChecker();
  const webhookOutputs = new Map<string, Array<{ dir: string; where: string }>>();
  const csvOutputs = new Map<string, Array<{ dir: string; where: string }>>();
  const scriptsBeside = new Map<string, ShellScriptText[]>();
  const makefileLines = new Map<string, ShellScriptText[]>();
  const outputsOf = (dir: string) => {
    let found = webhookOutputs.get(dir);
    if (!found) webhookOutputs.set(dir, (found = readWebhookOutputs(dir)));
    return found;
  };
  return (file) => {
    const absolute = path.resolve(file);
    const name = path.basename(absolute);
    if (gitIgnored(absolute)) return `the repository's .gitignore lists ${name} (a file made before the build, never committed)`;
    const folder = path.dirname(absolute);
    let scripts = scriptsBeside.get(folder);
    if (!scripts) scriptsBeside.set(folder, (scripts = readShellScripts(folder)));
    const writer = scriptWriting(scripts, name);
    if (writer) return `${writer} writes ${name} before the build`;
    const recipe = makefileWriting(absolute, (dir) => {
      let found = makefileLines.get(dir);
      if (!found) makefileLines.set(dir, (found = readMakefiles(dir)));
      return found;
    });
    if (recipe) return `${recipe} writes ${name} before the build`;
    const script = scriptAboveWriting(absolute, (dir) => {
      let found = scriptsBeside.get(dir);
      if (!found) scriptsBeside.set(dir, (found = readShellScripts(dir)));
      return found;
    });
    if (script) return `${script} writes ${name} before the build`;
    const template = TEMPLATE_SUFFIXES.map((suffix) => name + suffix).find((t) => isFile(path.join(folder, t)));
    if (template) return `${template} beside it is its template, which the build fills in`;
    const copier = fragmentCopier(folder, (dir) => {
      let found = scriptsBeside.get(dir);
      if (!found) scriptsBeside.set(dir, (found = readShellScripts(dir)));
      let makefiles = makefileLines.get(dir);
      if (!makefiles) makefileLines.set(dir, (makefiles = readMakefiles(dir)));
      return [...found, ...makefiles];
    });
    if (copier?.template) return `${copier.where} writes this kustomization out as another folder's, beside the files the build makes there`;
    if (copier) return `${copier.where} copies this folder's files elsewhere to build them beside the files it fetches`;
    const readme = readmeOverlaying(folder);
    if (readme) return `${readme} tells the reader to lay this kustomization over another project's checkout, which holds the files it lists`;
    const embedder = embeddedKustomization(folder);
    if (embedder) return `${embedder} embeds this kustomization in a program that writes it out elsewhere, beside the files it makes`;
    if (CSV_FILE.test(name) && path.basename(folder) === 'bases') {
      const maker = madeAbove(folder, (dir) => {
        let found = csvOutputs.get(dir);
        if (!found) csvOutputs.set(dir, (found = readMakefileOutputs(dir, CSV_GENERATION, (line) => CSV_OUTPUT.exec(line)?.[1], path.join('config', 'manifests'), 'bases')));
        return found;
      });
      if (maker) return `operator-sdk generate kustomize manifests writes ${name} (${maker.where})`;
      return undefined;
    }
    if (name !== 'manifests.yaml') return undefined;
    const maker = madeAbove(folder, outputsOf);
    if (maker) return `controller-gen's webhook generator writes ${name} (${maker.where}), once the project has a webhook`;
    return undefined;
  };
}

/** Script folders of a repository level, besides the level itself. */
const SCRIPT_FOLDERS = ['hack', 'scripts'];

/**
 * `script:line` of a `cp` of the kustomization files of `folder` (`cp DIR/*.yaml …`, `cp DIR/* …`,
 * `cp DIR/kustomization.yaml …`, DIR written relative to a folder above it, where the script runs)
 * in a script of a folder from `folder`'s parent up to the repository's root, or of its hack/, scripts/.
 */
function fragmentCopier(folder: string, scriptsIn: (dir: string) => ShellScriptText[]): { where: string; template: boolean } | undefined {
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    const relative = path.relative(dir, folder).split(path.sep).join('/');
    const escaped = relative.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const copies = new RegExp(`\\bcp\\s+(?:-\\S+\\s+)*["']?(?:\\./)?${escaped}/(?:\\*|\\*\\.ya?ml|kustomization\\.ya?ml)["']?\\s+\\S`);
    // The kustomization read as a template and written out as another folder's kustomization.yaml:
    // cluster-api-provider-aws's `make compiled-manifest` runs `gojq ... "hack/image-patch/kustomization.yaml"
    // > $(IMAGE_PATCH_DIR)/$(PROVIDER)/kustomization.yaml` beside the source-manifest.yaml it writes there.
    const rewrites = new RegExp(`["'\\s](?:\\./)?${escaped}/kustomization\\.ya?ml["']?\\s.*>\\s*["']?\\S*/kustomization\\.ya?ml\\b`);
    for (const where of [dir, ...SCRIPT_FOLDERS.map((f) => path.join(dir, f))]) {
      for (const script of scriptsIn(where)) {
        const i = script.lines.findIndex((line) => !/^\s*#/.test(line) && (copies.test(line) || rewrites.test(line)));
        if (i !== -1) return { where: `${path.relative(dir, path.join(where, script.name)).split(path.sep).join('/')}:${i + 1}`, template: !copies.test(script.lines[i]) };
      }
    }
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

/** A README's `git clone` of a project, and its mention of the kustomization file. */
const GIT_CLONE = /^\s*(?:\$\s*)?git\s+clone\s+(?:-\S+\s+)*(\S+)/;
const NAMES_KUSTOMIZATION = /\bkustomization\.ya?ml\b/;

/**
 * `README.md:line` of a `git clone` of another repository (not named as this checkout's folder) in a
 * README beside the kustomization that also names the kustomization file: a documentation example
 * to copy into that project's checkout, which holds the resources it lists (elastic/elastic-agent's
 * docs/manifests/kustomize-autosharding: clone kube-state-metrics, then replace its
 * examples/autosharding/kustomization.yaml with this one).
 */
function readmeOverlaying(folder: string): string | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(folder).filter((n) => /^readme(?:\.md|\.markdown|\.txt)?$/i.test(n));
  } catch {
    return undefined;
  }
  for (const name of names) {
    const text = readText(path.join(folder, name));
    if (text === undefined || !NAMES_KUSTOMIZATION.test(text)) continue;
    // A clone of this very repository (its own setup steps) says nothing of where the files are.
    const own = path.basename(repositoryRoot(folder)).toLowerCase();
    const i = text.split('\n').findIndex((line) => {
      const url = GIT_CLONE.exec(line)?.[1];
      return url !== undefined && url.replace(/\/+$/, '').replace(/\.git$/, '').split(/[/:]/).pop()?.toLowerCase() !== own;
    });
    if (i !== -1) return `${name}:${i + 1}`;
  }
  return undefined;
}

/** Folders read for a Go file embedding a kustomization: its own and the two above (a package embeds below itself). */
const EMBED_LEVELS = 3;
/** Go files of a folder read at most: a package is a few files. */
const MAX_GO_FILES = 100;

/**
 * `file.go:line` of a `//go:embed` that names `folder`'s kustomization.yaml (or the folder, or its `*`)
 * in a Go file of `folder` or of the EMBED_LEVELS - 1 folders above it, not above the repository's
 * root. Such a kustomization is a template: cluster-api-provider-aws's
 * test/helpers/kubernetesversions/template.go embeds data/kustomization.yaml, writes it into a
 * temporary folder with the patches and the source template it generates, then runs kustomize there.
 */
function embeddedKustomization(folder: string): string | undefined {
  let dir = folder;
  for (let level = 0; level < EMBED_LEVELS; level++) {
    const relative = path.relative(dir, folder).split(path.sep).join('/');
    const names = relative === '' ? ['kustomization.yaml', 'kustomization.yml', '*'] : [`${relative}/kustomization.yaml`, `${relative}/kustomization.yml`, relative, `${relative}/*`];
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(dir).filter((n) => n.endsWith('.go')).slice(0, MAX_GO_FILES);
    } catch {
      entries = [];
    }
    for (const name of entries) {
      const file = path.join(dir, name);
      const text = readText(file, MAX_SCRIPT_BYTES);
      if (text === undefined) continue;
      const lines = text.split(/\r?\n/);
      const i = lines.findIndex((line) => {
        const m = /^\s*\/\/go:embed\s+(.*)$/.exec(line);
        return m !== null && m[1].trim().split(/\s+/).some((word) => names.includes(unquote(word)));
      });
      if (i !== -1) return `${path.relative(repositoryRoot(folder), file).split(path.sep).join('/')}:${i + 1}`;
    }
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
    dir = path.dirname(dir);
  }
  return undefined;
}

/** A recipe's output operand: `-o PATH`, `--output PATH` / `--output=PATH`, `> PATH`, `>> PATH`. */
const RECIPE_OUTPUT = /(?:\s-o\s+|\s--output(?:=|\s+)|>>?\s*)("[^"]*"|'[^']*'|[^\s;&|<>()]+)/g;

/**
 * `Makefile:line` of a recipe line (tab-indented, not a comment) in the Makefile of a folder from
 * `file`'s own up to the repository's root that writes `file` itself, resolved from where the recipe
 * runs (that folder, or a leading `cd DIR &&`).
 */
function makefileWriting(file: string, makefilesIn: (dir: string) => ShellScriptText[]): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    for (const makefile of makefilesIn(dir)) {
      const i = makefile.lines.findIndex((line) => {
        if (!line.startsWith('\t') || /^\t\s*#/.test(line)) return false;
        const cd = LEADING_CD.exec(line.slice(1).replace(/^\s*[@-]*\s*/, ''))?.[1];
        const runsIn = cd === undefined ? dir : path.resolve(dir, unquote(cd));
        return [...line.matchAll(RECIPE_OUTPUT)].some((m) => !m[1].includes('$') && path.resolve(runsIn, unquote(m[1])) === file);
      });
      if (i !== -1) return `${path.relative(repositoryRoot(dir), path.join(dir, makefile.name)).split(path.sep).join('/')}:${i + 1}`;
    }
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

/** A script's output operand, quoted parts joined (`-o "${CRD_PATH}"/crds.yaml`, `> manifests/crd.yaml`). */
const SCRIPT_OUTPUT = /(?:\s-o\s+|\s--output(?:=|\s+)|>>?\s*)((?:"[^"]*"|'[^']*'|[^\s;&|<>()"'])+)/g;
/** `NAME=value` or `NAME=${NAME:-value}` alone on a line: a script's settings, which the caller may override. */
const SCRIPT_SETTING = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(?:\$\{\1:?-((?:"[^"]*"|'[^']*'|[^}"'])*)\}|((?:"[^"]*"|'[^']*'|[^\s;&|<>()"'$])*))\s*(?:#.*)?$/;

/**
 * `script:line` of a line in a script of the hack/ or scripts/ folder of a folder from `file`'s own up
 * to the repository's root that writes `file` itself, resolved from that folder (where such scripts
 * run: k3s-io/helm-controller's scripts/package `cat ./pkg/crds/yaml/*\/* > manifests/crd.yaml`;
 * kurator's hack/update-crdgen.sh `-o "${CRD_PATH}"/...yaml` with `CRD_PATH=${CRD_PATH:-"manifests/config/crds"}`).
 * Variables are read from the script's own plain settings; an output naming any other stays unknown.
 */
function scriptAboveWriting(file: string, scriptsIn: (dir: string) => ShellScriptText[]): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    for (const folder of SCRIPT_FOLDERS) {
      for (const script of scriptsIn(path.join(dir, folder))) {
        const settings = new Map<string, string>();
        for (const line of script.lines) {
          const m = SCRIPT_SETTING.exec(line);
          if (m) settings.set(m[1], unquote(m[2] ?? m[3] ?? ''));
        }
        const i = script.lines.findIndex((line) => !/^\s*#/.test(line) && [...line.matchAll(SCRIPT_OUTPUT)].some((m) => {
          const written = unquote(m[1]).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a?: string, b?: string) => settings.get(a ?? b ?? '') ?? all);
          return !written.includes('$') && path.resolve(dir, written) === file;
        }));
        if (i !== -1) return `${path.relative(repositoryRoot(dir), path.join(dir, folder, script.name)).split(path.sep).join('/')}:${i + 1}`;
      }
    }
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}


/** The folder holding .git at or above `dir`; `dir` itself outside a repository. */
function repositoryRoot(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return dir;
  }
}

/** The Makefiles directly in `dir`, as lines. */
function readMakefiles(dir: string): ShellScriptText[] {
  const out: ShellScriptText[] = [];
  for (const name of MAKEFILES) {
    const text = readText(path.join(dir, name));
    if (text !== undefined) out.push({ name, lines: text.split(/\r?\n/) });
  }
  return out;
}

/** The generator that writes into `folder`, read from the Makefiles of the folders above it up to the repository's root (the folder holding .git). */
function madeAbove(folder: string, outputsOf: (dir: string) => Array<{ dir: string; where: string }>): { dir: string; where: string } | undefined {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    const maker = outputsOf(dir).find((o) => o.dir === folder);
    if (maker) return maker;
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return undefined;
  }
}

/** The folders the Makefile in `dir` has controller-gen write webhook manifests to, each with the line that does. */
function readWebhookOutputs(dir: string): Array<{ dir: string; where: string }> {
  return readMakefileOutputs(dir, WEBHOOK_GENERATION, (line) => WEBHOOK_OUTPUT.exec(line)?.[1], path.join('config', 'webhook'));
}

/**
 * The folders the Makefiles in `dir` have a generator write to: on each line matching `generation`,
 * the folder `output` reads from it (else `fallback`), from where the recipe runs, then `sub` below it.
 */
function readMakefileOutputs(dir: string, generation: RegExp, output: (line: string) => string | undefined, fallback: string, sub = ''): Array<{ dir: string; where: string }> {
  const out: Array<{ dir: string; where: string }> = [];
  for (const { name: makefile, lines } of readMakefiles(dir)) {
    lines.forEach((line, i) => {
      if (!generation.test(line)) return;
      const cd = LEADING_CD.exec(line)?.[1];
      const runsIn = cd === undefined ? dir : path.resolve(dir, unquote(cd));
      const written = output(line);
      out.push({ dir: path.resolve(runsIn, written === undefined ? fallback : unquote(written), sub), where: `${makefile}:${i + 1}` });
    });
  }
  return out;
}

/** A shell word with its quotes removed, wherever they stand (`"${A}"/b.yaml` is `${A}/b.yaml`). */
function unquote(word: string): string {
  return word.replace(/"([^"]*)"|'([^']*)'/g, (_all, d?: string, q?: string) => d ?? q ?? '');
}

/** A file's text, or undefined when it cannot be read or is larger than `maxBytes`. */
function readText(file: string, maxBytes = Infinity): string | undefined {
  try {
    if (maxBytes !== Infinity && fs.statSync(file).size > maxBytes) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

interface ShellScriptText { name: string; lines: string[] }

/** Scripts larger than this are not read: a render script is a few lines. */
const MAX_SCRIPT_BYTES = 64 * 1024;

/** The shell scripts directly in `dir` (`*.sh`, `*.bash`, or a shell shebang), as lines. */
function readShellScripts(dir: string): ShellScriptText[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: ShellScriptText[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    const ext = path.extname(entry.name);
    if (ext !== '' && ext !== '.sh' && ext !== '.bash') continue;
    const text = readText(file, MAX_SCRIPT_BYTES);
    if (text === undefined) continue;
    if (ext === '' && !/^#!.*\b(?:ba|da|z|k)?sh\b/.test(text)) continue;
    out.push({ name: entry.name, lines: text.split(/\r?\n/) });
  }
  return out;
}

/** `script:line` of a redirection or `tee` that writes `name` (in any folder a variable or path names). */
function scriptWriting(scripts: readonly ShellScriptText[], name: string): string | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const writes = new RegExp(`(?:>>?|\\btee\\s+(?:-a\\s+)?)\\s*["']?(?:[^\\s"'<>|;&]*/)?${escaped}["']?(?=$|[\\s;&|)])`);
  for (const script of scripts) {
    const i = script.lines.findIndex((line) => !/^\s*#/.test(line) && writes.test(line));
    if (i !== -1) return `${script.name}:${i + 1}`;
  }
  return undefined;
}
