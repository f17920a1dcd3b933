/**
 * The build-invocation model every build-script file kind maps to: places where an image is built,
 * whether (and how) it is pushed, which platforms it names, and where a fix would add them.
 * Rules read only this model; the per-kind readers (shell, Makefile, workflows, Compose, Bake) fill it.
 */
import type { ParsedReference } from '../images/reference';
import type { FileKind, Range } from '../core/types';
import type { Value } from './values';
import type { MakeEnvironmentEntry } from './github-make-env';
import type { WorkflowCall } from './github-calls';

/**
 * A text insertion a fix renders with a list of platforms:
 * `prefix + platforms.map(p => quote + p + quote).join(separator) + suffix`, replacing [offset, deleteTo).
 */
export interface Insertion {
  offset: number;
  deleteTo?: number;
  prefix: string;
  separator: string;
  suffix: string;
  quote: string;
}

export interface PlatformItem {
  /** The platform as written, quotes removed ("linux/amd64"). */
  text: string;
  range: Range;
}

/** The platforms a build names. */
export type PlatformSpec =
  | { kind: 'none' }
  /** A variable or expression (`$PLATFORMS`, `${{ matrix.platform }}`): the user's choice, never judged. */
  | { kind: 'dynamic' }
  | {
      kind: 'list';
      items: PlatformItem[];
      /** The whole value, where AL502 is reported. */
      range: Range;
      /** How to add more platforms to this value; absent when no safe edit exists. */
      append?: Insertion;
    };

/** GitHub Actions context of a build, for AL503. */
export interface WorkflowContext {
  job: string;
  /** A `docker/setup-buildx-action` step runs before this build in the job. */
  hasBuildx: boolean;
  /** A `docker/setup-qemu-action` step runs before this build in the job. */
  hasQemu: boolean;
  /**
   * The local action (`./.github/actions/…`) `hasQemu` rests on, when no step before the build
   * visibly sets QEMU up: archlens cannot see into it, so whether QEMU is there is not known.
   */
  qemuAssumedFrom?: string;
  /** The runner's architecture when `runs-on` says (amd64 for GitHub-hosted x64 labels), else undefined. */
  runnerArch?: string;
  /**
   * Where new setup steps go, and the step list's indentation: before the step of the job's first
   * build that has the same setup before it (this one's or an earlier one's), so fixes share it.
   */
  stepInsert?: { offset: number; dashIndent: string; keyIndent: string };
  /** Setup steps the job has after this build (a fix must not add a second one). */
  laterSetup?: { buildx: boolean; qemu: boolean };
  /** How the file references actions, for setup steps a fix adds (workflowConventions in github.ts). */
  conventions?: ActionConventions;
}

/** A workflow file's way of referencing actions. */
export interface ActionConventions {
  /** Every remote action is pinned to a full commit SHA. */
  shaPinned: boolean;
  /** action (`docker/setup-buildx-action`) → the reference the file already uses, as written (`…@<sha> # v4.3.0`). */
  known: ReadonlyMap<string, string>;
}

export interface BuildSite {
  /** What builds, for messages: "docker buildx build", "docker/build-push-action", "bake target \"app\"". */
  what: string;
  /** Where AL501 and AL503 are reported. */
  range: Range;
  /** How this kind of file names platforms, for messages: "--platform", "platforms", "build.platforms". */
  option: string;
  /** Lines besides range.start.line whose `# archlens ignore=` above silences findings on this build. */
  anchors: number[];
  platforms: PlatformSpec;
  /**
   * How the image is published; undefined for a local build. `separate`: a later push command
   * publishes what the build left in the local image store (`docker build` … `docker push`).
   */
  push?: { how: string; range?: Range; separate?: boolean };
  /** The build builds Windows containers (a Windows runner, a `Dockerfile.windows`): the Linux targets do not apply. */
  windows?: boolean;
  /** The stage it builds (`--target builder`, `target: distroless`), when written literally: only that stage and those it needs run. */
  target?: string;
  /**
   * Why adding platforms here would not give a working multi-platform image: the architecture is
   * chosen by a build argument (`--build-arg TARGETARCH=$(GOARCH)`), or the image copies in a binary
   * built before for one architecture. The finding stands; no preferred fix.
   */
  singleArchInputs?: string;
  /**
   * A job of the same workflow that builds on runners of several architectures (a matrix over
   * `ubuntu-latest` and `ubuntu-24.04-arm`): the file's way to make other platforms is native
   * runners, so adding platforms emulated by QEMU here is not the fix to prefer.
   */
  nativeRunnersJob?: string;
  /**
   * Another workflow of the workspace that builds the same Dockerfile for an architecture this build
   * would emulate, on a runner of that architecture (tursodatabase/libsql's publish-server.yml: a job on
   * `ubuntu-24.04-arm` for linux/arm64): the project's way to make that platform is a native runner, as
   * for nativeRunnersJob (from the workspace image map: rules/buildscripts/built-content.ts).
   */
  nativeRunnersElsewhere?: string;
  /** The ARGs the build sets (`--build-arg NAME=…`, `--build-arg NAME`); absent when it sets none or the reader does not record them. */
  buildArgs?: string[];
  /**
   * Why every image of this build would hold one architecture's file whatever its platform: a
   * Dockerfile it reads downloads one (from the workspace image map: rules/buildscripts/built-content.ts).
   * The finding stands; no preferred fix adding platforms.
   */
  oneArchContent?: string;
  /**
   * Why the Dockerfile the build reads cannot be looked into (`file: ${{ env.DOCKERFILE }}`, set by a
   * script at run time; a remote context): what it would put in other platforms' images is not known,
   * so no preferred fix adds platforms (from the workspace image map, as oneArchContent).
   */
  dockerfileUnknown?: string;
  /**
   * Every Dockerfile the build reads is known to run no command on the target platform (they
   * cross-compile on $BUILDPLATFORM and copy): foreign platforms need no QEMU (from the workspace
   * image map, as oneArchContent).
   */
  runsNothingOnTarget?: true;
  /**
   * The one architecture those prebuilt inputs are for, when every command that builds them writes it
   * as a constant (`GOARCH=amd64 go build`): the image is that architecture by construction.
   */
  inputsArch?: string;
  /**
   * Why the image holds nothing that executes, when the file itself says (the unit generated the
   * Dockerfile it builds with a tool whose output is known: `operator-sdk generate bundle`). What
   * fails for such an image is the pull of an index that lacks the node's platform, not a program
   * (AL501, AL502 say so). A Dockerfile of the workspace is judged through the workspace image map.
   */
  dataOnly?: string;
  /**
   * The build deliberately makes one architecture: its step name, Make target or tag says so ("Build
   * the AMD64 image", `push-amd64:`, `:1.0-arm64`), or a build argument writes it out (`--build-arg TARGETARCH=amd64`).
   */
  namedArch?: string;
  /** A matrix build on runners of several architectures whose every row pushes tags naming its own runner's architecture (`…-arm64` on ubuntu-24.04-arm). */
  namedPerRow?: boolean;
  /**
   * The build sits in an `if`/`case` that chooses by architecture, whose other branch pins this one
   * architecture (`--platform linux/arm64`): this branch builds the others, on the machine's own (commands.ts markArchitectureBranches).
   */
  otherBranchArch?: string;
  /** A workflow build whose every tag later jobs of the same workflow pull, on runners of the build's architecture: an image for the workflow's own use. */
  pulledByWorkflow?: boolean;
  /**
   * Whether a builder that can build several platforms is set up for this build (`docker buildx create
   * --use`, `--builder`, a workflow's setup-buildx step, Bake; false for Compose, which uses whatever
   * builder is current): adding platforms to a build
   * on the default docker driver fails without the containerd image store.
   */
  multiPlatformBuilder?: boolean;
  /** The script assembles a manifest list itself (`docker manifest create`, `imagetools create`): per-arch pushes are intended. */
  assembled?: boolean;
  /** Every name the build writes says the architecture of the machine running it (`:$SHA-$(uname -m)`): one image per machine, on purpose. */
  machineArchName?: boolean;
  /**
   * The script reaches the build only on a machine of the platform it was asked for: an earlier `if`
   * at the build's level exits when that platform differs from the machine's (`podman info --format
   * '{{.Host.Os}}/{{.Host.Arch}}'`, `uname -m`). The plain build makes the asked platform (commands.ts nativeCheckExit).
   */
  nativeOnly?: boolean;
  /**
   * Every push of the image goes to a registry on this machine's loopback interface (`localhost:5001/...`,
   * as written or through the unit's variables): it serves clusters on this machine (kind, k3d),
   * whose nodes have the build machine's architecture (commands.ts loopbackName).
   */
  loopbackPush?: boolean;
  /** How to add platforms when none are named. */
  addPlatforms?: Insertion;
  /** How to fold the separate push into the build (`docker buildx build … --push`), when that is safe (fold-push.ts). */
  foldPush?: FoldPush;
  workflow?: WorkflowContext;
  /**
   * The Dockerfile the build reads, when an earlier `run:` step of its job writes it with a heredoc
   * (restatedev/restate's CLI image: `cat > Dockerfile << 'EOF'`): no file of the workspace holds it.
   */
  inlineDockerfile?: string;
  /**
   * What the build produces, as the file settles it before it runs (the workspace image map reads
   * this): one per matrix row, one without a matrix; absent when the reader records none.
   */
  outputs?: BuildOutput[];
}

/** A separate push folded into its build: text offsets of the file. */
export interface FoldPush {
  /** The classic verb (`build`, `image build`) that becomes `buildx build`; absent for a buildx build. */
  verb?: { start: number; end: number };
  /** Right after the verb: where ` --push` goes. */
  at: number;
  /** The push commands to remove, each with what joins it to its neighbours (`&&`, its line). */
  removals: Array<{ start: number; end: number }>;
  /** The pushes' lines (1-based), for the fix's title. */
  lines: number[];
}

/** Where a build file's relative paths start. */
export type PathBase =
  /** The file's own folder (a Makefile's recipes, Compose, Bake). */
  | 'file'
  /** The repository root (a GitHub workflow, GitLab CI). */
  | 'repository'
  /** Wherever the script is run from: not known from the file. */
  | 'cwd';

/** A value written in a build file, resolved through the file's static variables (values.ts). */
export interface WrittenValue {
  value: Value;
  range: Range;
}

/** What one build produces: names, Dockerfile, context and platforms, resolved (values.ts). */
export interface BuildOutput {
  /** The image names it tags, and those it is tagged and pushed as later in the same unit. */
  names: WrittenValue[];
  /** `-f` / `file:` / `dockerfile:`: relative to `paths`, or to the context when `dockerfileInContext`. */
  dockerfile?: WrittenValue;
  /** Compose, Bake and kaniko read `dockerfile` relative to the context. */
  dockerfileInContext?: boolean;
  /** The build context; undefined when none is named (CI actions: the repository). */
  context?: WrittenValue;
  /** Set when the context cannot be told from the command (flags archlens does not know). */
  contextUnknown?: string;
  paths: PathBase;
  /**
   * The platforms: a list (each item resolved), or 'none' — named nowhere, so the build makes the
   * platform of the machine that runs it (`runner`, "linux/amd64", when the file says which).
   */
  platforms: { kind: 'list'; items: Value[] } | { kind: 'none'; runner?: string };
  /** The matrix row this output is for ("platform=linux/arm64"), when the job has a matrix. */
  matrix?: string;
}

/** A manifest list assembled from other images (`docker manifest create`, `buildx imagetools create`): published under its own name. */
export interface ManifestListSite {
  what: string;
  range: Range;
  name: WrittenValue;
}

/** A Compose service that pulls `image:` for a given `platform:` (AL504). */
export interface ComposePlatformUse {
  service: string;
  image: ParsedReference;
  imageRange: Range;
  platform: PlatformItem;
  /** The service's own line: a comment above it silences findings on the service. */
  serviceLine: number;
}

/**
 * An image mirrored by hand within one unit: `docker pull X` … `docker tag X Y` … `docker push Y`
 * (AL505). The pull fetched one platform, so the push publishes that one platform under Y.
 */
export interface MirrorSite {
  /** The tool as written ("docker", "$DOCKER", "podman") and the tool it is. */
  shown: string;
  tool: string;
  /** X and Y as written (quotes kept), for messages and for a copy command put in the push's place. */
  source: string;
  target: string;
  /** The push command, where the finding is reported. */
  range: Range;
  pull: Range;
  tag: Range;
  /** Lines of the pull, the tag and the push: a comment above any of them silences the finding. */
  anchors: number[];
  /** What a copy command would replace: the push from its tool word to Y; absent when the push has flags of its own. */
  replace?: Range;
  /**
   * A Windows image: the unit runs on a Windows runner, or X or Y (as written or as the file's
   * variables resolve it) names Windows. Windows images are published per OS version, one platform
   * each, so pull, tag and push loses nothing and the Linux targets do not apply.
   */
  windows?: boolean;
  /** Y is on a registry on this machine's loopback interface, which serves clusters on this machine (commands.ts loopbackRegistry). */
  local?: boolean;
  /** Y says the architecture of the machine running the script (`:$TAG-$(uname -m)`): the one platform it holds is the one its name says. */
  machineArchName?: boolean;
  /**
   * The unit pulls the pushed name back after the push (`docker push Y`, `docker rmi Y`, `docker pull Y`):
   * a round trip through the registry on this machine, a test of the registry rather than a mirror.
   */
  roundTrip?: boolean;
}

export interface BuildModel {
  kind: FileKind;
  builds: BuildSite[];
  composePlatforms: ComposePlatformUse[];
  mirrors: MirrorSite[];
  /** The registry-to-registry copy tools (crane, skopeo, regctl) the file already runs. */
  copyTools: string[];
  /** Manifest lists the file assembles (absent when none, or when the reader records none). */
  manifestLists?: ManifestListSite[];
  /** A GitHub workflow's environment of the steps that run make (github-make-env.ts; absent when none). */
  makeEnvironment?: MakeEnvironmentEntry[];
  /** A GitHub workflow's calls of reusable workflows of the same repository (github-calls.ts; absent when none). */
  workflowCalls?: WorkflowCall[];
  /** Read with a caller's inputs, the workflow runs only when called: its builds are its callers' (absent otherwise). */
  onlyCalled?: true;
}

/** The model of a build file that builds nothing (it names no build tool). */
export function emptyBuildModel(kind: FileKind): BuildModel {
  return { kind, builds: [], composePlatforms: [], mirrors: [], copyTools: [] };
}
