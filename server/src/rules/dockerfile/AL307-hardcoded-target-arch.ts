/**
 * AL307: `GOARCH=amd64`, `--target x86_64-unknown-linux-gnu`, `CARGO_BUILD_TARGET=…` in a stage reaching the exported image;
 * and, in a Dockerfile built for several platforms, a path that exists on one architecture only
 * (`/usr/lib/x86_64-linux-gnu`, `/usr/lib/jvm/java-17-openjdk-amd64`).
 */
import { defineRule, type RuleContext } from '../../core/rule';
import type { Fix, TextEdit } from '../../core/types';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { copyOperands, copySourceWords } from '../../dockerfile/copy';
import { ARCH_PARAMETER, COMPILE_PREFILTER, MAY_COMPILE } from './compile';
import { anchors, archGuarded, baseName, declareArgsEdit, deliberateArch, destinationArch, exportedStage, namespaceBase, pathNamedArchs, rangeOf, reaches, runCommands, stageLabel } from './util';
import { findArchTokens } from '../../images/arch-tokens';
import { escapeRegExp } from '../../core/text';

/** A literal value after GOARCH= / CARGO_BUILD_TARGET= / --target: only then is the RUN worth parsing. */
const PREFILTER = /(?:GOARCH|CARGO_BUILD_TARGET)=["']?[a-z]|--target[= ]+["']?[a-z]/;
const ARCHISH = /^(?:amd64|arm64|arm|386|ppc64le|s390x|riscv64|mips64le|loong64|x86_64|aarch64|i[3-6]86|armv7|armv[5-8][a-z0-9]*|powerpc64le|riscv64gc)(?:$|-)/;

/** The architecture a GOARCH value or target triple names, in Go's words (x86_64-unknown-linux-gnu → amd64). */
function archOf(value: string): string {
  const first = value.replace(/^["']|["']$/g, '').split('-')[0];
  if (first === 'x86_64') return 'amd64';
  if (first === 'aarch64') return 'arm64';
  if (/^i[3-6]86$/.test(first)) return '386';
  if (/^armv/.test(first)) return 'arm';
  if (first === 'powerpc64le') return 'ppc64le';
  if (first === 'riscv64gc') return 'riscv64';
  return first;
}

/** A GOOS constant other than the containers' linux (darwin, windows, freebsd …). */
function otherOs(value: string): boolean {
  const os = value.replace(/^["']|["']$/g, '').trim();
  return os !== '' && !os.includes('$') && os !== 'linux';
}


/**
 * An `ARG` (not ENV) that picks a prebuilt file to copy in (`ARG GOARCH=amd64` … `COPY
 * kgateway-linux-$GOARCH /usr/local/bin/kgateway`, kgateway's Dockerfiles) in a stage where nothing
 * compiles: a parameter each build sets with --build-arg beside its --platform, not a compiler
 * setting. Its default chooses a file, which no program of the build reads as GOARCH.
 */
function choosesCopiedFile(ctx: RuleContext<DockerfileModel, typeof messages>, stage: Stage, name: string): boolean {
  const reference = new RegExp(String.raw`\$(?:${escapeRegExp(name)}(?![\w])|\{${escapeRegExp(name)}(?:[:}]))`);
  let chooses = false;
  for (const ins of stage.instructions) {
    if (ins.keyword === 'RUN' && (MAY_COMPILE.test(ctx.text.slice(ins.argsStart, ins.end)) || COMPILE_PREFILTER.test(ctx.text.slice(ins.argsStart, ins.end)))) return false;
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const { from, sources } = copyOperands(ctx.model, ins);
    if (!from && sources.some((s) => reference.test(s))) chooses = true;
  }
  return chooses;
}

interface Hit { start: number; end: number; what: string; goarch: boolean; ins: Stage['instructions'][number]; path?: true; file?: true }

/**
 * Paths that exist on one architecture only: Debian and Ubuntu's multiarch library and header
 * folders (`/usr/lib/x86_64-linux-gnu`), and the JVM folders their packages install
 * (`/usr/lib/jvm/java-17-openjdk-amd64`, `temurin-21-jdk-arm64`). Group 1 or 2 is the arch.
 */
const ARCH_PATH = /(?<![\w.$/-])(?:\/usr)?\/(?:lib|lib64|include|libexec)\/(?:(x86_64|aarch64|i386|arm|powerpc64le|s390x)-linux-gnu(?:eabihf)?|jvm\/[\w.+]+(?:-[\w.+]+)*?-(amd64|arm64|ppc64el|s390x|armhf|i386))(?![\w.-])/g;
const PATH_ARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', i386: '386', arm: 'arm', powerpc64le: 'ppc64le', s390x: 's390x', amd64: 'amd64', arm64: 'arm64', ppc64el: 'ppc64le', armhf: 'arm' };
/** What says a Dockerfile is built for several platforms: a reference to a platform ARG BuildKit sets per build. */
const PLATFORM_ARG = /^(?:TARGETARCH|TARGETPLATFORM|TARGETVARIANT|BUILDPLATFORM)$/;
const PLATFORM_ARG_REFERENCE = /\$\{?(?:TARGETARCH|TARGETPLATFORM|TARGETVARIANT|BUILDPLATFORM)\b/;
/** A RUN that may read an ARG from its environment without naming it: a build tool or a script. */
const READS_ENVIRONMENT = /(?<![\w-])(?:go|make|gmake|cargo|bazel|bazelisk|mage|sh|bash)(?![\w-])|\.sh(?![\w-])/;

/**
 * Whether the Dockerfile is built for several platforms: it reads a platform ARG BuildKit sets, or
 * declares an architecture parameter and uses it (`ARG GOARCH=amd64` … `COPY app-linux-$GOARCH`:
 * kgateway's Dockerfiles, built once per architecture with --build-arg GOARCH=).
 */
function builtPerPlatform(model: DockerfileModel): boolean {
  if (PLATFORM_ARG_REFERENCE.test(model.text)) return true;
  // A platform ARG declared but never referenced counts only where a later RUN of its stage may read
  // it from the environment (`ARG TARGETARCH` then `RUN make`). text-generation-inference's CUDA
  // image declares `ARG TARGETPLATFORM` ("set by buildx") and uses it nowhere: its only build is
  // linux/amd64, and its x86_64 build folders were 10 findings.
  for (const stage of model.stages) {
    for (const arg of stage.args) {
      if (!PLATFORM_ARG.test(arg.name)) continue;
      if (stage.runs.some((r) => r.instruction.start > arg.end && READS_ENVIRONMENT.test(r.view.body))) return true;
    }
  }
  return model.allArgs.some((a) => ARCH_PARAMETER.test(a.name) && new RegExp(String.raw`\$(?:${escapeRegExp(a.name)}\b|\{${escapeRegExp(a.name)}[:}])`).test(model.text));
}

/** Each one-architecture path in text[start, end), with its architecture. */
function archPaths(text: string, start: number, end: number): Array<{ start: number; end: number; arch: string }> {
  const out: Array<{ start: number; end: number; arch: string }> = [];
  const slice = text.slice(start, end);
  ARCH_PATH.lastIndex = 0;
  for (let m = ARCH_PATH.exec(slice); m; m = ARCH_PATH.exec(slice)) {
    out.push({ start: start + m.index, end: start + m.index + m[0].length, arch: PATH_ARCH[m[1] ?? m[2]] });
  }
  return out;
}

/**
 * One-architecture paths in a target-platform stage of a Dockerfile built per platform: ENV values
 * (JAVA_HOME, LD_LIBRARY_PATH), COPY and ADD paths, and RUN commands outside an architecture
 * `case` or `if`. A stage that names paths of two architectures handles each on purpose.
 */
function archPathHits(ctx: RuleContext<DockerfileModel, typeof messages>, stage: Stage): Array<Hit & { arch: string }> {
  const hits: Array<Hit & { arch: string }> = [];
  const add = (ins: Hit['ins'], from: number, to: number) => {
    for (const p of archPaths(ctx.text, from, to)) hits.push({ start: p.start, end: p.end, what: '', goarch: false, ins, path: true, arch: p.arch });
  };
  for (const e of stage.envs) add(e.instruction, e.valueStart, e.end);
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const firstLine = ctx.text.indexOf('\n', ins.argsStart);
    const end = firstLine === -1 ? ins.end : Math.min(ins.end, firstLine);
    add(ins, ins.argsStart, end);
    // A file copied into a folder named for its own architecture (`ADD app_linux_arm64.tar.gz
    // /linux/arm64`, then `COPY --from=binaries /$TARGETPLATFORM /`: bluenviron/mediamtx) is filed
    // per platform, each build taking its own folder.
    const filedUnder = destinationArch(copyOperands(ctx.model, ins).destination);
    for (const source of copySourceWords(ctx.model, ins)) {
      const token = ARCH_FILE_TOKEN.exec(withoutFallbacks(source.text));
      if (token && filedUnder === PATH_ARCH[token[1]]) continue;
      if (token && archPaths(source.text, 0, source.text.length).length === 0 && !source.text.includes('://')) {
        hits.push({ start: source.start, end: source.end, what: '', goarch: false, ins, file: true, arch: PATH_ARCH[token[1]] });
      }
    }
  }
  for (const { command, ins } of runCommands(stage, ARCH_PATH_PREFILTER, true)) {
    if (archGuarded(command)) continue;
    for (const word of [...command.args, ...command.assignments.flatMap((a) => (a.value ? [a.value] : []))]) add(ins, word.start, word.end);
  }
  if (new Set(hits.map((h) => h.arch)).size > 1) return [];
  // One finding per instruction: `COPY --from=x /usr/lib/x86_64-linux-gnu/libz.so* /usr/lib/x86_64-linux-gnu/` is one mistake.
  const seen = new Set<Hit['ins']>();
  return hits.filter((h) => !seen.has(h.ins) && seen.add(h.ins));
}
const ARCH_PATH_PREFILTER = /-linux-gnu|\/jvm\//;

/**
 * The text with each `${VAR:-word}` / `${VAR-word}` fallback reduced to its variable: the file is
 * chosen by VAR, the word only stands in where VAR is empty (`COPY ${TARGETARCH:-amd64}/pilot-discovery`,
 * istio's Dockerfiles: BuildKit always sets TARGETARCH, the default serves the legacy builder).
 */
function withoutFallbacks(text: string): string {
  return text.replace(/\$\{(\w+):?[-=][^}]*\}/g, '$$$1');
}

/** An architecture as a word of a file or folder name (`app-linux-amd64`, `linux_arm64/`, `x86_64-unknown-linux-musl/`). */
const ARCH_FILE_TOKEN = /(?<![A-Za-z0-9])(amd64|arm64|x86_64|aarch64)(?![A-Za-z0-9])/;

/** A base image that is a Go toolchain: whoever builds in the image reads its GOARCH. */
const GO_IMAGE = /^(?:[\w.:-]+\/)*golang(?:[:@]|$)/i;

/**
 * No build in the stage, or in a stage built FROM it, can read an ENV GOARCH: no RUN that
 * may compile (go, make, cargo, a script) and no Go toolchain base (bridgecrewio/checkov's
 * Dockerfile.wilderness fixture: `ENV ... GOARCH=amd64` on alpine:3.5, whose RUNs only git clone).
 * The setting is then inert; where a build may read it, it still fires.
 */
function noBuildReadsEnv(model: DockerfileModel, stage: Stage): boolean {
  const family = new Set([stage.index]);
  for (const other of model.stages) if (other.base.kind === 'stage' && family.has(other.base.stage)) family.add(other.index);
  return [...family].every((i) => {
    const s = model.stages[i];
    if (s.base.kind === 'image' && GO_IMAGE.test(s.base.resolved)) return false;
    return !s.runs.some((r) => MAY_COMPILE.test(r.view.body) || COMPILE_PREFILTER.test(r.view.body));
  });
}

function report(ctx: RuleContext<DockerfileModel, typeof messages>, stage: Stage, hit: Hit): void {
  const value = ctx.text.slice(hit.start, hit.end);
  if (hit.file) {
    const arch = ARCH_FILE_TOKEN.exec(value)?.[1] ?? '';
    const fixes: Fix[] = [];
    if (arch === 'amd64' || arch === 'arm64') {
      // Not preferred: whether the build context holds the other platforms' files under that name is not known here.
      const at = hit.start + value.indexOf(arch);
      const edits: TextEdit[] = [{ range: rangeOf(ctx, at, at + arch.length), newText: '${TARGETARCH}' }];
      const declare = declareArgsEdit(ctx, stage, ['TARGETARCH'], hit.start);
      if (declare) edits.push(declare);
      fixes.push({ title: `Copy the file of the target architecture (\${TARGETARCH} for ${arch})`, preferred: false, edits });
    }
    ctx.report({ range: rangeOf(ctx, hit.start, hit.end), messageId: 'archFile', data: { source: value, arch: PATH_ARCH[arch] ?? arch, stage: stageLabel(stage) }, suppressionAnchors: anchors(hit.ins), fixes });
    return;
  }
  if (hit.path) {
    // No fix: the folder's name for each target is the distribution's (ppc64el, armhf), not $TARGETARCH.
    ctx.report({ range: rangeOf(ctx, hit.start, hit.end), messageId: 'archPath', data: { path: value, arch: archOfPath(value), stage: stageLabel(stage) }, suppressionAnchors: anchors(hit.ins) });
    return;
  }
  const fixes: Fix[] = [];
  if (hit.goarch) {
    const edits: TextEdit[] = [{ range: rangeOf(ctx, hit.start, hit.end), newText: '$TARGETARCH' }];
    const declare = declareArgsEdit(ctx, stage, ['TARGETARCH'], hit.start);
    if (declare) edits.push(declare);
    // On a base published for one architecture (`${ARCH}/ubuntu`, algorand/go-algorand's
    // cicd.ubuntu.Dockerfile) $TARGETARCH would not follow the base: offered, not preferred.
    const single = namespaceBase(ctx.model, stage);
    fixes.push(single
      ? { title: `Use $TARGETARCH — not applied by --fix: the base ${single.image} is ${single.platform} only, and $TARGETARCH does not follow it: make the base multi-platform first`, edits }
      : { title: 'Use $TARGETARCH', preferred: true, edits });
  }
  ctx.report({
    range: rangeOf(ctx, hit.start, hit.end),
    messageId: 'hardcodedTarget',
    data: { setting: hit.what, value, stage: stageLabel(stage), goarch: hit.goarch },
    suppressionAnchors: anchors(hit.ins),
    fixes,
  });
}

function archOfPath(path: string): string {
  return archPaths(path, 0, path.length)[0]?.arch ?? 'one architecture';
}

const messages = {
  /** `setting`: what sets it ("GOARCH=", "--target "); `goarch`: a Go build (the advice differs). */
  hardcodedTarget: (d: { setting: string; value: string; stage: string; goarch: boolean }) =>
    `${d.setting}${d.value} hard-codes the target architecture in ${d.stage}, which reaches the exported image: the build for every platform produces ${d.value} binaries (exec format error on the others). ${d.goarch ? 'Use GOARCH=$TARGETARCH.' : 'Derive it from $TARGETARCH (a case mapping).'}`,
  archFile: (d: { source: string; arch: string; stage: string }) =>
    `${d.source} is the ${d.arch} build of a file, yet this Dockerfile is built per platform and ${d.stage} reaches the exported image: every platform's image gets the ${d.arch} file (exec format error on the others). Choose the file per platform ($TARGETARCH in its name).`,
  archPath: (d: { path: string; arch: string; stage: string }) =>
    `${d.path} exists only in ${d.arch} images, yet this Dockerfile is built per platform and ${d.stage} reaches the exported image: built for another platform the path is missing (a failed COPY, a wrong JAVA_HOME or library path). Derive it per platform (a case on $TARGETARCH, dpkg-architecture -qDEB_HOST_MULTIARCH in RUN, or a symlink the build makes).`,
};

export const AL307 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL307',
    name: 'hardcoded-target-arch',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'GOARCH=amd64, --target x86_64-…, CARGO_BUILD_TARGET=…, or, in a Dockerfile built per platform, a one-architecture path (/usr/lib/x86_64-linux-gnu, a JVM folder ending in -amd64) or copied file (app-linux-amd64) hard-code the target architecture in a stage that reaches the exported image.',
    messages,
    fixable: true,
  },
  check(ctx) {
    const hits: Array<{ stage: Stage; hit: Hit; arch: string }> = [];
    const add = (stage: Stage, hit: Hit & { arch?: string }) => hits.push({ stage, hit, arch: hit.arch ?? archOf(ctx.text.slice(hit.start, hit.end)) });
    for (const stage of ctx.model.stages) {
      if (stage.windows || stage.platform.kind === 'constant' || !reaches(ctx, stage)) continue;
      // ENV and ARG defaults: RUN sees both as environment variables.
      const held = [
        ...stage.envs.map((e) => ({ name: e.name, value: e.value, start: e.valueStart, end: e.end, ins: e.instruction })),
        ...stage.args.flatMap((a) => (a.value === undefined || choosesCopiedFile(ctx, stage, a.name) ? [] : [{ name: a.name, value: a.value, start: a.nameEnd + 1, end: a.end, ins: a.instruction }])),
      ];
      // A stage that builds for another OS (`GOOS=darwin`) makes a file to ship, not the container's program.
      if (held.some((h) => h.name === 'GOOS' && otherOs(h.value))) continue;
      const inert = noBuildReadsEnv(ctx.model, stage);
      for (const h of held) {
        // An ENV no build reads and no instruction expands ($GOARCH in a COPY picks a file: still fires).
        if (inert && stage.envs.some((e) => e.instruction === h.ins) && !new RegExp(String.raw`\$\{?${escapeRegExp(h.name)}\b`).test(ctx.text)) continue;
        if ((h.name === 'GOARCH' || h.name === 'CARGO_BUILD_TARGET') && ARCHISH.test(h.value) && !h.value.includes('$')) {
          const end = h.start + ctx.text.slice(h.start, h.end).trimEnd().length;
          add(stage, { start: h.start, end, what: `${h.name}=`, goarch: h.name === 'GOARCH', ins: h.ins });
        }
      }
      if (stage.platform.kind === 'target' && ctx.model.memo.get(builtPerPlatform, ctx.model)) for (const hit of archPathHits(ctx, stage)) add(stage, hit);
      for (const { command, ins } of runCommands(stage, PREFILTER, true)) {
        if (archGuarded(command)) continue;
        if (command.assignments.some((a) => a.name === 'GOOS' && a.value && !a.value.dynamic && otherOs(a.value.text))) continue;
        for (const a of command.assignments) {
          if ((a.name !== 'GOARCH' && a.name !== 'CARGO_BUILD_TARGET') || !a.value || a.value.dynamic || !ARCHISH.test(a.value.text)) continue;
          const quoted = a.value.raw !== a.value.text;
          add(stage, { start: a.value.start, end: a.value.end, what: `${a.name}=`, goarch: a.name === 'GOARCH' && !quoted, ins });
        }
        // `go env -w GOARCH=amd64` writes the setting to Go's env file, which every later go command
        // of the stage (and of stages built FROM it) reads: Permify's integration-test/Dockerfile.
        if (baseName(command) === 'go' && command.args[0]?.text === 'env' && command.args.some((w) => w.text === '-w')) {
          const goos = command.args.find((w) => w.text.startsWith('GOOS='));
          for (const w of command.args) {
            const m = /^GOARCH=(.+)$/.exec(w.text);
            if (!m || w.dynamic || !ARCHISH.test(m[1]) || (goos && otherOs(goos.text.slice(5)))) continue;
            const at = w.start + w.raw.lastIndexOf(m[1]);
            add(stage, { start: at, end: at + m[1].length, what: 'GOARCH=', goarch: w.raw === w.text, ins });
          }
        }
        const args = /^(?:cargo|rustc|cross)$/.test(baseName(command) ?? '') ? command.args : [];
        for (let i = 0; i < args.length; i++) {
          let value = undefined as undefined | { start: number; end: number; text: string; dynamic: boolean };
          if (args[i].text === '--target' && args[i + 1]) value = args[i + 1];
          else if (args[i].text.startsWith('--target=')) {
            value = { start: args[i].start + 9, end: args[i].end, text: args[i].text.slice(9), dynamic: args[i].dynamic };
          }
          if (!value || value.dynamic || !ARCHISH.test(value.text)) continue;
          add(stage, { start: value.start, end: value.end, what: '--target ', goarch: false, ins });
        }
      }
    }
    // Stages that each build for their own fixed architecture, all copied into the image (an image
    // of release binaries for several platforms): each constant is deliberate, none is the image's arch.
    const stagesWithHits = new Set(hits.map((h) => h.stage));
    if (stagesWithHits.size > 1 && new Set(hits.map((h) => h.arch)).size > 1) return;
    // One stage setting the same compiler setting to several architectures (`RUN ARCH=amd64
    // GOARCH=amd64 build.sh`, then `RUN ARCH=i386 GOARCH=386 build.sh` ..., gosu's Dockerfile)
    // cross-compiles a set of binaries on purpose: no value is the image's architecture, and
    // $TARGETARCH in each would build the same binary ten times under ten names.
    const matrix = (stage: Stage, what: string) => new Set(hits.filter((h) => h.stage === stage && h.hit.what === what && !h.hit.path && !h.hit.file).map((h) => h.arch)).size > 1;
    // One Dockerfile per architecture (cloudflared's Dockerfile.amd64 and Dockerfile.arm64, each
    // built for its own platform and joined in a manifest list), or a stage whose name says its
    // architecture: the constant is the architecture the file or stage is for, on purpose.
    // A bare `arm` in the name or a folder above (GoogleCloudPlatform/kubernetes-engine-samples'
    // migrate-x86-app-to-multi-arch/Dockerfile_arm, building GOARCH=arm64) counts for both arm and arm64, as for AL303 and AL308.
    const pathNamed = pathNamedArchs(ctx.file);
    const imageArch = exportedBaseArch(ctx);
    for (const { stage, hit, arch } of hits) {
      if (pathNamed.has(arch) || arch === deliberateArch(ctx.model, stage)) continue;
      // The exported image's own base names that architecture in its tag (capi-vsphere's boskosctl:
      // `GOARCH=amd64` into `FROM gcr.io/distroless/static:nonroot-amd64`): the image is that
      // architecture's alone on purpose, and $TARGETARCH would put another's binary on an amd64 base.
      if (arch === imageArch) continue;
      if (!hit.path && !hit.file && matrix(stage, hit.what)) continue;
      report(ctx, stage, hit);
    }
  },
});

/** The architecture the tag of the exported stage's base image names (`static:nonroot-amd64`), when written literally. */
function exportedBaseArch(ctx: RuleContext<DockerfileModel>): string | undefined {
  const base = exportedStage(ctx)?.base;
  if (base?.kind !== 'image' || base.raw.includes('$')) return undefined;
  const tags = findArchTokens(base.raw).filter((t) => t.where === 'tag');
  return tags.length > 0 && tags.every((t) => t.arch === tags[0].arch) ? tags[0].arch : undefined;
}
