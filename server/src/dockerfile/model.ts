/**
 * The Dockerfile model archlens reasons about, built on dockerfile-ast's instruction boundaries:
 * stages, their effective platform, ARG scopes (global, per stage, multi-name, inherited through
 * `FROM <stage>`, the automatic platform ARGs), ARG-default resolution of image names and
 * platforms, and the stage graph to the exported stage. dockerfile-ast's own scoping knows
 * neither multi-name ARGs nor stage inheritance nor the automatic ARGs, so this is done here.
 * All positions are offsets into the Dockerfile text (UTF-16), turned into ranges by the rules.
 */
import type { DockerfileParser, Instruction, Heredoc } from 'dockerfile-ast';
import { Memo } from '../core/memo';
import { escapeRegExp, LineIndex } from '../core/text';
import { parseImageReference, type ParsedReference } from '../images/reference';
import { expand, PLATFORM_ARG_SET, scanVarRefs, splitWords, unquote, type WordToken } from './vars';
import { runView, type HeredocSpan, type RunView } from './run';

export interface DfInstruction {
  /** Upper-case keyword. */
  keyword: string;
  start: number;
  end: number;
  /** Offset right after the keyword: the arguments, flags included, follow. */
  argsStart: number;
  /** First and last line (0-based). */
  line: number;
  endLine: number;
  node: Instruction;
}

export interface ArgDecl {
  name: string;
  /** The default as written (quotes removed); undefined when the ARG has none. */
  value?: string;
  /** Offsets of the whole `NAME[=value]` word, and of the name. */
  start: number;
  end: number;
  nameEnd: number;
  instruction: DfInstruction;
  /** Stage index, or undefined for a global ARG (before the first FROM). */
  stage?: number;
}

export interface EnvDecl { name: string; value: string; start: number; end: number; valueStart: number; instruction: DfInstruction }

export type PlatformKind = 'target' | 'build' | 'constant' | 'unknown';
export interface StagePlatform {
  kind: PlatformKind;
  /** The resolved flag value for constants / unknowns ("linux/amd64"). */
  value?: string;
  /** Set when the platform is inherited through `FROM <stage>`: that stage's index. */
  inheritedFrom?: number;
}

export interface PlatformFlag {
  /** As written (`$BUILDPLATFORM`) and after ARG-default expansion. */
  raw: string;
  resolved: string;
  /** The whole `--platform=…` flag, and its value. */
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
}

export type StageBase =
  | { kind: 'image'; raw: string; resolved: string; start: number; end: number }
  | { kind: 'stage'; stage: number; raw: string; start: number; end: number }
  | { kind: 'scratch'; start: number; end: number }
  | { kind: 'missing' };

export type DepKind = 'from' | 'copy' | 'mount';
export interface StageDep { kind: DepKind; stage: number; start: number; end: number }

/** An image the Dockerfile pulls: a FROM base, `COPY --from=<image>`, `RUN --mount=from=<image>`. */
export interface ImageSource {
  kind: DepKind;
  raw: string;
  resolved: string;
  start: number;
  end: number;
  stage: number;
  instruction: DfInstruction;
  /** The reference, parsed once; not one when the name still holds a build argument (known only at build time). */
  reference: ParsedReference;
}

/** An image source's reference as archlens can look it up. */
function referenceOf(raw: string, resolved: string): ParsedReference {
  return resolved.includes('$')
    ? { ok: false, reason: `"${raw}" uses a build argument without a default; it is known only at build time`, original: raw }
    : parseImageReference(resolved);
}

export interface Stage {
  index: number;
  /** Lower-cased like BuildKit does. */
  name?: string;
  from: DfInstruction;
  base: StageBase;
  platformFlag?: PlatformFlag;
  /** The platform from the stage's own flag (target when none). */
  ownPlatform: StagePlatform;
  /** What the stage really runs on: its own flag, its parent stage's platform for `FROM <stage>`, the target for `scratch`. */
  platform: StagePlatform;
  args: ArgDecl[];
  envs: EnvDecl[];
  instructions: DfInstruction[];
  runs: Array<{ instruction: DfInstruction; view: RunView }>;
  deps: StageDep[];
  images: ImageSource[];
  /** True when the exported stage needs this one (itself included). */
  reachesExport: boolean;
  /** Windows base or Windows shell: the Linux arch rules do not apply. */
  windows: boolean;
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  escape: string;
  instructions: DfInstruction[];
  globalArgs: ArgDecl[];
  stages: Stage[];
  /** Index of the exported stage (the last, or the configured target), or undefined for no stage. */
  exported?: number;
  /** Every ARG declaration (global and per stage), in file order. */
  allArgs: ArgDecl[];
  /** The `# syntax=` parser directive (the frontend image), when present. */
  syntax?: string;
  /** The exported stage and the stages it needs, per build target (reachFor). */
  reachByTarget: Map<string, Reach>;
  /** Facts rules derive from the model, computed once (core/memo.ts). */
  memo: Memo;
}

/** The exported stage of a build target and every stage it needs. */
export interface Reach { exported?: number; stages: ReadonlySet<number> }

let dockerfileAst: typeof DockerfileParser | undefined;

/** dockerfile-ast is read with the first Dockerfile: a run over manifests and charts never needs it (issue 13, build.mjs lazyVendors). */
function dockerfileParser(): typeof DockerfileParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; esbuild bundles it
  dockerfileAst ??= (require('dockerfile-ast') as typeof import('dockerfile-ast')).DockerfileParser;
  return dockerfileAst;
}

/** Parses the text into the model. Never throws on bad input (dockerfile-ast is tolerant). */
export function buildModel(text: string, target?: string): DockerfileModel {
  const lines = new LineIndex(text);
  const ast = dockerfileParser().parse(directivesAsBuildKitReadsThem(text));
  const escape = ast.getEscapeCharacter() || '\\';
  const offset = (p: { line: number; character: number }) => lines.offsetAt(p);

  const instructions: DfInstruction[] = ast.getInstructions().map((node) => {
    const range = node.getRange();
    const start = offset(range.start);
    const end = offset(range.end);
    // After the keyword: dockerfile-ast's own arguments range leaves the flags out.
    const argsStart = Math.min(end, offset(node.getInstructionRange().end));
    return {
      keyword: node.getKeyword().toUpperCase(),
      start,
      end,
      argsStart,
      line: range.start.line,
      endLine: range.end.line,
      node,
    };
  });

  const model: DockerfileModel = { text, lines, escape, instructions, globalArgs: [], stages: [], allArgs: [], reachByTarget: new Map(), memo: new Memo() };
  const syntax = ast.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax');
  if (syntax) model.syntax = syntax.getValue();
  const globalValues = new Map<string, string | undefined>();
  let stage: Stage | undefined;

  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      stage = newStage(model, ins, globalValues);
      model.stages.push(stage);
      continue;
    }
    if (ins.keyword === 'ARG') {
      const decls = argDecls(model, ins, stage?.index);
      model.allArgs.push(...decls);
      if (!stage) {
        model.globalArgs.push(...decls);
        for (const d of decls) globalValues.set(d.name, d.value === undefined ? globalValues.get(d.name) : expand(d.value, globalValues));
      } else {
        stage.args.push(...decls);
        stage.instructions.push(ins);
      }
      continue;
    }
    if (!stage) continue;
    stage.instructions.push(ins);
    switch (ins.keyword) {
      case 'ENV': stage.envs.push(...envDecls(model, ins)); break;
      case 'RUN': addRun(model, stage, ins, globalValues, offset); break;
      case 'COPY': case 'ADD': addCopyFrom(model, stage, ins, globalValues); break;
      case 'SHELL': if (/powershell|pwsh|cmd(?:\.exe)?"/i.test(ins.node.getTextContent())) stage.windows = true; break;
      // The accounts of Windows container images: a Windows stage on a base whose name does not say
      // so (kubernetes-sigs/windows-testing images/java: a Windows busybox from an e2e registry).
      case 'USER': if (/^\s*Container(?:Administrator|User)\s*$/i.test(model.text.slice(ins.argsStart, ins.end))) stage.windows = true; break;
      default: break;
    }
  }

  resolvePlatforms(model);
  markReach(model, target);
  return model;
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+)$/;
const KNOWN_DIRECTIVES = new Set(['escape', 'syntax', 'check']);

/**
 * The text dockerfile-ast is given. BuildKit reads parser directives from the top up to the first
 * line that is not a known one (escape, syntax, check); dockerfile-ast takes any `# name=value`
 * (`# archlens ignore=AL311`, `# foo=bar`) for a directive and reads on, so a `# escape=` after such
 * a line would change its escape character where BuildKit's stays `\`. The line that ends BuildKit's
 * directives is shown to it with its `=` blanked (offsets unchanged); suppression comments are read
 * from the raw text anyway.
 *
 * dockerfile-ast's directive scan is also quadratic on two shapes, so they are blanked too: a line
 * holding many `#` (it scans to the end of the line again from each `#` after the first directive,
 * or from each `#` of a comment that ends the file), and comments are never read from its tree.
 */
function directivesAsBuildKitReadsThem(text: string): string {
  const parts: string[] = []; // the text up to `at`, as dockerfile-ast is shown it
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  parts.push(text.slice(0, at));
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(at, end);
    const trimmed = line.trimStart();
    // Trimmed first: a lazy value before `\s*$` would make the match quadratic in a line of spaces.
    const m = DIRECTIVE.exec(trimmed.trimEnd());
    if (m && KNOWN_DIRECTIVES.has(m[1].toLowerCase())) {
      // One directive per line, the first word of its value (what dockerfile-ast reads) kept.
      const afterEq = line.slice(line.indexOf('=') + 1);
      const valueStart = line.length - afterEq.trimStart().length;
      const wordEnd = line.slice(valueStart).search(/[ \t]/);
      const rest = wordEnd === -1 ? line.length : valueStart + wordEnd;
      parts.push(line.slice(0, rest), line.slice(rest).replace(/#/g, ' '), nl === -1 ? '' : '\n');
      at = end + 1;
      continue;
    }
    if (!trimmed.startsWith('#')) { parts.push(text.slice(at)); break; }
    let blanked = line.replace(/=/g, ' ');
    if (nl === -1) {
      const first = line.indexOf('#') + 1;
      blanked = blanked.slice(0, first) + blanked.slice(first).replace(/#/g, ' ');
    }
    parts.push(blanked, text.slice(end));
    break;
  }
  return parts.join('');
}

function newStage(model: DockerfileModel, ins: DfInstruction, globals: Map<string, string | undefined>): Stage {
  const index = model.stages.length;
  const words = splitWords(model.text.slice(ins.argsStart, ins.end), ins.argsStart, model.escape);
  let i = 0;
  let platformFlag: PlatformFlag | undefined;
  for (; i < words.length && words[i].text.startsWith('--'); i++) {
    const w = words[i];
    const m = /^--platform=(.*)$/s.exec(w.text);
    if (m) {
      const raw = unquote(m[1]);
      const valueStart = w.start + '--platform='.length;
      platformFlag = { raw, resolved: expand(raw, globals), start: w.start, end: w.end, valueStart, valueEnd: w.end };
    }
  }
  const image = words[i];
  let name: string | undefined;
  if (words[i + 1] && /^as$/i.test(words[i + 1].text) && words[i + 2]) name = words[i + 2].text.toLowerCase();

  let base: StageBase = { kind: 'missing' };
  let alsoFrom: Stage[] = [];
  if (image) {
    const resolved = expand(image.text, globals);
    const lower = resolved.toLowerCase();
    const parents = stagesNamed(model, resolved, index);
    const parent = parents[0];
    alsoFrom = parents.slice(1);
    // `FROM $BASE_BUILDER`: a --build-arg can name any earlier stage the pattern allows.
    for (const s of stagesSelectableByArgs(model, image.text, globals, index, parent !== undefined)) if (s !== parent && !alsoFrom.includes(s)) alsoFrom.push(s);
    if (lower === 'scratch') base = { kind: 'scratch', start: image.start, end: image.end };
    else if (parent) base = { kind: 'stage', stage: parent.index, raw: image.text, start: image.start, end: image.end };
    else base = { kind: 'image', raw: image.text, resolved, start: image.start, end: image.end };
  }
  const ownPlatform = platformOf(platformFlag);
  const stage: Stage = {
    index,
    name,
    from: ins,
    base,
    platformFlag,
    ownPlatform,
    // BuildKit gives `scratch` the target platform whatever its flag says (dockerfile2llb sets the
    // empty image's config and the stage's platform to the target): nothing is pulled for a flag to
    // choose, so `FROM --platform=$BUILDPLATFORM scratch` holding cross-compiled binaries is multi-arch.
    platform: base.kind === 'scratch' ? { kind: 'target' } : ownPlatform,
    args: [],
    envs: [],
    instructions: [],
    runs: [],
    deps: [],
    images: [],
    reachesExport: false,
    windows: base.kind === 'image' && /(?:^|\/)(?:windows|servercore|nanoserver)|windowsservercore|nanoserver|(?:^|[-:])ltsc\d{4}/i.test(base.resolved),
  };
  if (base.kind === 'stage') stage.deps.push({ kind: 'from', stage: base.stage, start: base.start, end: base.end });
  if (base.kind === 'stage' || base.kind === 'image') {
    for (const other of alsoFrom) stage.deps.push({ kind: 'from', stage: other.index, start: base.start, end: base.end });
  }
  if (base.kind === 'image') stage.images.push({ kind: 'from', raw: base.raw, resolved: base.resolved, start: base.start, end: base.end, stage: index, instruction: ins, reference: referenceOf(base.raw, base.resolved) });
  if (platformFlag && /^windows\//i.test(platformFlag.resolved)) stage.windows = true;
  return stage;
}

/** The platform a `--platform` value names: TARGET, BUILD, a constant after ARG defaults, or unknown. */
export function platformOf(flag: PlatformFlag | undefined): StagePlatform {
  if (!flag) return { kind: 'target' };
  const v = flag.resolved.trim();
  // `${BUILDPLATFORM:-linux/amd64}`: the default only matters for builders that do not set the ARG.
  const ref = (name: string) => `\\$(?:${name}|\\{${name}(?::?-[^}]*)?\\})`;
  const is = (prefix: 'TARGET' | 'BUILD', value: string) => new RegExp(`^(?:${ref(`${prefix}PLATFORM`)}|${ref(`${prefix}OS`)}/${ref(`${prefix}ARCH`)}(?:/?${ref(`${prefix}VARIANT`)})?)$`).test(value);
  // Read as written first: a global `ARG BUILDPLATFORM=linux/amd64` default is AL302's finding, and
  // the flag still says what it means ($BUILDPLATFORM), so it is not taken for a constant.
  const raw = flag.raw.trim();
  if (is('TARGET', raw) || is('TARGET', v)) return { kind: 'target' };
  if (is('BUILD', raw) || is('BUILD', v)) return { kind: 'build' };
  if (v !== '' && !v.includes('$')) return { kind: 'constant', value: v };
  return { kind: 'unknown', value: v };
}

function argDecls(model: DockerfileModel, ins: DfInstruction, stage: number | undefined): ArgDecl[] {
  const words = splitWords(model.text.slice(ins.argsStart, ins.end), ins.argsStart, model.escape);
  return words.map((w) => {
    const eq = w.text.indexOf('=');
    const name = eq === -1 ? w.text : w.text.slice(0, eq);
    const decl: ArgDecl = { name, start: w.start, end: w.end, nameEnd: w.start + name.length, instruction: ins, stage };
    if (eq !== -1) decl.value = unquote(w.text.slice(eq + 1));
    return decl;
  });
}

function envDecls(model: DockerfileModel, ins: DfInstruction): EnvDecl[] {
  const words = splitWords(model.text.slice(ins.argsStart, ins.end), ins.argsStart, model.escape);
  if (words.length === 0) return [];
  // Legacy form `ENV NAME value with spaces`.
  if (!words[0].text.includes('=')) {
    const rest = words.slice(1);
    const valueStart = rest.length ? rest[0].start : words[0].end;
    return [{ name: words[0].text, value: model.text.slice(valueStart, ins.end), start: words[0].start, end: ins.end, valueStart, instruction: ins }];
  }
  return words.filter((w) => w.text.includes('=')).map((w) => {
    const eq = w.text.indexOf('=');
    return { name: w.text.slice(0, eq), value: unquote(w.text.slice(eq + 1)), start: w.start, end: w.end, valueStart: w.start + eq + 1, instruction: ins };
  });
}

/** The leading `--flag` words of an instruction and where its remaining arguments start (the rest is not split). */
function flagWords(model: DockerfileModel, ins: DfInstruction): { flags: WordToken[]; rest: number } {
  const text = model.text;
  const flags: WordToken[] = [];
  let at = ins.argsStart;
  for (;;) {
    while (at < ins.end && /\s/.test(text[at])) at++;
    if (text[at] === model.escape && (text[at + 1] === '\n' || text[at + 1] === '\r')) { at += text[at + 1] === '\r' ? 3 : 2; continue; }
    if (at >= ins.end || text[at] !== '-' || text[at + 1] !== '-') return { flags, rest: Math.min(at, ins.end) };
    // A flag is one word (quotes group), so split just this word.
    let end = at;
    let quote: string | undefined;
    while (end < ins.end) {
      const c = text[end];
      if (quote) { if (c === quote) quote = undefined; end++; continue; }
      if (c === '"' || c === "'") { quote = c; end++; continue; }
      if (/\s/.test(c)) break;
      end++;
    }
    flags.push({ text: text.slice(at, end), start: at, end });
    at = end;
  }
}

/** A `--from` value: a stage (by name or index), or an image. */
function addSource(model: DockerfileModel, stage: Stage, kind: 'copy' | 'mount', raw: string, start: number, end: number, ins: DfInstruction, globals: Map<string, string | undefined>): void {
  const resolved = expand(raw, stageValues(stage, globals));
  const lower = resolved.toLowerCase();
  if (/^\d+$/.test(resolved)) {
    const n = Number(resolved);
    if (n < stage.index) stage.deps.push({ kind, stage: n, start, end });
    return;
  }
  const named = stagesNamed(model, resolved, stage.index);
  if (named.length) {
    for (const s of named) stage.deps.push({ kind, stage: s.index, start, end });
    return;
  }
  if (lower === 'scratch' || resolved === '' || lower === 'context') return;
  stage.images.push({ kind, raw, resolved, start, end, stage: stage.index, instruction: ins, reference: referenceOf(raw, resolved) });
}

function stageValues(stage: Stage, globals: Map<string, string | undefined>): Map<string, string | undefined> {
  const values = new Map(globals);
  for (const a of stage.args) if (a.value !== undefined) values.set(a.name, a.value);
  return values;
}

function addCopyFrom(model: DockerfileModel, stage: Stage, ins: DfInstruction, globals: Map<string, string | undefined>): void {
  if (!model.text.slice(ins.argsStart, ins.end).includes('--from')) return;
  for (const f of flagWords(model, ins).flags) {
    const m = /^--from=(.*)$/s.exec(f.text);
    if (m) addSource(model, stage, 'copy', unquote(m[1]), f.start + 7, f.end, ins, globals);
  }
}

function addRun(
  model: DockerfileModel,
  stage: Stage,
  ins: DfInstruction,
  globals: Map<string, string | undefined>,
  offset: (p: { line: number; character: number }) => number,
): void {
  const { flags, rest } = flagWords(model, ins);
  for (const f of flags) {
    if (!f.text.startsWith('--mount=')) continue;
    const options = f.text.slice('--mount='.length);
    let cursor = f.start + '--mount='.length;
    for (const part of options.split(',')) {
      const m = /^from=(.*)$/.exec(part);
      if (m) addSource(model, stage, 'mount', unquote(m[1]), cursor + 5, cursor + part.length, ins, globals);
      cursor += part.length + 1;
    }
  }
  const heredocs: HeredocSpan[] = [];
  if (model.text.slice(rest, ins.end).includes('<<')) {
    for (const h of heredocsOf(ins)) {
      const content = h.getContentRange();
      if (!content) continue;
      heredocs.push({ opStart: offset(h.getStartRange().start), contentStart: offset(content.start), contentEnd: offset(content.end) });
    }
  }
  stage.runs.push({ instruction: ins, view: runView(model.text.slice(rest, ins.end), rest, model.escape, heredocs) });
}

/** The heredocs of a RUN, COPY or ADD (dockerfile-ast has them on those instruction classes only). */
export function heredocsOf(ins: DfInstruction): Heredoc[] {
  const getHeredocs = (ins.node as unknown as { getHeredocs?: () => Heredoc[] }).getHeredocs;
  return getHeredocs ? getHeredocs.call(ins.node) : [];
}

/**
 * Offsets of the COPY/ADD heredoc bodies whose delimiter is quoted (`COPY <<"EOF" /x`): BuildKit
 * writes them out verbatim, so a `$TARGETARCH` there is text, not a use.
 */
export function verbatimHeredocs(model: DockerfileModel, ins: DfInstruction): Array<[number, number]> {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || !model.text.slice(ins.argsStart, ins.end).includes('<<')) return [];
  const spans: Array<[number, number]> = [];
  for (const h of heredocsOf(ins)) {
    const content = h.getContentRange();
    const opener = model.text.slice(model.lines.offsetAt(h.getStartRange().start), model.lines.offsetAt(h.getStartRange().end));
    if (content && /^<<-?\s*["']/.test(opener)) spans.push([model.lines.offsetAt(content.start), model.lines.offsetAt(content.end)]);
  }
  return spans;
}

/** The values the automatic platform ARGs take for the default targets, to resolve names like `binaries-$TARGETOS`. */
const PLATFORM_VALUES: ReadonlyArray<ReadonlyMap<string, string>> = ['amd64', 'arm64'].map((arch) => new Map([
  ['TARGETOS', 'linux'], ['TARGETARCH', arch], ['TARGETPLATFORM', `linux/${arch}`], ['TARGETVARIANT', ''],
  ['BUILDOS', 'linux'], ['BUILDARCH', arch], ['BUILDPLATFORM', `linux/${arch}`], ['BUILDVARIANT', ''],
]));

/**
 * Earlier stages a FROM / --from value names (BuildKit lower-cases stage names). A value still
 * holding automatic platform ARGs (`binaries-$TARGETOS`) names every stage it expands to for the
 * targets; the first is the one modelled as the base.
 */
function stagesNamed(model: DockerfileModel, value: string, before: number): Stage[] {
  const candidates = value.includes('$') ? [...new Set(PLATFORM_VALUES.map((v) => expand(value, v)))] : [value];
  const found: Stage[] = [];
  for (const c of candidates) {
    const lower = c.toLowerCase();
    const s = model.stages.find((st) => st.name !== undefined && st.name === lower && st.index < before);
    if (s && !found.includes(s)) found.push(s);
  }
  return found;
}

/**
 * ARGs a build system fills with an image, never a stage: Home Assistant's Supervisor builds every
 * add-on with `BUILD_FROM=<base image>` (build.yaml's `build_from`, one per architecture) beside
 * `BUILD_ARCH` (home-assistant/supervisor's supervisor/apps/build.py), and `FROM $BUILD_FROM` is how
 * add-on Dockerfiles start their final stage (home-assistant/addons' silabs-multiprotocol copies its
 * cross-built daemons into it).
 */
const IMAGE_BY_CONVENTION = new Set(['BUILD_FROM']);

/**
 * Earlier stages a FROM value can name once its global ARGs are overridden with `--build-arg`
 * (`FROM $BASE_BUILDER`, `FROM ${DISTRO}-base`): each reference to a global ARG matches any text.
 * fluent-bit's packaging Dockerfiles pick their per-distro base stage this way: the ARG has no
 * default, or its default names a stage (`namesStage`). An ARG whose default names an image is there
 * to swap that image (`ARG DISTROLESS_IMAGE=registry.k8s.io/build-image/go-runner:...`, then `FROM
 * ${DISTROLESS_IMAGE}`: kubernetes/cloud-provider-aws), not to select a stage: taking it for every
 * earlier stage put the builders on the export chain.
 */
function stagesSelectableByArgs(model: DockerfileModel, written: string, globals: ReadonlyMap<string, string | undefined>, before: number, namesStage: boolean): Stage[] {
  const refs = scanVarRefs(written).filter((r) => globals.has(r.name) && !PLATFORM_ARG_SET.has(r.name));
  if (refs.some((r) => IMAGE_BY_CONVENTION.has(r.name))) return [];
  if (refs.length === 0) return [];
  if (!namesStage && refs.every((r) => (globals.get(r.name) ?? '') !== '')) return [];
  let source = '';
  let at = 0;
  for (const r of refs) {
    source += escapeRegExp(written.slice(at, r.start)) + '.*';
    at = r.end;
  }
  source += escapeRegExp(written.slice(at));
  const pattern = new RegExp(`^${source}$`, 'i');
  return model.stages.filter((s) => s.index < before && s.name !== undefined && pattern.test(s.name));
}

/** Effective platforms: `FROM <stage>` ignores its own flag and runs on the parent's platform. */
function resolvePlatforms(model: DockerfileModel): void {
  for (const stage of model.stages) {
    if (stage.base.kind === 'stage') {
      const parent = model.stages[stage.base.stage];
      stage.platform = { ...parent.platform, inheritedFrom: parent.platform.inheritedFrom ?? parent.index };
      if (parent.windows) stage.windows = true;
    }
  }
}

function markReach(model: DockerfileModel, target?: string): void {
  const reach = reachFor(model, target);
  model.exported = reach.exported;
  for (const i of reach.stages) model.stages[i].reachesExport = true;
}

/** The exported stage and every stage it needs, for a build target (cached per model and target). */
export function reachFor(model: DockerfileModel, target?: string): Reach {
  const key = target ?? '';
  let hit = model.reachByTarget.get(key);
  if (!hit) {
    const stages = new Set<number>();
    hit = { stages };
    if (model.stages.length) {
      let exported = model.stages.length - 1;
      const named = target ? model.stages.find((s) => s.name === target.toLowerCase()) : undefined;
      if (named) exported = named.index;
      hit.exported = exported;
      const queue = [exported];
      while (queue.length) {
        const i = queue.pop()!;
        if (stages.has(i)) continue;
        stages.add(i);
        for (const d of model.stages[i].deps) queue.push(d.stage);
      }
    }
    model.reachByTarget.set(key, hit);
  }
  return hit;
}

/**
 * Whether `name` is declared in `stage` before `offset`: an ARG or ENV of the stage, or of a stage
 * it is built `FROM` (inherited), for the automatic platform ARGs too (they need a declaration).
 */
export function declaredIn(model: DockerfileModel, stage: Stage, name: string, offset: number): boolean {
  for (let s: Stage | undefined = stage, limit = offset; s; ) {
    if (s.args.some((a) => a.name === name && a.start < limit)) return true;
    if (s.envs.some((e) => e.name === name && e.start < limit)) return true;
    if (s.base.kind !== 'stage') break;
    s = model.stages[s.base.stage];
    limit = Number.MAX_SAFE_INTEGER;
  }
  return false;
}

/** True for the ARGs BuildKit fills in itself. */
export function isPlatformArg(name: string): boolean {
  return PLATFORM_ARG_SET.has(name);
}
