/** Helpers the Dockerfile rules share: ranges, stage labels, ARG-declaring edits, RUN command walks. */
import type { RuleContext } from '../../core/rule';
import type { Range, TextEdit } from '../../core/types';
import { hashCommentLinesAbove } from '../../core/text';
import { copyOperands } from '../../dockerfile/copy';
import { declaredIn, reachFor, type DockerfileModel, type DfInstruction, type Stage } from '../../dockerfile/model';
import { possibleValues, scanVarRefs } from '../../dockerfile/vars';
import { archNamespace, findArchTokens } from '../../images/arch-tokens';
import { goarchOf } from '../../dockerfile/arch-downloads';

export { allInsideCase, archGuarded, baseName, runCommands, unwrapEnv, type RunCommand } from '../../dockerfile/run-commands';

export type Ctx = RuleContext<DockerfileModel>;

export function rangeOf(ctx: Ctx, start: number, end: number): Range {
  return ctx.lines.range(start, end);
}

/** True when the stage is needed by the exported stage (the last, or the configured `dockerTarget`). */
export function reaches(ctx: Ctx, stage: Stage): boolean {
  return reachFor(ctx.model, ctx.config.dockerTarget).stages.has(stage.index);
}

/** The exported stage for the configured target. */
export function exportedStage(ctx: Ctx): Stage | undefined {
  const i = reachFor(ctx.model, ctx.config.dockerTarget).exported;
  return i === undefined ? undefined : ctx.model.stages[i];
}

/** "stage 'build'" or "stage 2 (unnamed)". */
export function stageLabel(stage: Stage): string {
  return stage.name ? `stage '${stage.name}'` : `stage ${stage.index} (unnamed)`;
}

/** The text of the comment lines right above an instruction (its own block), without the `#`: what the author wrote about it. */
export function commentsAbove(ctx: Ctx, ins: DfInstruction): string[] {
  return hashCommentLinesAbove(ctx.lines, ins.line).map((l) => ctx.lines.lineText(l).trim().slice(1));
}

/** The instruction's first line, so `# archlens ignore=` above a multi-line instruction silences findings inside it. */
export function anchors(ins: DfInstruction): number[] {
  return [ins.line];
}

/**
 * An edit declaring `names` in `stage` right after its FROM: merged into an ARG line that directly
 * follows the FROM and declares only platform ARGs without defaults, else a new `ARG` line.
 * Names already declared before `before` are skipped; undefined when nothing is missing.
 */
export function declareArgsEdit(ctx: Ctx, stage: Stage, names: string[], before: number): TextEdit | undefined {
  const model = ctx.model;
  const missing = names.filter((n) => !declaredIn(model, stage, n, before));
  if (missing.length === 0) return undefined;
  const first = stage.instructions[0];
  const firstArgs = first && first.keyword === 'ARG' ? stage.args.filter((a) => a.instruction === first) : [];
  if (firstArgs.length && firstArgs.every((a) => a.value === undefined && /^(TARGET|BUILD)(PLATFORM|OS|ARCH|VARIANT)$/.test(a.name))) {
    const pos = ctx.lines.positionAt(first.end);
    return { range: { start: pos, end: pos }, newText: ` ${missing.join(' ')}` };
  }
  const pos = ctx.lines.positionAt(stage.from.end);
  return { range: { start: pos, end: pos }, newText: `${ctx.lines.eol}ARG ${missing.join(' ')}` };
}

/** Offsets (in the Dockerfile) of comment lines inside an instruction: text there is not code. */
export function inCommentLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^\s*#/.test(text.slice(lineStart, offset + 1));
}

/** Architecture names as comments write them. */
const ARCH_NAME = '(?:arm64|aarch64|arm|armv7|amd64|x86_64|x86-64|x86|x64|intel|ppc64le|s390x|riscv64)';
/**
 * A comment saying the vendor publishes the file for one architecture only: "toda doesn't support
 * arm64 yet", "no arm64 build", "amd64 only", "only available for x86_64" (AL308's downloads,
 * AL303's pinned images).
 */
export const ONE_ARCH_ONLY = new RegExp([
  `(?:\\b(?:no|not|without|lacks?|unsupported|unavailable|missing)\\b|n't\\b)[^.;]{0,40}?\\b${ARCH_NAME}\\b`,
  `\\b${ARCH_NAME}\\b[^.;]{0,30}?\\b(?:not|unsupported|unavailable|missing)\\b`,
  `\\b${ARCH_NAME}[- ]only\\b`,
  `\\bonly\\b[^.;]{0,30}?\\b${ARCH_NAME}\\b`,
].join('|'), 'i');

/** Deletes a FROM's `--platform=…` flag and the blanks after it. */
export function removeFlagEdit(ctx: Ctx, start: number, end: number): TextEdit {
  let stop = end;
  while (ctx.text[stop] === ' ' || ctx.text[stop] === '\t') stop++;
  return { range: rangeOf(ctx, start, stop), newText: '' };
}

/**
 * True when `stage` is the exported stage or one it is built `FROM` (its files are the image
 * itself), an ARG-selected FROM's candidates included.
 */
export function onExportChain(ctx: Ctx, stage: Stage): boolean {
  return exportChainOf(ctx).has(stage.index);
}

/** The export chain for the build target of `ctx`, found once per model and target: rules ask per stage, and a walk per question was quadratic. */
function exportChainOf(ctx: Ctx): ReadonlySet<number> {
  const byTarget = ctx.model.memo.get(chainsByTarget, ctx.model);
  const key = ctx.config.dockerTarget ?? '';
  let chain = byTarget.get(key);
  if (!chain) byTarget.set(key, (chain = exportChain(ctx.model, ctx.config.dockerTarget)));
  return chain;
}

function chainsByTarget(_model: DockerfileModel): Map<string, Set<number>> {
  return new Map();
}

/** QEMU's names for the architectures its user-mode emulators run (`qemu-aarch64-static`). */
const QEMU_ARCH: Record<string, string> = {
  aarch64: 'arm64', arm: 'arm', armeb: 'arm', x86_64: 'amd64', i386: '386', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64',
};
const QEMU_STATIC = /\bqemu-([a-z0-9_]+)-static\b/;

/**
 * A Dockerfile of a dev container (`.devcontainer/Dockerfile`): the devcontainer CLI and editors
 * build it on the developer's machine, for that machine, so $BUILDPLATFORM is always the target
 * there. What goes wrong only when the two differ (AL306, AL309, AL310) cannot happen to it.
 */
export function builtForLocalMachine(file: string): boolean {
  return /(?:^|[\\/])\.devcontainer[\\/]/.test(file);
}

/** A path segment that is a GOARCH name, alone or as a platform (`linux/arm/v7`, `/out/arm64/`). */
const ARCH_SEGMENT = /^(?:amd64|arm64|arm|386|ppc64le|s390x|riscv64)$/;

/**
 * The one architecture a copy's destination folder is named for: a platform path (`/linux/arm/v7`,
 * `/linux/arm64`) or an architecture word in a segment (`/opt/x86_64/`). A Dockerfile that files
 * each architecture's files under its own folder and picks one per build (`COPY --from=base
 * /$TARGETPLATFORM /`: bluenviron/mediamtx's rpi.Dockerfile) copies every platform's files on
 * purpose. Undefined when no architecture, or several, are named.
 */
export function destinationArch(destination: string | undefined): string | undefined {
  if (!destination || destination.includes('$')) return undefined;
  const named = new Set<string>();
  for (const segment of destination.split('/')) {
    if (ARCH_SEGMENT.test(segment)) named.add(segment);
    else for (const token of findArchTokens(segment)) named.add(token.arch);
  }
  return named.size === 1 ? [...named][0] : undefined;
}

/** A bare `arm` between delimiters (`development-arm.Dockerfile`, `cmake_320_arm/`): the ARM family, 32- or 64-bit. */
const ARM_WORD = /(?:^|[-_.])arm(?:$|[-_.])/i;
/**
 * The same word in a camelCase name (`armDockerFile`, apache/streampipes's cypress fixture;
 * `buildArm`): a lowercase `arm` first and a capital after it, or `Arm` after a lowercase letter
 * or digit and before a capital, a delimiter or the end (not `armory`, `Armada`, `harmony`).
 */
const CAMEL_ARM_WORD = /^arm(?=[A-Z])|(?<=[a-z0-9])Arm(?=$|[A-Z\-_.])/;
/**
 * Architecture words of Dockerfile names that are not image-name tokens: a bare `x86`/`x64`
 * (`Dockerfile.x86`, jetson-containers' x86 variant of a package) and Debian's `ppc64el`
 * (open-horizon/anax's `Dockerfile.ubi.ppc64el`, which downloads Docker's `ppc64le` build).
 */
const PATH_ARCH_WORDS: ReadonlyArray<{ word: RegExp; archs: string[] }> = [
  { word: /(?:^|[-_.])(?:x86|x64)(?:$|[-_.])/i, archs: ['amd64', '386'] },
  { word: /(?:^|[-_.])ppc64el(?:$|[-_.])/i, archs: ['ppc64le'] },
];
/** Folders above a Dockerfile read for an architecture: enough for `aarch64/<distro>/<image>/Dockerfile`, not a checkout's own location. */
const NAMED_FOLDERS = 3;

/**
 * The architectures the Dockerfile's path says it is for: its own name (its first architecture token) or one
 * of the NAMED_FOLDERS folders above it (`retired/aarch64/bionic/cmake_320/Dockerfile`,
 * `bionic/cmake_320_arm/Dockerfile`). A tree of per-architecture Dockerfiles builds each on its
 * architecture; a bare `arm` names the family (aarch64 and armv7 alike). Empty when none is said.
 */
export function pathNamedArchs(file: string): Set<string> {
  const parts = file.split(/[\\/]/).filter((p) => p.length > 0);
  const out = new Set<string>();
  for (const part of parts.slice(-1 - NAMED_FOLDERS)) {
    const token = findArchTokens(part)[0];
    if (token) out.add(token.arch);
    else if (ARM_WORD.test(part) || CAMEL_ARM_WORD.test(part)) {
      out.add('arm');
      out.add('arm64');
    } else for (const { word, archs } of PATH_ARCH_WORDS) if (word.test(part)) archs.forEach((a) => out.add(a));
  }
  return out;
}

/**
 * The architecture a stage is on by design, when the Dockerfile says so: its name names it
 * (`debian-bookworm.arm64v8-base`), its base comes from an ARG whose name does (`FROM
 * $ARM64_BASE`), it is a cross-rs image (`FROM $CROSS_BASE_IMAGE`, `FROM ghcr.io/cross-rs/...`: cross's
 * images run on x86_64 hosts) or a Gitpod workspace image (amd64 only), or it copies in a QEMU user-mode emulator (`COPY --from=… qemu-aarch64-static`,
 * an emulated package build). Such a stage is single-arch on purpose; undefined otherwise.
 */
/** cross-rs's toolchain images (ghcr.io/cross-rs/<target>, Docker Hub's rustembedded/cross:<target>). */
const CROSS_RS_IMAGE = /^(?:ghcr\.io\/cross-rs\/[\w.-]+|(?:docker\.io\/)?rustembedded\/cross)(?:[:@]|$)/i;
/**
 * Gitpod's workspace images (gitpod/workspace-full, -postgres, ...): published for linux/amd64 only
 * (gitpod-io/workspace-images#744, no arm64 planned), and Gitpod builds a workspace's Dockerfile on
 * its own x86_64 machines.
 */
const GITPOD_WORKSPACE_IMAGE = /^(?:docker\.io\/)?gitpod\/workspace-[\w.-]+(?:[:@]|$)/i;

/**
 * The base image, directly or through `FROM <stage>`, when it resolves (ARG defaults included) to a
 * Docker Hub architecture namespace (`FROM ${ARCH}/ubuntu` with `ARG ARCH=amd64`: AL311's finding),
 * with the platform it is published for. `$TARGETARCH` does not follow such a base: a fix writing it
 * would give a default build on another machine that machine's files on the namespace's base.
 */
export function namespaceBase(model: DockerfileModel, stage: Stage): { image: string; platform: string } | undefined {
  const seen = new Set<number>();
  for (let s: Stage | undefined = stage; s && !seen.has(s.index); s = s.base.kind === 'stage' ? model.stages[s.base.stage] : undefined) {
    seen.add(s.index);
    if (s.base.kind !== 'image') continue;
    const found = archNamespace(s.base.resolved);
    if (found?.os !== 'linux') return undefined;
    return { image: s.base.resolved, platform: `linux/${found.arch}${found.variant ? `/${found.variant}` : ''}` };
  }
  return undefined;
}

/**
 * An autoconf-style `configure` with a literal `--build` triple (`--build x86_64-linux-gnu`,
 * `--build=aarch64-unknown-linux-gnu`), within one shell command (line continuations allowed); a
 * triple the shell works out (`$(dpkg-architecture ...)`) follows the machine and is not one.
 */
const CONFIGURE_BUILD = /\bconfigure\b[^;&|\n]*(?:\\\r?\n[^;&|\n]*)*?\s--build[= ]["']?(x86_64|aarch64|i[36]86|armv7l?|ppc64le|s390x|riscv64)-[\w.]+-[\w.-]+/;

export function deliberateArch(model: DockerfileModel, stage: Stage): string | undefined {
  return model.memo.get(deliberateArchs, model)[stage.index];
}

function deliberateArchs(model: DockerfileModel): Array<string | undefined> {
  return model.stages.map((stage) => {
    if (stage.name) {
      const token = findArchTokens(stage.name)[0];
      if (token) return token.arch;
    }
    if (stage.base.kind === 'image') {
      const refs = scanVarRefs(stage.base.raw);
      for (const ref of refs) {
        const token = findArchTokens(ref.name.toLowerCase())[0];
        if (token) return token.arch;
      }
      // A cross-rs custom image (`FROM $CROSS_BASE_IMAGE`, the base cross passes in): the build
      // environment of its x86_64-host images, whatever target it compiles for.
      if (refs.length === 1 && refs[0].name === 'CROSS_BASE_IMAGE' && stage.base.raw.trim() === stage.base.raw.slice(refs[0].start, refs[0].end).trim()) return 'amd64';
      // cross-rs's own images named directly (quickwit's build/cross-images: `FROM
      // ghcr.io/cross-rs/aarch64-unknown-linux-gnu:main`; formerly rustembedded/cross): published for x86_64 hosts only.
      if (refs.length === 0 && CROSS_RS_IMAGE.test(stage.base.raw.trim())) return 'amd64';
      // A Gitpod workspace image (penpot's docker/gitpod/Dockerfile, FROM gitpod/workspace-postgres):
      // the workspace runs on amd64 only, so its amd64 downloads are the right ones.
      if (refs.length === 0 && GITPOD_WORKSPACE_IMAGE.test(stage.base.raw.trim())) return 'amd64';
    }
    for (const ins of stage.instructions) {
      // A configure told the build machine's triple (koalaman/shellcheck's GHC cross builders:
      // `./configure --host x86_64-linux-gnu --build x86_64-linux-gnu --target "$TARGET"`) builds
      // on that machine only: a cross toolchain for an x86_64 host, whatever target it compiles for.
      if (ins.keyword === 'RUN') {
        const build = CONFIGURE_BUILD.exec(model.text.slice(ins.argsStart, ins.end));
        if (build) return goarchOf(build[1]);
        continue;
      }
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const qemu = QEMU_STATIC.exec(model.text.slice(ins.argsStart, ins.end));
      if (qemu && QEMU_ARCH[qemu[1]]) return QEMU_ARCH[qemu[1]];
    }
    return undefined;
  });
}

/**
 * Whether the files a stage makes end up in the exported image, rather than serving as tools of
 * the build. Stricter than `reaches` for what a $BUILDPLATFORM compile makes (AL306): a binary
 * copied into another $BUILDPLATFORM stage that runs commands is that stage's tool (BuildKit's own
 * lint Dockerfile builds golangci-lint so), and a `RUN --mount=from=` keeps nothing. Files pass
 * through `FROM <stage>`, through stages that only copy (no RUN), into the exported stage's chain,
 * and into every target-platform stage that runs commands (kept conservative: what it copies may ship).
 */
export function deliversToImage(ctx: Ctx, stage: Stage): boolean {
  const byTarget = ctx.model.memo.get(deliveryByTarget, ctx.model);
  const key = ctx.config.dockerTarget ?? '';
  let delivered = byTarget.get(key);
  if (!delivered) byTarget.set(key, (delivered = deliveredStages(ctx.model, ctx.config.dockerTarget)));
  return delivered.has(stage.index);
}

function deliveryByTarget(_model: DockerfileModel): Map<string, Set<number>> {
  return new Map();
}

/** The export chain: the exported stage and the stages it is built FROM (ARG-selected ones too). */
function exportChain(model: DockerfileModel, target: string | undefined): Set<number> {
  const chain = new Set<number>();
  const exported = reachFor(model, target).exported;
  const queue = exported === undefined ? [] : [exported];
  while (queue.length > 0) {
    const i = queue.pop()!;
    if (chain.has(i)) continue;
    chain.add(i);
    for (const d of model.stages[i].deps) if (d.kind === 'from' && !chain.has(d.stage)) queue.push(d.stage);
  }
  return chain;
}

function deliveredStages(model: DockerfileModel, target: string | undefined): Set<number> {
  const reach = reachFor(model, target).stages;
  const chain = exportChain(model, target);
  const delivered = new Set(chain);
  // Dependencies point to earlier stages: a consumer is decided before what it consumes.
  for (let t = model.stages.length - 1; t >= 0; t--) {
    if (!reach.has(t)) continue;
    const consumer = model.stages[t];
    const runs = consumer.runs.length > 0;
    for (const dep of consumer.deps) {
      let passes: boolean;
      if (!runs) passes = delivered.has(t);
      else if (consumer.platform.kind !== 'build') passes = true;
      else if (dep.kind === 'from') passes = delivered.has(t);
      else passes = dep.kind === 'copy' && chain.has(t);
      if (passes) delivered.add(dep.stage);
    }
  }
  return delivered;
}

/**
 * The source paths of the `COPY --from` instructions that take files out of `stage` (or a stage
 * built FROM it) into a stage whose files reach the image; `['/']` when the stage is on the
 * export chain (all its files are the image). A path made of the consumer's ENV values is each
 * value it may take (vars.ts possibleValues); one that could be anything stays as written.
 */
export function pathsCopiedOut(ctx: Ctx, stage: Stage): string[] {
  const model = ctx.model;
  if (exportChainOf(ctx).has(stage.index)) return ['/'];
  const lineage = new Set([stage.index]);
  for (const s of model.stages) if (s.deps.some((d) => d.kind === 'from' && lineage.has(d.stage))) lineage.add(s.index);
  const paths: string[] = [];
  for (const consumer of model.stages) {
    if (!deliversToImage(ctx, consumer)) continue;
    for (const dep of consumer.deps) {
      if (dep.kind !== 'copy' || !lineage.has(dep.stage)) continue;
      const ins = consumer.instructions.find((i) => i.start <= dep.start && dep.start < i.end);
      if (!ins) continue;
      const env = envBefore(consumer, ins.start);
      for (const source of copyOperands(model, ins).sources) paths.push(...(possibleValues(source, env) ?? [source]));
    }
  }
  return paths;
}

/** The stage's own ENV values in effect at an offset (the last one of each name before it). */
function envBefore(stage: Stage, offset: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of stage.envs) if (e.start < offset) env.set(e.name, e.value);
  return env;
}
