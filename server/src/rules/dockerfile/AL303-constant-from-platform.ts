/** AL303: `FROM --platform=linux/amd64 …` on a stage the exported image needs: the result is single-arch whatever the build asks. */
import { defineRule } from '../../core/rule';
import type { Fix } from '../../core/types';
import { copyOperands } from '../../dockerfile/copy';
import { reachFor, type DockerfileModel, type Stage, type StageBase } from '../../dockerfile/model';
import { compilesWithoutTarget } from './AL306-build-platform-compile-without-target';
import { ARCH_PARAMETER, COMPILE_PREFILTER, MAY_COMPILE, compileOf } from './compile';
import { parsePlatform, samePlatform } from '../../images/platform';
import { PLATFORM_ARG_SET, scanVarRefs } from '../../dockerfile/vars';
import { archesNamed } from '../../dockerfile/arch-downloads';
import { anchors, builtForLocalMachine, commentsAbove, deliberateArch, destinationArch, exportedStage, ONE_ARCH_ONLY, onExportChain, pathNamedArchs, rangeOf, reaches, removeFlagEdit, runCommands, stageLabel, type Ctx } from './util';
import { findArchTokens } from '../../images/arch-tokens';
import { escapeRegExp } from '../../core/text';
import { chosenPlatforms } from '../../imagemap/deliberate';
import type { BuildEntry } from '../../imagemap/types';
import { buildPlace } from '../kubernetes/built-here';

/** The stage compiles (`go build`, `cargo build`…). */
function compiles(stage: Stage): boolean {
  for (const rc of runCommands(stage, COMPILE_PREFILTER)) if (compileOf(rc)) return true;
  return false;
}

/**
 * A builder on a build host pinned on purpose that makes its output for the target: no compile in
 * it ignores the target (`unconfigured` empty, AL306's judgement), and it compiles or declares a
 * target-platform ARG — which its commands, and the scripts they run, read from the environment
 * (`go run ./helpers/build-release-binaries --platform $TARGETOS/$TARGETARCH`: restic's
 * Dockerfile.release, "the official binaries are cross-built from Linux running on an AMD64 host";
 * `xx-go build`). Its output is each target's own, as from a `$BUILDPLATFORM` builder: the pin only
 * fixes the build host.
 */
function crossBuildsOnPinnedHost(stage: Stage, unconfigured: readonly unknown[]): boolean {
  if (unconfigured.length > 0) return false;
  return stage.args.some((a) => a.name.startsWith('TARGET') && PLATFORM_ARG_SET.has(a.name)) || compiles(stage) || passesArchParameter(stage);
}

/**
 * The stage declares an architecture ARG (`ARG ARCH=amd64`, GOARCH, `*_ARCH`) and hands it to a build
 * that may compile (`make bin/app ARCH=${ARCH}`, `GOARCH=$ARCH ./build.sh`): a cross build on a
 * pinned host, for the architecture each build passes with --build-arg beside its --platform
 * (kubernetes-sigs/cloud-provider-azure: `FROM --platform=linux/amd64 golang AS builder` installs
 * `gcc-aarch64-linux-gnu` when `$ARCH` is arm64, then `make ... ARCH=${ARCH}`; its Makefile builds
 * with `--platform linux/$(ARCH) --build-arg ARCH=$(ARCH)`). Removing the pin would run that cross
 * toolchain under emulation; a default the build forgets to replace is the ARG's problem, not the pin's.
 */
function passesArchParameter(stage: Stage): boolean {
  return stage.args.some((a) => {
    if (!ARCH_PARAMETER.test(a.name)) return false;
    const reference = new RegExp(String.raw`\$(?:${escapeRegExp(a.name)}\b|\{${escapeRegExp(a.name)}[:}])`);
    return stage.runs.some((r) => r.instruction.start > a.end && MAY_COMPILE.test(r.view.body) && reference.test(r.view.body));
  });
}

/** A cross toolchain set up or used: Debian's cross packages, a `<triple>-gcc`, a cross prefix or a CMake toolchain file. */
const CROSS_TOOLCHAIN = /crossbuild-essential-\w|(?<![\w-])(?:gcc|g\+\+)-(?:aarch64|arm|x86[_-]64|i686|powerpc64le|s390x|riscv64)[\w-]*|\bCROSS_(?:COMPILE|PREFIX)\b|_CROSS_PREFIX\b|CMAKE_TOOLCHAIN_FILE/;
/** A build command: a compile, make, cmake, a build script. */
const BUILDS = /(?<![\w-])(?:make|gmake|cmake|ninja|meson|cargo|go|gcc|cc|clang)(?![\w-])|\.sh(?![\w-])/;

/**
 * The stage builds on a cross host that an architecture ARG chooses among stages named for their
 * architectures: home-assistant/addons' silabs-multiprotocol runs `FROM --platform=linux/amd64
 * cross-builder-${BUILD_ARCH} AS cpcd-builder` over `cross-builder-aarch64`, `-armv7` and `-amd64`,
 * each installing `crossbuild-essential-<arch>` and setting `DEBIAN_CROSS_PREFIX`, then builds with
 * `make CC="${DEBIAN_CROSS_PREFIX}-gcc"`. Each build passes BUILD_ARCH for the platform it makes,
 * so the output is each target's; the pin only fixes the host the cross compilers run on.
 */
function crossHostChosenPerArch(model: DockerfileModel, stage: Stage): boolean {
  if (stage.base.kind !== 'image' || !scanVarRefs(stage.base.raw).some((r) => ARCH_PARAMETER.test(r.name))) return false;
  const hosts = stage.deps.filter((d) => d.kind === 'from').map((d) => model.stages[d.stage]);
  const archs = new Set(hosts.map((h) => (h.name ? findArchTokens(h.name)[0]?.arch : undefined)).filter((a) => a !== undefined));
  if (archs.size < 2) return false;
  const text = (s: Stage) => s.instructions.map((i) => model.text.slice(i.argsStart, i.end)).join('\n');
  const cross = [stage, ...hosts].some((s) => CROSS_TOOLCHAIN.test(text(s)));
  return cross && stage.runs.some((r) => BUILDS.test(r.view.body));
}

/**
 * Stages whose output reaches the image only as the host of such per-architecture cross builds (the
 * `cross-builder-base` they are all built on): reach from the exported stage without entering the
 * `FROM` lineage of a cross-building stage, whose copies still count.
 */
function onlyCrossHosts(ctx: Ctx, crossBuilders: ReadonlySet<number>): Set<number> {
  const exported = exportedStage(ctx);
  const reached = new Set<number>();
  const queue = exported ? [exported.index] : [];
  while (queue.length > 0) {
    const i = queue.pop()!;
    if (reached.has(i)) continue;
    reached.add(i);
    for (const d of ctx.model.stages[i].deps) if (!(crossBuilders.has(i) && d.kind === 'from')) queue.push(d.stage);
  }
  return new Set(ctx.model.stages.map((s) => s.index).filter((i) => reaches(ctx, ctx.model.stages[i]) && !reached.has(i)));
}

/**
 * The flag's value comes through an ARG that the Dockerfile also builds with (`FROM
 * --platform=linux/${GOARCH}` and `RUN make GOARCH=${GOARCH}`, `apk add --arch=${GOARCH}`: grafana/loki's
 * Docker plugin, built once per architecture with `--build-arg GOARCH=arm64`). The whole file is
 * parameterised by that ARG: the image is the architecture the build passes, on purpose, and removing
 * the flag would leave the base on the target platform while the binaries follow the ARG. Like a stage
 * whose name says its architecture (deliberateArch), it is single-arch by design.
 */
function platformArgDrivesBuild(model: DockerfileModel, stage: Stage): boolean {
  const flag = stage.platformFlag;
  if (!flag || flag.raw === flag.resolved) return false;
  const names = new Set(scanVarRefs(flag.raw).map((r) => r.name));
  if (names.size === 0) return false;
  for (const ins of model.instructions) {
    if (ins === stage.from || ins.keyword === 'ARG') continue;
    if (scanVarRefs(model.text.slice(ins.argsStart, ins.end)).some((r) => names.has(r.name))) return true;
  }
  return false;
}

/**
 * The stage's own files are the pinned architecture's: a URL it downloads (RUN, ADD) or a path it
 * copies names that architecture and no other (grafana/pyroscope's .NET examples: the profiler
 * release `pyroscope.1.4.0-glibc-x86_64.tar.gz` on a linux/amd64 stage, then
 * `COPY --from=sdk /pyroscope/Pyroscope.Linux.ApiWrapper.x64.so` on a linux/amd64 final stage). The pin keeps
 * the image consistent with those files, as a stage named for its architecture does; without it each
 * platform's image would get the x86_64 file (AL308's mistake). A stage naming no architecture, or
 * another one too, keeps the finding.
 */
function filesNamePinnedArch(model: DockerfileModel, stage: Stage, arch: string): boolean {
  const named = new Set<string>();
  for (const ins of stage.instructions) {
    if (ins.keyword === 'RUN' || ins.keyword === 'ADD') archesNamed(model.text.slice(ins.argsStart, ins.end), true).forEach((a) => named.add(a));
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      for (const source of copyOperands(model, ins).sources) archesNamed(source.slice(source.lastIndexOf('/') + 1), false).forEach((a) => named.add(a));
    }
  }
  return named.size === 1 && named.has(arch);
}

/** A copied path that is a web asset or data file: the same bytes for every architecture. */
const ASSET_PATH = /\.(?:json|js|mjs|cjs|css|html?|svg|png|jpe?g|gif|ico|webp|txt|md|ya?ml|map|woff2?|ttf|eot)$|(?:^|\/)(?:public|static|assets|www|html|locales?|i18n)\/?$/i;

/** A bundler's output folder (`dist`, `build`, `canary-dist`) ... */
const BUNDLE_FOLDER = /(?:^|[/_-])(?:dist|build)\/?$/i;
/** ... copied into a web folder of the image (`/app/web/dist`, `/usr/share/nginx/html`, `ui/`). */
const WEB_FOLDER = /(?:^|\/)(?:web|ui|frontend|public|static|www|html)(?:\/|$)/i;

/**
 * A frontend's bundle folder copied to where the image serves web files from: `COPY --from=uiv2
 * /canary-dist /app/web/dist` (harness/drone's Dockerfile.uiv2, whose UI image is published for
 * linux/arm64 only, "okay since we only copy files"). A `dist` copied anywhere else (goreleaser's
 * binaries) is not taken for web files.
 */
function frontendBundle(source: string, destination: string | undefined): boolean {
  return BUNDLE_FOLDER.test(source) && destination !== undefined && WEB_FOLDER.test(destination);
}

/**
 * Every use of the stage is a `COPY --from` of web assets or data files (`.dist/public`,
 * `locale_conf.json`): a frontend built with node on a pinned platform hands the image JavaScript and
 * CSS, which no CPU executes — the pin makes nothing in the image single-arch (kubernetes/dashboard's
 * web-builder). A base (`FROM <stage>`), a mount, or any other path keeps the finding.
 */
function copiesOnlyAssets(model: DockerfileModel, stage: Stage): boolean {
  return everyUseIsCopy(model, stage, ({ sources, destination }) => sources.length > 0 && sources.every((source) => ASSET_PATH.test(source) || frontendBundle(source, destination)));
}

/** The stage is used, and every use of it is a `COPY --from` whose operands pass `test`. */
function everyUseIsCopy(model: DockerfileModel, stage: Stage, test: (operands: ReturnType<typeof copyOperands>) => boolean): boolean {
  let used = false;
  for (const other of model.stages) {
    for (const dep of other.deps) {
      if (dep.stage !== stage.index) continue;
      if (dep.kind !== 'copy') return false;
      const ins = other.instructions.find((i) => i.keyword === 'COPY' && i.start <= dep.start && dep.start < i.end);
      if (!ins || !test(copyOperands(model, ins))) return false;
      used = true;
    }
  }
  return used;
}

/** A JDK the stage starts from or installs: a Java build stage. */
const JDK_IMAGE = /^(?:[\w.:-]+\/)*(?:openjdk|eclipse-temurin|amazoncorretto|maven|gradle|sbt|ibm-semeru-runtimes|sapmachine)(?:[:@]|$)/i;
const JDK_PACKAGE = /(?<![\w-])(?:(?:open|temurin-|zulu)jdk-?\d*(?:-jdk)?(?:-headless)?|default-jdk(?:-headless)?|java-\d+-openjdk-devel|openjdk-\d+-jdk(?:-headless)?|temurin-\d+-jdk)(?![\w-])/i;
/** Java tools whose output is native: a linked runtime, an installer, a GraalVM image. */
const NATIVE_JAVA = /(?<![\w-])(?:jlink|jpackage|native-image)(?![\w-])/;
/** A copied path that is the JDK itself or a system folder: native files whatever the build. */
const NATIVE_PATH = /^\/?$|^\/(?:usr|bin|sbin|lib\w*|etc)(?:\/|$)|(?:^|\/)(?:jvm|java|jdk[\w.-]*|jre[\w.-]*)(?:\/|$)|JAVA_HOME/i;

/**
 * A Java build on a pinned host whose every use is a `COPY --from` of its build output: jars, class
 * files and scripts, which the image's own JRE runs on every architecture (zaproxy/zaproxy's
 * docker/Dockerfile-stable: the linux/amd64 builder installs openjdk-17-jdk, unpacks the ZAP release
 * and updates its add-ons with zap.sh, and the amd64 and arm64 images copy /zap). A stage that also
 * compiles, links a runtime (jlink, native-image), or whose JDK or system folders are copied out keeps the finding.
 */
function javaBuildOutputOnly(model: DockerfileModel, stage: Stage): boolean {
  const jdkBase = stage.base.kind === 'image' && JDK_IMAGE.test(stage.base.resolved);
  if (!jdkBase && !stage.runs.some((r) => JDK_PACKAGE.test(r.view.body))) return false;
  if (compiles(stage) || stage.runs.some((r) => NATIVE_JAVA.test(r.view.body))) return false;
  return copiedOnlyFrom(model, stage);
}

/** Commands that fetch, unpack and move files: their output is the same bytes on any platform. */
const FETCH_TOOLS = new Set(['curl', 'wget', 'unzip', 'tar', 'gunzip', 'gzip', 'xz', 'bunzip2', 'mkdir', 'mv', 'cp', 'rm', 'ln', 'chmod', 'chown',
  'cd', 'echo', 'cat', 'test', '[', 'true', 'touch', 'sha256sum', 'sha512sum', 'apt-get', 'apk', 'yum', 'dnf', 'microdnf']);

/**
 * A stage whose commands only fetch, unpack and move files, from URLs that name no architecture, and
 * whose every use is a `COPY --from` of those files (zaproxy/zaproxy's docker/Dockerfile-weekly: the
 * linux/amd64 builder downloads and unzips Webswing and two scripts, which the amd64 and arm64 images
 * copy). The pin changes nothing in what is copied. Any other command (a probe such as `uname -m`, a
 * build, a fetched installer), an architecture in a URL, or a copy of what its packages installed
 * (/usr, /bin) keeps the finding.
 */
function fetchesOnly(model: DockerfileModel, stage: Stage): boolean {
  if (stage.runs.length === 0) return false;
  for (const run of stage.runs) {
    if (run.view.exec || archesNamed(run.view.body, true).size > 0) return false;
    const commands = run.view.commands();
    if (commands.some((c) => c.name !== undefined && !FETCH_TOOLS.has(c.name.text.slice(c.name.text.lastIndexOf('/') + 1)))) return false;
  }
  return copiedOnlyFrom(model, stage);
}

/** Every use of the stage is a `COPY --from` of paths that are not the JDK or a system folder. */
function copiedOnlyFrom(model: DockerfileModel, stage: Stage): boolean {
  return everyUseIsCopy(model, stage, ({ sources }) => sources.length > 0 && !sources.some((source) => NATIVE_PATH.test(source)));
}

/**
 * The first file that a `COPY --from` of the stage takes whose name names `arch` (GOARCH):
 * wormhole-foundation/wormhole's node/hack/query/ccqlistener/Dockerfile copies
 * `/usr/lib/libwasmvm.x86_64.so` out of its linux/amd64 build stage.
 */
function copiedFileNamedFor(model: DockerfileModel, stage: Stage, arch: string): string | undefined {
  for (const other of model.stages) {
    for (const dep of other.deps) {
      if (dep.stage !== stage.index || dep.kind !== 'copy') continue;
      const ins = other.instructions.find((i) => i.keyword === 'COPY' && i.start <= dep.start && dep.start < i.end);
      const source = ins && copyOperands(model, ins).sources.find((src) => archesNamed(src.slice(src.lastIndexOf('/') + 1), false).has(arch));
      if (source) return source;
    }
  }
  return undefined;
}

/** `linux/amd64` and `amd64` alike: the platform two constant pins name, normalized. */
function sameConstantPlatform(a: string, b: string): boolean {
  const pa = parsePlatform(a);
  const pb = parsePlatform(b);
  return !!pa && !!pb && samePlatform(pa, pb);
}

/**
 * Every stage of the build that uses this one (`FROM`, `COPY --from`, `RUN --mount=from`) is pinned
 * to the same constant platform (wormhole-foundation/wormhole's ethereum/Dockerfile: a `linux/amd64`
 * foundry stage copied into a `linux/amd64` node stage). The users' pins are reported too; removing
 * this one alone would copy another architecture's files into them, so that fix is not preferred.
 */
function usedOnlyBySamePinned(ctx: Ctx, stage: Stage): boolean {
  const value = stage.ownPlatform.value ?? '';
  const users = ctx.model.stages.filter((s) => reaches(ctx, s) && s.deps.some((d) => d.stage === stage.index));
  // Pinned by their own flag on an image, where this rule reports them (not inheriting through `FROM <stage>`).
  return users.length > 0 && users.every((s) => s.base.kind === 'image' && s.ownPlatform.kind === 'constant' && sameConstantPlatform(s.ownPlatform.value ?? '', value));
}

/**
 * Every use of the stage is a `COPY --from` into a folder named for the pinned architecture
 * (`COPY --from=base-arm-v7 / /linux/arm/v7`, then `COPY --from=base /$TARGETPLATFORM /`:
 * bluenviron/mediamtx's rpi.Dockerfile gathers one root file system per platform and each build
 * takes its own). The pin is what makes that folder's content the architecture it is filed under.
 */
function filedUnderItsArch(model: DockerfileModel, stage: Stage, arch: string): boolean {
  return everyUseIsCopy(model, stage, ({ destination }) => destinationArch(destination) === arch);
}

/**
 * A build of this Dockerfile in the workspace that asks for other architectures than the one a stage
 * of the exported image is pinned to on purpose: ArchiveBox's Dockerfile pins linux/amd64 ("Chrome
 * for Linux is only distributed for amd64") while .github/workflows/docker.yml builds it for
 * linux/amd64,linux/arm64, so the published arm64 image holds amd64 binaries.
 */
function buildAskingOtherArchs(ctx: Ctx, stage: Stage, arch: string): { build: BuildEntry; others: string[] } | undefined {
  if (!certainlyExported(ctx, stage)) return undefined;
  for (const build of ctx.workspace.buildsOfDockerfile?.(ctx.file) ?? []) {
    const others = (chosenPlatforms(build) ?? []).filter((p) => parsePlatform(p)?.architecture !== arch);
    if (others.length > 0) return { build, others };
  }
  return undefined;
}

/**
 * The stage is the exported one or a stage it is built FROM by name: not only one candidate of an
 * ARG-selected FROM (TykTechnologies/tyk's plugin-compiler-ng: `go-src-amd64` is one of the stages
 * `FROM go-src-${TARGETARCH}` picks, per target, and `FROM ${BASE_IMAGE}` could name any stage).
 */
function certainlyExported(ctx: Ctx, stage: Stage): boolean {
  let at = reachFor(ctx.model, ctx.config.dockerTarget).exported;
  const seen = new Set<number>();
  while (at !== undefined && !seen.has(at)) {
    if (at === stage.index) return true;
    seen.add(at);
    const base: StageBase = ctx.model.stages[at].base;
    at = base.kind === 'stage' ? base.stage : undefined;
  }
  return false;
}

const messages = {
  /** `through`: how an ARG default gave the value (" ($P through its ARG default)"), or ""; `exported`: the stage is the exported image (or its base). */
  constantPlatform: (d: { stage: string; platform: string; through: string; exported: boolean }) =>
    `--platform pins ${d.stage} to ${d.platform}${d.through}: ${d.exported ? 'the exported image is' : 'its output, copied into the exported image, is'} ${d.platform} whatever platforms the build asks for, so nodes of another architecture get exec format error.`,
  /** The pin is deliberate, but `build` (file:line) asks for `others` too. */
  pinnedBuiltForOthers: (d: { stage: string; platform: string; build: string; others: string }) =>
    `--platform pins ${d.stage} to ${d.platform} on purpose, but ${d.build} builds this Dockerfile for ${d.others} too: the image published for ${d.others} is ${d.platform} inside, and its nodes get exec format error. Build it for ${d.platform} only there, or make the Dockerfile build for each platform.`,
};

export const AL303 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL303',
    name: 'constant-from-platform',
    kind: 'offline',
    defaultSeverity: 'warning',
    fileKinds: ['dockerfile'],
    summary: 'FROM --platform with a constant value on a stage that reaches the exported image: the image is single-arch whatever the build asks for.',
    messages,
    fixable: true,
    // A pin on purpose still fires when a build of the workspace asks the image for other architectures.
    refinedByWorkspace: true,
  },
  check(ctx) {
    // A dev container is built by the devcontainer CLI for the developer's machine and never
    // published: a constant pin there chooses the dev environment's architecture on purpose
    // (bentoml/BentoML's .devcontainer/Dockerfile, linux/amd64, run emulated on Apple silicon). No
    // node pulls it, and removing the flag would change the environment every developer gets.
    if (builtForLocalMachine(ctx.file)) return;
    const crossBuilders = new Set(ctx.model.stages.filter((s) => !onExportChain(ctx, s) && crossHostChosenPerArch(ctx.model, s)).map((s) => s.index));
    const crossHosts = crossBuilders.size > 0 ? onlyCrossHosts(ctx, crossBuilders) : new Set<number>();
    for (const stage of ctx.model.stages) {
      const flag = stage.platformFlag;
      // On `scratch` BuildKit uses the target platform whatever the flag says (model.ts).
      if (!flag || stage.base.kind === 'stage' || stage.base.kind === 'scratch' || stage.ownPlatform.kind !== 'constant' || stage.windows) continue;
      if (!reaches(ctx, stage) || crossBuilders.has(stage.index) || crossHosts.has(stage.index)) continue;
      const value = stage.ownPlatform.value!;
      // A stage whose name, ARG or QEMU emulator names the architecture it pins is on it by design
      // (`FROM --platform=arm64 almalinux:9 AS almalinux-9.arm64v8-base`, selected by --build-arg),
      // and so is one of a file named for it (zalando/skipper's packaging/Dockerfile.arm64, one file per architecture)
      // or kept in a folder named for it (PowerShell-Docker's release/7-4/ubuntu22.04-arm32v7/docker/Dockerfile).
      const pinned = parsePlatform(value);
      // A pin on purpose is left alone, unless a build of the workspace asks this image for other architectures.
      const reportBuildsAskingOthers = (arch: string): void => {
        const conflict = buildAskingOtherArchs(ctx, stage, arch);
        if (!conflict) return;
        ctx.report({
          range: rangeOf(ctx, flag.start, flag.end),
          suppressionAnchors: anchors(stage.from),
          messageId: 'pinnedBuiltForOthers',
          data: { stage: stageLabel(stage), platform: value, build: buildPlace(conflict.build, ctx.file), others: conflict.others.join(', ') },
          related: [{ file: conflict.build.file, range: conflict.build.range, message: `builds it for ${conflict.others.join(', ')}` }],
        });
      };
      if (pinned && (deliberateArch(ctx.model, stage) === pinned.architecture || pathNamedArchs(ctx.file).has(pinned.architecture) || filesNamePinnedArch(ctx.model, stage, pinned.architecture))) {
        reportBuildsAskingOthers(pinned.architecture);
        continue;
      }
      // A linux/amd64 builder feeding a Windows image (GOOS=windows cross-compiled, copied into
      // servercore: Azure/azure-container-networking npm/windows.Dockerfile): Windows nodes are amd64,
      // and without the flag a Windows build would run the Linux builder image as windows/amd64.
      if (pinned?.architecture === 'amd64' && exportedStage(ctx)?.windows) continue;
      if (platformArgDrivesBuild(ctx.model, stage)) continue;
      if (copiesOnlyAssets(ctx.model, stage)) continue;
      if (javaBuildOutputOnly(ctx.model, stage) || fetchesOnly(ctx.model, stage)) continue;
      if (pinned && filedUnderItsArch(ctx.model, stage, pinned.architecture)) {
        reportBuildsAskingOthers(pinned.architecture);
        continue;
      }
      const chain = onExportChain(ctx, stage);
      // On the exported chain the image itself is the pinned platform's, whatever its commands make.
      const unconfigured = compilesWithoutTarget(ctx, stage);
      if (!chain && crossBuildsOnPinnedHost(stage, unconfigured)) continue;
      const through = flag.raw !== flag.resolved ? ` (${flag.raw} through its ARG default)` : '';
      // A file copied out of it named for the pinned architecture (`COPY --from=build
      // /usr/lib/libwasmvm.x86_64.so`) would be missing from every other platform's build.
      const named = !chain && pinned ? copiedFileNamedFor(ctx.model, stage, pinned.architecture) : undefined;
      // Every stage using it pinned to the same platform: removing this pin alone would copy
      // another architecture's files into them (their own pins are reported too).
      const whyNot = named
        ? `the image copies ${named} from it, a file of ${pinned?.architecture} only: choose it per platform first`
        : !chain && usedOnlyBySamePinned(ctx, stage) ? `every stage using it is pinned to ${value} too: remove their pins with it`
          // The image is published for the pinned platform only, as a comment at the FROM says (lf-edge/eve's
          // pkg/kube: "upstream sriov-cni ships an amd64-only image"): without the pin another platform's
          // build asks it for a platform it does not have.
          : pinned && commentsAbove(ctx, stage.from).some((c) => !/archlens\s/.test(c) && ONE_ARCH_ONLY.test(c))
            ? 'a comment says the image is published for one architecture only; check that it has the other platforms first' : undefined;
      const remove: Fix = whyNot
        ? { title: `Remove the --platform flag — not applied by --fix: ${whyNot}`, edits: [removeFlagEdit(ctx, flag.start, flag.end)] }
        : { title: 'Remove the --platform flag', preferred: true, edits: [removeFlagEdit(ctx, flag.start, flag.end)] };
      // A copied stage makes its output on the pinned platform (a cross-compiling one has no finding).
      // On $BUILDPLATFORM, packages it installs would hand the build machine's binaries to the image
      // (offered, not preferred); a compile without target settings certainly would (AL306: not offered).
      const buildOnBuildPlatform = !chain && unconfigured.length === 0;
      const fixes: Fix[] = buildOnBuildPlatform
        ? [{ title: 'Build this stage on the build machine (--platform=$BUILDPLATFORM)', edits: [{ range: rangeOf(ctx, flag.valueStart, flag.valueEnd), newText: '$BUILDPLATFORM' }] }, remove]
        : [remove];
      ctx.report({
        range: rangeOf(ctx, flag.start, flag.end),
        suppressionAnchors: anchors(stage.from),
        messageId: 'constantPlatform',
        data: { stage: stageLabel(stage), platform: value, through, exported: chain },
        fixes,
      });
    }
  },
});
