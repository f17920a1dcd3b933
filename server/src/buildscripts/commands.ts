/**
 * The command model over parsed shell: which commands build images (docker/podman/buildah/nerdctl),
 * their platform/push/tag flags, and later `push` commands matched to earlier builds of the same tag
 * within one unit (a script, a Makefile recipe, a CI job).
 */
import type { ShellCommand, ShellGuard, ShellWord } from '../shell/shell';
import { escapeRegExp, type LineIndex } from '../core/text';
import type { BuildOutput, BuildSite, ManifestListSite, MirrorSite, PathBase, PlatformItem, PlatformSpec, WrittenValue } from './model';
import { archNamedInTag, archNamedInText, archOfBuildArg, namesWindows, pushingOutput } from './names';
import { MACHINE_ARCH_COMMAND, splitValue, textOfValue, unquoted, type Value } from './values';
import { GOARCH_VALUES } from '../images/platform';
import { foldCandidate, foldOf, type FoldCandidate } from './fold-push';
import { architectures } from './platforms';
import { BUILD_TOOL_NAMES } from './source';

const TOOLS = new Set(['docker', 'podman', 'nerdctl', 'buildah']);
/**
 * Commands that run their arguments as a command: their flags that take a separate value
 * (`sudo -u ci docker …`), and how many operands come before the command (`timeout 10m docker …`).
 */
const WRAPPERS = new Map<string, { values: string[]; operands?: number }>([
  ['sudo', { values: ['-u', '--user', '-g', '--group', '-C', '--close-from', '-D', '--chdir', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout'] }],
  ['env', { values: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string'] }],
  ['nice', { values: ['-n', '--adjustment'] }],
  ['time', { values: ['-f', '--format', '-o', '--output'] }],
  ['exec', { values: ['-a'] }],
  ['timeout', { values: ['-s', '--signal', '-k', '--kill-after'], operands: 1 }],
  ['command', { values: [] }],
  ['nohup', { values: [] }],
]);
/** Global flags (before the subcommand) that take a separate value. */
const GLOBAL_VALUE_FLAGS = new Set([
  '-c', '--context', '-H', '--host', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
  '--connection', '--url', '--root', '--runroot', '--storage-driver', '--cgroup-manager', '-n', '--namespace',
  '--address', '-a', '--identity',
]);
/** Flags of `push`/`tag` that take a separate value (so the reference is not mistaken for one). */
const PUSH_VALUE_FLAGS = new Set(['--creds', '--authfile', '--format', '-f', '--digestfile', '--cert-dir', '--sign-by', '--compression-format', '--retry', '--platform', '--signing-key']);
/** Other tools' subcommands that assemble a manifest list (their inspecting subcommands do not). */
const after = (words: string[], word: string): string | undefined => (words.includes(word) ? words[words.indexOf(word) + 1] : undefined);
const MANIFEST_TOOLS = new Map<string, (words: string[]) => boolean>([
  ['manifest-tool', (w) => w.includes('push')],
  ['crane', (w) => after(w, 'index') === 'append'],
  ['regctl', (w) => ['create', 'add'].includes(after(w, 'index') ?? '')],
]);
/** `manifest` subcommands that build a list (`inspect`, `rm`, `exists` only read or remove). */
const MANIFEST_ASSEMBLY = new Set(['create', 'add', 'annotate', 'push']);

interface Words { tool: ShellWord; rest: ShellWord[] }

/** The tool word and the words after it, wrappers (`sudo -E docker …`) skipped. */
function toolWords(command: ShellCommand): Words | undefined {
  if (!command.name) return undefined;
  const words = [command.name, ...command.args];
  let i = 0;
  for (let wrapper = WRAPPERS.get(basename(words[i].text)); wrapper && i < words.length; wrapper = WRAPPERS.get(basename(words[i]?.text ?? ''))) {
    i++;
    while (i < words.length && (words[i].text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i].text))) {
      i += wrapper.values.includes(words[i].text) ? 2 : 1;
    }
    i += wrapper.operands ?? 0;
  }
  if (i >= words.length) return undefined;
  return { tool: words[i], rest: words.slice(i + 1) };
}

function basename(text: string): string {
  const slash = text.lastIndexOf('/');
  return slash === -1 ? text : text.slice(slash + 1);
}

/** `docker compose ... build`, `docker-compose up --build` and the like: a command that builds Compose services. */
function composeBuilds(tool: string, rest: ShellWord[]): boolean {
  if (tool === 'docker' || tool === 'podman') {
    if (rest[skipGlobals(rest)]?.text !== 'compose') return false;
  } else if (tool !== 'docker-compose' && tool !== 'podman-compose') {
    return false;
  }
  const words = rest.map((w) => w.text);
  return words.includes('build') || (words.includes('up') && words.includes('--build'));
}

/** Skips global flags; returns the index of the first subcommand word. */
function skipGlobals(rest: ShellWord[]): number {
  let i = 0;
  while (i < rest.length && rest[i].text.startsWith('-')) {
    i += !rest[i].text.includes('=') && GLOBAL_VALUE_FLAGS.has(rest[i].text) ? 2 : 1;
  }
  return i;
}

type Verb = 'build' | 'push' | 'tag' | 'pull' | 'commit' | 'manifest' | 'manifest-push';

/** Tools that copy an image (every platform of it) from registry to registry. */
export const COPY_TOOLS = ['crane', 'skopeo', 'regctl'] as const;

/** The programs whose commands a unit's sites come from: builders, manifest-list and copy tools, kaniko. */
const SITE_PROGRAMS = new RegExp([...TOOLS, ...MANIFEST_TOOLS.keys(), ...COPY_TOOLS, 'kaniko'].map(escapeRegExp).join('|'));

/**
 * Whether a script may run one of the programs sitesInUnit and assemblyPatterns read. A command's
 * words are the script's text with quoting taken out (`do"ck"er`, `d\ocker`, `$''`, a line
 * continuation): with those characters dropped, a script holding none of the names runs none of
 * them, and its commands add nothing to a unit's sites — so it need not be parsed for them.
 */
export function mayRunSitePrograms(script: string): boolean {
  return SITE_PROGRAMS.test(script.replace(/\\\r?\n/g, '').replace(/[\\'"$]/g, ''));
}

/**
 * Whether a build file's text may name a tool whose commands give build sites: by name in any case
 * (`DOCKER ?= podman`, `Docker`), or with quoting splitting it (mayRunSitePrograms). A file that
 * does not builds nothing a model could record.
 */
export function mayNameBuildTool(text: string): boolean {
  return BUILD_TOOL_NAMES.test(text) || mayRunSitePrograms(text);
}

/** `docker buildx` flags before its own subcommand: `--builder NAME`, `--debug`. */
function skipBuildxFlags(rest: ShellWord[], from: number): number {
  let i = from;
  while (i < rest.length && rest[i].text.startsWith('-')) i += rest[i].text === '--builder' ? 2 : 1;
  return i;
}

/**
 * Classifies a tool invocation: the verb, the index of the first argument word after it, and the
 * subcommand words as a name for messages ("buildx build", "image build", "bud").
 */
function verbOf(tool: string, rest: ShellWord[]): { verb: Verb; at: number; name: string } | undefined {
  const found = verbAt(tool, rest);
  if (!found) return undefined;
  const name = rest.slice(skipGlobals(rest), found.at).filter((w, k, all) => !w.text.startsWith('-') && all[k - 1]?.text !== '--builder').map((w) => w.text).join(' ');
  return { ...found, name };
}

function verbAt(tool: string, rest: ShellWord[]): { verb: Verb; at: number } | undefined {
  const i = skipGlobals(rest);
  const w0 = rest[i]?.text;
  if (w0 === undefined) return undefined;
  if (tool !== 'buildah' && w0 === 'buildx') {
    const j = skipBuildxFlags(rest, i + 1);
    const sub = rest[j]?.text;
    if (sub === 'build' || sub === 'b') return { verb: 'build', at: j + 1 };
    if (sub === 'imagetools' && rest[j + 1]?.text === 'create') return { verb: 'manifest', at: j + 2 };
    return undefined;
  }
  const w1 = rest[i + 1]?.text;
  if (tool === 'buildah') {
    if (w0 === 'bud' || w0 === 'build' || w0 === 'build-using-dockerfile') return { verb: 'build', at: i + 1 };
    if (w0 === 'push') return { verb: 'push', at: i + 1 };
    if (w0 === 'tag') return { verb: 'tag', at: i + 1 };
    if (w0 === 'pull') return { verb: 'pull', at: i + 1 };
    if (w0 === 'manifest' && w1 && MANIFEST_ASSEMBLY.has(w1)) return { verb: w1 === 'push' ? 'manifest-push' : 'manifest', at: i + 2 };
    if (w0 === 'commit') return { verb: 'commit', at: i + 1 };
    return undefined;
  }
  if (w0 === 'build') return { verb: 'build', at: i + 1 };
  if ((w0 === 'image' || w0 === 'builder') && w1 === 'build') return { verb: 'build', at: i + 2 };
  if (w0 === 'push') return { verb: 'push', at: i + 1 };
  if (w0 === 'image' && w1 === 'push') return { verb: 'push', at: i + 2 };
  if (w0 === 'tag') return { verb: 'tag', at: i + 1 };
  if (w0 === 'image' && w1 === 'tag') return { verb: 'tag', at: i + 2 };
  if (w0 === 'pull') return { verb: 'pull', at: i + 1 };
  if (w0 === 'image' && w1 === 'pull') return { verb: 'pull', at: i + 2 };
  if (w0 === 'commit') return { verb: 'commit', at: i + 1 };
  if (w0 === 'container' && w1 === 'commit') return { verb: 'commit', at: i + 2 };
  if (w0 === 'manifest' && w1 && MANIFEST_ASSEMBLY.has(w1)) return { verb: w1 === 'push' && tool !== 'docker' ? 'manifest-push' : 'manifest', at: i + 2 };
  return undefined;
}

/** A build argument that chooses the architecture (`TARGETARCH=…`, `ARCH=…`, `GOARCH=…`, `TARGETPLATFORM=…`). */
const ARCH_BUILD_ARG = /^(?:[A-Za-z0-9]+_)*(?:GO|TARGET)?(?:ARCH|PLATFORM)(?:_[A-Za-z0-9]+)*=./i;

/** One parsed build command, before push matching. */
interface BuildCommand {
  site: BuildSite;
  tags: string[];
  /** Whether and how its separate pushes could be folded into it (fold-push.ts). */
  fold?: FoldCandidate;
  manifest?: string;
  written: WrittenParts;
  /** The `if`/`case` statements the build command sits in. */
  guards?: readonly ShellGuard[];
}

/** A word, and how many characters of it come before the value (`--tag=` in `--tag=x`). */
interface WordValue { word: ShellWord; skip: number }

/** What a build command writes about its output, word by word, for the workspace image map. */
interface WrittenParts {
  /** `-t`/`--tag` values, then the names later `tag` commands give the image. */
  names: WordValue[];
  file?: WordValue;
  /** The context operand; undefined when there is none or it cannot be told (`contextUnknown`). */
  context?: WordValue;
  contextUnknown?: string;
  /** The `--platform` values (or DOCKER_DEFAULT_PLATFORM's) when one holds an expansion. */
  platforms: WordValue[];
  fileInContext?: boolean;
}

/** `docker build`/`buildx build`/`podman build` flags that take a separate value (so it is not the context). */
const BUILD_VALUE_FLAGS = new Set([
  '--add-host', '--allow', '--annotation', '--arch', '--attest', '--authfile', '--build-arg', '--build-arg-file', '--build-context', '--builder',
  '--cache-from', '--cache-to', '--call', '--cap-add', '--cap-drop', '--cert-dir', '--cgroup-parent', '--cgroupns', '--cpu-period', '--cpu-quota',
  '--cpu-shares', '-c', '--cpuset-cpus', '--cpuset-mems', '--creds', '--decryption-key', '--device', '--dns', '--dns-option', '--dns-search',
  '--env', '--file', '-f', '--format', '--from', '--hooks-dir', '--iidfile', '--ignorefile', '--ipc', '--isolation', '--jobs', '--label',
  '--layer-label', '--logfile', '--manifest', '--memory', '-m', '--memory-swap', '--metadata-file', '--network', '--no-cache-filter', '--os',
  '--os-feature', '--os-version', '--output', '-o', '--pid', '--platform', '--progress', '--provenance', '--retry', '--retry-delay', '--runtime',
  '--runtime-flag', '--sbom', '--secret', '--security-opt', '--shm-size', '--sign-by', '--ssh', '--tag', '-t', '--target', '--timestamp',
  '--ulimit', '--unsetenv', '--userns', '--userns-gid-map', '--userns-uid-map', '--uts', '--variant', '--volume', '-v',
]);


/** The value of `--flag value` / `--flag=value` / `-fvalue` at words[i]; `skip` = chars of the word before the value. */
function flagValue(words: ShellWord[], i: number, names: string[]): { word: ShellWord; skip: number; next: number } | undefined {
  const text = words[i].text;
  for (const name of names) {
    if (text === name) return words[i + 1] ? { word: words[i + 1], skip: 0, next: i + 2 } : undefined;
    if (name.startsWith('--') && text.startsWith(name + '=')) return { word: words[i], skip: name.length + 1, next: i + 1 };
    if (!name.startsWith('--') && text.startsWith(name) && text.length > name.length) return { word: words[i], skip: name.length, next: i + 1 };
  }
  return undefined;
}

/** Items of a platform flag's value, with ranges; `dynamic` when it holds an expansion. */
function platformValue(value: { word: ShellWord; skip: number }, lines: LineIndex): { dynamic: true } | { dynamic: false; items: PlatformItem[]; start: number; end: number; appendAt?: number } {
  const { word, skip } = value;
  if (word.dynamic) return { dynamic: true };
  const text = word.text.slice(skip);
  const raw = word.raw.slice(skip);
  const start = word.start + skip;
  // Where the value's characters sit in the raw word: exact for unquoted and fully quoted values.
  let inner: number | undefined;
  if (raw === text) inner = 0;
  else if (raw.length === text.length + 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) inner = 1;
  const items: PlatformItem[] = [];
  let at = 0;
  for (const part of text.split(',')) {
    const lead = part.length - part.trimStart().length;
    const item = part.trim();
    if (item) {
      const s = inner === undefined ? start : start + inner + at + lead;
      const e = inner === undefined ? word.end : s + item.length;
      items.push({ text: item, range: lines.range(s, e) });
    }
    at += part.length + 1;
  }
  return { dynamic: false, items, start, end: word.end, appendAt: inner === undefined ? undefined : word.end - inner };
}


/** `DOCKER_DEFAULT_PLATFORM` sets the platform of builds that name none (docker and buildx read it). */
const DEFAULT_PLATFORM_VARIABLE = 'DOCKER_DEFAULT_PLATFORM';

/** The value of a `DOCKER_DEFAULT_PLATFORM=…` assignment among these; `null` when it is unset/empty. */
function defaultPlatformOf(assignments: ShellCommand['assignments']): ShellWord | null | undefined {
  const a = [...assignments].reverse().find((x) => x.name === DEFAULT_PLATFORM_VARIABLE);
  if (!a) return undefined;
  return a.value && a.value.text !== '' ? a.value : null;
}

/**
 * An expansion standing as an argument that may hold a `--platform` flag: `$BUILD_FLAGS`,
 * `${PLATFORM_ARGS}`, Make's `$(if $(P),--platform $(P))`. Its platform is the user's choice.
 */
function mayCarryPlatform(word: ShellWord, written: string): boolean {
  // `"$@"` / `$*` (as the shell reads it: Make's `$@` is a value): a wrapper passes its caller's flags on.
  return /platform|flags|args|opts|options/i.test(written) || /\$\{?[@*]/.test(word.text) || ARCH_KNOB.test(written);
}

/**
 * A whole argument that is one expansion of an `ARCH` variable (`${ARCH}`, `$(DOCKER_ARCH)`): an
 * argument, not a flag's value, so it holds flags or nothing, and the flags it holds choose the
 * architecture (kserve's Makefile: `ARCH ?=`, set as `ARCH="--arch x86_64"`). A name or tag that
 * merely contains `$(ARCH)` (`-t img-$(ARCH)`, `images/$(ARCH)`) is not such an argument.
 */
const ARCH_KNOB = /^"?\$(?:\{[A-Za-z_]*ARCH[A-Za-z_]*\}|\([A-Za-z_]*ARCH[A-Za-z_]*\)|[A-Za-z_]*ARCH[A-Za-z_]*)"?$/;

/**
 * An expansion whose value the unit settles, non-empty and holding no platform: `${DOCKER_BUILD_ARGS}`
 * after `DOCKER_BUILD_ARGS := --build-arg HELM_VERSION=$(HELM_VERSION)` (fluid's Makefile) holds build
 * arguments, whatever its name says. An empty default (`EXTRA_ARGS ?=`) is left for the user to fill,
 * and an `ARCH` knob (ARCH_KNOB) chooses the architecture: both stay the user's choice.
 */
function settledWithoutPlatform(word: ShellWord, written: string, resolve: Resolve | undefined): boolean {
  if (!resolve || ARCH_KNOB.test(written) || /\$\{?[@*]/.test(word.text)) return false;
  const words = splitValue(resolve(written, word.start), /\s+/);
  // Each word known, or unknown only in a value after its `=` (`FLUID_VERSION=$(GIT_VERSION)`): no flag hides there.
  const settled = (w: Value) => {
    const firstUnknown = w.findIndex((p) => p.unknown !== undefined);
    return firstUnknown === -1 || textOfValue(w.slice(0, firstUnknown)).includes('=');
  };
  return words.length > 0 && words.every(settled) && !/--platform|--arch\b|platform/i.test(words.map(textOfValue).join(' '));
}

function parseBuild(tool: ShellWord, toolName: string, rest: ShellWord[], verb: { at: number; name: string }, command: ShellCommand, lines: LineIndex, defaultPlatform: ShellWord | null | undefined, resolve?: Resolve): BuildCommand {
  const { at } = verb;
  const args = rest.slice(at);
  const verbEnd = rest[at - 1];
  const tags: string[] = [];
  let manifest: string | undefined;
  let dynamic = false;
  const items: PlatformItem[] = [];
  let valueStart: number | undefined;
  let valueEnd = 0;
  let appendAt: number | undefined;
  let push: BuildSite['push'];
  const archs: string[] = [];
  let os: string | undefined;
  let windows = false;
  let archArg: string | undefined;
  /** The architecture a build argument writes out (`--build-arg TARGETARCH=amd64`): the build is meant for it. */
  let argArch: string | undefined;
  const buildArgs: string[] = [];
  let builder = false;
  let target: string | undefined;
  const written: WrittenParts = { names: [], platforms: [] };
  const operands: ShellWord[] = [];
  for (let i = 0; i < args.length;) {
    const text = args[i].text;
    if (text === '--') { operands.push(...args.slice(i + 1)); break; }
    let v;
    if ((v = flagValue(args, i, ['--platform']))) {
      const pv = platformValue(v, lines);
      written.platforms.push(v);
      if (pv.dynamic) dynamic = true;
      else {
        items.push(...pv.items);
        valueStart ??= pv.start;
        valueEnd = pv.end;
        appendAt = pv.appendAt;
      }
      i = v.next;
    } else if ((v = flagValue(args, i, ['--arch']))) {
      if (v.word.dynamic) dynamic = true; else archs.push(v.word.text.slice(v.skip));
      i = v.next;
    } else if ((v = flagValue(args, i, ['--os']))) {
      if (v.word.dynamic) dynamic = true; else os = v.word.text.slice(v.skip);
      i = v.next;
    } else if ((v = flagValue(args, i, ['--output', '-o']))) {
      if (!v.word.dynamic && pushingOutput(v.word.text.slice(v.skip))) push ??= { how: `--output ${v.word.text.slice(v.skip)}` };
      // `--output type=image,name=NAME` names the image as `-t` does (when the name is the last field).
      const raw = lines.text.slice(v.word.start, v.word.end);
      const name = raw.indexOf('name=', v.skip);
      if (name !== -1 && /^type=(?:image|registry)\b/.test(v.word.text.slice(v.skip)) && !raw.slice(name).includes(',')) {
        // `--output="type=image,name=X"`: the name ends before the closing quote.
        const closing = /^[^"']*=["'].*["']$/.test(raw) ? 1 : 0;
        const named = { word: { ...v.word, end: v.word.end - closing }, skip: name + 'name='.length };
        tags.push(refKey(named.word, lines, named.skip));
        written.names.push(named);
      }
      i = v.next;
    } else if ((v = flagValue(args, i, ['--tag', '-t']))) {
      tags.push(refKey(v.word, lines, v.skip));
      written.names.push(v);
      i = v.next;
    } else if ((v = flagValue(args, i, ['--manifest']))) {
      manifest = refKey(v.word, lines, v.skip);
      written.names.push(v);
      i = v.next;
    } else if ((v = flagValue(args, i, ['--file', '-f']))) {
      written.file = v;
      // `-f Dockerfile.windows`: a Windows image, built by a Windows daemon.
      if (/windows/i.test(v.word.text.slice(v.skip))) windows = true;
      i = v.next;
    } else if ((v = flagValue(args, i, ['--build-arg']))) {
      const arg = v.word.text.slice(v.skip);
      const [argName, ...argValue] = arg.split('=');
      buildArgs.push(argName.trim());
      argArch ??= archOfBuildArg(argName.trim(), argValue.join('='));
      if (ARCH_BUILD_ARG.test(arg)) archArg ??= `--build-arg ${lines.text.slice(v.word.start + v.skip, v.word.end).replace(/["']/g, '')}`;
      i = v.next;
    } else if ((v = flagValue(args, i, ['--builder']))) {
      builder = true;
      i = v.next;
    } else if ((v = flagValue(args, i, ['--target']))) {
      if (!v.word.dynamic) target = v.word.text.slice(v.skip);
      i = v.next;
    } else if (text.startsWith('-') && text !== '-' && !text.includes('=') && BUILD_VALUE_FLAGS.has(text)) {
      i += 2;
    } else {
      if (text === '--push' || text === '--push=true') push ??= { how: '--push' };
      else if (args[i].dynamic && mayCarryPlatform(args[i], lines.text.slice(args[i].start, args[i].end)) && !settledWithoutPlatform(args[i], lines.text.slice(args[i].start, args[i].end), resolve)) {
        dynamic = true;
        written.contextUnknown = `${lines.text.slice(args[i].start, args[i].end)} may hold more arguments`;
      } else if (!text.startsWith('-') || text === '-') operands.push(args[i]);
      else if (/^-[a-zA-Z]$|^--[a-z-]+$/.test(text) && !KNOWN_SWITCHES.has(text)) written.contextUnknown ??= `${text} is a flag archlens does not know`;
      i++;
    }
  }
  if (operands.length === 1) written.context = { word: operands[0], skip: 0 };
  else written.contextUnknown ??= operands.length === 0 ? 'the command names no context' : 'the command has several operands';
  const own = defaultPlatformOf(command.assignments);
  const fromEnvironment = own === undefined ? defaultPlatform : own;
  if (valueStart === undefined && !dynamic && archs.length === 0 && fromEnvironment) {
    written.platforms.push({ word: fromEnvironment, skip: 0 });
    const pv = platformValue({ word: fromEnvironment, skip: 0 }, lines);
    if (pv.dynamic) dynamic = true;
    else {
      items.push(...pv.items);
      valueStart = pv.start;
      valueEnd = pv.end;
      appendAt = pv.appendAt;
    }
  }
  let platforms: PlatformSpec;
  if (dynamic) platforms = { kind: 'dynamic' };
  else if (valueStart !== undefined) {
    platforms = {
      kind: 'list', items, range: lines.range(valueStart, valueEnd),
      append: appendAt === undefined ? undefined : { offset: appendAt, prefix: ',', separator: ',', suffix: '', quote: '' },
    };
  } else if (archs.length > 0) {
    // podman/buildah `--arch X [--os Y]`: a platform given another way; judged as written, no edit offered.
    const first = args.find((w) => w.text.startsWith('--arch'))!;
    platforms = { kind: 'list', items: archs.map((a) => ({ text: `${os ?? 'linux'}/${a}`, range: lines.range(first.start, first.end) })), range: lines.range(first.start, first.end) };
  } else platforms = { kind: 'none' };
  const line = lines.positionAt(command.start).line;
  const site: BuildSite = {
    what: `${toolName} ${verb.name}`,
    range: lines.range(tool.start, verbEnd.end),
    option: '--platform',
    anchors: [line],
    platforms,
    push,
    addPlatforms: { offset: verbEnd.end, prefix: ' --platform ', separator: ',', suffix: '', quote: '' },
  };
  if (windows || (platforms.kind === 'list' && platforms.items.length > 0 && platforms.items.every((p) => /^windows\//i.test(p.text)))) site.windows = true;
  if (archArg) site.singleArchInputs = `the architecture is chosen by ${archArg}`;
  if (buildArgs.length > 0) site.buildArgs = buildArgs;
  if (builder) site.multiPlatformBuilder = true;
  if (target && /^[\w.-]+$/.test(target)) site.target = target;
  const named = tags.map(archNamedInTag).find((a) => a !== undefined) ?? argArch;
  if (named) site.namedArch = named;
  return { site, tags, manifest, written };
}

/** Boolean flags of the build commands: they take no value, so the word after them may be the context. */
const KNOWN_SWITCHES = new Set([
  '--push', '--load', '--no-cache', '--pull', '--quiet', '-q', '--rm', '--force-rm', '--squash', '--squash-all', '--compress', '--debug',
  '--disable-compression', '--layers', '--omit-history', '--disable-content-trust', '--check', '--stdin', '--tls-verify', '--all-platforms',
]);

/**
 * An image reference as a matching key: the word as written in the file (embedded scripts are
 * parsed from a masked copy where `${{ a }}` and `${{ b }}` look alike), quotes dropped.
 */
/**
 * The mirror whose pushed name comes back under another registry host: `docker push
 * $UPSTREAM_URL/$PROJECT/$ARTIFACT:$V` then `docker pull $LOCAL/$SPACE/$REG/$PROJECT/$ARTIFACT:$V`
 * (harness/gitness's web/cypress/scripts/e2e/upstream/docker.sh pulls its upstream through the
 * registry proxy under test). The repository path after the host must keep a namespace and a name
 * (`ns/name:tag`), so a later pull of another copy of a bare `nginx:1.27` does not count, nor does
 * a pull of the mirror's own source.
 */
function pulledThroughProxy(pulledName: string, mirrorsByTarget: ReadonlyMap<string, MirrorSite>): MirrorSite | undefined {
  for (const [target, mirror] of mirrorsByTarget) {
    const path = target.slice(target.indexOf('/') + 1);
    if (!target.includes('/') || !path.includes('/')) continue;
    if (pulledName !== target && pulledName.endsWith(`/${path}`) && pulledName !== mirror.source.replace(/["']/g, '')) return mirror;
  }
  return undefined;
}

function refKey(word: ShellWord, lines: LineIndex, skip = 0): string {
  return lines.text.slice(word.start, word.end).slice(skip).replace(/["']/g, '');
}

/**
 * Kaniko (`/kaniko/executor`) pushes every `--destination` unless `--no-push`, built for the
 * runner's platform or the one `--custom-platform` names: one platform per run, so a fix adding
 * platforms cannot exist — the findings say what happens, and a manifest list must be assembled.
 */
function parseKaniko(tool: ShellWord, args: ShellWord[], command: ShellCommand, lines: LineIndex): BuildCommand | undefined {
  let destination: string | undefined;
  let platforms: PlatformSpec = { kind: 'none' };
  let noPush = false;
  const written: WrittenParts = { names: [], platforms: [] };
  for (let i = 0; i < args.length;) {
    let v;
    if ((v = flagValue(args, i, ['--destination', '-d']))) {
      destination ??= refKey(v.word, lines, v.skip);
      written.names.push(v);
      i = v.next;
    } else if ((v = flagValue(args, i, ['--context', '-c']))) {
      written.context = v;
      i = v.next;
    } else if ((v = flagValue(args, i, ['--dockerfile', '-f']))) {
      written.file = v;
      i = v.next;
    } else if ((v = flagValue(args, i, ['--custom-platform']))) {
      written.platforms.push(v);
      const pv = platformValue(v, lines);
      platforms = pv.dynamic ? { kind: 'dynamic' } : { kind: 'list', items: pv.items, range: lines.range(pv.start, pv.end) };
      i = v.next;
    } else {
      if (args[i].text === '--no-push' || args[i].text === '--no-push=true') noPush = true;
      i++;
    }
  }
  if (!destination && !noPush) return undefined;
  const site: BuildSite = {
    what: 'kaniko',
    range: lines.range(tool.start, tool.end),
    option: '--custom-platform',
    anchors: [lines.positionAt(command.start).line],
    platforms,
    push: noPush || !destination ? undefined : { how: `--destination ${destination}` },
  };
  if (!written.context) written.contextUnknown = 'kaniko names no --context';
  written.fileInContext = true;
  return { site, tags: destination ? [destination] : [], written };
}

/** First positional argument (flags and their values skipped) and the ones after it. */
function positionals(args: ShellWord[]): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if (t.startsWith('-') && t !== '-') {
      if (!t.includes('=') && PUSH_VALUE_FLAGS.has(t)) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

function repoOf(tag: string): string {
  const slash = tag.lastIndexOf('/');
  const colon = tag.lastIndexOf(':');
  return colon > slash ? tag.slice(0, colon) : tag;
}

/** Appends in place: a script may tag thousands of builds alike, so no copying per build. */
function addTo(map: Map<string, BuildCommand[]>, key: string, builds: readonly BuildCommand[]): void {
  const list = map.get(key);
  if (list) { if (list !== builds) list.push(...builds); } else map.set(key, [...builds]);
}

/**
 * For a build written in a plain YAML scalar inside a flow collection (`script: [docker build …]`,
 * `- {run: …}`), where a comma ends the scalar: the fix names platforms with repeated `--platform`
 * flags, and no edit appends to an existing comma list.
 */
export function withoutCommas(site: BuildSite): void {
  if (site.addPlatforms?.prefix === ' --platform ') site.addPlatforms = { ...site.addPlatforms, separator: ' --platform ' };
  if (site.platforms.kind === 'list') site.platforms = { ...site.platforms, append: undefined };
}

/**
 * The environment a CI runs a command with (workflow/job/step `env:`, GitLab `variables:`): its
 * `DOCKER_DEFAULT_PLATFORM` value as a word at its place in the file; null when set empty.
 */
export type PlatformEnvironment = (command: ShellCommand) => ShellWord | null | undefined;

/** How a file settles a word written at an offset (its variables and, in CI, the step's environment). */
export type Resolve = (written: string, offset: number) => Value;

/** What a unit's commands run with, besides their own text. */
export interface UnitContext {
  environment?: PlatformEnvironment;
  /** Variables naming a build tool, as written in the file (`$(DOCKER)`, `${CONTAINER_TOOL}`) → the tool. */
  toolVariables?: ReadonlyMap<string, string>;
  /** How the file settles a word written at an offset (its variables), for the workspace image map; no outputs without it. */
  resolve?: Resolve;
  /** A CI job's matrix: one output per row, each with the row's values; replaces `resolve` for outputs. */
  rows?: ReadonlyArray<{ matrix?: string; resolve: Resolve }>;
  /** Where the unit's relative paths start. */
  paths?: PathBase;
  /** The platform of the machine that runs the unit ("linux/amd64"), when the file says (a CI runner). */
  runner?: (offset: number) => string | undefined;
  /** Make's references (`$(X)` ≡ `${X}`) rather than the shell's (`$X` ≡ `${X}`), for matching image names. */
  make?: boolean;
  /**
   * Image names the file assembles into manifest lists anywhere (another target, a later job):
   * patterns from assemblyPatterns(); a per-architecture push they match is intended.
   */
  assemblies?: readonly RegExp[];
  /** A builder for several platforms is set up before the unit runs (a workflow's setup-buildx step). */
  builderReady?: boolean;
  /** A Makefile's variable as written (`MULTI_ARCH_IMG = $(IMAGE)-$(ARCH)`), to see the shape of a name pushed through it. */
  makeValue?: (name: string) => string | undefined;
}

/**
 * An image reference as a key that matches however a variable is written: in Make `$(X)` and
 * `${X}` are one reference; in the shell `$X` and `${X}` are.
 */
function imageKey(written: string, make: boolean): string {
  return make
    ? written.replace(/\$\{([A-Za-z0-9_.-]+)\}/g, '$($1)')
    : written.replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, '${$1}');
}

/** Any variable reference (`$(X)`, `${X}`, `$X`, Make's `$${x}`) in an image name: a wildcard. */
const VARIABLE = /\$\$\{[^}]*\}|\$\$[A-Za-z_]\w*|\$\([^()]*\)|\$\{[^}]*\}|\$[A-Za-z_]\w*/g;

/**
 * Patterns of the image names an assembly command lists (`docker manifest create L S…`, `docker
 * manifest annotate L S`, `docker buildx imagetools create -t L S…`): each variable matches any text.
 * Names that are nothing but variables say nothing and are left out.
 */
export function assemblyPatterns(commands: readonly ShellCommand[], lines: LineIndex, toolVariables: ReadonlyMap<string, string> = new Map()): RegExp[] {
  const patterns: RegExp[] = [];
  for (const command of commands) {
    const words = assemblyWords(command, lines, toolVariables);
    if (!words) continue;
    for (const w of words.rest) {
      const text = refKey(w, lines);
      if (text.startsWith('-') || !/[/:]/.test(text)) continue;
      const literal = text.replace(VARIABLE, '');
      if (!/[A-Za-z0-9]{2}/.test(literal)) {
        const shape = perItemShape(text);
        if (shape !== undefined) patterns.push(new RegExp(`^${SHAPE_MARK}${escapeRegExp(shape)}$`));
        continue;
      }
      const source = text.split(VARIABLE).map((part) => escapeRegExp(part)).join('.*');
      patterns.push(new RegExp(`^${source}$`));
    }
  }
  return patterns;
}

/** The words of a command that assembles a manifest list (`docker manifest create`, `manifest-tool push`, `crane index append` …). */
function assemblyWords(command: ShellCommand, lines: LineIndex, toolVariables: ReadonlyMap<string, string>): Words | undefined {
  const words = toolWords(command);
  if (!words) return undefined;
  const tool = toolVariables.get(refKey(words.tool, lines)) ?? basename(words.tool.text);
  const other = MANIFEST_TOOLS.get(tool);
  const isAssembly = other ? other(words.rest.map((w) => w.text)) : TOOLS.has(tool) && verbOf(tool, words.rest)?.verb === 'manifest';
  return isAssembly ? words : undefined;
}

/** Whether any of the commands assembles a manifest list, whatever names it uses (`manifest inspect` only reads one). */
export function assemblesManifestList(commands: readonly ShellCommand[], lines: LineIndex): boolean {
  return commands.some((c) => {
    const texts = assemblyWords(c, lines, new Map())?.rest.map((w) => w.text);
    if (!texts) return false;
    const manifest = texts.indexOf('manifest');
    return manifest === -1 || MANIFEST_ASSEMBLY.has(texts[manifest + 1] ?? '');
  });
}

/** Marks the patterns of perItemShape(), which are tested against the pushed name's own shape. */
const SHAPE_MARK = '\u0001';
/** Make's per-target automatic variables (`$*`, `$@`, `$<`, `$%`) and the shell's own variables in a recipe (`$${arch}`, `$$arch`). */
const PER_ITEM = /\$\$\{[^}]*\}|\$\$[A-Za-z_]\w*|\$[*@<%]/g;
/** A Make variable by name: `$(IMAGE)`, `${IMAGE}`. */
const NAMED = /\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g;

/**
 * The shape of a name made only of variables, one of which differs per item (`$(IMAGE)-$${arch}:$(TAG)`
 * in a loop over the architectures, `$(IMAGE)-$*:$(TAG)` in a pattern rule): Make variables kept by
 * name, per-item ones as `*`. Two such names that agree on it name the same images
 * (kube-state-metrics: `manifest annotate … $(IMAGE)-$${arch}:$(TAG)` lists what `push-%` pushed as
 * `$(IMAGE)-$*:$(TAG)`). Undefined for anything else (a function call, no per-item part, no name).
 */
function perItemShape(name: string): string | undefined {
  const perItem = name.replace(PER_ITEM, '*');
  if (perItem === name) return undefined;
  let names = 0;
  const named = perItem.replace(NAMED, (_, variable: string) => { names++; return `$(${variable})`; });
  // Besides the named variables, only text and wildcards: no other reference (`$(shell …)`, `$X`).
  return names === 0 || /\$/.test(named.replace(NAMED, '')) ? undefined : named;
}

/**
 * A Make variable named for the architecture (`$(ARCH)`, `${GOARCH}`, `$(OS_ARCH)`): in a pushed name
 * it is the per-item part of a per-architecture push (prometheus-adapter: `push-%` runs `ARCH=$* $(MAKE)
 * push`, which pushes `$(REGISTRY)/$(IMAGE)-$(ARCH):$(TAG)`; the manifest loop lists
 * `$(REGISTRY)/$(IMAGE)-$${arch}:$(TAG)`).
 */
const ARCH_VARIABLE = /\$[({]((?:[A-Za-z0-9]+_)?(?:GO|TARGET)?ARCH)[)}]/gi;

/** The per-item shape of a pushed name, its architecture variable counted as the per-item part. */
function pushedShape(pushed: string): string | undefined {
  return perItemShape(pushed) ?? perItemShape(pushed.replace(ARCH_VARIABLE, '$*'));
}

/** A pushed name one of the file's assemblies lists (its variables written as `*` to match their wildcards). */
function assembledElsewhere(pushed: string, assemblies: readonly RegExp[]): boolean {
  if (assemblies.length === 0) return false;
  const probe = pushed.replace(VARIABLE, '*');
  const shape = pushedShape(pushed);
  return assemblies.some((a) => (a.source.startsWith(`^${SHAPE_MARK}`) ? shape !== undefined && a.test(SHAPE_MARK + shape) : a.test(probe)));
}

/**
 * A pushed name written through a Make variable that holds the per-architecture name
 * (GoogleContainerTools/skaffold's php-redis Makefile, after the Kubernetes examples: `MULTI_ARCH_IMG =
 * $(IMAGE)-$(ARCH)`, `docker push $(MULTI_ARCH_IMG):$(TAG)`, the manifest loop listing
 * `${IMAGE}-$${arch}:${TAG}`): the variables that hold an architecture variable are put in as
 * written, so that pushedShape sees it; the others stay, as the assembly writes them. Only values
 * that are a name (no blank: no `$(shell ...)` call, no list) are put in, never the architecture
 * variable itself (its value is the machine's).
 */
function assembledThroughMake(pushed: string, context: UnitContext): boolean {
  const value = context.makeValue;
  if (!value || !(context.assemblies ?? []).length) return false;
  const isArch = (reference: string) => new RegExp(`^${ARCH_VARIABLE.source}$`, 'i').test(reference);
  // A variable whose value is a name (no blank) that holds an architecture variable, a few levels down.
  const holdsArch = (variable: string, depth: number): string | undefined => {
    const written = value(variable);
    if (!written || /\s/.test(written) || depth > 3) return undefined;
    return [...written.matchAll(NAMED)].some(([whole, inner]) => isArch(whole) || holdsArch(inner, depth + 1) !== undefined) ? written : undefined;
  };
  let name = pushed;
  for (let depth = 0; depth < 3; depth++) {
    const next = name.replace(NAMED, (whole: string, variable: string) => (isArch(whole) ? whole : holdsArch(variable, 0) ?? whole));
    if (next === name) return false;
    name = next;
    if (assembledElsewhere(name, context.assemblies ?? []) || listedForEachArch(name, context.assemblies ?? [])) return true;
  }
  return false;
}

/** Docker's names of the two usual architectures, as per-architecture tags spell them. */
const ARCH_NAMES = ['amd64', 'arm64'];

/**
 * A name holding an architecture variable whose every usual value the assemblies list as written
 * out (wodby/drupal: `$(REPO):$(TAG)-$(ARCH)` pushed per runner, `imagetools create` listing
 * `$(REPO):$(TAG)-amd64` and `$(REPO):$(TAG)-arm64`). One architecture left out still fires.
 */
function listedForEachArch(name: string, assemblies: readonly RegExp[]): boolean {
  if (name.replace(ARCH_VARIABLE, '') === name) return false;
  return ARCH_NAMES.every((arch) => assembledElsewhere(name.replace(ARCH_VARIABLE, arch), assemblies));
}

/**
 * A pushed name that one of the file's assemblies lists once the unit resolves it, in each of its
 * matrix rows: `"$IMAGE:$TAG_ARCH"` with `TAG_ARCH="$TAG-${{ matrix.arch }}"` is `…:*-amd64` in one
 * row and `…:*-arm64` in the other, which a later job's `manifest create … "$IMAGE:$TAG-amd64"
 * "$IMAGE:$TAG-arm64"` lists (grafana/tempo). What stays unknown (a job output) matches anything.
 */
function assembledInEveryRow(ref: ShellWord, lines: LineIndex, context: UnitContext): boolean {
  const assemblies = context.assemblies ?? [];
  const rows = context.rows ?? (context.resolve ? [{ resolve: context.resolve }] : []);
  if (assemblies.length === 0 || rows.length === 0) return false;
  const written = lines.text.slice(ref.start, ref.end);
  return rows.every((row) => {
    const name = unquoted(row.resolve(written, ref.start)).map((p) => (p.unknown !== undefined ? '*' : p.text)).join('');
    return assembledElsewhere(name, assemblies);
  });
}

/** `docker buildx create --use`, `docker buildx use NAME`: later buildx builds can build several platforms. */
function setsUpBuilder(rest: readonly ShellWord[]): boolean {
  const words = rest.map((w) => w.text);
  const at = words.indexOf('buildx');
  if (at === -1) return false;
  const sub = words[at + 1];
  return sub === 'use' || (sub === 'create' && words.includes('--use'));
}

/**
 * `operator-sdk generate bundle` (the tool as written, a path to it, or a variable naming it: `$(OPERATOR_SDK)`)
 * writes `bundle.Dockerfile`: `FROM scratch`, labels, and COPY of the bundle's manifests and
 * metadata — an image with nothing that executes. A build of it in the same unit makes that image.
 */
function writesBundleDockerfile(command: ShellCommand, lines: LineIndex): boolean {
  // As written in the file: a Makefile's `$(OPERATOR_SDK)` reaches the shell parser masked.
  if (!command.name || !/operator[-_]sdk/i.test(lines.text.slice(command.name.start, command.name.end))) return false;
  const words = command.args.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
  return words[0] === 'generate' && words[1] === 'bundle';
}

/**
 * An earlier command of the unit that builds binaries for one architecture, which the image then
 * copies in: `go build`, `cargo build`, `GOARCH=… make`, a script given `--arch X`.
 */
function buildsSingleArchBinary(command: ShellCommand): PrebuiltInputs | undefined {
  const name = basename(command.name?.text ?? '');
  const sub = command.args.find((a) => !a.text.startsWith('-'))?.text;
  const goarch = command.assignments.find((a) => a.name === 'GOARCH');
  if (goarch) return { why: 'the image copies in binaries built before for one architecture (GOARCH)', arch: literalArch(goarch.value) };
  if ((name === 'go' && sub === 'build') || (name === 'cargo' && sub === 'build')) return { why: `the image copies in what \`${name} build\` built before for one architecture` };
  const arch = command.args.findIndex((a) => a.text === '--arch' || a.text.startsWith('--arch='));
  if (arch !== -1) {
    const value = command.args[arch].text.includes('=') ? command.args[arch].text.split('=')[1] : command.args[arch + 1]?.text ?? '';
    if (!/\s/.test(value.trim())) return { why: 'the image copies in binaries built before for one architecture (--arch)', arch: literalArch({ text: value, dynamic: /\$/.test(value) }) };
  }
  return undefined;
}

/** Binaries a unit builds for one architecture before its image build, and that architecture when written out. */
interface PrebuiltInputs {
  why: string;
  /** `GOARCH=amd64`: a GOARCH name written as a constant (not a variable a caller could override). */
  arch?: string;
}

function literalArch(value: { text: string; dynamic?: boolean } | undefined): string | undefined {
  if (!value || value.dynamic || /[$`]/.test(value.text)) return undefined;
  const arch = value.text.replace(/^['"]|['"]$/g, '').trim();
  return GOARCH_VALUES.includes(arch) ? arch : undefined;
}

/** `$DOCKER` / `${DOCKER}` for a variable whose value names a build tool (`DOCKER=podman`, `/usr/bin/docker`). */
export function toolVariable(name: string, value: string, make = false): Array<[string, string]> {
  const tool = basename(value.trim());
  if (!TOOLS.has(tool)) return [];
  return make ? [[`$(${name})`, tool], [`\${${name}}`, tool]] : [[`$${name}`, tool], [`\${${name}}`, tool]];
}

/** What one unit builds, pushes and mirrors. */
export interface UnitSites {
  builds: BuildSite[];
  mirrors: MirrorSite[];
  /** The copy tools (COPY_TOOLS) the unit runs. */
  copyTools: Set<string>;
  /** Manifest lists it assembles (recorded when the context can resolve names). */
  manifestLists: ManifestListSite[];
}

/**
 * The words of a variable the script sets to tag flags only (`TAGS="-t ${A} -t ${B}"`, qdrant's
 * release job), each at its place in the assignment: `docker buildx build … $TAGS …` splits the
 * unquoted expansion into those words, so the build is tagged A and B. Undefined for any other value
 * (another flag could change what the build does, and a fix must not edit a shared assignment for it).
 */
function tagFlagWords(value: ShellWord): ShellWord[] | undefined {
  const quote = /^["']/.exec(value.raw)?.[0];
  if (quote && !value.raw.endsWith(quote)) return undefined;
  const inner = quote ? value.raw.slice(1, -1) : value.raw;
  const base = value.start + (quote ? 1 : 0);
  const words: ShellWord[] = [];
  for (const m of inner.matchAll(/\S+/g)) {
    if (/["'`\\]|\$\(/.test(m[0])) return undefined;
    words.push({ text: m[0], raw: m[0], start: base + m.index, end: base + m.index + m[0].length, dynamic: m[0].includes('$') });
  }
  for (let i = 0; i < words.length; i++) {
    if (/^--tag=./.test(words[i].text)) continue;
    if ((words[i].text === '-t' || words[i].text === '--tag') && words[i + 1] && !words[i + 1].text.startsWith('-')) { i++; continue; }
    return undefined;
  }
  return words.length > 0 ? words : undefined;
}

/** The arguments with each unquoted `$TAGS` / `${TAGS}` of a tag-flags variable split into its words. */
function withTagVariablesSplit(args: readonly ShellWord[], from: number, tagVariables: ReadonlyMap<string, ShellWord[]>): ShellWord[] {
  if (tagVariables.size === 0) return [...args];
  return args.flatMap((w, i) => {
    const name = i >= from ? /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$|^"?\$\{([A-Za-z_]\w*)\[@\]\}"?$/.exec(w.raw) : null;
    return (name && tagVariables.get(name[1] ?? name[2] ?? `${name[3]}[@]`)) ?? [w];
  });
}

/** A pulled image and the names the unit gave it since (`docker tag X Y`). */
interface Pulled { source: ShellWord; pull: ShellCommand; tag?: ShellCommand }

/**
 * The builds of one unit (a script, a recipe, a CI job), with later pushes matched to them, and
 * the images it mirrors by pull, tag and push.
 */
export function sitesInUnit(commands: readonly ShellCommand[], lines: LineIndex, context: UnitContext = {}): UnitSites {
  const { environment } = context;
  const make = context.make ?? false;
  const key = (word: ShellWord, skip = 0) => imageKey(refKey(word, lines, skip), make);
  const toolVariables = new Map(context.toolVariables);
  const builds: BuildCommand[] = [];
  const byTag = new Map<string, BuildCommand[]>();
  const pulled = new Map<string, Pulled>();
  const mirrors: MirrorSite[] = [];
  const mirrorsByTarget = new Map<string, MirrorSite>();
  const copyTools = new Set<string>();
  const manifestLists: ManifestListSite[] = [];
  let assembled = false;
  let builderReady = context.builderReady ?? false;
  let prebuilt: string | undefined;
  /** The one architecture every prebuild writes out; null once one does not write it or they differ. */
  let prebuiltArch: string | null | undefined;
  const notePrebuilt = (found: PrebuiltInputs | undefined): void => {
    if (!found) return;
    prebuilt ??= found.why;
    prebuiltArch = prebuiltArch === undefined || prebuiltArch === found.arch ? found.arch ?? null : null;
  };
  /** Set (or emptied: null) by the script itself; undefined: as the environment says. */
  let defaultPlatform: ShellWord | null | undefined;
  /** An earlier command wrote an OLM bundle's Dockerfile (`operator-sdk generate bundle`). */
  let bundleWritten = false;
  /** The value, as written, of each variable the unit last set (`img=$(… 127.0.0.1:5000 …)`): where a mirror pushes. */
  const assigned = new Map<string, string>();
  /** The enclosing guards of each `if ... != machine; then exit` met so far: builds at that level or below run on the asked platform only. */
  const nativeLevels: Array<readonly ShellGuard[]> = [];
  /** Variables the script set to tag flags only (tagFlagWords), and arrays of arguments, by name: their words. */
  const tagVariables = new Map<string, ShellWord[]>();
  const resolveRows = context.rows ?? (context.resolve ? [{ resolve: context.resolve }] : []);
  /**
   * Whether a name says something as the unit's own assignments read it (`saysAsWritten`), or in
   * every way the file's variables settle it (`saysSettled`, each matrix row): a Make variable is
   * Make's, not the shell's.
   */
  const nameSays = (word: ShellWord, skip: number, saysAsWritten: (written: string) => boolean, saysSettled: (value: Value) => boolean): boolean => {
    const written = lines.text.slice(word.start + skip, word.end);
    return saysAsWritten(written) || (resolveRows.length > 0 && resolveRows.every((row) => saysSettled(row.resolve(written, word.start + skip))));
  };
  /**
   * A name on this machine's loopback interface (opensearch-k8s-operator's Makefile: `docker push
   * $(LOCAL_IMG)` with `LOCAL_IMG ?= $(LOCAL_REGISTRY)/...` and `LOCAL_REGISTRY ?= localhost:5000`).
   */
  const loopback = (word: ShellWord, skip = 0): boolean =>
    nameSays(word, skip, (written) => loopbackName(written, assigned), (value) => LOOPBACK_AT_START.test(textOfValue(value)));
  /** A name that says the machine's architecture (a Makefile's `ARCH ?= $(shell go env GOARCH)`, values.ts marks such output). */
  const machineArch = (word: ShellWord, skip = 0): boolean =>
    nameSays(word, skip, (written) => namesMachineArch(written, assigned), (value) => value.some((piece) => piece.machineArch));
  for (const command of commands) {
    if (command.name && DECLARATIONS.has(command.name.text)) {
      // `local ref="${HOST}:${PORT}/app"` in a function: where a later push goes.
      for (const a of command.assignments) if (a.value) assigned.set(a.name, lines.text.slice(a.value.start, a.value.end));
    }
    if (!command.name || command.name.text === 'export' || command.name.text === 'unset') {
      // `DOCKER_DEFAULT_PLATFORM=…` or `export DOCKER_DEFAULT_PLATFORM=…` applies to the builds after it; `unset` ends it.
      const value = defaultPlatformOf(command.assignments);
      if (value !== undefined) defaultPlatform = value;
      for (const a of command.assignments) {
        if (a.value) assigned.set(a.name, lines.text.slice(a.value.start, a.value.end));
        else assigned.delete(a.name);
        // `DOCKER=docker`, `DOCKER="${DOCKER:-podman}"` (its default).
        const value = a.value && (a.value.dynamic ? /^\$\{\w+:?-([^${}]+)\}$/.exec(a.value.text)?.[1] : a.value.text);
        if (value) for (const [k, v] of toolVariable(a.name, value)) toolVariables.set(k, v);
        // An array of arguments (pypa/manylinux's `BUILD_ARGS_COMMON=(--build-arg BASEIMAGE ... -f docker/Dockerfile docker/)`,
        // later `docker build "${BUILD_ARGS_COMMON[@]}"`): its words are the build's, as if written there.
        // An item that expands the array itself (`X=(--progress plain "${X[@]}")`) takes its earlier words.
        // Kept as `NAME[@]`: a plain `$NAME` is the array's first word only.
        if (!make && a.items) tagVariables.set(`${a.name}[@]`, withTagVariablesSplit(a.items, 0, tagVariables));
        else tagVariables.delete(`${a.name}[@]`);
        const tags = !make && a.value && !a.items ? tagFlagWords(a.value) : undefined;
        if (tags) tagVariables.set(a.name, tags); else tagVariables.delete(a.name);
      }
      continue;
    }
    if (writesBundleDockerfile(command, lines)) bundleWritten = true;
    const nativeLevel = nativeCheckExit(command, assigned);
    if (nativeLevel) nativeLevels.push(nativeLevel);
    const words = toolWords(command);
    if (!words) {
      notePrebuilt(buildsSingleArchBinary(command));
      continue;
    }
    const written = refKey(words.tool, lines);
    const tool = toolVariables.get(written) ?? basename(words.tool.text);
    const shown = toolVariables.has(written) ? written : tool;
    if ((COPY_TOOLS as readonly string[]).includes(tool)) copyTools.add(tool);
    // A Compose build writes the images its Compose file names, which this unit does not see: an image
    // pulled before it and pushed after may be its output, the pull a cache warm-up
    // (wemake-django-template's .gitlab-ci.yml: pull X:dev, tag X:dev as P:dev, `docker compose build web`
    // with `image: P:dev`, tag P:dev as X:dev, push X:dev). A copy would publish the old image instead.
    if (composeBuilds(tool, words.rest)) pulled.clear();
    const assembles = MANIFEST_TOOLS.get(tool);
    if (assembles) {
      if (assembles(words.rest.map((w) => w.text))) assembled = true;
      continue;
    }
    if (/kaniko/.test(words.tool.text)) {
      const build = parseKaniko(words.tool, words.rest, command, lines);
      if (build) builds.push(build);
      continue;
    }
    if (!TOOLS.has(tool)) {
      notePrebuilt(buildsSingleArchBinary({ ...command, name: words.tool, args: words.rest }));
      continue;
    }
    if (setsUpBuilder(words.rest)) builderReady = true;
    const verb = verbOf(tool, words.rest);
    if (!verb) continue;
    const args = words.rest.slice(verb.at);
    if (verb.verb === 'build') {
      const build = parseBuild(words.tool, shown, withTagVariablesSplit(words.rest, verb.at, tagVariables), verb, command, lines, defaultPlatform === undefined ? environment?.(command) : defaultPlatform, context.resolve);
      build.tags = build.tags.map((t) => imageKey(t, make));
      build.guards = command.guards;
      if (build.manifest) build.manifest = imageKey(build.manifest, make);
      // Docker's default driver builds one platform (unless the containerd store is on); podman and buildah need no builder.
      if (tool === 'docker') build.site.multiPlatformBuilder = (build.site.multiPlatformBuilder ?? false) || builderReady;
      const fold = foldCandidate(tool, words.rest, skipGlobals(words.rest), verb.at, verb.name, command);
      if (fold) build.fold = fold;
      if (bundleWritten && build.written.file && /(?:^|\/)bundle\.Dockerfile$/.test(build.written.file.word.text)) {
        build.site.dataOnly = 'operator-sdk generate bundle wrote its bundle.Dockerfile: manifests and metadata on scratch';
      }
      if (prebuilt) {
        build.site.singleArchInputs ??= prebuilt;
        if (prebuiltArch) build.site.inputsArch = prebuiltArch;
      }
      // `--push` of names that are all on this machine's loopback interface.
      if (build.site.push && build.written.names.length > 0) {
        build.site.loopbackPush = build.written.names.every((n) => loopback(n.word, n.skip));
      }
      if (nativeLevels.some((level) => level.every((g, i) => command.guards[i]?.start === g.start))) build.site.nativeOnly = true;
      // Names that say the machine's architecture (`$IMAGE:$SHA-$(uname -m)`): one image per machine, on purpose.
      if (build.written.names.length > 0 && build.written.names.every((n) => machineArch(n.word, n.skip))) {
        build.site.machineArchName = true;
      }
      builds.push(build);
      for (const tag of build.tags) addTo(byTag, tag, [build]);
      // A build to a pulled name replaces the pulled image: a push of it is no mirror.
      for (const tag of build.tags) pulled.delete(tag);
    } else if (verb.verb === 'commit') {
      // `docker commit CONTAINER NAME` writes a new image under NAME (loxilb's sanity workflow commits a
      // container it changed to the name it pulled): pushing it publishes that image, not a mirror.
      const written = positionals(args);
      if (written.length >= 2) pulled.delete(key(written[written.length - 1]));
    } else if (verb.verb === 'pull') {
      // An explicit platform (or every platform) is a choice, not an accident of the machine.
      const chosen = args.some((w) => /^--(?:platform|all-platforms)\b/.test(w.text));
      const [source] = positionals(args);
      // An image this unit built for one platform (qdrant's amd64-only GPU images): the pull gets that
      // platform, or fails on a machine of another; a push of it loses no platform.
      const own = source && byTag.get(key(source));
      const onePlatform = own && own.length > 0 && own.every((b) => b.site.platforms.kind === 'list' && architectures(b.site.platforms.items.map((item) => item.text)).length === 1);
      // A source whose name says one architecture (supabase/postgres's `docker pull ${IMAGE}_amd64`, a
      // per-architecture tag its matrix pushed) holds that one platform: re-pushing it loses nothing.
      const archNamed = source && namesOneArch(source.text);
      if (source && !chosen && !onePlatform && !archNamed) pulled.set(key(source), { source, pull: command });
      const pushedBack = source && (mirrorsByTarget.get(key(source)) ?? pulledThroughProxy(key(source), mirrorsByTarget));
      if (pushedBack) pushedBack.roundTrip = true;
    } else if (verb.verb === 'tag') {
      const [source, ...targets] = positionals(args);
      const from = source && byTag.get(key(source));
      if (from) for (const t of targets) addTo(byTag, key(t), from);
      if (from) for (const b of from) for (const t of targets) b.written.names.push({ word: t, skip: 0 });
      const mirrored = source && pulled.get(key(source));
      if (mirrored) for (const t of targets) pulled.set(key(t), { ...mirrored, tag: command });
    } else if (verb.verb === 'push' || verb.verb === 'manifest-push') {
      const allTags = args.some((w) => w.text === '-a' || w.text === '--all-tags');
      const ref = positionals(args)[0];
      if (!ref) continue;
      // A manifest list (`podman build --manifest`) holds every platform; the local image store does not.
      const how = { how: `${shown} ${verb.verb === 'push' ? 'push' : 'manifest push'} on line ${lines.positionAt(command.start).line + 1}`, range: lines.range(command.start, command.end), separate: verb.verb === 'push' };
      const pushed = key(ref);
      const matched = verb.verb === 'manifest-push'
        ? builds.filter((b) => b.manifest === pushed)
        : allTags ? builds.filter((b) => b.tags.some((t) => repoOf(t) === pushed)) : byTag.get(pushed) ?? [];
      // A plain `docker push TAG` is what folding the push into the build removes.
      const plain = verb.verb === 'push' && args.length === 1;
      const local = loopback(ref);
      for (const b of matched) {
        b.site.push ??= how;
        b.site.loopbackPush = (b.site.loopbackPush ?? true) && local;
        if (plain && b.fold) b.fold.pushes.push(command);
        if (assembledElsewhere(pushed, context.assemblies ?? []) || assembledThroughMake(pushed, context) || assembledInEveryRow(ref, lines, context)) b.site.assembled = true;
      }
      if (verb.verb === 'manifest-push') continue;
      const mirrored = pulled.get(pushed);
      if (mirrored?.tag && !allTags) {
        const mirror = mirrorSite(mirrored, mirrored.tag, ref, words, shown, tool, command, args, lines);
        if (windowsImage([mirrored.source, ref], lines, context)) mirror.windows = true;
        if (loopback(ref)) mirror.local = true;
        // Through the file's variables as well, as for a build (a Makefile's `arch ?= $(shell uname -m)`).
        if (machineArch(ref)) mirror.machineArchName = true;
        mirrors.push(mirror);
        mirrorsByTarget.set(pushed, mirror);
      }
    } else {
      assembled = true;
      const list = manifestListName(verb.verb, words.rest.slice(verb.at), words.rest[verb.at - 1]);
      const resolve = context.rows?.length === 1 ? context.rows[0].resolve : context.resolve;
      if (list && resolve) {
        manifestLists.push({ what: `${shown} ${verb.name}`, range: lines.range(words.tool.start, words.rest[verb.at - 1].end), name: writtenValue(list, lines, resolve) });
      }
    }
  }
  // Per-architecture builds pushed and then listed by hand: intended. A build into a manifest list
  // (`--manifest`) is judged by what it puts there, unless several builds fill the same list.
  const perManifest = new Map<string, number>();
  for (const b of builds) if (b.manifest) perManifest.set(b.manifest, (perManifest.get(b.manifest) ?? 0) + 1);
  for (const b of builds) {
    if (b.manifest ? perManifest.get(b.manifest)! > 1 : assembled) b.site.assembled = true;
    // A build that pushes itself (`--push`) to a name the file assembles elsewhere.
    if (!b.site.assembled && b.site.push && !b.site.push.separate && b.tags.some((t) => assembledElsewhere(t, context.assemblies ?? []) || assembledThroughMake(t, context))) b.site.assembled = true;
  }
  markArchitectureBranches(builds);
  if (builds.some((b) => b.fold)) markLocalUses(commands, builds, (w) => key(w));
  for (const b of builds) {
    const fold = b.fold && b.site.push?.separate ? foldOf(b.fold, lines) : undefined;
    if (fold) b.site.foldPush = fold;
  }
  const rows = context.rows ?? (context.resolve ? [{ resolve: context.resolve }] : []);
  if (rows.length > 0) for (const b of builds) b.site.outputs = rows.map((row) => outputOf(b, lines, context, row.resolve, row.matrix));
  // A unit that assembles a manifest list pushes per-platform images on purpose.
  return { builds: builds.map((b) => b.site), mirrors: assembled ? [] : mirrors, copyTools, manifestLists };
}

/**
 * A build with no platform in an `if`/`case` that chooses by architecture, where another build of the
 * same statement pins that one architecture (infinity's release.yml: `if [[ "${{ matrix.target }}" ==
 * "arm64" ]]; then docker buildx build --platform linux/arm64 ...; else docker build ...`): the plain
 * build is the branch for the other architectures, on the machine's own. AL501 trusts that on a CI
 * runner whose architecture is known and is not the pinned one.
 */
function markArchitectureBranches(builds: readonly BuildCommand[]): void {
  for (const b of builds) {
    if (b.site.platforms.kind !== 'none' || !b.guards?.length) continue;
    for (const other of builds) {
      if (other === b || other.site.platforms.kind !== 'list') continue;
      const pinned = architectures(other.site.platforms.items.map((item) => item.text));
      if (pinned.length !== 1) continue;
      const shared = b.guards.find((g) => other.guards?.some((o) => o.kind === g.kind && o.start === g.start) && archNamedInText(g.subject) === pinned[0]);
      if (shared) { b.site.otherBranchArch = pinned[0]; break; }
    }
  }
}

/**
 * A command after a build that names one of its tags and is not one of the pushes a fold removes
 * (`docker tag`, `docker run`, `docker save`, a push with flags) needs the image in the local store:
 * the build cannot push instead of keeping it.
 */
function markLocalUses(commands: readonly ShellCommand[], builds: readonly BuildCommand[], key: (word: ShellWord) => string): void {
  const byTag = new Map<string, BuildCommand[]>();
  for (const b of builds) if (b.fold) for (const t of b.tags) addTo(byTag, t, [b]);
  for (const command of commands) {
    const words = [...(command.name ? [command.name] : []), ...command.args, ...command.assignments.flatMap((a) => (a.value ? [a.value] : []))];
    for (const word of words) {
      for (const b of byTag.get(key(word)) ?? []) {
        if (command.start > b.fold!.command.start && !b.fold!.pushes.includes(command)) b.fold!.blocked = true;
      }
    }
  }
}

/** The list a `manifest create LIST …` / `imagetools create -t LIST …` names. */
function manifestListName(verb: Verb, args: ShellWord[], sub: ShellWord | undefined): WordValue | undefined {
  if (verb !== 'manifest' || sub?.text !== 'create') return undefined;
  for (let i = 0; i < args.length; i++) {
    const v = flagValue(args, i, ['--tag', '-t']);
    if (v) return v; // imagetools create -t LIST
  }
  const [first] = positionals(args.filter((w) => w.text !== '--amend' && w.text !== '-a'));
  return first && !first.text.startsWith('-') ? { word: first, skip: 0 } : undefined;
}

function writtenValue(v: WordValue, lines: LineIndex, resolve: Resolve): WrittenValue {
  const start = v.word.start + v.skip;
  return { value: unquoted(resolve(lines.text.slice(start, v.word.end), start)), range: lines.range(start, v.word.end) };
}

/** The build's output as the file settles it: names, Dockerfile, context and platforms resolved. */
function outputOf(build: BuildCommand, lines: LineIndex, context: UnitContext, resolve: Resolve, matrix: string | undefined): BuildOutput {
  const { written, site } = build;
  const output: BuildOutput = {
    names: written.names.map((n) => writtenValue(n, lines, resolve)),
    paths: context.paths ?? 'cwd',
    platforms: { kind: 'none' },
  };
  if (matrix !== undefined) output.matrix = matrix;
  if (written.file) output.dockerfile = writtenValue(written.file, lines, resolve);
  if (written.fileInContext) output.dockerfileInContext = true;
  if (written.context) output.context = writtenValue(written.context, lines, resolve);
  else output.contextUnknown = written.contextUnknown;
  if (site.platforms.kind === 'list') {
    output.platforms = { kind: 'list', items: site.platforms.items.map((i) => [{ text: i.text }]) };
  } else if (written.platforms.length > 0) {
    output.platforms = { kind: 'list', items: written.platforms.flatMap((p) => splitValue(writtenValue(p, lines, resolve).value, /[,\s]+/)) };
  } else if (site.platforms.kind === 'dynamic') {
    // An expansion that may hold `--platform` ($BUILD_FLAGS): what it holds is not known.
    output.platforms = { kind: 'list', items: [[{ text: '', unknown: 'the platforms may come from an expansion of flags' }]] };
  } else {
    output.platforms = { kind: 'none', runner: context.runner?.(lines.offsetAt(site.range.start)) };
  }
  return output;
}

/** The builds of one unit, with later pushes matched to them (sitesInUnit without the mirrors). */
export function buildsInUnit(commands: readonly ShellCommand[], lines: LineIndex, context: UnitContext = {}): BuildSite[] {
  return sitesInUnit(commands, lines, context).builds;
}

/**
 * One of the references names a Windows image, as written or in every way the unit's variables
 * resolve it (every matrix row: `TAG: ${{ matrix.tag }}` over rows `windows-2022-…`, `windows-2025-…`).
 */
function windowsImage(references: readonly ShellWord[], lines: LineIndex, context: UnitContext): boolean {
  const rows = context.rows ?? (context.resolve ? [{ resolve: context.resolve }] : []);
  return references.some((word) => {
    const written = lines.text.slice(word.start, word.end);
    if (namesWindows(written)) return true;
    return rows.length > 0 && rows.every((row) => namesWindows(textOfValue(row.resolve(written, word.start))));
  });
}

/** Builtins that declare variables with values (`local ref=...`), besides `export`. */
const DECLARATIONS = new Set(['local', 'declare', 'typeset', 'readonly']);

/**
 * `localhost`, `127.x.y.z` or `[::1]` as a registry host: at the start of a reference, or inside a value
 * that builds one. Also a `*.localhost` name (RFC 6761: it resolves to loopback; k3d's
 * `k3d-registry.localhost:5000`, gethomepage/homepage's k3d/k3d-deploy.sh) and k3d's registry
 * container `k3d-NAME:PORT` (k3d prefixes its registries' names with `k3d-` and publishes their port
 * on this machine; ory/oathkeeper's `docker-k3d` target pushes to `k3d-localhost:5111`).
 */
const LOOPBACK_HOST = '(?:localhost|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.localhost|k3d-[A-Za-z0-9.-]+(?=:\\d)|127(?:\\.\\d{1,3}){3}|\\[::1\\])(?::[^\\s/"\']*)?(?=/|$|["\'])';
const LOOPBACK_AT_START = new RegExp(`^["']?${LOOPBACK_HOST}`);
const LOOPBACK_INSIDE = new RegExp(`(?:^|[\\s"'#|=@(])${LOOPBACK_HOST}`);
/** A reference that starts with a variable: `$img`, `"${REG}/app:1"`, `$$img` in a Makefile recipe. */
const LEADING_VARIABLE = /^["']?\$\$?\{?([A-Za-z_]\w*)/;

/** A probe of the machine's architecture in a command substitution or a Makefile's `$(shell ...)` (values.ts). */
const MACHINE_ARCH_PROBE = new RegExp(String.raw`\$\((?:shell\s+)?\s*${MACHINE_ARCH_COMMAND}\s*\)|\`\s*${MACHINE_ARCH_COMMAND}\s*\``);
/** `${NAME}`, `$NAME`, and a Makefile's `$(NAME)`. */
const VARIABLE_USE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$([A-Za-z_][A-Za-z0-9_]*)/g;


/** The image name's last component and tag name exactly one architecture (`app:1.0_amd64`, `app-arm64:1`); expansions ignored. */
function namesOneArch(reference: string): boolean {
  const literal = reference.replace(/\$\{\{[^}]*\}\}|\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, ' ');
  const last = literal.slice(literal.lastIndexOf('/') + 1);
  const named = new Set(last.split(/[^A-Za-z0-9_]+|_(?=[A-Za-z])/).map(archNamedInText).filter((a) => a !== undefined));
  return named.size === 1;
}

/**
 * Whether an image name, as written, says the architecture of the machine that runs the script: it
 * holds such a probe, or a variable the script set from one (`arch="$(uname -m)"` then
 * `"$REPO:$SHA-${arch}"`, risingwave's ci/scripts/docker.sh). Each machine pushes its own image under
 * its own name, the per-architecture half of a list assembled elsewhere.
 */
function namesMachineArch(written: string, assigned: ReadonlyMap<string, string>, depth = 0): boolean {
  if (MACHINE_ARCH_PROBE.test(written)) return true;
  if (depth >= 3) return false;
  for (const m of written.matchAll(VARIABLE_USE)) {
    const value = assigned.get(m[1] ?? m[2] ?? m[3]);
    if (value !== undefined && namesMachineArch(value, assigned, depth + 1)) return true;
  }
  return false;
}

/** A probe of the machine's architecture or platform, in a value: `$(uname -m)`, `$(podman info --format '{{.Host.Os}}/{{.Host.Arch}}')`, `$(docker version --format '{{.Server.Arch}}')`. */
const MACHINE_PLATFORM_PROBE = new RegExp(String.raw`\$\(\s*(?:${MACHINE_ARCH_COMMAND}\b|(?:docker|podman)\s+(?:version|info|system\s+info)\s+(?:-f|--format)[= ]\S*\.Arch\b)`);
/** `[[ "$want" != "$have" ]]`, `[ "${a}" != "$b" ]`: the two variables a test says differ. */
const DIFFER_TEST = /"?\$\{?([A-Za-z_]\w*)\}?"?\s*!=\s*"?\$\{?([A-Za-z_]\w*)\}?"?/;

/**
 * An `exit` in an `if` that tests a variable against the machine's platform for inequality
 * (greptimedb's build_image.sh: `native_platform="$(podman info --format '{{.Host.Os}}/{{.Host.Arch}}')"`,
 * then `if [[ "$platform" != "$native_platform" ]]; then ... exit 1; fi` before `podman build`): the
 * guards enclosing that `if`, or undefined. A later build with those guards (or more) runs only on a
 * machine of the asked platform, so the image it makes is that platform, as `--platform "$platform"`.
 */
function nativeCheckExit(command: ShellCommand, assigned: ReadonlyMap<string, string>): readonly ShellGuard[] | undefined {
  if (command.name?.text !== 'exit' || command.guards.length === 0) return undefined;
  const test = command.guards[command.guards.length - 1];
  const differ = test.kind === 'if' ? DIFFER_TEST.exec(test.subject) : null;
  if (!differ) return undefined;
  const probed = (name: string) => MACHINE_PLATFORM_PROBE.test(assigned.get(name) ?? '');
  return probed(differ[1]) || probed(differ[2]) ? command.guards.slice(0, -1) : undefined;
}

/**
 * A push to a registry on this machine's loopback interface (`localhost:5000/...`, or a variable the
 * unit set to such a name: kube-ovn's talos.mk fills a registry mirror at `127.0.0.1:$(PORT)` for
 * the VMs of a local test cluster). Such a registry serves clusters on this machine (kind, k3d,
 * local VMs), whose nodes run the architecture of the machine that pulled or built. The name is
 * followed through the variable it starts with, a few levels deep (`"${tag_ref}"` after
 * `local tag_ref="${KIND_REGISTRY_HOST}:..."` and `KIND_REGISTRY_HOST="localhost"`:
 * scylla-operator's hack/kind/lib.sh).
 */
export function loopbackName(written: string, assigned: ReadonlyMap<string, string>, depth = 0): boolean {
  if (LOOPBACK_AT_START.test(written)) return true;
  const variable = LEADING_VARIABLE.exec(written)?.[1];
  const value = variable === undefined ? undefined : assigned.get(variable);
  if (value === undefined) return false;
  return LOOPBACK_INSIDE.test(value) || (depth < 3 && loopbackName(value, assigned, depth + 1));
}

function mirrorSite(pulled: Pulled, tag: ShellCommand, target: ShellWord, push: Words, shown: string, tool: string, command: ShellCommand, args: ShellWord[], lines: LineIndex): MirrorSite {
  const raw = (w: ShellWord) => lines.text.slice(w.start, w.end);
  const line = (c: ShellCommand) => lines.positionAt(c.start).line;
  const site: MirrorSite = {
    shown,
    tool,
    source: raw(pulled.source),
    target: raw(target),
    range: lines.range(push.tool.start, command.end),
    pull: lines.range(pulled.pull.start, pulled.pull.end),
    tag: lines.range(tag.start, tag.end),
    anchors: [line(pulled.pull), line(tag), line(command)],
  };
  // Only `push Y` is replaced: flags of the push (or words after it) may mean nothing to the copy command.
  if (args.length === 1 && args[0] === target) site.replace = lines.range(push.tool.start, target.end);
  return site;
}
