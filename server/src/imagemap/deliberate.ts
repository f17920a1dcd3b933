/**
 * A Dockerfile whose builds all make one architecture on purpose (docs/rules/AL308.md): every build
 * of it in the workspace pins that platform (`--platform linux/amd64`), or first builds the binaries
 * the image copies in for that architecture (`GOARCH=amd64 go build` in the same script, recipe or
 * job, a Make prerequisite included). Such an image is that architecture by construction, like a
 * stage pinned with `FROM --platform=linux/amd64`: a download of that architecture's file is what it
 * needs, and `${TARGETARCH}` there would not make the image run anywhere else.
 */
import type { Finding } from '../core/types';
import { reachFor, type DockerfileModel } from '../dockerfile/model';
import { copyOperands } from '../dockerfile/copy';
import { normalizeArchLabel, parsePlatform } from '../images/platform';
import type { BuildEntry } from './types';

/** The one architecture every build of a Dockerfile makes deliberately, and how the first build says so. */
export interface DeliberateArch {
  arch: string;
  /**
   * `platform`: the build pins it; `inputs`: the image copies in binaries the build made before for it;
   * `sibling`: an ARM variant of the Dockerfile lies beside it (armVariantKeys), so it is the amd64 one.
   */
  how: 'platform' | 'inputs' | 'sibling';
  /** A build that says so, for messages and tests (none for `sibling`). */
  build?: BuildEntry;
  /** The ARM variant's path, for `sibling`. */
  sibling?: string;
}

/** An ARM word between delimiters in a file or folder name: `development-arm.Dockerfile`, `cmake_320_arm`, `aarch64/`, `Dockerfile.arm64`. */
const ARM_WORD = /(^|[-_.])(?:aarch64|arm64v8|arm64|armv7|armhf|arm)(?=$|[-_.])/gi;

/**
 * The path a per-architecture Dockerfile's unmarked sibling would have: each ARM word dropped from
 * its components, a component that is only that word dropped whole. Undefined when it names no ARM
 * architecture. `docker/development-arm.Dockerfile` gives `docker/development.Dockerfile`,
 * `retired/aarch64/bionic/cmake_320/Dockerfile` gives `retired/bionic/cmake_320/Dockerfile`.
 */
export function unmarkedPathOf(file: string): string | undefined {
  const sep = file.includes('/') ? '/' : '\\';
  const parts = file.split(sep);
  const out: string[] = [];
  let found = false;
  parts.forEach((part, i) => {
    // Only the name and the folders near it (a checkout under /home/ci/arm64/ says nothing).
    const stripped = i >= parts.length - 4 ? part.replace(ARM_WORD, '') : part;
    if (stripped !== part) found = true;
    // A folder that is only the word goes (`aarch64/`); the root's empty first part stays.
    if (stripped !== '' || part === '') out.push(stripped);
  });
  return found ? out.join(sep) : undefined;
}

/** Whether every variable part of a build's platform list is certain for the run (`fixed`), none a default. */
function platformsAreFixed(entry: BuildEntry): boolean {
  const spec = entry.output?.platforms;
  if (spec?.kind !== 'list') return false;
  return spec.items.every((item) => item.every((piece) => piece.from === undefined || piece.fixed === true));
}

/**
 * The platforms a build asks for, when it says so itself: written in the build, or set for the run
 * by its file (platformsAreFixed); undefined for a runner's own, a default a caller may override, or unknown.
 */
export function chosenPlatforms(entry: BuildEntry): readonly string[] | undefined {
  if (entry.platforms.kind !== 'known') return undefined;
  return entry.platforms.from === 'written' || (entry.platforms.from === 'variable' && platformsAreFixed(entry)) ? entry.platforms.platforms : undefined;
}

/** The architecture one build makes on purpose, or undefined (several, none, or the build does not say). */
function archOfBuild(entry: BuildEntry, copiesContext: boolean): Omit<DeliberateArch, 'build'> | undefined {
  let pinned: string | undefined;
  if (entry.platforms.kind === 'known') {
    const archs = new Set(entry.platforms.platforms.map((p) => parsePlatform(p)?.architecture));
    // Several platforms: the build asks for more than one, so one-arch downloads are the bug.
    if (archs.size !== 1) return undefined;
    // Only a platform written in the build is a choice; a CI runner's own is an accident of the machine.
    // A variable counts when the file sets it for the run (a CI matrix row, a workflow's env): not a
    // default a caller may override (mikenye/docker-picard's one-row matrix of linux/amd64).
    if (entry.platforms.from === 'written' || (entry.platforms.from === 'variable' && platformsAreFixed(entry))) pinned = [...archs][0];
  }
  const inputs = copiesContext ? entry.site?.inputsArch : undefined;
  if (pinned && inputs && pinned !== inputs) return undefined;
  if (inputs) return { arch: inputs, how: 'inputs' };
  return pinned ? { arch: pinned, how: 'platform' } : undefined;
}

/**
 * The one architecture all these builds of a Dockerfile make on purpose; undefined unless each does
 * and they agree. Prebuilt inputs count only when the Dockerfile copies files from its build context.
 */
export function deliberateArchOfBuilds(entries: readonly BuildEntry[], copiesContext: boolean): DeliberateArch | undefined {
  let found: DeliberateArch | undefined;
  for (const entry of entries) {
    const one = archOfBuild(entry, copiesContext);
    if (!one || (found && found.arch !== one.arch)) return undefined;
    found ??= { ...one, build: entry };
  }
  return found;
}

/**
 * Whether an image built from this Dockerfile copies in files of the build context (`COPY bin/app /`,
 * `ADD suites/x.test /`) on a stage that reaches it: the only way prebuilt binaries get in.
 */
export function copiesFromContext(model: DockerfileModel, target: string | undefined): boolean {
  const reach = reachFor(model, target);
  for (const stage of model.stages) {
    if (!reach.stages.has(stage.index)) continue;
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const { from, sources } = copyOperands(model, ins);
      if (!from && sources.some((s) => !/^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i.test(s))) return true;
    }
  }
  return false;
}

/**
 * The ARGs every build of a Dockerfile sets with `--build-arg` (empty when one sets none, or when
 * there is no build): the defaults of those ARGs are never what this workspace builds with.
 */
export function argsEveryBuildSets(entries: readonly BuildEntry[]): ReadonlySet<string> {
  let common: Set<string> | undefined;
  for (const entry of entries) {
    const set = new Set(entry.site?.buildArgs ?? []);
    common = common ? new Set([...common].filter((name) => set.has(name))) : set;
    if (common.size === 0) break;
  }
  return common ?? new Set();
}

/**
 * A Dockerfile's findings without AL311 on a base image named only by an ARG default that every
 * build replaces (flannel's images/iperf3: `ARG BASEIMAGE=amd64/alpine` under a Makefile that passes
 * `--build-arg BASEIMAGE=` the arm64v8/, ppc64le/ or amd64/ image for each ARCH). Unchanged (the same
 * array) when nothing is left out.
 */
export function withoutReplacedArgBases(findings: Finding[], replaced: ReadonlySet<string>): Finding[] {
  if (replaced.size === 0) return findings;
  const kept = findings.filter((f) => {
    const arg = f.rule === 'AL311' ? (f.data as { arg?: unknown } | undefined)?.arg : undefined;
    return f.file !== undefined || typeof arg !== 'string' || !replaced.has(arg);
  });
  return kept.length === findings.length ? findings : kept;
}

/** The GOARCH an AL308 finding's download names (`x86_64` → amd64). */
export function archOfDownload(finding: Pick<Finding, 'rule' | 'data'>): string | undefined {
  if (finding.rule !== 'AL308') return undefined;
  const token = (finding.data as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? normalizeArchLabel(token)?.arch : undefined;
}

/** The architecture an AL303 finding's `FROM --platform` pins (`linux/amd64` gives amd64). */
function archOfPin(finding: Pick<Finding, 'rule' | 'data'>): string | undefined {
  if (finding.rule !== 'AL303') return undefined;
  const platform = (finding.data as { platform?: unknown } | undefined)?.platform;
  return typeof platform === 'string' ? parsePlatform(platform)?.architecture : undefined;
}

/**
 * The architecture an AL307 target constant names (`GOARCH=amd64`, `--target x86_64-unknown-linux-musl`:
 * a target triple's first part). Undefined for its other messages (copied files, multiarch paths).
 */
function archOfTargetConstant(finding: Pick<Finding, 'rule' | 'messageId' | 'data'>): string | undefined {
  if (finding.rule !== 'AL307' || finding.messageId !== 'hardcodedTarget') return undefined;
  const value = (finding.data as { value?: unknown } | undefined)?.value;
  if (typeof value !== 'string') return undefined;
  return (normalizeArchLabel(value) ?? normalizeArchLabel(value.split('-')[0]))?.arch;
}

/**
 * A Dockerfile's findings without the AL308 downloads of the architecture its builds make on
 * purpose, nor the AL303 stages pinned to it (ethereum-optimism's Dockerfile.packages, whose one Bake
 * target asks for linux/amd64 only), nor the AL307 target constants naming it (daytona's
 * hack/computer-use, `GOARCH=amd64` built only with `--platform linux/amd64`): the constant agrees
 * with every build. Unchanged (the same array) when nothing is left out.
 */
export function withoutDeliberateArchDownloads(findings: Finding[], deliberate: DeliberateArch | undefined): Finding[] {
  if (!deliberate) return findings;
  const kept = findings.filter((f) => f.file !== undefined || (archOfDownload(f) !== deliberate.arch && archOfPin(f) !== deliberate.arch && archOfTargetConstant(f) !== deliberate.arch));
  return kept.length === findings.length ? findings : kept;
}
