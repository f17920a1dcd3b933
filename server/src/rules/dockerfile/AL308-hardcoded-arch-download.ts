/**
 * AL308: a URL in RUN/ADD names one architecture (`…-linux-amd64.tar.gz`) that nothing chooses per
 * platform: every platform's image gets that architecture's binary.
 */
import { defineRule, type RuleContext } from '../../core/rule';
import type { Fix, TextEdit } from '../../core/types';
import type { ArgDecl, DockerfileModel, DfInstruction, Stage } from '../../dockerfile/model';
import { splitWords, unquote } from '../../dockerfile/vars';
import { downloadUses, maskSubstitutions, type DownloadUse } from './download-uses';
import { anchors, archGuarded, commentsAbove, declareArgsEdit, rangeOf, runCommands, stageLabel, type Ctx } from './util';

const TOKEN_SOURCE = '(?<![A-Za-z0-9])(amd64|x86_64|x86-64|x64|linux64|aarch64|arm64|armhf|armel|armv7l?|arm32v7|i386|i686|ppc64le|s390x)(?![A-Za-z0-9])';
/** Cheap test on a whole RUN body: a URL, then an arch token somewhere after it. */
const PREFILTER = new RegExp(`https?://[^\\s'"]*?${TOKEN_SOURCE}`);
const URL = /(?:https?|ftp):\/\/[^\s'"`<>|;&)]+/g;
const GO_NAMES = new Set(['amd64', 'arm64']);
/** Vendor naming families a `case "$TARGETARCH"` mapping can be written for. */
const FAMILIES: Array<{ tokens: string[]; map: Record<string, string> }> = [
  { tokens: ['x86_64', 'aarch64'], map: { amd64: 'x86_64', arm64: 'aarch64' } },
  { tokens: ['x64'], map: { amd64: 'x64', arm64: 'arm64' } },
];

interface Token { start: number; end: number; text: string }

/** Arch tokens in the literal parts of a URL (not inside `${…}` / `$(…)`). */
function archTokens(url: string, base: number): Token[] {
  const blanked = url.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, (m) => ' '.repeat(m.length));
  const out: Token[] = [];
  const re = new RegExp(TOKEN_SOURCE, 'g');
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) out.push({ start: base + m.index, end: base + m.index + m[0].length, text: m[0] });
  return out;
}

/** The GOARCH a token names, to let a stage pinned to that very platform download it. */
function goarchOf(token: string): string {
  if (/^(?:x86_64|x86-64|x64|linux64)$/.test(token)) return 'amd64';
  if (token === 'aarch64') return 'arm64';
  if (/^(?:armhf|armel|armv7l?|arm32v7)$/.test(token)) return 'arm';
  if (/^i[36]86$/.test(token)) return '386';
  return token;
}

/**
 * The ARGs a download can follow: the target's, and on a $BUILDPLATFORM stage the build machine's
 * first (a tool run during the build), since only the user knows whether the file is run there or
 * copied into the image.
 */
type ArchArg = 'TARGETARCH' | 'BUILDARCH';
function archArgs(stage: Stage): ArchArg[] {
  return stage.platform.kind === 'build' ? ['BUILDARCH', 'TARGETARCH'] : ['TARGETARCH'];
}

/** Architecture names as comments write them. */
const ARCH_NAME = '(?:arm64|aarch64|arm|armv7|amd64|x86_64|x86-64|x86|x64|intel|ppc64le|s390x|riscv64)';
/**
 * A comment saying the vendor publishes the file for one architecture only: "toda doesn't support
 * arm64 yet", "no arm64 build", "amd64 only", "only available for x86_64".
 */
const ONE_ARCH_ONLY = new RegExp([
  `(?:\\b(?:no|not|without|lacks?|unsupported|unavailable|missing)\\b|n't\\b)[^.;]{0,40}?\\b${ARCH_NAME}\\b`,
  `\\b${ARCH_NAME}\\b[^.;]{0,30}?\\b(?:not|unsupported|unavailable|missing)\\b`,
  `\\b${ARCH_NAME}[- ]only\\b`,
  `\\bonly\\b[^.;]{0,30}?\\b${ARCH_NAME}\\b`,
].join('|'), 'i');

/** The comment lines right above an instruction (its own block) and those inside its continuation lines. */
function commentsAt(ctx: Ctx, ins: DfInstruction): string[] {
  const out = commentsAbove(ctx, ins);
  for (let l = ins.line + 1; l <= ins.endLine; l++) {
    const text = ctx.lines.lineText(l).trim();
    if (text.startsWith('#')) out.push(text.slice(1));
  }
  return out;
}

/** The instruction's comments say the vendor has this file for one architecture only: `${TARGETARCH}` would name a file that does not exist. */
function saysOneArchOnly(ctx: Ctx, ins: DfInstruction): boolean {
  return commentsAt(ctx, ins).some((c) => !/archlens\s/.test(c) && ONE_ARCH_ONLY.test(c));
}

function reportTokens(ctx: RuleContext<DockerfileModel, typeof messages>, stage: Stage, ins: DfInstruction, tokens: Token[], fixes: Fix[]): void {
  const t = tokens[0];
  // Two ways to read it: the user picks, `--fix` applies neither.
  if (fixes.length > 1) fixes = fixes.map(({ preferred: _, ...f }) => f);
  // The file may not exist for the other architectures: the build would fail there, so never applied blind.
  if (fixes.length > 0 && saysOneArchOnly(ctx, ins)) {
    fixes = fixes.map(({ preferred: _, title, ...f }) => ({ ...f, title: `${title} — not applied by --fix: a comment says the vendor publishes one architecture only; check that the file exists for each` }));
  }
  ctx.report({
    range: rangeOf(ctx, t.start, t.end),
    messageId: stage.platform.kind === 'build' ? 'onBuildPlatform' : 'onTargetPlatform',
    data: { token: t.text, stage: stageLabel(stage) },
    suppressionAnchors: anchors(ins),
    fixes,
  });
}

function declare(ctx: Ctx, stage: Stage, arg: ArchArg, at: number, edits: TextEdit[]): TextEdit[] {
  const d = declareArgsEdit(ctx, stage, [arg], at);
  return d ? [...edits, d] : edits;
}

/** The later uses of the URL tokens' names (download-uses.ts), for each distinct token. */
function usesOf(ctx: Ctx, stage: Stage, ins: DfInstruction, tokens: Token[]): { uses: DownloadUse[]; truncated: boolean } {
  const found = [...new Set(tokens.map((t) => t.text))].map((text) => downloadUses(ctx, stage, ins, text));
  return { uses: found.flatMap((f) => f.uses), truncated: found.some((f) => f.truncated) };
}

/**
 * A fix's title and preference once the later uses are known: preferred only when every use is
 * rewritten with the URL (else the build would fail on the other platforms), otherwise offered
 * with the uses it can rewrite, saying how many it cannot.
 */
function withUses(title: string, edits: TextEdit[], left: number, truncated: boolean): Fix {
  if (truncated) return { title: `${title} (the file name has too many other uses to change them all: check them)`, edits };
  return left === 0
    ? { title, preferred: true, edits }
    : { title: `${title} (${left} other use${left === 1 ? '' : 's'} of the file name cannot be changed with it: check them)`, edits };
}

/** `${TARGETARCH}` (or `${BUILDARCH}`) in place of Go-named tokens and every later use of them. */
function goNamesFix(ctx: Ctx, stage: Stage, ins: DfInstruction, arg: ArchArg, at: number, tokens: Token[]): Fix | undefined {
  if (!tokens.every((t) => GO_NAMES.has(t.text))) return undefined;
  const { uses, truncated } = usesOf(ctx, stage, ins, tokens);
  const rewritten = uses.filter((u) => u.argEditable);
  let edits = declare(ctx, stage, arg, at, [...tokens, ...rewritten].map((t) => ({ range: rangeOf(ctx, t.start, t.end), newText: `\${${arg}}` })));
  // A use in a later stage needs the ARG declared there too.
  for (const other of new Set(rewritten.map((u) => u.stage).filter((s) => s !== stage))) {
    const first = Math.min(...rewritten.filter((u) => u.stage === other).map((u) => u.start));
    const d = declareArgsEdit(ctx, other, [arg], first);
    if (d) edits = [...edits, d];
  }
  const title = arg === 'TARGETARCH' ? 'Download the target architecture (${TARGETARCH})' : 'Download for the build machine (${BUILDARCH})';
  return withUses(title, edits, uses.length - rewritten.length, truncated);
}

const messages = {
  /** The stage runs on $BUILDPLATFORM: the file may be run during the build or copied into the image. */
  onBuildPlatform: (d: { token: string; stage: string }) =>
    `This download is the ${d.token} build whatever the platform. It names one architecture ('${d.token}') in ${d.stage}, which runs on $BUILDPLATFORM, and nothing chooses it per platform: a build machine or target of another architecture gets the ${d.token} binary (exec format error). Use \${BUILDARCH} if it runs during the build, \${TARGETARCH} if it goes into the image (a case mapping where the vendor does not use Go names).`,
  onTargetPlatform: (d: { token: string; stage: string }) =>
    `This download is the ${d.token} build whatever the platform. It names one architecture ('${d.token}') in ${d.stage}, and nothing chooses it per platform: a build for another platform gets the ${d.token} binary (exec format error). Use \${TARGETARCH} where the vendor uses Go names, else a case "$TARGETARCH" mapping.`,
};

export const AL308 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL308',
    name: 'hardcoded-arch-download',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'A URL in RUN/ADD names one architecture that nothing chooses per platform.',
    messages,
    fixable: true,
  },
  check(ctx) {
    const globalsSeen = new Set<ArgDecl>();
    for (const stage of ctx.model.stages) {
      if (stage.windows) continue;
      // A stage pinned to one platform (AL303's business) may download that platform's files.
      const pinned = stage.platform.kind === 'constant' ? /^[^/]+\/([^/]+)/.exec(stage.platform.value ?? '')?.[1] : undefined;
      const report = (ins: DfInstruction, found: Token[], fixes: (tokens: Token[]) => Fix[]): void => {
        const tokens = found.filter((t) => goarchOf(t.text) !== pinned);
        if (tokens.length) reportTokens(ctx, stage, ins, tokens, tokens.length === found.length ? fixes(tokens) : []);
      };
      for (const { command, ins, run } of runCommands(stage, PREFILTER, true)) {
        if (archGuarded(command)) continue;
        const words = [...command.args, ...command.assignments.flatMap((a) => (a.value ? [a.value] : []))];
        if (command.name) words.push(command.name);
        for (const word of words) {
          if (!word.raw.includes('://')) continue;
          const masked = maskSubstitutions(word.raw);
          URL.lastIndex = 0;
          for (let m = URL.exec(masked); m; m = URL.exec(masked)) {
            const tokens = archTokens(m[0], word.start + m.index);
            if (tokens.length === 0) continue;
            report(ins, tokens, (found) => archArgs(stage).flatMap((arg) => runFix(ctx, stage, ins, arg, command.start, word.raw, found, run.view.exec) ?? []));
          }
        }
      }
      // A URL kept in an ARG/ENV default (`ARG TOOL_URL=https://…_amd64.deb`) is downloaded the same
      // way, and so is a global ARG's default once the stage re-declares it (reported there once).
      const global = (a: ArgDecl) => ctx.model.globalArgs.filter((g) => g.name === a.name && g.value !== undefined && !globalsSeen.has(g)).at(-1);
      const inherited = stage.args.flatMap((a) => {
        const g = a.value === undefined ? global(a) : undefined;
        if (g) globalsSeen.add(g);
        return g ? [g] : [];
      });
      const held = [...[...stage.args, ...inherited].map((a) => ({ value: a.value, start: a.nameEnd + 1, ins: a.instruction })),
        ...stage.envs.map((e) => ({ value: e.value, start: e.valueStart, ins: e.instruction }))];
      for (const h of held) {
        if (!h.value || !PREFILTER.test(h.value)) continue;
        const raw = ctx.text.slice(h.start, h.ins.end);
        const at = raw.indexOf(h.value);
        if (at === -1) continue;
        URL.lastIndex = 0;
        for (let m = URL.exec(h.value); m; m = URL.exec(h.value)) {
          const tokens = archTokens(m[0], h.start + at + m.index);
          if (tokens.length) report(h.ins, tokens, () => []);
        }
      }
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'ADD') continue;
        const body = ctx.text.slice(ins.argsStart, ins.end);
        if (!PREFILTER.test(body)) continue;
        const words = splitWords(body, ins.argsStart, ctx.model.escape).filter((w) => !w.text.startsWith('--'));
        for (const w of words.slice(0, -1)) {
          const url = unquote(w.text);
          if (!/^https?:\/\//.test(url)) continue;
          const tokens = archTokens(url, w.start + (url === w.text ? 0 : 1));
          if (tokens.length === 0) continue;
          report(ins, tokens, (found) => archArgs(stage).flatMap((arg) => goNamesFix(ctx, stage, ins, arg, ins.start, found) ?? []));
        }
      }
    }
  },
});

/** `${TARGETARCH}` for Go-named tokens, a `case "$TARGETARCH"` mapping before the command for known families. */
function runFix(ctx: Ctx, stage: Stage, ins: DfInstruction, arg: ArchArg, commandStart: number, raw: string, tokens: Token[], exec: boolean): Fix | undefined {
  // Single quotes would stop the shell from expanding the variable; exec form has no shell to add a case.
  if (exec || raw.includes("'")) return undefined;
  const goNames = goNamesFix(ctx, stage, ins, arg, commandStart, tokens);
  if (goNames) return goNames;
  const family = FAMILIES.find((f) => tokens.every((t) => f.tokens.includes(t.text)));
  if (!family) return undefined;
  const arms = Object.entries(family.map).map(([goarch, vendor]) => `${goarch}) dl_arch=${vendor} ;;`).join(' ');
  const mapping = `case "$${arg}" in ${arms} *) echo "unsupported architecture: $${arg}" >&2; exit 1 ;; esac && `;
  const at = ctx.lines.positionAt(commandStart);
  // The shell variable exists from the download's command on, in this RUN only.
  const { uses, truncated } = usesOf(ctx, stage, ins, tokens);
  const rewritten = uses.filter((u) => u.place === 'same-run' && u.argEditable && (u.commandStart ?? -1) >= commandStart);
  const title = arg === 'TARGETARCH' ? 'Choose the download per platform (case "$TARGETARCH" mapping)' : 'Choose the download per build machine (case "$BUILDARCH" mapping)';
  return withUses(title, declare(ctx, stage, arg, commandStart, [
    { range: { start: at, end: at }, newText: mapping },
    ...[...tokens, ...rewritten].map((t) => ({ range: rangeOf(ctx, t.start, t.end), newText: '${dl_arch}' })),
  ]), uses.length - rewritten.length, truncated);
}
