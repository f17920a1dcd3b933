/**
 * What a Dockerfile's image holds, as far as CPU architecture goes, for the build-file rules that
 * read the workspace image map: whether it holds anything that executes at all (an OLM bundle or a
 * file-based catalog on `scratch` holds manifests and metadata: it is the same bytes whatever
 * platform it is built for, so a push without platforms loses nothing), and whether its build runs
 * commands on the target platform (what QEMU is needed for when that platform is foreign to the
 * machine that builds). Both are judged over every stage of the file, not only those the default
 * export needs: a build may pick another stage with `--target`, and an answer that keeps a finding
 * is the safe one.
 */
import { copyOperands } from '../dockerfile/copy';
import { reachFor, type DfInstruction, type DockerfileModel } from '../dockerfile/model';
import { archDownloads } from '../dockerfile/arch-downloads';

export interface ImageContent {
  /**
   * Nothing in the image executes: every stage is `FROM scratch`, runs nothing, declares no
   * entrypoint or command, and copies only files of the build context that are not programs
   * (no `bin/` or `lib/` folder, no shared object, no architecture in the name) or WebAssembly
   * modules from a stage (whatever that stage is built from).
   */
  dataOnly: boolean;
  /** A RUN step executes on the target platform (a stage not on `$BUILDPLATFORM`): building for a foreign architecture needs emulation. */
  runsOnTarget: boolean;
  /**
   * The same, per named stage, for a build that picks it (`--target`, `target:`): over that stage and
   * the stages it needs only. Present when some named stage's answer differs from runsOnTarget.
   */
  runsOnTargetFor?: Record<string, boolean>;
  /**
   * A stage on the target platform downloads one architecture's file whatever the platform (AL308's
   * finding): what it is and where, as a reason. Adding platforms to a build of this file would give
   * every new platform's image that architecture's binary. Also set when such a stage copies in a
   * file of the build context whose name says one architecture (gimlet's `ADD bin/gimlet-linux-x86_64
   * /bin/gimlet`, built before by `make`), or installs a musl.cc cross toolchain, whose programs
   * run on x86_64 only (krakend-ce's `aarch64-linux-musl-cross.tgz`).
   */
  oneArchDownload?: string;
  /**
   * The images the stages on the target platform are built FROM, as resolved (none with a variable
   * left): a base this workspace builds for one architecture makes this image that one too
   * (rules/buildscripts/built-content.ts). Absent when there are none.
   */
  targetBases?: string[];
}

/** Instructions that describe or fill an image without making anything execute in it. */
const DATA_INSTRUCTIONS = new Set(['FROM', 'ARG', 'LABEL', 'MAINTAINER', 'ENV', 'COPY', 'ADD', 'WORKDIR', 'USER', 'VOLUME', 'EXPOSE']);
/** A source path that may hold programs: a bin/lib folder, a shared object or executable, an architecture in its name. */
const PROGRAM_PATH = /(?:^|\/)(?:s?bin|lib(?:32|64|exec)?)(?:\/|$)|\.(?:so(?:\.\d+)*|exe|dll|dylib)$|(?:^|[^a-z0-9])(?:amd64|x86_64|x86-64|arm64|aarch64|armv[5-8]|armhf|i[3-6]86|386|ppc64le|s390x|riscv64)(?:[^a-z0-9]|$)/i;
/** Sources that are not single paths of the context: the whole context, a glob from its top, a URL, a Git remote. */
const OPAQUE_SOURCE = /^(?:\.\/?|\/|\*.*|[a-z][a-z0-9+.-]*:\/\/.*|git@.*)$/i;

export function imageContentOf(model: DockerfileModel): ImageContent {
  let dataOnly = model.stages.length > 0;
  let runsOnTarget = false;
  const wasmBuilders = wasmOnlySources(model);
  for (const stage of model.stages) {
    if (stage.runs.length > 0 && stage.platform.kind !== 'build') runsOnTarget = true;
    if (!dataOnly || wasmBuilders.has(stage.index)) continue;
    if (stage.base.kind !== 'scratch') { dataOnly = false; continue; }
    for (const ins of stage.instructions) {
      if (!DATA_INSTRUCTIONS.has(ins.keyword) || ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !copiesDataOnly(model, ins))) {
        dataOnly = false;
        break;
      }
    }
  }
  const download = archDownloads(model).find((d) => d.stage.platform.kind !== 'build');
  const oneArchDownload = download ? `its Dockerfile downloads the ${download.tokens[0].text} build whatever the platform (line ${download.ins.line + 1})` : oneArchCopy(model) ?? muslCrossToolchain(model);
  const content: ImageContent = oneArchDownload ? { dataOnly, runsOnTarget, oneArchDownload } : { dataOnly, runsOnTarget };
  const perStage = runsOnTargetPerStage(model, runsOnTarget);
  if (perStage) content.runsOnTargetFor = perStage;
  const bases = new Set<string>();
  for (const stage of model.stages) if (stage.platform.kind === 'target' && stage.base.kind === 'image' && !stage.base.resolved.includes('$')) bases.add(stage.base.resolved);
  if (bases.size > 0) content.targetBases = [...bases];
  return content;
}

/** runsOnTarget for a build of each named stage (Kong/kubernetes-ingress-controller builds `target: distroless`, which only copies from a `$BUILDPLATFORM` builder), when one differs. */
function runsOnTargetPerStage(model: DockerfileModel, whole: boolean): Record<string, boolean> | undefined {
  if (!whole) return undefined;
  const out: Record<string, boolean> = {};
  let differs = false;
  for (const stage of model.stages) {
    if (!stage.name) continue;
    const reach = reachFor(model, stage.name);
    out[stage.name] = [...reach.stages].some((i) => model.stages[i].runs.length > 0 && model.stages[i].platform.kind !== 'build');
    if (!out[stage.name]) differs = true;
  }
  return differs ? out : undefined;
}

/** A COPY/ADD whose sources are files of the build context that are not programs (a heredoc is text written inline). */
/** An architecture in a copied path's name, as a word; the groups name the same architecture family. */
const ARCH_IN_PATH = /(?:^|[^a-z0-9])(?:(amd64|x86_64|x86-64)|(arm64|aarch64)|(ppc64le)|(s390x)|(riscv64))(?:[^a-z0-9]|$)/i;

/**
 * The reason a stage on the target platform copies in one architecture's file from the build context
 * (`ADD bin/gimlet-linux-x86_64 /bin/gimlet`), or undefined. Not a path with a variable (chosen per
 * platform), a copy from another stage or image (built per platform), nor a Dockerfile that copies
 * files of several architectures (`COPY bin/app-amd64 bin/app-arm64 /opt/`: chosen when it runs).
 */
function oneArchCopy(model: DockerfileModel): string | undefined {
  let found: { family: number; path: string; word: string; line: number } | undefined;
  for (const stage of model.stages) {
    if (stage.platform.kind === 'build') continue;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const { from, sources } = copyOperands(model, ins);
      if (from) continue;
      for (const path of sources) {
        const m = path.includes('$') ? null : ARCH_IN_PATH.exec(path);
        if (!m) continue;
        const family = m.slice(1).findIndex((g) => g !== undefined);
        if (found && found.family !== family) return undefined;
        found ??= { family, path, word: m.slice(1)[family], line: ins.line };
      }
    }
  }
  return found && `its Dockerfile copies ${found.path}, the ${found.word} build, whatever the platform (line ${found.line + 1})`;
}

/**
 * A musl.cc cross toolchain (`aarch64-linux-musl-cross.tgz`): the name gives the architecture it
 * compiles for; its programs run on x86_64 hosts only (musl.cc names a toolchain that runs on the
 * target itself `-native`).
 */
const MUSL_CROSS = /(?:^|[^A-Za-z0-9_-])([a-z0-9_]+-linux-musl[a-z0-9]*-cross)(?![A-Za-z0-9_-])/;

/**
 * The reason a stage on the target platform copies in or unpacks a musl.cc cross toolchain
 * (krakend-ce's Dockerfile-builder: `COPY --from=cache /aarch64-linux-musl-cross.tgz`, a plugin
 * builder run on amd64 that cross-compiles to arm64), or undefined. Built for another platform,
 * the image would hold x86_64 compilers its users cannot run.
 */
function muslCrossToolchain(model: DockerfileModel): string | undefined {
  for (const stage of model.stages) {
    if (stage.platform.kind === 'build') continue;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD' && ins.keyword !== 'RUN') continue;
      const m = MUSL_CROSS.exec(model.text.slice(ins.argsStart, ins.end));
      if (m) return `its Dockerfile installs ${m[1]}, a cross toolchain that runs on x86_64 only, whatever the platform (line ${ins.line + 1})`;
    }
  }
  return undefined;
}

/** A WebAssembly module: bytecode a runtime (Envoy, a proxy-wasm host) runs on any architecture. */
const WASM_FILE = /\.wasm$/i;

/** A `COPY --from=<stage>` of WebAssembly modules only (higress' plugin image: `COPY --from=builder /main.wasm plugin.wasm`). */
function copiesWasmOnly(model: DockerfileModel, ins: DfInstruction): boolean {
  if (ins.keyword !== 'COPY') return false;
  const { from, sources, destination } = copyOperands(model, ins);
  return from && destination !== undefined && sources.length > 0 && sources.every((s) => !s.includes('*') && WASM_FILE.test(s));
}

/**
 * The stages the exported stage needs only for the WebAssembly modules it copies from them (and the
 * stages those need): what they hold does not reach the image. A stage also needed otherwise (a
 * base, a copy of other files, a mount) is not one of them, nor a stage nothing needs.
 */
function wasmOnlySources(model: DockerfileModel): Set<number> {
  const all = reachFor(model).stages;
  if (all.size === 0) return new Set();
  const exported = model.stages.length - 1;
  const needed = new Set<number>();
  const queue = [exported];
  while (queue.length) {
    const i = queue.pop()!;
    if (needed.has(i)) continue;
    needed.add(i);
    const stage = model.stages[i];
    for (const dep of stage.deps) {
      const ins = dep.kind === 'copy' ? stage.instructions.find((x) => x.start <= dep.start && dep.end <= x.end) : undefined;
      if (ins && copiesWasmOnly(model, ins)) continue;
      queue.push(dep.stage);
    }
  }
  return new Set([...all].filter((i) => !needed.has(i)));
}

function copiesDataOnly(model: DockerfileModel, ins: DfInstruction): boolean {
  if (copiesWasmOnly(model, ins)) return true;
  const { from, sources, destination } = copyOperands(model, ins);
  if (from || destination === undefined) return false;
  return sources.every((s) => !OPAQUE_SOURCE.test(s) && !PROGRAM_PATH.test(s.replace(/^\.\//, '')));
}
