/**
 * The shell commands of a Dockerfile's RUN instructions as the rules and the workspace image map
 * read them: parsed only where a cheap prefilter matches, `env A=1 cmd` read as `A=1 cmd`, and
 * whether a command's architecture is chosen by a `case` or an `if` around it.
 */
import type { ShellCommand } from '../shell/shell';
import type { DfInstruction, Stage } from './model';

export interface RunCommand { stage: Stage; ins: DfInstruction; command: ShellCommand; run: Stage['runs'][number] }

/**
 * Shell commands of the stage's RUNs whose body passes the cheap `prefilter` (the rest are never
 * parsed); with `skipInsideCase`, bodies whose every prefilter match sits in a `case … esac` are skipped too.
 */
export function* runCommands(stage: Stage, prefilter: RegExp, skipInsideCase = false): Generator<RunCommand> {
  for (const run of stage.runs) {
    if (!prefilter.test(run.view.body)) continue;
    if (skipInsideCase && allInsideCase(run.view.body, prefilter)) continue;
    for (const command of run.view.commands()) yield { stage, ins: run.instruction, command: unwrapEnv(command), run };
  }
}

/**
 * `env [-i] A=1 B=2 go build …` read as `A=1 B=2 go build …`: the command env runs, with env's
 * assignments as its own (same offsets, so fixes still land in place).
 */
export function unwrapEnv(command: ShellCommand): ShellCommand {
  if (baseName(command) !== 'env') return command;
  const assignments = [...command.assignments];
  let i = 0;
  for (; i < command.args.length; i++) {
    const a = command.args[i];
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(a.text);
    const eq = a.raw.indexOf('=');
    if (m && eq !== -1) {
      const raw = a.raw.slice(eq + 1);
      assignments.push({ name: m[1], start: a.start, end: a.end, value: { text: a.text.slice(m[0].length), raw, start: a.start + eq + 1, end: a.end, dynamic: a.dynamic } });
    } else if (!a.text.startsWith('-')) break;
  }
  if (i >= command.args.length) return command;
  return { ...command, name: command.args[i], args: command.args.slice(i + 1), assignments };
}

const ARCH_GUARD = /arch|ARCH|uname|dpkg|apk|TARGET|BUILD|platform|PLATFORM|xx-info|x86_64|amd64|aarch64|arm64/;

/** True when the command sits inside a `case`, or an `if` that tests the architecture: the arch is chosen there. */
export function archGuarded(command: ShellCommand): boolean {
  return command.guards.some((g) => g.kind === 'case' || ARCH_GUARD.test(g.subject));
}

/** Command name without a path: `/usr/local/go/bin/go` → `go`. */
export function baseName(command: ShellCommand): string | undefined {
  const n = command.name?.text;
  if (!n) return undefined;
  return n.slice(n.lastIndexOf('/') + 1);
}

/**
 * Cheap pre-check before shell-parsing a RUN: true when every match of `hit` in `body` lies inside
 * a `case … esac` (found lexically), where the rules exempt it anyway (a case chooses per
 * platform). Keeps big arch-mapping RUNs such as docker-library's from being parsed for nothing.
 */
export function allInsideCase(body: string, hit: RegExp): boolean {
  if (!body.includes('esac')) return false;
  const spans: Array<[number, number]> = [];
  const re = /\b(case|esac)\b/g;
  let depth = 0;
  let open = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (m[1] === 'case') { if (depth++ === 0) open = m.index; } else if (depth > 0 && --depth === 0) spans.push([open, m.index]);
  }
  const global = new RegExp(hit.source, hit.flags.includes('g') ? hit.flags : `${hit.flags}g`);
  let any = false;
  for (let m = global.exec(body); m; m = global.exec(body)) {
    any = true;
    const at = m.index;
    if (!spans.some(([a, b]) => a < at && at < b)) return false;
    if (m[0].length === 0) global.lastIndex++;
  }
  return any;
}
