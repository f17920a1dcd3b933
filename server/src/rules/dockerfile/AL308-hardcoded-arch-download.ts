/**
 * AL308: a URL in RUN/ADD names one architecture (`…-linux-amd64.tar.gz`) that nothing chooses per
 * platform: every platform's image gets that architecture's binary.
 */
import type { Rule } from '../../engine/rule';
import type { Fix, TextEdit } from '../../engine/types';
import type { DockerfileModel, DfInstruction, Stage } from '../../dockerfile/model';
import { splitWords, unquote } from '../../dockerfile/vars';
import { anchors, archGuarded, declareArgsEdit, rangeOf, runCommands, stageLabel, type Ctx } from './util';

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

function report(ctx: Ctx, stage: Stage, ins: DfInstruction, tokens: Token[], fix: Fix | undefined): void {
  const t = tokens[0];
  ctx.report({
    range: rangeOf(ctx, t.start, t.end),
    message: `This download names one architecture ('${t.text}') in ${stageLabel(stage)}, and nothing chooses it per platform: a build for another platform gets the ${t.text} binary (exec format error). Use \${TARGETARCH} where the vendor uses Go names, else a case "$TARGETARCH" mapping.`,
    suppressionAnchors: anchors(ins),
    fixes: fix ? [fix] : [],
  });
}

function declare(ctx: Ctx, stage: Stage, at: number, edits: TextEdit[]): TextEdit[] {
  const d = declareArgsEdit(ctx, stage, ['TARGETARCH'], at);
  return d ? [...edits, d] : edits;
}

export const AL308: Rule<DockerfileModel> = {
  meta: {
    code: 'AL308',
    name: 'hardcoded-arch-download',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'A URL in RUN/ADD names one architecture that nothing chooses per platform.',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      if (stage.windows) continue;
      for (const { command, ins, run } of runCommands(stage, PREFILTER, true)) {
        if (archGuarded(command)) continue;
        const words = [...command.args, ...command.assignments.flatMap((a) => (a.value ? [a.value] : []))];
        if (command.name) words.push(command.name);
        for (const word of words) {
          if (!word.raw.includes('://')) continue;
          URL.lastIndex = 0;
          for (let m = URL.exec(word.raw); m; m = URL.exec(word.raw)) {
            const tokens = archTokens(m[0], word.start + m.index);
            if (tokens.length === 0) continue;
            report(ctx, stage, ins, tokens, runFix(ctx, stage, command.start, word.raw, tokens, run.view.exec));
          }
        }
      }
      // A URL kept in an ARG/ENV default (`ARG TOOL_URL=https://…_amd64.deb`) is downloaded the same way.
      const held = [...stage.args.map((a) => ({ value: a.value, start: a.nameEnd + 1, ins: a.instruction })),
        ...stage.envs.map((e) => ({ value: e.value, start: e.valueStart, ins: e.instruction }))];
      for (const h of held) {
        if (!h.value || !PREFILTER.test(h.value)) continue;
        const raw = ctx.text.slice(h.start, h.ins.end);
        const at = raw.indexOf(h.value);
        if (at === -1) continue;
        URL.lastIndex = 0;
        for (let m = URL.exec(h.value); m; m = URL.exec(h.value)) {
          const tokens = archTokens(m[0], h.start + at + m.index);
          if (tokens.length) report(ctx, stage, h.ins, tokens, undefined);
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
          const fix = tokens.every((t) => GO_NAMES.has(t.text))
            ? { title: 'Download the target architecture (${TARGETARCH})', preferred: true, edits: declare(ctx, stage, ins.start, tokens.map((t) => ({ range: rangeOf(ctx, t.start, t.end), newText: '${TARGETARCH}' }))) }
            : undefined;
          report(ctx, stage, ins, tokens, fix);
        }
      }
    }
  },
};

/** `${TARGETARCH}` for Go-named tokens, a `case "$TARGETARCH"` mapping before the command for known families. */
function runFix(ctx: Ctx, stage: Stage, commandStart: number, raw: string, tokens: Token[], exec: boolean): Fix | undefined {
  // Single quotes would stop the shell from expanding the variable; exec form has no shell to add a case.
  if (exec || raw.includes("'")) return undefined;
  if (tokens.every((t) => GO_NAMES.has(t.text))) {
    return {
      title: 'Download the target architecture (${TARGETARCH})',
      preferred: true,
      edits: declare(ctx, stage, commandStart, tokens.map((t) => ({ range: rangeOf(ctx, t.start, t.end), newText: '${TARGETARCH}' }))),
    };
  }
  const family = FAMILIES.find((f) => tokens.every((t) => f.tokens.includes(t.text)));
  if (!family) return undefined;
  const arms = Object.entries(family.map).map(([goarch, vendor]) => `${goarch}) dl_arch=${vendor} ;;`).join(' ');
  const mapping = `case "$TARGETARCH" in ${arms} *) echo "unsupported architecture: $TARGETARCH" >&2; exit 1 ;; esac && `;
  const at = ctx.lines.positionAt(commandStart);
  return {
    title: 'Choose the download per platform (case "$TARGETARCH" mapping)',
    preferred: true,
    edits: declare(ctx, stage, commandStart, [
      { range: { start: at, end: at }, newText: mapping },
      ...tokens.map((t) => ({ range: rangeOf(ctx, t.start, t.end), newText: '${dl_arch}' })),
    ]),
  };
}
