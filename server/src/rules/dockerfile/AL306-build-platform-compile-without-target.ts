/**
 * AL306: a `$BUILDPLATFORM` stage compiles with no target configuration and its output reaches the
 * exported image: the binary is for the build machine's architecture.
 */
import { defineRule } from '../../core/rule';
import type { Fix, TextEdit } from '../../core/types';
import type { DockerfileModel, Stage } from '../../dockerfile/model';
import { namesBuildMachine, unconfiguredCompiles, type Compile } from './compile';
import { anchors, declareArgsEdit, rangeOf, reaches, stageLabel, type Ctx } from './util';

/** The stage's compiles that would build for the build machine (empty unless the stage runs on $BUILDPLATFORM). */
export function compilesWithoutTarget(ctx: Ctx, stage: Stage, asIfBuild = true): Compile[] {
  if (stage.windows) return [];
  if (!asIfBuild && stage.platform.kind !== 'build') return [];
  return unconfiguredCompiles(ctx.model, stage);
}

const ADVICE: Record<Compile['toolchain'], string> = {
  go: 'Set GOOS=$TARGETOS GOARCH=$TARGETARCH (with ARG TARGETOS TARGETARCH) or use xx-go.',
  rust: 'Pass --target for $TARGETARCH (a case mapping to the Rust triple) or use xx-cargo.',
  c: 'Use a cross compiler for $TARGETARCH (--target, or xx-clang).',
  dotnet: 'Pass -a/--arch (or -r) for $TARGETARCH.',
  zig: 'Pass -Dtarget for $TARGETARCH.',
};

const messages = {
  /** `compile`: the command as written, shortened; `advice`: how the toolchain is told the target. */
  compilesForBuildMachine: (d: { compile: string; stage: string; advice: string }) =>
    `\`${d.compile}\` compiles for the build machine, not the target platform. It runs in ${d.stage} on $BUILDPLATFORM with no target configuration, and the output reaches the exported image, so the other platforms get exec format error. ${d.advice}`,
};

export const AL306 = defineRule<DockerfileModel>()({
  meta: {
    code: 'AL306',
    name: 'build-platform-compile-without-target',
    kind: 'offline',
    defaultSeverity: 'error',
    fileKinds: ['dockerfile'],
    summary: 'A $BUILDPLATFORM stage compiles without target settings and its output reaches the exported image: the binary is for the build machine.',
    messages,
    fixable: true,
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      if (stage.platform.kind !== 'build' || !reaches(ctx, stage)) continue;
      for (const compile of compilesWithoutTarget(ctx, stage, false)) {
        const fixes: Fix[] = [];
        if (compile.toolchain === 'go' && !compile.run.view.exec) {
          // Prefix what the command does not set; point a `GOARCH=$BUILDARCH` it does set at the target.
          const edits: TextEdit[] = [];
          const prefix: string[] = [];
          const needed: string[] = [];
          for (const [name, arg] of [['GOOS', 'TARGETOS'], ['GOARCH', 'TARGETARCH']]) {
            const own = compile.command.assignments.find((a) => a.name === name);
            if (!own) prefix.push(`${name}=$${arg}`);
            else if (own.value && namesBuildMachine(own.value.text)) edits.push({ range: rangeOf(ctx, own.value.start, own.value.end), newText: `$${arg}` });
            else continue;
            needed.push(arg);
          }
          if (prefix.length) {
            const at = ctx.lines.positionAt(compile.start);
            edits.push({ range: { start: at, end: at }, newText: `${prefix.join(' ')} ` });
          }
          const declare = declareArgsEdit(ctx, stage, needed, compile.start);
          if (declare) edits.push(declare);
          fixes.push({ title: 'Compile for the target platform (GOOS=$TARGETOS GOARCH=$TARGETARCH)', preferred: true, edits });
        }
        ctx.report({
          range: rangeOf(ctx, compile.start, compile.end),
          messageId: 'compilesForBuildMachine',
          data: { compile: compile.label, stage: stageLabel(stage), advice: ADVICE[compile.toolchain] },
          suppressionAnchors: anchors(compile.ins),
          fixes,
        });
      }
    }
  },
});
