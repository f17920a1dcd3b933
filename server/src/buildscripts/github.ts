/**
 * GitHub Actions workflows: per job, `run:` steps (one script per job for push matching) and
 * `docker/build-push-action` steps (`push`, `outputs`, `platforms` inputs), with the setup steps
 * that ran before each build (AL503).
 */
import type { ParseOutcome } from '../core/analyzer';
import { escapeRegExp, LineIndex } from '../core/text';
import { readYamlDocuments } from '../core/yaml/documents';
import { isPlainBlockYaml } from '../core/yaml/plain-block-yaml';
import { entriesOf, pairOf, plainInFlow, textOf, valueOf, type KMap, type KNode } from '../core/yaml/knode';
import type { ShellCommand, ShellWord } from '../shell/shell';
import { assemblesManifestList, assemblyPatterns, loopbackName, mayNameBuildTool, mayRunSitePrograms, sitesInUnit, withoutCommas } from './commands';
import { architectures } from './platforms';
import { archNamedInTag, archNamedInText, archOfBuildArg, pushingOutput } from './names';
import { emptyBuildModel, type ActionConventions, type BuildModel, type BuildOutput, type BuildSite, type Insertion, type ManifestListSite, type MirrorSite, type PlatformItem, type PlatformSpec, type WorkflowContext } from './model';
import { maskGithubExpressions, parseRegion, platformVariable } from './source';
import { scriptVariables } from './shell-variables';
import { makeEnvironmentOf, mayGiveMakeEnvironment } from './github-make-env';
import { envBindings, inputDefaults, layered, matrixRows, type MatrixRow } from './github-values';
import { CALLS_LOCAL_WORKFLOW, onlyCalled, workflowCallOf, type WorkflowCall } from './github-calls';
import { expandShell, githubExpression, githubTemplate, splitValue, unquoted, type ExpressionContext, type Lookup, type Value, type WorkflowInputs } from './values';
import type { Resolve } from './commands';
import { emptyValueOffset, endOfLastLine, indentAt, rangeOfNode, scalarScript, trimEnd } from './layout';
import { templateOfAnotherTool } from './template';

const NON_SHELLS = /^(?:pwsh|powershell|python|cmd|node)\b/;

/**
 * GitHub's hosted runners are amd64 unless the job picks an ARM one (hexpm/bob's ubuntu-24.04-arm job
 * pushing linux/arm64 alone): a build that lists only the runner's own non-default architecture is
 * that choice, as a step name saying the architecture would be.
 */
function nativeOnChosenRunner(site: BuildSite, runner: string | undefined): runner is string {
  return runner !== undefined && runner !== 'amd64' && site.platforms.kind === 'list' && architectures(site.platforms.items.map((i) => i.text)).join() === runner;
}

/** The runner's architecture from `runs-on`, when a GitHub-hosted label says it. */
function runnerArch(runsOn: KNode | undefined): string | undefined {
  const labels = runsOn?.type === 'seq' ? runsOn.items.map((i) => textOf(i) ?? '') : [textOf(runsOn) ?? ''];
  return runnerArchOfLabel(labels.join(' '), labels.length);
}

function runnerArchOfLabel(label: string, labels = 1): string | undefined {
  const all = label.toLowerCase();
  if (all.includes('${{') || labels === 0) return undefined;
  if (/\barm64\b|-arm\b|\baarch64\b/.test(all)) return 'arm64';
  if (/\bself-hosted\b/.test(all) && !/\bx64\b/.test(all)) return undefined;
  if (/^(?:ubuntu|windows)-|\bx64\b/.test(all)) return 'amd64';
  return undefined;
}

/**
 * A job on a Windows runner (`windows-latest`, `windows-${{ matrix.version }}`,
 * `github-hosted-windows-x64-large`): its docker builds
 * make Windows containers. `runs-on: ${{ matrix.runs_on }}` is read through the job's matrix: a
 * Windows runner only when every row names one.
 */
function windowsRunner(runsOn: KNode | undefined, rows: readonly MatrixRow[] | undefined): boolean {
  const labels = runsOn?.type === 'seq' ? runsOn.items.map((i) => textOf(i) ?? '') : [textOf(runsOn) ?? ''];
  // A larger or self-hosted runner names Windows inside its label (`github-hosted-windows-x64-large`,
  // grafana/agent); `windows` must start a word of it (after a dash, underscore or the start).
  const windows = (text: string) => /(?:^|[-_\s])windows\b/i.test(text.trim());
  if (labels.some(windows)) return true;
  const fromMatrix = labels.map((l) => /^\s*\$\{\{\s*matrix\.([A-Za-z0-9_.-]+)\s*\}\}\s*$/.exec(l)?.[1]).filter((k): k is string => k !== undefined);
  if (fromMatrix.length === 0 || !rows || rows.length === 0) return false;
  return fromMatrix.some((key) => rows.every((row) => {
    const value = row.values[key];
    return typeof value === 'string' ? windows(value) : Array.isArray(value) && value.some((v) => typeof v === 'string' && windows(v));
  }));
}

/**
 * The architectures of the runners a matrix job runs on, one per row, when `runs-on` is chosen by
 * the row (`runs-on: ${{ matrix.os.image }}` over `ubuntu-24.04` and `ubuntu-24.04-arm`); undefined
 * when runs-on is not a matrix value or a row's runner has no known architecture.
 */
function matrixRunnerArchs(runsOn: KNode | undefined, rows: readonly MatrixRow[] | undefined): string[] | undefined {
  const key = /^\s*\$\{\{\s*matrix\.([A-Za-z0-9_.-]+)\s*\}\}\s*$/.exec(runsOn?.type === 'scalar' ? textOf(runsOn) ?? '' : '')?.[1];
  if (!key || !rows || rows.length === 0) return undefined;
  const archs: string[] = [];
  for (const row of rows) {
    let value: unknown = row.values;
    for (const part of key.split('.')) value = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
    const arch = typeof value === 'string' ? runnerArchOfLabel(value) : undefined;
    if (!arch) return undefined;
    archs.push(arch);
  }
  return archs;
}

/**
 * A job's steps, those of a `- parallel:` group (appwrite's ci.yml: a group of steps run side by
 * side) in their place: each is a step like the others.
 */
function stepsOf(steps: KNode & { type: 'seq' }): KNode[] {
  return steps.items.flatMap((step) => {
    const group = valueOf(step, 'parallel');
    return group?.type === 'seq' ? group.items : [step];
  });
}

/** A full commit SHA after `@`: the action is pinned. */
const SHA_PIN = /@[0-9a-f]{40}$/;

/**
 * How the file references actions: whether every remote action is pinned to a commit, and the
 * references it already uses (as written, with a trailing `# v4.3.0` comment) for setup steps a fix adds.
 */
function workflowConventions(roots: readonly KNode[], text: string): ActionConventions {
  const known = new Map<string, string>();
  let remote = 0;
  let pinned = 0;
  const visit = (node: KNode | undefined) => {
    for (const job of entriesOf(valueOf(node, 'jobs'))) {
      const steps = valueOf(job.value, 'steps');
      if (steps?.type !== 'seq') continue;
      for (const step of stepsOf(steps)) {
        const usesNode = valueOf(step, 'uses');
        const uses = textOf(usesNode)?.trim();
        if (!uses || !usesNode || uses.startsWith('./') || uses.startsWith('docker://')) continue;
        remote++;
        if (SHA_PIN.test(uses)) pinned++;
        const action = uses.replace(/@.*$/, '');
        if (!known.has(action)) {
          const lineEnd = text.indexOf('\n', usesNode.end);
          known.set(action, text.slice(usesNode.start, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '').trimEnd());
        }
      }
    }
  };
  for (const root of roots) visit(root);
  return { shaPinned: remote > 0 && pinned === remote, known };
}

/** The runner's platform ("linux/amd64", "windows/amd64") when a GitHub-hosted label says both. */
function runnerPlatform(runsOn: KNode | undefined, arch: string | undefined): string | undefined {
  if (!arch) return undefined;
  const labels = runsOn?.type === 'seq' ? runsOn.items.map((i) => textOf(i) ?? '') : [textOf(runsOn) ?? ''];
  const all = labels.join(' ').toLowerCase();
  if (/\bwindows\b|^windows-/.test(all)) return `windows/${arch}`;
  if (/\bubuntu-|\blinux\b/.test(all)) return `linux/${arch}`;
  return undefined;
}

/** `platforms:` input (comma- and/or newline-separated) → spec with per-item ranges; an empty value names none. */
function platformsInput(node: KNode | undefined, lines: LineIndex): PlatformSpec {
  if (!node) return { kind: 'none' };
  if (node.type !== 'scalar') return { kind: 'dynamic' };
  const value = node.text;
  if (value.trim() === '') return { kind: 'none' };
  if (value.includes('${{') || value.includes('$')) return { kind: 'dynamic' };
  const text = lines.text;
  const { start, end } = node;
  const block = node.style === 'literal' || node.style === 'folded';
  const quoted = node.style === 'double' || node.style === 'single';
  const from = block ? text.indexOf('\n', start) + 1 : quoted ? start + 1 : start;
  const to = quoted ? end - 1 : trimEnd(text, from, end);
  const items: PlatformItem[] = [];
  const re = /[^,\s]+/g;
  const source = text.slice(from, to);
  for (let m = re.exec(source); m; m = re.exec(source)) {
    items.push({ text: m[0].replace(/^["']|["']$/g, ''), range: lines.range(from + m.index, from + m.index + m[0].length) });
  }
  let append: Insertion;
  if (node.style === 'literal' && items.length > 0) {
    const indent = indentAt(lines, lines.offsetAt(items[items.length - 1].range.start)).indent;
    append = { offset: to, prefix: lines.eol + indent, separator: lines.eol + indent, suffix: '', quote: '' };
  } else {
    append = { offset: to, prefix: items.length > 0 ? ',' : '', separator: ',', suffix: '', quote: '' };
  }
  const first = items.length > 0 && block ? lines.offsetAt(items[0].range.start) : from;
  return { kind: 'list', items, range: lines.range(block ? first : start, block ? to : end), append };
}

/** The innermost setting: a step's `env:` overrides its job's, which overrides the workflow's. */
function firstSet<T>(...values: Array<T | null | undefined>): T | null | undefined {
  return values.find((v) => v !== undefined);
}

function truthy(value: string | undefined): boolean | 'expression' {
  if (value === undefined) return false;
  if (value.includes('${{')) return 'expression';
  return /^(?:true|yes|on)$/i.test(value.trim());
}

/** A `run:` script's span, its job context, and the lines whose comment above silences its findings (the step's and `run:`'s). */
/**
 * Whether a step sets up a buildx builder / QEMU: the docker actions, look-alikes, a local or
 * composite action (`./…`, which archlens cannot see into: assumed to), or a `run:` that does it.
 */
function setupBy(uses: string, run: string, daemonConfig = '', driver = ''): { buildx: boolean; qemu: boolean } {
  const local = uses.startsWith('./');
  return {
    buildx: local || /setup-buildx|buildx/i.test(uses) || /\bbuildx\s+create\b[^\n]*--use|\bbuildx\s+use\b/.test(run)
      || containerdStore(uses, daemonConfig),
    qemu: local || seenQemu(uses, run) || cloudBuilder(uses, run, driver),
  };
}

/**
 * A Docker Build Cloud builder (setup-buildx-action's `driver: cloud`, or `docker buildx create
 * --driver cloud ... --use`): it builds amd64 and arm64 on native nodes, so RUN steps of either need
 * no emulation (lowcoder-org/lowcoder's docker-images.yml).
 */
function cloudBuilder(uses: string, run: string, driver: string): boolean {
  return (/setup-buildx/i.test(uses) && driver.trim() === 'cloud')
    || /\bbuildx\s+create\b(?=[^\n]*--use\b)[^\n]*--driver[=\s]+cloud\b/.test(run);
}

/**
 * docker/setup-docker-action with the containerd image store turned on in its `daemon-config`
 * (dask/dask-docker): the default docker driver then builds and loads several platforms, and a
 * buildx builder would not see the images earlier steps loaded.
 */
function containerdStore(uses: string, daemonConfig: string): boolean {
  return /(?:^|\/)setup-docker-action@/.test(uses) && /"containerd-snapshotter"\s*:\s*true\b/.test(daemonConfig);
}

/**
 * A `run:` script that sets up its own builder and emulation before it builds (qdrant: `docker run
 * --privileged multiarch/qemu-user-static --reset -p yes`, `docker buildx create --use`, then
 * `docker buildx build --platform=…`): the build has both, as after the setup actions.
 */
function withSetupEarlierInScript(context: WorkflowContext, scriptBefore: string): WorkflowContext {
  if (context.hasBuildx && context.hasQemu) return context;
  const setup = setupBy('', scriptBefore);
  if (!setup.buildx && !setup.qemu) return context;
  return { ...context, hasBuildx: context.hasBuildx || setup.buildx, hasQemu: context.hasQemu || setup.qemu };
}

/**
 * A step that visibly sets up QEMU (not a local action archlens only assumes to). qus ("QEMU user
 * static") registers the same emulators: messense/cargo-zigbuild's release job runs `dbhi/qus/action`,
 * and `docker run --privileged aptman/qus -s -- -p` is its image.
 */
function seenQemu(uses: string, run: string): boolean {
  return /qemu|binfmt|^dbhi\/qus(?:\/|@|$)/i.test(uses) || /tonistiigi\/binfmt|qemu-user-static|binfmt|\baptman\/qus\b/.test(run);
}

interface StepRegion {
  start: number;
  end: number;
  context: WorkflowContext;
  anchors: number[];
  flowPlain: boolean;
  /** DOCKER_DEFAULT_PLATFORM from the step's, the job's or the workflow's `env:`. */
  platformEnv: ShellWord | null | undefined;
  /** The architecture the step's name, or else its job's, names ("Build the AMD64 image"). */
  stepNamed?: string;
  /** The step's environment (its script's assignments over its `env:` over the job's over the workflow's). */
  env: Lookup;
}

/** What a job's builds resolve names, platforms and paths with: its env layers, matrix rows and the workflow's inputs. */
interface JobValues {
  env: Lookup;
  rows?: MatrixRow[];
  inputs: WorkflowInputs;
  /** The runner's platform, when its labels say. */
  runner?: string;
}

/** The resolvers of a job: one per matrix row (one when the job has no static matrix). */
function resolvers(values: JobValues, envAt: (offset: number) => Lookup): Array<{ matrix?: string; resolve: Resolve }> {
  const make = (row: MatrixRow | undefined): Resolve => (written, offset) => {
    const env = envAt(offset);
    const context: ExpressionContext = { env, matrix: row?.values, inputs: values.inputs };
    return expandShell(written, env, { expression: (e, w) => githubExpression(e, w, context), where: "the workflow's env" });
  };
  return values.rows ? values.rows.map((row) => ({ matrix: row.label, resolve: make(row) })) : [{ resolve: make(undefined) }];
}

/**
 * The architecture the `tags:` input's names name, when they all name the same one. The action reads
 * the input as lines and comma-separated values, not words: `${{ env.GIT_TAG }}-amd64` is one tag.
 */
function tagsNamed(tags: KNode | undefined): string | undefined {
  const value = textOf(tags);
  if (!value) return undefined;
  const named = value.split(/[\r\n,]+/).map((t) => t.trim()).filter(Boolean).map(archNamedInTag);
  return named.length > 0 && named.every((n) => n !== undefined && n === named[0]) ? named[0] : undefined;
}

/** The references a job's scripts pull (`docker pull REF`), as written in the file, quotes removed. */
function pulledReferences(commands: readonly ShellCommand[], text: string): Set<string> {
  const pulls = new Set<string>();
  for (const c of commands) {
    if (c.name?.text !== 'docker' || c.args[0]?.text !== 'pull') continue;
    for (const arg of c.args.slice(1)) if (!arg.text.startsWith('-')) pulls.add(text.slice(arg.start, arg.end).replace(/^(["'])(.*)\1$/, '$2'));
  }
  return pulls;
}

/**
 * Whether every matrix row's `tags:` name that row's runner architecture (LocalAI's base-images.yml:
 * `quay.io/go-skynet/ci-cache:${{ matrix.tag }}` over `base-grpc-amd64` on ubuntu-latest and
 * `base-grpc-arm64` on ubuntu-24.04-arm): each row pushes its own architecture's image on purpose.
 * Parts of a tag not known here read as separators: what is known must name the row's architecture.
 */
function tagsNamedPerRow(tags: KNode | undefined, values: JobValues, rowArchs: readonly string[]): boolean {
  const text = textOf(tags);
  const rows = values.rows;
  if (!text || !rows || rows.length !== rowArchs.length) return false;
  const refs = text.split(/[\r\n,]+/).map((t) => t.trim()).filter(Boolean);
  return refs.length > 0 && rows.every((row, i) => refs.every((ref) => {
    const value = unquoted(githubTemplate(ref, { env: values.env, matrix: row.values, inputs: values.inputs }));
    // A part not known here (a job's output: docker-jitsi-meet's `base:${{ needs.version.outputs.base }}-${{ matrix.config.arch }}`)
    // counts as a separator: the row's architecture must still be named by what is known.
    return archNamedInTag(value.map((p) => (p.unknown !== undefined ? ' ' : p.text)).join('')) === rowArchs[i];
  }));
}

/**
 * The architecture the `build-args:` input chooses for what goes into the image (`ARCH=${{ env.GOARCH }}`
 * with `GOARCH: amd64`: rancher/fleet's e2e images, whose Dockerfile runs `FROM --platform=linux/${ARCH}`
 * and copies bin/fleet-linux-$ARCH), read through the workflow's values; the same in every matrix row.
 */
function buildArgsArch(buildArgs: KNode | undefined, values: JobValues): string | undefined {
  const text = textOf(buildArgs);
  if (!text) return undefined;
  const rows: Array<MatrixRow | undefined> = values.rows ?? [undefined];
  for (const item of listItems(text)) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const chosen = rows.map((row) => {
      const value = unquoted(githubTemplate(item.slice(eq + 1), { env: values.env, matrix: row?.values, inputs: values.inputs }));
      return value.some((p) => p.unknown !== undefined) ? undefined : archOfBuildArg(item.slice(0, eq).trim(), value.map((p) => p.text).join(''));
    });
    if (chosen[0] !== undefined && chosen.every((a) => a === chosen[0])) return chosen[0];
  }
  return undefined;
}

function stepInsert(lines: LineIndex, step: KMap): WorkflowContext['stepInsert'] {
  const start = step.start;
  const pos = lines.positionAt(start);
  const lineText = lines.lineText(pos.line);
  const dash = lineText.lastIndexOf('-', pos.character);
  if (dash >= 0 && /^[ \t]*$/.test(lineText.slice(0, dash))) {
    return { offset: lines.lineStarts[pos.line], dashIndent: lineText.slice(0, dash), keyIndent: ' '.repeat(pos.character) };
  }
  // A step whose `-` stands alone on the line above its first key.
  const above = pos.line > 0 ? /^([ \t]*)-[ \t]*$/.exec(lines.lineText(pos.line - 1)) : null;
  if (above && /^[ \t]*$/.test(lineText.slice(0, pos.character)) && above[1].length < pos.character) {
    return { offset: lines.lineStarts[pos.line - 1], dashIndent: above[1], keyIndent: ' '.repeat(pos.character) };
  }
  return undefined;
}

/**
 * Builds of a job with no setup step between them lack the same setup steps, so their fixes add
 * them at one place: before the first such build's step. Fixes applied together (fix-all, --fix)
 * then share an insertion point, so one is applied, the others are re-checked, and no step is
 * added twice. A plain build pushed by a later `docker push` that cannot be folded into it is no
 * such place: its fix is never applied, and setup-buildx-action makes its builder the current one,
 * which keeps no image for that push (hstreamdb/hstream's publish.yml: `docker build` at line 58,
 * `docker push` in the next step, a build and push to fold at line 71).
 */
function shareSetupInsertions(jobBuilds: BuildSite[]): void {
  const first = new Map<string, WorkflowContext['stepInsert']>();
  const ordered = jobBuilds.filter((b) => b.workflow?.stepInsert).sort((a, b) => a.workflow!.stepInsert!.offset - b.workflow!.stepInsert!.offset);
  for (const build of ordered) {
    const wf = build.workflow!;
    const state = `${wf.hasBuildx}:${wf.hasQemu}`;
    if (build.push?.separate && !build.foldPush) continue;
    if (!first.has(state)) first.set(state, wf.stepInsert);
    build.workflow = { ...wf, stepInsert: first.get(state) };
  }
}

/**
 * The builds of a workflow. `given`: the inputs a caller passes (github-calls.ts), over the inputs'
 * defaults; null where the caller's value is not known (then the input is not known either).
 */
export function parseGithubWorkflow(text: string, given?: Readonly<Record<string, string | null>>): ParseOutcome<BuildModel> {
  if (!given && buildsNothingPlainly(text)) return { model: emptyBuildModel('github-workflow'), problems: [] };
  const { lines, roots, problems: read } = given ? readOnceForCallers(text) : readWorkflowText(text);
  const problems = templateOfAnotherTool(text, read, 'a workflow', false);
  const builds: BuildSite[] = [];
  const mirrors: MirrorSite[] = [];
  const copyTools = new Set<string>();
  const masked = maskGithubExpressions(text);
  const conventions = workflowConventions(roots, text);
  // Manifest lists assembled anywhere in the file (a merge job after per-architecture jobs).
  const jobScripts: ShellCommand[][] = [];
  const pending: Array<{ commands: ShellCommand[]; regions: StepRegion[]; jobBuilds: BuildSite[]; windows: boolean; rows: Array<{ matrix?: string; resolve: Resolve }>; runner?: string; nativePerArch: boolean; perRunnerArch: Set<BuildSite>; perRow?: RegExp; perInput?: RegExp }> = [];
  const manifestLists: ManifestListSite[] = [];
  // Per job: its runner's architecture and the references its scripts `docker pull`, as written.
  const jobPulls: Array<{ arch?: string; pulls: Set<string> }> = [];
  const actionTags: Array<{ site: BuildSite; job: number; tags: string[]; stepId?: string }> = [];
  // Per job: its key, the offsets of its map, and its `outputs:` (for images handed on by digest).
  const jobSpans: Array<{ name: string; start: number; end: number; outputs: KNode | undefined }> = [];
  // Builds pushed by digest only, untagged: one platform each of a list a merge job assembles.
  const digestPushes = new Set<BuildSite>();
  const calls: WorkflowCall[] = [];
  let calledOnly = false;
  for (const root of roots) {
    const workflowEnv = platformVariable(valueOf(root, 'env'), text);
    const inputs = withGiven(inputDefaults(root), given);
    if (given && onlyCalled(root)) calledOnly = true;
    const workflowVars = envBindings(valueOf(root, 'env'), lines);
    for (const job of entriesOf(valueOf(root, 'jobs'))) {
      const call = workflowCallOf(job.value, inputs, (offset) => lines.positionAt(offset).line);
      if (call) calls.push(call);
      const steps = valueOf(job.value, 'steps');
      if (steps?.type !== 'seq') continue;
      const jobName = job.keyText ?? '';
      const jobEnv = platformVariable(valueOf(job.value, 'env'), text);
      const jobVars = envBindings(valueOf(job.value, 'env'), lines);
      const jobValues: JobValues = { env: layered(jobVars, workflowVars), rows: matrixRows(job.value), inputs };
      const arch = runnerArch(valueOf(job.value, 'runs-on'));
      const windows = windowsRunner(valueOf(job.value, 'runs-on'), matrixRows(job.value, true));
      // A job named for one architecture (`build-arm64`, `name: Build AMD64`) builds that one on purpose.
      const jobNamed = archNamedInText(textOf(valueOf(job.value, 'name')) ?? '') ?? archNamedInText(jobName);
      const runner = runnerPlatform(valueOf(job.value, 'runs-on'), arch);
      // A matrix over runners of several architectures: each row builds natively for its own.
      const rowArchs = matrixRunnerArchs(valueOf(job.value, 'runs-on'), matrixRows(job.value));
      const nativePerArch = rowArchs !== undefined && new Set(rowArchs).size > 1;
      // A runner picked by an expression over the matrix's architecture key (neon's build-tools image:
      // `runs-on: ${{ ... matrix.arch == 'arm64' && 'large-arm64' || 'large' ... }}`, rows from a job's
      // output): each row runs on its own architecture, whatever the labels are.
      const runsOnNode = valueOf(job.value, 'runs-on');
      const runnerArchKey = runsOnNode ? /\bmatrix\.([A-Za-z0-9_-]*(?:arch|platform)[A-Za-z0-9_-]*)\b/i.exec(text.slice(runsOnNode.start, runsOnNode.end))?.[1] : undefined;
      // The same through a workflow input (DefectDojo/django-DefectDojo's release-x-manual-docker-containers.yml:
      // `runs-on: ${{ inputs.platform == 'linux/arm64' && 'ubuntu-24.04-arm' || 'ubuntu-latest' }}`), called once per platform.
      const inputArchKey = runsOnNode ? /\b(?:github\.event\.)?inputs\.([A-Za-z0-9_-]*(?:arch|platform)[A-Za-z0-9_-]*)/i.exec(text.slice(runsOnNode.start, runsOnNode.end))?.[1] : undefined;
      const runnerPicked = runnerArchKey !== undefined || inputArchKey !== undefined;
      // Builds tagged per row of that key (`:tag-${{ matrix.arch }}`): the per-architecture images of a list.
      const perRunnerArch = new Set<BuildSite>();
      const runScripts = stepsOf(steps).map((step) => (step.type === 'map' ? textOf(valueOf(step, 'run')) ?? '' : ''));
      const perRow = runnerArchKey !== undefined ? perRowReference(`\\bmatrix\\.${runnerArchKey}\\b`, runScripts) : undefined;
      // The same for the input that picks the runner (memgraph's reusable_build_mgbench_client.yml:
      // `runs-on` by `inputs.arch`, pushed as `...-${{ inputs.arch }}64` through $GITHUB_ENV).
      const perInput = inputArchKey !== undefined ? perRowReference(`\\b(?:github\\.event\\.)?inputs\\.${inputArchKey}\\b`, runScripts) : undefined;
      let hasBuildx = false;
      let hasQemu = false;
      // The local action QEMU is assumed from, while no step visibly sets it up.
      let qemuAssumedFrom: string | undefined;
      const commands: ShellCommand[] = [];
      const regions: StepRegion[] = [];
      const jobBuilds: BuildSite[] = [];
      // Where each setup step of the job is, to tell a fix that one already comes later.
      const setups: Array<{ at: number; buildx: boolean; qemu: boolean }> = [];
      // The job's scripts are one unit: parsed only when one of them may run a program its sites come from.
      let readScripts = false;
      for (const step of stepsOf(steps)) {
        if (step.type !== 'map') continue;
        const usesNode = valueOf(step, 'uses');
        const uses = textOf(usesNode) ?? '';
        const run = valueOf(step, 'run');
        const setup = setupBy(uses, textOf(run) ?? '', textOf(valueOf(valueOf(step, 'with'), 'daemon-config')) ?? '', textOf(valueOf(valueOf(step, 'with'), 'driver')) ?? '');
        if (setup.buildx || setup.qemu) setups.push({ at: step.start, ...setup });
        if (!readScripts && run && !NON_SHELLS.test(textOf(valueOf(step, 'shell')) ?? '')) readScripts = mayRunSitePrograms(scalarScript(masked, run)?.script ?? '');
      }
      const setupAfter = (at: number) => ({
        buildx: setups.some((x) => x.at > at && x.buildx),
        qemu: setups.some((x) => x.at > at && x.qemu),
      });
      // Files earlier run steps of the job write with a heredoc (a Dockerfile made on the fly).
      const heredocFiles = new Map<string, string>();
      for (const step of stepsOf(steps)) {
        if (step.type !== 'map') continue;
        const context: WorkflowContext = { job: jobName, hasBuildx, hasQemu, ...(qemuAssumedFrom ? { qemuAssumedFrom } : {}), runnerArch: arch, stepInsert: stepInsert(lines, step), laterSetup: setupAfter(step.start), conventions };
        const usesNode = valueOf(step, 'uses');
        const uses = textOf(usesNode) ?? '';
        const run = valueOf(step, 'run');
        const stepVars = envBindings(valueOf(step, 'env'), lines);
        const stepEnv = layered(stepVars, jobVars, workflowVars);
        const setup = setupBy(uses, textOf(run) ?? '', textOf(valueOf(valueOf(step, 'with'), 'daemon-config')) ?? '', textOf(valueOf(valueOf(step, 'with'), 'driver')) ?? '');
        hasBuildx ||= setup.buildx;
        if (seenQemu(uses, textOf(run) ?? '') || cloudBuilder(uses, textOf(run) ?? '', textOf(valueOf(valueOf(step, 'with'), 'driver')) ?? '')) qemuAssumedFrom = undefined;
        else if (setup.qemu && !hasQemu) qemuAssumedFrom = uses;
        hasQemu ||= setup.qemu;
        const stepNamed = archNamedInText(textOf(valueOf(step, 'name')) ?? '');
        if (run && !NON_SHELLS.test(textOf(valueOf(step, 'shell')) ?? '')) {
          const region = scalarScript(masked, run);
          if (region) {
            const script = readScripts ? parseRegion(region.script, region.offset).commands : [];
            commands.push(...script);
            // Each `run:` is a shell of its own: its assignments (`TAG_ARCH="$TAG-${{ matrix.arch }}"`) over the step's env.
            const env = script.length > 0 ? layered(scriptVariables(script, lines), stepVars, jobVars, workflowVars) : stepEnv;
            regions.push({ start: region.offset, end: region.offset + region.script.length, context, anchors: [lines.positionAt(step.start).line, lines.positionAt(run.start).line], flowPlain: plainInFlow(run, step), platformEnv: firstSet(platformVariable(valueOf(step, 'env'), text), jobEnv, workflowEnv), stepNamed: stepNamed ?? jobNamed, env });
          }
        }
        if (/^docker\/build-push-action\b/.test(uses) && usesNode) {
          const site = buildPushAction(step, usesNode, context, lines, { ...jobValues, env: stepEnv, runner });
          const inline = heredocFiles.get(dockerfileRead(valueOf(step, 'with')) ?? '');
          if (inline !== undefined) site.inlineDockerfile = inline;
          const named = stepNamed ?? jobNamed ?? tagsNamed(valueOf(valueOf(step, 'with'), 'tags')) ?? buildArgsArch(valueOf(valueOf(step, 'with'), 'build-args'), { ...jobValues, env: stepEnv });
          if (named) site.namedArch = named;
          else if (nativeOnChosenRunner(site, arch)) site.namedArch = arch;
          else if (nativePerArch && rowArchs && tagsNamedPerRow(valueOf(valueOf(step, 'with'), 'tags'), { ...jobValues, env: stepEnv }, rowArchs)) site.namedPerRow = true;
          const tags = valueOf(valueOf(step, 'with'), 'tags');
          if (perRow && tags && perRow.test(text.slice(tags.start, tags.end))) perRunnerArch.add(site);
          if (perInput && tags && perInput.test(text.slice(tags.start, tags.end))) site.namedPerRow = true;
          // Pushed by digest only (`outputs: type=image,...,push-by-digest=true`), untagged, from a runner
          // picked per architecture: the per-platform half of Docker's "distribute the build across
          // runners", which a later job or workflow merges with `imagetools create`.
          const outputs = valueOf(valueOf(step, 'with'), 'outputs');
          const byDigest = outputs !== undefined && /\bpush-by-digest=true\b/.test(text.slice(outputs.start, outputs.end));
          if (runnerPicked && byDigest) site.assembled = true;
          else if (byDigest) digestPushes.add(site);
          const written = (textOf(tags) ?? '').split(/[\r\n,]+/).map((t) => t.trim()).filter(Boolean);
          const stepId = textOf(valueOf(step, 'id'))?.trim();
          if (written.length > 0) actionTags.push({ site, job: jobPulls.length, tags: written, ...(stepId ? { stepId } : {}) });
          jobBuilds.push(site);
        }
        if (run) for (const [file, body] of writtenByHeredoc(textOf(run) ?? '')) heredocFiles.set(file, body);
      }
      const envAt = (offset: number) => regions.find((r) => r.start <= offset && offset <= r.end)?.env ?? jobValues.env;
      jobScripts.push(commands);
      jobPulls.push({ arch, pulls: pulledReferences(commands, text) });
      jobSpans.push({ name: jobName, start: job.value.start, end: job.value.end, outputs: valueOf(job.value, 'outputs') });
      pending.push({ commands, regions, jobBuilds, windows, rows: resolvers(jobValues, envAt), runner, nativePerArch, perRunnerArch, perRow, perInput });
    }
  }
  // apache/incubator-gluten's docker_image.yml builds its centos-8 and centos-9 images on a matrix of
  // x64 and arm runners and its centos-7 ones on ubuntu-latest alone: there a QEMU-emulated arm64
  // build (hours of C++ under emulation, on bases that may have no arm64) is not the fix to prefer.
  const nativeJob = pending.find((p) => p.nativePerArch && p.jobBuilds.length > 0);
  const nativeJobName = nativeJob?.jobBuilds[0].workflow?.job;
  const assemblies = assemblyPatterns(jobScripts.flat(), lines);
  const assemblesList = assemblesManifestList(jobScripts.flat(), lines);
  for (const [job, { commands, regions, jobBuilds, windows, rows, runner, nativePerArch, perRunnerArch, perRow, perInput }] of pending.entries()) {
    const environment = (command: ShellCommand) => regions.find((r) => r.start <= command.start && command.start <= r.end)?.platformEnv;
    const sites = sitesInUnit(commands, lines, { environment, assemblies, rows, paths: 'repository', runner: () => runner });
    manifestLists.push(...sites.manifestLists);
    sites.copyTools.forEach((t) => copyTools.add(t));
    for (const mirror of sites.mirrors) {
      const region = regions.find((r) => r.start <= lines.offsetAt(mirror.range.start) && lines.offsetAt(mirror.range.start) <= r.end);
      if (region) mirror.anchors.push(...region.anchors);
      if (windows) mirror.windows = true;
      mirrors.push(mirror);
    }
    for (const site of sites.builds) {
      const at = lines.offsetAt(site.range.start);
      const region = regions.find((r) => r.start <= at && at <= r.end);
      site.workflow = region && withSetupEarlierInScript(region.context, text.slice(region.start, at));
      // The job's setup-buildx step (earlier, or one the fix adds) gives buildx a builder for several platforms.
      if (region) site.multiPlatformBuilder = true;
      if (region?.stepNamed) site.namedArch ??= region.stepNamed;
      if (region && nativeOnChosenRunner(site, region.context.runnerArch)) site.namedArch ??= region.context.runnerArch;
      if (region) site.anchors.push(...region.anchors);
      if (region?.flowPlain) withoutCommas(site);
      // The same for a `run:` build and push (testdrivenio/fastapi-tdd-docker's main.yml: the build job
      // pushes `${{ env.IMAGE }}-builder:latest` and `-final:latest`, the test job pulls both): every
      // name the build tags, as written, is pulled by another job on a runner of this one's architecture.
      const names = site.push?.separate ? (site.outputs?.[0]?.names ?? []).map((n) => text.slice(lines.offsetAt(n.range.start), lines.offsetAt(n.range.end)).replace(/^(["'])(.*)\1$/, '$2')) : [];
      if (names.length > 0 && names.every((name) => jobPulls.some((other, i) => i !== job && other.arch === jobPulls[job].arch && other.pulls.has(name)))) site.pulledByWorkflow = true;
      // A `run:` build on a runner the matrix's architecture key picks, pushed under a name per row of
      // that key (langgenius/dify-plugin-daemon's build-push.yml: `docker push
      // $tag-${{ matrix.scope }}-${{ env.PLATFORM_PAIR }}`, PLATFORM_PAIR written to $GITHUB_ENV from
      // `${{ matrix.platform }}`): one runner's image of the list a later job assembles, as for an action's tags.
      const pushed = site.push?.separate && site.push.range ? [site.push.range] : (site.outputs?.[0]?.names ?? []).map((n) => n.range);
      if (perRow && pushed.length > 0 && pushed.every((r) => perRow.test(text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end))))) perRunnerArch.add(site);
      // A workflow called or dispatched once per architecture, whose input picks the runner and names
      // the push: each call pushes its own runner's image under a name of its own, as a matrix row
      // naming its architecture does (namedPerRow). The list is made by the caller, which this file cannot show.
      if (perInput && pushed.length > 0 && pushed.every((r) => perInput.test(text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end))))) site.namedPerRow = true;
      jobBuilds.push(site);
    }
    if (windows) for (const site of jobBuilds) site.windows = true;
    if (nativeJobName !== undefined && !nativePerArch) for (const site of jobBuilds) site.nativeRunnersJob = nativeJobName;
    // dragonfly's release: the build-push-action of a matrix job on ubuntu-24.04 and ubuntu-24.04-arm
    // pushes each runner's own architecture (tags from docker/metadata-action, suffixed per row), and
    // a later job assembles them with `docker manifest create`: the per-architecture pushes are intended.
    // Likewise a build tagged per row of a matrix whose architecture key picks the runner.
    if (assemblesList) for (const site of jobBuilds) if (site.platforms.kind === 'none' && (nativePerArch || perRunnerArch.has(site))) site.assembled = true;
    // k3s-io/helm-controller's release: one job pushes linux/amd64 by digest from ubuntu-latest, another
    // arm64 and arm/v7 from ubuntu-24.04-arm, and a merge job of the same workflow runs `docker buildx
    // imagetools create` over the digests: an untagged push is one platform of that list, not the image.
    if (assemblesList) for (const site of jobBuilds) if (digestPushes.has(site)) site.assembled = true;
    shareSetupInsertions(jobBuilds);
    builds.push(...jobBuilds);
  }
  // appwrite's ci.yml: the build job pushes `${{ env.RUNS_ON_ECR_CACHE }}:${{ env.IMAGE }}-${{ github.sha }}`
  // and the test jobs pull exactly that and run it: an image for the workflow's own later jobs,
  // which need it for their runners' architecture, the build runner's own.
  for (const { site, job, tags, stepId } of actionTags) {
    const builder = jobPulls[job];
    if (tags.every((tag) => jobPulls.some((other, i) => i !== job && other.arch === builder.arch && other.pulls.has(tag)))) site.pulledByWorkflow = true;
    else if (stepId && runByDigestInWorkflow(text, jobSpans, jobPulls.map((j) => j.arch), job, stepId, tags)) site.pulledByWorkflow = true;
  }
  builds.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const makeEnvironment = makeEnvironmentOf(roots, read.length === 0, lines);
  const model: BuildModel = { kind: 'github-workflow', builds, composePlatforms: [], mirrors, copyTools: [...copyTools], manifestLists };
  if (makeEnvironment.length > 0) model.makeEnvironment = makeEnvironment;
  if (calls.length > 0) model.workflowCalls = calls;
  if (calledOnly) model.onlyCalled = true;
  return { model, problems };
}

/**
 * A workflow whose model is surely empty: it names no build tool, calls no workflow of the repository
 * and gives no make step an environment; and whose text is plainly free of syntax errors (core/yaml/
 * plain-block-yaml.ts), so parsing it could report nothing either. Most workflows of a repository
 * (test, lint, release-notes jobs) are such: not parsed at all (76 of the 169 workflows a check of
 * corpus/realworld reads).
 */
function buildsNothingPlainly(text: string): boolean {
  return !mayNameBuildTool(text) && !CALLS_LOCAL_WORKFLOW.test(text) && !mayGiveMakeEnvironment(text) && isPlainBlockYaml(text);
}

/** A reusable workflow's syntax trees, read once for all its callers' runs (the model reads them, never changes them). */
const forCallers = new Map<string, { lines: LineIndex } & ReturnType<typeof readYamlDocuments>>();
const MAX_FOR_CALLERS = 8;

function readWorkflowText(text: string): { lines: LineIndex } & ReturnType<typeof readYamlDocuments> {
  const lines = new LineIndex(text);
  return { lines, ...readYamlDocuments(text, lines) };
}

function readOnceForCallers(text: string): { lines: LineIndex } & ReturnType<typeof readYamlDocuments> {
  let read = forCallers.get(text);
  if (!read) {
    read = readWorkflowText(text);
    forCallers.set(text, read);
    if (forCallers.size > MAX_FOR_CALLERS) forCallers.delete(forCallers.keys().next().value as string);
  }
  return read;
}

/** The inputs' defaults under what a caller gives; an input whose given value is not known is left out (not known). */
function withGiven(defaults: Map<string, string>, given: Readonly<Record<string, string | null>> | undefined): WorkflowInputs {
  if (!given) return defaults;
  const set = new Set<string>();
  for (const [name, value] of Object.entries(given)) {
    if (value === null) defaults.delete(name);
    else {
      defaults.set(name, value);
      set.add(name);
    }
  }
  return Object.assign(defaults, { given: set });
}

/**
 * What a name written per row holds: `fromKey`, a pattern of the reference to the row's value
 * (`${{ matrix.<key> }}`, or an input's for a workflow called once per value), or a variable the
 * job's `run:` scripts write to $GITHUB_ENV from it (Docker's "distribute the build across runners"
 * recipe: `platform=${{ matrix.platform }}`, `echo "PLATFORM_PAIR=${platform//\//-}" >> $GITHUB_ENV`),
 * read as `${{ env.PLATFORM_PAIR }}` or `$PLATFORM_PAIR` in later steps.
 */
function perRowReference(fromKey: string, scripts: readonly string[]): RegExp {
  const names: string[] = [];
  for (const script of scripts) {
    // Shell variables a line of the script sets from the key, then the $GITHUB_ENV lines that use the key or them.
    const shell = [...script.matchAll(/^\s*([A-Za-z_]\w*)=(.*)$/gm)].filter((m) => new RegExp(fromKey).test(m[2])).map((m) => m[1]);
    const perRow = new RegExp(`${fromKey}${shell.map((v) => `|\\$\\{?${v}\\b`).join('')}`);
    for (const m of script.matchAll(/\b([A-Za-z_]\w*)=([^\n]*?)["']?\s*>>\s*["']?\$\{?GITHUB_ENV\b/g)) if (perRow.test(m[2])) names.push(m[1]);
  }
  return new RegExp(`${fromKey}${names.map((n) => `|\\benv\\.${n}\\b|\\$\\{?${n}\\b`).join('')}`);
}

/**
 * The build job hands the image on by digest, and the workflow's other jobs only run it: a job output
 * `REPO@${{ steps.ID.outputs.digest }}` (REPO a repository the step tags) that every job reading
 * `needs.JOB.outputs.NAME` uses as a container image (`image:`, `container:`, `docker run`/`pull`)
 * on a runner of the build job's architecture. home-assistant/operating-system's build.yaml pushes its
 * haos-builder image that way for the board builds on ubuntu-22.04 runners: a build environment for
 * the workflow's own runners. A use elsewhere (signing, a release note) or on another architecture keeps the finding.
 */
function runByDigestInWorkflow(text: string, jobs: ReadonlyArray<{ name: string; start: number; end: number; outputs: KNode | undefined }>, archs: ReadonlyArray<string | undefined>, job: number, stepId: string, tags: readonly string[]): boolean {
  const repositories = new Set(tags.map((t) => t.replace(/:[^/:]*$/, '')));
  const digest = new RegExp(String.raw`^(.+)@\$\{\{\s*steps\.${escapeRegExp(stepId)}\.outputs\.digest\s*\}\}$`);
  const handed = entriesOf(jobs[job].outputs).filter((o) => {
    const m = digest.exec((textOf(o.value) ?? '').trim());
    return m !== null && repositories.has(m[1]) && o.keyText !== undefined;
  });
  if (handed.length === 0) return false;
  let used = false;
  for (const output of handed) {
    const reference = new RegExp(String.raw`\bneeds\.${escapeRegExp(jobs[job].name)}\.outputs\.${escapeRegExp(output.keyText!)}\b`, 'g');
    for (const m of text.matchAll(reference)) {
      const at = m.index;
      const user = jobs.findIndex((j, i) => i !== job && j.start <= at && at < j.end);
      if (user === -1 || archs[user] !== archs[job]) return false;
      const lineEnd = text.indexOf('\n', at);
      const line = text.slice(text.lastIndexOf('\n', at) + 1, lineEnd === -1 ? text.length : lineEnd);
      if (!/^\s*(?:-\s*)?(?:image|container)\s*:/.test(line) && !/\b(?:docker|podman)\s+(?:run|pull|create)\b/.test(line)) return false;
      used = true;
    }
  }
  return used;
}

/** A `with:` input's items: one per line or comma, outside `${{ … }}`. */
function listItems(text: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('${{', i)) {
      const end = text.indexOf('}}', i + 3);
      const stop = end === -1 ? text.length : end + 2;
      current += text.slice(i, stop);
      i = stop - 1;
    } else if (text[i] === ',' || text[i] === '\n') {
      items.push(current);
      current = '';
    } else current += text[i];
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

/** A repository path as a key: `./a//b/` is `a/b`. */
function normalPath(path: string): string {
  return path.split('/').filter((p) => p !== '' && p !== '.').join('/');
}

/** The Dockerfile a build-push-action step reads, when written literally: `file:`, else `Dockerfile` in `context:`. */
function dockerfileRead(withNode: KNode | undefined): string | undefined {
  const file = textOf(valueOf(withNode, 'file'))?.trim();
  const context = textOf(valueOf(withNode, 'context'))?.trim() ?? '.';
  if ([file, context].some((t) => t !== undefined && /\$|:\/\//.test(t))) return undefined;
  return normalPath(file ?? `${context}/Dockerfile`);
}

/**
 * Files a script writes whole from a heredoc (`cat > Dockerfile << 'EOF'`, `cat <<EOF >path`,
 * `tee path <<-EOF`), path to body; only literal paths, each body up to its delimiter line.
 */
export function writtenByHeredoc(script: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = script.split(/\r?\n/);
  const open = /^\s*(?:cat\s+>\s*([\w./-]+)\s+<<(-?)\s*(['"]?)(\w+)\3|cat\s+<<(-?)\s*(['"]?)(\w+)\6\s*>\s*([\w./-]+)|tee\s+([\w./-]+)\s+<<(-?)\s*(['"]?)(\w+)\11(?:\s*>\s*\/dev\/null)?)\s*$/;
  for (let i = 0; i < lines.length; i++) {
    const m = open.exec(lines[i]);
    if (!m) continue;
    const file = m[1] ?? m[8] ?? m[9];
    const tabs = (m[2] ?? m[5] ?? m[10]) === '-';
    const tag = m[4] ?? m[7] ?? m[12];
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && (tabs ? lines[j].replace(/^\t+/, '') : lines[j]).trim() !== tag; j++) body.push(tabs ? lines[j].replace(/^\t+/, '') : lines[j]);
    if (j === lines.length) break;
    out.set(normalPath(file), body.join('\n') + '\n');
    i = j;
  }
  return out;
}

/** What a build-push-action step produces, per matrix row: tags, context, file and platforms through the workflow's values. */
function actionOutputs(withNode: KNode | undefined, site: BuildSite, lines: LineIndex, values: JobValues): BuildOutput[] {
  const rows: Array<MatrixRow | undefined> = values.rows ?? [undefined];
  const input = (name: string) => {
    const node = valueOf(withNode, name);
    return node?.type === 'scalar' && !node.isNull ? node : undefined;
  };
  const tags = input('tags');
  const contextNode = input('context');
  const fileNode = input('file');
  const platformsNode = input('platforms');
  return rows.map((row) => {
    const context: ExpressionContext = { env: values.env, matrix: row?.values, inputs: values.inputs };
    const resolve = (text: string): Value => unquoted(githubTemplate(text, context));
    const output: BuildOutput = {
      names: tags ? listItems(tags.text).map((t) => ({ value: resolve(t), range: rangeOfNode(tags, lines) })) : [],
      paths: 'repository',
      platforms: { kind: 'none', runner: values.runner },
    };
    if (row) output.matrix = row.label;
    if (contextNode) output.context = { value: resolve(contextNode.text), range: rangeOfNode(contextNode, lines) };
    if (fileNode) output.dockerfile = { value: resolve(fileNode.text), range: rangeOfNode(fileNode, lines) };
    if (site.platforms.kind === 'list') output.platforms = { kind: 'list', items: site.platforms.items.map((i) => [{ text: i.text }]) };
    else if (platformsNode && site.platforms.kind === 'dynamic') output.platforms = { kind: 'list', items: splitValue(resolve(platformsNode.text), /[,\s]+/) };
    return output;
  });
}

function buildPushAction(step: KMap, usesNode: KNode, context: WorkflowContext, lines: LineIndex, values: JobValues): BuildSite {
  const withNode = valueOf(step, 'with');
  const push = textOf(valueOf(withNode, 'push'));
  const outputs = textOf(valueOf(withNode, 'outputs')) ?? '';
  let pushed: BuildSite['push'];
  if (truthy(push)) pushed = { how: `push: ${push}` };
  else if (outputs.split(/\r?\n/).some(pushingOutput)) pushed = { how: `outputs: ${outputs.trim()}` };
  const platformsPair = pairOf(withNode, 'platforms');
  const platformsNode = platformsPair?.value;
  const platforms = platformsInput(platformsNode, lines);
  const usesLine = lines.positionAt(usesNode.start).line;
  const usesKeyColumn = lines.lineText(usesLine).search(/\S/);
  // In a flow mapping (`{push: true}`) a value holding commas must be quoted.
  const flowQuote = (flow: boolean | undefined) => (flow ? { prefix: '"', suffix: '"' } : { prefix: '', suffix: '' });
  let addPlatforms: Insertion | undefined;
  if (platforms.kind === 'none' && platformsPair && platformsNode?.type === 'scalar') {
    // `platforms:` or `platforms: ''`: the value is replaced.
    const start = platformsNode.isNull ? emptyValueOffset(lines.text, platformsPair) : platformsNode.start;
    // A block scalar (`platforms: >` over blank lines) ends after its line break: only its header
    // is replaced, so the line break stays (replacing it joined the next key onto the value's line).
    const header = platformsNode.style === 'literal' || platformsNode.style === 'folded' ? /^[|>][-+0-9]*/.exec(lines.text.slice(start, start + 4)) : null;
    const end = platformsNode.isNull ? start : header ? start + header[0].length : platformsNode.end;
    const q = flowQuote(withNode?.type === 'map' && withNode.flow);
    const prefix = (lines.text[start - 1] === ':' ? ' ' : '') + q.prefix;
    addPlatforms = { offset: start, deleteTo: end, prefix, separator: ',', suffix: q.suffix + (lines.text[end] === '#' ? ' ' : ''), quote: '' };
  } else if (withNode?.type === 'map' && withNode.flow) {
    const close = trimEnd(lines.text, withNode.start, withNode.end) - 1;
    const end = trimEnd(lines.text, withNode.start + 1, close);
    const comma = withNode.pairs.length > 0 && lines.text[end - 1] !== ',' ? ', ' : lines.text[end - 1] === ',' ? ' ' : '';
    addPlatforms = lines.text[close] === '}' ? { offset: end, prefix: `${comma}platforms: "`, separator: ',', suffix: '"', quote: '' } : undefined;
  } else if (step.flow) {
    addPlatforms = undefined; // A one-line step without a flow `with:`: no edit that keeps its style.
  } else if (withNode?.type === 'map' && withNode.pairs.length > 0) {
    const first = withNode.pairs[0].key;
    const indent = ' '.repeat(lines.positionAt(first.start).character);
    addPlatforms = { offset: endOfLastLine(lines, withNode), prefix: `${lines.eol}${indent}platforms: `, separator: ',', suffix: '', quote: '' };
  } else {
    const withPair = pairOf(step, 'with');
    const base = ' '.repeat(usesKeyColumn);
    addPlatforms = withPair
      ? { offset: withPair.key.end + 1, deleteTo: lines.lineEnd(lines.positionAt(withPair.key.end).line), prefix: `${lines.eol}${base}  platforms: `, separator: ',', suffix: '', quote: '' }
      : { offset: lines.lineEnd(usesLine), prefix: `${lines.eol}${base}with:${lines.eol}${base}  platforms: `, separator: ',', suffix: '', quote: '' };
  }
  const site: BuildSite = {
    what: 'docker/build-push-action',
    option: 'platforms',
    range: rangeOfNode(usesNode, lines),
    anchors: [lines.positionAt(step.start).line, usesLine],
    platforms,
    push: pushed,
    addPlatforms,
    workflow: context,
  };
  // Only Windows platforms listed (prometheus-community/windows_exporter: `platforms: windows/amd64`
  // on ubuntu): a Windows image, as for a shell build's --platform (commands.ts).
  if (platforms.kind === 'list' && platforms.items.length > 0 && platforms.items.every((p) => /^windows\//i.test(p.text))) site.windows = true;
  const target = textOf(valueOf(withNode, 'target'))?.trim();
  if (target && /^[\w.-]+$/.test(target)) site.target = target;
  site.outputs = actionOutputs(withNode, site, lines, values);
  // Every tag on a registry on this machine's loopback interface (a `registry:2` job service on
  // localhost:5000, nitro's docker.yml): the job pushes for its own use on the runner's architecture.
  const tags = textOf(valueOf(withNode, 'tags'));
  const tagList = tags === undefined ? [] : listItems(tags);
  if (pushed && tagList.length > 0 && tagList.every((t) => loopbackName(t, new Map()))) site.loopbackPush = true;
  return site;
}
