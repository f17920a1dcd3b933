/**
 * The later uses of a downloaded file's architecture-named name (AL308's fix): once the URL says
 * `${TARGETARCH}`, `tar -xzO linux-amd64/helm`, `chmod +x bazelisk-linux-amd64`, `dpkg -i
 * tool_amd64.deb`, `mv tool-linux-amd64 …` and `COPY --from=dl /opt/tool-linux-amd64/tool …` must
 * say it too, or the build fails on every other platform while archlens reports the file clean.
 *
 * A use is an occurrence of the same architecture token (`amd64`, `x86_64`, …) written literally,
 * outside a URL (another download, with its own finding) and outside an architecture `case`/`if`:
 * - anywhere in the download's own RUN (a RUN names one download's architecture one way);
 * - in a later instruction of the stage, of a stage built FROM it, or a later `COPY --from=` of
 *   it, when that instruction names a file or folder of the download: instructions are grouped by
 *   the path segments holding the token (archive extensions dropped; `helm-v3-linux-amd64` and
 *   `linux-amd64` go together), so one pass over the file serves every download; not a later RUN
 *   that downloads a file of names alike itself (its own fix rewrites that RUN).
 * Each use says whether a fix can rewrite it: the shell must expand it (not single-quoted, not an
 * exec-form RUN); a case mapping's shell variable also needs it later in the same RUN.
 */
import { maskSubstitutions } from '../../dockerfile/arch-downloads';
import type { DfInstruction, DockerfileModel, Stage } from '../../dockerfile/model';
import { splitWords } from '../../dockerfile/vars';
import type { ShellCommand, ShellWord } from '../../shell/shell';
import { archGuarded, type Ctx } from './util';

export interface Span { start: number; end: number }

export interface DownloadUse extends Span {
  /** The stage the use is in (an ARG must be declared there for `${TARGETARCH}`). */
  stage: Stage;
  /** Where it sits: in the download's RUN, another RUN, another instruction. */
  place: 'same-run' | 'other-run' | 'instruction';
  /** A `${TARGETARCH}` (a Dockerfile ARG, an environment variable in RUN) can stand there. */
  argEditable: boolean;
  /** Start of the shell command holding it (RUN uses), to tell whether a variable set before the download's command reaches it. */
  commandStart?: number;
}

export interface DownloadUses {
  uses: DownloadUse[];
  /** More uses than a fix rewrites at once (MAX_USES): the fix is not preferred. */
  truncated: boolean;
  /**
   * Another instruction downloading a file of the same name (archive and signature extensions
   * aside): the `.sig` of an `.apk` fetched in a later RUN (microsoft/mssql-docker's
   * Dockerfile.alpine). Each download's fix changes its own URL: applied alone, one leaves the
   * other's file amd64 and the check between them fails, so neither is preferred.
   */
  companion?: DfInstruction;
}

/** A fix rewrites at most this many uses: beyond, the file is not one a fix should rewrite blindly, and cost stays linear. */
const MAX_USES = 64;

/** Keywords whose arguments BuildKit expands ARG and ENV references in. */
const EXPANDING = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

const URL_IN_WORD = /(?:https?|ftp):\/\/[^\s'"`<>|;&)]+/g;

/** One instruction that holds the token: its uses and the segments it names. */
interface Entry {
  order: number;
  ins: DfInstruction;
  stage: Stage;
  uses: DownloadUse[];
  segments: string[];
  /** The instruction downloads a file of that architecture itself (a URL holding the token). */
  download: boolean;
}

/** Every instruction of the file that writes one token, grouped by the files they name. */
interface TokenIndex {
  byInstruction: Map<DfInstruction, Entry>;
  /** Group id per entry order (union-find root). */
  group: (order: number) => number;
  /** Entries with uses, or downloads, per group, in file order. */
  withUses: Map<number, Entry[]>;
}

/** The grouping keys of an entry's segments, computed once per entry (a RUN of thousands of downloads asks for each). */
const entryKeys = new WeakMap<Entry, ReadonlySet<string>>();
function keysOf(entry: Entry, token: string): ReadonlySet<string> {
  let keys = entryKeys.get(entry);
  if (!keys) entryKeys.set(entry, (keys = new Set(entry.segments.flatMap((s) => segmentKeys(s, token)))));
  return keys;
}

/** The text holds a URL naming the token: a download of its own. */
function holdsDownload(text: string, token: string): boolean {
  const masked = maskSubstitutions(text);
  URL_IN_WORD.lastIndex = 0;
  for (let m = URL_IN_WORD.exec(masked); m; m = URL_IN_WORD.exec(masked)) if (tokenPattern(token).test(m[0])) return true;
  return false;
}

function tokenPattern(token: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${token.replace(/[-]/g, '\\-')}(?![A-Za-z0-9])`, 'g');
}

/** Literal occurrences of `token` in `text` (expansions blanked), as absolute spans. */
function occurrences(text: string, base: number, token: string): Span[] {
  const blanked = text.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, (m) => ' '.repeat(m.length));
  const re = tokenPattern(token);
  const out: Span[] = [];
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) out.push({ start: base + m.index, end: base + m.index + m[0].length });
  return out;
}

/** Occurrences of the token in a word, those inside a URL (another download) left out. */
function usesInWord(text: string, base: number, token: string): Span[] {
  const found = occurrences(text, base, token);
  if (found.length === 0 || !text.includes('://')) return found;
  const urls: Array<[number, number]> = [];
  const masked = maskSubstitutions(text);
  URL_IN_WORD.lastIndex = 0;
  for (let m = URL_IN_WORD.exec(masked); m; m = URL_IN_WORD.exec(masked)) urls.push([m.index, m.index + m[0].length]);
  return found.filter((s) => !urls.some(([a, b]) => a <= s.start - base && s.end - base <= b));
}

/** True when offset `at` of a shell word as written lies inside single quotes. */
function singleQuoted(raw: string, at: number): boolean {
  let single = false;
  let double = false;
  for (let i = 0; i < at && i < raw.length; i++) {
    const c = raw[i];
    if (single) { if (c === "'") single = false; continue; }
    if (c === '\\') { i++; continue; }
    if (c === '"') double = !double;
    else if (c === "'" && !double) single = true;
  }
  return single;
}

/**
 * The path segments of a text that hold the token, archive and package extensions dropped (an
 * archive unpacks to the folder of its name): `/opt/tool-linux-amd64/tool` → `tool-linux-amd64`.
 */
function segmentsWith(text: string, token: string): string[] {
  const re = tokenPattern(token);
  return text.split(/[/\s"'=:]+/).filter((s) => { re.lastIndex = 0; return re.test(s); }).map((s) => s.replace(FILE_EXTENSION, ''));
}

/** An archive, package or signature extension. */
const FILE_EXTENSION = /(?:\.tar)?\.(?:gz|tgz|bz2|tbz2?|xz|txz|zst|zip|tar|deb|rpm|apk|asc|sha256|sha512|sig)$/i;

/** A file name without its extensions: `tool-linux-amd64.tar.gz.sha256` and `tool-linux-amd64.tar.gz` alike give `tool-linux-amd64`. */
function stemOf(name: string): string {
  let stem = name;
  for (let next = stem.replace(FILE_EXTENSION, ''); next !== stem; next = stem.replace(FILE_EXTENSION, '')) stem = next;
  return stem;
}

/**
 * The keys a segment is grouped by: itself and its tails from a `-`, `_` or `.` on that still say
 * more than the token (`helm-v3-linux-amd64` → `v3-linux-amd64`, `linux-amd64`; not `amd64`).
 */
function segmentKeys(segment: string, token: string): string[] {
  const keys = [segment];
  for (let i = 0; i < segment.length; i++) {
    if (!'-_.'.includes(segment[i])) continue;
    const tail = segment.slice(i + 1);
    if (/[A-Za-z0-9]{2}/.test(tail.replace(token, ''))) keys.push(tail);
  }
  return keys;
}

function runUses(stage: Stage, token: string, exec: boolean, commands: readonly ShellCommand[]): { uses: DownloadUse[]; words: string[] } {
  const uses: DownloadUse[] = [];
  const words: string[] = [];
  for (const command of commands) {
    if (archGuarded(command)) continue;
    const all: ShellWord[] = [...(command.name ? [command.name] : []), ...command.args, ...command.assignments.flatMap((a) => (a.value ? [a.value] : []))];
    for (const w of all) {
      if (occurrences(w.raw, 0, token).length === 0) continue;
      words.push(w.raw);
      for (const s of usesInWord(w.raw, w.start, token)) {
        uses.push({ ...s, stage, place: 'other-run', argEditable: !exec && !singleQuoted(w.raw, s.start - w.start), commandStart: command.start });
      }
    }
  }
  return { uses, words };
}

/** The entry of one instruction, or undefined when it does not write the token. */
function entryOf(model: DockerfileModel, stage: Stage, ins: DfInstruction, token: string, order: number): Entry | undefined {
  if (ins.keyword === 'RUN') {
    const run = stage.runs.find((r) => r.instruction === ins);
    if (!run || occurrences(run.view.body, 0, token).length === 0) return undefined;
    const { uses, words } = runUses(stage, token, run.view.exec, run.view.commands());
    return { order, ins, stage, uses, segments: words.flatMap((w) => segmentsWith(w, token)), download: holdsDownload(run.view.body, token) };
  }
  if (ins.keyword === 'FROM' || ins.keyword === 'ARG') return undefined;
  const body = model.text.slice(ins.argsStart, ins.end);
  if (occurrences(body, 0, token).length === 0) return undefined;
  const editable = EXPANDING.has(ins.keyword) && !body.trimStart().startsWith('[');
  const uses: DownloadUse[] = [];
  const segments: string[] = [];
  for (const w of splitWords(body, ins.argsStart, model.escape)) {
    for (const s of usesInWord(w.text, w.start, token)) uses.push({ ...s, stage, place: 'instruction', argEditable: editable });
    segments.push(...segmentsWith(w.text, token));
  }
  return { order, ins, stage, uses, segments, download: holdsDownload(body, token) };
}

/** One pass over the file for a token: entries, their groups (union-find over segment keys). */
function buildIndex(model: DockerfileModel, token: string): TokenIndex {
  const entries: Entry[] = [];
  for (const stage of model.stages) {
    for (const ins of stage.instructions) {
      const entry = entryOf(model, stage, ins, token, entries.length);
      if (entry) entries.push(entry);
    }
  }
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; }
    return i;
  };
  const byKey = new Map<string, number>();
  for (const entry of entries) {
    for (const segment of entry.segments) {
      for (const key of segmentKeys(segment, token)) {
        const other = byKey.get(key);
        if (other === undefined) byKey.set(key, entry.order);
        else parent[find(entry.order)] = find(other);
      }
    }
  }
  const withUses = new Map<number, Entry[]>();
  for (const entry of entries) {
    if (entry.uses.length === 0 && !entry.download) continue;
    const g = find(entry.order);
    const list = withUses.get(g);
    if (list) list.push(entry); else withUses.set(g, [entry]);
  }
  return { byInstruction: new Map(entries.map((e) => [e.ins, e])), group: find, withUses };
}

function indexes(_model: DockerfileModel): Map<string, TokenIndex> {
  return new Map();
}

/** Per model: the stages each stage's files flow into by `FROM <stage>` (itself included), computed when asked. */
function lineages(_model: DockerfileModel): Map<number, Set<number>> {
  return new Map();
}

function lineageOf(model: DockerfileModel, stage: Stage): Set<number> {
  const cache = model.memo.get(lineages, model);
  let lineage = cache.get(stage.index);
  if (!lineage) {
    lineage = new Set([stage.index]);
    for (let i = stage.index + 1; i < model.stages.length; i++) {
      if (model.stages[i].deps.some((d) => d.kind === 'from' && lineage!.has(d.stage))) lineage.add(i);
    }
    cache.set(stage.index, lineage);
  }
  return lineage;
}

/**
 * The uses of `token` that depend on a download in `ins` (a RUN or ADD of `stage`): the other
 * occurrences in its RUN, and those of later instructions grouped with it.
 */
export function downloadUses(ctx: Ctx, stage: Stage, ins: DfInstruction, token: string): DownloadUses {
  const model = ctx.model;
  const cache = model.memo.get(indexes, model);
  let index = cache.get(token);
  if (!index) cache.set(token, (index = buildIndex(model, token)));
  const own = index.byInstruction.get(ins);
  if (!own) return { uses: [], truncated: false };
  const companion = own.download ? companionOf(model, index, own, token) : undefined;
  const uses: DownloadUse[] = own.uses.map((u) => ({ ...u, place: ins.keyword === 'RUN' ? 'same-run' : 'instruction' }));
  const lineage = lineageOf(model, stage);
  // The names reached from the download (through the instructions that share them), less those taken.
  const ownKeys = keysOf(own, token);
  const reachedLater = new Set<string>();
  const reached = (k: string) => ownKeys.has(k) || reachedLater.has(k);
  // A later download of names alike takes over the names it shares with this one: in agones's
  // build-image, `mv /tmp/linux-amd64/helm` follows `ENV HELM_URL …/helm-v${HELM_VER}-linux-amd64.tar.gz`,
  // not the Go download before it, whose fix must leave it to the helm one.
  const taken = new Set<string>();
  for (const entry of index.withUses.get(index.group(own.order)) ?? []) {
    if (entry.order <= own.order || !flowsFrom(entry, lineage)) continue;
    const keys = keysOf(entry, token);
    // A RUN that downloads a file of names alike has a finding of its own, whose fix rewrites the
    // whole RUN (higress' devcontainer: the tinygo fix rewrote `tar go1.19.linux-amd64.tar.gz` in
    // the Go download's RUN and left its URL amd64).
    if (entry.download && entry.ins.keyword === 'RUN') {
      keys.forEach((k) => taken.add(k));
      continue;
    }
    if ([...keys].some((k) => reached(k) && !taken.has(k))) {
      uses.push(...entry.uses);
      keys.forEach((k) => { if (!taken.has(k)) reachedLater.add(k); });
    }
    if (entry.download) keys.forEach((k) => taken.add(k));
    if (uses.length > MAX_USES) return { uses: uses.slice(0, MAX_USES), truncated: true, ...(companion ? { companion } : {}) };
  }
  return { uses, truncated: uses.length > MAX_USES, ...(companion ? { companion } : {}) };
}

/**
 * The first other download that fetches a file of the same name under another extension (see
 * DownloadUses.companion): `tool-linux-amd64.tar.gz.sha256` beside `tool-linux-amd64.tar.gz`. The
 * same file fetched again (stalwartlabs/mail-server's foundationdb .deb in two stages, each
 * installed in its own RUN) is no companion: each fix is whole.
 */
function companionOf(model: DockerfileModel, index: TokenIndex, own: Entry, token: string): DfInstruction | undefined {
  // Once per instruction: a RUN of thousands of downloads asks for each of its findings.
  if (companions.has(own)) return companions.get(own);
  const byStem = filesByStem(model, index, token);
  let found: DfInstruction | undefined;
  for (const name of downloadedFiles(model, own, token)) {
    // Few names share a stem (the file, its .sig): a file fetched a thousand times is one name.
    for (const [other, fetchedBy] of byStem.get(stemOf(name)) ?? []) if (!found && other !== name && fetchedBy !== own.ins) found = fetchedBy;
  }
  companions.set(own, found);
  return found;
}

const companions = new WeakMap<Entry, DfInstruction | undefined>();

/** Per token index: the first instruction fetching each file, by the file's stem and name (built once: a file of many downloads asks for each). */
const stems = new WeakMap<TokenIndex, Map<string, Map<string, DfInstruction>>>();
function filesByStem(model: DockerfileModel, index: TokenIndex, token: string): Map<string, Map<string, DfInstruction>> {
  let byStem = stems.get(index);
  if (!byStem) {
    byStem = new Map();
    for (const entry of index.byInstruction.values()) {
      if (!entry.download) continue;
      for (const name of downloadedFiles(model, entry, token)) {
        const stem = stemOf(name);
        const names = byStem.get(stem) ?? new Map<string, DfInstruction>();
        if (!names.has(name)) names.set(name, entry.ins);
        byStem.set(stem, names);
      }
    }
    stems.set(index, byStem);
  }
  return byStem;
}

/** The names of the files an instruction's URLs naming the token fetch (`tool_1.0_amd64.apk`). */
function downloadedFiles(model: DockerfileModel, entry: Entry, token: string): Set<string> {
  const text = maskSubstitutions(model.text.slice(entry.ins.argsStart, entry.ins.end));
  const out = new Set<string>();
  // matchAll starts where the shared expression's last exec left off (holdsDownload may stop early).
  URL_IN_WORD.lastIndex = 0;
  for (const m of text.matchAll(URL_IN_WORD)) {
    const url = m[0].replace(/[?#].*$/, '');
    const name = url.slice(url.lastIndexOf('/') + 1);
    if (tokenPattern(token).test(name)) out.add(name);
  }
  return out;
}

/** An entry later in the file sees the download's files: same lineage, or a COPY --from of it. */
function flowsFrom(entry: Entry, lineage: ReadonlySet<number>): boolean {
  if (lineage.has(entry.stage.index)) return true;
  if (entry.ins.keyword !== 'COPY' && entry.ins.keyword !== 'ADD') return false;
  return entry.stage.deps.some((d) => d.kind === 'copy' && lineage.has(d.stage) && entry.ins.start <= d.start && d.start < entry.ins.end);
}
