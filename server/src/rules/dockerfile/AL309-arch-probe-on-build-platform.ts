/** AL309: `uname -m`, `arch`, `dpkg --print-architecture`, `apk --print-arch` in a $BUILDPLATFORM stage describe the build machine. */
import { defineRule } from '../../core/rule';
import type { DockerfileModel } from '../../dockerfile/model';
import type { Fix } from '../../core/types';
import { anchors, builtForLocalMachine, declareArgsEdit, rangeOf, stageLabel, type Ctx } from './util';
import type { Stage } from '../../dockerfile/model';

const PROBE = /\b(?:uname\s+(?:-[a-zA-Z]*m[a-zA-Z]*|--machine)|dpkg\s+--print-architecture|apk\s+--print-arch|arch)\b/g;

const messages = {
  archProbe: (d: { probe: string; stage: string }) =>
    `\`${d.probe}\` in ${d.stage}, which runs on $BUILDPLATFORM, reports the build machine's architecture, not the target's. Use $TARGETARCH (declare ARG TARGETARCH) to choose what the image gets.`,
};

export const AL309 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL309',
    name: 'arch-probe-on-build-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'uname -m, arch, dpkg --print-architecture or apk --print-arch in a $BUILDPLATFORM stage describe the build machine, not the target.',
    messages,
    fixable: true,
  },
  check(ctx) {
    if (builtForLocalMachine(ctx.file)) return;
    for (const stage of ctx.model.stages) {
      if (stage.platform.kind !== 'build' || stage.windows) continue;
      if (lineageNamesTarget(ctx, stage)) continue;
      for (const run of stage.runs) {
        if (!/uname|arch/.test(run.view.body)) continue;
        if (CROSS_TOOLCHAIN.test(run.view.body)) continue;
        for (const segment of run.view.segments) {
          PROBE.lastIndex = 0;
          for (let m = PROBE.exec(segment.text); m; m = PROBE.exec(segment.text)) {
            const start = segment.base + m.index;
            const end = start + m[0].length;
            if (m[0] === 'arch') {
              // `arch` alone must be a command name, not a word like `--arch` or `$arch`.
              const isCommand = run.view.commands().some((c) => c.name && c.name.start === start && c.name.end === end);
              if (!isCommand) continue;
            }
            if (lineIsComment(segment.text, m.index)) continue;
            ctx.report({
              range: rangeOf(ctx, start, end),
              messageId: 'archProbe',
              data: { probe: m[0], stage: stageLabel(stage) },
              suppressionAnchors: anchors(run.instruction),
              fixes: dpkgFix(ctx, stage, segment.text, m.index, m[0], segment.base),
            });
          }
        }
      }
    }
  },
});

/** The target handed to a build through its settings: `GOARCH=$TARGETARCH`, `TARGETOS=${TARGETOS}`, `ENV GOOS=$TARGETOS`. */
const PASSES_TARGET = /(?<![\w-])(?:GOARCH|GOOS|GOARM|TARGETARCH|TARGETOS|TARGETPLATFORM|TARGETVARIANT)=["']?\$\{?TARGET(?:ARCH|OS|PLATFORM|VARIANT)\b/;

/**
 * A stage that passes the target to its build itself (`GOARCH=$TARGETARCH go build`, `TARGETOS=$TARGETOS
 * TARGETARCH=$TARGETARCH build-cross.sh`) tells the build machine and the target apart: a probe there is
 * about the build machine, the toolchain it installs to cross-compile (dcgm-exporter's builder picks its
 * Go compiler with `dpkg --print-architecture`, then builds for $TARGETARCH). ${TARGETARCH} in the probe's
 * place would install a compiler the build machine cannot run. A plain `${TARGETARCH}` elsewhere (a
 * download, or what this rule's fix writes) is not such a hand-over.
 */
function namesTarget(ctx: Ctx, stage: Stage): boolean {
  const texts = stage.instructions
    .filter((ins) => ins.keyword === 'RUN' || ins.keyword === 'ENV')
    .map((ins) => ctx.text.slice(ins.argsStart, ins.end));
  return texts.some((text) => PASSES_TARGET.test(text) || CARGO_TARGET.test(text) || cargoTargetFromMappedFile(text, texts));
}

/**
 * Cargo told the target through a build argument (`cargo zigbuild --target ${TARGET}`, `cargo chef cook
 * --target $RUST_TARGET`): a Rust cross build, so the stage's probe picks the build machine's own tools.
 * Not `--target $(uname -m)-unknown-linux-gnu`: that target is the probe's, the build machine's.
 */
const CARGO_TARGET = /\bcargo\b[^\n;&|]*?\s--target[=\s]+["']?\$\{?[A-Za-z_]/;

/** `cargo ... --target $(cat rust_target.txt)`: the triple read back from a file; group 1 is the file. */
const CARGO_TARGET_FILE = /\bcargo\b[^\n;&|]*?\s--target[=\s]+["']?\$\(\s*cat\s+["']?([^\s)"';&|]+)/;
const TARGET_REF = /\$\{?TARGET(?:ARCH|PLATFORM|VARIANT)\b/;

/**
 * Cargo's target read from a file that a RUN of the stage writes from the target platform
 * (astral-sh/uv's Dockerfile: `case "$TARGETPLATFORM" in "linux/arm64") echo aarch64-unknown-linux-musl
 * > rust_target.txt`, then `cargo auditable zigbuild --target $(cat rust_target.txt)`): a hand-over like
 * `--target ${TARGET}`. A file written from the probe (`uname -m > arch.txt`) is the build machine's.
 */
function cargoTargetFromMappedFile(text: string, stageTexts: readonly string[]): boolean {
  const file = CARGO_TARGET_FILE.exec(text)?.[1];
  if (!file) return false;
  const name = file.split('/').pop() ?? file;
  const writes = new RegExp(`>>?\\s*["']?(?:\\S*/)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`);
  return stageTexts.some((t) => TARGET_REF.test(t) && writes.test(t));
}

/**
 * The stage or one built FROM it (at any depth) hands the target to its build. A toolchain stage often
 * only installs the cross compiler and its children compile (stalwartlabs/mail-server's `base` downloads
 * zig for `$(uname -m)`, its `builder` runs `cargo zigbuild --target ${TARGET}`).
 */
function lineageNamesTarget(ctx: Ctx, stage: Stage): boolean {
  const seen = new Set<number>();
  const visit = (s: Stage): boolean => {
    if (seen.has(s.index)) return false;
    seen.add(s.index);
    if (namesTarget(ctx, s)) return true;
    return ctx.model.stages.some((child) => child.base.kind === 'stage' && child.base.stage === s.index && visit(child));
  };
  return visit(stage);
}

/**
 * A cross toolchain package named for an architecture (`gcc-aarch64-linux-gnu`, `binutils-x86-64-linux-gnu`,
 * `crossbuild-essential-arm64`). A RUN that installs one asks the probe which compilers the build
 * machine lacks for the other architectures (apache/incubator-devlake's builder: `if [ "$(arch)" !=
 * "aarch64" ]; then apt-get install -y gcc-aarch64-linux-gnu`): a question about the build machine,
 * which ${TARGETARCH} would answer wrongly.
 */
const CROSS_TOOLCHAIN = /\b(?:(?:gcc|g\+\+|cpp|binutils)(?:-\d+)?-(?:aarch64|x86-64|arm|i686|powerpc64le|s390x|riscv64)-linux-gnu\w*|crossbuild-essential-(?:amd64|arm64|armhf|armel|i386|ppc64el|s390x|riscv64))\b/;

function lineIsComment(text: string, index: number): boolean {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = text.slice(lineStart, index);
  return /^\s*#/.test(before) || /\s#/.test(before);
}

/**
 * `$(dpkg --print-architecture)` → `${TARGETARCH}`: Debian and Go name amd64 and arm64 alike, so the
 * fix is offered only when every configured target is one of those (armhf/i386 differ from Go's names).
 */
function dpkgFix(ctx: Ctx, stage: Stage, text: string, index: number, probe: string, base: number): Fix[] {
  if (!probe.startsWith('dpkg')) return [];
  if (!ctx.config.targets.every((t) => t.architecture === 'amd64' || t.architecture === 'arm64')) return [];
  if (text.slice(index - 2, index) !== '$(' || text[index + probe.length] !== ')') return [];
  const start = base + index - 2;
  const end = base + index + probe.length + 1;
  const edits = [{ range: rangeOf(ctx, start, end), newText: '${TARGETARCH}' }];
  const declare = declareArgsEdit(ctx, stage, ['TARGETARCH'], start);
  if (declare) edits.push(declare);
  return [{ title: 'Use ${TARGETARCH} (the target, not the build machine)', preferred: true, edits }];
}
