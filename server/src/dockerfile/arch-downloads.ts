/**
 * Downloads that name one architecture whatever the platform (`…-linux-amd64.tar.gz` in a RUN, an
 * ADD or an ARG/ENV default) and that nothing chooses per platform: what AL308 reports, and what the
 * build-file rules need to know before they prefer adding platforms to a build of the Dockerfile
 * (every added platform's image would hold that one architecture's binary).
 */
import type { ArgDecl, DockerfileModel, DfInstruction, Stage } from './model';
import type { ShellCommand, ShellWord } from '../shell/shell';
import { splitWords, unquote } from './vars';
import { archGuarded, baseName, runCommands, type RunCommand } from './run-commands';
import { escapeRegExp } from '../core/text';
import { archNamespace } from '../images/arch-tokens';

export interface ArchToken { start: number; end: number; text: string }

/** Where a download was found: a command of a RUN (which a fix can rewrite), an ADD, or a URL kept in an ARG/ENV default. */
export type DownloadSite =
  | { kind: 'run'; run: RunCommand; word: ShellWord }
  | { kind: 'add' }
  | { kind: 'default' };

export interface ArchDownload {
  stage: Stage;
  ins: DfInstruction;
  /** The URL's architecture tokens that nothing chooses (those naming a stage's own pinned platform left out). */
  tokens: ArchToken[];
  /** Some of the URL's tokens name the stage's own pinned platform: a fix of the others alone would be partial. */
  partial: boolean;
  site: DownloadSite;
}

const TOKEN_SOURCE = '(?<![A-Za-z0-9])(amd64|x86_64|x86-64|x64|linux64|aarch64|arm64|armhf|armel|armv7l?|arm32v7|i386|i686|ppc64le|s390x)(?![A-Za-z0-9])';
/** Cheap test on a whole RUN body: a URL, then an arch token somewhere after it. */
const PREFILTER = new RegExp(`https?://[^\\s'"]*?${TOKEN_SOURCE}`);
/**
 * The word with its command substitutions (`$(curl -s …/stable.txt)`, backticks) replaced by
 * same-length filler that is neither blank nor a letter: a URL runs on through them (the kubectl
 * install line), and the URLs inside are read as their own command's.
 */
export function maskSubstitutions(raw: string): string {
  const chars = raw.split('');
  for (let i = 0; i < raw.length; i++) {
    const open = raw[i] === '$' && raw[i + 1] === '(' ? i + 1 : raw[i] === '`' ? i : -1;
    if (open === -1) continue;
    let end = -1;
    if (raw[open] === '`') end = raw.indexOf('`', open + 1);
    else {
      let depth = 0;
      for (let j = open; j < raw.length; j++) {
        if (raw[j] === '(') depth++;
        else if (raw[j] === ')' && --depth === 0) { end = j; break; }
      }
    }
    if (end === -1) break;
    for (let j = i; j <= end; j++) chars[j] = '\u0001';
    i = end;
  }
  return chars.join('');
}

const URL = /(?:https?|ftp):\/\/[^\s'"`<>|;&)]+/g;

/**
 * The token names the target of a cross toolchain, the architecture it compiles for, not the one it
 * runs on: a `…-cross` file (musl.cc's `aarch64-linux-musl-cross.tgz`, juicefs' hack/builder image),
 * or the second of a host-target pair (`x86_64_aarch64-linux-gnu`, `x86_64-aarch64-none-linux-gnu`:
 * the host token before it is still read).
 */
const CROSS_SUFFIX = /^[\w.+-]*?-cross(?![A-Za-z0-9])/;
const AFTER_HOST = new RegExp(`${TOKEN_SOURCE}[-_]$`);
function crossTarget(text: string, start: number, end: number): boolean {
  return CROSS_SUFFIX.test(text.slice(end)) || AFTER_HOST.test(text.slice(Math.max(0, start - 10), start));
}

/** The file names of RPM and Debian packages made for every architecture. */
const ARCH_INDEPENDENT_PACKAGE = /(?:\.noarch\.rpm|_all\.deb)$/i;

/** Arch tokens in the literal parts of a URL (not inside `${…}` / `$(…)`). */
function archTokens(url: string, base: number): ArchToken[] {
  const blanked = url.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, (m) => ' '.repeat(m.length));
  const out: ArchToken[] = [];
  const re = new RegExp(TOKEN_SOURCE, 'g');
  // A package built for every architecture (`epel-release-7-10.noarch.rpm`, `tool_1.0_all.deb`) is the
  // same file whatever folder of the mirror serves it (rundeck's `.../epel/6/x86_64/...noarch.rpm`):
  // only a token in the file name itself counts then.
  const path = blanked.replace(/[?#].*$/, '');
  const folderEnd = ARCH_INDEPENDENT_PACKAGE.test(path) ? path.lastIndexOf('/') : -1;
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) {
    if (m.index < folderEnd) continue;
    if (crossTarget(blanked, m.index, m.index + m[0].length)) continue;
    out.push({ start: base + m.index, end: base + m.index + m[0].length, text: m[0] });
  }
  return out;
}

/**
 * The architectures (as GOARCH) named in a text's literal parts: the URLs it holds when `urls`
 * (`https://example.com/tool-1.0-glibc-x86_64.tar.gz`), else the text itself, a copied path
 * (`/pyroscope/Pyroscope.Linux.ApiWrapper.x64.so`).
 */
export function archesNamed(text: string, urls: boolean): Set<string> {
  const found = new Set<string>();
  const parts = urls ? [...maskSubstitutions(text).matchAll(URL)].map((m) => m[0]) : [text];
  for (const part of parts) for (const t of archTokens(part, 0)) found.add(goarchOf(t.text));
  return found;
}

/** The GOARCH a token names, to let a stage pinned to that very platform download it. */
export function goarchOf(token: string): string {
  if (/^(?:x86_64|x86-64|x64|linux64)$/.test(token)) return 'amd64';
  if (token === 'aarch64') return 'arm64';
  if (/^(?:armhf|armel|armv7l?|arm32v7)$/.test(token)) return 'arm';
  if (/^i[36]86$/.test(token)) return '386';
  return token;
}

/** Every download of the Dockerfile that names one architecture nothing chooses, stage by stage (Windows stages left out). */
/** Commands that read text and print text: what a fetch piped into them yields is a value, not a file. */
const TEXT_FILTERS = new Set(['grep', 'egrep', 'fgrep', 'awk', 'gawk', 'mawk', 'sed', 'jq', 'yq', 'xq', 'cut', 'head', 'tail', 'tr', 'sort', 'uniq', 'wc', 'xmlstarlet']);
/** A pipe and nothing else (a line continuation allowed) between two commands. */
const PIPE_ONLY = /^[ \t]*\|(?!\|)(?:[ \t]|\\\r?\n)*$/;

/** curl writes to standard output unless told to write a file (`-o`, `-O`, `-fsSLo`, `--output`, `--remote-name`). */
function curlToStdout(args: readonly ShellWord[]): boolean {
  return !args.some((a) => /^-[a-zA-Z]*[oO]/.test(a.text) || /^--(?:output|remote-name)/.test(a.text));
}

/** wget writes a file unless told `-O -` (`-qO-`, `--output-document=-`). */
function wgetToStdout(args: readonly ShellWord[]): boolean {
  return args.some((a, i) => /^-[a-zA-Z]*O-$/.test(a.text) || a.text === '--output-document=-' || (/^-[a-zA-Z]*O$/.test(a.text) && args[i + 1]?.text === '-'));
}

/**
 * A `curl`/`wget` whose output goes straight into a text filter: `$(curl -s …/binary-amd64/Packages |
 * grep -A 7 -m 1 'Package: jellyfin' | awk …)` reads a version out of the amd64 package index
 * (linuxserver's docker-jellyfin): a value, the same on every platform, not a file installed.
 * `curl … | tar -x`, `| sh` and `-o file` stay downloads.
 */
function readsTextOnly(rc: RunCommand): boolean {
  const name = baseName(rc.command);
  if (name === 'curl' ? !curlToStdout(rc.command.args) : name === 'wget' ? !wgetToStdout(rc.command.args) : true) return false;
  const next = firstFrom(rc.run.view.commands(), rc.command.end);
  if (!next) return false;
  const { body, bodyStart } = rc.run.view;
  return PIPE_ONLY.test(body.slice(rc.command.end - bodyStart, next.start - bodyStart)) && TEXT_FILTERS.has(baseName(next) ?? '');
}

/** A Node.js release tarball's file name (`nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz`, unofficial-builds too). */
const NODE_TARBALL = /^https?:\/\/(?:[\w-]+\.)*nodejs\.org\/\S*\/(node-[^/]+\.tar(?:\.[gx]z)?)$/;
/**
 * The parts of a Node.js tarball that are the same on every platform: npm, npx and corepack are
 * JavaScript, share/ holds man pages. Not include/: its config.gypi records the target architecture.
 */
const NODE_SCRIPT_MEMBER = /^(?:\.\/)?(?:node-[^/]+\/)?(?:lib\/node_modules\/(?:npm|corepack)(?:\/.*)?|bin\/(?:npm|npx|corepack)|share\/.*|(?:README|LICENSE|CHANGELOG)(?:\.md)?)\/?$/;

/** The members a `tar` extraction names (empty: the whole archive), or undefined when it does not extract; `archive` gets the `-f` operand. */
function tarMembers(tar: ShellCommand): { members: string[]; archive?: string } | undefined {
  const args = tar.args.map((a) => a.text);
  const members: string[] = [];
  let extract = false;
  let archive: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    // Old-style bundled options without a dash (`tar xzf file`); an `f` takes the next word.
    const bundle = i === 0 && /^[A-Za-z]+$/.test(a) ? a : a.startsWith('-') && !a.startsWith('--') ? a.slice(1) : undefined;
    if (bundle !== undefined) {
      if (bundle.includes('x')) extract = true;
      if (/[fCT]$/.test(bundle)) { if (bundle.endsWith('f')) archive = args[i + 1]; i++; }
      continue;
    }
    if (a.startsWith('--')) {
      if (a === '--extract' || a === '--get') extract = true;
      if (a === '--file') archive = args[i + 1];
      if (/^--(?:file|directory|exclude|files-from)$/.test(a)) i++;
      continue;
    }
    members.push(a);
  }
  return extract ? { members, archive } : undefined;
}

/**
 * A Node.js tarball of which the same RUN extracts only npm, npx or corepack (wekan's Dockerfile takes
 * them from the x64 tarball beside a node binary chosen per platform): JavaScript, the same on every
 * platform. The tar must read that file (its name, or piped straight from the download) and name its
 * members; extracting it whole or with `bin/node` is still the one-architecture binary.
 */
function takesNodeScriptsOnly(rc: RunCommand, url: string): boolean {
  const file = NODE_TARBALL.exec(url)?.[1];
  if (!file) return false;
  const { body, bodyStart } = rc.run.view;
  for (const next of rc.run.view.commands()) {
    if (next.start < rc.command.end || baseName(next) !== 'tar') continue;
    const tar = tarMembers(next);
    if (!tar) continue;
    const piped = PIPE_ONLY.test(body.slice(rc.command.end - bodyStart, next.start - bodyStart)) && (tar.archive === undefined || tar.archive === '-');
    const reads = piped || tar.archive?.split('/').pop() === file;
    if (reads) return tar.members.length > 0 && tar.members.every((m) => NODE_SCRIPT_MEMBER.test(m));
  }
  return false;
}

/**
 * The first command starting at or after `offset`. The parser lists a RUN's commands in document
 * order (a pre-order walk), so a binary search finds it: a RUN of thousands of downloads asks once each.
 */
function firstFrom(commands: readonly ShellCommand[], offset: number): ShellCommand | undefined {
  let lo = 0;
  let hi = commands.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (commands[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return commands[lo];
}

/** An ARG or ENV of a stage with its default (the value's offset in the text); `run`: a shell variable of that RUN only. */
interface Held { name: string; value?: string; start: number; ins: DfInstruction; run?: boolean }

/** A variable that chooses the architecture itself (`ARCH`, `TARGETPLATFORM`): what a build passes in, not a file name. */
const ARCH_VARIABLE_NAME = /arch|platform/i;
const WHOLE_TOKEN = new RegExp(`^${TOKEN_SOURCE}$`);

/**
 * The arch tokens of file names kept in an ARG/ENV default and downloaded through a URL of a later
 * RUN: `ARG PANDOC_DEB="pandoc-${PANDOC_VERSION}-1-amd64.deb"` then `wget https://…/${PANDOC_DEB}`
 * (aquasecurity/tracee builder/Dockerfile.man). Each default once, where the token is written.
 * Left out: defaults that are URLs (read as such), that are an architecture alone (`ARCH=amd64`), and
 * variables named for choosing the architecture, which builds pass in (`--build-arg ARCH=…`).
 */
function fileNamesInUrls(model: DockerfileModel, stage: Stage, held: readonly Held[]): Array<{ holder: Held; tokens: ArchToken[]; base: number }> {
  const holders = held.filter((h) => h.value && !h.value.includes('://') && !ARCH_VARIABLE_NAME.test(h.name) && !WHOLE_TOKEN.test(h.value.trim()) && archTokens(h.value, 0).length > 0);
  if (holders.length === 0) return [];
  const names = [...new Set(holders.map((h) => h.name))];
  const prefilter = new RegExp(String.raw`(?:https?|ftp)://[^\s'"]*?\$\{?(?:${names.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`);
  const out: Array<{ holder: Held; tokens: ArchToken[]; base: number }> = [];
  const reported = new Set<Held>();
  for (const rc of runCommands(stage, prefilter, true)) {
    if (archGuarded(rc.command) || readsTextOnly(rc)) continue;
    for (const word of [...rc.command.args, ...rc.command.assignments.flatMap((a) => (a.value ? [a.value] : []))]) {
      if (!word.raw.includes('://')) continue;
      for (const url of maskSubstitutions(word.raw).matchAll(URL)) {
        for (const ref of url[0].matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
          // The declaration in force at the RUN: the last one before it.
          // A shell variable counts in its own RUN only, where it was set before the URL.
          const holder = held.filter((h) => h.name === ref[1] && (h.run ? h.ins === rc.ins && h.start < word.start : h.ins.start < rc.ins.start)).at(-1);
          if (!holder || !holders.includes(holder) || reported.has(holder)) continue;
          const at = model.text.slice(holder.start, holder.ins.end).indexOf(holder.value ?? '');
          if (at === -1) continue;
          reported.add(holder);
          out.push({ holder, tokens: archTokens(holder.value ?? '', holder.start + at), base: holder.start + at });
        }
      }
    }
  }
  return out;
}

/**
 * A value computed from the architecture by a command substitution: skaffold's hack/proto/Dockerfile
 * `plat=$(case $(uname -s)-$(uname -m) in Linux-x86_64) echo linux-x86_64;; Linux-aarch64) ...)`,
 * or a case whose patterns are architecture names, whatever variable it reads (kagent's
 * .devcontainer/Dockerfile: `$(case ${ARCH} in amd64) echo x86_64-...;; arm64) ...;; esac)`, ARCH
 * an ARG defaulted from TARGETARCH), as a case around an assignment counts.
 */
const COMPUTED_PER_ARCH = /(?:\$\(|`)[^]*?(?:\buname\b|--print-arch|\$\{?(?:TARGET|BUILD)(?:ARCH|PLATFORM)\b|\barch\b|\bcase\b[^]*?\bin\s+['"]?(?:amd64|arm64|x86_64|aarch64|x64|i386|386|armhf|armv7l?|arm)\b['"]?\s*[|)])/;

/**
 * File names a RUN keeps in a shell variable before downloading them through it (antrea's codegen
 * Dockerfile: `ZIPNAME="protoc-${V}-linux-x86_64.zip"; wget ".../${ZIPNAME}"`), as ARG defaults
 * are; an assignment chosen per architecture (inside a case or an if on it, or computed from it)
 * chooses nothing wrong.
 */
function runAssignments(stage: Stage): Held[] {
  const out: Held[] = [];
  for (const rc of runCommands(stage, /=/)) {
    if (rc.command.name || archGuarded(rc.command)) continue;
    for (const a of rc.command.assignments) {
      if (a.value && !COMPUTED_PER_ARCH.test(a.value.raw)) out.push({ name: a.name, value: a.value.raw, start: a.value.start, ins: rc.ins, run: true });
    }
  }
  return out;
}

/**
 * A RUN word whose URL starts with an ARG/ENV that holds the site (neko's opera Dockerfile:
 * `ARG API_URL="https://download5.operacdn.com/pub/opera/desktop/"`, then
 * `wget -O /tmp/opera.deb "${API_URL}${VERSION}/linux/opera-stable_${VERSION}_amd64.deb"`): the
 * file name, with its architecture, is in the RUN, the `://` in the variable. The opposite case (a
 * file name held, the URL written) is fileNamesInUrls.
 */
function urlsFromHeldBases(stage: Stage, held: readonly Held[]): Array<{ rc: RunCommand; word: ShellWord; tokens: ArchToken[]; url: string }> {
  const names = held.filter((h) => h.value !== undefined && /^\s*["']?(?:https?|ftp):\/\//.test(h.value) && !ARCH_VARIABLE_NAME.test(h.name)).map((h) => h.name);
  if (names.length === 0) return [];
  const base = String.raw`\$\{?(?:${[...new Set(names)].map(escapeRegExp).join('|')})(?![A-Za-z0-9_])\}?`;
  const prefilter = new RegExp(`${base}[^\\s'"]*?${TOKEN_SOURCE}`);
  const startsWithBase = new RegExp(`^["']?${base}`);
  const out: Array<{ rc: RunCommand; word: ShellWord; tokens: ArchToken[]; url: string }> = [];
  for (const rc of runCommands(stage, prefilter, true)) {
    if (archGuarded(rc.command) || readsTextOnly(rc)) continue;
    for (const word of rc.command.args) {
      if (word.raw.includes('://') || !startsWithBase.test(word.raw)) continue;
      const tokens = archTokens(maskSubstitutions(word.raw), word.start);
      if (tokens.length > 0) out.push({ rc, word, tokens, url: word.raw });
    }
  }
  return out;
}

/** The architectures (GOARCH) whose binaries a stage can run on ARM through an emulator one of its RUNs installs. */
function emulatedArches(stage: Stage): Set<string> {
  const out = new Set<string>();
  for (const run of stage.runs) {
    if (/\b(?:box64|FEXInterpreter|fex-emu)/i.test(run.view.body)) out.add('amd64');
    if (/\bbox86\b/i.test(run.view.body)) out.add('386');
  }
  return out;
}

/**
 * The architecture (GOARCH) of the Docker Hub architecture namespace a stage's base is written in,
 * directly or through `FROM <stage>` (algorand/go-algorand's cicd.alpine.Dockerfile: `FROM
 * arm32v6/golang` then an armhf .deb). Not a namespace an ARG chooses (`FROM ${ARCH}/ubuntu`): a
 * build may set another one, and the download would not follow it.
 */
function namespaceArch(model: DockerfileModel, stage: Stage): string | undefined {
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.base.kind === 'stage' ? model.stages[s.base.stage] : undefined) {
    seen.add(s.index);
    if (s.base.kind !== 'image') continue;
    // Read on the text as written: a namespace an ARG fills in is not found there.
    const found = archNamespace(s.base.raw);
    return found?.os === 'linux' ? found.arch : undefined;
  }
  return undefined;
}

export function archDownloads(model: DockerfileModel): ArchDownload[] {
  const out: ArchDownload[] = [];
  const globalsSeen = new Set<ArgDecl>();
  for (const stage of model.stages) {
    if (stage.windows) continue;
    // A stage pinned to one platform (AL303's business) may download that platform's files.
    // So may a stage on a Docker Hub architecture namespace written as such (`FROM arm32v6/golang`,
    // AL311's business): its base exists for that one architecture, whatever the build asks.
    const pinned = stage.platform.kind === 'constant' ? /^[^/]+\/([^/]+)/.exec(stage.platform.value ?? '')?.[1] : namespaceArch(model, stage);
    // A stage that installs an x86 emulator for ARM (box64 or FEX for x86-64, box86 for i386) runs
    // that architecture's binaries on ARM: factoriotools/factorio-docker downloads Factorio's only
    // Linux build, linux64, and runs it under box64 on arm64.
    const emulated = emulatedArches(stage);
    // Each download with its URL's architecture tokens blanked: the same URL for several
    // architectures in one stage is fetched for each on purpose.
    const inStage: Array<{ download: ArchDownload; key: string; arches: string[] }> = [];
    const found = (ins: DfInstruction, all: ArchToken[], site: DownloadSite, url: string, base: number): void => {
      const tokens = all.filter((t) => goarchOf(t.text) !== pinned && !emulated.has(goarchOf(t.text)));
      if (!tokens.length) return;
      let key = url;
      for (const t of [...all].reverse()) key = key.slice(0, t.start - base) + '\u0000' + key.slice(t.end - base);
      inStage.push({ download: { stage, ins, tokens, partial: tokens.length !== all.length, site }, key, arches: all.map((t) => goarchOf(t.text)) });
    };
    for (const rc of runCommands(stage, PREFILTER, true)) {
      const { command, ins } = rc;
      if (archGuarded(command) || readsTextOnly(rc)) continue;
      const words = [...command.args, ...command.assignments.flatMap((a) => (a.value ? [a.value] : []))];
      if (command.name) words.push(command.name);
      for (const word of words) {
        if (!word.raw.includes('://')) continue;
        const masked = maskSubstitutions(word.raw);
        URL.lastIndex = 0;
        for (let m = URL.exec(masked); m; m = URL.exec(masked)) {
          const tokens = archTokens(m[0], word.start + m.index);
          if (tokens.length > 0 && !takesNodeScriptsOnly(rc, word.raw.slice(m.index, m.index + m[0].length))) found(ins, tokens, { kind: 'run', run: rc, word }, m[0], word.start + m.index);
        }
      }
    }
    // A URL kept in an ARG/ENV default (`ARG TOOL_URL=https://…_amd64.deb`) is downloaded the same
    // way, and so is a global ARG's default once the stage re-declares it (found there once).
    const global = (a: ArgDecl) => model.globalArgs.filter((g) => g.name === a.name && g.value !== undefined && !globalsSeen.has(g)).at(-1);
    const inherited = stage.args.flatMap((a) => {
      const g = a.value === undefined ? global(a) : undefined;
      if (g) globalsSeen.add(g);
      return g ? [g] : [];
    });
    const held: Held[] = [...[...stage.args, ...inherited].map((a) => ({ name: a.name, value: a.value, start: a.nameEnd + 1, ins: a.instruction })),
      ...stage.envs.map((e) => ({ name: e.name, value: e.value, start: e.valueStart, ins: e.instruction })),
      ...runAssignments(stage)];
    for (const { holder, tokens, base } of fileNamesInUrls(model, stage, held)) found(holder.ins, tokens, { kind: 'default' }, holder.value ?? '', base);
    for (const { rc, word, tokens, url } of urlsFromHeldBases(stage, held)) found(rc.ins, tokens, { kind: 'run', run: rc, word }, url, word.start);
    for (const h of held) {
      // A URL in a RUN's own assignment is one of that RUN's words, read above.
      if (h.run || !h.value || !PREFILTER.test(h.value)) continue;
      const raw = model.text.slice(h.start, h.ins.end);
      const at = raw.indexOf(h.value);
      if (at === -1) continue;
      URL.lastIndex = 0;
      for (let m = URL.exec(h.value); m; m = URL.exec(h.value)) {
        const tokens = archTokens(m[0], h.start + at + m.index);
        if (tokens.length) found(h.ins, tokens, { kind: 'default' }, m[0], h.start + at + m.index);
      }
    }
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'ADD') continue;
      const body = model.text.slice(ins.argsStart, ins.end);
      if (!PREFILTER.test(body)) continue;
      const words = splitWords(body, ins.argsStart, model.escape).filter((w) => !w.text.startsWith('--'));
      for (const w of words.slice(0, -1)) {
        const url = unquote(w.text);
        if (!/^https?:\/\//.test(url)) continue;
        const tokens = archTokens(url, w.start + (url === w.text ? 0 : 1));
        if (tokens.length > 0) found(ins, tokens, { kind: 'add' }, url, w.start + (url === w.text ? 0 : 1));
      }
    }
    // pixie's clang_deb_image fetches sysroot-amd64-build.tar.gz and sysroot-arm64-build.tar.gz into
    // /sysroots/x86_64 and /sysroots/aarch64 for its cross toolchain: a set, not one architecture.
    const archesOf = new Map<string, Set<string>>();
    for (const f of inStage) archesOf.set(f.key, (archesOf.get(f.key) ?? new Set()).add(f.arches.join()));
    for (const f of inStage) if (archesOf.get(f.key)!.size < 2) out.push(f.download);
  }
  return out;
}
