/** Compiler invocations in RUN and whether they are configured for the target platform (AL306, AL307). */
import type { ShellCommand } from '../../shell/shell';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { baseName, runCommands, type RunCommand } from './util';

/** Cheap test a RUN body must pass before it is shell-parsed for compilers or target settings. */
export const COMPILE_PREFILTER = /(?<![\w-])(?:go[\s"',]+(?:build|install)|cargo[\s"',]+(?:build|install|rustc)|rustc|gcc|g\+\+|cc|c\+\+|clang|clang\+\+|dotnet[\s"',]+publish|zig[\s"',]+build)(?![\w-])/;

/** A RUN that compiles, or runs a build tool or script that may (`make`, `./build.sh`): it reads GOARCH from the environment. */
export const MAY_COMPILE = /(?<![\w-])(?:go|make|gmake|cargo|bazel|bazelisk|mage)(?![\w-])|\.sh(?![\w-])/;

/** An ARG that names the architecture a build is for (GOARCH, ARCH, IMAGE_ARCH): set per build with --build-arg. */
export const ARCH_PARAMETER = /^(?:GOARCH|ARCH|[A-Z0-9_]*_ARCH)$/;

export type Toolchain = 'go' | 'rust' | 'c' | 'dotnet' | 'zig';

export interface Compile extends RunCommand {
  toolchain: Toolchain;
  /** Offsets of `go build`, `cargo build`, `gcc` … (name and sub-command). */
  start: number;
  end: number;
  label: string;
}

const C_COMPILERS = new Set(['gcc', 'g++', 'cc', 'c++', 'clang', 'clang++']);

function firstOperand(c: ShellCommand): { text: string; end: number } | undefined {
  const w = c.args.find((a) => !a.text.startsWith('-'));
  return w ? { text: w.text, end: w.end } : undefined;
}

/** The compile this command is, if any. */
export function compileOf(rc: RunCommand): Compile | undefined {
  const c = rc.command;
  const name = baseName(c);
  if (!name || !c.name) return undefined;
  const sub = firstOperand(c);
  const make = (toolchain: Toolchain, withSub: boolean): Compile => ({
    ...rc, toolchain, start: c.name!.start, end: withSub && sub ? sub.end : c.name!.end,
    label: withSub && sub ? `${name} ${sub.text}` : name,
  });
  if (name === 'go' && sub && (sub.text === 'build' || sub.text === 'install')) return make('go', true);
  if (name === 'cargo' && sub && (sub.text === 'build' || sub.text === 'install' || sub.text === 'rustc')) return make('rust', true);
  if (name === 'rustc') return make('rust', false);
  if (C_COMPILERS.has(name)) return make('c', false);
  if (name === 'dotnet' && sub && sub.text === 'publish') return make('dotnet', true);
  if (name === 'zig' && sub && sub.text === 'build') return make('zig', true);
  return undefined;
}

function hasArg(c: ShellCommand, ...flags: string[]): boolean {
  return c.args.some((a) => flags.some((f) => a.text === f || a.text.startsWith(`${f}=`) || (f.length === 2 && a.text.startsWith(f) && a.text.length > 2 && f !== '-D')));
}

/** A value taken from the build machine's platform ARGs (`GOARCH=$BUILDARCH`) configures nothing for the target. */
export function namesBuildMachine(value: string | undefined): boolean {
  return value !== undefined && /\$\{?BUILD(?:ARCH|OS|PLATFORM|VARIANT)\b/.test(value);
}

/**
 * The stage (or a stage it is built FROM) sets `name` with ENV, or declares it with ARG (RUN sees
 * ARGs as environment variables; one without a default is the user's `--build-arg`).
 */
function stageEnv(model: DockerfileModel, stage: Stage, name: string, before: number): boolean {
  for (let s: Stage | undefined = stage, limit = before; s; ) {
    if (s.envs.some((e) => e.name === name && e.start < limit && !namesBuildMachine(e.value))) return true;
    if (s.args.some((a) => a.name === name && a.start < limit && !namesBuildMachine(a.value))) return true;
    s = s.base.kind === 'stage' ? model.stages[s.base.stage] : undefined;
    limit = Number.MAX_SAFE_INTEGER;
  }
  return false;
}

const NONE = Number.MAX_SAFE_INTEGER;

/** Offset of the first instruction of the stage matching `test` (NONE when none does). */
function firstMatch(stage: Stage, test: RegExp, envs: boolean): number {
  let at = NONE;
  for (const r of stage.runs) if (test.test(r.view.body)) { at = r.instruction.start; break; }
  if (envs) for (const e of stage.envs) if (e.instruction.start < at && test.test(e.value)) at = e.instruction.start;
  return at;
}

/** Where the stage first uses an `xx-*` helper (asked once per stage, kept in the model's memo). */
const firstXx = (stage: Stage): number => firstMatch(stage, /\bxx-[a-z]/, true);
/** Where the stage first sets GOARCH with `go env -w`. */
const firstGoEnv = (stage: Stage): number => firstMatch(stage, /\bgo\s+env\s+-w\b[^\n]*GOARCH/, false);

/** An `xx-*` helper (xx-go --wrap, xx-clang, xx-cargo …) earlier in the stage (this RUN included) or a stage it is built FROM. */
function usesXx(model: DockerfileModel, stage: Stage, before: number): boolean {
  for (let s: Stage | undefined = stage, limit = before; s; ) {
    const at = model.memo.get(firstXx, s);
    if (at !== NONE && at <= limit) return true;
    s = s.base.kind === 'stage' ? model.stages[s.base.stage] : undefined;
    limit = NONE;
  }
  return false;
}

/** xx's golang image: its `go` is a wrapper that sets GOOS/GOARCH/GOARM from TARGETPLATFORM (xx's README, "xx-go --wrap" made for you). */
const XX_GOLANG = /--from=["']?(?:docker\.io\/)?tonistiigi\/xx:golang\b/;

/** The stage (or one it is built FROM) copies xx's golang image in (`COPY --from=tonistiigi/xx:golang / /`) before `before`. */
function copiesXxGolang(model: DockerfileModel, stage: Stage, before: number): boolean {
  for (let s: Stage | undefined = stage; s; s = s.base.kind === 'stage' ? model.stages[s.base.stage] : undefined) {
    if (s.instructions.some((i) => i.keyword === 'COPY' && i.start < before && XX_GOLANG.test(model.text.slice(i.argsStart, i.end)))) return true;
  }
  return false;
}

/** Assignments of `name` earlier in the same RUN (bare `A=1`, `export A=…`) or as the command's prefix. */
function assignedBefore(commands: ShellCommand[], command: ShellCommand, name: string): boolean {
  const sets = (c: ShellCommand) => c.assignments.some((a) => a.name === name && !namesBuildMachine(a.value?.text));
  return sets(command) || commands.some((c) => c.start <= command.start && sets(c)
    && (!c.name || ['export', 'declare', 'typeset', 'readonly'].includes(c.name.text)));
}

/** True when the compile is set up for a platform other than the build machine's. */
export function configuredForTarget(model: DockerfileModel, compile: Compile): boolean {
  const { stage, ins, command } = compile;
  const name = baseName(command) ?? '';
  if (name.startsWith('xx-') || usesXx(model, stage, ins.start)) return true;
  const commands = compile.run.view.commands();
  const set = (v: string) => assignedBefore(commands, command, v) || stageEnv(model, stage, v, ins.start);
  switch (compile.toolchain) {
    case 'go': return set('GOARCH') || model.memo.get(firstGoEnv, stage) <= ins.start || copiesXxGolang(model, stage, ins.start); // NONE is never <= an offset
    case 'rust': return hasArg(command, '--target') || set('CARGO_BUILD_TARGET');
    case 'c': return hasArg(command, '--target', '-target') || /-(?:linux|none|elf|gnu|musl)/.test(name);
    case 'dotnet': return hasArg(command, '-r', '--runtime', '-a', '--arch', '--os');
    case 'zig': return command.args.some((a) => a.text.startsWith('-Dtarget'));
  }
}

/** The first stage of a `FROM <stage>` lineage. */
function lineageRoot(model: DockerfileModel, stage: Stage): number {
  let s = stage;
  while (s.base.kind === 'stage') s = model.stages[s.base.stage];
  return s.index;
}

/** Each lineage root's toolchains with a target-configured compile somewhere in its `FROM <stage>` lineage. */
function configuredByLineage(model: DockerfileModel): Map<number, Set<Toolchain>> {
  const byRoot = new Map<number, Set<Toolchain>>();
  for (const s of model.stages) {
    const root = lineageRoot(model, s);
    let set = byRoot.get(root);
    if (!set) byRoot.set(root, (set = new Set()));
    for (const rc of runCommands(s, COMPILE_PREFILTER)) {
      const compile = compileOf(rc);
      if (compile && configuredForTarget(model, compile)) set.add(compile.toolchain);
    }
  }
  return byRoot;
}

/** The toolchains with a target-configured compile somewhere in the stage's `FROM <stage>` lineage. */
function configuredInLineage(model: DockerfileModel, stage: Stage): Set<Toolchain> {
  return model.memo.get(configuredByLineage, model).get(lineageRoot(model, stage)) ?? new Set();
}

const TOOL_INSTALLS = new Set(['go install', 'cargo install']);

/**
 * Compiles of a stage with no target configuration. A `go install` / `cargo install` in a lineage
 * (`FROM <stage>` chain) whose compile of that toolchain is configured for the target is taken for
 * a build tool (protoc-gen-go, cargo-chef, …) meant for the build machine, and is not counted —
 * unless `shipped` says its binary is copied into the image after all. Nor is an install of a named
 * tool that `shipped` says no copy takes out (kind's local-path-provisioner image installs
 * go-licenses into /usr/local/bin and copies only the provisioner from there).
 */
export function unconfiguredCompiles(model: DockerfileModel, stage: Stage, shipped?: (install: Compile) => boolean): Compile[] {
  const found: Compile[] = [];
  for (const rc of runCommands(stage, COMPILE_PREFILTER)) {
    const compile = compileOf(rc);
    if (compile && !configuredForTarget(model, compile)) found.push(compile);
  }
  if (!found.some((c) => TOOL_INSTALLS.has(c.label))) return found;
  const configured = configuredInLineage(model, stage);
  const buildTool = (c: Compile) => configured.has(c.toolchain) || (shipped !== undefined && installedBinary(c) !== undefined);
  return found.filter((c) => !(TOOL_INSTALLS.has(c.label) && buildTool(c) && !shipped?.(c)));
}

/** The binary a `go install pkg/cmd/tool@v1` or `cargo install tool` writes (undefined when not named). */
export function installedBinary(install: Compile): string | undefined {
  const operands = install.command.args.filter((a) => !a.text.startsWith('-')).slice(1);
  const last = operands[operands.length - 1]?.text;
  if (!last || last.includes('$') || last.startsWith('.')) return undefined;
  if (install.toolchain === 'rust') return last.replace(/@.*$/, '');
  const parts = last.replace(/@.*$/, '').split('/').filter((p) => p !== '...');
  // `…/cmd/tool/v2`: Go names the binary after the element before a major-version suffix.
  const name = /^v\d+$/.test(parts[parts.length - 1] ?? '') ? parts[parts.length - 2] : parts[parts.length - 1];
  return name || undefined;
}
