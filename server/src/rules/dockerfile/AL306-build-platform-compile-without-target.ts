/**
 * AL306: a `$BUILDPLATFORM` stage compiles with no target configuration and its output reaches the
 * exported image: the binary is for the build machine's architecture.
 */
import { defineRule } from '../../core/rule';
import { goPathMatch } from '../../helm/chart/go-match';
import type { Fix, TextEdit } from '../../core/types';
import { reachFor, type DockerfileModel, type Stage } from '../../dockerfile/model';
import { installedBinary, namesBuildMachine, unconfiguredCompiles, type Compile } from './compile';
import { anchors, builtForLocalMachine, declareArgsEdit, deliversToImage, exportedStage, pathsCopiedOut, rangeOf, stageLabel, type Ctx } from './util';

/** The stage's compiles that would build for the build machine (empty unless the stage runs on $BUILDPLATFORM). */
export function compilesWithoutTarget(ctx: Ctx, stage: Stage, asIfBuild = true): Compile[] {
  if (stage.windows) return [];
  if (!asIfBuild && stage.platform.kind !== 'build') return [];
  return unconfiguredCompiles(ctx.model, stage, (install) => installCopiedOut(ctx, stage, install));
}

/**
 * The exported stage and the stages it is built FROM, when it runs on $BUILDPLATFORM: a compile there
 * lands in an image of the build machine's architecture (Kong/kubernetes-ingress-controller's
 * Dockerfile.debug runs `go install dlv` in `FROM --platform=$BUILDPLATFORM golang AS debug`).
 */
function exportedLineage(ctx: Ctx): Set<number> {
  const lineage = new Set<number>();
  let stage = exportedStage(ctx);
  if (stage?.platform.kind !== 'build') return lineage;
  while (stage && !lineage.has(stage.index)) {
    lineage.add(stage.index);
    stage = stage.base.kind === 'stage' ? ctx.model.stages[stage.base.stage] : undefined;
  }
  return lineage;
}

/** Where `go install` and `cargo install` put binaries. */
const INSTALL_DIRS = /(?:^|\/)(?:go\/bin|\.?cargo\/bin)(?:\/|$)|\$\{?(?:GOPATH|GOBIN|CARGO_HOME)\b/;

/** The folder a `go install` (GOBIN) or `cargo install` (CARGO_INSTALL_ROOT/bin) is told on its command line to write to, when literal. */
function installDir(install: Compile): string | undefined {
  const variable = install.toolchain === 'rust' ? 'CARGO_INSTALL_ROOT' : 'GOBIN';
  const value = install.command.assignments.find((a) => a.name === variable)?.value?.text.replace(/^["']|["']$/g, '');
  if (!value || value.includes('$')) return undefined;
  const dir = value.replace(/\/+$/, '') || '/';
  return install.toolchain === 'rust' ? `${dir}/bin` : dir;
}

/**
 * Whether the binary a `go install`/`cargo install` writes may be copied out of the stage into what
 * the image keeps: the whole stage, a toolchain's bin folder, the binary by name, the folder the
 * command writes to (or one above it), or a glob that could reach it.
 */
function installCopiedOut(ctx: Ctx, stage: Stage, install: Compile): boolean {
  const binary = installedBinary(install);
  const dir = installDir(install);
  const holds = (path: string) => dir !== undefined && (path === '/' || dir === path || dir.startsWith(`${path}/`));
  // Where the binary lands when the command does not say: the toolchain's default bin folders, unless
  // the stage moves them (an ENV or ARG GOBIN, GOPATH, CARGO_HOME, CARGO_INSTALL_ROOT), then anywhere.
  const dirs = dir !== undefined ? [dir] : movesInstallDir(ctx, stage) ? undefined : DEFAULT_INSTALL_DIRS[install.toolchain];
  return pathsCopiedOut(ctx, stage).some((p) => {
    const path = p.replace(/\/+$/, '') || '/';
    if (path === '/' || INSTALL_DIRS.test(path) || holds(path)) return true;
    const glob = path.search(/[*?[]/);
    if (glob >= 0) return path.includes('$') || dirs === undefined || dirs.some((d) => globReaches(path, d, binary));
    if (dirs?.some((d) => globReaches(path, d, binary))) return true; // a folder above it: `/usr/local/cargo`
    return binary !== undefined && (path === binary || path.endsWith(`/${binary}`));
  });
}

const DEFAULT_INSTALL_DIRS: Partial<Record<Compile['toolchain'], string[]>> = {
  go: ['/go/bin', '/root/go/bin'],
  rust: ['/usr/local/cargo/bin', '/root/.cargo/bin'],
};

/** The stage, or one it is built FROM, sets where installs go. */
function movesInstallDir(ctx: Ctx, stage: Stage): boolean {
  const moves = (name: string) => /^(?:GOBIN|GOPATH|CARGO_HOME|CARGO_INSTALL_ROOT)$/.test(name);
  for (let s: Stage | undefined = stage; s; s = s.base.kind === 'stage' ? ctx.model.stages[s.base.stage] : undefined) {
    if (s.envs.some((e) => moves(e.name)) || s.args.some((a) => moves(a.name))) return true;
    if (s.base.kind === 'stage' && s.base.stage >= s.index) break;
  }
  return false;
}

/**
 * Whether a COPY glob takes a binary installed in `dir`: it names `dir` or a folder above it (the
 * binary comes along), or a file in `dir` that can be the binary. Components are matched one by one
 * with Go's path.Match, as BuildKit does (`**` across any number of them).
 */
function globReaches(pattern: string, dir: string, binary: string | undefined): boolean {
  const parts = pattern.split('/').filter(Boolean);
  const dirParts = dir.split('/').filter(Boolean);
  if (parts.includes('**')) return true;
  const matches = (glob: string, name: string) => {
    try {
      return goPathMatch(glob, name);
    } catch {
      return true; // a malformed pattern: BuildKit fails the COPY, nothing to say here
    }
  };
  if (parts.length <= dirParts.length) return parts.every((g, i) => matches(g, dirParts[i]));
  if (parts.length > dirParts.length + 1) return false;
  return dirParts.every((d, i) => matches(parts[i], d)) && (binary === undefined || matches(parts[dirParts.length], binary));
}

/**
 * Whether the exported image starts its program as `dotnet <app>.dll`. A `dotnet publish` with no
 * runtime identifier writes framework-dependent, portable output: IL that the target's own .NET
 * runtime runs, and the native assets of every RID under runtimes/. Only the apphost it also writes
 * is for the build machine, and such an image never runs it (dapr/quickstarts' C# tutorials).
 */
function runsPortableDotnet(ctx: Ctx): boolean {
  const exported = reachFor(ctx.model, ctx.config.dockerTarget).exported;
  let stage: Stage | undefined = exported === undefined ? undefined : ctx.model.stages[exported];
  // The last ENTRYPOINT of the image (its own stage, else the stages it is built FROM) starts it; CMD when there is none.
  for (let seen = 0; stage && seen < ctx.model.stages.length; seen++) {
    const start = [...stage.instructions].reverse().find((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
    if (start) {
      const entry = [...stage.instructions].reverse().find((i) => i.keyword === 'ENTRYPOINT') ?? start;
      return /^\s*(?:\[\s*)?["']?dotnet["']?[\s,]+["']?[^\s"',]+\.dll\b/.test(ctx.model.text.slice(entry.argsStart, entry.end));
    }
    stage = stage.base.kind === 'stage' ? ctx.model.stages[stage.base.stage] : undefined;
  }
  return false;
}

const ADVICE: Record<Compile['toolchain'], string> = {
  go: 'Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with ARG TARGETOS TARGETARCH) or use xx-go.',
  rust: 'Pass --target for $TARGETARCH (a case mapping to the Rust triple) or use xx-cargo.',
  c: 'Use a cross compiler for $TARGETARCH (--target, or xx-clang).',
  dotnet: 'Pass -a/--arch (or -r) for $TARGETARCH.',
  zig: 'Pass -Dtarget for $TARGETARCH.',
};

const messages = {
  /** `compile`: the command as written, shortened; `advice`: how the toolchain is told the target. */
  compilesForBuildMachine: (d: { compile: string; stage: string; advice: string }) =>
    `\`${d.compile}\` compiles for the build machine, not the target platform. It runs in ${d.stage} on $BUILDPLATFORM with no target configuration, and the output reaches the exported image, so the other platforms get exec format error. ${d.advice}`,
  /**
   * The compile sits in a branch of a test on the platform ARGs (`if [ "$TARGETPLATFORM" = linux/arm64 ] ... else cargo build`):
   * `breaks`: a build that gets the wrong binary ("linux/amd64 built on an arm64 machine").
   */
  compilesInPlatformBranch: (d: { compile: string; stage: string; advice: string; breaks: string }) =>
    `\`${d.compile}\` compiles for the build machine in the branch a platform test leaves to the other builds. It runs in ${d.stage} on $BUILDPLATFORM with no target configuration: right when the build machine has the target's architecture (an amd64 CI machine building linux/amd64), wrong when they differ: ${d.breaks} gets the build machine's binary in the image (exec format error). ${d.advice}`,
};

/** A test on the platform ARGs (`[ "$TARGETPLATFORM" = "linux/arm64" ]`) that the command runs under. */
const PLATFORM_TEST = /\$\{?(?:TARGET|BUILD)(?:PLATFORM|ARCH|OS|VARIANT)\b/;

/** "linux/amd64 built on an arm64 machine": a target the test does not name, built on a machine of another arch. */
function breakingBuild(condition: string, targets: readonly string[]): string {
  const named = new Set([...condition.matchAll(/\b(amd64|arm64|arm|386|ppc64le|s390x|riscv64)\b/g)].map((m) => m[1]));
  const archs = targets.map((t) => t.split('/')[1]).filter((a): a is string => a !== undefined);
  const other = archs.find((a) => !named.has(a)) ?? archs[0] ?? 'amd64';
  const machine = archs.find((a) => a !== other) ?? (other === 'arm64' ? 'amd64' : 'arm64');
  return `linux/${other} built on an ${machine} machine`;
}

export const AL306 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL306',
    name: 'build-platform-compile-without-target',
    kind: 'offline',
    defaultSeverity: 'error',
    severityNote: 'warning in a branch of a platform test, which breaks only some builds',
    fileKinds: ['dockerfile'],
    summary: 'A $BUILDPLATFORM stage compiles without target settings and its output reaches the exported image: the binary is for the build machine.',
    messages,
    fixable: true,
  },
  check(ctx) {
    if (builtForLocalMachine(ctx.file)) return;
    const inImage = exportedLineage(ctx);
    for (const stage of ctx.model.stages) {
      if (stage.platform.kind !== 'build' || !deliversToImage(ctx, stage)) continue;
      for (const compile of compilesWithoutTarget(ctx, stage, false)) {
        if (compile.toolchain === 'dotnet' && runsPortableDotnet(ctx)) continue;
        const fixes: Fix[] = [];
        if (compile.toolchain === 'go' && !compile.run.view.exec) {
          // Prefix what the command does not set; point a `GOARCH=$BUILDARCH` it does set at the target.
          const edits: TextEdit[] = [];
          const prefix: string[] = [];
          const needed: string[] = [];
          for (const [name, arg] of [['GOOS', 'TARGETOS'], ['GOARCH', 'TARGETARCH']]) {
            const own = compile.command.assignments.find((a) => a.name === name);
            if (!own) prefix.push(`${name}=$${arg}`);
            else if (own.value && namesBuildMachine(own.value.text)) edits.push({ range: rangeOf(ctx, own.value.start, own.value.end), newText: `$${arg}` });
            else continue;
            needed.push(arg);
          }
          if (prefix.length) {
            const at = ctx.lines.positionAt(compile.start);
            edits.push({ range: { start: at, end: at }, newText: `${prefix.join(' ')} ` });
          }
          const declare = declareArgsEdit(ctx, stage, needed, compile.start);
          if (declare) edits.push(declare);
          // In the exported stage's own lineage the image itself stays the build machine's (AL310 removes
          // the flag): a target binary there cannot run, and a cross `go install` writes bin/GOOS_GOARCH/.
          if (inImage.has(stage.index)) fixes.push({ title: 'Compile for the target platform (GOOS=$TARGETOS GOARCH=$TARGETARCH) — not preferred: the exported image is built on $BUILDPLATFORM too (AL310)', edits });
          // A cross `go install` stops with "cannot install cross-compiled binaries when GOBIN is set",
          // or else writes bin/GOOS_GOARCH/dlv where the COPY that takes it out does not look
          // (Dynatrace/dynatrace-operator, odigos-io/odigos debug images): offered, not preferred.
          else if (/^go install\b/.test(compile.label)) fixes.push({ title: 'Compile for the target platform (GOOS=$TARGETOS GOARCH=$TARGETARCH) — not preferred: a cross `go install` fails with GOBIN set and otherwise writes to bin/GOOS_GOARCH/; prefer `go build -o`', edits });
          else fixes.push({ title: 'Compile for the target platform (GOOS=$TARGETOS GOARCH=$TARGETARCH)', preferred: true, edits });
        }
        const branch = compile.command.guards.find((g) => g.kind === 'if' && PLATFORM_TEST.test(g.subject));
        const base = { compile: compile.label, stage: stageLabel(stage), advice: ADVICE[compile.toolchain] };
        const where = { range: rangeOf(ctx, compile.start, compile.end), suppressionAnchors: anchors(compile.ins), fixes };
        if (branch) {
          const targets = ctx.config.targets.map((t) => `${t.os}/${t.architecture}`);
          ctx.report({ ...where, severity: 'warning', messageId: 'compilesInPlatformBranch', data: { ...base, breaks: breakingBuild(branch.subject, targets) } });
        } else {
          ctx.report({ ...where, messageId: 'compilesForBuildMachine', data: base });
        }
      }
    }
  },
});
