/**
 * AL308: a URL in RUN/ADD names one architecture (`…-linux-amd64.tar.gz`) that nothing chooses per
 * platform: every platform's image gets that architecture's binary.
 */
import { defineRule, type RuleContext } from '../../core/rule';
import type { Fix, TextEdit } from '../../core/types';
import type { DockerfileModel, DfInstruction, Stage } from '../../dockerfile/model';
import { archDownloads, goarchOf, type ArchToken as Token } from '../../dockerfile/arch-downloads';
import { downloadUses, type DownloadUse } from './download-uses';
import { anchors, commentsAbove, declareArgsEdit, deliberateArch, namespaceBase, ONE_ARCH_ONLY, pathNamedArchs, rangeOf, stageLabel, type Ctx } from './util';

const GO_NAMES = new Set(['amd64', 'arm64']);
/**
 * Vendor naming families a `case "$TARGETARCH"` mapping can be written for, and where the family's
 * arm64 name is certain. Elsewhere it is a guess: `x86_64` pairs with `aarch64` (AWS CLI, CMake,
 * Docker's static binaries) but also with `aarch_64` (protoc), `arm` (Google Cloud CLI) or `arm64`
 * (GoReleaser's `Linux_x86_64`); `x64` with `arm64` (Node.js, .NET) or `aarch64` (Temurin). A guess
 * downloads a file that may not exist, so that mapping is offered, not preferred.
 */
const FAMILIES: Array<{ tokens: string[]; map: Record<string, string>; certain?: RegExp }> = [
  // GNU/LLVM target triples (`x86_64-unknown-linux-musl`, Rust's release names) and RPM's file names (`.x86_64.rpm`).
  { tokens: ['x86_64', 'aarch64'], map: { amd64: 'x86_64', arm64: 'aarch64' }, certain: /^(?:x86_64|aarch64)(?:-(?:unknown|pc))?-linux-(?:gnu|musl)|^(?:x86_64|aarch64)\.rpm\b/ },
  { tokens: ['x64'], map: { amd64: 'x64', arm64: 'arm64' } },
];

/**
 * Vendors that write amd64 the Go way but name their arm64 file otherwise: `${TARGETARCH}` would
 * ask for a file that does not exist (moparisthebest/static-curl publishes curl-amd64 and
 * curl-aarch64; kubernetes-engine-samples' whereami image downloads the first; FoundationDB's
 * _amd64.deb and _aarch64.deb). Their mapping is known.
 */
const VENDORS: Array<{ url: RegExp; family: (typeof FAMILIES)[number] }> = [
  { url: /github\.com\/moparisthebest\/static-curl\//, family: { tokens: ['amd64'], map: { amd64: 'amd64', arm64: 'aarch64' }, certain: /^amd64\b/ } },
  // FoundationDB's Debian packages: foundationdb-clients_7.3.59-1_amd64.deb and ..._aarch64.deb
  // (fluid's addons/3fs/dev-guide; seaweedfs' Dockerfile.foundationdb_large maps them so).
  { url: /github\.com\/apple\/foundationdb\/releases\//, family: { tokens: ['amd64'], map: { amd64: 'amd64', arm64: 'aarch64' }, certain: /^amd64\.deb\b/ } },
];

/**
 * Downloads whose vendor publishes one architecture only, with where that is said: `${TARGETARCH}`
 * would ask the other platforms for a file that does not exist, so the fix is offered, not applied.
 * Google's Cloud KMS PKCS#11 library (tailscale's QNAP builder image downloads
 * libkmsp11-1.7-linux-amd64.tar.gz) has Linux releases for amd64 only.
 */
const ONE_ARCH_VENDORS: Array<{ url: RegExp; said: string }> = [
  { url: /github\.com\/GoogleCloudPlatform\/kms-integrations\/releases\//i, said: 'GoogleCloudPlatform/kms-integrations publishes Linux amd64 only (its issue 43)' },
  // Intel's GPU user-space stack releases amd64 .debs only (compute-runtime's PR 800, arm64 debs,
  // is still open): intel-device-plugins-for-kubernetes' levelzero image downloads both.
  { url: /github\.com\/intel\/compute-runtime\/releases\//i, said: 'intel/compute-runtime publishes amd64 packages only' },
  { url: /github\.com\/intel\/intel-graphics-compiler\/releases\//i, said: 'intel/intel-graphics-compiler publishes amd64 packages only' },
  // Ubuntu keeps its architectures on two hosts: a pool URL with ${TARGETARCH} asks one of them for
  // packages it does not have (lf-edge/eve's pkg/nvidia fetches libc-bin_..._arm64.deb from ports).
  { url: /\/\/ports\.ubuntu\.com\//i, said: 'ports.ubuntu.com serves no amd64 or i386 packages (archive.ubuntu.com does)' },
  { url: /\/\/(?:[a-z]{2}\.)?(?:archive|security)\.ubuntu\.com\//i, said: 'archive.ubuntu.com and security.ubuntu.com serve amd64 and i386 packages only (ports.ubuntu.com serves the others)' },
];

/** The vendor of a download whose arm64 name is not the Go one, when the URL names it. */
function vendorOf(url: string): (typeof FAMILIES)[number] | undefined {
  return VENDORS.find((v) => v.url.test(url))?.family;
}

/** The tokens' family names its arm64 file with certainty (see FAMILIES). */
function certainNaming(ctx: Ctx, family: (typeof FAMILIES)[number], tokens: Token[]): boolean {
  return family.certain !== undefined && tokens.every((t) => family.certain!.test(ctx.model.text.slice(t.start, t.start + 40)));
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

/**
 * The instruction checks the download against a checksum (`sha256sum -c`, `shasum -a 256 --check`,
 * `ADD --checksum=`): a hash of the one architecture's file, which the other architectures' files fail
 * (kubeflow/pipelines' Dockerfile.visualization: `echo "${CLOUD_SDK_SHA256}  …" | sha256sum -c -`).
 */
const CHECKSUM_CHECK = /\b(?:sha(?:1|224|256|384|512)sum|shasum|md5sum|b2sum|cksum)\b[^\n;&|]*\s(?:-c|--check)\b|--checksum=/;

function verifiesChecksum(ctx: Ctx, ins: DfInstruction): boolean {
  return CHECKSUM_CHECK.test(ctx.model.text.slice(ins.start, ins.end));
}

const NOT_APPLIED = ' — not applied by --fix: ';

/** The fix offered, not preferred, its title saying why (after any reason it already gives). */
function notApplied({ preferred: _, ...fix }: Fix, reason: string): Fix {
  return { ...fix, title: fix.title.includes(NOT_APPLIED) ? `${fix.title}; ${reason}` : `${fix.title}${NOT_APPLIED}${reason}` };
}

function reportTokens(ctx: RuleContext<DockerfileModel, typeof messages>, stage: Stage, ins: DfInstruction, tokens: Token[], fixes: Fix[]): void {
  const t = tokens[0];
  // Two ways to read it: the user picks, `--fix` applies neither.
  if (fixes.length > 1) fixes = fixes.map(({ preferred: _, ...f }) => f);
  // The other architectures' files fail the one checksum: the multi-platform build would stop there.
  if (fixes.length > 0 && verifiesChecksum(ctx, ins)) {
    fixes = fixes.map((f) => notApplied(f, 'the download is checked against one checksum, which the other architectures\' files fail; give each its own'));
  }
  // The file may not exist for the other architectures: the build would fail there, so never applied blind.
  if (fixes.length > 0 && saysOneArchOnly(ctx, ins)) {
    fixes = fixes.map((f) => notApplied(f, 'a comment says the vendor publishes one architecture only; check that the file exists for each'));
  }
  // On a base published for one architecture (`${ARCH}/ubuntu` with `ARG ARCH=amd64`, algorand/go-algorand's
  // docker.ubuntu.Dockerfile) ${TARGETARCH} would not follow the base.
  const single = fixes.length > 0 ? namespaceBase(ctx.model, stage) : undefined;
  if (single) fixes = fixes.map((f) => notApplied(f, `the base ${single.image} is ${single.platform} only, and the target's architecture does not follow it: make the base multi-platform first`));
  const vendor = fixes.length > 0 ? ONE_ARCH_VENDORS.find((v) => v.url.test(ctx.model.text.slice(ins.start, ins.end))) : undefined;
  if (vendor) fixes = fixes.map((f) => notApplied(f, `${vendor.said}; the other platforms need another source`));
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
function usesOf(ctx: Ctx, stage: Stage, ins: DfInstruction, tokens: Token[]): { uses: DownloadUse[]; truncated: boolean; companion?: number } {
  const found = [...new Set(tokens.map((t) => t.text))].map((text) => downloadUses(ctx, stage, ins, text));
  // A download whose site is a variable (`${BASE}/tool-linux-amd64.tgz`) has no `://` for
  // download-uses.ts to know it by: its own tokens come back as uses, and must not be edited twice.
  const own = new Set(tokens.map((t) => t.start));
  const companion = found.find((f) => f.companion)?.companion;
  return {
    uses: found.flatMap((f) => f.uses).filter((u) => !own.has(u.start)),
    truncated: found.some((f) => f.truncated),
    ...(companion ? { companion: ctx.lines.positionAt(companion.start).line + 1 } : {}),
  };
}

/**
 * A fix's title and preference once the later uses are known: preferred only when every use is
 * rewritten with the URL (else the build would fail on the other platforms), otherwise offered
 * with the uses it can rewrite, saying how many it cannot.
 */
function withUses(title: string, edits: TextEdit[], left: number, truncated: boolean, companion?: number): Fix {
  if (truncated) return { title: `${title} (the file name has too many other uses to change them all: check them)`, edits };
  if (companion !== undefined) return { title: `${title} (line ${companion} downloads a file of the same name: change both together)`, edits };
  return left === 0
    ? { title, preferred: true, edits }
    : { title: `${title} (${left} other use${left === 1 ? '' : 's'} of the file name cannot be changed with it: check them)`, edits };
}

/** `${TARGETARCH}` (or `${BUILDARCH}`) in place of Go-named tokens and every later use of them. */
function goNamesFix(ctx: Ctx, stage: Stage, ins: DfInstruction, arg: ArchArg, at: number, tokens: Token[]): Fix | undefined {
  if (!tokens.every((t) => GO_NAMES.has(t.text))) return undefined;
  const { uses, truncated, companion } = usesOf(ctx, stage, ins, tokens);
  const rewritten = uses.filter((u) => u.argEditable);
  let edits = declare(ctx, stage, arg, at, [...tokens, ...rewritten].map((t) => ({ range: rangeOf(ctx, t.start, t.end), newText: `\${${arg}}` })));
  // A use in a later stage needs the ARG declared there too.
  for (const other of new Set(rewritten.map((u) => u.stage).filter((s) => s !== stage))) {
    const first = Math.min(...rewritten.filter((u) => u.stage === other).map((u) => u.start));
    const d = declareArgsEdit(ctx, other, [arg], first);
    if (d) edits = [...edits, d];
  }
  const title = arg === 'TARGETARCH' ? 'Download the target architecture (${TARGETARCH})' : 'Download for the build machine (${BUILDARCH})';
  return withUses(title, edits, uses.length - rewritten.length, truncated, companion);
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
    const named = pathNamedArchs(ctx.file);
    for (const download of archDownloads(ctx.model)) {
      const { stage, ins, site } = download;
      // A Dockerfile named for one architecture (openobserve's Dockerfile.sccache.amd64, typesense's
      // development-arm.Dockerfile) or kept in a folder named for it (manticoresearch's
      // aarch64/<distro>/cmake_320/Dockerfile), or a stage whose name says it, downloads that
      // architecture's files on purpose, as a pinned stage does.
      const deliberate = deliberateArch(ctx.model, stage);
      const tokens = download.tokens.filter((t) => !named.has(goarchOf(t.text)) && goarchOf(t.text) !== deliberate);
      if (tokens.length === 0) continue;
      const partial = download.partial || tokens.length !== download.tokens.length;
      // A fix of some tokens only (others name the stage's pinned platform) would be wrong: none.
      const fixes = partial ? [] : site.kind === 'run'
        ? archArgs(stage).flatMap((arg) => runFix(ctx, stage, ins, arg, site.run.command.start, site.word.raw, tokens, site.run.run.view.exec) ?? [])
        : site.kind === 'add' && !vendorOf(ctx.model.text.slice(ins.start, ins.end)) ? archArgs(stage).flatMap((arg) => goNamesFix(ctx, stage, ins, arg, ins.start, tokens) ?? []) : [];
      reportTokens(ctx, stage, ins, tokens, fixes);
    }
  },
});

/** `${TARGETARCH}` for Go-named tokens, a `case "$TARGETARCH"` mapping before the command for known families. */
function runFix(ctx: Ctx, stage: Stage, ins: DfInstruction, arg: ArchArg, commandStart: number, raw: string, tokens: Token[], exec: boolean): Fix | undefined {
  // Single quotes would stop the shell from expanding the variable; exec form has no shell to add a case.
  if (exec || raw.includes("'")) return undefined;
  const vendor = vendorOf(raw);
  const goNames = vendor ? undefined : goNamesFix(ctx, stage, ins, arg, commandStart, tokens);
  if (goNames) return goNames;
  const family = vendor ?? FAMILIES.find((f) => tokens.every((t) => f.tokens.includes(t.text)));
  if (!family) return undefined;
  const arms = Object.entries(family.map).map(([goarch, vendor]) => `${goarch}) dl_arch=${vendor} ;;`).join(' ');
  const mapping = `case "$${arg}" in ${arms} *) echo "unsupported architecture: $${arg}" >&2; exit 1 ;; esac && `;
  const at = ctx.lines.positionAt(commandStart);
  // The shell variable exists from the download's command on, in this RUN only.
  const { uses, truncated, companion } = usesOf(ctx, stage, ins, tokens);
  const rewritten = uses.filter((u) => u.place === 'same-run' && u.argEditable && (u.commandStart ?? -1) >= commandStart);
  const title = arg === 'TARGETARCH' ? 'Choose the download per platform (case "$TARGETARCH" mapping)' : 'Choose the download per build machine (case "$BUILDARCH" mapping)';
  const fix = withUses(title, declare(ctx, stage, arg, commandStart, [
    { range: { start: at, end: at }, newText: mapping },
    ...[...tokens, ...rewritten].map((t) => ({ range: rangeOf(ctx, t.start, t.end), newText: '${dl_arch}' })),
  ]), uses.length - rewritten.length, truncated, companion);
  return certainNaming(ctx, family, tokens) ? fix : notApplied(fix, `the vendor's ${family.map.arm64} name is a guess; check that the file exists for each architecture`);
}
